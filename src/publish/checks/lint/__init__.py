"""`publish lint`: every rule of the manuscript run without building anything (checks/lint).

The rules read each chapter file's blocks (blocks.py): its structure (structure.py: notes,
headings, tables) and, for damaged sources, proofreading (proofing.py). A finding an author
means to keep is allowed where it stands (`<!-- lint: allow D-007 -->` in its block) or in a
whole file (`lint-allow: [D-009]` in its front matter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from publish.book.make import make_book
from publish.checks.lint import proofing, structure
from publish.checks.lint.blocks import Block, blocks_of
from publish.checks.lint.finding import LintFinding, Place
from publish.errors import PublishError
from publish.source.manuscript import Manuscript

FileRule = Callable[[Place, Sequence[Block]], Iterator[LintFinding]]
BookRule = Callable[[Sequence[tuple[Place, Sequence[Block]]]], Iterator[LintFinding]]
FILE_RULES: tuple[FileRule, ...] = (
    structure.notes, structure.raw_html, structure.headings, structure.tables,
    proofing.page_break_splits,
    proofing.in_prose, proofing.quotation_marks, proofing.web_chrome)
BOOK_RULES: tuple[BookRule, ...] = (proofing.mixed_quotes, proofing.spelling_variants)


def lint_manuscript(manuscript: Manuscript) -> tuple[LintFinding, ...]:
    """Every finding of every rule, file by file and line by line, less those allowed."""
    files = [(Place(source.shown_as), tuple(blocks_of(source)))
             for source in manuscript.chapters]
    allowed = {source.shown_as: (set(source.lint_allow), allowances(blocks))
               for source, (_, blocks) in zip(manuscript.chapters, files, strict=True)}
    found = [finding for place, blocks in files for rule in FILE_RULES
             for finding in rule(place, blocks)]
    found += [finding for rule in BOOK_RULES for finding in rule(files)]
    order = {source.shown_as: index for index, source in enumerate(manuscript.chapters)}
    kept = (finding for finding in found
            if finding.code not in allowed[finding.path][0]
            and finding.code not in allowed[finding.path][1].get(finding.line, ()))
    return tuple(sorted(set(kept), key=lambda finding: (  # the same order in every run
        order[finding.path], finding.line, finding.code, finding.message)))


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
