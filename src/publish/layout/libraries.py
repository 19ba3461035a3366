"""How the workers' server finds the shared libraries WeasyPrint loads: imported by the server
before WeasyPrint (workers.py).

WeasyPrint looks for Pango, HarfBuzz and fontconfig under each library's Windows, macOS and
Linux names in turn, and cffi asks ctypes.util.find_library for each name; on Linux that runs
ldconfig to list the system's libraries, and for a name it lacks, gcc and ld too. Most names
are not Linux's, so it ran 54 programs, a fifth of a second before the server could lay
anything out, in every build. Here the list is read once, and a name it lacks is looked for
where gcc and ld would find it (LIBRARY_PATH, LD_LIBRARY_PATH) without running them.
"""

from __future__ import annotations

import ctypes.util
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

LDCONFIG = Path("/sbin/ldconfig")
# ldconfig's name for the C library of a 64-bit process on each machine, as ctypes has them.
ABI = {"x86_64": "libc6,x86-64", "ppc64": "libc6,64bit", "sparc64": "libc6,64bit",
       "s390x": "libc6,64bit", "ia64": "libc6,IA-64"}
STANDARD = ctypes.util.find_library  # what this module stands in for


def find_library(name: str) -> str | None:
    """What ctypes.util.find_library answers on Linux: the name of the first library in
    ldconfig's list called lib<name>.<something> for this machine's C library, or the file of
    one in the folders gcc and ld search."""
    entry = re.search(rf"\s+(lib{re.escape(name)}\.\S+)\s+\({re.escape(abi())}",
                      system_libraries())
    if entry is not None:
        return entry.group(1)
    for folder in [*os.environ.get("LIBRARY_PATH", "").split(os.pathsep),
                   *os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep)]:
        if folder:
            found = sorted(Path(folder).glob(f"lib{name}.so*"))
            if found:
                return str(found[0])
    return None


@functools.cache
def system_libraries() -> str:
    """ldconfig's list of the libraries the system's loader knows."""
    try:
        return subprocess.run([str(LDCONFIG), "-p"], capture_output=True, check=False,
                              env={"LC_ALL": "C", "LANG": "C"}).stdout.decode(
                                  "utf-8", "replace")
    except OSError:
        return ""


def abi() -> str:
    return ABI.get(os.uname().machine, "libc6") if sys.maxsize > 2**32 else "libc6"


if sys.platform.startswith("linux") and LDCONFIG.exists():
    ctypes.util.find_library = find_library
