"""A fake Telegram Bot API server over real HTTP, strict like Telegram (faults: tests.faultyapi).

Tests, benchmarks and the offline console (`quicklooks chat`) run the real python-telegram-bot
stack against it. It is built on tornado (already a dependency of PTB's webhook extra) so the
console needs no test-only packages.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import itertools
import json
import re
import secrets
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Self
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.netutil
import tornado.web

MAX_MESSAGE_UNITS = 4096
BOT_ID = 7_000_000_001
BOT_USERNAME = "quicklooks_test_bot"
# Methods that deliver something to a chat: faults apply to these unless told otherwise.
SEND_METHODS = frozenset(
    {"sendmessage", "senddocument", "editmessagetext", "editmessagereplymarkup"}
)
_OBJECT_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "link_preview_options",
        "allowed_updates",
        "entities",
        "reply_parameters",
    }
)


def utf16_units(text: str) -> int:
    """Count UTF-16 code units, as Telegram measures message length."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


# --- Telegram HTML ---------------------------------------------------------------------------

_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_ENTITY = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|(lt|gt|amp|quot);)")
_AMPERSAND_LIKE = re.compile(r"&[#a-zA-Z]")


class _StrictTelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.visible: list[str] = []

    def error_at(self, message: str) -> ApiError:
        return ApiError(400, f"Bad Request: can't parse entities: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise self.error_at(f'Unsupported start tag "{tag}"')
        attributes = dict(attrs)
        if tag == "a":
            href = attributes.get("href") or ""
            scheme = urlsplit(href).scheme.lower()
            if scheme not in ("http", "https", "tg", "mailto") or len(href) <= len(scheme) + 1:
                raise self.error_at(f'Wrong URL "{href}" in <a> tag')
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self.error_at('Tag "span" must have class "tg-spoiler"')
        if tag == "tg-emoji" and not (attributes.get("emoji-id") or "").isdigit():
            raise self.error_at('Tag "tg-emoji" must have attribute "emoji-id"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise self.error_at(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            expected = self.stack[-1] if self.stack else "nothing"
            raise self.error_at(f'Unmatched end tag "{tag}", expected "{expected}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:
            raise self.error_at("Unexpected '<' character; use &lt;")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        self.visible.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.visible.append(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise self.error_at("Comments are not supported")

    def handle_decl(self, decl: str) -> None:
        raise self.error_at("Declarations are not supported")

    def handle_pi(self, data: str) -> None:
        raise self.error_at("Processing instructions are not supported")

    def unknown_decl(self, data: str) -> None:
        raise self.error_at("Unknown declaration")


def parse_telegram_html(text: str) -> str:
    """Validate `text` as Telegram HTML like the Bot API does; return its visible text."""
    for match in _AMPERSAND_LIKE.finditer(text):
        entity = _ENTITY.match(text, match.start())
        if entity is None:
            snippet = text[match.start() : match.start() + 12]
            raise ApiError(
                400, f'Bad Request: can\'t parse entities: Unsupported entity "{snippet}"'
            )
    parser = _StrictTelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        raise parser.error_at(f"Unclosed start tag at the end: {parser.rawdata[:20]!r}")
    if parser.stack:
        raise parser.error_at(
            f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"'
        )
    return "".join(parser.visible)


def visible_text(text: str, parse_mode: str | None) -> str:
    """Return what a reader sees: the text after Telegram parses its markup."""
    if parse_mode is None or parse_mode == "":
        return text
    if parse_mode.upper() != "HTML":
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r} in the fake")
    shown, error = _checked_html(text)
    if error is not None:
        raise ApiError(400, error)
    return shown


@functools.lru_cache(maxsize=256)
def _checked_html(text: str) -> tuple[str, str | None]:
    """Validate once per distinct text: a broadcast sends the same digest to every chat."""
    try:
        return parse_telegram_html(text), None
    except ApiError as error:
        return "", error.description


# --- Inline keyboards ------------------------------------------------------------------------


def button_url_accepted(url: str) -> bool:
    """Tell whether Telegram takes `url` for a URL button (else: 400 BUTTON_URL_INVALID).

    Telegram wants an http(s) (or tg://) URL whose host is a dotted name or address (not
    "localhost" or a bare word) and whose port, if any, is a valid one.
    """
    if not url or len(url) > 2048 or re.search(r"[\s\x00-\x1f\x7f]", url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "tg":
        return bool(parts.netloc)
    if scheme not in ("http", "https") or port == 0:
        return False
    host = (parts.hostname or "").strip(".")
    return "." in host and all(label for label in host.split("."))


def _check_keyboard(markup: Any) -> None:
    """Refuse a reply markup with buttons Telegram would refuse: bad URLs, callback data that
    is empty or over 64 bytes."""
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard") or []:
        for button in row if isinstance(row, list) else []:
            url = button.get("url") if isinstance(button, dict) else None
            if url is not None and not button_url_accepted(str(url)):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
            data = button.get("callback_data") if isinstance(button, dict) else None
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


# --- Records ---------------------------------------------------------------------------------


@dataclass
class ApiCall:
    """One request the bot made: method, decoded parameters and the status answered."""

    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = 0.0


@dataclass(frozen=True)
class UploadedFile:
    """A file sent through the fake: by the bot (sendDocument) or by a user (send_document)."""

    file_name: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass
class SentMessage:
    """A message the bot sent to a chat; edits update it in place and are kept in `history`."""

    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    visible: str
    date: int
    history: list[str] = field(default_factory=list)
    reply_to: int | None = None  # the message this one answers (reply_parameters)
    document: UploadedFile | None = None  # sendDocument: the file the bot sent

    def buttons(self) -> list[list[dict[str, Any]]]:
        """Return the inline keyboard rows (empty when there is none)."""
        if not self.reply_markup:
            return []
        rows: list[list[dict[str, Any]]] = self.reply_markup.get("inline_keyboard", [])
        return rows

    def button_texts(self) -> list[str]:
        """Return every inline button's label, row by row."""
        return [button["text"] for row in self.buttons() for button in row]

    def callback_data(self, label: str) -> str:
        """Return the callback data of the button labelled `label`."""
        for row in self.buttons():
            for button in row:
                if button["text"] == label and "callback_data" in button:
                    return str(button["callback_data"])
        raise KeyError(f"no callback button {label!r} in {self.button_texts()}")


# --- Server ----------------------------------------------------------------------------------


def _decode_params(request: tornado.httputil.HTTPServerRequest) -> dict[str, Any]:
    content_type = request.headers.get("Content-Type", "")
    if "application/json" in content_type:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON body must be an object")
        return body
    params: dict[str, Any] = {}
    arguments = dict(request.body_arguments)
    for name, values in request.query_arguments.items():
        arguments.setdefault(name, values)
    for name, values in arguments.items():
        raw = values[-1].decode("utf-8")
        params[name] = json.loads(raw) if name in _OBJECT_PARAMS and raw[:1] in "[{" else raw
    for name, files in request.files.items():  # multipart uploads (sendDocument)
        upload = files[-1]
        params[name] = UploadedFile(upload.filename, bytes(upload.body), upload.content_type)
    return params


class _FileHandler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake

    async def get(self, token: str, path: str) -> None:
        upload = self.fake.files.get(path.rsplit("/", 1)[-1]) if token == self.fake.token else None
        if upload is None:
            self.set_status(404)
            self.finish("Not Found")
            return
        self.set_header("Content-Type", upload.mime_type)
        self.finish(upload.content)


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake

    def check_xsrf_cookie(self) -> None:
        """Bot API requests carry no cookies."""

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        if token != self.fake.token:
            self._answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            params = _decode_params(self.request)
        except (json.JSONDecodeError, UnicodeDecodeError):
            self._answer(400, {"ok": False, "error_code": 400, "description": "Bad Request"})
            return
        outcome = await self.fake.handle(method, params)
        if outcome is None:
            stream = self.request.connection.detach()  # type: ignore[union-attr]
            stream.close()
            return
        self._answer(*outcome)

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload))


class FakeBotApi:
    """A Telegram Bot API stand-in: start(), push updates, read what the bot sent."""

    def __init__(self, *, token: str | None = None, host: str = "127.0.0.1", port: int = 0):
        self.token = token or f"{BOT_ID}:{secrets.token_urlsafe(24)}"
        self.host = host
        self.port = port
        self.calls: list[ApiCall] = []
        self.chats: dict[int, list[SentMessage]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook_url = ""
        self.admins: dict[int, set[int]] = {}
        self.files: dict[str, UploadedFile] = {}  # by file_id: what users sent, for getFile
        self._updates: list[dict[str, Any]] = []
        self._chat_info: dict[int, dict[str, Any]] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._waiting = 0  # tasks waiting on _changed: with none, a call notifies nobody
        self._server: tornado.httpserver.HTTPServer | None = None

    # -- lifecycle --

    async def start(self) -> Self:
        """Listen on host:port (port 0 picks a free one)."""
        sockets = tornado.netutil.bind_sockets(self.port, self.host, family=socket.AF_INET)
        self.port = sockets[0].getsockname()[1]
        # No access log: request paths contain the token.
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z]+)", _MethodHandler, {"fake": self}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"fake": self}),
            ],
            log_function=lambda handler: None,
        )
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)
        return self

    async def stop(self) -> None:
        """Stop listening and wake every pending long poll."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            async with self._changed:
                self._changed.notify_all()
            await server.close_all_connections()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The value for ApplicationBuilder().base_url() / QUICKLOOKS_TELEGRAM_BASE_URL."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Where getFile's files are downloaded (Telegram's /file/bot<token>/<path>)."""
        return f"http://{self.host}:{self.port}/file/bot"

    # -- pushing updates --

    def set_admins(self, chat_id: int, user_ids: Iterable[int]) -> None:
        """Make these users the group's administrators (getChatMember says 'member' otherwise)."""
        self.admins[chat_id] = set(user_ids)

    def register_chat(
        self,
        chat_id: int,
        *,
        chat_type: str = "private",
        title: str | None = None,
    ) -> dict[str, Any]:
        """Remember a chat's type and title (used in messages the fake returns)."""
        info: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            info["first_name"] = title or f"User{chat_id}"
        else:
            info["title"] = title or f"Chat {chat_id}"
        self._chat_info[chat_id] = info
        return info

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id not in self._chat_info:
            kind = "private" if chat_id > 0 else "supergroup"
            return self.register_chat(chat_id, chat_type=kind)
        return self._chat_info[chat_id]

    @staticmethod
    def _user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (its update_id is assigned); return the update_id."""
        update_id = next(self._update_ids)
        self._updates.append({**update, "update_id": update_id})
        self._notify()
        return update_id

    def make_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        title: str | None = None,
    ) -> dict[str, Any]:
        """Build an incoming message object, with a bot_command entity when it starts with '/'."""
        chat = (
            self.register_chat(chat_id, chat_type=chat_type, title=title)
            if chat_type
            else self._chat(chat_id)
        )
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "text": text,
        }
        if chat["type"] != "channel":
            message["from"] = self._user(user_id if user_id is not None else abs(chat_id))
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_units(command)}
            ]
        return message

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        title: str | None = None,
    ) -> int:
        """A user writes `text` in a chat; return the update_id."""
        message = self.make_message(
            chat_id, text, user_id=user_id, chat_type=chat_type, title=title
        )
        return self.push_update({"message": message})

    def send_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        mime_type: str = "application/octet-stream",
    ) -> int:
        """A user sends a file to the chat (the bot fetches it with getFile); return update_id."""
        message = self.make_document_message(
            chat_id, file_name, content, user_id=user_id, chat_type=chat_type, mime_type=mime_type
        )
        return self.push_update({"message": message})

    def make_document_message(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        mime_type: str = "application/octet-stream",
    ) -> dict[str, Any]:
        """Store a file for getFile and build the incoming message that carries it."""
        file_id = f"doc{len(self.files) + 1}_{secrets.token_hex(4)}"
        self.files[file_id] = UploadedFile(file_name, content, mime_type)
        message = self.make_message(chat_id, "", user_id=user_id, chat_type=chat_type)
        del message["text"]
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return message

    def post_in_channel(self, chat_id: int, text: str, *, title: str | None = None) -> int:
        """An admin posts `text` in a channel where the bot is an administrator."""
        message = self.make_message(chat_id, text, chat_type="channel", title=title)
        return self.push_update({"channel_post": message})

    def change_membership(
        self,
        chat_id: int,
        status: str,
        *,
        chat_type: str = "channel",
        user_id: int = 1,
        old_status: str = "left",
    ) -> int:
        """The bot's own membership changed (added as admin, removed, blocked)."""
        chat = self.register_chat(
            chat_id, chat_type=chat_type, title=self._chat_info.get(chat_id, {}).get("title")
        )
        bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Quick Looks",
            "username": BOT_USERNAME,
        }

        def member(state: str) -> dict[str, Any]:
            extra: dict[str, Any] = (
                {
                    "can_be_edited": False,
                    "can_manage_chat": True,
                    "can_post_messages": True,
                    "can_change_info": True,
                    "can_delete_messages": True,
                    "can_invite_users": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_manage_video_chats": True,
                    "is_anonymous": False,
                    "can_post_stories": True,
                    "can_edit_stories": True,
                    "can_delete_stories": True,
                }
                if state == "administrator"
                else {}
            )
            if state == "kicked":
                extra = {"until_date": 0}
            return {"status": state, "user": bot_user, **extra}

        return self.push_update(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": self._user(user_id),
                    "date": int(time.time()),
                    "old_chat_member": member(old_status),
                    "new_chat_member": member(status),
                }
            }
        )

    def make_callback_query(
        self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """Build the callback_query object of pressing a button under a sent message."""
        sent = self.message(chat_id, message_id)
        message = {
            "message_id": message_id,
            "date": sent.date,
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            "text": sent.visible,
        }
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return {
            "id": str(next(self._update_ids) * 1000),
            "chat_instance": str(chat_id),
            "from": self._user(user_id if user_id is not None else abs(chat_id)),
            "message": message,
            "data": data,
        }

    def press_button(
        self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None
    ) -> int:
        """A user presses an inline button with callback `data` under a sent message."""
        query = self.make_callback_query(chat_id, message_id, data, user_id=user_id)
        return self.push_update({"callback_query": query})

    # -- reading records --

    def messages(self, chat_id: int) -> list[SentMessage]:
        """Return every message the bot sent to `chat_id`, oldest first (edits applied)."""
        return list(self.chats.get(chat_id, []))

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        """Return one sent message."""
        for sent in self.chats.get(chat_id, []):
            if sent.message_id == message_id:
                return sent
        raise KeyError(f"no message {message_id} in chat {chat_id}")

    def calls_to(self, method: str) -> list[ApiCall]:
        """Return the calls made to `method` (case-insensitive)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot (getUpdates offset)."""
        return len(self._updates)

    async def wait_for(self, predicate: Callable[[], bool], *, within: float = 10.0) -> None:
        """Wait until `predicate()` holds, re-checked after every API call; fail after `within`."""
        async with asyncio.timeout(within):
            await self._wait_changed(predicate)

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, *, within: float = 10.0
    ) -> list[SentMessage]:
        """Wait until `chat_id` has at least `count` messages; return them all."""
        await self.wait_for(lambda: len(self.chats.get(chat_id, [])) >= count, within=within)
        return self.messages(chat_id)

    async def wait_until_consumed(self, *, within: float = 10.0) -> None:
        """Wait until the bot has fetched and confirmed every pushed update."""
        await self.wait_for(lambda: not self._updates, within=within)

    async def _wait_changed(self, predicate: Callable[[], bool]) -> None:
        self._waiting += 1
        try:
            async with self._changed:
                await self._changed.wait_for(predicate)
        finally:
            self._waiting -= 1

    def _notify(self) -> None:
        # Skipping the task when nobody waits keeps broadcast benchmarks cheap; a waiter that
        # arrives later checks its predicate before it sleeps, so it misses no change.
        if not self._waiting:
            return

        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().create_task(notify())

    # -- the API --

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Quick Looks",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def handle(
        self, method: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]] | None:
        """Answer one API call: (status, payload), or None to drop the connection."""
        call = ApiCall(method, params, at=time.monotonic())
        self.calls.append(call)
        try:
            if await self.intercept(method, params) == "drop":
                call.status = 0
                self._notify()
                return None
            result = await self._dispatch(method.lower(), params)
        except ApiError as error:
            call.status = error.code
            payload: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.parameters:
                payload["parameters"] = error.parameters
            self._notify()
            return error.code, payload
        self._notify()
        return 200, {"ok": True, "result": result}

    async def intercept(self, method: str, params: dict[str, Any]) -> str | None:
        """Hook before every call: raise ApiError to answer with it, return "drop" to hang up.

        The fake itself answers everything; tests.faultyapi overrides this to inject faults.
        """
        return None

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return await handler(params)

    async def _api_getchatmember(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        user_id = _int_or_none(params.get("user_id")) or 0
        status = "administrator" if user_id in self.admins.get(chat_id, set()) else "member"
        member: dict[str, Any] = {"status": status, "user": self._user(user_id)}
        if status == "administrator":
            member.update(
                can_be_edited=False, is_anonymous=False, can_manage_chat=True,
                can_delete_messages=True, can_manage_video_chats=True,
                can_restrict_members=True, can_promote_members=False, can_change_info=True,
                can_invite_users=True, can_post_stories=False, can_edit_stories=False,
                can_delete_stories=False,
            )  # fmt: skip
        return member

    async def _api_getme(self, params: dict[str, Any]) -> Any:
        return self._bot_user()

    async def _api_getupdates(self, params: dict[str, Any]) -> Any:
        offset = _int_or_none(params.get("offset"))
        if offset is not None:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._notify()
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if not self._updates and timeout > 0:
            try:
                async with asyncio.timeout(timeout):
                    await self._wait_changed(lambda: bool(self._updates) or not self._server)
            except TimeoutError:
                pass
        return self._updates[:limit]

    def _check_text(self, params: dict[str, Any]) -> tuple[str, str | None, str]:
        text = str(params.get("text", ""))
        parse_mode = params.get("parse_mode") or None
        shown = visible_text(text, parse_mode)
        if not shown.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_units(shown) > MAX_MESSAGE_UNITS:
            raise ApiError(400, "Bad Request: message is too long")
        return text, parse_mode, shown

    def _target_chat(self, params: dict[str, Any]) -> int:
        chat_id = _int_or_none(params.get("chat_id"))
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat_id is empty")
        return chat_id

    def _message_payload(self, sent: SentMessage) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": sent.date,
            "chat": self._chat(sent.chat_id),
            "from": self._bot_user(),
            "text": sent.visible,
        }
        if sent.history:
            payload["edit_date"] = int(time.time())
        if sent.reply_markup:
            payload["reply_markup"] = sent.reply_markup
        return payload

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        text, parse_mode, shown = self._check_text(params)
        _check_keyboard(params.get("reply_markup"))
        sent = SentMessage(
            chat_id,
            next(self._message_ids),
            text,
            parse_mode,
            params.get("reply_markup"),
            shown,
            int(time.time()),
            reply_to=_reply_to(params),
        )
        self.chats.setdefault(chat_id, []).append(sent)
        return self._message_payload(sent)

    async def _api_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        upload = params.get("document")
        if not isinstance(upload, UploadedFile):
            raise ApiError(400, "Bad Request: there is no document in the request")
        caption = str(params.get("caption") or "")
        parse_mode = params.get("parse_mode") or None
        shown = visible_text(caption, parse_mode) if caption else ""
        _check_keyboard(params.get("reply_markup"))
        sent = SentMessage(
            chat_id, next(self._message_ids), caption, parse_mode, params.get("reply_markup"),
            shown, int(time.time()), reply_to=_reply_to(params), document=upload,
        )  # fmt: skip
        self.chats.setdefault(chat_id, []).append(sent)
        payload = self._message_payload(sent)
        del payload["text"]
        payload["document"] = {
            "file_id": f"sent{sent.message_id}", "file_unique_id": f"sent{sent.message_id}",
            "file_name": upload.file_name, "file_size": len(upload.content),
        }  # fmt: skip
        if caption:
            payload["caption"] = shown
        return payload

    async def _api_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id", ""))
        upload = self.files.get(file_id)
        if upload is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id, "file_unique_id": file_id, "file_size": len(upload.content),
            "file_path": f"documents/{file_id}",
        }  # fmt: skip

    async def _api_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        message_id = _int_or_none(params.get("message_id"))
        try:
            sent = self.message(chat_id, message_id or 0)
        except KeyError:
            raise ApiError(400, "Bad Request: message to edit not found") from None
        text, parse_mode, shown = self._check_text(params)
        markup = params.get("reply_markup")
        _check_keyboard(markup)
        if text == sent.text and markup == sent.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        sent.history.append(sent.text)
        sent.text, sent.parse_mode, sent.visible, sent.reply_markup = (
            text,
            parse_mode,
            shown,
            markup,
        )
        return self._message_payload(sent)

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        try:
            sent = self.message(chat_id, _int_or_none(params.get("message_id")) or 0)
        except KeyError:
            raise ApiError(400, "Bad Request: message to edit not found") from None
        markup = params.get("reply_markup")
        _check_keyboard(markup)
        if markup == sent.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        sent.history.append(sent.text)
        sent.reply_markup = markup
        return self._message_payload(sent)

    async def _api_deletemessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        message_id = _int_or_none(params.get("message_id"))
        kept = [m for m in self.chats.get(chat_id, []) if m.message_id != message_id]
        if len(kept) == len(self.chats.get(chat_id, [])):
            raise ApiError(400, "Bad Request: message to delete not found")
        self.chats[chat_id] = kept
        return True

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True

    async def _api_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands") or []
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
        self.commands = list(commands)
        return True

    async def _api_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    async def _api_deletemycommands(self, params: dict[str, Any]) -> Any:
        self.commands = []
        return True

    async def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = ""
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        self.webhook_url = url
        return True

    async def _api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_logout(self, params: dict[str, Any]) -> Any:
        return True


def _reply_to(params: dict[str, Any]) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        return _int_or_none(reply.get("message_id"))
    return _int_or_none(params.get("reply_to_message_id"))


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
