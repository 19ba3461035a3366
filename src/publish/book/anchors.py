"""The other names a link may give a heading: the ids pandoc, GitHub and Python-Markdown would
have given it. A manuscript written for pandoc links to `#la-organización-de-los-comités`; the
book keeps its own ids (its EPUB's file names are made of them), and such a link is pointed
at the heading it means.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from markdown.extensions.toc import slugify as markdown_id
from markdown.extensions.toc import slugify_unicode as markdown_unicode_id

from publish.book.ids import ascii_pandoc_id, github_id, numbered, pandoc_id
from publish.book.model import Chapter, Heading


def headings_of(chapters: Iterable[Chapter]) -> list[Heading]:
    """Every heading with an id, in reading order: each chapter's title, then its sections."""
    return [heading for chapter in chapters
            for heading in ((chapter.title,) if chapter.title else ()) + chapter.headings
            if heading.id]


def heading_aliases(headings: Iterable[Heading], given: Set[str], known: Set[str]
                    ) -> dict[str, str]:
    """Each other name of a heading, to its id. pandoc numbers a repeated id (-1, -2) over
    the headings whose id it makes, those without one `given` by the author; a name that is
    some element's own id (`known`) stays that element's, and the first heading to take a
    name keeps it."""
    aliases: dict[str, str] = {}
    counts: dict[str, int] = {}
    ascii_counts: dict[str, int] = {}
    github_counts: dict[str, int] = {}
    for heading in headings:
        names = [markdown_id(heading.text, "-"), markdown_unicode_id(heading.text, "-")]
        if heading.id not in given:  # pandoc makes an id only for a heading without one
            names += [numbered(pandoc_id(heading.text), counts),
                      numbered(ascii_pandoc_id(heading.text), ascii_counts),
                      numbered(github_id(heading.text), github_counts)]
        for name in names:
            if name and name != heading.id and name not in known:
                aliases.setdefault(name, heading.id)
    return aliases
