"""The Telegram side of Quick Looks: application, handlers, rendering glue."""
