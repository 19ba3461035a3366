"""Several imported sources, in order, as one new project in the layout `publish new` makes;
the one place `publish import` writes.

The project is made in a temporary folder beside the destination and renamed into place
once whole, so a failure leaves nothing behind; `publish lint` runs on it there, and its
findings close IMPORT.md.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from publish.errors import PublishError
from publish.imports.import_log import import_log
from publish.imports.imported import Change, ChangeKind, Chapter, Imported
from publish.imports.naming import untaken
from publish.scaffold import GITIGNORE, STYLESHEET
from publish.source.metadata import KNOWN_FIELDS, PANDOC_TEMPLATE_FIELDS

METADATA_HEADER = """\
# The book's metadata, in pandoc's field names, as `publish import` found it in its sources
# (manuscript/IMPORT.md says where each guess came from). Keep the identifier: it makes
# every rebuild the same book.
"""
# Fields a book needs to build, and what stands in when no source gave one.
NEEDED = {"title": "Untitled", "lang": "en"}
PLACEHOLDER_AUTHOR = "Unknown author"
PICTURE_LINK = re.compile(r"\]\(\.\./images/([^)\s\"]+)")
CHAPTER_LINK = re.compile(r"\]\(([\w-]+)\.md(?=[#)])")


@dataclass(frozen=True)
class NewProject:
    """The files of the new project (by their path inside it), and the log of the import."""

    files: Mapping[PurePosixPath, bytes]
    changes: tuple[Change, ...]
    sources: tuple[Path, ...]


def make_project(sources: Sequence[Imported], identifier: uuid.UUID) -> NewProject:
    """The project's files from the sources, in their order; IMPORT.md is written later,
    when lint has read the rest."""
    changes: list[Change] = []
    files: dict[PurePosixPath, bytes] = {}
    taken: dict[str, bytes] = {}  # picture names already used, and their data
    chapters: list[Chapter] = []
    cover: str | None = None
    width = max(2, len(str(sum(len(source.chapters) for source in sources))))
    for source in sources:
        renamed: dict[str, str] = {}
        for picture in source.pictures:
            name = untaken(picture.name, {name for name, data in taken.items()
                                          if data != picture.data})
            taken[name] = picture.data
            renamed[picture.name] = name
            files[PurePosixPath("manuscript/images") / name] = picture.data
        # a reader names its chapters to one another by slug: `slug.md#id`
        files_of = {chapter.slug: file_name(len(chapters) + number, width, chapter.slug)
                    for number, chapter in enumerate(source.chapters, 1)}
        chapters += [Chapter(files_of[chapter.slug], rename_links(
            rename_pictures(chapter.markdown, renamed), files_of))
                     for chapter in source.chapters]
        if cover is None and source.cover is not None:
            cover = renamed.get(source.cover, source.cover)
        changes += source.changes
    if not chapters:
        raise PublishError("nothing to import: the sources hold no text", sources[0].source)
    for chapter in chapters:  # named by now with their numbers
        files[PurePosixPath("manuscript/chapters") / chapter.slug] = chapter.markdown.encode(
            "utf-8")
    metadata = book_metadata(sources, identifier, changes)
    if cover is not None:
        metadata["cover-image"] = f"images/{cover}"
    files[PurePosixPath("manuscript/metadata.yaml")] = (METADATA_HEADER + yaml.safe_dump(
        metadata, sort_keys=False, allow_unicode=True, width=90)).encode("utf-8")
    files[PurePosixPath("styles/book.css")] = STYLESHEET.encode("utf-8")
    files[PurePosixPath(".gitignore")] = GITIGNORE.encode("utf-8")
    return NewProject(files, tuple(changes), tuple(source.source for source in sources))


def file_name(number: int, width: int, slug: str) -> str:
    return f"{number:0{width}d}-{slug or 'chapter'}.md"


def rename_links(markdown: str, files_of: Mapping[str, str]) -> str:
    return CHAPTER_LINK.sub(lambda match: f"]({files_of.get(match[1], match[1] + '.md')}",
                            markdown)


def rename_pictures(markdown: str, renamed: Mapping[str, str]) -> str:
    return PICTURE_LINK.sub(lambda match: f"](../images/{renamed.get(match[1], match[1])}",
                            markdown)


def book_metadata(sources: Sequence[Imported], identifier: uuid.UUID,
                  changes: list[Change]) -> dict[str, object]:
    """The first source's metadata, each field it lacks taken from a later source; the
    fields a build needs guessed where none gave them; a new identifier first."""
    merged: dict[str, object] = {}
    for source in sources:
        for field, value in source.metadata.items():
            if value in (None, "", [], {}):
                continue
            if field not in merged:
                merged[field] = value
            elif value != merged[field]:  # a later source's title, say: the book has one
                changes.append(Change(ChangeKind.DROPPED, source.source.name, f"its metadata "
                                      f"field `{field}`: an earlier source gave the book's",
                                      str(value)))
    where = sources[0].source.name
    for field, value in list(merged.items()):
        if field not in KNOWN_FIELDS | PANDOC_TEMPLATE_FIELDS:
            changes.append(Change(ChangeKind.FINDING, where, f"the metadata field `{field}`, "
                                  "which metadata.yaml does not have", str(value)))
            del merged[field]
    for field, stand_in in NEEDED.items():
        if field not in merged:
            merged[field] = stand_in
            changes.append(Change(ChangeKind.GUESSED, where, f"no {field} in the sources: "
                                  f"`{field}: {stand_in}` (change it in metadata.yaml)"))
    if "creator" not in merged and "author" not in merged:
        merged["creator"] = [{"text": PLACEHOLDER_AUTHOR, "role": "author"}]
        changes.append(Change(ChangeKind.GUESSED, where, "no author in the sources: "
                              f"`{PLACEHOLDER_AUTHOR}` (change it in metadata.yaml)"))
    if "date" in merged:
        merged["date"] = str(merged["date"])[:10]
    kept = [entry for entry in as_list(merged.pop("identifier", []))
            if "uuid" not in str(entry).lower()]  # a uuid names the source's own edition
    merged["identifier"] = [{"scheme": "uuid", "text": f"urn:uuid:{identifier}"}, *kept]
    order = ["title", "subtitle", "creator", "author", "contributor", "publisher", "lang",
             "date", "rights", "identifier", "description", "subject"]
    return {field: merged[field] for field in sorted(merged, key=lambda field: (
        order.index(field) if field in order else len(order)))}


def as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else [value] if value else []


def write_project(project: NewProject, destination: Path) -> list[Path]:
    """Write the project beside `destination`, lint it, add IMPORT.md, and rename it into
    place; refuse a destination that exists and is not empty."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise PublishError("is not empty: give --to a new folder (the import makes a whole "
                           "project)", destination)
    parent = destination.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{destination.name}-import-", dir=parent))
    try:
        for name, data in project.files.items():
            path = building / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        log = import_log(project.sources, project.changes, lint_lines(building))
        (building / "manuscript" / "IMPORT.md").write_text(log, encoding="utf-8")
        if destination.exists():
            destination.rmdir()  # empty, as checked above: the rename takes its place
        building.rename(destination)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [destination / name for name in sorted(project.files)] + [
        destination / "manuscript" / "IMPORT.md"]


def lint_lines(root: Path) -> list[str]:
    """`publish lint` on the new project: its findings, one line each, as the command
    prints them."""
    from publish.checks.lint import lint_manuscript, refusal
    from publish.project import Project
    from publish.source.manuscript import read_manuscript

    try:
        manuscript = read_manuscript(Project.at(root))
        found = [f"{finding.severity}: {finding.one_line()}"
                 for finding in lint_manuscript(manuscript)]
        refused = refusal(manuscript)
    except PublishError as error:
        return [f"error: {line}" for line in error.lines()]
    return found + ([f"error: {line}" for line in refused.lines()] if refused else [])
