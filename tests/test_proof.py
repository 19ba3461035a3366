"""Proofs of the print interior: spreads as the open book shows them, and a contact sheet;
and of the cover wrap. Measured on the pictures themselves with Pillow."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import PIL.Image
import PIL.ImageStat
import pytest
from test_cli import ROOT, publish

from publish.book.model import Book
from publish.editions import cover_wrap as wrap_edition
from publish.layout.typeset import typeset_book
from publish.project import Project
from publish.proof import (
    CONTACT_COLUMNS,
    DESK,
    PADDING,
    SPREAD_DPI,
    THUMBNAIL_DPI,
    cover_proof,
    panel_width,
    proof_images,
    proof_project,
)
from publish.settings import Settings
from publish.source.styles import Styles

SLUG = "book"
WHITE_ENOUGH = 250  # a page's paper, as against the grey desk it lies on
PAPER_COLUMN = 225  # the mean of a column of a thumbnail (paper and a little ink); the desk's 200


@pytest.fixture(scope="module")
def interior(chile: tuple[Book, Styles], settings: Settings) -> bytes:
    book, styles = chile
    return typeset_book(book, styles, settings).pdf


@pytest.fixture(scope="module")
def page_count(interior: bytes) -> int:
    import pikepdf  # an independent reader for the page count

    return len(pikepdf.open(io.BytesIO(interior)).pages)


@pytest.fixture(scope="module")
def spreads(interior: bytes) -> list[PIL.Image.Image]:
    images = proof_images(interior, SLUG)
    assert sorted(images) == list(images), "spreads are named in page order"
    return [PIL.Image.open(io.BytesIO(data)) for data in images.values()]


def test_one_spread_per_opening(spreads: list[PIL.Image.Image], page_count: int) -> None:
    # page 1 alone, then pairs: an even count ends with the last page alone on the left
    assert len(spreads) == page_count // 2 + 1


def test_a_spread_is_two_pages_wide(spreads: list[PIL.Image.Image], settings: Settings) -> None:
    trim = settings.trim
    for image in spreads:
        assert image.width == pytest.approx(2 * trim.width / 72 * SPREAD_DPI, abs=2)
        assert image.height == pytest.approx(trim.height / 72 * SPREAD_DPI, abs=2)


def halves(image: PIL.Image.Image) -> tuple[PIL.Image.Image, PIL.Image.Image]:
    middle = image.width // 2
    return image.crop((0, 0, middle, image.height)), image.crop((middle, 0, image.width,
                                                                 image.height))


def is_paper(image: PIL.Image.Image) -> bool:
    """A page lies there: most of it is white paper, not the grey desk."""
    return PIL.ImageStat.Stat(image.convert("L")).median[0] >= WHITE_ENOUGH


def test_page_one_is_on_the_right(spreads: list[PIL.Image.Image]) -> None:
    left, right = halves(spreads[0])
    assert left.getcolors() == [(left.width * left.height, DESK)], "nothing left of page 1"
    assert is_paper(right)
    assert all(is_paper(half) for image in spreads[1:-1] for half in halves(image))
    last_left, last_right = halves(spreads[-1])
    assert is_paper(last_left) and not is_paper(last_right)


def test_a_text_page_is_not_blank(spreads: list[PIL.Image.Image]) -> None:
    variances = [PIL.ImageStat.Stat(half.convert("L")).var[0]
                 for image in spreads for half in halves(image)]
    text_pages = [variance for variance in variances if variance > 300]
    assert len(text_pages) >= len(spreads), f"too few pages with text: {variances}"


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The (start, end) of each run of True."""
    found, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            found.append((start, index))
            start = None
    return found


def test_contact_sheet_has_every_page(interior: bytes, page_count: int,
                                      settings: Settings) -> None:
    images = proof_images(interior, SLUG, contact_sheet=True)
    assert list(images) == [f"proof/{SLUG}-contact.png"]
    sheet = PIL.Image.open(io.BytesIO(images[f"proof/{SLUG}-contact.png"])).convert("L")
    pixels = sheet.load()
    assert pixels is not None
    # rows of thumbnails: the bands of the sheet where some pixel is paper
    rows = runs([any(pixels[x, y] >= WHITE_ENOUGH for x in range(sheet.width))
                 for y in range(sheet.height)])
    assert len(rows) == -(-page_count // CONTACT_COLUMNS)
    thumbnails = 0
    for top, bottom in rows:
        # columns: where the band's mean brightness is paper's, not the desk's
        means = sheet.crop((0, top, sheet.width, bottom)).resize(
            (sheet.width, 1), PIL.Image.Resampling.BOX).load()
        assert means is not None
        columns = runs([means[x, 0] > PAPER_COLUMN for x in range(sheet.width)])
        for left, right in columns:
            assert right - left == pytest.approx(settings.trim.width / 72 * THUMBNAIL_DPI,
                                                 abs=2)
            assert bottom - top == pytest.approx(settings.trim.height / 72 * THUMBNAIL_DPI,
                                                 abs=2)
        thumbnails += len(columns)
    assert thumbnails == page_count


def test_pages_are_cut_to_the_trim(chile: tuple[Book, Styles], settings: Settings) -> None:
    book, styles = chile
    bled = typeset_book(book, styles, dataclasses.replace(settings, bleed=True)).pdf
    first = PIL.Image.open(io.BytesIO(next(iter(proof_images(bled, SLUG).values()))))
    assert first.height == pytest.approx(settings.trim.height / 72 * SPREAD_DPI, abs=2)


def test_same_pdf_same_pictures(interior: bytes) -> None:
    assert proof_images(interior, SLUG) == proof_images(interior, SLUG)
    assert (proof_images(interior, SLUG, contact_sheet=True)
            == proof_images(interior, SLUG, contact_sheet=True))


def test_proof_command_writes_spreads_and_contact_sheet(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    missing = publish("proof", "--project", str(tmp_path), cwd=ROOT)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        "error: build/the-coup-in-chile.pdf is missing: build it first with publish build pdf"]

    assert publish("build", "pdf", "--project", str(tmp_path), cwd=ROOT).returncode == 0
    result = publish("proof", "--project", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    written = sorted((tmp_path / "build" / "proof").iterdir())
    *wrote, placed = result.stdout.splitlines()
    assert [line.split(" ")[1] for line in wrote] == [
        f"build/proof/{path.name}" for path in written]
    # How the build set the notes, from the manifest: the book's two, on their calls' pages.
    assert placed.startswith("print layout: 20 pages; 2 notes, each on the page of its call; "
                             "0 continued on the next page; tallest notes area "), placed
    for path in written:
        assert PIL.Image.open(path).format == "PNG"
    stale = tmp_path / "build" / "proof" / "the-coup-in-chile-spread-99.png"
    stale.write_bytes(b"from a longer book")
    assert publish("proof", "--project", str(tmp_path), cwd=ROOT).returncode == 0
    assert sorted((tmp_path / "build" / "proof").iterdir()) == written, "stale spread kept"

    sheet = publish("proof", "--contact-sheet", "--project", str(tmp_path), cwd=ROOT)
    assert sheet.returncode == 0, sheet.stderr
    assert (tmp_path / "build" / "proof" / "the-coup-in-chile-contact.png").is_file()


# ---- The cover ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cover_wrap(chile: tuple[Book, Styles], settings: Settings) -> bytes:
    book, styles = chile
    return wrap_edition.render(book, styles, settings, typeset_book(book, styles, settings))


def test_cover_proof_is_the_trimmed_wrap_with_its_folds_marked(
        cover_wrap: bytes, interior: bytes, page_count: int, settings: Settings) -> None:
    image = cover_proof(cover_wrap, panel_width(interior))
    scale = SPREAD_DPI / 72
    spine = page_count * settings.paper.caliper
    wrap = 2 * settings.trim.width + spine
    assert image.width == pytest.approx(wrap * scale + 2 * PADDING, abs=2)
    assert image.height == pytest.approx(settings.trim.height * scale + 2 * PADDING, abs=2)
    pixels = image.load()
    assert pixels is not None
    # ticks in the desk above and below, at the two folds and nowhere else
    ticked = [x for x in range(image.width) if pixels[x, 2] != DESK]
    folds = [PADDING + settings.trim.width * scale, PADDING + (settings.trim.width + spine) * scale]
    assert ticked and all(min(abs(x - fold) for fold in folds) <= 1 for x in ticked)
    assert all(any(abs(x - fold) <= 1 for x in ticked) for fold in folds)
    assert [x for x in range(image.width) if pixels[x, image.height - 3] != DESK] == ticked
    # the cover itself: the dark field with light lettering, not the desk and not blank
    picture = image.crop((PADDING, PADDING, image.width - PADDING, image.height - PADDING))
    assert PIL.ImageStat.Stat(picture.convert("L")).median[0] < 100
    assert PIL.ImageStat.Stat(picture.convert("L")).var[0] > 100


def test_proof_includes_the_cover_when_it_is_built(tmp_path: Path, interior: bytes,
                                                   cover_wrap: bytes) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    build = tmp_path / "build"
    build.mkdir()
    (build / "the-coup-in-chile.pdf").write_bytes(interior)
    without = proof_project(Project.at(tmp_path))
    assert not any(name.endswith("-cover.png") for name in without.images)
    (build / "the-coup-in-chile-cover.pdf").write_bytes(cover_wrap)
    for contact_sheet in (False, True):
        made = proof_project(Project.at(tmp_path), contact_sheet=contact_sheet)
        interior_only = {name for name in made.images
                         if "-spread-" in name or name.endswith("-contact.png")}
        assert set(made.images) - interior_only == {"proof/the-coup-in-chile-cover.png"}
        picture = PIL.Image.open(io.BytesIO(made.images["proof/the-coup-in-chile-cover.png"]))
        assert picture.format == "PNG" and picture.width > picture.height
    assert made.images == proof_project(Project.at(tmp_path), contact_sheet=True).images
