"""The creators as the cover names them, joined as the book's language lists names:
"Ὅμηρος και Πλάτων", "A, B וC", "AและB", "A和B".

A language phrases.toml writes (or a book whose metadata sets its own "and") is joined by its
"and" phrase, as its title page is; any other by CLDR's list pattern for it (Babel), which
every language CLDR knows has, rather than by English's. A language CLDR lacks takes the
pattern of the one it stands in for (Ancient Greek, Modern Greek's: καί is the same word, and
the same in capitals), else English's.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError
from babel.lists import format_list

from publish.book.phrases import phrases_of, tables
from publish.source.metadata import Metadata

STAND_INS = {"grc": "el"}  # a language CLDR has no locale for, and the one whose words it uses


def cover_byline(metadata: Metadata, names: Sequence[str] | None = None) -> str:
    """The creators' names (or `names`, the same names written otherwise) joined."""
    names = [creator.name for creator in metadata.creators] if names is None else list(names)
    written = metadata.lang.split("-")[0].lower() in tables()
    if written or any(key == "and" for key, _ in metadata.phrases):
        return phrases_of(metadata).names(names)
    return format_list(names, locale=list_locale(metadata.lang)) if names else ""


def list_locale(lang: str) -> Locale:
    """CLDR's locale for the language's lists: its own, its language's, a stand-in's, English's."""
    language = lang.split("-")[0].lower()
    for tag in (lang, language, STAND_INS.get(language, "en")):
        try:
            return Locale.parse(tag.replace("-", "_"))
        except (ValueError, LookupError, UnknownLocaleError):
            continue
    return Locale.parse("en")
