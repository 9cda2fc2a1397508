"""Every notebook names its kernel exactly as ipykernel does, so JupyterLab leaves it unchanged.

When a notebook's ``kernelspec`` metadata differs from the spec of the kernel
it starts (ipykernel's ``python3`` is called "Python 3 (ipykernel)"),
JupyterLab rewrites it as soon as the kernel is up, and the notebook shows as
unsaved the moment it is opened. tests/browser/test_lab_panels.py checks the
same in a real JupyterLab, for one chapter.
"""

from __future__ import annotations

import json

import pytest
from booksite import ROOT
from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_kernelspec_is_the_kernels_own(notebook):
    spec = get_kernel_dict()
    stored = json.loads(notebook.read_text())["metadata"].get("kernelspec")
    assert stored == {
        "display_name": spec["display_name"],
        "language": spec["language"],
        "name": KERNEL_NAME,
    }, f"{notebook.name}: kernelspec {stored}"


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8
