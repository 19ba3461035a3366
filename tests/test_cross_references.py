"""Cross-references (issue 28): a heading's own id ({#id}) and the ids pandoc makes reach it in
every edition; a link to a heading is a link in the EPUB and the screen PDF, shows its target's
page in print when asked ({.page}), and names where it leads in the text edition. One small
Spanish book, its links written to the ids pandoc itself gives its headings, built once."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pypandoc
import pytest
from lxml import etree
from test_cli import ROOT, publish

METADATA = """\
title: Los comités
creator:
  - text: Ana Pérez
    role: author
lang: es
date: "2024"
identifier:
  - scheme: uuid
    text: urn:uuid:7a1c1e2e-4b7e-4c3a-9d55-3f1f7c0f2b28
"""
# Headings whose pandoc ids differ from the book's own: accents, punctuation, a number first,
# and one heading twice.
CHAPTERS = {
    "01-capitulo.md": "# Capítulo uno\n\nLINKS\n\n## 3. Primeros pasos\n\nFueron lentos.\n",
    "02-organizacion.md": (
        "# La organización\n\n## La organización de los comités\n\nCada comité elegía a sus "
        "delegados.\n\n## ¿Qué hacer? Dudas, preguntas\n\nMuchas.\n\n## Notas\n\nUnas.\n\n"
        "## Notas\n\nOtras.\n"),
    "03-apendice.md": "# Apéndice {#cronologia}\n\n1973: el golpe.\n",
}
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def pandoc_ids() -> list[tuple[str, str]]:
    """Each heading's id as pandoc gives it reading the whole manuscript, with its text."""
    html = pypandoc.convert_text("\n\n".join(CHAPTERS.values()), "html", format="markdown")
    tree = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
    return [(heading.get("id"), " ".join("".join(heading.itertext()).split()))
            for heading in tree.iter("h1", "h2") if heading.get("id")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book in every edition, the first chapter linking to each of pandoc's ids in the
    second (written in the other file's name), and to the appendix by its own id."""
    root = tmp_path_factory.mktemp("xref")
    chapters = root / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(METADATA, "utf-8")
    links = " ".join(f"[enlace {number}](02-organizacion.md#{wanted})."
                     for number, (wanted, _) in enumerate(pandoc_ids()))
    links += (" Véase [la cronología](03-apendice.md#cronologia){.page} al final, y "
              "el [apéndice](#cronologia).")
    for name, text in CHAPTERS.items():
        (chapters / name).write_text(text.replace("LINKS", links), "utf-8")
    result = publish("build", "epub", "pdf", "pdf-digital", "txt", "--project", str(root),
                     cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return root


def test_pandoc_makes_the_ids_it_is_known_for() -> None:
    ids = dict(pandoc_ids())
    assert "la-organización-de-los-comités" in ids  # accents kept
    assert {"primeros-pasos", "qué-hacer-dudas-preguntas", "notas", "notas-1",
            "cronologia"} <= set(ids)


def epub_documents(built: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(built / "build" / "los-comites.epub") as epub:
        return {Path(name).name: etree.fromstring(epub.read(name)) for name in epub.namelist()
                if name.endswith(".xhtml") and not name.endswith("nav.xhtml")}


def test_every_pandoc_id_leads_to_its_heading_in_the_epub(built: Path) -> None:
    documents = epub_documents(built)
    name, first = next(item for item in documents.items() if "capitulo" in item[0])
    links = {"".join(link.itertext()): link.get("href")
             for link in first.iterfind(".//x:a", XHTML)}
    for number, (_, text) in enumerate(pandoc_ids()):
        file, _, wanted = links[f"enlace {number}"].partition("#")
        target = documents[file or name].find(f".//*[@id='{wanted}']")
        assert target is not None and "".join(target.itertext()).strip() == text


def test_a_given_id_is_the_headings_id_in_the_epub(built: Path) -> None:
    documents = epub_documents(built)
    heading = documents["003-cronologia.xhtml"].find(".//x:h1", XHTML)
    assert heading is not None and heading.get("id") == "cronologia"
    page_reference = first_link(documents, "la cronología")
    assert page_reference.get("href") == "003-cronologia.xhtml#cronologia"  # a plain link
    assert "página" not in "".join(page_reference.itertext())
    assert first_link(documents, "apéndice").get("href") == "003-cronologia.xhtml#cronologia"


def first_link(documents: dict[str, etree._Element], words: str) -> etree._Element:
    return next(link for tree in documents.values() for link in tree.iterfind(".//x:a", XHTML)
                if "".join(link.itertext()) == words)


def pdf_page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def appendix_page(texts: list[str]) -> int:
    """The index of the page the appendix's heading is set on (not the contents')."""
    return next(index for index, text in enumerate(texts)
                if "Apéndice" in text.split("\n") and "1973" in text)


def test_print_shows_the_page_of_the_reference(built: Path) -> None:
    texts = pdf_page_texts(built / "build" / "los-comites.pdf")
    folio = texts[appendix_page(texts)].strip().split("\n")[-1]  # printed at the foot
    assert folio.isdigit()
    shown = re.findall(r"\(página\s+(\S+)\)", "\n".join(texts))
    assert shown == [folio]
    contents = next(text for text in texts if ". . ." in text)
    assert re.search(rf"Apéndice[ .]*{folio}\b", contents)  # the contents agrees


def test_the_screen_pdf_links_to_the_heading_page(built: Path) -> None:
    path = built / "build" / "los-comites-digital.pdf"
    texts = pdf_page_texts(path)
    assert re.search(r"\(página\s+\d+\)", "\n".join(texts))
    with pikepdf.open(path) as pdf:
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        pages = [page.objgen for page in pdf.pages]
        targets = [pages.index(names[str(annotation.Dest)][0].objgen)
                   for page in pdf.pages for annotation in page.get("/Annots", [])
                   if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation
                   and str(annotation.Dest) == "cronologia"]
    assert targets and set(targets) == {appendix_page(texts)}


def test_the_text_edition_names_where_a_link_leads(built: Path) -> None:
    text = " ".join((built / "build" / "los-comites.txt").read_text("utf-8").split())
    assert "la cronología (véase «Apéndice») al final" in text
    assert "el apéndice." in text  # its words name it already
    assert "enlace 1 (véase «La organización de los comités»)" in text or (
        "(véase «La organización de los comités»)" in text)


def test_the_book_passes_its_checks(built: Path) -> None:
    result = publish("check", "--project", str(built), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_id_given_twice_is_refused_at_its_line(tmp_path: Path) -> None:
    chapters = tmp_path / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    (tmp_path / "manuscript" / "metadata.yaml").write_text(METADATA, "utf-8")
    (chapters / "01-uno.md").write_text("# Uno {#mismo}\n\nTexto.\n", "utf-8")
    (chapters / "02-dos.md").write_text("# Dos\n\nTexto.\n\n## Otro {#mismo}\n", "utf-8")
    result = publish("build", "txt", "--project", str(tmp_path), cwd=ROOT)
    assert result.returncode != 0
    assert "02-dos.md:5" in result.stderr and "L-003" in result.stderr
    assert "01-uno.md:1" in result.stderr


def test_the_guides_example_builds(tmp_path: Path) -> None:
    """The guide's cross-reference example, as a chapter: its links reach their headings."""
    guide = (ROOT / "docs" / "writing.md").read_text("utf-8")
    section = guide[guide.index("## Cross-references"):]
    start = section.index("```markdown\n") + len("```markdown\n")
    example = section[start:section.index("\n```", start)]
    chapters = tmp_path / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        METADATA.replace("lang: es", "lang: en"), "utf-8")
    (chapters / "01-appendix.md").write_text(example, "utf-8")
    result = publish("build", "txt", "--project", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = " ".join((tmp_path / "build" / "los-comites.txt").read_text("utf-8").split())
    assert "the chronology (see “Appendix”)" in text
    assert "the committees (see “The committees of 1973”)" in text


def english_book_built(root: Path, edition: str, chapters: dict[str, str]) -> None:
    """The book's metadata in English and these chapter files, built into one edition."""
    (root / "manuscript" / "chapters").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(
        METADATA.replace("lang: es", "lang: en"), "utf-8")
    for name, text in chapters.items():
        (root / "manuscript" / "chapters" / name).write_text(text, "utf-8")
    result = publish("build", edition, "--project", str(root), cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_a_page_reference_into_and_out_of_the_front_matter_shows_its_folio(
        tmp_path: Path) -> None:
    """A preface's page reference to a chapter, and a chapter's to the preface and to one of
    its sections, print the folio their target is printed on: roman in the front matter,
    never the stand-in of a number not yet known."""
    english_book_built(tmp_path, "pdf", {
        "00-preface.md": "---\nrole: preface\n---\n\n# Preface\n\nThis book opens with [the "
        "first chapter](01-one.md#one){.page}.\n\n## On sources {#sources}\n\nThey are many.\n",
        "01-one.md": "# One {#one}\n\nAs [the preface](00-preface.md#preface){.page} says, and "
        "[its word on sources](00-preface.md#sources){.page}, all is well.\n"})
    texts = pdf_page_texts(tmp_path / "build" / "los-comites.pdf")

    def folio_of(heading: str) -> str:
        (page,) = [text for text in texts if heading in text.split("\n")[:3]
                   and ". . ." not in text]
        return page.strip().split("\n")[-1]  # printed at the foot

    shown = re.findall(r"\(page\s+(\S+)\)", "\n".join(texts))
    assert shown == [folio_of("One"), folio_of("Preface"), folio_of("On sources")]
    assert folio_of("Preface").isalpha() and folio_of("One") == "1"


def test_a_link_to_another_files_heading_leads_there_when_an_earlier_file_has_its_id(
        tmp_path: Path) -> None:
    """Two chapters each with a section "Summary": the second's id is made unique in the
    book, yet a link written to it as its file has it (`02-two.md#summary`) leads to it, not
    to the first chapter's, and a link within each file to its own."""
    english_book_built(tmp_path, "epub", {
        "01-one.md": "# One\n\nSee [mine](#summary) and [the other](02-two.md#summary).\n\n"
        "## Summary\n\nThe first summary.\n",
        "02-two.md": "# Two\n\nSee [mine](#summary) and [the other](01-one.md#summary).\n\n"
        "## Summary\n\nThe second summary.\n"})
    documents = epub_documents(tmp_path)
    for name, tree in documents.items():
        if "one" not in name and "two" not in name:
            continue
        mine, other = ("first", "second") if "one" in name else ("second", "first")
        for words, summary in (("mine", mine), ("the other", other)):
            file, _, wanted = first_link({name: tree}, words).get("href", "").partition("#")
            target = documents[file or name].find(f".//*[@id='{wanted}']")
            following = target.getnext() if target is not None else None
            assert following is not None and "".join(following.itertext()) == (
                f"The {summary} summary."), (name, words)
