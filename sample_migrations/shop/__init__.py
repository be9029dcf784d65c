"""Shop & billing service."""
