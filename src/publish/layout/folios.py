"""Folios drawn once the book's page count is known: the divisions of the text are laid out
without them, all at once, and their folios are laid out afterwards on pages of their own,
which the assembly lays over the divisions' pages (assemble.py).

A division's folios are the only thing on its pages that depends on the divisions before it.
Laying each one out from its first folio would make every division wait for all those before
it; so the margin boxes that show the page counter are found in the stylesheets (whatever
stylesheet the book has: the corners of our print.css, or a publisher's head) and emptied in the
divisions' layouts, and a folio document of as many empty pages as the text has, under the same
stylesheets, draws them. Only the folios show there: the margin boxes that never show the page
counter are emptied (its running heads would be empty anyway, since no element of it sets a
string, and laying them out was a fifth of its time). Blank pages carry nothing (print.css),
and get nothing laid over them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import tinycss2
from lxml import etree

from publish.book.model import Book
from publish.layout.html import TEXT_MATTER, as_document, unit_end

PAGE_COUNTERS = {"page", "pages"}
# The book's page count, for the units' margin boxes: WeasyPrint's `pages` counts a unit's own.
PAGE_TOTAL = "publish-pages"
FOLIO_SLOT = "folio-slot"
# One page per slot; the first opens the text matter's first recto.
FOLIO_SHEET = f".{FOLIO_SLOT} {{ break-before: page; height: 1px; }}\n"


def without_folios(sheets: Sequence[str]) -> str:
    """A stylesheet emptying every margin box that shows the page counter."""
    return "".join(f"@page {selector} {{ @{box} {{ content: none !important; }} }}\n"
                   for selector, box in dict.fromkeys(folio_boxes(sheets)))


def only_folios(sheets: Sequence[str]) -> str:
    """A stylesheet emptying every margin box that never shows the page counter."""
    boxes = [(box, uses_page_counter(content.value))
             for _, box, content in margin_contents(sheets)]
    folios = {box for box, shows_folio in boxes if shows_folio}
    emptied = "".join(f"@{box} {{ content: none !important; }} "
                      for box in dict.fromkeys(box for box, _ in boxes) if box not in folios)
    return f"@page {{ {emptied}}}\n"


def folio_boxes(sheets: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(page selector, margin box) of each margin rule whose content uses the page counter."""
    for selector, box, content in margin_contents(sheets):
        if uses_page_counter(content.value):
            yield selector, box


def shows_page_total(sheets: Sequence[str]) -> bool:
    """Whether a margin box shows the book's page count (counter(pages))."""
    return any(uses_page_counter(content.value, {"pages"})
               for _, _, content in margin_contents(sheets))


def page_total_sheet(sheets: Sequence[str]) -> str:
    """The margin boxes' contents again, each with its selector, importance and place in the
    cascade, the page count shown as PAGE_TOTAL, which the unit sets to the book's (units.py)."""
    return "".join(f"@page {selector} {{ @{box} {{ content: {total_shown(content.value)}"
                   f"{' !important' if content.important else ''}; }} }}\n"
                   for selector, box, content in margin_contents(sheets))


def total_shown(tokens: Sequence[tinycss2.ast.Node]) -> str:
    """The value, serialized, its counter(pages) and counters(pages, ...) naming PAGE_TOTAL."""
    shown = []
    for token in tokens:
        if token.type == "function" and token.lower_name in {"counter", "counters"}:
            parts = list(token.arguments)
            name = next((index for index, part in enumerate(parts) if part.type == "ident"), None)
            if name is not None and parts[name].lower_value == "pages":
                shown.append(f"{token.name}({tinycss2.serialize(parts[:name])}{PAGE_TOTAL}"
                             f"{tinycss2.serialize(parts[name + 1:])})")
                continue
        shown.append(tinycss2.serialize([token]))
    return "".join(shown)


def margin_contents(sheets: Sequence[str]
                    ) -> Iterator[tuple[str, str, tinycss2.ast.Declaration]]:
    """(page selector, margin box, its content declaration) of each margin rule that sets its
    content, in the cascade's order."""
    for sheet in sheets:
        for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
            if rule.type != "at-rule" or rule.lower_at_keyword != "page":
                continue
            selector = tinycss2.serialize(rule.prelude).strip()
            for box in tinycss2.parse_blocks_contents(rule.content or [], skip_comments=True,
                                                      skip_whitespace=True):
                if box.type != "at-rule":
                    continue
                for declaration in tinycss2.parse_blocks_contents(
                        box.content or [], skip_comments=True, skip_whitespace=True):
                    if declaration.type == "declaration" and declaration.lower_name == "content":
                        yield selector, box.lower_at_keyword, declaration


def uses_page_counter(tokens: Sequence[tinycss2.ast.Node],
                      counters: set[str] = PAGE_COUNTERS) -> bool:
    for token in tokens:
        if token.type == "function" and token.lower_name in {"counter", "counters"}:
            names = [part.lower_value for part in token.arguments if part.type == "ident"]
            if names and names[0] in counters:
                return True
        if token.type == "function" and uses_page_counter(token.arguments, counters):
            return True
    return False


def folio_document(book: Book, sheets: Sequence[str], count: int) -> str:
    """`count` empty pages of the text matter: its folios, laid out with the book's
    stylesheets and FOLIO_SHEET (units.py)."""
    body = etree.Element("body")
    text = etree.SubElement(body, "div", {"class": TEXT_MATTER})
    for _ in range(count):
        etree.SubElement(text, "div", {"class": FOLIO_SLOT})
    body.append(unit_end())
    return as_document(book, list(sheets), body)
