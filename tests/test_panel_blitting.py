"""Blitting shows exactly what a full render would, for every panel of the book.

A :class:`~nnlib.widgets.SliderPanel` redraws only its animated artists over
a cached background (see :mod:`nnlib.widgets`). That is correct only if every
artist ``update`` changes is animated, and every still artist that must show
above a changing one is animated too. Here each registered panel is moved
through a seeded sequence of control positions: every control alone at both
ends, the all-low and all-high corners, random jumps of all controls, and
random nudges of one control (most of which keep the axis limits, so the
cached background is reused; the others change them). After every move the
PNG the panel shows is decoded and compared, pixel for pixel, with a full
render of the same figure in which nothing is animated.

The comparison is exact (``np.array_equal``): the blitted artists are drawn by
the same renderer with the same transforms as in a full render, so there is no
antialiasing difference to tolerate. The last tests check that the comparison
can fail: a panel with one changing artist left still must be caught.
"""

from __future__ import annotations

import io
import random
import warnings
import zlib
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

import nnlib.panels  # noqa: F401 - importing it registers every panel
from nnlib.controls import slider
from nnlib.plots.style import use_book_style
from nnlib.widgets import PANEL_FACTORIES, SliderPanel

PANELS = sorted(PANEL_FACTORIES)
N_RANDOM = 16  # random moves per panel, half jumps, half nudges


@pytest.fixture
def strict():
    """The book's style, warnings as errors; matplotlib's defaults afterwards."""
    with mpl.rc_context(), warnings.catch_warnings():
        use_book_style()
        warnings.simplefilter("error")
        yield


# -- the two pictures ----------------------------------------------------------------


def shown_pixels(panel: SliderPanel) -> np.ndarray:
    """The PNG in the panel's image, decoded to RGBA pixels."""
    with Image.open(io.BytesIO(panel.image.value)) as png:
        return np.asarray(png.convert("RGBA"))


def full_render(panel: SliderPanel) -> np.ndarray:
    """A plain render of the whole figure with every artist un-animated."""
    fig = panel.figure
    animated = fig.findobj(lambda artist: artist.get_animated())
    try:
        for artist in animated:
            artist.set_animated(False)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()
    finally:
        for artist in animated:
            artist.set_animated(True)


def mismatch(panel: SliderPanel, where: str) -> str | None:
    """None if the panel shows a full render's pixels, else where they differ."""
    shown, full = shown_pixels(panel), full_render(panel)
    if shown.shape != full.shape:
        return f"{where}: image of shape {shown.shape}, full render {full.shape}"
    if np.array_equal(shown, full):
        return None
    rows, cols = np.nonzero(np.any(shown != full, axis=2))
    height = full.shape[0]
    # Display coordinates (origin bottom left) of the differing box, to find
    # the artists that cover it.
    x0, x1 = cols.min(), cols.max() + 1
    y0, y1 = height - rows.max() - 1, height - rows.min()
    covering = []
    renderer = panel.figure.canvas.get_renderer()
    for artist in panel.figure.findobj():
        try:
            box = artist.get_window_extent(renderer)
        except Exception:  # noqa: BLE001 - not every artist has an extent
            continue
        if box.x0 <= x1 and box.x1 >= x0 and box.y0 <= y1 and box.y1 >= y0:
            if (
                artist.get_visible()
                and box.width * box.height < 0.5 * full[..., 0].size
            ):
                covering.append(
                    f"{type(artist).__name__}(animated={artist.get_animated()}, "
                    f"zorder={artist.get_zorder()}, label={artist.get_label()!r})"
                )
    return (
        f"{where}: {rows.size} pixels differ from a full render, in x {x0}..{x1}, "
        f"y {y0}..{y1} (display pixels, from bottom left); artists there: "
        + "; ".join(covering[:12])
    )


# -- the moves -----------------------------------------------------------------------


def _options(control: widgets.ValueWidget) -> list[Any]:
    return [
        o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options
    ]


def ends(control: widgets.ValueWidget) -> list[Any]:
    if hasattr(control, "options"):
        return _options(control)
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base**control.min, control.base**control.max]
    return [control.min, control.max]


def random_value(control: widgets.ValueWidget, rng: random.Random) -> Any:
    """A value the browser could send: on the step grid of a slider."""
    if hasattr(control, "options"):
        return rng.choice(_options(control))
    if isinstance(control.value, bool):
        return rng.choice([False, True])
    if isinstance(control.value, int):
        return rng.randint(control.min, control.max)
    lo, hi, step = control.min, control.max, control.step
    k = rng.randint(0, int(round((hi - lo) / step)))
    value = min(hi, lo + k * step)
    if isinstance(control, widgets.FloatLogSlider):
        return float(control.base**value)
    return float(value)


def moves(panel: SliderPanel, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """(description, values to set): ends, corners, random jumps and nudges."""
    rng = random.Random(seed)
    defaults = panel.values
    for key, control in panel.controls.items():
        for value in ends(control):
            yield f"{key}={value!r} alone", {**defaults, key: value}
    low = {k: ends(c)[0] for k, c in panel.controls.items()}
    high = {k: ends(c)[-1] for k, c in panel.controls.items()}
    yield "all low", low
    yield "all high", high
    for i in range(N_RANDOM):
        if i % 2 == 0:
            values = {k: random_value(c, rng) for k, c in panel.controls.items()}
            yield f"random jump {i}: {values}", values
        else:
            key = rng.choice(list(panel.controls))
            value = random_value(panel.controls[key], rng)
            yield f"random nudge {i}: {key}={value!r}", {key: value}


def _seed(name: str) -> int:
    return zlib.crc32(name.encode())


# -- the tests -----------------------------------------------------------------------


@pytest.mark.parametrize("name", PANELS)
def test_blitted_image_equals_a_full_render(name, strict):
    panel = PANEL_FACTORIES[name]()
    assert panel.animated_artists(), (
        f"{name}: no animated artist, so it is fully rendered on every change "
        "(mark what update changes with nnlib.widgets.mark_animated)"
    )
    problem = mismatch(panel, f"{name} at its defaults")
    assert problem is None, problem
    for where, values in moves(panel, _seed(name)):
        panel.set(**values)
        problem = mismatch(panel, f"{name}, {where}")
        assert problem is None, problem


@pytest.mark.parametrize("name", PANELS)
def test_most_moves_reuse_the_background(name, strict):
    """One control at a time, as a reader moves them: the background is reused
    at least once, else blitting would buy nothing."""
    panel = PANEL_FACTORIES[name]()
    rng = random.Random(_seed(name) + 1)
    for _ in range(12):
        key = rng.choice(list(panel.controls))
        panel.set(**{key: random_value(panel.controls[key], rng)})
    redrawn = panel.background_count - 1  # the first render always draws it
    assert redrawn < 12, f"{name}: all 12 moves redrew the background"


# -- the check must be able to fail --------------------------------------------------


def _state(artist: Any) -> Any:
    """What update may change on the artists these tests watch."""
    if isinstance(artist, Line2D):
        return (
            artist.get_xydata().tobytes(),
            str(artist.get_color()),
            artist.get_linewidth(),
            artist.get_visible(),
        )
    if isinstance(artist, Text):
        return (artist.get_text(), str(artist.get_color()), artist.get_visible())
    if isinstance(artist, AxesImage):
        return np.asarray(artist.get_array()).tobytes()
    if isinstance(artist, LineCollection):
        return (
            np.asarray(artist.get_colors()).tobytes(),
            np.asarray(artist.get_linewidths()).tobytes(),
        )
    return None


@pytest.mark.parametrize("name", PANELS)
def test_a_changing_artist_left_still_is_caught(name, strict):
    """Un-animate one artist that update changes: some move must then show a
    stale picture. Checked for the first (up to) three such artists of each panel."""
    panel = PANEL_FACTORIES[name]()
    all_moves = list(moves(panel, _seed(name)))
    watched = [a for a in panel.animated_artists() if _state(a) is not None]
    before = [_state(a) for a in watched]
    for _, values in all_moves:
        panel.set(**values)
    changing = [a for a, s in zip(watched, before, strict=True) if _state(a) != s]
    assert changing, f"{name}: the moves changed none of the watched artists"
    for artist in changing[:3]:
        fresh = PANEL_FACTORIES[name]()
        twin = fresh.animated_artists()[panel.animated_artists().index(artist)]
        twin.set_animated(False)
        fresh._background = None  # draw the background again, with it still
        fresh.refresh()
        caught = any(
            fresh.set(**values) or mismatch(fresh, where) for where, values in all_moves
        )
        assert caught, f"{name}: leaving {artist} still went unnoticed"


def test_a_toy_panel_with_a_still_title_is_caught(strict):
    def draw(fig):
        ax = fig.add_subplot()
        x = np.linspace(0.0, 1.0, 5)
        (line,) = ax.plot(x, 0 * x)
        line.set_animated(True)  # the title is changed too, but left still

        def update(a):
            line.set_ydata(a * x)
            ax.set_title(f"a = {a:.2f}")

        return update

    panel = SliderPanel({"a": slider("a", 0.5, -1.0, 1.0)}, draw)
    assert mismatch(panel, "start") is None
    panel.set(a=-0.75)
    problem = mismatch(panel, "a moved")
    assert problem is not None and "Text(animated=False" in problem
    assert panel.background_count == 1  # the limits did not change


def test_new_limits_redraw_the_background(strict):
    def draw(fig):
        ax = fig.add_subplot()
        (line,) = ax.plot([0.0, 1.0], [0.0, 1.0])
        line.set_animated(True)

        def update(top):
            line.set_ydata([0.0, top])
            ax.set_ylim(0.0, max(1.0, top))

        return update

    panel = SliderPanel({"top": slider("top", 0.5, 0.0, 3.0)}, draw)
    panel.set(top=0.75)  # same limits: pasted back
    assert panel.background_count == 1 and mismatch(panel, "0.75") is None
    panel.set(top=2.5)  # taller: new ticks, background drawn again
    assert panel.background_count == 2 and mismatch(panel, "2.5") is None


@pytest.mark.parametrize("name", PANELS)
def test_savefig_still_shows_the_animated_artists(name, strict):
    """matplotlib draws animated artists when saving: a panel's figure saved
    to a file is the whole picture, as the panel shows it."""
    panel = PANEL_FACTORIES[name]()
    buffer = io.BytesIO()
    panel.figure.savefig(buffer, format="png", dpi=panel.figure.dpi)
    with Image.open(buffer) as png:
        saved = np.asarray(png.convert("RGBA"))
    np.testing.assert_array_equal(saved, shown_pixels(panel))
