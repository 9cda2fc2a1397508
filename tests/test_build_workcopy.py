"""The learner's working copy (tools/workcopy.py, `make lab`, `make reset-chapter`)."""

from __future__ import annotations

import json

import nbformat
import pytest
from booksite import ROOT, toc_notebooks
from nbformat.sign import NotebookNotary
from workcopy import (
    REPLACED,
    SOLUTION_LINE,
    book_files,
    find_chapter,
    fold_solutions,
    main,
    reset,
    solution_code_cells,
    update,
)


def folded(path) -> nbformat.NotebookNode:
    """A book notebook as the working copy holds it (solutions folded)."""
    notebook = nbformat.read(path, as_version=4)
    fold_solutions(notebook)
    return notebook


def test_update_copies_every_chapter_trusted_and_never_overwrites(tmp_path):
    work = tmp_path / "my-notebooks"
    added = update(work)
    assert {p.name for p in added} == {p.name for p in book_files()}
    first = toc_notebooks()[1]
    copy = work / first.name
    notary = NotebookNotary()
    assert notary.check_signature(nbformat.read(copy, as_version=4))
    mine = json.loads(copy.read_text())
    mine["cells"][0]["source"] = "my own notes"
    copy.write_text(json.dumps(mine))
    (work / "intro.ipynb").unlink()
    again = update(work)
    assert [p.name for p in again] == ["intro.ipynb"], "only the missing page is added"
    assert json.loads(copy.read_text())["cells"][0]["source"] == "my own notes"


def test_reset_restores_one_chapter_and_keeps_the_learners_version(tmp_path):
    work = tmp_path / "my-notebooks"
    update(work)
    chapter = toc_notebooks()[2]
    (work / chapter.name).write_text("edited")
    other = toc_notebooks()[1]
    (work / other.name).write_text("also edited")
    number = chapter.stem.split("_")[0]
    reset(str(int(number)), work)
    assert nbformat.read(work / chapter.name, as_version=4) == folded(chapter)
    assert (work / other.name).read_text() == "also edited", "other chapters untouched"
    (kept,) = (work / REPLACED).iterdir()
    assert kept.read_text() == "edited" and kept.name.startswith(chapter.stem)


@pytest.mark.parametrize("name", ["01", "1", "01_neuron", "book/01_neuron.ipynb"])
def test_a_chapter_is_named_by_number_stem_or_path(name):
    assert find_chapter(name) == ROOT / "book" / "01_neuron.ipynb"


def test_an_unknown_chapter_names_the_choices():
    with pytest.raises(SystemExit, match="CH='99' names no chapter.*01_neuron"):
        find_chapter("99")


def exercise_notebook() -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(
        cells=[
            code("x = 1"),
            md(
                "```{exercise} One\n:label: e1\nAdd.\n```\n\n"
                "```{solution-start} e1\n:class: dropdown\n```\n\nThe sum is 2."
            ),
            code("y = x + 1\nprint(y)"),
            md("A remark inside the solution."),
            code("assert y == 2"),
            md("```{solution-end}\n```"),
            code("z = 3"),
            # A whole solution in one cell: the cells after it are not inside.
            md("```{solution-start} e2\n```\nNothing.\n```{solution-end}\n```"),
            code("w = 4"),
        ]
    )


def test_the_code_cells_of_a_solution_are_found_and_folded_once():
    notebook = exercise_notebook()
    assert solution_code_cells(notebook) == [2, 4]
    assert fold_solutions(notebook) == 2
    once = nbformat.writes(notebook)
    for index in (2, 4):
        cell = notebook.cells[index]
        assert cell.metadata["collapsed"] is True
        assert cell.metadata["jupyter"] == {
            "source_hidden": True,
            "outputs_hidden": True,
        }
        assert cell.source.splitlines()[0] == SOLUTION_LINE
    assert notebook.cells[2].source == f"{SOLUTION_LINE}\ny = x + 1\nprint(y)"
    for index in (0, 3, 6, 8):
        assert notebook.cells[index].metadata == {}, f"cell {index} changed"
    assert notebook.cells[6].source == "z = 3"
    fold_solutions(notebook)
    assert nbformat.writes(notebook) == once, "folding twice changed the notebook"
    nbformat.validate(notebook)


def test_every_chapter_solution_is_folded_in_the_copy_and_nothing_else(tmp_path):
    work = tmp_path / "my-notebooks"
    update(work)
    total = 0
    for chapter in toc_notebooks():
        book = nbformat.read(chapter, as_version=4)
        copy = nbformat.read(work / chapter.name, as_version=4)
        inside = solution_code_cells(book)
        total += len(inside)
        assert len(copy.cells) == len(book.cells)
        for index, (mine, theirs) in enumerate(
            zip(copy.cells, book.cells, strict=True)
        ):
            if index in inside:
                assert mine.metadata["jupyter"]["source_hidden"] is True
                assert mine.source == f"{SOLUTION_LINE}\n{theirs.source}"
                assert mine.outputs == theirs.outputs
            else:
                assert mine == theirs, f"{chapter.name} cell {index} changed"
    assert total >= 20, f"only {total} solution code cells in the book"


def test_fold_prepares_notebooks_in_place_for_binder(tmp_path):
    chapter = toc_notebooks()[1]
    target = tmp_path / chapter.name
    target.write_bytes(chapter.read_bytes())
    assert main(["fold", str(target)]) == 0
    notebook = nbformat.read(target, as_version=4)
    assert notebook == folded(chapter)
    assert NotebookNotary().check_signature(notebook), "not trusted after fold"
