"""The live mode and the site's own Pyodide, in Chromium with the network cut off.

What these tests prove offline (every request outside the book is blocked
and counted):

- the Pyodide runtime served by the site is the one pinned in package.json,
  which is the version jupyterlite-pyodide-kernel expects; its lock serves
  every pure-Python package from the site and sends only the compiled ones
  (DOCUMENTED_CDN) to the Pyodide CDN;
- a page's live mode starts Python from the book's own files with zero
  outside requests, runs a pure-Python test panel (an ipywidgets slider and
  an Image whose PNG is made with zlib and struct) and puts it live in place
  of its frozen picture, and a slider move redraws the image;
- on a chapter page, whose panels need numpy and matplotlib, the only outside
  requests are those documented CDN packages, and without a network the page
  says so in one sentence within 30 s, leaving the frozen panel as it was;
- from file:// the control says the live mode needs http;
- the JupyterLite kernel starts (comm and ipywidgets importable) with no
  request outside the site;
- PYODIDE_PACKAGES vendors compiled packages: stand-in wheels are copied into
  the site, the lock rewritten, and Pyodide loads them with no outside request.

What runs only with a network, and so is not proven here: numpy-backed panels
(every chapter's) under Pyodide.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from booksite import ROOT, SITE, page_html, toc_files
from pyodide_site import cdn_url, closure, prepare_runtime, runtime_version

from . import livepage
from .conftest import _open
from .test_frozen_panels import panel_snapshot
from .test_pages import load

pytestmark = pytest.mark.browser

RUNTIME = SITE / "lite" / "static" / "pyodide"
DOCUMENTED_CDN = ("numpy", "matplotlib", "pillow", "kiwisolver", "contourpy")
"""The compiled packages a chapter's live mode downloads (listed in the README)."""


def site_lock() -> dict:
    return json.loads((RUNTIME / "pyodide-lock.json").read_text(encoding="utf-8"))


def documented_urls() -> set[str]:
    packages = site_lock()["packages"]
    return {packages[name]["file_name"] for name in DOCUMENTED_CDN}


def panel_pages() -> list[str]:
    return [
        p
        for p in toc_files()
        if "widget-view+json" in page_html(p).read_text(encoding="utf-8")
    ]


# --- The runtime and its lock ------------------------------------------------


def test_pyodide_pin_matches_the_kernel():
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["pyodide"] == PYODIDE_VERSION, (
        f"package.json pins Pyodide {package['dependencies']['pyodide']}, "
        f"jupyterlite-pyodide-kernel expects {PYODIDE_VERSION}"
    )
    assert runtime_version(ROOT) == PYODIDE_VERSION, "node_modules is stale: npm ci"
    served = (RUNTIME / "pyodide.asm.wasm").read_bytes()
    installed = (ROOT / "node_modules/pyodide/pyodide.asm.wasm").read_bytes()
    assert served == installed, "the site serves another Pyodide than package.json's"


def test_site_lock_serves_pure_packages_and_sends_compiled_ones_to_the_cdn():
    packages = site_lock()["packages"]
    needed = closure(packages, ("micropip", "ipython", "jedi", "numpy", "matplotlib"))
    cdn = cdn_url(runtime_version(ROOT))
    remote = sorted(n for n in needed if packages[n]["file_name"].startswith("http"))
    assert remote == sorted(DOCUMENTED_CDN)
    for name in remote:
        assert packages[name]["file_name"].startswith(cdn)
    for name in set(needed) - set(remote):
        wheel = RUNTIME / packages[name]["file_name"]
        assert wheel.is_file(), f"{name}: {wheel} is not in the site"
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        assert digest == packages[name]["sha256"], f"{name}: the lock's hash is stale"
    # Served compiled, like Pyodide's own copies: nothing to compile in the page.
    with zipfile.ZipFile(RUNTIME / packages["ipython"]["file_name"]) as wheel:
        names = set(wheel.namelist())
    assert "IPython/__init__.pyc" in names and "IPython/__init__.py" not in names
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in DOCUMENTED_CDN:
        assert packages[name]["file_name"].rsplit("/", 1)[1] in readme, (
            f"the README does not list the outside request for {name}"
        )


# --- The live mode ------------------------------------------------------------


@pytest.fixture
def shade_page(site):
    path = livepage.write_page(site)
    yield path
    shutil.rmtree(path.parent, ignore_errors=True)


def start_live(page, timeout_ms: int) -> float:
    """Press the first Run live button; wait until live or failed; seconds taken."""
    start = time.monotonic()
    page.locator(".nnbook-live-button").first.click()
    page.wait_for_function(
        "() => ['live', 'failed', 'needs-http'].includes(window.nnbookLive.state)",
        timeout=timeout_ms,
    )
    return time.monotonic() - start


def drag(page, handle, dx: float) -> None:
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=5)
    page.mouse.up()


def test_pure_python_panel_goes_live_in_place_offline(book_page, server, shade_page):
    watched = book_page()
    page = watched.page
    page.goto(server + "_live_test/shade.html", wait_until="load")
    page.wait_for_selector(".widget-subarea .widget-image")
    frozen = page.locator(".widget-subarea .widget-image").first
    frozen_src = frozen.get_attribute("src")

    start_live(page, 90_000)
    live = page.evaluate("() => ({state: nnbookLive.state, error: nnbookLive.error})")
    assert live["state"] == "live", live

    # In place: the live panel sits where the frozen one was, which is hidden.
    panel = page.locator(".nnbook-live-panel")
    assert panel.count() == 1 and panel.is_visible()
    assert page.evaluate("""() => { const live = document.querySelector(
        '.nnbook-live-panel'); const next = live.nextElementSibling;
        return next.classList.contains('widget-subarea') && next.hidden
            && live.parentElement.classList.contains('cell_output'); }""")
    image = panel.locator(".widget-image")
    readout = panel.locator(".widget-readout")
    assert readout.inner_text() == "40"
    first_live = image.get_attribute("src")
    assert first_live != frozen_src  # a new image, drawn by Python in the page

    drag(page, panel.locator(".noUi-handle"), 60)
    page.wait_for_function(
        "before => document.querySelector('.nnbook-live-panel .widget-image').src "
        "!== before",
        arg=first_live,
        timeout=10_000,
    )
    assert readout.inner_text() != "40"
    shade = int(readout.inner_text())
    # The new image is the PNG Python made for the new value (read its pixels).
    pixel = page.evaluate("""() => new Promise(done => {
        const img = document.querySelector('.nnbook-live-panel .widget-image');
        const probe = new Image(); probe.onload = () => {
            const c = document.createElement('canvas'); c.width = probe.width;
            c.height = probe.height; const g = c.getContext('2d');
            g.drawImage(probe, 0, 0); done(g.getImageData(5, 5, 1, 1).data[0]); };
        probe.src = img.src; })""")
    assert pixel == shade, f"image shade {pixel}, slider {shade}"
    assert "Live" in page.locator(".nnbook-live-status").first.inner_text()
    assert watched.outside == [], f"requests outside the book: {watched.outside}"
    assert not watched.errors, f"console errors: {watched.errors}"


def test_chapter_offline_says_why_within_30_s(book_page, server):
    pages = panel_pages()
    assert pages, "no page of the book has a slider panel"
    name = pages[0]
    watched = book_page()
    page = watched.page
    page.goto(server + f"{name}.html", wait_until="load")
    views = page.locator(
        'script[type="application/vnd.jupyter.widget-view+json"]'
    ).count()
    page.wait_for_function(
        "n => document.querySelectorAll('.widget-subarea > *').length >= n",
        arg=views,
        timeout=20_000,
    )
    before = panel_snapshot(page)

    seconds = start_live(page, 30_000)
    assert seconds <= 30
    assert page.evaluate("() => nnbookLive.state") == "failed"
    message = page.locator(".nnbook-live-status").first.inner_text()
    for words in ("numpy and matplotlib", "JupyterLite", "Binder", "Colab", "make lab"):
        assert words in message, f"{words!r} missing from: {message}"
    assert message.count(". ") == 0 and message.endswith("."), "not one sentence"
    assert panel_snapshot(page) == before, "the frozen panel changed"
    assert page.locator(".nnbook-live-panel").count() == 0
    assert page.locator(".nnbook-live-button").first.is_enabled()
    # Trying again fails the same way, with the page's one Python reused.
    assert start_live(page, 30_000) <= 30
    page.wait_for_function("() => nnbookLive.pyodide !== undefined", timeout=60_000)
    again = page.evaluate(
        "() => ({state: nnbookLive.state, pythons: nnbookLive.pythons})"
    )
    assert again == {"state": "failed", "pythons": 1}, again
    assert panel_snapshot(page) == before
    # The only outside requests are the documented compiled packages.
    assert watched.outside, "no package download was even attempted"
    unexpected = set(watched.outside) - documented_urls()
    assert not unexpected, f"undocumented outside requests: {sorted(unexpected)}"


def test_from_file_the_control_asks_for_http(book_page):
    name = panel_pages()[0]
    watched = book_page()
    page = load(watched, page_html(name))
    start_live(page, 5_000)
    message = page.locator(".nnbook-live-status").first.inner_text()
    assert "served over http" in message and "make serve" in message, message
    assert "JupyterLite" in message
    assert watched.outside == []


# --- JupyterLite's kernel from the site's own files ---------------------------


def test_lite_kernel_starts_from_the_site(book_page, server):
    watched = book_page()
    page = watched.page
    # comm comes with the kernel, ipywidgets (and what it needs) from piplite:
    # both from the site's own wheels.
    code = (
        "import comm, piplite\nawait piplite.install('ipywidgets')\n"
        "import ipywidgets\nprint('kernel' + ' up', ipywidgets.__version__)"
    )
    page.goto(
        server + "lite/repl/index.html?kernel=python&code=" + quote(code),
        wait_until="load",
    )
    page.wait_for_function(
        "() => document.body.innerText.includes('kernel up')", timeout=120_000
    )
    assert watched.outside == [], f"requests outside the site: {watched.outside}"


# --- PYODIDE_PACKAGES -----------------------------------------------------------


def stand_in_wheel(folder: Path, file_name: str, module: str) -> Path:
    """A tiny wheel named like Pyodide's ``file_name``; a stand-in module."""
    name, version = file_name.split("-")[:2]
    path = folder / file_name
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(f"{module}/__init__.py", f"STAND_IN = {name!r}\n")
        wheel.writestr(
            f"{info}/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        )
        wheel.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n")
        wheel.writestr(f"{info}/RECORD", "")
    return path


@pytest.fixture
def folder_server(tmp_path):
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)
    )
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_make_book_passes_pyodide_packages_on():
    """tools/build_lite.py (run by make book) takes $PYODIDE_PACKAGES or its option."""
    import subprocess

    from build_lite import arguments

    assert arguments([], {"PYODIDE_PACKAGES": "/w"}).pyodide_packages == "/w"
    assert arguments([], {"PYODIDE_PACKAGES": ""}).pyodide_packages is None
    assert arguments(["--pyodide-packages", "u/"], {}).pyodide_packages == "u/"
    dry = subprocess.run(
        ["make", "-n", "book", "PYODIDE_PACKAGES=/somewhere"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "tools/build_lite.py _build/html" in dry


def test_pyodide_packages_vendors_stand_in_wheels(browser, folder_server):
    root, url = folder_server
    lock = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    numpy_file = lock["packages"]["numpy"]["file_name"]
    vendor = root / "vendor"
    vendor.mkdir()
    wheel = stand_in_wheel(vendor, numpy_file, "numpy")

    where = prepare_runtime(
        root / "pyodide",
        ROOT,
        ROOT / "_build" / ".pyodide-cache",
        packages_from=str(vendor),
        roots=("numpy", "micropip"),
    )
    assert "numpy" in where["site"] and "numpy" not in where["cdn"]
    rewritten = json.loads((root / "pyodide" / "pyodide-lock.json").read_text())
    entry = rewritten["packages"]["numpy"]
    assert entry["file_name"] == numpy_file
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["sha256"] != lock["packages"]["numpy"]["sha256"]
    assert rewritten["packages"]["matplotlib"]["file_name"].startswith("https://")
    (root / "index.html").write_text("<!DOCTYPE html><title>vendor test</title>")

    watched = _open(browser, (url,))
    page = watched.page
    page.goto(url + "index.html")
    answer = page.evaluate("""async () => {
        const base = new URL('pyodide/', location.href).href;
        const {loadPyodide} = await import(base + 'pyodide.mjs');
        const py = await loadPyodide({indexURL: base});
        await py.loadPackage('numpy');
        return py.runPython('import numpy; numpy.STAND_IN'); }""")
    page.context.close()
    assert answer == "numpy"
    assert watched.outside == [], f"requests outside the site: {watched.outside}"
