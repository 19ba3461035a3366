"""The YAML block that may open a chapter file: the chapter's own fields and the book's.

A block opens the file with a line `---` and closes with `---` or `...`, pandoc's forms. Two
fields belong to the chapter: `role`, what the division is (dedication, foreword, chapter,
appendix...), and `running-head`, a short title for the page heads. Every other field is the
book's metadata, as pandoc reads it, merged with manuscript/metadata.yaml (metadata_reader).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.source.metadata import CHAPTER_FIELDS, MetadataSource
from publish.source.metadata_reader import parsed

# epub:type roles a division may take, by where it stands in the book.
FRONT_MATTER = ("dedication", "epigraph", "foreword", "preface", "introduction", "prologue")
BODY_MATTER = ("chapter", "part")
BACK_MATTER = ("epilogue", "afterword", "appendix", "acknowledgments", "bibliography",
               "glossary", "colophon")
ROLES = FRONT_MATTER + BODY_MATTER + BACK_MATTER
LINT_CODE = re.compile(r"^[A-Z]-\d{3}$")
BLOCK_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    role: str | None  # None: the file does not say
    running_head: str | None
    metadata: MetadataSource | None  # the block, for the book's fields in it
    body: str  # the Markdown after the block
    first_line: int  # the line of the file where the body begins
    lint_allow: tuple[str, ...] = ()  # lint codes the file allows throughout


def split_front_matter(text: str, shown_as: Path) -> FrontMatter:
    """The chapter's fields, its block as a metadata source, and the Markdown after it."""
    if not re.match(r"---[ \t]*\n", text):
        return FrontMatter(None, None, None, text, 1)
    opening = text.index("\n") + 1
    end = BLOCK_END.search(text, opening)
    if end is None:
        raise PublishError("M-002 front matter opened with --- is never closed with --- or ...",
                           shown_as, 1)
    block = MetadataSource(shown_as, text[opening:end.start()], 2)
    fields, lines = parsed(block)
    role = field_text(fields.get("role"), "role", shown_as, lines)
    if role is not None and role not in ROLES:
        raise PublishError(f"M-002 unknown role {role!r} (one of: {', '.join(ROLES)})", shown_as,
                           lines["role"])
    running_head = field_text(fields.get("running-head"), "running-head", shown_as, lines)
    after = end.end() + 1  # past the closing line's newline
    book_fields = set(fields) - set(CHAPTER_FIELDS)
    return FrontMatter(role, running_head, block if book_fields else None, text[after:],
                       text.count("\n", 0, after) + 1, lint_codes(fields, shown_as, lines))


def lint_codes(fields: Mapping[str, tuple[object, object]], shown_as: Path,
               lines: dict[str, int]) -> tuple[str, ...]:
    """`lint-allow`: the lint codes (D-009, or a list of them) the file allows throughout."""
    if "lint-allow" not in fields:
        return ()
    value = fields["lint-allow"][1]
    codes = value if isinstance(value, list) else [value]
    if not all(isinstance(code, str) and LINT_CODE.match(code) for code in codes):
        raise PublishError("M-002 lint-allow: give lint codes such as D-009, or a list of them",
                           shown_as, lines["lint-allow"])
    return tuple(str(code) for code in codes)


def field_text(field: tuple[object, object] | None, name: str, shown_as: Path,
               lines: dict[str, int]) -> str | None:
    if field is None:
        return None
    value = field[1]
    if not isinstance(value, str) or not value.strip():
        raise PublishError(f"M-002 {name}: must be non-empty text", shown_as, lines[name])
    return " ".join(value.split())
