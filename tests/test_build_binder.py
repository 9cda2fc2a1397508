"""The reader's environment, as Binder and `make lab` build it: requirements.txt alone.

Binder (repo2docker) finds requirements.txt at the top of the repository, takes
the Python version from runtime.txt, copies the repository, runs
``pip install -r requirements.txt`` in it (the ``-e .`` line installs nnlib),
then ``postBuild``. This test does the same in a new virtualenv in a temporary
copy of the tree and then:

- records how long the install took and how large the environment is
  (``_build/reader-env.txt``, printed by `make binder`);
- checks that the reader gets what the chapters need and none of the build and
  test tools (those are in requirements-dev.txt);
- runs every notebook of _toc.yml there with nbval (pytest and nbval are added
  to the copy only after the measurements);
- starts that environment's JupyterLab on the chapters, as ``make lab`` and
  Binder do, and opens each chapter in Chromium before running it: the stored
  slider panels show (trusted notebooks, saved widget state), the MyST markup
  is rendered by jupyterlab-myst, nothing is requested outside the machine and
  the console shows no error.

Slow (a full install): it runs only with NNBOOK_BINDER_TEST=1, which
`make binder` / `make test` set.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest
from booksite import ROOT, need, toc_notebooks  # also puts tools/ on sys.path
from chromium import chromium_path, launch_chromium
from lab_server import jupyter_lab, lab_environment
from toc import copy_work_tree

pytestmark = pytest.mark.slow

READER_NEEDS = {
    "numpy",
    "matplotlib",
    "ipywidgets",
    "ipykernel",
    "jupyterlab",
    "jupyterlab-myst",
    "nnlib",
}
BUILD_ONLY = {
    "jupyter-book",
    "nbval",
    "pytest",
    "hypothesis",
    "ruff",
    "playwright",
    "jupyterlite-core",
    "jupyterlite-pyodide-kernel",
    "build",
}

# jupyterlab-myst logs each {term} whose glossary lives in another file (the
# book's glossary page) to the console; the term still renders as text.
KNOWN_CONSOLE = re.compile(r"^Cross reference target was not found")

# Raw MyST that jupyterlab-myst must have rendered.
RAW_MYST = re.compile(r"\{(term|cite|numref|ref|exercise|solution-start)\}")


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[=<>\[ ]", line, maxsplit=1)[0].lower())
    return names


def test_binder_finds_what_it_needs():
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in [line.strip() for line in requirements], "nnlib installs via -e ."
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python = ">=3\.(\d+)"', pyproject)
    assert int(runtime.split(".")[1]) >= int(minimum[1])
    # A binder/ folder would make Binder ignore the top-level files.
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    assert os.access(ROOT / "postBuild", os.X_OK), "postBuild must be executable"


def test_reader_and_developer_requirements_are_split():
    reader = requirement_names(ROOT / "requirements.txt")
    dev_lines = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements.txt" in [line.strip() for line in dev_lines]
    assert READER_NEEDS - {"nnlib"} <= reader, READER_NEEDS - reader
    assert not reader & BUILD_ONLY, (
        f"build tools in requirements.txt: {reader & BUILD_ONLY}"
    )
    assert BUILD_ONLY <= requirement_names(ROOT / "requirements-dev.txt")


PANELS_DRAWN = (
    "n => document.querySelectorAll("
    "'.jp-Notebook .jp-OutputArea-output .widget-vbox').length >= n"
)


def widget_views(notebook: Path) -> int:
    """How many stored outputs of a notebook are widget views (slider panels)."""
    cells = json.loads(notebook.read_text())["cells"]
    return sum(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in cells
        for output in cell.get("outputs", [])
    )


@pytest.mark.skipif(
    os.environ.get("NNBOOK_BINDER_TEST") != "1",
    reason="slow: a full install; `make binder` runs it (NNBOOK_BINDER_TEST=1)",
)
def test_reader_environment_runs_and_renders_every_chapter(tmp_path):
    repo = tmp_path / "repo"
    copy_work_tree(repo)
    env_dir = tmp_path / "env"
    start = time.monotonic()
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The notebook trust database and Lab settings of this test, not the user's.
    environ = lab_environment(
        tmp_path,
        {
            k: v
            for k, v in os.environ.items()
            if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MPLBACKEND")
        },
    )
    environ["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{environ.get('PATH', '')}"

    def run(*args: str) -> str:
        done = subprocess.run(
            args, cwd=repo, env=environ, capture_output=True, text=True
        )
        assert done.returncode == 0, (
            f"{' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
        return done.stdout

    run(
        str(python),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-r",
        "requirements.txt",
    )
    seconds = time.monotonic() - start
    size = sum(
        f.stat().st_size
        for f in env_dir.rglob("*")
        if f.is_file() and not f.is_symlink()
    )
    listed = json.loads(run(str(python), "-m", "pip", "list", "--format", "json"))
    installed = {p["name"].lower().replace("_", "-") for p in listed}
    report = (
        f"reader environment (requirements.txt): {len(installed)} packages, "
        f"{size / 2**20:.0f} MB, installed in {seconds:.0f} s"
    )
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "reader-env.txt").write_text(report + "\n")
    print(report)
    assert READER_NEEDS <= installed, READER_NEEDS - installed
    assert not installed & BUILD_ONLY, (
        f"build tools in the reader's env: {installed & BUILD_ONLY}"
    )
    run(str(python), "-c", "import nnlib, nnlib.panels; print(nnlib.__file__)")
    run("bash", "postBuild")

    # Every chapter runs there; nbval is the dev tool that checks it.
    dev = requirement_names(ROOT / "requirements-dev.txt")
    assert {"pytest", "nbval"} <= dev
    pins = [
        line.strip()
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if re.match(r"(pytest|nbval)==", line.strip())
    ]
    run(
        str(python),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        *pins,
    )
    notebooks = [str(nb.relative_to(ROOT)) for nb in toc_notebooks()]
    run(
        str(python),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        *notebooks,
    )
    assert sys.prefix != str(env_dir)

    lab_renders_stored_chapters(env_dir, repo, environ, tmp_path)


def lab_renders_stored_chapters(
    env_dir: Path, repo: Path, environ: dict, state: Path
) -> None:
    """Each chapter, opened in the reader's Lab before it runs, looks as stored."""
    need(chromium_path() is not None, "no Chromium found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with (
        jupyter_lab(
            repo / "book",
            state=state,
            environ=environ,
            jupyter=[str(env_dir / "bin" / "jupyter")],
            cwd=repo,
        ) as base,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        try:
            for notebook in toc_notebooks():
                check_chapter_in_lab(browser, base, notebook)
        finally:
            browser.close()


def check_chapter_in_lab(browser, base: str, notebook: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside, errors = [], []

    def route(route):
        url = route.request.url
        if url.startswith((base, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    try:
        # ?reset: a fresh workspace, with no other notebook open behind it
        page.goto(f"{base}lab/tree/{notebook.name}?reset", wait_until="load")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        views = widget_views(notebook)
        if views:
            page.wait_for_function(
                PANELS_DRAWN,
                arg=views,
                timeout=60_000,
            )
        page.wait_for_timeout(1500)
        shots = ROOT / "_build" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"lab-{notebook.stem}.png"))
        text = page.inner_text(".jp-Notebook")
        rendered = " ".join(page.locator(".jp-MarkdownCell .myst").all_inner_texts())
    finally:
        context.close()
    assert "VBox(children" not in text, (
        f"{notebook.name}: panels shown as text (untrusted?)"
    )
    assert not RAW_MYST.search(rendered), (
        f"{notebook.name}: raw MyST in JupyterLab: {RAW_MYST.search(rendered)[0]}"
    )
    assert outside == [], f"{notebook.name}: requests outside the machine: {outside}"
    noise = [e for e in errors if not KNOWN_CONSOLE.match(e)]
    assert noise == [], f"{notebook.name}: console errors in JupyterLab: {noise}"
