"""Canonical URLs: one spelling per article, so the same link is recognised however it is tagged."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_URL_LENGTH = 2048
_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|ref_src|ref_url|cmpid|ocid|spm|__twitter_impression)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def without_tracking(url: str) -> str:
    """Return `url` with its tracking parameters (utm_*, fbclid, ...) removed, otherwise as is."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if not _TRACKING.match(key)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def canonical_url(url: str | None) -> str | None:
    """Return the URL without tracking parameters, host lowercased, query sorted.

    The fragment is kept: it tells the entries of a live blog (`live#entry-3`) apart.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(key)
    )
    result = urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), parts.fragment))
    return result if len(result) <= MAX_URL_LENGTH else None
