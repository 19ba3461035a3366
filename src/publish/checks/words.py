"""The words a reader compares: text normalised the same way for the manuscript and for
every edition read back, and what the manuscript says in those words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii
from lxml import etree

from publish.book.ascii_conventions import ascii_convention
from publish.book.model import Book
from publish.book.xml import EPUB_NS, fragment, in_languages

MARKS = {"Mn", "Me", "Mc"}
# The scripts of India and Sri Lanka (Devanagari to Sinhala), and Tibetan.
INDIC = re.compile("[\u0900-\u0dff\u0f00-\u0fff\ua8e0-\ua8ff]")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
UNREADABLE_ARABIC = {"\u0644", "\u0640"}  # lam and tatweel: see without_marks
# Figures at a word's end, after a letter: "yao¹", "m²" as print sets them, superior figures
# like a note's call, which the PDF is read without (checks/pdf_lines.py).
SUPERIOR_AT_END = re.compile(r"(?<=[^\W\d_])\d+$")
INDIC_WORD = "\u2039indic\u203a"  # ‹indic›: a word whose letters the PDF cannot give back
# Private-use characters no book holds: where a table begins and ends in a chapter's text.
TABLE_START, TABLE_END = "\ue001", "\ue002"
# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar; Chinese, Japanese,
# Korean): a line may break anywhere, so their words are compared a character at a time.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff"
                      "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# A word holding a letter beyond ASCII: one a language's convention may write its own way.
BEYOND_ASCII = re.compile(r"\w*[^\x00-\x7f]\w*")
# A combining mark set apart from its character above goes back onto it.
JOIN_MARKS = re.compile(" ([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
                        "\u0ec8-\u0ecd\u3099\u309a]) ")
NOTE_TYPES = {"footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes"}
NOTE_ROLES = {"doc-footnote", "doc-endnote", "doc-endnotes"}
BLOCKS = {"p", "div", "section", "aside", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
          "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure",
          "figcaption", "pre", "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "header",
          "footer", "nav", "body"}


def words(text: str) -> list[str]:
    """Text as the words a reader would compare: NFKC, case folded, dashes and spaces as
    separators, every other punctuation mark (quotes, stops, brackets, _ and *) dropped, and
    the symbols that are marks rather than words (the bullets a print list sets, ©, the angle
    brackets an editor's addition stands in, which a transliteration makes < and >)."""
    kept = unicodedata.normalize("NFKC", text).casefold().translate(WORD_CHARACTERS)
    return JOIN_MARKS.sub(r"\1", kept).split()


class WordCharacters(dict[int, str]):
    """What words() makes of each character, worked out the first time it is met (a book has a
    few hundred): str.translate reads it as a table."""

    def __missing__(self, point: int) -> str:
        char = chr(point)
        category = unicodedata.category(char)
        if category == "Pd" or category.startswith("Z") or char.isspace():
            found = " "
        elif UNSPACED.match(char):  # a script without spaces: each character is compared
            found = f" {char} "
        elif category.startswith(("P", "C", "So", "Sm")):  # So: bullets (◦ ▪), ©; Sm: <>
            found = ""
        else:
            found = char
        self[point] = found
        return found


WORD_CHARACTERS = WordCharacters()


def token_key(run: str) -> str:
    """A run of text between spaces as a line of print is matched on (pdf_text.dehyphenated):
    NFKC, case folded, without combining marks (a PDF's text layer may not give them) and
    format characters (a soft hyphen), its punctuation kept."""
    return "".join(char for char in unicodedata.normalize("NFKC", run).casefold()
                   if unicodedata.category(char) not in MARKS | {"Cf"})


def transliterated(text: str, lang: str) -> str:
    """Text in the language `lang` in ASCII, as its convention writes its letters
    (book/ascii_conventions.py) and anyascii the rest of its canonical (NFC) form: the
    manuscript's, to compare the ASCII text edition with, here and not by the edition's own
    mapping, so a fault there cannot hide on both sides."""
    return str(anyascii(ascii_convention(lang).apply(unicodedata.normalize("NFC", text))))


LanguageMapping = Callable[[str, str], str]  # a text and the language it is in -> the text mapped


def mapped_tree(root: etree._Element, lang: str, mapped: LanguageMapping | None) -> etree._Element:
    """The tree, its texts mapped in place, each in its own language (`lang` where the tree
    says none): a German quotation in an English book is transliterated as German."""
    if mapped is not None:
        for node, language, tail_language in in_languages(root, lang):
            if node.text:
                node.text = mapped(node.text, language)
            if node.tail and node is not root:
                node.tail = mapped(node.tail, tail_language)
    return root


def line_transliteration(book: Book) -> Callable[[str], str]:
    """How to transliterate a line of the print edition, which does not say what language a
    word is in: each word as the manuscript transliterates it, where it is transliterated one
    way throughout (a German word of an English book's German quotation as German), any
    other in the book's language."""
    lang = book.metadata.lang
    spelled: dict[str, set[str]] = {}
    for chapter in book.chapters:
        title = [chapter.title.html] if chapter.title else []
        for html in (*title, chapter.body, *(note.html for note in chapter.notes)):
            for node, language, tail_language in in_languages(fragment(html), lang):
                for text, its in ((node.text, language), (node.tail, tail_language)):
                    for word in BEYOND_ASCII.findall(unicodedata.normalize("NFC", text or "")):
                        spelled.setdefault(word, set()).add(transliterated(word, its))
    one_way = {word: ways.pop() for word, ways in spelled.items() if len(ways) == 1}

    def transliterated_line(line: str) -> str:
        line = BEYOND_ASCII.sub(lambda word: one_way.get(word[0], word[0]),
                                unicodedata.normalize("NFC", line))
        return transliterated(line, lang)
    return transliterated_line


def without_marks(sequence: Sequence[str]) -> tuple[str, ...]:
    """Words as a PDF's text layer can give them back, to compare the PDF on.

    WeasyPrint maps each glyph to one text for the whole document: the text of the cluster it
    first drew it in, given to the cluster's last glyph. Where a script is shaped, a cluster
    drawn in several glyphs reads wrong elsewhere, so those words are compared on less:

    * the combining marks NFKC leaves apart (Hebrew points, Arabic vowels, Indic vowel signs)
      are dropped, as the text layer gives them out of order or twice;
    * an Arabic word is compared on the letters it holds, each once, in any order, lam and
      tatweel aside: Amiri draws a lam before kaf in two glyphs (it reads twice), its joining
      stroke reads as the lam it was first drawn in, and the ligature of Allah's name reads
      in the order its glyphs are drawn;
    * a word in a script of India or Sri Lanka stands as INDIC_WORD, compared by its place
      alone: its vowel signs, half forms and reph read in drawing order or as other
      clusters' text;
    * figures after a word's letters ("yao¹", "m²") are dropped: print sets the text's
      superior figures as it sets note calls, in the same glyphs, which the PDF is read
      without.

    The EPUB and the text edition are compared letter by letter."""
    return tuple(letters for word in sequence if (letters := readable_letters(word)))


@cache
def readable_letters(word: str) -> str:
    """A word as without_marks compares it ("" when nothing is left): once per word."""
    letters = SUPERIOR_AT_END.sub("", "".join(
        character for character in word if unicodedata.category(character) not in MARKS))
    if INDIC.search(letters):
        return INDIC_WORD
    if ARABIC.search(letters):
        return "".join(sorted(set(letters) - UNREADABLE_ARABIC))
    return letters


def localname(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def classes(element: etree._Element) -> set[str]:
    return set(str(element.get("class", "")).split())


def epub_types(element: etree._Element) -> set[str]:
    return set(str(element.get(f"{{{EPUB_NS}}}type", "")).split())


def is_note(element: etree._Element) -> bool:
    """A note or a notes container, in the Book's markup or the EPUB's."""
    return bool(epub_types(element) & NOTE_TYPES or element.get("role") in NOTE_ROLES
                or classes(element) & {"footnotes", "footnote"})


def is_note_reference(element: etree._Element) -> bool:
    return localname(element) in {"a", "sup"} and bool(
        classes(element) & {"noteref", "footnote-ref", "noteref-repeat"}
        or "noteref" in epub_types(element))


def xhtml_text(element: etree._Element) -> str:
    """An element's text as a reader sees it: blocks apart, ordered lists numbered, note
    references and notes left out, an image's alternative text not shown."""
    parts: list[str] = []

    def visit(node: etree._Element, number: int | None = None) -> None:
        name = localname(node)
        if name in BLOCKS:
            parts.append(" ")
        if number is not None:
            parts.append(f"{number}. ")
        if node.text and name not in {"script", "style"}:
            parts.append(node.text)
        ordinal = int(node.get("start", "1")) if node.get("start", "1").isdigit() else 1
        for child in node:
            if not isinstance(child.tag, str) or is_note(child) or is_note_reference(child):
                pass
            elif name == "ol" and localname(child) == "li":
                visit(child, ordinal)
                ordinal += 1
            else:
                visit(child)
            parts.append(child.tail or "")
        if name in BLOCKS:
            parts.append(" ")

    visit(element)
    return "".join(parts)



@dataclass(frozen=True)
class Text:
    """What one edition (or the manuscript) says: its words, its notes, its headings."""

    words: tuple[str, ...]
    notes: tuple[str, ...]  # each note's number, then its words, one note after another
    note_count: int
    headings: tuple[tuple[str, ...], ...]  # each heading's words, in order
    chapters: tuple[tuple[int, str], ...] = ()  # where each chapter's words begin, its title
    # Where each table's words begin and end, and how many of its first are its caption and
    # header row (a PDF repeats those on each page the table runs over).
    tables: tuple[tuple[int, int, int], ...] = ()
    # The runs of text between its spaces (token_key): where a line of print may not break
    # without a hyphen, and where a hyphen at a line's end may be print's.
    tokens: frozenset[str] = frozenset()
    note_numbers: tuple[str, ...] = ()  # each note's number, in order, where it is known
    note_tables: tuple[tuple[int, int, int], ...] = ()  # as `tables`, for tables in notes


def manuscript_text(book: Book, mapped: LanguageMapping | None = None) -> Text:
    """The manuscript's words: each chapter's title and body; its notes in order. `mapped`
    maps each text, in its language, before the text is cut into words (to ASCII, for the
    ASCII edition)."""
    lang = book.metadata.lang
    runs: set[str] = set()

    def said(text: str) -> list[str]:
        runs.update(map(token_key, text.split()))
        return words(text)

    body: list[str] = []
    notes: list[str] = []
    headings: list[tuple[str, ...]] = []
    chapters: list[tuple[int, str]] = []
    tables: list[tuple[int, int, int]] = []
    note_tables: list[tuple[int, int, int]] = []
    for chapter in book.chapters:
        chapters.append((len(body), chapter.title.text if chapter.title else chapter.id))
        if chapter.title is not None:
            title = tuple(said(xhtml_text(mapped_tree(fragment(chapter.title.html), lang,
                                                      mapped))))
            body += title
            headings.append(title)
        tree = mapped_tree(chapter.tree(), lang, mapped)
        headings += [tuple(said(xhtml_text(element))) for element in tree.iter()
                     if localname(element) in {"h2", "h3", "h4", "h5", "h6"}]
        read_with_tables(tree, said, body, tables)
        for note in chapter.notes:
            notes.append(str(note.number))
            read_with_tables(mapped_tree(fragment(note.html), lang, mapped), said, notes,
                             note_tables)
    count = sum(len(chapter.notes) for chapter in book.chapters)
    return Text(tuple(body), tuple(notes), count, tuple(headings), tuple(chapters),
                tuple(tables), frozenset(runs),
                tuple(str(note.number) for chapter in book.chapters for note in chapter.notes),
                tuple(note_tables))


def read_with_tables(tree: etree._Element, said: Callable[[str], list[str]], into: list[str],
                     tables: list[tuple[int, int, int]]) -> None:
    """The words of a chapter's body or a note put `into` the words so far, and where each of
    its tables' words begin and end, and how many are its caption's and header row's, put
    into `tables` (Text.tables). The tree is marked where its tables stand."""
    heads = []
    for table in list(tree.iter("table")):  # set each table apart in the flow
        heads.append(sum(len(said(xhtml_text(part))) for part in table
                         if localname(part) in {"caption", "thead"}))
        table.addprevious(etree.Element("span"))
        table.getprevious().text = TABLE_START  # type: ignore[union-attr]
        table.addnext(etree.Element("span"))
        table.getnext().text = TABLE_END  # type: ignore[union-attr]
    for number, piece in enumerate(xhtml_text(tree).split(TABLE_START)):
        inside, _, after = piece.rpartition(TABLE_END)
        start = len(into)
        into += said(inside)
        if number:
            tables.append((start, len(into), heads[number - 1]))
        into += said(after)


def heading_words(book: Book) -> tuple[tuple[str, ...], ...]:
    """Every heading of the manuscript (chapter titles and their sections) as words, in order."""
    return tuple(tuple(words(heading.text)) for chapter in book.chapters
                 for heading in (chapter.title, *chapter.headings) if heading is not None)


def find_headings(headings: Sequence[tuple[str, ...]], lines: Sequence[Sequence[str]]
                  ) -> tuple[tuple[str, ...], ...]:
    """The manuscript's headings (as words) found, in order, each at the start of a line (the
    lines given as their words).

    A heading may take several lines; the next is sought only after the last one found, so a
    heading printed out of order, or not at all, is missing from what this returns.
    """
    found: list[tuple[str, ...]] = []
    position = 0
    for heading in headings:
        wanted = list(heading)
        for index in range(position, len(lines)):
            run: list[str] = []
            end = index
            while end < len(lines) and len(run) < len(wanted):
                run += lines[end]
                end += 1
            if run[:len(wanted)] == wanted and list(lines[index][:1]) == wanted[:1]:
                found.append(heading)
                position = end
                break
    return tuple(found)
