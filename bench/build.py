"""How long building and testing the book takes, beside the notebooks' own run time.

All of it happens in a temporary copy of the work tree, never in the shared
``_build/``. The copy links to the real ``.venv`` and ``node_modules`` and the
Makefile's own targets run in it (``make -o .venv/.installed``: the
environment is taken as installed, never reinstalled):

- **clean build**: ``make book`` in the fresh copy (empty execution cache, so
  every notebook is executed; whatever the target does, e.g. the JupyterLite
  site too);
- **rebuild**: ``make book`` again with nothing changed;
- **nbval**: ``make nbval`` (nbval over the toc's notebooks);
- **notebooks' own time**: each toc notebook executed with nbclient in a fresh
  kernel; the sum of its cells' execution times (kernel start-up excluded).

Each of the first three is shown as a ratio to the last, so the overhead of
the tooling shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = ["BuildTimes", "toc_notebooks", "notebook_execution_seconds", "build_times"]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
# tools/toc.py is the one reader of _toc.yml
from toc import copy_work_tree, toc_notebooks  # noqa: E402


@dataclass(frozen=True)
class BuildTimes:
    notebooks: dict[str, float]  # seconds of cell execution per notebook
    clean_build: float
    rebuild: float
    nbval: float
    nbval_summary: str

    @property
    def notebooks_total(self) -> float:
        return sum(self.notebooks.values())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def notebook_execution_seconds(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in a fresh kernel (in its own folder); the sum of its cells' times."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=True,
    )
    client.execute()
    total = 0.0
    for cell in nb.cells:
        stamps = cell.get("metadata", {}).get("execution", {})
        start, end = (
            stamps.get("iopub.execute_input"),
            stamps.get("shell.execute_reply"),
        )
        if start and end:
            total += (_parse(end) - _parse(start)).total_seconds()
    return total


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({proc.returncode}):\n" + "\n".join(tail)
        )
    return seconds, proc.stdout


def build_times(log=print) -> BuildTimes:
    """Measure everything described in the module docstring (takes minutes)."""
    make = ["make", "--no-print-directory", "-o", ".venv/.installed"]
    with tempfile.TemporaryDirectory(prefix="nnlib-bench-") as tmp:
        work = copy_work_tree(Path(tmp) / "book")
        for shared in (".venv", "node_modules"):
            if (ROOT / shared).exists():
                (work / shared).symlink_to(ROOT / shared, target_is_directory=True)
        notebooks = toc_notebooks(work)
        times = {}
        for nb in notebooks:
            log(f"  executing {nb.relative_to(work)} with nbclient ...")
            times[str(nb.relative_to(work))] = notebook_execution_seconds(nb)
        log("  clean make book ...")
        clean, _ = _run([*make, "book"], work)
        log("  make book again, nothing changed ...")
        again, _ = _run([*make, "book"], work)
        log("  make nbval ...")
        nbval, out = _run([*make, "nbval", "PYTEST_ADDOPTS=-p no:cacheprovider"], work)
        lines = [
            ln for ln in out.strip().splitlines() if " passed" in ln or " failed" in ln
        ]
        summary = lines[-1] if lines else ""
    return BuildTimes(times, clean, again, nbval, summary)
