"""Verse: stanzas whose lines break where the poet broke them, marked once for every edition.

A paragraph is verse when it says so (`{: .poem}`, or inside a `<div class="poem">`) or when it
stands in a block quotation and breaks its lines by hand (two spaces or a backslash at a
line's end). Each stanza keeps the class "poem", and each of its lines becomes a
<span class="line">, the <br/> it had kept between them, as Standard Ebooks sets verse: a
stylesheet shows the lines as blocks with a hanging indent for one too long for the measure
(and hides the breaks), and an engine without styles still breaks the lines. The poet's own
indentation (leading em spaces) stays in the text as written.
"""

from __future__ import annotations

from lxml import etree

VERSE_CLASSES = {"poem", "verse", "stanza"}


def mark_verse(root: etree._Element) -> None:
    """Find the stanzas of a parsed chapter and set their lines apart, in place."""
    for paragraph in list(root.iter("p")):
        if is_verse(paragraph):
            classes = paragraph.get("class", "").split()
            if "poem" not in classes:
                paragraph.set("class", " ".join([*classes, "poem"]))
            split_lines(paragraph)


def is_verse(paragraph: etree._Element) -> bool:
    holders = (paragraph, *paragraph.iterancestors())
    if any(VERSE_CLASSES & set(holder.get("class", "").split()) for holder in holders):
        return True
    quoted = any(holder.tag == "blockquote" for holder in paragraph.iterancestors())
    return quoted and paragraph.find("br") is not None


def split_lines(paragraph: etree._Element) -> None:
    """Wrap the content between one <br> and the next in a <span class="line">."""
    if any(child.tag == "span" and child.get("class") == "line" for child in paragraph):
        return
    parts: list[etree._Element] = [etree.Element("span", {"class": "line"})]
    parts[0].text = (paragraph.text or "").lstrip("\n")
    for child in list(paragraph):
        paragraph.remove(child)
        if child.tag == "br":
            line = etree.Element("span", {"class": "line"})
            line.text, child.tail = (child.tail or "").lstrip("\n"), None
            parts += [child, line]
        else:
            parts[-1].append(child)
    paragraph.text = None
    while parts and parts[-1].tag == "span" and not (parts[-1].text or len(parts[-1])):
        parts.pop()  # a break at the stanza's end leaves no empty line behind
        if parts and parts[-1].tag == "br":
            parts.pop()
    paragraph.extend(parts)
