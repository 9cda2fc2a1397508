"""Frozen slider panels are honest: every page of _toc.yml, every panel, from file://.

A saved panel cannot redraw without Python, so its controls must never show a
value its figure does not. For every slider of every page: drag it, press
arrow keys on it and type into its readout; afterwards the slider's value,
its readout and the panel's images must be exactly as before (the controls are
locked). Every panel carries the visible line saying what it is, with the live
button. Pages are read from _toc.yml, so a new chapter is covered unedited.
"""

from __future__ import annotations

import pytest
from booksite import page_html, toc_files

from .test_pages import load

pytestmark = pytest.mark.browser

PAGES = toc_files()
VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'


def panel_snapshot(page) -> list[dict]:
    """Every frozen panel's slider values, readouts and image sources."""
    return page.evaluate("""() => [...document.querySelectorAll(
            '.widget-subarea:not(.nnbook-live-panel)')].map(panel => ({
        values: [...panel.querySelectorAll('.noUi-handle')].map(
            h => h.getAttribute('aria-valuenow')),
        readouts: [...panel.querySelectorAll('.widget-readout')].map(
            r => r.textContent),
        images: [...panel.querySelectorAll('img')].map(i => i.src.length + ':'
            + i.src.slice(-64)),
    }))""")


def try_to_move(page, slider) -> None:
    """Drag the slider's handle, press keys on it, type into its readout."""
    slider.scroll_into_view_if_needed()
    handle = slider.locator(".noUi-handle").first
    box = handle.bounding_box()
    track = slider.locator(".noUi-target, .slider-container").first.bounding_box()
    if box and track:
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.mouse.down()
        page.mouse.move(track["x"] + track["width"] * 0.9, y, steps=4)
        page.mouse.up()
        page.mouse.click(track["x"] + track["width"] * 0.1, y)
    handle.evaluate("h => h.focus()")
    for key in ("ArrowRight", "ArrowRight", "End", "ArrowLeft"):
        page.keyboard.press(key)
    readout = slider.locator(".widget-readout").first
    if readout.count():
        readout.scroll_into_view_if_needed()
        box = readout.bounding_box()
        if box:
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.keyboard.type("7")
            page.keyboard.press("Enter")
    page.wait_for_timeout(100)


@pytest.mark.parametrize("name", PAGES)
def test_frozen_panels_are_honest(book_page, name):
    watched = book_page()
    page = load(watched, page_html(name))
    views = page.locator(VIEW).count()

    notes = page.locator(".nnbook-frozen-note")
    assert notes.count() == views, (
        f"{views} saved panels on {name}, {notes.count()} explanatory lines"
    )
    for index in range(views):
        note = notes.nth(index)
        note.scroll_into_view_if_needed()
        assert note.is_visible(), f"the line under panel {index} is hidden"
        text = note.inner_text()
        assert "starting values" in text and "JupyterLite" in text, text
        assert note.locator("button.nnbook-live-button").is_visible()

    before = panel_snapshot(page)
    sliders = page.locator(".widget-subarea .widget-slider")
    for index in range(sliders.count()):
        slider = sliders.nth(index)
        try_to_move(page, slider)
    after = panel_snapshot(page)
    assert after == before, (
        f"a frozen panel changed on {name} (its figure cannot follow):\n"
        f"before {before}\nafter {after}"
    )
    assert not watched.errors, f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests outside the book: {watched.outside}"
