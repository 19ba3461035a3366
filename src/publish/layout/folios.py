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
from publish.layout.html import as_document, unit_end

PAGE_COUNTERS = {"page", "pages"}
FOLIO_SLOT = "folio-slot"
# One page per slot; the first opens the text matter's first recto.
FOLIO_SHEET = f".{FOLIO_SLOT} {{ break-before: page; height: 1px; }}\n"


def without_folios(sheets: Sequence[str]) -> str:
    """A stylesheet emptying every margin box that shows the page counter."""
    return "".join(f"@page {selector} {{ @{box} {{ content: none !important; }} }}\n"
                   for selector, box in dict.fromkeys(folio_boxes(sheets)))


def only_folios(sheets: Sequence[str]) -> str:
    """A stylesheet emptying every margin box that never shows the page counter."""
    boxes = [(box, uses_page_counter(content)) for _, box, content in margin_contents(sheets)]
    folios = {box for box, shows_folio in boxes if shows_folio}
    emptied = "".join(f"@{box} {{ content: none !important; }} "
                      for box in dict.fromkeys(box for box, _ in boxes) if box not in folios)
    return f"@page {{ {emptied}}}\n"


def folio_boxes(sheets: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(page selector, margin box) of each margin rule whose content uses the page counter."""
    for selector, box, content in margin_contents(sheets):
        if uses_page_counter(content):
            yield selector, box


def margin_contents(sheets: Sequence[str]) -> Iterator[tuple[str, str, list[tinycss2.ast.Node]]]:
    """(page selector, margin box, the value of its content) of each margin rule that sets
    its content."""
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
                        yield selector, box.lower_at_keyword, declaration.value


def uses_page_counter(tokens: Sequence[tinycss2.ast.Node]) -> bool:
    for token in tokens:
        if token.type == "function" and token.lower_name in {"counter", "counters"}:
            names = [part.lower_value for part in token.arguments if part.type == "ident"]
            if names and names[0] in PAGE_COUNTERS:
                return True
        if token.type == "function" and uses_page_counter(token.arguments):
            return True
    return False


def folio_document(book: Book, sheets: Sequence[str], count: int) -> str:
    """`count` empty pages of the text matter: its folios, laid out with the book's
    stylesheets and FOLIO_SHEET (units.py)."""
    body = etree.Element("body")
    text = etree.SubElement(body, "div", {"class": "text-matter"})
    for _ in range(count):
        etree.SubElement(text, "div", {"class": FOLIO_SLOT})
    body.append(unit_end())
    return as_document(book, list(sheets), body)
