"""The `publish` command's entry point (launch.py): what it starts before the command line
loads, and how the process ends."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from publish.launch import EDITION_MODULES, exit_status, lays_out_here
from publish.layout import libraries
from publish.layout.workers import SERVER_EXIT_MODULE, SERVER_MODULES

ROOT = Path(__file__).resolve().parent.parent


def test_the_command_and_python_dash_m_both_go_through_the_launcher() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts == {"publish": "publish.launch:main"}
    main = (ROOT / "src" / "publish" / "__main__.py").read_text("utf-8")
    assert "from publish.launch import main" in main


def test_the_workers_server_loads_modules_that_exist() -> None:
    """A name the server cannot import breaks every build's pool: each is a module here
    (found, not imported: the server's exit module would end this process as it ends it)."""
    for name in (*SERVER_MODULES, *EDITION_MODULES):
        assert importlib.util.find_spec(name) is not None, name


def test_the_server_finds_weasyprints_libraries_as_ctypes_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """For every name WeasyPrint tries a library under, found or not, the answer ctypes'
    find_library gives, from one run of ldconfig (not ldconfig, gcc and ld for each); and the
    server has it before it imports WeasyPrint."""
    spec = importlib.util.find_spec("weasyprint.text.ffi")
    assert spec is not None and spec.origin is not None
    weasyprint_ffi = Path(spec.origin)
    calls = re.findall(r"_dlopen\(\s*ffi,(.*?)\)", weasyprint_ffi.read_text("utf-8"), re.S)
    names = [name for call in calls for name in re.findall(r"'([^']+)'", call)]
    assert len(names) > 20 and "pango-1.0" in names
    runs: list[object] = []
    real_run = subprocess.run

    def counted(*arguments: Any, **options: Any) -> Any:
        runs.append(arguments)
        return real_run(*arguments, **options)

    monkeypatch.setattr(subprocess, "run", counted)
    libraries.system_libraries.cache_clear()
    answers = {name: libraries.find_library(name) for name in names}
    assert len(runs) == 1
    monkeypatch.setattr(subprocess, "run", real_run)
    assert answers == {name: libraries.STANDARD(name) for name in names}
    assert answers["pango-1.0"] is not None and answers["libpango-1.0-0"] is None
    assert (SERVER_MODULES.index("publish.layout.libraries")
            < SERVER_MODULES.index("publish.layout.unit_layout"))


def test_the_workers_server_ends_without_pythons_teardown() -> None:
    """When its build ends, the server ends at once (layout/server_exit.py), not holding the
    build's output open while Python frees what it loaded: a process that imported the
    module frees nothing at its end."""
    freed = ("class Freed:\n"
             "    def __del__(self):\n"
             "        print('freed', flush=True)\n"
             "kept = Freed()\n")
    plain, server = (subprocess.run([sys.executable, "-c", prelude + freed], capture_output=True,
                                    text=True, timeout=60, check=False)
                     for prelude in ("", f"import {SERVER_EXIT_MODULE}\n"))
    assert plain.stdout == "freed\n" and plain.returncode == 0
    assert server.stdout == "" and server.returncode == 0 and server.stderr == ""


@pytest.mark.parametrize(("arguments", "expected"), [
    (["build"], True),
    (["build", "epub", "--project", "book", "--jobs", "1"], True),
    (["build", "--scheduler", "tcp://127.0.0.1:8786"], False),
    (["build", "--scheduler=tcp://127.0.0.1:8786"], False),
    (["lint"], False),
    (["check", "--project", "build"], False),
    ([], False),
])
def test_the_workers_server_starts_early_for_a_build_laid_out_here(
        arguments: list[str], expected: bool) -> None:
    assert lays_out_here(arguments) is expected


def test_an_exit_code_becomes_the_status_python_would_give(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_status(None) == 0
    assert exit_status(0) == 0
    assert exit_status(2) == 2
    assert capsys.readouterr().err == ""
    assert exit_status("publish: stopped") == 1
    assert capsys.readouterr().err == "publish: stopped\n"


def test_what_a_command_prints_is_all_there_when_it_ends_early(tmp_path: Path) -> None:
    """The process ends without Python's own teardown (os._exit): what the command wrote to
    stdout and stderr, piped and so buffered, still arrives, with the command's status."""
    listed = subprocess.run([sys.executable, "-m", "publish", "--help"], capture_output=True,
                            text=True, timeout=120, check=False)
    assert listed.returncode == 0, listed.stderr
    assert "build" in listed.stdout and "lint" in listed.stdout
    missing = subprocess.run([sys.executable, "-m", "publish", "lint", "--project",
                              str(tmp_path / "none")], capture_output=True, text=True,
                             timeout=120, check=False)
    assert missing.returncode != 0
    assert missing.stderr.startswith("error: ") and "none" in missing.stderr
    assert missing.stdout == ""
