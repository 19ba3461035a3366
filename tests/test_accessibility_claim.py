"""The EPUB's accessibility conformance claim, made only where the evidence holds.

The sampler (an image, notes, a table, verse) is built with the guide's `accessibility:`
example, as an author would, through the command line: the build runs EPUBCheck and Ace on
the EPUB and checks what they leave out, then states the claim. The claimed EPUB is judged
again by EPUBCheck here, its package read with lxml, its evidence read back, and `publish
check` is held to print what a store shows by the W3C's Display Guide. The same book with one
image stripped of its alt text gets no claim, and says why; a claim metadata cannot back (no
print ISBN, no certifier) is refused at its line before anything is built.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import onixcheck  # type: ignore[import-untyped]
import pytest
import yaml
from lxml import etree
from test_store_editions import EPUBCHECK_JAR, epubcheck_problems

from publish.checks.display_guide import store_view
from publish.editions.epub.claim import CONFORMANCE, with_claim
from publish.source.metadata import Accessibility

ROOT = Path(__file__).resolve().parent.parent
SAMPLER = ROOT / "tests" / "manuscripts" / "sampler" / "manuscript"
SLUG = "a-sampler-of-book-markup"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
IMAGE = "![A diagram of a pair of type cases"


def readme_example() -> str:
    """The YAML the guide gives for the claim: the test builds exactly what it shows."""
    guide = (ROOT / "docs" / "metadata.md").read_text("utf-8")
    section = guide.split("## The accessibility claim", 1)[1]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found[1]


def sampler_asking_for_the_claim(folder: Path) -> Path:
    shutil.copytree(SAMPLER, folder / "manuscript")
    example = yaml.safe_load(readme_example())
    metadata = folder / "manuscript" / "metadata.yaml"
    written = metadata.read_text("utf-8")
    assert f"publisher: {example['publisher']}" in written  # the guide names the sampler's
    block = readme_example().split("accessibility:", 1)[1]
    metadata.write_text(written + "accessibility:" + block, "utf-8")
    return folder


def publish(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *arguments], cwd=project,
                          capture_output=True, text=True, timeout=1200, check=False)


@pytest.fixture(scope="module")
def claimed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = sampler_asking_for_the_claim(tmp_path_factory.mktemp("claimed"))
    result = publish(project, "build", "epub", "pdf", "cover", "txt", "onix")
    assert result.returncode == 0, result.stderr
    assert "no accessibility conformance claim" not in result.stderr
    return project


@pytest.fixture(scope="module")
def unclaimed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The same book with its one picture's description taken away."""
    project = sampler_asking_for_the_claim(tmp_path_factory.mktemp("unclaimed"))
    chapter = project / "manuscript" / "chapters" / "01-the-composing-room.md"
    text = chapter.read_text("utf-8")
    start = text.index(IMAGE)
    chapter.write_text(text[:start] + "![]" + text[text.index("](", start) + 1:], "utf-8")
    result = publish(project, "build", "epub", "pdf", "cover", "txt", "onix")
    assert result.returncode == 0, result.stderr
    return project, result.stderr


def package(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        path = container.find(".//{*}rootfile").get("full-path")  # type: ignore[union-attr]
        return etree.fromstring(archive.read(str(path)))


def properties(epub: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in package(epub).iterfind(".//opf:metadata/opf:meta", OPF):
        if meta.get("property"):
            found.setdefault(str(meta.get("property")), []).append(str(meta.text))
    return found


def test_the_claim_is_stated_in_exactly_the_specifications_words(claimed: Path) -> None:
    epub = claimed / "build" / f"{SLUG}.epub"
    said = properties(epub)
    assert said["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert said["a11y:certifiedBy"] == ["Tollgate Press"]  # the publisher, from metadata
    assert said["a11y:certifierCredential"] == ["Self-certified by the publisher"]
    assert said["a11y:exemption"] == ["eaa-microenterprise"]
    opf = package(epub)
    certifier = opf.find(".//opf:meta[@property='a11y:certifiedBy']", OPF)
    credential = opf.find(".//opf:meta[@property='a11y:certifierCredential']", OPF)
    report = opf.find(".//opf:link[@rel='a11y:certifierReport']", OPF)
    assert certifier is not None and credential is not None and report is not None
    assert credential.get("refines") == report.get("refines") == "#" + str(certifier.get("id"))
    assert report.get("href") == "https://example.org/tollgate/accessibility"
    # The page numbers' source is the printed book, by its ISBN.
    assert said["pageBreakSource"] == ["urn:isbn:9798000000014"]
    # The summary, in the book's language, says what the content is and repeats no claim.
    summary = " ".join(said["schema:accessibilitySummary"])
    assert "WCAG" not in summary and "conform" not in summary.lower()
    assert "Each of its 2 images has a text description." in summary


def test_epubcheck_finds_nothing_in_the_claimed_epub(claimed: Path, tmp_path: Path) -> None:
    assert EPUBCHECK_JAR.is_file()
    assert epubcheck_problems(claimed / "build" / f"{SLUG}.epub", tmp_path / "r.json") == []


def test_the_evidence_is_written_beside_the_epub_and_listed(claimed: Path) -> None:
    build = claimed / "build"
    record = json.loads((build / f"{SLUG}-accessibility.json").read_text("utf-8"))
    assert record["evidence holds"] is True
    checks = {check["check"].split(":")[0]: check for check in record["checks"]}
    assert set(checks) == {"EPUBCheck", "Ace", "Images described", "Page list", "Page source",
                           "Languages"}
    assert all(check["passed"] and not check["details"] for check in checks.values())
    assert checks["EPUBCheck"]["tool"].startswith("EPUBCheck 5.")
    assert checks["Ace"]["tool"].startswith("Ace by DAISY 1.")
    assert record["EPUBCheck after the claim"]["passed"] is True
    epub = (build / f"{SLUG}.epub").read_bytes()
    assert record["claimed sha256"] == hashlib.sha256(epub).hexdigest()
    assert record["claim"]["dcterms:conformsTo"] == CONFORMANCE
    manifest = json.loads((build / "manifest.json").read_text("utf-8"))["outputs"]
    for name in (f"{SLUG}-accessibility.json", f"{SLUG}-accessibility.html"):
        data = (build / name).read_bytes()
        assert manifest[name]["sha256"] == hashlib.sha256(data).hexdigest()
    page = (build / f"{SLUG}-accessibility.html").read_text("utf-8")
    assert "The evidence holds" in page and "Ace by DAISY" in page


def test_publish_check_prints_what_a_store_shows(claimed: Path) -> None:
    result = publish(claimed, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = result.stdout.split("Accessibility as a store shows it:", 1)[1]
    expected = """
  Ways of reading:
    Appearance can be modified
    Readable in read aloud or dynamic braille
    Has alternative text
    No information about prerecorded audio is available
  Conformance:
    This publication meets accepted accessibility standards
    This publication claims to meet EPUB Accessibility 1.1 WCAG 2.2 Level AA
    The publication was certified by Tollgate Press
    The certifier's credential is Self-certified by the publisher
    For more information refer to the certifier's report
  Navigation:
    Table of contents
    Headings
    Go to page
  Rich content:
    No information is available
  Hazards:
    No hazards
"""
    assert expected in shown
    assert "  Legal considerations:\n    Claims an accessibility exemption in some " in shown
    assert "W-001 accessibility claim backed by evidence: backed by build/" in shown


def test_a_claim_the_evidence_no_longer_backs_fails_the_check(claimed: Path,
                                                             tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(claimed, changed)
    epub = changed / "build" / f"{SLUG}.epub"
    with zipfile.ZipFile(epub, "a") as archive:  # an EPUB edited after it was certified
        archive.writestr("EPUB/extra.txt", "added later")
    result = publish(changed, "check")
    assert result.returncode == 1
    assert "FAIL  W-001" in result.stdout
    assert "not the one the evidence certified" in result.stdout


def test_without_the_evidence_there_is_no_claim_and_the_build_says_why(
        unclaimed: tuple[Path, str]) -> None:
    project, said = unclaimed
    epub = project / "build" / f"{SLUG}.epub"
    found = properties(epub)
    assert "dcterms:conformsTo" not in found and "a11y:certifiedBy" not in found
    assert found["a11y:exemption"] == ["eaa-microenterprise"]  # declared either way
    assert "no accessibility conformance claim" in said and "Images described: 1 of 2" in said
    summary = " ".join(found["schema:accessibilitySummary"])
    assert "1 of its 2 images has no text description." in summary
    record = json.loads((project / "build" / f"{SLUG}-accessibility.json").read_text("utf-8"))
    assert record["evidence holds"] is False and record["claim"] is None
    failed = [check for check in record["checks"] if not check["passed"]]
    assert [check["check"] for check in failed] == ["Images described: 1 of 2"]
    assert "img" in failed[0]["details"][0]
    view = dict(store_view(epub))
    assert view["Conformance"] == ["No information is available"]
    checked = publish(project, "check")
    assert "warn  W-002 accessibility claim made: not made: Images described: 1 of 2" in (
        checked.stdout)


@pytest.mark.parametrize(("change", "message"), [
    ("print-isbn", "a conformance claim names the print edition"),
    ("certifier", "a conformance claim names who certifies it"),
    ("exemption", "exemption 'eaa-small' is none of the European Accessibility Act's"),
    ("report", "certifier-report 'our website' is not a web address"),
])
def test_what_a_claim_needs_from_metadata_is_an_error_at_its_line(
        tmp_path: Path, change: str, message: str) -> None:
    project = sampler_asking_for_the_claim(tmp_path)
    metadata = project / "manuscript" / "metadata.yaml"
    text = metadata.read_text("utf-8")
    text = {"print-isbn": text.replace("    edition: print\n", ""),
            "certifier": text.replace("publisher: Tollgate Press\n", ""),
            "exemption": text.replace("eaa-microenterprise", "eaa-small"),
            "report": text.replace("https://example.org/tollgate/accessibility",
                                   "our website")}[change]
    metadata.write_text(text, "utf-8")
    result = publish(project, "build", "epub")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = text.splitlines()
    key = {"print-isbn": "  claim:", "certifier": "  claim:", "exemption": "  exemption:",
           "report": "  certifier-report:"}[change]
    line = next(number for number, found in enumerate(lines, 1) if found.startswith(key))
    assert f"manuscript/metadata.yaml:{line}: M-001 accessibility: {message}" in result.stderr
    assert not (project / "build").exists() or not any((project / "build").glob("*.epub"))


def test_the_claim_is_written_the_same_way_twice(claimed: Path) -> None:
    epub = (claimed / "build" / f"{SLUG}.epub").read_bytes()
    asked = Accessibility(claim=True, certifier="A Press", report="https://example.org/r")
    once = with_claim(epub, asked)
    assert once == with_claim(epub, asked)
    with zipfile.ZipFile(claimed / "build" / f"{SLUG}.epub") as before, zipfile.ZipFile(
            io.BytesIO(once)) as after:
        assert [entry.filename for entry in before.infolist()] == [
            entry.filename for entry in after.infolist()]
        assert before.infolist()[0].compress_type == zipfile.ZIP_STORED  # mimetype first
        assert after.infolist()[0].compress_type == zipfile.ZIP_STORED


def epub_product_features(project: Path) -> list[tuple[str, str, str | None]]:
    """(type, value, description) of each ProductFormFeature of the EPUB's ONIX product."""
    record = etree.parse(str(project / "build" / f"{SLUG}.onix.xml")).getroot()
    named = {"o": "http://ns.editeur.org/onix/3.1/reference"}
    epub = [detail for detail in record.iterfind("o:Product/o:DescriptiveDetail", named)
            if "E101" in [form.text for form in detail.iterfind("o:ProductFormDetail", named)]]
    assert len(epub) == 1
    return [(str(feature.findtext("o:ProductFormFeatureType", None, named)),
             str(feature.findtext("o:ProductFormFeatureValue", None, named)),
             feature.findtext("o:ProductFormFeatureDescription", None, named))
            for feature in epub[0].iterfind("o:ProductFormFeature", named)]


def test_the_onix_record_states_the_claim_the_epub_states(claimed: Path,
                                                          unclaimed: tuple[Path, str]) -> None:
    path = claimed / "build" / f"{SLUG}.onix.xml"
    assert [str(message) for message in onixcheck.validate(str(path), ("xsd", "rng"))] == []
    features = epub_product_features(claimed)
    accessibility = {value: description for kind, value, description in features
                     if kind == "09"}
    # EPUB Accessibility 1.1, WCAG 2.2, Level AA; the certifier, its credential and report.
    assert {"04", "82", "85"} <= set(accessibility)
    assert accessibility["90"] == "Tollgate Press"
    assert accessibility["88"] == "Self-certified by the publisher"
    assert accessibility["94"] == "https://example.org/tollgate/accessibility"
    assert "75" in accessibility  # the micro-enterprise exemption
    without = {value for kind, value, _ in epub_product_features(unclaimed[0]) if kind == "09"}
    assert not without & {"04", "82", "85", "90", "94"} and "75" in without
