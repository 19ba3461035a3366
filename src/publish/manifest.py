"""build/manifest.json: what a build made, from exactly which inputs, with which tools; written
by `publish build` and read by `publish check` (for the settings to check against), here only.

A reader of the manifest can check every file it names and rebuild the same bytes: it holds no
timestamp and no absolute path, and its keys are sorted, so the same inputs give the same
manifest byte for byte.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from publish.errors import PublishError
from publish.layout.printed import PrintLayout
from publish.project import Project
from publish.settings import BLEED_EDGES, PDF_VARIANTS, Paper, Settings, Trim, one_of
from publish.source.fonts import Face
from publish.source.styles import Styles

MANIFEST_NAME = "manifest.json"
# The distributions whose code decides the bytes of an edition, by their PyPI names: the
# parsers, the writers, WeasyPrint and what it lays out and hyphenates with, the font package.
TOOLS = ("publish", "markdown", "pyyaml", "ebooklib", "weasyprint", "pydyf", "tinycss2",
         "pyphen", "fonttools", "pillow", "lxml", "fontpkg-eb-garamond", "fontpkg-noto-serif",
         "fontpkg-amiri", "manimgx-fonts", "anyascii")


def manifest(project: Project, styles: Styles, settings: Settings,
             outputs: dict[str, tuple[Path, bytes]], faces: Iterable[Face] = (),
             layout: PrintLayout | None = None) -> bytes:
    """The manifest of a build whose outputs are {edition: (path, bytes)}; `faces` are the
    fallback faces the book needed (a font it did not need cannot change its bytes); `layout`
    the print layout, when the build made one: its pages and how it set the notes."""
    document: dict[str, Any] = {
        "outputs": {
            path.name: {"edition": name, "size": len(data), "sha256": sha256(data)}
            for name, (path, data) in outputs.items()
        },
        "inputs": input_hashes(project, styles, faces),
        "settings": dataclasses.asdict(settings),
        "tools": tool_versions(),
    }
    if layout is not None:
        document["print layout"] = layout_facts(layout)
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, default=str)
            + "\n").encode("utf-8")


def layout_facts(layout: PrintLayout) -> dict[str, int | float]:
    """What the print layout did: its pages, and where it set the notes."""
    notes = layout.notes
    return {"pages": layout.page_count, "notes": notes.notes,
            "notes on their call's page": notes.on_call_page,
            "notes continued on the next page": notes.continued,
            "tallest notes area (pt)": notes.tallest}


def layout_summary(facts: dict[str, int | float]) -> str:
    """The print layout's facts in a line, as `publish build` and `publish proof` say them."""
    notes, placed = int(facts["notes"]), int(facts["notes on their call's page"])
    continued = int(facts["notes continued on the next page"])
    where = (("each " if notes > 1 else "") + "on the page of its call" if placed == notes
             else f"{notes - placed} NOT on the page of its call")
    return (f"print layout: {int(facts['pages'])} pages; {notes} note{'s' * (notes > 1)}, "
            f"{where}; "
            f"{continued} continued on the next page; tallest notes area "
            f"{float(facts['tallest notes area (pt)']):.1f} pt") if notes else (
        f"print layout: {int(facts['pages'])} pages; no notes")


def recorded_layout(project: Project) -> dict[str, int | float] | None:
    """What the last build's print layout did (layout_facts), if it made one."""
    try:
        facts: dict[str, int | float] = json.loads(
            (project.build / MANIFEST_NAME).read_text("utf-8"))["print layout"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return facts


def recorded_settings(project: Project) -> Settings | None:
    """The settings of the last build, from build/manifest.json; None when there is none."""
    path = project.build / MANIFEST_NAME
    try:
        recorded: dict[str, Any] = json.loads(path.read_text("utf-8"))["settings"]
        return Settings(trim=Trim(**recorded["trim"]),
                        pdf_variant=one_of("PDF variant", recorded["pdf_variant"], PDF_VARIANTS),
                        bleed=bool(recorded["bleed"]),
                        bleed_edges=one_of("bleed edges", recorded["bleed_edges"], BLEED_EDGES),
                        paper=Paper(**recorded["paper"]),
                        page_markers=bool(recorded["page_markers"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, PublishError) as error:
        raise PublishError(f"cannot read the build's settings ({type(error).__name__}: {error}); "
                           "rebuild, or give --trim, --bleed and --paper",
                           project.relative(path)) from None


def input_hashes(project: Project, styles: Styles, faces: Iterable[Face] = ()
                 ) -> dict[str, dict[str, str]]:
    """The sha256 of everything the editions were made from, by where it came from.

    The whole manuscript/ (chapters, metadata, images) and styles/ directories, so a file the
    build read cannot be missed; the package's built-in stylesheets; the typefaces' bytes;
    the print edition's ICC output profile.
    """
    builtin = resources.files("publish").joinpath("styles")
    return {
        "manuscript": files_under(project, project.manuscript),
        "styles": files_under(project, project.styles),
        "built-in styles": {entry.name: sha256(entry.read_bytes())
                            for entry in sorted(builtin.iterdir(), key=lambda item: item.name)
                            if entry.name.endswith(".css")},
        "fonts": {f"{styles.typeface.family} roman": sha256(styles.typeface.roman),
                  f"{styles.typeface.family} italic": sha256(styles.typeface.italic),
                  **{face.family: sha256(face.data) for face in faces}},
        "output profile": {styles.output_profile.source: sha256(styles.output_profile.data)},
    }


def files_under(project: Project, directory: Path) -> dict[str, str]:
    """Each file below a project directory (hidden ones aside), by its path in the project."""
    if not directory.is_dir():
        return {}
    return {project.relative(path).as_posix(): sha256(path.read_bytes())
            for path in sorted(directory.rglob("*"))
            if path.is_file() and not any(part.startswith(".")
                                          for part in path.relative_to(directory).parts)}


def tool_versions() -> dict[str, str]:
    """The versions of Python and of the libraries that decide an edition's bytes."""
    versions = {"python": platform.python_version()}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
