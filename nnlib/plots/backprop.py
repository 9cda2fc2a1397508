"""Figures of backpropagation on a tiny network (Chapter 4).

They draw what :mod:`nnlib.examples` computes (a training step, a recorded
run); nothing here trains. Both use :class:`~nnlib.plots.network.NetworkDiagram`
with numbers (``draw(..., numbers=True)``), as does Chapter 4's slider panel,
so edges follow the one colour and width rule of :mod:`nnlib.plots.style`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .animation import Animation
from .network import NetworkDiagram
from .style import NEUTRAL, PALETTE

if TYPE_CHECKING:
    from ..examples import LearningHistory, TrainingStep

__all__ = ["draw_backprop_stages", "animate_history"]


STAGES = (
    "1. hand-set starting weights",
    "2. forward pass",
    "3. error at the output",
    "4. backward pass: δ",
    "5. update: weight changes",
)
"""Titles of the five panels of :func:`draw_backprop_stages`: one training
iteration. Backpropagation is panels 2 to 4 (forward pass, error, backward
pass: together they give the gradient); panel 5 is gradient descent's update."""

_STAGE_GRID = ((0, slice(0, 2)), (0, slice(2, 4)), (1, slice(0, 2)),
               (1, slice(2, 4)), (2, slice(1, 3)))  # fmt: skip
"""Where each stage goes on a 3 x 4 grid: two rows of two, the update centred below."""


def _stage_diagrams(fig: Figure, sizes: list[int]) -> list[NetworkDiagram]:
    """Five empty diagrams with numbers, in rows of two."""
    grid = fig.add_gridspec(3, 4, wspace=0.1, hspace=0.25)
    return [
        NetworkDiagram(sizes).draw(
            fig.add_subplot(grid[row, cols]),
            layer_labels=False,
            numbers=True,
            max_width=4.0,
        )
        for row, cols in _STAGE_GRID
    ]


def draw_backprop_stages(step: TrainingStep) -> Figure:
    """Five diagrams of one training iteration, in reading order (Chapter 4).

    1: the starting weights and the input; 2: the forward pass (each neuron's
    output); 3: the error at the output; 4: the backward pass (each neuron's
    error signal δ); 5: the update, each weight's change (gradient descent).
    Backpropagation is 2 to 4.

    Parameters
    ----------
    step : nnlib.examples.TrainingStep
        What :func:`nnlib.examples.training_step` computed.
    """
    t, before, after = step.trace, step.before, step.after
    sizes = [t.x.size, *(a.size for a in t.a)]
    fig = Figure(figsize=(7.4, 5.6), dpi=90)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.0, top=0.87)
    fig.suptitle(
        "One training iteration: backpropagation (2 to 4) gives the gradient,\n"
        "gradient descent (5) changes the weights with it",
        fontsize=10,
    )
    diagrams = _stage_diagrams(fig, sizes)
    scale = max(float(np.max(np.abs(W))) for W in before)
    n_layers = len(before)
    outputs = [t.x, *t.a]
    diagrams[0].show(
        before, values=[t.x] + [None] * n_layers, title=STAGES[0], scale=scale
    )
    diagrams[1].show(before, values=outputs, title=STAGES[1], scale=scale)
    diagrams[2].show(
        before,
        values=outputs,
        notes=[None] * n_layers + [t.delta[-1]],
        title=f"3. error E = {t.loss:.3f} (target {step.target:g})",
        scale=scale,
    )
    diagrams[3].show(
        before, values=outputs, notes=[None, *t.delta], title=STAGES[3], scale=scale
    )
    diagrams[4].show(
        after,
        edge_text=[a - b for a, b in zip(after, before, strict=True)],
        title=STAGES[4],
        scale=scale,
    )
    return fig


def animate_history(
    history: LearningHistory, dpi: int = 90
) -> tuple[Figure, Animation]:
    """Animate a recorded training run: the network's weights beside the falling error.

    Parameters
    ----------
    history : nnlib.examples.LearningHistory
        What :func:`nnlib.examples.learning_history` recorded; one frame per
        recording. Show with ``HTML(anim.to_jshtml())``.
    dpi : int, default 90
        The frames' resolution (the figure is 6.2 x 2.7 inches).
    """
    weights, marks, errors_arr = history.weights, history.marks, history.errors
    fig = Figure(figsize=(6.2, 2.7), dpi=dpi)
    FigureCanvasAgg(fig)
    ax_n, ax_e = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
    diagram = NetworkDiagram(history.layer_sizes).draw(
        ax_n, layer_labels=False, numbers=True
    )
    diagram.title.set_text("iteration 0: E = 0")  # so the layout leaves room for it
    scale = max(float(np.max(np.abs(W))) for ws in weights for W in ws)
    ax_e.plot(np.arange(errors_arr.size), errors_arr, color=NEUTRAL, lw=1)
    (done,) = ax_e.plot([], [], color=PALETTE["vermillion"], lw=2)
    (now,) = ax_e.plot([], [], "o", color=PALETTE["vermillion"])
    ax_e.set_xlabel("iteration")
    ax_e.set_ylabel("error $E$")
    ax_e.set_ylim(0, float(errors_arr.max()) * 1.1)
    fig.tight_layout(rect=(0.0, 0.0, 1.0, 0.96))  # room for the diagram's title

    def show(frame: int):
        k = marks[frame]
        diagram.show(
            weights[frame], title=f"iteration {k}: E = {errors_arr[k]:.3f}", scale=scale
        )
        done.set_data(np.arange(k + 1), errors_arr[: k + 1])
        now.set_data([k], [errors_arr[k]])
        return [done, now]

    anim = Animation(fig, show, frames=len(weights), interval=300, blit=False)
    return fig, anim
