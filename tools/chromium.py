"""Debian's Chromium for Playwright: where it is and how the tests and benchmarks start it.

Playwright's own browser download does not work here, so every browser test
and benchmark drives the system's Chromium (``apt-get install chromium``):
/usr/bin/chromium, another path given in $NNBOOK_CHROMIUM, or ``chromium`` on
the PATH.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["CHROMIUM_ARGS", "chromium_path", "launch_chromium"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Headless, as root in a container, and quiet: no updates, sync or first-run pages."""


def chromium_path() -> str | None:
    """$NNBOOK_CHROMIUM (default /usr/bin/chromium) if it exists, else ``chromium`` on the PATH."""
    candidate = os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium")
    if Path(candidate).is_file():
        return candidate
    return shutil.which("chromium")


def launch_chromium(playwright, *extra_args: str):
    """A Playwright browser on the system's Chromium, with :data:`CHROMIUM_ARGS`."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError(
            "no Chromium found: apt-get install chromium, or set NNBOOK_CHROMIUM"
        )
    return playwright.chromium.launch(
        executable_path=executable, args=[*CHROMIUM_ARGS, *extra_args]
    )
