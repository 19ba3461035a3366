"""The print edition's page numbers in the EPUB and the text: each marker stands exactly where
its page begins in the PDF, with the label the PDF prints.

The PDF is read back with pdfplumber, independently of the layout the markers came from: for
every marker, the words that follow it in the EPUB (and in the text edition) must be the first
words of that page's text area, and the page's printed folio must be the marker's label.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

import pdfplumber
import pytest
from lxml import etree

from publish.book.model import Book, Chapter
from publish.editions import epub
from publish.editions.text import ascii as text_ascii
from publish.editions.text import utf8 as text
from publish.layout.page_breaks import with_page_breaks
from publish.layout.page_map import OwnText, Reader
from publish.layout.printed import CHAPTER_START, PrintLayout, PrintPage, Spot, Typeset, roman
from publish.layout.typeset import typeset_book
from publish.settings import POINTS_PER, TRIMS, Settings
from publish.source.styles import Styles

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
WORDS_COMPARED = 6
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "section", "td",
          "th", "tr", "figcaption", "pre", "dt", "dd", "hr", "br")
PAGE_MARKER = re.compile(r"\{([0-9]+|[ivxlcdm]+)\}")


@dataclass(frozen=True)
class Typeset_:
    book: Book
    styles: Styles
    settings: Settings
    typeset: Typeset

    @cached_property
    def pdf_pages(self) -> list[tuple[list[str], list[str]]]:
        """Each PDF page's (text-area words, folio words), cut by the page's margins."""
        inch = POINTS_PER["in"]
        pages = []
        with pdfplumber.open(io.BytesIO(self.typeset.pdf)) as pdf:
            for page in pdf.pages:
                top, bottom = 0.875 * inch - 4, page.height - 0.9 * inch + 2  # print.css margins
                text_area = page.crop((0, top, page.width, bottom)).extract_text() or ""
                foot = page.crop((0, bottom, page.width, page.height)).extract_text() or ""
                pages.append((text_area.split(), foot.split()))
        return pages


# The third layout turns a page inside a hyphenated word ("dra-|matic", page 11).
LAYOUTS = {"chile": ("chile", "6x9"), "sampler": ("sampler", "6x9"),
           "chile-5.5x8.5": ("chile", "5.5x8.5")}


@pytest.fixture(scope="module", params=list(LAYOUTS))
def printed(request: pytest.FixtureRequest) -> Typeset_:
    name, trim = LAYOUTS[request.param]
    book, styles = request.getfixturevalue(name)
    settings = Settings(trim=TRIMS[trim])
    return Typeset_(book, styles, settings, typeset_book(book, styles, settings))


def normalised(words: list[str]) -> list[str]:
    """Words as letters and digits only, a word the PDF hyphenated across lines joined again."""
    joined: list[str] = []
    carry = ""
    for word in words:
        if word.endswith("\u2010"):
            carry += word[:-1]
            continue
        joined.append(carry + word)
        carry = ""
    kept = ("".join(character for character in word if character.isalnum()).lower()
            for word in joined)
    return [word for word in kept if word]


def first_words(printed: Typeset_, number: int) -> list[str]:
    return normalised(printed.pdf_pages[number - 1][0])[:WORDS_COMPARED]


def epub_words_after_markers(data: bytes) -> Iterator[tuple[str, str, str, list[str]]]:
    """(label, id, the word before, the words that follow) for every pagebreak marker, in
    reading order. The notes (asides) and note calls are left out: the PDF sets them elsewhere
    on the page."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(name for name in archive.namelist()
                       if re.fullmatch(r"EPUB/\d{3}-.*\.xhtml", name))
        for name in names:
            root = etree.fromstring(archive.read(name))
            for aside in root.iter(f"{XHTML}aside", f"{XHTML}a"):
                if aside.tag.endswith("aside") or aside.get(EPUB_TYPE) == "noteref":
                    aside.text = None
                    for child in list(aside):
                        aside.remove(child)
            for block in root.iter(*(f"{XHTML}{tag}" for tag in BLOCKS)):
                block.tail = " " + (block.tail or "")  # blocks are apart, as on the page
            labels = []
            for marker in root.iter(f"{XHTML}span"):
                if marker.get(EPUB_TYPE) == "pagebreak":
                    labels.append((marker.get("aria-label", ""), marker.get("id", "")))
                    marker.text = f"\ue000{len(labels) - 1}\ue000"
            chunks = "".join(root.find(f"{XHTML}body").itertext()).split("\ue000")
            for index, (label, element_id) in enumerate(labels):
                following = " ".join(chunks[2 * index + 2:])
                before = (normalised(" ".join(chunks[:2 * index + 1]).split()) or [""])[-1]
                yield label, element_id, before, normalised(following.split())[:WORDS_COMPARED]


def test_every_page_of_the_text_has_a_start(printed: Typeset_) -> None:
    """Every page that is neither blank nor a preliminary page begins somewhere in the text."""
    layout = printed.typeset.layout
    assert layout.page_count == len(printed.pdf_pages)
    first_chapter_page = min(page.number for page in layout.page_starts)
    for page in layout.pages:
        if page.number >= first_chapter_page:
            assert (page.start is None) == page.blank, page


def test_labels_are_the_folios_the_pdf_prints(printed: Typeset_) -> None:
    """Roman in the front matter, arabic from 1 in the text, as set at the page's foot."""
    layout = printed.typeset.layout
    for page in layout.page_starts:
        assert printed.pdf_pages[page.number - 1][1] == [page.label], page
    labels = [page.label for page in layout.page_starts]
    assert labels[0] == "vii" and "1" in labels
    assert labels.index("1") == [page.start and page.start.chapter for page in
                                 layout.page_starts].index(first_body_chapter(printed.book))


def first_body_chapter(book: Book) -> str:
    return next(chapter.id for chapter in book.chapters if chapter.matter == "bodymatter")


def test_epub_markers_stand_where_the_pdf_pages_begin(printed: Typeset_) -> None:
    """The words after each marker begin its page; where the page begins with the end of a
    word hyphenated across the turn, the marker stands after that word."""
    data = epub.render(printed.book, printed.styles, printed.settings, printed.typeset)
    found = list(epub_words_after_markers(data))
    starts = printed.typeset.layout.page_starts
    assert [label for label, _, _, _ in found] == [page.label for page in starts]
    broken = 0
    for (label, element_id, before, words), page in zip(found, starts, strict=True):
        assert element_id == f"page-{label}"
        assert len(words) == WORDS_COMPARED
        broken += begins_page(label, before, words, first_words(printed, page.number))
    assert any(page.start and page.start.element != CHAPTER_START for page in starts), \
        "no page turns inside a chapter: the test proves little"
    if printed.settings.trim == TRIMS["5.5x8.5"]:
        assert broken >= 1, "this layout turns pages inside hyphenated words"


def begins_page(label: str, before: str, words: list[str], expected: list[str]) -> bool:
    """Assert the words after a marker begin its page, or that the page begins with the end
    of the word before the marker (hyphenated across the turn) and then goes on with them;
    True in that second case."""
    if words == expected:
        return False
    fragment = expected[0]
    assert before.endswith(fragment) and before != fragment, f"page {label}: {words} {expected}"
    assert words[:len(expected) - 1] == expected[1:], f"page {label}"
    return True


def test_the_page_list_leads_to_every_marker(printed: Typeset_) -> None:
    data = epub.render(printed.book, printed.styles, printed.settings, printed.typeset)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        page_lists = [element for element in nav.iter(f"{XHTML}nav")
                      if element.get(EPUB_TYPE) == "page-list"]
        assert len(page_lists) == 1 and page_lists[0].get("hidden") is not None
        entries = [(link.text, link.get("href", "")) for link in page_lists[0].iter(f"{XHTML}a")]
        assert [label for label, _ in entries] == [
            page.label for page in printed.typeset.layout.page_starts]
        for label, href in entries:
            file_name, _, fragment = href.partition("#")
            target = etree.fromstring(archive.read(f"EPUB/{file_name}"))
            marker = target.find(f".//*[@id='{fragment}']")
            assert marker is not None and marker.get("aria-label") == label
            assert marker.get("role") == "doc-pagebreak"
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    meta = {element.get("property"): element.text for element in opf.iter(
        "{http://www.idpf.org/2007/opf}meta") if element.get("property")}
    unique = opf.get("unique-identifier")
    own = opf.find(f".//{{http://purl.org/dc/elements/1.1/}}identifier[@id='{unique}']")
    assert own is not None
    assert meta["pageBreakSource"] == printed.book.metadata.print_identifier.urn
    assert meta["pageBreakSource"] != own.text  # the source is the print book, not the EPUB
    features = {element.text for element in opf.iter("{http://www.idpf.org/2007/opf}meta")
                if element.get("property") == "schema:accessibilityFeature"}
    assert {"pageBreakMarkers", "pageNavigation"} <= features


def text_words_after_markers(content: str) -> Iterator[tuple[str, str, list[str]]]:
    """(label, the word before, the words after) for every {label} marker."""
    pieces = [re.sub(r"\[\d+\]", " ", piece).replace("_", " ")  # note calls: set elsewhere
              for piece in PAGE_MARKER.split(content)]
    for index in range(1, len(pieces), 2):
        following = PAGE_MARKER.sub(" ", " ".join(pieces[index + 1:]))
        before = (normalised(pieces[index - 1].split()) or [""])[-1]
        yield pieces[index], before, normalised(following.split())[:WORDS_COMPARED]


@pytest.mark.parametrize("module", [text, text_ascii], ids=["txt", "txt-ascii"])
def test_text_page_markers_stand_where_the_pdf_pages_begin(printed: Typeset_,
                                                           module: object) -> None:
    marked_settings = replace(printed.settings, page_markers=True)
    render = module.render  # type: ignore[attr-defined]
    content = render(printed.book, printed.styles, marked_settings, printed.typeset).decode()
    found = list(text_words_after_markers(content))
    starts = printed.typeset.layout.page_starts
    assert [label for label, _, _ in found] == [page.label for page in starts]
    for (label, before, words), page in zip(found, starts, strict=True):
        expected = first_words(printed, page.number)
        if module is text_ascii:  # transliterated: compare the ASCII letters only
            expected = normalised(text_ascii.to_ascii(" ".join(expected),
                                                      printed.book.metadata.lang).split())
        begins_page(label, before, words, expected)
    plain = render(printed.book, printed.styles, printed.settings, printed.typeset).decode()
    assert not PAGE_MARKER.search(plain), "page markers only when asked for"


def test_a_page_that_begins_inside_a_broken_word_starts_after_it() -> None:
    """A word hyphenated across the page break belongs to the page it starts on."""
    own = OwnText(["the revolutionary movement"])
    reader = Reader(["c"], {})
    reader.own[(0, 1)] = own
    assert reader.set_line(0, 1, "the revolu\u2010") == Spot("c", 1, 0, 0)
    assert reader.set_line(0, 1, "tionary movement") == Spot("c", 1, 0, 18)
    assert own.nodes[0][18:] == "movement"
    assert own.done == len("therevolutionarymovement")


def test_an_existing_hyphen_is_not_taken_for_an_added_one() -> None:
    own = OwnText(["a well\u2010known fact"])
    reader = Reader(["c"], {})
    reader.own[(0, 1)] = own
    reader.set_line(0, 1, "a well\u2010")
    assert reader.set_line(0, 1, "known fact") == Spot("c", 1, 0, 7)


def layout_of(chapter: str, *spots: tuple[int, int, int]) -> PrintLayout:
    return PrintLayout(tuple(PrintPage(number, str(number), False, Spot(chapter, *spot))
                             for number, spot in enumerate(spots, start=1)))


def body_with_markers(book: Book, chapter: Chapter, layout: PrintLayout) -> str:
    return with_page_breaks(replace(book, chapters=(chapter,)), layout).chapters[0].body


def test_markers_go_between_blocks_inside_text_and_into_list_items(
        sampler: tuple[Book, Styles]) -> None:
    chapter = replace(sampler[0].chapters[0], id="c", body=(
        "<p>One <em>two</em> three.</p><ol><li>Item one</li><li>Item two</li></ol>"
        "<p>Four five six seven.</p>"))
    # iter order: 0 div, 1 p, 2 em, 3 ol, 4 li, 5 li, 6 p
    layout = layout_of("c", (CHAPTER_START, 0, 0), (2, 0, 0), (1, 1, 1), (5, 0, 0), (3, 0, 0),
                       (6, 0, 5), (6, 0, 10))
    body = body_with_markers(sampler[0], chapter, layout)
    marks = re.sub(r'<span class="pagebreak" id="page-(\d+)" data-page="\d+"/>', r"[\1]", body)
    assert marks == ("[1]<p>One [2]<em>two</em> [3]three.</p>[5]<ol><li>Item one</li>"
                     "<li>[4]Item two</li></ol><p>Four [6]five [7]six seven.</p>")


def test_roman_numerals() -> None:
    assert [roman(number) for number in (1, 4, 9, 14, 40, 90, 400, 1999)] == [
        "i", "iv", "ix", "xiv", "xl", "xc", "cd", "mcmxcix"]


def test_a_page_that_opens_with_a_scene_break_is_marked_before_it(
        sampler: tuple[Book, Styles], settings: Settings) -> None:
    """A scene break holds no text, but the page begins with it: the marker goes before it."""
    book, styles = sampler
    broken = replace(styles, print=styles.print + "\nhr { break-before: page; }\n")
    printed = typeset_book(book, broken, settings)
    data = epub.render(book, broken, settings, printed)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                          if re.fullmatch(r"EPUB/\d{3}-.*\.xhtml", name))
    before_rule = re.findall(r'aria-label="([^"]+)" epub:type="pagebreak"/>\s*<hr', content)
    assert len(before_rule) == content.count("<hr") >= 1
    page = next(page for page in printed.layout.page_starts if page.label == before_rule[0])
    assert page.start is not None and page.start.element != CHAPTER_START


def test_a_page_that_opens_inside_a_hyphenated_word_is_marked_after_it_and_its_dash() -> None:
    """Du Bois: "igno-|rant—what is Truth?" The page opens with "rant—"; its marker goes
    before "what", where the page's first whole word is, not after it."""
    own = OwnText(["not that men are ignorant\u2014what is Truth?"])
    assert own.end_of_word(0, len("not that men are igno")) == (0, len(
        "not that men are ignorant\u2014"))
    assert own.end_of_word(0, 1) == (0, len("not "))
