"""Messages as plain values: Telegram HTML rendering, buttons and callback data (no PTB)."""
