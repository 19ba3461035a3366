"""`publish lint`: every rule of the manuscript run without building anything (checks/lint).

The rules read each chapter file's blocks (blocks.py): its structure (structure.py: notes,
headings, tables) and, for damaged sources, proofreading (proofing.py). A finding an author
means to keep is allowed where it stands (`<!-- lint: allow D-007 -->` in its block) or in a
whole file (`lint-allow: [D-009]` in its front matter).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence

from publish.book.make import make_book
from publish.checks.lint import blocks, finding, proofing, structure
from publish.checks.lint.blocks import Block, blocks_of
from publish.checks.lint.finding import LintFinding, Place
from publish.errors import PublishError
from publish.kept import Keep, made, source_digests
from publish.source import manuscript as manuscript_module
from publish.source.manuscript import ChapterSource, Manuscript

FileRule = Callable[[Place, Sequence[Block]], Iterator[LintFinding]]
BookRule = Callable[[Sequence[tuple[Place, Sequence[Block]]]], Iterator[LintFinding]]
FILE_RULES: tuple[FileRule, ...] = (
    structure.notes, structure.raw_html, structure.headings, structure.tables,
    proofing.page_break_splits,
    proofing.in_prose, proofing.quotation_marks, proofing.web_chrome)
BOOK_RULES: tuple[BookRule, ...] = (proofing.mixed_quotes, proofing.spelling_variants)
# In the key of a file's kept findings: the rules' code, and what a file's blocks are read with.
RULES_VERSION = source_digests(__file__, blocks.__file__, finding.__file__, proofing.__file__,
                               structure.__file__, manuscript_module.__file__)


def lint_manuscript(manuscript: Manuscript, keep: Keep = made) -> tuple[LintFinding, ...]:
    """Every finding of every rule, file by file and line by line, less those allowed. What
    the file rules find in a file is kept in `keep` (an edit changes one file)."""
    files = [(Place(source.shown_as), tuple(blocks_of(source)))
             for source in manuscript.chapters]
    allowed = {source.shown_as: (set(source.lint_allow), allowances(blocks))
               for source, (_, blocks) in zip(manuscript.chapters, files, strict=True)}
    found = [finding for source, (place, blocks) in zip(manuscript.chapters, files, strict=True)
             for finding in file_findings(source, place, blocks, keep)]
    found += [finding for rule in BOOK_RULES for finding in rule(files)]
    order = {source.shown_as: index for index, source in enumerate(manuscript.chapters)}
    kept = (finding for finding in found
            if finding.code not in allowed[finding.path][0]
            and finding.code not in allowed[finding.path][1].get(finding.line, ()))
    return tuple(sorted(set(kept), key=lambda finding: (  # the same order in every run
        order[finding.path], finding.line, finding.code, finding.message)))


def file_findings(source: ChapterSource, place: Place, blocks: Sequence[Block], keep: Keep
                  ) -> list[LintFinding]:
    """What the file rules find in one file: found, or kept from a build that found them."""
    key = hashlib.sha256(f"lint {RULES_VERSION}\0{place.path.as_posix()}\0{source.first_line}"
                         f"\0{source.text}".encode()).hexdigest()

    def find() -> bytes:
        return json.dumps([[found.code, found.line, found.message, found.hint]
                           for rule in FILE_RULES for found in rule(place, blocks)]).encode()

    return [place.finding(code, line, message, hint)
            for code, line, message, hint in json.loads(keep(key, find))]


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
