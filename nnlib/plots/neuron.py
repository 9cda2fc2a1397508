r"""The live neuron diagram (Chapter 1).

The diagram shows $\hat y = f(x_0 w_0 + x_1 w_1 + x_2 w_2 + 1 \cdot b)$: input
circles on the left, one line per weight into the sum node $\Sigma$, the
activation box $f$, and the output. A line's **width** grows with the weight's
size $|w|$ and its **colour** gives the sign (:data:`~nnlib.plots.style.POSITIVE`
blue, :data:`~nnlib.plots.style.NEGATIVE` vermillion, grey for 0). The bias
is drawn as the weight of an extra input that is always 1.

:class:`NeuronDiagram` creates its artists once (:meth:`~NeuronDiagram.draw`)
and changes them in place (:meth:`~NeuronDiagram.update`), so slider panels
never rebuild the figure; its parts are built by :mod:`nnlib.plots.neuron_parts`.
The sum as a staircase and the animation of the three steps are in
:mod:`nnlib.plots.neuron_steps`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.text import Text

from .._checks import as_positive_float, as_positive_int
from ..neuron import Neuron, NeuronSteps
from .neuron_parts import (
    _ACT_H,
    _ACT_W,
    _R_INPUT,
    _R_SUM,
    _X_ACT,
    _X_INPUT,
    _X_OUT,
    _X_SUM,
    _Y_MID,
    draw_activation,
    draw_inputs,
    draw_output,
    draw_sum,
)
from .style import (
    MAX_WIDTH,
    MIN_WIDTH,
    PALETTE,
    weight_color,
    weight_width,
)

__all__ = [
    "MIN_WIDTH",
    "MAX_WIDTH",
    "NeuronDiagram",
    "plot_neuron",
    "weight_color",
    "weight_width",
]

HIGHLIGHT = PALETTE["orange"]
DIM_ALPHA = 0.25


def _fmt(value: float, spec: str) -> str:
    text = format(value, spec)
    # "-0.00" reads as a mistake to a learner; show it as "0.00".
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text


def _paren(value: float, spec: str) -> str:
    """A number formatted for a product, in brackets when negative: ``(-1.20)``."""
    text = _fmt(value, spec)
    return f"({text})" if text.startswith("-") else text


class NeuronDiagram:
    r"""A diagram of one neuron, drawn once and updated in place.

    Parameters
    ----------
    n_inputs : int, default 3
        Number of inputs $x_0, \dots, x_{n-1}$.
    input_names : sequence of str, optional
        Labels of the inputs (default $x_0, x_1, \dots$), e.g. ``["burgers", ...]``.
    output_name : str, default "ŷ"
        Label of the output.
    weight_scale : float, default 2.0
        The weight size drawn at full width (see :func:`weight_width`).
    input_format, value_format : str
        Format specs for the input values and for weights, products, $z$, $\hat y$.
    fontsize : float, default 9
        Size of the numbers; labels scale with it.

    Attributes
    ----------
    edges : list of matplotlib.lines.Line2D
        One line per weight, the bias's line last.
    edge_labels : list of matplotlib.text.Text
        The weight (or product) written on each line, bias last.
    input_values : list of matplotlib.text.Text
        The input values in the input circles, the constant 1 last.
    sum_label, output_label, activation_label : matplotlib.text.Text
    steps : NeuronSteps or None
        The numbers last shown.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> diagram = NeuronDiagram()
    >>> diagram.draw(ax)
    >>> diagram.update(Neuron([0.6, -1.2, 0.4], -0.2, "sigmoid"), [1.0, 0.5, 2.0])
    """

    def __init__(
        self,
        n_inputs: int = 3,
        *,
        input_names: Sequence[str] | None = None,
        output_name: str = "ŷ",
        weight_scale: float = 2.0,
        input_format: str = ".2f",
        value_format: str = ".2f",
        fontsize: float = 9.0,
    ) -> None:
        self.fontsize = as_positive_float(fontsize, "fontsize")
        self.n_inputs = as_positive_int(n_inputs, "n_inputs")
        if input_names is None:
            input_names = [f"$x_{i}$" for i in range(self.n_inputs)]
        if len(input_names) != self.n_inputs:
            raise ValueError(
                f"input_names must hold {self.n_inputs} name(s), one per input; "
                f"got {len(input_names)}"
            )
        self.input_names = list(input_names)
        self.output_name = output_name
        self.weight_scale = as_positive_float(weight_scale, "weight_scale")
        self.input_format = input_format
        self.value_format = value_format
        self.ax: Axes | None = None
        self.steps: NeuronSteps | None = None
        self.edge_mode = "weight"
        self.edges: list[Line2D] = []
        self.edge_labels: list[Text] = []
        self.input_values: list[Text] = []
        self.input_circles: list[Circle] = []
        self._groups: dict[str, list] = {}
        # Input positions, top to bottom, then the constant-1 input at the bottom.
        top, bottom = 5.6, 1.6
        if self.n_inputs == 1:
            ys = [_Y_MID + 0.8]
        else:
            ys = list(np.linspace(top, bottom, self.n_inputs))
        self.input_xy = [(_X_INPUT, float(y)) for y in ys] + [(_X_INPUT, 0.45)]
        self.sum_xy = (_X_SUM, _Y_MID)

    # -- geometry -------------------------------------------------------------

    def edge_point(self, i: int, t: float) -> tuple[float, float]:
        """The point a fraction ``t`` along line ``i`` (bias: ``i = n_inputs``)."""
        (x0, y0), (x1, y1) = self.input_xy[i], self.sum_xy
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        start = (x0 + ux * _R_INPUT, y0 + uy * _R_INPUT)
        end = (x1 - ux * _R_SUM, y1 - uy * _R_SUM)
        return (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))

    def output_point(self, t: float) -> tuple[float, float]:
        """The point a fraction ``t`` along the path from the sum node to the output."""
        x_start, x_end = _X_SUM + _R_SUM, _X_OUT - 0.25
        return (x_start + t * (x_end - x_start), _Y_MID)

    # -- drawing ---------------------------------------------------------------

    def draw(self, ax: Axes) -> None:
        """Create every artist on ``ax`` (once). Call :meth:`update` to show numbers."""
        if self.ax is not None:
            raise RuntimeError(
                "this diagram is already drawn; call update() to change it"
            )
        self.ax = ax
        ax.set_xlim(-0.4, 10.2)
        ax.set_ylim(-0.1, 6.2)
        ax.set_aspect("equal")
        ax.axis("off")
        inputs, edges = draw_inputs(self, ax)
        self._groups = {
            "inputs": inputs,
            "edges": edges,
            "sum": draw_sum(self, ax),
            "activation": draw_activation(self, ax),
            "output": draw_output(self, ax),
        }

    def blit_artists(self) -> list[Artist]:
        """The artists to mark animated when a slider panel blits this diagram.

        Those :meth:`update` changes (the weight lines, their labels, the
        input values, $z$, $\\hat y$, the activation's name and picture), and the
        still ones drawn above them: the input circles and the sum node
        cover the round ends of the lines, the numbers sit on the circles.
        The activation box is below its picture and the arrows touch no
        line, so they stay in the background.
        """
        return [
            *self.edges,
            *self.edge_labels,
            *self.input_circles,
            *self.input_values,
            self.sum_node,
            self.sigma,
            self.sum_label,
            self.activation_curve,
            self.activation_label,
            self.output_label,
        ]

    def update(self, neuron: Neuron, x: object) -> NeuronSteps:
        """Show ``neuron`` on input ``x``: line widths and colours, values, $z$ and $\\hat y$.

        Parameters
        ----------
        neuron : Neuron
            Its number of inputs must match the diagram's.
        x : array_like, shape (n_inputs,)

        Returns
        -------
        NeuronSteps
            The numbers shown.
        """
        if self.ax is None:
            raise RuntimeError("call draw(ax) before update()")
        if not isinstance(neuron, Neuron):
            raise TypeError(f"neuron must be a Neuron; got {type(neuron).__name__}")
        if neuron.n_inputs != self.n_inputs:
            raise ValueError(
                f"neuron must have {self.n_inputs} input(s) like the diagram; "
                f"got a neuron with {neuron.n_inputs}"
            )
        steps = neuron.steps(x)
        self.steps = steps
        weights = [*steps.weights, steps.bias]
        for line, w in zip(self.edges, weights, strict=True):
            line.set_linewidth(weight_width(w, self.weight_scale))
            line.set_color(weight_color(w))
        for text, value in zip(self.input_values, steps.inputs, strict=False):
            text.set_text(_fmt(value, self.input_format))
        self._write_edge_labels()
        self.sum_label.set_text(f"z = {_fmt(steps.z, self.value_format)}")
        self.output_label.set_text(
            f"{self.output_name} = {_fmt(steps.output, self.value_format)}"
        )
        self.activation_label.set_text(steps.activation)
        self._draw_activation_picture(neuron)
        return steps

    def _write_edge_labels(self, mode: str | None = None) -> None:
        if mode is not None:
            self.edge_mode = mode
        steps = self.steps
        if steps is None:
            return
        fmt = self.value_format
        n = self.n_inputs
        for i, label in enumerate(self.edge_labels):
            if i == n:
                label.set_text(f"b = {_fmt(steps.bias, fmt)}")
                label.set_color(weight_color(steps.bias))
            elif self.edge_mode == "product":
                label.set_text(f"{_fmt(steps.products[i], fmt)}")
                label.set_color(weight_color(steps.products[i]))
            else:
                label.set_text(f"$w_{i}$ = {_fmt(steps.weights[i], fmt)}")
                label.set_color(weight_color(steps.weights[i]))

    def _draw_activation_picture(self, neuron: Neuron) -> None:
        z = np.linspace(-4.0, 4.0, 41)
        y = neuron.activation.forward(z)
        y_low, y_high = float(y.min()), float(y.max())
        y_norm = (
            (y - y_low) / (y_high - y_low) if y_high > y_low else np.full_like(y, 0.5)
        )
        x0, y0 = _X_ACT - _ACT_W / 2 + 0.12, _Y_MID - _ACT_H / 2 + 0.12
        self.activation_curve.set_data(
            x0 + (z + 4.0) / 8.0 * (_ACT_W - 0.24), y0 + y_norm * (_ACT_H - 0.24)
        )

    def show_step(self, step: int) -> None:
        """Emphasise one of the three steps, dimming the rest (0 shows everything).

        Step 1 writes the products $x_i w_i$ on the lines; step 2 highlights
        the sum node and $z$; step 3 the activation and the output.
        """
        if step not in (0, 1, 2, 3):
            raise ValueError(f"step must be 0, 1, 2 or 3; got {step!r}")
        lit = {
            0: {"inputs", "edges", "sum", "activation", "output"},
            1: {"inputs", "edges"},
            2: {"edges", "sum"},
            3: {"sum", "activation", "output"},
        }[step]
        for group, artists in self._groups.items():
            for artist in artists:
                artist.set_alpha(1.0 if group in lit else DIM_ALPHA)
        self.sum_node.set_edgecolor(HIGHLIGHT if step == 2 else "black")
        self.activation_box.set_edgecolor(HIGHLIGHT if step == 3 else "black")
        self._write_edge_labels("product" if step in (1, 2) else "weight")


def plot_neuron(
    neuron: Neuron,
    x: object,
    *,
    step: int = 0,
    ax: Axes | None = None,
    **diagram_options: object,
) -> NeuronDiagram:
    """Draw ``neuron`` on input ``x`` in one call, optionally emphasising one step.

    Parameters
    ----------
    neuron : Neuron
    x : array_like, shape (n_inputs,)
    step : int, default 0
        0 shows everything; 1, 2 or 3 emphasise that step (see
        :meth:`NeuronDiagram.show_step`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new pyplot figure of 6.4 x 3.4 inches.
    **diagram_options
        Passed to :class:`NeuronDiagram` (``input_names``, ``weight_scale``...).

    Returns
    -------
    NeuronDiagram
        Drawn and showing ``neuron`` on ``x``.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 3.4))
        ax.figure.subplots_adjust(left=0, right=1, bottom=0, top=1)
    diagram = NeuronDiagram(neuron.n_inputs, **diagram_options)  # type: ignore[arg-type]
    diagram.draw(ax)
    diagram.update(neuron, x)
    diagram.show_step(step)
    return diagram
