"""Benchmarks: one script per measurement, each RESULTS-*.md has the command that made it."""
