"""A figure drawn with cached text shows the same pixels as Agg's own renderer."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib._textcache import TextCachingCanvas, TextCachingRenderer


def _figure(canvas_class, colour: str, value: float) -> Figure:
    fig = Figure(figsize=(3.2, 2.4), dpi=90)
    canvas_class(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [0, value, 1])
    ax.set_title("loss L(w) = 0.25", color=colour)
    ax.set_ylabel("weight w", rotation=90)
    # A fraction bar is drawn as a path: that text is drawn without the cache.
    ax.text(0.2, 0.5, r"$\frac{\partial L}{\partial w}$", color=colour)
    ax.text(1.1, 0.2, f"w = {value:.2f}", rotation=30, color=colour, alpha=0.7)
    return fig


def _pixels(fig: Figure) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_cached_text_draws_the_same_pixels_as_agg():
    cached = _figure(TextCachingCanvas, "C0", 0.5)
    first = _pixels(cached)
    renderer = cached.canvas.get_renderer()
    assert isinstance(renderer, TextCachingRenderer) and renderer.text_hits == 0
    np.testing.assert_array_equal(first, _pixels(_figure(FigureCanvasAgg, "C0", 0.5)))
    # Again, each text now from the cache; a new colour and a new value.
    for colour, value in [("C0", 0.5), ("C3", 0.75), ("C0", 0.5)]:
        for text in cached.axes[0].texts + [cached.axes[0].title]:
            text.set_color(colour)
        cached.axes[0].texts[1].set_text(f"w = {value:.2f}")
        cached.axes[0].lines[0].set_ydata([0, value, 1])
        hits = renderer.text_hits
        shown = _pixels(cached)
        assert renderer.text_hits > hits  # the ticks, title, label at least
        np.testing.assert_array_equal(
            shown, _pixels(_figure(FigureCanvasAgg, colour, value))
        )


def test_a_new_size_gets_a_new_renderer():
    fig = _figure(TextCachingCanvas, "C0", 0.5)
    _pixels(fig)
    before = fig.canvas.get_renderer()
    fig.set_dpi(60)
    after = fig.canvas.get_renderer()
    assert after is not before and isinstance(after, TextCachingRenderer)
    reference = _figure(FigureCanvasAgg, "C0", 0.5)
    reference.set_dpi(60)
    np.testing.assert_array_equal(_pixels(fig), _pixels(reference))
