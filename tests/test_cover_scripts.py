"""The typographic cover in every script the font chain covers (issue 30): each run of a line
in a face that has its characters, right-to-left text in its visual order, capitals by the
language's rules and the creators joined by its word for "and".

The cover's own run plan is checked against programs that did not make it: fontTools reads
each face's character map, HarfBuzz (uharfbuzz) shapes each run again in its face and
direction (no .notdef glyph, the same advance Pillow measured, the clusters in the order the
plan says), Babel gives CLDR's list pattern and unicodedata the marks on the capitals.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

import PIL.Image
import PIL.ImageDraw
import pytest
import uharfbuzz as hb
from babel.lists import format_list
from conftest import ROOT
from fontTools.ttLib import TTFont
from lxml import etree

from publish.book.make import make_book
from publish.book.model import Book
from publish.cover import design
from publish.cover import image as cover_image
from publish.cover.capitals import capitals
from publish.cover.lettering import Lettering, Run
from publish.cover.placing import canvas_for
from publish.cover.wrap import CoverGeometry
from publish.editions import cover_wrap
from publish.project import Project
from publish.settings import Settings
from publish.source.fonts import Typeface, is_ignorable
from publish.source.manuscript import read_manuscript
from publish.source.metadata import Creator, Metadata
from publish.source.styles import Styles, load_styles

BOOKS = ("hebrew", "arabic", "greek", "thai", "cjk", "devanagari", "russian", "bidi-rtl",
         "bidi-ltr", "multi")
# Combining marks Greek capitals may not carry (the diaeresis, U+0308, they keep).
GREEK_ACCENTS = {"\u0300", "\u0301", "\u0342", "\u0313", "\u0314", "\u0343", "\u0345"}


@dataclass(frozen=True)
class Cover:
    book: Book
    styles: Styles
    faces: Lettering
    layout: design.CoverLayout


def cover_of(book: Book, styles: Styles, metadata: Metadata | None = None) -> Cover:
    metadata = metadata or book.metadata
    faces = design.cover_lettering(styles.fonts, metadata)
    return Cover(book, styles, faces, design.front_design(metadata, faces))


@pytest.fixture(scope="module")
def books() -> dict[str, tuple[Book, Styles]]:
    made = {}
    for name in BOOKS:
        project = Project.at(ROOT / "tests" / "manuscripts" / name)
        book = make_book(read_manuscript(project))
        made[name] = (book, load_styles(project, book.metadata.lang))
    return made


@pytest.fixture(scope="module")
def covers(books: dict[str, tuple[Book, Styles]]) -> dict[str, Cover]:
    return {name: cover_of(*made) for name, made in books.items()}


@cache
def character_map(typeface: Typeface, italic: bool) -> frozenset[int]:
    data = typeface.italic if italic else typeface.roman
    return frozenset(TTFont(io.BytesIO(data), fontNumber=typeface.index).getBestCmap())


@cache
def harfbuzz_font(typeface: Typeface, italic: bool, weight: int) -> hb.Font:
    face = hb.Face(hb.Blob(typeface.italic if italic else typeface.roman), typeface.index)
    font = hb.Font(face)
    if any(axis.tag == "wght" for axis in face.axis_infos):
        font.set_variations({"wght": weight})
    return font


def harfbuzz_shaped(run: Run, line: design.CoverLine, faces: Lettering
                    ) -> tuple[hb.Font, hb.Buffer]:
    """The run shaped by HarfBuzz in its face, style, weight and direction."""
    typeface = faces.faces[run.face]
    font = harfbuzz_font(typeface, line.face.italic, line.face.weight)
    buffer = hb.Buffer()
    buffer.add_str(run.text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if run.rtl else "ltr"
    buffer.language = faces.lang
    hb.shape(font, buffer)
    return font, buffer


def shaped(run: Run, line: design.CoverLine, faces: Lettering
           ) -> tuple[list[hb.GlyphInfo], float]:
    """The run's glyphs as HarfBuzz shapes it, and its advance in the line's pixels
    (untracked)."""
    font, buffer = harfbuzz_shaped(run, line, faces)
    advance = sum(position.x_advance for position in buffer.glyph_positions)
    return buffer.glyph_infos, advance * line.face.size / font.face.upem


def every_run(cover: Cover) -> list[tuple[design.CoverLine, Run]]:
    return [(line, run) for line in cover.layout.lines for run in line.runs]


@pytest.mark.parametrize("name", BOOKS)
def test_every_character_is_drawn_by_a_face_that_has_it(name: str,
                                                        covers: dict[str, Cover]) -> None:
    cover = covers[name]
    for line, run in every_run(cover):
        typeface = cover.faces.faces[run.face]
        drawn = character_map(typeface, line.face.italic)
        missing = [character for character in run.text
                   if ord(character) not in drawn and not is_ignorable(character)]
        assert not missing, (name, line.role, run.text, typeface.family, missing)
    for line in cover.layout.lines:  # the runs rebuild the line: nothing lost or doubled
        assert "".join(run.text for run in sorted(line.runs, key=lambda run: run.start)) == (
            line.text)


@pytest.mark.parametrize("name", BOOKS)
def test_harfbuzz_shapes_every_run_without_a_missing_glyph(name: str,
                                                           covers: dict[str, Cover]) -> None:
    """HarfBuzz, shaping each run on its own, finds a glyph for every character (glyph 0 is
    .notdef, the box) and the advance Pillow measured, within a pixel or two."""
    cover = covers[name]
    for line, run in every_run(cover):
        glyphs, advance = shaped(run, line, cover.faces)
        assert all(glyph.codepoint != 0 for glyph in glyphs), (name, run.text)
        if not run.tracking:
            assert abs(advance - run.width) <= 2.0, (name, run.text, advance, run.width)


def harfbuzz_ink(run: Run, line: design.CoverLine, faces: Lettering
                 ) -> tuple[float, float, float, float] | None:
    """The run's ink box as HarfBuzz places its glyphs (from the run's left end and the
    baseline, y down), or None for a run without ink."""
    font, buffer = harfbuzz_shaped(run, line, faces)
    scale = line.face.size / font.face.upem
    boxes, pen = [], 0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        extents = font.get_glyph_extents(info.codepoint)
        if extents is not None and extents.width and extents.height:
            left = pen + position.x_offset + extents.x_bearing
            top = position.y_offset + extents.y_bearing
            boxes.append((left, -top, left + extents.width, -(top + extents.height)))
        pen += position.x_advance
    if not boxes:
        return None
    return (min(box[0] for box in boxes) * scale, min(box[1] for box in boxes) * scale,
            max(box[2] for box in boxes) * scale, max(box[3] for box in boxes) * scale)


@pytest.mark.parametrize("name", BOOKS)
def test_pillow_draws_each_run_where_harfbuzz_puts_its_ink(name: str,
                                                          covers: dict[str, Cover]) -> None:
    """The ink of each solid run as the cover draws it (Pillow, libraqm), read from the pixels,
    has the box
    HarfBuzz gives the same text in the same face and direction, to a few pixels (hinting
    and rounding): no box in place of a glyph, no letters dropped or turned round."""
    cover = covers[name]
    for line, run in every_run(cover):
        expected = harfbuzz_ink(run, line, cover.faces)
        if run.tracking or expected is None:
            continue
        (piece,) = design.drawn_pieces(replace(line, x=0.0, runs=(replace(run, x=0.0),)),
                                       cover.faces)
        pad = 2 * line.face.size
        canvas = PIL.Image.new("L", (int(run.width) + 2 * pad, 3 * pad))
        PIL.ImageDraw.Draw(canvas).text((pad, 2 * pad), piece.text, font=piece.font, fill=255,
                                        anchor="ls", direction=piece.direction,
                                        language=piece.language)
        ink = canvas.getbbox()
        assert ink is not None, run.text
        relative = [ink[0] - pad, ink[1] - 2 * pad, ink[2] - pad, ink[3] - 2 * pad]
        assert all(abs(got - want) <= 3 for got, want in zip(relative, expected, strict=True)), (
            name, run.text, relative, expected)


@pytest.mark.parametrize("name", BOOKS)
def test_the_scripts_get_their_faces(name: str, covers: dict[str, Cover]) -> None:
    """The cover is not set in one face when its text needs several: Latin in the body face,
    each other script in its own."""
    cover = covers[name]
    families = {cover.faces.faces[run.face].family for _, run in every_run(cover)}
    wanted = {"hebrew": {"Noto Serif Hebrew", "EB Garamond"}, "arabic": {"Amiri"},
              "thai": {"Noto Serif Thai", "EB Garamond"}, "cjk": {"Noto Serif CJK TC"},
              "devanagari": {"Noto Serif Devanagari"}, "greek": {"EB Garamond"},
              "bidi-rtl": {"Noto Serif Hebrew", "EB Garamond"}}.get(name, {"EB Garamond"})
    assert wanted <= families, (name, families)


def word_positions(line: design.CoverLine, faces: Lettering) -> list[float]:
    """The x of each word of a line (by where it starts in reading order), as HarfBuzz places
    it within its run: in a right-to-left run a word lies left of the text before it."""
    positions = []
    start = 0
    for word in line.text.split(" "):
        run = next(run for run in line.runs if run.start <= start < run.start + len(run.text))
        before = replace(run, text=run.text[:start - run.start])
        _, offset = shaped(before, line, faces) if before.text else ([], 0.0)
        centre = shaped(replace(run, text=word), line, faces)[1] / 2 if word else 0.0
        positions.append(line.x + run.x + (run.width - offset - centre if run.rtl
                                           else offset + centre))
        start += len(word) + 1
    return positions


def test_hebrew_subtitle_reads_right_to_left(covers: dict[str, Cover]) -> None:
    """פרק א׳ פסוק א׳ – פרק ב׳ פסוק ג׳: each word left of the one before it, the en dash in
    the body face among them."""
    cover = covers["hebrew"]
    (subtitle,) = [line for line in cover.layout.lines if line.role == "subtitle"]
    positions = word_positions(subtitle, cover.faces)
    assert len(positions) == len(subtitle.text.split()) == 9
    assert all(left < right for right, left in itertools.pairwise(positions)), positions
    dash = next(run for run in subtitle.runs if "\u2013" in run.text)
    assert cover.faces.faces[dash.face].family == "EB Garamond"


@pytest.mark.parametrize(("name", "subtitle", "rtl"), [
    ("hebrew", "ספר Genesis הראשון", True),  # an English word in a Hebrew line
    ("bidi-ltr", "The word בְּרֵאשִׁית opens Genesis", False),  # a Hebrew word in an English one
    ("arabic", "كليلة ودمنة (Kalila wa-Dimna) ١٩٣٧", True),
])
def test_mixed_lines_keep_reading_order(name: str, subtitle: str, rtl: bool,
                                        books: dict[str, tuple[Book, Styles]]) -> None:
    book, styles = books[name]
    cover = cover_of(book, styles, replace(book.metadata, subtitle=subtitle))
    lines = [line for line in cover.layout.lines if line.role == "subtitle"]
    assert len(lines) == 1 and len({run.face for run in lines[0].runs}) >= 2
    positions = word_positions(lines[0], cover.faces)
    assert positions == sorted(positions, reverse=rtl), positions
    for run in lines[0].runs:
        glyphs, _ = shaped(run, lines[0], cover.faces)
        assert all(glyph.codepoint != 0 for glyph in glyphs), run.text


def test_greek_capitals_carry_no_accents(covers: dict[str, Cover]) -> None:
    cover = covers["greek"]
    capitals_lines = [line for line in cover.layout.lines if line.role != "subtitle"]
    assert " ".join(line.text for line in capitals_lines if line.role == "title") == (
        "ΙΛΙΑΣ ΚΑΙ ΑΠΟΛΟΓΙΑ")
    for line in capitals_lines:
        marks = set(unicodedata.normalize("NFD", line.text)) & GREEK_ACCENTS
        assert not marks, (line.text, marks)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Ἰλιάς καὶ Ἀπολογία", "grc", "ΙΛΙΑΣ ΚΑΙ ΑΠΟΛΟΓΙΑ"),
    ("Ὅμηρος", "grc", "ΟΜΗΡΟΣ"),
    ("ᾠδή", "grc", "ΩΙΔΗ"),  # the iota subscript written beside its vowel
    ("Πρωτεΐνη", "el", "ΠΡΩΤΕΪΝΗ"),  # a diaeresis is kept
    ("άυλος", "el", "ΑΫΛΟΣ"),  # ...and added where the dropped accent parted the vowels
    ("ένα ή δύο", "el", "ΕΝΑ Ή ΔΥΟ"),  # the disjunctive ή keeps its accent
    ("Ὁμήρου 1–67 · 17a", "grc", "ΟΜΗΡΟΥ 1–67 · 17A"),
    ("Tollgate — ελληνικά", "en", "TOLLGATE — ΕΛΛΗΝΙΚΑ"),  # Greek in a book of another language
    ("istanbul ılık", "tr", "İSTANBUL ILIK"),
    ("istanbul", "en", "ISTANBUL"),
    ("Straße", "de", "STRASSE"),
    ("Два рассказа", "ru", "ДВА РАССКАЗА"),
])
def test_capitals_follow_the_language(text: str, lang: str, expected: str) -> None:
    assert capitals(text, lang) == expected


@pytest.mark.parametrize(("name", "names", "expected"), [
    # Ancient Greek has no CLDR locale: Modern Greek's pattern, its καί the same word
    ("greek", ["Ὅμηρος", "Πλάτων"], "ΟΜΗΡΟΣ ΚΑΙ ΠΛΑΤΩΝ"),
    ("cjk", ["老子", "夏目漱石"], "老子、夏目漱石"),  # phrases.toml's Chinese, as the title page
    ("hebrew", ["משה", "אהרן"], "משה ואהרן"),
    ("thai", ["พ่อขุนรามคำแหง", "Jit Phumisak"], "พ่อขุนรามคำแหงและJIT PHUMISAK"),
    ("devanagari", ["वेदव्यास", "गणेश"], "वेदव्यास तथा गणेश"),
    ("multi", ["Jacob Grimm", "Wilhelm Grimm", "Margaret Hunt"],
     "JACOB GRIMM, WILHELM GRIMM AND MARGARET HUNT"),
])
def test_creators_are_joined_by_the_language_word_for_and(
        name: str, names: list[str], expected: str,
        books: dict[str, tuple[Book, Styles]]) -> None:
    book, styles = books[name]
    metadata = replace(book.metadata, creators=tuple(Creator(person, "aut", person)
                                                     for person in names))
    cover = cover_of(book, styles, metadata)
    creators = " ".join(line.text for line in cover.layout.lines if line.role == "creator")
    assert creators == expected
    if name in ("thai", "devanagari"):  # languages phrases.toml does not write: CLDR's words
        assert creators == capitals(format_list(names, locale=book.metadata.lang),
                                    book.metadata.lang)


def test_a_mixed_cover_is_drawn_the_same_twice(covers: dict[str, Cover]) -> None:
    cover = covers["hebrew"]
    first = cover_image.typographic_cover.__wrapped__(cover.book.metadata, cover.faces)
    second = cover_image.typographic_cover.__wrapped__(cover.book.metadata, cover.faces)
    assert first.data == second.data
    image = PIL.Image.open(io.BytesIO(first.data)).convert("RGB")
    for line in cover.layout.lines:  # every run leaves ink where the plan puts it
        for run in line.runs:
            if run.text.strip():
                box = (int(line.x + run.x), int(line.y - line.face.size * 0.6),
                       int(line.x + run.x + run.width) + 1, int(line.y) + 1)
                assert len(image.crop(box).getcolors(1 << 16) or []) > 1, run.text


@pytest.mark.parametrize("name", ["hebrew", "thai"])
def test_print_front_sets_each_run_in_its_face(name: str, covers: dict[str, Cover]) -> None:
    """The wrap's front places the same runs, each in a box naming the face that has it."""
    cover = covers[name]
    geometry = CoverGeometry(Settings().trim, 200, Settings().paper,
                             rtl=cover.book.metadata.dir == "rtl")
    layout = design.front_design(cover.book.metadata, cover.faces, canvas_for(geometry))
    elements = [element for element in cover_wrap.front(cover.book.metadata, cover.faces,
                                                        geometry)
                if element.get("class", "").startswith("line")]
    runs = [run for line in layout.lines for run in line.runs]
    assert len(elements) == len(runs)
    for element, run in zip(elements, runs, strict=True):
        style = element.get("style", "")
        typeface = cover.faces.faces[run.face]
        assert element.text == run.text and f'font-family: "{typeface.family}"' in style
        drawn = character_map(typeface, "font-style: italic" in style)
        assert all(ord(character) in drawn for character in run.text
                   if not is_ignorable(character)), (typeface.family, run.text)
        assert ("direction: rtl" in style) == run.rtl, etree.tostring(element)
        if any(unicodedata.bidirectional(character) in ("R", "AL") for character in run.text):
            assert run.rtl, run.text
