"""Parity: the built editions say what the manuscript says, and a tampered edition is caught.

Both books are built with the command line into temporary copies; each tampering test edits
one edition in a copy of that build with an ordinary tool (zipfile, pikepdf, a text edit)
and expects check_parity to fail at that edition and to say where.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from publish.book.make import make_book
from publish.checks.built import Built
from publish.checks.parity import check_parity, compare_text
from publish.checks.pdf_lines import in_logical_order
from publish.checks.pdf_text import dehyphenated
from publish.checks.report import Report
from publish.checks.words import INDIC_WORD, Text, token_key, without_marks, words
from publish.project import Project
from publish.settings import Settings
from publish.source.manuscript import read_manuscript

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"chile": ROOT, "sampler": ROOT / "tests" / "manuscripts" / "sampler"}
XHTML = "{http://www.w3.org/1999/xhtml}"
EXTRA_SUFFIXES = ("-ascii.txt", "-cover.pdf", "-digital.pdf")


def built_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source / "manuscript", target / "manuscript")
    if (source / "styles").is_dir():
        shutil.copytree(source / "styles", target / "styles")
    result = subprocess.run([sys.executable, "-m", "publish", "build", "--project",
                             str(target)], capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {name: built_copy(source, tmp_path_factory.mktemp(name))
            for name, source in SOURCES.items()}


@pytest.fixture
def chile_copy(built: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "chile"
    shutil.copytree(built["chile"], copy)
    return copy


@pytest.fixture
def sampler_copy(built: dict[str, Path], tmp_path: Path) -> Path:
    """The sampler's build: its metadata gives the paperback and the EPUB ISBNs of their own."""
    copy = tmp_path / "sampler"
    shutil.copytree(built["sampler"], copy)
    return copy


def parity(root: Path) -> Report:
    project = Project.at(root)
    return check_parity(Built(project, make_book(read_manuscript(project)), Settings()))


def failures(report: Report) -> dict[str, str]:
    return {finding.check: finding.detail for finding in report.findings
            if not finding.passed and finding.severity == "error"}


def edition(project: Path, suffix: str) -> Path:
    """The main edition with that suffix, not one of the extras beside it."""
    [path] = [path for path in (project / "build").iterdir()
              if path.name.endswith(suffix) and not path.name.endswith(EXTRA_SUFFIXES)]
    return path


def replace_in_xmp(path: Path, *replacements: tuple[bytes, bytes]) -> None:
    """Edit the PDF's XMP packet as bytes, the Info dictionary left as it is."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
        for old, new in replacements:
            assert old in packet
            packet = packet.replace(old, new)
        pdf.Root.Metadata.write(packet)
        pdf.save(path, fix_metadata_version=False)


def replace_in_epub_package(path: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    assert any(old in data for info, data in entries if info.filename.endswith(".opf"))
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            archive.writestr(info, data.replace(old, new) if info.filename.endswith(".opf")
                             else data)


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_editions_say_what_the_manuscript_says(built: dict[str, Path], name: str) -> None:
    report = parity(built[name])
    assert report.passed, "\n".join(report.lines())
    checks = {finding.check for finding in report.findings if finding.passed}
    for prefix in ("EPUB", "PDF", "TXT"):
        assert {f"{prefix} text", f"{prefix} notes", f"{prefix} headings"} <= checks
    words = [finding.detail for finding in report.findings if finding.check == "PDF text"]
    assert int(re.sub(r"\D", "", words[0])) > 500  # it compared real text, not nothing
    details = {finding.check: finding.detail for finding in report.findings}
    assert not [finding for finding in report.findings if not finding.passed]  # no warning
    for field in ("title", "creator", "language", "identifier", "date", "rights"):
        assert field in details["PDF XMP metadata"]
        assert field in details["EPUB package metadata"]


def test_a_changed_word_in_the_text_edition_fails(chile_copy: Path) -> None:
    path = edition(chile_copy, ".txt")
    text = path.read_text("utf-8")
    assert " epicentre " in text
    path.write_text(text.replace(" epicentre ", " centre ", 1), "utf-8")
    failed = failures(parity(chile_copy))
    assert set(failed) == {"TXT text"}
    assert "TXT differs from the manuscript at word" in failed["TXT text"]
    assert "centre" in failed["TXT text"] and "epicentre" in failed["TXT text"]


def test_a_paragraph_removed_from_the_epub_fails(chile_copy: Path) -> None:
    path = edition(chile_copy, ".epub")
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    tampered = []
    removed = None
    for info, data in entries:
        if removed is None and info.filename.endswith("-the-lessons-of-a-tragic-defeat.xhtml"):
            document = etree.fromstring(data)
            paragraph = document.findall(f".//{XHTML}section/{XHTML}p")[2]
            removed = "".join(paragraph.itertext())
            paragraph.getparent().remove(paragraph)  # type: ignore[union-attr]
            data = etree.tostring(document, xml_declaration=True, encoding="utf-8")
        tampered.append((info, data))
    assert removed
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in tampered:
            archive.writestr(info, data)
    failed = failures(parity(chile_copy))
    assert set(failed) == {"EPUB text"}
    assert "EPUB differs from the manuscript at word" in failed["EPUB text"]


def test_a_changed_title_in_the_pdf_info_fails(chile_copy: Path) -> None:
    path = edition(chile_copy, ".pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Title"] = "The coup in Peru"
        pdf.save(path)
    failed = failures(parity(chile_copy))
    assert set(failed) == {"PDF Info metadata"}
    assert "title is 'The coup in Peru'" in failed["PDF Info metadata"]


def test_a_diverging_epub_language_fails(chile_copy: Path) -> None:
    replace_in_epub_package(edition(chile_copy, ".epub"), b"<dc:language>en-GB<",
                            b"<dc:language>fr<")
    failed = failures(parity(chile_copy))
    assert set(failed) == {"EPUB package metadata"}
    assert "language is 'fr'" in failed["EPUB package metadata"]


def test_a_changed_language_in_the_pdf_xmp_fails(chile_copy: Path) -> None:
    replace_in_xmp(edition(chile_copy, ".pdf"), (b"<rdf:li>en-GB</rdf:li>", b"<rdf:li>fr</rdf:li>"))
    failed = failures(parity(chile_copy))
    assert set(failed) == {"PDF XMP metadata"}
    assert "language is 'fr', the manuscript says 'en-GB'" in failed["PDF XMP metadata"]


def test_rights_missing_from_the_pdf_xmp_fail(chile_copy: Path) -> None:
    replace_in_xmp(edition(chile_copy, ".pdf"), (b"<dc:rights>", b"<dc:source>"),
                   (b"</dc:rights>", b"</dc:source>"))
    failed = failures(parity(chile_copy))
    assert set(failed) == {"PDF XMP metadata present"}
    assert failed["PDF XMP metadata present"] == "does not say its rights"


def test_the_pdf_xmp_naming_the_epub_isbn_fails(sampler_copy: Path) -> None:
    """The print PDF claims the EPUB's ISBN: its XMP must name the paperback's own."""
    replace_in_xmp(edition(sampler_copy, ".pdf"),
                   (b"urn:isbn:9798000000014", b"urn:isbn:9780000000026"))
    failed = failures(parity(sampler_copy))
    assert set(failed) == {"PDF XMP metadata"}
    assert ("identifier is 'urn:isbn:9780000000026', the manuscript says "
            "'urn:isbn:9798000000014'") in failed["PDF XMP metadata"]


def test_an_epub_identified_as_the_book_not_as_the_epub_fails(sampler_copy: Path) -> None:
    """The EPUB's unique identifier must be its own ISBN once the metadata gives it one."""
    replace_in_epub_package(edition(sampler_copy, ".epub"), b">urn:isbn:9780000000026<",
                            b">urn:uuid:6f1c2b7e-3d4a-5b8c-9e0f-1a2b3c4d5e6f<")
    failed = failures(parity(sampler_copy))
    assert set(failed) == {"EPUB package metadata"}
    assert "identifier is 'urn:uuid:6f1c2b7e" in failed["EPUB package metadata"]


def test_a_changed_isbn_in_the_text_header_fails(sampler_copy: Path) -> None:
    path = edition(sampler_copy, ".txt")
    text = path.read_text("utf-8")
    assert "ISBN (EPUB): 978-0-00-000002-6\n" in text
    path.write_text(text.replace("ISBN (EPUB): 978-0-00-000002-6",
                                 "ISBN (EPUB): 978-0-00-000003-3"), "utf-8")
    failed = failures(parity(sampler_copy))
    assert set(failed) == {"TXT header metadata"}
    assert "epub identifier is '978-0-00-000003-3'" in failed["TXT header metadata"]


def test_print_page_markers_in_the_text_editions_are_not_text(chile_copy: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "build", "txt", "txt-ascii",
                             "--page-markers", "--project", str(chile_copy)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    for path in (edition(chile_copy, ".txt"), chile_copy / "build" / "the-coup-in-chile-ascii.txt"):
        text = path.read_text("utf-8")
        assert re.search(r"^\{[ivx]+\}$", text, re.MULTILINE)  # alone on a line, in the front
        assert re.search(r"\w \{[0-9]+\} \w", text)  # and inside a paragraph
    report = parity(chile_copy)
    assert report.passed, "\n".join(report.lines())
    checks = {finding.check for finding in report.findings if finding.passed}
    assert {"TXT text", "TXT headings", "ASCII TXT text", "ASCII TXT headings"} <= checks


def test_a_missing_edition_fails(chile_copy: Path) -> None:
    edition(chile_copy, ".pdf").unlink()
    assert set(failures(parity(chile_copy))) == {"PDF built"}


def test_print_hyphenation_is_undone_only_for_the_manuscripts_words() -> None:
    lines = ["the revolu\u2010", "tionary and so-", "called reform\u2010", "ists at https://",
             "example.org/a end"]
    manuscript = "the revolutionary and so-called reformists at https://example.org/a end"
    tokens = {token_key(run) for run in manuscript.split(" ")}
    assert dehyphenated(lines, tokens) == [
        "the", "revolutionary", "and", "so", "called", "reformists", "at", "httpsexampleorga",
        "end"]


def test_a_line_ending_a_paragraph_is_not_joined_to_the_next_paragraphs_first_word() -> None:
    """A stop at a line's end is no place print breaks a word: "there." ending a paragraph and
    "In" opening the next stay two words, though the book has "therein" too."""
    manuscript = "It was there.\n\nIn the end they met therein."
    tokens = {token_key(run) for run in manuscript.split()}
    vocabulary = set(words(manuscript))
    assert dehyphenated(["It was there.", "In the end they met therein."], tokens,
                        vocabulary) == ["it", "was", "there", "in", "the", "end", "they", "met",
                                        "therein"]
    # A word print did break at a line's end, with or without a hyphen, is still joined.
    assert dehyphenated(["they met there\u2010", "in."], tokens, vocabulary)[-1] == "therein"
    assert dehyphenated(["at https://exa", "mple.org/a"], {"https://example.org/a"}) == [
        "at", "httpsexampleorga"]
    # Two words a line break set apart, whose letters make a third word of the book.
    book = "искривилось во все стороны, вовсе не"
    assert dehyphenated(["искривилось во", "все стороны,"], {token_key(run) for run in
                                                            book.split(" ")}) == [
        "искривилось", "во", "все", "стороны"]


def test_words_drop_quotes_and_marks_and_split_at_dashes() -> None:
    text = "\u2018Peaceful\u2019 \u2013 road\u2014so-called _Unidad_ \u25e6 *Popular*\u2026"
    assert words(text) == ["peaceful", "road", "so", "called", "unidad", "popular"]


def test_a_pdf_line_is_read_in_the_order_it_is_written() -> None:
    """A line as pdfplumber gives it (left to right, as drawn) put back in reading order: an
    Arabic sentence with a long Latin identifier in it stays right to left, an English
    sentence with a Hebrew word in it stays left to right."""
    arabic = "ةرشع حيحصت عم ،0139IbnMuqaffa.Kalila-ara1"
    assert in_logical_order(arabic, rtl=True) == "0139IbnMuqaffa.Kalila-ara1، مع تصحيح عشرة"
    english = "The word תבש, Sabbath, names the seventh day"
    assert in_logical_order(english, rtl=True) == "The word שבת, Sabbath, names the seventh day"


def test_shaped_words_are_compared_on_what_the_pdf_text_layer_can_give_back() -> None:
    """The PDF's readings of Arabic clusters drawn in several glyphs match the manuscript's
    words; another word does not. Devanagari words are compared by their place alone."""
    manuscript = without_marks(words("لكي هـ الله كتاب"))
    assert without_marks(words("للكي هل اهل كتاب")) == manuscript
    assert without_marks(words("لكي هـ الله قلم")) != manuscript
    assert without_marks(words("न त्वं शोचितुमर्हसि")) == (INDIC_WORD,) * 3


def test_the_ascii_edition_is_checked_when_built(chile_copy: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "build", "txt-ascii",
                             "--project", str(chile_copy)], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    report = parity(chile_copy)
    assert report.passed, "\n".join(report.lines())
    assert "ASCII TXT text" in {finding.check for finding in report.findings if finding.passed}
    path = chile_copy / "build" / "the-coup-in-chile-ascii.txt"
    text = path.read_text("ascii")
    path.write_text(text.replace(" 'national' ", " 'regional' ", 1), "ascii")
    failed = failures(parity(chile_copy))
    assert set(failed) == {"ASCII TXT text"}
    assert "regional" in failed["ASCII TXT text"]


def test_a_lost_note_is_caught_and_named() -> None:
    """An edition that lost a note fails on the notes' words and on their count, which names
    the first note missing."""
    manuscript = Text(("text",), ("1", "first", "2", "second", "3", "third"), 3, (),
                      note_numbers=("1", "2", "3"))
    printed = Text(("text",), ("1", "first", "3", "third"), 2, (), note_numbers=("1", "3"))
    found = {finding.code: finding for finding in compare_text("PDF", manuscript, printed)}
    assert not found["E-003"].passed and not found["E-004"].passed
    assert found["E-004"].detail == ("2 notes, the manuscript has 3: the first missing is note 2 "
                                     "(the manuscript's note 2 of 3)")
    assert found["E-002"].passed
