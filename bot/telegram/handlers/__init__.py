"""Handlers, one module per feature; each stays thin and delegates to storage and rendering."""
