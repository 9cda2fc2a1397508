"""Figures of gradient descent: loss curves with tangents, loss surfaces with paths (Chapter 5).

Every function draws on axes it is given (or makes a small figure) and calls
:mod:`nnlib.descent` / :mod:`nnlib.linear` for the numbers; nothing here
computes a gradient of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import linear
from .._checks import as_float_array, as_positive_int
from ..descent import DescentResult
from .animation import Animation
from .style import NEUTRAL, PALETTE

__all__ = [
    "RATE_COLOURS",
    "plot_curve_descent",
    "surface_window",
    "plot_loss_surface",
    "plot_path",
    "visible_path",
    "plot_losses",
    "animate_paths",
]

RATE_COLOURS = [
    PALETTE["blue"],
    PALETTE["green"],
    PALETTE["orange"],
    PALETTE["purple"],
    PALETTE["vermillion"],
    PALETTE["sky"],
]
"""Colours for several learning rates drawn together, from small to large
(neighbours differ in hue and lightness, also for colour-blind readers)."""


def plot_curve_descent(
    ax: Axes,
    f: Callable[[float], float],
    df: Callable[[float], float],
    result: DescentResult,
    *,
    window: tuple[float, float] = (-2.2, 2.6),
    tangents: int = 6,
    tangent_half_width: float = 0.35,
) -> None:
    """A one-parameter loss curve, the start marked with a cross, and the walk down it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    f, df : callable
        The loss curve $E(w)$ and its slope $E'(w)$ (see :data:`nnlib.descent.CURVES`).
    result : DescentResult
        A run of :func:`nnlib.descent.gradient_descent` on ``f`` (path shape (k, 1)).
    window : (float, float)
        The range of $w$ drawn.
    tangents : int
        How many of the first points get their tangent (slope) drawn.
    """
    w = np.linspace(*window, 300)
    e = np.array([f(v) for v in w])
    ax.plot(w, e, color=PALETTE["blue"], lw=2, label="loss $E(w)$")
    ws = result.path[:, 0]
    es = result.losses
    ax.plot(ws, es, "o-", color=PALETTE["orange"], ms=4, lw=1, label="steps")
    ax.plot(ws[0], es[0], "x", color=PALETTE["green"], ms=12, mew=3, label="start")
    for k in range(min(tangents, ws.size)):
        s = df(ws[k])
        dx = np.array([-tangent_half_width, tangent_half_width])
        ax.plot(
            ws[k] + dx,
            es[k] + s * dx,
            color=PALETTE["yellow"],
            lw=2.5,
            label="slope" if k == 0 else None,
        )
    ax.set_xlim(*window)
    ax.set_ylim(float(e.min()) - 0.3, float(e.max()))
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("loss $E$")
    ax.legend(loc="upper center", fontsize=8, ncol=2)


def surface_window(
    x: np.ndarray, y: np.ndarray, half_widths: tuple[float, float] = (2.5, 2.5)
) -> tuple[np.ndarray, np.ndarray]:
    """Grids of slopes and intercepts around the least-squares line, for contours.

    ``half_widths`` are the grid's half widths in $m$ and $b$, both greater than 0.
    Returns ``ms`` and ``bs``, shape (121,) each.
    """
    m_star, b_star = linear.least_squares(x, y)
    half = as_float_array(half_widths, "half_widths", shape=(2,))
    if not (half > 0).all():
        raise ValueError(f"half_widths must both be greater than 0; got {tuple(half)}")
    ms = np.linspace(m_star - half[0], m_star + half[0], 121)
    bs = np.linspace(b_star - half[1], b_star + half[1], 121)
    return ms, bs


def plot_loss_surface(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    ms: np.ndarray,
    bs: np.ndarray,
    *,
    levels: int = 18,
) -> None:
    """Contours of $E(m, b)$ (log-spaced levels) with the minimum marked by a star."""
    grid = linear.loss_grid(x, y, ms, bs)
    lo, hi = float(grid.min()), float(grid.max())
    ax.contour(
        ms,
        bs,
        grid,
        levels=np.geomspace(lo * 1.02 + 1e-12, hi, levels),
        colors=NEUTRAL,
        linewidths=0.7,
    )
    m_star, b_star = linear.least_squares(x, y)
    ax.plot(m_star, b_star, "*", color=PALETTE["black"], ms=12, label="minimum")
    ax.set_xlim(ms[0], ms[-1])
    ax.set_ylim(bs[0], bs[-1])
    ax.set_xlabel("slope $m$")
    ax.set_ylabel("intercept $b$")
    ax.grid(False)


def visible_path(
    path: np.ndarray, xlim: tuple[float, float], ylim: tuple[float, float]
) -> np.ndarray:
    """The start of a 2-D ``path`` up to and including its first point outside the window.

    A diverging path would otherwise criss-cross the whole picture with lines
    to far-away points; cut, it shows the zigzag growing until it leaves.
    ``path`` has shape (n_points, 2); ``xlim`` and ``ylim`` are (low, high)
    pairs, in either order (as an inverted axis reports them).
    """
    path = as_float_array(path, "path", shape=(None, 2))
    x0, x1 = np.sort(as_float_array(xlim, "xlim", shape=(2,)))
    y0, y1 = np.sort(as_float_array(ylim, "ylim", shape=(2,)))
    inside = (
        (path[:, 0] >= x0)
        & (path[:, 0] <= x1)
        & (path[:, 1] >= y0)
        & (path[:, 1] <= y1)
    )
    outside = np.flatnonzero(~inside)
    return path if outside.size == 0 else path[: outside[0] + 1]


def plot_path(ax: Axes, result: DescentResult, color: str, label: str | None = None):
    """Draw a descent path on a loss surface (drawn after the surface, so the
    axes' limits are set), cut where it leaves the picture; returns the line artist."""
    shown = visible_path(result.path, ax.get_xlim(), ax.get_ylim())
    (line,) = ax.plot(
        shown[:, 0], shown[:, 1], "o-", ms=3, lw=1.2, color=color, label=label
    )
    return line


def plot_losses(
    ax: Axes,
    results: Sequence[DescentResult],
    labels: Sequence[str],
    colors: Sequence[str] | None = None,
) -> list:
    """Loss per step (log scale) for several runs; a diverged run ends in a cross."""
    colors = colors or RATE_COLOURS
    lines = []
    for result, label, color in zip(results, labels, colors, strict=False):
        (line,) = ax.plot(
            np.arange(result.losses.size),
            result.losses,
            color=color,
            lw=1.5,
            label=label,
        )
        lines.append(line)
        if result.diverged:
            ax.plot(result.steps, result.losses[-1], "x", color=color, ms=9, mew=2.5)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss $E$")
    ax.legend(fontsize=8)
    return lines


def _empty_runs(ax_s: Axes, ax_l: Axes, labels: Sequence[str]) -> tuple[list, list]:
    """One empty path on the surface and one empty loss curve per run, and the
    legend, above the surface rather than on it (the paths go everywhere inside)."""
    paths, curves = [], []
    for label, color in zip(labels, RATE_COLOURS, strict=False):
        (p,) = ax_s.plot([], [], "o-", ms=3, lw=1.2, color=color, label=label)
        (c,) = ax_l.plot([], [], color=color, lw=1.5, label=label)
        paths.append(p)
        curves.append(c)
    ax_s.legend(
        fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False
    )
    return paths, curves


def _loss_axes(ax: Axes, results: Sequence[DescentResult]) -> None:
    """A log-scale loss axis wide and tall enough for every run."""
    lo = min(float(r.losses.min()) for r in results)
    hi = max(float(r.losses.max()) for r in results)
    ax.set_yscale("log")
    ax.set_xlim(0, max(r.steps for r in results))
    ax.set_ylim(lo * 0.7, hi * 1.5)
    ax.set_xlabel("step")
    ax.set_ylabel("loss $E$")


def animate_paths(
    x: np.ndarray,
    y: np.ndarray,
    results: Sequence[DescentResult],
    labels: Sequence[str],
    *,
    frames: int = 30,
    dpi: int = 90,
    figsize: tuple[float, float] = (6.2, 2.8),
) -> tuple[Figure, Animation]:
    """Animate several descent paths on the loss surface and their loss curves together.

    Each frame shows every run up to the same step; a diverged run stops where
    descent stopped it. Returns ``(fig, anim)``; show it with
    ``HTML(anim.to_jshtml())`` and then close ``fig``.
    """
    frames = min(as_positive_int(frames, "frames"), 40)
    if not results or len(results) != len(labels):
        raise ValueError(
            f"results and labels must be non-empty and of equal length; got {len(results)} and {len(labels)}"
        )
    fig = Figure(figsize=figsize, dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax_s, ax_l = fig.subplots(1, 2)
    ms, bs = surface_window(x, y)
    plot_loss_surface(ax_s, x, y, ms, bs, levels=10)  # fewer lines: smaller frames
    n_max = max(r.steps for r in results)
    paths, curves = _empty_runs(ax_s, ax_l, labels)
    _loss_axes(ax_l, results)
    title = ax_l.set_title("step 0", fontsize=9)
    fig.tight_layout()
    stops = np.unique(np.linspace(0, n_max, frames).round().astype(int))

    def show(i: int):
        k = int(stops[i])
        for r, p, c in zip(results, paths, curves, strict=False):
            j = min(k, r.steps) + 1
            shown = visible_path(r.path[:j], (ms[0], ms[-1]), (bs[0], bs[-1]))
            p.set_data(shown[:, 0], shown[:, 1])
            c.set_data(np.arange(j), r.losses[:j])
        title.set_text(f"step {k}")
        return [*paths, *curves, title]

    anim = Animation(fig, show, frames=len(stops), interval=250, blit=False)
    return fig, anim


# -- an MLP learning: its decision boundary at chosen steps ------------------------


def _network_at(net, params: dict[str, np.ndarray]):
    """A copy of ``net`` holding ``params`` (the original is left alone)."""
    from ..layers import Dense
    from ..network import MLP

    layers = [
        Dense.from_weights(params[f"W{i}"], params[f"b{i}"], layer.activation)
        for i, layer in enumerate(net.layers, start=1)
    ]
    return MLP.from_layers(layers)


def plot_boundary_snapshots(
    net,
    result,
    X: np.ndarray,
    y: np.ndarray,
    *,
    steps: Sequence[int] | None = None,
    dpi: int = 90,
) -> Figure:
    """The decision boundary at every step in ``result.snapshots``, in rows of three.

    Parameters
    ----------
    net : nnlib.network.MLP
        The trained network (only its shape and activations are used).
    result : nnlib.training.TrainingResult
        From :func:`nnlib.training.train` with ``snapshot_steps``.
    X, y : the training data, shapes (n_samples, 2) and (n_samples, 1).
    steps : sequence of int, optional
        Which snapshots to show (default: all of them).
    """
    from .boundary import plot_decision_boundary

    steps = sorted(result.snapshots) if steps is None else list(steps)
    missing = [s for s in steps if s not in result.snapshots]
    if missing:
        raise ValueError(
            f"steps must be among the snapshot steps {sorted(result.snapshots)}; got {missing}"
        )
    columns = min(len(steps), 3)
    rows = -(-len(steps) // columns)
    fig = Figure(figsize=(7.4, 2.6 * rows), dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    axes = np.ravel(fig.subplots(rows, columns, squeeze=False))
    for ax in axes[len(steps) :]:
        ax.set_visible(False)  # an empty place in the last row
    for ax, step in zip(axes, steps, strict=False):
        model = _network_at(net, result.snapshots[step])
        view = plot_decision_boundary(ax, model.predict, X, y, resolution=80)
        ax.set_title(f"step {step}: {100 * view.accuracy:.0f}% right", fontsize=9)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def animate_boundary(
    net,
    result,
    X: np.ndarray,
    y: np.ndarray,
    *,
    steps: Sequence[int] | None = None,
    dpi: int = 90,
) -> tuple[Figure, Animation]:
    """Animate the decision boundary over ``result.snapshots`` (at most 40) beside the loss.

    ``steps`` picks which snapshots become frames (default: all).
    Returns ``(fig, anim)``; show with ``HTML(anim.to_jshtml())``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from .boundary import BoundaryView

    steps = sorted(result.snapshots) if steps is None else sorted(steps)
    missing = [s for s in steps if s not in result.snapshots]
    if missing:
        raise ValueError(
            f"steps must be among the snapshot steps {sorted(result.snapshots)}; got {missing}"
        )
    steps = steps[:40]
    fig = Figure(figsize=(6.4, 2.8), dpi=dpi)
    FigureCanvasAgg(fig)
    ax_b, ax_l = fig.subplots(1, 2)
    view = BoundaryView(ax_b, X, y, resolution=70)
    ax_l.plot(np.arange(result.losses.size), result.losses, color=NEUTRAL, lw=1)
    (now,) = ax_l.plot([], [], "o", color=PALETTE["vermillion"])
    ax_l.set_yscale("log")
    ax_l.set_xlabel("step")
    ax_l.set_ylabel("loss $E$")
    title = ax_b.set_title("step 0", fontsize=9)
    fig.tight_layout()
    models = [_network_at(net, result.snapshots[s]) for s in steps]

    def show(i: int):
        acc = view.update(models[i].predict)
        k = min(steps[i], result.losses.size - 1)
        now.set_data([k], [result.losses[k]])
        title.set_text(f"step {steps[i]}: {100 * acc:.0f}% right")
        return [view.image, now, title]

    anim = Animation(fig, show, frames=len(steps), interval=250, blit=False)
    return fig, anim
