"""Check that the embedded sample articles are well-formed."""

from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
REFERENCE_ARTICLE = "000_bc3ff4030b77d8c2.txt"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))


def test_seed_folder_has_articles() -> None:
    assert len(SEED_FILES) >= 8
    assert (SEEDS_DIR / REFERENCE_ARTICLE).is_file()


def test_seed_prefixes_are_unique() -> None:
    prefixes = [path.name.split("_", 1)[0] for path in SEED_FILES]
    assert all(prefix.isdigit() and len(prefix) == 3 for prefix in prefixes)
    assert len(prefixes) == len(set(prefixes))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name)
def test_seed_is_utf8_article(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert "\x00" not in text
    title, _, body = text.partition("\n")
    assert title.strip(), "first line must be the headline"
    if path.name == REFERENCE_ARTICLE:
        assert body.strip()
        return
    assert title == title.strip() and not title.endswith(".")
    assert body.startswith("\n"), "headline must be followed by a blank line"
    paragraphs = [part for part in body.split("\n\n") if part.strip()]
    assert len(paragraphs) >= 5
    assert len(body.split()) >= 300
