"""`publish check --explain` and `publish lint --explain`: a code's catalogue entry in words."""

from __future__ import annotations

from publish.checks.catalogue import CATALOGUE
from publish.errors import PublishError


def explanation(code: str) -> str:
    """A code's entry as `publish check --explain` prints it."""
    found = CATALOGUE.get(code.strip().upper())
    if found is None:
        families = sorted({known.split("-")[0] for known in CATALOGUE})
        raise PublishError(f"no check has the code {code!r} (codes are a family letter, "
                           f"{', '.join(families)}, a hyphen and a number, as P-012)")
    example = f"\nFor example:\n\n    {found.example.replace(chr(10), chr(10) + '    ')}" if (
        found.example) else ""
    severity = f" ({found.severity})" if found.example else ""  # a lint code's
    fix = f"\nWhen it fails: {found.fix}" if found.fix else ""
    return f"{found.code} {found.title}{severity}\n{found.explanation}{fix}{example}"
