"""Renderers: a result (or several) as text for people, or JSON for machines."""
