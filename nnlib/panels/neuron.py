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
from ..neuron import Neuron, NeuronSteps
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


def _two_columns(fig: Figure, *, bottom: float, top: float, wspace: float):
    """The diagram's axes (left, wider) and a plot's axes (right)."""
    grid = fig.add_gridspec(
        1,
        2,
        width_ratios=(1.9, 1.0),
        left=0.0,
        right=0.97,
        bottom=bottom,
        top=top,
        wspace=wspace,
    )
    return fig.add_subplot(grid[0]), fig.add_subplot(grid[1])


def _neuron_controls() -> dict[str, widgets.ValueWidget]:
    """Sliders x0..x2, w0..w2 and b over [-2, 2], and the menu of f."""
    ex = RUNNING_EXAMPLE
    controls: dict[str, widgets.ValueWidget] = {}
    for i in range(3):
        controls[f"x{i}"] = slider(f"x{i}", ex["x"][i], -_LIMIT, _LIMIT)
    for i in range(3):
        controls[f"w{i}"] = slider(f"w{i}", ex["w"][i], -_LIMIT, _LIMIT)
    controls["b"] = slider("b", ex["b"], -_LIMIT, _LIMIT)
    controls["activation"] = choice("f", ex["activation"], ACTIVATIONS)
    return controls


def _neuron_summary(steps: NeuronSteps) -> str:
    """The line under the figure: z spelled out term by term, then ŷ."""
    terms = sum_text([*steps.products, steps.bias])
    return (
        f"z = {terms} = <b>{steps.z:.2f}</b>"
        f" &nbsp;&nbsp; ŷ = {steps.activation}({steps.z:.2f}) = "
        f"<b>{steps.output:.4f}</b>"
    )


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

    def draw(fig: Figure) -> Updater:
        left, right = _two_columns(fig, bottom=0.15, top=0.9, wspace=0.2)
        diagram = NeuronDiagram(3, weight_scale=_LIMIT)
        diagram.draw(left)
        view = ActivationView(z_range=(-4.0, 4.0))
        view.draw(right, RUNNING_EXAMPLE["activation"])
        mark_animated(diagram.blit_artists(), view.blit_artists())

        def update(x0, x1, x2, w0, w1, w2, b: float, activation: str) -> str:
            steps = diagram.update(Neuron([w0, w1, w2], b, activation), [x0, x1, x2])
            view.update(activation, steps.z)
            return _neuron_summary(steps)

        return update

    # Three columns: the inputs, then the weights, then the bias and f.
    return SliderPanel(_neuron_controls(), draw, figsize=(8.4, 3.3), columns=3)


def _meal_controls() -> dict[str, widgets.ValueWidget]:
    """A count slider per item (0 to 10) and a price slider per item (0 to 10)."""
    controls: dict[str, widgets.ValueWidget] = {}
    for item, count in zip(MEAL_ITEMS, MEAL_ORDER, strict=True):
        controls[item] = int_slider(item, count, 0, 10)
    price_keys = ("price_burger", "price_fries", "price_soda")
    for key, price in zip(price_keys, MEAL_PRICES, strict=True):
        label = key.removeprefix("price_") + " price"
        controls[key] = slider(label, price, 0.0, 10.0, 0.25)
    return controls


class _BillPlot:
    """The bill against the number of burgers (0 to 10), the current order marked."""

    burgers = np.arange(0, 11)

    def __init__(self, ax) -> None:
        self.ax = ax
        (self.line,) = ax.plot(
            self.burgers, 0 * self.burgers, "-o", ms=3, color=PALETTE["blue"]
        )
        (self.point,) = ax.plot(
            [], [], "o", ms=9, color=PALETTE["vermillion"], zorder=5
        )
        ax.set_xlabel("number of burgers")
        ax.set_ylabel("bill")
        ax.set_xlim(-0.5, 10.5)
        ax.set_title("the bill grows in a straight line", fontsize=10)

    def blit_artists(self) -> list:
        """The line, the point, and the y-axis with the frame over it (its limits
        follow the order, so its ticks, grid lines and label are redrawn)."""
        return [self.line, self.point, self.ax.yaxis, *self.ax.spines.values()]

    def update(self, meal: Neuron, fries: int, sodas: int, burgers: int, bill: float):
        others = np.tile([0.0, fries, sodas], (self.burgers.size, 1))
        others[:, 0] = self.burgers
        bills = meal(others)
        self.line.set_ydata(bills)
        self.point.set_data([burgers], [bill])
        low, high = curve_limits(np.append(bills, 0.0), pad=0.08)
        self.ax.set_ylim(min(low, 0.0), high)


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

    def draw(fig: Figure) -> Updater:
        left, right = _two_columns(fig, bottom=0.17, top=0.88, wspace=0.3)
        diagram = NeuronDiagram(
            3,
            input_names=list(MEAL_ITEMS),
            output_name="bill",
            weight_scale=10.0,
            input_format="g",
        )
        diagram.draw(left)
        plot = _BillPlot(right)
        mark_animated(diagram.blit_artists(), plot.blit_artists())

        def update(burgers, fries, sodas, price_burger, price_fries, price_soda) -> str:
            meal = Neuron([price_burger, price_fries, price_soda], 0.0, "identity")
            order = [burgers, fries, sodas]
            steps = diagram.update(meal, order)
            plot.update(meal, fries, sodas, burgers, steps.output)
            terms = " + ".join(
                f"{int(n)} × {p:.2f}" for n, p in zip(order, meal.weights, strict=True)
            )
            return f"bill = {terms} = <b>{steps.output:.2f}</b>"

        return update

    return SliderPanel(_meal_controls(), draw, figsize=(8.4, 3.3), columns=3)
