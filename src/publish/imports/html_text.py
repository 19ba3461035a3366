"""What the HTML-to-Markdown walker asks of an element (its tag without namespace, its
classes, its words) and how it writes Markdown's text: Python-Markdown's escapes, emphasis,
code spans, link addresses, table rows and block quotations."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

# How the walker (html_markdown) reads each element: verse by its class, an element that
# holds no text for the book, one whose text a reader does not see as the page's, a block.
VERSE_CLASSES = {"poem", "verse", "stanza", "line-block", "poetry"}
SKIPPED = {"script", "style", "template", "head", "link", "meta", "title", "base"}
UNSEEN = {"noscript", "iframe", "object", "embed", "form", "button", "input", "select",
          "textarea", "nav", "svg", "math", "canvas", "video", "audio", "dialog"}
BLOCKS = {"p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote",
          "ul", "ol", "dl", "table", "figure", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
          "body", "html", "address", "center", "details", "summary", "li", "dd", "dt",
          "figcaption", "caption", "hgroup"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

NEEDS_ESCAPE = re.compile(r"([\\`*_\[\]])")
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
# attr_list reads `{...}` after a heading, an emphasis or a link as attributes: every brace
ATTRIBUTE_LIKE = re.compile(r"\{")
# where a <br> broke a line: a character the source's text cannot hold (white space)
HARD_BREAK = "\u2028"
# what opens a heading, a quotation, a list or a definition at a line's start
LINE_OPENING = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|\d+(?=\.(?:\s|$))|:(?=\s))")


# -- the tree ------------------------------------------------------------------------------

def local(element: etree._Element) -> str:
    """The tag without its namespace, lower-cased (HTML and XHTML alike); "" for a comment."""
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def epub_types(element: etree._Element) -> set[str]:
    """EPUB's structural semantics: XHTML's namespaced attribute, or HTML's literal one."""
    return set((element.get(EPUB_TYPE) or element.get("epub:type") or "").split())


def lang_of(element: etree._Element) -> str | None:
    return element.get("lang") or element.get(XML_LANG)


def inherited_lang(element: etree._Element | None) -> str | None:
    while element is not None:
        lang = lang_of(element)
        if lang:
            return lang
        element = element.getparent()
    return None


def is_generated(element: etree._Element) -> bool:
    """Markup a build adds that the text does not hold: page-break markers."""
    return "pagebreak" in epub_types(element) or element.get("role") == "doc-pagebreak"


def text_of(element: etree._Element) -> str:
    return "".join(str(piece) for piece in element.itertext()) if isinstance(
        element.tag, str) else ""


def words_outside(root: etree._Element, left_out: Callable[[etree._Element], bool]) -> str:
    """An element's words, spaces normalised, but those of the elements `left_out` names
    (the notes a paragraph or a document holds)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if not isinstance(node.tag, str) or left_out(node):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(root)
    return " ".join("".join(parts).split())




# -- Markdown's text -----------------------------------------------------------------------

def text(raw: str) -> str:
    """Source text as Markdown text: HTML's white space collapsed (the typographic spaces,
    no-break, em, thin, kept), Markdown's characters escaped."""
    return escape(re.sub(r"[ \t\n\r\f]+", " ", raw))


def escape(raw: str) -> str:
    """Characters Python-Markdown would read as markup, escaped: a backslash before those it
    knows escapes for, an entity for `<` and `&` (it has no escape for them)."""
    made = ENTITY_LIKE.sub("&amp;", raw)
    made = TAG_LIKE.sub("&lt;", made)
    made = NEEDS_ESCAPE.sub(r"\\\1", made)
    return ATTRIBUTE_LIKE.sub(r"\\{", made)


def escape_openings(block: str) -> str:
    """A line that would open a heading, a quotation, a list or a definition, escaped: the
    text "1984. A year" stays a paragraph. A hard break becomes two spaces and a newline."""
    lines = []
    for line in re.split(f" *[\n{HARD_BREAK}] *", block):
        match = LINE_OPENING.match(line)
        if match:
            lead, token, rest = match.group(1), match.group(2), line[match.end():]
            if token.isdigit():
                line = f"{lead}{token}\\{rest}"  # "1984\. A year": the dot escaped
            elif token == ":":
                line = f"{lead}&#58;{rest}"  # Python-Markdown has no escape for a colon
            else:
                line = f"{lead}\\{token}{rest}"
        lines.append(line)
    breaks = re.findall(f"[\n{HARD_BREAK}]", block)
    return lines[0] + "".join("  \n" + line if brk == HARD_BREAK else "\n" + line
                              for brk, line in zip(breaks, lines[1:], strict=True))


def wrap(inner: str, mark: str) -> str:
    """Emphasis around the words, the spaces at either end left outside it."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def code_span(code: str) -> str:
    code = " ".join(code.split())
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}" if code else ""


def address(target: str) -> str:
    """A link's address as Markdown's link syntax takes it: spaces and parentheses encoded."""
    return target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def quote(block: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in block.split("\n"))


def indented(line: str) -> str:
    """A line of verse its source indented (em spaces, or no-break spaces as pandoc writes
    a line block's): em spaces, as the manuscript indents verse (docs/writing.md), one for
    each em space or every two others."""
    words = line.lstrip("\u00a0\u2003 ")
    lead = line[: len(line) - len(words)]
    if not lead:
        return line
    ems = lead.count("\u2003") + (len(lead) - lead.count("\u2003")) // 2
    return "&emsp;" * max(1, ems) + words


def indent_after_first(first_prefix: str, body: str) -> str:
    """A list item's or a note's body: its first line after the marker, the rest indented
    by four spaces, so that its later paragraphs stay inside it."""
    first, *rest = body.split("\n")
    return "\n".join([first_prefix + first, *(f"    {line}" if line else "" for line in rest)])


def tidy(markdown: str) -> str:
    """At most one blank line between blocks (a code block's own lines as they are), no
    trailing spaces but a hard break's two."""
    lines: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        opening = re.match(r"\s*(```|~~~~)", line)
        if opening and (not fence or opening[1] == fence):
            fence = "" if fence else opening[1]
        elif not fence:
            line = line if line.endswith("  ") and line.strip() else line.rstrip()
            if not line and lines and not lines[-1]:
                continue
        lines.append(line)
    return "\n".join(lines).strip("\n")
