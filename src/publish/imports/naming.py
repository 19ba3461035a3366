"""Names the import gives: a chapter's file name from its words, and a name not yet taken."""

from __future__ import annotations

import re
from collections.abc import Iterable


def slug(words: str) -> str:
    """A chapter file's name (before its number) from words: lower case, letters and digits,
    hyphens between, at most 60 characters."""
    made = re.sub(r"[^\w]+", "-", words.lower()).strip("-_")
    made = re.sub(r"^\d+-", "", made)  # "002-the-signers": the number is the writer's to give
    if len(made) > 60:  # cut at a word's end: "...-mobilisation", not "...-m"
        made = made[:61].rsplit("-", 1)[0] if "-" in made[:61] else made[:60]
    return made.rstrip("-") or "chapter"


def untaken(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name-2`, `name-3`... (before any suffix such as `.png`) if it is taken, in
    any case: `Plate.png` and `plate.png` are one file where the file system ignores case."""
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, f".{suffix}") if dot and stem else (name, "")
    folded = {other.lower() for other in taken}
    candidate, number = name, 1
    while candidate.lower() in folded:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate
