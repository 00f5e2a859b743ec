"""The Bot API edge: PTB request backends, the one button converter, and a fake Bot API."""
