"""Binder's view of the repository: a fresh environment from requirements.txt alone.

Binder (repo2docker) finds requirements.txt at the top of the repository, takes
the Python version from runtime.txt, copies the repository and runs
``pip install -r requirements.txt`` in it; the ``-e .`` line installs nnlib.
This test does the same in a new virtualenv in a temporary copy of the tree,
then runs every notebook of _toc.yml there with nbval. Slow (a full install):
it runs only with NNBOOK_BINDER_TEST=1, which `make binder` / `make test` set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv

import pytest
from booksite import ROOT, toc_notebooks

pytestmark = pytest.mark.slow

IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "_build", "node_modules", "__pycache__", "*.egg-info",
    ".pytest_cache", ".hypothesis", ".ruff_cache", ".ipynb_checkpoints",
)


def test_binder_finds_what_it_needs():
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in [line.strip() for line in requirements], "nnlib installs via -e ."
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python = ">=3\.(\d+)"', pyproject)
    assert int(runtime.split(".")[1]) >= int(minimum[1])
    # A binder/ folder would make Binder ignore the top-level requirements.txt.
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


@pytest.mark.skipif(
    os.environ.get("NNBOOK_BINDER_TEST") != "1",
    reason="slow: a full install; `make binder` runs it (NNBOOK_BINDER_TEST=1)")
def test_notebooks_run_in_a_fresh_environment_from_requirements_txt(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    environ = {k: v for k, v in os.environ.items()
               if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environ["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{environ.get('PATH', '')}"

    def run(*args: str) -> None:
        done = subprocess.run(
            args, cwd=repo, env=environ, capture_output=True, text=True)
        assert done.returncode == 0, (
            f"{' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")

    run(str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", "requirements.txt")
    run(str(python), "-c", "import nnlib, nnlib.panels; print(nnlib.__file__)")
    notebooks = [str(nb.relative_to(ROOT)) for nb in toc_notebooks()]
    run(str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--nbval", "--nbval-current-env", *notebooks)
    assert sys.prefix != str(env_dir)
