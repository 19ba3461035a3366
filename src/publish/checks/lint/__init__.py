"""`publish lint`: every rule of the manuscript run without building anything (checks/lint).

The rules read each chapter file's blocks (blocks.py): its structure (structure.py: notes,
headings, tables), what a word processor's paste hides (pasted.py) and, for damaged sources,
proofreading (proofing.py; spelling.py, which judges words in the language they stand in:
languages.py, word_lists.py). Lists Markdown would not read as lists are found in the file's
lines as written (lists.py), code too. A finding an author
means to keep is allowed where it stands (`<!-- lint: allow D-007 -->` in its block) or in a
whole file (`lint-allow: [D-009]` in its front matter).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from publish.book.make import make_book
from publish.checks.lint import (
    blocks,
    finding,
    languages,
    lists,
    pasted,
    proofing,
    spelling,
    structure,
)
from publish.checks.lint.blocks import Block, blocks_of
from publish.checks.lint.finding import LintFinding, Place
from publish.errors import PublishError
from publish.kept import Keep, made, source_digests
from publish.source import manuscript as manuscript_module
from publish.source.manuscript import ChapterSource, Manuscript

FileRule = Callable[[Place, Sequence[Block]], Iterator[LintFinding]]
FILE_RULES: tuple[FileRule, ...] = (
    structure.notes, structure.raw_html, structure.headings, structure.tables,
    proofing.page_break_splits,
    proofing.in_prose, proofing.quotation_marks, proofing.web_chrome,
    pasted.invisible_characters)
# Rules that read the file's lines as written, code too (a list that became code is in it).
SourceRule = Callable[[Place, ChapterSource], Iterator[LintFinding]]
SOURCE_RULES: tuple[SourceRule, ...] = (lists.indented_lists, lists.run_in_lists)


@dataclass(frozen=True)
class BookRule:
    """A rule over the whole book, in two steps: what it reads of each file's blocks (plain
    JSON data, kept with the file's findings, so that an edit reads one file again), then what
    it finds in every file's, in the book's language (which a file's reading cannot hold: it
    is kept by the file's text alone)."""

    read: Callable[[Sequence[Block]], Any]
    find: Callable[[Sequence[tuple[Place, Any]], str], Iterator[LintFinding]]


BOOK_RULES: tuple[BookRule, ...] = (
    BookRule(proofing.quotation_kinds, proofing.mixed_quotes),
    BookRule(spelling.first_words, spelling.spelling_variants))
# In the key of a file's kept findings: the rules' code, and what a file's blocks are read with.
RULES_VERSION = source_digests(__file__, blocks.__file__, finding.__file__, languages.__file__,
                               lists.__file__, pasted.__file__, proofing.__file__,
                               spelling.__file__, structure.__file__, manuscript_module.__file__)


@dataclass(frozen=True)
class LintedFile:
    """What the rules took from one file: the file rules' findings, the lines that allow codes,
    and what each book rule read."""

    place: Place
    found: tuple[LintFinding, ...]
    allowances: dict[int, frozenset[str]]
    read: tuple[Any, ...]  # one per book rule


def lint_manuscript(manuscript: Manuscript, keep: Keep = made) -> tuple[LintFinding, ...]:
    """Every finding of every rule, file by file and line by line, less those allowed. What
    the rules take from a file is kept in `keep` (an edit changes one file)."""
    files = [linted_file(source, keep) for source in manuscript.chapters]
    found = [finding for file in files for finding in file.found]
    found += [finding for index, rule in enumerate(BOOK_RULES)
              for finding in rule.find([(file.place, file.read[index]) for file in files],
                                       manuscript.metadata.lang)]
    allowed = {file.place.path: (set(source.lint_allow), file.allowances)
               for source, file in zip(manuscript.chapters, files, strict=True)}
    order = {file.place.path: index for index, file in enumerate(files)}
    kept = (finding for finding in found
            if finding.code not in allowed[finding.path][0]
            and finding.code not in allowed[finding.path][1].get(finding.line, ()))
    return tuple(sorted(set(kept), key=lambda finding: (  # the same order in every run
        order[finding.path], finding.line, finding.code, finding.message)))


def linted_file(source: ChapterSource, keep: Keep) -> LintedFile:
    """What the rules take from one file: read now, or kept from a build that read it."""
    place = Place(source.shown_as)
    key = hashlib.sha256(f"lint {RULES_VERSION}\0{place.path.as_posix()}\0{source.first_line}"
                         f"\0{source.text}".encode()).hexdigest()

    def read() -> bytes:
        file_blocks = tuple(blocks_of(source))
        return json.dumps({
            "found": [[found.code, found.line, found.message, found.hint]
                      for rule in FILE_RULES for found in rule(place, file_blocks)]
                     + [[found.code, found.line, found.message, found.hint]
                        for rule in SOURCE_RULES for found in rule(place, source)],
            "allowances": [[line, sorted(codes)]
                           for line, codes in allowances(file_blocks).items()],
            "read": [rule.read(file_blocks) for rule in BOOK_RULES]}).encode()

    taken = json.loads(keep(key, read))  # the same data, read now or kept
    return LintedFile(place, tuple(place.finding(code, line, message, hint)
                                   for code, line, message, hint in taken["found"]),
                      {line: frozenset(codes) for line, codes in taken["allowances"]},
                      tuple(taken["read"]))


def allowances(blocks: Sequence[Block]) -> dict[int, frozenset[str]]:
    """Each line of a block that allows codes, with the codes it allows."""
    return {line.number: block.allowed for block in blocks if block.allowed
            for line in block.lines}


def refusal(manuscript: Manuscript) -> PublishError | None:
    """What making the Book would refuse (an image, a link, markup nested too deep), found
    without laying anything out; None when it would make the Book."""
    try:
        make_book(manuscript)
    except PublishError as error:
        return error
    return None
