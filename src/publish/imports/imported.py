"""What each reader of a source format hands to the project writer: the book as Markdown
chapters, its metadata, its pictures, and the log of every change the conversion made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class ChangeKind(Enum):
    """The headings of IMPORT.md, in its order."""

    DROPPED = "Dropped"      # text not carried into the manuscript (web chrome, empty paragraphs)
    JOINED = "Joined"        # paragraphs or words rejoined (page-break splits)
    REPAIRED = "Repaired"    # characters or markup mended (dashes, quotes, invisible characters)
    GUESSED = "Guessed"      # structure inferred (headings, notes, the title)
    FINDING = "Not carried"  # something the import could not carry (a remote image, an object)


@dataclass(frozen=True)
class Change:
    """One line of the log: what was done, where in the source, and the text it concerns."""

    kind: ChangeKind
    where: str  # the source's location: "page.html, line 120", "essay.docx, paragraph 14"
    what: str  # in plain words: "a share-button bar", "a paragraph split at a page break"
    text: str = ""  # the text dropped or changed, as it was (shortened by the log if long)


@dataclass(frozen=True)
class Chapter:
    """One chapter file: its file name without the number prefix or `.md`, and its Markdown."""

    slug: str
    markdown: str


@dataclass(frozen=True)
class Picture:
    """A picture the chapters name as `../images/<name>`."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Imported:
    """One source file, read.

    `metadata` holds pandoc's field names as metadata.yaml spells them (title, subtitle,
    creator [{text, role}], date, lang, description, publisher, rights, identifier
    [{scheme, text}], source...); `cover` names one of `pictures`, if the source has a cover.
    """

    source: Path
    chapters: tuple[Chapter, ...]
    metadata: Mapping[str, object] = field(default_factory=dict)
    pictures: tuple[Picture, ...] = ()
    cover: str | None = None
    changes: tuple[Change, ...] = ()
