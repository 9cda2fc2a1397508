"""A real browser over the built book: Playwright driving Debian's Chromium.

Chromium is Debian's (``apt-get install chromium``; Playwright's own browser
download does not work here), found at /usr/bin/chromium or $NNBOOK_CHROMIUM.
Without it, or without a built site, these tests skip with a message; with
NNBOOK_REQUIRE_BROWSER=1 (make test, CI) they fail instead.

Every request that leaves the book's folder (anything but file:// and the
test's own loopback server) is blocked and recorded in ``outside``; each test
asserts that nothing was.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from booksite import SITE, need  # also puts tools/ on sys.path
from chromium import chromium_path, launch_chromium


@pytest.fixture(scope="session")
def site() -> Path:
    need(
        (SITE / "index.html").is_file(),
        f"the book is not built at {SITE}: run `make book`",
    )
    return SITE


@pytest.fixture(scope="session")
def browser(site):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright is not installed (it is in requirements.txt)")
    need(
        chromium_path() is not None,
        "no Chromium found (apt-get install chromium, or set NNBOOK_CHROMIUM)",
    )
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site) -> Iterator[str]:
    """The built site over HTTP on loopback (JupyterLite needs http, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@dataclass
class Watched:
    """A page whose outside requests and console errors are recorded."""

    page: object
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _open(browser, allowed: tuple[str, ...], **context_options) -> Watched:
    context = browser.new_context(**context_options)
    page = context.new_page()
    watched = Watched(page)

    def route(route):
        url = route.request.url
        if url.startswith(allowed) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watched.outside.append(url)
            route.abort()

    context.route("**/*", route)

    def console(message):
        if message.type == "error":
            watched.errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: watched.errors.append(f"uncaught: {e}"))
    return watched


@pytest.fixture
def book_page(browser, server):
    """Factory: a fresh page allowed to reach only file:// and the loopback server."""
    opened: list[Watched] = []

    def make(**context_options) -> Watched:
        watched = _open(browser, ("file://", server), **context_options)
        opened.append(watched)
        return watched

    yield make
    for watched in opened:
        watched.page.context.close()
