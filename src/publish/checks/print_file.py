"""Checks any PDF sent to a print shop must pass, the interior's and the cover's alike:
PDF/X identification and output intent, fonts, colour spaces, image resolution, and nothing a
press cannot print (transparency) or a print file may not hold (annotations, bookmarks)."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from publish.checks.pdf_scan import (
    PROCESS_SPACES,
    ContentScan,
    all_resources,
    font_dictionaries,
)
from publish.checks.report import Finding
from publish.source.output_profile import is_cmyk_printer_profile

MINIMUM_PPI = 300.0
TOLERANCE = 0.05  # points: boxes are written with two decimals
TEXT_TOLERANCE = 0.25  # points: a glyph's advance may overhang its line by a hair
SPOT_SPACES = {"/Separation", "/DeviceN"}


def check_pdfx_identification(document: pikepdf.Pdf) -> Finding:
    """GTS_PDFXVersion in Info (X-1a, X-3) or the XMP (X-4 needs only that), with the other
    keys PDF/X requires: a Title, Trapped True or False, and a file identifier."""
    code = "P-001"
    info = document.docinfo
    version = info.get("/GTS_PDFXVersion")
    if version is None:
        version = document.open_metadata().get("pdfxid:GTS_PDFXVersion")  # read, not written
    if not version:
        return Finding(code, False, "no GTS_PDFXVersion in Info or XMP: not a PDF/X file")
    missing = [name for name, present in (
        ("Title", bool(str(info.get("/Title", "")))),
        ("Trapped", str(info.get("/Trapped", "")) in ("/True", "/False")),
        ("file ID", "/ID" in document.trailer)) if not present]
    if missing:
        return Finding(code, False, f"{version}, but without {', '.join(missing)}")
    return Finding(code, True, f"{version}, PDF {document.pdf_version}")


def check_output_intent(document: pikepdf.Pdf) -> Finding:
    """A GTS_PDFX OutputIntent carrying an embedded CMYK output profile."""
    code = "P-002"
    intents = [intent for intent in document.Root.get("/OutputIntents", [])
               if intent.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return Finding(code, False, f"{len(intents)} GTS_PDFX output intents (PDF/X needs one)")
    intent = intents[0]
    profile = intent.get("/DestOutputProfile")
    name = str(intent.get("/OutputConditionIdentifier", "?"))
    if profile is None:
        return Finding(code, False, f"{name}: no embedded ICC profile")
    if not is_cmyk_printer_profile(profile.read_bytes()):
        return Finding(code, False, f"{name}: the embedded profile is not a CMYK printer profile")
    return Finding(code, True, f"{name}, CMYK profile embedded")


def is_embedded(font: pikepdf.Object) -> bool:
    """A Type 3 font is its own drawing; any other needs a FontFile in its descriptor."""
    if font.get("/Subtype") == "/Type3":
        return True
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = descendant.get("/FontDescriptor", pikepdf.Dictionary())
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def check_fonts_embedded(document: pikepdf.Pdf) -> Finding:
    fonts = list(font_dictionaries(document))
    missing = sorted({str(font.get("/BaseFont", "?")) for font in fonts if not is_embedded(font)})
    if missing:
        return Finding("P-003", False, "not embedded: " + ", ".join(missing))
    names = sorted({str(font.get("/BaseFont", "?")).split("+")[-1].lstrip("/") for font in fonts})
    return Finding("P-003", True, f"all {len(fonts)} embedded ({', '.join(names)})")


def pages_text(pages: set[int]) -> str:
    shown = sorted(pages)
    return "p. " + ", ".join(map(str, shown[:6])) + (" ..." if len(shown) > 6 else "")


def check_colour_spaces(scan: ContentScan) -> Finding:
    """Only DeviceCMYK and DeviceGray (and spot colours) in drawing and in images."""
    allowed = PROCESS_SPACES | SPOT_SPACES
    bad = {space: pages for space, pages in scan.spaces.items() if space not in allowed}
    bad_images = {space: pages for space, pages in scan.image_spaces.items()
                  if space.removeprefix("Indexed ") not in allowed | {"stencil mask"}}
    if bad or bad_images:
        parts = [f"{space.lstrip('/')} ({pages_text(pages)})" for space, pages in bad.items()]
        parts += [f"{space.lstrip('/')} image ({pages_text(pages)})"
                  for space, pages in bad_images.items()]
        return Finding("P-004", False, "not CMYK or gray: " + "; ".join(parts))
    used = sorted({space.lstrip("/") for space in [*scan.spaces, *scan.image_spaces]})
    return Finding("P-004", True, "only " + (", ".join(used) or "no colour") +
                   " (no RGB)")


def check_image_resolution(scan: ContentScan) -> Finding:
    """Every image at 300 ppi or more at the size it is printed."""
    if not scan.image_ppi:
        return Finding("P-008", True, "no images")
    low = [(number, ppi, name) for number, ppi, name in scan.image_ppi if ppi < MINIMUM_PPI - 0.5]
    if low:
        return Finding("P-008", False, f"{len(low)} image(s) under "
                       f"{MINIMUM_PPI:.0f} ppi: " + "; ".join(
                           f"p. {number} {ppi:.0f} ppi" for number, ppi, _ in low[:6]))
    lowest = min(ppi for _, ppi, _ in scan.image_ppi)
    return Finding("P-008", True, f"{len(scan.image_ppi)} image(s), lowest "
                   f"{lowest:.0f} ppi at placed size")


def transparency_in(resources: pikepdf.Object) -> Iterator[str]:
    for name, state in resources.get("/ExtGState", pikepdf.Dictionary()).items():
        for key in ("/ca", "/CA"):
            if key in state and float(state[key]) < 1:
                yield f"ExtGState {name} {key.lstrip('/')} {float(state[key]):g}"
        if state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_:
            yield f"ExtGState {name} soft mask"
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            yield f"ExtGState {name} blend mode {state.BM}"
    for name, xobject in resources.get("/XObject", pikepdf.Dictionary()).items():
        if "/SMask" in xobject:
            yield f"image {name} soft mask (alpha)"
        group = xobject.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            yield f"form {name} transparency group"


def check_transparency(document: pikepdf.Pdf) -> Finding:
    """PDF/X-1a has no transparency: soft masks, alpha below 1, blend modes, groups."""
    found = [item for resources in all_resources(document)
             for item in transparency_in(resources)]
    found += [f"p. {number} transparency group" for number, page in enumerate(document.pages, 1)
              if page.obj.get("/Group", pikepdf.Dictionary()).get("/S") == "/Transparency"]
    if found:
        unique = sorted(set(found))
        return Finding("P-005", False, f"{len(unique)} found: " + "; ".join(unique[:5]))
    return Finding("P-005", True, "none (no soft masks, alpha or blend modes)")


def check_annotations(document: pikepdf.Pdf) -> Finding:
    """No links, comments or form fields: KDP rejects them in a print file."""
    pages = {number for number, page in enumerate(document.pages, 1)
             if len(page.obj.get("/Annots", [])) > 0}
    forms = "/AcroForm" in document.Root
    if pages or forms:
        where = pages_text(pages) if pages else "a form (AcroForm)"
        return Finding("P-006", False, f"annotations or links on {where}")
    return Finding("P-006", True, "none")


def check_bookmarks(document: pikepdf.Pdf) -> Finding:
    outlines = document.Root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        return Finding("P-007", False, "the file has bookmarks (outlines): remove them")
    return Finding("P-007", True, "none")


# ---- The groups a preflight report interleaves with its own checks --------------------------


def identification(document: pikepdf.Pdf) -> tuple[Finding, Finding]:
    """What standard the file claims and what press it is for (a report's first lines)."""
    return check_pdfx_identification(document), check_output_intent(document)


def type_and_colour(document: pikepdf.Pdf, content: ContentScan) -> tuple[Finding, Finding]:
    """Fonts embedded and only print colour spaces (before a report's own colour checks)."""
    return check_fonts_embedded(document), check_colour_spaces(content)


def forbidden_objects(document: pikepdf.Pdf, content: ContentScan
                      ) -> tuple[Finding, Finding, Finding, Finding]:
    """No transparency, annotations or bookmarks, and no image too coarse to print."""
    return (check_transparency(document), check_annotations(document),
            check_bookmarks(document), check_image_resolution(content))
