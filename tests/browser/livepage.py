"""A test-only page with one pure-Python slider panel, for the live mode's tests.

The panel (``SHADE_CELLS``) is an ipywidgets slider and an ``Image`` whose PNG
is made with the standard library (zlib and struct): no numpy, so Pyodide runs
it from the book's own files alone. Its frozen state is saved the way a
notebook saves it (``ipywidgets.embed``), and the page is assembled from the
same pieces as a chapter page: the site's RequireJS and widget manager, the
book's scripts, the note of ``tools/book_ext.py`` and a live configuration
made by the same function as a chapter's.
"""

from __future__ import annotations

import json
from pathlib import Path

IMPORTS_CELL = '''\
import struct
import zlib

import ipywidgets as widgets


def shade_png(shade, width=48, height=24):
    """A grey PNG of one shade (0-255), made with the standard library."""
    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    rows = (b"\\x00" + bytes([shade]) * width) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def shade_panel():
    slider = widgets.IntSlider(value=40, min=0, max=250, step=10, description="shade")
    image = widgets.Image(value=shade_png(40), format="png", width=96, height=48)

    def redraw(change):
        image.value = shade_png(change["new"])

    slider.observe(redraw, names="value")
    return widgets.VBox([slider, image])
'''
PANEL_CELL = "shade_panel()"

CELLS = [
    {"cell_type": "code", "source": "# setup cell (never run live)\n", "outputs": []},
    {"cell_type": "code", "source": IMPORTS_CELL, "outputs": []},
    {"cell_type": "markdown", "source": "A panel:"},
    {"cell_type": "code", "source": PANEL_CELL, "outputs": []},
]
PANEL_INDEX = 3


def frozen_state() -> tuple[dict, dict]:
    """Run the cells here (CPython) and save the panel as a notebook would."""
    from ipywidgets.embed import embed_data

    namespace: dict = {}
    exec(IMPORTS_CELL, namespace)  # noqa: S102
    panel = eval(PANEL_CELL, namespace)  # noqa: S307
    data = embed_data(views=[panel])
    return data["manager_state"], data["view_specs"][0]


def write_page(site: Path, folder: str = "_live_test") -> Path:
    """Write the test page into ``site/folder`` (next to the book's pages)."""
    import book_ext

    state, view = frozen_state()
    config = book_ext.live_config(
        CELLS,
        {PANEL_INDEX: view["model_id"]},
        "../",
        packages=[],
        wheels=["comm", "ipywidgets"],
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Live panel test</title>
<link rel="stylesheet" href="../_static/{book_ext.LIVE_CSS}">
<link rel="stylesheet" href="../_static/{book_ext.A11Y_CSS}">
<script src="../{book_ext.REQUIRE_JS}"></script>
<script src="../_static/{book_ext.GLUE_JS}" data-vendor="../{book_ext.VENDOR_DIR}/html-manager/"></script>
<script src="../{book_ext.WIDGETS_JS}"></script>
<script src="../_static/{book_ext.LIVE_JS}"></script>
<script defer src="../_static/{book_ext.A11Y_JS}"></script>
</head><body><main>
<script type="application/vnd.jupyter.widget-state+json">{json.dumps(state)}</script>
<p>A test panel.</p>
<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">{json.dumps(view)}</script>{book_ext.frozen_note_html()}</div>
{book_ext.live_config_html(config)}
</main></body></html>
"""
    out = site / folder
    out.mkdir(exist_ok=True)
    path = out / "shade.html"
    path.write_text(page, encoding="utf-8")
    return path
