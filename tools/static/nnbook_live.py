"""The Python half of a page's live mode (run in Pyodide by nnbook-live.js).

It stands in for the Jupyter kernel, for widgets only:

- ``connect(send)`` makes every ipywidgets comm a :class:`PageComm`, whose
  messages (comm_open, comm_msg, comm_close) go to the page's widget manager
  through the JavaScript function ``send``;
- ``receive(comm_id, data, buffers)`` hands a message from the page (a slider
  moved) to its widget, which runs the panel's own callback and redraws;
- ``run_cell(source)`` runs one notebook cell as Jupyter would (the value of a
  last bare expression is displayed) and returns the model ids of the widgets
  it displayed, so the page can put each live panel where its frozen one was.

Figures are drawn with matplotlib's Agg backend, as in the book's notebooks.
Outside Pyodide (in the tests, under CPython) buffers are passed as bytes.
"""

from __future__ import annotations

import ast
import json
import os
from typing import Any

os.environ["MPLBACKEND"] = "Agg"

import comm  # noqa: E402
from comm.base_comm import BaseComm  # noqa: E402

NAMESPACE: dict[str, Any] = {"__name__": "__main__"}
"""The cells' global namespace, shared by every cell of the page."""

_send = None
_displayed: list[str] = []


def _jsonable(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


class PageComm(BaseComm):
    """A comm whose messages go to the page's widget manager."""

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        try:
            from pyodide.ffi import to_js
        except ImportError:  # CPython, in the tests: plain bytes
            to_js = list
        if _send is None:
            raise RuntimeError("nnbook_live.connect(send) was not called")
        _send(
            msg_type,
            self.comm_id,
            keys.get("target_name") or self.target_name,
            json.dumps(data or {}, default=_jsonable),
            json.dumps(metadata or {}, default=_jsonable),
            to_js([bytes(b) for b in buffers or []]),
        )


def display(*objects: Any, **_options: Any) -> None:
    """Record displayed widgets (``IPython.display.display`` while live)."""
    for obj in objects:
        if getattr(obj, "_model_id", None) is not None:
            _displayed.append(obj.model_id)
        elif hasattr(obj, "_ipython_display_"):
            obj._ipython_display_()
        elif obj is not None:
            print(repr(obj))


def connect(send) -> None:
    """Route every widget's comm to the page through ``send``."""
    global _send
    _send = send
    comm.create_comm = PageComm
    import IPython.display

    IPython.display.display = display
    NAMESPACE["display"] = display


def receive(comm_id: str, data: str, buffers) -> None:
    """Deliver one message from the page to the widget of ``comm_id``."""
    target = comm.get_comm_manager().get_comm(comm_id)
    if target is None:
        return
    target.handle_msg(
        {
            "header": {"msg_type": "comm_msg"},
            "parent_header": {},
            "metadata": {},
            "content": {"comm_id": comm_id, "data": json.loads(data)},
            "buffers": [
                bytes(b.to_bytes()) if hasattr(b, "to_bytes") else bytes(b)
                for b in buffers
            ],
        }
    )


def run_cell(source: str) -> list[str]:
    """Run a cell; return the model ids of the widgets it displayed, in order."""
    _displayed.clear()
    tree = ast.parse(source)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<cell>", "exec"), NAMESPACE)  # noqa: S102
    if last is not None:
        value = eval(compile(last, "<cell>", "eval"), NAMESPACE)  # noqa: S307
        if value is not None:
            display(value)
    return list(_displayed)
