"""Quick checks answer in the browser with no kernel, offline.

For every page of _toc.yml whose source has quick checks: the built page
shows all of them, each answer's feedback is hidden until the answer is
clicked, and answering the first check wrong, then right, opens the matching
feedback ("Not quite." with the reason, then "Right."), styled by the book's
quick-check stylesheet. Every request outside the book is blocked and must
not happen.
"""

from __future__ import annotations

import pytest
from booksite import SITE, page_html, page_source, toc_files
from quick_check import notebook_checks

pytestmark = pytest.mark.browser

PAGES = [
    p
    for p in toc_files()
    if page_source(p).suffix == ".ipynb" and notebook_checks(page_source(p))
]


def _plain(markdown: str) -> str:
    """The words of a feedback line as a reader sees them (no ** or $...$)."""
    text = markdown.replace("**", "")
    return text.split("$", 1)[0].strip()


def test_some_page_has_quick_checks():
    assert PAGES, "no page of _toc.yml has a quick check"


@pytest.mark.parametrize("name", PAGES)
def test_quick_check_answers_wrong_then_right(book_page, name):
    checks = notebook_checks(page_source(name))
    watched = book_page()
    page = watched.page
    page.goto(page_html(name).as_uri(), wait_until="load")
    boxes = page.locator("div.quick-check")
    assert boxes.count() == len(checks)
    box = boxes.first
    expected = checks[0]
    options = box.locator("details")  # one per answer (sphinx-design dropdowns)
    assert options.count() == len(expected.options)
    # the reader's stylesheet is the book's own (no outside request)
    border = box.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert border == "rgb(0, 114, 178)", f"quick-check.css not applied: {border}"

    wrong = next(k for k, o in enumerate(expected.options) if not o.right)
    right = next(k for k, o in enumerate(expected.options) if o.right)
    for k in (wrong, right):
        option = options.nth(k)
        feedback = option.locator("p").first
        assert not feedback.is_visible(), "feedback shows before an answer is chosen"
        option.locator("summary").click()
        assert option.evaluate("e => e.open")
        assert feedback.is_visible()
        shown = option.inner_text()
        verdict = "Right." if expected.options[k].right else "Not quite."
        assert verdict in shown
        reason = _plain(expected.options[k].feedback.split("**", 2)[-1])
        if reason:
            assert reason[:30] in shown, f"reason missing from the feedback: {shown!r}"
        colour = option.evaluate("e => getComputedStyle(e).borderTopColor")
        assert colour == (
            "rgb(0, 158, 115)" if expected.options[k].right else "rgb(213, 94, 0)"
        )
    shots = SITE.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(shots / f"{name.replace('/', '_')}-quick-check.png"))
    assert watched.outside == [], f"requests outside the book: {watched.outside}"
    assert not watched.errors, f"console errors: {watched.errors}"


def _opens(page, option, verdict: str, seconds: float = 5) -> bool:
    """Whether the <details> ``option`` is open and shows ``verdict`` within
    ``seconds``."""
    for _ in range(int(seconds * 5)):
        if option.evaluate("e => e.open") and verdict in option.inner_text():
            return True
        page.wait_for_timeout(200)
    return False


def test_quick_check_answers_in_jupyterlite(book_page, server):
    """The same check in JupyterLite, where notebooks are never trusted.

    jupyterlab-myst renders it; no cell is run. The kernel's runtime, which
    JupyterLite fetches from the Pyodide CDN, is blocked like every outside
    request: it is the only one allowed to be attempted.
    """
    name = PAGES[0]
    expected = notebook_checks(page_source(name))[0]
    watched = book_page(viewport={"width": 1280, "height": 900})
    page = watched.page
    page.goto(
        f"{server}lite/lab/index.html?path={page_source(name).name}", wait_until="load"
    )
    page.wait_for_selector(".jp-Notebook .jp-MarkdownCell", timeout=60_000)
    page.wait_for_timeout(5000)  # the markdown cells are rendered by MyST
    # The notebook draws cells as they come into view, and on a busy machine a
    # scroll can outrun the drawing: walk down cell by cell with the arrow key
    # instead, as a keyboard reader does (the active cell is always drawn).
    page.locator(".jp-Notebook .jp-Cell").first.click(position={"x": 2, "y": 2})
    for _ in range(120):
        if page.locator(".quick-check details").count():
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(500)
    assert page.locator(".quick-check details").count(), "no quick check rendered"
    page.evaluate("document.querySelector('.quick-check').scrollIntoView()")
    page.wait_for_timeout(1000)
    box = page.locator(".quick-check").first
    options = box.locator("details")
    assert options.count() == len(expected.options)
    wrong = next(k for k, o in enumerate(expected.options) if not o.right)
    right = next(k for k, o in enumerate(expected.options) if o.right)
    for k, verdict in ((wrong, "Not quite."), (right, "Right.")):
        option = options.nth(k)
        assert not option.evaluate("e => e.open")
        # JupyterLab may spend a click on selecting the cell: click again only
        # after waiting long enough to be sure the last click was not taken.
        for _ in range(3):
            option.locator("summary").click()
            if _opens(page, option, verdict):
                break
        assert option.evaluate("e => e.open"), f"answer {k} did not open"
        assert verdict in option.inner_text(), option.inner_text()
    shots = SITE.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "lite-quick-check.png"))
    assert all("pyodide" in url for url in watched.outside), watched.outside
