"""The typographic cover: size, reproducible bytes, and text that stays inside its margins.

The layout is checked with Pillow's own textbbox (the ink box of every line as drawn), and
the rendered pixels are checked independently: outside the frame and in the margin band
inside it there is nothing but the field colour.
"""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from dataclasses import replace

import PIL.Image
import pytest

from publish.book.model import Book
from publish.cover import design as cover
from publish.cover import image as cover_image
from publish.cover.lettering import Lettering
from publish.source.metadata import Creator, Metadata
from publish.source.styles import Styles

LONG_TITLE = ("The Revolution Betrayed: What Is the Soviet Union and Where Is It Going? "
              "A Study of the Bureaucracy, Its Privileges and Its Fate, With Documents")
TITLES = {
    "one word": "Chile",
    "chile": "The coup in Chile",
    "long": LONG_TITLE,
    "one very long word": "Antidisestablishmentarianismantidisestablishmentarianism",
    "many short words": " ".join(["a", "b", "of", "to", "in", "on"] * 8),
}


@pytest.fixture(scope="module")
def metadata(chile: tuple[Book, Styles]) -> Metadata:
    return chile[0].metadata


@pytest.fixture(scope="module")
def faces(chile: tuple[Book, Styles]) -> Lettering:
    """The faces of the book's cover (its text is in the body face's Latin alone)."""
    return cover.cover_lettering(chile[1].fonts, chile[0].metadata)


def variants(metadata: Metadata) -> dict[str, Metadata]:
    made = {name: replace(metadata, title=title) for name, title in TITLES.items()}
    made["subtitle and three creators"] = replace(
        metadata, title="Capital", subtitle="A critique of political economy, volume one",
        creators=(Creator("Karl Marx", "aut", "Marx, Karl"),
                  Creator("Friedrich Engels", "aut", "Engels, Friedrich"),
                  Creator("Ben Fowkes", "aut", "Fowkes, Ben")))
    made["long everything"] = replace(
        metadata, title=LONG_TITLE, subtitle=LONG_TITLE, publisher=LONG_TITLE,
        creators=(Creator(LONG_TITLE, "aut", LONG_TITLE),))
    made["no publisher"] = replace(metadata, publisher=None)
    return made


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG, read from its bytes (signature, then length-type-data-CRC)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.append(kind)
        offset += 12 + length
    return chunks


def test_cover_is_a_reproducible_png_of_the_retail_size(metadata: Metadata,
                                                        faces: Lettering) -> None:
    first = cover_image.typographic_cover.__wrapped__(metadata, faces)
    second = cover_image.typographic_cover.__wrapped__(metadata, faces)
    assert first.data == second.data
    assert first.media_type == "image/png" and first.name.endswith(".png")
    image = PIL.Image.open(io.BytesIO(first.data))
    assert (image.format, image.size) == ("PNG", (1600, 2560))
    assert set(png_chunks(first.data)) == {b"IHDR", b"IDAT", b"IEND"}  # no tIME, no text


@pytest.mark.parametrize("name", [*TITLES, "subtitle and three creators", "long everything",
                                  "no publisher"])
def test_no_text_runs_outside_the_margins(name: str, metadata: Metadata,
                                          faces: Lettering) -> None:
    book_metadata = variants(metadata)[name]
    layout = cover.front_design(book_metadata, faces)
    inner = cover.FRAME_INSET + cover.FRAME_GAP
    boxes = []
    for line in layout.lines:
        line_boxes = cover.glyph_boxes(line, faces)
        left = min(box[0] for box in line_boxes)
        right = max(box[2] for box in line_boxes)
        assert left >= cover.MARGIN and right <= cover.WIDTH - cover.MARGIN, (line.text, left,
                                                                              right)
        top = min(box[1] for box in line_boxes)
        bottom = max(box[3] for box in line_boxes)
        assert top > inner + 60 and bottom < cover.HEIGHT - inner - 60, line.text
        assert abs((left + right) / 2 - cover.WIDTH / 2) < 20, line.text  # centred
        boxes.append((top, bottom, line.text))
    for (_, bottom, upper), (top, _, lower) in itertools.pairwise(boxes):
        assert bottom <= top, (upper, lower)  # lines follow one another without overlapping
    roles = [line.role for line in layout.lines]
    assert "title" in roles and "creator" in roles
    assert ("subtitle" in roles) == (book_metadata.subtitle is not None)
    assert ("publisher" in roles) == (book_metadata.publisher is not None)
    assert layout.rule.y > max(line.y for line in layout.lines if line.role != "publisher")
    title = " ".join(line.text for line in layout.lines if line.role == "title")
    assert title.split() == book_metadata.title.upper().split()  # every word, in order


@pytest.mark.parametrize("name", ["long", "long everything"])
def test_rendered_margins_hold_only_the_field_colour(name: str, metadata: Metadata,
                                                     faces: Lettering) -> None:
    """Read from the pixels, not the layout: between the inner rule and the text margin, and
    between the outer rule and the edge, every pixel is the plain field."""
    data = cover_image.typographic_cover(variants(metadata)[name], faces).data
    image = PIL.Image.open(io.BytesIO(data)).convert("RGB")
    inner = cover.FRAME_INSET + cover.FRAME_GAP + 4
    bands = [(inner, inner, cover.MARGIN - 2, cover.HEIGHT - inner),
             (cover.WIDTH - cover.MARGIN + 2, inner, cover.WIDTH - inner, cover.HEIGHT - inner),
             (0, 0, cover.WIDTH, cover.FRAME_INSET - 1)]
    for band in bands:
        colours = image.crop(band).getcolors()
        assert colours is not None, band
        assert [colour for _, colour in colours] == [cover_image.FIELD], band


def test_title_lines_are_balanced(chile: tuple[Book, Styles], faces: Lettering) -> None:
    """No long line over a short last one: the break minimises the longest line."""
    assert cover.balanced_lines(["THE", "COUP", "IN", "CHILE"], 2, len) == ("THE COUP", "IN CHILE")
    words = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"]
    lines = cover.balanced_lines(words, 3, len)
    assert " ".join(lines).split() == words
    assert max(map(len, lines)) == 15  # "the quick brown" / "fox jumps over" / "the lazy dog"
    layout = cover.front_design(chile[0].metadata, faces)
    title = [line.text for line in layout.lines if line.role == "title"]
    assert title == ["THE COUP", "IN CHILE"]


def test_creators_break_between_names(metadata: Metadata, faces: Lettering) -> None:
    layout = cover.front_design(variants(metadata)["subtitle and three creators"], faces)
    creators = [line.text for line in layout.lines if line.role == "creator"]
    joined = " / ".join(creators)
    for name in ("KARL MARX", "FRIEDRICH ENGELS", "BEN FOWKES"):
        assert name in joined, joined


def test_alt_text_names_title_and_creators(metadata: Metadata) -> None:
    assert cover.cover_description(metadata) == (
        "Cover of The coup in Chile, by Fourth International, United Secretariat")
    with_subtitle = replace(metadata, subtitle="Lessons of a defeat")
    assert cover.cover_description(with_subtitle).startswith(
        "Cover of The coup in Chile: Lessons of a defeat, by ")
