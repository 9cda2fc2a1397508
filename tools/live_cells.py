"""Which cells of a chapter its page runs to make the panels live.

A page's live mode (tools/static/nnbook-live.js) runs, in the reader's browser,
the same notebook cells that drew the saved panels: the chapter's imports
cell, then each panel cell, with any earlier cell that a panel cell needs
(found by the names it reads). This module finds them in the notebook:

- the setup cell is the first code cell (it installs nnlib; the live mode
  installs it from the book's own site instead), so it is never run;
- the imports cell is the first code cell after it that imports nnlib;
- a panel cell is a code cell whose output is a widget view (tools/book_ext.py
  finds them in the built page, where each view carries its cell's index).

Jupyter magics (``%matplotlib inline``) are dropped: the live mode has no
IPython kernel, and draws with matplotlib's Agg backend like the panels do.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Sequence


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def runnable(source: str) -> str:
    """``source`` without IPython magics and shell escapes (``%...``, ``!...``)."""
    return "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )


def _imports_nnlib(source: str) -> bool:
    try:
        tree = ast.parse(runnable(source))
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "nnlib" for a in node.names
        ):
            return True
        module = getattr(node, "module", None) or ""
        if isinstance(node, ast.ImportFrom) and module.split(".")[0] == "nnlib":
            return True
    return False


def imports_cell(cells: Sequence[dict]) -> int | None:
    """Index of the first code cell after the setup cell that imports nnlib."""
    code = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    for index in code[1:]:
        if _imports_nnlib(cell_source(cells[index])):
            return index
    return None


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell defines, names it reads before defining them)."""
    tree = ast.parse(runnable(source))
    defined: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            stored = isinstance(node.ctx, ast.Store | ast.Del)
            (defined if stored else read).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                defined.add((alias.asname or alias.name).split(".")[0])
    return defined, read - defined - set(dir(builtins))


def cells_to_run(cells: Sequence[dict], panels: Iterable[int]) -> list[int]:
    """The imports cell, the panel cells, and every earlier cell they need, in order.

    A panel cell that reads a name neither it nor the imports cell defines
    pulls in the latest earlier code cell defining it (and, in turn, what that
    cell needs). The setup cell is never included.
    """
    code = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    setup = code[0] if code else None
    first = imports_cell(cells)
    chosen: set[int] = {first} if first is not None else set()
    todo = list(panels)
    while todo:
        index = todo.pop()
        if index in chosen:
            continue
        chosen.add(index)
        _, needs = _names(cell_source(cells[index]))
        for name in sorted(needs):
            for earlier in reversed([i for i in code if i < index and i != setup]):
                defines, _ = _names(cell_source(cells[earlier]))
                if name in defines:
                    if earlier not in chosen:
                        todo.append(earlier)
                    break
    return sorted(chosen)
