"""The book's colours and figure defaults.

Colours come from the Okabe-Ito palette, which readers with the common kinds
of colour blindness can tell apart. Figures keep a white background so they
stay readable when the HTML book is switched to dark mode.
"""

from __future__ import annotations

import matplotlib as mpl

__all__ = ["PALETTE", "POSITIVE", "NEGATIVE", "NEUTRAL", "use_book_style"]

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
NEGATIVE = PALETTE["vermillion"]
"""Colour of negative weights and values."""
NEUTRAL = "#777777"
"""Colour of zero weights, guides and inactive parts."""

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
