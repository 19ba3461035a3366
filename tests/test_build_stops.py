"""A build stopped from outside mid-layout (Ctrl-C, SIGTERM, SIGKILL) leaves no process of its
own running and no partial file in build/ (stopping.py, layout/lifeline.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import made_long_project

ROOT = Path(__file__).resolve().parent.parent
GONE_WITHIN = 5.0  # seconds after the signal


def started(pid: int) -> tuple[int, int] | None:
    """The process's parent and start time (clock ticks after boot), or None if it has ended
    (a zombie has ended: it only waits for its parent to read its status). The start time
    tells a process from a later one given the same pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after the command, which may hold spaces
    return None if fields[0] in "ZX" else (int(fields[1]), int(fields[19]))


def descendants(pid: int) -> dict[int, int]:
    """Every living process under `pid`, with its start time."""
    parents: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := started(int(entry.name))) is not None:
            parents[int(entry.name)] = found
    under: dict[int, int] = {}
    level = {pid}
    while level:
        level = {child for child, (parent, _) in parents.items() if parent in level}
        under.update((child, parents[child][1]) for child in level)
    return under


def alive(processes: dict[int, int]) -> list[int]:
    return [pid for pid, start in processes.items()
            if (found := started(pid)) is not None and found[1] == start]


@pytest.fixture(scope="module")
def long_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book long enough to be mid-layout for some seconds (as the benchmark makes books)."""
    return made_long_project(tmp_path_factory.mktemp("stops") / "book", 40_000)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=lambda number: signal.Signals(number).name)
def test_a_build_stopped_mid_layout_leaves_no_process_and_no_partial_file(
        long_project: Path, tmp_path: Path, number: int) -> None:
    project = tmp_path / "book"
    subprocess.run(["cp", "-r", str(long_project), str(project)], check=True)
    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr:
        build = subprocess.Popen([sys.executable, "-m", "publish", "build", "pdf", "--jobs", "2"],
                                 cwd=project, stdout=subprocess.DEVNULL, stderr=stderr,
                                 start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        workers: dict[int, int] = {}
        # Mid-layout: the interior is being typeset, and both workers are there.
        while not ("typesetting the print interior" in log.read_text() and len(
                workers := descendants(build.pid)) >= 4):  # the server, 2 workers, a tracker
            assert build.poll() is None, log.read_text()
            assert time.monotonic() < deadline, (log.read_text(), workers)
            time.sleep(0.1)
        time.sleep(1)
        workers = descendants(build.pid)
        build.send_signal(number)
        status = build.wait(GONE_WITHIN)
        stopped_at = time.monotonic()
        while alive(workers) and time.monotonic() - stopped_at < GONE_WITHIN:
            time.sleep(0.1)
        assert not alive(workers), [Path(f"/proc/{pid}/cmdline").read_bytes()
                                    for pid in alive(workers)]
    finally:  # whatever failed, nothing is left running
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)
    errors = log.read_text()
    assert status == (-number if number == signal.SIGKILL else 128 + number), errors
    assert "Traceback" not in errors, errors
    if number != signal.SIGKILL:
        assert errors.splitlines()[-1] == (
            f"stopped by {signal.Signals(number).name}: build/ holds only whole files")
    # The layout cache's entries, like build/'s files, are written whole and renamed into
    # place; only a SIGKILL may catch one being written, which is lost like the rest.
    partial = [path for path in (project / "build").rglob("*.part")
               if number != signal.SIGKILL or ".layout-cache" not in path.parts]
    assert not partial


def test_the_stop_handlers_are_the_builds_alone() -> None:
    """In-process builds (the tests' CliRunner) leave the process's own handlers as they were:
    Ctrl-C on the test run still raises KeyboardInterrupt."""
    from publish.stopping import Stopped, stopped_by_signals

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with pytest.raises(Stopped) as stopped, stopped_by_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler runs at the next bytecode; this is never reached
    assert stopped.value.status == 143
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
