"""Parity: proof that the EPUB, the PDF and the text edition say what the manuscript says.

Each built edition is read back as a reader's program would read it (read_back.py), never from
our own intermediate data, and compared with the Book made afresh from the project:

* the body text as a sequence of normalised words (words.py), note references left out; the
  first difference is reported with its context;
* the notes, as one sequence of words (each note's number, then its text), and their count;
* the headings, in order;
* the metadata (metadata_parity.py).

The kepub, an extra edition, is read back as the EPUB is and checked the same way when it
has been built. The ASCII text edition, another, is checked too when it has been built, against the
manuscript's text transliterated here (each text by its language's convention, the rest by
anyascii), not by the edition's own mapping, so a fault there cannot hide on both sides; so is
the screen PDF's metadata.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import accumulate

from publish.checks.built import Built
from publish.checks.metadata_parity import (
    epub_metadata,
    expected_metadata,
    metadata_finding,
    pdf_metadata,
    txt_metadata,
)
from publish.checks.pdf_text import pdf_text
from publish.checks.read_back import TextMarks, epub_text, txt_text
from publish.checks.report import Finding, Report
from publish.checks.words import (
    Text,
    heading_words,
    manuscript_text,
    transliterated,
    without_marks,
)

CONTEXT_WORDS = 6


def check_parity(built: Built) -> Report:
    """Whether the built EPUB, PDF and text edition carry the manuscript's (the Book's) words,
    headings, notes and metadata; where they do not, the first place each differs."""
    book = built.book
    manuscript = built.manuscript
    metadata = book.metadata
    findings: list[Finding] = []
    for name in ("epub", "pdf", "txt"):
        if not built.has(name):
            findings.append(Finding("E-001", False, f"{built.shown(name)} is missing: run "
                                    "`publish build`", edition=name.upper()))
    if built.has("epub"):
        findings += compare_text("EPUB", manuscript, epub_text(built.path("epub")))
        findings += metadata_finding("EPUB package", epub_metadata(
            built.path("epub"), expected_metadata(book, metadata.edition_identifier("epub"))))
    if built.has("pdf"):
        findings += compare_text("PDF", letters_only(manuscript),
                                 pdf_text([page.lines for page in built.pdf_pages], book,
                                          manuscript))
        info, xmp = pdf_metadata(built.path("pdf"),
                                 expected_metadata(book, metadata.print_identifier))
        findings += metadata_finding("PDF Info", info) + metadata_finding("PDF XMP", xmp)
    if built.has("txt"):
        marks = TextMarks.of(book)
        findings += compare_text("TXT", manuscript,
                                 txt_text(built.path("txt"), heading_words(book), marks))
        findings += metadata_finding("TXT header", txt_metadata(
            built.path("txt"), book, expected_metadata(book), marks))
    if built.has("kepub"):  # an extra edition: read back as the EPUB is, and the same
        findings += compare_text("KEPUB", manuscript, epub_text(built.path("kepub")))
        findings += metadata_finding("KEPUB package", epub_metadata(
            built.path("kepub"), expected_metadata(book, metadata.edition_identifier("epub"))))
    if built.has("txt-ascii"):  # an extra edition: checked when it has been built
        findings += ascii_parity(built)
    if built.has("pdf-digital"):  # the same
        info, xmp = pdf_metadata(built.path("pdf-digital"), expected_metadata(
            book, metadata.edition_identifier("digital")))
        findings += metadata_finding("Screen PDF Info", info) + metadata_finding(
            "Screen PDF XMP", xmp)
    return Report(f"Parity: {built.editions}", tuple(findings))


def letters_only(text: Text) -> Text:
    """The words without their combining marks (words.without_marks), for the PDF. A word
    that was only marks (a Thai vowel sign, compared on its own) is gone, so where chapters
    and tables begin is counted again."""
    kept = list(accumulate((bool(without_marks((word,))) for word in text.words), initial=0))
    kept_in_notes = list(accumulate((bool(without_marks((word,))) for word in text.notes),
                                    initial=0))
    return Text(without_marks(text.words), without_marks(text.notes), text.note_count,
                tuple(without_marks(heading) for heading in text.headings),
                tuple((kept[start], title) for start, title in text.chapters),
                recounted(text.tables, text.words, kept), text.tokens, text.note_numbers,
                recounted(text.note_tables, text.notes, kept_in_notes))


def recounted(tables: Sequence[tuple[int, int, int]], words: Sequence[str],
              kept: Sequence[int]) -> tuple[tuple[int, int, int], ...]:
    """Where tables begin and end among words some of which are gone (`kept`: how many are
    left before each), and how many of their first words, the caption's and header's, are."""
    return tuple((kept[start], kept[end], len(without_marks(words[start:start + head])))
                 for start, end, head in tables)


def ascii_parity(built: Built) -> list[Finding]:
    """The ASCII text edition against the manuscript's words and metadata transliterated here
    (each text by its language's convention, then anyascii), from the Book's own text, not by
    the edition's mapping."""
    lang = built.book.metadata.lang
    expected = manuscript_text(built.book, transliterated)
    metadata = {name: transliterated(value, lang)
                for name, value in expected_metadata(built.book).items()}
    path = built.path("txt-ascii")
    marks = TextMarks.of(built.book, transliterated)
    return compare_text("ASCII TXT", expected, txt_text(path, expected.headings, marks)) + (
        metadata_finding("ASCII TXT header", txt_metadata(path, built.book, metadata, marks)))


def first_difference(expected: Sequence[str], found: Sequence[str]) -> int | None:
    """Where two word sequences part, or None when they are the same."""
    for index, (wanted, got) in enumerate(zip(expected, found, strict=False)):
        if wanted != got:
            return index
    return None if len(expected) == len(found) else min(len(expected), len(found))


def context(sequence: Sequence[str], index: int) -> str:
    start = max(0, index - CONTEXT_WORDS)
    shown = " ".join(sequence[start:index + CONTEXT_WORDS])
    return ("…" if start else "") + shown + ("…" if index + CONTEXT_WORDS < len(sequence) else "")


def compare_words(edition: str, code: str, expected: Sequence[str], found: Sequence[str],
                  chapters: Sequence[tuple[int, str]] = (),
                  tables: Sequence[tuple[int, int, int]] = ()) -> Finding:
    """Whether an edition has the manuscript's words; if not, where it first parts from them
    (the count is of normalised words, the chapter is the manuscript's at that word)."""
    difference = parting(expected, found, tables)
    if difference is None:
        return Finding(code, True, f"same {len(expected):,} words as the manuscript",
                       edition=edition)
    index, at = difference
    chapter = next((title for start, title in reversed(chapters) if start <= index), None)
    where = f" (in {chapter!r})" if chapter else ""
    table = next(((start, end) for start, end, _ in tables if start == index), None)
    if table is not None:  # the table's words as a whole differ: say which
        start, end = table
        window = Counter(found[at:at + end - start])
        wanted = Counter(expected[start:end])
        missing, extra = wanted - window, window - wanted
        return Finding(code, False, f"{edition} differs from the manuscript in the table at "
                       f"word {index + 1:,}{where}: it lacks {', '.join(sorted(missing)) or '-'}"
                       f" and has {', '.join(sorted(extra)) or '-'} more", edition=edition)
    return Finding(
        code, False,
        f"{edition} differs from the manuscript at word {index + 1:,}{where}: "
        f"'{context(found, at)}' where the manuscript has '{context(expected, index)}'",
        edition=edition)


def parting(expected: Sequence[str], found: Sequence[str],
            tables: Sequence[tuple[int, int, int]]) -> tuple[int, int] | None:
    """Where the sequences first part, (in the manuscript's, in the edition's), or None.

    A table's words are compared as a whole, each as often as the manuscript has it: an
    edition reads a table row by row, but a PDF gives the lines of cells that wrap
    interleaved and repeats the caption and header row on each page the table runs over, and
    a text edition too wide for the columns sets each row as "Header: value" lines."""
    offset = 0  # how many more words the edition has so far (repeated header rows)
    done = 0
    for start, end, head in [*tables, (len(expected), len(expected), 0)]:
        index = first_difference(expected[done:start], found[done + offset:start + offset])
        if index is not None:
            return done + index, done + offset + index
        if start == len(expected):
            break
        header = set(expected[start:start + head])
        following = tuple(expected[end:end + 5])
        stop = next((position for position in range(end + offset, len(found) + 1)
                     if following and tuple(found[position:position + len(following)])
                     == following), len(found))
        extra = Counter(found[start + offset:stop]) - Counter(expected[start:end])
        if Counter(expected[start:end]) - Counter(found[start + offset:stop]) or not set(
                extra) <= header:
            return start, start + offset
        offset = stop - end
        done = end
    return None if len(found) == len(expected) + offset else (len(expected),
                                                               len(expected) + offset)


def first_note_missing(manuscript: Text, text: Text) -> str:
    """Which note an edition that lacks one (or has one more) first parts at, by the notes'
    numbers, when it gives them: print numbers notes as the manuscript does."""
    if not text.note_numbers or text.note_count == manuscript.note_count:
        return ""
    index = first_difference(manuscript.note_numbers, text.note_numbers)
    if index is None or index >= len(manuscript.note_numbers):
        return ""
    return (f": the first missing is note {manuscript.note_numbers[index]} (the "
            f"manuscript's note {index + 1:,} of {manuscript.note_count:,})")


def compare_text(edition: str, manuscript: Text, text: Text) -> list[Finding]:
    findings = [compare_words(edition, "E-002", manuscript.words, text.words,
                              manuscript.chapters, manuscript.tables),
                compare_words(edition, "E-003", manuscript.notes, text.notes,
                              tables=manuscript.note_tables),
                Finding("E-004", text.note_count == manuscript.note_count,
                        f"{text.note_count} notes, the manuscript has {manuscript.note_count}"
                        + first_note_missing(manuscript, text), edition=edition)]
    missing = [" ".join(heading) for heading in manuscript.headings
               if heading not in text.headings]
    in_order = [heading for heading in text.headings if heading in manuscript.headings]
    ordered = in_order == [heading for heading in manuscript.headings
                           if heading in text.headings]
    extra = [" ".join(heading) for heading in text.headings
             if heading not in manuscript.headings]
    problems = ([f"missing {missing[0]!r}" + (f" and {len(missing) - 1} more" if len(missing) > 1
                                                 else "")] if missing else [])
    problems += ["not in the manuscript's order"] if not ordered else []
    problems += [f"not in the manuscript: {extra[0]!r}"] if extra and edition != "PDF" else []
    findings.append(Finding("E-005", not problems, "; ".join(problems) or
                            f"the manuscript's {len(manuscript.headings)} headings in order",
                            edition=edition))
    return findings
