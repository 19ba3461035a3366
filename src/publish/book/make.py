"""make_book(): the manuscript parsed once, typeset once, frozen; every edition reads only this.

Each chapter file becomes divisions (one per level-1 heading), its footnotes numbered Notes;
every id is made unique across the book, links between chapters are resolved, and the images
the text cites are loaded (only from inside the project).
"""

from __future__ import annotations

import difflib
import html
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from lxml import etree

from publish.book.anchors import heading_aliases, headings_of
from publish.book.epigraphs import mark_attributions
from publish.book.figures import mark_figures
from publish.book.ids import RESERVED_IDS, slugify, unique
from publish.book.images import URL_SCHEME, image_resource, nearest, see_through
from publish.book.model import UNTITLED, Book, Chapter, Heading, Resource
from publish.book.notes import extract_notes, number_notes
from publish.book.parse import GIVEN_ID, MAX_DEPTH, Parser, depth
from publish.book.print_cover import print_cover_resource
from publish.book.ruby import mark_ruby
from publish.book.typography import typographic
from publish.book.verse import mark_verse
from publish.book.xml import add_class, fragment, inner_xml, remove_keeping_tail
from publish.errors import PublishError
from publish.kept import Keep, made
from publish.project import Project
from publish.source.front_matter import BACK_MATTER, FRONT_MATTER
from publish.source.manuscript import ChapterSource, Manuscript, is_blank
from publish.source.metadata import Metadata

LINK_SCHEMES = ("http:", "https:", "mailto:")  # cited, never fetched: a reader may follow them
FILE_LINK = "chapter-file:"  # a link to a chapter file (and an id in it), until its ids are known
# Where a link points within the book, in the XHTML lxml writes (attributes in double quotes).
IN_BOOK_HREF = re.compile(r'\shref="#([^"]*)"')
INLINE_MARKS = re.compile(r"[\[\]*_~`<>]+")
SUB_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ASCII_LETTER = re.compile("[A-Za-z]")


def make_book(manuscript: Manuscript, keep: Keep = made) -> Book:
    """The Book; each chapter's Markdown parsed through `keep` (the build's cache)."""
    maker = _BookMaker(manuscript, keep)
    chapters: list[Chapter] = []
    for source in manuscript.chapters:
        with maker.noted():
            chapters += maker.chapters_of(source, any(chapter.matter == "bodymatter"
                                                      for chapter in chapters))
    if any(problem.message.startswith("R-001") for problem in maker.problems):
        maker.refuse()  # a file not parsed: links to its headings would seem to lead nowhere
    linked = maker.link_chapters(tuple(chapters))
    cover = None
    if manuscript.metadata.cover_image:
        with maker.noted():
            cover = maker.resource(manuscript.metadata.cover_image,
                                   manuscript.project.metadata_file, None,
                                   field_line(manuscript.project.metadata_file, "cover-image"))
    if maker.problems:
        maker.refuse()
    wrap = None
    if manuscript.metadata.print_cover:
        wrap = print_cover_resource(manuscript.project, manuscript.metadata.print_cover,
                                    manuscript.project.metadata_file)
    return Book(typographic_metadata(manuscript.metadata), linked,
                tuple(maker.resources.values()), cover, wrap)


def field_line(path: Path, field: str) -> int | None:
    """The line of the metadata file where a top-level field is set, None when it is not."""
    if not path.is_file():
        return None
    found = re.search(rf"^{re.escape(field)}\s*:", path.read_text("utf-8"), re.MULTILINE)
    return None if found is None else found.string.count("\n", 0, found.start()) + 1


def most_marked_line(text: str) -> int:
    """The line (counted from 0) with the longest run of inline markup's marks, where a parser
    that recursed too deeply most likely did."""
    runs = [max(map(len, INLINE_MARKS.findall(line)), default=0) for line in text.split("\n")]
    return runs.index(max(runs))


def typographic_metadata(metadata: Metadata) -> Metadata:
    """The same quotes and dashes in the metadata the editions print as in the text."""
    def typeset(value: str | None) -> str | None:
        return typographic(value, metadata.lang, metadata.quotation_marks) if value else value
    return replace(metadata, title=typeset(metadata.title) or "",
                   subtitle=typeset(metadata.subtitle), description=typeset(metadata.description),
                   rights=typeset(metadata.rights), source=typeset(metadata.source),
                   subjects=tuple(typographic(subject, metadata.lang, metadata.quotation_marks)
                                  for subject in metadata.subjects))


class _BookMaker:
    """The state of one make_book() run: ids taken so far and resources loaded so far."""

    def __init__(self, manuscript: Manuscript, keep: Keep) -> None:
        self.project: Project = manuscript.project
        self.lang = manuscript.metadata.lang
        self.parser = Parser(self.lang, keep, manuscript.metadata.dir,
                             manuscript.metadata.quotation_marks)
        self.ids: set[str] = set(RESERVED_IDS)
        self.aliases: dict[str, str] = {}  # a reserved id an author's link names: the id given
        # The ids the author gave headings ({#id}), each with where it was first given.
        self.given: dict[str, tuple[Path, int | None]] = {}
        self.given_in_file: dict[tuple[Path, str], int] = {}  # how often, for its line
        self.resources: dict[str, Resource] = {}
        self.transparent: dict[str, bool] = {}  # resource name -> images.see_through
        self.first_id_of_file: dict[Path, str] = {}
        # Each file's ids as its Markdown made or gave them, to the book's (made unique in it)
        self.ids_of_file: dict[Path, dict[str, str]] = {}
        self.sources = {source.path: source for source in manuscript.chapters}
        self.shown = {source.shown_as: source for source in manuscript.chapters}
        self.problems: list[PublishError] = []  # collected, so that one run names them all

    @contextmanager
    def noted(self) -> Iterator[None]:
        """Note a problem of what the block makes, and go on to the next thing to make."""
        try:
            yield
        except PublishError as error:
            self.problems += error.problems

    def refuse(self) -> None:
        """Stop on the problems noted, every file's at once, in the book's order."""
        order = {source.shown_as: index for index, source in enumerate(self.shown.values())}
        raise PublishError.collect(sorted(self.problems, key=lambda problem: (
            order.get(problem.path, -1) if problem.path else -1, problem.line or 0)))

    def chapters_of(self, source: ChapterSource, in_body: bool) -> list[Chapter]:
        """The file's divisions: one per level-1 heading, and one without a heading for what
        comes before the first (a frontispiece, an epigraph, a dedication, an opening poem).
        `in_body`: whether the book's body matter has begun before this file."""
        if is_blank(source.text):
            return []
        try:
            root = self.parser.parse(source.text)
        except RecursionError:  # Python-Markdown recurses once per level of inline markup
            raise PublishError("R-001 inline markup (brackets, emphasis) nested too deeply to "
                               "parse: simplify it", source.shown_as,
                               source.first_line + most_marked_line(source.text)) from None
        if depth(root) > MAX_DEPTH:
            raise PublishError(f"R-001 markup nested more than {MAX_DEPTH} levels deep",
                               source.shown_as)
        mark_verse(root)
        mark_ruby(root)
        mark_figures(root, self.parser.direction)
        mark_attributions(root, source.role)
        self.resolve_references(root, source)
        notes_by_key = extract_notes(root)
        divisions: list[list[etree._Element]] = [[]]
        if (root.text or "").strip():  # loose text before the first block: keep it as one
            opening = etree.Element("p")
            opening.text, root.text = root.text, None
            divisions[0].append(opening)
        for block in list(root):
            if block.tag == "h1":
                divisions.append([])
            divisions[-1].append(block)
        chapters = []
        for blocks in divisions:
            if not blocks:
                continue
            chapter = self.chapter(blocks, source, notes_by_key, in_body)
            in_body = in_body or chapter.matter == "bodymatter"
            chapters.append(chapter)
        if chapters:
            self.first_id_of_file.setdefault(source.path, chapters[0].id)
        return chapters

    def chapter(self, blocks: list[etree._Element], source: ChapterSource,
                notes_by_key: dict[str, etree._Element], in_body: bool) -> Chapter:
        heading = blocks[0] if blocks[0].tag == "h1" else None
        role = source.role or ("chapter" if heading is not None else UNTITLED)
        given = self.given_ids(blocks, source)
        wanted = (given.get(heading) if heading is not None else None) or slugify(
            plain_text(heading) if heading is not None else role)
        chapter_id = unique(wanted, self.ids)
        if wanted in RESERVED_IDS:
            self.aliases.setdefault(wanted, chapter_id)
        holder = etree.Element("div")
        holder.extend(blocks)  # the heading too, so a note it cites is numbered first
        renamed = {heading.get("id", ""): chapter_id} if heading is not None else {}
        for element in holder.iter():
            old = element.get("id")
            if old and element is not heading:
                # Python-Markdown's id of a heading with no ASCII letter (一, 二) is "_1":
                # calibre and some reading systems warn on it; the book's slug reads "yi".
                wanted_id = slugify(plain_text(element)) if (
                    element.tag in SUB_HEADINGS and element not in given
                    and not ASCII_LETTER.match(old)) else old
                new = unique(wanted_id, self.ids)
                renamed[old] = new
                element.set("id", new)
                if old in RESERVED_IDS:
                    self.aliases.setdefault(old, new)
        notes = number_notes(holder, chapter_id, notes_by_key,
                             lambda label: self.line_of(source, f"[^{label}]:"))
        for element in holder.iter("a"):
            href = element.get("href", "")
            if href.startswith("#") and href[1:] in renamed:
                element.set("href", "#" + renamed[href[1:]])
        self.ids_of_file.setdefault(source.path, {}).update(
            (old, new) for old, new in renamed.items() if old)
        if heading is not None:
            heading.set("id", chapter_id)
            holder.remove(heading)
        headings = tuple(heading_of(element) for element in holder.iter()
                         if element.tag in SUB_HEADINGS)
        return Chapter(
            id=chapter_id,
            role=role,
            matter=matter_of(role, in_body),
            source=source.shown_as,
            title=heading_of(heading) if heading is not None else None,
            headings=headings,
            body=inner_xml(holder),
            notes=notes,
            running_head=source.running_head,
        )

    def given_ids(self, blocks: list[etree._Element], source: ChapterSource
                  ) -> dict[etree._Element, str]:
        """The headings among `blocks` whose id the author gave, with that id; one given
        twice in the book is refused, at the line of the second."""
        given = {}
        for block in blocks:
            for element in block.iter():
                if GIVEN_ID not in element.attrib:
                    continue
                del element.attrib[GIVEN_ID]
                wanted = element.get("id", "")
                earlier = self.given_in_file.get((source.path, wanted), 0)
                self.given_in_file[(source.path, wanted)] = earlier + 1
                line = self.line_of_id(source, wanted, earlier)
                if wanted in self.given:
                    first, first_line = self.given[wanted]
                    raise PublishError(
                        f"L-003 the id {wanted!r} is given to two headings (also at "
                        f"{first}{f':{first_line}' if first_line else ''}): a link to it "
                        "could lead to either; give one another id", source.shown_as, line)
                self.given[wanted] = (source.shown_as, line)
                given[element] = wanted
        return given

    @staticmethod
    def line_of_id(source: ChapterSource, wanted: str, earlier: int = 0) -> int | None:
        """The line where an attribute list gives the id ({#id}, { #id .class }, {: #id})
        after it has given it `earlier` times in the file."""
        found = list(re.finditer(r"\{[^}\n]*#" + re.escape(wanted) + r"(?=[\s}])",
                                 source.text))
        if len(found) <= earlier:
            return None
        return source.first_line + source.text.count("\n", 0, found[earlier].start())

    def resolve_references(self, root: etree._Element, source: ChapterSource) -> None:
        """Load cited images; point links at chapters; refuse anything outside the project."""
        for image in root.iter("img"):
            with self.noted():
                resource = self.resource(image.get("src", ""), source.path, source)
                image.set("src", resource.name)
                if self.see_through(resource):
                    add_class(image, "transparent")
        for link in root.iter("a"):
            with self.noted():
                self.resolve_link(link, source)

    def resolve_link(self, link: etree._Element, source: ChapterSource) -> None:
        """Point a link to another file at that chapter; leave one within the book or out of
        it as it is."""
        href = link.get("href", "")
        if not href or href.startswith("#") or href.lower().startswith(LINK_SCHEMES):
            return
        if URL_SCHEME.match(href):
            raise PublishError(f"L-001 link {href!r} uses a scheme editions cannot carry "
                               "(use http:, https: or mailto:)", source.shown_as,
                               self.line_of(source, href))
        path_part, _, fragment_id = href.partition("#")
        target = self.project.inside(source.path.parent / urllib.parse.unquote(path_part),
                                     cited_in=source.path, line=self.line_of(source, href))
        if target not in self.sources:
            suggestion = nearest(path_part, self.sources, source.path.parent)
            raise PublishError(f"L-001 link {href!r} points at a file that is not a chapter "
                               "of this manuscript: looked for "
                               f"{self.project.relative(target).as_posix()}{suggestion}",
                               source.shown_as, self.line_of(source, href))
        link.set("href", FILE_LINK + str(target) + (f"#{fragment_id}" if fragment_id else ""))

    def link_chapters(self, chapters: tuple[Chapter, ...]) -> tuple[Chapter, ...]:
        """Point links to a chapter file at its first heading; refuse links to nowhere."""
        known = {chapter.id for chapter in chapters}
        for chapter in chapters:
            known.update(element.get("id", "") for element in chapter.tree().iter())
            known.update(note.id for note in chapter.notes)
        aliases = heading_aliases(headings_of(chapters), set(self.given), known) | self.aliases
        by_file: dict[Path, list[Chapter]] = {}
        for chapter in chapters:
            by_file.setdefault(self.shown[chapter.source].path, []).append(chapter)
        ids_of_file = {path: heading_aliases(headings_of(held), set(self.given), known)
                       | self.ids_of_file.get(path, {}) for path, held in by_file.items()}

        def linked(xhtml: str, source: Path) -> str:
            if FILE_LINK not in xhtml and all(html.unescape(target) in known
                                              for target in IN_BOOK_HREF.findall(xhtml)):
                return xhtml  # nothing to point or refuse (most chapters: their note calls)
            tree = fragment(xhtml)
            for link in tree.iter("a"):
                href = link.get("href", "")
                wanted = urllib.parse.unquote(href[1:])  # a pandoc id may be written escaped
                if href.startswith(FILE_LINK):
                    # The id as its file has it (another file's heading may have taken it
                    # first); else as a link within the book (pandoc's ids over all files).
                    path, _, wanted = href[len(FILE_LINK):].partition("#")
                    wanted = urllib.parse.unquote(wanted)
                    in_file = ids_of_file.get(Path(path), {})
                    if not wanted or wanted in in_file:
                        link.set("href", "#" + (in_file[wanted] if wanted
                                                else self.first_id_of_file[Path(path)]))
                        continue
                    href = "#" + wanted
                    link.set("href", href)
                if href.startswith("#") and wanted not in known and wanted in aliases:
                    link.set("href", "#" + aliases[wanted])
                elif href.startswith("#") and wanted in known:
                    link.set("href", "#" + wanted)
                elif href.startswith("#"):
                    close = difflib.get_close_matches(wanted, sorted(known - {""}), n=3)
                    self.problems.append(PublishError(
                        f"L-001 link to {href!r}: no heading or anchor in the book has that id"
                        + (f"; did you mean {' or '.join('#' + id for id in close)}?" if close
                           else " (a heading's id is its words in lower case, hyphens for "
                           "spaces: # Two Roads is #two-roads)"),
                        source, self.line_of(self.shown.get(source), href)))
            return inner_xml(tree)

        return tuple(
            replace(chapter, body=linked(chapter.body, chapter.source),
                    notes=tuple(replace(note, html=linked(note.html, chapter.source))
                                for note in chapter.notes))
            for chapter in chapters)

    def see_through(self, resource: Resource) -> bool:
        """Whether the picture is transparent (images.see_through), worked out once."""
        if resource.name not in self.transparent:
            self.transparent[resource.name] = see_through(resource)
        return self.transparent[resource.name]

    def resource(self, src: str, cited_in: Path, source: ChapterSource | None,
                 line: int | None = None) -> Resource:
        """An image, loaded once however often the book cites it."""
        line = self.line_of(source, src) if source else line
        resource = image_resource(self.project, src, cited_in, line)
        return self.resources.setdefault(resource.name, resource)

    @staticmethod
    def line_of(source: ChapterSource | None, needle: str | etree._Element | None) -> int | None:
        """The line where a piece of source text first occurs, for error messages."""
        if source is None or needle is None:
            return None
        if not isinstance(needle, str):
            needle = (needle.text or "").strip()[:40] or etree.tostring(needle, encoding="unicode")
        # A link's or an image's address where Markdown or HTML gives it, before the same
        # words anywhere (an address may also stand in the text, on an earlier line).
        offsets = (source.text.find(candidate) for candidate in (
            f"]({needle}", f"](<{needle}>", f'="{needle}"', needle))
        offset = next((found for found in offsets if found >= 0), -1)
        if offset < 0:
            return None
        return source.first_line + source.text.count("\n", 0, offset)


def matter_of(role: str, in_body: bool) -> str:
    """Where a division stands: by its role; one without a heading or a role stands in the
    front matter until the body has begun (an opening poem), in the body after."""
    if role in FRONT_MATTER or (role == UNTITLED and not in_body):
        return "frontmatter"
    return "backmatter" if role in BACK_MATTER else "bodymatter"


def heading_of(element: etree._Element) -> Heading:
    return Heading(int(element.tag[1]), element.get("id", ""), inner_xml(element),
                   plain_text(element), element.get("dir"))


def plain_text(element: etree._Element) -> str:
    """An element's words without its note calls: what a contents or a running head shows."""
    copied = etree.fromstring(etree.tostring(element, with_tail=False))
    for call in [link for link in copied.iter("a")
                 if link.get("class") in {"noteref", "footnote-ref"}]:
        remove_keeping_tail(call)
    return " ".join("".join(str(text) for text in copied.itertext()).split())
