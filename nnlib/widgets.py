"""Slider panels: controls above one figure that is drawn once, then updated in place.

Every interactive figure in the book is a :class:`SliderPanel`. The figure and
its artists are created once, by a ``draw`` function; moving a control calls
the ``update`` function that ``draw`` returned, which only changes the data of
those artists (``line.set_ydata``, ``text.set_text``, ...). The figure is then
rendered to PNG and shown in an :class:`ipywidgets.Image`, so the panel is made
only of core ipywidgets: its last state is saved in the notebook and shows in
the static HTML book, sliders and figure alike, with no kernel.

Blitting: redraw only what moves
--------------------------------
Rendering a whole figure takes tens of milliseconds, most of it spent drawing
text that never changes: tick labels, axis labels, titles. So a panel draws
in two layers, the way matplotlib's own animations do ("blitting"):

1. ``draw`` marks every artist that ``update`` changes as *animated*
   (``artist.set_animated(True)``, or :func:`mark_animated`). A normal render
   of the figure (``canvas.draw()``) skips animated artists, so it paints only
   the still parts: the *background*. The panel keeps a copy of those pixels
   (``canvas.copy_from_bbox(figure.bbox)``).
2. On every change, the panel pastes the background back
   (``canvas.restore_region``) and draws only the animated artists on top, in
   the order a full render would draw them (axes by axes, each by z-order).
   The canvas' pixels are then encoded to PNG directly (:func:`nnlib.png.encode_png`),
   with light compression, instead of rendering the figure again. Texts are
   drawn through a cache of their glyph bitmaps (:mod:`nnlib._textcache`): a
   tick label drawn again in the same place costs a paste, not a layout and
   a rasterisation.

The picture is the same as a full render only if two rules hold:

- **Anything** ``update`` **changes is animated.** A still artist whose data
  changed would keep its old pixels in the background. That includes every
  artist ``update`` touches: lines, texts, titles (``ax.title``), images,
  legends, visibility.
- **Animated artists are drawn last**, so a still artist that must appear
  *above* a changing one (a circle over the end of a line, the frame of the
  axes over a curve that reaches its edge) has to be animated too.

New axis limits move the ticks, the grid and every still artist drawn in
data coordinates, so the background is drawn again whenever the *static key*
changes: the figure's size and dpi, and the position, limits and scales of
every axes. That costs a full render, which is fine when limits rarely
change. When they follow most moves, animate what they move instead:
everything the axes holds (``ax.get_children()`` but its background
``ax.patch``: redrawn, ticks and all, on every change), or only its axis
(``ax.yaxis``, with the frame ``ax.spines`` that is drawn over its grid
lines) if every artist placed in its data coordinates is animated too. The
limits of an animated axis are left out of the static key. (Animating the
``Axes`` object itself works too, but ``figure.savefig`` would then leave
that axes out.)

``tests/test_panel_blitting.py`` checks every panel of the book: after each
move, its blitted image must equal a full render of the same figure with
nothing animated. A figure with no animated artist is simply rendered in
full on every change.

Panels that the book uses are built by factories registered with
:func:`register_panel` (see :mod:`nnlib.panels`), so tests can find and sweep
every one of them.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._textcache import TextCachingCanvas
from .png import encode_png

__all__ = [
    "SliderPanel",
    "Updater",
    "register_panel",
    "PANEL_FACTORIES",
    "mark_animated",
]

Updater = Callable[..., "str | None"]
"""``update(**values) -> text or None``: changes artists in place; text goes below the figure."""

PANEL_FACTORIES: dict[str, Callable[[], SliderPanel]] = {}
"""Every registered panel factory, by name (filled by :func:`register_panel`)."""


def register_panel(factory: Callable[[], SliderPanel]) -> Callable[[], SliderPanel]:
    """Register a function that builds a :class:`SliderPanel` with its defaults.

    Used as a decorator; the registry lets tests sweep every panel of the book.
    """
    PANEL_FACTORIES[factory.__name__] = factory
    return factory


def mark_animated(*artists: Artist | Iterable[Artist]) -> None:
    """Mark artists as animated: drawn on every change, over the cached background.

    Takes artists, or lists of them (such as a plot object's
    ``blit_artists()``). See the module docstring for which artists must be
    marked.
    """
    for item in artists:
        group = [item] if isinstance(item, Artist) else list(item)
        for artist in group:
            if not isinstance(artist, Artist):
                raise TypeError(
                    "mark_animated takes matplotlib artists or lists of them; "
                    f"got {type(artist).__name__}"
                )
            artist.set_animated(True)


class SliderPanel:
    """Controls above a figure that is drawn once and updated in place.

    Parameters
    ----------
    controls : mapping of str to ipywidgets.ValueWidget
        The controls, keyed by the keyword their value is passed to ``update``
        under (``{"w0": slider("w0", 0.5, -2, 2)}``).
    draw : callable
        ``draw(fig) -> update``. Called once with an empty
        :class:`matplotlib.figure.Figure`; creates axes and artists and returns
        ``update(**values)``, which changes those artists and may return a line
        of HTML to show under the figure.
    figsize : tuple of float, default (6.4, 3.6)
        Figure size in inches.
    dpi : int, default 90
        Resolution of the rendered PNG.
    columns : int, default 2
        Columns of the control grid.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The one figure; never re-created.
    draw : callable
        The ``draw`` function given (kept so benchmarks can compare against
        rebuilding the figure on every change).
    image : ipywidgets.Image
        Shows the rendered figure.
    readout : ipywidgets.HTML
        Shows the text ``update`` returned.
    widget : ipywidgets.VBox
        The whole panel, as displayed.
    render_count : int
        How many times the figure was rendered (1 after construction).
    background_count : int
        How many of those renders drew the still background anew (the others
        only pasted it back and drew the animated artists; see the module
        docstring).
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        draw: Callable[[Figure], Updater],
        *,
        figsize: tuple[float, float] = (6.4, 3.6),
        dpi: int = 90,
        columns: int = 2,
    ) -> None:
        if not controls:
            raise ValueError("controls must hold at least one control; got none")
        for key, control in controls.items():
            if not isinstance(control, widgets.ValueWidget):
                raise TypeError(
                    f"controls[{key!r}] must be an ipywidgets value widget "
                    f"(a slider, dropdown, ...); got {type(control).__name__}"
                )
        self.controls = dict(controls)
        self.draw = draw
        self.figsize = figsize
        self.dpi = dpi
        self.figure = Figure(figsize=figsize, dpi=dpi)
        TextCachingCanvas(self.figure)  # draws each still text's glyphs once
        self._update = draw(self.figure)
        if not callable(self._update):
            raise TypeError(
                f"draw must return the update function; got {type(self._update).__name__}"
            )
        _check_update_fits_controls(self._update, self.controls)
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(max_width="100%")
        )
        self.readout = widgets.HTML()
        self.render_count = 0
        self.background_count = 0
        self._background: Any = None  # the still pixels, from canvas.copy_from_bbox
        self._static_key: tuple | None = None
        self._paused = False
        self.widget = panel_layout(
            list(self.controls.values()), self.image, self.readout, columns
        )
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, by key."""
        return {key: control.value for key, control in self.controls.items()}

    def refresh(self) -> None:
        """Update the artists from the controls and render the figure once."""
        text = self._update(**self.values)
        animated = self.animated_artists()
        if animated:
            self.image.value = self._render_blitted(animated)
        else:  # nothing animated: render everything, as any figure
            buffer = io.BytesIO()
            self.figure.canvas.print_png(buffer)
            self.image.value = buffer.getvalue()
        self.readout.value = text or ""
        self.render_count += 1

    def animated_artists(self) -> list[Artist]:
        """The animated artists, in the order a full render draws them.

        The figure draws its children (axes, figure texts, ...) by z-order,
        and each axes its own children by z-order; ties keep the order the
        artists were added in. An animated axes is drawn whole.
        """
        found: list[Artist] = []
        for child in _by_zorder(self.figure.get_children()[1:]):  # [0] = background
            if child.get_animated():
                found.append(child)
            elif isinstance(child, Axes):
                kids = [a for a in child.get_children() if a is not child.patch]
                found += [a for a in _by_zorder(kids) if a.get_animated()]
        return found

    def static_key(self) -> tuple:
        """What the cached background depends on besides its still artists.

        The figure's size and dpi, and the position, limits and scales of
        every axes that is not animated (the limits of an animated x- or
        y-axis left out): when any of them changes, the background is drawn
        again.
        """
        fig = self.figure
        key: list[Any] = [fig.bbox.bounds, fig.dpi]
        for ax in fig.axes:
            if ax.get_animated():
                continue
            key.append(ax.get_position().bounds)
            # An animated axis (ax.yaxis) is redrawn on every change: its
            # limits may change freely, if nothing still depends on them.
            if not ax.xaxis.get_animated():
                key += [ax.get_xlim(), ax.get_xscale()]
            if not ax.yaxis.get_animated():
                key += [ax.get_ylim(), ax.get_yscale()]
        return tuple(key)

    def _render_blitted(self, animated: list[Artist]) -> bytes:
        """Paste the background (drawn anew if out of date), draw ``animated``,
        and encode the pixels to PNG."""
        canvas = self.figure.canvas
        if self._background is None or self.static_key() != self._static_key:
            canvas.draw()  # skips animated artists: only the still background
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._static_key = self.static_key()  # after drawing: layout settled
            self.background_count += 1
        else:
            canvas.restore_region(self._background)
        for artist in animated:
            self.figure.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        if not self._paused:
            self.refresh()

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls, then render once on leaving the block."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
        self.refresh()

    def set(self, **values: Any) -> None:
        """Set several controls at once (rendering once), e.g. ``panel.set(w0=1, b=0)``."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"set() got unknown control(s) {unknown}; the panel has {sorted(self.controls)}"
            )
        with self.hold():
            for key, value in values.items():
                self.controls[key].value = value

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # ipywidgets 8 displays through this; 7 (Colab's) has no such method
        # and displays through _ipython_display_ below.
        bundle = getattr(self.widget, "_repr_mimebundle_", None)
        return None if bundle is None else bundle(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def panel_layout(
    controls: list[widgets.Widget],
    image: widgets.Image,
    readout: widgets.HTML,
    columns: int = 2,
) -> widgets.Box:
    """The box a panel is shown in: its controls in a grid, the figure, the readout."""
    grid = widgets.GridBox(
        controls,
        # At most `columns` columns; fewer, down to one, where a column would
        # be narrower than 16em (reflow on small screens).
        layout=widgets.Layout(
            grid_template_columns=(
                "repeat(auto-fit, minmax(min(100%, "
                f"max(16em, 100% / {columns} - 1em)), 1fr))"
            )
        ),
    )
    return widgets.VBox([grid, image, readout])


def _check_update_fits_controls(update: Callable, controls: Mapping[str, Any]) -> None:
    """``update`` must take exactly the controls' keys as keywords (or ``**values``)."""
    try:
        params = inspect.signature(update).parameters.values()
    except (TypeError, ValueError):  # no signature to read (a builtin): trust it
        return
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return
    takes = {
        p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    needs = {
        p.name
        for p in params
        if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    keys = set(controls)
    if not (needs <= keys <= takes):
        raise TypeError(
            f"update's parameters ({', '.join(sorted(takes))}) must match the controls "
            f"({', '.join(sorted(keys))}): no control for "
            f"{sorted(needs - keys) or 'none'}, no parameter for {sorted(keys - takes) or 'none'}"
        )


def _by_zorder(artists: Iterable[Artist]) -> list[Artist]:
    """Sorted by z-order; stable, as matplotlib's own draw loop."""
    return sorted(artists, key=lambda artist: artist.get_zorder())
