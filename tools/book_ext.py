"""Sphinx extension of this book (loaded through ``local_extensions`` in _config.yml).

It does three things every page needs, so that chapters added later get them
without any edit:

1. **A book that works from its own folder.** MathJax, RequireJS and the
   Jupyter widget manager (which draws the saved slider panels) are installed
   by npm (``package.json``) into ``node_modules``. When they are there, this
   extension points Sphinx (``mathjax_path``) and myst-nb (``nb_ipywidgets_js``)
   at copies inside the built site and copies them to ``<html>/_vendor/`` at the
   end of the build. ``_vendor`` is not ``_static``: Jupyter Book adds every
   .js/.css of a source ``_static`` folder to every page, which these must not be.
   Without Node.js the book still builds and uses the public CDNs, after
   printing a note; with ``NNBOOK_REQUIRE_LOCAL_ASSETS=1`` (set by ``make test``)
   a missing asset is an error instead.

2. **A JupyterLite launch button.** The theme's JupyterLite button uses one fixed
   URL for every page; here each chapter's button gets a URL relative to its
   own page (``../lite/lab/index.html?path=01_neuron.ipynb``), so the link works
   wherever the site is hosted. The lite site itself is built by
   ``tools/build_lite.py`` (``make book``).

3. **Accessibility** (its own section below): our script and stylesheet
   (``tools/static/nnbook-a11y.*``: names for the widgets' controls, alt text
   for the panels' figures, visible focus, reflow on small screens), two theme
   template overrides (``tools/templates/``) and small fixes of the markup that
   docutils, myst-nb and matplotlib's animations write. README, "Accessibility".

4. **Honest frozen panels and a live mode.** Under every saved slider panel, a
   line says it is a picture at the starting values (its controls are locked
   by ``tools/static/nnbook-live.js``) with a "Run live" button; each page with
   panels carries its live configuration (the notebook cells to run in the
   reader's browser, see ``tools/live_cells.py``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

VENDOR_DIR = "_vendor"
"""Folder of the built site (beside ``_static``) holding the browser assets."""

LITE_DIR = "lite"
"""Folder of the built site holding the JupyterLite site (tools/build_lite.py)."""

# What to copy: (source inside node_modules, destination inside _vendor, patterns).
# MathJax: the combined TeX+MathML -> CommonHTML component and what it loads
# lazily (TeX extensions, fonts, the menu and its accessibility modules).
ASSETS: list[tuple[str, str, tuple[str, ...]]] = [
    ("requirejs", "requirejs", ("require.js",)),
    (
        "@jupyter-widgets/html-manager/dist",
        "html-manager",
        ("embed-amd.js", "*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg"),
    ),
    ("mathjax/es5", "mathjax", ("tex-mml-chtml.js",)),
    ("mathjax/es5/input", "mathjax/input", ("**/*",)),
    ("mathjax/es5/output/chtml", "mathjax/output/chtml", ("**/*",)),
    ("mathjax/es5/ui", "mathjax/ui", ("**/*",)),
    ("mathjax/es5/a11y", "mathjax/a11y", ("**/*",)),
    ("mathjax/es5/sre", "mathjax/sre", ("**/*",)),
]

MATHJAX_JS = f"{VENDOR_DIR}/mathjax/tex-mml-chtml.js"
REQUIRE_JS = f"{VENDOR_DIR}/requirejs/require.js"
WIDGETS_JS = f"{VENDOR_DIR}/html-manager/embed-amd.js"


def node_modules(srcdir: str | os.PathLike[str]) -> Path:
    return Path(srcdir) / "node_modules"


def missing_assets(srcdir: str | os.PathLike[str]) -> list[str]:
    """The npm packages whose files the book needs but cannot find."""
    root = node_modules(srcdir)
    wanted = {
        "requirejs/require.js",
        "@jupyter-widgets/html-manager/dist/embed-amd.js",
        "mathjax/es5/tex-mml-chtml.js",
    }
    return sorted(p for p in wanted if not (root / p).is_file())


def _from_static(path: str) -> str:
    # Sphinx puts "_static/" in front of every relative script path.
    return f"../{path}"


GLUE_JS = "nnbook-widgets.js"
"""Our own script (tools/static/), loaded between RequireJS and the widget manager."""

CDN_REQUIRE_JS = (
    "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js"
)
CDN_WIDGETS_JS = "https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@1.0.15/dist/embed-amd.js"


def use_local_assets(app: Sphinx, config: Any) -> None:
    """config-inited: serve MathJax, RequireJS and the widget manager locally."""
    # tools/static holds only our own glue script; it is copied into _static but,
    # unlike a source _static folder, not added to every page by Jupyter Book.
    static = str(Path(__file__).parent / "static")
    config.html_static_path = [*config.html_static_path, static]
    missing = missing_assets(app.srcdir)
    app.nnbook_local_assets = not missing  # type: ignore[attr-defined]
    if missing:
        message = (
            "the book's browser assets are not installed ("
            + ", ".join(missing)
            + " missing from node_modules; `npm ci` installs them, which needs "
            "Node.js): the built pages will load MathJax, RequireJS and the "
            "widget manager from public CDNs instead"
        )
        if os.environ.get("NNBOOK_REQUIRE_LOCAL_ASSETS") == "1":
            raise RuntimeError(message)
        print(f"NOTE: {message}")
        config.nb_ipywidgets_js = {
            CDN_REQUIRE_JS: {},
            GLUE_JS: {},
            CDN_WIDGETS_JS: {
                "data-jupyter-widgets-cdn": "https://cdn.jsdelivr.net/npm/"
            },
        }
        return
    config.mathjax_path = _from_static(MATHJAX_JS)
    # No "crossorigin" or "integrity" attributes: they make file:// pages fail.
    # No data-jupyter-widgets-cdn: every widget the book uses is a core widget,
    # bundled in embed-amd.js, so nothing is fetched from a CDN.
    config.nb_ipywidgets_js = {
        _from_static(REQUIRE_JS): {},
        GLUE_JS: {"data-vendor": f"../{VENDOR_DIR}/html-manager/"},
        _from_static(WIDGETS_JS): {},
    }


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: copy the assets from node_modules into <html>/_vendor."""
    if exception is not None or app.builder.format != "html":
        return
    if not getattr(app, "nnbook_local_assets", False):
        return
    root = node_modules(app.srcdir)
    out = Path(app.outdir) / VENDOR_DIR
    for source, dest, patterns in ASSETS:
        for pattern in patterns:
            for path in sorted((root / source).glob(pattern)):
                if not path.is_file():
                    continue
                target = out / dest / path.relative_to(root / source)
                if target.exists() and target.stat().st_size == path.stat().st_size:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)


def lite_button(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    """html-page-context: point each chapter's JupyterLite button at its notebook.

    The notebooks sit at the top of the lite site's files under their own file
    names (see tools/build_lite.py).
    """
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") != "JupyterLite":
                continue
            notebook = Path(app.env.doc2path(pagename)).with_suffix(".ipynb").name
            lab = context["pathto"](f"{LITE_DIR}/lab/index.html", 1)
            button["url"] = f"{lab}?path={notebook}"
            button["tooltip"] = (
                "Run this notebook in your browser with JupyterLite (nothing to "
                "install; Python comes from this site, numpy and matplotlib are "
                "downloaded from the Pyodide CDN, so this needs an internet "
                "connection)"
            )


def dedupe_scripts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    """html-page-context: drop scripts that appear twice on a page.

    Jupyter Book 1 lets sphinx-thebe register its inline configuration twice,
    and the second ``const THEBE_JS_URL = ...`` is a JavaScript error on every
    page. Keep the first copy of each identical script.
    """
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    unique = []
    for script in context.get("script_files", []):
        key = (
            # An inline script's filename is None or "" depending on how it was
            # registered: treat both alike.
            str(getattr(script, "filename", script) or ""),
            tuple(
                sorted(
                    (k, str(v)) for k, v in getattr(script, "attributes", {}).items()
                )
            ),
        )
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique
    # The theme's light/dark switch starts from the reader's system setting;
    # left empty, the theme logs "Got invalid theme mode" on every page.
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


ANIMATION_ALT = "Animation: press the play button below it to run it frame by frame"
FONT_AWESOME_CDN = re.compile(
    r'<link\s+rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*"\s*/?>'
)
ANIMATION_IMG = re.compile(r'<img id="(_anim_img[0-9a-f]+)">')


def _cell_alt(node: nodes.Node) -> str | None:
    """The alt text (or caption) that a notebook cell's metadata gives its output."""
    while node is not None:
        metadata = (
            node.get("cell_metadata") if isinstance(node, nodes.Element) else None
        )
        if metadata is not None:
            mystnb = metadata.get("mystnb", {}) or {}
            alt = (mystnb.get("image") or {}).get("alt")
            caption = (mystnb.get("figure") or {}).get("caption")
            return alt or caption
        node = node.parent
    return None


def patch_animations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: make matplotlib's to_jshtml animations self-contained.

    Its HTML loads Font Awesome 4 from a CDN for the button icons (the theme's
    own Font Awesome draws them) and gives the frame <img> no alt text: use the
    cell's ``mystnb.image.alt`` (or figure caption) metadata, else a plain
    description.
    """
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "_anim_img" not in text:
            continue
        alt = html.escape(_cell_alt(raw) or ANIMATION_ALT, quote=True)
        text = FONT_AWESOME_CDN.sub("", text)
        text = ANIMATION_IMG.sub(
            lambda m, alt=alt: f'<img id="{m[1]}" alt="{alt}">', text
        )
        raw.children = [nodes.Text(text)]


# --------------------------------------------------------------- accessibility
# Fixes for what the axe-core audit (tests/browser/test_accessibility.py) finds
# in markup that the theme or an extension writes; README, "Accessibility".

A11Y_JS = "nnbook-a11y.js"
"""Accessible names, panel alt text and reflow hints for the widgets (tools/static/)."""
A11Y_CSS = "nnbook-a11y.css"
"""Visible keyboard focus and the small-screen reflow of the panels (tools/static/)."""
TEMPLATES = Path(__file__).parent / "templates"
"""Overrides of two of the theme's header components (tools/templates/)."""
ANIMATION_SLIDER = re.compile(r'<input id="(_anim_slider[0-9a-f]+)"')
ANIMATION_SLIDER_LABEL = "Animation frame"


def use_accessibility_assets(app: Sphinx, config: Any) -> None:
    """config-inited: our accessibility script, stylesheet and template overrides.

    The templates replace the theme's search button and light/dark switch,
    whose ``aria-label`` hid their visible text ("Search Ctrl+K") or clashed
    with their icons' titles (axe: label-content-name-mismatch).
    """
    static = str(Path(__file__).parent / "static")
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    app.add_js_file(A11Y_JS, loading_method="defer")
    app.add_css_file(A11Y_CSS)


def label_animation_sliders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: give a to_jshtml animation's frame slider a name.

    matplotlib labels the animation's buttons but not its ``<input
    type="range">`` (axe: label, critical). The slider and the loop-mode form
    are numbered on a page with several animations.
    """
    number = 0
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        named = f'aria-label="{ANIMATION_SLIDER_LABEL}' in text
        if "_anim_slider" not in text or named:
            continue
        number += 1
        label = f"{ANIMATION_SLIDER_LABEL}, animation {number}"
        text = ANIMATION_SLIDER.sub(
            lambda m, label=label: f'<input id="{m[1]}" aria-label="{label}"', text
        )
        # Its named "Repetition mode" form is a landmark, and every animation
        # of a page has one (axe: landmark-unique): number them too.
        text = text.replace(
            'aria-label="Repetition mode"',
            f'aria-label="Repetition mode, animation {number}"',
        )
        raw.children = [nodes.Text(text)]


BODY_FIXES: tuple[tuple[str, str], ...] = (
    # docutils writes each citation as <div role="doc-biblioentry"> inside a
    # <div role="list">: doc-biblioentry is deprecated in ARIA 1.3 and is not a
    # list item, so the list has no items (axe: aria-required-children,
    # critical; aria-deprecated-role). listitem is what the list needs.
    ('role="doc-biblioentry"', 'role="listitem"'),
    # myst-nb names the toggle of a hidden code cell "Toggle hidden content",
    # while it shows "Show code cell source" (axe: label-content-name-mismatch):
    # let its visible text name it.
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)


def patch_body_markup(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    """html-page-context: the markup fixes of BODY_FIXES in the page's body."""
    body = context.get("body")
    if not body:
        return
    for old, new in BODY_FIXES:
        body = body.replace(old, new)
    context["body"] = body


# --- Frozen panels and the live mode ---------------------------------------
# Each saved slider panel gets a line saying what it is (a picture at its
# starting values, controls locked by tools/static/nnbook-live.js) and a
# "Run live" button; each page with panels gets its live-mode configuration:
# which notebook cells to run in the reader's browser (tools/live_cells.py).

LIVE_JS = "nnbook-live.js"
LIVE_CSS = "nnbook-live.css"
LIVE_RUNTIME = "nnbook_live.py"
"""The live mode's script, style and Python half (tools/static/, in _static)."""

LIVE_PYODIDE = f"{LITE_DIR}/static/pyodide/"
"""The site's one Pyodide runtime, shared with JupyterLite (tools/build_lite.py)."""

LIVE_INDEX = f"{LITE_DIR}/pypi/all.json"
"""The site's index of pure-Python wheels (nnlib, ipywidgets, comm, ...)."""

LIVE_CONFIG_ID = "nnbook-live-config"

FROZEN_NOTE = (
    '<div class="nnbook-frozen-note" role="note">'
    '<p class="nnbook-frozen-text"><strong>A picture at the starting values.</strong> '
    "This panel was drawn when the chapter ran, so its controls are locked. "
    'To move them, press <button type="button" class="nnbook-live-button">'
    "Run live</button> (Python then runs in this page and the sliders redraw "
    "the figure), or open the chapter in JupyterLite, Binder or Colab with the "
    "rocket button at the top of the page.</p>"
    '<p class="nnbook-live-status" aria-live="polite" hidden></p></div>'
)
"""The line under every frozen panel (nnbook-live.js changes it once live)."""


def frozen_note_html() -> str:
    """The explanatory line and live control shown under each saved panel."""
    return FROZEN_NOTE


def _view_model_id(text: str) -> str | None:
    match = re.search(r'"model_id":\s*"([^"]+)"', text)
    return match[1] if match else None


def _cell_index(node: nodes.Node) -> int | None:
    while node is not None:
        if isinstance(node, nodes.Element) and node.get("cell_index") is not None:
            return int(node["cell_index"])
        node = node.parent
    return None


def live_config(
    cells: list[dict],
    views: dict[int, str],
    root: str,
    *,
    packages: list[str],
    wheels: list[str],
) -> dict[str, Any]:
    """The live mode's instructions for one page (read by nnbook-live.js).

    ``views`` maps the index of each panel cell to the model id of the frozen
    view it drew; ``root`` is the site's root relative to the page.
    """
    from live_cells import cell_source, cells_to_run, runnable

    order = cells_to_run(cells, sorted(views))
    return {
        "root": root,
        "pyodide": LIVE_PYODIDE,
        "index": LIVE_INDEX,
        "runtime": f"_static/{LIVE_RUNTIME}",
        "packages": packages,
        "wheels": wheels,
        "cells": [
            {"source": runnable(cell_source(cells[i])), "view": views.get(i)}
            for i in order
        ],
    }


def live_config_html(config: dict[str, Any]) -> str:
    text = json.dumps(config).replace("</", "<\\/")
    return f'<script type="application/json" id="{LIVE_CONFIG_ID}">{text}</script>'


def add_frozen_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: a note under each saved panel, the page's live config."""
    views: dict[int, str] = {}
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "application/vnd.jupyter.widget-view+json" not in text:
            continue
        raw.parent.insert(
            raw.parent.index(raw) + 1, nodes.raw("", frozen_note_html(), format="html")
        )
        index, model_id = _cell_index(raw), _view_model_id(text)
        if index is not None and model_id is not None:
            views[index] = model_id
    source = Path(app.env.doc2path(docname))
    if not views or source.suffix != ".ipynb":
        return
    cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    root = "../" * docname.count("/")
    config = live_config(
        cells,
        views,
        root,
        packages=["numpy", "matplotlib"],
        wheels=["comm", "ipywidgets", "nnlib"],
    )
    doctree.append(nodes.raw("", live_config_html(config), format="html"))


def refresh_live_static(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: copy the live mode's files to _static even when no page changed.

    Sphinx copies static files only when it writes pages, so an edit of these
    files alone would otherwise not reach the built site.
    """
    if exception is not None or app.builder.format != "html":
        return
    for name in (LIVE_JS, LIVE_CSS, LIVE_RUNTIME):
        source = Path(__file__).parent / "static" / name
        target = Path(app.outdir) / "_static" / name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def add_live_assets(app: Sphinx, config: Any) -> None:
    """config-inited: the live mode's script and style on every page."""
    sys.path.insert(0, str(Path(__file__).parent))
    app.add_js_file(LIVE_JS)
    app.add_css_file(LIVE_CSS)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", use_local_assets)
    app.connect("build-finished", copy_assets)
    app.connect("doctree-resolved", patch_animations)
    app.connect("config-inited", add_live_assets)
    app.connect("doctree-resolved", add_frozen_notes)
    app.connect("build-finished", refresh_live_static)
    app.connect("html-page-context", lite_button, priority=900)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    # Accessibility (see the section above).
    app.connect("config-inited", use_accessibility_assets)
    app.connect("doctree-resolved", label_animation_sliders)
    app.connect("html-page-context", patch_body_markup)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
