"""The publisher's cover in print: the cover-image on the front of the wrap when it has the
pixels, a clear finding when it has not; a whole print-cover wrap used as it is and checked
against the wrap the page count calls for, its ink and its barcode area.

What the wrap shows is read back by PDFium (the front at 300 dpi against the artwork), zxing-cpp
(the barcode) and pdfminer through the preflight (the spine's text).
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import PIL.Image
import PIL.ImageChops
import PIL.ImageDraw
import PIL.ImageStat
import pytest
import zxingcpp
from conftest import ROOT
from test_cover_pdf import printed
from test_preflight import publish

from publish.book.model import Book, Resource
from publish.checks.preflight_artwork import Artwork
from publish.checks.preflight_cover import Barcode, preflight_cover, rendered
from publish.checks.report import Finding, Report
from publish.cover.artwork import front_area
from publish.cover.wrap import CoverGeometry
from publish.editions import cover_wrap
from publish.errors import PublishError
from publish.settings import Settings
from publish.source.styles import Styles

PAGES = 200  # thick enough for spine text: 0.5 in of KDP cream
ISBN = "979-8-00-000001-4"  # the sampler's print ISBN
SAMPLER_BARCODE = Barcode(ISBN, "90000")
ILLUSTRATED = ROOT / "tests" / "manuscripts" / "illustrated"


def artwork(width: int, height: int) -> PIL.Image.Image:
    """A picture of broad fields a press can print, with a mark in each corner."""
    picture = PIL.Image.new("RGB", (width, height), (40, 90, 150))
    draw = PIL.ImageDraw.Draw(picture)
    draw.ellipse((width // 5, height // 4, 4 * width // 5, 3 * height // 5), fill=(235, 200, 60))
    draw.rectangle((0, 0, width // 3, height // 6), fill=(200, 60, 50))
    draw.rectangle((2 * width // 3, 5 * height // 6, width, height), fill=(240, 240, 230))
    return picture


def encoded(picture: PIL.Image.Image, kind: str = "PNG") -> bytes:
    output = io.BytesIO()
    picture.save(output, kind)
    return output.getvalue()


def with_cover(book: Book, picture: PIL.Image.Image) -> Book:
    return dataclasses.replace(book, cover=Resource("images/art.png", "image/png",
                                                    encoded(picture)))


def finding(report: Report, code: str) -> Finding:
    return next(found for found in report.findings if found.code == code)


def check(pdf: bytes, settings: Settings, book: Book, barcode: Barcode | None = SAMPLER_BARCODE
          ) -> Report:
    return preflight_cover(pdf, PAGES, settings, barcode=barcode, artwork=Artwork(
        book.cover, book.print_cover, "covers/wrap"))


@pytest.fixture(scope="module")
def geometry(settings: Settings) -> CoverGeometry:
    return CoverGeometry(settings.trim, PAGES, settings.paper)


@pytest.fixture(scope="module")
def art() -> PIL.Image.Image:
    return artwork(1900, 2800)  # 6.125 x 9.25 in at 300 ppi wants 1838 x 2775


@pytest.fixture(scope="module")
def art_book(sampler: tuple[Book, Styles], art: PIL.Image.Image) -> Book:
    return with_cover(sampler[0], art)


@pytest.fixture(scope="module")
def art_cover(art_book: Book, sampler: tuple[Book, Styles], settings: Settings) -> bytes:
    return cover_wrap.render(art_book, sampler[1], settings, printed(PAGES))


# ---- The cover-image on the front ----------------------------------------------------------


def test_the_front_is_the_artwork(art_cover: bytes, art: PIL.Image.Image,
                                  geometry: CoverGeometry) -> None:
    """The front panel and its bleed, drawn at 300 dpi, is the picture (cut to the panel's
    proportions about its centre), within what CMYK conversion changes."""
    area = front_area(geometry)
    front = rendered(art_cover, area, 300)
    wanted = area.width / area.height
    cut = round(art.height * wanted)
    expected = art.crop(((art.width - cut) // 2, 0, (art.width - cut) // 2 + cut, art.height))
    expected = expected.resize(front.size, PIL.Image.Resampling.BILINEAR)
    difference = PIL.ImageStat.Stat(PIL.ImageChops.difference(front, expected)).mean
    assert max(difference) < 12, difference
    # the corner marks are where the picture has them, to the pixel's width
    assert front.getpixel((20, 20))[0] > 150 and front.getpixel((20, 20))[2] < 100  # type: ignore[index]


def test_spine_and_barcode_stay(art_cover: bytes, art_book: Book, settings: Settings,
                                geometry: CoverGeometry) -> None:
    report = check(art_cover, settings, art_book)
    assert report.passed, "\n".join(report.lines())
    assert "THE SAMPLER" in finding(report, "C-007").detail.upper() or finding(
        report, "C-007").passed
    assert finding(report, "C-009").passed and "art.png (1900 x 2800 px)" in finding(
        report, "C-009").detail
    assert finding(report, "C-011").passed
    picture = rendered(art_cover, geometry.barcode, 300)
    decoded = {result.text for result in zxingcpp.read_barcodes(picture)}
    assert any(text.startswith(ISBN.replace("-", "")) for text in decoded), decoded


def test_too_few_pixels_is_a_finding_naming_the_pixels_needed(
        sampler: tuple[Book, Styles], settings: Settings) -> None:
    book = with_cover(sampler[0], artwork(1600, 2560))  # a store's e-book cover
    pdf = cover_wrap.render(book, sampler[1], settings, printed(PAGES))
    report = check(pdf, settings, book)
    front = finding(report, "C-009")
    assert not front.passed and front.severity == "warning" and report.passed
    assert front.detail == (
        "cover-image images/art.png is 1600 x 2560 px: a 6.000 x 9.000 in front with 0.125 in "
        "bleed (6.125 x 9.250 in) needs at least 1838 x 2775 px at 300 ppi; the typographic "
        "front is printed instead")
    assert finding(report, "P-008").detail == "no images"  # the typographic front, as it says


def test_artwork_of_other_proportions_is_not_cropped_in_silence(
        sampler: tuple[Book, Styles], settings: Settings) -> None:
    book = with_cover(sampler[0], artwork(3000, 3000))
    pdf = cover_wrap.render(book, sampler[1], settings, printed(PAGES))
    front = finding(check(pdf, settings, book), "C-009")
    assert not front.passed and "would cut 34% of its width off" in front.detail


# ---- A whole wrap: print-cover -------------------------------------------------------------


@pytest.fixture(scope="module")
def publisher_pdf(art_book: Book, sampler: tuple[Book, Styles], settings: Settings) -> bytes:
    """A publisher's PDF/X wrap: made here by the build's own renderer, for another title."""
    other = dataclasses.replace(art_book, metadata=dataclasses.replace(
        art_book.metadata, title="A Wrap From the Publisher"))
    return cover_wrap.render(other, sampler[1], settings, printed(PAGES))


def with_wrap(book: Book, data: bytes, media_type: str) -> Book:
    return dataclasses.replace(book, print_cover=Resource("print-cover", media_type, data))


def test_a_print_cover_pdf_is_the_cover_as_it_is(
        publisher_pdf: bytes, sampler: tuple[Book, Styles], settings: Settings) -> None:
    book = with_wrap(sampler[0], publisher_pdf, "application/pdf")
    pdf = cover_wrap.render(book, sampler[1], settings, printed(PAGES))
    assert pdf == publisher_pdf
    report = check(pdf, settings, book)
    assert report.passed, "\n".join(report.lines())
    assert finding(report, "C-010").detail.startswith(
        "print-cover covers/wrap: 12.500 x 9.000 in (TrimBox); the wrap for 200 pages is")


def test_a_print_cover_of_the_wrong_size_gives_both_sizes(
        publisher_pdf: bytes, sampler: tuple[Book, Styles], settings: Settings) -> None:
    book = with_wrap(sampler[0], publisher_pdf, "application/pdf")
    report = preflight_cover(publisher_pdf, 120, settings, barcode=SAMPLER_BARCODE,
                             artwork=Artwork(None, book.print_cover, "covers/wrap.pdf"))
    size = finding(report, "C-010")
    assert not size.passed
    assert size.detail == (
        "print-cover covers/wrap.pdf: 12.500 x 9.000 in (TrimBox); the wrap for 120 pages is "
        "12.300 x 9.000 in = 2 x 6.000 in + spine 0.300 in (120 pages x 0.0025 in, KDP cream); "
        "12.550 x 9.250 in with 0.125 in bleed")


def sheet_picture(geometry: CoverGeometry, colour: tuple[int, ...], mode: str = "RGB"
                  ) -> PIL.Image.Image:
    bleed = geometry.bleed
    size = (round((geometry.width + 2 * bleed) / 72 * 300),
            round((geometry.height + 2 * bleed) / 72 * 300))
    return PIL.Image.new(mode, size, colour)


def test_a_print_cover_picture_is_set_on_the_sheet_with_the_barcode(
        sampler: tuple[Book, Styles], settings: Settings, geometry: CoverGeometry) -> None:
    picture = sheet_picture(geometry, (20, 20, 30))  # deeper than 240 % through the profile
    book = with_wrap(sampler[0], encoded(picture), "image/png")
    pdf = cover_wrap.render(book, sampler[1], settings, printed(PAGES))
    report = check(pdf, settings, book)
    assert report.passed, "\n".join(report.lines())
    assert finding(report, "C-010").passed and "3825 x 2775 px" in finding(report, "C-010").detail
    decoded = {result.text for result in zxingcpp.read_barcodes(
        rendered(pdf, geometry.barcode, 300))}
    assert any(text.startswith(ISBN.replace("-", "")) for text in decoded), decoded


def test_an_over_inked_print_cover_is_a_finding(
        sampler: tuple[Book, Styles], settings: Settings, geometry: CoverGeometry) -> None:
    picture = sheet_picture(geometry, (200, 180, 180, 255), "CMYK")  # 320 %: used as it is
    book = with_wrap(sampler[0], encoded(picture, "TIFF"), "image/tiff")
    pdf = cover_wrap.render(book, sampler[1], settings, printed(PAGES))
    ink = finding(check(pdf, settings, book), "C-011")
    assert not ink.passed and ink.detail.startswith("a picture carries 32")


def test_a_print_cover_picture_too_small_is_a_finding(
        sampler: tuple[Book, Styles], settings: Settings, geometry: CoverGeometry) -> None:
    picture = sheet_picture(geometry, (90, 120, 160)).resize((1913, 1388))
    book = with_wrap(sampler[0], encoded(picture), "image/png")
    pdf = cover_wrap.render(book, sampler[1], settings, printed(PAGES))
    size = finding(check(pdf, settings, book), "C-010")
    assert not size.passed and "needs at least 3825 x 2775 px at 300 ppi" in size.detail


# ---- The metadata and the command line ------------------------------------------------------


def illustrated_copy(tmp_path: Path, extra: str) -> Path:
    shutil.copytree(ILLUSTRATED / "manuscript", tmp_path / "manuscript")
    metadata = tmp_path / "manuscript" / "metadata.yaml"
    metadata.write_text(metadata.read_text("utf-8") + extra, "utf-8")
    return metadata


def test_a_print_cover_that_is_no_wrap_is_refused_at_its_line(tmp_path: Path) -> None:
    from publish.book.make import make_book
    from publish.project import Project
    from publish.source.manuscript import read_manuscript

    metadata = illustrated_copy(tmp_path, "print-cover: images/jacket.svg\n")
    line = len(metadata.read_text("utf-8").splitlines())
    with pytest.raises(PublishError) as raised:
        make_book(read_manuscript(Project.at(tmp_path)))
    assert raised.value.line == line
    assert "print-cover: 'images/jacket.svg' is not a wrap the build can print" in str(
        raised.value)


def test_publish_check_passes_a_book_with_its_artwork_on_the_front(tmp_path: Path) -> None:
    illustrated_copy(tmp_path, "")
    (tmp_path / "manuscript" / "images" / "fir-tree.png").write_bytes(
        encoded(artwork(1900, 2800)))
    built = publish("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    checked = publish("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ok    C-009 front artwork: cover-image images/fir-tree.png (1900 x 2800 px)" in (
        checked.stdout)


def test_the_readme_example_reads(tmp_path: Path) -> None:
    """The guide's example of the two cover fields is metadata the reader takes."""
    from publish.source.metadata import MetadataSource
    from publish.source.metadata_reader import load_metadata

    guide = (ROOT / "docs" / "print-and-covers.md").read_text("utf-8")
    example = guide.split("```yaml\ncover-image:", 1)[1].split("```", 1)[0]
    text = ("title: T\nauthor: A\nlang: en\nidentifier: urn:uuid:0b6a1e52-7c1d-4f0a-9a11-"
            "000000000099\ncover-image:" + example)
    metadata = load_metadata([MetadataSource(Path("metadata.yaml"), text)],
                             Path("metadata.yaml"))
    assert (metadata.cover_image, metadata.print_cover) == ("images/cover.jpg",
                                                             "covers/wrap.pdf")
