"""The body face as the layout's units get it (layout/font_cut.py): cut to the features and
weights the stylesheets and the text can ask for, and never fewer."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import lxml.html
import pdfplumber
import uharfbuzz as harfbuzz
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from publish.book.glyphs import book_characters
from publish.book.make import make_book
from publish.book.model import Book
from publish.editions.epub.fonts import (
    FIGURE_FEATURES,
    SMALL_CAP_FEATURES,
    static_faces,
    subset_source,
)
from publish.layout.engine import render_from_memory
from publish.layout.font_cut import (
    CutFor,
    begin_cut,
    cut_typeface,
    stylesheet_features,
    stylesheet_weights,
)
from publish.layout.served import body_face_url, font_faces
from publish.project import Project
from publish.source.manuscript import read_manuscript
from publish.source.styles import Styles

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPTS = ROOT / "tests" / "manuscripts"


def test_the_features_are_those_the_stylesheets_can_turn_on(chile: tuple[Book, Styles]) -> None:
    _, styles = chile
    assert {"onum", "lnum", "tnum", "smcp", "c2sc", "sups"} <= set(
        stylesheet_features(styles.book + styles.print) or ())
    assert stylesheet_features('p { font-feature-settings: "ss01" on, "cv02" 1; '
                               'font: small-caps 12pt "Old Face"; }') == ("cv02", "smcp", "ss01")
    assert stylesheet_features("p { font-variant-ligatures: no-common-ligatures }") == ()


def test_a_feature_this_does_not_know_keeps_every_feature() -> None:
    assert stylesheet_features("p { font-variant-alternates: stylistic(fancy) }") is None


def test_the_weights_are_those_the_text_can_be_set_in() -> None:
    assert stylesheet_weights("") == (400, 700)  # the text's, and bold from the UA sheet
    assert stylesheet_weights('b { font-weight: bolder } h1 { font: 600 12pt/1.2 "Face 300" }'
                              ) == (400, 600, 700, 900)
    assert stylesheet_weights("small { font-weight: lighter }") == (100, 400, 700)
    assert stylesheet_weights("p { font-weight: var(--weight) }") is None


def test_every_weight_is_a_static_face(chile: tuple[Book, Styles]) -> None:
    book, styles = chile
    cut = cut_typeface(book, styles, None)
    assert cut.weights == (400, 700)
    whole = TTFont(io.BytesIO(styles.typeface.roman))
    for style in ("roman", "italic"):
        for weight in cut.weights:
            face = TTFont(io.BytesIO(cut.files[body_face_url(style, weight)].data))
            assert "fvar" not in face and face["OS/2"].usWeightClass == weight
            assert len(face.getGlyphOrder()) < len(whole.getGlyphOrder()) / 3
        assert body_face_url(style) not in cut.files


def test_each_static_face_draws_as_the_variable_cut_at_its_weight(
        chile: tuple[Book, Styles]) -> None:
    """HarfBuzz makes the static faces: HarfBuzz shapes the book's text in each as in the
    variable cut at its weight (what the layout did before), and fontTools' instancer
    (WeasyPrint's) makes the same advances and outlines, to within a unit's rounding."""
    book, styles = chile
    cut = cut_typeface(book, styles, None)
    variable = {font: cut_font for font, cut_font in cut.body.cuts}
    text = " ".join(lxml.html.fragment_fromstring(chapter.body, create_parent="div").text_content()
                    for chapter in book.chapters)
    for style, font in (("roman", styles.typeface.roman), ("italic", styles.typeface.italic)):
        for weight in cut.weights:
            static = cut.files[body_face_url(style, weight)].data
            assert shaped(static, text, {}) == shaped(variable[font], text, {"wght": weight})
            reference = instancer.instantiateVariableFont(
                TTFont(io.BytesIO(variable[font])), {"wght": weight}, static=True)
            ours = TTFont(io.BytesIO(static))
            assert ours.getGlyphOrder() == reference.getGlyphOrder()
            for name in reference.getGlyphOrder():
                assert ours["hmtx"][name][0] == reference["hmtx"][name][0], name
                points = zip(ours["glyf"][name].getCoordinates(ours["glyf"])[0],
                             reference["glyf"][name].getCoordinates(reference["glyf"])[0],
                             strict=True)
                assert all(abs(x - u) <= 1 and abs(y - v) <= 1 for (x, y), (u, v) in points)


def test_bold_words_are_set_as_wide_as_the_bold_weight_is(chile: tuple[Book, Styles]) -> None:
    """A laid-out bold word takes the bold weight's advances: with the variable cut declared
    for weight 700, it was drawn bold but set at the regular's width."""
    book, styles = chile
    cut = cut_typeface(book, styles, None)
    markup = (f"<html><head><style>{font_faces(styles, None, cut.weights)}"
              "p { font-size: 10pt; font-kerning: none; }</style></head>"
              "<body><p><b>Total</b> Total</p></body></html>")
    pdf = render_from_memory(markup, cut.files).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        bold, regular = document.pages[0].extract_words()[:2]
    for word, weight in ((bold, 700), (regular, 400)):
        assert word["text"] == "Total"
        width = shaped(styles.typeface.roman, "Total", {"wght": weight}, kerning=False)
        assert abs(word["x1"] - word["x0"] - sum(glyph[1] for glyph in width) / 100) < 0.05


def shaped(font: bytes, text: str, location: dict[str, float], kerning: bool = True
           ) -> list[tuple[int, int, int, int]]:
    """Each glyph HarfBuzz sets `text` in, with its advance and offsets (in font units)."""
    face = harfbuzz.Font(harfbuzz.Face(font))
    face.set_variations(location)
    buffer = harfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    harfbuzz.shape(face, buffer, {"kern": kerning, "liga": True, "onum": True})
    return [(info.codepoint, position.x_advance, position.x_offset, position.y_offset)
            for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)]


def test_the_epub_faces_from_the_cut_are_those_from_the_whole_font(
        chile: tuple[Book, Styles]) -> None:
    """The EPUB subsets its body faces from the layout's cut when the cut holds every glyph
    they reach, which must give the same bytes as the whole font; else from the whole font."""
    book, styles = chile
    body = cut_typeface(book, styles, None).body
    characters = book_characters(book)
    features = FIGURE_FEATURES + SMALL_CAP_FEATURES
    for font in (styles.typeface.roman, styles.typeface.italic):
        source = subset_source(font, characters, features, body)
        assert source != font and len(source) < len(font) / 3  # the cut, not the whole font
        assert (static_faces(font, (400, 700), characters, features, source=source)
                == static_faces(font, (400, 700), characters, features))
        cyrillic = characters + "\u0416"  # a character the cut does not hold
        assert subset_source(font, cyrillic, features, body) == font
        assert subset_source(font, characters, (*features, "ss01"), body) == font  # nor feature


def test_what_a_manuscript_shows_holds_what_its_book_prints() -> None:
    """The build cuts the body face from the manuscript's characters while the Book is made:
    every test book's Book prints nothing that cut lacks (else it is cut again: slower)."""
    for root in (ROOT, *(path.parent for path in sorted(MANUSCRIPTS.glob("*/manuscript")))):
        manuscript = read_manuscript(Project.at(root))
        assert CutFor.manuscript(manuscript).holds(CutFor.book(make_book(manuscript))), root


def test_a_cut_begun_before_the_book_is_made_again_for_what_the_book_adds(
        chile: tuple[Book, Styles]) -> None:
    book, styles = chile
    first = book.chapters[0]
    added = replace(first, body=first.body + '<p style="font-weight: 600">\u0416</p>')
    more = replace(book, chapters=(added, *book.chapters[1:]))
    shown, printed = CutFor.book(book), CutFor.book(more)
    assert not shown.holds(printed) and printed.holds(shown)
    cut = begin_cut(shown, styles, None)(more)
    assert cut == cut_typeface(more, styles, None)
    assert "\u0416" in cut.body.characters and "{font-weight: 600}" in cut.body.declared
