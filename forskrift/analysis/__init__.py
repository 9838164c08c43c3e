"""Analyses over rulebooks, checkers and cases: rule tests, coverage, the impact of a change of rules (diff)."""
