r"""Figures of sums, vectors and matrices ("The maths you need", ``book/00_maths.ipynb``).

- :func:`plot_mean`: values, their mean, and each value's distance from it.
- :func:`plot_dot`: a dot product as a running sum of products.
- :func:`plot_matmul`: the shapes of a matrix product, one row times one column.
- :func:`plot_transpose`: a matrix and its transpose, one row turned into a column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from .style import NEGATIVE, NEUTRAL, PALETTE, POSITIVE

__all__ = ["plot_mean", "plot_dot", "plot_matmul", "plot_transpose"]


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


def _table(ax: Axes, left: float, top: float, M: np.ndarray, label: str, lit: str):
    """Matrix ``M`` as a table of cells from (left, top) down, its first row
    (``lit="row"``) or first column (``lit="col"``) shaded, its name above and
    its shape below."""
    from matplotlib.patches import Rectangle

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
    ax.text(left + cols / 2, top + 0.3, label, ha="center", va="bottom", fontsize=12)
    ax.text(
        left + cols / 2,
        top - rows - 0.3,
        f"shape {M.shape}",
        ha="center",
        va="top",
        fontsize=10,
    )


def plot_transpose(ax: Axes, W: np.ndarray) -> None:
    r"""A matrix $W$ and its transpose $W^\top$ (entry $(i, j)$ moves to $(j, i)$).

    The first row of $W$ and the first column of $W^\top$, the same numbers,
    are shaded.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix (2-D); got shape {W.shape}")
    top = float(max(W.shape))
    _table(ax, 0, top, W, "$W$", "row")
    gap = W.shape[1] + 1.6
    ax.annotate(
        "",
        xy=(gap - 0.25, top - 0.5),
        xytext=(W.shape[1] + 0.25, top - 0.5),
        arrowprops={"arrowstyle": "->", "lw": 1.5},
    )
    ax.text((W.shape[1] + gap) / 2, top - 0.15, "flip", ha="center", fontsize=9)
    _table(ax, gap, top, W.T, r"$W^\top$", "col")
    ax.set_xlim(-0.3, gap + W.shape[0] + 0.3)
    ax.set_ylim(-1.2, top + 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
