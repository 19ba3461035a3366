"""Pyphen's hyphenation patterns kept in the layout's cache once parsed, so that a worker's
first unit does not parse them again from pyphen's text files.

WeasyPrint hyphenates with pyphen, which parses a language's patterns the first time a word in
it needs hyphenating: a tenth of a second for British English, half a second for German, in
every new worker, and so in the one division an edit lays out again. After a unit is laid out,
the patterns its layout parsed are kept as JSON (the cache never pickles); before a unit is laid
out, the kept patterns of the languages its document names are given to pyphen, which then
finds them parsed. pyphen's own patterns are rebuilt exactly, so the hyphenation is the same.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyphen

from publish.kept import source_digests
from publish.layout.cache import LayoutCache

LANGUAGE = re.compile(r'\blang="([^"]+)"')  # a unit's document names its languages so
PATTERNS_VERSION = f"hyphenation {source_digests(__file__)} pyphen {pyphen.__version__}"
settled: set[Path] = set()  # the dictionaries this process found kept, or has kept


def load_kept(markup: str, cache: LayoutCache) -> None:
    """Give pyphen the kept patterns of each language `markup` names that it has a
    dictionary for and has not parsed yet."""
    for path in dictionaries(LANGUAGE.findall(markup)):
        if path in pyphen.hdcache or path in settled:
            continue
        kept = cache.found(patterns_key(path))
        restored = None if kept is None else patterns_from(kept)
        if restored is not None:
            pyphen.hdcache[path] = restored
            settled.add(path)


def keep_parsed(cache: LayoutCache) -> None:
    """Keep the patterns pyphen has parsed in this process and the cache lacks."""
    for path, patterns in list(pyphen.hdcache.items()):
        if path not in settled:
            cache.keep(patterns_key(path), patterns_json(patterns))
            settled.add(path)


def dictionaries(languages: Iterable[str]) -> list[Path]:
    """The dictionary pyphen hyphenates each language with (the one WeasyPrint asks for)."""
    found = {pyphen.language_fallback(language) for language in languages}
    return sorted(pyphen.LANGUAGES[name] for name in found if name is not None)


@functools.cache  # a language named but never hyphenated is looked up for every unit
def patterns_key(path: Path) -> str:
    """A digest of the dictionary's file and of the code that parses and keeps it."""
    made_from = hashlib.sha256(f"{PATTERNS_VERSION}\0{path.name}\0".encode())
    made_from.update(path.read_bytes())
    return made_from.hexdigest()


def patterns_json(patterns: pyphen.HyphDict) -> bytes:
    """pyphen's parsed patterns: their letters, one a line; the distinct values they have
    (the offset of the first, then the values; one with a nonstandard hyphenation, as in
    Hungarian, with its change); and which each pattern has. A few thousand distinct values
    for tens of thousands of patterns: read back four times faster than a pattern each."""
    distinct: dict[tuple[int, tuple[Any, ...]], int] = {}
    which = [distinct.setdefault((start, tuple(map(value_json, values))), len(distinct))
             for start, values in patterns.patterns.values()]
    return json.dumps({
        "letters": "\n".join(patterns.patterns),
        "values": [[start, list(values)] for start, values in distinct],
        "which": which,
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def patterns_from(data: bytes) -> pyphen.HyphDict | None:
    """The patterns patterns_json wrote, as pyphen holds them once it has parsed a file; None
    for anything else (pyphen then parses its file itself)."""
    try:
        found: dict[str, Any] = json.loads(data)
        values = [(int(start), pattern_values(values)) for start, values in found["values"]]
        patterns = dict(zip(str(found["letters"]).split("\n"),
                            map(values.__getitem__, found["which"]), strict=True))
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None
    if not patterns:
        return None
    restored = pyphen.HyphDict.__new__(pyphen.HyphDict)  # what HyphDict.__init__ leaves
    restored.patterns = patterns
    restored.cache = {}
    restored.maxlen = max(len(letters) for letters in patterns)
    return restored


def value_json(value: int) -> int | tuple[Any, ...]:
    data = getattr(value, "data", None)  # a pyphen.DataInt's nonstandard hyphenation
    return value if data is None else (int(value), *data)


def pattern_values(values: list[Any]) -> tuple[int, ...]:
    try:
        return tuple(map(int, values))
    except TypeError:  # a value with its nonstandard hyphenation: [value, change, index, cut]
        return tuple(map(pattern_value, values))


def pattern_value(value: Any) -> int:
    if isinstance(value, list):
        number, change, index, cut = value
        alternative: int = pyphen.DataInt(int(number), (str(change), int(index), int(cut)))
        return alternative
    return int(value)
