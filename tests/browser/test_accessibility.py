"""Accessibility of the built book, in Chromium from file:// with the network cut off.

Three checks, over every page of _toc.yml (read from it, so a new chapter is
covered without editing this file):

- **axe-core audit** (the version pinned in package.json, loaded from
  node_modules), in light and in dark mode, after the slider panels are drawn.
  Any *critical* or *serious* violation fails the test; *moderate* and *minor*
  ones are counted and printed at the end (and written with the rest to
  _build/accessibility.json).
- **Keyboard only**: from the top of the first chapter with a slider panel,
  Tab reaches every slider handle of the page, the arrow keys move it, each
  focused control looks different from the unfocused one, and Tab then reaches
  an exercise's solution, which Enter opens.
- **Small screen** (390 x 844 CSS px, a phone): no slider track narrower than
  120 px, no output wider than the viewport, every panel's figure as wide as
  the page's content allows; screenshots go to _build/screenshots/phone-*.png.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from booksite import ROOT, SITE, need, page_html, toc_files

from .test_pages import load

pytestmark = pytest.mark.browser

PAGES = toc_files()
MODES = ("light", "dark")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")
REPORT = SITE.parent / "accessibility.json"  # _build/accessibility.json
SCREENSHOTS = SITE.parent / "screenshots"

PHONE = {"width": 390, "height": 844}
MIN_TRACK = 120  # px: a slider track a finger (or a mouse) can still use
SLIDER = ".widget-slider, .widget-hslider"
TRACK = ".noUi-target, .slider-container, input[type=range]"
HANDLE = ".noUi-handle, input[type=range]"


# --------------------------------------------------------------------- audit
@pytest.fixture(scope="module")
def tally(request):
    """Violations by page, mode and impact; printed and saved after the module."""
    found: dict[str, dict] = {}
    yield found
    if not found:
        return
    totals = Counter()
    for result in found.values():
        totals.update(result["impacts"])
    lines = [
        "axe-core audit (nodes by impact): "
        + ", ".join(f"{totals[i]} {i}" for i in IMPACTS)
        + f" over {len(found)} page views"
    ]
    for key, result in sorted(found.items()):
        if result["rules"]:
            lines.append(
                f"  {key}: "
                + ", ".join(
                    f"{rule} ({impact}) x{n}"
                    for (rule, impact), n in sorted(result["rules"].items())
                )
            )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                "totals": {i: totals[i] for i in IMPACTS},
                "pages": {
                    k: {
                        "impacts": dict(v["impacts"]),
                        "rules": [[r, i, n] for (r, i), n in v["rules"].items()],
                    }
                    for k, v in found.items()
                },
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)


def audit(page) -> list[dict]:
    """Run axe-core on the page as it is; its violations (rule, impact, nodes)."""
    need(AXE_JS.is_file(), f"axe-core is not installed at {AXE_JS}: run `npm ci`")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                      summary: n.failureSummary}))}));
    }""")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_audit(book_page, tally, name, mode):
    watched = book_page()
    page = load(watched, page_html(name), color_scheme=mode)
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    violations = audit(page)
    impacts, rules = Counter(), Counter()
    for v in violations:
        impacts[v["impact"]] += len(v["nodes"])
        rules[(v["id"], v["impact"])] += len(v["nodes"])
    tally[f"{name} ({mode})"] = {"impacts": impacts, "rules": rules}
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
        for v in violations
        if v["impact"] in FAILING
    ]
    assert not bad, f"{name} in {mode} mode:\n" + "\n".join(bad)
    assert watched.outside == [], f"requests outside the book: {watched.outside}"


# ------------------------------------------------------------------ keyboard
def _first_page_with(selector: str) -> str:
    for name in PAGES:
        if selector in page_html(name).read_text(encoding="utf-8"):
            return name
    pytest.fail(f"no page of _toc.yml has {selector!r}")


FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const slider = e.closest('.widget-slider, .widget-hslider');
    const sliders = [...document.querySelectorAll(
        '.widget-slider .noUi-handle, .widget-hslider .noUi-handle')];
    const solution = e.closest('.solution, details');
    const selects = [...document.querySelectorAll(
        '.jupyter-widgets select:not([disabled])')];
    return {
        tag: e.tagName, cls: String(e.className),
        slider: slider ? sliders.indexOf(e) : -1,
        select: selects.indexOf(e),
        value: slider ? (slider.querySelector('.widget-readout') || {}).textContent
                      ?? null : null,
        solution: !!(solution && e.closest('.solution')),
    };
}"""


def _appearance(page, element) -> bytes:
    """A screenshot of the element with a few pixels around it (where a
    focus ring is drawn)."""
    box = element.bounding_box()
    pad = 6
    return page.screenshot(
        clip={
            "x": max(box["x"] - pad, 0),
            "y": max(box["y"] - pad, 0),
            "width": box["width"] + 2 * pad,
            "height": box["height"] + 2 * pad,
        }
    )


def test_keyboard_only(book_page):
    # From the top of Chapter 1 (the neuron panel and the first exercises).
    name = next(p for p in PAGES if Path(p).name.startswith("01_"))
    watched = book_page(viewport={"width": 1280, "height": 900})
    page = load(watched, page_html(name))
    handles = page.locator(f"{SLIDER} >> {HANDLE}")
    n_handles = handles.count()
    assert n_handles > 0, f"no slider handles drawn on {name}"
    # A frozen panel's dropdowns are disabled (locked at the saved values), so
    # Tab passes them by; the live mode's controls are checked separately.
    n_selects = page.locator(".jupyter-widgets select:not([disabled])").count()
    selects: set[int] = set()
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement.blur(); }")

    reached: dict[int, str] = {}
    moved = solution_opened = False
    for _ in range(600):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus is None:
            continue
        if focus["select"] >= 0:
            selects.add(focus["select"])
        if focus["slider"] >= 0 and focus["slider"] not in reached:
            reached[focus["slider"]] = focus["value"]
            if not moved:
                handle = page.evaluate_handle("document.activeElement").as_element()
                focused_look = _appearance(page, handle)
                page.evaluate("() => document.activeElement.blur()")
                page.wait_for_timeout(50)
                blurred_look = _appearance(page, handle)
                handle.focus()
                assert focused_look != blurred_look, (
                    "a focused slider handle looks the same as an unfocused one"
                )
                for key in ("ArrowRight", "ArrowRight", "ArrowUp"):
                    page.keyboard.press(key)
                after = page.evaluate(FOCUSED)
                assert after["slider"] == focus["slider"], "arrow keys moved the focus"
                # A frozen panel's controls are locked at the values its figure
                # shows; keys moving a live slider are tested with the live mode
                # (test_keyboard_moves_a_live_slider).
                assert after["value"] == focus["value"], (
                    f"a frozen slider moved: {focus['value']!r} -> {after['value']!r}"
                )
                moved = True
        if (
            not solution_opened
            and focus["solution"]
            and focus["tag"] in ("SUMMARY", "BUTTON")
        ):
            summary = page.evaluate_handle("document.activeElement").as_element()
            focused_look = _appearance(page, summary)
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
            # The toggle pressed (focus may move once the solution opens).
            opened = summary.evaluate("""toggle => {
                const s = toggle.closest('.solution');
                // sphinx-togglebutton: the solution itself is the toggle.
                if (s.classList.contains('toggle')) {
                    return !s.classList.contains('toggle-hidden');
                }
                const d = s.closest('details') || s.querySelector('details') ||
                    (s.tagName === 'DETAILS' ? s : null);
                if (d) return d.open;
                const body = s.querySelector('.admonition-title ~ *, .toggle-details');
                return !!(body && body.offsetHeight > 0); }""")
            assert opened, (
                f"Enter did not open the exercise's solution ({summary.evaluate('e => e.outerHTML.slice(0, 300)')})"
            )
            page.evaluate("() => document.activeElement.blur()")
            page.wait_for_timeout(50)
            summary.scroll_into_view_if_needed()
            assert focused_look != _appearance(page, summary), (
                "a focused solution toggle looks the same as an unfocused one"
            )
            solution_opened = True
        if solution_opened and len(reached) == n_handles and len(selects) == n_selects:
            break
    missing = sorted(set(range(n_handles)) - set(reached))
    assert not missing, f"Tab never reached slider handles {missing} of {n_handles}"
    assert len(selects) == n_selects, (
        f"Tab reached {len(selects)} of the {n_selects} dropdowns"
    )
    assert moved
    assert solution_opened, "Tab never reached an exercise's solution"
    assert not watched.errors, f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests outside the book: {watched.outside}"


# -------------------------------------------------------------- small screen
LAYOUT = """(minTrack) => {
    const vw = document.documentElement.clientWidth;
    const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
        return false; };
    const where = e => {
        const label = e.querySelector && e.querySelector('.widget-label');
        if (label) return `slider "${label.textContent.trim()}"`;
        return e.className ? `${e.tagName}.${String(e.className).split(' ')
            .filter(c => !c.startsWith('lm-') && !c.startsWith('jupyter'))[0]}`
            : e.tagName; };
    const tracks = [...document.querySelectorAll(
        '.widget-slider .noUi-target, .widget-hslider .noUi-target,' +
        ' .widget-slider input[type=range], .anim-slider')]
        .filter(t => t.offsetParent !== null)
        .map(t => ({where: where(t.closest('.widget-slider, .widget-hslider,'
                                         + ' .animation') || t),
                    width: Math.round(t.getBoundingClientRect().width)}));
    const outputs = [...document.querySelectorAll(
        '.cell_output, .cell_output *, main img, main table, main .animation')]
        .filter(e => e.offsetParent !== null && !scrolls(e))
        .map(e => ({where: where(e), right: e.getBoundingClientRect().right,
                    left: e.getBoundingClientRect().left}))
        .filter(e => e.right > vw + 1 || e.left < -1);
    const inner = e => { const s = getComputedStyle(e);
        return e.clientWidth - parseFloat(s.paddingLeft)
            - parseFloat(s.paddingRight); };
    const figures = [...document.querySelectorAll('.widget-image')]
        .filter(i => i.offsetParent !== null).map(i => ({
            width: Math.round(i.getBoundingClientRect().width),
            natural: i.naturalWidth,
            panel: Math.round(inner(i.parentElement)),
            output: Math.round(inner(i.closest('.cell_output') || document.body)),
        }));
    return {vw, page: document.documentElement.scrollWidth, tracks, outputs,
            figures};
}"""


@pytest.mark.parametrize("name", PAGES)
def test_small_screen(book_page, name):
    watched = book_page(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = load(watched, page_html(name))
    layout = page.evaluate(LAYOUT, MIN_TRACK)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = name.replace("/", "_")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{slug}.png"), full_page=True)

    narrow = [t for t in layout["tracks"] if t["width"] < MIN_TRACK]
    assert not narrow, (
        f"{len(narrow)} of {len(layout['tracks'])} slider tracks on {name} are "
        f"narrower than {MIN_TRACK} px at {PHONE['width']} px: {narrow[:6]}"
    )
    assert layout["page"] <= layout["vw"], (
        f"{name} scrolls sideways: {layout['page']} px wide in a "
        f"{layout['vw']} px viewport"
    )
    assert not layout["outputs"], (
        f"outputs wider than the viewport on {name}: {layout['outputs'][:6]}"
    )
    # The figure fills its panel (up to the size it was drawn at; ipywidgets
    # keeps a 2 px margin on each side), and the panel the cell's output.
    small = [
        f
        for f in layout["figures"]
        if f["width"] < min(f["natural"], f["panel"]) - 6
        or f["panel"] < f["output"] - 24
    ]
    assert not small, (
        f"panel figures on {name} narrower than the content width allows: {small}"
    )
    assert not watched.errors, f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests outside the book: {watched.outside}"


def test_audit_sees_an_unlabelled_slider(book_page, tmp_path: Path):
    """The audit can fail: a page with an unnamed slider handle is caught."""
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!doctype html><html lang="en"><head><title>probe</title></head><body>'
        '<main><div role="slider" tabindex="0" aria-valuenow="1" '
        'aria-valuemin="0" aria-valuemax="2"></div></main></body></html>',
        encoding="utf-8",
    )
    watched = book_page()
    watched.page.goto(probe.as_uri())
    rules = {v["id"]: v["impact"] for v in audit(watched.page)}
    assert rules.get("aria-input-field-name") == "serious", rules


# ------------------------------------------------------------------ live mode
def test_axe_audit_and_reflow_after_the_live_mode(book_page, server, site):
    """The test panel of the live mode's tests, switched live offline, then audited.

    Chapter panels need numpy from the Pyodide CDN, which this machine cannot
    reach; the pure-Python panel of ``livepage`` goes live from the site alone,
    in the same page furniture (the book's scripts and styles), so what the
    live mode adds to a page is audited here, in both modes and on a phone.
    """
    from . import livepage

    path = livepage.write_page(site, folder="_live_a11y")
    try:
        for mode in MODES:
            watched = book_page(viewport=PHONE)
            page = watched.page
            page.emulate_media(color_scheme=mode)
            page.goto(server + "_live_a11y/shade.html", wait_until="load")
            page.locator(".nnbook-live-button").first.click()
            page.wait_for_function(
                "() => ['live', 'failed'].includes(window.nnbookLive.state)",
                timeout=90_000,
            )
            assert page.evaluate("() => nnbookLive.state") == "live"
            page.wait_for_selector(".nnbook-live-panel .noUi-handle")
            page.wait_for_timeout(300)  # names are given as views appear
            bad = [
                f"{v['id']} ({v['impact']}): {v['help']}: "
                + ", ".join(n["target"] for n in v["nodes"][:5])
                for v in audit(page)
                if v["impact"] in FAILING
            ]
            assert not bad, f"live panel in {mode} mode:\n" + "\n".join(bad)
            track = page.locator(f".nnbook-live-panel {TRACK}").first.bounding_box()
            assert track["width"] >= MIN_TRACK, f"live slider track {track['width']} px"
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"live page scrolls sideways: {width} px"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"phone-live-{mode}.png"))
            assert watched.outside == [], (
                f"requests outside the book: {watched.outside}"
            )
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def test_keyboard_moves_a_live_slider(book_page, server, site):
    """Keyboard alone: Tab to Run live, Enter, Tab to the live slider, arrows move it."""
    from . import livepage

    path = livepage.write_page(site, folder="_live_keys")
    try:
        watched = book_page(viewport={"width": 1280, "height": 900})
        page = watched.page
        page.goto(server + "_live_keys/shade.html", wait_until="load")
        page.wait_for_selector(".nnbook-live-button")
        for _ in range(50):
            page.keyboard.press("Tab")
            if page.evaluate(
                "() => document.activeElement.classList.contains('nnbook-live-button')"
            ):
                break
        else:
            pytest.fail("Tab never reached the Run live button")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => ['live', 'failed'].includes(window.nnbookLive.state)", timeout=90_000
        )
        assert page.evaluate("() => nnbookLive.state") == "live"
        handle = ".nnbook-live-panel .noUi-handle"
        page.wait_for_selector(handle)
        for _ in range(50):
            if page.evaluate(f"() => document.activeElement.matches({handle!r})"):
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail("Tab never reached the live slider")
        image = page.locator(".nnbook-live-panel .widget-image")
        before = (
            page.locator(handle).get_attribute("aria-valuenow"),
            image.get_attribute("src"),
        )
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "src => document.querySelector('.nnbook-live-panel .widget-image').src !== src",
            arg=before[1],
            timeout=10_000,
        )
        assert page.locator(handle).get_attribute("aria-valuenow") != before[0]
        assert watched.outside == [], f"requests outside the book: {watched.outside}"
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
