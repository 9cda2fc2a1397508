"""Every page of _toc.yml in Chromium, opened from file:// with the network cut off.

For each page: no console errors, every equation typeset by MathJax, every
image loaded (and described), slider panels drawn from their saved state,
animations that move when played, internal links that resolve; a screenshot in
light and dark mode goes to _build/screenshots/. Pages are read from _toc.yml,
so chapters added later are covered without editing this file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from booksite import SITE, page_html, toc_files

pytestmark = pytest.mark.browser

PAGES = toc_files()
SCREENSHOTS = SITE.parent / "screenshots"  # _build/screenshots, not in git
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\frac|\\sum|\\mathbf")


def load(watched, path: Path, *, color_scheme: str = "light"):
    page = watched.page
    page.emulate_media(color_scheme=color_scheme)
    page.goto(path.as_uri(), wait_until="load")
    # MathJax 3 (loaded only on pages with math) is a deferred script: wait
    # until it has typeset the page.
    if page.locator('script[src*="mathjax"]').count():
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
        )
        page.evaluate("() => MathJax.startup.promise")
    # Widget views are drawn asynchronously from the saved state.
    views = page.locator(
        'script[type="application/vnd.jupyter.widget-view+json"]'
    ).count()
    if views:
        page.wait_for_function(
            "n => document.querySelectorAll('.widget-subarea > *').length >= n",
            arg=views,
            timeout=20_000,
        )
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete)", timeout=20_000
    )
    return page


def widget_state(page) -> dict:
    text = page.evaluate(
        """() => { const s = document.querySelector(
            'script[type="application/vnd.jupyter.widget-state+json"]');
            return s ? s.textContent : null; }"""
    )
    return json.loads(text)["state"] if text else {}


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline(book_page, name):
    html = page_html(name)
    watched = book_page()
    page = load(watched, html)

    # Equations: every math node typeset, no raw TeX left in the text.
    math = page.evaluate("""() => [...document.querySelectorAll('.math')].map(
        m => m.querySelector('mjx-container') !== null)""")
    assert all(math), f"{sum(not m for m in math)} of {len(math)} equations not typeset"
    text = page.evaluate("""() => {
        const c = document.querySelector('main').cloneNode(true);
        c.querySelectorAll('mjx-container, pre, code, script, .highlight')
            .forEach(e => e.remove());
        return c.innerText; }""")
    leftover = RAW_TEX.findall(text)
    assert not leftover, f"raw TeX left on the page: {leftover[:5]}"

    # Images: all loaded and described (figures, widget images, animations).
    images = page.evaluate("""() => [...document.images].map(
        i => ({src: i.src.slice(0, 80), w: i.naturalWidth, alt: i.alt}))""")
    broken = [i for i in images if i["w"] == 0 and not i["src"].endswith("#")]
    assert not broken, f"images that did not load: {broken}"
    no_alt = [i for i in images if not i["alt"].strip()]
    assert not no_alt, f"images without alt text: {no_alt}"

    # Slider panels: every saved slider drawn, every saved Image shown.
    state = widget_state(page)
    models = [m["model_name"] for m in state.values()]
    sliders = sum(name.endswith("SliderModel") for name in models)
    drawn = page.locator(".widget-slider, .widget-hslider, .widget-vslider").count()
    assert drawn >= sliders, f"{sliders} sliders saved, {drawn} drawn"
    saved_images = models.count("ImageModel")
    shown = page.evaluate("""() => [...document.querySelectorAll('.widget-image')]
        .filter(i => i.naturalWidth > 0).length""")
    assert shown >= saved_images, f"{saved_images} widget images saved, {shown} shown"
    if sliders:
        # A slider can be moved in the static page (its figure changes only
        # with a kernel).
        handle = page.locator(".widget-slider .noUi-handle, .widget-slider input").first
        assert handle.is_visible()

    # Animations (to_jshtml): pressing play changes the frame.
    for anim in page.locator(".animation").all():
        anim.scroll_into_view_if_needed()
        frame = anim.locator("img")
        before = frame.get_attribute("src")
        anim.locator('button[title="Play"]').click()
        changed = frame.evaluate(
            """(img, before) => new Promise(done => {
                const t0 = Date.now();
                const poll = () => img.src !== before ? done(true)
                    : Date.now() - t0 > 10000 ? done(false) : setTimeout(poll, 50);
                poll(); })""",
            before,
        )
        assert changed, "animation frame did not change within 10 s of pressing play"
        anim.locator('button[title="Pause"]').click()

    # Internal links resolve: the file exists and so does the #fragment.
    hrefs = page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
    )
    for href in {h for h in hrefs if h.startswith("file://")}:
        target = urlsplit(href)
        path = Path(unquote(target.path))
        assert path.exists(), f"broken link {href}"
        if target.fragment and path.suffix == ".html":
            ids = set(re.findall(r'id="([^"]+)"', path.read_text(encoding="utf-8")))
            assert unquote(target.fragment) in ids, f"link to a missing anchor: {href}"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = name.replace("/", "_")
    page.evaluate("() => window.scrollTo(0, 0)")  # the theme hides its bars on scroll
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{slug}.png"), full_page=True)

    assert not watched.errors, f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests outside the book: {watched.outside}"


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_in_dark_mode(book_page, name):
    """In dark mode the page turns dark and every figure keeps its white background."""
    from PIL import Image

    watched = book_page()
    page = load(watched, page_html(name), color_scheme="dark")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    rgb = [int(v) for v in re.findall(r"\d+", background)[:3]]
    assert max(rgb) < 100, f"dark mode background is {background}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = name.replace("/", "_")
    page.screenshot(path=str(SCREENSHOTS / f"{slug}-dark.png"), full_page=True)
    # Figures keep their white background: the theme only dims images a little
    # in dark mode, so each figure's corners (its background, inside the
    # theme's padding) stay light on the dark page.
    for index, image in enumerate(page.locator("main img").all()):
        box = image.bounding_box() if image.is_visible() else None
        if not box or box["width"] < 100:
            continue  # icons of the launch and download buttons
        inset = image.evaluate("""img => { const s = getComputedStyle(img);
            return ['Top', 'Right', 'Bottom', 'Left'].map(side =>
                parseFloat(s['padding' + side])
                + parseFloat(s['border' + side + 'Width'])); }""")
        shot = SCREENSHOTS / f"_{slug}-dark-img{index}.png"
        image.screenshot(path=str(shot))
        with Image.open(shot) as im:
            rgb = im.convert("RGB")
            scale = rgb.size[0] / box["width"]
            top, right, bottom, left = (round(v * scale) + 2 for v in inset)
            w, h = rgb.size
            corners = [
                rgb.getpixel(xy)
                for xy in (
                    (left, top),
                    (w - 1 - right, top),
                    (left, h - 1 - bottom),
                    (w - 1 - right, h - 1 - bottom),
                )
            ]
        shot.unlink()
        # White under the theme's dimming is about 219; a transparent figure
        # would show the theme's grey-blue image background (about 172-187).
        assert all(min(c) > 200 for c in corners), (
            f"image {index} on {name} is not light at its corners in dark mode: "
            f"{corners}"
        )
    assert not watched.errors, f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests outside the book: {watched.outside}"
