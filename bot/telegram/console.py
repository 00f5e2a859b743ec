"""The offline console behind `quicklooks chat`: typed lines go through the real handlers.

It starts the fake Bot API in-process on 127.0.0.1 with a throwaway token and runs the real
Application against it, so every reply is exactly what Telegram would have been sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr
from telegram import Update

from bot.botapi.fake import FakeBotApi, SentMessage
from bot.messages.render import plain_text
from bot.services import StoreServices
from bot.storage.stories import count_stories
from bot.telegram.app import build_application, ingest_once, start_bot
from bot.telegram.services import BotApp, BotServices

BANNER = (
    "Quick Looks offline console: type a command (/help lists them), [Button] presses a button."
)


def show(message: SentMessage) -> str:
    """Render a sent message as plain text, buttons as [Label]."""
    labels = " ".join(f"[{label}]" for label in message.button_texts())
    text = plain_text(message.text)
    if message.document is not None:
        sent = message.document
        text = f"(file {sent.file_name}, {len(sent.content)} bytes)" + (f"\n{text}" if text else "")
    return text + (f"\n{labels}" if labels else "")


def _find_button(fake: FakeBotApi, chat_id: int, label: str) -> tuple[SentMessage, dict[str, Any]]:
    for message in reversed(fake.messages(chat_id)):
        for row in message.buttons():
            for button in row:
                if button["text"].casefold() == label.casefold():
                    return message, button
    raise KeyError(label)


class Console:
    """Feeds lines to the Application as updates from one private chat and prints the replies."""

    def __init__(self, app: BotApp, fake: FakeBotApi, chat_id: int, out: TextIO) -> None:
        self.app, self.fake, self.chat_id, self.out = app, fake, chat_id, out
        self._ids = itertools.count(1)

    def _snapshot(self) -> dict[int, int]:
        return {m.message_id: len(m.history) for m in self.fake.messages(self.chat_id)}

    async def feed(self, line: str) -> None:
        """Process one typed line and print what the bot sent or edited."""
        text = line.strip()
        if not text:
            return
        before = self._snapshot()
        if text.startswith("[") and text.endswith("]"):
            update = self._press(text[1:-1].strip())
            if update is None:
                return
        elif text.split(maxsplit=1)[0] == "/upload":
            update = self._upload(text[len("/upload") :].strip())
            if update is None:
                return
        else:
            message = self.fake.make_message(self.chat_id, text, chat_type="private")
            update = {"message": message}
        update["update_id"] = next(self._ids)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        for sent in self.fake.messages(self.chat_id):
            if sent.message_id not in before:
                print(show(sent), end="\n\n", file=self.out)
            elif len(sent.history) > before[sent.message_id]:
                print(f"(edited)\n{show(sent)}", end="\n\n", file=self.out)

    def _upload(self, name: str) -> dict[str, Any] | None:
        """Send a local file as a document, as a user attaching it in Telegram would."""
        path = Path(name).expanduser()
        try:
            content = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"Cannot read {name or 'nothing'}: {reason}. Usage: /upload FILE",
                  end="\n\n", file=self.out)  # fmt: skip
            return None
        message = self.fake.make_document_message(
            self.chat_id, path.name, content, chat_type="private"
        )
        return {"message": message}

    def _press(self, label: str) -> dict[str, Any] | None:
        try:
            message, button = _find_button(self.fake, self.chat_id, label)
        except KeyError:
            print(f"No button [{label}] on the recent messages.", end="\n\n", file=self.out)
            return None
        if "url" in button:
            print(f"(opens {button['url']})", end="\n\n", file=self.out)
            return None
        data = str(button.get("callback_data", ""))
        query = self.fake.make_callback_query(self.chat_id, message.message_id, data)
        return {"callback_query": query}


PROMPT = "you> "


def _read_line(stdin: TextIO, out: TextIO) -> str:
    """Read one line, showing a prompt first when a person is typing at a terminal."""
    if stdin.isatty():
        print(PROMPT, end="", file=out, flush=True)
    return stdin.readline()


async def run_console(
    services: StoreServices,
    *,
    chat_id: int = 1,
    ingest: bool = True,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Run the console until end of input."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    async with FakeBotApi() as fake:
        offline = services.settings.model_copy(
            update={"telegram_token": SecretStr(fake.token), "telegram_base_url": fake.base_url}
        )
        bot_services = BotServices.from_store(
            services,
            ingest_on_start=False,
            schedule_jobs=False,
            extra_admins=frozenset({chat_id}),  # the person at the console operates it
        )
        app = build_application(dataclasses.replace(bot_services, settings=offline))
        async with app:
            await start_bot(app)
            if ingest and await count_stories(services.db) == 0:
                print("The store is empty: ingesting the configured sources...", file=sys.stderr)
                print(f"Ingested: {await ingest_once(app.services)}", file=sys.stderr)
            if stdin.isatty():
                print(BANNER, file=out)
            console = Console(app, fake, chat_id, out)
            while line := await asyncio.to_thread(_read_line, stdin, out):
                if not stdin.isatty() and line.strip():
                    print(f"> {line.strip()}", file=out)
                await console.feed(line)
    return 0
