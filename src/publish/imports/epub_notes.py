"""Notes an EPUB keeps in a document of their own (an endnotes file, as Standard Ebooks and
many publishers make them), brought beside their calls, so that each chapter's notes become
its Markdown notes; the endnotes document, left with its heading alone, is dropped."""

from __future__ import annotations

import posixpath
from copy import deepcopy
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ebooklib import epub
from lxml import etree

from publish.imports.html_notes import definition_of, is_marked_call
from publish.imports.html_text import local, text_of, words_outside
from publish.imports.imported import Change, ChangeKind

Document = tuple[epub.EpubItem, etree._Element]


def gather_notes(documents: list[Document], path: Path, changes: list[Change]
                 ) -> list[Document]:
    """Each note called from another document copied to the end of the calling one (its
    call then points within it); a document that held only such notes is dropped, logged."""
    roots = {item.file_name: root for item, root in documents}
    moved: dict[str, set[int]] = {}  # per notes document: the id()s of the notes moved
    held: list[etree._Element] = []  # so that those ids stay theirs
    for item, root in documents:
        body = next((element for element in root if local(element) == "body"), root)
        brought: etree._Element | None = None
        for call in [element for element in root.iter() if local(element) == "a"
                     and is_marked_call(element)]:
            parts = urlsplit(call.get("href", ""))
            target = posixpath.normpath(posixpath.join(posixpath.dirname(item.file_name),
                                                       unquote(parts.path)))
            if not parts.path or target == item.file_name or target not in roots:
                continue
            found = next((element for element in roots[target].iter()
                          if element.get("id") == parts.fragment), None)
            if found is None or not parts.fragment:
                continue
            note = definition_of(found)
            held.append(note)
            moved.setdefault(target, set()).add(id(note))
            if brought is None:
                brought = etree.SubElement(body, "div", {"role": "doc-endnotes"})
            brought.append(deepcopy(note))
            call.set("href", f"#{parts.fragment}")
    kept: list[Document] = []
    for item, root in documents:
        notes = moved.get(item.file_name, set())
        if notes and len(leftover(root, notes).split()) <= 3:
            changes.append(Change(ChangeKind.DROPPED, f"{path.name}, {item.file_name}",
                                  "the notes' document, its notes now beside their calls",
                                  leftover(root, notes)))
            continue
        kept.append((item, root))
    return kept


def leftover(root: etree._Element, notes: set[int]) -> str:
    """The document's words outside the notes moved from it."""

    def moved(node: etree._Element) -> bool:
        return id(node) in notes or local(node) == "head"

    return text_of(root) if isinstance(root.tag, str) and moved(root) else words_outside(
        root, moved)
