"""The embedded default: the shipped config and the sample articles it reads."""
