"""A book's apparatus, as tests/manuscripts/apparatus sets it out: a preface, an epigraph with
its source, a chapter opening with a quoted epigraph, a definition list, a captioned table, an
appendix, a glossary and a bibliography; in the EPUB (its styles, landmarks and NCX page
list, EPUBCheck and Ace), in print (measured with pdfplumber) and in the text edition.
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
import pytest
from lxml import etree
from test_epub import NS, assert_ace_passes, run_ace, run_epubcheck

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "tests" / "manuscripts" / "apparatus" / "manuscript"
SLUG = "notes-on-the-apparatus"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built once with the command line: its build folder."""
    project = tmp_path_factory.mktemp("apparatus")
    shutil.copytree(BOOK, project / "manuscript")
    result = subprocess.run([sys.executable, "-m", "publish", "build"], cwd=project,
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr
    return project / "build"


@pytest.fixture(scope="module")
def package(built: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO((built / f"{SLUG}.epub").read_bytes()))


def stylesheet(package: zipfile.ZipFile) -> str:
    return re.sub(r"/\*.*?\*/", "", package.read("EPUB/styles/book.css").decode(),
                  flags=re.DOTALL)


def rule(css: str, selector: str) -> str:
    """The declarations of the first rule whose selector list holds `selector`."""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector in [part.strip() for part in selectors.split(",")]:
            return " ".join(body.split())
    raise AssertionError(f"no rule for {selector}")


def document(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(f"EPUB/{name}"))


def test_the_epub_passes_epubcheck_and_ace(built: Path, tmp_path: Path) -> None:
    data = (built / f"{SLUG}.epub").read_bytes()
    report = run_epubcheck(data, tmp_path)
    assert report["messages"] == [], report["messages"]
    assert_ace_passes(run_ace(data, tmp_path))


def test_the_styles_set_the_apparatus_apart(package: zipfile.ZipFile) -> None:
    css = stylesheet(package)
    entry = rule(css, "section.bibliography p")
    assert "text-indent: -1.5em" in entry and "padding-left: 1.5em" in entry
    assert "text-align: start" in entry
    assert "small-caps" in rule(css, "dt")
    assert "margin: 0.1em 0 0 1.5em" in rule(css, "dd")
    caption = rule(css, "caption")
    assert "text-align: start" in caption and "hyphens: manual" in caption
    assert "text-align: end" in rule(css, "p.attribution")
    bibliography = document(package, "006-bibliography.xhtml").find(".//x:section", NS)
    assert bibliography is not None and bibliography.get("class") == "bibliography"


def test_epigraphs_have_their_source_marked(package: zipfile.ZipFile) -> None:
    sources = []
    for name in ("002-epigraph.xhtml", "003-the-parts-of-a-book.xhtml"):
        (source,) = document(package, name).iterfind(".//x:p[@class='attribution']", NS)
        sources.append("".join(source.itertext()))
    assert sources[0].startswith("\u2014") and "I. A. Richards" in sources[0]
    assert sources[1].startswith("\u2014") and "Theodore Low De Vinne" in sources[1]
    # A paragraph that opens with a dash elsewhere is not a source (dialogue, in some books).
    assert len(re.findall(rb'class="attribution"', b"".join(
        package.read(name) for name in package.namelist() if name.endswith(".xhtml")))) == 2


def test_landmarks_name_the_divisions_roles_give(package: zipfile.ZipFile) -> None:
    landmarks = document(package, "nav.xhtml").find(".//x:nav[@epub:type='landmarks']", NS)
    assert landmarks is not None and landmarks.get("hidden") == "hidden"
    marks = [(link.get(EPUB_TYPE), link.get("href")) for link in landmarks.iterfind(".//x:a", NS)]
    assert marks == [("cover", "cover.xhtml"), ("titlepage", "titlepage.xhtml"),
                     ("toc", "nav.xhtml"), ("preface", "001-preface.xhtml"),
                     ("epigraph", "002-epigraph.xhtml"),
                     ("bodymatter", "003-the-parts-of-a-book.xhtml"),
                     ("appendix", "004-appendix-signatures.xhtml"),
                     ("glossary", "005-glossary.xhtml"),
                     ("bibliography", "006-bibliography.xhtml")]
    guide = {reference.get("type") for reference in etree.fromstring(
        package.read("EPUB/content.opf")).iterfind(".//opf:guide/opf:reference", NS)}
    assert {"preface", "other.appendix", "glossary", "bibliography"} <= guide


def test_the_ncx_carries_the_nav_page_list(package: zipfile.ZipFile) -> None:
    nav = document(package, "nav.xhtml").find(".//x:nav[@epub:type='page-list']", NS)
    assert nav is not None
    listed = [(link.get("href"), link.text) for link in nav.iterfind(".//x:a", NS)]
    assert len(listed) >= 5
    ncx = etree.fromstring(package.read("EPUB/toc.ncx"))
    targets = ncx.findall("ncx:pageList/ncx:pageTarget", NS)
    assert [(target.find("ncx:content", NS).get("src"),  # type: ignore[union-attr]
             target.findtext("ncx:navLabel/ncx:text", namespaces=NS))
            for target in targets] == listed
    for target in targets:
        label = target.findtext("ncx:navLabel/ncx:text", namespaces=NS) or ""
        assert target.get("type") == ("normal" if label.isdigit() else "front")
        assert target.get("value") == (label if label.isdigit() else None)
    ids = [node.get("id") for node in ncx.iter() if node.get("id")]
    assert len(ids) == len(set(ids))
    # playOrder: 1, 2, 3... in reading order, the contents' entries and the pages together.
    ordered = [(int(node.get("playOrder", "")), node.find("ncx:content", NS).get("src", ""))  # type: ignore[union-attr]
               for node in ncx.iter() if node.get("playOrder")]
    numbers = sorted({number for number, _ in ordered})
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({src for _, src in ordered}) == len(numbers)
    by_number = [src for _, src in sorted(set(ordered))]
    files = [src.split("#")[0] for src in by_number]
    assert files == sorted(files)  # the chapters' files are named in reading order
    counts = {meta.get("name"): meta.get("content") for meta in ncx.iterfind("ncx:head/ncx:meta",
                                                                           NS)}
    assert counts["dtb:totalPageCount"] == str(len(listed))


def lines_of(page: pdfplumber.page.Page) -> list[tuple[float, float, str]]:
    """(x0, x1, text) of each line of a page, top to bottom."""
    found = []
    for line in page.extract_text_lines():
        found.append((float(line["x0"]), float(line["x1"]), str(line["text"])))
    return found


def page_with(pdf: pdfplumber.PDF, text: str) -> pdfplumber.page.Page:
    return next(page for page in pdf.pages if text in (page.extract_text() or ""))


def test_print_sets_entries_with_hanging_indents_and_sources_flush_right(built: Path) -> None:
    with pdfplumber.open(built / f"{SLUG}.pdf") as pdf:
        lines = lines_of(page_with(pdf, "Bringhurst, Robert"))
        first = next(index for index, line in enumerate(lines) if line[2].startswith("De Vinne"))
        assert lines[first + 1][0] > lines[first][0] + 8  # about 1.5 em of 11 pt further in
        after = next(line for line in lines if line[2].startswith("Tschichold"))
        assert abs(after[0] - lines[first][0]) < 1  # the next entry flush again
        page = page_with(pdf, "furniture around the text")
        text = lines_of(page)
        quote = next(line for line in text if "furniture" in line[2])
        source = next(line for line in text if "De Vinne" in line[2])
        assert source[1] > quote[1] and source[0] > quote[0] + 40  # flush right
        term = next(line for line in text if line[2].upper() == "HALF-TITLE")
        definition = next(line for line in text if line[2].startswith("The first printed"))
        assert definition[0] > term[0] + 8  # the definition indented under its term
        epigraph = lines_of(page_with(pdf, "a machine to think with"))
        assert "I. A. Richards" in epigraph[-1][2]
        assert epigraph[-1][1] > max(line[1] for line in epigraph[:-1]) - 1


def test_a_numbered_bibliography_keeps_its_numbers(built: Path) -> None:
    """A bibliography's numbered entries print their numbers (its other entries have none),
    each hanging before its entry, whose lines align after it; `publish check` finds the
    print's text the manuscript's."""
    with pdfplumber.open(built / f"{SLUG}.pdf") as pdf:
        lines = lines_of(page_with(pdf, "Morison, Stanley"))
    first = next(index for index, line in enumerate(lines) if "Morison, Stanley" in line[2])
    assert lines[first][2].startswith("1. Morison")
    assert lines[first + 1][0] > lines[first][0] + 8  # the entry's next line after the number
    second = next(line for line in lines if "Warde, Beatrice" in line[2])
    assert second[2].startswith("2. Warde") and abs(second[0] - lines[first][0]) < 1
    result = subprocess.run([sys.executable, "-m", "publish", "check"], cwd=built.parent,
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_text_edition_sets_terms_sources_and_entries(built: Path) -> None:
    text = (built / f"{SLUG}.txt").read_text("utf-8").splitlines()
    term = text.index("Half-title")
    assert text[term + 1].startswith("    The first printed page")
    source = next(line for line in text if "I. A. Richards" in line)
    assert len(source) == 72 and source.lstrip().startswith("\u2014")
    entry = next(index for index, line in enumerate(text) if line.startswith("De Vinne"))
    assert text[entry + 1].startswith("    ") and not text[entry + 1].startswith("     ")
