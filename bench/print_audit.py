"""Reads a built print PDF back for what the sweep looks for beside `publish check`: whether
each note prints on the page of its call, how many notes print, and text drawn over other text
or off the page.

It reads only the PDF (with pdfplumber), by the look of the page, as a proofreader would: the
body text's size is the commonest; a note call is a run of superior figures (narrower than a
text figure) set close after a character; a note is a line smaller than the text that opens
with its number and a full stop, at the page's foot. So it is independent of how publish
lays notes out, and of `publish check`'s own reading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

NOTE_START = re.compile(r"(\d+)\.(\s|$)")  # a note opening with a quotation: "3." alone
DIGITS = frozenset("0123456789")
FRACTION_SLASHES = {"\u2044", "/"}
FOLIO = re.compile(r"[0-9ivxlcdm]+")


@dataclass
class Audit:
    """What one PDF shows."""

    pages: int = 0
    notes_printed: int = 0
    calls: int = 0
    # (page, note numbers called there whose note is not at that page's foot)
    calls_without_note: list[tuple[int, list[int]]] = field(default_factory=list)
    # (page, note numbers at the foot whose call is not on that page)
    notes_without_call: list[tuple[int, list[int]]] = field(default_factory=list)
    # (page, "word" over "word")
    overprinted: list[tuple[int, str]] = field(default_factory=list)
    # (page, text) drawn outside the page
    off_page: list[tuple[int, str]] = field(default_factory=list)
    # (page, heading) a heading alone on its page, its text beginning on the next
    lonely_headings: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.notes_printed} notes printed, {self.calls} calls"]
        for what, found, shown in (
                ("calls without their note", self.calls_without_note, str),
                ("notes away from their call", self.notes_without_call, str),
                ("text over text", self.overprinted, str),
                ("a heading alone on its page", self.lonely_headings, repr),
                ("text off the page", self.off_page, repr)):
            if found:
                pages = len({page for page, _ in found})
                parts.append(f"{what} on {pages} pages (first: p. {found[0][0]}, "
                             f"{shown(found[0][1])})")
        return "; ".join(parts)


def calls_in(chars: list[dict[str, object]]) -> list[int]:
    """The note calls of a line: runs of superior figures set close after a character, other
    than a fraction's numerator or denominator (either side of a fraction slash, "8⁄₉")."""
    text = "".join(str(c["text"]) for c in chars).strip()
    if text and all(c in DIGITS for c in text) and all(float(c["x1"]) - float(c["x0"])  # type: ignore[arg-type]
                              < 0.36 * float(c["size"]) for c in chars):  # type: ignore[arg-type]
        return [int(text)]  # a call raised above its line (in a heading) is a line of its own
    if FOLIO.fullmatch(text) and len(text) <= 4:
        return []  # a page number (a table's row of figures is longer)
    runs: list[tuple[int, int]] = []  # each run's first and last index
    for index, char in enumerate(chars):
        glyph, size = str(char["text"]), float(char["size"])  # type: ignore[arg-type]
        width = float(char["x1"]) - float(char["x0"])  # type: ignore[arg-type]
        previous = chars[index - 1] if index else None
        superior = glyph in DIGITS and width < 0.36 * size
        close = previous is not None and not str(previous["text"]).isspace() and (
            float(char["x0"]) - float(previous["x1"]) < 0.3 * size)  # type: ignore[arg-type]
        if superior and close and runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        elif superior and close:
            runs.append((index, index))

    def text_at(index: int) -> str:
        return str(chars[index]["text"]) if 0 <= index < len(chars) else ""
    return [int("".join(str(chars[index]["text"]) for index in range(first, last + 1)))
            for first, last in runs
            if not FRACTION_SLASHES & {text_at(first - 1), text_at(last + 1)}]


def overlaps(a: dict[str, object], b: dict[str, object]) -> bool:
    """Whether two words share more than a third of the smaller one's box."""
    ax0, ax1, at, ab = (float(a[k]) for k in ("x0", "x1", "top", "bottom"))  # type: ignore[arg-type]
    bx0, bx1, bt, bb = (float(b[k]) for k in ("x0", "x1", "top", "bottom"))  # type: ignore[arg-type]
    width, height = min(ax1, bx1) - max(ax0, bx0), min(ab, bb) - max(at, bt)
    if width <= 0 or height <= 0:
        return False
    smaller = min((ax1 - ax0) * (ab - at), (bx1 - bx0) * (bb - bt))
    return smaller > 0 and width * height > smaller / 3


def audit(pdf_path: Path) -> Audit:
    import pdfplumber

    result = Audit()
    with pdfplumber.open(pdf_path) as pdf:
        pages = list(pdf.pages)
        result.pages = len(pages)
        every = Counter(round(float(c["size"]), 1) for page in pages for c in page.chars
                        if str(c["text"]).strip())
        if not every:
            return result
        # The text's size is the commonest, unless the notes outweigh the text (a commentary):
        # the notes' lines open with their numbers, and the text is set larger than they are.
        page_lines = [page.extract_text_lines(return_chars=True, strip=True) for page in pages]
        note_lines = Counter(round(float(line["chars"][0]["size"]), 1) for lines in page_lines
                             for line in lines if NOTE_START.match(line["text"]))
        text_size, most = every.most_common(1)[0]
        if note_lines and note_lines.most_common(1)[0][0] == text_size:
            larger = [(n, size) for size, n in every.items() if size > text_size and n > most / 10]
            text_size = max(larger)[1] if larger else text_size
        last_note = 0
        alone: tuple[int, str] | None = None  # the last page that held only a heading
        past_contents = False  # the title pages before the contents set lines apart as they will
        pending: set[int] = set()  # calls of the page before whose notes were not at its foot
        for number, (page, lines) in enumerate(zip(pages, page_lines, strict=True), 1):
            body = [line for line in lines if not FOLIO.fullmatch(line["text"].strip())]
            sizes = [round(float(line["chars"][0]["size"]), 1) for line in body]
            if alone and body:
                # A heading alone is a part's title page when the next page opens with a
                # heading too; when it opens with text, the heading was left behind.
                if sizes[0] <= text_size + 0.5 and len(body) > 2:
                    result.lonely_headings.append(alone)
                alone = None
            if body and len(body) <= 2 and past_contents and all(
                    size > text_size + 0.5 for size in sizes):
                alone = (number, " ".join(line["text"] for line in body))
            if any(". . ." in line["text"] for line in lines):
                past_contents = True
                continue  # the contents
            notes: list[int] = []
            calls: set[int] = set()
            candidates = []
            if lines and FOLIO.fullmatch(lines[-1]["text"].strip()):
                lines = lines[:-1]  # the folio
            in_notes = False  # below the page's first note: a superior figure there is the
            # note's own ("yao¹"), as notes call no notes
            small = [line for line in lines if float(line["chars"][0]["size"]) < text_size - 1]
            left = min((float(line["x0"]) for line in small), default=0.0)
            right = max((float(line["x1"]) for line in small), default=0.0)
            for line in lines:
                size = round(float(line["chars"][0]["size"]), 1)
                found = NOTE_START.match(line["text"])
                # A note's number stands at the notes' edge; an item of a numbered list in a
                # note ("2. Pepys's house…") stands in from both.
                listed = (float(line["x0"]) - left > size / 2
                          and right - float(line["x1"]) > size / 2)
                if size < text_size - 1 and found and not listed:
                    candidates.append(int(found[1]))
                    in_notes = True
                elif size >= text_size - 1 or (calls_in(line["chars"]) and not in_notes):
                    calls.update(calls_in(line["chars"]))
            for index, candidate in enumerate(candidates):
                # A note's own line opens with the number after the last note's, or one the
                # page calls (numbering starts again at 1 in each division, so 1 only where it
                # is called): a wrapped line of a note that happens to open "1. " or "83. "
                # (Pepys's "aged 83.", Giles's "XIII 29, | 30.") is not a note, nor is one
                # out of order whose number opens a line further down.
                if candidate != last_note + 1 and candidate in candidates[index + 1:]:
                    continue
                if candidate == last_note + 1 or candidate in calls | pending:
                    notes.append(candidate)
                    last_note = candidate
            for call in sorted(calls - set(notes)):
                # Two calls in a row print as one run of figures (84 and 85 as "8485"): read
                # as the two notes at this page's foot it can be cut into, when it can.
                digits = str(call)
                for cut in range(1, len(digits)):
                    first, second = int(digits[:cut]), int(digits[cut:])
                    if first in notes and second in notes and digits[cut] != "0":
                        calls.discard(call)
                        calls.update((first, second))
                        break
            result.notes_printed += len(notes)
            result.calls += len(calls)
            missing = sorted(calls - set(notes))
            pending = set(missing)
            stray = sorted(set(notes) - calls)
            if missing:
                result.calls_without_note.append((number, missing))
            if stray:
                result.notes_without_call.append((number, stray))
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            words.sort(key=lambda w: float(w["top"]))
            for index, word in enumerate(words):
                for other in words[index + 1:]:
                    if float(other["top"]) > float(word["bottom"]):
                        break
                    if overlaps(word, other) and word["text"] != other["text"]:
                        result.overprinted.append(
                            (number, f"{word['text']!r} over {other['text']!r}"))
            for char in page.chars:
                if not str(char["text"]).strip():
                    continue
                if float(char["top"]) < 0 or float(char["bottom"]) > float(page.height) or \
                        float(char["x0"]) < 0 or float(char["x1"]) > float(page.width):
                    result.off_page.append((number, str(char["text"])))
                    break
    return result


if __name__ == "__main__":
    import sys

    for argument in sys.argv[1:]:
        found = audit(Path(argument))
        print(f"{argument}: {found.summary()}")
        for page, numbers in found.calls_without_note:
            print(f"  p. {page}: calls {numbers} without their note")
        for page, numbers in found.notes_without_call:
            print(f"  p. {page}: notes {numbers} without their call")
        for page, what in found.overprinted[:20]:
            print(f"  p. {page}: overprinted {what}")
        for page, what in found.off_page:
            print(f"  p. {page}: text off the page ({what!r})")
