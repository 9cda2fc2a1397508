"""Solutions stay folded in JupyterLab (tools/fold_solutions.py)."""

from __future__ import annotations

import nbformat
from booksite import toc_notebooks
from fold_solutions import fold, solution_code_cells, unfolded


def test_every_solution_code_cell_of_the_book_is_folded():
    left = {nb.name: cells for nb in toc_notebooks() if (cells := unfolded(nb))}
    assert not left, f"run `python tools/fold_solutions.py --write`: {left}"


def test_only_the_cells_inside_a_solution_are_folded(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    notebook = nbformat.v4.new_notebook(
        cells=[
            code("before = 1"),
            md(
                "```{exercise} Try\n:label: x\nDo it.\n```\n\n"
                "```{solution-start} x\n:class: dropdown\n```"
            ),
            code("answer = 2"),
            code("print(answer)"),
            md("```{solution-end}\n```"),
            code("after = 3"),
        ]
    )
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook, path)
    assert solution_code_cells(notebook) == [2, 3]
    assert unfolded(path) == [2, 3]
    assert fold(path) == 2 and unfolded(path) == [] and fold(path) == 0
    cells = nbformat.read(path, as_version=4).cells
    assert cells[2].metadata.jupyter == {"source_hidden": True, "outputs_hidden": True}
    assert "jupyter" not in cells[0].metadata and "jupyter" not in cells[5].metadata
