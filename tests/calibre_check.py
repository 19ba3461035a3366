"""calibre's Check Book on an EPUB, as its editor runs it, for tests/test_calibre.py.

Run inside calibre's own Python: `calibre-debug tests/calibre_check.py BOOK.epub`. It prints a
JSON list of calibre's findings: level, the check's class, the file and line, the message, and
for a CSS finding the rule (stylelint's rule id, or CssSyntaxError for CSS that does not parse).
"""

import json
import sys

from calibre.ebooks.oeb.polish.check.base import CRITICAL, ERROR, INFO, WARN
from calibre.ebooks.oeb.polish.check.main import run_checks
from calibre.ebooks.oeb.polish.container import get_container

LEVELS = {CRITICAL: "critical", ERROR: "error", WARN: "warning", INFO: "info"}

container = get_container(sys.argv[1], tweak_mode=True)
print(json.dumps([{"level": LEVELS.get(finding.level, str(finding.level)),
                   "check": type(finding).__name__, "file": finding.name,
                   "line": getattr(finding, "line", None), "message": str(finding.msg),
                   "rule": getattr(finding, "css_rule_id", None)}
                  for finding in run_checks(container)]))
