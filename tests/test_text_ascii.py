"""The ASCII text edition: pure ASCII (iconv says so), 72 columns, the UTF-8 edition's words.

The words are compared with the UTF-8 edition transliterated by anyascii directly, so a word
the ASCII path lost or garbled fails here whatever the edition's own mapping does.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest
from anyascii import anyascii

from publish.book.model import Book
from publish.editions import DEFAULT_EDITIONS, EDITIONS
from publish.editions.text import ascii as text_ascii
from publish.editions.text import utf8 as text
from publish.settings import Settings
from publish.source.styles import Styles

MAX_COLUMNS = 72
UNBREAKABLE = re.compile(r"^ *(?:\[\d+\] |- |\d+\. )?\S+$")  # a URL alone may run over
WORD = re.compile(r"[A-Za-z0-9]+")
BOOKS = ["chile", "sampler"]


@pytest.fixture(params=BOOKS)
def editions(request: pytest.FixtureRequest, settings: Settings) -> tuple[str, bytes]:
    """The UTF-8 text edition as text and the ASCII edition as bytes, of one book."""
    book, styles = request.getfixturevalue(request.param)
    return (text.render(book, styles, settings, None).decode("utf-8"),
            text_ascii.render(book, styles, settings, None))


def test_iconv_accepts_it_as_ascii(editions: tuple[str, bytes]) -> None:
    _, ascii_bytes = editions
    result = subprocess.run(["iconv", "-f", "utf-8", "-t", "ascii"], input=ascii_bytes,
                            capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == ascii_bytes


def test_lines_fit_72_columns_and_end_cleanly(editions: tuple[str, bytes]) -> None:
    ascii_text = editions[1].decode("ascii")
    assert ascii_text.endswith("\n") and not ascii_text.endswith("\n\n")
    assert "\r" not in ascii_text and "\t" not in ascii_text
    long = [line for line in ascii_text.split("\n")
            if len(line) > MAX_COLUMNS and not UNBREAKABLE.match(line)]
    assert not long
    assert not [line for line in ascii_text.split("\n") if line != line.rstrip()]


def body(value: str) -> str:
    """From the contents to the colophon: what both editions say alike."""
    return value[value.index("\nCONTENTS\n"):value.rindex("\nCOLOPHON\n")]


def test_same_words_as_the_utf8_edition_transliterated(editions: tuple[str, bytes]) -> None:
    utf8, ascii_bytes = editions
    expected = WORD.findall(anyascii(body(utf8)))
    found = WORD.findall(body(ascii_bytes.decode("ascii")))
    assert len(found) > 200
    assert found == expected


def test_header_says_it_is_a_transliteration(editions: tuple[str, bytes]) -> None:
    utf8, ascii_bytes = editions
    header = ascii_bytes.decode("ascii").split("\nCONTENTS\n")[0]
    assert "Edition: Plain-text edition, ASCII transliteration" in header
    assert "Encoding: US-ASCII" in header
    title = utf8.split("\n", 1)[0]
    assert header.split("\n", 1)[0] == anyascii(title)


def test_typography_is_mapped_as_pg_writes_it() -> None:
    assert text_ascii.to_ascii(
        "\u2018a\u2019 \u201cb\u201d c\u00a0\u2013 d e\u2014f g\u2026 12\u00a0pt\u2003x "
        "Cha\u00f1aral \u00a9 \u00ab\u00bb 1909\u20131984", "en") == (
        "'a' \"b\" c -- d e--f g... 12 pt x Chanaral (C) \"\" 1909-1984")


def test_wraps_after_mapping_so_widened_characters_still_fit(
        chile: tuple[Book, Styles], settings: Settings) -> None:
    """A line of em dashes and ellipses grows by a third when mapped: it must be re-measured."""
    book, styles = chile
    dense = " ".join(["word\u2014word\u2026"] * 60)
    first = dataclasses.replace(book.chapters[0], body=f"<p>{dense}</p>", notes=())
    ascii_text = text_ascii.render(dataclasses.replace(book, chapters=(first,)), styles,
                                   settings, None).decode("ascii")
    assert "word--word..." in ascii_text
    assert max(len(line) for line in ascii_text.split("\n")) <= MAX_COLUMNS


def test_is_an_extra_edition_not_built_by_default() -> None:
    assert EDITIONS["txt-ascii"].suffix == "-ascii.txt"
    assert "txt-ascii" not in DEFAULT_EDITIONS
    assert set(DEFAULT_EDITIONS) >= {"epub", "pdf", "txt"}
