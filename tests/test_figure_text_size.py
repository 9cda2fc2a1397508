"""Every figure the book shows is readable at page width.

Each notebook of ``_toc.yml`` is executed in a fresh kernel whose IPython
startup file (:data:`HOOK`) wraps ``matplotlib.figure.Figure.draw``. Every
render of a figure, whichever way it reaches the page (the inline backend, a
``Figure`` shown by ``display``, a slider panel's image, every frame an
animation saves), records each visible, non-empty text of the figure and
each legend's overlap with the plotted data, with the cell it came from.

**Text size.** A text of ``s`` points in a figure drawn at ``dpi`` is
``s * dpi / 72`` pixels tall in the PNG. The page shows a PNG at its own
width, or shrunk to the content width when it is wider, so on the page it is

    s * dpi / 72 * min(1, CONTENT_WIDTH / png_width)

pixels tall, which must be at least :data:`MIN_TEXT_PX`.

:data:`CONTENT_WIDTH` is the width the book's theme (sphinx-book-theme, as
Jupyter Book 1 configures it) gives an output image in a 1280 x 800 browser
window, measured in headless Chromium: 672 px (the output column is 688 px,
less its padding). Wider windows give up to 774 px; this is the width of a
common laptop screen.

**Legends.** A legend overlaps the data when a data point of a line or a
scatter of its axes lies inside the legend's box on the canvas (points only;
a straight segment crossing a legend between two points is not seen).
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import nbformat
import pytest
from booksite import ROOT, toc_notebooks
from nbclient import NotebookClient

CONTENT_WIDTH = 672
"""Pixels: an output image's width on a page of the book in a 1280 px window."""
MIN_TEXT_PX = 9.0
"""The smallest text height, in page pixels, the book's figures may show."""

pytestmark = pytest.mark.slow

NOTEBOOKS = [p.relative_to(ROOT).as_posix() for p in toc_notebooks(ROOT)]

HOOK = textwrap.dedent(
    '''
    """Record the text sizes and legend overlaps of every figure drawn (tests)."""
    import json, os

    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    _LOG = os.environ["NNBOOK_FIGURE_LOG"]
    _draw = Figure.draw


    def _cell():
        """The source of the cell running now (IPython stores it before running it)."""
        try:
            return get_ipython().history_manager.input_hist_raw[-1]  # noqa: F821
        except (NameError, AttributeError, IndexError):
            return None


    def _legend_overlaps(fig):
        found = []
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is None or not legend.get_visible():
                continue
            box = legend.get_window_extent()
            for artist in [*ax.lines, *ax.collections]:
                if hasattr(artist, "get_xydata"):
                    pts = artist.get_transform().transform(artist.get_xydata())
                elif hasattr(artist, "get_offsets") and len(artist.get_offsets()):
                    pts = artist.get_offset_transform().transform(artist.get_offsets())
                else:
                    continue
                if not artist.get_visible() or len(pts) == 0:
                    continue
                pts = pts[np.isfinite(pts).all(axis=1)]
                if artist.get_clip_on():  # points outside the axes are not drawn
                    pts = pts[[ax.bbox.contains(px, py) for px, py in pts]]
                    if len(pts) == 0:
                        continue
                inside = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                          & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1))
                if inside.any():
                    found.append(f"{artist.get_label()!r}: {int(inside.sum())} points")
        return found


    def _record(fig, renderer):
        width = renderer.width
        scale = min(1.0, CONTENT_WIDTH / width)
        texts = []
        for t in fig.findobj(Text):
            if not t.get_visible() or not t.get_text().strip():
                continue
            if t.axes is not None and not t.axes.get_visible():
                continue
            px = t.get_fontsize() * renderer.dpi / 72 * scale
            texts.append([round(px, 2), t.get_text()[:40], t.get_fontsize()])
        row = {"cell": _cell(), "dpi": renderer.dpi, "width": width,
               "size": [fig.get_figwidth(), fig.get_figheight()],
               "texts": texts, "legends": _legend_overlaps(fig)}
        with open(_LOG, "a") as f:
            f.write(json.dumps(row) + "\\n")


    def draw(self, renderer):
        result = _draw(self, renderer)
        try:
            _record(self, renderer)
        except Exception as err:  # a recording problem must not change the run
            with open(_LOG, "a") as f:
                f.write(json.dumps({"cell": _cell(), "error": repr(err)}) + "\\n")
        return result


    Figure.draw = draw
    '''
).replace("CONTENT_WIDTH", str(CONTENT_WIDTH))


def run_with_hook(rel: str, workdir: Path) -> tuple[nbformat.NotebookNode, list]:
    """Execute notebook ``rel`` with :data:`HOOK` installed; its cells and records."""
    ipython_dir = workdir / rel.replace("/", "_") / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00_figure_log.py").write_text(HOOK)
    log = ipython_dir.parent / "figures.jsonl"
    log.touch()
    path = ROOT / rel
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    env = {
        **os.environ,
        "IPYTHONDIR": str(ipython_dir),
        "NNBOOK_FIGURE_LOG": str(log),
        "PYTHONHASHSEED": "0",
    }
    client.execute(env=env)
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    return nb, rows


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Every notebook's figure records, keyed by notebook."""
    workdir = tmp_path_factory.mktemp("figures")
    return {rel: run_with_hook(rel, workdir) for rel in NOTEBOOKS}


def cell_index(nb, source):
    """The index in ``nb.cells`` of the code cell whose source is ``source``."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip() == (source or "").strip():
            return i
    return None


def small_texts(rows):
    """``{(cell, text): smallest page pixels}`` for texts under :data:`MIN_TEXT_PX`."""
    found = {}
    for row in rows:
        for px, text, _ in row.get("texts", []):
            key = (row["cell"], text)
            if px < MIN_TEXT_PX:
                found[key] = min(px, found.get(key, px))
    return found


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_the_hook_ran_without_errors(records, rel):
    _, rows = records[rel]
    errors = [row for row in rows if "error" in row]
    assert not errors, f"{rel}: the figure hook failed: {errors[:3]}"


def test_the_hook_saw_the_books_figures(records):
    drawn = {rel for rel, (_, rows) in records.items() if rows}
    assert {"book/04_backprop.ipynb", "book/05_gradient_descent.ipynb"} <= drawn


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_no_text_is_smaller_than_9_px_at_page_width(records, rel):
    nb, rows = records[rel]
    small = small_texts(rows)
    lines = [
        f"cell {cell_index(nb, cell)}: {text!r} is {px:.1f} px"
        for (cell, text), px in sorted(small.items(), key=lambda kv: kv[1])
    ]
    assert not lines, (
        f"{rel}: {len(lines)} text(s) under {MIN_TEXT_PX:g} px at a content width "
        f"of {CONTENT_WIDTH} px:\n" + "\n".join(lines[:40])
    )


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_no_legend_covers_plotted_data(records, rel):
    nb, rows = records[rel]
    covered = sorted(
        {
            f"cell {cell_index(nb, row['cell'])}: {hit}"
            for row in rows
            for hit in row.get("legends", [])
        }
    )
    assert not covered, f"{rel}: legends over data points:\n" + "\n".join(covered)


# -- the measurement must be able to fail ------------------------------------------


def test_the_hook_measures_a_small_text_and_a_covering_legend(tmp_path, monkeypatch):
    import matplotlib.figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("NNBOOK_FIGURE_LOG", str(log))
    original = matplotlib.figure.Figure.draw
    try:
        exec(HOOK, {"__name__": "hook"})
        fig = matplotlib.figure.Figure(figsize=(10.0, 3.0), dpi=72)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot([0, 1, 2], [0, 1, 2], label="line")
        ax.text(1, 1, "tiny", fontsize=6)
        ax.legend(loc="center")  # over the point (1, 1)
        fig.canvas.draw()
    finally:
        matplotlib.figure.Figure.draw = original
    (row,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert row["width"] == 720 and row["dpi"] == 72
    # 6 pt at 72 dpi is 6 px in a 720 px image, shown 672 px wide.
    (tiny,) = [t for t in row["texts"] if t[1] == "tiny"]
    assert tiny[0] == pytest.approx(6 * 672 / 720, abs=0.01)
    assert small_texts([row])[(None, "tiny")] == tiny[0]
    assert row["legends"] == ["'line': 1 points"]


def summary(records):
    """One line per cell with a small text or a covered legend: the smallest size."""
    lines = []
    for rel, (nb, rows) in records.items():
        cells = {}
        for (cell, text), px in small_texts(rows).items():
            n, low, example = cells.get(cell, (0, px, text))
            cells[cell] = (n + 1, min(low, px), text if px <= low else example)
        for cell, (n, low, example) in sorted(cells.items(), key=lambda kv: kv[1][1]):
            lines.append(
                f"{rel} cell {cell_index(nb, cell)}: {n} texts under "
                f"{MIN_TEXT_PX:g} px, smallest {low:.1f} px ({example!r})"
            )
        for row in rows:
            for hit in row.get("legends", []):
                lines.append(
                    f"{rel} cell {cell_index(nb, row['cell'])}: legend over {hit}"
                )
    return sorted(set(lines))


if __name__ == "__main__":  # list every finding: python tests/test_figure_text_size.py
    import sys
    import tempfile

    chosen = sys.argv[1:] or NOTEBOOKS
    with tempfile.TemporaryDirectory() as tmp:
        found = {rel: run_with_hook(rel, Path(tmp)) for rel in chosen}
    print("\n".join(summary(found)) or "no findings")
