"""Bytes to text for fetched documents: the right charset, repaired references, no entity bombs.

A document's encoding is taken from, in order, its byte order mark, the HTTP charset, its own
declaration (XML declaration or HTML meta) and the byte pattern of its first characters (XML
spec, appendix F: UTF-16/32 without a BOM, EBCDIC); the first that decodes the bytes cleanly
wins. When none does (Shift_JIS declared as UTF-8, say), charset-normalizer detects it.

Checks run on the decoded text, so an encoding cannot hide an entity declaration from them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from email.message import Message

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from bot.ingest.models import SourceError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The first bytes of "<?xml" (or "<") in encodings that are not ASCII-compatible.
_PATTERNS = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x00\x3c", "utf-16-be"),
    (b"\x3c\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC "<?xm"
)
_WIDE = ("utf-16", "utf-32")
_LATIN = frozenset({"iso8859-1", "cp1252", "ascii", "iso8859-15"})
_XML_DECLARATION = re.compile(
    r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""", re.I
)
_XML_DECLARATION_ANY = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_ELEMENT_START = re.compile(r"<[A-Za-z_:]")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.I)
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
_ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class EntityDeclared(SourceError):
    """The document declares XML entities (entity-expansion or external-entity attack)."""


@dataclass(frozen=True)
class Decoded:
    """A document's text and how it was decoded (`note` says when the declaration was wrong)."""

    text: str
    encoding: str
    note: str | None = None


def charset_of(content_type: str) -> str | None:
    """Return the charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip().lower() if isinstance(charset, str) and charset.strip() else None


def media_type(content_type: str) -> str:
    """Return the media type of a Content-Type header value, lowercased, without parameters."""
    return content_type.split(";", 1)[0].strip().lower()


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _sniff(body: bytes) -> tuple[str | None, str | None]:
    """Return (encoding from a BOM, encoding from the byte pattern of the first characters)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, None
    for pattern, name in _PATTERNS:
        if body.startswith(pattern):
            return None, name
    return None, None


def _declared(body: bytes, sniffed: str | None, *, xml: bool) -> str | None:
    """Return the encoding the document declares in its XML declaration or HTML meta tag."""
    head = body[:4096]
    try:
        prefix = head.decode(sniffed or "latin-1", errors="replace")
    except LookupError:
        return None
    match = _XML_DECLARATION.match(prefix)
    if match:
        return match[1]
    if not xml:
        found = _META_CHARSET.search(prefix.encode("latin-1", errors="replace"))
        if found:
            return found[1].decode("ascii", errors="replace")
    return None


def decode_document(body: bytes, content_type: str = "", *, xml: bool = True) -> Decoded:
    """Decode a fetched XML (or, with xml=False, HTML) document to text."""
    bom, pattern = _sniff(body)
    if bom:
        fallback = Decoded(body.decode(bom, errors="replace").removeprefix("\ufeff"), bom)
        return _strict(body, bom) or fallback
    http = _codec(charset_of(content_type))
    own = _codec(_declared(body, pattern, xml=xml))
    declared = http or own
    if declared in _LATIN and pattern is None and not body.isascii():
        # A server's default "ISO-8859-1" over a UTF-8 page is common; bytes that are valid
        # UTF-8 with non-ASCII in them are practically never Latin-1 text.
        as_utf8 = _strict(body, "utf-8")
        if as_utf8 is not None:
            return Decoded(as_utf8.text, "utf-8", f"declared {declared} but is utf-8")
    candidates = [http, own, pattern, "utf-8"]
    tried: list[str] = []
    for name in candidates:
        if name is None or name in tried:
            continue
        # A wide encoding declared for bytes that do not look wide is a wrong declaration:
        # decoding UTF-8 as UTF-16 "works" and yields nonsense.
        if name.startswith(_WIDE) and not (pattern or "").startswith(_WIDE):
            continue
        if pattern is not None and pattern.startswith(_WIDE) and not name.startswith(_WIDE):
            continue
        if name in _WIDE and pattern is not None:
            name = pattern  # the byte order the bytes show, not the decoder's default
        tried.append(name)
        decoded = _strict(body, name)
        if decoded is not None:
            note = None
            declared = http or own
            if declared and declared != name and len(tried) > 1:
                note = f"declared {declared} but is {name}"
            return Decoded(decoded.text, name, note)
    return _detect(body, declared=http or own)


def _strict(body: bytes, name: str) -> Decoded | None:
    try:
        text = body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text.removeprefix("\ufeff"), name)


_CJK = re.compile(
    "[\u1100-\u11ff\u3000-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
_CJK_CODECS = ("cp932", "shift_jis", "euc_jp", "gb18030", "gb2312", "gbk", "big5", "cp949",
               "euc_kr", "iso2022_jp")  # fmt: skip


def _cjk_share(text: str) -> float:
    """Return the share of CJK characters among a text's non-ASCII characters."""
    wide = [c for c in text if ord(c) > 127][:5000]
    return sum(bool(_CJK.match(c)) for c in wide) / len(wide) if wide else 0.0


def _detect(body: bytes, *, declared: str | None) -> Decoded:
    """Let charset-normalizer name the encoding (UTF-8 with replacements if it cannot).

    Its first guess leans on the language of the whole text, so an English feed with a few
    Japanese names reads as cp1252 ("‰w‚ªŠJ‹Æ"). A CJK candidate that turns every non-ASCII
    byte into CJK characters wins over it: Latin text almost never decodes that way.
    """
    from charset_normalizer import from_bytes

    sample = body[:200_000]
    matches = [m for m in from_bytes(sample) if m.encoding and m.chaos <= 0.2]
    cjk = [
        m for m in matches
        if m.encoding.lower().replace("-", "_") in _CJK_CODECS and _cjk_share(str(m)) >= 0.9
    ]  # fmt: skip
    best = cjk[0] if cjk else matches[0] if matches else None
    if best is not None:
        name = _codec(best.encoding) or "utf-8"
        text = body.decode(name, errors="replace").removeprefix("\ufeff")
        return Decoded(text, name, f"declared {declared or 'no charset'}; detected {name}")
    text = body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return Decoded(text, "utf-8", "undecodable bytes replaced")


def as_utf8_xml(text: str) -> bytes:
    """Encode an XML document's text as UTF-8, its declaration saying so."""
    match = _XML_DECLARATION_ANY.match(text)
    if match:
        text = '<?xml version="1.0" encoding="utf-8"?>' + text[match.end() :]
    return text.encode("utf-8", errors="replace")


# --- entity declarations ---------------------------------------------------------------------


class _PrologRead(Exception):
    """The first element started: the prolog (and any DTD) is behind us."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _PrologRead

    def end(self, tag: str) -> None:
        """Unused: parsing stops at the first start tag."""

    def data(self, data: str) -> None:
        """Unused."""

    def close(self) -> None:
        """Unused."""


def check_entities(text: str) -> None:
    """Refuse a document whose DTD declares entities; mentions in its content are fine.

    defusedxml reads the prolog (and stops at the first element); a prolog it cannot parse
    is refused if `<!ENTITY` appears anywhere before the first element.
    """
    parser = DefusedXMLParser(
        target=_StopAtRoot(), forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(text)
        parser.close()
    except _PrologRead:
        return
    except DefusedXmlException as exc:
        raise EntityDeclared(
            "feed declares XML entities (possible entity-expansion attack); refused"
        ) from exc
    except ParseError:
        first = _ELEMENT_START.search(text)
        prolog = text[: first.start()] if first else text
        if _ENTITY_DECLARATION.search(prolog):
            raise EntityDeclared(
                "feed declares XML entities (possible entity-expansion attack); refused"
            ) from None


# --- character references --------------------------------------------------------------------


def _allowed_in_xml(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def repair_references(text: str) -> tuple[str, int]:
    """Fix numeric character references XML forbids; return the text and how many were fixed.

    A UTF-16 surrogate pair written as two references becomes the character it encodes; a lone
    surrogate, a code point beyond U+10FFFF or a forbidden control becomes U+FFFD. Characters
    XML forbids outright (C0 controls, U+FFFE/U+FFFF) are removed.
    """
    fixed = 0

    def code_of(match: re.Match[str]) -> int:
        hex_digits, digits = match.groups()
        return int(hex_digits, 16) if hex_digits else int(digits)

    parts: list[str] = []
    position = 0
    matches = list(_REFERENCE.finditer(text)) if "&#" in text else []
    index = 0
    while index < len(matches):
        match = matches[index]
        code = code_of(match)
        if _allowed_in_xml(code):
            index += 1
            continue
        parts.append(text[position : match.start()])
        following = matches[index + 1] if index + 1 < len(matches) else None
        if (
            0xD800 <= code <= 0xDBFF
            and following is not None
            and following.start() == match.end()
            and 0xDC00 <= code_of(following) <= 0xDFFF
        ):
            combined = 0x10000 + ((code - 0xD800) << 10) + (code_of(following) - 0xDC00)
            parts.append(f"&#x{combined:X};")
            position = following.end()
            index += 2
        else:
            parts.append("&#xFFFD;")
            position = match.end()
            index += 1
        fixed += 1
    parts.append(text[position:])
    repaired = "".join(parts)
    repaired, removed = _ILLEGAL_XML_CHARS.subn("", repaired)
    return repaired, fixed + removed
