r"""Chapter 3's slider panel: the hidden layer of a network that solves XOR.

:func:`xor_hidden_panel` puts the six weights of a 2-2-1 network's hidden
layer on sliders. The output neuron stays fixed at
$\hat y = \sigma(10 h_1 - 10 h_2 - 5)$ ("$h_1$ and not $h_2$"). The left plot
shows the network's decision over the input plane (a raster redrawn in place)
with each hidden unit's line $w_1 x_1 + w_2 x_2 + b = 0$; the right plot shows
the network with edges coloured by weight.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .._checks import as_finite_float, as_float_array, overflow_error
from ..controls import slider
from ..datasets import xor
from ..examples import XOR_HIDDEN_B, XOR_HIDDEN_W, XOR_OUTPUT_W, xor_network
from ..plots.boundary import BoundaryView
from ..plots.network import NetworkDiagram
from ..plots.style import PALETTE
from ..widgets import (
    SliderPanel,
    Updater,
    mark_animated,
    register_panel,
)

__all__ = ["xor_hidden_panel", "unit_line"]

_LIM = (-0.5, 1.5)
_UNIT_COLORS = (PALETTE["green"], PALETTE["purple"])


def unit_line(
    w1: float, w2: float, b: float, lim: tuple[float, float] = _LIM
) -> tuple[np.ndarray, np.ndarray]:
    r"""Points of the line $w_1 x_1 + w_2 x_2 + b = 0$ across the plot square ``lim``.

    Returns two empty arrays when $w_1 = w_2 = 0$ (no line: the unit ignores
    its inputs). ``lim`` is ``(low, high)`` with ``low < high``.
    """
    w1 = as_finite_float(w1, "w1")
    w2 = as_finite_float(w2, "w2")
    b = as_finite_float(b, "b")
    low, high = as_float_array(lim, "lim", shape=(2,))
    if not low < high:
        raise ValueError(f"lim must be (low, high) with low < high; got {tuple(lim)}")
    t = np.linspace(low - 1.0, high + 1.0, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        if abs(w2) >= abs(w1) and abs(w2) > 1e-12:
            xs, ys = t, -(w1 * t + b) / w2
        elif abs(w1) > 1e-12:
            xs, ys = -(w2 * t + b) / w1, t
        else:
            return np.array([]), np.array([])
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise overflow_error("the line", w1=w1, w2=w2, b=b, lim=(low, high))
    return xs, ys


def _hidden_layer_controls() -> dict:
    """Sliders for the hidden layer, h1's column (w11, w21, b1) then h2's."""
    names = {"w11": (0, 0), "w21": (1, 0), "w12": (0, 1), "w22": (1, 1)}
    controls = {}
    for key, (i, j) in names.items():
        controls[key] = slider(
            f"x{i + 1} → h{j + 1}", XOR_HIDDEN_W[i, j], -15.0, 15.0, 0.5
        )
    controls["b1"] = slider("bias of h1", XOR_HIDDEN_B[0], -20.0, 20.0, 0.5)
    controls["b2"] = slider("bias of h2", XOR_HIDDEN_B[1], -20.0, 20.0, 0.5)
    return {k: controls[k] for k in ("w11", "w21", "b1", "w12", "w22", "b2")}


@register_panel
def xor_hidden_panel() -> SliderPanel:
    r"""Sliders for the hidden layer of an XOR network; the decision redrawn in place.

    Starts at the hand-set weights (:data:`XOR_HIDDEN_W`, :data:`XOR_HIDDEN_B`),
    which classify all four points correctly.
    """
    X, y = xor()

    def draw(fig: Figure) -> Updater:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.0, 1.1)})
        fig.subplots_adjust(left=0.09, right=0.99, bottom=0.14, top=0.9, wspace=0.1)
        view = BoundaryView(left, X, y, xlim=_LIM, ylim=_LIM, resolution=80)
        lines = [
            left.plot([], [], color=c, lw=2.0, ls="--", label=f"$h_{j + 1}$ = 0.5")[0]
            for j, c in enumerate(_UNIT_COLORS)
        ]
        left.set_xlim(*_LIM)
        left.set_ylim(*_LIM)
        left.set_aspect("equal")
        left.legend(
            loc="upper center",
            fontsize=8,
            ncol=2,
            frameon=True,
            bbox_to_anchor=(0.5, 1.13),
        )
        diagram = NetworkDiagram([2, 2, 1]).draw(right)
        # The legend overlaps the top of the raster: redrawn over it.
        mark_animated(
            view.blit_artists(), lines, left.get_legend(), diagram.blit_artists()
        )

        def update(
            w11: float, w21: float, b1: float, w12: float, w22: float, b2: float
        ) -> str:
            W = np.array([[w11, w12], [w21, w22]])
            b = np.array([b1, b2])
            net = xor_network(W, b)
            accuracy = view.update(net.predict)
            for j, line in enumerate(lines):
                line.set_data(*unit_line(W[0, j], W[1, j], b[j]))
            diagram.update([W, XOR_OUTPUT_W], scale=15.0)
            H = net.layers[0].predict(X)
            y_hat = net.predict(X)[:, 0]
            rows = ", ".join(
                f"({x1:g},{x2:g})→h=({h1:.2f},{h2:.2f}) ŷ={p:.2f}"
                for (x1, x2), (h1, h2), p in zip(X, H, y_hat, strict=True)
            )
            return f"{int(round(accuracy * 4))} of 4 right. {rows}"

        return update

    return SliderPanel(_hidden_layer_controls(), draw, figsize=(7.0, 3.4), columns=3)
