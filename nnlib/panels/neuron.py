r"""Chapter 1's slider panels: one neuron, and the meal-cost neuron.

- :func:`neuron_panel`: sliders for $x_0..x_2$, $w_0..w_2$, $b$ and a menu for
  $f$; the neuron diagram and the curve of $f$ with the current $z$ marked.
- :func:`meal_panel`: counts of burgers, fries and sodas and their prices; the
  meal neuron's diagram and the bill as the number of burgers grows.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..activations import ACTIVATIONS
from ..controls import choice, int_slider, slider
from ..neuron import Neuron
from ..plots.activation import ActivationView, curve_limits
from ..plots.neuron import NeuronDiagram
from ..plots.style import PALETTE
from ..widgets import (
    SliderPanel,
    Updater,
    mark_animated,
    register_panel,
)

__all__ = [
    "neuron_panel",
    "meal_panel",
    "MEAL_ITEMS",
    "MEAL_PRICES",
    "MEAL_ORDER",
    "RUNNING_EXAMPLE",
]

RUNNING_EXAMPLE = {
    "x": (1.0, 0.5, 2.0),
    "w": (0.6, -1.2, 0.4),
    "b": -0.2,
    "activation": "sigmoid",
}
"""Chapter 1's neuron: $z = 0.6 - 0.6 + 0.8 - 0.2 = 0.6$, $\\hat y = \\sigma(0.6)$."""

MEAL_ITEMS = ("burgers", "fries", "sodas")
"""The inputs of the meal-cost neuron."""
MEAL_PRICES = (5.0, 2.5, 1.5)
"""Its weights: the price of one of each item."""
MEAL_ORDER = (2, 1, 3)
"""The order Chapter 1 starts from: 2 burgers, 1 fries, 3 sodas (a bill of 17)."""

_LIMIT = 2.0  # every slider of neuron_panel runs over [-2, 2]


def _signed(value: float) -> str:
    """``"+ 0.80"`` or ``"- 0.60"``; a value that rounds to zero reads ``"+ 0.00"``."""
    text = f"{abs(value):.2f}"
    return f"- {text}" if value < 0 and float(text) != 0.0 else f"+ {text}"


def sum_text(terms: object) -> str:
    """A sum written as a reader would: ``"-1.40 - 0.60 + 0.80"``.

    Each term has two decimals. The first carries its minus sign directly
    (``-1.40``, never ``- 1.40``); the others are joined by ``+`` or ``-``,
    so adding a negative number reads ``0.60 - 0.60``, not ``0.60 + -0.60``.
    A term that rounds to zero is written ``0.00`` (``+ 0.00``), never with a
    minus sign.
    """
    values = [float(v) for v in np.ravel(np.asarray(terms, dtype=float))]
    if not values:
        raise ValueError("terms must hold at least one number; got none")
    first = _signed(values[0])
    text = first.removeprefix("+ ") if first.startswith("+") else "-" + first[2:]
    return " ".join([text, *(_signed(v) for v in values[1:])])


@register_panel
def neuron_panel() -> SliderPanel:
    r"""One neuron, $\hat y = f(x_0 w_0 + x_1 w_1 + x_2 w_2 + b)$, on sliders.

    Every slider runs over $[-2, 2]$; the activation is chosen from a menu.
    Left: the neuron diagram (line width $\propto |w|$, colour = sign).
    Right: the curve of $f$ with the point $(z, \hat y)$; its range widens to keep
    the point in view. The line under the figure spells out $z$ and $\hat y$.

    Returns
    -------
    SliderPanel
        Starts at :data:`RUNNING_EXAMPLE`.
    """
    ex = RUNNING_EXAMPLE
    controls: dict[str, widgets.ValueWidget] = {}
    for i in range(3):
        controls[f"x{i}"] = slider(f"x{i}", ex["x"][i], -_LIMIT, _LIMIT)
    for i in range(3):
        controls[f"w{i}"] = slider(f"w{i}", ex["w"][i], -_LIMIT, _LIMIT)
    controls["b"] = slider("b", ex["b"], -_LIMIT, _LIMIT)
    controls["activation"] = choice("f", ex["activation"], ACTIVATIONS)

    def draw(fig: Figure) -> Updater:
        grid = fig.add_gridspec(
            1,
            2,
            width_ratios=(1.9, 1.0),
            left=0.0,
            right=0.97,
            bottom=0.15,
            top=0.9,
            wspace=0.2,
        )
        diagram = NeuronDiagram(3, weight_scale=_LIMIT)
        diagram.draw(fig.add_subplot(grid[0]))
        view = ActivationView(z_range=(-4.0, 4.0))
        view.draw(fig.add_subplot(grid[1]), ex["activation"])
        mark_animated(diagram.blit_artists(), view.blit_artists())

        def update(
            x0: float,
            x1: float,
            x2: float,
            w0: float,
            w1: float,
            w2: float,
            b: float,
            activation: str,
        ) -> str:
            neuron = Neuron([w0, w1, w2], b, activation)
            steps = diagram.update(neuron, [x0, x1, x2])
            view.update(activation, steps.z)
            terms = sum_text([*steps.products, steps.bias])
            return (
                f"z = {terms} = <b>{steps.z:.2f}</b>"
                f" &nbsp;&nbsp; ŷ = {steps.activation}({steps.z:.2f}) = "
                f"<b>{steps.output:.4f}</b>"
            )

        return update

    # Three columns: the inputs, then the weights, then the bias and f.
    return SliderPanel(controls, draw, figsize=(8.4, 3.3), columns=3)


@register_panel
def meal_panel() -> SliderPanel:
    r"""The meal-cost neuron, bill $= \\sum_i n_i p_i$ (count $n_i$ times price $p_i$).

    A neuron with the identity activation and no bias: the counts are the
    inputs, the prices the weights. Left: its diagram. Right: the bill as the
    number of burgers goes from 0 to 10 (the other counts fixed), always a
    straight line, with the current order marked.

    Returns
    -------
    SliderPanel
        Starts at :data:`MEAL_ORDER` with :data:`MEAL_PRICES`.
    """
    controls: dict[str, widgets.ValueWidget] = {}
    for item, count in zip(MEAL_ITEMS, MEAL_ORDER, strict=True):
        controls[item] = int_slider(item, count, 0, 10)
    price_keys = ("price_burger", "price_fries", "price_soda")
    for key, price in zip(price_keys, MEAL_PRICES, strict=True):
        label = key.removeprefix("price_") + " price"
        controls[key] = slider(label, price, 0.0, 10.0, 0.25)
    burgers_axis = np.arange(0, 11)

    def draw(fig: Figure) -> Updater:
        grid = fig.add_gridspec(
            1,
            2,
            width_ratios=(1.9, 1.0),
            left=0.0,
            right=0.97,
            bottom=0.17,
            top=0.88,
            wspace=0.3,
        )
        diagram = NeuronDiagram(
            3,
            input_names=list(MEAL_ITEMS),
            output_name="bill",
            weight_scale=10.0,
            input_format="g",
        )
        diagram.draw(fig.add_subplot(grid[0]))
        ax = fig.add_subplot(grid[1])
        (line,) = ax.plot(
            burgers_axis, 0 * burgers_axis, "-o", ms=3, color=PALETTE["blue"]
        )
        (point,) = ax.plot([], [], "o", ms=9, color=PALETTE["vermillion"], zorder=5)
        ax.set_xlabel("number of burgers")
        ax.set_ylabel("bill")
        ax.set_xlim(-0.5, 10.5)
        ax.set_title("the bill grows in a straight line", fontsize=10)
        # The bill's y-limits follow the order: its y-axis (ticks, grid
        # lines, label) is redrawn on every change, and the frame over it.
        mark_animated(diagram.blit_artists(), line, point, ax.yaxis, ax.spines.values())

        def update(
            burgers: int,
            fries: int,
            sodas: int,
            price_burger: float,
            price_fries: float,
            price_soda: float,
        ) -> str:
            meal = Neuron([price_burger, price_fries, price_soda], 0.0, "identity")
            order = [burgers, fries, sodas]
            steps = diagram.update(meal, order)
            others = np.tile([0.0, fries, sodas], (burgers_axis.size, 1))
            others[:, 0] = burgers_axis
            bills = meal(others)
            line.set_ydata(bills)
            point.set_data([burgers], [steps.output])
            low, high = curve_limits(np.append(bills, 0.0), pad=0.08)
            ax.set_ylim(min(low, 0.0), high)
            terms = " + ".join(
                f"{int(n)} × {p:.2f}" for n, p in zip(order, meal.weights, strict=True)
            )
            return f"bill = {terms} = <b>{steps.output:.2f}</b>"

        return update

    return SliderPanel(controls, draw, figsize=(8.4, 3.3), columns=3)
