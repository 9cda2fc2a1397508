"""Build the book's JupyterLite site into <html>/lite (run by `make book`).

Readers press a chapter's JupyterLite button and get that notebook running in
their browser, with nothing installed. The site holds:

- every notebook of _toc.yml (found there, so new chapters come automatically);
- a wheel of nnlib built from this repository, indexed for piplite, so that the
  setup cell's ``%pip install nnlib`` takes it from the site itself, never
  from PyPI (where an unrelated project of the same name exists);
- wheels of ipywidgets and jupyterlab_widgets at this environment's versions
  (pure Python), so installing nnlib needs nothing from PyPI either;
- the JupyterLab extensions of this environment, among them the widget manager,
  so slider panels work.

The Python runtime (Pyodide) and the packages it ships (numpy, matplotlib) are
not copied: JupyterLite downloads them from the Pyodide CDN when a notebook
starts. The lite site itself loads offline.

Usage: python tools/build_lite.py [HTML_DIR]   (default: _build/html)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from toc import ROOT, toc_notebooks  # noqa: E402

README = """\
# Neural networks, seen working: the notebooks

Open a chapter's notebook and run its cells from the top (Shift+Enter).
Everything runs in your browser. The first run of a notebook needs an internet
connection: the Python runtime, Pyodide, and the packages it ships (numpy,
matplotlib) are downloaded from the Pyodide CDN. The book's own library, nnlib,
and ipywidgets come from this site. Changes you make are kept in this browser
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
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
             "--wheel-dir", str(dest), str(src)],
            check=True,
        )
    (wheel,) = dest.glob("nnlib-*.whl")
    return wheel


WIDGET_WHEELS = ("ipywidgets", "jupyterlab_widgets")


def widget_wheels(dest: Path) -> list[Path]:
    """ipywidgets and its lab-side package, at the versions installed here."""
    from importlib.metadata import version

    specs = [f"{name}=={version(name)}" for name in WIDGET_WHEELS]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary", ":all:", "--dest", str(dest), *specs],
        check=False,
    )
    if done.returncode != 0:
        print("NOTE: could not download " + ", ".join(specs) + "; JupyterLite will "
              "install them from PyPI when a notebook starts")
        return []
    return sorted(dest.glob("*.whl"))


def main(html_dir: Path) -> Path:
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
        if out.exists():
            shutil.rmtree(out)
        subprocess.run(
            [sys.executable, "-m", "jupyterlite_core", "build",
             "--lite-dir", str(lite_dir),
             "--contents", str(files),
             "--piplite-wheels", str(wheel),
             *[arg for path in extra for arg in ("--piplite-wheels", str(path))],
             "--output-dir", str(out),
             "--no-sourcemaps"],
            check=True,
            cwd=lite_dir,
        )
    print(f"JupyterLite site with {len(notebooks)} notebooks and {wheel.name}: {out}")
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html")
