"""A JupyterLab server on 127.0.0.1 for a test or a benchmark: started, waited for, stopped.

    with jupyter_lab(folder, state=tmp) as base:   # base = "http://127.0.0.1:<port>/"
        page.goto(base + "lab/tree/01_neuron.ipynb?reset")

The server has no token or password (loopback only) and exposes the Lab
application to the page as ``window.jupyterapp``, so a browser can ask it for
the kernel's status or a notebook's model. Its notebook trust database, user
settings and workspaces live under ``state`` (not the user's), and every cell
is rendered, not only those on screen (``windowingMode: none``), so a test can
check all of them. A test of the reader's own JupyterLab passes
``every_cell=False`` and ``app_settings=`` a folder holding `make lab`'s
settings file (tools/lab-config/overrides.json), so that Lab runs with those
settings alone.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

__all__ = [
    "KERNEL_IDLE_JS",
    "free_port",
    "jupyter_lab",
    "lab_environment",
    "one_cell_notebook",
]

KERNEL_IDLE_JS = """() => {
  const widget = window.jupyterapp && jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return kernel && kernel.status === "idle";
}"""
"""Whether the notebook shown in JupyterLab has a kernel, and it is idle
(for Playwright's ``page.wait_for_function``)."""


def one_cell_notebook(source: str, cell_id: str = "panel") -> dict:
    """A notebook (as nbformat's JSON) of one code cell holding ``source``, on
    the kernel the chapters name (``python3``, "Python 3 (ipykernel)")."""
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {},
        "outputs": [],
        "source": source,
    }
    kernelspec = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return {
        "cells": [cell],
        "metadata": {"kernelspec": kernelspec},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of asking."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_environment(
    state: Path, base: Mapping[str, str] | None = None, *, every_cell: bool = True
) -> dict:
    """``base`` (default os.environ) with Jupyter's data, settings and workspaces under ``state``.

    ``every_cell``: a user setting renders every cell, not only those on screen.
    """
    environ = dict(os.environ if base is None else base)
    environ["JUPYTER_DATA_DIR"] = str(state / "jupyter-data")
    environ["JUPYTERLAB_SETTINGS_DIR"] = str(state / "lab-user-settings")
    environ["JUPYTERLAB_WORKSPACES_DIR"] = str(state / "lab-workspaces")
    settings = state / "lab-user-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    tracker = settings / "tracker.jupyterlab-settings"
    if every_cell:
        tracker.write_text('{"windowingMode": "none"}')
    else:
        tracker.unlink(missing_ok=True)
    return environ


@contextlib.contextmanager
def jupyter_lab(
    notebook_dir: Path,
    *,
    state: Path,
    environ: Mapping[str, str] | None = None,
    jupyter: Sequence[str] = (sys.executable, "-m", "jupyter"),
    cwd: Path | None = None,
    timeout: float = 90,
    every_cell: bool = True,
    app_settings: Path | None = None,
) -> Iterator[str]:
    """JupyterLab serving ``notebook_dir``; yields its base URL, stops it on exit.

    ``jupyter`` is the command that starts it (another environment's
    ``bin/jupyter``, say); ``environ`` the environment to run it in
    (see :func:`lab_environment`, applied to it here with ``every_cell``);
    ``app_settings`` a folder whose ``overrides.json`` replaces the
    environment's own Lab settings defaults.
    """
    port = free_port()
    process = subprocess.Popen(
        [
            *jupyter,
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--LabApp.expose_app_in_browser=True",
            f"--notebook-dir={notebook_dir}",
            *([f"--LabApp.app_settings_dir={app_settings}"] if app_settings else []),
        ],
        cwd=cwd,
        env=lab_environment(state, environ, every_cell=every_cell),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "api", timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("JupyterLab exited at start-up") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"JupyterLab did not start in {timeout:.0f} s"
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
