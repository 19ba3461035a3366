"""Each language's convention for writing its letters in ASCII (German ä as ae, Danish å as aa,
Spanish ¿ left out), where it has one: what the ASCII text edition writes, and what the check
reading it back expects. What a convention leaves is anyascii's to transliterate.

ascii_conventions.toml says which languages have one and where it comes from: a transform
Unicode CLDR publishes, read here from CLDR's own file, or the few letters of a convention CLDR
does not publish. A language is found by the primary subtag of its BCP 47 tag.

CLDR writes its transforms in LDML's rule language (UTS #35, part 10). This reads the part of
it German's transform is written in: variables, sets of characters and strings, a lower-case
letter following as the context, and `::Any-ASCII` last (anyascii's part here). Anything more
is refused, not guessed at, so a transform that grows stops the build instead of being misread.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from lxml import etree

from publish.book.cldr import CLDR, READER, not_installed

CLDR_TRANSFORMS = CLDR / "transforms"
LOWER_CASE = "[:Lowercase:]"  # the one context the rules read: a small letter follows
VARIABLE = re.compile(r"\$(\w+)")
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
SYNTAX = set("$[]{}|'\\:&-^")  # what a replacement written as plain letters cannot hold


@dataclass(frozen=True)
class Rule:
    source: str  # a character (or a few), NFC
    replacement: str
    before_lower_case: bool = False  # only where a small letter follows: Ä in "Äpfel"


@dataclass(frozen=True)
class Convention:
    """A language's rules, in the order they are tried: the first that fits is applied."""

    rules: tuple[Rule, ...] = ()
    sources: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, rules: list[Rule]) -> Convention:
        longest = sorted({rule.source for rule in rules}, key=len, reverse=True)
        return cls(tuple(rules), re.compile("|".join(map(re.escape, longest))) if rules else None)

    def apply(self, text: str) -> str:
        """NFC text with the language's letters written as its convention has them in ASCII,
        every other character left as it is."""
        return self.sources.sub(self.replaced, text) if self.sources else text

    def replaced(self, found: re.Match[str]) -> str:
        following = found.string[found.end():found.end() + 1]
        for rule in self.rules:
            # str.islower is Unicode's Lowercase property, which CLDR's [:Lowercase:] names.
            if rule.source == found[0] and (not rule.before_lower_case or following.islower()):
                return rule.replacement
        return found[0]


NONE = Convention()


@functools.cache
def ascii_convention(lang: str) -> Convention:
    """The convention of the language of a BCP 47 tag (de-AT: German's), or NONE."""
    primary = lang.split("-")[0].lower()
    for entry in conventions().values():
        if primary in entry["languages"]:
            if "cldr" in entry:
                return Convention.of(cldr_rules(entry["cldr"]))
            return Convention.of(letter_rules(entry["letters"]))
    return NONE


@functools.cache
def conventions() -> dict[str, Any]:
    return tomllib.loads(resources.files("publish.book").joinpath("ascii_conventions.toml")
                         .read_text("utf-8"))


def letter_rules(letters: dict[str, str]) -> list[Rule]:
    """A convention's small letters as rules, and its capitals in the case CLDR gives German's:
    "Aa" before a small letter, "AA" elsewhere."""
    rules = [Rule(unicodedata.normalize("NFC", small), ascii) for small, ascii in letters.items()]
    for small, ascii in letters.items():
        capital = unicodedata.normalize("NFC", small.upper())
        if capital != small and len(capital) == 1:
            rules += [Rule(capital, ascii.capitalize(), before_lower_case=True),
                      Rule(capital, ascii.upper())]
    return rules


def cldr_rules(name: str) -> list[Rule]:
    """The rules of a CLDR transform (de-ASCII), from CLDR's file."""
    path = CLDR_TRANSFORMS / f"{name}.xml"
    try:
        tree = etree.parse(str(path), READER)
    except OSError:
        raise not_installed(f"transform {name}", path) from None
    rules = tree.find("transforms/transform[@direction='forward']/tRule")
    if rules is None:
        raise unreadable(name, "no forward transform")
    return parsed_rules(rules.text or "", name)


def parsed_rules(text: str, name: str) -> list[Rule]:
    """The conversion rules of a transform's text, in its order."""
    variables: dict[str, str] = {}
    rules: list[Rule] = []
    for statement in statements(text):
        if statement.startswith("::"):
            if statement[2:].strip() != "Any-ASCII":
                raise unreadable(name, statement)
            continue  # the rest to ASCII: anyascii does that after every convention
        defined = re.fullmatch(r"\$(\w+)\s*=(.*)", statement, re.DOTALL)
        if defined:
            variables[defined[1]] = expanded(defined[2], variables, name)
            continue
        left, arrow, right = statement.partition("→")
        if not arrow or any(mark in statement for mark in "←↔"):
            raise unreadable(name, statement)
        source, context = in_context(expanded(left, variables, name), name)
        replacement = "".join(ESCAPE.sub(lambda code: chr(int(code[1], 16)), right).split())
        if context not in ("", LOWER_CASE) or SYNTAX & set(replacement):
            raise unreadable(name, statement)
        rules += [Rule(item, replacement, before_lower_case=bool(context))
                  for item in items(source, name)]
    return rules


def statements(text: str) -> Iterator[str]:
    """The transform's statements: split at each ; outside a set, comments (#) left out."""
    text = re.sub(r"#[^\n]*", "", text)
    depth, start = 0, 0
    for index, character in enumerate(text):
        depth += {"[": 1, "]": -1}.get(character, 0)
        if character == ";" and depth == 0:
            if text[start:index].strip():
                yield text[start:index].strip()
            start = index + 1
    if text[start:].strip():
        yield text[start:].strip()


def expanded(text: str, variables: dict[str, str], name: str) -> str:
    def value(found: re.Match[str]) -> str:
        if found[1] not in variables:
            raise unreadable(name, found[0])
        return variables[found[1]]
    return VARIABLE.sub(value, text).strip()


def in_context(left: str, name: str) -> tuple[str, str]:
    """A rule's source and what must follow it: `{source} context` (LDML's braces outside a
    set); nothing may come before it."""
    depth, opening, closing = 0, -1, -1
    for index, character in enumerate(left):
        depth += {"[": 1, "]": -1}.get(character, 0)
        if depth == 0 and character == "{":
            opening = index
        elif depth == 0 and character == "}":
            closing = index
    if opening < 0 and closing < 0:
        return left, ""
    if left[:max(opening, 0)].strip() or closing < opening:
        raise unreadable(name, left)
    return left[opening + 1:closing].strip(), left[closing + 1:].strip()


def items(source: str, name: str) -> list[str]:
    """What a rule's source matches: each character and string of a set such as
    [ä {a \\u0308}], or the source itself; each in NFC, once (a decomposed ä is ä here)."""
    source = ESCAPE.sub(lambda code: chr(int(code[1], 16)), source)
    if not (source.startswith("[") and source.endswith("]")):
        found = ["".join(source.split())]
    else:
        found = [string or character for string, character in
                 re.findall(r"\{([^}]*)\}|(\S)", source[1:-1])]
    found = [unicodedata.normalize("NFC", "".join(item.split())) for item in found]
    if not all(found) or SYNTAX & set("".join(found)):
        raise unreadable(name, source)  # a range, a property, a nested set: not read here
    return list(dict.fromkeys(found))


def unreadable(name: str, statement: str) -> ValueError:
    return ValueError(f"CLDR's transform {name}: {statement!r} is written in more of LDML's "
                      "rule language than ascii_conventions.py reads")
