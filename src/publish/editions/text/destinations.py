"""Where a link within the book leads, written into it for the text edition, which has no links:
the heading it points at (a section's, or its chapter's title for any other place), so that
"la cronología" reads "la cronología (véase «Apéndice»)" and a reader can find the place.
"""

from __future__ import annotations

from dataclasses import replace

from publish.book.model import Book
from publish.book.xml import fragment, inner_xml

LEADS_TO = "data-leads-to"  # on a link: the heading it leads to, as the text names it
NOTE_CALLS = {"noteref", "footnote-ref"}


def with_destinations(book: Book) -> Book:
    """The Book with each link within it marked with the heading it leads to."""
    names = {name: owner.title.text for name, owner in book.chapter_of_id.items()
             if owner.title is not None}
    names.update((heading.id, heading.text) for chapter in book.chapters
                 for heading in chapter.headings)
    return replace(book, chapters=tuple(
        replace(chapter, body=marked(chapter.body, names),
                notes=tuple(replace(note, html=marked(note.html, names))
                            for note in chapter.notes))
        for chapter in book.chapters))


def marked(xhtml: str, names: dict[str, str]) -> str:
    if 'href="#' not in xhtml:
        return xhtml  # most chapters: no link within the book but their note calls
    tree = fragment(xhtml)
    changed = False
    for link in tree.iter("a"):
        name = names.get(link.get("href", "").removeprefix("#"))
        if name and link.get("href", "").startswith("#") and not (
                NOTE_CALLS & set(link.get("class", "").split())):
            link.set(LEADS_TO, name)
            changed = True
    return inner_xml(tree) if changed else xhtml
