"""How a language sets its text: its quotation marks (CLDR's, or the publisher's), its dashes
and the spaces its punctuation takes (house_styles.toml)."""

from __future__ import annotations

import functools
import inspect
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.book.quotation_marks import QuotationMarks, quotation_marks

TABLE = Path(__file__).with_name("house_styles.toml")
# What decides a language's rules, for the key a parse is kept under (book/parse.py).
RULE_FILES = (__file__, str(TABLE), inspect.getfile(QuotationMarks))
DASHES = {  # what `--` between words becomes, by the table's `dash`
    "spaced-en": " \u2013 ",
    "closed-em": "\u2014",
    "spaced-em": " \u2014 ",
    "raya": "\u2014",  # spaced as an aside's opening or closing is (typography.raya)
    "double-em": "\u2014\u2014",
}


@dataclass(frozen=True)
class HouseStyle:
    """The typographic rules of one language, as the text is set."""

    marks: QuotationMarks
    dash: str  # what `--` between words becomes, spaces included (DASHES)
    raya: bool  # Spanish: a dash is closed to the aside it opens or closes
    dialogue: str  # what a dash opening a paragraph becomes, its space after it; or ""
    number_space: str  # between a figure and %, or ""
    punctuation_space: str  # before ; : ! ? and inside « » (French), or ""

    @property
    def spaced_dash(self) -> bool:
        return self.dash.startswith(" ")


@functools.cache
def house_style(lang: str, marks: str = "") -> HouseStyle:
    """The rules of a language (a BCP 47 tag); `marks`: the publisher's four quotation marks
    (metadata `quotation-marks`, "»«›‹"), else the language's own."""
    every = styles()
    parts = lang.split("-")
    table: dict[str, str] = {}
    for name in ("default", parts[0].lower(), "-".join(parts[:2])):
        table.update(every.get(name, {}))
    return HouseStyle(marks=QuotationMarks.written(marks) if marks else quotation_marks(lang),
                      dash=DASHES[table["dash"]], raya=table["dash"] == "raya",
                      dialogue=table["dialogue"], number_space=table["number-space"],
                      punctuation_space=table["punctuation-space"])


@functools.cache
def styles() -> dict[str, Any]:
    return tomllib.loads(TABLE.read_text("utf-8"))
