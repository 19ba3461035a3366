"""The body typeface, from an OFL font package installed from PyPI (no font file is committed).

EB Garamond ships as variable TrueType (a weight axis; roman and italic files). Each edition
makes what its readers need from these bytes: WeasyPrint subsets them itself; the EPUB writer
instances static weights (older reading systems ignore variable fonts) and subsets them.
"""

from __future__ import annotations

from dataclasses import dataclass

import fontpkg


@dataclass(frozen=True)
class Typeface:
    family: str
    roman: bytes  # variable TrueType, weight axis
    italic: bytes  # variable TrueType, weight axis
    license: str  # the licence text, shipped with the font where an edition embeds it


def load_typeface(family: str = "EB Garamond") -> Typeface:
    roman = fontpkg.path(family, 400, "normal")
    italic = fontpkg.path(family, 400, "italic")
    license_path = roman.parent.parent / "LICENSE"
    return Typeface(
        family=family,
        roman=roman.read_bytes(),
        italic=italic.read_bytes(),
        license=license_path.read_text("utf-8") if license_path.is_file() else "SIL OFL 1.1",
    )
