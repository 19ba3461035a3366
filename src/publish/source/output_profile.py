"""The print edition's CMYK output intent: the ICC profile that says what press the file is for.

PDF/X needs an OutputIntent, and WeasyPrint writes one only when given a profile in
`@color-profile device-cmyk`. The profile is Ghostscript's generic SWOP-like CMYK profile,
default_cmyk.icc, from Debian's libgs-common (installed with ghostscript by scripts/setup).
It is distributed with Ghostscript under the AGPL (Artifex Software; see
/usr/share/doc/libgs-common/copyright), so any project may embed it; Debian's free ICC package
(icc-profiles-free) holds no CMYK output profile, only measurement data. A printer that names
its own profile (FOGRA39, GRACoL...) can be given later as a project file.

It is read here, once per build, so the renderer receives bytes and never opens a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError

GHOSTSCRIPT_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@dataclass(frozen=True)
class OutputProfile:
    """An ICC output profile: its bytes and where it came from (for the report)."""

    data: bytes
    source: str


def load_output_profile(path: Path = GHOSTSCRIPT_CMYK) -> OutputProfile:
    """The CMYK printer profile, checked to be one (an ICC 'prtr' profile in CMYK)."""
    try:
        data = path.read_bytes()
    except OSError:
        raise PublishError(f"no CMYK output profile at {path}: install Debian's libgs-common "
                           "(bash scripts/setup does)") from None
    if not is_cmyk_printer_profile(data):
        raise PublishError(f"{path} is not an ICC CMYK output (printer) profile")
    return OutputProfile(data, str(path))


def is_cmyk_printer_profile(data: bytes) -> bool:
    """ICC header: bytes 12-16 the profile class, 16-20 the colour space, 36-40 'acsp'."""
    return data[36:40] == b"acsp" and data[12:16] == b"prtr" and data[16:20] == b"CMYK"
