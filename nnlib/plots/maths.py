r"""Figures of slopes, the chain rule and the gradient ("The maths you need").

- :class:`NudgeView`: a curve, a point on it, the line through the two nudged
  points $x_0 \pm h$, and the tangent at $x_0$.
- :class:`ChainView`: two links, $u = g(x)$ and $y = f(u)$, side by side, with a
  nudge of $x$ carried through both.
- :func:`plot_gradient`: contour lines of a function of two numbers and its
  gradient, the arrow of slopes, at a point.

The chapter's figures of sums, dot products, matrix products and the
transpose are in :mod:`nnlib.plots.linear_algebra`.

The views draw once and then only change their artists' data
(``update``); :meth:`blit_artists` lists what changes, for slider panels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from .._checks import as_function, check_range
from ..calculus import central_difference, partial_derivatives
from .style import NEGATIVE, NEUTRAL, PALETTE, POSITIVE

__all__ = [
    "NudgeView",
    "ChainView",
    "plot_gradient",
]


class NudgeView:
    r"""A curve $y = f(x)$, a point $x_0$, the line through $x_0 \pm h$, and the tangent.

    Parameters
    ----------
    f : callable
        The function (vectorised over a numpy array).
    x_range : (float, float)
        The visible inputs.
    y_range : (float, float)
        The visible outputs.
    xlabel, ylabel : str
        The axis labels.
    """

    def __init__(
        self,
        f: Callable[[np.ndarray], np.ndarray],
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        xlabel: str = "$x$",
        ylabel: str = "$f(x)$",
    ) -> None:
        self.f = as_function(f, "f")
        self.x_range = check_range(x_range, "x_range")
        self.y_range = check_range(y_range, "y_range")
        self.xs = np.linspace(*self.x_range, 400)
        self.labels = (xlabel, ylabel)

    def draw(self, ax: Axes, x0: float, h: float) -> None:
        """Draw the curve once and every moving part at ``x0`` with nudge ``h``."""
        self.ax = ax
        ax.plot(self.xs, self.f(self.xs), color="black", lw=2.0, label="the curve")
        (self.tangent,) = ax.plot(
            [], [], color=PALETTE["orange"], lw=2.0, label="tangent at the point"
        )
        (self.secant,) = ax.plot(
            [],
            [],
            color=POSITIVE,
            lw=1.5,
            ls="--",
            label="line through the nudged points",
        )
        (self.ends,) = ax.plot([], [], "o", color=POSITIVE, ms=5)
        (self.point,) = ax.plot([], [], "o", color=NEGATIVE, ms=7, zorder=5)
        ax.set_xlim(*self.x_range)
        ax.set_ylim(*self.y_range)
        ax.set_xlabel(self.labels[0])
        ax.set_ylabel(self.labels[1])
        ax.legend(loc="upper left", fontsize=9, frameon=True, framealpha=0.9)
        self.title = ax.set_title("", fontsize=10)
        self.update(x0, h)

    def update(self, x0: float, h: float) -> dict[str, float]:
        """Move the point to ``x0`` and the nudge to ``h``; return the slopes."""
        f = self.f
        slope_est = float((f(np.float64(x0 + h)) - f(np.float64(x0 - h))) / (2 * h))
        slope = float(central_difference(f, float(x0), 1e-6))
        y0 = float(f(np.float64(x0)))
        span = np.array(self.x_range)
        self.tangent.set_data(span, y0 + slope * (span - x0))
        y_right = float(f(np.float64(x0 + h)))
        self.secant.set_data(span, y_right + slope_est * (span - x0 - h))
        self.ends.set_data(
            [x0 - h, x0 + h],
            [float(f(np.float64(x0 - h))), float(f(np.float64(x0 + h)))],
        )
        self.point.set_data([x0], [y0])
        self.title.set_text(
            f"h = {h:.2f}: nudged slope {slope_est:.3f}, tangent {slope:.3f}"
        )
        return {"estimate": slope_est, "slope": slope, "y0": y0}

    def blit_artists(self) -> list[Artist]:
        """The artists :meth:`update` changes, and the legend drawn over them."""
        return [
            self.tangent,
            self.secant,
            self.ends,
            self.point,
            self.title,
            self.ax.get_legend(),
            *self.ax.spines.values(),
        ]


class ChainView:
    r"""Two links side by side: $u = g(x)$ on the left, $y = f(u)$ on the right.

    A nudge $\Delta x$ of the input moves $u$ by $\Delta u$ (left, drawn on
    the vertical axis) and that moves $y$ by $\Delta y$ (right). The rates
    $\Delta u / \Delta x$ and $\Delta y / \Delta u$ multiply to
    $\Delta y / \Delta x$.
    """

    def __init__(
        self,
        g: Callable[[np.ndarray], np.ndarray],
        f: Callable[[np.ndarray], np.ndarray],
        x_range: tuple[float, float],
        u_range: tuple[float, float],
        y_range: tuple[float, float],
    ) -> None:
        self.g, self.f = as_function(g, "g"), as_function(f, "f")
        self.x_range = check_range(x_range, "x_range")
        self.u_range = check_range(u_range, "u_range")
        self.y_range = check_range(y_range, "y_range")

    def draw(self, axes: Sequence[Axes], x0: float, dx: float) -> None:
        """Draw both links once, then the nudge ``dx`` at ``x0``."""
        left, right = axes
        self.axes = (left, right)
        xs = np.linspace(*self.x_range, 200)
        us = np.linspace(*self.u_range, 200)
        left.plot(xs, self.g(xs), color="black", lw=2.0)
        right.plot(us, self.f(us), color="black", lw=2.0)
        left.set(
            xlim=self.x_range, ylim=self.u_range, xlabel="$x$", ylabel="$u = g(x)$"
        )
        right.set(
            xlim=self.u_range, ylim=self.y_range, xlabel="$u$", ylabel="$y = f(u)$"
        )
        style = {"color": PALETTE["orange"], "lw": 2.0}
        (self.run_l,) = left.plot([], [], **style)
        (self.rise_l,) = left.plot([], [], color=POSITIVE, lw=2.5)
        (self.run_r,) = right.plot([], [], color=POSITIVE, lw=2.5)
        (self.rise_r,) = right.plot([], [], color=NEGATIVE, lw=2.5)
        (self.pts_l,) = left.plot([], [], "o", color="black", ms=5, zorder=5)
        (self.pts_r,) = right.plot([], [], "o", color="black", ms=5, zorder=5)
        self.title_l = left.set_title("", fontsize=10)
        self.title_r = right.set_title("", fontsize=10)
        self.update(x0, dx)

    def update(self, x0: float, dx: float) -> dict[str, float]:
        """Nudge ``x0`` by ``dx``; return the changes and the two rates."""
        g, f = self.g, self.f
        u0, u1 = float(g(np.float64(x0))), float(g(np.float64(x0 + dx)))
        y0, y1 = float(f(np.float64(u0))), float(f(np.float64(u1)))
        du, dy = u1 - u0, y1 - y0
        # the step triangles: run along the bottom, rise up the far side
        self.run_l.set_data([x0, x0 + dx], [u0, u0])
        self.rise_l.set_data([x0 + dx, x0 + dx], [u0, u1])
        self.run_r.set_data([u0, u1], [y0, y0])
        self.rise_r.set_data([u1, u1], [y0, y1])
        self.pts_l.set_data([x0, x0 + dx], [u0, u1])
        self.pts_r.set_data([u0, u1], [y0, y1])
        rate_1 = du / dx
        rate_2 = dy / du if du != 0 else float(central_difference(f, u0, 1e-6))
        self.title_l.set_text(f"Δu/Δx = {du:.3f}/{dx:.3f} = {rate_1:.3f}")
        self.title_r.set_text(f"Δy/Δu = {dy:.3f}/{du:.3f} = {rate_2:.3f}")
        return {
            "u0": u0,
            "y0": y0,
            "du": du,
            "dy": dy,
            "rate_1": rate_1,
            "rate_2": rate_2,
        }

    def blit_artists(self) -> list[Artist]:
        """The artists :meth:`update` changes, and the frames drawn over them."""
        left, right = self.axes
        return [
            self.run_l,
            self.rise_l,
            self.run_r,
            self.rise_r,
            self.pts_l,
            self.pts_r,
            self.title_l,
            self.title_r,
            *left.spines.values(),
            *right.spines.values(),
        ]


def plot_gradient(
    ax: Axes,
    f: Callable[[np.ndarray], float],
    point: Sequence[float],
    x_range: tuple[float, float] = (-3, 3),
    y_range: tuple[float, float] = (-3, 3),
) -> np.ndarray:
    r"""Contour lines of $f(p_0, p_1)$ and, at ``point``, the gradient $\nabla f$ and its two parts.

    The gradient is measured with :func:`nnlib.calculus.partial_derivatives`
    and returned. It is drawn at a quarter of its length, with its two
    parts (the slope along $p_0$, the slope along $p_1$) as thinner arrows.
    """
    p = np.asarray(point, dtype=float)
    if p.shape != (2,):
        raise ValueError(f"point must have two numbers; got shape {p.shape}")
    a = np.linspace(*x_range, 121)
    b = np.linspace(*y_range, 121)
    A, B = np.meshgrid(a, b)
    Z = np.array([[f(np.array([u, v])) for u in a] for v in b])
    ax.contour(A, B, Z, levels=12, colors=NEUTRAL, linewidths=0.8)
    grad = partial_derivatives(f, p)
    scale = 0.25
    arrow = {"width": 0.02, "length_includes_head": True, "head_width": 0.15}
    ax.arrow(p[0], p[1], scale * grad[0], 0, color=POSITIVE, **arrow)
    ax.arrow(p[0], p[1], 0, scale * grad[1], color=PALETTE["green"], **arrow)
    ax.arrow(
        p[0],
        p[1],
        scale * grad[0],
        scale * grad[1],
        color=NEGATIVE,
        **{**arrow, "width": 0.04},
    )
    ax.plot(*p, "o", color="black", ms=6, zorder=5)
    ax.set(xlim=x_range, ylim=y_range, xlabel="$p_0$", ylabel="$p_1$", aspect="equal")
    return grad
