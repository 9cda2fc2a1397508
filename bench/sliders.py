"""Slider latency: from a control's new value to the refreshed image, per panel.

For every registered panel (:data:`nnlib.widgets.PANEL_FACTORIES`) a fixed
sequence of value changes is played twice over, interleaved:

- **panel**: ``control.value = v`` on the live :class:`~nnlib.widgets.SliderPanel`,
  which updates its artists in place and renders the one figure to PNG;
- **baseline**: what ``ipywidgets.interact`` would do for the same change:
  a new ``Figure``, ``panel.draw(fig)``, ``update(**values)``, render to PNG.

Both end with the PNG bytes in an ``ipywidgets.Image``. The first change of
each kind is a warm-up and is not counted.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .timing import Timing

__all__ = ["SliderLatency", "slider_latencies", "value_changes"]


@dataclass(frozen=True)
class SliderLatency:
    panel: str
    n_controls: int
    live: Timing
    rebuild: Timing

    @property
    def ratio(self) -> float:
        """Live over rebuild, from CPU time."""
        return self.live.cpu_median / self.rebuild.cpu_median


def _candidates(control: widgets.ValueWidget) -> list[Any]:
    """A few values inside the control's range (not its ends: ranges may be
    dynamic, and the ends are what the sweep test is for)."""
    options = getattr(control, "options", None)
    if options is not None and not isinstance(control, widgets.SelectionRangeSlider):
        values = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]
        try:
            current = control.value
            return [v for v in values if v != current] + [current]
        except Exception:  # noqa: BLE001 - odd option types: just cycle them
            return values
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [not control.value, control.value]
    lo, hi = getattr(control, "min", None), getattr(control, "max", None)
    if lo is None or hi is None or isinstance(control.value, (tuple, list)):
        return [control.value]
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base ** (lo + f * (hi - lo)) for f in (0.3, 0.7, 0.45, 0.6)]
    values = [lo + f * (hi - lo) for f in (0.3, 0.7, 0.45, 0.6)]
    if isinstance(control.value, int):
        values = [int(round(v)) for v in values]
    return values


def value_changes(
    controls: dict[str, widgets.ValueWidget], n: int
) -> Iterator[tuple[str, Any]]:
    """``n`` single-control changes, cycling over the controls and their values."""
    per_control = {key: _candidates(c) for key, c in controls.items()}
    keys = [k for k, vals in per_control.items() if len(vals) > 1] or list(per_control)
    i = 0
    while i < n:
        for key in keys:
            vals = per_control[key]
            yield key, vals[(i // len(keys)) % len(vals)]
            i += 1
            if i >= n:
                return


def _rebuild(panel: Any, image: widgets.Image) -> None:
    """The naive way: a fresh figure drawn from scratch for one change."""
    fig = Figure(figsize=panel.figsize, dpi=panel.dpi)
    FigureCanvasAgg(fig)
    update = panel.draw(fig)
    update(**panel.values)
    # A plain render draws every artist: the ones a panel marks animated (for
    # its blitting) would otherwise be left out of the picture.
    for artist in fig.findobj():
        artist.set_animated(False)
    buffer = io.BytesIO()
    fig.canvas.print_png(buffer)
    image.value = buffer.getvalue()


def slider_latencies(changes: int = 21, warmup: int = 2) -> list[SliderLatency]:
    """Time every registered panel (see the module docstring)."""
    import nnlib.panels  # noqa: F401 - fills the registry
    from nnlib.plots.style import use_book_style
    from nnlib.widgets import PANEL_FACTORIES

    use_book_style()
    results = []
    for name in sorted(PANEL_FACTORIES):
        panel = PANEL_FACTORIES[name]()
        image = widgets.Image(format="png")
        live, rebuild, live_cpu, rebuild_cpu = [], [], [], []
        for i, (key, value) in enumerate(
            value_changes(panel.controls, changes + warmup)
        ):
            renders = panel.render_count
            c0, t0 = time.process_time(), time.perf_counter()
            panel.controls[key].value = value
            c1, t1 = time.process_time(), time.perf_counter()
            if panel.render_count == renders:
                continue  # the value did not change: nothing to time
            _rebuild(panel, image)
            c2, t2 = time.process_time(), time.perf_counter()
            if i >= warmup:
                live.append(t1 - t0)
                rebuild.append(t2 - t1)
                live_cpu.append(c1 - c0)
                rebuild_cpu.append(c2 - c1)
        results.append(
            SliderLatency(
                name,
                len(panel.controls),
                Timing(tuple(live), tuple(live_cpu)),
                Timing(tuple(rebuild), tuple(rebuild_cpu)),
            )
        )
    return results
