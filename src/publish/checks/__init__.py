"""The checks: the manuscript's lint (lint/) before a build, and `publish check` (registry.py)
on what build/ holds. Nothing is imported here, so that a build, which lints, does not load
the PDF readers only checking the built files needs."""
