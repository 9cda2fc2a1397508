"""Figures of backpropagation on a tiny network (Chapter 4).

They draw what :mod:`nnlib.examples` computes (a training step, a recorded
run); nothing here trains. :class:`NetworkDiagram` draws a small network once
and updates its colours, widths and labels in place, so the step-by-step
figures, the animation and the slider panel all share it.

Edges are blue for positive weights and vermillion for negative ones, their
width growing with the weight's size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .animation import Animation
from .style import NEGATIVE, NEUTRAL, PALETTE, weight_color, weight_width

if TYPE_CHECKING:
    from ..examples import LearningHistory, TrainingStep

__all__ = ["NetworkDiagram", "draw_backprop_stages", "animate_history"]


def _positions(sizes: list[int]) -> list[np.ndarray]:
    out = []
    for i, n in enumerate(sizes):
        ys = np.linspace(-(n - 1) / 2, (n - 1) / 2, n) if n > 1 else np.zeros(1)
        out.append(np.column_stack([np.full(n, float(i)), -ys]))
    return out


class NetworkDiagram:
    """A small network drawn once on ``ax``; :meth:`show` updates it in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sizes : list of int
        Layer sizes, inputs first (``net.layer_sizes``).
    max_width : float
        Line width of the largest weight drawn.
    """

    def __init__(self, ax: Axes, sizes: list[int], max_width: float = 6.0) -> None:
        self.ax = ax
        self.sizes = list(sizes)
        self.max_width = max_width
        self.pos = _positions(self.sizes)
        self.edges: list[list] = []
        self.edge_labels: list[list] = []
        for layer in range(len(self.sizes) - 1):
            lines, labels = [], []
            for x0, y0 in self.pos[layer]:
                for x1, y1 in self.pos[layer + 1]:
                    (line,) = ax.plot(
                        [x0, x1],
                        [y0, y1],
                        color=NEUTRAL,
                        lw=1,
                        zorder=1,
                        solid_capstyle="round",
                    )
                    t = 0.5 if y0 == y1 else 0.75
                    lab = ax.text(
                        x0 + t * (x1 - x0),
                        y0 + t * (y1 - y0),
                        "",
                        fontsize=6.5,
                        ha="center",
                        va="center",
                        zorder=4,
                        bbox={
                            "boxstyle": "round,pad=0.15",
                            "fc": "white",
                            "ec": "none",
                            "alpha": 0.85,
                        },
                    )
                    lines.append(line)
                    labels.append(lab)
            self.edges.append(lines)
            self.edge_labels.append(labels)
        self.nodes = []
        self.node_text = []
        self.node_note = []
        for layer, pts in enumerate(self.pos):
            colour = PALETTE["sky"] if layer == 0 else "white"
            sc = ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=800,
                c=colour,
                edgecolors="black",
                linewidths=1.2,
                zorder=2,
            )
            self.nodes.append(sc)
            self.node_text.append(
                [
                    ax.text(px, py, "", ha="center", va="center", fontsize=7, zorder=3)
                    for px, py in pts
                ]
            )
            self.node_note.append(
                [
                    ax.text(
                        px,
                        py - 0.3,
                        "",
                        ha="center",
                        va="top",
                        fontsize=7,
                        color=NEGATIVE,
                        zorder=3,
                    )
                    for px, py in pts
                ]
            )
        n = len(self.sizes)
        span = max(self.sizes)
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(-span / 2 - 0.45, span / 2)
        ax.set_aspect("equal")
        ax.axis("off")
        self.title = ax.set_title("", fontsize=9)

    def blit_artists(self) -> list[Artist]:
        """The artists to mark animated when a slider panel blits this diagram.

        Everything :meth:`show` changes (edges, their numbers, the numbers in
        and under the nodes, the title), and the nodes, which are drawn over
        the edges' ends.
        """
        return [
            *(line for lines in self.edges for line in lines),
            *(label for labels in self.edge_labels for label in labels),
            *self.nodes,
            *(t for texts in self.node_text for t in texts),
            *(t for texts in self.node_note for t in texts),
            self.title,
        ]

    def show(
        self,
        weights: list[np.ndarray],
        *,
        values: list[np.ndarray] | None = None,
        notes: list[np.ndarray] | None = None,
        edge_text: list[np.ndarray] | None = None,
        title: str = "",
        scale: float | None = None,
    ) -> None:
        """Update colours, widths and labels in place.

        Parameters
        ----------
        weights : list of numpy.ndarray
            One ``W`` per layer, shape (n_in, n_out): colour and width of edges.
        values : list of numpy.ndarray, optional
            One array per layer of nodes (inputs first), written inside the nodes.
        notes : list of numpy.ndarray, optional
            One array per layer of nodes, written under them (the error signals).
        edge_text : list of numpy.ndarray, optional
            Numbers written on the edges, same shapes as ``weights``.
        title : str
        scale : float, optional
            The weight size drawn at full width (default: the largest weight).
        """
        big = scale or max(float(np.max(np.abs(W))) for W in weights) or 1.0
        for layer, W in enumerate(weights):
            flat = np.asarray(W).reshape(-1)
            for k, line in enumerate(self.edges[layer]):
                w = float(flat[k])
                line.set_color(weight_color(w))
                line.set_linewidth(weight_width(w, big, self.max_width))
            texts = (
                None if edge_text is None else np.asarray(edge_text[layer]).reshape(-1)
            )
            for k, lab in enumerate(self.edge_labels[layer]):
                lab.set_text("" if texts is None else f"{texts[k]:+.3f}")
                lab.set_visible(texts is not None)
        for layer, texts in enumerate(self.node_text):
            vals = (
                None
                if values is None or values[layer] is None
                else np.ravel(values[layer])
            )
            for k, t in enumerate(texts):
                t.set_text("" if vals is None else f"{vals[k]:.3f}")
        for layer, texts in enumerate(self.node_note):
            vals = (
                None
                if notes is None or notes[layer] is None
                else np.ravel(notes[layer])
            )
            for k, t in enumerate(texts):
                t.set_text("" if vals is None else f"δ={vals[k]:.3f}")
        self.title.set_text(title)


STAGES = (
    "1. random weights",
    "2. forward pass",
    "3. error at the output",
    "4. error sent back (δ)",
    "5. weights changed by",
)
"""Titles of the five panels of :func:`plot_backprop_stages`."""


def draw_backprop_stages(step: TrainingStep) -> Figure:
    """Five small diagrams of one training iteration, left to right (Chapter 4).

    Parameters
    ----------
    step : nnlib.examples.TrainingStep
        What :func:`nnlib.examples.training_step` computed.
    """
    t, before, after = step.trace, step.before, step.after
    sizes = [t.x.size, *(a.size for a in t.a)]
    fig = Figure(figsize=(11.0, 2.2), dpi=80)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 5, gridspec_kw={"wspace": 0.05})
    diagrams = [NetworkDiagram(ax, sizes, max_width=4.0) for ax in axes]
    scale = max(float(np.max(np.abs(W))) for W in before)
    n_layers = len(before)
    diagrams[0].show(
        before, values=[t.x] + [None] * n_layers, title=STAGES[0], scale=scale
    )
    diagrams[1].show(before, values=[t.x, *t.a], title=STAGES[1], scale=scale)
    diagrams[2].show(
        before,
        values=[t.x, *t.a],
        notes=[None] * n_layers + [t.delta[-1]],
        title=f"3. error E = {t.loss:.3f}\n(target {step.target:g})",
        scale=scale,
    )
    diagrams[3].show(
        before, values=[t.x, *t.a], notes=[None, *t.delta], title=STAGES[3], scale=scale
    )
    diagrams[4].show(
        after,
        edge_text=[a - b for a, b in zip(after, before, strict=True)],
        title=STAGES[4],
        scale=scale,
    )
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.82)
    return fig


def animate_history(
    history: LearningHistory, dpi: int = 70
) -> tuple[Figure, Animation]:
    """Animate a recorded training run: the network's weights beside the falling error.

    Parameters
    ----------
    history : nnlib.examples.LearningHistory
        What :func:`nnlib.examples.learning_history` recorded; one frame per
        recording. Show with ``HTML(anim.to_jshtml())``.
    """
    weights, marks, errors_arr = history.weights, history.marks, history.errors
    fig = Figure(figsize=(7.2, 3.0), dpi=dpi)
    FigureCanvasAgg(fig)
    ax_n, ax_e = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
    diagram = NetworkDiagram(ax_n, history.layer_sizes, max_width=5.0)
    diagram.title.set_text("iteration 0: E = 0")  # so the layout leaves room for it
    scale = max(float(np.max(np.abs(W))) for ws in weights for W in ws)
    ax_e.plot(np.arange(errors_arr.size), errors_arr, color=NEUTRAL, lw=1)
    (done,) = ax_e.plot([], [], color=PALETTE["vermillion"], lw=2)
    (now,) = ax_e.plot([], [], "o", color=PALETTE["vermillion"])
    ax_e.set_xlabel("iteration")
    ax_e.set_ylabel("error $E$")
    ax_e.set_ylim(0, float(errors_arr.max()) * 1.1)
    fig.tight_layout()

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
