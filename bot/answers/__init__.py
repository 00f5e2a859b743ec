"""Answers: /ask, /search and the query commands, from the sentence index (bot.storage.search)."""
