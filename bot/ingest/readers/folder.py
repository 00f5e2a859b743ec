"""Folder sources: local .txt, .md and .html files, one article each.

A file that is not an article (empty, binary, not text, too big) is reported and skipped; it
never costs the folder its other articles. README files and hidden files are not articles.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.models import RawArticle, SourceError
from bot.ingest.pages import extract_page
from bot.ingest.readers.base import ReadContext, ReadResult
from bot.ingest.text import html_to_text, one_line, tidy_text
from bot.settings import FolderSource

KIND = "folder"
SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_WORDS = 20


class FolderError(SourceError):
    """The folder cannot be read at all."""


async def read(source: FolderSource, context: ReadContext) -> ReadResult:
    """Read every article file of the folder (relative paths start at the config's folder)."""
    path = source.path if source.path.is_absolute() else context.base_dir / source.path
    return await context.off_loop(read_folder, path, max_bytes=context.limits.max_bytes)


def read_folder(path: Path, *, max_bytes: int) -> ReadResult:
    """Read every article file in a folder, sorted by name; bad files become warnings."""
    if not path.is_dir():
        raise FolderError(f"folder not found: {path}")
    articles: list[RawArticle] = []
    warnings: list[str] = []
    for file in sorted(path.iterdir()):
        if not is_article_file(file):
            continue
        try:
            articles.append(read_file(file, root=path, max_bytes=max_bytes))
        except SourceError as problem:
            warnings.append(f"skipped {file.name}: {problem}")
    return ReadResult(articles, warnings=tuple(warnings))


def is_article_file(file: Path) -> bool:
    """Tell whether a folder entry counts as an article (not README, hidden or other files)."""
    return (
        file.suffix.lower() in SUFFIXES
        and not file.name.startswith(".")
        and file.stem.upper() != "README"
        and file.is_file()
    )


def read_file(file: Path, *, root: Path | None = None, max_bytes: int) -> RawArticle:
    """Read one article file; raise SourceError when it is not one."""
    try:
        if file.stat().st_size > max_bytes:
            raise SourceError(f"larger than the {max_bytes:,}-byte limit")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise SourceError("file not found") from None
    except OSError as exc:
        raise SourceError(f"cannot read it: {exc.strerror or exc}") from None
    html = file.suffix.lower() in (".html", ".htm")
    article = from_bytes(raw, html=html)
    name = file.relative_to(root).as_posix() if root is not None else file.name
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return article.model_copy(
        update={
            "guid": f"{name}#{digest}",
            "published_at": datetime.fromtimestamp(file.stat().st_mtime, UTC),
        }
    )


def from_bytes(raw: bytes, *, html: bool) -> RawArticle:
    """Turn a file's (or standard input's) bytes into an article; raise SourceError if not one."""
    if b"\x00" in raw[:8192]:
        raise SourceError("a binary file, not an article")
    content = decode(raw)
    if not content.strip():
        raise SourceError("empty")
    title, text = _from_html(content) if html else _from_plain(content)
    if not text.strip():
        raise SourceError("no readable text")
    return RawArticle(title=title, text=text)


def decode(raw: bytes) -> str:
    """Decode text: UTF-8, else the encoding charset-normalizer finds; SourceError if neither."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes as detect

    best = detect(raw).best()
    if best is None:
        raise SourceError("not text in any encoding that could be recognised")
    return str(best)


def _from_plain(content: str) -> tuple[str, str]:
    """Use the first line as the title when it looks like one (short, no final stop)."""
    first, _, rest = content.strip().partition("\n")
    first = first.strip().lstrip("#").strip()
    looks_like_title = 0 < len(first.split()) <= _TITLE_WORDS and not first.endswith(
        (".", "!", "?", ",", ";", ":")
    )
    if rest.strip() and looks_like_title:
        return first, tidy_text(rest)
    text = tidy_text(content)
    return " ".join(text.split()[:12]), text


def _from_html(content: str) -> tuple[str, str]:
    match = _TITLE_TAG.search(content)
    title = one_line(match.group(1)) if match else ""
    page = extract_page(content)
    text = page.text if page else html_to_text(content)
    if not title:
        title = page.title if page else " ".join(text.split()[:12])
    return title, text
