"""`quicklooks init [DIR]`: write a starter config, the sample articles and a .env template.

The starter is the shipped config with the default query commands written out to edit, and
the sample articles copied beside it, so `cd DIR && quicklooks digest` works at once, offline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

from bot.errors import UserError

ENV_TEMPLATE = """\
# Quick Looks environment, read from the working directory. Keep this file private (it holds
# the bot token) and out of version control.
QUICKLOOKS_TELEGRAM_TOKEN=
# QUICKLOOKS_DATABASE_URL=sqlite:///data/quicklooks.db
# QUICKLOOKS_DATABASE_URL=postgresql://quicklooks:secret@db-host:5432/quicklooks
# QUICKLOOKS_ADMIN_IDS=123456789
# QUICKLOOKS_WEBHOOK_SECRET=
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the target directory and --force."""
    parser.add_argument(
        "directory", nargs="?", default=".", help="where to write (default: this directory)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")


def run(args: argparse.Namespace, _services: None) -> int:
    """Write config/quicklooks.toml, seeds/ and .env under the directory; refuse to overwrite."""
    from bot.settings import DEFAULTS_DIR, load_config

    root = Path(args.directory)
    config = root / "config" / "quicklooks.toml"
    env = root / ".env"
    seeds = root / "seeds"
    samples = sorted((DEFAULTS_DIR / "seeds").glob("*.txt"))
    targets = [config, env, *(seeds / s.name for s in samples)]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not args.force:
        raise UserError(f"{existing[0]} exists; pass --force to overwrite")
    config.parent.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    config.write_text(starter_config(), encoding="utf-8")
    for sample in samples:
        shutil.copyfile(sample, seeds / sample.name)
    env.write_text(ENV_TEMPLATE, encoding="utf-8")
    os.chmod(env, 0o600)
    load_config(config)  # what we wrote must load
    print(f"Wrote {config}, {env} and {len(samples)} sample articles in {seeds}.")
    print(f"Next: cd {root} && quicklooks digest   (then add feeds to {config})")
    return 0


def starter_config() -> str:
    """Return the shipped config with the default query commands written out."""
    from bot.settings import SHIPPED_CONFIG, default_queries

    text = SHIPPED_CONFIG.read_text(encoding="utf-8")
    marker = "# [[queries]]\n"
    head = text[: text.index(marker)] if marker in text else text + "\n"
    blocks = []
    for query in default_queries():
        cues = "".join(f"    {_string(cue)},\n" for cue in query.cues)
        exclude = ", ".join(_string(cue) for cue in query.exclude)
        blocks.append(
            f"[[queries]]\nname = {_string(query.name)}\n"
            f"description = {_string(query.description)}\ncues = [\n{cues}]\n"
            f"exclude = [{exclude}]\n"
        )
    return head + "\n".join(blocks)


def _string(value: str) -> str:
    """Quote a string for TOML (a JSON string is a valid TOML basic string)."""
    return json.dumps(value, ensure_ascii=False)
