r"""Figures of "The maths you need" (``book/00_maths.ipynb``).

- :class:`NudgeView`: a curve, a point on it, the line through the two nudged
  points $x_0 \pm h$, and the tangent at $x_0$.
- :class:`ChainView`: two links, $u = g(x)$ and $y = f(u)$, side by side, with a
  nudge of $x$ carried through both.
- :func:`plot_mean`: values, their mean, and each value's distance from it.
- :func:`plot_dot`: a dot product as a running sum of products.
- :func:`plot_matmul`: the shapes of a matrix product, one row times one column.
- :func:`plot_transpose`: a matrix and its transpose, one row turned into a column.
- :func:`plot_gradient`: contour lines of a function of two numbers and its
  gradient, the arrow of slopes, at a point.

The views draw once and then only change their artists' data
(``update``); :meth:`blit_artists` lists what changes, for slider panels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from ..calculus import central_difference, partial_derivatives
from .style import NEGATIVE, NEUTRAL, PALETTE, POSITIVE

__all__ = [
    "NudgeView",
    "ChainView",
    "plot_mean",
    "plot_dot",
    "plot_matmul",
    "plot_transpose",
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
        if not callable(f):
            raise TypeError(f"f must be a function; got {type(f).__name__}")
        if not x_range[0] < x_range[1]:
            raise ValueError(
                f"x_range must be (low, high) with low < high; got {x_range}"
            )
        if not y_range[0] < y_range[1]:
            raise ValueError(
                f"y_range must be (low, high) with low < high; got {y_range}"
            )
        self.f = f
        self.x_range = (float(x_range[0]), float(x_range[1]))
        self.y_range = (float(y_range[0]), float(y_range[1]))
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
        for name, fn in (("g", g), ("f", f)):
            if not callable(fn):
                raise TypeError(f"{name} must be a function; got {type(fn).__name__}")
        self.g, self.f = g, f
        self.x_range, self.u_range, self.y_range = x_range, u_range, y_range

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


def plot_mean(ax: Axes, values: Sequence[float]) -> float:
    r"""Dots for $v_1 \dots v_N$, a line at their mean $\frac{1}{N}\sum_i v_i$, and each gap to it.

    Returns the mean.
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size == 0:
        raise ValueError(
            f"values must be a non-empty list of numbers; got shape {v.shape}"
        )
    mean = float(v.mean())
    idx = np.arange(1, v.size + 1)
    for i, value in zip(idx, v, strict=True):
        ax.plot(
            [i, i], [mean, value], color=POSITIVE if value >= mean else NEGATIVE, lw=2.0
        )
    ax.plot(idx, v, "o", color="black", ms=7, zorder=5, label="the values $v_i$")
    ax.axhline(mean, color=PALETTE["orange"], lw=2.0, label=f"their mean = {mean:.2f}")
    ax.set_xticks(idx, [f"$v_{i}$" for i in idx])
    ax.set_ylabel("value")
    ax.legend(loc="upper left", fontsize=9)
    return mean


def plot_dot(ax: Axes, x: Sequence[float], w: Sequence[float]) -> float:
    r"""$\mathbf{x} \cdot \mathbf{w} = \sum_i x_i w_i$ as a staircase of products.

    Each bar starts where the running sum stands; blue bars add, vermillion
    bars take away; the last, black bar is the dot product, which is returned.
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if x.shape != w.shape or x.ndim != 1:
        raise ValueError(
            f"x and w must be vectors of the same length; got shapes {x.shape} and {w.shape}"
        )
    products = x * w
    total = 0.0
    for i, p in enumerate(products):
        ax.bar(i, p, bottom=total, color=POSITIVE if p >= 0 else NEGATIVE, width=0.6)
        ax.text(
            i,
            total + p + (0.08 if p >= 0 else -0.08),
            f"{x[i]:g}·{w[i]:g}",
            ha="center",
            va="bottom" if p >= 0 else "top",
            fontsize=9,
        )
        total += p
    ax.bar(len(products), total, color="black", width=0.6)
    ax.text(
        len(products), total + 0.08, f"{total:g}", ha="center", va="bottom", fontsize=9
    )
    labels = [f"$x_{i} w_{i}$" for i in range(len(products))] + [
        r"$\mathbf{x}\cdot\mathbf{w}$"
    ]
    ax.set_xticks(range(len(products) + 1), labels)
    ax.axhline(0, color=NEUTRAL, lw=0.8)
    ax.set_ylabel("running sum")
    low = min(0.0, float(np.cumsum(products).min()))
    high = max(0.0, float(np.cumsum(products).max()))
    ax.set_ylim(low - 0.5, high + 0.6)
    return float(total)


def _grid(
    ax: Axes,
    left: float,
    top: float,
    rows: int,
    cols: int,
    label: str,
    shape: str,
    highlight: tuple[str, int] | None,
    color: str,
) -> None:
    from matplotlib.patches import Rectangle

    for r in range(rows):
        for c in range(cols):
            lit = highlight is not None and (
                (highlight[0] == "row" and r == highlight[1])
                or (highlight[0] == "col" and c == highlight[1])
                or (highlight[0] == "cell" and (r, c) == divmod(highlight[1], cols))
            )
            ax.add_patch(
                Rectangle(
                    (left + c, top - r - 1),
                    1,
                    1,
                    facecolor=color if lit else "white",
                    edgecolor="black",
                    lw=1.0,
                    alpha=0.9,
                )
            )
    ax.text(left + cols / 2, top + 0.35, label, ha="center", va="bottom", fontsize=12)
    ax.text(
        left + cols / 2, top - rows - 0.35, shape, ha="center", va="top", fontsize=10
    )


def plot_matmul(
    ax: Axes, n: int = 4, k: int = 3, m: int = 2, row: int = 1, col: int = 0
) -> None:
    r"""$X W = Z$ with shapes $(n, k) @ (k, m) \to (n, m)$, one row times one column lit.

    Entry $(r, c)$ of the product is row $r$ of $X$ dotted with column $c$ of
    $W$, so the inner sizes ($k$) must agree and disappear.
    """
    for name, value in (("n", n), ("k", k), ("m", m)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value}")
    if not (0 <= row < n and 0 <= col < m):
        raise ValueError(
            f"row must be in [0, {n}) and col in [0, {m}); got {row}, {col}"
        )
    top = float(max(n, k))
    _grid(ax, 0, top, n, k, "$X$", f"({n}, {k})", ("row", row), PALETTE["sky"])
    ax.text(k + 0.75, top - 1.5, "@", fontsize=16, ha="center", va="center")
    _grid(ax, k + 1.5, top, k, m, "$W$", f"({k}, {m})", ("col", col), PALETTE["orange"])
    ax.text(k + m + 2.25, top - 1.5, "=", fontsize=16, ha="center", va="center")
    _grid(
        ax,
        k + m + 3,
        top,
        n,
        m,
        "$Z$",
        f"({n}, {m})",
        ("cell", row * m + col),
        PALETTE["green"],
    )
    ax.set_xlim(-0.3, k + 2 * m + 3.3)
    ax.set_ylim(-1.3, top + 1.0)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_transpose(ax: Axes, W: np.ndarray) -> None:
    r"""A matrix $W$ and its transpose $W^\top$ (entry $(i, j)$ moves to $(j, i)$).

    The first row of $W$ and the first column of $W^\top$, the same numbers,
    are shaded.
    """
    from matplotlib.patches import Rectangle

    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix (2-D); got shape {W.shape}")
    top = float(max(W.shape))

    def table(left: float, M: np.ndarray, label: str, lit: str) -> None:
        rows, cols = M.shape
        for r in range(rows):
            for c in range(cols):
                shaded = (lit == "row" and r == 0) or (lit == "col" and c == 0)
                ax.add_patch(
                    Rectangle(
                        (left + c, top - r - 1),
                        1,
                        1,
                        edgecolor="black",
                        facecolor=PALETTE["sky"] if shaded else "white",
                    )
                )
                ax.text(
                    left + c + 0.5,
                    top - r - 0.5,
                    f"{M[r, c]:g}",
                    ha="center",
                    va="center",
                    fontsize=10,
                )
        ax.text(
            left + cols / 2, top + 0.3, label, ha="center", va="bottom", fontsize=12
        )
        ax.text(
            left + cols / 2,
            top - rows - 0.3,
            f"shape {M.shape}",
            ha="center",
            va="top",
            fontsize=10,
        )

    table(0, W, "$W$", "row")
    gap = W.shape[1] + 1.6
    ax.annotate(
        "",
        xy=(gap - 0.25, top - 0.5),
        xytext=(W.shape[1] + 0.25, top - 0.5),
        arrowprops={"arrowstyle": "->", "lw": 1.5},
    )
    ax.text((W.shape[1] + gap) / 2, top - 0.15, "flip", ha="center", fontsize=9)
    table(gap, W.T, r"$W^\top$", "col")
    ax.set_xlim(-0.3, gap + W.shape[0] + 0.3)
    ax.set_ylim(-1.2, top + 1.0)
    ax.set_aspect("equal")
    ax.axis("off")


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
