"""The controls of the book's slider panels, with one look (Chapters 1-5).

:func:`slider`, :func:`int_slider`, :func:`log_slider` and :func:`choice`
build the ipywidgets a :class:`nnlib.widgets.SliderPanel` puts above its
figure: the label on the left, the value on the right, the label again as
the tooltip, full width, updating while dragged. Bad bounds raise a
ValueError naming the argument (not traitlets' TraitError).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets
import numpy as np

from ._checks import as_finite_float, as_positive_float, as_positive_int

__all__ = ["slider", "int_slider", "log_slider", "choice"]


# The hover text's trait: ``tooltip`` in ipywidgets 8, ``description_tooltip`` in 7.
_TOOLTIP = (
    "tooltip"
    if "tooltip" in widgets.FloatSlider.class_trait_names()
    else "description_tooltip"
)


def _look(description: str) -> dict[str, Any]:
    """What every control of the book shares: label on the left, the label as its
    tooltip (the page would otherwise say ``title="null"``), live updates, full width."""
    return {
        "description": description,
        _TOOLTIP: description,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="95%"),
    }


def _check_bounds(description: str, value: Any, vmin: Any, vmax: Any) -> tuple:
    """``vmin < vmax`` and ``vmin <= value <= vmax``, as floats, naming what is wrong."""
    value = as_finite_float(value, "value")
    vmin = as_finite_float(vmin, "vmin")
    vmax = as_finite_float(vmax, "vmax")
    if not vmin < vmax:
        raise ValueError(
            f"vmin must be less than vmax (slider {description!r}); "
            f"got vmin = {vmin}, vmax = {vmax}"
        )
    if not vmin <= value <= vmax:
        raise ValueError(
            f"value must lie between vmin and vmax, [{vmin}, {vmax}] "
            f"(slider {description!r}); got {value}"
        )
    return value, vmin, vmax


def slider(
    description: str,
    value: float,
    vmin: float,
    vmax: float,
    step: float = 0.1,
    *,
    readout_format: str = ".2f",
) -> widgets.FloatSlider:
    """A float slider with the book's look (label on the left, value on the right).

    Needs ``vmin < vmax``, ``vmin <= value <= vmax`` and ``step > 0``; bad
    bounds raise a ValueError naming the argument (not traitlets' TraitError).
    """
    value, vmin, vmax = _check_bounds(description, value, vmin, vmax)
    step = as_positive_float(step, "step")
    return widgets.FloatSlider(
        value=value,
        min=vmin,
        max=vmax,
        step=step,
        readout_format=readout_format,
        continuous_update=True,
        **_look(description),
    )


def int_slider(
    description: str, value: int, vmin: int, vmax: int, step: int = 1
) -> widgets.IntSlider:
    """A slider of whole numbers with the book's look; bounds checked as :func:`slider`'s."""
    for name, v in (("value", value), ("vmin", vmin), ("vmax", vmax)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(
                f"{name} must be a whole number (slider {description!r}); got {v!r}"
            )
    _check_bounds(description, value, vmin, vmax)
    step = as_positive_int(step, "step")
    return widgets.IntSlider(
        value=int(value),
        min=int(vmin),
        max=int(vmax),
        step=step,
        continuous_update=True,
        **_look(description),
    )


def log_slider(
    description: str,
    value: float,
    exp_min: float,
    exp_max: float,
    step: float = 0.05,
    *,
    readout_format: str = ".3g",
) -> widgets.FloatLogSlider:
    """A slider over powers of ten, ``10**exp_min`` to ``10**exp_max``, with the book's look."""
    exp_value = np.log10(as_positive_float(value, "value"))
    _check_bounds(description, exp_value, exp_min, exp_max)
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=exp_min,
        max=exp_max,
        step=as_positive_float(step, "step"),
        readout_format=readout_format,
        continuous_update=True,
        **_look(description),
    )


def choice(description: str, value: str, options: Iterable[str]) -> widgets.Dropdown:
    """A drop-down list of names with the book's look; ``value`` must be one of ``options``."""
    options = list(options)
    if value not in options:
        raise ValueError(
            f"value must be one of {options} (choice {description!r}); got {value!r}"
        )
    return widgets.Dropdown(options=options, value=value, **_look(description))
