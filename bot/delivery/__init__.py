"""Daily delivery: when each chat is due, the delivery ledger, rate limits and sending."""
