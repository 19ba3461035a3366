"""Figures and table captions, as authors write them in Markdown, made real captions.

An image alone in its paragraph becomes a <figure> when it has a caption: its title
(`![alt](map.png "The caption")`), or a paragraph of class "caption" right after it
(`{: .caption}`). A table's caption is pandoc's `Table: caption` paragraph, right after the
table or right before it. The alt text stays the image's description for those who cannot see
it; the caption is text every reader reads, in its own direction where that is not the one it
stands in (a Hebrew caption in an English book), as the typography sets every block's.

How the rest stand is marked for the stylesheets: an image in a line of text ("inline") is
set at the text's height, not its pixels'; a paragraph of pictures and no words, uncaptioned
("image-only"), is centred with no indent, which would push a column-wide picture past the
column's edge; a short table ("short") is never broken across pages or screens.
"""

from __future__ import annotations

import re

from lxml import etree

from publish.book.typography import text_direction, written_direction
from publish.book.xml import add_class, move_content, remove_keeping_tail
from publish.source.metadata import language_direction

TABLE_CAPTION = re.compile(r"^\s*(?:Table)?:\s+")
SHORT_TABLE_ROWS = 12  # a dozen rows fit a phone's screen; a longer table may break
# Blocks whose text an image may stand in the line of.
LINES = {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption",
         "caption"}


def mark_figures(root: etree._Element, direction: str = "ltr") -> None:
    """Figures and table captions in a parsed chapter, in place; `direction` is the book's."""
    for paragraph in list(root.iter("p")):
        image = lone_image(paragraph)
        if image is not None:
            figure(paragraph, image, direction)
    for table in list(root.iter("table")):
        table_caption(table, direction)
        if len(table.findall(".//tr")) <= SHORT_TABLE_ROWS:
            add_class(table, "short")
    for image in root.iter("img"):
        if in_a_line(image):
            add_class(image, "inline")
    for paragraph in root.iter("p"):
        if paragraph.find(".//img") is not None and not any(
                str(text).strip() for text in paragraph.itertext()):
            add_class(paragraph, "image-only")


def in_a_line(image: etree._Element) -> bool:
    """Whether an image stands among words: its block holds text besides it."""
    block = next((holder for holder in image.iterancestors() if holder.tag in LINES | {"figure"}),
                 None)
    return block is not None and block.tag != "figure" and any(
        str(text).strip() for text in block.itertext())


def lone_image(paragraph: etree._Element) -> etree._Element | None:
    children = list(paragraph)
    if len(children) != 1 or children[0].tag != "img" or (paragraph.text or "").strip() or (
            children[0].tail or "").strip():
        return None
    return children[0]


def figure(paragraph: etree._Element, image: etree._Element, direction: str) -> None:
    following = paragraph.getnext()
    caption_paragraph = following if following is not None and following.tag == "p" and (
        "caption" in following.get("class", "").split()) else None
    title = image.get("title", "").strip()
    if caption_paragraph is None and not title:
        return
    if "title" in image.attrib:
        del image.attrib["title"]  # it is the caption now, not a tooltip
    made = etree.Element("figure")
    for name in ("id", "class"):
        if paragraph.get(name):
            made.set(name, paragraph.get(name, ""))
    image.tail = None
    made.append(image)
    caption = etree.SubElement(made, "figcaption")
    if caption_paragraph is not None:
        move_content(caption_paragraph, caption)
        remove_keeping_tail(caption_paragraph)
    else:
        caption.text = " ".join(title.split())
    made.tail = paragraph.tail
    paragraph.getparent().replace(paragraph, made)  # type: ignore[union-attr]
    in_its_language(caption, caption_paragraph if caption_paragraph is not None else paragraph,
                    direction)


def table_caption(table: etree._Element, direction: str) -> None:
    """pandoc's `Table: caption` paragraph, after the table or before it, as its <caption>."""
    if table.find("caption") is not None:
        return
    for neighbour in (table.getnext(), table.getprevious()):
        if neighbour is None or neighbour.tag != "p":
            continue
        match = TABLE_CAPTION.match(neighbour.text or "")
        if match is None or (neighbour.text or "")[:match.end()].strip() not in ("Table:", ":"):
            continue
        caption = etree.Element("caption")
        move_content(neighbour, caption)
        caption.text = (caption.text or "")[match.end():]
        table.insert(0, caption)
        # The paragraph's dir is the typography's reading of "Table:", not of the caption.
        in_its_language(caption, neighbour, direction, its_dir=False)
        remove_keeping_tail(neighbour)
        return


def in_its_language(caption: etree._Element, source: etree._Element, direction: str, *,
                    its_dir: bool = True) -> None:
    """The caption keeps the lang of the paragraph it came from, and reads in that paragraph's
    direction (its dir, if `its_dir`, else its lang's), else its own text's, where that is not
    the direction it stands in (its nearest holder's dir, else the book's)."""
    lang = source.get("lang", "")
    if lang:
        caption.set("lang", lang)
    own = (written_direction(source) if its_dir else language_direction(lang)) or (
        text_direction(caption))
    standing = next((holder.get("dir", "").lower() for holder in caption.iterancestors()
                     if holder.get("dir", "").lower() in ("ltr", "rtl")), direction)
    if own is not None and own != standing:
        caption.set("dir", own)
