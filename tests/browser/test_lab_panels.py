"""The chapters in a real JupyterLab, in Chromium: opened clean, and bursts that end right.

A JupyterLab server of this environment is started on 127.0.0.1 for the
module (tools/lab_server.py) and stopped after it.

- **Opened clean.** A chapter, trusted as `make lab` trusts it, is opened and
  its kernel starts: the notebook must not be marked as changed (no unsaved
  dot on its tab). JupyterLab rewrites the notebook's kernelspec when it
  differs from the kernel's own (``Python 3 (ipykernel)``), which marked every
  chapter unsaved as soon as its kernel started.
- **Bursts end on the right picture.** A live slider panel gets a fast burst of
  key presses, then a drag. Once the kernel is idle, the image the browser
  shows must be the image a fresh panel draws for the value the slider shows,
  and so must its readout. The expected picture is drawn by the same kernel,
  from the value read in the browser, never from the kernel's own slider: a
  dropped or reordered final update shows an older picture and fails.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from booksite import ROOT, need_lab  # also puts tools/ on sys.path
from lab_server import KERNEL_IDLE_JS as KERNEL_IDLE
from lab_server import jupyter_lab, lab_environment, one_cell_notebook

PANEL = "neuron_panel"
CHAPTER = "01_neuron.ipynb"
BURST_PRESSES = 10

PANEL_SOURCE = f"""%matplotlib inline
import nnlib.panels
from nnlib.plots.style import use_book_style
from nnlib.widgets import PANEL_FACTORIES
use_book_style()
panel = PANEL_FACTORIES[{PANEL!r}]()
panel"""

# Run in the panel's kernel: a fresh panel at the value the browser's slider
# shows. The other controls keep the live panel's values: showing a slider
# snaps its value to the slider's steps (0.6 may come back as
# 0.6000000000000001), and the readout can tell (-0.00 against 0.00).
EXPECTED_SOURCE = """import base64, json
import ipywidgets as _w
_key = next(k for k, c in panel.controls.items() if isinstance(c, _w.FloatSlider))
_fresh = PANEL_FACTORIES[{panel!r}]()
_fresh.set(**{{**panel.values, _key: {value!r}}})
print(json.dumps({{"png": base64.b64encode(bytes(_fresh.image.value)).decode(),
                  "readout": _fresh.readout.value,
                  "kernel_value": panel.controls[_key].value}}))"""

CURRENT = "() => jupyterapp.shell.currentWidget"
RUN_IN_KERNEL = """async code => {
  const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code});
  let out = "";
  future.onIOPub = msg => {
    if (msg.header.msg_type === "stream") out += msg.content.text;
    if (msg.header.msg_type === "error") out += msg.content.evalue;
  };
  await future.done;
  return out;
}"""
SHOWN_PNG = """async image => {
  const bytes = new Uint8Array(await (await fetch(image.src)).arrayBuffer());
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}"""


def panel_notebook() -> dict:
    return one_cell_notebook(PANEL_SOURCE)


@pytest.fixture(scope="module")
def lab() -> str:
    need_lab()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        work = tmp / "notebooks"
        work.mkdir()
        shutil.copy(ROOT / "book" / CHAPTER, work / CHAPTER)
        (work / "burst.ipynb").write_text(json.dumps(panel_notebook()))
        state = tmp / "state"
        environ = {k: v for k, v in lab_environment(state).items() if k != "MPLBACKEND"}
        # Trusted, as tools/workcopy.py and postBuild trust the chapters.
        subprocess.run(
            [sys.executable, "-m", "jupyter", "trust", str(work / CHAPTER)],
            env=environ,
            check=True,
            capture_output=True,
        )
        with jupyter_lab(work, state=state, environ=environ) as base:
            yield base


@pytest.fixture(scope="module")
def chromium(lab, browser):
    """The session's Chromium (one Playwright per process: a second sync
    Playwright cannot start while the first one's loop runs)."""
    return browser


def open_notebook(chromium, base: str, name: str):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    # ?reset: a fresh workspace, with no other notebook open behind it
    page.goto(f"{base}lab/tree/{name}?reset", wait_until="load")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    return page


def test_a_chapter_opens_without_unsaved_changes(lab, chromium):
    page = open_notebook(chromium, lab, CHAPTER)
    try:
        page.wait_for_timeout(2000)  # the kernel is up: anything it rewrites is done
        dirty = page.evaluate(f"() => ({CURRENT})().context.model.dirty")
        tabs = page.locator(".lm-TabBar-tab.jp-mod-dirty").count()
        shown = page.inner_text(".jp-Notebook")
    finally:
        page.context.close()
    assert "VBox(children" not in shown, f"{CHAPTER}: panels shown as text"
    assert not dirty and tabs == 0, (
        f"{CHAPTER} is marked unsaved right after opening (dirty={dirty}, "
        f"{tabs} tab(s) with the unsaved mark)"
    )


def settled_png(page, image) -> str:
    """The image's PNG (base64) once the kernel is idle and it stopped changing."""
    previous = None
    for _ in range(40):
        page.wait_for_function(KERNEL_IDLE, timeout=30_000)
        page.wait_for_timeout(400)
        now = image.evaluate(SHOWN_PNG)
        if now == previous:
            return now
        previous = now
    raise AssertionError("the panel's image kept changing for 20 s after the burst")


def check_shows_the_last_value(page, panel, what: str) -> None:
    image = panel.locator("img").first
    handle = panel.locator(".noUi-handle").first
    shown = settled_png(page, image)
    value = float(handle.get_attribute("aria-valuenow"))
    readout = panel.locator(".widget-html-content").last.inner_html()
    answer = page.evaluate(
        RUN_IN_KERNEL, EXPECTED_SOURCE.format(panel=PANEL, value=value)
    )
    expected = json.loads(answer)
    assert expected["readout"] == readout, (
        f"after {what}, the readout is not the one for the slider's value {value} "
        f"(the kernel's slider holds {expected['kernel_value']})"
    )
    assert_same_picture(
        shown,
        expected["png"],
        f"after {what}, the image is not the one for the slider's value {value} "
        f"(the kernel's slider holds {expected['kernel_value']})",
    )


def assert_same_picture(shown: str, expected: str, message: str) -> None:
    from PIL import Image

    def pixels(png: str) -> np.ndarray:
        with Image.open(io.BytesIO(base64.b64decode(png))) as image:
            return np.asarray(image.convert("RGBA"))

    a, b = pixels(shown), pixels(expected)
    assert a.shape == b.shape, f"{message}: size {a.shape} against {b.shape}"
    differ = np.any(a != b, axis=-1)
    assert not differ.any(), f"{message}: {int(differ.sum())} pixels differ"


def test_a_burst_of_slider_moves_ends_on_the_last_value(lab, chromium):
    page = open_notebook(chromium, lab, "burst.ipynb")
    try:
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        panel = page.locator(".jp-OutputArea-output .widget-vbox").first
        panel.locator("img").first.wait_for(state="visible", timeout=60_000)
        handle = panel.locator(".noUi-handle").first
        start = float(handle.get_attribute("aria-valuenow"))

        handle.focus()
        for _ in range(BURST_PRESSES):  # no waiting: they queue behind the kernel
            page.keyboard.press("ArrowLeft", delay=0)
        after_keys = float(handle.get_attribute("aria-valuenow"))
        assert after_keys < start, "the arrow keys did not move the slider"
        check_shows_the_last_value(page, panel, f"{BURST_PRESSES} quick key presses")

        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 21):
            page.mouse.move(x + 6 * step, y)
        page.mouse.up()
        assert float(handle.get_attribute("aria-valuenow")) > after_keys, (
            "the drag did not move the slider"
        )
        check_shows_the_last_value(page, panel, "a fast drag")
    finally:
        page.context.close()
