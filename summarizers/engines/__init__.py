"""Engines: each picks a story's bullets from a Document, called as `engine(document, count)`."""
