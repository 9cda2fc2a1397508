"""Figures of backpropagation on a tiny network (Chapter 4).

:func:`tiny_network` is the chapter's hand-worked 2-2-1 sigmoid network;
:func:`trace` runs one forward and backward pass on one sample and keeps
every intermediate number; :class:`NetworkDiagram` draws a small network once
and updates its colours, widths and labels in place, so the step-by-step
figures, the animation and the slider panel all share it.

Edges are blue for positive weights and vermillion for negative ones, their
width growing with the weight's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._checks import as_positive_float, as_positive_int
from ..layers import Dense
from ..losses import Loss, get_loss
from ..network import MLP
from .style import NEGATIVE, NEUTRAL, PALETTE, POSITIVE

__all__ = [
    "TINY_X",
    "TINY_Y",
    "tiny_network",
    "Trace",
    "trace",
    "NetworkDiagram",
    "plot_backprop_stages",
    "animate_learning",
]

TINY_X = np.array([[1.0, 0.5]])
"""The one sample of the hand-worked example, shape (1, 2)."""
TINY_Y = np.array([[1.0]])
"""Its target, shape (1, 1)."""


def tiny_network() -> MLP:
    r"""The hand-worked 2-2-1 sigmoid network of Chapter 4.

    $W_1 = \begin{pmatrix} 0.4 & -0.6 \\ 0.3 & 0.8 \end{pmatrix}$,
    $b_1 = (0.1, -0.1)$, $W_2 = (0.7, -0.5)^\top$, $b_2 = 0.2$; sigmoid in
    both layers. A fresh copy on every call.
    """
    return MLP.from_layers(
        [
            Dense.from_weights([[0.4, -0.6], [0.3, 0.8]], [0.1, -0.1], "sigmoid"),
            Dense.from_weights([[0.7], [-0.5]], [0.2], "sigmoid"),
        ]
    )


@dataclass(frozen=True)
class Trace:
    r"""Every number of one forward and backward pass on one sample.

    Attributes
    ----------
    x : numpy.ndarray, shape (n_inputs,)
    z, a : list of numpy.ndarray
        Pre-activations and outputs of each layer.
    loss : float
        $E$.
    d_out : numpy.ndarray
        $\partial E / \partial \hat y$.
    delta : list of numpy.ndarray
        The error signal $\delta_l = \partial E / \partial z_l$ of each layer.
    dW, db : list of numpy.ndarray
        The gradients of each layer's weights and biases.
    """

    x: np.ndarray
    z: list[np.ndarray]
    a: list[np.ndarray]
    loss: float
    d_out: np.ndarray
    delta: list[np.ndarray]
    dW: list[np.ndarray]
    db: list[np.ndarray]


def trace(net: MLP, x: np.ndarray, y: np.ndarray, loss: str | Loss = "mse") -> Trace:
    r"""Run ``net`` forward and backward on one sample and keep every number.

    With one sample, $\partial E/\partial b_l = \delta_l$, so the error signal
    of each layer is read from its bias gradient.

    Parameters
    ----------
    net : MLP
    x : numpy.ndarray, shape (1, n_inputs)
    y : numpy.ndarray, shape (1, n_outputs)
    loss : str or Loss, default "mse"
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] != 1:
        raise ValueError(
            f"x must be one sample of shape (1, n_inputs); got shape {x.shape}"
        )
    L = get_loss(loss)
    y_hat = net.forward(x)
    d_out = L.gradient(y_hat, y)
    net.backward(d_out)
    return Trace(
        x=x[0].copy(),
        z=[layer.Z[0].copy() for layer in net.layers],
        a=[layer.A[0].copy() for layer in net.layers],
        loss=L.value(y_hat, y),
        d_out=d_out[0].copy(),
        delta=[layer.db.copy() for layer in net.layers],
        dW=[layer.dW.copy() for layer in net.layers],
        db=[layer.db.copy() for layer in net.layers],
    )


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
                line.set_color(POSITIVE if w > 0 else NEGATIVE if w < 0 else NEUTRAL)
                line.set_linewidth(0.5 + self.max_width * min(abs(w) / big, 1.0))
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


def plot_backprop_stages(
    net: MLP, x: np.ndarray, y: np.ndarray, lr: float = 1.0, *, loss: str | Loss = "mse"
) -> Figure:
    """Five small diagrams of one training iteration, left to right (Chapter 4).

    ``net`` is updated by one step of size ``lr`` (a copy is not made).
    """
    lr = as_positive_float(lr, "lr")
    before = [layer.W.copy() for layer in net.layers]
    t = trace(net, x, y, loss)
    fig = Figure(figsize=(11.0, 2.2), dpi=80)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 5, gridspec_kw={"wspace": 0.05})
    diagrams = [NetworkDiagram(ax, net.layer_sizes, max_width=4.0) for ax in axes]
    scale = max(float(np.max(np.abs(W))) for W in before)
    none_hidden = [None] * (len(net.layers))
    y_val = float(np.ravel(y)[0])
    diagrams[0].show(before, values=[t.x, *none_hidden], title=STAGES[0], scale=scale)
    diagrams[1].show(before, values=[t.x, *t.a], title=STAGES[1], scale=scale)
    diagrams[2].show(
        before,
        values=[t.x, *t.a],
        notes=[None] * len(net.layers) + [t.delta[-1]],
        title=f"3. error E = {t.loss:.3f}\n(target {y_val:g})",
        scale=scale,
    )
    diagrams[3].show(
        before, values=[t.x, *t.a], notes=[None, *t.delta], title=STAGES[3], scale=scale
    )
    for layer in net.layers:
        layer.W -= lr * layer.dW
        layer.b -= lr * layer.db
    after = [layer.W.copy() for layer in net.layers]
    diagrams[4].show(
        after,
        edge_text=[a - b for a, b in zip(after, before, strict=True)],
        title=STAGES[4],
        scale=scale,
    )
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.82)
    return fig


def animate_learning(
    net: MLP,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float = 2.0,
    iterations: int = 30,
    every: int = 1,
    loss: str | Loss = "mse",
    dpi: int = 70,
) -> tuple[Figure, FuncAnimation, np.ndarray]:
    """Animate training iterations: the network's weights beside the falling error.

    Trains ``net`` in place for ``iterations`` full-batch steps, recording the
    error at every step and the weights every ``every`` steps; one frame per
    recording (keep ``iterations / every`` at most 40).

    Returns
    -------
    fig, anim, errors
        Show with ``HTML(anim.to_jshtml())``; ``errors`` (shape (iterations + 1,))
        is the error before each iteration and after the last.
    """
    lr = as_positive_float(lr, "lr")
    iterations = as_positive_int(iterations, "iterations")
    every = as_positive_int(every, "every")
    if iterations // every > 40:
        raise ValueError(
            f"iterations / every must be at most 40 frames; got {iterations // every}"
        )
    L = get_loss(loss)
    weights, errors, marks = [], [], []
    for k in range(iterations):
        y_hat = net.forward(X)
        errors.append(L.forward(y_hat, y))
        if k % every == 0:
            weights.append([layer.W.copy() for layer in net.layers])
            marks.append(k)
        net.backward(L.backward(y_hat, y))
        for layer in net.layers:
            layer.W -= lr * layer.dW
            layer.b -= lr * layer.db
    errors.append(L.forward(net.predict(X), y))
    weights.append([layer.W.copy() for layer in net.layers])
    marks.append(iterations)
    errors_arr = np.array(errors)

    fig = Figure(figsize=(7.2, 3.0), dpi=dpi)
    FigureCanvasAgg(fig)
    ax_n, ax_e = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
    diagram = NetworkDiagram(ax_n, net.layer_sizes, max_width=5.0)
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

    anim = FuncAnimation(fig, show, frames=len(weights), interval=300, blit=False)
    return fig, anim, errors_arr
