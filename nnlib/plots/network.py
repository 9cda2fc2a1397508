r"""Network diagrams: layers of circles joined by weighted edges (Chapter 3).

An edge's **colour** gives its weight's sign (:data:`~nnlib.plots.style.POSITIVE`
blue, :data:`~nnlib.plots.style.NEGATIVE` vermillion, grey for 0) and its
**width** grows with $|w|$. :class:`NetworkDiagram` draws once and recolours
its edges in place (:meth:`NetworkDiagram.update`), so a slider panel can show
weights changing. :func:`draw_recurrent_cell` and :func:`draw_unrolled` draw
a recurrent cell with its loop, and the same cell unrolled over time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from .._checks import as_float_array, as_positive_int
from ..network import MLP
from .style import NEUTRAL, PALETTE, weight_colors, weight_width

__all__ = [
    "NetworkDiagram",
    "draw_network",
    "draw_recurrent_cell",
    "draw_unrolled",
]

_NODE_R = 0.17
_GAP = 1.6  # horizontal distance between layers
_MAX_W = 5.0  # the widest edge, in points (see style.weight_width)


def _layer_names(n_layers: int) -> list[str]:
    if n_layers == 2:
        return ["input layer", "output layer"]
    hidden = (
        ["hidden layer"]
        if n_layers == 3
        else [f"hidden layer {i}" for i in range(1, n_layers - 1)]
    )
    return ["input layer", *hidden, "output layer"]


class NetworkDiagram:
    r"""A drawing of an MLP: one column of circles per layer, an edge per weight.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, n_hidden_1, ..., n_outputs]``.

    Attributes
    ----------
    positions : list of numpy.ndarray
        ``positions[l]`` has shape ``(layer_sizes[l], 2)``: node centres.
    edges : list of matplotlib.collections.LineCollection
        ``edges[l]`` joins layer ``l`` to layer ``l + 1``, one segment per
        weight in the order of ``W.ravel()`` (row ``i`` = input node ``i``).
    """

    def __init__(self, layer_sizes: Sequence[int]) -> None:
        if len(layer_sizes) < 2:
            raise ValueError(
                f"layer_sizes must list at least two layers; got {list(layer_sizes)}"
            )
        self.layer_sizes = [
            as_positive_int(n, f"layer_sizes[{i}]") for i, n in enumerate(layer_sizes)
        ]
        tallest = max(self.layer_sizes)
        self.positions = []
        for x, n in enumerate(self.layer_sizes):
            ys = (np.arange(n) - (n - 1) / 2.0)[::-1] * min(
                1.0, 6.0 / max(tallest - 1, 1)
            )
            self.positions.append(np.column_stack([np.full(n, _GAP * x), ys]))
        self.edges: list[LineCollection] = []
        self.nodes: list[Circle] = []
        self.node_labels: list[Text] = []
        self.ax: Axes | None = None

    def draw(
        self,
        ax: Axes,
        weights: Sequence[np.ndarray] | None = None,
        *,
        node_labels: bool = True,
        layer_labels: bool = True,
    ) -> NetworkDiagram:
        """Draw nodes and edges on ``ax``; edges grey until weights are given."""
        self.ax = ax
        for src, dst in zip(self.positions[:-1], self.positions[1:], strict=True):
            segs = [[tuple(a), tuple(b)] for a in src for b in dst]
            lc = LineCollection(segs, colors=NEUTRAL, linewidths=1.0, zorder=1)
            ax.add_collection(lc)
            self.edges.append(lc)
        n_layers = len(self.layer_sizes)
        names = _layer_names(n_layers)
        face = {0: PALETTE["sky"], n_layers - 1: PALETTE["orange"]}
        for layer, pos in enumerate(self.positions):
            for j, (x, y) in enumerate(pos):
                node = Circle(
                    (x, y),
                    _NODE_R,
                    facecolor=face.get(layer, "white"),
                    edgecolor="black",
                    lw=1.2,
                    zorder=3,
                )
                ax.add_patch(node)
                self.nodes.append(node)
                if node_labels and len(pos) <= 8:
                    label = ax.text(
                        x,
                        y,
                        self._node_label(layer, j),
                        ha="center",
                        va="center",
                        fontsize=8,
                        zorder=4,
                    )
                    self.node_labels.append(label)
        ys = np.concatenate([p[:, 1] for p in self.positions])
        if layer_labels:
            for layer, pos in enumerate(self.positions):
                name = names[layer].replace(" ", "\n", 1)
                ax.text(
                    pos[0, 0],
                    ys.min() - 0.35,
                    f"{name} ({len(pos)})",
                    ha="center",
                    va="top",
                    fontsize=8,
                )
        ax.set_xlim(-0.5, _GAP * (n_layers - 1) + 0.5)
        ax.set_ylim(ys.min() - (1.1 if layer_labels else 0.4), ys.max() + 0.4)
        ax.set_aspect("equal")
        ax.axis("off")
        if weights is not None:
            self.update(weights)
        return self

    def _node_label(self, layer: int, j: int) -> str:
        if layer == 0:
            return f"$x_{{{j + 1}}}$"
        if layer == len(self.layer_sizes) - 1:
            return (
                r"$\hat y$" if self.layer_sizes[-1] == 1 else rf"$\hat y_{{{j + 1}}}$"
            )
        return f"$h_{{{j + 1}}}$"

    def blit_artists(self) -> list[Artist]:
        """The artists to mark animated when a slider panel blits this diagram.

        The edges :meth:`update` recolours, and the nodes and their labels,
        which are drawn over the edges' ends.
        """
        return [*self.edges, *self.nodes, *self.node_labels]

    def update(self, weights: Sequence[np.ndarray], scale: float | None = None) -> None:
        """Recolour and resize the edges in place for new weight matrices.

        Parameters
        ----------
        weights : sequence of numpy.ndarray
            ``weights[l]`` of shape ``(layer_sizes[l], layer_sizes[l + 1])``.
        scale : float, optional
            The $|w|$ drawn at full width; by default the largest $|w|$.
        """
        if not self.edges:
            raise RuntimeError("call draw(ax) before update()")
        if len(weights) != len(self.edges):
            raise ValueError(
                f"weights must hold {len(self.edges)} matrices; got {len(weights)}"
            )
        mats = [
            as_float_array(
                W, f"weights[{i}]", shape=(self.layer_sizes[i], self.layer_sizes[i + 1])
            )
            for i, W in enumerate(weights)
        ]
        if scale is None:
            scale = max(float(np.abs(W).max()) for W in mats)
        scale = scale if scale > 0 else 1.0
        for lc, W in zip(self.edges, mats, strict=True):
            lc.set_colors(weight_colors(W))
            lc.set_linewidths(np.ravel(weight_width(W, scale, _MAX_W)))


def draw_network(ax: Axes, net: MLP | Sequence[int], **kwargs: bool) -> NetworkDiagram:
    """Draw an MLP (edges coloured by its weights) or a bare list of layer sizes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    net : MLP or sequence of int
        A network, or layer sizes such as ``[3, 4, 4, 1]`` (grey edges).
    **kwargs
        ``node_labels``, ``layer_labels`` for :meth:`NetworkDiagram.draw`.

    Returns
    -------
    NetworkDiagram
    """
    if isinstance(net, MLP):
        diagram = NetworkDiagram(net.layer_sizes)
        return diagram.draw(ax, [layer.W for layer in net.layers], **kwargs)
    return NetworkDiagram(net).draw(ax, **kwargs)


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
