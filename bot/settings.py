"""Settings: the environment (secrets, URLs) and the TOML config (sources, schedule, queries).

Both are loaded once in a command's entry point and passed down; nothing reads them at import time.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

DEFAULT_CONFIG_NAME = Path("config") / "quicklooks.toml"
# The embedded default, shipped inside the package: the config and the sample articles it reads.
DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
SHIPPED_CONFIG = DEFAULTS_DIR / DEFAULT_CONFIG_NAME
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/quicklooks.db"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: object) -> timedelta:
    """Parse '90s', '15m', '24h', '7d' (or a number of seconds) into a timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 15m, 24h, 7d)")
    number, unit = match.groups()
    return timedelta(seconds=float(number) * _UNITS[(unit or "s").lower()])


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def _parse_id_list(value: object) -> object:
    if isinstance(value, str):
        parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise ValueError(f"admin ids must be integers separated by commas: {value!r}") from None
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Environment settings (prefix QUICKLOOKS_, `.env` supported)."""

    model_config = SettingsConfigDict(
        env_prefix="QUICKLOOKS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    database_url: str = DEFAULT_DATABASE_URL
    config: Path | None = None
    admin_ids: Annotated[list[int], NoDecode, BeforeValidator(_parse_id_list)] = Field(
        default_factory=list
    )
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    # Run as if the wall clock read this instant at start (tests, rehearsals); see bot/clock.py.
    clock_start: datetime | None = None

    @field_validator("clock_start")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a time zone, e.g. 2026-12-01T08:01:00Z")
        return value

    def config_path(self) -> Path:
        """Return the configuration file to read: QUICKLOOKS_CONFIG, ./config, the shipped one."""
        if self.config is not None:
            return self.config
        local = Path.cwd() / DEFAULT_CONFIG_NAME
        return local if local.exists() else SHIPPED_CONFIG


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Source(_Strict):
    """What every source has: a unique name, and a switch."""

    name: str = Field(min_length=1, max_length=100)
    enabled: bool = True


def _http_url(kind: str) -> Any:
    def check(value: object) -> object:
        if not isinstance(value, str) or not re.match(r"^https?://\S+$", value, re.IGNORECASE):
            raise ValueError(f"a {kind} source needs an http(s) 'url'")
        return value

    return BeforeValidator(check)


class FeedSource(_Source):
    """An RSS, Atom or JSON feed; teasers are completed from the linked pages."""

    kind: Literal["feed"]
    url: Annotated[str, _http_url("feed")]


class PageSource(_Source):
    """One web page whose main text is one article."""

    kind: Literal["page"]
    url: Annotated[str, _http_url("page")]


class FolderSource(_Source):
    """A local folder of .txt, .md and .html files, one article each (relative to the config)."""

    kind: Literal["folder"]
    path: Path


# One class per source kind, told apart by `kind`; bot.ingest.readers has one reader for each.
SourceConfig = Annotated[FeedSource | PageSource | FolderSource, Field(discriminator="kind")]


class IngestConfig(_Strict):
    """How sources are fetched and stories are formed."""

    interval: Duration = timedelta(minutes=15)
    timeout: Duration = timedelta(seconds=20)
    max_bytes: int = Field(default=5_000_000, gt=0)
    concurrency: int = Field(default=8, ge=1, le=256)
    max_items_per_feed: int = Field(default=500, ge=1)
    user_agent: str = "QuickLooks/0.1 (+https://github.com/quicklooks/quicklooks)"
    fetch_full_text: bool = True
    teaser_words: int = Field(default=120, ge=0)
    cluster_threshold: float = Field(default=0.5, gt=0, le=1)
    max_backoff: Duration = timedelta(hours=1)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_network(value: object) -> object:
    if isinstance(value, str):
        try:
            return ipaddress.ip_network(value.strip(), strict=True)
        except ValueError as exc:
            raise ValueError(f"not a CIDR network: {value!r} ({exc})") from None
    return value


def _parse_ports(value: object) -> object:
    """Read ports as numbers or "low-high" ranges: [80, 443, "8000-8999"]."""
    if not isinstance(value, list):
        return value
    ports: list[tuple[int, int]] = []
    for item in value:
        text = str(item).strip()
        match = re.fullmatch(r"(\d{1,5})(?:\s*-\s*(\d{1,5}))?", text)
        if isinstance(item, bool) or not match:
            raise ValueError(f'not a port or port range: {item!r} (use e.g. 443 or "8000-8999")')
        low, high = int(match[1]), int(match[2] or match[1])
        if not 1 <= low <= high <= 65535:
            raise ValueError(f"ports run from 1 to 65535 (got {item!r})")
        ports.append((low, high))
    return ports


class FetchConfig(_Strict):
    """The fetch policy every outbound request follows (feeds, pages, teasers, summarize URL).

    Addresses that are not globally routable (loopback, private, link-local, unique-local,
    multicast, reserved, unspecified) are refused unless they lie in `allow_networks`.
    """

    allow_networks: list[Annotated[Network, BeforeValidator(_parse_network)]] = Field(
        default_factory=list
    )
    ports: Annotated[list[tuple[int, int]], BeforeValidator(_parse_ports)] = Field(
        default_factory=lambda: [(80, 80), (443, 443), (8080, 8080), (8443, 8443)]
    )
    per_host: int = Field(default=2, ge=1, le=64)
    host_budget: Duration = timedelta(seconds=60)
    teaser_budget: Duration = timedelta(minutes=3)
    teaser_retries: int = Field(default=3, ge=0, le=20)

    def allows_port(self, port: int) -> bool:
        """Tell whether requests may go to `port`."""
        return any(low <= port <= high for low, high in self.ports)


class DigestConfig(_Strict):
    """What a digest holds."""

    since: Duration = timedelta(hours=24)
    max_stories: int = Field(default=8, ge=1, le=50)
    bullets: int = Field(default=5, ge=1, le=8)
    query_days: int = Field(default=30, ge=1, le=3650)  # how far back /ask and queries look
    # A daily digest is one message: the stories that fit, "+N more: /digest" and a More button
    # for the next page. True sends
    # every story instead, split into as many messages as it takes (each counts against the rate).
    split: bool = False


class FeedsConfig(_Strict):
    """Feeds chats add themselves with /add or an OPML file."""

    allow_user_feeds: Literal["everyone", "admins", "none"] = "everyone"
    max_per_chat: int = Field(default=50, ge=0, le=1000)
    max_total: int = Field(default=5000, ge=0, le=1_000_000)
    # A user feed is fetched at most this often (and never more often than ingest.interval).
    min_interval: Duration = timedelta(minutes=30)
    max_opml_bytes: int = Field(default=1_000_000, gt=0, le=20_000_000)

    @field_validator("min_interval")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("min_interval must be positive, e.g. '30m'")
        return value


class DeliveryConfig(_Strict):
    """Daily delivery schedule and Telegram rate limits."""

    default_time: str = "08:00"
    default_timezone: str = "UTC"
    tick: Duration = timedelta(seconds=30)
    grace: Duration = timedelta(hours=6)
    send_empty: bool = False
    global_rate: float = Field(default=30.0, gt=0)
    per_chat_rate: float = Field(default=1.0, gt=0)
    group_per_minute: float = Field(default=20.0, gt=0)
    # Pace at most global_rate sends per (1 + rate_margin) s: flood control counts arrivals, and a
    # send the machine holds back a few ms arrives bunched with the next ones.
    rate_margin: float = Field(default=0.05, ge=0, le=1)
    max_attempts: int = Field(default=5, ge=1)
    # A claimed delivery belongs to its worker while its lease runs; the worker renews it every
    # lease / 3 and starts a message only in the first half of it (docs/delivery.md).
    lease: Duration = timedelta(minutes=10)
    # On PostgreSQL, every process takes its send slots from one schedule per token (false: each
    # process paces alone at global_rate, as before; only for one sending process).
    shared_budget: bool = True
    # Delivery history older than this is pruned (in batches, after a tick's sending).
    keep_days: int = Field(default=30, ge=1)
    # New subscribers get default_time plus a stable per-chat offset in [0, this many minutes).
    default_time_jitter: int = Field(default=30, ge=0, le=720)

    @field_validator("lease")
    @classmethod
    def _check_lease(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=1):
            raise ValueError("must be at least 1s")
        return value

    @field_validator("default_time")
    @classmethod
    def _check_time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("must be HH:MM, 24-hour clock")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value


class QueryCommand(_Strict):
    """An on-demand question over recent stories, answered by facts that match its cues."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    description: str = Field(min_length=3, max_length=256)
    cues: list[str] = Field(min_length=1)
    # Phrases that rule a fact out even when it has a cue ("remote control").
    exclude: list[str] = Field(default_factory=list)


def default_queries() -> list[QueryCommand]:
    """The query commands a config gets when it has no [[queries]] (an empty list: none)."""
    return [
        QueryCommand(
            name="absent",
            description="Who is absent, not attending, declined or not invited",
            cues=[
                "absent",
                "absence",
                "not attend",
                "not attending",
                "will not attend",
                "did not attend",
                "declined",
                "decline",
                "not invited",
                "uninvited",
                "did not respond",
                "except",
                "boycott",
                "stay away",
                "skip",
                "pulled out",
                "withdrew",
                "ruled out",
                "no-show",
            ],
        ),
        QueryCommand(
            name="remote",
            description="Who joins remotely, virtually or by video",
            cues=[
                "remotely",
                "remote",
                "virtually",
                "virtual",
                "by video",
                "video link",
                "videoconference",
                "video conference",
                "online",
                "join remotely",
                "dial in",
                "via video",
                "teleconference",
            ],
            exclude=["remote control", "remote-controlled", "remote area", "remote village"],
        ),
    ]


class AppConfig(_Strict):
    """The whole TOML configuration file."""

    sources: list[SourceConfig] = Field(default_factory=list)
    ingest: IngestConfig = IngestConfig()
    fetch: FetchConfig = FetchConfig()
    digest: DigestConfig = DigestConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    feeds: FeedsConfig = FeedsConfig()
    queries: list[QueryCommand] = Field(default_factory=default_queries)
    base_dir: Path = Path(".")

    @model_validator(mode="after")
    def _unique_names(self) -> AppConfig:
        for what, names in (
            ("source", [s.name for s in self.sources]),
            ("query", [q.name for q in self.queries]),
        ):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"duplicate {what} names: {', '.join(dupes)}")
        return self

    def source_path(self, source: FolderSource) -> Path:
        """Resolve a folder source's path relative to the config file's directory."""
        return source.path if source.path.is_absolute() else self.base_dir / source.path

    def location_of(self, source: SourceConfig) -> str:
        """Return where a source lives: its URL, or its folder's resolved path."""
        return str(self.source_path(source)) if isinstance(source, FolderSource) else source.url


def _format_validation_error(path: Path, exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = list(first["loc"])
    if len(loc) >= 3 and loc[0] == "sources" and isinstance(loc[1], int):
        del loc[2]  # the source's kind, which pydantic names as a step of the path
    message = first["msg"]
    if first["type"] == "union_tag_invalid":  # an unknown source kind
        context = first.get("ctx", {})
        loc.append(str(context.get("discriminator", "kind")).strip("'"))
        message = f"must be one of {context.get('expected_tags')} (got {context.get('tag')!r})"
    location = ".".join(str(p) for p in loc) or "(top level)"
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{path}: {location}: {message}{more}"


def load_config(path: Path) -> AppConfig:
    """Read and validate a TOML config; any problem is a ConfigError naming file, key and reason."""
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (set QUICKLOOKS_CONFIG)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if "base_dir" in raw:
        raise ConfigError(f"{path}: base_dir: not a setting (paths are relative to the file)")
    try:
        return AppConfig.model_validate({**raw, "base_dir": path.resolve().parent})
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(path, exc)) from None


_TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{20,}")


def require_token(settings: Settings) -> str:
    """Return the bot token, or fail with one line saying what is wrong (before any network)."""
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise ConfigError(
            "QUICKLOOKS_TELEGRAM_TOKEN is not set: get a token from @BotFather and export it "
            "(or put it in .env); `quicklooks chat` tries the bot without one"
        )
    if not _TOKEN.fullmatch(token):
        raise ConfigError(
            "QUICKLOOKS_TELEGRAM_TOKEN does not look like a bot token (digits, a colon, then "
            "the secret, as @BotFather gives it)"
        )
    return token


def load_settings() -> Settings:
    """Read environment settings; invalid values are a ConfigError."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "QUICKLOOKS_" + "_".join(str(p) for p in first["loc"]).upper()
        raise ConfigError(f"{name}: {first['msg']}") from None
