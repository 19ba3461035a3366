"""XHTML helpers every stage after parsing shares: namespaces, and moving content between
elements without losing a word of text."""

from __future__ import annotations

import copy
from collections.abc import Iterator

from lxml import etree

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fragment(xhtml: str, tag: str = "div") -> etree._Element:
    """An XHTML fragment (a chapter body, a note, a heading's inline content) under one element."""
    return etree.fromstring(f"<{tag}>{xhtml}</{tag}>")


def inner_xml(element: etree._Element) -> str:
    """The element's content (text and children) as XML, without the element's own tags."""
    holder = etree.Element("x")
    holder.text = element.text
    for child in element:
        holder.append(copy.deepcopy(child))
    return etree.tostring(holder, encoding="unicode")[3:-4] if len(holder) or holder.text else ""


def element(tag: str, attributes: dict[str, str] | None = None,
            text: str | None = None) -> etree._Element:
    made = etree.Element(tag, attributes or {})
    made.text = text
    return made


def without_note_calls(inline_xhtml: str) -> etree._Element:
    """A heading's inline XHTML under a <span>, its note calls taken out: a contents entry, a
    running head or a title is no place for a note's number."""
    holder = fragment(inline_xhtml, "span")
    for call in holder.findall(".//a[@class='noteref']"):
        remove_keeping_tail(call)
    return holder


def add_class(element: etree._Element, name: str) -> None:
    """The element with one more class (once)."""
    classes = element.get("class", "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def move_content(source: etree._Element, target: etree._Element) -> None:
    """Give target the source's text and children (its tail stays where it is)."""
    target.text = source.text
    target.extend(list(source))


def remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def unwrap(element: etree._Element) -> None:
    """Replace the element with its content (text, children, tail)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    previous = element.getprevious()
    leading = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + leading
    else:
        parent.text = (parent.text or "") + leading
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else element.getprevious()
    tail = element.tail or ""
    if last is not None and last is not element:
        last.tail = (last.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def in_languages(root: etree._Element, lang: str) -> Iterator[tuple[etree._Element, str, str]]:
    """Each node of the tree (root first, then in document order) with the language its text
    is written in (its own lang, else that of the nearest element above it that has one, else
    `lang`) and the language of its tail (that of the element holding it)."""
    def visit(node: etree._Element, outer: str) -> Iterator[tuple[etree._Element, str, str]]:
        own = (node.get("lang") or node.get(XML_LANG) or outer
               if isinstance(node.tag, str) else outer)
        yield node, own, outer
        for child in node:
            yield from visit(child, own)
    yield from visit(root, lang)
