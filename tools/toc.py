"""The book's pages, read from _toc.yml (shared by the build tools and tests).

Every tool and test that needs "every chapter" asks this module, so a chapter
added to _toc.yml is picked up everywhere without another edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(root: Path = ROOT) -> list[str]:
    """Every page of the book in reading order, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return pages


def page_source(page: str, root: Path = ROOT) -> Path:
    """The source file of a page (``book/01_neuron`` -> ``book/01_neuron.ipynb``)."""
    for suffix in (".ipynb", ".md"):
        path = root / f"{page}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(f"_toc.yml names {page!r}: no .ipynb or .md file")


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebook of every page that is a notebook, in reading order."""
    return [
        p
        for p in map(lambda page: page_source(page, root), toc_files(root))
        if p.suffix == ".ipynb"
    ]


def repository_url(root: Path = ROOT) -> str:
    """The one repository setting (``repository.url`` in _config.yml)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return str(config["repository"]["url"]).rstrip("/")


WORK_TREE_SKIP = frozenset(
    {
        ".git",
        ".venv",
        "_build",
        ".hypothesis",
        ".pytest_cache",
        ".ruff_cache",
        "node_modules",
        "__pycache__",
        ".ipynb_checkpoints",
        ".jupyter_cache",
        "my-notebooks",
        ".venv-lab",
        "nnlib.egg-info",
    }
)
"""Folders that are not sources: left out when the work tree is copied."""


def copy_work_tree(dest: Path, root: Path = ROOT) -> Path:
    """Copy the work tree's sources (not WORK_TREE_SKIP) to ``dest``; return it."""

    def skipped(_folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in WORK_TREE_SKIP]

    shutil.copytree(root, dest, ignore=skipped)
    return dest
