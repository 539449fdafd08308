"""Debian's Chromium, started the same way by the browser tests, the benchmarks and the handouts.

Playwright drives it; its own browser download is never used (``apt-get install chromium``).
"""

import os
import pathlib

EXECUTABLE = os.environ.get("NNLIB_CHROMIUM", "/usr/bin/chromium")
# Headless and as root; no background connections (sync, updates, field trials), which a
# machine without network refuses, many at a time.
ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync")


def launch_options():
    """Keyword arguments for Playwright's ``chromium.launch``."""
    return {"executable_path": EXECUTABLE, "args": list(ARGS)}


def missing():
    """Why Chromium cannot be started here (a message naming the fix), or None if it can."""
    if pathlib.Path(EXECUTABLE).exists():
        return None
    return (f"Chromium not found at {EXECUTABLE}: install it with "
            "`sudo apt-get install chromium` (or set NNLIB_CHROMIUM)")
