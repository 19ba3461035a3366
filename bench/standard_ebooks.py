"""A Standard Ebooks repository made into a publish project, as an author would write it.

Standard Ebooks (CC0) keeps each book as a repository of XHTML: the text in
`src/epub/text/*.xhtml`, read in the order of `src/epub/content.opf`'s spine, the metadata in
that package, endnotes in `endnotes.xhtml`, pictures in `src/epub/images/`. `convert` reads one
(a clone, or a bare git directory such as `fetch` or `git clone --bare` makes) and writes
`manuscript/metadata.yaml` in pandoc's field names and one Markdown file per top-level division
in `manuscript/chapters/`, with the manuscript features the README documents: footnotes placed
in the chapter that cites them, verse as `{: .poem}` stanzas with backslash breaks, pipe tables
with `Table:` captions, figures with alt text and captions, `lang` on foreign passages, roles
in each chapter's front matter. The production's own pages (title page, imprint, colophon,
uncopyright, contents, the endnotes as a file) are left out: they are Standard Ebooks', not
the book's.

Written for the sweep (bench/sweep.py) with lxml alone; it shares no code with Standard
Ebooks' own tools.
"""

from __future__ import annotations

import copy
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEXT = "src/epub/text"

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
# MARC relators of the book's own contributors -> publish's contributor roles. The production's
# (transcribers, producers, type and cover designers, the painter of the cover) are not the book's.
CONTRIBUTORS = {"trl": "translator", "ill": "illustrator", "edt": "editor", "aui": "introduction",
                "win": "introduction", "aft": "afterword", "com": "compiler"}
VERSE_TYPES = {"z3998:poem", "z3998:verse", "z3998:song", "z3998:hymn", "z3998:lyrics"}
SECTIONING = {"section", "article"}
CONTAINERS = {"section", "article", "div", "blockquote", "header", "footer", "aside", "ol", "ul",
              "dl", "figure", "hgroup", "table", "thead", "tbody", "tfoot", "tr", "address"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "blockquote", "table", "figure", "ol", "ul", "dl", "hr", "section",
          "article", "header", "footer", "aside", "hgroup", "pre", "address", *HEADINGS}
# A character Markdown reads as markup, wherever it stands in running text.
ESCAPED = re.compile(r"([\\`*_\[\]{}])")
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# A line that Markdown would read as a heading, quotation, rule, list item or setext underline.
LINE_MARKUP = re.compile(
    r"^([\u2003 ]*)(?:(#|>|[-+*](?=\s|$)|-+\s*$)|(\d+)([.)])(?=\s|$)|(=+\s*$))")
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


@dataclass
class Conversion:
    """What a conversion made, and what it had to leave out (said in the sweep's table)."""

    name: str
    chapters: int = 0
    words: int = 0
    notes: int = 0
    images: int = 0
    tables: int = 0
    stanzas: int = 0
    missing_images: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


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


def escape(text: str, in_table: bool = False) -> str:
    text = ESCAPED.sub(r"\\\1", text)
    text = ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    return text.replace("|", "\\|") if in_table else text


def protect_lines(text: str) -> str:
    """Escape what would make a line of running text into block markup."""
    return "\n".join(LINE_MARKUP.sub(unmark, line) for line in text.split("\n"))


def unmark(match: re.Match[str]) -> str:
    lead, mark, digits, stop, rule = match.groups()
    if mark:
        return f"{lead}\\{mark}"
    if digits:
        return f"{lead}{digits}\\{stop}"
    return lead + rule.replace("=", "&#61;", 1)  # `=` has no backslash escape


# ---------------------------------------------------------------------------------------------
# Metadata


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


# ---------------------------------------------------------------------------------------------
# Markdown


@dataclass
class Context:
    """What the conversion of one division needs: the book's language, the notes it cites (in
    order), where its images go, and the counts."""

    book_lang: str
    notes: dict[str, Note]
    file: str
    images_out: Path
    repo: Repository
    report: Conversion
    cited: list[tuple[str, Note]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    in_note: bool = False
    emphasis: int = 0

    def cite(self, href: str) -> str | None:
        target = href if "#" in href and not href.startswith("#") else f"{self.file}{href}"
        target = target.split("/")[-1]
        note = self.notes.get(target)
        if note is None:
            return None
        if target not in self.labels:
            self.labels[target] = note.number
            self.cited.append((note.number, note))
        return self.labels[target]


def language(element: etree._Element, ctx: Context, inherited: str) -> str | None:
    """The element's language when it differs from what surrounds it."""
    lang = element.get(XML_LANG) or element.get("lang")
    return lang if lang and lang.lower() != inherited.lower() else None


def inline(element: etree._Element, ctx: Context, lang: str, in_table: bool = False) -> str:
    """The element's content as inline Markdown (its own tag not included)."""
    out = [escape(squeeze(element.text or ""), in_table)]
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions print nothing
            out.append(inline_element(child, ctx, lang, in_table))
        out.append(escape(squeeze(child.tail or ""), in_table))
    return "".join(out)


def wrap(mark: str, content: str, attributes: str = "") -> str:
    """Emphasis around content, its spaces moved outside (Markdown wants them inside none)."""
    stripped = content.strip(" ")
    if not stripped:
        return content
    lead = " " if content.startswith(" ") else ""
    trail = " " if content.endswith(" ") else ""
    return f"{lead}{mark}{stripped}{mark}{attributes}{trail}"


def inline_element(element: etree._Element, ctx: Context, lang: str, in_table: bool) -> str:
    tag = local(element)
    own = language(element, ctx, lang)
    inner_lang = own or lang
    kinds = types(element)
    if tag == "a" and "noteref" in kinds:
        if ctx.in_note:
            return escape(squeeze("".join(element.itertext())), in_table)
        label = ctx.cite(element.get("href", ""))
        return f"[^{label}]" if label else ""
    if tag == "a" and "backlink" in kinds:
        return ""
    if tag == "br":
        return "<br>" if in_table else "\\\n"
    if tag == "img":
        return image(element, ctx, in_table) or ""
    if tag in {"i", "em", "b", "strong", "cite", "dfn", "var"}:
        mark = "**" if tag in {"b", "strong"} else "*"
        ctx.emphasis += 1
        content = inline(element, ctx, inner_lang, in_table)
        ctx.emphasis -= 1
        if ctx.emphasis:  # emphasis inside emphasis: Markdown's stars would pair wrongly
            html = "strong" if mark == "**" else "em"
            attribute = f' lang="{own}"' if own else ""
            return f"<{html}{attribute}>{content}</{html}>" if content.strip() else content
        return wrap(mark, content, f'{{: lang="{own}"}}' if own else "")
    if tag in {"sup", "sub"}:
        return f"<{tag}>{inline(element, ctx, inner_lang, in_table)}</{tag}>"
    if tag == "a":
        content = inline(element, ctx, inner_lang, in_table)
        href = element.get("href", "")
        if re.match(r"https?://", href) and content.strip():
            return f"[{content}]({href.replace(')', '%29')})"
        return content  # a cross-reference inside the book: its words alone
    if tag in BLOCKS:  # a block inside a line (a paragraph in a cell): its words, with a break
        return inline(element, ctx, inner_lang, in_table)
    content = inline(element, ctx, inner_lang, in_table)
    if own and content.strip():
        return f'<span lang="{own}">{content}</span>'
    return content


def image(element: etree._Element, ctx: Context, in_table: bool = False,
          title: str = "") -> str | None:
    src = element.get("src", "")
    name = PurePosixPath(src).name
    data = ctx.repo.read(f"src/epub/images/{name}")
    if data is None:
        ctx.report.missing_images.append(name)
        return None
    target = ctx.images_out / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        ctx.report.images += 1
    alt = squeeze(element.get("alt", "")).strip().replace("[", "\\[").replace("]", "\\]")
    quoted = f' "{title}"' if title else ""
    return f"![{alt}](../images/{name}{quoted})"


def attribute_line(classes: list[str], lang: str | None) -> str:
    parts = [f".{c}" for c in classes] + ([f'lang="{lang}"'] if lang else [])
    return "{: " + " ".join(parts) + "}" if parts else ""


def paragraph(element: etree._Element, ctx: Context, lang: str, verse: bool,
              classes: list[str] | None = None) -> str:
    own = language(element, ctx, lang)
    inner = own or lang
    if verse:
        lines = []
        for line in verse_lines(element, ctx, inner):
            lines.append(line)
        text = "\\\n".join(lines)
        ctx.report.stanzas += 1
    else:
        text = inline(element, ctx, inner).strip(" ")
        text = re.sub(r" *\\\n *", "\\\n", text)
    if not text.strip():
        return ""
    text = protect_lines(text)
    attributes = attribute_line((["poem"] if verse else []) + (classes or []), own)
    return f"{text}\n{attributes}" if attributes else text


def verse_lines(element: etree._Element, ctx: Context, lang: str) -> Iterator[str]:
    """A stanza's lines: Standard Ebooks sets each as a <span> (class i1, i2... for its indent)
    between <br/>s; an author indents with em spaces."""
    line = etree.Element("line")
    line.text = element.text

    def flush() -> str:
        return inline(line, ctx, lang).strip(" ")

    for child in element:
        if isinstance(child.tag, str) and local(child) == "br":
            text = flush()
            if text:
                yield text
            line = etree.Element("line")
            line.text = child.tail
            continue
        piece = copy.deepcopy(child)
        if isinstance(child.tag, str) and local(child) == "span":
            match = re.search(r"\bi(\d+)\b", child.get("class", ""))
            if match:  # the indent, as the em spaces an author types before the line
                if len(line):
                    line[-1].tail = (line[-1].tail or "") + "\u2003" * int(match.group(1))
                else:
                    line.text = (line.text or "").strip(" \t\r\n") + "\u2003" * int(
                        match.group(1))
        line.append(piece)
    text = flush()
    if text:
        yield text


def quote(blocks: list[str]) -> str:
    return "\n>\n".join("\n".join(f"> {line}" if line else ">" for line in block.split("\n"))
                        for block in blocks if block)


def indent(text: str, first: str, rest: str = "    ") -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [rest + line if line else "" for line in lines[1:]])


def is_play(table: etree._Element) -> bool:
    return any("z3998:persona" in types(cell) for cell in table.iter(f"{{{XHTML}}}td"))


def play(table: etree._Element, ctx: Context, lang: str) -> list[str]:
    """A play's dialogue, which Standard Ebooks sets as a table of speakers and speeches, as an
    author writes it: the speaker in bold, then the speech; verse as stanzas."""
    out: list[str] = []
    for row in table.iter(f"{{{XHTML}}}tr"):
        cells = [c for c in children(row) if local(c) in {"td", "th"}]
        speaker_cell = next((c for c in cells if "z3998:persona" in types(c)), None)
        speech_cells = [c for c in cells if c is not speaker_cell]
        speaker = inline(speaker_cell, ctx, lang).strip() if speaker_cell is not None else ""
        speaker = re.sub(r"\s*\\\n\s*", " and ", speaker)  # two speakers at once, a line each
        speech: list[str] = []
        for cell in speech_cells:
            verse = bool(types(cell) & VERSE_TYPES)
            if any(local(c) in BLOCKS for c in children(cell)):
                speech += blocks(cell, ctx, lang, verse=verse)
            else:
                text = inline(cell, ctx, lang).strip()
                if text:
                    speech.append(protect_lines(text))
        if speaker and speech and not speech[0].endswith("}") and "\n" not in speech[0]:
            speech[0] = f"**{speaker}.** {speech[0]}"
        elif speaker:
            speech.insert(0, f"**{speaker}.**")
        out += speech
    return out


def table(element: etree._Element, ctx: Context, lang: str, caption: str = "") -> list[str]:
    """A pipe table: spanned cells spread over the columns they span (a pipe table has no
    spans), no header row in the source an empty one (a pipe table must have one), a total
    row in bold, columns of figures right-aligned, the caption as pandoc's `Table:` line."""
    if is_play(element):
        return play(element, ctx, lang)
    ctx.report.tables += 1
    rows: list[tuple[list[str], bool, bool]] = []  # cells, header?, total?
    pending: dict[int, int] = {}  # column -> rows still spanned from above
    for section in children(element):
        part = local(section)
        trs = [section] if part == "tr" else [r for r in children(section) if local(r) == "tr"]
        for tr in trs:
            cells: list[str] = []
            column = 0
            for cell in children(tr):
                if local(cell) not in {"td", "th"}:
                    continue
                while pending.get(column):
                    pending[column] -= 1
                    cells.append("")
                    column += 1
                pieces = []
                if any(local(c) in BLOCKS for c in children(cell)):
                    pieces = [inline(c, ctx, lang, True).strip() if local(c) in BLOCKS else
                              inline_element(c, ctx, lang, True) for c in children(cell)]
                    text = "<br>".join(p for p in pieces if p)
                else:
                    text = inline(cell, ctx, lang, True).strip()
                text = text.replace("\\\n", "<br>").replace("\n", " ")
                cells.append(text)
                span = int(cell.get("colspan", "1") or 1)
                rowspan = int(cell.get("rowspan", "1") or 1)
                for extra in range(span):
                    if rowspan > 1:
                        pending[column + extra] = rowspan - 1
                cells += [""] * (span - 1)
                column += span
            while pending.get(column):
                pending[column] -= 1
                cells.append("")
                column += 1
            header = part == "thead" or (part != "tfoot" and all(
                local(c) == "th" for c in children(tr) if local(c) in {"td", "th"}) and not rows)
            total = "total" in (tr.get("class") or "").split() or part == "tfoot"
            rows.append((cells, header, total))
    if not rows:
        return []
    width = max(len(cells) for cells, _, _ in rows)
    headers = [r for r in rows if r[1]]
    body = [r for r in rows if not r[1]]
    head = headers[-1][0] if headers else [""] * width
    body = [(cells, False, True) for cells, _, _ in headers[:-1]] + body  # extra header rows
    numeric = []
    for column in range(width):
        values = [cells[column] for cells, _, _ in body if column < len(cells) and cells[column]]
        numeric.append(bool(values) and all(re.fullmatch(r"[\d$£.,½¼¾\s–-]+", v) for v in values))

    def line(cells: list[str], bold: bool) -> str:
        cells = cells + [""] * (width - len(cells))
        if bold:
            cells = [f"**{c}**" if c and not c.startswith("**") else c for c in cells]
        return "| " + " | ".join(cells) + " |"

    lines = [line(head, False),
             "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    lines += [line(cells, total) for cells, _, total in body]
    out = ["\n".join(lines)]
    if caption:
        out.append(f"Table: {caption}")
    return out


def listing(element: etree._Element, ctx: Context, lang: str, verse: bool) -> str:
    ordered = local(element) == "ol"
    start = int(element.get("start", "1") or 1) if ordered else 1
    items = []
    for number, item in enumerate((c for c in children(element) if local(c) == "li"), start):
        marker = f"{number}. " if ordered else "- "
        if any(local(c) in BLOCKS for c in children(item)):
            parts = blocks(item, ctx, lang, verse)
            # one paragraph: a tight item, as an author writes a simple list
            content = parts[0] if len(parts) == 1 and not parts[0].startswith(("|", ">")) \
                else "\n\n".join(parts)
            loose = len(parts) > 1
        else:
            content = protect_lines(inline(item, ctx, lang).strip())
            loose = False
        items.append((indent(content, marker, " " * 4), loose))
    separator = "\n\n" if any(loose for _, loose in items) else "\n"
    return separator.join(text for text, _ in items)


def definitions(element: etree._Element, ctx: Context, lang: str) -> str:
    """A definition list, as Python-Markdown's def_list writes one."""
    out: list[str] = []
    for child in children(element):
        if local(child) == "dt":
            out.append(("\n\n" if out else "") + protect_lines(inline(child, ctx, lang).strip()))
        elif local(child) == "dd":
            content = "\n\n".join(blocks(child, ctx, lang)) if any(
                local(c) in BLOCKS for c in children(child)) else inline(child, ctx, lang).strip()
            out.append("\n" + indent(content, ":   "))
    return "".join(out)


def figure(element: etree._Element, ctx: Context, lang: str) -> list[str]:
    caption_element = element.find(f"{{{XHTML}}}figcaption")
    caption = inline(caption_element, ctx, lang).strip() if caption_element is not None else ""
    tables = [c for c in children(element) if local(c) == "table"]
    if tables:
        out: list[str] = []
        for t in tables:
            out += table(t, ctx, lang, caption)
        return out
    images = list(element.iter(f"{{{XHTML}}}img"))
    plain_caption = caption and not re.search(r'[*_\\"<\[\]]', caption) and "\n" not in caption
    out = []
    for number, img in enumerate(images):
        last = number == len(images) - 1
        markup = image(img, ctx, title=caption if plain_caption and last else "")
        if markup:
            out.append(markup)
    if out and caption and not plain_caption:
        out.append(f"{caption}\n{{: .caption}}")
    others = [c for c in children(element) if local(c) not in {"img", "figcaption", "table"}]
    for other in others:
        out += blocks(other, ctx, lang)
    return out


def heading_text(element: etree._Element, ctx: Context, lang: str) -> str:
    """A heading's words: Standard Ebooks' label and number (`Chapter` `IV`) and its title (in
    an <hgroup>) as one line, `Chapter IV: The Title`."""
    if local(element) == "hgroup":
        parts = [heading_text(c, ctx, lang) for c in children(element)]
        return ": ".join(p for p in parts if p)
    own = language(element, ctx, lang)
    text = inline(element, ctx, own or lang).strip()
    return f'<span lang="{own}">{text}</span>' if own and text else text


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


def blocks(element: etree._Element, ctx: Context, lang: str, verse: bool = False,
           depth: int = 1) -> list[str]:
    """The element's children as Markdown blocks. `depth` is the heading level of a section
    found inside."""
    out: list[str] = []
    own = language(element, ctx, lang)
    lang = own or lang
    if element.text and element.text.strip():
        out.append(protect_lines(escape(squeeze(element.text).strip())))
    for child in children(element):
        out += block(child, ctx, lang, verse, depth)
        if child.tail and child.tail.strip():
            out.append(protect_lines(escape(squeeze(child.tail).strip())))
    return [b for b in out if b.strip()]


def block(element: etree._Element, ctx: Context, lang: str, verse: bool, depth: int
          ) -> list[str]:
    tag = local(element)
    kinds = types(element)
    # A poem's stanzas are verse; its header (an epigraph in prose, a dedication) and what it
    # quotes or shows are verse only when marked so themselves.
    inherits = tag not in {"header", "footer", "blockquote", "aside", "figure", "table"}
    in_verse = (verse and inherits) or bool(kinds & VERSE_TYPES)
    own = language(element, ctx, lang)
    if tag == "p":
        classes = []
        if "bridgehead" in kinds:
            classes = []
        return [paragraph(element, ctx, lang, in_verse, classes)]
    if tag in HEADINGS or tag == "hgroup":
        text = protect_lines(heading_text(element, ctx, own or lang))
        return [f"{'#' * min(depth, 6)} {text}"] if text else []
    if tag in SECTIONING:
        heading = own_heading(element)
        out = []
        if heading is not None:
            text = heading_text(heading, ctx, own or lang)
            if text:
                out.append(f"{'#' * min(depth, 6)} {protect_lines(text)}")
        for child in children(element):
            if child is heading:
                continue
            if local(child) == "header":
                header_verse = bool(types(child) & VERSE_TYPES)
                out += [b for c in children(child) if c is not heading
                        for b in block(c, ctx, own or lang, header_verse, depth + 1)]
                continue
            out += block(child, ctx, own or lang, in_verse, depth + 1)
        return [b for b in out if b]
    if tag == "blockquote":
        inner = blocks(element, ctx, lang, in_verse, depth)
        return [quote(inner)] if inner else []
    if tag == "table":
        return table(element, ctx, own or lang)
    if tag == "figure":
        return figure(element, ctx, own or lang)
    if tag == "img":
        markup = image(element, ctx)
        return [markup] if markup else []
    if tag in {"ol", "ul"}:
        return [listing(element, ctx, own or lang, in_verse)]
    if tag == "dl":
        return [definitions(element, ctx, own or lang)]
    if tag == "hr":
        return ["* * *"]
    if tag == "cite":
        return [protect_lines(inline(element, ctx, own or lang).strip())]
    if tag == "pre":
        return ["\n".join("    " + line for line in "".join(element.itertext()).split("\n"))]
    if tag in {"span", "i", "em", "b", "strong", "a", "abbr"}:  # inline content at block level
        text = inline_element(element, ctx, lang, False).strip()
        return [protect_lines(text)] if text else []
    return blocks(element, ctx, lang, in_verse, depth)


def notes_markdown(ctx: Context, lang: str) -> str:
    """The cited notes' definitions: the first paragraph after its label, the rest indented
    under it, as Python-Markdown's footnotes read a long note."""
    out = []
    done: set[str] = set()
    ctx.in_note = True
    while ctx.cited:
        label, note = ctx.cited.pop(0)
        if label in done:
            continue
        done.add(label)
        parts = blocks(note.body, ctx, lang)
        if not parts:
            parts = [protect_lines(inline(note.body, ctx, lang).strip())]
        body = "\n\n".join(parts)
        out.append(indent(body, f"[^{label}]: "))
        ctx.report.notes += 1
    ctx.in_note = False
    return "\n\n".join(out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "part"


def words_of(markdown: str) -> int:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|\{:[^}]*\}|<[^>]+>|\[\^[^\]]+\]:?", " ", markdown)
    return len(re.findall(r"\w[\w’'-]*", text))


# ---------------------------------------------------------------------------------------------


def taken(root: etree._Element, take: tuple[str, str], name: str, report: Conversion
          ) -> list[etree._Element]:
    """The divisions from id `take[0]` to id `take[1]`, siblings at any depth (a run of chapters
    inside a part, say): each becomes a top-level division, as in a book of that part alone."""
    first = next(root.iterfind(f".//*[@id='{take[0]}']"), None)
    if first is None:
        raise ValueError(f"{name}: take={take[0]}: no division has that id")
    parent = first.getparent()
    assert parent is not None
    siblings = children(parent)
    ids = [s.get("id") for s in siblings]
    if take[1] not in ids:
        raise ValueError(f"{name}: take={take[0]}..{take[1]}: {take[1]} is not a sibling of "
                         f"{take[0]} (they are {', '.join(str(i) for i in ids)})")
    start, end = siblings.index(first), ids.index(take[1])
    chosen = siblings[start:end + 1]
    whole = sum(len(" ".join(d.itertext()).split()) for d in children(root))
    part = sum(len(" ".join(d.itertext()).split()) for d in chosen)
    report.left_out.append(f"{take[0]}..{take[1]}: {part:,} of {whole:,} words of the text")
    for division in chosen:  # each file's name goes with it for its note links
        if division.get("data-file") is None:
            division.set("data-file", next((d.get("data-file") for d in division.iterancestors()
                                            if d.get("data-file")), ""))
    return chosen


def convert(repo: Repository, name: str, target: Path, take: tuple[str, str] | None = None
            ) -> Conversion:
    """Write the publish project for the repository into `target` (its manuscript/ replaced);
    `take` = (first, last) ids of top-level divisions keeps that contiguous part alone."""
    report = Conversion(name)
    package = read_package(repo, name)
    root, notes, _files = read_text(repo, package)
    titles = toc_titles(repo)
    divisions = children(root)
    if take:
        divisions = taken(root, take, name, report)
    manuscript = target / "manuscript"
    if manuscript.exists():
        for path in sorted(manuscript.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    chapters = manuscript / "chapters"
    chapters.mkdir(parents=True)
    width = max(2, len(str(len(divisions))))
    number = 0
    for division in divisions:
        file = division.get("data-file", "")
        ctx = Context(package.lang, notes, file, manuscript / "images", repo, report)
        kinds = types(division)
        role = next((ROLES[k] for k in sorted(kinds) if k in ROLES), None)
        heading = own_heading(division)
        parts = block(division, ctx, package.lang, False, 1)
        if not parts:  # a frontispiece whose picture the snapshot lacks, say
            report.left_out.append(f"{division.get('id')}: nothing left to print")
            continue
        if heading is None and role not in HEADLESS_ROLES:
            # A division Standard Ebooks leaves untitled in the text (its title is in the
            # contents): an author gives it its heading. An epigraph or a dedication stays
            # headless, as the README's manuscripts write them.
            ident = division.get("id", "")
            title = titles.get(f"{file}#{ident}") or titles.get(file) or (
                role or "Untitled").title()
            parts.insert(0, f"# {protect_lines(escape(title))}")
        body = "\n\n".join(parts)
        footnotes = notes_markdown(ctx, package.lang)
        front = f"---\nrole: {role}\n---\n\n" if role else ""
        text = front + body + ("\n\n" + footnotes if footnotes else "") + "\n"
        report.words += words_of(body) + words_of(footnotes)
        number += 1
        stem = division.get("id") or slug(body[:40])
        (chapters / f"{number:0{width}d}-{slug(stem)}.md").write_text(text, "utf-8")
        report.chapters += 1
    metadata = dict(package.metadata)
    (manuscript / "metadata.yaml").write_text(
        "# Converted from the Standard Ebooks repository by bench/standard_ebooks.py.\n"
        + yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    return report
