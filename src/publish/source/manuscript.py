"""Reading the manuscript: metadata plus chapter sources in reading order, checked for safety.

Chapters are the Markdown files in manuscript/chapters/, in file-name order (number them:
01-first.md, 02-second.md), or one file holding the whole book. A file may open with a YAML
block (front_matter.py) naming its role, or holding the book's metadata as pandoc users write
it. Everything here works on source text, so each problem can name its file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

from publish.errors import PublishError
from publish.project import Project
from publish.source.front_matter import FrontMatter, split_front_matter
from publish.source.metadata import Metadata, MetadataSource
from publish.source.metadata_reader import load_metadata
from publish.source.text_file import (
    CONTROL,
    MAX_PROBLEMS,
    control_characters,
    decoded,
    read_text,
)

MAX_PARAGRAPH_CHARS = 100_000  # a printed page holds ~3,000; beyond this layout would crawl
MAX_NESTING = 16  # block quotes or lists nested deeper than any book needs

# Raw HTML that could run code or pull in content: refused with its line, never carried on.
FORBIDDEN_ELEMENT = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|form|input|button|textarea|"
    r"select|link|meta|base|style|audio|video|source|track|portal|svg|math)\b", re.IGNORECASE)
# Elements whose content is raw text, not markup: an unclosed one swallows what follows.
RAW_TEXT_ELEMENT = re.compile(r"<\s*/?\s*(title|xmp|plaintext|noembed|noframes|noscript|listing)\b",
                              re.IGNORECASE)
INLINE_CODE = re.compile(r"`+[^`]*`+")
ITEM_OR_ROW = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)]|\|)\s")
# An ATX heading: its marks, then its words (Python-Markdown needs no space after the #s).
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(.*)$")
CLOSING_MARKS = re.compile(r"(?:^|(?<=\s))#+\s*$")
# Entities for characters a reader sees nothing of (a space, a zero-width one, a soft hyphen).
BLANK_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|zwsp|zwj|zwnj|shy|ZeroWidthSpace|"
                          r"#0*160|#x0*a0|#0*8203|#x0*200b);", re.IGNORECASE)
LINK_DESTINATION = re.compile(r"\]\(\s*<[^<>\n]*>")
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"(java|vb)script\s*:", re.IGNORECASE)
CHARACTER_REFERENCE = re.compile(r"&#(?:0*(\d{1,8})|[xX]0*([0-9a-fA-F]{1,7}));")


@dataclass(frozen=True)
class ChapterSource:
    path: Path  # absolute
    shown_as: Path  # as the author knows it, for messages
    text: str  # the Markdown, front matter removed
    first_line: int  # the line of the file where `text` begins
    role: str | None  # as its front matter says; None: it does not say
    running_head: str | None = None  # a short title for the page heads, if it gives one
    lint_allow: tuple[str, ...] = ()  # lint codes its front matter allows throughout the file


@dataclass(frozen=True)
class Manuscript:
    project: Project
    metadata: Metadata
    chapters: tuple[ChapterSource, ...]


def read_manuscript(project: Project) -> Manuscript:
    """The manuscript, or one error listing every problem of every file (the metadata's too):
    an author mends them all after one run, not one per run."""
    files, problems = read_files(project)
    try:
        metadata = book_metadata(project, [front for _, front in files])
    except PublishError as error:
        problems += error.problems
    chapters = []
    for path, front in files:
        problems += source_problems(front.body, project.relative(path), front.first_line)
        chapters.append(ChapterSource(path, project.relative(path), front.body, front.first_line,
                                      front.role, front.running_head, front.lint_allow))
    if problems:
        raise PublishError.collect(problems)
    if all(is_blank(chapter.text) for chapter in chapters):
        raise PublishError("M-004 the manuscript is empty: add Markdown chapters (01-name.md, ...)",
                           project.relative(project.chapters))
    return Manuscript(project, metadata, tuple(chapters))


def is_blank(text: str) -> bool:
    """Whether a reader would see nothing of the text: spaces of any kind (a word processor's
    no-break ones too), zero-width and other invisible characters, or entities for them."""
    return all(character.isspace() or unicodedata.category(character) == "Cf"
               for character in BLANK_ENTITY.sub("", text))


def read_metadata(project: Project) -> Metadata:
    """The book's metadata alone: what `publish proof` needs to find the built files."""
    files, problems = read_files(project)
    if problems:
        raise PublishError.collect(problems)
    return book_metadata(project, [front for _, front in files])


def read_files(project: Project) -> tuple[list[tuple[Path, FrontMatter]], list[PublishError]]:
    """Each chapter file that can be read, in reading order, its opening block split off; and
    the problems of all (of one that stops being text, its first: what follows is unread)."""
    if not project.chapters.is_dir():
        raise PublishError("M-004 no chapters/ directory: put the text in manuscript/chapters/*.md",
                           project.relative(project.manuscript))
    files: list[tuple[Path, FrontMatter]] = []
    problems: list[PublishError] = []
    for path in sorted(project.chapters.glob("*.md")):
        shown_as = project.relative(path)
        try:
            project.inside(path, cited_in=path)
            text = decoded(path, shown_as)
            problems += control_characters(text, shown_as)  # the file's other lines still read
            files.append((path, split_front_matter(text, shown_as)))
        except PublishError as error:
            problems += error.problems
    return files, problems


def book_metadata(project: Project, fronts: list[FrontMatter]) -> Metadata:
    """metadata.yaml (if there is one) and the metadata in the chapters' opening blocks."""
    shown_as = project.relative(project.metadata_file)
    sources = [front.metadata for front in fronts if front.metadata is not None]
    if project.metadata_file.is_file():
        sources.insert(0, MetadataSource(shown_as, read_text(project.metadata_file, shown_as)))
    elif not sources:
        raise PublishError("M-004 metadata file is missing (create it with title, creator, lang "
                           "and identifier, or open the first chapter with a YAML block of them)",
                           shown_as)
    return load_metadata(sources, shown_as)


def source_problems(text: str, shown_as: Path, first_line: int) -> list[PublishError]:
    """What could run code, fetch content, or make the parser or layout run away, each at its
    line; a runaway (R-001) ends the file's reading, as its size could make the rest crawl."""
    problems: list[PublishError] = []
    paragraph_start, paragraph_chars = first_line, 0
    in_code = False
    lines = text.split("\n")
    for number, line in enumerate(lines, start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if not in_code and not line.startswith("    "):
            try:
                check_html(line, shown_as, number)
                if "<!--" in line:
                    check_comment(line, lines[number - first_line + 1:], shown_as, number)
            except PublishError as error:
                problems.append(error)
            if len(problems) > MAX_PROBLEMS:  # a web page's HTML, say: one screen says so
                return problems
            heading = ATX_HEADING.match(line)
            if heading and is_blank(CLOSING_MARKS.sub("", heading[1])):
                problems.append(PublishError(
                    "S-002 a heading with no words (no-break or invisible spaces are none): "
                    "write its title after the #, or remove the line", shown_as, number))
        if line.strip():
            if ITEM_OR_ROW.match(line):  # a list item or a table row: a block of its own
                paragraph_chars = 0
            if paragraph_chars == 0:
                paragraph_start = number
            paragraph_chars += len(line)
            if paragraph_chars > MAX_PARAGRAPH_CHARS:
                return [*problems, PublishError(
                    f"R-001 paragraph longer than {MAX_PARAGRAPH_CHARS:,} characters; split it "
                    "(a blank line starts a new paragraph)", shown_as, paragraph_start)]
        else:
            paragraph_chars = 0
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            return [*problems, PublishError(
                f"R-001 nested {depth} levels deep; the limit is {MAX_NESTING}", shown_as, number)]
    return problems


def check_html(line: str, shown_as: Path, number: int) -> None:
    if "<" not in line and "&#" not in line and "script" not in line.lower():
        return  # nothing below could find anything: most lines of prose
    line = INLINE_CODE.sub("", line)  # code spans show markup; they never run it
    line = LINK_DESTINATION.sub("", line)  # ](</path?query>) is a link's address, not a tag
    raw_text = RAW_TEXT_ELEMENT.search(line)
    if raw_text:
        raise PublishError(
            f"H-002 raw HTML <{raw_text.group(1).lower()}> would hide the text after it in a "
            "browser or e-reader: remove it, or show it as code between backticks", shown_as,
            number)
    element = FORBIDDEN_ELEMENT.search(line)
    if element:
        raise PublishError(
            f"H-004 raw HTML <{element.group(1).lower()}> is not allowed in a manuscript "
            "(editions carry no scripts, frames, forms, embedded media or styles)",
            shown_as, number)
    handler = EVENT_HANDLER.search(line)
    if handler:
        raise PublishError(f"H-004 raw HTML event handler {handler.group(1)}= is not allowed",
                           shown_as, number)
    if SCRIPT_URL.search(line):
        raise PublishError("H-004 script: URLs are not allowed", shown_as, number)
    for reference in CHARACTER_REFERENCE.finditer(line):
        decimal, hexadecimal = reference.groups()
        codepoint = int(decimal) if decimal else int(hexadecimal, 16)
        if codepoint > 0x10FFFF or 0xD800 <= codepoint <= 0xDFFF or (
                codepoint < 0x110000 and CONTROL.match(chr(codepoint))):
            raise PublishError(f"X-002 {reference[0]} is not a character a book can hold (a "
                               "control character or no character at all): remove it", shown_as,
                               number)


def check_comment(line: str, following: list[str], shown_as: Path, number: int) -> None:
    """An HTML comment opened on this line must close (-->): a comment that opens a line may
    run over blank lines, one inside a paragraph must close in that paragraph (Markdown would
    print it as text otherwise, and an unclosed one hides the rest of the file in an e-reader).
    """
    opened = INLINE_CODE.sub("", line).rfind("<!--")
    if opened < 0 or "-->" in line[opened:]:
        return
    if not line.lstrip().startswith("<!--"):
        following = list(takewhile(str.strip, following))
    if not any("-->" in later for later in following):
        raise PublishError("H-003 this HTML comment (<!--) is not closed with --> (within its "
                           "paragraph, when it does not open the line): close it", shown_as,
                           number)


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
