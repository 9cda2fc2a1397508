"""The learner's working copy (tools/workcopy.py, `make lab`, `make reset-chapter`)."""

from __future__ import annotations

import json

import nbformat
import pytest
from booksite import ROOT, toc_notebooks
from nbformat.sign import NotebookNotary
from workcopy import REPLACED, book_files, find_chapter, reset, update


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
    assert (work / chapter.name).read_bytes() == chapter.read_bytes()
    assert (work / other.name).read_text() == "also edited", "other chapters untouched"
    (kept,) = (work / REPLACED).iterdir()
    assert kept.read_text() == "edited" and kept.name.startswith(chapter.stem)


@pytest.mark.parametrize("name", ["01", "1", "01_neuron", "book/01_neuron.ipynb"])
def test_a_chapter_is_named_by_number_stem_or_path(name):
    assert find_chapter(name) == ROOT / "book" / "01_neuron.ipynb"


def test_an_unknown_chapter_names_the_choices():
    with pytest.raises(SystemExit, match="CH='99' names no chapter.*01_neuron"):
        find_chapter("99")
