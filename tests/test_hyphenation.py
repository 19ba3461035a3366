"""pyphen's hyphenation patterns kept in the layout's cache (layout/hyphenation.py): read back
as pyphen parses them, never used damaged, and a unit laid out with them is the same."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyphen
import pytest

from publish.book.model import Book
from publish.layout import hyphenation
from publish.layout.cache import FORMAT, LayoutCache
from publish.layout.typeset import typeset_book
from publish.layout.workers import Layouts
from publish.settings import Settings
from publish.source.styles import Styles

WORDS = ("hyphenation", "extraordinarily", "revolutionary", "legszentségtelenítettebb",
         "Donaudampfschifffahrt", "internationalism")


@pytest.mark.parametrize("language", ["en-GB", "hu", "de"])  # Hungarian: nonstandard breaks
def test_kept_patterns_are_the_ones_pyphen_parses(language: str) -> None:
    path = hyphenation.dictionaries([language])[0]
    parsed = pyphen.HyphDict(path)
    restored = hyphenation.patterns_from(hyphenation.patterns_json(parsed))
    assert restored is not None
    assert restored.patterns == parsed.patterns and restored.maxlen == parsed.maxlen
    assert [[getattr(value, "data", None) for value in values]
            for _, values in restored.patterns.values()] == [
        [getattr(value, "data", None) for value in values]
        for _, values in parsed.patterns.values()]
    for word in WORDS:
        assert [(int(point), point.data) for point in restored.positions(word)] == [
            (int(point), point.data) for point in parsed.positions(word)]


@pytest.mark.parametrize("damaged", [
    b"", b"\xff\xfe", b"[1, 2]", b"{}", b'{"letters": "ab", "values": [], "which": [0]}',
    b'{"letters": "ab\\ncd", "values": [[0, [1]]], "which": [0]}',
    b'{"letters": "ab", "values": [[0, ["one"]]], "which": [0]}',
    b'{"letters": "ab", "values": [[0, [[1, "ff=f"]]]], "which": [0]}',
])
def test_damaged_patterns_are_never_used(damaged: bytes) -> None:
    assert hyphenation.patterns_from(damaged) is None


def test_a_book_laid_out_with_kept_patterns_is_the_same(
        chile: tuple[Book, Styles], settings: Settings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The first layout keeps the patterns it parsed; a second, in a process whose pyphen has
    parsed nothing and may parse nothing, lays every unit out again with the kept ones."""
    book, styles = chile
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(hyphenation, "settled", set())
    first = LayoutCache(tmp_path / "first")
    pdf = typeset_book(book, styles, settings, layouts=Layouts(), cache=first).pdf
    english = hyphenation.dictionaries([book.metadata.lang])[0]
    assert english in pyphen.hdcache  # the book hyphenates
    assert first.found(hyphenation.patterns_key(english)) is not None

    again = tmp_path / "again"  # what was kept besides the units' layouts
    again.mkdir()
    for entry in first.folder.iterdir():
        if not entry.read_bytes().startswith(FORMAT):
            shutil.copy(entry, again / entry.name)

    def no_parsing(self: Any, path: Path) -> None:
        raise AssertionError(f"pyphen parsed {path.name}")

    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(hyphenation, "settled", set())
    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parsing)
    assert typeset_book(book, styles, settings, layouts=Layouts(),
                        cache=LayoutCache(again)).pdf == pdf
    assert english in pyphen.hdcache
