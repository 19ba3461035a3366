"""The language of each part of a block, as its author marked it: a block's attribute list
(`{: lang="es"}` on its last line, or at a heading's end), an inline one after emphasis or a
link (`*precios*{: lang="es"}`), or an HTML element's lang (`<span lang="es">`). What is not
marked is in the book's language, which the rules are told with the whole book's reading
(a file's reading is kept by its text alone, so it cannot hold the book's language).

A `<div lang="es" markdown="1">` around several blocks is not seen: each block is read alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from publish.checks.lint.blocks import Block

BOOKS = ""  # the language of what is not marked: the book's
# A lang attribute in an attribute list or a tag: lang="es", lang='pt-BR', lang=de.
LANG = r"\blang=[\"']?(?P<lang>[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)[\"']?"
BLOCK_ATTRIBUTES = re.compile(rf"^\s*\{{:?[^{{}}]*?{LANG}[^{{}}]*\}}\s*$")
HEADING_ATTRIBUTES = re.compile(rf"\s\{{:?[^{{}}]*?{LANG}[^{{}}]*\}}\s*$")
# An attribute list applies to the emphasis or link it directly follows.
INLINE = re.compile(
    r"(?:(?P<mark>\*{1,3}|_{1,3})(?:(?!(?P=mark)).)+(?P=mark)"
    r"|\[[^\[\]]+\](?:\([^()]*\)|\[[^\[\]]*\]))"
    rf"\{{:?[^{{}}]*?{LANG}[^{{}}]*\}}")
ELEMENT = re.compile(rf"<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^<>]*?{LANG}[^<>]*>.*?</(?P=tag)\s*>",
                     re.DOTALL)

Stretch = tuple[int, int, str]  # start and end in the block's text, and their language


def block_language(block: Block) -> str:
    """The language the block's own attribute list gives it, else the book's (BOOKS)."""
    last = block.lines[-1].text
    found = (HEADING_ATTRIBUTES.search(last) if block.kind == "heading"
             else BLOCK_ATTRIBUTES.match(last) if len(block.lines) > 1 else None)
    return found["lang"] if found else BOOKS


def stretches(block: Block) -> list[Stretch]:
    """The parts of the block's text in a language of their own, innermost last."""
    if "lang=" not in block.text:
        return []  # most blocks: a quick look spares the searches
    found = [(match.start(), match.end(), match["lang"])
             for pattern in (INLINE, ELEMENT) for match in pattern.finditer(block.text)]
    return sorted(found, key=lambda stretch: (stretch[0], -stretch[1]))


def language_at(offset: int, marked: Sequence[Stretch], default: str) -> str:
    """The language of the character at `offset` of the block's text."""
    language = default
    for start, end, lang in marked:
        if start <= offset < end:
            language = lang  # a later stretch that holds it lies inside the earlier one
    return language
