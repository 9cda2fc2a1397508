"""The book's colours and figure defaults.

Colours come from the Okabe-Ito palette, which readers with the common kinds
of colour blindness can tell apart. Figures keep a white background so they
stay readable when the HTML book is switched to dark mode.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from .._checks import as_finite_float, as_float_array, as_positive_float

__all__ = [
    "PALETTE",
    "POSITIVE",
    "NEGATIVE",
    "NEUTRAL",
    "MIN_WIDTH",
    "MAX_WIDTH",
    "weight_color",
    "weight_colors",
    "weight_width",
    "use_book_style",
]

PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
"""Okabe-Ito colours by name."""

POSITIVE = PALETTE["blue"]
"""Colour of positive weights and values."""
NEGATIVE = "#C05300"
"""Colour of negative weights and values: Okabe-Ito vermillion darkened to a
contrast of 4.5:1 on white, since it also colours text (tests/test_contrast.py)."""
NEUTRAL = "#767676"
"""Colour of zero weights, guides and inactive parts (4.5:1 on white)."""

MIN_WIDTH = 0.8
"""Line width (points) of a zero weight's line."""
MAX_WIDTH = 8.0
"""Line width (points) of a weight of size ``scale`` or more, in a full-size figure."""


# -- the one rule for drawing a weight: colour by sign, width by size ----------


def weight_colors(w: object) -> list[str]:
    """One colour per weight: POSITIVE above 0, NEGATIVE below, NEUTRAL at 0.

    ``w`` is a number or an array of any shape, of finite numbers; colours in
    ``ravel`` order.
    """
    w = as_float_array(w, "w")
    return [POSITIVE if v > 0 else NEGATIVE if v < 0 else NEUTRAL for v in w.ravel()]


def weight_color(w: float) -> str:
    """The colour of one weight's line (see :func:`weight_colors`)."""
    return weight_colors(as_finite_float(w, "w"))[0]


def weight_width(w: object, scale: float, max_width: float = MAX_WIDTH) -> object:
    r"""The line width of a weight, $w_{min} + (w_{max} - w_{min}) \min(|w| / s, 1)$.

    Grows linearly with $|w|$ from :data:`MIN_WIDTH` at 0 to ``max_width``
    (:data:`MAX_WIDTH`, or less for a small figure) at $|w| = s$ (``scale``),
    and stays there for larger weights. A float for a number, else an array
    of ``w``'s shape.
    """
    w = as_float_array(w, "w") if np.ndim(w) else np.asarray(as_finite_float(w, "w"))
    scale = as_positive_float(scale, "scale")
    max_width = as_positive_float(max_width, "max_width")
    with np.errstate(over="ignore"):  # |w| / scale beyond float64 is simply "full"
        share = np.minimum(np.abs(w) / scale, 1.0)
    width = MIN_WIDTH + (max_width - MIN_WIDTH) * share
    return float(width) if width.ndim == 0 else width


_RC = {
    "axes.prop_cycle": mpl.cycler(
        color=[
            PALETTE[k]
            for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")
        ]
    ),
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 90,
    "font.size": 10,
}


def use_book_style() -> None:
    """Apply the book's matplotlib defaults (colour-blind-safe cycle, white background)."""
    mpl.rcParams.update(_RC)
