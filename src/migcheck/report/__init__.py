"""Report writers: one module per format. Each takes a result and returns text (or prints it)."""
