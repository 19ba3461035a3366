"""Each language's quotation marks, outer and inner, as Unicode CLDR gives them: Spanish «…»
with “…” inside, German „…“ with ‚…‘, Japanese 「…」 with 『…』.

CLDR's data is read from Debian's unicode-cldr-core (scripts/setup installs it): each locale's
<delimiters> in common/main/, found for a BCP 47 tag through its locale and the locales it
inherits from (es-MX from es-419, then es; zh-TW is zh-Hant-TW, from zh-Hant), as Babel (CLDR
too) names them; the root locale's “…” and ‘…’ where no other says.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from lxml import etree

from publish.book.cldr import CLDR, not_installed

LOCALES = CLDR / "main"
DELIMITERS = ("quotationStart", "quotationEnd", "alternateQuotationStart",
              "alternateQuotationEnd")


@dataclass(frozen=True)
class QuotationMarks:
    """A quotation's opening and closing marks, and those of a quotation inside it."""

    opening: str
    closing: str
    inner_opening: str
    inner_closing: str

    @classmethod
    def written(cls, marks: str) -> QuotationMarks:
        """The marks a publisher writes in order, as four characters: "»«›‹"."""
        return cls(*marks)


@functools.cache
def quotation_marks(lang: str) -> QuotationMarks:
    """The language's marks (a BCP 47 tag: "es", "de-CH", "zh-Hant"), by CLDR. A locale
    inherits each mark it does not give on its own: Polish gives „ and takes root's ”."""
    found: dict[str, str] = {}
    for name in locale_chain(lang):
        for field, mark in delimiters(name).items():
            found.setdefault(field, mark)
    if len(found) < len(DELIMITERS):
        raise not_installed("locale data", LOCALES / "root.xml")
    return QuotationMarks(*(found[field] for field in DELIMITERS))


def locale_chain(lang: str) -> list[str]:
    """The CLDR locales a tag's data is looked for in, most particular first, root last."""
    try:
        name = str(Locale.parse(lang, sep="-"))
    except (UnknownLocaleError, ValueError):  # a language Babel lacks: its own file, if any
        name = lang.split("-")[0].lower()
    parents = get_global("parent_exceptions")
    chain = []
    while name and name != "root":
        chain.append(name)
        name = parents.get(name) or name.rpartition("_")[0]
    return [*chain, "root"]


def delimiters(name: str) -> dict[str, str]:
    """The marks a CLDR locale's own file gives (none where there is no such file). The file
    is read only as far as its <delimiters> (root.xml's are on its 80th line of 5,000)."""
    path = LOCALES / f"{name}.xml"
    if not path.is_file():
        return {}
    for _, found in etree.iterparse(str(path), tag="delimiters", resolve_entities=False,
                                    no_network=True, load_dtd=False):
        return {field: mark for field in DELIMITERS if (mark := found.findtext(field))}
    return {}
