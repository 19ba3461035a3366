"""Names made from text: slugs for ids and file names, and names kept unique among others."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Ids a reading edition gives elements of every document, which no id of the book may take:
# the wrappers Kobo's engine paginates by, round each body, and its style hook (the kepub:
# editions/epub/kobo.py). A chapter called "Book Columns" is given book-columns-2.
KOBO_WRAPPERS = ("book-columns", "book-inner")  # outermost first
KOBO_STYLE_ID = "kobostylehacks"
RESERVED_IDS = frozenset({*KOBO_WRAPPERS, KOBO_STYLE_ID})


def slugify(text: str) -> str:
    """An id from heading text: ascii letters, digits and hyphens, starting with a letter.
    An apostrophe, straight or curly, joins its word ("Alice's" and "Alice’s": alices); any
    other script is transliterated (anyascii): "Два рассказа" is dva-rasskaza."""
    text = text.replace("'", "").replace("\u2019", "")
    ascii_text = anyascii(unicodedata.normalize("NFKC", text))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "s-" + slug if slug else "section"
    if len(slug) > 48:  # long headings make unwieldy ids and file names: cut at a word
        slug = slug[:48].rsplit("-", 1)[0]
    return slug


def unique(wanted: str, taken: set[str], ending: str = "") -> str:
    """wanted + ending, or the first of wanted-2 + ending, wanted-3 + ending, ... not yet
    taken, which is then added to `taken`; the ending is a file name's suffix, say."""
    candidate, number = wanted + ending, 2
    while candidate in taken:
        candidate = f"{wanted}-{number}{ending}"
        number += 1
    taken.add(candidate)
    return candidate


def pandoc_id(text: str) -> str:
    """The id pandoc gives a heading of this (plain) text, by its manual's recipe
    (auto_identifiers): only letters, digits, _, - and . kept, a run of spaces one hyphen,
    lower case, nothing before the first letter; "section" if nothing is left. Letters of
    every script stay as they are: "La organización" is la-organización."""
    kept = "".join(char for char in text if char.isalnum() or char in "_-." or char.isspace())
    slug = "-".join(kept.lower().split())
    letter = next((index for index, char in enumerate(slug) if char.isalpha()), len(slug))
    return slug[letter:] or "section"


def ascii_pandoc_id(text: str) -> str:
    """pandoc's id with its ascii_identifiers extension: accents taken off, other letters
    dropped (Python-Markdown's own ids, which earlier builds gave sub-headings, are these)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return pandoc_id(folded)


def github_id(text: str) -> str:
    """The id GitHub (and pandoc's gfm_auto_identifiers) gives a heading: lower case, every
    space a hyphen, punctuation but - and _ dropped, digits kept at the start."""
    kept = "".join(char for char in text.strip().lower()
                   if char.isalnum() or char in "-_ " or unicodedata.category(char) in
                   {"Mn", "Mc", "Me", "Pc"})
    return kept.replace(" ", "-")


def numbered(wanted: str, counts: dict[str, int]) -> str:
    """pandoc's way with a repeated id: the second is wanted-1, the third wanted-2."""
    seen = counts.get(wanted, 0)
    counts[wanted] = seen + 1
    return f"{wanted}-{seen}" if seen else wanted
