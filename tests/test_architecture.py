"""The tree's seams: layers import only downwards, every source kind has a reader, and the bot's
command table, its handlers and docs/bot.md agree."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from bot.ingest.readers import READERS
from bot.settings import AppConfig, SourceConfig
from bot.telegram.app import HANDLERS, register_handlers
from bot.telegram.commands import BUILTIN_COMMANDS, command_table
from tests.botkit import default_config
from tests.conftest import PROJECT_ROOT

# Bottom to top: a module may import from its own layer and those before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "summarizers",
        "bot",
        "bot.errors",
        "bot.clock",
        "bot.settings",
        "bot.logs",
        "bot.progress",
        "bot.terms",
    ),
    ("bot.storage",),
    ("bot.ingest",),
    ("bot.filters",),
    ("bot.digest", "bot.answers"),
    ("bot.messages",),
    ("bot.botapi",),
    ("bot.delivery",),
    ("bot.services",),
    ("bot.telegram",),
    ("bot.commands", "bot.cli"),
)


def layer_of(module: str) -> int | None:
    """Return the layer of a project module (the longest matching prefix), None if external."""
    best: tuple[int, int] | None = None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    return None if best is None else best[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (at top level, in functions, under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = (package or module_name(path)).split(".")
                base = ".".join(anchor[: len(anchor) - node.level + 1] + ([base] if base else []))
            found.append((node.lineno, base))
    return found


SOURCES = sorted((PROJECT_ROOT / "bot").rglob("*.py")) + sorted(
    (PROJECT_ROOT / "summarizers").rglob("*.py")
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_module_imports_from_a_layer_above_it(path: Path) -> None:
    own = layer_of(module_name(path))
    assert own is not None, f"{path} belongs to no layer: add it to LAYERS"
    upward = [
        f"line {line}: {target}"
        for line, target in imports_of(path)
        if (layer := layer_of(target)) is not None and layer > own
    ]
    assert upward == [], f"{module_name(path)} imports from above its layer: {upward}"


def test_the_summarizer_library_imports_nothing_of_the_application() -> None:
    for path in (PROJECT_ROOT / "summarizers").rglob("*.py"):
        assert not [t for _, t in imports_of(path) if t == "bot" or t.startswith("bot.")], path


def test_sql_lives_only_in_storage() -> None:
    outside = []
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        if module_name(path).startswith(("bot.storage", "bot.services")):
            continue
        for line, target in imports_of(path):
            if target.startswith("sqlalchemy") and target != "sqlalchemy.ext.asyncio":
                outside.append(f"{path.name}:{line} {target}")
    assert outside == []


def test_every_source_kind_has_exactly_one_reader() -> None:
    (union, *_) = typing.get_args(SourceConfig)
    kinds = {
        typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in typing.get_args(union)
    }
    assert set(READERS) == kinds


def test_every_command_has_a_handler_and_a_line_in_the_docs() -> None:
    config = default_config()
    table = {c.name for c in command_table(config)}
    queries = {q.name for q in config.queries}
    assert table == {c.name for c in BUILTIN_COMMANDS} | queries
    assert {c.name for c in BUILTIN_COMMANDS} == set(HANDLERS)
    docs = (PROJECT_ROOT / "docs" / "bot.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `/([a-z_]+)", docs, re.MULTILINE))
    assert {c.name for c in BUILTIN_COMMANDS} <= documented, "docs/bot.md lacks a command"
    assert documented <= table | {"absent", "remote"}, "docs/bot.md lists a command the bot lacks"


def test_a_command_without_a_handler_is_one_clear_error_at_start() -> None:
    from telegram.ext import ApplicationBuilder

    from bot.errors import ConfigError
    from bot.settings import QueryCommand

    config = AppConfig(queries=[QueryCommand(name="missing", description="x" * 5, cues=["x"])])
    app = ApplicationBuilder().token("1:" + "x" * 35).build()
    handlers = dict(HANDLERS)
    handlers.pop("stats")
    with pytest.raises(ConfigError, match="/stats is in the command table but has no handler"):
        register_handlers(app, config, handlers=handlers)  # type: ignore[arg-type]


def test_delivery_starts_without_loading_the_summarizer_engines() -> None:
    # Every `quicklooks send-digests` process (cron, a fleet on one PostgreSQL) pays its imports
    # in CPU before it sends; the engines and NLTK (~0.4 s) are for ingestion and answers.
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from alembic.script import ScriptDirectory\n"
        "from alembic.config import Config\n"
        "import bot.cli, bot.commands.send_digests, bot.delivery.service, bot.services\n"
        "from bot.storage.database import MIGRATIONS_DIR\n"
        "config = Config()\n"
        "config.set_main_option('script_location', str(MIGRATIONS_DIR))\n"
        "list(ScriptDirectory.from_config(config).walk_revisions())  # as an upgrade loads them\n"
        "print(sorted(m for m in ('nltk', 'numpy', 'sumy', 'summarizers.ranking') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
