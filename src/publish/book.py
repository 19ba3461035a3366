"""The Book: the manuscript parsed once, typeset once, frozen; every edition reads only this.

make_book() turns each chapter file into divisions (one per level-1 heading), gathers its
footnotes as numbered Notes, makes every id unique across the book, resolves links between
chapters, and loads the images the text cites (only from inside the project).
"""

from __future__ import annotations

import copy
import mimetypes
import re
import urllib.parse
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from lxml import etree

from publish.errors import PublishError
from publish.manuscript import BACK_MATTER, FRONT_MATTER, ChapterSource, Manuscript
from publish.metadata import Metadata
from publish.parse import MAX_DEPTH, Parser, depth, remove_keeping_tail, slugify
from publish.project import Project
from publish.typography import apply_typography, typeset_text

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml"}
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
LINK_SCHEMES = ("http:", "https:", "mailto:")  # cited, never fetched: a reader may follow them
FILE_LINK = "chapter-file:"  # a link to a whole chapter file, until its heading's id is known


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    html: str  # inline XHTML (may hold <em>, <span lang>)
    text: str  # plain text


@dataclass(frozen=True)
class Note:
    id: str
    number: int
    html: str  # the note's blocks as XHTML
    ref_ids: tuple[str, ...]  # every place the text cites it, first one first


@dataclass(frozen=True)
class Resource:
    name: str  # its path inside the editions, e.g. "images/map.png"
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Chapter:
    """One top-level division of the text: a heading, its body, its notes."""

    id: str
    role: str  # an epub:type: introduction, chapter, appendix, ...
    source: Path  # the file it came from, as the author knows it
    title: Heading
    headings: tuple[Heading, ...]  # its sub-headings, for a nested contents
    body: str  # XHTML blocks, without the title; note references are <a class="noteref">
    notes: tuple[Note, ...]

    @property
    def matter(self) -> str:
        if self.role in FRONT_MATTER:
            return "frontmatter"
        if self.role in BACK_MATTER:
            return "backmatter"
        return "bodymatter"

    def tree(self) -> etree._Element:
        """A fresh, mutable copy of the body under a <div>, for a writer to transform."""
        return etree.fromstring(f"<div>{self.body}</div>")


@dataclass(frozen=True)
class Book:
    metadata: Metadata
    chapters: tuple[Chapter, ...]
    resources: tuple[Resource, ...]
    cover: Resource | None  # a publisher-supplied cover image

    @cached_property
    def chapter_of_id(self) -> dict[str, Chapter]:
        """Which chapter holds each id: writers that split the book rewrite links with it."""
        owners: dict[str, Chapter] = {}
        for chapter in self.chapters:
            owners[chapter.id] = chapter
            for element in chapter.tree().iter():
                if element.get("id"):
                    owners[element.get("id", "")] = chapter
            for note in chapter.notes:
                owners[note.id] = chapter
        return owners


def make_book(manuscript: Manuscript) -> Book:
    maker = _BookMaker(manuscript)
    chapters = tuple(chapter for source in manuscript.chapters
                     for chapter in maker.chapters_of(source))
    chapters = maker.link_chapters(chapters)
    cover = None
    if manuscript.metadata.cover_image:
        cover = maker.resource(manuscript.metadata.cover_image, manuscript.project.metadata_file,
                               None)
    return Book(typeset_metadata(manuscript.metadata), chapters,
                tuple(maker.resources.values()), cover)


def typeset_metadata(metadata: Metadata) -> Metadata:
    """The same quotes and dashes in the metadata the editions print as in the text."""
    def typeset(value: str | None) -> str | None:
        return typeset_text(value, metadata.lang) if value else value
    return replace(metadata, title=typeset(metadata.title) or "",
                   subtitle=typeset(metadata.subtitle), description=typeset(metadata.description),
                   rights=typeset(metadata.rights), source=typeset(metadata.source),
                   subjects=tuple(typeset_text(subject, metadata.lang)
                                  for subject in metadata.subjects))


class _BookMaker:
    """The state of one make_book() run: ids taken so far and resources loaded so far."""

    def __init__(self, manuscript: Manuscript) -> None:
        self.project: Project = manuscript.project
        self.lang = manuscript.metadata.lang
        self.parser = Parser()
        self.ids: set[str] = set()
        self.resources: dict[str, Resource] = {}
        self.first_id_of_file: dict[Path, str] = {}
        self.sources = {source.path: source for source in manuscript.chapters}

    def chapters_of(self, source: ChapterSource) -> list[Chapter]:
        if not source.text.strip():
            return []
        root = self.parser.parse(source.text)
        if depth(root) > MAX_DEPTH:
            raise PublishError(f"markup nested more than {MAX_DEPTH} levels deep", source.shown_as)
        apply_typography(root, self.lang)
        self.resolve_references(root, source)
        for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            if heading.find(".//a[@class='footnote-ref']") is not None:
                raise PublishError("a footnote cited in a heading: cite it in the text instead "
                                   "(headings also label contents and running heads)",
                                   source.shown_as, self.line_of(source, heading))
        notes_by_key = extract_notes(root)
        blocks = list(root)
        if not blocks or blocks[0].tag != "h1" or (root.text or "").strip():
            raise PublishError("a chapter begins with a level-1 heading (`# Title`)",
                               source.shown_as, self.line_of(source, blocks[0] if blocks else None))
        divisions: list[list[etree._Element]] = []
        for block in blocks:
            if block.tag == "h1":
                divisions.append([])
            divisions[-1].append(block)
        chapters = [self.chapter(division, source, notes_by_key) for division in divisions]
        self.first_id_of_file.setdefault(source.path, chapters[0].id)
        return chapters

    def chapter(self, blocks: list[etree._Element], source: ChapterSource,
                notes_by_key: dict[str, etree._Element]) -> Chapter:
        heading, *content = blocks
        chapter_id = self.unique_id(slugify("".join(str(text) for text in heading.itertext())))
        holder = etree.Element("div")
        for block in content:
            holder.append(block)
        renamed = {heading.get("id", ""): chapter_id}
        for element in holder.iter():
            old = element.get("id")
            if old:
                new = self.unique_id(old)
                renamed[old] = new
                element.set("id", new)
        notes = number_notes(holder, chapter_id, notes_by_key)
        for element in holder.iter("a"):
            href = element.get("href", "")
            if href.startswith("#") and href[1:] in renamed:
                element.set("href", "#" + renamed[href[1:]])
        headings = tuple(heading_of(element) for element in holder.iter()
                         if element.tag in {"h2", "h3", "h4", "h5", "h6"})
        heading.set("id", chapter_id)
        return Chapter(
            id=chapter_id,
            role=source.role,
            source=source.shown_as,
            title=heading_of(heading),
            headings=headings,
            body=inner_xml(holder),
            notes=notes,
        )

    def unique_id(self, wanted: str) -> str:
        candidate, counter = wanted, 2
        while candidate in self.ids:
            candidate = f"{wanted}-{counter}"
            counter += 1
        self.ids.add(candidate)
        return candidate

    def resolve_references(self, root: etree._Element, source: ChapterSource) -> None:
        """Load cited images; point links at chapters; refuse anything outside the project."""
        for image in root.iter("img"):
            resource = self.resource(image.get("src", ""), source.path, source)
            image.set("src", resource.name)
        for link in root.iter("a"):
            href = link.get("href", "")
            if not href or href.startswith("#") or href.lower().startswith(LINK_SCHEMES):
                continue
            if URL_SCHEME.match(href):
                raise PublishError(f"link {href!r} uses a scheme editions cannot carry "
                                   "(use http:, https: or mailto:)", source.shown_as,
                                   self.line_of(source, href))
            path_part, _, fragment = href.partition("#")
            target = self.project.inside(source.path.parent / urllib.parse.unquote(path_part),
                                         cited_in=source.path, line=self.line_of(source, href))
            if target not in self.sources:
                raise PublishError(f"link {href!r} points at a file that is not a chapter "
                                   "of this manuscript", source.shown_as,
                                   self.line_of(source, href))
            link.set("href", "#" + fragment if fragment else FILE_LINK + str(target))

    def link_chapters(self, chapters: tuple[Chapter, ...]) -> tuple[Chapter, ...]:
        """Point links to a chapter file at its first heading; refuse links to nowhere."""
        known = {chapter.id for chapter in chapters}
        for chapter in chapters:
            known.update(element.get("id", "") for element in chapter.tree().iter())
            known.update(note.id for note in chapter.notes)

        def linked(fragment: str, source: Path) -> str:
            tree = etree.fromstring(f"<div>{fragment}</div>")
            for link in tree.iter("a"):
                href = link.get("href", "")
                if href.startswith(FILE_LINK):
                    link.set("href", "#" + self.first_id_of_file[Path(href[len(FILE_LINK):])])
                elif href.startswith("#") and href[1:] not in known:
                    raise PublishError(f"link to {href!r}: no heading or anchor has that id",
                                       source)
            return inner_xml(tree)

        return tuple(
            replace(chapter, body=linked(chapter.body, chapter.source),
                    notes=tuple(replace(note, html=linked(note.html, chapter.source))
                                for note in chapter.notes))
            for chapter in chapters)

    def resource(self, src: str, cited_in: Path, source: ChapterSource | None) -> Resource:
        line = self.line_of(source, src) if source else None
        shown = self.project.relative(cited_in)
        if not src or URL_SCHEME.match(src):
            raise PublishError(f"image {src!r} is not a file in the project; builds never fetch "
                               "from the network (save it under manuscript/images/)", shown, line)
        path = self.project.inside(cited_in.parent / urllib.parse.unquote(src),
                                   cited_in=cited_in, line=line)
        if not path.is_file():
            raise PublishError(f"image {src!r} not found", shown, line)
        media_type = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        if path.suffix.lower() not in IMAGE_TYPES or media_type is None:
            raise PublishError(f"image {src!r}: use PNG, JPEG, GIF or SVG", shown, line)
        data = path.read_bytes()
        if media_type == "image/svg+xml":
            check_svg(data, src, shown, line)
        name = "images/" + self.project.relative(path).as_posix().replace("/", "-").removeprefix(
            "manuscript-").removeprefix("images-")
        self.resources.setdefault(name, Resource(name, media_type, data))
        return self.resources[name]

    @staticmethod
    def line_of(source: ChapterSource | None, needle: str | etree._Element | None) -> int | None:
        """The line where a piece of source text first occurs, for error messages."""
        if source is None or needle is None:
            return None
        if not isinstance(needle, str):
            needle = (needle.text or "").strip()[:40] or etree.tostring(needle, encoding="unicode")
        offset = source.text.find(needle)
        if offset < 0:
            return None
        return source.first_line + source.text.count("\n", 0, offset)


def check_svg(data: bytes, src: str, shown: Path, line: int | None) -> None:
    """An SVG image may not pull anything in or run anything."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise PublishError(f"image {src!r} is not well-formed SVG: {error}", shown, line) from None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in {"script", "foreignObject"}:
            raise PublishError(f"image {src!r} holds <{local}>, which editions cannot carry",
                               shown, line)
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href" and not str(value).startswith("#"):
                raise PublishError(f"image {src!r} refers to {value!r}; SVG images must be "
                                   "self-contained", shown, line)
            if etree.QName(name).localname.startswith("on"):
                raise PublishError(f"image {src!r} has an event handler", shown, line)


def extract_notes(root: etree._Element) -> dict[str, etree._Element]:
    """Take Python-Markdown's footnote list out of the text: note key -> its <li>."""
    notes: dict[str, etree._Element] = {}
    for holder in root.findall(".//div[@class='footnote']"):
        for item in holder.iter("li"):
            key = item.get("id", "")
            for backref in item.findall(".//a[@class='footnote-backref']"):
                remove_keeping_tail(backref)
            for paragraph in item.iter("p"):
                if paragraph.text is not None and len(paragraph) == 0:
                    paragraph.text = paragraph.text.rstrip("\u00a0 ")
                elif len(paragraph):
                    last = paragraph[-1]
                    last.tail = (last.tail or "").rstrip("\u00a0 ") or None
            notes[key] = item
        remove_keeping_tail(holder)
    return notes


def number_notes(holder: etree._Element, chapter_id: str,
                 notes_by_key: dict[str, etree._Element]) -> tuple[Note, ...]:
    """Number notes by first reference within the division; each reference gets its own id."""
    numbers: dict[str, int] = {}
    refs: dict[str, list[str]] = {}
    for sup in list(holder.iter("sup")):
        link = sup.find("a[@class='footnote-ref']")
        if link is None:
            continue
        key = link.get("href", "#")[1:]
        number = numbers.setdefault(key, len(numbers) + 1)
        note_id = f"{chapter_id}-note-{number}"
        ref_id = f"{chapter_id}-noteref-{number}"
        refs.setdefault(key, [])
        if refs[key]:
            ref_id += f"-{len(refs[key]) + 1}"
        refs[key].append(ref_id)
        reference = etree.Element("a", {"class": "noteref", "id": ref_id, "href": "#" + note_id})
        reference.text = str(number)
        reference.tail = sup.tail
        parent = sup.getparent()
        assert parent is not None
        parent.replace(sup, reference)
    notes = []
    for key, number in numbers.items():
        item = notes_by_key.get(key)
        if item is None:
            continue
        blocks = inner_xml(item)
        notes.append(Note(f"{chapter_id}-note-{number}", number, blocks, tuple(refs[key])))
    return tuple(notes)


def heading_of(element: etree._Element) -> Heading:
    return Heading(int(element.tag[1]), element.get("id", ""), inner_xml(element),
                   " ".join("".join(str(text) for text in element.itertext()).split()))


def inner_xml(element: etree._Element) -> str:
    """The element's content (text and children) as XML, without the element's own tags."""
    holder = etree.Element("x")
    holder.text = element.text
    for child in element:
        holder.append(copy.deepcopy(child))
    return etree.tostring(holder, encoding="unicode")[3:-4] if len(holder) or holder.text else ""
