"""The built book as files: every page, image alt text, local assets, launch links,
downloads and the JupyterLite site. Pages come from _toc.yml, so chapters added
later are checked without editing this file. Needs `make book` (or strict-book
and lite) first; skips otherwise unless NNBOOK_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from booksite import (
    ROOT,
    SITE,
    need,
    page_html,
    page_source,
    repository_url,
    toc_files,
    toc_notebooks,
)
from PIL import Image

PAGES = toc_files()
NOTEBOOK_PAGES = [p for p in PAGES if page_source(p).suffix == ".ipynb"]


@pytest.fixture(scope="module", autouse=True)
def built_site():
    need(
        (SITE / "index.html").is_file(),
        f"the book is not built at {SITE}: run `make book`",
    )


class Tags(HTMLParser):
    """Collects the start tags of a page as (name, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def built_pages() -> list[Path]:
    return sorted(
        p
        for p in SITE.rglob("*.html")
        if not {"lite", "_vendor"} & set(p.relative_to(SITE).parts)
    )


@pytest.mark.parametrize("page", PAGES)
def test_every_toc_page_is_built(page):
    assert page_html(page).is_file(), f"{page} is in _toc.yml; no {page_html(page)}"


def test_every_image_has_alt_text():
    missing = [
        f"{path.relative_to(SITE)}: <img src={attrs.get('src', '')[:60]!r}>"
        for path in built_pages()
        for tag, attrs in tags(path)
        if tag == "img" and not (attrs.get("alt") or "").strip()
    ]
    assert not missing, "images without alt text:\n" + "\n".join(missing)


def test_pages_load_no_script_or_style_from_outside():
    """Scripts and stylesheets come from the book's folder (links to sites are fine)."""
    outside = []
    for path in built_pages():
        for tag, attrs in tags(path):
            url = attrs.get("src") if tag in ("script", "img", "iframe") else None
            if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
                url = attrs.get("href")
            if url and re.match(r"^(https?:)?//", url):
                outside.append(f"{path.relative_to(SITE)}: <{tag}> {url}")
    assert not outside, "assets loaded from other sites:\n" + "\n".join(outside)


def test_browser_assets_are_in_the_vendor_folder():
    for asset in (
        "mathjax/tex-mml-chtml.js",
        "requirejs/require.js",
        "html-manager/embed-amd.js",
    ):
        assert (SITE / "_vendor" / asset).is_file(), f"_vendor/{asset} is missing"
    # Not in _static: nothing there is added to pages behind our back.
    assert not list((SITE / "_static").rglob("embed-amd.js"))


def test_widget_scripts_load_only_where_there_are_widgets():
    """The vendored scripts are added per page, not to every page of the site."""
    for path in built_pages():
        found = [attrs for tag, attrs in tags(path) if tag == "script"]
        scripts = [attrs.get("src") or "" for attrs in found]
        state = "application/vnd.jupyter.widget-state+json"
        has_state = any(attrs.get("type") == state for attrs in found)
        widget_js = [
            s
            for s in scripts
            if re.search(r"(embed-amd|require|nnbook-widgets)\.js", s)
        ]
        assert bool(widget_js) == has_state, (path.relative_to(SITE), widget_js)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_notebook_pages_offer_download_and_launch_buttons(page):
    html = page_html(page)
    links = [attrs.get("href") or "" for tag, attrs in tags(html) if tag == "a"]
    notebook = page_source(page).relative_to(ROOT).as_posix()
    # Download the .ipynb, and the file is there.
    downloads = [h for h in links if h.endswith(f"_sources/{notebook}")]
    assert downloads, f"{page}: no download link for {notebook}"
    assert (html.parent / downloads[0]).resolve().is_file()
    # Binder and Colab, both from repository.url in _config.yml.
    repo = repository_url()
    owner_repo = urlsplit(repo).path.strip("/")
    binder = "https://mybinder.org/v2/gh"
    colab = "https://colab.research.google.com/github"
    assert f"{binder}/{owner_repo}/main?urlpath=lab/tree/{notebook}" in links
    assert f"{colab}/{owner_repo}/blob/main/{notebook}" in links
    # JupyterLite: a link relative to the page, to this notebook in the lite site.
    lite = [h for h in links if "lite/lab/index.html?path=" in h]
    assert len(lite) == 1, f"{page}: expected one JupyterLite link, got {lite}"
    url = urlsplit(lite[0])
    lab = SITE / "lite" / "lab" / "index.html"
    assert (html.parent / unquote(url.path)).resolve() == lab
    (path,) = parse_qs(url.query)["path"]
    assert (SITE / "lite" / "files" / path).is_file(), f"lite site lacks {path}"


def test_lite_site_holds_every_notebook_and_the_nnlib_wheel():
    lite = SITE / "lite"
    assert (lite / "lab" / "index.html").is_file()
    for notebook in toc_notebooks():
        copy = lite / "files" / notebook.name
        assert copy.is_file(), f"{notebook.name} is not in the JupyterLite site"
        cells = json.loads(notebook.read_text())["cells"]
        assert json.loads(copy.read_text())["cells"] == cells, f"stale {copy.name}"
    (wheel,) = (lite / "pypi").glob("nnlib-*-py3-none-any.whl")
    index = json.loads((lite / "pypi" / "all.json").read_text())
    assert "nnlib" in index, "piplite's index does not list nnlib"
    assert "ipywidgets" in index, "nnlib's dependency ipywidgets is not in the site"
    with zipfile.ZipFile(wheel) as zf:
        shipped = {n for n in zf.namelist() if n.endswith(".py")}
    here = {p.relative_to(ROOT).as_posix() for p in (ROOT / "nnlib").rglob("*.py")}
    assert here <= shipped, f"the wheel lacks {sorted(here - shipped)}"
    # The widget manager is a lab extension of the lite site, so panels work there.
    config = json.loads((lite / "jupyter-lite.json").read_text())["jupyter-config-data"]
    names = {e["name"] for e in config["federated_extensions"]}
    # piplite looks in the site's own index (where nnlib is) before PyPI.
    plugins = config["litePluginSettings"]
    kernel = plugins["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pipliteUrls"][0].startswith("./pypi/all.json")
    assert {
        "@jupyter-widgets/jupyterlab-manager",
        "@jupyterlite/pyodide-kernel-extension",
    } <= names


def test_figures_have_white_backgrounds_for_dark_mode():
    """Every figure PNG is opaque white at its corners, so it reads on a dark page."""
    bad = []
    for png in sorted((SITE / "_images").glob("*.png")):
        with Image.open(png) as im:
            rgba = im.convert("RGBA")
            w, h = rgba.size
            for xy in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):
                r, g, b, a = rgba.getpixel(xy)
                if a < 250 or min(r, g, b) < 235:
                    bad.append(f"{png.name} corner {xy} = {(r, g, b, a)}")
                    break
    assert not bad, "figures without a white background:\n" + "\n".join(bad)


GLOSSARY_TERMS = [
    "neuron",
    "weight",
    "bias",
    "activation function",
    "sigmoid",
    "tanh",
    "ReLU",
    "layer",
    "hidden layer",
    "feedforward network",
    "recurrent network",
    "perceptron",
    "multi-layer perceptron",
    "loss function",
    "mean squared error",
    "cross-entropy",
    "gradient",
    "backpropagation",
    "gradient descent",
    "learning rate",
    "epoch",
    "mini-batch",
    "saturation",
    "decision boundary",
]


def test_glossary_defines_the_book_terms():
    html = (SITE / "book" / "glossary.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'<dt id="(term-[^"]+)"', html))
    for term in GLOSSARY_TERMS:
        assert "term-" + term.replace(" ", "-") in ids, f"glossary lacks {term!r}"


def test_references_list_every_bib_entry():
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"@\w+\{([^,]+),", bib)
    html = (SITE / "book" / "references.html").read_text(encoding="utf-8")
    assert len(keys) >= 15
    # One list item per entry (tools/book_ext.py gives docutils' citations
    # role="listitem" instead of the deprecated doc-biblioentry).
    entries = re.findall(r'<div class="citation"[^>]*role="listitem"', html)
    assert len(entries) == len(keys)
    for year in re.findall(r"year\s*=\s*\{(\d{4})\}", bib):
        assert year in html
