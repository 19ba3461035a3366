"""Reading the manuscript: metadata plus chapter sources in reading order, checked for safety.

Chapters are the Markdown files in manuscript/chapters/, in file-name order (number them:
01-first.md, 02-second.md). A chapter may open with a YAML front-matter block naming its role.
Everything here works on source text, so each problem can name its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from publish.errors import PublishError
from publish.project import Project
from publish.source.metadata import Metadata, load_metadata
from publish.source.text_file import read_text

# epub:type roles a division may take, by where it stands in the book.
FRONT_MATTER = ("dedication", "epigraph", "foreword", "preface", "introduction", "prologue")
BODY_MATTER = ("chapter", "part")
BACK_MATTER = ("epilogue", "afterword", "appendix", "acknowledgments", "bibliography",
               "glossary", "colophon")
ROLES = FRONT_MATTER + BODY_MATTER + BACK_MATTER

MAX_PARAGRAPH_CHARS = 100_000  # a printed page holds ~3,000; beyond this layout would crawl
MAX_NESTING = 16  # block quotes or lists nested deeper than any book needs

# Raw HTML that could run code or pull in content: refused with its line, never carried on.
FORBIDDEN_ELEMENT = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|form|input|button|textarea|"
    r"select|link|meta|base|style|audio|video|source|track|portal|svg|math)\b", re.IGNORECASE)
INLINE_CODE = re.compile(r"`+[^`]*`+")
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"(java|vb)script\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class ChapterSource:
    path: Path  # absolute
    shown_as: Path  # as the author knows it, for messages
    text: str  # the Markdown, front matter removed
    first_line: int  # the line of the file where `text` begins
    role: str


@dataclass(frozen=True)
class Manuscript:
    project: Project
    metadata: Metadata
    chapters: tuple[ChapterSource, ...]


def read_manuscript(project: Project) -> Manuscript:
    metadata = read_metadata(project)
    if not project.chapters.is_dir():
        raise PublishError("no chapters/ directory: put the text in manuscript/chapters/*.md",
                           project.relative(project.manuscript))
    paths = sorted(project.chapters.glob("*.md"))
    chapters = tuple(read_chapter(project, path) for path in paths)
    if not any(chapter.text.strip() for chapter in chapters):
        raise PublishError("the manuscript is empty: add Markdown chapters (01-name.md, ...)",
                           project.relative(project.chapters))
    return Manuscript(project, metadata, chapters)


def read_metadata(project: Project) -> Metadata:
    """The book's metadata alone: what `publish proof` needs to find the built files."""
    return load_metadata(project.metadata_file, project.relative(project.metadata_file))


def read_chapter(project: Project, path: Path) -> ChapterSource:
    shown_as = project.relative(path)
    project.inside(path, cited_in=path)
    text = read_text(path, shown_as)
    role, body, first_line = split_front_matter(text, shown_as)
    check_source(body, shown_as, first_line)
    return ChapterSource(path, shown_as, body, first_line, role)


def split_front_matter(text: str, shown_as: Path) -> tuple[str, str, int]:
    """The chapter's role and the Markdown after its optional `---` front-matter block."""
    if not text.startswith("---\n"):
        return "chapter", text, 1
    end = text.find("\n---\n", 3)
    if end < 0:
        raise PublishError("front matter opened with --- is never closed with ---", shown_as, 1)
    try:
        fields = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError:
        raise PublishError("front matter is not valid YAML", shown_as, 1) from None
    if not isinstance(fields, dict) or set(fields) - {"role"}:
        raise PublishError("front matter may hold only `role: ROLE`", shown_as, 1)
    role = str(fields.get("role", "chapter"))
    if role not in ROLES:
        raise PublishError(f"unknown role {role!r} (one of: {', '.join(ROLES)})", shown_as, 2)
    body = text[end + 5:]
    return role, body, text.count("\n", 0, end + 5) + 1


def check_source(text: str, shown_as: Path, first_line: int) -> None:
    """Refuse what could run code, fetch content, or make the parser or layout run away."""
    paragraph_start, paragraph_chars = first_line, 0
    in_code = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if not in_code and not line.startswith("    "):
            check_html(line, shown_as, number)
        if line.strip():
            if paragraph_chars == 0:
                paragraph_start = number
            paragraph_chars += len(line)
            if paragraph_chars > MAX_PARAGRAPH_CHARS:
                raise PublishError(
                    f"paragraph longer than {MAX_PARAGRAPH_CHARS:,} characters; split it "
                    "(a blank line starts a new paragraph)", shown_as, paragraph_start)
        else:
            paragraph_chars = 0
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            raise PublishError(f"nested {depth} levels deep; the limit is {MAX_NESTING}",
                               shown_as, number)


def check_html(line: str, shown_as: Path, number: int) -> None:
    line = INLINE_CODE.sub("", line)  # code spans show markup; they never run it
    element = FORBIDDEN_ELEMENT.search(line)
    if element:
        raise PublishError(
            f"raw HTML <{element.group(1).lower()}> is not allowed in a manuscript "
            "(editions carry no scripts, frames, forms, embedded media or styles)",
            shown_as, number)
    handler = EVENT_HANDLER.search(line)
    if handler:
        raise PublishError(f"raw HTML event handler {handler.group(1)}= is not allowed",
                           shown_as, number)
    if SCRIPT_URL.search(line):
        raise PublishError("script: URLs are not allowed", shown_as, number)


def nesting_depth(line: str) -> int:
    """How deeply a line nests block quotes and lists, by its leading markers and indent."""
    quotes = 0
    rest = line
    while True:
        stripped = rest.lstrip(" ")
        if stripped.startswith(">"):
            quotes += 1
            rest = stripped[1:]
        else:
            break
    indent = len(rest.expandtabs(4)) - len(rest.expandtabs(4).lstrip(" "))
    return quotes + indent // 4
