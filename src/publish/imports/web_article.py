"""The article of a saved web page, found, and the page's furniture round it logged as dropped.

readability-lxml finds the article: it keeps the original markup of the part it chooses (note
calls, figures and their captions, ids), which the Markdown needs. trafilatura, tried on the
tests' page, rewrites the article into its own XML and lost the figure's caption; both leave
out the notes list and both keep a donation appeal inside the article's own box; readability
brings four small libraries, trafilatura a dozen (dates, URLs, language data). Both are
Apache-2.0. (readability's chardet, for pages given as bytes, is LGPL; the page is given to it
as text here.)

A library says what it kept, not what it left out, and the log must say both: so the page's
text blocks are compared with the kept ones, and each run of blocks not kept is dropped and
logged with its text, named by what the page calls it (its tag, role, class or id: a `nav`,
a `share-bar`, a `cookie-banner`). What readability keeps but the page itself names as
furniture (a share bar, a donation box, related links inside the article's box) is dropped
too, as is a line lint would call the web page's (checks/lint/proofing.py) at the article's
head or foot. The notes the article's calls lead to are kept wherever they stand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree, html
from readability import Document  # type: ignore[import-untyped]

from publish.checks.lint.proofing import is_chrome
from publish.imports.html_text import HEADINGS, text_of
from publish.imports.imported import Change, ChangeKind
from publish.imports.repairs import remove, source_line

Where = Callable[[etree._Element], str]

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
          "figcaption", "caption", "td", "th", "div", "section", "article", "aside", "header",
          "footer", "nav", "main", "ul", "ol", "dl", "figure", "table", "tr", "form", "address",
          "body"}
WORDED = {"noscript", "textarea", "select", "template"}  # what of UNSEEN may hold words
UNSEEN = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
          "input", "select", "textarea", "link", "meta")
# What a page names its furniture, in its classes, ids and roles, and what the log calls it:
# the first that matches names a dropped block. UNWANTED is dropped even where the article
# finder kept it (a share bar inside the article's box); NAMED only names what it left out.
UNWANTED = (
    ("a cookie notice", r"cookie|consent|gdpr"),
    ("a share bar", r"shar(?:e|ing)|social"),
    ("a donation appeal", r"donat|support-us|appeal|fundrais|membership"),
    ("related articles", r"related|more-stories|recommended|read-next|see-also"),
    ("navigation", r"\bnav|navigation|menu|breadcrumb"),
    ("a newsletter sign-up", r"newsletter|subscri|sign-?up"),
    ("comments", r"comment"),
    ("an advertisement", r"\bads?\b|advert|sponsor|promo"),
)
NAMED = (
    *UNWANTED,
    ("the byline", r"byline|author|dateline|\bmeta"),
    ("a section label", r"label|kicker|category|\btags?\b|rubric"),
    ("the page's header", r"\bheader|masthead|banner|logo"),
    ("the footer", r"footer|copyright|colophon"),
    ("a sidebar", r"\baside|sidebar|widget"),
    ("the notes' heading (the notes are carried as Markdown notes)", r"footnote|endnote|notes"),
)
TIDIED_WORDS = 12  # a shorter block must be kept as it stands: a menu's words are everywhere
LEFT_OUT = "a block the article finder left out"
PAGE_LINE = "a line of the web page's, not the article's (as lint's D-010 reads one)"


@dataclass(frozen=True)
class Article:
    """The page's article, its furniture taken out, and the log of what was taken."""

    root: etree._Element
    dropped: tuple[Change, ...]


def find_article(page: etree._Element, text: str, where: Where) -> Article | None:
    """The article of the parsed page (`text` is its source, for readability), or None where
    the page has none."""
    controls = []  # a form's or a fallback's words: not the article's, but words, so logged
    for unseen in [element for element in page.iter(*UNSEEN, etree.Comment)]:
        if unseen.tag in WORDED and " ".join(text_of(unseen).split()):
            controls.append(Change(ChangeKind.DROPPED, where(unseen), f"a `<{unseen.tag}>` "
                                   "element (a form's control or a fallback, not the article)",
                                   " ".join(text_of(unseen).split())))
        remove(unseen)
    kept_blocks = own_texts(html.fragment_fromstring(
        Document(text).summary(html_partial=True), create_parent="div"))
    blocks = [block for block in page.iter(*BLOCKS) if own_text(block)]
    counted = [Counter(kept.split()) for kept in kept_blocks]
    counted.insert(0, Counter(word for kept in kept_blocks for word in kept.split()))
    kept = {block for block in blocks if is_kept(own_text(block), kept_blocks, counted)}
    if not kept:
        return None
    root = common_ancestor(kept)
    kept |= notes_called(kept, page) | headings_within(root)
    kept -= {block for block in kept if furniture(block, root, UNWANTED)}
    kept -= set(chrome_at_the_edges([block for block in blocks if block in kept]))
    if not kept:
        return None
    root = common_ancestor(kept | {root})
    dropped = [*outside(root), *inside(root, {block for block in blocks if block not in kept})]
    changes = [logged(box, root, where) for box in sorted(dropped, key=lambda box: line(box))]
    for box in dropped:
        if root in box.iterancestors():
            remove(box)
    return Article(root, (*controls, *changes))


def is_kept(text: str, kept_blocks: set[str], counted: list[Counter[str]]) -> bool:
    """Whether the article finder kept a block of the page: its text is one it kept, or, for a
    paragraph it tidied (a button or a form taken out of it), nine tenths of its words are in
    one it kept (`counted`: the words of all, then of each)."""
    if text in kept_blocks:
        return True
    words = Counter(text.split())
    total = sum(words.values())
    if total < TIDIED_WORDS or sum((words - counted[0]).values()) > total // 10:
        return False  # not even among all the kept words (counted[0]): a quick no
    return any(sum((words - kept).values()) <= total // 10 for kept in counted[1:])


def own_text(element: etree._Element) -> str:
    """An element's words outside its block children, spaces normalised."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag not in BLOCKS:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def own_texts(root: etree._Element) -> set[str]:
    return {text for text in (own_text(element) for element in root.iter(*BLOCKS)) if text}


def common_ancestor(elements: set[etree._Element]) -> etree._Element:
    paths = [[*reversed(list(element.iterancestors())), element] for element in elements]
    shared = paths[0][0]
    for level in zip(*paths, strict=False):
        if any(element is not level[0] for element in level):
            break
        shared = level[0]
    return shared


def headings_within(root: etree._Element) -> set[etree._Element]:
    """The headings inside the article's box. readability drops a heading whose words are all
    a link (its link density: the self-links of a documentation page's `<h2><a href="#id">`)
    or whose class it scores low; the article's headings are its structure all the same (what
    the page names furniture is taken out after)."""
    return {heading for heading in root.iter(*HEADINGS) if own_text(heading)}


def notes_called(kept: set[etree._Element], page: etree._Element) -> set[etree._Element]:
    """The blocks of the notes the kept text calls (`<a href="#note1">`), with the blocks
    inside them: the finders leave a notes list out as a list of links."""
    ids = {element.get("id"): element for element in page.iter() if element.get("id")}
    called = set()
    for block in kept:
        for link in block.iter("a"):
            target = ids.get(link.get("href", "")[1:]) if link.get("href", "")[:1] == "#" else None
            if target is not None:
                note = target if target.tag in BLOCKS else next(
                    (up for up in target.iterancestors(*BLOCKS)), target)
                called |= {note, *(inner for inner in note.iter(*BLOCKS) if own_text(inner))}
    return called


def furniture(block: etree._Element, top: etree._Element,
              kinds: tuple[tuple[str, str], ...] = NAMED) -> str | None:
    """What the page names the block or a box round it (below `top`), if it names furniture."""
    for element in (block, *block.iterancestors()):
        if element is top:
            return None
        names = " ".join((element.tag, element.get("role", ""), element.get("class", ""),
                          element.get("id", ""))).lower()
        for kind, pattern in kinds:
            if re.search(pattern, names):
                return kind
    return None


def chrome_at_the_edges(blocks: list[etree._Element]) -> Iterator[etree._Element]:
    """The kept blocks at the article's head and foot that read as the web page's lines."""
    for ordered in (blocks, blocks[::-1]):
        for block in ordered:
            if not is_chrome(own_text(block)):
                break
            yield block


def outside(root: etree._Element) -> Iterator[etree._Element]:
    """The boxes of the page's body round the article, each with text of its own."""
    for ancestor in (root, *root.iterancestors()):
        parent = ancestor.getparent()
        if parent is None or ancestor.tag == "body":
            break
        for sibling in parent:
            if sibling is not ancestor and isinstance(sibling.tag, str) and words(sibling):
                yield sibling


def inside(box: etree._Element, dropped: set[etree._Element]) -> Iterator[etree._Element]:
    """The article's boxes all of whose text blocks are dropped, each the largest such."""
    for child in box:
        if not isinstance(child.tag, str):
            continue
        blocks = [block for block in child.iter(*BLOCKS) if own_text(block)]
        if blocks and all(block in dropped for block in blocks):
            yield child
        else:
            yield from inside(child, dropped)


def logged(box: etree._Element, top: etree._Element, where: Where) -> Change:
    text = words(box)
    named = furniture(box, top) or (PAGE_LINE if is_chrome(text) else LEFT_OUT)
    return Change(ChangeKind.DROPPED, where(box), named, text)


def words(box: etree._Element) -> str:
    """A box's text, its blocks' apart: "Home · News · Features"."""
    if box.tag not in BLOCKS:
        return " ".join(text_of(box).split())
    return " · ".join(text for text in map(own_text, box.iter(*BLOCKS)) if text)


def line(element: etree._Element) -> int:
    return source_line(element)
