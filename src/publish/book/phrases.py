"""The words the build adds to a book (Contents, Notes, "Translated by", the name of a
division that has no heading...), in the book's language.

phrases.toml holds them for each language, chosen by the book's `lang` (its script's table
over its language's, as zh-Hant over zh), English where a language is not there; a book's
metadata may set its own (`phrases:`, and pandoc's `toc-title`). Dates are written as the
language writes them, by Babel (CLDR).
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from babel.dates import format_date, format_skeleton

from publish.book.model import Chapter
from publish.errors import PublishError
from publish.source.metadata import Metadata

FALLBACK = "en"


@dataclass(frozen=True)
class Phrases:
    lang: str  # the book's BCP 47 tag
    table: tuple[tuple[str, str], ...]  # key -> template, English filled in where missing
    roles: tuple[tuple[str, str], ...]  # role -> its name

    def say(self, key: str, **values: str) -> str:
        """The phrase, its {placeholders} filled in."""
        return dict(self.table)[key].format(**values)

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
        return self.say("and", rest=self.say("comma").join(names[:-1]), last=names[-1])

    def date(self, w3cdtf: str) -> str:
        """A date of the metadata (YYYY, YYYY-MM or YYYY-MM-DD) as the language writes it."""
        parts = [int(part) for part in w3cdtf.split("-")]
        locale = self.lang.replace("-", "_")
        if len(parts) == 1:
            return str(parts[0])
        day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
        try:
            if len(parts) == 2:
                return str(format_skeleton("yMMMM", day, locale=locale))
            return str(format_date(day, "long", locale=locale))
        except (ValueError, LookupError):  # a language CLDR lacks: its primary subtag's, or en
            return Phrases(self.lang.split("-")[0] if "-" in self.lang else FALLBACK,
                           self.table, self.roles).date(w3cdtf)


@functools.cache
def tables() -> dict[str, Any]:
    return tomllib.loads(resources.files("publish.book").joinpath("phrases.toml")
                         .read_text("utf-8"))


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
    for name in dict.fromkeys(chain):
        own = every.get(name, {})
        table.update({key: value for key, value in own.items() if key != "roles"})
        roles.update(own.get("roles", {}))
    for key, text in metadata.phrases:
        if key in table:
            table[key] = text
        elif key.removeprefix("role-") in roles:
            roles[key.removeprefix("role-")] = text
        else:
            raise PublishError(f"phrases: no phrase is called {key!r} (known: "
                               + ", ".join([*sorted(table), *(f"role-{role}" for role in roles)])
                               + ")")
    return Phrases(metadata.lang, tuple(table.items()), tuple(roles.items()))
