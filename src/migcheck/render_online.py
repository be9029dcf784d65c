"""Placeholder until the database fallback lands."""
