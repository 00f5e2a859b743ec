"""The command table: one source for the bot's menu (setMyCommands) and /help."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand

from bot.errors import ConfigError
from bot.messages.render import escape
from bot.settings import AppConfig


@dataclass(frozen=True)
class CommandInfo:
    """A bot command: its name, a one-line description and who may use it."""

    name: str
    description: str
    usage: str = ""
    admin: bool = False


BUILTIN_COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", "Subscribe this chat to the daily digest"),
    CommandInfo("stop", "Unsubscribe (your settings are kept)"),
    CommandInfo("digest", "Today's digest now"),
    CommandInfo("latest", "The newest story's Quick Looks"),
    CommandInfo("time", "Set when the daily digest arrives", usage="HH:MM"),
    CommandInfo("timezone", "Set your time zone", usage="Area/City or +02:00"),
    CommandInfo("settings", "Delivery time, bullets per story and sources"),
    CommandInfo("sources", "Mute or unmute news sources"),
    CommandInfo("add", "Add a feed or site to this chat's digest", usage="URL"),
    CommandInfo("feeds", "This chat's feeds and the bot's sources"),
    CommandInfo("remove", "Remove one of this chat's feeds"),
    CommandInfo("export", "This chat's feeds as an OPML file"),
    CommandInfo("filter", "Keyword filters: +word, -word, clear, preview", usage="+word"),
    CommandInfo("ask", "Ask about the news: up to three facts that answer", usage="question"),
    CommandInfo("search", "Find stored stories by their words, newest first", usage="words"),
    CommandInfo("help", "Every command, one line each"),
    CommandInfo("stats", "Subscribers, stories and source health", admin=True),
)


def command_table(config: AppConfig) -> list[CommandInfo]:
    """Return every command: the built-in ones, then the query commands from the config."""
    table = list(BUILTIN_COMMANDS)
    taken = {c.name for c in table}
    for query in config.queries:
        if query.name in taken:
            raise ConfigError(
                f"queries: /{query.name} is a built-in command; give the query another name"
            )
        table.insert(-2, CommandInfo(query.name, query.description))
    return table


def menu(config: AppConfig) -> list[BotCommand]:
    """Return the public commands for setMyCommands."""
    return [BotCommand(c.name, c.description) for c in command_table(config) if not c.admin]


def help_text(config: AppConfig, *, admin: bool) -> str:
    """Render /help: each command with its one line, admin commands only for admins."""
    lines = ["<b>Quick Looks</b>: short daily news briefings.", ""]
    for command in command_table(config):
        if command.admin and not admin:
            continue
        usage = f" {escape(command.usage)}" if command.usage else ""
        lines.append(f"/{command.name}{usage} — {escape(command.description)}")
    return "\n".join(lines)
