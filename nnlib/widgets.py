"""Slider panels: controls above one figure that is drawn once, then updated in place.

Every interactive figure in the book is a :class:`SliderPanel`. The figure and
its artists are created once, by a ``draw`` function; moving a control calls
the ``update`` function that ``draw`` returned, which only changes the data of
those artists (``line.set_ydata``, ``text.set_text``, ...). The figure is then
rendered to PNG and shown in an :class:`ipywidgets.Image`, so the panel is made
only of core ipywidgets: its last state is saved in the notebook and shows in
the static HTML book, sliders and figure alike, with no kernel.

Panels that the book uses are built by factories registered with
:func:`register_panel` (see :mod:`nnlib.panels`), so tests can find and sweep
every one of them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["SliderPanel", "Updater", "register_panel", "PANEL_FACTORIES", "slider"]

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


def slider(
    description: str,
    value: float,
    vmin: float,
    vmax: float,
    step: float = 0.1,
    *,
    readout_format: str = ".2f",
) -> widgets.FloatSlider:
    """A float slider with the book's look (label on the left, value on the right)."""
    return widgets.FloatSlider(
        value=value,
        min=vmin,
        max=vmax,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="95%"),
    )


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
        FigureCanvasAgg(self.figure)
        self._update = draw(self.figure)
        if not callable(self._update):
            raise TypeError(
                f"draw must return the update function; got {type(self._update).__name__}"
            )
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.readout = widgets.HTML()
        self.render_count = 0
        self._paused = False
        grid = widgets.GridBox(
            list(self.controls.values()),
            layout=widgets.Layout(grid_template_columns=f"repeat({columns}, 1fr)"),
        )
        self.widget = widgets.VBox([grid, self.image, self.readout])
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
        buffer = io.BytesIO()
        self.figure.canvas.print_png(buffer)
        self.image.value = buffer.getvalue()
        self.readout.value = text or ""
        self.render_count += 1

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
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
