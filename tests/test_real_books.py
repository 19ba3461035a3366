"""Books as authors write them (tests/manuscripts/README.md lists them and their sources):
each builds, EPUBCheck and Ace find nothing, `publish check` passes, and the features each one
exercises come out right, read back from the built files.

Each book is built once, with the command line, into a temporary copy.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from print_pages import chapters, read_pages
from test_epub import assert_ace_passes, run_ace, run_epubcheck

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "tests" / "manuscripts"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB = "{http://www.idpf.org/2007/ops}"
# Three small books of the sweep over real books (bench/sweep.py), converted from Standard
# Ebooks as an author would write them: verse with its poet's notes, a play, a commentary.
SWEPT = ("annotated-verse", "play", "commentary")
BUILT = ("novel", "verse", "onefile", "multi", "illustrated", "scholarly", "greek", "hebrew",
         "russian", "arabic", "cjk", "devanagari", "thai", *SWEPT)


def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each book copied and built with every edition (the default ones and the ASCII text)."""
    projects = {}
    for name in BUILT:
        target = tmp_path_factory.mktemp(name)
        shutil.copytree(BOOKS / name / "manuscript", target / "manuscript")
        result = publish("build", "epub", "pdf", "cover", "txt", "txt-ascii", cwd=target)
        assert result.returncode == 0, result.stderr
        projects[name] = target
    return projects


def edition(project: Path, suffix: str) -> Path:
    """The built file with this ending (".pdf" is the interior, not "-cover.pdf")."""
    (found,) = [path for path in (project / "build").iterdir()
                if path.name.endswith(suffix) and (suffix.startswith("-") or not re.search(
                    r"-(cover|ascii|digital)\.", path.name))]
    return found


def chapter_texts(name: str) -> list[str]:
    return [path.read_text("utf-8") for path in
            sorted((BOOKS / name / "manuscript" / "chapters").glob("*.md"))]


def epub_documents(project: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(edition(project, ".epub")) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


def pdf_pages(project: Path) -> list[str]:
    with pdfplumber.open(edition(project, ".pdf")) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.parametrize("name", BUILT)
def test_check_passes(built: dict[str, Path], name: str) -> None:
    result = publish("check", cwd=built[name])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", BUILT)
def test_epubcheck_finds_nothing(built: dict[str, Path], name: str, tmp_path: Path) -> None:
    report = run_epubcheck(edition(built[name], ".epub").read_bytes(), tmp_path)
    checker = report["checker"]
    assert isinstance(checker, dict)
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), [
        (message["ID"], message["message"]) for message in report["messages"]]  # type: ignore


@pytest.mark.parametrize("name", BUILT)
def test_ace_finds_no_accessibility_violation(built: dict[str, Path], name: str,
                                              tmp_path: Path) -> None:
    assert_ace_passes(run_ace(edition(built[name], ".epub").read_bytes(), tmp_path))


@pytest.mark.parametrize("name", BUILT)
def test_fonts_are_embedded_as_the_instances_drawn(built: dict[str, Path], name: str) -> None:
    """No embedded font is a whole variable font: WeasyPrint instances the weights it draws,
    which fontTools can do only with a font timestamp it can write (Alice is dated 1865)."""
    variable = []
    with pikepdf.open(edition(built[name], ".pdf")) as pdf:
        for font in pdf.objects:
            if isinstance(font, pikepdf.Dictionary) and "/FontFile2" in font:
                program = TTFont(io.BytesIO(font.FontFile2.read_bytes()), lazy=True)
                if "fvar" in program:
                    variable.append(str(font.FontName))
    assert not variable


def test_content_before_the_first_heading_opens_the_book(built: dict[str, Path]) -> None:
    """Alice's prefatory poem: in every edition, before chapter I, and listed in no contents;
    its print pages carry no folio."""
    documents = epub_documents(built["novel"])
    opening = next(root for name, root in sorted(documents.items()) if "001-" in name)
    section = opening.find(f".//{XHTML}section")
    assert section is not None and section.find(f"{XHTML}h1") is None
    assert "golden afternoon" in "".join(section.itertext())
    nav = documents["EPUB/nav.xhtml"]
    assert "golden" not in "".join(nav.itertext())
    pages = pdf_pages(built["novel"])
    poem = next(index for index, text in enumerate(pages) if "golden afternoon" in text)
    last_line = pages[poem].strip().splitlines()[-1]
    assert not re.fullmatch(r"[ivxlc\d]+", last_line), last_line  # no folio
    text = edition(built["novel"], ".txt").read_text("utf-8")
    assert text.index("golden afternoon") < text.index("I. DOWN THE RABBIT-HOLE")


def test_running_heads_are_whole_titles(built: dict[str, Path]) -> None:
    pages = pdf_pages(built["novel"])
    heads = {text.splitlines()[0].strip().upper() for text in pages if text}
    assert "I. DOWN THE RABBIT-HOLE" in heads, heads


def test_headless_dedication_and_epigraph(built: dict[str, Path]) -> None:
    """A dedication and an epigraph without headings: before the contents, no heading, no
    folio, in no contents; the EPUB marks them by their roles."""
    documents = epub_documents(built["verse"])
    roles = [section.get(f"{EPUB}type") for root in documents.values()
             for section in root.iter(f"{XHTML}section") if section.get("class") == "headless"]
    assert {"dedication", "epigraph"} <= set(roles)
    pages = pdf_pages(built["verse"])
    dedication = next(index for index, text in enumerate(pages) if "To the memory" in text)
    contents = next(index for index, text in enumerate(pages) if ". . ." in text)
    assert dedication < contents
    assert not re.search(r"\n[ivxlc]+\s*$", pages[dedication])
    assert "To the memory" not in pages[contents]


def test_a_note_cited_in_a_heading_is_kept(built: dict[str, Path]) -> None:
    documents = epub_documents(built["verse"])
    headings = [heading for root in documents.values() for heading in root.iter(f"{XHTML}h2")
                if "Chariot" in "".join(heading.itertext())]
    (heading,) = headings
    call = heading.find(f".//{XHTML}a[@role='doc-noteref']")
    assert call is not None
    note_id = call.get("href", "").split("#")[-1]
    assert any(element.get("id") == note_id for root in documents.values()
               for element in root.iter(f"{XHTML}aside"))
    nav = "".join(documents["EPUB/nav.xhtml"].itertext())
    assert re.search(r"The Chariot(?!\d)", nav)


def test_verse_keeps_its_lines_and_stanzas(built: dict[str, Path]) -> None:
    documents = epub_documents(built["verse"])
    stanzas = [paragraph for root in documents.values() for paragraph in root.iter(f"{XHTML}p")
               if "poem" in paragraph.get("class", "").split()]
    assert len(stanzas) > 10
    lines = [span for stanza in stanzas for span in stanza.iter(f"{XHTML}span")
             if span.get("class") == "line"]
    assert any("Success is counted sweetest" in "".join(line.itertext()) for line in lines)
    text = edition(built["verse"], ".txt").read_text("utf-8")
    # a stanza quoted: indented as a quotation, and again as verse
    assert re.search(r"\n {8}Success is counted sweetest\n {8}By those who ne’er succeed\.", text)


def test_a_backslash_at_a_lines_end_breaks_the_line(built: dict[str, Path]) -> None:
    """pandoc's hard break: Peter Rabbit's four names, one to a line, in every edition."""
    documents = epub_documents(built["illustrated"])
    names = next(paragraph for root in documents.values() for paragraph in root.iter(f"{XHTML}p")
                 if "".join(paragraph.itertext()).startswith("Flopsy"))
    assert len(names.findall(f"{XHTML}br")) == 3 and "\\" not in "".join(names.itertext())
    assert "Flopsy,\nMopsy,\nCotton-tail,\nand Peter." in edition(
        built["illustrated"], ".txt").read_text("utf-8")
    assert not any("\\" in page for page in pdf_pages(built["illustrated"]))


def test_a_figure_too_tall_for_the_room_left_is_made_to_fit(built: dict[str, Path]) -> None:
    """The first picture of Peter Rabbit, taller than what the opening page has left, is set
    smaller on that page instead of leaving two thirds of it empty."""
    opening = next(page for page in pdf_pages(built["illustrated"]) if "Once upon a time" in page)
    assert "The sand-bank under the big fir-tree." in opening


def test_a_pandoc_metadata_block_is_the_books_metadata(built: dict[str, Path]) -> None:
    text = edition(built["onefile"], ".txt").read_text("utf-8")
    assert text.startswith("THE TELL-TALE HEART")
    assert "Edgar Allan Poe" in text.split("\n\n\n")[0]


def test_title_page_names_contributors_and_copyright_page_dates(built: dict[str, Path]
                                                               ) -> None:
    documents = epub_documents(built["multi"])
    title = "".join(documents["EPUB/titlepage.xhtml"].itertext())
    assert re.search(r"Translated by \w", title) and re.search(r"Edited by \w", title)
    assert re.search(r"Illustrated by \w", title)
    copyright_page = "".join(documents["EPUB/copyright.xhtml"].itertext())
    assert "urn:uuid" not in copyright_page
    assert "Published by Tollgate Press, 27 November 2026." in copyright_page


def test_figures_have_captions_and_print_in_cmyk(built: dict[str, Path]) -> None:
    documents = epub_documents(built["illustrated"])
    captions = [caption for root in documents.values()
                for caption in root.iter(f"{XHTML}figcaption")]
    assert len(captions) >= 3
    with pikepdf.open(edition(built["illustrated"], ".pdf")) as pdf:
        spaces = {str(pikepdf.PdfImage(image).colorspace) for page in pdf.pages
                  for image in page.get_images().values()}
    assert spaces and spaces <= {"/DeviceCMYK", "/DeviceGray"}, spaces
    with zipfile.ZipFile(edition(built["illustrated"], ".epub")) as archive:
        from PIL import Image
        pictures = [Image.open(io.BytesIO(archive.read(name))) for name in archive.namelist()
                    if name.endswith((".png", ".jpg"))]
    assert all(picture.mode != "CMYK" for picture in pictures)
    assert all(picture.width * picture.height <= 2048 * 2048 for picture in pictures)


def test_a_field_set_twice_differently_is_an_error_at_its_line(tmp_path: Path) -> None:
    shutil.copytree(BOOKS / "onefile" / "manuscript", tmp_path / "manuscript")
    metadata = tmp_path / "manuscript" / "metadata.yaml"
    metadata.write_text(metadata.read_text("utf-8") + "title: Another Title\n", "utf-8")
    result = publish("build", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: manuscript/chapters/book.md:")
    assert "title: also set at manuscript/metadata.yaml:" in errors[0]


def test_the_words_the_build_adds_are_in_the_books_language(tmp_path: Path) -> None:
    shutil.copytree(BOOKS / "onefile" / "manuscript", tmp_path / "manuscript")
    book = tmp_path / "manuscript" / "chapters" / "book.md"
    book.write_text(book.read_text("utf-8").replace("lang: en-US", "lang: fr"), "utf-8")
    result = publish("build", "epub", "txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = edition(tmp_path, ".txt").read_text("utf-8")
    assert "\nTABLE DES MATIÈRES\n" in text and "\nCOLOPHON\n" in text
    nav = epub_documents(tmp_path)["EPUB/nav.xhtml"]
    assert "Table des matières" in "".join(nav.itertext())


@pytest.mark.parametrize("name", ["scholarly", "verse", "annotated-verse", "commentary"])
def test_every_note_prints_at_the_foot_of_the_page_that_calls_it(built: dict[str, Path],
                                                                name: str) -> None:
    """Read from the PDF (print_pages.py): on every page, the numbers of the note calls in
    the text are the numbers of the notes beginning at its foot, also for notes cited in a
    block quotation, a table cell or a heading; each division's notes run 1, 2, 3... and every
    note of the manuscript prints. Among them real books from the sweep: Eliot's 52 notes (one
    cited in the title, several quoting verse) and Giles's 54 (which outweigh his text,
    several to a page). The EPUB carries each note too."""
    pages = tuple(read_pages(edition(built[name], ".pdf")))
    for page in pages:
        assert sorted(page.calls) == sorted(page.starts), (name, page.number, page.calls,
                                                           page.starts)
    runs = [numbers for run in chapters(pages)
            if (numbers := [number for page in run for number in page.starts])]
    for numbers in runs:
        assert numbers == list(range(1, len(numbers) + 1)), (name, numbers)
    wanted = sum(len(re.findall(r"^\[\^[^\]]+\]:", text, re.M)) for text in chapter_texts(name))
    assert sum(map(len, runs)) == wanted > 0
    asides = [aside for root in epub_documents(built[name]).values()
              for aside in root.iter(f"{XHTML}aside") if aside.get("role") == "doc-footnote"]
    assert len(asides) == wanted


def test_a_right_to_left_book_reads_right_to_left(built: dict[str, Path]) -> None:
    """The EPUB's documents and spine say rtl; the print book opens from the other side: its
    first page is bound on its right, so the inside margin is there."""
    documents = epub_documents(built["hebrew"])
    chapters = [root for name, root in documents.items() if re.search(r"/\d{3}-", name)]
    assert chapters and all(root.get("dir") == "rtl" for root in chapters)
    with zipfile.ZipFile(edition(built["hebrew"], ".epub")) as archive:
        package = etree.fromstring(archive.read("EPUB/content.opf"))
    spine = package.find("{http://www.idpf.org/2007/opf}spine")
    assert spine is not None and spine.get("page-progression-direction") == "rtl"
    with pdfplumber.open(edition(built["hebrew"], ".pdf")) as pdf:
        margins = []
        for page in pdf.pages:
            chars = [char for char in page.chars if char["text"].strip()]
            if len(chars) > 200:  # a page of text
                margins.append((page.page_number, min(char["x0"] for char in chars),
                                page.width - max(char["x1"] for char in chars)))
    for number, left, right in margins:
        inside, outside = (right, left) if number % 2 else (left, right)
        assert inside > outside, (number, left, right)


def test_a_table_cell_changed_in_an_edition_is_caught(built: dict[str, Path],
                                                      tmp_path: Path) -> None:
    """Tables are compared as a whole (a PDF interleaves the lines of cells that wrap), but
    every word of every cell counts: one cell changed in the text edition fails parity."""
    copy = tmp_path / "illustrated"
    shutil.copytree(built["illustrated"], copy)
    text = edition(copy, ".txt")
    content = text.read_text("utf-8")
    assert "\nPicture: The sand-bank\n" in content  # the table's second row, as entries
    text.write_text(content.replace("\nPicture: The sand-bank\n", "\nPicture: The sand-dune\n"),
                    "utf-8")
    result = publish("check", cwd=copy)
    assert result.returncode == 1
    assert re.search(r"FAIL  E-002 TXT text: .* in the table .* lacks bank and has dune more",
                     result.stdout), result.stdout


# --- The books of the sweep over real books ------------------------------------------------

def test_verse_and_the_verse_its_notes_quote_keep_every_line(built: dict[str, Path]) -> None:
    """The Waste Land: every line of every stanza, in the poem and in the block quotations of
    its notes, is a line of the EPUB; the notes' quotations stay quotations."""
    lines = 0
    for block in re.split(r"\n\s*\n", chapter_texts("annotated-verse")[0]):
        rows = [row for row in (re.sub(r"^[ >]*", "", row) for row in block.split("\n")) if row]
        if rows and rows[-1].startswith("{: .poem"):
            lines += len(rows) - 1
    documents = epub_documents(built["annotated-verse"])
    spans = [span for root in documents.values() for span in root.iter(f"{XHTML}span")
             if span.get("class") == "line"]
    assert len(spans) == lines > 400
    quoting = [aside for root in documents.values() for aside in root.iter(f"{XHTML}aside")
               if aside.find(f".//{XHTML}blockquote") is not None]
    assert len(quoting) >= 8
    assert "Fourmillante cité" in "".join("".join(aside.itertext()) for aside in quoting)


def test_a_plays_speeches_keep_their_speakers_and_their_verse(built: dict[str, Path]) -> None:
    """Hamlet, as an author writes a play: each speech a paragraph opening with its speaker in
    bold, verse speeches as stanzas. The EPUB keeps every speaker, in order, and every stanza;
    the text edition sets a verse speech line by line."""
    text = "\n\n".join(chapter_texts("play"))
    speakers = re.findall(r"^\*\*([^*]+)\*\*", text, re.M)
    assert len(speakers) > 100
    documents = epub_documents(built["play"])
    # A speech a print page begins with opens with the page's marker (an empty span), then
    # its speaker.
    opening = [(paragraph, [child for child in paragraph
                            if child.get(f"{EPUB}type") != "pagebreak"])
               for name, root in sorted(documents.items()) if re.search(r"/\d{3}-", name)
               for paragraph in root.iter(f"{XHTML}p")]
    printed = [children[0].text for paragraph, children in opening
               if children and children[0].tag == f"{XHTML}strong" and not (
                   paragraph.text or "").strip()]
    assert printed == speakers
    stanzas = [paragraph for root in documents.values() for paragraph in root.iter(f"{XHTML}p")
               if "poem" in paragraph.get("class", "").split()]
    assert len(stanzas) == text.count("{: .poem}")
    plain = edition(built["play"], ".txt").read_text("utf-8")
    assert re.search(r"For this relief much thanks: ’tis bitter cold,\n *And I am sick at heart\.",
                     plain)


def test_chinese_in_a_translators_notes_prints_in_every_edition(built: dict[str, Path]) -> None:
    """Giles's notes quote the Chinese text (traditional characters, marked cmn-Hant): every
    character prints, in the PDF's text layer, the EPUB and the text edition, and the EPUB
    keeps each passage's language."""
    text = "".join(chapter_texts("commentary"))
    han = {char for char in text if "\u4e00" <= char <= "\u9fff"}
    assert len(han) > 50
    with pdfplumber.open(edition(built["commentary"], ".pdf")) as pdf:
        printed = {str(char["text"]) for page in pdf.pages for char in page.chars}
    assert han <= printed, sorted(han - printed)
    documents = epub_documents(built["commentary"])
    epub_text = "".join("".join(root.itertext()) for root in documents.values())
    assert han <= set(epub_text)
    assert han <= set(edition(built["commentary"], ".txt").read_text("utf-8"))
    marked = [span for root in documents.values() for span in root.iter(f"{XHTML}span")
              if span.get("lang") == "cmn-Hant"]
    assert len(marked) == text.count('lang="cmn-Hant"')
