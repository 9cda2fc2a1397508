"""Every notebook of _toc.yml opens with the same setup cell (tools/setup_cell.py).

The cell installs nnlib where it is missing: in JupyterLite from the book's
own lite site, elsewhere from the repository named in _config.yml.
"""

from __future__ import annotations

import sys

import pytest
from booksite import ROOT, repository_url, toc_notebooks

sys.path.insert(0, str(ROOT / "tools"))
import setup_cell  # noqa: E402


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.name)
def test_first_code_cell_is_the_setup_cell(notebook):
    reason = setup_cell.differs(notebook, setup_cell.setup_source())
    assert reason is None, (
        f"{notebook.name}: {reason}; run `python tools/setup_cell.py --write`"
    )


def test_setup_cell_installs_from_the_configured_repository():
    source = setup_cell.setup_source()
    assert f'"nnlib @ git+{repository_url()}"' in source
    assert repository_url().startswith("https://github.com/")
    # JupyterLite: piplite takes nnlib from the lite site's own package index.
    assert 'sys.platform == "emscripten"' in source
    assert "%pip install nnlib\n" in source


def test_setup_cell_is_valid_ipython(tmp_path):
    from IPython.core.inputtransformer2 import TransformerManager

    python = TransformerManager().transform_cell(setup_cell.setup_source())
    compile(python, "setup_cell", "exec")
    assert "get_ipython().run_line_magic('pip'" in python
