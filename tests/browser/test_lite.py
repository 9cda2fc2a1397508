"""The JupyterLite site loads in Chromium, offline, and lists every chapter notebook.

Served over loopback HTTP (JupyterLite needs http). Only the lab's own files
are loaded here; tests/browser/test_live.py starts a kernel from the site's own
Pyodide.
"""

from __future__ import annotations

import pytest
from booksite import SITE, toc_notebooks

pytestmark = pytest.mark.browser


def test_lite_lab_loads_and_lists_every_notebook(book_page, server):
    watched = book_page()
    page = watched.page
    page.goto(server + "lite/lab/index.html", wait_until="load")
    page.wait_for_selector(".jp-DirListing-itemText", timeout=60_000)
    page.wait_for_timeout(1000)
    listed = set(page.locator(".jp-DirListing-itemText").all_inner_texts())
    missing = {nb.name for nb in toc_notebooks()} - listed
    assert not missing, f"not in the JupyterLite file browser: {sorted(missing)}"
    shots = SITE.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "lite.png"))
    assert not watched.errors, f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests outside the book: {watched.outside}"


def test_wheel_is_served_to_piplite(book_page, server):
    """piplite reads the site's package index and finds the nnlib wheel there."""
    watched = book_page()
    page = watched.page
    page.goto(server + "lite/lab/index.html", wait_until="load")
    index = page.evaluate(
        "url => fetch(url).then(r => r.json())", server + "lite/pypi/all.json"
    )
    release = index["nnlib"]["releases"]
    (files,) = release.values()
    url = server + "lite/pypi/" + files[0]["filename"]
    status = page.evaluate("url => fetch(url).then(r => r.status)", url)
    assert status == 200
    assert watched.outside == []
