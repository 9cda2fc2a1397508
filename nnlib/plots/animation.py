"""Animations whose HTML loads nothing from another site.

matplotlib's ``FuncAnimation.to_jshtml`` writes the frames and the player into
one HTML snippet, and links Font Awesome from a CDN for the player's button
icons. JupyterLab, JupyterLite and the book's theme already carry Font Awesome,
so the link only adds a request, which fails offline and shows as a console
error. :class:`Animation` is a ``FuncAnimation`` whose ``to_jshtml`` leaves it
out; every animation of the book is one.
"""

from __future__ import annotations

import re
from typing import Any

from matplotlib.animation import FuncAnimation

__all__ = ["Animation", "without_cdn_stylesheets"]

CDN_STYLESHEET = re.compile(
    r'<link\s+rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*"\s*/?>\s*'
)


def without_cdn_stylesheets(html: str) -> str:
    """``html`` without matplotlib's link to Font Awesome on a CDN."""
    return CDN_STYLESHEET.sub("", html)


class Animation(FuncAnimation):
    """A ``FuncAnimation`` whose ``to_jshtml`` makes no request outside the page."""

    def to_jshtml(self, *args: Any, **kwargs: Any) -> str:
        return without_cdn_stylesheets(super().to_jshtml(*args, **kwargs))
