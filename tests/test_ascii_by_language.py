"""The ASCII edition by language: German, Danish, Norwegian and Spanish text is written as
their conventions write it in ASCII (book/ascii_conventions.py), a passage marked with a `lang`
by its own language's, and every other language as anyascii writes it; `publish check` reads
such an edition back by the same conventions, passes it, and still catches a changed word.

Each book is written here, a few sentences of its own, and built with the command line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from publish.book import ascii_conventions
from publish.book.ascii_conventions import ascii_convention, parsed_rules
from publish.errors import PublishError

METADATA = """title: {title}
creator: A. Tester
lang: {lang}
date: "1973-03-07"
identifier:
  - scheme: uuid
    text: urn:uuid:0b6a1e52-7c1d-4f0a-9a11-0000000026{number:02d}
rights: Written for the tests of publish; public domain.
"""
GERMAN = """# Grüße aus Köln

Grüße aus Köln.

Äpfel und Öl über alles: ÄRGER IM BÜRO.

Die Straße führt über die Brücke.
"""
DANISH = """# Ærø

Ærø er en ø i Østersøen.

ÆRØ OG ÅRHUS.

Blåbærgrød på Ærø.
"""
NORWEGIAN = """# Ålesund

Blåbærsyltetøy fra Ålesund.
"""
SPANISH = """# ¿Qué hacemos?

¿Y ahora qué hacemos?

¡Qué bien! Dijo: «¿Vienes?».

El niño come piñones en Ávila.
"""
SWEDISH = """# Smörgåsbord

Smörgåsbord på Öland.
"""
ENGLISH_WITH_GERMAN = """# Letters from Köln

She wrote from Köln: *Grüße aus Köln*{: lang="de"}, and then, in Spanish, *¿Y ahora?*{: lang="es"}
and ¿why not?

> Über die Brücke gehen wir nach Köln.
{: lang="de"}

The clerk in Köln read it aloud.
"""


def write_book(project: Path, lang: str, title: str, text: str, number: int) -> Path:
    chapters = project / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    (project / "manuscript" / "metadata.yaml").write_text(
        METADATA.format(title=title, lang=lang, number=number), "utf-8")
    (chapters / "01.md").write_text(text, "utf-8")
    return project


def build(project: Path, *arguments: str) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "build", *arguments,
                             "--project", str(project)], capture_output=True, text=True,
                            timeout=900, check=False)
    assert result.returncode == 0, result.stderr


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", "check", "--project", str(project)],
                          capture_output=True, text=True, timeout=900, check=False)


def ascii_edition(project: Path) -> Path:
    return next((project / "build").glob("*-ascii.txt"))


def ascii_lines(project: Path, lang: str, title: str, text: str, number: int) -> list[str]:
    """The lines of the book's ASCII edition, built with `publish build txt-ascii`, stripped."""
    write_book(project, lang, title, text, number)
    build(project, "txt-ascii")
    return [line.strip() for line in ascii_edition(project).read_text("ascii").split("\n")]


@pytest.mark.parametrize("lang", ["de", "de-AT"])
def test_german_writes_umlauts_as_cldr_does(tmp_path: Path, lang: str) -> None:
    lines = ascii_lines(tmp_path / "de", lang, "Grüße aus Köln", GERMAN, 1)
    assert lines[0] == "GRUESSE AUS KOELN"  # the header's title
    assert "Gruesse aus Koeln." in lines
    # A capital before a small letter is Ae, elsewhere AE, as CLDR's de-ASCII has it.
    assert "Aepfel und Oel ueber alles: AERGER IM BUERO." in lines
    assert "Die Strasse fuehrt ueber die Bruecke." in lines
    assert "Datum: 7. Maerz 1973" in lines  # the words the build adds, in German, too


def test_danish_and_norwegian_write_aa_ae_oe(tmp_path: Path) -> None:
    danish = ascii_lines(tmp_path / "da", "da", "Ærø", DANISH, 2)
    assert "Aeroe er en oe i Oestersoeen." in danish
    assert "AEROE OG AARHUS." in danish
    assert "Blaabaergroed paa Aeroe." in danish
    norwegian = ascii_lines(tmp_path / "nb", "nb-NO", "Ålesund", NORWEGIAN, 3)
    assert "Blaabaersyltetoey fra Aalesund." in norwegian


def test_spanish_leaves_out_the_opening_marks(tmp_path: Path) -> None:
    lines = ascii_lines(tmp_path / "es", "es", "¿Qué hacemos?", SPANISH, 4)
    assert lines[0] == "QUE HACEMOS?"
    assert "Y ahora que hacemos?" in lines
    assert 'Que bien! Dijo: "Vienes?".' in lines
    assert "El nino come pinones en Avila." in lines  # anyascii's letters: no convention


def test_a_language_without_a_convention_is_transliterated_by_anyascii(tmp_path: Path) -> None:
    lines = ascii_lines(tmp_path / "sv", "sv", "Smörgåsbord", SWEDISH, 5)
    assert "Smorgasbord pa Oland." in lines


def test_a_passage_takes_its_own_languages_convention(tmp_path: Path) -> None:
    """In an English book, a German phrase and quotation are German, a Spanish phrase Spanish;
    the English text around them is anyascii's ("Koln", "?why")."""
    lines = ascii_lines(tmp_path / "en", "en-GB", "Letters from Koln", ENGLISH_WITH_GERMAN, 6)
    text = " ".join(lines)
    assert "She wrote from Koln: _Gruesse aus Koeln_, and then, in Spanish, _Y ahora?_ and ?why" \
        " not?" in text
    assert "Ueber die Bruecke gehen wir nach Koeln." in lines
    assert "The clerk in Koln read it aloud." in lines


def long_book(count: int, sentence: str) -> str:
    """Enough paragraphs for several printed pages, so that pages begin inside them."""
    return "\n\n".join(sentence.format(number=number) for number in range(1, count + 1))


@pytest.mark.parametrize(("lang", "title", "text", "changed"), [
    ("de", "Grüße aus Köln", "# Grüße aus Köln\n\n" + long_book(
        90, "Am {number}. Tag fährt Jürgen über die Brücke nach Köln, grüßt die Bäcker "
        "und hört die Vögel über den Dächern."), ("Bruecke nach Koeln", "Bruecke nach Koln")),
    ("es", "¿Qué hacemos?", "# ¿Qué hacemos?\n\n" + long_book(
        90, "¿Y ahora qué hacemos el día {number}? ¡Qué bien! Mañana iré a Ávila con mi "
        "niño."), ("que hacemos el dia 1?", "que hicimos el dia 1?")),
    ("en-GB", "Letters", "# Letters\n\n" + long_book(
        20, "Letter {number} came on a grey morning, and the clerk read it aloud to the "
        "room.") + "\n\n> " + " ".join(
        f"Im {number}. Brief schrieb sie über die Brücke, die Bäume und die Grüße ihrer "
        "Schwester." for number in range(1, 40)) + '\n{: lang="de"}\n\n' + long_book(
        20, "Letter {number} was answered at once."), ("die Gruesse ihrer", "die Grusse ihrer")),
], ids=["german", "spanish", "english-with-german"])
def test_check_passes_the_edition_and_catches_a_changed_word(
        tmp_path: Path, lang: str, title: str, text: str, changed: tuple[str, str]) -> None:
    """`publish check` compares the ASCII edition (with the print page numbers) with the
    manuscript transliterated by the same conventions: it passes, and an edition that
    writes one word otherwise (as anyascii alone would, say) fails on the ASCII text."""
    project = write_book(tmp_path / "book", lang, title, text, 7)
    build(project, "epub", "pdf", "txt", "txt-ascii", "--page-markers")
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ASCII TXT" in result.stdout
    edition = ascii_edition(project)
    old, new = changed
    assert old in edition.read_text("ascii")
    edition.write_text(edition.read_text("ascii").replace(old, new, 1), "ascii")
    result = check(project)
    assert result.returncode == 1
    failing = [line.strip() for line in result.stdout.split("\n")
               if line.strip().startswith("FAIL")]
    assert failing and all("ASCII TXT" in line for line in failing), result.stdout
    word = (set(new.split()) - set(old.split())).pop()
    assert word.lower() in " ".join(failing).lower()  # where the words part


def test_the_german_convention_is_cldrs() -> None:
    """German's rules are those of CLDR's de-ASCII file, its order kept: a capital before a
    small letter first, then the capital elsewhere."""
    german = ascii_convention("de")
    assert [(rule.source, rule.replacement, rule.before_lower_case)
            for rule in german.rules if rule.source == "Ü"] == [("Ü", "Ue", True),
                                                                ("Ü", "UE", False)]
    assert german.apply("Übel ÜBEL Ü.") == "Uebel UEBEL UE."
    assert ascii_convention("en").apply("Grüße ¿qué?") == "Grüße ¿qué?"


def test_rules_beyond_what_is_read_are_refused_not_misread() -> None:
    assert [(rule.source, rule.replacement) for rule in parsed_rules(
        "$X = [é {e \\u0301}];\n# a comment\n$X → e;\n::Any-ASCII;", "test")] == [("é", "e")]
    for unread in ("::NFD; a → b;", "[a-z] → x;", "a { b → c;", "a ↔ b;", "$Y → z;"):
        with pytest.raises(ValueError, match="LDML"):
            parsed_rules(unread, "test")


def test_cldr_missing_is_an_error_naming_the_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ascii_conventions, "CLDR_TRANSFORMS", tmp_path)
    with pytest.raises(PublishError, match="unicode-cldr-core"):
        ascii_conventions.cldr_rules("de-ASCII")
