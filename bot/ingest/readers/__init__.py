"""One reader per source kind, behind one registry keyed by kind.

A new kind of source is one module here (with `KIND` and `async def read(source, context)`)
plus its config class in bot.settings; ingestion and `quicklooks summarize` both read through
these readers.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import cast

from bot.ingest.readers.base import ReadContext, Reader, ReadResult
from bot.settings import SourceConfig

__all__ = ["READERS", "ReadContext", "ReadResult", "Reader", "read_source"]


def _discover() -> dict[str, Reader]:
    found: dict[str, Reader] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name == "base":
            continue
        module = cast(Reader, importlib.import_module(f"{__name__}.{info.name}"))
        found[module.KIND] = module
    return found


READERS: dict[str, Reader] = _discover()


async def read_source(source: SourceConfig, context: ReadContext) -> ReadResult:
    """Read a configured source with the reader for its kind."""
    return await READERS[source.kind].read(source, context)
