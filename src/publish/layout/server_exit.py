"""Imported by the workers' server alone (workers.layout_server preloads it, and the workers
it forks end by os._exit, never by the exit handlers they inherit): when the build that
started the server ends, so does the server, at once, without Python's teardown of the layout
code it has loaded. That took a tenth of a second, during which the server still held the
build's stdout and stderr open, and whatever reads them to their end (a script, a CI log, the
benchmark) waited for it."""

from __future__ import annotations

import atexit
import os

atexit.register(os._exit, 0)
