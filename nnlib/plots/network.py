r"""Network diagrams: layers of circles joined by weighted edges (Chapters 3 and 4).

An edge's **colour** gives its weight's sign and its **width** grows with
$|w|$, by the one rule of :mod:`nnlib.plots.style` (:func:`~nnlib.plots.style.weight_colors`,
:func:`~nnlib.plots.style.weight_width`). :class:`NetworkDiagram` draws once
and changes its artists in place: :meth:`NetworkDiagram.update` recolours the
edges for new weights (Chapter 3's XOR panel), and
:meth:`NetworkDiagram.show` also writes numbers in and under the nodes, on the
edges and in the title (Chapter 4's training figures, animation and panel).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle
from matplotlib.text import Text

from .._checks import as_float_array, as_positive_float, check_layer_sizes
from ..network import MLP
from .style import NEGATIVE, NEUTRAL, PALETTE, weight_colors, weight_width

__all__ = ["NetworkDiagram", "draw_network"]

_GAP = 1.6  # horizontal distance between layers
_NODE_R = 0.17  # node radius, in the units of the vertical spacing (1)
_NUMBER_NODE_R = 0.3  # node radius when the nodes hold numbers (``numbers=True``)
_MAX_W = 5.0  # the widest edge, in points (see style.weight_width)
_FONT = 8.0  # points: node names, layer names and numbers
_TEXT = {"ha": "center", "fontsize": _FONT}  # every text of the diagram


def _layer_names(n_layers: int) -> list[str]:
    if n_layers == 2:
        return ["input layer", "output layer"]
    hidden = (
        ["hidden layer"]
        if n_layers == 3
        else [f"hidden layer {i}" for i in range(1, n_layers - 1)]
    )
    return ["input layer", *hidden, "output layer"]


def _node_positions(layer_sizes: list[int]) -> list[np.ndarray]:
    """Node centres, one ``(n, 2)`` array per layer: layers ``_GAP`` apart, nodes 1 apart.

    A layer taller than 7 nodes is squeezed so the tallest spans 6 units.
    """
    tallest = max(layer_sizes)
    squeeze = min(1.0, 6.0 / max(tallest - 1, 1))
    positions = []
    for x, n in enumerate(layer_sizes):
        ys = (np.arange(n) - (n - 1) / 2.0)[::-1] * squeeze
        positions.append(np.column_stack([np.full(n, _GAP * x), ys]))
    return positions


def _edge_label_point(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Where an edge's number goes: its middle if level, else 65% of the way along.

    Past the middle, the numbers of two crossing edges stay apart.
    """
    t = 0.5 if a[1] == b[1] else 0.65
    return float(a[0] + t * (b[0] - a[0])), float(a[1] + t * (b[1] - a[1]))


def _numbers_or_none(arrays: Sequence[object] | None, layer: int) -> np.ndarray | None:
    if arrays is None or arrays[layer] is None:
        return None
    return np.ravel(np.asarray(arrays[layer], dtype=float))


class NetworkDiagram:
    r"""A drawing of an MLP: one column of circles per layer, an edge per weight.

    Draw it with :meth:`draw`, then change it in place with :meth:`update`
    (edges only) or :meth:`show` (edges and numbers).

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, n_hidden_1, ..., n_outputs]`` (``net.layer_sizes``).

    Attributes
    ----------
    positions : list of numpy.ndarray
        ``positions[l]`` has shape ``(layer_sizes[l], 2)``: node centres.
    edges : list of matplotlib.collections.LineCollection
        ``edges[l]`` joins layer ``l`` to layer ``l + 1``, one segment per
        weight in the order of ``W.ravel()`` (row ``i`` = input node ``i``).
    nodes : list of matplotlib.patches.Circle
        One per neuron, layer by layer.
    node_labels : list of matplotlib.text.Text
        The text in each node: its name ($x_1$, $h_1$, $\hat y$) or, after
        :meth:`show`, its value.
    """

    def __init__(self, layer_sizes: Sequence[int]) -> None:
        self.layer_sizes = check_layer_sizes(layer_sizes)
        self.positions = _node_positions(self.layer_sizes)
        self.edges: list[LineCollection] = []
        self.nodes: list[Circle] = []
        self.node_labels: list[Text] = []
        self.node_notes: list[Text] = []
        self._names: list[str] = []
        self.edge_labels: list[list[Text]] = []
        self.title: Text | None = None
        self.max_width = _MAX_W
        self.ax: Axes | None = None

    # -- drawing: one builder per part, each returning what it drew -----------

    def draw(
        self,
        ax: Axes,
        weights: Sequence[np.ndarray] | None = None,
        *,
        node_labels: bool = True,
        layer_labels: bool = True,
        numbers: bool = False,
        max_width: float = _MAX_W,
    ) -> NetworkDiagram:
        """Draw nodes and edges on ``ax``; edges grey until weights are given.

        ``numbers=True`` makes the nodes big enough to hold a value and adds
        the texts :meth:`show` fills: a note under each node, a number on each
        edge and a title. ``max_width`` is the widest edge, in points.
        """
        self.ax = ax
        self.max_width = as_positive_float(max_width, "max_width")
        radius = _NUMBER_NODE_R if numbers else _NODE_R
        self.edges = self._draw_edges(ax)
        self.nodes = self._draw_nodes(ax, radius)
        if node_labels or numbers:
            self.node_labels = self._draw_node_labels(ax, node_labels, numbers)
        if numbers:
            self.node_notes = self._draw_node_notes(ax, radius)
            self.edge_labels = self._draw_edge_labels(ax)
            self.title = ax.set_title("", fontsize=_FONT + 1)
        if layer_labels:
            self._draw_layer_labels(ax)
        self._frame(
            ax, below=1.1 if layer_labels else radius + (0.45 if numbers else 0.23)
        )
        if weights is not None:
            self.update(weights)
        return self

    def _draw_edges(self, ax: Axes) -> list[LineCollection]:
        """One grey LineCollection per pair of layers, a segment per weight."""
        edges = []
        for src, dst in zip(self.positions[:-1], self.positions[1:], strict=True):
            segs = [[tuple(a), tuple(b)] for a in src for b in dst]
            lc = LineCollection(
                segs, colors=NEUTRAL, linewidths=1.0, zorder=1, capstyle="round"
            )
            ax.add_collection(lc)
            edges.append(lc)
        return edges

    def _draw_nodes(self, ax: Axes, radius: float) -> list[Circle]:
        """The neurons: inputs sky blue, outputs orange, hidden units white."""
        last = len(self.layer_sizes) - 1
        face = {0: PALETTE["sky"], last: PALETTE["orange"]}
        nodes = []
        for layer, pos in enumerate(self.positions):
            for x, y in pos:
                node = Circle(
                    (x, y),
                    radius,
                    facecolor=face.get(layer, "white"),
                    edgecolor="black",
                    lw=1.2,
                    zorder=3,
                )
                ax.add_patch(node)
                nodes.append(node)
        return nodes

    def _draw_node_labels(
        self, ax: Axes, show_names: bool, every_layer: bool
    ) -> list[Text]:
        """A text in each node (its name, or empty), in layers of at most 8 nodes.

        ``every_layer`` puts one in every node, however many (for numbers).
        """
        labels, self._names = [], []
        for layer, pos in enumerate(self.positions):
            if len(pos) > 8 and not every_layer:
                continue
            for j, (x, y) in enumerate(pos):
                name = self._node_name(layer, j) if show_names else ""
                labels.append(ax.text(x, y, name, va="center", zorder=4, **_TEXT))
                self._names.append(name)  # what show() writes where a value is absent
        return labels

    def _draw_node_notes(self, ax: Axes, radius: float) -> list[Text]:
        """An empty text under each node, for the error signals δ."""
        return [
            ax.text(
                x, y - radius - 0.05, "", va="top", color=NEGATIVE, zorder=4, **_TEXT
            )
            for pos in self.positions
            for x, y in pos
        ]

    def _draw_edge_labels(self, ax: Axes) -> list[list[Text]]:
        """An empty text on each edge (on a white patch), for a number per weight."""
        box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}
        return [
            [
                ax.text(
                    *_edge_label_point(a, b),
                    "",
                    va="center",
                    zorder=5,
                    bbox=box,
                    visible=False,
                    **_TEXT,
                )
                for a in src
                for b in dst
            ]
            for src, dst in zip(self.positions[:-1], self.positions[1:], strict=True)
        ]

    def _draw_layer_labels(self, ax: Axes) -> list[Text]:
        """ "input layer (3)", "hidden layer (4)", ... under each column."""
        names = [n.replace(" ", "\n", 1) for n in _layer_names(len(self.layer_sizes))]
        bottom = min(float(p[:, 1].min()) for p in self.positions)
        return [
            ax.text(pos[0, 0], bottom - 0.35, f"{name} ({len(pos)})", va="top", **_TEXT)
            for name, pos in zip(names, self.positions, strict=True)
        ]

    def _frame(self, ax: Axes, below: float) -> None:
        """Limits around the nodes (``below`` units under the lowest), equal scales, no axes."""
        ys = np.concatenate([p[:, 1] for p in self.positions])
        ax.set_xlim(-0.5, _GAP * (len(self.layer_sizes) - 1) + 0.5)
        ax.set_ylim(ys.min() - below, ys.max() + 0.4)
        ax.set_aspect("equal")
        ax.axis("off")

    def _node_name(self, layer: int, j: int) -> str:
        if layer == 0:
            return f"$x_{{{j + 1}}}$"
        if layer == len(self.layer_sizes) - 1:
            return (
                r"$\hat y$" if self.layer_sizes[-1] == 1 else rf"$\hat y_{{{j + 1}}}$"
            )
        return f"$h_{{{j + 1}}}$"

    # -- changing it in place ---------------------------------------------------

    def blit_artists(self) -> list[Artist]:
        """The artists to mark animated when a slider panel blits this diagram.

        Everything :meth:`update` and :meth:`show` change (edges, numbers,
        title), and the nodes and their labels, which are drawn over the
        edges' ends.
        """
        return [
            *self.edges,
            *self.nodes,
            *self.node_labels,
            *self.node_notes,
            *(label for labels in self.edge_labels for label in labels),
            *([self.title] if self.title is not None else []),
        ]

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
            lc.set_linewidths(np.ravel(weight_width(W, scale, self.max_width)))

    def show(
        self,
        weights: Sequence[np.ndarray],
        *,
        values: Sequence[object] | None = None,
        notes: Sequence[object] | None = None,
        edge_text: Sequence[np.ndarray] | None = None,
        title: str = "",
        scale: float | None = None,
    ) -> None:
        """Update the edges (:meth:`update`) and the numbers, in place.

        Needs a diagram drawn with ``numbers=True``.

        Parameters
        ----------
        weights : sequence of numpy.ndarray
            One ``W`` per layer, shape (n_in, n_out): colour and width of edges.
        values : sequence, optional
            One array (or None) per layer of nodes, inputs first, written
            inside the nodes; a node with no value shows its name.
        notes : sequence, optional
            One array (or None) per layer of nodes, written under them as
            ``δ=…`` (the error signals).
        edge_text : sequence of numpy.ndarray, optional
            Numbers written on the edges, same shapes as ``weights``.
        title : str
        scale : float, optional
            The weight size drawn at full width (default: the largest weight).
        """
        if self.title is None:
            raise RuntimeError("show() needs a diagram drawn with numbers=True")
        self.update(weights, scale)
        self._show_node_numbers(values, notes)
        for layer, labels in enumerate(self.edge_labels):
            texts = _numbers_or_none(edge_text, layer)
            for k, label in enumerate(labels):
                label.set_text("" if texts is None else f"{texts[k]:+.3f}")
                label.set_visible(texts is not None)
        self.title.set_text(title)

    def _show_node_numbers(
        self, values: Sequence[object] | None, notes: Sequence[object] | None
    ) -> None:
        labels = iter(zip(self.node_labels, self._names, strict=True))
        note_texts = iter(self.node_notes)
        for layer, n in enumerate(self.layer_sizes):
            vals = _numbers_or_none(values, layer)
            deltas = _numbers_or_none(notes, layer)
            for k in range(n):
                label, name = next(labels)
                label.set_text(name if vals is None else f"{vals[k]:.3f}")
                next(note_texts).set_text(
                    "" if deltas is None else f"δ={deltas[k]:.3f}"
                )


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
