"""Scaffolding: expand-contract plans and the revision files that carry them out."""
