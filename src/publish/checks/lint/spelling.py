"""D-009, one word spelled two ways (checks/catalogue.py): two long words of the book with the
same letters, two of them changed places (industriales, industrielas), judged in the language
each stands in (languages.py).

Letters changed places make a typo, or another region's spelling (centre, center), but as
often two words of the language (Spanish precios, preciso; English marital, martial): the
shapes cannot tell them apart, so the language's word list (word_lists.py) does. A pair one
of whose languages has both words is not reported; a pair no word list of its languages has
both of is. Where a language has no word list, only a spelling variation the language is
known for is reported (VARIANT_ENDINGS), never a mere change of places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from publish.checks.lint.blocks import Block
from publish.checks.lint.finding import LintFinding, Place
from publish.checks.lint.languages import block_language, language_at, stretches
from publish.checks.lint.word_lists import word_list

WORD = re.compile(r"[^\W\d_]{7,}")  # shorter words change places too often by chance
# Word endings whose letters change places between a language's standard spellings: British
# and American English's centre, center; theatre, theater. Its -our/-or and -ise/-ize add or
# change a letter, which two words often do (casa, cosa): this rule never pairs those.
VARIANT_ENDINGS = {"en": frozenset({"re", "er"})}


def first_words(blocks: Sequence[Block]) -> dict[str, list[Any]]:
    """What D-009 reads of a file: each long word (in lower case) with the line it first
    stands on and the languages it stands in ("": the book's), in the order they first
    stand; and the words of blocks that allow D-009."""
    first: dict[str, tuple[int, set[str]]] = {}
    allowed: set[str] = set()
    for block in blocks:
        own = block_language(block)
        marked = stretches(block)
        for found in WORD.finditer(block.prose):
            word = found[0].lower()
            seen = first.get(word)
            if seen is None:
                seen = first[word] = (block.line_of(found.start()), set())
            seen[1].add(language_at(found.start(), marked, own) if marked else own)
            if "D-009" in block.allowed:
                allowed.add(word)
    return {"words": [[word, line, sorted(languages)] for word, (line, languages)
                      in first.items()],
            "allowed": sorted(allowed)}


def spelling_variants(files: Sequence[tuple[Place, dict[str, list[Any]]]], lang: str
                      ) -> Iterator[LintFinding]:
    """D-009: a long word and the same letters with two changed places, both in the book
    (`lang` its language), and not both words of a language either stands in. A pair one of
    whose words stands in a block that allows D-009 anywhere is the author's choice."""
    first_seen: dict[str, tuple[Place, int]] = {}
    languages: dict[str, set[str]] = {}
    allowed: set[str] = set()
    for place, words in files:
        for word, line, marked in words["words"]:
            first_seen.setdefault(word, (place, line))
            languages.setdefault(word, set()).update(tag or lang for tag in marked)
        allowed.update(words["allowed"])
    by_letters: dict[str, list[str]] = {}
    for word in first_seen:
        by_letters.setdefault("".join(sorted(word)), []).append(word)
    for words_alike in by_letters.values():
        for index, word in enumerate(words_alike):
            for other in words_alike[index + 1:]:
                if swapped(word, other) and not {word, other} & allowed and variant_spelling(
                        word, other, languages[word] | languages[other]):
                    place, line = first_seen[other]
                    first_place, first_line = first_seen[word]
                    yield place.finding("D-009", line, f"{other!r} here, {word!r} at "
                                        f"{first_place.path.as_posix()}:{first_line}",
                                        "spell it one way")


def swapped(word: str, other: str) -> bool:
    """Whether two words differ by two letters changing places, the ends the same."""
    differ = [index for index, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
    return len(differ) == 2 and word[differ[0]] == other[differ[1]] and (
        word[differ[1]] == other[differ[0]]) and differ[0] > 0


def variant_spelling(word: str, other: str, languages: Iterable[str]) -> bool:
    """Whether two words of the same letters are one word spelled two ways in the languages
    they stand in (BCP 47 tags): no word list of theirs has both, and where one has no word
    list, they differ as that language's spellings are known to."""
    lists = {lang: word_list(lang) for lang in sorted(languages)}
    if any(known is not None and word in known and other in known for known in lists.values()):
        return False  # two words of one language: precios, preciso
    return all(known is not None for known in lists.values()) or any(
        VARIANT_ENDINGS.get(lang.split("-")[0].lower()) == frozenset((word[-2:], other[-2:]))
        for lang, known in lists.items() if known is None)
