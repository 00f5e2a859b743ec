"""Errors that end a command with one clear line for the user."""


class UserError(Exception):
    """A problem the user can fix; the CLI prints its message and exits 2."""


class ConfigError(UserError):
    """The configuration file or environment is invalid."""
