"""Write (or check) the setup cell: the first code cell of every chapter notebook.

The cell makes ``import nnlib`` work wherever a reader opens the notebook:

- in this book's own environment (``make lab``, Binder) nnlib is installed
  already and the cell does nothing;
- in JupyterLite (the browser, Pyodide) it installs the nnlib wheel that the
  book's lite site serves (tools/build_lite.py), never reaching PyPI for it;
- elsewhere (Colab, a bare Jupyter) it installs nnlib from the repository,
  whose URL comes from ``repository.url`` in _config.yml.

The cell's text is TEMPLATE below, the same in every notebook of _toc.yml, and
tests/test_build_setup_cell.py checks it. Only the source changes (tags are
kept, "remove-cell" added if missing); outputs are left alone.

Usage:
    python tools/setup_cell.py --check     # list notebooks whose cell differs
    python tools/setup_cell.py --write     # rewrite those cells in place
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import repository_url, toc_notebooks  # noqa: E402

TEMPLATE = '''\
# Outside this book's own environment, install nnlib first: in the browser
# (JupyterLite) from the book's own site, elsewhere (Colab, a bare Jupyter)
# from the book's repository.
import importlib.util
import sys

if importlib.util.find_spec("nnlib") is None:
    if sys.platform == "emscripten":
        %pip install nnlib
    else:
        %pip install --quiet "nnlib @ git+{url}"'''

TAG = "remove-cell"


def setup_source(url: str | None = None) -> str:
    """The setup cell's source, for the repository of _config.yml."""
    return TEMPLATE.format(url=url or repository_url())


def first_code_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    return next((c for c in notebook.cells if c.cell_type == "code"), None)


def differs(path: Path, source: str) -> str | None:
    """Why the notebook's setup cell is not the template, or None if it is."""
    notebook = nbformat.read(path, as_version=4)
    cell = first_code_cell(notebook)
    if cell is None:
        return "has no code cell"
    if cell.source != source:
        return "first code cell is not the setup cell template"
    if TAG not in cell.metadata.get("tags", []):
        return f"setup cell lacks the {TAG!r} tag"
    return None


def write(path: Path, source: str) -> bool:
    """Rewrite the setup cell's source and tag, or insert the cell; True if the file changed.

    A notebook whose first code cell is not a setup cell (a new chapter) gets
    one inserted before it; a chapter's own first cell is never overwritten.
    """
    if differs(path, source) is None:
        return False
    notebook = nbformat.read(path, as_version=4)
    cell = first_code_cell(notebook)
    if cell is None or 'find_spec("nnlib")' not in cell.source:
        cell = nbformat.v4.new_code_cell(source)
        position = next(
            (i for i, c in enumerate(notebook.cells) if c.cell_type == "code"),
            len(notebook.cells),
        )
        notebook.cells.insert(position, cell)
    cell.source = source
    tags = cell.metadata.setdefault("tags", [])
    if TAG not in tags:
        tags.append(TAG)
    nbformat.write(notebook, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="default: every notebook of _toc.yml"
    )
    args = parser.parse_args(argv)
    source = setup_source()
    notebooks = args.notebooks or toc_notebooks()
    status = 0
    for path in notebooks:
        if args.write:
            if write(path, source):
                print(f"rewrote the setup cell of {path}")
        elif (reason := differs(path, source)) is not None:
            print(f"{path}: {reason}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
