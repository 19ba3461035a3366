"""The Book and its parts: the frozen result of the book stage, the one input of every edition.

Chapter bodies and notes are XHTML strings, not trees, so a Book is immutable and cheap to
share (and to send to another process); a writer asks Chapter.tree() for its own copy to
transform.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from publish.source.metadata import Metadata

UNTITLED = "untitled"  # the role of a division that has no heading and whose file names none


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    html: str  # inline XHTML (may hold <em>, <span lang>)
    text: str  # plain text
    dir: str | None = None  # "ltr" or "rtl" where it reads in another direction than its text


@dataclass(frozen=True)
class Note:
    id: str
    number: int
    html: str  # the note's blocks as XHTML
    ref_ids: tuple[str, ...]  # every place the text cites it, first one first
    line: int | None = None  # where its text begins in its chapter file, for messages
    # "ltr" or "rtl" where the note reads in another direction than the book (an English note
    # in a Hebrew book), for its outer element in every edition; its blocks that differ from
    # the note carry their own dir in `html`.
    dir: str | None = None


@dataclass(frozen=True)
class Resource:
    name: str  # its path inside the editions, e.g. "images/map.png"
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Chapter:
    """One top-level division of the text: a heading (or none), its body, its notes."""

    id: str
    role: str  # an epub:type (introduction, chapter, appendix, ...), or UNTITLED
    matter: str  # frontmatter, bodymatter or backmatter: where it stands in the book
    source: Path  # the file it came from, as the author knows it
    title: Heading | None  # None: a division without a heading (a dedication, say)
    headings: tuple[Heading, ...]  # its sub-headings, for a nested contents
    body: str  # XHTML blocks, without the title; note references are <a class="noteref">
    notes: tuple[Note, ...]
    running_head: str | None = None  # the author's short title for the page heads


    def tree(self) -> etree._Element:
        """A fresh, mutable copy of the body under a <div>, for a writer to transform."""
        return etree.fromstring(f"<div>{self.body}</div>")


@dataclass(frozen=True)
class Book:
    metadata: Metadata
    chapters: tuple[Chapter, ...]
    resources: tuple[Resource, ...]
    cover: Resource | None  # a publisher-supplied cover image
    print_cover: Resource | None = None  # the publisher's whole print wrap: never in an e-book

    @property
    def opening(self) -> tuple[Chapter, ...]:
        """The divisions without a heading that the book opens with (a dedication, an
        epigraph, a frontispiece), which come before the contents."""
        count = 0
        for chapter in self.chapters:
            if chapter.title is not None or chapter.matter != "frontmatter":
                break
            count += 1
        return self.chapters[:count]

    @cached_property
    def chapter_of_id(self) -> dict[str, Chapter]:
        """Which chapter holds each id: writers that split the book rewrite links with it."""
        owners: dict[str, Chapter] = {}
        for chapter in self.chapters:
            owners[chapter.id] = chapter
            for element in chapter.tree().iter():
                if element.get("id"):
                    owners[element.get("id", "")] = chapter
            for note in chapter.notes:
                owners[note.id] = chapter
        return owners
