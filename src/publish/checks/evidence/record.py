"""The evidence as the build writes it beside the EPUB: a JSON for programs (a distributor's
intake, a later `publish check`) and an HTML page a publisher or an auditor reads.

Neither holds a time or a path of this machine: the same EPUB gives the same record, byte for
byte, and the record names the EPUB by its file name and the sha256 of its bytes.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path

from publish.checks.evidence import Evidence, Verdict
from publish.source.metadata import Accessibility

RECORD_VERSION = 1  # bumped when the JSON's shape changes


def evidence_paths(epub: Path) -> tuple[Path, Path]:
    """Where the record of the EPUB build/<slug>.epub is: <slug>-accessibility.json, .html."""
    stem = epub.with_name(epub.name.removesuffix(".epub") + "-accessibility")
    return stem.with_suffix(".json"), stem.with_suffix(".html")


def evidence_json(epub_name: str, unclaimed: bytes, claimed: bytes | None, evidence: Evidence,
                  after_claim: Verdict | None, claim: list[tuple[str, str]],
                  accessibility: Accessibility) -> bytes:
    document = {
        "record": RECORD_VERSION,
        "epub": epub_name,
        "checked sha256": hashlib.sha256(unclaimed).hexdigest(),
        "evidence holds": evidence.holds,
        "checks": [verdict.as_json() for verdict in evidence.verdicts],
        "claim": dict(claim) if claimed is not None else None,
        "claimed sha256": hashlib.sha256(claimed).hexdigest() if claimed is not None else None,
        "EPUBCheck after the claim": after_claim.as_json() if after_claim else None,
        "exemption": accessibility.exemption,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def evidence_html(title: str, epub_name: str, evidence: Evidence, after_claim: Verdict | None,
                  claim: list[tuple[str, str]], claimed: bool,
                  store_view: list[tuple[str, list[str]]]) -> bytes:
    verdict = ("The evidence holds: the EPUB states the claim below." if claimed else
               "The evidence does not hold: the EPUB states no conformance claim. What failed "
               "is marked below; mend it and rebuild.")
    rows = "".join(row(found) for found in evidence.verdicts)
    if after_claim is not None:
        rows += row(after_claim, "After the claim was written: ")
    stated = "".join(f"<li><code>{escape(prop)}</code>: {escape(value)}</li>"
                     for prop, value in claim) if claimed else "<li>none</li>"
    view = "".join(f"<h3>{escape(section)}</h3><ul>"
                   + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
                   for section, lines in store_view if lines)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Accessibility evidence: {escape(title)}</title>
<style>
body {{ font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.4 }}
table {{ border-collapse: collapse; width: 100% }}
th, td {{ border: 1px solid #999; padding: .3em .5em; text-align: left; vertical-align: top }}
.failed {{ font-weight: bold }}
</style>
</head>
<body>
<h1>Accessibility evidence</h1>
<p><cite>{escape(title)}</cite>, <code>{escape(epub_name)}</code></p>
<p>{verdict}</p>
<h2>Checks</h2>
<table>
<tr><th scope="col">Check</th><th scope="col">By</th><th scope="col">Result</th></tr>
{rows}</table>
<h2>Claim stated in the EPUB</h2>
<ul>{stated}</ul>
<h2>What a store shows</h2>
<p>By the W3C Accessibility Metadata Display Guide 2.0.</p>
{view}
</body>
</html>
"""
    return page.encode("utf-8")


def row(verdict: Verdict, prefix: str = "") -> str:
    result = "passed" if verdict.passed else "failed"
    details = "".join(f"<br>{escape(detail)}" for detail in verdict.details)
    return (f'<tr class="{result}"><td>{escape(prefix + verdict.check)}</td>'
            f"<td>{escape(verdict.tool)}</td><td>{result}{details}</td></tr>\n")
