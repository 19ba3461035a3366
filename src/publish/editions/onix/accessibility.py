"""The crosswalk between the EPUB's accessibility metadata (schema.org's properties and EPUB
Accessibility 1.1's own) and ONIX's codes for them, both ways, with no book in sight: the ONIX
record carries what the EPUB claims, and a claim made after validation (conformance, its
certifier, an exemption) passes through the same tables.

The tables follow the W3C Community Group's "Accessibility Properties Crosswalk" and the codes'
own definitions in EDItEUR's code lists (issue 75, as the ONIX 3.1 schema carries them): list
196 (e-publication accessibility details, ProductFormFeatureType 09), list 143 (hazard
warnings, ProductFormFeatureType 12) and list 81 (the product's content types, where ONIX says
what schema.org's accessMode says). One deliberate difference: the crosswalk's draft gives
certifierCredential code 93, the certifier's own web page; list 196 has since given the
credential its own codes, 88 (who credentialled the certifier, by name) and 89 (by URL),
whose definitions are certifierCredential's, so those are used.

A pair no ONIX code says (accessModeSufficient "textual,visual": the crosswalk leaves
combinations out) is in NOT_CARRIED; a pair neither mapped nor there is an error, so that a new
claim in the EPUB is decided on here rather than dropped from the record unseen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FEATURE = "schema:accessibilityFeature"
HAZARD = "schema:accessibilityHazard"
MODE = "schema:accessMode"
SUFFICIENT = "schema:accessModeSufficient"
SUMMARY = "schema:accessibilitySummary"
CONFORMS = "dcterms:conformsTo"
CERTIFIER = "a11y:certifiedBy"
CREDENTIAL = "a11y:certifierCredential"
REPORT = "a11y:certifierReport"
EXEMPTION = "a11y:exemption"

ACCESSIBILITY = "196"  # ProductFormFeatureType 09: e-publication accessibility detail
HAZARDS = "143"  # ProductFormFeatureType 12: hazard warnings
CONTENT = "81"  # ProductContentType

# Each (property, value) pair with the one code that says it: list, code.
CODED: dict[tuple[str, str], tuple[str, str]] = {
    **{(FEATURE, value): (ACCESSIBILITY, code) for value, code in {
        "unknown": "08", "none": "09", "tableOfContents": "11", "index": "12",
        "readingOrder": "13", "alternativeText": "14", "longDescription": "15",
        "MathML": "17", "ChemML": "18", "pageBreakMarkers": "19",
        "synchronizedAudioText": "20", "ttsMarkup": "21", "highContrastAudio": "27",
        "structuralNavigation": "29", "ARIA": "30", "MathML-chemistry": "34", "latex": "35",
        "displayTransformability": "36", "highContrastDisplay": "37", "pageNavigation": "41",
        "describedMath": "53", "latex-chemistry": "54", "taggedPDF": "05"}.items()},
    **{(HAZARD, value): (HAZARDS, code) for value, code in {
        "none": "00", "flashing": "13", "noFlashingHazard": "14", "sound": "15",
        "noSoundHazard": "16", "motionSimulation": "17", "noMotionSimulationHazard": "18",
        "unknownFlashingHazard": "24", "unknownSoundHazard": "25",
        "unknownMotionSimulationHazard": "26"}.items()},
    **{(MODE, value): (CONTENT, code) for value, code in {
        "visual": "07", "textual": "10", "musicOnVisual": "11", "chemOnVisual": "47",
        "mathOnVisual": "48", "textOnVisual": "49"}.items()},
    # Textual alone suffices: "all non-decorative content supports reading without sight".
    (SUFFICIENT, "textual"): (ACCESSIBILITY, "52"),
    **{(EXEMPTION, value): (ACCESSIBILITY, code) for value, code in {
        "eaa-microenterprise": "75", "eaa-disproportionate-burden": "76",
        "eaa-fundamental-alteration": "77"}.items()},
    # EPUB Accessibility 1.0's conformance URLs, one code each.
    (CONFORMS, "http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-a"):
        (ACCESSIBILITY, "02"),
    (CONFORMS, "http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-aa"):
        (ACCESSIBILITY, "03"),
}
# The properties whose value goes in ProductFormFeatureDescription, with its code.
DESCRIBED = {SUMMARY: "00", CERTIFIER: "90", REPORT: "94"}
CREDENTIAL_NAME, CREDENTIAL_URL = "88", "89"
# EPUB Accessibility 1.1's conformance: three codes, the specification, WCAG's version, its level.
EPUB_11 = "04"
WCAG_VERSIONS = {"2.0": "80", "2.1": "81", "2.2": "82"}
WCAG_LEVELS = {"A": "84", "AA": "85", "AAA": "86"}
CONFORMANCE = re.compile(r"^EPUB Accessibility 1\.1 - WCAG (2\.[012]) Level (A{1,3})$")
NOT_CARRIED = {(SUFFICIENT, "textual,visual"), (SUFFICIENT, "visual"), (HAZARD, "unknown")}


@dataclass(frozen=True, order=True)
class Code:
    """One ONIX code: its list (196, 143 or 81), the code, and the text that goes with it."""

    list: str
    value: str
    description: str | None = None


def onix_codes(pairs: Iterable[tuple[str, str]]) -> tuple[Code, ...]:
    """The ONIX codes that say what the EPUB's (property, value) pairs say."""
    codes: list[Code] = []
    for prop, value in pairs:
        if (prop, value) in CODED:
            codes.append(Code(*CODED[prop, value]))
        elif prop in DESCRIBED:
            codes.append(Code(ACCESSIBILITY, DESCRIBED[prop], value))
        elif prop == CREDENTIAL:
            web = value.startswith(("http://", "https://"))
            codes.append(Code(ACCESSIBILITY, CREDENTIAL_URL if web else CREDENTIAL_NAME, value))
        elif prop == CONFORMS and (conformance := CONFORMANCE.match(value)):
            codes += [Code(ACCESSIBILITY, EPUB_11),
                      Code(ACCESSIBILITY, WCAG_VERSIONS[conformance[1]]),
                      Code(ACCESSIBILITY, WCAG_LEVELS[conformance[2]])]
        elif (prop, value) not in NOT_CARRIED:
            raise ValueError(f"no ONIX code for the accessibility claim {prop} {value!r}: "
                             "add it to the crosswalk (editions/onix/accessibility.py)")
    return tuple(dict.fromkeys(codes))


def epub_pairs(codes: Iterable[Code]) -> tuple[tuple[str, str], ...]:
    """The EPUB's (property, value) pairs that say what the ONIX codes say: the way back."""
    coded = {code: pair for pair, code in CODED.items()}
    described = {code: prop for prop, code in DESCRIBED.items()}
    given = list(codes)
    values = {code.value for code in given if code.list == ACCESSIBILITY}
    pairs: list[tuple[str, str]] = []
    for code in given:
        if (code.list, code.value) in coded:
            pairs.append(coded[code.list, code.value])
        elif code.list == ACCESSIBILITY and code.value in described:
            pairs.append((described[code.value], code.description or ""))
        elif code.list == ACCESSIBILITY and code.value in (CREDENTIAL_NAME, CREDENTIAL_URL):
            pairs.append((CREDENTIAL, code.description or ""))
        elif code.list == ACCESSIBILITY and code.value == EPUB_11:
            version = next(name for name, found in WCAG_VERSIONS.items() if found in values)
            level = next(name for name, found in WCAG_LEVELS.items() if found in values)
            pairs.append((CONFORMS, f"EPUB Accessibility 1.1 - WCAG {version} Level {level}"))
    return tuple(pairs)
