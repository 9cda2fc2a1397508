"""The page's live mode, in Chromium: start-up time, slider latency, bytes.

On the built site served over loopback, with every request outside it blocked,
the pure-Python test panel of the browser tests (tests/browser/livepage.py:
an ipywidgets slider and a standard-library PNG) is made live:

- **click -> kernel ready** and **click -> first live image**, with a cold
  browser cache (a new browser profile) and then a warm one (the same
  profile, page reloaded); baseline: ``loadPyodide()`` alone in the same
  page and cache state, so the ratio is the live mode's cost over bare Python;
- **slider -> new image**: a key press on the live slider until the image's
  ``src`` changes, timed in the page (``performance.now()``), p50 and p95;
  baseline: the same redraw called directly in Pyodide (``runPython``);
- **bytes** the live mode downloads from the site (cold), and the size of the
  whole site and of its Pyodide folder.

Numpy-backed chapter panels need the Pyodide CDN, which this machine cannot
reach, so they are not timed here.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CLICK_TARGET_S = 10.0
SLIDER_TARGET_MS = 50.0


@dataclass
class LiveNumbers:
    cold_ready: float
    cold_image: float
    cold_python: float
    warm_ready: float
    warm_image: float
    warm_python: float
    slider_p50: float
    slider_p95: float
    redraw_p50: float
    live_bytes: int
    site_bytes: int
    pyodide_bytes: int


def _folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _start(page, timeout_ms=120_000) -> dict:
    page.locator(".nnbook-live-button").first.click()
    page.wait_for_function(
        "() => ['live', 'failed'].includes(nnbookLive.state)", timeout=timeout_ms
    )
    state = page.evaluate(
        "() => ({state: nnbookLive.state, error: nnbookLive.error,"
        " times: nnbookLive.times})"
    )
    if state["state"] != "live":
        raise RuntimeError(f"the live mode did not start: {state['error']}")
    return state["times"]


def _bare_python(page, base: str) -> float:
    """Seconds for loadPyodide() alone, in a page of the same site."""
    return page.evaluate(
        """async base => {
        const t0 = performance.now();
        const {loadPyodide} = await import(base + 'lite/static/pyodide/pyodide.mjs');
        await loadPyodide({indexURL: base + 'lite/static/pyodide/'});
        return (performance.now() - t0) / 1000; }""",
        base,
    )


def _slider_latencies(page, moves: int) -> list[float]:
    page.evaluate("""() => {
        window._lat = []; window._t0 = 0;
        document.addEventListener('keydown', () => { window._t0 = performance.now(); },
                                  true);
        const img = document.querySelector('.nnbook-live-panel .widget-image');
        new MutationObserver(() => { if (window._t0) {
            window._lat.push(performance.now() - window._t0); window._t0 = 0; } })
            .observe(img, {attributes: true, attributeFilter: ['src']}); }""")
    page.locator(".nnbook-live-panel .noUi-handle").first.focus()
    for i in range(moves):
        key = "ArrowRight" if (i // 10) % 2 == 0 else "ArrowLeft"
        count = page.evaluate("() => window._lat.length")
        page.keyboard.press(key)
        page.wait_for_function("n => window._lat.length > n", arg=count, timeout=10_000)
    return page.evaluate("() => window._lat")[3:]  # first moves warm up


def _redraw_baseline(page, repeats: int) -> list[float]:
    return page.evaluate(
        """repeats => { const py = nnbookLive.pyodide; const out = [];
        for (let i = 0; i < repeats; i++) { const t0 = performance.now();
            py.runPython('shade_png(' + (i % 25) * 10 + ')', {globals:
                py.pyimport('nnbook_live').NAMESPACE});
            out.push(performance.now() - t0); } return out; }""",
        repeats,
    )


def live_numbers(log=print, moves: int = 43) -> LiveNumbers:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tools"))
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import livepage

    if not (SITE / "lite" / "static" / "pyodide" / "pyodide.mjs").is_file():
        raise RuntimeError("build the book first (make book)")
    page_path = livepage.write_page(SITE, "_live_bench")
    handler = functools.partial(_Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    url = base + "_live_bench/" + page_path.name
    outside: list[str] = []
    received = [0]

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    def response(resp):
        if resp.url.startswith(base):
            try:
                received[0] += len(resp.body())
            except Exception:  # noqa: BLE001 - redirects and aborted bodies
                pass

    def fresh_browser(pw, profile):
        """A browser with an empty cache (its own new profile)."""
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox"],
        )
        context.route("**/*", route)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("response", response)
        return context, page

    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
            log("bare Pyodide, cold then warm cache ...")
            context, page = fresh_browser(pw, Path(tmp) / "bare")
            page.goto(url, wait_until="load")
            cold_python = _bare_python(page, base)
            page.goto(url, wait_until="load")
            warm_python = _bare_python(page, base)
            context.close()
            log("live mode, cold then warm cache ...")
            context, page = fresh_browser(pw, Path(tmp) / "live")
            page.goto(url, wait_until="load")
            received[0] = 0
            cold = _start(page)
            live_bytes = received[0]
            slider = _slider_latencies(page, moves)
            redraw = _redraw_baseline(page, 40)
            page.goto(url, wait_until="load")
            warm = _start(page)
            context.close()
            if outside:
                raise RuntimeError(f"requests outside the site: {outside}")
    finally:
        httpd.shutdown()
        shutil.rmtree(page_path.parent, ignore_errors=True)

    def q(values, p):
        return statistics.quantiles(values, n=100, method="inclusive")[p - 1]

    return LiveNumbers(
        cold_ready=(cold["kernel"] - cold["click"]) / 1000,
        cold_image=(cold["first-panel"] - cold["click"]) / 1000,
        cold_python=cold_python,
        warm_ready=(warm["kernel"] - warm["click"]) / 1000,
        warm_image=(warm["first-panel"] - warm["click"]) / 1000,
        warm_python=warm_python,
        slider_p50=statistics.median(slider),
        slider_p95=q(slider, 95),
        redraw_p50=statistics.median(redraw),
        live_bytes=live_bytes,
        site_bytes=_folder_bytes(SITE),
        pyodide_bytes=_folder_bytes(SITE / "lite" / "static" / "pyodide"),
    )


def live_section(n: LiveNumbers) -> list[str]:
    mb = 1 / 1e6
    return [
        "## Live panel in the browser",
        "",
        "The pure-Python test panel made live on a page of the built site, in",
        "Chromium over loopback (nothing outside the site reachable). *x bare*:",
        "over `loadPyodide()` alone in the same cache state.",
        "",
        "| step | seconds | x bare Python | target |",
        "|---|---:|---:|---|",
        f"| click -> kernel ready, cold cache | {n.cold_ready:.2f} | "
        f"{n.cold_ready / n.cold_python:.2f} | |",
        f"| click -> first live image, cold cache | {n.cold_image:.2f} | "
        f"{n.cold_image / n.cold_python:.2f} | |",
        f"| click -> kernel ready, warm cache | {n.warm_ready:.2f} | "
        f"{n.warm_ready / n.warm_python:.2f} | |",
        f"| click -> first live image, warm cache | {n.warm_image:.2f} | "
        f"{n.warm_image / n.warm_python:.2f} | <= {CLICK_TARGET_S:.0f} s: "
        f"{'met' if n.warm_image <= CLICK_TARGET_S else '**not met**'} |",
        "",
        "| slider -> new image (ms) | p50 | p95 | x the redraw alone (p50) | target |",
        "|---|---:|---:|---:|---|",
        f"| key press on the live slider until the image changes | {n.slider_p50:.1f} | "
        f"{n.slider_p95:.1f} | {n.slider_p50 / max(n.redraw_p50, 1e-3):.1f} | p50 <= "
        f"{SLIDER_TARGET_MS:.0f} ms: "
        f"{'met' if n.slider_p50 <= SLIDER_TARGET_MS else '**not met**'} |",
        f"| the redraw alone (`shade_png` in Pyodide) | {n.redraw_p50:.2f} | | 1.0 | |",
        "",
        "| bytes | MB | share of the site |",
        "|---|---:|---:|",
        f"| downloaded from the site by the live mode (cold) | {n.live_bytes * mb:.1f} | "
        f"{n.live_bytes / n.site_bytes:.2f} |",
        f"| the site's Pyodide folder (`lite/static/pyodide`) | {n.pyodide_bytes * mb:.1f}"
        f" | {n.pyodide_bytes / n.site_bytes:.2f} |",
        f"| the whole site (`_build/html`) | {n.site_bytes * mb:.1f} | 1.00 |",
        "",
    ]


if __name__ == "__main__":
    started = time.perf_counter()
    print("\n".join(live_section(live_numbers())))
    print(f"({time.perf_counter() - started:.0f} s)")
