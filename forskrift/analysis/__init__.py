"""Tools that work on rulebooks and checkers: rule tests, coverage."""
