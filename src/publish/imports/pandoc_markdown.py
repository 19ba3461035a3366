"""One long Markdown file in pandoc's dialect as a manuscript: its YAML header (or pandoc's
`%` title block) becomes metadata.yaml, the text is split into chapter files at its top
headings.

pandoc itself reads the file (its own dialect, every extension: fenced divs, grid tables,
line blocks, inline notes, smart punctuation...) into HTML, which the shared converter
turns into our dialect; what pandoc can say and ours cannot (a div's or span's class, TeX
math, a citation, struck-out text) is logged as not carried, its words kept.
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml
from lxml import etree

from publish.errors import PublishError
from publish.imports.html_markdown import markdown_from_html
from publish.imports.html_text import classes, local, text_of
from publish.imports.imported import Change, ChangeKind, Chapter, Imported, Picture
from publish.imports.naming import slug, untaken

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
YAML_HEADER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
TITLE_BLOCK = re.compile(r"\A\ufeff?((?:%[^\n]*\n(?:[ \t]+[^\n]*\n)*){1,3})")
# pandoc's classes our dialect has its own way to say (verse) or that pandoc's HTML adds
# itself (notes, a figure's, a heading's section)
UNDERSTOOD = {"line-block", "footnote-ref", "footnotes", "footnote-back", "footnotes-end-of-"
              "document", "figure", "caption", "task-list", "sourceCode", "header-section-"
              "number", "anchor", "poem", "epigraph", "attribution", "unnumbered"}
NOT_CARRIED = {"math": "TeX math, kept as its source text", "citation": "a citation, kept "
               "as written (no bibliography is made)", "smallcaps": "small capitals"}
# pandoc's metadata names that metadata.yaml spells another way
RENAMED = {"author": "creator", "keywords": "subject", "abstract": "description",
           "language": "lang"}
# pandoc's dialect as the import reads it: raw TeX as text (pandoc's HTML would drop it)
DIALECT = "markdown-raw_tex"
RAW_ATTRIBUTE = "{="  # how a raw block or span names its format: ```{=latex}, `x`{=latex}


def read_pandoc_markdown(path: Path) -> Imported:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PublishError("not UTF-8 text: save it as UTF-8, then import it", path,
                           line) from None
    metadata = header_metadata(source, path)
    html = pandoc_html(source, path)
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    runs = split_at_top_headings(root)
    places = [f"{path.name}, “{run_title(run)}”" for run in runs]
    changes = raw_dropped(source, path) + not_carried(
        root, {id(top): place for run, place in zip(runs, places, strict=True) for top in run},
        f"{path.name}, its notes")
    slugs = chapter_slugs(runs)
    homes = {element.get("id"): slugs[number] for number, run in enumerate(runs)
             for top in run for element in top.iter() if isinstance(element.tag, str)
             and element.get("id")}
    pictures: dict[str, Picture] = {}
    chapters: list[Chapter] = []
    top_level = min((int(local(top)[1]) for run in runs for top in run
                     if local(top) in HEADINGS), default=1)
    anchors = {urlsplit(element.get("href", "")).fragment for element in root.iter("a")}
    for number, run in enumerate(runs):
        made = markdown_from_html(
            run, places[number],
            picture=lambda source: local_picture(path, source, pictures),
            link=partial(chapter_link, own=slugs[number], homes=homes),
            heading_offset=1 - top_level, anchors=anchors)
        changes += made.changes
        if made.markdown.strip():
            chapters.append(Chapter(slugs[number], made.markdown))
    if not chapters:
        raise PublishError("holds no text to import", path)
    return Imported(source=path, chapters=tuple(chapters), metadata=metadata,
                    pictures=tuple(pictures.values()), changes=tuple(changes))


def pandoc_html(source: str, path: Path) -> str:
    """pandoc's HTML of the text. Raw TeX is read as text: pandoc's HTML would drop it
    unseen, and nothing may be lost without a word in the log."""
    import pypandoc  # pandoc is loaded only to import its dialect

    try:
        html: str = pypandoc.convert_text(source, "html5", format=DIALECT,
                                          extra_args=["--wrap=none"])
    except (RuntimeError, OSError) as error:
        raise PublishError(f"pandoc could not read it ({' '.join(str(error).split())[:200]})",
                           path) from None
    return html


def raw_dropped(source: str, path: Path) -> list[Change]:
    """Each raw block or span for another format than HTML (```{=latex}, `\\newpage`{=latex}),
    which pandoc's HTML drops unseen: logged as dropped, with its text, at its line."""
    if RAW_ATTRIBUTE not in source:
        return []
    import pypandoc

    raws: list[tuple[str, str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("t") in ("RawBlock", "RawInline"):
                form, text = node["c"]
                if str(form).lower() not in ("html", "html4", "html5"):
                    raws.append((str(node["t"]), str(form), str(text)))
            else:
                walk(node.get("c"))

    walk(json.loads(pypandoc.convert_text(source, "json", format=DIALECT))["blocks"])
    changes = []
    for kind, form, text in raws:
        at = source.find(text)
        where = f"{path.name}, line {source.count(chr(10), 0, at) + 1}" if at >= 0 else path.name
        changes.append(Change(ChangeKind.DROPPED, where, f"a raw {form} "
                              f"{'block' if kind == 'RawBlock' else 'passage'}, for {form} only",
                              text))
    return changes


def header_metadata(source: str, path: Path) -> dict[str, object]:
    """The YAML header's fields (or the `%` title block's), in metadata.yaml's names."""
    found: dict[str, object] = {}
    header = YAML_HEADER.match(source)
    if header:
        try:
            data = yaml.safe_load(header.group(1))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise PublishError(f"its YAML header cannot be read ({getattr(error, 'problem', '')})",
                               path, mark.line + 2 if mark else 1) from None
        if isinstance(data, dict):
            for field, value in data.items():
                found[RENAMED.get(str(field), str(field))] = value
    else:
        block = TITLE_BLOCK.match(source)
        if block:
            lines = [" ".join(part.split()) for part in block.group(1).split("%")[1:]]
            found |= {field: value for field, value in zip(
                ("title", "creator", "date"), lines, strict=False) if value}
            if "creator" in found:
                found["creator"] = [name.strip() for name in str(found["creator"]).split(";")]
    if isinstance(found.get("creator"), str):
        found["creator"] = [found["creator"]]
    creators = found.get("creator")
    if isinstance(creators, list):
        found["creator"] = [{"text": name, "role": "author"} if isinstance(name, str) else name
                            for name in creators]
    if isinstance(found.get("subject"), str):
        found["subject"] = [found["subject"]]
    return found


def run_title(run: list[etree._Element]) -> str:
    """How the log names a chapter of the file: by its heading's words."""
    words = " ".join(text_of(run[0]).split()) if local(run[0]) in HEADINGS else ""
    return words[:60] or "its opening"


def not_carried(root: etree._Element, places: dict[int, str], elsewhere: str) -> list[Change]:
    """What pandoc marked and our dialect cannot say: a class on a div or a span, struck-out
    text. The words stay; the log says what their marking was, in which chapter (`places`,
    by the id() of the chapter's top-level elements) or else `elsewhere`."""
    changes: list[Change] = []

    def place(element: etree._Element) -> str:
        top, parent = element, element.getparent()
        while parent is not None and parent is not root:
            top, parent = parent, parent.getparent()
        return places.get(id(top), elsewhere)  # the chapters' elements are held by the runs

    for element in root.iter():
        name = local(element)
        if any(local(holder) in ("pre", "code") for holder in element.iterancestors()):
            continue  # a code block's highlighting: the code is kept whole
        named = classes(element) - UNDERSTOOD
        if name in ("del", "s", "u", "mark"):
            what = {"del": "struck-out", "s": "struck-out", "u": "underlined",
                    "mark": "highlighted"}[name]
            changes.append(Change(ChangeKind.FINDING, place(element),
                                  f"{what} text, kept unmarked", text_of(element)))
        elif name in ("div", "span", "section") and named:
            known = next((NOT_CARRIED[each] for each in named if each in NOT_CARRIED), None)
            shown = " ".join(f".{each}" for each in sorted(named))
            kind = "fenced div" if name == "div" else name
            changes.append(Change(ChangeKind.FINDING, place(element),
                                  known or f"a {kind} of class {shown}, its words kept without "
                                  "it", text_of(element)))
    return changes


def split_at_top_headings(root: etree._Element) -> list[list[etree._Element]]:
    """The body's blocks in runs, each opening at a top heading (the text before the first,
    if any, a run of its own)."""
    # pandoc's notes section stays in the tree, where each chapter's notes are found, but in
    # no chapter: the notes go with the chapters that call them
    children = [child for child in root if isinstance(child.tag, str)
                and child.get("role") != "doc-endnotes"]
    levels = [int(local(child)[1]) for child in children if local(child) in HEADINGS]
    top = min(levels, default=0)
    runs: list[list[etree._Element]] = [[]]
    for child in children:
        if top and local(child) == f"h{top}" and runs[-1]:
            runs.append([])
        runs[-1].append(child)
    return [run for run in runs if run]


def chapter_slugs(runs: list[list[etree._Element]]) -> list[str]:
    made: list[str] = []
    for run in runs:
        made.append(untaken(slug(text_of(run[0])) if local(run[0]) in HEADINGS else "opening",
                            made))
    return made


def chapter_link(href: str, *, own: str, homes: dict[str | None, str]) -> str | None:
    """A link to a heading in another chapter names that chapter's file."""
    if not href.startswith("#"):
        return href
    home = homes.get(href[1:])
    return href if home in (None, own) else f"{home}.md{href}"


def local_picture(path: Path, source: str, pictures: dict[str, Picture]) -> str | None:
    """A picture beside the Markdown file, copied to images/; anything else is not carried
    (nothing is fetched from the network)."""
    parts = urlsplit(source)
    if parts.scheme or parts.netloc:
        return None
    file = (path.parent / unquote(parts.path)).resolve()
    if not file.is_file():
        return None
    data = file.read_bytes()
    name = untaken(file.name, {taken for taken, picture in pictures.items()
                               if picture.data != data})
    pictures[name] = Picture(name, data)
    return f"../images/{name}"
