"""Write a new Alembic migration from the difference between the models and the latest migration.

Usage: python scripts/make_migration.py "what changed"
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

# This checkout's models and migrations, not those of another installed copy.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.storage.database import MIGRATIONS_DIR, _alembic_config


def main() -> int:
    """Upgrade a scratch SQLite database to head, then autogenerate the next revision."""
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    versions = sorted((MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    rev_id = f"{len(versions) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        with engine.begin() as connection:
            config = _alembic_config(connection)
            command.upgrade(config, "head")
            command.revision(config, message=sys.argv[1], autogenerate=True, rev_id=rev_id)
    # Generated code follows the project style so lint stays clean.
    subprocess.run(["ruff", "check", "--fix", "--quiet", str(MIGRATIONS_DIR)], check=False)
    subprocess.run(["ruff", "format", "--quiet", str(MIGRATIONS_DIR)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
