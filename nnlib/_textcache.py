"""Text drawn once per place: a canvas that keeps the glyph bitmaps of every text it draws.

text(s, font, angle, x, y) -> [(bitmap, column, row), ...], then ``draw_text_image`` of each

A panel redraws the same texts in the same places on every change: the tick
labels of an axis it animates, a legend, a caption whose value changed back.
Matplotlib's Agg renderer lays out and rasterises every glyph of every text
again each time (font look-up, shaping, FreeType rendering), which is most of
a panel's drawing time. :class:`TextCachingCanvas` gives the figure a renderer
that records, the first time a text is drawn at a place, the glyph bitmaps it
pastes and where; drawing the same text with the same font at the same place
again pastes those bitmaps directly. The colour, alpha and clipping come from
the graphics context of each draw, so the pixels are the same as without the
cache (``tests/test_textcache.py`` checks it).

What the key does not cover is simply drawn the usual way: TeX, and any text
whose drawing does more than paste bitmaps (a mathtext fraction bar, for
example). The cache is kept per renderer, which matplotlib makes anew when
the figure's size or dpi changes, and is emptied when it grows past
:data:`MAX_TEXTS`.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

__all__ = ["TextCachingCanvas", "TextCachingRenderer", "MAX_TEXTS"]

MAX_TEXTS = 4096
"""Texts kept per renderer before the cache is emptied and starts again."""

_UNCACHEABLE: tuple = ("uncacheable",)  # marks a text drawn the usual way every time


class _Recorder:
    """Stands in for Agg's C++ renderer while one text is drawn: passes every
    call through, and keeps a copy of each glyph bitmap pasted."""

    def __init__(self, target: Any, gc: Any) -> None:
        self._target = target
        self._gc = gc
        self.pastes: list[tuple[np.ndarray, Any, Any, Any]] = []
        self.only_pastes = True

    def draw_text_image(self, image: Any, x: Any, y: Any, angle: Any, gc: Any) -> None:
        self._target.draw_text_image(image, x, y, angle, gc)
        try:  # a bitmap, or (older matplotlib) the font that holds it
            bitmap = np.array(image, dtype=np.uint8, copy=True)
        except (TypeError, ValueError):
            bitmap = None
        if gc is not self._gc or bitmap is None or bitmap.ndim != 2:
            self.only_pastes = False
        else:
            self.pastes.append((bitmap, x, y, angle))

    def __getattr__(self, name: str) -> Any:  # anything else: not only pastes
        self.only_pastes = False
        return getattr(self._target, name)


def _font_key(prop: Any) -> tuple:
    return (
        tuple(prop.get_family()),
        prop.get_slant(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        str(prop.get_file()),
        prop.get_math_fontfamily(),
    )


class TextCachingRenderer(RendererAgg):
    """Agg's renderer, with :meth:`draw_text` answered from a cache of glyph bitmaps."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self.text_cache: dict[tuple, tuple] = {}  # key -> pastes, or _UNCACHEABLE
        self.text_hits = 0

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath == "TeX":
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = (
            s,
            _font_key(prop),
            float(angle),
            float(x),
            float(y),
            ismath,
            bool(gc.get_antialiased()),
            getattr(mtext, "get_fontfeatures", lambda: None)(),
            getattr(mtext, "get_language", lambda: None)(),
            mpl.rcParams["text.hinting"],
            mpl.rcParams["text.hinting_factor"],
            mpl.rcParams["mathtext.fontset"],
        )
        pastes = self.text_cache.get(key)
        if pastes is None:
            self._record(key, gc, x, y, s, prop, angle, ismath, mtext)
        elif pastes is _UNCACHEABLE:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        else:
            self.text_hits += 1
            for bitmap, column, row, turn in pastes:
                self._renderer.draw_text_image(bitmap, column, row, turn, gc)

    def _record(self, key, gc, x, y, s, prop, angle, ismath, mtext) -> None:
        if len(self.text_cache) >= MAX_TEXTS:
            self.text_cache.clear()
        target = self._renderer
        recorder = _Recorder(target, gc)
        self._renderer = recorder
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            self._renderer = target
        self.text_cache[key] = (
            tuple(recorder.pastes) if recorder.only_pastes else _UNCACHEABLE
        )


class TextCachingCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is a :class:`TextCachingRenderer`."""

    def get_renderer(self) -> TextCachingRenderer:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key or not isinstance(
            getattr(self, "renderer", None), TextCachingRenderer
        ):
            self.renderer = TextCachingRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer
