"""Verse as reading systems need it: each line's <br> inside the line, at its end.

The Book marks a stanza as <p class="poem"> holding <span class="line">s with a <br> between
them (book/verse.py); the stylesheet sets each line as a block and hides the <br>. MuPDF (and
the readers built on it) sets the blocks but shows the <br> between them, an empty line after
each line of verse: inside the line, at its end, a <br> breaks no further line in any engine,
and an engine without styles still breaks the lines there. A page marker between two lines
goes to the start of the line after it, where it stands in the line it marks.
"""

from __future__ import annotations

from lxml import etree

from publish.book.xml import remove_keeping_tail


def end_lines_with_breaks(holder: etree._Element) -> None:
    """Move each stanza's <br>s, and what else stands between its lines, into its lines."""
    for stanza in holder.iter("p"):
        if "poem" in stanza.get("class", "").split():
            into_lines(stanza)


def into_lines(stanza: etree._Element) -> None:
    line: etree._Element | None = None
    waiting: list[etree._Element] = []  # what stands before the next line
    for child in list(stanza):
        if is_line(child):
            line = child
            for before in reversed(waiting):
                before.tail, line.text = (before.tail or "") + (line.text or ""), None
                stanza.remove(before)
                line.insert(0, before)
            waiting = []
        elif child.tag == "br" and line is not None and not waiting:
            remove_keeping_tail(child)
            child.tail = None
            line.append(child)
        elif line is not None and isinstance(child.tag, str) and not (
                (child.tail or "").strip()):
            waiting.append(child)


def is_line(element: etree._Element) -> bool:
    return element.tag == "span" and element.get("class") == "line"
