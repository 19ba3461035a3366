"""Names the import gives: a chapter's file name from its words, and a name not yet taken."""

from __future__ import annotations

import re
from collections.abc import Container


def slug(words: str) -> str:
    """A chapter file's name (before its number) from words: lower case, letters and digits,
    hyphens between, at most 60 characters."""
    made = re.sub(r"[^\w]+", "-", words.lower()).strip("-_")
    made = re.sub(r"^\d+-", "", made)  # "002-the-signers": the number is the writer's to give
    return made[:60].rstrip("-") or "chapter"


def untaken(name: str, taken: Container[str]) -> str:
    """`name`, or `name-2`, `name-3`... (before any suffix such as `.png`) if it is taken."""
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, f".{suffix}") if dot and stem else (name, "")
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate
