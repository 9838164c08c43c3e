"""Analyses over rulebooks and cases: the impact of a change of rules (diff)."""
