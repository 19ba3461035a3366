"""A Standard Ebooks repository read: its files (a clone or a bare git directory), its
package's metadata in pandoc's field names, its text as one tree of divisions in reading order,
its endnotes by the address their calls give.

Standard Ebooks (CC0) keeps each book as a repository of XHTML: the text in
`src/epub/text/*.xhtml`, read in the order of `src/epub/content.opf`'s spine, the metadata in
that package, endnotes in `endnotes.xhtml`, pictures in `src/epub/images/`. The production's
own pages (title page, imprint, colophon, uncopyright, contents, the endnotes as a file) are
not the book's and are left out. Written with lxml alone; no code of Standard Ebooks' tools.
"""

from __future__ import annotations

import copy
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The production's pages, by file name or by epub:type: not the author's book.
PRODUCTION_FILES = {"titlepage", "imprint", "colophon", "uncopyright", "halftitlepage", "toc",
                    "loi", "endnotes", "copyright-page"}
PRODUCTION_TYPES = {"titlepage", "imprint", "colophon", "copyright-page", "halftitlepage",
                    "endnotes", "toc", "loi", "se:uncopyright"}
# epub:type of a top-level division -> the role publish names it by (README, "Roles").
ROLES = {"dedication": "dedication", "epigraph": "epigraph", "foreword": "foreword",
         "preface": "preface", "introduction": "introduction", "prologue": "prologue",
         "part": "part", "volume": "part", "division": "part", "epilogue": "epilogue",
         "afterword": "afterword", "appendix": "appendix", "acknowledgments": "acknowledgments",
         "bibliography": "bibliography", "glossary": "glossary"}
HEADLESS_ROLES = {"dedication", "epigraph"}
FRONT_ROLES = {"dedication", "epigraph", "foreword", "preface", "introduction", "prologue"}
# MARC relators of the book's own contributors -> publish's contributor roles. The production's
# (transcribers, producers, type and cover designers, the painter of the cover) are not the book's.
CONTRIBUTORS = {"trl": "translator", "ill": "illustrator", "edt": "editor", "aui": "introduction",
                "win": "introduction", "aft": "afterword", "com": "compiler"}
SECTIONING = {"section", "article"}
CONTAINERS = {"section", "article", "div", "blockquote", "header", "footer", "aside", "ol", "ul",
              "dl", "figure", "hgroup", "table", "thead", "tbody", "tfoot", "tr", "address"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A heading that is a number alone: a quatrain's, a stanza's.
ROMAN = re.compile(r"^[IVXLCDM]+$")


class Repository:
    """The files of one Standard Ebooks repository: a work tree, or a bare git directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = not (path / "src" / "epub" / "content.opf").exists()
        if self.bare and not (path / "HEAD").exists():
            raise FileNotFoundError(f"{path}: neither a clone nor a bare git directory")
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        if self._names is None:
            if self.bare:
                listed = subprocess.run(
                    ["git", f"--git-dir={self.path}", "ls-tree", "-r", "--name-only", "HEAD"],
                    capture_output=True, text=True, check=True).stdout
                self._names = listed.splitlines()
            else:
                self._names = [str(p.relative_to(self.path)) for p in self.path.rglob("*")
                               if p.is_file() and ".git" not in p.parts]
        return self._names

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None when it is not there (a snapshot may lack big files)."""
        if not self.bare:
            file = self.path / name
            return file.read_bytes() if file.is_file() else None
        shown = subprocess.run(["git", f"--git-dir={self.path}", "show", f"HEAD:{name}"],
                               capture_output=True, check=False)
        return shown.stdout if shown.returncode == 0 else None


def find_repository(folder: Path, name: str) -> Repository | None:
    """The repository `name` in a folder of them: a clone `name/`, a bare `name.git/`, or a
    mirror as `fetch` lays them out, `standardebooks+name/repo`."""
    for candidate in (folder / name, folder / f"{name}.git",
                      folder / f"standardebooks+{name}" / "repo", folder / name / "repo"):
        if (candidate / "src" / "epub" / "content.opf").exists() or (candidate / "HEAD").exists():
            return Repository(candidate)
    return None


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  huge_tree=True))


def local(element: etree._Element) -> str:
    tag = element.tag
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def types(element: etree._Element) -> set[str]:
    return set((element.get(EPUB_TYPE) or "").split())


def children(element: etree._Element) -> list[etree._Element]:
    """The element children (comments and processing instructions skipped)."""
    return [child for child in element if isinstance(child.tag, str)]


def squeeze(text: str) -> str:
    """Source layout whitespace as one space; the word joiners Standard Ebooks sets around
    dashes and ellipses dropped (an author does not type them; the build sets its own)."""
    return re.sub(r"[ \t\r\n]+", " ", text.replace("\u2060", ""))


@dataclass
class Package:
    metadata: dict[str, object]
    lang: str
    spine: list[str]  # file paths, in reading order


def read_package(repo: Repository, name: str) -> Package:
    data = repo.read("src/epub/content.opf")
    if data is None:
        raise FileNotFoundError(f"{name}: no src/epub/content.opf")
    opf = parse_xml(data)
    meta = opf.find(f"{{{OPF}}}metadata")
    assert meta is not None

    def refines(ident: str | None, prop: str) -> list[str]:
        if not ident:
            return []
        return [(m.text or "").strip() for m in meta.iter(f"{{{OPF}}}meta")
                if m.get("refines") == f"#{ident}" and m.get("property") == prop]

    def dc(tag: str) -> list[etree._Element]:
        return list(meta.iter(f"{{{DC}}}{tag}"))

    title, subtitle = "", ""
    for element in dc("title"):
        kind = refines(element.get("id"), "title-type")
        if "subtitle" in kind:
            subtitle = squeeze(element.text or "").strip()
        elif "main" in kind or not title:
            title = squeeze(element.text or "").strip()
    creators = [{"text": squeeze(e.text or "").strip(), "role": "author",
                 **({"file-as": fa[0]} if (fa := refines(e.get("id"), "file-as")) else {})}
                for e in dc("creator")]
    contributors = []
    for element in dc("contributor"):
        roles = [CONTRIBUTORS[r] for r in refines(element.get("id"), "role") if r in CONTRIBUTORS]
        if roles:
            entry = {"text": squeeze(element.text or "").strip(), "role": roles[0]}
            if fa := refines(element.get("id"), "file-as"):
                entry["file-as"] = fa[0]
            contributors.append(entry)
    lang = (dc("language")[0].text or "en").strip()
    home = next((e.text or "" for e in dc("identifier")), "").strip()
    repo_url = next((m.text or "" for m in meta.iter(f"{{{OPF}}}meta")
                     if m.get("property") == "se:url.vcs.github"), "")
    metadata: dict[str, object] = {"title": title}
    if subtitle:
        metadata["subtitle"] = subtitle
    metadata["creator"] = creators
    if contributors:
        metadata["contributor"] = contributors
    metadata["lang"] = lang
    metadata["identifier"] = [{"scheme": "uuid",
                               "text": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, home or name)}"}]
    metadata["rights"] = ("The text is in the public domain in the United States. This edition's "
                          "text and markup come from Standard Ebooks, whose producers dedicated "
                          "their work to the public domain (CC0 1.0 Universal).")
    metadata["source"] = f"Standard Ebooks, {home}" if home else "Standard Ebooks"
    if repo_url:
        metadata["source-url"] = repo_url
    # Older productions hold the long description (escaped HTML) where newer ones hold the
    # short one, which they keep as schema:abstract: the blurb is the short one.
    abstract = next(((m.text or "").strip() for m in meta.iter(f"{{{OPF}}}meta")
                     if m.get("property") == "schema:abstract"), "")
    description = abstract or next((squeeze(re.sub(r"<[^>]+>", "", e.text or "")).strip()
                                    for e in dc("description")), "")
    if description:
        metadata["description"] = description
    subjects = [squeeze(e.text or "").strip() for e in dc("subject")]
    if subjects:
        metadata["subject"] = subjects
    manifest = {item.get("id"): item.get("href", "")
                for item in opf.iter(f"{{{OPF}}}item")}
    spine = [f"src/epub/{manifest[ref.get('idref')]}" for ref in opf.iter(f"{{{OPF}}}itemref")
             if ref.get("idref") in manifest]
    return Package(metadata, lang, spine)


def toc_titles(repo: Repository) -> dict[str, str]:
    """The contents' entry for each target (`file.xhtml` or `file.xhtml#id`), for divisions
    whose heading Standard Ebooks leaves out of the text (an untitled epigraph, say)."""
    data = repo.read("src/epub/toc.xhtml")
    if data is None:
        return {}
    titles = {}
    for link in parse_xml(data).iter(f"{{{XHTML}}}a"):
        target = link.get("href", "").removeprefix("text/")
        titles[target] = squeeze("".join(link.itertext())).strip()
    return titles


# ---------------------------------------------------------------------------------------------
# The text: the spine's files merged into one tree of divisions


def is_production(path: str, body: etree._Element) -> bool:
    stem = PurePosixPath(path).stem
    if stem in PRODUCTION_FILES:
        return True
    sections = [c for c in children(body) if local(c) in SECTIONING]
    return bool(sections) and all(types(s) & PRODUCTION_TYPES for s in sections)


def merge_into(target: etree._Element, element: etree._Element) -> None:
    """Standard Ebooks repeats a part's <section> (same id, no heading) around each of its
    chapters' files: such a wrapper is the part it repeats, continued."""
    last = children(target)[-1] if children(target) else None
    if (local(element) in SECTIONING and last is not None and local(last) in SECTIONING
            and element.get("id") and element.get("id") == last.get("id")):
        for child in children(element):
            merge_into(last, child)
        return
    target.append(copy.deepcopy(element))


@dataclass
class Note:
    number: str
    body: etree._Element


def read_text(repo: Repository, package: Package
              ) -> tuple[etree._Element, dict[str, Note], dict[str, str]]:
    """The book's divisions under one root, each tagged with its file; the endnotes by target
    (`endnotes.xhtml#note-3`); and each division id's file."""
    root = etree.Element("root")
    notes: dict[str, Note] = {}
    files: dict[str, str] = {}
    for path in package.spine:
        data = repo.read(path)
        if data is None:
            continue
        document = parse_xml(data)
        body = document.find(f"{{{XHTML}}}body")
        if body is None:
            continue
        name = PurePosixPath(path).name
        if PurePosixPath(path).stem == "endnotes" or any(
                "endnotes" in types(s) or "footnotes" in types(s) for s in body.iter()):
            for item in body.iter(f"{{{XHTML}}}li", f"{{{XHTML}}}aside"):
                ident = item.get("id")
                if ident and (ident.startswith("note") or "endnote" in types(item)
                              or "footnote" in types(item)):
                    number = re.sub(r"\D", "", ident) or ident
                    notes[f"{name}#{ident}"] = Note(number, item)
            if PurePosixPath(path).stem == "endnotes":
                continue
        if is_production(path, body):
            continue
        group_numbered(body, document, PurePosixPath(path).stem)
        for child in children(body):
            if child.get("id"):
                files.setdefault(child.get("id", ""), name)
            child.set("data-file", name)
            child.set("data-matter", next((m for m in ("frontmatter", "bodymatter", "backmatter")
                                           if m in types(body)), ""))
            # Newer productions name a division's parent (a part, a book) with data-parent
            # instead of repeating it around the division.
            parent = child.get("data-parent")
            holder = next(root.iterfind(f".//*[@id='{parent}']"), None) if parent else None
            if holder is not None:
                merge_into(holder, child)
            else:
                merge_into(root, child)
    push_languages(root)
    for note in notes.values():
        push_languages(note.body)
    return root, notes, files


def group_numbered(body: etree._Element, document: etree._Element, stem: str) -> None:
    """A file of numbered pieces (the Rubáiyát's quatrains, headed I, II, III...) is one
    division of the book, titled as the file is, which holds them: an author would not open each
    quatrain on a new page. Standard Ebooks shows that by the contents, which nest them under
    the half-title."""
    pieces = [c for c in children(body) if local(c) in SECTIONING]
    if len(pieces) < 2 or len(pieces) != len(children(body)):
        return
    def numbered(piece: etree._Element) -> bool:
        heading = own_heading(piece)
        text = squeeze("".join(heading.itertext())).strip() if heading is not None else ""
        return bool(ROMAN.match(text) or text.isdigit())

    if sum(map(numbered, pieces)) < max(3, len(pieces) // 2 + 1):
        return  # a file of titled pieces (poems, chapters): each its own division
    title = document.find(f"{{{XHTML}}}head/{{{XHTML}}}title")
    wrapper = etree.SubElement(body, f"{{{XHTML}}}section", {"id": stem})
    etree.SubElement(wrapper, f"{{{XHTML}}}h2").text = (
        title.text if title is not None and title.text else stem)
    for piece in pieces:
        wrapper.append(piece)


def push_languages(root: etree._Element) -> None:
    """Markdown marks a language on a paragraph, a heading or a phrase, not on a section or a
    quotation: a container's language goes down onto the blocks it holds."""
    for element in root.iter():
        if not isinstance(element.tag, str) or local(element) not in CONTAINERS:
            continue
        lang = element.get(XML_LANG)
        if lang is None:
            continue
        for child in children(element):
            if child.get(XML_LANG) is None:
                child.set(XML_LANG, lang)
        del element.attrib[XML_LANG]


def own_heading(section: etree._Element) -> etree._Element | None:
    for child in children(section):
        if local(child) in HEADINGS or local(child) == "hgroup":
            return child
        if local(child) == "header":
            for inner in children(child):
                if local(inner) in HEADINGS or local(inner) == "hgroup":
                    return inner
        if local(child) not in {"header"}:
            return None
    return None
