"""tools/book_ext.py, the book's Sphinx extension, on its own (no build needed)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from booksite import ROOT
from docutils import nodes
from docutils.utils import new_document

sys.path.insert(0, str(ROOT / "tools"))
import book_ext  # noqa: E402


def fake_app(srcdir):
    return SimpleNamespace(srcdir=str(srcdir))


def fake_config():
    return SimpleNamespace(html_static_path=[], mathjax_path="cdn", nb_ipywidgets_js={})


def test_local_assets_when_npm_installed_them(tmp_path):
    for path in (
        "requirejs/require.js",
        "@jupyter-widgets/html-manager/dist/embed-amd.js",
        "mathjax/es5/tex-mml-chtml.js",
    ):
        (tmp_path / "node_modules" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "node_modules" / path).write_text("//")
    app, config = fake_app(tmp_path), fake_config()
    book_ext.use_local_assets(app, config)
    assert app.nnbook_local_assets
    assert config.mathjax_path == "../_vendor/mathjax/tex-mml-chtml.js"
    scripts = list(config.nb_ipywidgets_js)
    assert scripts == [
        "../_vendor/requirejs/require.js",
        "nnbook-widgets.js",
        "../_vendor/html-manager/embed-amd.js",
    ]
    # No crossorigin/integrity: they break pages opened from file://.
    assert all("crossorigin" not in attrs for attrs in config.nb_ipywidgets_js.values())


def test_without_node_the_book_falls_back_to_cdns_with_a_note(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("NNBOOK_REQUIRE_LOCAL_ASSETS", raising=False)
    app, config = fake_app(tmp_path), fake_config()
    book_ext.use_local_assets(app, config)
    assert not app.nnbook_local_assets
    assert "NOTE:" in capsys.readouterr().out
    assert config.mathjax_path == "cdn"
    assert all(
        url.startswith("https://") or url == "nnbook-widgets.js"
        for url in config.nb_ipywidgets_js
    )


def test_make_test_refuses_the_cdn_fallback(tmp_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_REQUIRE_LOCAL_ASSETS", "1")
    with pytest.raises(RuntimeError, match="npm ci"):
        book_ext.use_local_assets(fake_app(tmp_path), fake_config())


ANIMATION = (
    '<link rel="stylesheet"\nhref="https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/'
    'css/font-awesome.min.css">\n<div class="animation">\n'
    '  <img id="_anim_img0123abcd">\n</div>'
)


@pytest.mark.parametrize(
    "metadata, alt",
    [
        ({}, book_ext.ANIMATION_ALT),
        ({"mystnb": {"image": {"alt": 'Dots "go" on'}}}, "Dots &quot;go&quot; on"),
        ({"mystnb": {"figure": {"caption": "The three steps"}}}, "The three steps"),
    ],
)
def test_animations_lose_the_cdn_link_and_gain_alt_text(metadata, alt):
    document = new_document("test")
    cell = nodes.container(cell_metadata=metadata)
    cell += nodes.raw(ANIMATION, ANIMATION, format="html")
    document += cell
    book_ext.patch_animations(None, document, "book/x")
    html = next(iter(document.findall(nodes.raw))).astext()
    assert "maxcdn" not in html
    assert f'<img id="_anim_img0123abcd" alt="{alt}">' in html
