"""An epigraph's attribution, as authors write it in Markdown, marked for every edition.

An epigraph is a division of role `epigraph`, or a block quotation that opens a division (the
first block of its file or the first after its heading). Its source is the last paragraph
when that opens with a dash (`-- Emily Dickinson, *Poems*`, the dash as the book's typography
set it), and it is not the epigraph's only paragraph: a book sets that line apart, flush to
the far side, so the editions need to know it (class "attribution"). An author may mark any
paragraph so with `{: .attribution}`, a quotation's source in the middle of a chapter too.
Only epigraphs are read for a dash: elsewhere a paragraph that opens with one is dialogue in
French, Spanish or Russian.
"""

from __future__ import annotations

from lxml import etree

ATTRIBUTION = "attribution"
DASHES = ("\u2014", "\u2013", "\u2015")  # em dash, en dash, horizontal bar


def mark_attributions(root: etree._Element, role: str | None) -> None:
    """Mark the attribution of each epigraph in a parsed file, in place; `role` is the
    file's (`epigraph` makes its text before the first heading an epigraph)."""
    blocks = list(root)
    if role == "epigraph":
        opening = [block for block in blocks[:first_heading(blocks)]
                   if isinstance(block.tag, str)]
        mark_last_paragraph(opening)
    for index, block in enumerate(blocks):
        if block.tag == "blockquote" and (index == 0 or blocks[index - 1].tag == "h1"):
            mark_last_paragraph([child for child in block if isinstance(child.tag, str)])


def first_heading(blocks: list[etree._Element]) -> int:
    return next((index for index, block in enumerate(blocks) if block.tag == "h1"), len(blocks))


def mark_last_paragraph(blocks: list[etree._Element]) -> None:
    if len(blocks) < 2 or blocks[-1].tag != "p":
        return
    last = blocks[-1]
    text = "".join(str(part) for part in last.itertext()).lstrip()
    if text.startswith(DASHES):
        classes = last.get("class", "").split()
        if ATTRIBUTION not in classes:
            last.set("class", " ".join([*classes, ATTRIBUTION]))
