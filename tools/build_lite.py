"""Build the book's JupyterLite site into <html>/lite (run by `make book`).

Readers press a chapter's JupyterLite button and get that notebook running in
their browser, with nothing installed. The site holds:

- every notebook of _toc.yml (found there, so new chapters come automatically);
- a wheel of nnlib built from this repository, indexed for piplite, so that the
  setup cell's ``%pip install nnlib`` takes it from the site itself, never
  from PyPI (where an unrelated project of the same name exists);
- wheels of ipywidgets, jupyterlab_widgets, widgetsnbextension and comm at
  this environment's versions (pure Python), so installing nnlib, and starting
  the kernel, need nothing from PyPI either;
- the JupyterLab extensions of this environment, among them the widget manager,
  so slider panels work;
- the Python runtime, Pyodide, from npm (pinned in package.json), with the
  pure-Python packages of its lock that the kernel and matplotlib need, at
  ``lite/static/pyodide/`` (tools/pyodide_site.py). The pages' live mode uses
  the same copy. Only the compiled packages (numpy, matplotlib, pillow,
  kiwisolver, contourpy) are downloaded from the Pyodide CDN when a notebook
  needs them, unless ``PYODIDE_PACKAGES`` (or ``--pyodide-packages``) names a
  folder or URL to vendor them from.

Usage: python tools/build_lite.py [HTML_DIR] [--pyodide-packages FOLDER_OR_URL]
(default HTML_DIR: _build/html)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pyodide_site import prepare_runtime  # noqa: E402
from toc import ROOT, toc_notebooks  # noqa: E402

CACHE = ROOT / "_build" / ".pyodide-cache"
"""Wheels downloaded for the site's Pyodide, kept between builds."""

README = """\
# Neural networks, seen working: the notebooks

Open a chapter's notebook and run its cells from the top (Shift+Enter).
Everything runs in your browser. The Python runtime, Pyodide, the book's own
library, nnlib, and ipywidgets come from this site; the first run of a notebook
needs an internet connection to download numpy and matplotlib (compiled for
the browser) from the Pyodide CDN. Changes you make are kept in this browser
only; use File > Download to keep a copy.
"""


def build_wheel(dest: Path) -> Path:
    """Build nnlib's wheel from a copy of the sources (the tree stays clean)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(
            ROOT / "nnlib", src / "nnlib", ignore=shutil.ignore_patterns("__pycache__")
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--wheel-dir",
                str(dest),
                str(src),
            ],
            check=True,
        )
    (wheel,) = dest.glob("nnlib-*.whl")
    return wheel


WIDGET_WHEELS = ("ipywidgets", "jupyterlab_widgets", "widgetsnbextension", "comm")


def widget_wheels(dest: Path) -> list[Path]:
    """ipywidgets, its lab-side packages and comm, at the versions installed here."""
    from importlib.metadata import version

    specs = [f"{name}=={version(name)}" for name in WIDGET_WHEELS]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--dest",
            str(dest),
            *specs,
        ],
        check=False,
    )
    if done.returncode != 0:
        print(
            "NOTE: could not download " + ", ".join(specs) + "; JupyterLite will "
            "install them from PyPI when a notebook starts"
        )
        return []
    return sorted(dest.glob("*.whl"))


def main(html_dir: Path, packages_from: str | None = None) -> Path:
    notebooks = toc_notebooks()
    out = html_dir.resolve() / "lite"  # jupyter lite runs in a temporary folder
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        files = tmp_path / "files"
        files.mkdir()
        for notebook in notebooks:
            shutil.copy2(notebook, files / notebook.name)
        (files / "README.md").write_text(README, encoding="utf-8")
        wheel = build_wheel(tmp_path / "wheels")
        extra = widget_wheels(tmp_path / "widget-wheels")
        lite_dir = tmp_path / "lite"
        lite_dir.mkdir()
        where = prepare_runtime(
            lite_dir / "static" / "pyodide", ROOT, CACHE, packages_from=packages_from
        )
        if out.exists():
            shutil.rmtree(out)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "jupyterlite_core",
                "build",
                "--lite-dir",
                str(lite_dir),
                "--contents",
                str(files),
                "--piplite-wheels",
                str(wheel),
                *[arg for path in extra for arg in ("--piplite-wheels", str(path))],
                "--output-dir",
                str(out),
                "--no-sourcemaps",
            ],
            check=True,
            cwd=lite_dir,
        )
    print(f"JupyterLite site with {len(notebooks)} notebooks and {wheel.name}: {out}")
    print(
        "Pyodide packages from the Pyodide CDN at run time: "
        + (", ".join(where["cdn"]) or "none")
    )
    return out


def arguments(argv: list[str] | None = None, environ=os.environ) -> argparse.Namespace:
    """The command line; ``--pyodide-packages`` defaults to $PYODIDE_PACKAGES."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "html_dir", nargs="?", type=Path, default=ROOT / "_build" / "html"
    )
    parser.add_argument(
        "--pyodide-packages",
        default=environ.get("PYODIDE_PACKAGES") or None,
        help="folder or URL holding Pyodide's compiled wheels to serve from the site",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = arguments()
    main(args.html_dir, args.pyodide_packages)
