"""nnlib and the chapters on other stacks: Colab's and the oldest one supported.

Colab preinstalls its own ipywidgets (7.7.x) and renders only the widget
versions its frontend knows, so nnlib must not upgrade it. ``pyproject.toml``
therefore admits ipywidgets 7.7 to 8.x, and the chapters' setup cell installs
nnlib with pip's default strategy, which leaves an installed dependency alone
while it satisfies that range.

For each stack below this test builds a fresh virtualenv with those exact
versions, installs nnlib into it from a copy of the tree as the setup cell
would (not editable, with its dependencies), checks that the stack's own
numpy, matplotlib and ipywidgets are still there, then runs the unit tests and
every chapter (nbval's lax mode: every cell must run without error; outputs
are not compared, since numpy's reprs differ across versions).

What this does not prove: Colab's frontend itself, which cannot run here.
Slow (two installs): it runs only with NNBOOK_STACK_TEST=1 (`make stacks`,
part of `make test`).
"""

from __future__ import annotations

import json
import os
import subprocess
import venv
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pytest
from booksite import ROOT, toc_notebooks  # also puts tools/ on sys.path
from toc import copy_work_tree

pytestmark = pytest.mark.slow

STACKS = {
    # Colab's runtime as of late 2026 (the versions its frontend is known with).
    "colab": {
        # pyparsing as Colab has it (newer releases warn on matplotlib 3.10's calls)
        "pyparsing": "3.2.1",
        "numpy": "2.0.2",
        "matplotlib": "3.10.0",
        "ipywidgets": "7.7.1",
        "ipykernel": "6.17.1",
    },
    # The floor that pyproject.toml declares.
    "minimum": {
        "pyparsing": "3.1.1",
        "numpy": "1.26.4",
        "matplotlib": "3.8.0",
        "ipywidgets": "8.0.0",
        "ipykernel": "6.15.0",
    },
}

TEST_TOOLS = ("pytest", "hypothesis", "nbval", "nbclient")


def dev_pins(names: tuple[str, ...]) -> list[str]:
    """The exact pins of requirements-dev.txt for ``names``."""
    pins = []
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        name = line.split("==", 1)[0].strip().lower()
        if name in names:
            pins.append(line.strip())
    assert len(pins) == len(names), f"requirements-dev.txt pins {pins}, wanted {names}"
    return pins


def test_declared_ranges_admit_every_stack():
    """pyproject's ranges contain each tested stack (checked by pip's own rules)."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    text = (ROOT / "pyproject.toml").read_text()
    declared = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    requirements = {r.name: r for r in map(Requirement, json.loads(f"[{declared}]"))}
    for stack, versions in STACKS.items():
        for name in ("numpy", "matplotlib", "ipywidgets"):
            assert Version(versions[name]) in requirements[name].specifier, (
                f"{stack}: {name} {versions[name]} outside {requirements[name]}"
            )
    assert Version("9.0") not in requirements["ipywidgets"].specifier


@pytest.mark.skipif(
    os.environ.get("NNBOOK_STACK_TEST") != "1",
    reason="slow: two installs; `make stacks` runs it (NNBOOK_STACK_TEST=1)",
)
def test_nnlib_and_every_chapter_run_on_each_stack(tmp_path):
    """Both stacks at once (one core each): the failures of each, named."""
    with ThreadPoolExecutor(max_workers=len(STACKS)) as pool:
        errors = pool.map(lambda stack: check_stack(stack, tmp_path / stack), STACKS)
        results = dict(zip(STACKS, errors, strict=True))
    failures = {stack: error for stack, error in results.items() if error}
    assert not failures, "\n\n".join(f"[{s}] {e}" for s, e in failures.items())


def check_stack(stack: str, tmp_path: Path) -> str | None:
    """Install the stack and nnlib, run unit tests and chapters: the error or None."""
    try:
        run_stack(stack, tmp_path)
    except AssertionError as error:
        return str(error)
    return None


def run_stack(stack: str, tmp_path: Path) -> None:
    versions = STACKS[stack]
    repo = tmp_path / "repo"
    copy_work_tree(repo)
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    environ = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    environ["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{environ.get('PATH', '')}"
    environ["MPLBACKEND"] = "Agg"

    def run(*args: str) -> str:
        done = subprocess.run(
            args, cwd=repo, env=environ, capture_output=True, text=True
        )
        assert done.returncode == 0, (
            f"[{stack}] {' '.join(args)} failed:\n{done.stdout[-6000:]}\n"
            f"{done.stderr[-3000:]}"
        )
        return done.stdout

    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    run(*pip, *(f"{name}=={version}" for name, version in versions.items()))
    run(*pip, str(repo))  # as the setup cell does: nnlib with its dependencies
    listed = json.loads(run(python, "-m", "pip", "list", "--format", "json"))
    installed = {p["name"].lower(): p["version"] for p in listed}
    for name, version in versions.items():
        assert installed[name] == version, (
            f"[{stack}] installing nnlib changed {name} {version} -> {installed[name]}"
        )
    # The test tools at the dev pins; PyYAML (which reads _toc.yml) as installed here.
    run(*pip, *dev_pins(TEST_TOOLS), f"pyyaml=={metadata.version('pyyaml')}")

    # The unit tests of nnlib (not those of the book's build, site or browser).
    unit = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").glob("test_*.py")
        if not p.name.startswith("test_build_")
    )
    run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *unit)
    notebooks = [str(nb.relative_to(ROOT)) for nb in toc_notebooks()]
    run(
        python,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::DeprecationWarning",
        "--nbval-lax",
        "--nbval-current-env",
        *notebooks,
    )
