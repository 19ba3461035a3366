"""What readers saw in the EPUB (issue 30), on the test books built as a build makes them.

Each finding is checked on the EPUB's own XHTML and stylesheet, and where it shows, on the
page: WeasyPrint lays the EPUB's document out with the EPUB's stylesheet on a phone-sized
page (390 x 844 px), and pdfplumber reads back where each word and picture landed.
EPUBCheck and Ace judge the books whose markup changed.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import weasyprint
from conftest import ROOT, load
from lxml import etree
from test_epub import NS, assert_ace_passes, run_ace, run_epubcheck

from publish.book.model import Book, Note
from publish.editions import epub
from publish.editions.text import utf8
from publish.layout.typeset import typeset_book
from publish.settings import Settings
from publish.source.styles import Styles

MANUSCRIPTS = ROOT / "tests" / "manuscripts"
BOOKS = ("verse", "cjk", "multi", "illustrated", "hebrew")
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
PHONE = "@page { size: 390px 844px; margin: 20px; }"
PAGE_WIDTH = 390 * 0.75  # pt
# A Hebrew chapter with what the Hebrew test book lacks: a list, a definition, verse with an
# indented line, emphasis, and a note in English (typography marks its direction).
HEBREW_BODY = """<ul><li>בְּרֵאשִׁית</li><li>שְׁמוֹת</li></ul>
<dl><dt>מִקְרָא</dt><dd>חֲמִשָּׁה חֻמְּשֵׁי תּוֹרָה</dd></dl>
<p class="poem"><span class="line">שִׁיר הַשִּׁירִים</span><br/><span class="line">אֲשֶׁר לִשְׁלֹמֹה</span></p>
<p>מִלָּה <em>חֲשׁוּבָה</em> כָּאן<a class="noteref" id="x-noteref-1" href="#x-note-1">1</a>.</p>"""


@dataclass
class Built:
    """One test book: its EPUB unpacked, its print PDF and its text edition."""

    folder: Path  # the EPUB's files
    pdf: bytes
    text: str

    def document(self, name: str) -> etree._Element:
        return etree.parse(str(self.folder / "EPUB" / name)).getroot()

    def chapters(self) -> Iterator[tuple[Path, etree._Element]]:
        for path in sorted((self.folder / "EPUB").glob("0*.xhtml")):
            yield path, etree.parse(str(path)).getroot()

    @property
    def stylesheet(self) -> str:
        return (self.folder / "EPUB" / "styles" / "book.css").read_text("utf-8")


def build(book: Book, styles: Styles, settings: Settings, folder: Path) -> Built:
    typeset = typeset_book(book, styles, settings)
    data = epub.render(book, styles, settings, typeset)
    (folder / "book.epub").write_bytes(data)
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    text = utf8.render(book, styles, settings, typeset).decode("utf-8")
    return Built(folder, typeset.pdf, text)


def with_hebrew_chapter(book: Book) -> Book:
    note = Note("x-note-1", 1, "<p>An English note on a Hebrew word.</p>", ("x-noteref-1",),
                dir="ltr")
    chapter = replace(book.chapters[-1], id="x", title=None, headings=(), body=HEBREW_BODY,
                      notes=(note,), role="appendix")
    return replace(book, chapters=(*book.chapters, chapter))


@pytest.fixture(scope="module")
def built(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    found = {}
    for name in BOOKS:
        book, styles = load(MANUSCRIPTS / name)
        if name == "hebrew":
            book = with_hebrew_chapter(book)
        found[name] = build(book, styles, settings, tmp_path_factory.mktemp(name))
    return found


def laid_out(path: Path, extra_css: str = "") -> pdfplumber.PDF:
    """The document as WeasyPrint lays it out with its own stylesheet, on a phone's page."""
    stylesheets = [weasyprint.CSS(string=PHONE + extra_css)]
    data = weasyprint.HTML(filename=str(path)).write_pdf(stylesheets=stylesheets)
    return pdfplumber.open(io.BytesIO(data))


def boxes(path: Path) -> dict[Any, Any]:
    """Each element's first box as WeasyPrint lays the document out, in document order: its
    computed style is box.style, its size box.height (WeasyPrint's elements, not lxml's)."""
    document = weasyprint.HTML(filename=str(path)).render(
        stylesheets=[weasyprint.CSS(string=PHONE)])
    found: dict[Any, Any] = {}

    def visit(box: Any) -> None:
        element = getattr(box, "element", None)
        if element is not None and element not in found:
            found[element] = box
        for child in getattr(box, "children", []):
            visit(child)
    for page in document.pages:
        visit(page._page_box)
    return found


def computed(path: Path) -> dict[Any, Any]:
    """Each element's computed style as WeasyPrint lays the document out."""
    return {element: box.style for element, box in boxes(path).items()}


def marked(path: Path, elements: list[etree._Element]) -> Path:
    """A copy of the document with these elements marked `data-test`, to find their boxes."""
    for element in elements:
        element.set("data-test", "")
    copy = path.with_name("marked-" + path.name)
    copy.write_bytes(etree.tostring(elements[0].getroottree(), encoding="utf-8",
                                    xml_declaration=True))
    return copy


def rows(page: Any) -> list[tuple[float, str]]:
    """(top, text) of each line of words on a page, top to bottom."""
    lines: dict[float, list[str]] = {}
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=True):
        top = round(word["top"])
        key = next((seen for seen in lines if abs(seen - top) <= 2), top)
        lines.setdefault(key, []).append(word["text"])
    return [(top, " ".join(words)) for top, words in sorted(lines.items())]


def test_epubcheck_finds_nothing(built: dict[str, Built], tmp_path: Path) -> None:
    for name, book in built.items():
        report = run_epubcheck((book.folder / "book.epub").read_bytes(), tmp_path)
        problems = [(message["ID"], message["message"], message["locations"][:1])
                    for message in report["messages"]  # type: ignore[attr-defined]
                    if message["severity"] in {"FATAL", "ERROR", "WARNING"}]
        assert problems == [], name


@pytest.mark.parametrize("name", ["verse", "cjk"])
def test_ace_passes(built: dict[str, Built], name: str, tmp_path: Path) -> None:
    assert_ace_passes(run_ace((built[name].folder / "book.epub").read_bytes(), tmp_path))


# ---- The contents page shows the contents alone ----

def test_the_contents_page_shows_only_the_contents(built: dict[str, Built]) -> None:
    """Landmarks and page list are hidden by `hidden` and by class, so the contents page
    shows neither, also in an engine that honours no `hidden` (MuPDF, calibre)."""
    book = built["verse"]
    nav = book.document("nav.xhtml")
    hidden = [nav_ for nav_ in nav.iter(f"{XHTML}nav") if nav_.get(EPUB_TYPE) != "toc"]
    assert {nav_.get(EPUB_TYPE) for nav_ in hidden} == {"landmarks", "page-list"}
    assert all(nav_.get("hidden") == "hidden" and nav_.get("class") == "hidden-nav"
               for nav_ in hidden)
    assert not re.search(r"(^|[\s,}])nav\s*\{[^}]*display", book.stylesheet)
    path = book.folder / "EPUB" / "nav.xhtml"
    without_hidden = path.with_name("nav-without-hidden.xhtml")
    without_hidden.write_bytes(path.read_bytes().replace(b' hidden="hidden"', b""))
    for shown in (path, without_hidden):
        with laid_out(shown) as pdf:
            text = " ".join(page.extract_text() for page in pdf.pages)
            assert len(pdf.pages) == 1
        assert "Contents" in text and "The Chariot" in text
        assert "Landmarks" not in text and "Title page" not in text and "Pages" not in text


# ---- The title page: every line centred, the credits unindented ----

def test_the_title_page_is_centred(built: dict[str, Built]) -> None:
    book = built["multi"]
    page = book.document("titlepage.xhtml")
    assert page.find(".//x:p[@class='credit']", NS) is not None
    with laid_out(book.folder / "EPUB" / "titlepage.xhtml") as pdf:
        lines = rows(pdf.pages[0])
        words = pdf.pages[0].extract_words(use_text_flow=True)
    assert any("Translated" in text for _, text in lines)
    for top, text in lines:
        line = [word for word in words if abs(round(word["top"]) - top) <= 2]
        middle = (min(word["x0"] for word in line) + max(word["x1"] for word in line)) / 2
        assert abs(middle - PAGE_WIDTH / 2) < 2, f"{text!r} is not centred"


# ---- Ruby ----

def test_ruby_is_kept_with_parentheses_for_engines_without_it(built: dict[str, Built]) -> None:
    book = built["cjk"]
    rubies = [ruby for _, root in book.chapters() for ruby in root.iter(f"{XHTML}ruby")]
    assert len(rubies) == 2
    for ruby in rubies:
        assert [child.tag.removeprefix(XHTML) for child in ruby] == ["rp", "rt", "rp"]
        assert [child.text for child in ruby] == ["(", ruby[1].text, ")"]
    assert "".join(rubies[0].itertext()) == "吾輩(わがはい)"
    assert "吾輩(わがはい)は猫である" in book.text
    package = next((book.folder / "EPUB").glob("*.opf")).read_text("utf-8")
    assert '<meta property="schema:accessibilityFeature">rubyAnnotations</meta>' in package
    verse = next((built["verse"].folder / "EPUB").glob("*.opf")).read_text("utf-8")
    assert "rubyAnnotations" not in verse  # declared only where the book has readings


def test_print_sets_the_reading_after_its_word_smaller(built: dict[str, Built]) -> None:
    with pdfplumber.open(io.BytesIO(built["cjk"].pdf)) as pdf:
        chars = [char for page in pdf.pages for char in page.chars]
    text = "".join(char["text"] for char in chars)
    start = text.index("吾輩(わがはい)")
    base, reading = chars[start], chars[start + 3]
    assert reading["size"] < 0.7 * base["size"]


# ---- Verse ----

def test_verse_lines_end_with_their_breaks(built: dict[str, Built]) -> None:
    """Each line of a stanza is a <span class="line"> holding the <br> that ends it: no <br>
    stands between two lines, where MuPDF would show it as an empty line."""
    stanzas = [stanza for _, root in built["verse"].chapters()
               for stanza in root.iter(f"{XHTML}p") if "poem" in stanza.get("class", "")]
    assert len(stanzas) > 20
    for stanza in stanzas:
        lines = list(stanza)
        assert all(line.get("class") == "line" or line.get(EPUB_TYPE) == "pagebreak"
                   for line in lines)
        assert all(line[-1].tag == f"{XHTML}br" for line in lines[:-1] if line.get("class"))
        assert not lines[-1].findall(f"{XHTML}br")


@pytest.mark.parametrize("engine", ["", "br { display: inline !important; }",
                                    "span.line, br { display: inline !important; }"])
def test_verse_is_single_spaced_with_stanza_breaks(built: dict[str, Built], engine: str) -> None:
    """A poem's lines are one line apart and its stanzas further apart, with the EPUB's own
    stylesheet, in an engine that shows every <br> (MuPDF) and in one without styles."""
    path = next(path for path, root in built["verse"].chapters()
                if "Success is counted sweetest" in "".join(root.itertext()))
    with laid_out(path, engine) as pdf:
        lines = rows(pdf.pages[0])
    start = next(index for index, (_, text) in enumerate(lines) if text.startswith("Success is"))
    tops = [top for top, _ in lines[start:start + 12]]  # three stanzas of four lines
    gaps = [after - before for before, after in itertools.pairwise(tops)]
    line = statistics.median(gaps)
    assert all(abs(gap / line - 1) < 0.1 for gap in gaps[:3]), gaps  # tops are whole points
    assert 1.3 < gaps[3] / line < 1.9, gaps  # a stanza break: more than a line, not two
    assert [text for _, text in lines[start:start + 2]] == [
        "Success is counted sweetest", "By those who ne’er succeed."]


def test_verse_has_one_size(built: dict[str, Built]) -> None:
    """Verse set apart and verse quoted in a block quotation print at one size."""
    book = built["verse"]
    path = next(path for path, root in book.chapters()
                if root.find(".//x:blockquote/x:p[@class='poem']", NS) is not None)
    styles = computed(path)
    sizes = {style["font_size"] for element, style in styles.items()
             if element.tag == "p" and "poem" in element.get("class", "")}
    assert len(sizes) == 1, sizes
    body = next(style["font_size"] for element, style in styles.items()
                if element.tag == "body")
    assert sizes == {body}


def test_an_apostrophe_leads_t_is(built: dict[str, Built]) -> None:
    text = " ".join("".join(root.itertext()) for _, root in built["verse"].chapters())
    assert "’T is the majority" in text
    assert "‘T is" not in text


# ---- Right to left ----

def test_lists_verse_and_definitions_indent_on_the_right(built: dict[str, Built]) -> None:
    """In a Hebrew chapter (HEBREW_BODY) a list, a definition and verse indent on the right,
    a term stands at the right, and the English note starts at the left."""
    path, _ = list(built["hebrew"].chapters())[-1]
    with laid_out(path) as pdf:
        page = pdf.pages[0]
        extents: dict[float, list[float]] = {}
        for char in page.chars:
            if char["text"].strip() and char["text"] != "\u2022":  # not a list's bullets
                top = next((seen for seen in extents if abs(seen - char["top"]) <= 3),
                           char["top"])
                extents.setdefault(top, []).extend((char["x0"], char["x1"]))
        left, right, em = 15, page.width - 15, 12  # the page's margin: 20px; 16px text
    lines = [(min(found), max(found)) for _, found in sorted(extents.items())]
    items, term, definition, verse, note = lines[0:2], lines[2], lines[3], lines[4:6], lines[7]
    assert all(right - end > em for _, end in items), "a list indents on the right"
    assert right - term[1] < 2, "a term stands at the right"
    assert right - definition[1] > em, "a definition indents on the right"
    assert all(right - end > 1.5 * em for _, end in verse), "verse indents on the right"
    assert all(start > left + 100 for start, _ in [*items, *verse])
    assert note[0] - left < 2, "the English note starts at the left"


def test_a_block_in_another_direction_carries_it(built: dict[str, Built]) -> None:
    _, root = list(built["hebrew"].chapters())[-1]
    aside = root.find(".//x:aside", NS)
    assert aside is not None and aside.get("dir") == "ltr" and "ltr" in aside.get("class", "")
    assert all(block.get("dir") == "ltr" for block in aside.iter(f"{XHTML}p"))
    assert re.search(r"\.ltr\s*\{[^}]*text-align:\s*left", built["hebrew"].stylesheet)


def test_emphasis_in_hebrew_is_bold_and_upright(built: dict[str, Built]) -> None:
    path, _ = list(built["hebrew"].chapters())[-1]
    emphasis = next(style for element, style in computed(path).items() if element.tag == "em")
    assert (emphasis["font_style"], emphasis["font_weight"]) == ("normal", 700)


def test_a_hebrew_word_in_an_english_note_in_italic_stays_upright(
        built: dict[str, Built]) -> None:
    """The Hebrew face is declared italic too (a script with no italic), so a renderer that
    slants a face with no italic (WeasyPrint here, many reading systems) draws the word
    upright: no face of the layout is a slanted copy."""
    path = next(path for path, _ in built["hebrew"].chapters()
                if "shares its root with the noun" in path.read_text(encoding="utf-8"))
    with laid_out(path) as pdf:
        faces = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert any("Hebrew" in face for face in faces)
    assert not [face for face in faces if face.endswith("-Oblique")], faces


def test_cjk_emphasis_has_marks_not_slant(built: dict[str, Built]) -> None:
    css = built["cjk"].stylesheet
    assert re.search(r"em:lang\(ja\)\s*\{[^}]*-epub-text-emphasis-style:\s*filled sesame", css)
    assert re.search(r":lang\(zh\),[^{]*:lang\(ja\)[^{]*\{\s*font-style:\s*normal", css)


# ---- Smaller findings ----

def test_no_rule_is_left_where_notes_pop_up(built: dict[str, Built]) -> None:
    """With its notes hidden, as reading systems that pop them up hide them, a chapter draws
    no rule (only the underlines of its note calls, a letter or two wide)."""
    path = next(path for path, root in built["verse"].chapters()
                if root.find(".//x:aside", NS) is not None)
    with laid_out(path, "aside { display: none; }") as pdf:
        drawn = [shape for page in pdf.pages for shape in page.lines + page.rects]
        assert pdf.pages[0].lines, "a note call's underline is drawn as a line"
    assert [shape for shape in drawn if shape["width"] > 20] == []


def test_a_picture_in_a_line_is_the_size_of_a_letter(built: dict[str, Built]) -> None:
    book = built["illustrated"]
    path, root = next((path, root) for path, root in book.chapters()
                      if root.find(".//x:img[@class='inline transparent']", NS) is not None)
    pictures = [box for element, box in boxes(
        marked(path, root.findall(".//x:img[@class='inline transparent']", NS))).items()
        if element.get("data-test") is not None]
    body = 16  # px: the EPUB sets no size of its own
    assert pictures and all(0 < box.height <= 1.2 * body + 0.1 for box in pictures)


def test_a_paragraph_after_a_figure_is_not_indented(built: dict[str, Built]) -> None:
    """A page marker opens the paragraph the page begins with: none stands between a block
    and the paragraph after it, so `figure + p` still reads."""
    for _, root in built["illustrated"].chapters():
        for marker in root.iter(f"{XHTML}span"):
            following = marker.getnext()
            if marker.get(EPUB_TYPE) == "pagebreak" and following is not None:
                assert following.tag != f"{XHTML}p" or (marker.tail or "").strip()
    after = [(path, paragraph) for path, root in built["illustrated"].chapters()
             for paragraph in root.iter(f"{XHTML}p")
             if (before := paragraph.getprevious()) is not None and before.tag == f"{XHTML}figure"]
    assert any(paragraph[0].get(EPUB_TYPE) == "pagebreak" for _, paragraph in after
               if len(paragraph)), "a page begins with a paragraph after a figure"
    path = after[0][0]
    styles = computed(marked(path, [paragraph for found, paragraph in after if found == path]))
    indents = [style["text_indent"] for element, style in styles.items()
               if element.get("data-test") is not None]
    assert indents and all(indent.value == 0 for indent in indents)


def test_quotations_keep_the_text_size(built: dict[str, Built]) -> None:
    assert re.search(r"\bblockquote\s*\{\s*font-size:\s*1em", built["verse"].stylesheet)


def test_pages_break_round_tables_and_figures(built: dict[str, Built]) -> None:
    css = built["illustrated"].stylesheet
    assert re.search(r"caption, thead\s*\{[^}]*break-after:\s*avoid", css)
    assert re.search(r"tr, table.short, figure\s*\{[^}]*break-inside:\s*avoid", css)
    tables = [table for _, root in built["illustrated"].chapters()
              for table in root.iter(f"{XHTML}table")]
    assert tables and all("short" in table.get("class", "") for table in tables)


def test_transparent_drawings_keep_a_white_ground(built: dict[str, Built]) -> None:
    images = {image.get("src"): image.get("class", "")
              for _, root in built["illustrated"].chapters() for image in root.iter(f"{XHTML}img")}
    assert "transparent" in images["images/radish.svg"]
    assert "transparent" not in images["images/garden-gate.png"]
    assert re.search(r"img\.transparent\s*\{\s*background-color:\s*white",
                     built["illustrated"].stylesheet)


def test_ids_of_cjk_headings_start_with_a_letter(built: dict[str, Built]) -> None:
    ids = [element.get("id", "") for _, root in built["cjk"].chapters()
           for element in root.iter() if element.get("id")]
    assert ids and all(re.match("[A-Za-z]", found) for found in ids), ids


def test_sub_headings_of_cjk_chapters_are_transliterated() -> None:
    book, _ = load(MANUSCRIPTS / "cjk")
    headings = [heading for chapter in book.chapters for heading in chapter.headings]
    assert headings and all(re.fullmatch("[a-z][a-z0-9-]*", heading.id) for heading in headings)

