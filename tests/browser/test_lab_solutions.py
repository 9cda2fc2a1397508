"""Folded solutions in the reader's own JupyterLab, in Chromium.

`make lab` copies the chapters into my-notebooks/ with every exercise's
solution folded (tools/workcopy.py); Binder's postBuild does the same to book/.
Here the working copy is made the same way in a temporary folder, and a
JupyterLab server is started on it with `make lab`'s settings file
(tools/lab-config/overrides.json) and no other setting, so the notebook view
is the reader's (tools/lab_server.py, ``every_cell=False``).

- **Folded on opening.** Chapter 1 opens with each solution's code cell folded:
  code and output hidden, one bar in their place whose text says "Solution"
  (not the answer's first line); the folds do not mark it unsaved.
- **One click unfolds.** A click on the bar shows the code.
- **Run All Cells completes.** With the solutions folded, Run > Run All Cells
  runs every code cell (each gets the next execution count of the kernel, in
  order), the page raises no uncaught error, and the code stays folded.
  Completion is read from the notebook's model, not from the prompts on the
  page: a folded cell shows an empty prompt, so waiting for every prompt to
  show a number never ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from booksite import ROOT, need_lab  # also puts tools/ on sys.path
from lab_server import KERNEL_IDLE_JS as KERNEL_IDLE
from lab_server import jupyter_lab, lab_environment
from workcopy import SOLUTION_LINE, solution_code_cells, update

CHAPTER = "01_neuron.ipynb"

# The kernel's execution count now (running an empty line moves it on by one).
KERNEL_COUNT = """async () => {
  const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code: "pass"});
  const reply = await future.done;
  return reply.content.execution_count;
}"""
# For each cell index given: is its code folded, its output folded, and what
# does its fold show (once the cell is drawn: JupyterLab draws cells off
# screen when the browser is idle).
FOLDS = """async indices => {
  const notebook = jupyterapp.shell.currentWidget.content;
  await Promise.all(indices.map(i => notebook.widgets[i].ready));
  return indices.map(i => {
    const cell = notebook.widgets[i];
    const bar = cell.node.querySelector(".jp-InputPlaceholder");
    return {inputHidden: cell.inputHidden, outputHidden: cell.outputHidden,
            bar: bar ? bar.textContent : null};
  });
}"""
EXECUTION_COUNTS = """() => {
  const cells = jupyterapp.shell.currentWidget.content.model.cells;
  const counts = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === "code") counts.push([i, cell.executionCount]);
  }
  return counts;
}"""


@contextlib.contextmanager
def environment(values: dict[str, str]):
    """``os.environ`` with ``values`` set, restored on exit."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def lab():
    need_lab()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        state = tmp / "state"
        environ = {
            k: v
            for k, v in lab_environment(state, every_cell=False).items()
            if k != "MPLBACKEND"
        }
        # The working copy as `make lab` makes it, trusted in this Lab's database.
        work = tmp / "my-notebooks"
        with environment({"JUPYTER_DATA_DIR": environ["JUPYTER_DATA_DIR"]}):
            update(work)
        # `make lab`'s settings file, as the reader's environment holds it.
        settings = tmp / "lab-settings"
        settings.mkdir()
        shutil.copy(ROOT / "tools" / "lab-config" / "overrides.json", settings)
        with jupyter_lab(
            work,
            state=state,
            environ=environ,
            every_cell=False,
            app_settings=settings,
        ) as base:
            yield base, work


@pytest.fixture(scope="module")
def chromium(lab, browser):
    """The session's Chromium (one Playwright per process: a second sync
    Playwright cannot start while the first one's loop runs)."""
    return browser


def open_chapter(chromium, base: str):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(uncaught(error)))
    page.goto(f"{base}lab/tree/{CHAPTER}?reset", wait_until="load")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    return page, errors


def uncaught(error) -> str:
    """An uncaught error's message and where it was thrown (minified code)."""
    where = (error.stack or "").splitlines()[1:3]
    return " / ".join([str(error), *(line.strip()[:200] for line in where)])


def solutions(work: Path) -> list[int]:
    found = solution_code_cells(nbformat.read(work / CHAPTER, as_version=4))
    assert len(found) >= 3, f"{CHAPTER}: only {len(found)} solution code cells"
    return found


def test_solutions_open_folded_and_one_click_unfolds_one(lab, chromium):
    base, work = lab
    cells = solutions(work)
    page, errors = open_chapter(chromium, base)
    try:
        page.wait_for_timeout(1000)  # the kernel is up: anything it rewrites is done
        dirty = page.evaluate(
            "() => jupyterapp.shell.currentWidget.context.model.dirty"
        )
        assert not dirty, f"{CHAPTER} with its folds is marked unsaved on opening"
        folds = page.evaluate(FOLDS, cells)
        for index, fold in zip(cells, folds, strict=True):
            assert fold["inputHidden"] and fold["outputHidden"], (
                f"{CHAPTER}: solution cell {index} is not folded on opening: {fold}"
            )
            assert fold["bar"] and "Solution" in fold["bar"], (
                f"{CHAPTER}: the fold of cell {index} does not say it holds a "
                f"solution: {fold['bar']!r}"
            )
        first = page.locator(".jp-Notebook .jp-Cell").nth(cells[0])
        answer = nbformat.read(work / CHAPTER, as_version=4).cells[cells[0]].source
        second_line = answer.splitlines()[1]
        assert answer.splitlines()[0] == SOLUTION_LINE
        code = first.locator(".jp-InputArea .cm-content")
        assert not code.is_visible(), "a folded solution's code is on view"
        bar = first.locator(".jp-InputPlaceholder")
        bar.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir() / "lab-solution-folded.png"))
        bar.click()
        code.wait_for(state="visible", timeout=10_000)
        assert second_line.strip() in code.inner_text(), (
            "one click on the fold did not show the solution's code"
        )
        assert not page.evaluate(FOLDS, [cells[0]])[0]["inputHidden"]
        page.screenshot(path=str(screenshot_dir() / "lab-solution-unfolded.png"))
    finally:
        page.context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def test_run_all_cells_completes_with_solutions_folded(lab, chromium):
    base, work = lab
    cells = solutions(work)
    page, errors = open_chapter(chromium, base)
    try:
        assert all(f["inputHidden"] for f in page.evaluate(FOLDS, cells))
        before = page.evaluate(KERNEL_COUNT)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        deadline = time.monotonic() + 240
        while True:
            counts = page.evaluate(EXECUTION_COUNTS)
            expected = list(range(before + 1, before + 1 + len(counts)))
            if [c for _, c in counts] == expected and page.evaluate(KERNEL_IDLE):
                break
            if errors or time.monotonic() > deadline:
                page.screenshot(path=str(screenshot_dir() / "lab-run-all-stalled.png"))
                not_run = [
                    i for (i, c), e in zip(counts, expected, strict=True) if c != e
                ]
                raise AssertionError(
                    f"{CHAPTER}: Run All Cells did not run every code cell in order "
                    f"(cells not run after the kernel's count {before}: {not_run}; "
                    f"uncaught errors: {errors})"
                )
            page.wait_for_timeout(500)
        folds = page.evaluate(FOLDS, cells)
        page.screenshot(path=str(screenshot_dir() / "lab-run-all-done.png"))
    finally:
        page.context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
    assert all(f["inputHidden"] for f in folds), (
        f"a run unfolded a solution's code: {folds}"
    )


def screenshot_dir() -> Path:
    path = ROOT / "_build" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
