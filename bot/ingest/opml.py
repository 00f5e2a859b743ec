"""OPML: read the feed list a reader exports (nested outlines flattened), write one back.

Parsing goes through defusedxml: a file that declares entities or a DTD is refused rather than
expanded (billion laughs, external entities).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, tostring

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException

MAX_OUTLINES = 1000
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


class OpmlError(ValueError):
    """The file is not OPML this bot can read; the message says why in one line."""


@dataclass(frozen=True)
class Outline:
    """One feed entry of an OPML file: its address (may be malformed) and title."""

    url: str
    title: str


@dataclass(frozen=True)
class OpmlFile:
    """The feeds an OPML file lists, and the outlines it had that name no feed."""

    feeds: list[Outline]
    without_url: int
    duplicates: int = 0


def read_opml(data: bytes) -> OpmlFile:
    """Return the feed outlines of an OPML document, nested ones flattened, duplicates dropped."""
    try:
        root = SafeXML.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ValueError) as exc:
        message = f"refused: the file declares a DTD or entities ({type(exc).__name__})"
        raise OpmlError(message) from None
    except SafeXML.ParseError as exc:
        raise OpmlError(f"malformed XML: {exc}") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not OPML: the document is <{_local(root.tag)[:30]}>, not <opml>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not OPML: it has no <body>")
    feeds: dict[str, Outline] = {}
    without_url = duplicates = 0
    for outline in body.iter():
        if _local(outline.tag) != "outline":
            continue
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            # A folder (it has children) is not a missing feed; an empty leaf is.
            without_url += not len(outline)
            continue
        title = " ".join((outline.get("title") or outline.get("text") or "").split())
        if url in feeds:
            duplicates += 1
            continue
        feeds[url] = Outline(url, title)
        if len(feeds) > MAX_OUTLINES:
            raise OpmlError(f"too many feeds: more than {MAX_OUTLINES}")
    return OpmlFile(list(feeds.values()), without_url, duplicates)


def _local(tag: object) -> str:
    name = str(tag)
    return name.rsplit("}", 1)[-1].lower()


def write_opml(title: str, feeds: list[Outline], *, created: datetime) -> bytes:
    """Return an OPML 2.0 document listing `feeds` (RSS type, with titles)."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(created, usegmt=True)
    body = SubElement(root, "body")
    for feed in feeds:
        SubElement(
            body, "outline", type="rss", text=feed.title or feed.url, title=feed.title or feed.url,
            xmlUrl=feed.url,
        )  # fmt: skip
    return (XML_DECLARATION + tostring(root, encoding="unicode")).encode("utf-8")
