"""Read articles for the summarize command: files, folders, stdin and URLs, with limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.errors import UserError

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 15.0
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.I | re.S)


@dataclass(frozen=True)
class Article:
    """Article text with its optional title and where it came from."""

    source: str
    text: str
    title: str | None = None


def html_to_text(html: str) -> str:
    """Extract the main text of an HTML page (trafilatura, else stripped tags)."""
    import html as html_lib

    import trafilatura

    extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
    if extracted and extracted.strip():
        return extracted
    return html_lib.unescape(_TAG.sub(" ", html))


def _html_title(html: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    title = " ".join(match.group(1).split()) if match else ""
    return title or None


def _title_and_body(text: str) -> tuple[str | None, str]:
    """Use the first line as the title if it looks like one (short, no final period)."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip().lstrip("#").strip()
    if rest.strip() and 0 < len(first.split()) <= 20 and not first.endswith((".", "!", "?")):
        return first, rest
    return None, text


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:8192]:
        raise UserError(f"{source} looks like a binary file, not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{source} is not UTF-8 text") from None
    if not text.strip():
        raise UserError(f"{source} is empty")
    return text


def article_from_text(text: str, *, source: str, is_html: bool = False) -> Article:
    """Build an Article from raw text or HTML."""
    if is_html:
        body = html_to_text(text)
        if not body.strip():
            raise UserError(f"{source} has no readable text")
        return Article(source=source, text=body, title=_html_title(text))
    title, body = _title_and_body(text)
    return Article(source=source, text=body, title=title)


def read_file(path: Path) -> Article:
    """Read one .txt, .md or .html article file."""
    if not path.is_file():
        raise UserError(f"file not found: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise UserError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    text = _decode(path.read_bytes(), str(path))
    return article_from_text(
        text, source=str(path), is_html=path.suffix.lower() in (".html", ".htm")
    )


def read_folder(folder: Path) -> list[Article]:
    """Read every article file in a folder, sorted by name."""
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    if not paths:
        raise UserError(f"no .txt, .md or .html files in {folder}")
    return [read_file(p) for p in paths]


def fetch_url(url: str, *, client: httpx.Client | None = None) -> Article:
    """Fetch a web page (size and time limits, redirects followed) and extract its article."""
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True)
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise UserError(f"{url} answered HTTP {response.status_code}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise UserError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
    except httpx.HTTPError as exc:
        raise UserError(f"cannot fetch {url}: {exc.__class__.__name__}") from None
    finally:
        if own:
            http.close()
    text = _decode(b"".join(chunks), url)
    is_html = "html" in content_type or text.lstrip()[:1] == "<"
    return article_from_text(text, source=url, is_html=is_html)


def read_articles(target: str, *, stdin_text: str | None = None) -> list[Article]:
    """Read the article(s) named by a path, a folder, a URL or '-' (stdin)."""
    if target == "-":
        if stdin_text is None or not stdin_text.strip():
            raise UserError("no text on standard input")
        return [article_from_text(stdin_text, source="<stdin>", is_html=stdin_text[:1] == "<")]
    if re.match(r"^https?://", target, re.I):
        return [fetch_url(target)]
    path = Path(target)
    if path.is_dir():
        return read_folder(path)
    return [read_file(path)]
