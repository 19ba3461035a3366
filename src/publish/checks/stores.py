"""The stores' own rules a program can check, each on the edition made for that store: Kobo's
on the kepub, Apple Books' on the EPUB (which is made to be Apple's too), KDP's on the cover
image the stores show.

The files are read back with zipfile and lxml, not with the code that made them: a kepub's
rules are what Kobo's reading engine looks for (its spans on every piece of text, its two
wrappers); Apple's are what Apple Books reads from the package (its version, declared in its
own vocabulary, and the option that shows the embedded fonts).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from lxml import etree
from PIL import Image

from publish.book.ids import KOBO_WRAPPERS
from publish.checks.built import Built
from publish.checks.read_back import OPF, epub_package
from publish.checks.report import Finding, Report
from publish.checks.words import localname
from publish.editions.store_cover import LARGEST, SMALLEST

KOBO_SPAN_ID = re.compile(r"^kobo\.\d+\.\d+$")
# Where Kobo's engine, as Kobo's own kepubs show, leaves the text without spans.
KOBO_AS_IS = {"script", "style", "pre", "audio", "video", "svg", "math"}
APPLE_VOCABULARY = "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
APPLE_OPTIONS = "META-INF/com.apple.ibooks.display-options.xml"
VERSION = re.compile(r"^\d+(?:\.\d+)*$")


def check_kobo(built: Built) -> Report | None:
    """Kobo's rules on the kepub, when it has been built."""
    if not built.has("kepub"):
        return None
    bare: list[str] = []
    duplicated: list[str] = []
    unwrapped: list[str] = []
    spans = 0
    for name, root in xhtml_documents(built.path("kepub")):
        body = root.find("{*}body")
        if body is None:
            continue
        ids = [str(span.get("id", "")) for span in body.iter("{*}span")
               if "koboSpan" in str(span.get("class", "")).split()]
        spans += len(ids)
        duplicated += [f"{name}#{span_id}" for span_id, count in Counter(ids).items()
                       if count > 1 or not KOBO_SPAN_ID.match(span_id)]
        bare += [f"{name}: {' '.join(text.split())[:40]!r}" for text in text_outside_spans(body)]
        if not kobo_wrapped(body):
            unwrapped.append(name)
    findings = (
        Finding("K-001", not bare and not duplicated,
                f"{spans:,} numbered spans hold every piece of text" if not bare
                and not duplicated else
                (f"text outside Kobo's spans: {bare[0]}" + more(bare)) if bare else
                f"a span id repeated or not kobo.N.M: {duplicated[0]}" + more(duplicated),
                edition="KEPUB"),
        Finding("K-002", not unwrapped,
                "every document's body in div#book-columns > div#book-inner" if not unwrapped
                else f"without Kobo's wrappers: {unwrapped[0]}" + more(unwrapped),
                edition="KEPUB"),
    )
    return Report(f"Kobo: {built.shown('kepub')}", findings)


def check_apple(built: Built) -> Report | None:
    """Apple Books' rules on the EPUB, when it has been built."""
    if not built.has("epub"):
        return None
    with zipfile.ZipFile(built.path("epub")) as archive:
        _, package = epub_package(archive)
        options = archive.read(APPLE_OPTIONS) if APPLE_OPTIONS in archive.namelist() else b""
    prefixes = dict(re.findall(r"(\S+):\s+(\S+)", str(package.get("prefix", ""))))
    versions = [str(meta.text or "") for meta in package.iterfind(".//opf:metadata/opf:meta", OPF)
                if meta.get("property") == "ibooks:version"]
    fonts = [item for item in package.iterfind(".//opf:manifest/opf:item", OPF)
             if str(item.get("media-type", "")).startswith(("font/", "application/font"))]
    shown = b"" if not options else b"".join(
        (option.text or "").strip().encode() for option in etree.fromstring(options).iter(
            "option") if option.get("name") == "specified-fonts")
    declared = prefixes.get("ibooks") == APPLE_VOCABULARY
    findings = (
        Finding("A-001", declared and len(versions) == 1 and bool(VERSION.match(versions[0])),
                f"ibooks:version {versions[0]}, its prefix declared" if declared
                and len(versions) == 1 and VERSION.match(versions[0]) else
                "the package does not declare the ibooks: prefix as Apple's vocabulary"
                if not declared else f"{len(versions)} ibooks:version, not one of numbers and "
                f"dots: {versions}", edition="EPUB"),
        Finding("A-002", not fonts or shown == b"true",
                f"{APPLE_OPTIONS} asks Apple Books for the {len(fonts)} embedded fonts"
                if fonts and shown == b"true" else "no embedded fonts" if not fonts else
                f"{len(fonts)} embedded fonts, and {APPLE_OPTIONS} does not ask for them "
                "(specified-fonts true)", edition="EPUB"),
    )
    return Report(f"Apple Books: {built.shown('epub')}", findings)


def check_store_cover(built: Built) -> Report | None:
    """The stores' rules on their cover image, when it has been built."""
    if not built.has("store-cover"):
        return None
    try:
        with Image.open(io.BytesIO(built.read("store-cover"))) as image:
            kind, mode, (width, height) = image.format, image.mode, image.size
            progressive = bool(image.info.get("progressive") or image.info.get("progression"))
    except (OSError, ValueError) as error:  # not a picture Pillow can read
        return Report(f"Stores: {built.shown('store-cover')}", (
            Finding("B-001", False, f"not a picture: {error}"),))
    wrong = [what for what, found in (
        (f"a {kind} file, not a JPEG", kind != "JPEG"),
        (f"in {mode}, not RGB", mode != "RGB"),
        ("progressive, not baseline", progressive),
        (f"{width} x {height} px, smaller than {SMALLEST[0]} x {SMALLEST[1]}",
         width < SMALLEST[0] or height < SMALLEST[1]),
        (f"{max(width, height)} px on a side, more than {LARGEST}",
         max(width, height) > LARGEST)) if found]
    shape = "" if height * 10 == width * 16 else " (not the 1.6:1 KDP calls ideal)"
    return Report(f"Stores: {built.shown('store-cover')}", (
        Finding("B-001", not wrong, f"JPEG, RGB, {width} x {height} px{shape}" if not wrong
                else "; ".join(wrong)),))


def more(found: list[str]) -> str:
    return f" and {len(found) - 1:,} more" if len(found) > 1 else ""


def xhtml_documents(path: Path) -> Iterator[tuple[str, etree._Element]]:
    """(path in the zip, root) of every XHTML document the package's manifest lists."""
    with zipfile.ZipFile(path) as archive:
        package_path, package = epub_package(archive)
        for item in package.iterfind(".//opf:manifest/opf:item", OPF):
            if item.get("media-type") == "application/xhtml+xml":
                name = (PurePosixPath(package_path).parent / unquote(str(item.get("href"))))
                yield name.as_posix(), etree.fromstring(archive.read(name.as_posix()))


def text_outside_spans(element: etree._Element, spanned: bool = False) -> Iterator[str]:
    """Every piece of text, other than whitespace between blocks, that no koboSpan holds.
    (Whitespace directly in a paragraph is spanned too: Kobo counts it as text.)"""
    name = localname(element)
    if name in KOBO_AS_IS:
        return
    spanned = spanned or (name == "span" and "koboSpan" in str(element.get("class", "")).split())
    if element.text and not spanned and (element.text.strip() or name == "p"):
        yield element.text
    for child in element:
        if isinstance(child.tag, str):
            yield from text_outside_spans(child, spanned)
        if child.tail and not spanned and (child.tail.strip() or name == "p"):
            yield child.tail


def kobo_wrapped(body: etree._Element) -> bool:
    """Whether the body's one child is div#book-columns, whose one child is div#book-inner."""
    outer = list(body)
    inner = list(outer[0]) if len(outer) == 1 else []
    return (len(outer) == 1 and outer[0].get("id") == KOBO_WRAPPERS[0] and len(inner) == 1
            and inner[0].get("id") == KOBO_WRAPPERS[1] and not (body.text or "").strip()
            and not (outer[0].text or "").strip())
