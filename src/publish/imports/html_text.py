"""What the HTML-to-Markdown walker asks of an element (its tag without namespace, its
classes, its words) and how it writes Markdown's text: Python-Markdown's escapes, emphasis,
code spans, link addresses, table rows and block quotations."""

from __future__ import annotations

import re

from lxml import etree

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
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
    if not isinstance(element.tag, str):
        return ""
    return etree.QName(element).localname.lower()


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


def cells_of(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if local(cell) in ("td", "th")]


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


def rule(cell: etree._Element) -> str:
    """A pipe table's delimiter for a column, its alignment the header cell's."""
    style = (cell.get("style") or "").replace(" ", "").lower()
    align = (cell.get("align") or "").lower() or next(
        (side for side in ("right", "center", "left") if f"text-align:{side}" in style), "")
    return {"right": "---:", "center": ":---:", "left": ":---"}.get(align, "---")


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
    """At most one blank line between blocks, no trailing spaces but a hard break's two."""
    lines = [line if line.endswith("  ") and line.strip() else line.rstrip()
             for line in markdown.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
