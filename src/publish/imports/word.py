"""A Word file (DOCX) read as chapters: mammoth turns the document into plain HTML by its
styles (headings, quotations, lists, tables, pictures with their alt text, footnotes and
endnotes, which it lists after the text with links to them), the text's damage is mended
(repairs.py: Word's invisible characters among it), and the shared converter writes the
Markdown, one chapter for each heading of the document's highest level.

mammoth (BSD-2-Clause) is made for this: it maps Word's styles to HTML by a style map, so a
document's own styles can be named, and says which of them it did not know; its messages
are logged. The properties (title, author, date...) are not in its HTML: word_properties.py
reads them.

A Word file has no lines: each element of the HTML is given the number of its paragraph
(counting those with text, as mammoth keeps them) as its line, and the log names the
paragraph, or the note, by it.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import mammoth  # type: ignore[import-untyped]
from lxml import etree, html

from publish.errors import PublishError
from publish.imports.html_markdown import markdown_from_html
from publish.imports.html_text import text_of
from publish.imports.imported import Change, ChangeKind, Chapter, Imported, Picture
from publish.imports.naming import slug
from publish.imports.repairs import Where, remove, repair, source_line
from publish.imports.word_properties import core_properties

# Word's own names for its styles, beyond mammoth's default map (headings, lists, notes); the
# body-text styles Word, LibreOffice and pandoc write are plain paragraphs, not unknown styles.
STYLE_MAP = """
p[style-name='Title'] => h1.word-title:fresh
p[style-name='Subtitle'] => p.word-subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Quotations'] => blockquote > p:fresh
p[style-name='Body Text'] => p:fresh
p[style-name='First Paragraph'] => p:fresh
p[style-name='Body Text First Indent'] => p:fresh
p[style-name='Normal (Web)'] => p:fresh
p[style-name='Compact'] => p:fresh
r[style-name='Emphasis'] => em
r[style-name='Intense Emphasis'] => em
r[style-name='Strong'] => strong
"""
ENCRYPTED = b"\xd0\xcf\x11\xe0"  # an OLE compound file: a password-protected DOCX, or a .doc
ZIP = b"PK\x03\x04"
DOCUMENT = "word/document.xml"
PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
NOTE_ID = re.compile(r"^(footnote|endnote)-(\d+)$")
LINE = re.compile(r", line (\d+)$")
DEFAULT_LANGUAGE = "en"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ASIDE = re.compile(r"^word/(header|footer|comments)\d*\.xml$")
ASIDE_UNITS = (f"{W}hdr", f"{W}ftr", f"{W}comment")  # a header's, a footer's, a comment's
ASIDE_KINDS = {"header": "a page header (the book sets its own running heads)",
               "footer": "a page footer (the book sets its own folios)",
               "comments": "a reviewer's comment, not the document's text"}
TEXT_PARTS = (DOCUMENT, "word/footnotes.xml", "word/endnotes.xml")
DELETED = (f"{W}del", f"{W}moveFrom")  # what change tracking took out, or moved away


def read_docx(path: Path) -> Imported:
    """The Word file at `path` as chapters, with the log of every change."""
    with checked_archive(path) as archive:
        metadata, found = core_properties(archive, path.name)
        aside = [*left_aside(archive, path.name), *tracked_deletions(archive, path.name)]
    pictures = WordPictures()
    with path.open("rb") as file:
        result = mammoth.convert_to_html(file, style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(pictures.add))
    body = html.fragment_fromstring(result.value or "<p></p>", create_parent="body")
    labels = number_paragraphs(body)
    notes = mark_notes(body)

    def where(element: etree._Element) -> str:
        return f"{path.name}, {labels.get(source_line(element), 'its end')}"

    changes = [*found, *aside,
               *(message_change(message, path.name) for message in result.messages)]
    changes += title_paragraphs(body, metadata, where)
    changes += bookmarks(body, where)
    changes += repair(body, where, str(metadata.get("lang", DEFAULT_LANGUAGE)))
    if not text_of(body).strip():
        raise PublishError("holds no text: the Word file's body is empty", path)
    chapters = []
    text = [child for child in body if child not in notes]
    runs, guessed = chapter_runs(body, text, str(metadata.get("title", "")), where)
    changes += guessed
    for name, run, offset in runs:
        converted = markdown_from_html(run, path.name, picture=pictures.address,
                                       heading_offset=offset)
        chapters.append(Chapter(name, converted.markdown))
        changes += [dataclasses.replace(change, where=LINE.sub(
            lambda found: ", " + labels.get(int(found[1]), "its end"), change.where))
            for change in converted.changes]
    return Imported(source=path, chapters=tuple(chapters), metadata=metadata,
                    pictures=tuple(pictures.pictures), changes=tuple(changes))


def checked_archive(path: Path) -> zipfile.ZipFile:
    """The Word file opened as the zip archive a DOCX is, its parts' checksums and its
    document's XML found sound; each other case refused in one line."""
    try:
        with path.open("rb") as file:
            opening = file.read(4)
    except OSError as error:
        raise PublishError(f"cannot be read ({error.strerror})", path) from None
    if opening == ENCRYPTED:
        raise PublishError("is encrypted (password-protected), or an old Word 97-2003 file "
                           "renamed: remove its password, or save it as .docx, and import it "
                           "again", path)
    if opening != ZIP:
        raise PublishError("is not a Word file: a DOCX is a zip archive, and this is not one",
                           path)
    try:
        archive = zipfile.ZipFile(path)
        broken = archive.testzip()
        if broken is not None:
            raise zipfile.BadZipFile(f"{broken} fails its checksum")
        etree.fromstring(archive.read(DOCUMENT), etree.XMLParser(resolve_entities=False))
    except KeyError:
        raise PublishError(f"is a damaged Word file: it has no {DOCUMENT}", path) from None
    except etree.XMLSyntaxError as error:
        raise PublishError(f"is a damaged Word file: its {DOCUMENT} is not well-formed XML "
                           f"({error.msg})", path) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise PublishError(f"is a damaged Word file: {error}", path) from None
    return archive


def left_aside(archive: zipfile.ZipFile, name: str) -> Iterator[Change]:
    """What a Word file holds besides its text, which mammoth does not read: the page headers
    and footers (the book sets its own) and the reviewers' comments, each logged as dropped
    with its text."""
    for part in sorted(archive.namelist()):
        kind = ASIDE.match(part)
        if kind is None:
            continue
        try:
            root = etree.fromstring(archive.read(part), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            yield Change(ChangeKind.FINDING, f"{name}: {part}", "a part that is not "
                         "well-formed XML, not read")
            continue
        for number, unit in enumerate(root.iter(*ASIDE_UNITS), 1):
            words = " ".join("".join(text.text or "" for text in unit.iter(f"{W}t")).split())
            if words:
                yield Change(ChangeKind.DROPPED, f"{name}: {part}" + (
                    f", comment {number}" if kind[1] == "comments" else ""),
                    ASIDE_KINDS[kind[1]], words)


def tracked_deletions(archive: zipfile.ZipFile, name: str) -> Iterator[Change]:
    """The text Word's change tracking shows struck out (deleted, or moved elsewhere), which
    mammoth leaves out as Word does with every change accepted: each logged as dropped, with
    its words, at its paragraph of its part."""
    for part in TEXT_PARTS:
        if part not in archive.namelist():
            continue
        root = etree.fromstring(archive.read(part), etree.XMLParser(resolve_entities=False))
        paragraphs = {paragraph: number for number, paragraph in enumerate(
            root.iter(f"{W}p"), 1)}
        for deleted in root.iter(*DELETED):
            parent = deleted.getparent()
            if parent is not None and parent.tag == f"{W}rPr":
                continue  # a paragraph mark's deletion: the paragraphs' text is kept apart
            words = "".join(text.text or "" for text in deleted.iter(f"{W}delText", f"{W}t"))
            held = next((up for up in deleted.iterancestors(f"{W}p")), None)
            if words.strip():
                yield Change(ChangeKind.DROPPED, f"{name}: {part}" + (
                    f", paragraph {paragraphs[held]}" if held is not None else ""),
                    "a tracked deletion (change tracking's; the text is read with every change "
                    "accepted)", " ".join(words.split()))


class WordPictures:
    """The document's pictures, as mammoth meets them, each named by its order and type."""

    TYPES: ClassVar[dict[str, str]] = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
             "image/svg+xml": "svg"}

    def __init__(self) -> None:
        self.pictures: list[Picture] = []

    def add(self, image: Any) -> dict[str, str]:
        """mammoth's image converter: the picture kept, its name given as its address. A
        format the book does not take (EMF, WMF, TIFF) is named so the converter logs it as
        not carried."""
        suffix = self.TYPES.get(image.content_type)
        if suffix is None:
            return {"src": f"unsupported:{image.content_type}"}
        with image.open() as data:
            name = f"picture-{len(self.pictures) + 1}.{suffix}"
            self.pictures.append(Picture(name, data.read()))
        return {"src": name}

    def address(self, source: str) -> str | None:
        names = {picture.name for picture in self.pictures}
        return f"../images/{source}" if source in names else None


def number_paragraphs(body: etree._Element) -> dict[int, str]:
    """Give each element its paragraph's number as its line (one between paragraphs, a
    table's or a list's, the next paragraph's); the label of each number."""
    numbers: dict[etree._Element, int] = {}
    labels: dict[int, str] = {}
    for element in body.iter():
        holder = next((up for up in element.iterancestors() if up in numbers), None)
        note = NOTE_ID.match(element.get("id", "")) if element.tag == "li" else None
        if holder is None and (note or (element.tag in PARAGRAPHS and not (
                element.tag == "li" and element.find(".//p") is not None))):
            numbers[element] = len(numbers) + 1
            labels[numbers[element]] = (f"{note[1]} {note[2]}" if note
                                        else f"paragraph {numbers[element]}")
        # lxml lets a line be set; its stubs type the attribute loosely
        setattr(element, "sourceline", numbers.get(element) or (  # noqa: B010
            numbers[holder] if holder is not None else len(numbers) + 1))
    return labels


def mark_notes(body: etree._Element) -> list[etree._Element]:
    """mammoth's note calls and notes marked as such (ARIA's roles), so the converter takes
    them for the notes they are, not for guesses; the lists holding the notes, which each
    chapter's conversion finds by the calls in it, wherever they stand."""
    for link in body.iter("a"):
        if NOTE_ID.match(link.get("href", "").removeprefix("#")):
            link.set("role", "doc-noteref")
    holders = []
    for item in body.iter("li"):
        found = NOTE_ID.match(item.get("id", ""))
        if found:
            item.set("role", f"doc-{found[1]}")
            holder = item.getparent()
            if holder is not None and holder.getparent() is body and holder not in holders:
                holders.append(holder)
    return holders


def message_change(message: Any, name: str) -> Change:
    """One of mammoth's messages as a log line: a style it did not know is read as plain
    text (a guess); anything else it could not carry."""
    text = str(message.message)
    if text.startswith("Unrecognised"):
        return Change(ChangeKind.GUESSED, name, f"{text}: its text read as plain paragraphs "
                      "or words (a style map line would name it)")
    return Change(ChangeKind.FINDING, name, f"mammoth: {text}")


def title_paragraphs(body: etree._Element, metadata: dict[str, object], where: Where
                     ) -> list[Change]:
    """The document's Title and Subtitle paragraphs made metadata.yaml's title and subtitle
    (the title page prints them), in place of the file's properties': they are what its
    reader saw. A second one stays in the text, a heading or a paragraph."""
    changes = []
    for field, path in (("title", ".//h1[@class='word-title']"),
                        ("subtitle", ".//p[@class='word-subtitle']")):
        found = body.findall(path)
        for element in found:
            del element.attrib["class"]
        if not found:
            continue
        words = " ".join(text_of(found[0]).split())
        if words:
            metadata[field] = words
            changes.append(Change(ChangeKind.GUESSED, where(found[0]), f"metadata.yaml's "
                                  f"{field}, from the document's {field.title()} paragraph",
                                  words))
        remove(found[0])
    return changes


def bookmarks(body: etree._Element, where: Where) -> list[Change]:
    """Word's bookmarks (an empty anchor mammoth writes for each) taken out: the book has no
    use for them, unless a link of the document leads to one."""
    targets = {link.get("href", "")[1:] for link in body.iter("a") if link.get("href")}
    changes = []
    for anchor in [anchor for anchor in body.iter("a") if anchor.get("id") and not anchor.get(
            "href") and not text_of(anchor).strip() and len(anchor) == 0]:
        if anchor.get("id") in targets:
            continue
        changes.append(Change(ChangeKind.REPAIRED, where(anchor), "a bookmark removed (an "
                              "invisible anchor Word keeps)", str(anchor.get("id"))))
        remove(anchor)
    return changes


Run = tuple[str, list[etree._Element], int]  # a chapter's slug, elements and heading offset


def chapter_runs(body: etree._Element, children: list[etree._Element], title: str,
                 where: Where) -> tuple[list[Run], list[Change]]:
    """The body's text (`children`: its notes aside) cut into chapters at its highest
    headings (which become level 1); a body without headings is one chapter, headed by the
    title. What was guessed, logged."""
    levels = [HEADINGS.index(child.tag) + 1 for child in children if child.tag in HEADINGS]
    if not levels:
        heading = etree.Element("h1")
        heading.text = title or "Untitled"
        body.insert(0, heading)
        return [(slug(heading.text), [heading, *children], 0)], [Change(
            ChangeKind.GUESSED, where(body), "the chapter's heading, from the document's title "
            "(the document has no headings)", heading.text)]
    top = HEADINGS[min(levels) - 1]
    runs: list[list[etree._Element]] = [[]]
    for child in children:
        if child.tag == top:
            runs.append([])
        runs[-1].append(child)
    shifted = [Change(ChangeKind.GUESSED, where(body), f"the document's highest headings "
                      f"({top}) made the chapters' headings (level 1)")] if top != "h1" else []
    return [(slug(text_of(run[0]) if run[0].tag == top else "opening"), run,
             1 - min(levels)) for run in runs if "".join(
                 text_of(element) for element in run).strip()], shifted
