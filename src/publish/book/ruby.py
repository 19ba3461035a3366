"""Ruby: the reading of a word set beside it (Japanese furigana:
<ruby>吾輩<rt>わがはい</rt></ruby>), kept as the author wrote it, with parentheses round each
reading for those who cannot set ruby.

An engine that lays ruby out hides <rp> (HTML's rendering rules); one that does not (an old
reading system, WeasyPrint, a plain-text edition) shows the parentheses, so the reading
follows its word as publishers print it there: 吾輩(わがはい), never run into the text as
吾輩わがはい. The author's own <rp>s are kept.
"""

from __future__ import annotations

from lxml import etree

OPENING, CLOSING = "(", ")"


def mark_ruby(root: etree._Element) -> None:
    """Give each reading (<rt>) without parentheses its <rp>s, in place."""
    for reading in list(root.iter("rt")):
        before, after = reading.getprevious(), reading.getnext()
        if "rp" in (getattr(before, "tag", None), getattr(after, "tag", None)):
            continue  # the author wrote the fallback
        opening = etree.Element("rp")
        opening.text = OPENING
        closing = etree.Element("rp")
        closing.text, closing.tail, reading.tail = CLOSING, reading.tail, None
        reading.addprevious(opening)
        reading.addnext(closing)
