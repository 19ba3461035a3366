"""The words the build adds to a book (Contents, Notes, "Translated by", the name of a
division that has no heading...), in the book's language.

phrases.toml holds them for each language, chosen by the book's `lang` (its script's table
over its language's, as zh-Hant over zh), English where a language is not there; a book's
metadata may set its own (`phrases:`, and pandoc's `toc-title`). Dates are written as the
language writes them, and counts take the plural form it gives them, by Babel (CLDR).

A phrase may have variants, chosen by what fills it: `republished-year` for a date of a year
alone ("Reeditado en 2025", not "el 2025"), `a11y-undescribed-one` for a count CLDR calls
"one". A language that writes a phrase without its variants has none: it does not inherit
English's.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

from publish.book.house_style import house_style
from publish.book.model import Chapter
from publish.book.typography import set_punctuation_spacing
from publish.errors import PublishError
from publish.source.metadata import Metadata

FALLBACK = "en"
# A language CLDR has no locale for, and the one whose way of listing names it takes:
# Ancient Greek's "and" is Modern Greek's καί (its dates stay English's, as its phrases).
LIST_STAND_INS = {"grc": "el"}
# A date of the metadata is a year, a month or a day, by how many parts it has (YYYY-MM-DD).
PRECISIONS = ("year", "month", "day")
# The suffixes of a phrase's variants: for a date, its precision below a day; for a count, a
# plural category of CLDR's ("other" is the phrase itself).
DATE_VARIANTS = ("year", "month")
COUNT_VARIANTS = ("zero", "one", "two", "few", "many")
# What a value may end a sentence with, and the full stops a phrase would then put after it
# a second time ("…1953.." is "…1953.").
SENTENCE_ENDS = (".", "…", "?", "!", "。", "？", "！", "؟")
FULL_STOPS = (".", "。")


@dataclass(frozen=True)
class Phrases:
    lang: str  # the book's BCP 47 tag
    table: tuple[tuple[str, str], ...]  # key -> template, English filled in where missing
    roles: tuple[tuple[str, str], ...]  # role -> its name
    # How the language joins a word of a phrase to the date after it ("il 8" is "l’8").
    contractions: tuple[tuple[str, str], ...] = ()

    def say(self, key: str, /, **values: str) -> str:
        """The phrase, its {placeholders} filled in; the space before its punctuation the
        language's, as the text's is (French: "Source : ", a thin space)."""
        template = set_punctuation_spacing(dict(self.table)[key], house_style(self.lang))
        return self.fill(template, values)

    def after_words(self, key: str, /, **values: str) -> str:
        """The phrase as it follows the words it speaks of: after a space, but for one that
        opens with a full-width mark (Chinese and Japanese "（见“…”）"), whose width is its
        space."""
        said = self.say(key, **values)
        return said if said[:1] and unicodedata.east_asian_width(said[0]) in "FW" else " " + said

    def dated(self, key: str, w3cdtf: str, /, **values: str) -> str:
        """The phrase for a date of the metadata, its variant for the date's precision if the
        language has one ("Republished in 2025.", "Republished on 3 March 2025.")."""
        precision = PRECISIONS[w3cdtf.count("-")]
        return self.say(self.variant(key, precision), date=self.date(w3cdtf), **values)

    def counted(self, key: str, count: int, /, **values: str) -> str:
        """The phrase for a number of things, its variant for the number's plural category
        (CLDR's) if the language has one ("1 of its 2 images has", "3 of its 5 have")."""
        return self.say(self.variant(key, locale_of(self.lang).plural_form(count)), **values)

    def variant(self, key: str, name: str) -> str:
        """The phrase's variant of that name if the language writes one, else the phrase."""
        return f"{key}-{name}" if f"{key}-{name}" in dict(self.table) else key

    def fill(self, template: str, values: dict[str, str]) -> str:
        """A template filled in; a full stop after a value that already ends its sentence is
        left out, and a date takes the contractions of the word before it."""
        text = ""
        ended = False  # the value just filled in ends a sentence
        for literal, field, _, _ in string.Formatter().parse(template):
            if ended and literal.startswith(FULL_STOPS):
                literal = literal[1:]
            text += literal
            if field is None:
                continue
            value = values[field]
            text = self.contracted(text, value) if field == "date" else text + value
            ended = value.endswith(SENTENCE_ENDS)
        return text

    def contracted(self, before: str, date: str) -> str:
        """The text and the date after it, with a contraction where the two meet."""
        joined = before + date
        for written, contraction in self.contractions:
            for found in re.finditer(re.escape(written) + r"(?!\d)", joined):
                if found.start() < len(before) < found.end():
                    return joined[:found.start()] + contraction + joined[found.end():]
        return joined

    def role(self, role: str) -> str:
        """What a division with this role is called (a dedication: "Dedication")."""
        return dict(self.roles).get(role, role.replace("-", " ").capitalize())

    def title_of(self, chapter: Chapter) -> str:
        """What a division is called where a name is needed: its title, else its role's."""
        return chapter.title.text if chapter.title is not None else self.role(chapter.role)

    def names(self, names: list[str]) -> str:
        """Names as a sentence lists them: "A and B", "A, B and C"."""
        if len(names) <= 1:
            return "".join(names)
        key = "and-two" if len(names) == 2 and "and-two" in dict(self.table) else "and"
        return self.say(key, rest=self.say("comma").join(names[:-1]), last=names[-1])

    def date(self, w3cdtf: str) -> str:
        """A date of the metadata (YYYY, YYYY-MM or YYYY-MM-DD) as the language writes it."""
        parts = [int(part) for part in w3cdtf.split("-")]
        day = dt.date(*[*parts, 1, 1][:3])
        locale = locale_of(self.lang)
        if len(parts) == 1:  # "2025", "2025年"
            return str(format_skeleton("y", day, locale=locale))
        if len(parts) == 2:
            return str(format_skeleton("yMMMM", day, locale=locale))
        return str(format_date(day, "long", locale=locale))


@functools.cache
def locale_of(lang: str) -> Locale:
    """CLDR's locale for a BCP 47 tag: its own, else its language's, else English's."""
    for tag in (lang, lang.split("-")[0]):
        try:
            return Locale.parse(tag.replace("-", "_"))
        except (ValueError, LookupError, UnknownLocaleError):  # a tag CLDR does not know
            continue
    return Locale.parse(FALLBACK)


@functools.cache
def tables() -> dict[str, Any]:
    return tomllib.loads(resources.files("publish.book").joinpath("phrases.toml")
                         .read_text("utf-8"))


def variants_of(phrases: dict[str, str]) -> set[str]:
    """Every variant the phrases may have: by precision for one holding a date, by plural
    category for one holding a count."""
    return {f"{key}-{name}" for key, template in phrases.items()
            for name in (DATE_VARIANTS if "{date}" in template else ())
            + (COUNT_VARIANTS if "{count}" in template or "{missing}" in template else ())}


@functools.cache
def known_keys() -> frozenset[str]:
    """What a book's metadata may set: every phrase, the variants it may have, and "and-two"
    (how two names are joined, where a language's list pattern joins them otherwise than
    more: cldr_list)."""
    english = {key: value for key, value in tables()[FALLBACK].items()
               if key not in ("roles", "contractions")}
    return frozenset(set(english) | variants_of(english) | {"and-two"})


def merged(table: dict[str, str], own: dict[str, str]) -> None:
    """A table's phrases over the ones it inherits: a phrase it writes takes the variants it
    writes, not those of the phrase it replaces."""
    for key in own:
        for name in DATE_VARIANTS + COUNT_VARIANTS:
            if f"{key}-{name}" not in own:
                table.pop(f"{key}-{name}", None)
    table.update(own)


@functools.cache
def phrases_of(metadata: Metadata) -> Phrases:
    """The phrases of the book's language, with the ones its metadata sets."""
    every = tables()
    parts = metadata.lang.split("-")
    # English, then the language's own table, then its script's (zh-Hant over zh), each
    # filling in what it has.
    chain = [FALLBACK, parts[0].lower(), "-".join(parts[:2])]
    table: dict[str, str] = {}
    roles: dict[str, str] = {}
    contractions: dict[str, str] = {}
    for name in dict.fromkeys(chain):
        own = every.get(name, {})
        merged(table, {key: value for key, value in own.items()
                       if key not in ("roles", "contractions")})
        roles.update(own.get("roles", {}))
        contractions.update(own.get("contractions", {}))
    own_phrases: dict[str, str] = {}
    known = known_keys()
    for key, text in metadata.phrases:
        if key in known:
            own_phrases[key] = text
        elif key.removeprefix("role-") in roles:
            roles[key.removeprefix("role-")] = text
        else:
            raise PublishError(f"phrases: no phrase is called {key!r} (known: "
                               + ", ".join([*sorted(table), *(f"role-{role}" for role in roles)])
                               + ")")
    if not any("and" in every.get(name, {}) for name in chain[1:]) and "and" not in own_phrases:
        table.update(cldr_list(metadata.lang))  # its "and-two" only where its "and" is CLDR's
    merged(table, own_phrases)
    return Phrases(metadata.lang, tuple(table.items()), tuple(roles.items()),
                   tuple(contractions.items()))


def cldr_list(lang: str) -> dict[str, str]:
    """How a language phrases.toml does not write lists names, from CLDR's list patterns (a
    Thai book's "A และB", not English's "A and B"): its `and` and its `comma`; none for a
    language CLDR does not know either, which English's table speaks for."""
    locale = locale_of(LIST_STAND_INS.get(lang.split("-")[0].lower(), lang))
    if locale.language == FALLBACK:
        return {}
    patterns = locale.list_patterns["standard"]
    return {"and": patterns["end"].format("{rest}", "{last}"),
            "and-two": patterns["2"].format("{rest}", "{last}"),  # Thai's "AและB"
            "comma": patterns["middle"].format("", "")}
