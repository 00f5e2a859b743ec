"""Quick Looks application: ingestion, storage, scheduling, delivery and the Telegram bot."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quicklooks")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
