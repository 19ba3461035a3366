"""Each language set by its own rules: a short book in each of 14 languages, written as the
guide says (straight quotes, `--` for dashes, `%` after a figure), built, and its paragraph
read back from every edition against the characters a typesetter of that language sets. The
quotation marks are Unicode CLDR's; the dashes and spaces are house_styles.toml's.

`_` below stands for a no-break space (U+00A0) and `^` for a narrow no-break space (U+202F),
which a reader cannot tell from a space on the page but a line never breaks at.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from publish.book.phrases import Phrases
from publish.book.typography import apply_typography, typographic
from publish.editions.text.inline import inline

# lang -> (what the author writes, what every edition carries)
BOOKS = {
    "en-GB": ("He said \"no\" -- then left; it's 'fine', 15% of it.",
              "He said “no”_– then left; it’s ‘fine’, 15% of it."),
    "en-US": ("He said \"no\" -- then left; it's 'fine'.",
              "He said “no”—then left; it’s ‘fine’."),
    "es": ("-- Esperar -- contestó el viejo --, que es \"lo que hay\" y 'nada' más. Subió un "
           "15%.",
           "—Esperar —contestó el viejo—, que es «lo que hay» y “nada” más. Subió un 15_%."),
    "fr": ("-- Bonjour, dit-il. \"Vraiment?\" Oui: c'est l'heure; viens! Il est -- dit-on -- "
           "parti avec 15% de ses biens, à 12:30.",
           "—_Bonjour, dit-il. «^Vraiment^?^» Oui^: c’est l’heure^; viens^! Il est_– dit-on_– "
           "parti avec 15^% de ses biens, à 12:30."),
    "de": ("Er sagte: \"Das ist 'gut'.\" Geht's -- oder nicht? 15% mehr.",
           "Er sagte: „Das ist ‚gut‘.“ Geht’s_– oder nicht? 15_% mehr."),
    "it": ("-- Sì, disse. \"Andiamo 'subito'.\"",
           "—_Sì, disse. «Andiamo “subito”.»"),
    "pt": ("-- Olá, disse ele -- e saiu. \"Vamos 'já'.\"",
           "—_Olá, disse ele_— e saiu. “Vamos ‘já’.”"),
    "ru": ("-- Да, -- сказал он. \"Это 'так'\".",
           "—_Да,_— сказал он. «Это „так“»."),
    "pl": ("-- Tak -- powiedział. \"To 'dobrze'\".",
           "—_Tak_— powiedział. „To «dobrze»”."),
    "sv": ("-- Hej, sa han. \"Det är 'bra'\", 15% mer.",
           "–_Hej, sa han. ”Det är ’bra’”, 15_% mer."),
    "el": ("-- Ναι, είπε. \"Είναι 'καλά'\".",
           "—_Ναι, είπε. «Είναι “καλά”»."),
    "ja": ("彼は\"はい、'そう'です\"と言った--そして去った。",
           "彼は「はい、『そう』です」と言った——そして去った。"),
    "zh-Hans": ("他说\"好的，'明天'见\"--然后走了。",
                "他说“好的，‘明天’见”——然后走了。"),
    "zh-Hant": ("他說\"好的，'明天'見\"。",
                "他說「好的，『明天』見」。"),
}
SPACES = {"_": "\u00a0", "^": "\u202f"}


def spelled(expected: str) -> str:
    return "".join(SPACES.get(character, character) for character in expected)


@pytest.mark.parametrize("lang", BOOKS)
def test_each_language_sets_its_own_marks_dashes_and_spaces(lang: str) -> None:
    written, expected = BOOKS[lang]
    assert typographic(written, lang) == spelled(expected)


def test_a_passage_in_another_language_takes_its_marks_and_the_house_may_choose_its_own(
        ) -> None:
    """A German quotation in a French book is quoted „…“, inside French « … »; a German
    publisher may ask for »…« (metadata `quotation-marks`)."""
    root = etree.fromstring('<div><p>Il dit "oui" et <span lang="de">er sagt "ja"</span>.'
                            "</p></div>")
    apply_typography(root, "fr")
    assert "".join(root.itertext()) == spelled("Il dit «^oui^» et er sagt „ja“.")
    assert typographic("Er sagte \"Das ist 'gut'.\"", "de", "»«›‹") == (
        "Er sagte »Das ist ›gut‹.«")


def project(root: Path, lang: str, text: str, more: str = "") -> Path:
    chapters = root / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    number = list(BOOKS).index(lang)
    (root / "manuscript" / "metadata.yaml").write_text(
        f"title: Book {lang}\ncreator: A. Tester\nlang: {lang}\nidentifier:\n  - scheme: uuid\n"
        f"    text: urn:uuid:0b6a1e52-7c1d-4f0a-9a11-{number:012d}\nrights: Public domain.\n"
        + more, "utf-8")
    (chapters / "01-one.md").write_text(f"# {lang}\n\n{text}\n", "utf-8")
    return root


def publish(root: Path, *command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", *command], cwd=root,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{root.name} {command[0]}: {result.stdout}{result.stderr}"


def first_paragraph(epub: Path) -> str:
    """The text of the first paragraph of the EPUB's first chapter."""
    with zipfile.ZipFile(epub) as archive:
        chapter = next(name for name in sorted(archive.namelist())
                       if re.search(r"/\d+-[a-z0-9-]+\.xhtml$", name))
        paragraph = etree.fromstring(archive.read(chapter)).find(".//{*}section//{*}p")
    assert paragraph is not None
    return "".join(paragraph.itertext())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each language's book, built (EPUB, print PDF, text) and checked."""
    books = {}
    for lang in BOOKS:
        root = project(tmp_path_factory.mktemp(lang), lang, BOOKS[lang][0])
        publish(root, "build", "epub", "pdf", "txt")
        publish(root, "check")
        books[lang] = root / "build"
    return books


def one_line(text: str) -> str:
    """Text as a reader reads it: lines joined, runs of spaces as one (no-break ones kept)."""
    return re.sub(r"[ \t\n]+", " ", text)


@pytest.mark.parametrize("lang", BOOKS)
def test_every_edition_carries_the_languages_characters(built: dict[str, Path],
                                                        lang: str) -> None:
    expected = spelled(BOOKS[lang][1])
    (epub,) = built[lang].glob("*.epub")
    assert first_paragraph(epub) == expected
    (text,) = built[lang].glob("*.txt")
    assert expected in one_line(text.read_text("utf-8"))
    (pdf,) = [path for path in built[lang].glob("*.pdf")]
    with pdfplumber.open(pdf) as document:
        printed = one_line(" ".join(page.extract_text() or "" for page in document.pages))
    # The PDF's text layer gives no-break spaces as spaces, and Chinese and Japanese lines
    # without spaces: its characters are compared.
    assert re.sub(r"\s", "", expected) in re.sub(r"\s", "", printed)


def test_a_house_that_chooses_its_quotation_marks_gets_them_in_every_edition(
        tmp_path: Path) -> None:
    """`quotation-marks: »«›‹` in a German book's metadata."""
    root = project(tmp_path, "de", "Er sagte: \"Das ist 'gut'.\"", "quotation-marks: »«›‹\n")
    publish(root, "build", "epub", "txt")
    expected = "Er sagte: »Das ist ›gut‹.«"
    (epub,) = (root / "build").glob("*.epub")
    assert first_paragraph(epub) == expected
    (text,) = (root / "build").glob("*.txt")
    assert expected in one_line(text.read_text("utf-8"))


def test_quotation_marks_that_are_not_four_marks_are_refused_at_their_line(
        tmp_path: Path) -> None:
    root = project(tmp_path, "de", "Text.", "quotation-marks: ab\n")
    result = subprocess.run([sys.executable, "-m", "publish", "build", "txt"], cwd=root,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "metadata.yaml:8: M-001 quotation-marks: 'ab': give four marks" in result.stderr
    assert not (root / "build").exists() or not any((root / "build").iterdir())


def test_the_text_edition_sets_a_q_element_between_its_languages_marks() -> None:
    paragraph = etree.fromstring('<p>Dijo <q>hola</q> y <q lang="de">ja</q>.</p>')
    assert inline(paragraph, Phrases("es", (), ())) == "Dijo «hola» y „ja“."
