"""The cells each page's live mode runs, run here under CPython through its Python half.

For every page of _toc.yml with slider panels, the live configuration written
into the built page (tools/book_ext.py) is read back, and its cells are run
in a fresh Python process by tools/static/nnbook_live.py, with a recording
function in place of the page's widget manager. This proves, without
Pyodide or a network, that the cells chosen (the imports cell, the panel
cells and what they need) run on their own, in order; that each panel cell
displays one widget, opened through the page's comm; and that a slider
message sent back, as the page sends it, makes the panel redraw its image.
Under Pyodide the same code needs numpy and matplotlib from the Pyodide CDN.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from booksite import ROOT, page_html, toc_files

CONFIG = re.compile(
    r'<script type="application/json" id="nnbook-live-config">(.*?)</script>', re.S
)

PAGES = [
    p
    for p in toc_files()
    if page_html(p).is_file()
    and "nnbook-live-config" in page_html(p).read_text(encoding="utf-8")
]

DRIVER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import nnbook_live

sent = []
def send(kind, comm_id, target, data, metadata, buffers):
    sent.append((kind, comm_id, json.loads(data), [bytes(b) for b in buffers]))
nnbook_live.connect(send)
config = json.loads(sys.stdin.read())
report = []
for cell in config["cells"]:
    ids = nnbook_live.run_cell(cell["source"])
    report.append({"view": cell["view"], "shown": ids})
opened = {m[1]: m[2]["state"] for m in sent if m[0] == "comm_open"}
# Move the first slider of each panel to its maximum, as the page would.
redraws = []
for entry in report:
    if not entry["view"]:
        continue
    shown = entry["shown"][-1]
    def children(i):
        state = opened[i]
        out = [i]
        for c in state.get("children", []):
            out += children(c.removeprefix("IPY_MODEL_"))
        return out
    ids = children(shown)
    slider = next(i for i in ids if opened[i]["_model_name"].endswith("SliderModel"))
    images = [i for i in ids if opened[i]["_model_name"] == "ImageModel"]
    before = len(sent)
    top = opened[slider]["max"]
    value = top if opened[slider]["value"] != top else opened[slider]["min"]
    nnbook_live.receive(slider, json.dumps(
        {"method": "update", "state": {"value": value}, "buffer_paths": []}), [])
    updates = [m for m in sent[before:] if m[0] == "comm_msg" and m[1] in images
               and m[3]]
    redraws.append({"panel": shown, "slider": slider, "images": len(images),
                    "new_pngs": sum(b[:8] == b"\x89PNG\r\n\x1a\n"
                                    for m in updates for b in m[3])})
print(json.dumps({"cells": report, "redraws": redraws}))
"""


@pytest.mark.parametrize("name", PAGES)
def test_live_cells_run_and_redraw_under_cpython(name):
    config = json.loads(CONFIG.search(page_html(name).read_text(encoding="utf-8"))[1])
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(ROOT / "tools" / "static")],
        input=json.dumps(config),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    panels = [c for c in result["cells"] if c["view"]]
    assert panels, f"{name}: no panel cell in the live configuration"
    for cell in panels:
        assert len(cell["shown"]) == 1, f"{name}: a panel cell showed {cell['shown']}"
    for redraw in result["redraws"]:
        assert redraw["images"] >= 1
        assert redraw["new_pngs"] >= 1, f"{name}: moving a slider drew no new image"
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr


def test_cells_to_run_follow_the_names_a_panel_reads():
    from live_cells import cells_to_run, imports_cell, runnable

    def code(source):
        return {"cell_type": "code", "source": source, "outputs": []}

    cells = [
        code("import nnlib  # the setup cell, never run live"),
        {"cell_type": "markdown", "source": "text"},
        code(
            "%matplotlib inline\nimport numpy as np\nfrom nnlib.panels import a_panel"
        ),
        code("data = np.arange(3)\nunused = 1"),
        code("scale = 2"),
        code("training = slow()"),
        code("points = data * scale"),
        code("a_panel(points)"),
        code("a_panel()"),
    ]
    assert imports_cell(cells) == 2
    # The first panel needs points <- data, scale; the second only the imports.
    assert cells_to_run(cells, [7, 8]) == [2, 3, 4, 6, 7, 8]
    assert cells_to_run(cells, [8]) == [2, 8]
    assert runnable(cells[2]["source"]).splitlines()[0] == "import numpy as np"
