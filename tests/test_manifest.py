"""Reproducible builds: every edition byte-identical from the same inputs, and
build/manifest.json hashing every output and input and naming the tools.

The hashes are recomputed here from the files on disk with hashlib, independently of build.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVERY_EDITION = ("epub", "pdf", "cover", "pdf-digital", "txt", "txt-ascii", "kepub")


def build(project: Path, *editions: str) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "build", *editions,
                             "--project", str(project)], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chile")
    shutil.copytree(ROOT / "manuscript", root / "manuscript")
    (root / "styles").mkdir()
    (root / "styles" / "book.css").write_text("p { hyphens: manual; }\n", "utf-8")
    build(root, *EVERY_EDITION)
    return root


def manifest_of(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((project / "build" / "manifest.json").read_text("utf-8"))
    return loaded


def test_every_output_is_listed_with_its_size_and_hash(project: Path) -> None:
    outputs = manifest_of(project)["outputs"]
    built = sorted(path.name for path in (project / "build").iterdir()
                   if path.name != "manifest.json" and path.is_file())  # not the layout cache
    assert sorted(outputs) == built
    assert {entry["edition"] for entry in outputs.values()} == set(EVERY_EDITION)
    for name, entry in outputs.items():
        path = project / "build" / name
        assert entry["size"] == path.stat().st_size
        assert entry["sha256"] == sha256(path)


def test_every_input_file_is_hashed(project: Path) -> None:
    inputs = manifest_of(project)["inputs"]
    on_disk = {path.relative_to(project).as_posix(): sha256(path)
               for directory in ("manuscript", "styles")
               for path in (project / directory).rglob("*") if path.is_file()}
    assert {**inputs["manuscript"], **inputs["styles"]} == on_disk
    assert "manuscript/metadata.yaml" in on_disk
    assert "styles/book.css" in on_disk
    builtin = ROOT / "src" / "publish" / "styles"
    assert inputs["built-in styles"] == {path.name: sha256(path)
                                         for path in builtin.glob("*.css")}


def test_fonts_are_hashed_from_the_installed_font_files(project: Path) -> None:
    import fontpkg

    fonts = manifest_of(project)["inputs"]["fonts"]
    assert fonts == {
        "EB Garamond roman": sha256(fontpkg.path("EB Garamond", 400, "normal")),
        "EB Garamond italic": sha256(fontpkg.path("EB Garamond", 400, "italic")),
    }


def test_tool_versions_are_those_installed(project: Path) -> None:
    tools = manifest_of(project)["tools"]
    assert tools["python"] == ".".join(map(str, sys.version_info[:3]))
    for name in ("publish", "markdown", "ebooklib", "weasyprint", "fonttools", "lxml"):
        assert tools[name] == metadata.version(name)


def test_is_deterministic_json_without_machine_paths(project: Path) -> None:
    raw = (project / "build" / "manifest.json").read_text("utf-8")
    loaded = json.loads(raw)
    assert raw == json.dumps(loaded, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert str(project) not in raw


def test_a_second_build_elsewhere_gives_the_same_bytes(project: Path, tmp_path: Path) -> None:
    """Every edition, built again in another process from a copy at another path (as a fresh
    clone on another machine would), is byte-identical; so is the manifest."""
    again = tmp_path / "again"
    shutil.copytree(project / "manuscript", again / "manuscript")
    shutil.copytree(project / "styles", again / "styles")
    build(again, *EVERY_EDITION)
    first = {path.name: path.read_bytes() for path in (project / "build").iterdir()
             if path.is_file()}
    second = {path.name: path.read_bytes() for path in (again / "build").iterdir()
              if path.is_file()}
    assert sorted(first) == sorted(second)
    assert len(first) == len(EVERY_EDITION) + 1
    for name, data in first.items():
        assert second[name] == data, f"{name} differs between two builds"


def test_a_changed_input_changes_the_manifest(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project / "manuscript", copy / "manuscript")
    build(copy, "txt")
    before = manifest_of(copy)
    chapter = sorted((copy / "manuscript" / "chapters").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    build(copy, "txt")
    after = manifest_of(copy)
    key = chapter.relative_to(copy).as_posix()
    assert after["inputs"]["manuscript"][key] != before["inputs"]["manuscript"][key]
    assert after["outputs"] != before["outputs"]
