r"""A recurrent cell with its loop, and the same cell unrolled over time (Chapter 3).

:func:`draw_recurrent_cell` draws $x_t$ in, the state $h_t$ looping back into
itself and $y_t$ out; :func:`draw_unrolled` draws one copy of the cell per time
step, $h_{t-1} \to h_t$, with the same weights at every step.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .._checks import as_float_array, as_positive_int
from .style import NEUTRAL, PALETTE

__all__ = ["draw_recurrent_cell", "draw_unrolled"]


def _box(
    ax: Axes,
    xy: tuple[float, float],
    text: str,
    color: str,
    w: float = 0.8,
    h: float = 0.6,
) -> None:
    x, y = xy
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.05",
            facecolor=color,
            edgecolor="black",
            lw=1.2,
            zorder=3,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=9, zorder=4)


def _arrow(
    ax: Axes, start: tuple[float, float], end: tuple[float, float], **kw: object
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=12,
            color="black",
            lw=1.2,
            zorder=2,
            **kw,
        )
    )


def draw_recurrent_cell(ax: Axes) -> None:
    r"""A recurrent cell: $x_t$ in, state $h_t$ looping back into itself, $y_t$ out."""
    _box(ax, (0.0, -1.3), "$x_t$", PALETTE["sky"])
    _box(ax, (0.0, 0.0), "$h_t$", "white")
    _box(ax, (0.0, 1.3), "$y_t$", PALETTE["orange"])
    _arrow(ax, (0.0, -0.95), (0.0, -0.35))
    _arrow(ax, (0.0, 0.35), (0.0, 0.95))
    _arrow(ax, (0.45, 0.15), (0.45, -0.15), connectionstyle="arc3,rad=-2.2")
    ax.text(1.05, 0.0, "$W_h$\n(memory)", ha="left", va="center", fontsize=8)
    ax.set_xlim(-1.2, 1.8)
    ax.set_ylim(-1.8, 1.8)
    ax.set_aspect("equal")
    ax.axis("off")


def draw_unrolled(
    ax: Axes,
    n_steps: int = 4,
    states: np.ndarray | None = None,
    inputs: np.ndarray | None = None,
) -> None:
    r"""The recurrent cell unrolled: one copy per time step, $h_{t-1} \to h_t$.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    n_steps : int, default 4
    states : numpy.ndarray, shape (n_steps, n_hidden), optional
        Hidden states to print in the boxes (rounded).
    inputs : numpy.ndarray, shape (n_steps,), optional
        Input values to print under the boxes.
    """
    n_steps = as_positive_int(n_steps, "n_steps")
    if states is not None:
        states = as_float_array(states, "states", ndim=2)
        if states.shape[0] != n_steps:
            raise ValueError(
                f"states must have one row per step ({n_steps}); "
                f"got shape {states.shape}"
            )
    gap = 2.0
    _box(ax, (-gap, 0.0), "$h_0$", "#eeeeee", w=0.9)
    for t in range(n_steps):
        x = t * gap
        state = (
            ""
            if states is None
            else "\n"
            + np.array2string(
                np.round(states[t], 2), precision=2, separator=" ", suppress_small=True
            )
        )
        _box(ax, (x, 0.0), f"$h_{{{t + 1}}}$" + state, "white", w=1.5, h=0.9)
        label = (
            f"$x_{{{t + 1}}}$" if inputs is None else f"$x_{{{t + 1}}}$ = {inputs[t]:g}"
        )
        _box(ax, (x, -1.6), label, PALETTE["sky"], w=1.3)
        _arrow(ax, (x, -1.3), (x, -0.45))
        _arrow(ax, (x - gap + (0.45 if t == 0 else 0.75), 0.0), (x - 0.75, 0.0))
    ax.text(
        (n_steps - 1) * gap / 2,
        0.85,
        "the same weights $W_x$, $W_h$, $b$ at every step",
        ha="center",
        fontsize=8,
        color=NEUTRAL,
    )
    ax.set_xlim(-gap - 0.6, (n_steps - 1) * gap + 0.9)
    ax.set_ylim(-2.1, 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
