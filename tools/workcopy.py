"""The learner's own working copy of the chapters (what `make lab` opens).

Experiments belong to the learner, not to the repository: `make lab` opens
JupyterLab on ``my-notebooks/`` (ignored by git), never on ``book/``. Running
or editing a chapter there leaves ``git status`` clean, and ``git pull`` never
touches it.

    python tools/workcopy.py update           # create the folder, add chapters it lacks
    python tools/workcopy.py reset CHAPTER    # restore one chapter from the book

``update`` copies every notebook of _toc.yml (and the glossary and references
pages) that the folder does not have yet, so a chapter added to the book later
appears there too; a chapter already in the folder is never overwritten. Each
notebook copied is marked trusted, so JupyterLab shows its stored figures,
animations and slider panels (from the saved widget state) before it runs,
and its exercises' solutions are folded (see :func:`fold_solutions`).

``reset`` puts the book's version of one chapter back (CHAPTER is its number
or its name: ``2``, ``02``, ``02_activations`` or ``book/02_activations.ipynb``).
The learner's version is first moved to ``my-notebooks/.replaced/`` with a time
stamp, so that nothing is lost by a reset.

    python tools/workcopy.py fold NOTEBOOK...   # fold solutions and trust, in place

``fold`` prepares notebooks in place as ``update`` prepares its copies (Binder's
postBuild runs it on book/, which is the reader's copy there). The book's own
notebooks in the repository are never changed: the HTML book, nbval and
JupyterLite read them as they are.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import ROOT, page_source, toc_files  # noqa: E402

WORK = ROOT / "my-notebooks"
REPLACED = ".replaced"
SOLUTION_START = "```{solution-start}"
SOLUTION_END = "```{solution-end}"
SOLUTION_LINE = "# Solution (click to show the code)"
"""The first line of a folded solution's code: JupyterLab shows it on the fold."""


def shown(path: Path) -> str:
    """A path as the learner types it: relative to the repository when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def book_files() -> list[Path]:
    """What the working copy holds: the notebooks and pages of _toc.yml."""
    return [page_source(page) for page in toc_files()]


def solution_code_cells(notebook) -> list[int]:
    """Indices of the code cells between a solution-start and its solution-end.

    A solution opens in a markdown cell holding ```` ```{solution-start} ````
    (the exercise, and often the worked answer, share that cell) and closes in
    a markdown cell holding ```` ```{solution-end} ````; the later of the two
    directives in a cell decides whether the cells after it are inside.
    """
    inside, found = False, []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            start = cell.source.rfind(SOLUTION_START)
            end = cell.source.rfind(SOLUTION_END)
            if start != end:
                inside = start > end
        elif inside and cell.cell_type == "code":
            found.append(index)
    return found


def fold_solutions(notebook) -> int:
    """Fold the code and output of every solution's code cell; how many cells.

    The book shows each solution as a closed dropdown. jupyterlab-myst folds the
    markdown, but not the code cells that follow it, so they are folded with
    the cell metadata JupyterLab reads: ``jupyter.source_hidden`` for the code
    and ``collapsed`` for the output (``jupyter.outputs_hidden`` too, its
    nbformat name). JupyterLab shows a folded cell as one bar holding the first
    line of its code, and unfolds it on a click; so that bar says "Solution"
    rather than give away the answer's first line (:data:`SOLUTION_LINE`).
    Applying it twice changes nothing.
    """
    cells = solution_code_cells(notebook)
    for index in cells:
        cell = notebook.cells[index]
        if not cell.source.startswith(SOLUTION_LINE + "\n"):
            cell.source = f"{SOLUTION_LINE}\n{cell.source}"
        cell.metadata["collapsed"] = True
        jupyter = cell.metadata.setdefault("jupyter", {})
        jupyter["source_hidden"] = True
        jupyter["outputs_hidden"] = True
    return len(cells)


def prepare(source: Path, target: Path) -> None:
    """Write ``source`` to ``target`` with its solutions folded, and trust it.

    Trusted (signed, as `jupyter trust` does) so that its stored outputs
    render; the signature covers the folded notebook, so it is signed after.
    """
    import nbformat
    from nbformat.sign import NotebookNotary

    notebook = nbformat.read(source, as_version=4)
    fold_solutions(notebook)
    nbformat.write(notebook, target)
    NotebookNotary().sign(notebook)


def copy(source: Path, work: Path) -> Path:
    target = work / source.name
    if target.suffix == ".ipynb":
        prepare(source, target)
    else:
        shutil.copy2(source, target)
    target.chmod(0o644)
    return target


def update(work: Path = WORK) -> list[Path]:
    """Create the working copy if needed and add the chapters it lacks."""
    work.mkdir(exist_ok=True)
    added = [
        copy(source, work)
        for source in book_files()
        if not (work / source.name).exists()
    ]
    for path in added:
        print(f"added {shown(path)}")
    return added


def find_chapter(name: str) -> Path:
    """The book file named by a chapter number, stem or path."""
    wanted = Path(name).name
    files = book_files()
    for path in files:
        if wanted in (path.name, path.stem):
            return path
    if wanted.isdigit():
        for path in files:
            number = path.stem.split("_", 1)[0]
            if number.isdigit() and int(number) == int(wanted):
                return path
    names = ", ".join(path.stem for path in files)
    raise SystemExit(f"CH={name!r} names no chapter; expected one of: {names}")


def reset(name: str, work: Path = WORK) -> Path:
    """Restore one chapter from the book, keeping the learner's version aside."""
    source = find_chapter(name)
    work.mkdir(exist_ok=True)
    target = work / source.name
    if target.exists():
        kept = work / REPLACED
        kept.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = kept / f"{source.stem}-{stamp}{source.suffix}"
        shutil.move(target, backup)
        print(f"your version is kept as {shown(backup)}")
    copy(source, work)
    print(f"restored {shown(target)} from the book")
    return target


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"] and len(argv) == 1:
        update()
        return 0
    if argv[:1] == ["reset"] and len(argv) == 2:
        reset(argv[1])
        return 0
    if argv[:1] == ["fold"] and len(argv) > 1:
        for name in argv[1:]:
            prepare(Path(name), Path(name))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
