r"""The parts of the neuron diagram (Chapter 1), one builder each.

:class:`~nnlib.plots.neuron.NeuronDiagram` draws itself from four parts, left
to right: the inputs with their weight lines, the sum node $\Sigma$, the
activation box $f$ and the output. Each builder here creates its part's
artists once, keeps on the diagram the ones that
:meth:`~nnlib.plots.neuron.NeuronDiagram.update` changes, and returns its
group, which :meth:`~nnlib.plots.neuron.NeuronDiagram.show_step` dims or
lights as a whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from .style import MIN_WIDTH, NEUTRAL, PALETTE

if TYPE_CHECKING:
    from .neuron import NeuronDiagram

__all__ = ["draw_inputs", "draw_sum", "draw_activation", "draw_output"]

# Where things sit, in data coordinates of an axes spanning x 0..10, y 0..6.
_X_NAME, _X_INPUT, _X_SUM, _X_ACT, _X_OUT = 0.95, 1.7, 5.3, 7.3, 8.55
_Y_MID = 3.3
_R_INPUT, _R_SUM = 0.42, 0.55
_ACT_W, _ACT_H = 1.3, 1.1


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]):
    arrow = FancyArrowPatch(
        start, end, arrowstyle="-|>", mutation_scale=12, lw=1.5, zorder=2
    )
    ax.add_patch(arrow)
    return arrow


def _weight_line(diagram: NeuronDiagram, ax: Axes, i: int) -> tuple[Line2D, Text]:
    """Input ``i``'s line into the sum node (grey until updated) and its label."""
    (a0, b0), (a1, b1) = diagram.edge_point(i, 0.0), diagram.edge_point(i, 1.0)
    (line,) = ax.plot(
        [a0, a1],
        [b0, b1],
        color=NEUTRAL,
        lw=MIN_WIDTH,
        solid_capstyle="round",
        zorder=1,
    )
    label = ax.text(
        *diagram.edge_point(i, 0.38),
        "",
        ha="center",
        va="center",
        fontsize=diagram.fontsize * 0.944,
        zorder=4,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9},
    )
    return line, label


def _input_node(diagram: NeuronDiagram, ax: Axes, i: int) -> tuple[Circle, Text, Text]:
    """Input ``i``'s circle, its value inside and its name on the left.

    ``i = n_inputs`` is the bias's input: a dashed circle holding the constant 1.
    """
    fs = diagram.fontsize
    is_bias = i == diagram.n_inputs
    circle = Circle(
        diagram.input_xy[i],
        _R_INPUT,
        zorder=3,
        lw=1.5,
        fc="#f2f2f2" if is_bias else "white",
        ec=NEUTRAL,
        ls="--" if is_bias else "-",
    )
    ax.add_patch(circle)
    value = ax.text(
        *diagram.input_xy[i],
        "1" if is_bias else "",
        ha="center",
        va="center",
        fontsize=fs,
        zorder=4,
    )
    name = ax.text(
        _X_NAME,
        diagram.input_xy[i][1],
        "constant" if is_bias else diagram.input_names[i],
        ha="right",
        va="center",
        fontsize=fs * 1.06,
        color=NEUTRAL if is_bias else "black",
    )
    return circle, value, name


def draw_inputs(diagram: NeuronDiagram, ax: Axes) -> tuple[list[Artist], list[Artist]]:
    """Each input (and the bias's constant 1): its circle, value, name, and
    its weight's line with the label on it. Returns (inputs, edges)."""
    inputs, edges = [], []
    for i in range(diagram.n_inputs + 1):
        line, label = _weight_line(diagram, ax, i)
        circle, value, name = _input_node(diagram, ax, i)
        diagram.edges.append(line)
        diagram.edge_labels.append(label)
        diagram.input_circles.append(circle)
        diagram.input_values.append(value)
        inputs += [circle, value, name]
        edges += [line, label]
    return inputs, edges


def draw_sum(diagram: NeuronDiagram, ax: Axes) -> list[Artist]:
    """The sum node $\\Sigma$, the value of $z$ under it, the arrow out of it."""
    fs = diagram.fontsize
    diagram.sum_node = Circle(
        diagram.sum_xy, _R_SUM, fc="white", ec="black", lw=1.5, zorder=3
    )
    ax.add_patch(diagram.sum_node)
    diagram.sigma = ax.text(
        *diagram.sum_xy,
        r"$\Sigma$",
        ha="center",
        va="center",
        fontsize=fs * 1.56,
        zorder=4,
    )
    diagram.sum_label = ax.text(
        _X_SUM, _Y_MID - _R_SUM - 0.3, "", ha="center", va="top", fontsize=fs
    )
    ax_x0 = _X_ACT - _ACT_W / 2
    arrow_in = _arrow(ax, (_X_SUM + _R_SUM, _Y_MID), (ax_x0 - 0.05, _Y_MID))
    return [diagram.sum_node, diagram.sigma, diagram.sum_label, arrow_in]


def draw_activation(diagram: NeuronDiagram, ax: Axes) -> list[Artist]:
    """The activation box with a small picture of $f$, its name, the arrow out."""
    fs = diagram.fontsize
    ax_x0, ax_y0 = _X_ACT - _ACT_W / 2, _Y_MID - _ACT_H / 2
    diagram.activation_box = FancyBboxPatch(
        (ax_x0, ax_y0),
        _ACT_W,
        _ACT_H,
        boxstyle="round,pad=0.05",
        fc="white",
        ec="black",
        lw=1.5,
        zorder=3,
    )
    ax.add_patch(diagram.activation_box)
    (diagram.activation_curve,) = ax.plot(
        [], [], color=PALETTE["blue"], lw=1.8, zorder=4
    )
    diagram.activation_label = ax.text(
        _X_ACT, ax_y0 - 0.3, "", ha="center", va="top", fontsize=fs
    )
    arrow_out = _arrow(ax, (ax_x0 + _ACT_W + 0.05, _Y_MID), (_X_OUT, _Y_MID))
    return [
        diagram.activation_box,
        diagram.activation_curve,
        diagram.activation_label,
        arrow_out,
    ]


def draw_output(diagram: NeuronDiagram, ax: Axes) -> list[Artist]:
    """The output's value, $\\hat y$, right of the arrow."""
    fs = diagram.fontsize
    diagram.output_label = ax.text(
        _X_OUT + 0.1,
        _Y_MID,
        "",
        ha="left",
        va="center",
        fontsize=fs * 1.11,
        fontweight="bold",
    )
    return [diagram.output_label]
