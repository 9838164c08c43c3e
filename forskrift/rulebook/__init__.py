"""Rulebooks: the provisions of an instrument and the rules that encode them, loaded from YAML files."""
