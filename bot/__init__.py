"""Quick Looks application: ingestion, storage, scheduling, delivery and the Telegram bot."""
