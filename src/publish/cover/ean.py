"""The bars of a book's barcode: its ISBN as an EAN-13 symbol and its price as the EAN-5 add-on
beside it, as runs of modules (the narrowest bar's width) for cover/barcode.py to draw.

The EAN-13 is python-barcode's: its check digit, its pattern, its three character sets. The
add-on, which python-barcode does not make, is built here from the same sets A and B, as the
GS1 General Specifications define it: a start pattern, then each digit in set A or set B as the
add-on's checksum chooses, a two-module separator between digits, and no stop pattern. It sits
to the right of the main symbol, its bars starting lower to leave room for its digits above.
"""

from __future__ import annotations

from dataclasses import dataclass

from barcode.charsets import ean as charsets  # type: ignore[import-untyped]  # untyped
from barcode.ean import EuropeanArticleNumber13  # type: ignore[import-untyped]

MAIN_MODULES = 95  # 3 + 6 x 7 + 5 + 6 x 7 + 3
GUARDS = (range(0, 3), range(45, 50), range(92, 95))  # start, middle and end guard modules
LEFT_QUIET = 11  # light modules the main symbol needs on its left (GS1)
ADDON_GAP = 9  # between the main symbol and the add-on: GS1 allows 7 to 12 modules
ADDON_START = "1011"
ADDON_SEPARATOR = "01"
ADDON_MODULES = 47  # 4 + 5 x 7 + 4 x 2
RIGHT_QUIET = 5  # light modules after the add-on (GS1)
# Which set (A or B) each of the add-on's five digits is in, by its checksum (below).
ADDON_SETS = ("BBAAA", "BABAA", "BAABA", "BAAAB", "ABBAA",
              "AABBA", "AAABB", "ABABA", "ABAAB", "AABAB")
CHARACTER = 7  # modules of one digit's character


@dataclass(frozen=True)
class Bar:
    """One dark bar: where it starts and how wide it is, in modules from the main symbol's
    first module; a guard bar runs down between the digits, an add-on bar starts lower."""

    start: int
    width: int
    guard: bool = False
    addon: bool = False


@dataclass(frozen=True)
class Symbol:
    """The bars of an EAN-13 with its EAN-5 add-on, and where each printed digit is centred
    (in modules from the main symbol's first module)."""

    number: str  # the 13 digits
    addon: str  # the 5 digits
    bars: tuple[Bar, ...]

    @property
    def width(self) -> int:
        """Modules from the left quiet zone's edge to the right one's, add-on included."""
        return LEFT_QUIET + MAIN_MODULES + ADDON_GAP + ADDON_MODULES + RIGHT_QUIET

    @property
    def digit_centres(self) -> tuple[float, ...]:
        """The 13 digits under the main symbol: the first in the left quiet zone, six under
        each half."""
        first = -LEFT_QUIET / 2
        halves = [3 + CHARACTER * index + CHARACTER / 2 for index in range(6)]
        return (first, *halves, *(centre + 47 for centre in halves))

    @property
    def addon_centres(self) -> tuple[float, ...]:
        """The add-on's 5 digits, each over its character."""
        left = MAIN_MODULES + ADDON_GAP + len(ADDON_START)
        return tuple(left + (CHARACTER + len(ADDON_SEPARATOR)) * index + CHARACTER / 2
                     for index in range(5))


def ean_symbol(isbn13: str, addon: str) -> Symbol:
    """The symbol for a 13-digit ISBN and a 5-digit add-on. The ISBN's own check digit must be
    the one EAN-13 computes: the two agree by design (ISO 2108), and a mismatch is a bug."""
    main = EuropeanArticleNumber13(isbn13[:12])
    if str(main) != isbn13:
        raise ValueError(f"{isbn13} is not a valid EAN-13")
    pattern: str = main.build()[0]
    guarded = {module for guard in GUARDS for module in guard}
    bars = [Bar(start, width, guard=start in guarded) for start, width in runs(pattern)]
    offset = MAIN_MODULES + ADDON_GAP
    bars += [Bar(offset + start, width, addon=True) for start, width in runs(addon_pattern(addon))]
    return Symbol(isbn13, addon, tuple(bars))


def addon_pattern(digits: str) -> str:
    """The EAN-5 add-on's modules, 1 dark and 0 light."""
    if len(digits) != 5 or not digits.isdigit():
        raise ValueError(f"an EAN-5 add-on has five digits, not {digits!r}")
    values = [int(digit) for digit in digits]
    checksum = (3 * sum(values[0::2]) + 9 * sum(values[1::2])) % 10
    characters = [charsets.CODES[code_set][value]
                  for code_set, value in zip(ADDON_SETS[checksum], values, strict=True)]
    return ADDON_START + ADDON_SEPARATOR.join(characters)


def runs(pattern: str) -> list[tuple[int, int]]:
    """The dark runs of a pattern: (first module, width)."""
    found: list[tuple[int, int]] = []
    for index, module in enumerate(pattern):
        if module == "1" and index and pattern[index - 1] == "1":
            start, width = found[-1]
            found[-1] = (start, width + 1)
        elif module == "1":
            found.append((index, 1))
    return found
