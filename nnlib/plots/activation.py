r"""Activation curves $f(z)$, optionally with their derivatives $f'(z)$ (Chapters 1-2).

Plots are thin: every value comes from :mod:`nnlib.activations`.

- :func:`plot_activation` draws one curve on an axes.
- :func:`plot_activations` draws every activation side by side.
- :class:`ActivationView` draws one curve with the current $z$ marked, and
  moves the mark (or switches the function) in place, for slider panels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from .._checks import as_finite_float, as_float_array
from ..activations import ACTIVATIONS, Activation, get_activation
from .style import NEUTRAL, PALETTE

__all__ = [
    "ActivationLines",
    "ActivationView",
    "plot_activation",
    "plot_activations",
    "curve_limits",
]

FORWARD_COLOR = PALETTE["blue"]
"""Colour of $f(z)$."""
DERIVATIVE_COLOR = PALETTE["orange"]
"""Colour of $f'(z)$."""


class ActivationLines(NamedTuple):
    """What :func:`plot_activation` drew: the line of $f$, and of $f'$ or None."""

    forward: Line2D
    derivative: Line2D | None


def _z_grid(z_range: Sequence[float], n_points: int) -> np.ndarray:
    bounds = as_float_array(z_range, "z_range", shape=(2,))
    if not bounds[0] < bounds[1]:
        raise ValueError(
            f"z_range must be (low, high) with low < high; got {tuple(bounds)}"
        )
    if isinstance(n_points, bool) or not isinstance(n_points, int) or n_points < 2:
        raise ValueError(f"n_points must be an int of at least 2; got {n_points!r}")
    return np.linspace(bounds[0], bounds[1], n_points)


def curve_limits(values: object, pad: float = 0.1) -> tuple[float, float]:
    r"""Y-limits $(\min - m, \max + m)$ with margin $m$ = ``pad`` times the spread.

    A flat curve (spread 0) gets a margin of ``pad`` on each side, so the
    limits never collapse to one number.

    Parameters
    ----------
    values : array_like of any shape
        At least one finite number.
    pad : float, default 0.1
        The margin as a share of the spread, at least 0.

    Returns
    -------
    (float, float)
        Finite limits, ``low < high``.
    """
    arr = as_float_array(values, "values")
    if arr.size == 0:
        raise ValueError("values must hold at least one number; got an empty array")
    pad = as_finite_float(pad, "pad")
    if pad < 0:
        raise ValueError(f"pad must be at least 0; got {pad}")
    low, high = float(arr.min()), float(arr.max())
    # Halves first: high - low itself could overflow for values near 1e308.
    half_spread = high / 2 - low / 2
    margin = 2 * pad * half_spread if half_spread > 0 else max(pad, 1e-9)
    big = float(np.finfo(np.float64).max)
    return max(low - margin, -big), min(high + margin, big)


def plot_activation(
    ax: Axes,
    name: str | Activation,
    *,
    show_derivative: bool = False,
    z_range: Sequence[float] = (-6.0, 6.0),
    n_points: int = 301,
    title: bool = True,
    legend: bool | None = None,
) -> ActivationLines:
    r"""Draw $f(z)$ of one activation on ``ax``, and $f'(z)$ if asked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    name : str or Activation
        ``"identity"``, ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
    show_derivative : bool, default False
        Also draw the derivative $f'(z)$, dashed (Chapter 2).
    z_range : (float, float), default (-6, 6)
        The range of the pre-activation $z$ on the x-axis.
    n_points : int, default 301
        Points per curve.
    title : bool, default True
        Title the axes with the activation's name and formula.
    legend : bool, optional
        Show a legend; by default only when the derivative is drawn.

    Returns
    -------
    ActivationLines
        ``(forward, derivative)``; ``derivative`` is None unless asked for.
    """
    act = get_activation(name)
    z = _z_grid(z_range, n_points)
    (forward,) = ax.plot(z, act.forward(z), color=FORWARD_COLOR, lw=2.2, label="$f(z)$")
    derivative = None
    if show_derivative:
        (derivative,) = ax.plot(
            z, act.backward(z), color=DERIVATIVE_COLOR, lw=1.8, ls="--", label="$f'(z)$"
        )
    ax.axhline(0.0, color=NEUTRAL, lw=0.8, zorder=0)
    ax.axvline(0.0, color=NEUTRAL, lw=0.8, zorder=0)
    ax.set_xlim(z[0], z[-1])
    ax.set_xlabel("pre-activation $z$")
    if title:
        ax.set_title(f"{act.name}: {act.formula}", fontsize=10)
    if legend or (legend is None and show_derivative):
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    return ActivationLines(forward, derivative)


def plot_activations(
    names: Sequence[str] | None = None,
    *,
    show_derivative: bool = True,
    z_range: Sequence[float] = (-5.0, 5.0),
    fig: Figure | None = None,
) -> Figure:
    """Draw several activations side by side, one axes each (Chapter 2).

    Parameters
    ----------
    names : sequence of str, optional
        Which activations, in order; by default every one in
        :data:`nnlib.activations.ACTIVATIONS`.
    show_derivative : bool, default True
        Draw each derivative too.
    z_range : (float, float), default (-5, 5)
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; by default a new one, 2.6 inches per axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    chosen = list(ACTIVATIONS) if names is None else list(names)
    if not chosen:
        raise ValueError("names must list at least one activation; got an empty list")
    acts = [get_activation(n) for n in chosen]
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(2.6 * len(acts), 2.8), layout="constrained")
    axes = fig.subplots(1, len(acts), squeeze=False)[0]
    for ax, act in zip(axes, acts, strict=True):
        plot_activation(
            ax, act, show_derivative=show_derivative, z_range=z_range, legend=False
        )
        ax.set_title(act.name, fontsize=10)
    if show_derivative:
        axes[0].legend(loc="upper left", fontsize=8, frameon=False)
    return fig


class ActivationView:
    r"""One activation curve with the point $(z, f(z))$ marked, updated in place.

    :meth:`draw` creates the artists once; :meth:`update` switches the
    function and moves the mark. The visible range of $z$ always contains
    the mark (it widens beyond ``z_range`` when $z$ does), and the y-limits
    follow the visible curve, so no slider position hides the point.

    Parameters
    ----------
    z_range : (float, float), default (-6, 6)
        The smallest range of $z$ shown.
    n_points : int, default 201
        Points on the curve.
    """

    def __init__(
        self, z_range: Sequence[float] = (-6.0, 6.0), n_points: int = 201
    ) -> None:
        self._grid = _z_grid(z_range, n_points)
        self.z_range = (float(self._grid[0]), float(self._grid[-1]))
        self.n_points = n_points
        self.ax: Axes | None = None
        self.curve: Line2D
        self.point: Line2D
        self.guides: Line2D
        self.label: Text

    def draw(
        self, ax: Axes, name: str | Activation = "sigmoid", z: float = 0.0
    ) -> None:
        """Create the curve, the mark and its guide lines on ``ax``, then show ``z``."""
        self.ax = ax
        self.curve = plot_activation(
            ax, name, z_range=self.z_range, n_points=self.n_points
        ).forward
        (self.guides,) = ax.plot([], [], color=NEUTRAL, lw=1.0, ls=":")
        (self.point,) = ax.plot(
            [], [], "o", color=PALETTE["vermillion"], ms=7, zorder=5
        )
        self.label = ax.text(
            0.03, 0.97, "", transform=ax.transAxes, va="top", fontsize=9
        )
        ax.set_ylabel("output $a = f(z)$")
        self.update(name, z)

    def blit_artists(self) -> list[Artist]:
        """The artists :meth:`update` changes, to mark animated in a slider panel.

        The curve, the mark, its guides, the label and the title, and the
        axes' frame (its spines are drawn over the curve). The axes' limits
        change too when $z$ leaves ``z_range`` or the function changes; the
        panel then draws its background again (see :mod:`nnlib.widgets`).
        """
        if self.ax is None:
            raise RuntimeError("call draw(ax) before blit_artists()")
        return [
            self.curve,
            self.guides,
            self.point,
            self.label,
            self.ax.title,
            *self.ax.spines.values(),
        ]

    def update(self, name: str | Activation, z: float) -> tuple[float, float]:
        """Show activation ``name`` with the point at ``z``; return ``(z, f(z))``."""
        if self.ax is None:
            raise RuntimeError("call draw(ax) before update()")
        act = get_activation(name)
        z = as_finite_float(z, "z")
        y = float(act.forward(np.asarray(z)))
        low = min(self.z_range[0], z - 1.0)
        high = max(self.z_range[1], z + 1.0)
        grid = np.linspace(low, high, self.n_points)
        values = act.forward(grid)
        self.curve.set_data(grid, values)
        self.ax.set_xlim(low, high)
        y_low, y_high = curve_limits(values)
        self.ax.set_ylim(y_low, y_high)
        self.guides.set_data([z, z, low], [y_low, y, y])
        self.point.set_data([z], [y])
        self.ax.set_title(f"{act.name}: {act.formula}", fontsize=10)
        self.label.set_text(f"z = {z:.2f}\na = {y:.3f}")
        return z, y
