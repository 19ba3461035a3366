"""Standard Ebooks' XHTML written as the Markdown an author writes for publish: the guide's
manuscript features (footnotes in the chapter that cites them, verse as `{: .poem}` stanzas
with backslash breaks and em-space indents, a play's speeches opening with the speaker in bold,
pipe tables with `Table:` captions, figures with alt text and captions, `lang` on foreign
passages), Markdown's own characters escaped where they would be read as markup.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree
from se_repository import (
    HEADINGS,
    SECTIONING,
    XHTML,
    XML_LANG,
    Note,
    Repository,
    children,
    local,
    own_heading,
    squeeze,
    types,
)

VERSE_TYPES = {"z3998:poem", "z3998:verse", "z3998:song", "z3998:hymn", "z3998:lyrics"}
BLOCKS = {"p", "div", "blockquote", "table", "figure", "ol", "ul", "dl", "hr", "section",
          "article", "header", "footer", "aside", "hgroup", "pre", "address", *HEADINGS}
# A character Markdown reads as markup, wherever it stands in running text.
ESCAPED = re.compile(r"([\\`*_\[\]{}])")
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# A line that Markdown would read as a heading, quotation, rule, list item or setext underline.
LINE_MARKUP = re.compile(
    r"^([\u2003 ]*)(?:(#|>|[-+*](?=\s|$)|-+\s*$)|(\d+)([.)])(?=\s|$)|(=+\s*$))")


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
