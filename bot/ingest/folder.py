"""Folder sources: local .txt, .md and .html files, one article each."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.models import RawArticle
from bot.ingest.pages import extract_page
from bot.ingest.text import html_to_text, one_line, tidy_text

SUFFIXES = {".txt", ".md", ".html", ".htm"}
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class FolderError(Exception):
    """The folder cannot be read."""


def read_folder(path: Path, *, max_bytes: int) -> list[RawArticle]:
    """Read every article file in a folder (README and hidden files are not articles)."""
    if not path.is_dir():
        raise FolderError(f"folder not found: {path}")
    articles = []
    for file in sorted(path.iterdir()):
        if file.suffix.lower() not in SUFFIXES or file.name.startswith("."):
            continue
        if file.stem.upper() == "README" or not file.is_file():
            continue
        if file.stat().st_size > max_bytes:
            continue
        article = read_article_file(file, root=path)
        if article is not None:
            articles.append(article)
    return articles


def read_article_file(file: Path, *, root: Path) -> RawArticle | None:
    """Read one file: the first line (or <title>) is the title, the rest is the text."""
    raw = file.read_bytes()
    content = raw.decode("utf-8", errors="replace")
    if file.suffix.lower() in (".html", ".htm"):
        title, text = _from_html(content)
    else:
        title, text = _from_plain(content)
    if not text.strip():
        return None
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return RawArticle(
        title=title,
        text=text,
        url=None,
        guid=f"{file.relative_to(root).as_posix()}#{digest}",
        published_at=datetime.fromtimestamp(file.stat().st_mtime, UTC),
    )


def _from_plain(content: str) -> tuple[str, str]:
    lines = content.strip().splitlines()
    if not lines:
        return "", ""
    title = lines[0].strip().lstrip("#").strip()
    return title, tidy_text("\n".join(lines[1:]))


def _from_html(content: str) -> tuple[str, str]:
    match = _TITLE_TAG.search(content)
    title = one_line(match.group(1)) if match else ""
    page = extract_page(content)
    text = page.text if page else html_to_text(content)
    if not title:
        title = page.title if page else " ".join(text.split()[:12])
    return title, text
