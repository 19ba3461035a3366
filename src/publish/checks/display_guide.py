"""What a store or a library shows of an EPUB's accessibility, by the W3C's Accessibility
Metadata Display Guide for Digital Publications 2.0: its sections, each a few statements in the
Guide's own compact wording (its en-US vocabulary), derived from the package's metadata by the
Guide's techniques for EPUB. `publish check` prints it, so a publisher sees before uploading
what a reader will read on the book's page."""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from pathlib import Path

from lxml import etree

from publish.checks.read_back import OPF, epub_package

NO_INFORMATION = "No information is available"
# EPUB Accessibility 1.1's claims (and 1.0's, by their IDPF addresses) and the level they state.
CLAIM = re.compile(r"^EPUB Accessibility 1\.[01] - WCAG 2\.([0-2]) Level (A{1,3})$")
IDPF_CLAIM = re.compile(r"^http://www\.idpf\.org/epub/a11y/accessibility-20170105\.html"
                        r"#wcag-(a{1,3})$")
LEVELS = {"A": "This publication meets minimum accessibility standards",
          "AA": "This publication meets accepted accessibility standards",
          "AAA": "This publication exceeds accepted accessibility standards"}
NAVIGATION = {"tableOfContents": "Table of contents", "index": "Index",
              "structuralNavigation": "Headings", "pageNavigation": "Go to page"}
RICH_CONTENT = {"MathML": "Math as MathML", "latex": "Math as LaTeX",
                "describedMath": "Text descriptions of math are provided",
                "longDescription": "Information-rich images are described by extended "
                                   "descriptions",
                "closedCaptions": "Videos have closed captions",
                "openCaptions": "Videos have open captions", "transcript": "Transcript(s) provided"}
HAZARDS = {"flashing": "Flashing content", "motionSimulation": "Motion simulation",
           "sound": "Sounds"}
ADDITIONAL = {"pageBreakMarkers": "Page breaks included", "ARIA": "ARIA roles included",
              "highContrastDisplay": "High contrast between foreground text and background",
              "largePrint": "Large print", "braille": "Braille",
              "signLanguage": "Sign language", "tactileGraphic": "Tactile graphics",
              "rubyAnnotations": "Some Ruby annotations",
              "fullRubyAnnotations": "Full ruby annotations"}


def store_view(epub: Path) -> list[tuple[str, list[str]]]:
    """The Guide's sections for the EPUB, each with its statements, in the Guide's order."""
    with zipfile.ZipFile(epub) as archive:
        _, package = epub_package(archive)
    said = package_properties(package)
    features = set(said["schema:accessibilityFeature"])
    return [("Ways of reading", ways_of_reading(said, features)),
            ("Conformance", conformance(said)),
            ("Navigation", [NAVIGATION[name] for name in NAVIGATION if name in features]
             or [NO_INFORMATION]),
            ("Rich content", [RICH_CONTENT[name] for name in RICH_CONTENT if name in features]
             or [NO_INFORMATION]),
            ("Hazards", hazards(said["schema:accessibilityHazard"])),
            ("Accessibility summary", said["schema:accessibilitySummary"][:1]
             or [NO_INFORMATION]),
            ("Legal considerations",
             ["Claims an accessibility exemption in some jurisdictions"]
             if said["a11y:exemption"] else [NO_INFORMATION]),
            ("Additional accessibility information",
             [ADDITIONAL[name] for name in ADDITIONAL if name in features])]


def package_properties(package: etree._Element) -> dict[str, list[str]]:
    """Each property of the package's metadata (a meta's, a link's rel) with its values."""
    said: dict[str, list[str]] = defaultdict(list)
    for meta in package.iterfind(".//opf:metadata/opf:meta", OPF):
        if meta.get("property"):
            said[str(meta.get("property"))].append(" ".join(str(meta.text or "").split()))
    for link in package.iterfind(".//opf:metadata/opf:link", OPF):
        for rel in str(link.get("rel", "")).split():
            said[rel].append(str(link.get("href", "")))
    return said


def ways_of_reading(said: dict[str, list[str]], features: set[str]) -> list[str]:
    fixed = "pre-paginated" in said["rendition:layout"]
    statements = ["Appearance can be modified" if "displayTransformability" in features
                  else "Appearance cannot be modified" if fixed
                  else "No information about appearance modifiability is available"]
    sufficient = [set(value.replace(" ", "").split(","))
                  for value in said["schema:accessModeSufficient"]]
    modes = set(said["schema:accessMode"])
    if {"textual"} in sufficient:
        statements.append("Readable in read aloud or dynamic braille")
    elif any("textual" in found for found in sufficient) or "textual" in modes:
        statements.append("May not be fully readable in read aloud or dynamic braille")
    elif modes:
        statements.append("Not fully readable in read aloud or dynamic braille")
    else:
        statements.append("No information about nonvisual reading is available")
    if features & {"alternativeText", "longDescription", "describedMath"}:
        statements.append("Has alternative text")
    if "synchronizedAudioText" in features:
        statements.append("Prerecorded audio synchronized with text")
    elif {"auditory"} in sufficient:
        statements.append("Prerecorded audio only")
    elif "auditory" in modes:
        statements.append("Complementary audio and text")
    else:
        statements.append("No information about prerecorded audio is available")
    return statements


def conformance(said: dict[str, list[str]]) -> list[str]:
    claims = said["dcterms:conformsTo"]
    if not claims:
        return [NO_INFORMATION]
    levels = []
    for claim in claims:
        stated = CLAIM.match(claim)
        idpf = IDPF_CLAIM.match(claim)
        if stated or idpf:
            levels.append(stated[2] if stated else idpf[1].upper() if idpf else "")
    if not levels:
        return ["Conformance to accepted standards for accessibility of this publication "
                "cannot be determined"]
    statements = [LEVELS[max(levels, key=len)]]
    for claim in claims:
        statements.append(f"This publication claims to meet {claim.replace(' - ', ' ')}")
    statements += [f"The publication was certified by {name}"
                   for name in said["a11y:certifiedBy"]]
    statements += [f"The certifier's credential is {credential}"
                   for credential in said["a11y:certifierCredential"]]
    if said["a11y:certifierReport"]:
        statements.append("For more information refer to the certifier's report")
    return statements


def hazards(values: list[str]) -> list[str]:
    named = set(values)
    if not named:
        return [NO_INFORMATION]
    if named == {"none"} or named <= {"none", "noFlashingHazard", "noMotionSimulationHazard",
                                      "noSoundHazard"}:
        return ["No hazards"]
    if "unknown" in named:
        return ["The presence of hazards is unknown"]
    return [HAZARDS[name] for name in HAZARDS if name in named] or [NO_INFORMATION]
