"""Wijkatlas Processing provider and algorithms."""
