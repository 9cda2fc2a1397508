"""Running the book again gives the same text: every toc notebook, re-executed.

The notebooks' stored outputs come from one clean run (``make notebooks``).
Here every notebook listed in ``_toc.yml`` is executed again, each in a fresh
kernel, inside a temporary copy of the work tree, and in REVERSE toc order
(so a chapter that silently relied on an earlier one having run first, for
example through a file it wrote, fails). Then:

(a) every code cell's text outputs (stdout, stderr, ``text/plain`` results,
    errors) equal the stored ones, except in cells tagged
    ``nbval-ignore-output`` (widgets and animations; their numbers are tested
    elsewhere) or ``nbval-skip``;
(b) no notebook wrote, changed or deleted a file in the book's folder tree.

nbval (``make nbval``) compares one fresh run with the stored run too; this
test adds the order and the file checks, and reports every mismatch at once.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from booksite import ROOT, toc_notebooks
from nbclient import NotebookClient
from toc import WORK_TREE_SKIP, copy_work_tree

IGNORE_TAGS = {"nbval-ignore-output", "nbval-skip"}
TEXT_MIMES = ("text/plain", "text/markdown", "text/latex")

pytestmark = pytest.mark.slow


NOTEBOOKS = [p.relative_to(ROOT).as_posix() for p in toc_notebooks(ROOT)]


def text_outputs(cell: Any) -> list[tuple[str, str]]:
    """A code cell's outputs as text: consecutive stream pieces joined (how a
    stream is split into outputs depends on flush timing, not on the code)."""
    out: list[tuple[str, str]] = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            if out and out[-1][0] == o["name"]:
                out[-1] = (o["name"], out[-1][1] + o["text"])
            else:
                out.append((o["name"], o["text"]))
        elif kind in ("execute_result", "display_data"):
            for mime in TEXT_MIMES:
                if mime in o.get("data", {}):
                    text = o["data"][mime]
                    out.append(
                        (mime, "".join(text) if isinstance(text, list) else text)
                    )
        elif kind == "error":
            out.append(("error", f"{o.get('ename')}: {o.get('evalue')}"))
    return out


def compared_cells(nb: Any) -> dict[int, list[tuple[str, str]]]:
    return {
        i: text_outputs(cell)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and not IGNORE_TAGS & set(cell.metadata.get("tags", []))
    }


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with a hash of its content."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in WORK_TREE_SKIP]
        for name in filenames:
            path = Path(dirpath) / name
            files[path.relative_to(root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return files


@pytest.fixture(scope="module")
def rerun(tmp_path_factory):
    """Copy the tree, execute every toc notebook in reverse order, snapshot files."""
    copy = tmp_path_factory.mktemp("book") / "tree"
    copy_work_tree(copy)
    before = snapshot(copy)
    env_backup = dict(os.environ)
    # What the Makefile exports for `make notebooks`, so the runs compare alike.
    os.environ.update({"PYTHONHASHSEED": "0"})
    fresh: dict[str, Any] = {}
    try:
        for rel in reversed(NOTEBOOKS):
            path = copy / rel
            nb = nbformat.read(path, as_version=4)
            NotebookClient(
                nb,
                timeout=600,
                kernel_name="python3",
                allow_errors=True,  # an error shows up as a mismatch, with its message
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()
            fresh[rel] = nb
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    return {"copy": copy, "before": before, "after": snapshot(copy), "fresh": fresh}


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_text_outputs_equal_the_stored_ones(rerun, rel):
    stored = compared_cells(nbformat.read(ROOT / rel, as_version=4))
    fresh = compared_cells(rerun["fresh"][rel])
    assert stored.keys() == fresh.keys(), f"{rel}: the cells differ; is the copy stale?"
    diffs = [
        f"cell {i}:\n  stored: {stored[i]!r}\n  fresh:  {fresh[i]!r}"
        for i in stored
        if stored[i] != fresh[i]
    ]
    assert not diffs, (
        f"{rel}: {len(diffs)} cell(s) print something else on a fresh run\n"
        + ("\n".join(diffs))
    )


def test_no_notebook_writes_into_the_book_folder(rerun):
    before, after = rerun["before"], rerun["after"]
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    assert not (added or removed or changed), (
        f"running the notebooks changed the tree: added {added}, removed {removed}, "
        f"changed {changed}"
    )


def test_every_toc_notebook_ran(rerun):
    assert NOTEBOOKS, "no notebook found in _toc.yml"
    assert list(rerun["fresh"]) == list(reversed(NOTEBOOKS))


# -- the comparison must be able to fail ----------------------------------------------


def test_text_outputs_join_streams_and_keep_text():
    cell = nbformat.v4.new_code_cell(
        "x",
        outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="a = 1\n"),
            nbformat.v4.new_output("stream", name="stdout", text="b = 2\n"),
            nbformat.v4.new_output(
                "display_data", data={"text/plain": "<Figure>", "image/png": "AAA"}
            ),
            nbformat.v4.new_output(
                "error", ename="ValueError", evalue="bad", traceback=[]
            ),
        ],
    )
    assert text_outputs(cell) == [
        ("stdout", "a = 1\nb = 2\n"),
        ("text/plain", "<Figure>"),
        ("error", "ValueError: bad"),
    ]
    ignored = nbformat.v4.new_code_cell("y", metadata={"tags": ["nbval-ignore-output"]})
    nb = nbformat.v4.new_notebook(cells=[cell, ignored])
    assert list(compared_cells(nb)) == [0]


def test_snapshot_sees_a_written_file(tmp_path):
    (tmp_path / "a.txt").write_text("1")
    before = snapshot(tmp_path)
    (tmp_path / "a.txt").write_text("2")
    (tmp_path / "b.csv").write_text("x")
    after = snapshot(tmp_path)
    assert after.keys() - before.keys() == {"b.csv"}
    assert before["a.txt"] != after["a.txt"]
