"""The look of the editions: the built-in stylesheets, the project's own, and the typeface.

The defaults live in the package (publish/styles/), so a new project builds as it stands; the
project's styles/*.css (book.css for every edition, epub.css, print.css) come after them in the
cascade, so a publisher overrides a rule without copying the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from publish.project import Project
from publish.source.fonts import Face, FontChain, Typeface, load_font_chain
from publish.source.output_profile import OutputProfile, load_output_profile
from publish.source.text_file import read_text

KINDS = ("book", "epub", "print")


@dataclass(frozen=True)
class Styles:
    book: str  # rules every edition shares
    epub: str  # rules for reading systems only
    print: str  # rules for the paged print layout only
    typeface: Typeface
    output_profile: OutputProfile  # the CMYK ICC profile of the print edition's output intent
    fallbacks: tuple[Face, ...] = field(default=())  # the faces after the body face, in order

    @property
    def fonts(self) -> FontChain:
        return FontChain(self.typeface, self.fallbacks)


def load_styles(project: Project, lang: str = "") -> Styles:
    """The styles; `lang`, the book's language, picks the CJK face's glyph forms."""
    sheets = {}
    for kind in KINDS:
        default = resources.files("publish").joinpath(f"styles/{kind}.css").read_text("utf-8")
        sheets[kind] = default + project_sheet(project, kind)
    fonts = load_font_chain(lang)
    return Styles(sheets["book"], sheets["epub"], sheets["print"], fonts.body,
                  load_output_profile(), fonts.fallbacks)


def project_sheet(project: Project, kind: str) -> str:
    path: Path = project.styles / f"{kind}.css"
    if not path.is_file():
        return ""
    project.inside(path, cited_in=path)
    shown = project.relative(path)
    return f"\n/* {shown} */\n" + read_text(path, shown)
