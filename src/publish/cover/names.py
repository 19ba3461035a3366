"""The creators as the cover names them, joined as the book's language lists names:
"Ὅμηρος και Πλάτων", "A, B וC", "A และB", "A、B": the title page's words (book/phrases.py:
phrases.toml's, else CLDR's list pattern for the language, else English's)."""

from __future__ import annotations

from collections.abc import Sequence

from publish.book.phrases import phrases_of
from publish.source.metadata import Metadata


def cover_byline(metadata: Metadata, names: Sequence[str] | None = None) -> str:
    """The creators' names (or `names`, the same names written otherwise) joined."""
    names = [creator.name for creator in metadata.creators] if names is None else list(names)
    return phrases_of(metadata).names(names)
