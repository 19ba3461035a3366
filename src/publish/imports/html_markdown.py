"""An HTML or XHTML tree (a saved page's article, a Word file's HTML, an EPUB's chapter) as
the manuscript's Markdown: Python-Markdown with `extra`, `sane_lists` and `toc`, as
docs/writing.md describes it.

A small tree walker of our own, not markdownify: markdownify's hooks turn each element into
text from its children's finished text, so notes (collected across the document and set
below it, their later paragraphs indented), `{#id}` and `{: .poem}` attribute lists, pandoc's
`Table:` captions, figures' captions and Python-Markdown's own escaping would each have
needed overriding, leaving little of the library in use; here each is one method.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from lxml import etree

from publish.imports.html_headings import PERMALINK_SIGN, section_id, self_link
from publish.imports.html_notes import Note, Notes, find_notes, without_label
from publish.imports.html_tables import pipe_table
from publish.imports.html_text import (
    BLOCKS,
    HARD_BREAK,
    HEADINGS,
    SKIPPED,
    UNSEEN,
    VERSE_CLASSES,
    address,
    classes,
    code_span,
    escape,
    escape_openings,
    indent_after_first,
    indented,
    inherited_lang,
    is_generated,
    lang_of,
    local,
    quote,
    text,
    text_of,
    tidy,
    wrap,
)
from publish.imports.imported import Change, ChangeKind

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

# The classes of a paragraph the manuscript's dialect names (docs/writing.md), kept.
KEPT_CLASSES = ("epigraph", "attribution", "caption")
PLACEHOLDER_HREF = re.compile(r"^(#|javascript:.*|about:blank)?$", re.IGNORECASE)
# The class WHATWG suggests for a code block's language: `language-rust`, also `lang-rust`.
LANGUAGE_CLASS = re.compile(r"^(?:language|lang)-")


@dataclass(frozen=True)
class Converted:
    """The Markdown made from a tree, the pictures it names (as the source wrote their
    addresses, in order, each once) and the log of what the conversion changed or guessed."""

    markdown: str
    pictures: tuple[str, ...]
    changes: tuple[Change, ...]


def keep_address(address: str) -> str | None:
    """The default for links and pictures: keep the address as the source gives it."""
    return address


def markdown_from_html(
    content: etree._Element | Sequence[etree._Element],
    where: str,
    *,
    picture: Callable[[str], str | None] = keep_address,
    link: Callable[[str], str | None] = keep_address,
    heading_offset: int = 0,
    anchors: Collection[str] = (),
) -> Converted:
    """Convert an element (a body, an article) or a run of sibling elements (one chapter of
    a longer page) to Markdown.

    `where` names the source in the log ("essay.html"; the element's line is added where the
    parser kept one). `picture` maps an image's address to the one the manuscript uses
    (`../images/name.png`), or None for one not carried (logged, its alt text kept);
    `link` likewise for links (None: the words are kept, the link dropped). Notes may be
    defined anywhere in the element's document, not only inside `content`. `heading_offset`
    is added to every heading's level, kept within 1..6. A heading keeps its id (`{#id}`)
    when a link in `content` points at it, or when `anchors` (links elsewhere) names it.
    """
    elements = [content] if isinstance(content, etree._Element) else list(content)
    if not elements:
        return Converted("", (), ())
    notes = find_notes(elements)
    notes.referenced |= set(anchors)
    walker = Walker(where, picture, link, heading_offset, notes)
    body = [block for element in elements for block in walker.block(element)]
    made = "\n\n".join(block for block in [*body, *walker.note_definitions()] if block.strip())
    return Converted(tidy(made) + "\n" if made.strip() else "", tuple(walker.pictures),
                     tuple(walker.changes))


@dataclass
class Walker:
    """One conversion's state: the notes found, the pictures named, the changes logged."""

    where: str
    picture: Callable[[str], str | None]
    link: Callable[[str], str | None]
    heading_offset: int
    notes: Notes
    changes: list[Change] = field(default_factory=list)
    pictures: list[str] = field(default_factory=list)
    numbered: list[Note] = field(default_factory=list)  # in the order of their first call

    def log(self, kind: ChangeKind, element: etree._Element | None, what: str,
            words: str = "") -> None:
        line = element.sourceline if element is not None else None
        where = f"{self.where}, line {line}" if line else self.where
        self.changes.append(Change(kind, where, what, " ".join(words.split())))

    # -- notes -------------------------------------------------------------------------

    def call(self, element: etree._Element) -> str:
        note = self.notes.calls[id(element)]
        if not note.number:
            self.numbered.append(note)
            note.number = len(self.numbered)
            if note.guessed:
                self.log(ChangeKind.GUESSED, element, f"a note: {note.guessed}",
                         text_of(without_label(note.element)))
        return f"[^{note.number}]"

    def note_definitions(self) -> list[str]:
        made: list[str] = []
        for note in self.numbered:
            body = "\n\n".join(self.note_body(note.element)) or " "
            made.append(indent_after_first(f"[^{note.number}]: ", body))
        return made

    def note_body(self, element: etree._Element) -> list[str]:
        """A note's definition without its number or its link back to the call."""
        element = without_label(element)
        if local(element) in ("p", "li") and not any(local(child) in BLOCKS for child in element):
            return [escape_openings(self.inline(element).strip())]
        return self.children_blocks(element)

    # -- blocks ------------------------------------------------------------------------

    def children_blocks(self, element: etree._Element) -> list[str]:
        """An element holding blocks, and perhaps loose text between them: each run of
        loose inline content becomes a paragraph."""
        made: list[str] = []
        run: list[etree._Element | str] = [element.text or ""]
        for child in element:
            if local(child) in BLOCKS | SKIPPED | UNSEEN and not self.notes.is_call(child):
                made.append(escape_openings(self.inline_run(run).strip()))
                made += self.block(child)
                run = [child.tail or ""]
            else:
                run += [child, child.tail or ""]
        made.append(escape_openings(self.inline_run(run).strip()))
        return [block for block in made if block]

    def block(self, element: etree._Element) -> list[str]:
        name = local(element)
        if not name or self.notes.is_definition(element) or name in SKIPPED or (
                is_generated(element)):
            return []
        if name == "svg":
            return [drawn] if (drawn := self.drawing(element)) else []
        if name in UNSEEN:
            self.dropped(element, f"a <{name}> element", text_of(element))
            return []
        if self.notes.is_notes_section(element):
            self.dropped(element, "the notes section's heading (its notes are now Markdown "
                         "notes)", self.notes.leftover_text(element))
            return []
        if name in HEADINGS and self.notes.heads_notes(element):
            self.dropped(element, "the notes section's heading (its notes are now Markdown "
                         "notes)", text_of(element))
            return []
        if VERSE_CLASSES & classes(element):
            return self.verse(element)
        simple: dict[str, Callable[[etree._Element], list[str]]] = {
            "p": self.paragraph, "ul": self.list_, "ol": self.list_, "dl": self.definitions,
            "table": self.table, "figure": self.figure, "blockquote": self.quotation,
            "pre": self.code_block, **{heading: self.heading for heading in HEADINGS}}
        if name in simple:
            return simple[name](element)
        if name == "hr":
            return ["* * *"]
        return self.children_blocks(element)

    def dropped(self, element: etree._Element, what: str, words: str) -> None:
        if words.strip():
            self.log(ChangeKind.DROPPED, element, what, words)

    def heading(self, element: etree._Element) -> list[str]:
        words = self.inline(element).strip()
        if not text_of(element).strip():
            return self.children_blocks(element)  # a picture, say: no heading without words
        level = min(6, max(1, HEADINGS[local(element)] + self.heading_offset))
        given = element.get("id") or section_id(element)
        anchor = f" {{#{given}}}" if given and given in self.notes.referenced else ""
        words = re.sub(r"#+$", lambda closing: "\\#" * len(closing[0]), words)  # "C#" stays
        return [f"{'#' * level} {words.replace(chr(10), ' ')}{anchor}"]

    def paragraph(self, element: etree._Element) -> list[str]:
        if any(local(child) in BLOCKS - {"p"} for child in element):
            return self.children_blocks(element)
        words = escape_openings(self.inline(element).strip())
        if not words:
            return []
        attributes = [f".{name}" for name in KEPT_CLASSES if name in classes(element)]
        lang = lang_of(element)
        if lang and lang != inherited_lang(element.getparent()):
            attributes.append(f'lang="{lang}"')
        return [f"{words}\n{{: {' '.join(attributes)}}}" if attributes else words]

    def verse(self, element: etree._Element) -> list[str]:
        """Stanzas: each paragraph (or the element itself) with its lines kept."""
        stanzas = [child for child in element if local(child) in ("p", "div")
                   and not VERSE_CLASSES & classes(child)]
        made: list[str] = []
        for stanza in stanzas or [element]:
            lines = [indented(escape_openings(line.strip(" ")))
                     for line in self.inline(stanza, verse=True).split("\n")]
            if any(lines):
                made.append("  \n".join(line for line in lines if line) + "\n{: .poem}")
        return made

    def list_(self, element: etree._Element) -> list[str]:
        ordered = local(element) == "ol"
        start = element.get("start", "1")
        number = int(start) if start.isdigit() else 1
        items: list[str] = []
        for item in element:
            if local(item) != "li" or self.notes.is_definition(item):
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            # a tight item (no paragraphs of its own) keeps its sublist on the next line
            loose = any(local(child) == "p" for child in item)
            items.append(indent_after_first(marker, ("\n\n" if loose else "\n").join(
                self.children_blocks(item))))
        spaced = any("\n\n" in item for item in items)
        return [("\n\n" if spaced else "\n").join(items)] if items else []

    def definitions(self, element: etree._Element) -> list[str]:
        parts: list[str] = []
        for child in element:
            if local(child) == "dt":
                parts.append(("\n\n" if parts else "") + escape_openings(
                    self.inline(child).strip()))
            elif local(child) == "dd":
                body = "\n\n".join(self.children_blocks(child))
                parts.append("\n" + indent_after_first(":   ", body))
        return ["".join(parts)] if parts else []

    def quotation(self, element: etree._Element) -> list[str]:
        inner = "\n\n".join(self.children_blocks(element))
        return [quote(inner)] if inner.strip() else []

    def code_block(self, element: etree._Element) -> list[str]:
        code = text_of(element).strip("\n")
        fence = "~~~~" if "```" in code else "```"
        named = [LANGUAGE_CLASS.sub("", name) for holder in (element, *element) for name in (
            holder.get("class") or "").split() if name not in ("sourceCode", "code")]
        return [f"{fence}{named[0] if named else ''}\n{code}\n{fence}"]

    def table(self, element: etree._Element) -> list[str]:
        made = [table] if (table := pipe_table(element, self.children_blocks, self.log)) else []
        caption = next((child for child in element if local(child) == "caption"), None)
        if made and caption is not None and text_of(caption).strip():
            made.append("Table: " + self.inline(caption).strip())
        return made

    def figure(self, element: etree._Element) -> list[str]:
        images = [image for image in element.iter() if local(image) == "img"]
        caption = next((inner for inner in element.iter() if local(inner) == "figcaption"),
                       None)
        if len(images) != 1:
            return self.children_blocks(element)
        image = self.image(images[0], title=None)
        if caption is None or not text_of(caption).strip():
            return [image] if image else []
        words = self.inline(caption).strip()
        plain = " ".join(text_of(caption).split())
        if image.startswith("![") and words == escape(plain) and '"' not in plain:
            return [image[:-1] + f' "{plain}")']  # a plain caption: the picture's title
        return [block for block in (image, f"{words}\n{{: .caption}}") if block]

    # -- inline ------------------------------------------------------------------------

    def inline(self, element: etree._Element, verse: bool = False) -> str:
        """The element's content as inline Markdown (its own tag not included)."""
        run: list[etree._Element | str] = [element.text or ""]
        for child in element:
            run += [child, child.tail or ""]
        return self.inline_run(run, verse)

    def inline_run(self, run: Sequence[etree._Element | str], verse: bool = False) -> str:
        parts = [text(piece) if isinstance(piece, str) else self.inline_element(piece, verse)
                 for piece in run]
        return re.sub(r" *\n *", "\n", re.sub(r"[ \t]+", " ", "".join(parts)))

    def inline_element(self, element: etree._Element, verse: bool) -> str:
        name = local(element)
        if self.notes.is_call(element):
            return self.call(element)
        if not name or name in SKIPPED or is_generated(element) or (
                self.notes.is_definition(element)):
            return ""
        if name == "svg":
            return self.drawing(element)
        if name in UNSEEN:
            self.dropped(element, f"a <{name}> element", text_of(element))
            return ""
        if name == "br":  # a hard break: its two spaces put in by tidy(), after the runs of
            return "\n" if verse else HARD_BREAK  # white space are collapsed
        if name == "img":
            return self.image(element, element.get("title"))
        if name in ("code", "kbd", "samp", "tt"):
            return code_span(text_of(element))
        inner = self.inline(element, verse)
        lang = lang_of(element)
        other_lang = bool(lang and inner.strip() and lang != inherited_lang(
            element.getparent()))
        if name in ("em", "i", "cite", "dfn", "var"):
            return wrap(inner, "*") + (f'{{: lang="{lang}"}}' if other_lang else "")
        if name in ("strong", "b"):
            return wrap(inner, "**")
        if name == "a":
            return self.anchor(element, inner)
        if name in ("sup", "sub") and inner.strip():
            return f"<{name}>{inner}</{name}>"
        if name == "span" and other_lang:
            return f'<span lang="{lang}">{inner}</span>'
        return inner

    def anchor(self, element: etree._Element, inner: str) -> str:
        href = (element.get("href") or "").strip()
        if not inner.strip():
            return inner
        if PLACEHOLDER_HREF.match(href):
            if element.get("href") is not None:
                self.log(ChangeKind.REPAIRED, element, "a placeholder link that leads "
                         "nowhere: its words kept, the link dropped", text_of(element))
            return inner
        if self_link(element, href):
            if PERMALINK_SIGN.fullmatch(inner):
                self.log(ChangeKind.DROPPED, element, "a heading's permalink sign", inner)
                return ""
            self.log(ChangeKind.REPAIRED, element, "a heading's link to itself (a permalink): "
                     "its words kept, the link dropped", text_of(element))
            return inner
        target = self.link(href)
        if target is None:
            self.log(ChangeKind.REPAIRED, element, f"a link to {href}, which the book does "
                     "not hold: its words kept, the link dropped", text_of(element))
            return inner
        return f"[{inner}]({address(target)})"

    def drawing(self, element: etree._Element) -> str:
        """An SVG: the picture it frames (an EPUB's cover or plate), else not carried."""
        framed = next((inner for inner in element.iter() if local(inner) == "image"), None)
        if framed is not None:
            return self.image(framed, None)
        self.log(ChangeKind.FINDING, element, "a drawing (SVG), not carried: make it a "
                 "picture file to show it", text_of(element))
        return ""

    def image(self, element: etree._Element, title: str | None) -> str:
        """An <img>, or an SVG's <image> (its description the drawing's label or title)."""
        source = (element.get("src") or element.get(XLINK_HREF) or element.get("href")
                  or "").strip()
        drawing = next((holder for holder in element.iterancestors() if local(holder) == "svg"),
                       None)
        described = element.get("alt") or (drawing is not None and (drawing.get(
            "aria-label") or next((text_of(inner) for inner in drawing if local(inner) ==
                                   "title"), ""))) or ""
        alt = escape(" ".join(described.split()))
        target = self.picture(source) if source else None
        if target is None:
            self.log(ChangeKind.FINDING, element, f"a picture not carried "
                     f"({source or 'no address'}): not a file beside the source; its "
                     "description kept", described)
            return alt
        if source not in self.pictures:
            self.pictures.append(source)
        shown = f' "{title}"' if title and '"' not in title else ""
        return f"![{alt}]({address(target)}{shown})"


