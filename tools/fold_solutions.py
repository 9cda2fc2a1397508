"""Fold the exercises' solutions in JupyterLab, as the book folds them on the web.

An exercise's solution is the run of cells after a markdown cell holding
```` ```{solution-start} ```` and before one holding ```` ```{solution-end} ````.
The book shows it as a closed dropdown; jupyterlab-myst folds the markdown,
but it cannot reach the code cells in between. JupyterLab (and JupyterLite)
hide a cell's code and outputs when its metadata says
``"jupyter": {"source_hidden": true, "outputs_hidden": true}``: the reader
sees two thin bars and opens them with a click. This tool sets that metadata on
every code cell inside a solution of every notebook of _toc.yml. Nothing else
changes (Jupyter Book and nbval ignore this metadata).

Usage:
    python tools/fold_solutions.py --check     # list code cells left unfolded
    python tools/fold_solutions.py --write     # fold them in place
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import toc_notebooks  # noqa: E402

FOLDED = {"source_hidden": True, "outputs_hidden": True}


def solution_code_cells(notebook: nbformat.NotebookNode) -> list[int]:
    """Indices of the code cells inside a solution-start ... solution-end run."""
    inside, found = False, []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            # The last of the two directives in the cell decides.
            start = cell.source.rfind("```{solution-start}")
            end = cell.source.rfind("```{solution-end}")
            if start != end:
                inside = start > end
        elif inside and cell.cell_type == "code":
            found.append(index)
    return found


def unfolded(path: Path) -> list[int]:
    """Solution code cells of a notebook that JupyterLab would show open."""
    notebook = nbformat.read(path, as_version=4)
    return [
        i
        for i in solution_code_cells(notebook)
        if {k: notebook.cells[i].metadata.get("jupyter", {}).get(k) for k in FOLDED}
        != FOLDED
    ]


def fold(path: Path) -> int:
    """Fold every solution code cell of a notebook; how many changed."""
    todo = unfolded(path)
    if todo:
        notebook = nbformat.read(path, as_version=4)
        for i in todo:
            notebook.cells[i].metadata.setdefault("jupyter", {}).update(FOLDED)
        nbformat.write(notebook, path)
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    status = 0
    for path in toc_notebooks():
        if args.write:
            if changed := fold(path):
                print(f"{path}: folded {changed} solution cell(s)")
        elif cells := unfolded(path):
            print(f"{path}: solution code cells not folded: {cells}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
