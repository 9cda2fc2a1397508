"""Helpers for the tests of the built book (tests/test_build_*.py, tests/browser/).

The built site is ``_build/html`` (or ``$NNBOOK_SITE``). Tests of the built site
skip when it has not been built, unless ``NNBOOK_REQUIRE_BROWSER=1`` (set by
``make test`` and CI), where a missing site or browser is a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from toc import page_source, repository_url, toc_files, toc_notebooks  # noqa: E402

__all__ = [
    "ROOT",
    "SITE",
    "required",
    "need",
    "page_source",
    "repository_url",
    "toc_files",
    "toc_notebooks",
    "page_html",
]

SITE = Path(os.environ.get("NNBOOK_SITE", ROOT / "_build" / "html")).resolve()


def required() -> bool:
    """Whether a missing site or browser fails the tests instead of skipping them."""
    return os.environ.get("NNBOOK_REQUIRE_BROWSER") == "1"


def need(condition: bool, message: str) -> None:
    """Skip (or, when required, fail) with ``message`` unless ``condition`` holds."""
    if condition:
        return
    if required():
        pytest.fail(f"{message} (NNBOOK_REQUIRE_BROWSER=1, so this is an error)")
    pytest.skip(message)


def need_lab() -> None:
    """Skip (or fail) unless Chromium and this environment's JupyterLab are there."""
    import shutil

    from chromium import chromium_path

    need(chromium_path() is not None, "no Chromium found (apt-get install chromium)")
    need(
        shutil.which("jupyter", path=str(Path(sys.executable).parent)) is not None,
        "JupyterLab is not installed in this environment (make venv)",
    )


def page_html(page: str) -> Path:
    """The built HTML file of a _toc.yml page."""
    return SITE / f"{page}.html"
