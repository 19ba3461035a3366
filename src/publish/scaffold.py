"""`publish new`: a minimal project that builds as it stands."""

from __future__ import annotations

import uuid
from pathlib import Path

from publish.errors import PublishError

METADATA = """\
# The book's metadata, in pandoc's field names. Every edition's title and copyright
# pages come from here. Keep the identifier: it makes every rebuild the same book.
title: {title}
creator:
  - text: Author Name
    role: author
publisher: Publisher Name
lang: en-GB
date: "{year}"
rights: All rights reserved.
identifier:
  - scheme: uuid
    text: urn:uuid:{identifier}
description: One or two sentences about the book, for catalogues and e-reader libraries.
subject:
  - Fiction
"""

CHAPTER = """\
# Chapter One

Write the text here in Markdown. Straight quotes become "curly" ones, two hyphens -- a dash,
and three dots an ellipsis... in every edition alike.

Each file in manuscript/chapters/ is a chapter, in the order of the file names. A footnote
goes like this.[^1]

[^1]: And its text goes here.
"""

STYLESHEET = """\
/* Your additions to the built-in book styles, applied to every edition.
   print.css and epub.css beside this file, if present, apply to one edition each. */
"""

GITIGNORE = "/build/\n"


def create_project(directory: Path, year: int) -> list[Path]:
    """Write the starter files; refuse to write into a directory that already has files."""
    if directory.exists() and any(directory.iterdir()):
        raise PublishError("directory is not empty; choose a new one", directory)
    title = directory.resolve().name.replace("-", " ").replace("_", " ").strip().title()
    files = {
        directory / "manuscript" / "metadata.yaml": METADATA.format(
            title=title or "Untitled", year=year, identifier=uuid.uuid4()),
        directory / "manuscript" / "chapters" / "01-chapter-one.md": CHAPTER,
        directory / "styles" / "book.css": STYLESHEET,
        directory / ".gitignore": GITIGNORE,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
