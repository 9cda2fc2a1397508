"""Slider latency where the reader feels it: key press to new image, in a real browser.

`bench.sliders` times a panel inside the kernel. Here the whole path is timed,
as a reader meets it in JupyterLab: the key press in Chromium, the comm message
to the kernel, the panel's update and PNG, the message back, and the browser
decoding and painting the new image.

For every registered panel (:data:`nnlib.widgets.PANEL_FACTORIES`) a notebook
holding only that panel is opened in JupyterLab, served by a Jupyter server
that this module starts on 127.0.0.1 and stops. The panel's first slider gets
the keyboard focus, and each press of an arrow key (right, then left, in turn)
is timed from the key's ``keydown`` event to the first animation frame after
the new image has decoded. Presses are spaced out, so each is measured alone;
the first few are a warm-up.

    python -m bench.browser_latency            # the table, p50 and p95 per panel
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from .timing import load_average

__all__ = ["BrowserLatency", "browser_latencies", "lab_section", "main"]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from chromium import chromium_path, launch_chromium  # noqa: E402
from lab_server import KERNEL_IDLE_JS as KERNEL_IDLE  # noqa: E402
from lab_server import jupyter_lab, one_cell_notebook  # noqa: E402

TARGET_P50_MS = 30.0
TARGET_P95_MS = 60.0

# Before the page loads: note when each websocket message arrives, and its size.
WEBSOCKET_LOG = """
(() => {
  window.__received = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", event => window.__received.push(
      [performance.now(), event.data.byteLength || event.data.size || event.data.length || 0]));
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""

# In the page: time each keydown to the first frame after the panel's image
# has decoded its new PNG, with the moments in between (times since keydown,
# and the keydown's wall-clock time to match the kernel's stamps).
PROBE = """
root => {
  const image = root.querySelector("img");
  const state = {t0: null, times: [], marks: []};
  root.addEventListener("keydown", () => { state.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const t0 = state.t0;
    if (t0 === null) return;
    state.t0 = null;
    const shown = performance.now();
    const message = window.__received.filter(m => m[0] >= t0 && m[0] <= shown)
      .reduce((a, m) => (m[1] > a[1] ? m : a), [shown, 0]);
    image.decode().catch(() => null).then(() => {
      const decoded = performance.now();
      requestAnimationFrame(() => {
        const painted = performance.now();
        state.times.push(painted - t0);
        state.marks.push({wall: performance.timeOrigin + t0, received: message[0] - t0,
          bytes: message[1], src: shown - t0, decoded: decoded - t0, painted: painted - t0});
      });
    });
  }).observe(image, {attributes: true, attributeFilter: ["src"]});
  window.__latency = state;
}
"""

# In the kernel: the panel's change handler stamps when it starts and ends
# (wall clock, ms), to split the round trip, and the CPU time it took (which
# other work on the machine does not inflate); read back after the presses.
KERNEL_STAMPS = """import time as _time
from nnlib.widgets import SliderPanel as _SliderPanel
_stamps = []
_handler = _SliderPanel._on_change
def _stamped(self, change):
    start, cpu = _time.time() * 1000, _time.process_time() * 1000
    _handler(self, change)
    _stamps.append((start, _time.time() * 1000, _time.process_time() * 1000 - cpu))
_SliderPanel._on_change = _stamped
"""

RUN_IN_KERNEL = """async code => {
  const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code});
  let out = "";
  future.onIOPub = msg => { if (msg.header.msg_type === "stream") out += msg.content.text; };
  await future.done;
  return out;
}"""

STAGES = {
    "to kernel": "key press to the kernel's change handler",
    "kernel": "update, draw and PNG, sent",
    "kernel CPU": "the same, in the kernel's CPU time",
    "back": "handler's end to the image's message in the browser",
    "to img": "message to the new image source",
    "decode": "PNG decoded",
    "paint": "to the next frame",
}
"""The stages a press goes through, in order; medians are reported per panel."""


IMAGE_SHOWN = """() => {
  const image = document.querySelector(".jp-OutputArea-output .widget-vbox img");
  return image && image.complete && image.naturalWidth > 0;
}"""


@dataclass(frozen=True)
class BrowserLatency:
    panel: str
    times_ms: tuple[float, ...]
    stages_ms: tuple[tuple[str, float], ...] = ()  # median of each of STAGES
    png_bytes: float = float("nan")  # median size of the image's message

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def met(self) -> bool:
        return self.p50 <= TARGET_P50_MS and self.p95 <= TARGET_P95_MS


def panel_notebook(name: str) -> dict:
    """A notebook that shows one registered panel, in the book's style."""
    source = (
        "%matplotlib inline\n"
        "import nnlib.panels\n"
        "from nnlib.plots.style import use_book_style\n"
        "from nnlib.widgets import PANEL_FACTORIES\n"
        "use_book_style()\n"
        f"PANEL_FACTORIES[{name!r}]()"
    )
    return one_cell_notebook(KERNEL_STAMPS + source)


def toward_middle(handle) -> str:
    """The arrow key that moves a slider handle away from its nearer end."""
    now, low, high = (
        float(handle.get_attribute(f"aria-value{k}")) for k in ("now", "min", "max")
    )
    return "ArrowRight" if now - low < high - now else "ArrowLeft"


def measure_panel(
    browser, base: str, name: str, presses: int, warmup: int, gap_ms: int
) -> BrowserLatency:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(WEBSOCKET_LOG)
    page = context.new_page()
    try:
        # ?reset: a fresh workspace, with no other panel notebook open behind it
        page.goto(f"{base}lab/tree/{name}.ipynb?reset", wait_until="load")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_function("() => window.jupyterapp", timeout=60_000)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        panel = page.locator(".jp-OutputArea-output .widget-vbox").first
        panel.locator("img").wait_for(state="attached", timeout=60_000)
        page.wait_for_function(IMAGE_SHOWN, timeout=60_000)
        panel.evaluate(PROBE)
        handle = panel.locator(".noUi-handle").first
        handle.focus()
        for _ in range(presses + warmup):
            done = page.evaluate("() => window.__latency.times.length")
            page.keyboard.press(toward_middle(handle))
            with contextlib.suppress(PlaywrightTimeout):  # a press at an end: no image
                page.wait_for_function(
                    f"() => window.__latency.times.length > {done}", timeout=5_000
                )
            page.wait_for_timeout(gap_ms)
        times = page.evaluate("() => window.__latency.times")
        marks = page.evaluate("() => window.__latency.marks")
        stamps = json.loads(
            page.evaluate(RUN_IN_KERNEL, "import json; print(json.dumps(_stamps))")
        )
    finally:
        context.close()
    marks = marks[warmup:]
    return BrowserLatency(
        name,
        tuple(times[warmup:]),
        stage_medians(marks, stamps),
        statistics.median(m["bytes"] for m in marks) if marks else float("nan"),
    )


def stage_medians(marks: list[dict], stamps: list[list[float]]) -> tuple:
    """The median of each of STAGES over the presses (kernel stamps matched by time)."""
    rows = []
    for mark in marks:
        start = mark["wall"]
        handled = [s for s in stamps if start <= s[0] <= start + mark["src"]]
        if not handled:
            continue
        begin, end = handled[0][0] - start, handled[0][1] - start
        rows.append(
            [
                begin,
                end - begin,
                handled[0][2],
                mark["received"] - end,
                mark["src"] - mark["received"],
                mark["decoded"] - mark["src"],
                mark["painted"] - mark["decoded"],
            ]
        )
    if not rows:
        return ()
    return tuple(
        (stage, statistics.median(row[i] for row in rows))
        for i, stage in enumerate(STAGES)
    )


def browser_latencies(
    presses: int = 30, warmup: int = 4, gap_ms: int = 120, only: tuple[str, ...] = ()
) -> list[BrowserLatency]:
    """Every registered panel's key-to-image latency in JupyterLab and Chromium."""
    import nnlib.panels  # noqa: F401 - fills the registry
    from nnlib.widgets import PANEL_FACTORIES

    if chromium_path() is None:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    names = sorted(name for name in PANEL_FACTORIES if not only or name in only)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in names:
            (root / f"{name}.ipynb").write_text(json.dumps(panel_notebook(name)))
        environ = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
        with (
            jupyter_lab(root, state=root / ".lab-state", environ=environ) as base,
            sync_playwright() as playwright,
        ):
            browser = launch_chromium(playwright)
            try:
                for name in names:
                    results.append(
                        measure_panel(browser, base, name, presses, warmup, gap_ms)
                    )
            finally:
                browser.close()
    return results


def table(results: list[BrowserLatency]) -> list[str]:
    lines = [
        f"| panel | presses | p50 (ms) | p95 (ms) | within {TARGET_P50_MS:.0f} / "
        f"{TARGET_P95_MS:.0f} ms |",
        "|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.panel} | {len(r.times_ms)} | {r.p50:.1f} | {r.p95:.1f} | "
            f"{'yes' if r.met else '**no**'} |"
        )
    return lines


def stage_table(results: list[BrowserLatency]) -> list[str]:
    """Where the time of a press goes: the median of each stage, per panel."""
    lines = [
        "| panel | " + " | ".join(STAGES) + " | PNG (kB) |",
        "|---|" + "---:|" * (len(STAGES) + 1),
    ]
    for r in results:
        if r.stages_ms:
            cells = " | ".join(f"{ms:.1f}" for _, ms in r.stages_ms)
            lines.append(f"| {r.panel} | {cells} | {r.png_bytes / 1000:.0f} |")
    return lines


def load_line(before: float | None, after: float | None) -> str:
    """The machine's load while measuring: the latency counts every other process."""
    shown = [f"{x:.1f}" if x is not None else "?" for x in (before, after)]
    return (
        f"Load average (1 min) {shown[0]} at the start, {shown[1]} at the end, "
        f"on {os.cpu_count()} cores."
    )


def lab_section(
    results: list[BrowserLatency], load: tuple[float | None, float | None]
) -> list[str]:
    """The Markdown section of `make bench`; ``load``: load averages before, after."""
    return [
        "## Slider latency in the browser (JupyterLab, Chromium)",
        "",
        "Key press on a panel's first slider to the new image painted, per panel; "
        "the kernel, the comm round trip and the browser's decoding all count.",
        "",
        *table(results),
        "",
        "Where the time goes (median ms per stage: "
        + "; ".join(f"{k}: {v}" for k, v in STAGES.items())
        + "):",
        "",
        *stage_table(results),
        "",
        load_line(*load),
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--panels", default="", help="comma-separated names")
    args = parser.parse_args(argv)
    only = tuple(name for name in args.panels.split(",") if name)
    before = load_average()
    results = browser_latencies(presses=args.presses, only=only)
    print("\n".join(lab_section(results, (before, load_average()))))
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
