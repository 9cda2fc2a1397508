"""Slider panel of Chapter 4: one training iteration at a time on the hand-worked network."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..controls import int_slider, slider
from ..examples import MAX_ITERATIONS, iterate_tiny
from ..plots.network import NetworkDiagram
from ..plots.style import NEUTRAL, PALETTE
from ..widgets import (
    SliderPanel,
    Updater,
    mark_animated,
    register_panel,
)

__all__ = ["training_step_panel"]


def _fmt(values: np.ndarray) -> str:
    return ", ".join(f"{v:+.4f}" for v in np.ravel(values))


@register_panel
def training_step_panel(iteration: int = 0, lr: float = 1.0) -> SliderPanel:
    """Step through training the 2-2-1 network of Chapter 4, one iteration at a time.

    Left: the network at that iteration (weights as edge colours and numbers,
    outputs in the nodes, error signals δ under them). Right: the error per
    iteration, the current one marked. Below: the weights and their gradients.
    """

    def draw(fig: Figure) -> Updater:
        ax_n, ax_e = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
        diagram = NetworkDiagram([2, 2, 1]).draw(
            ax_n, layer_labels=False, numbers=True, max_width=5.0
        )
        (curve,) = ax_e.plot([], [], color=NEUTRAL, lw=1.2)
        (mark,) = ax_e.plot([], [], "o", color=PALETTE["vermillion"], ms=8)
        ax_e.set_xlim(-0.5, MAX_ITERATIONS + 0.5)
        ax_e.set_xlabel("iteration")
        ax_e.set_ylabel("error $E$")
        fig.subplots_adjust(left=0.02, right=0.97, bottom=0.17, top=0.88, wspace=0.2)
        # The error's y-limits follow the learning rate: its y-axis (ticks,
        # grid lines, label) is redrawn on every change, and the frame over it.
        mark_animated(
            diagram.blit_artists(),
            curve,
            mark,
            ax_e.title,
            ax_e.yaxis,
            ax_e.spines.values(),
        )

        def update(iteration: int, lr: float) -> str:
            k = int(iteration)
            t, weights, errors = iterate_tiny(k, lr)
            diagram.show(
                weights,
                values=[t.x, *t.a],
                notes=[None, *t.delta],
                edge_text=weights,
                scale=1.0,
                title=f"iteration {k}: output {t.a[-1][0]:.3f}, target 1",
            )
            curve.set_data(np.arange(errors.size), errors)
            mark.set_data([k], [errors[k]])
            ax_e.set_ylim(0.0, max(float(errors.max()) * 1.1, 1e-3))
            ax_e.set_title(f"E = {t.loss:.4f}", fontsize=9)
            rows = "".join(
                f"<tr><td>layer {i + 1}&nbsp;</td><td>W = [{_fmt(W)}]&nbsp;</td>"
                f"<td>∂E/∂W = [{_fmt(dW)}]&nbsp;</td><td>∂E/∂b = [{_fmt(db)}]</td></tr>"
                for i, (W, dW, db) in enumerate(zip(weights, t.dW, t.db, strict=True))
            )
            return f"<table>{rows}</table>"

        return update

    controls = {
        "iteration": int_slider("iteration", iteration, 0, MAX_ITERATIONS),
        "lr": slider("learning rate", lr, 0.1, 5.0, 0.1),
    }
    return SliderPanel(controls, draw, figsize=(7.6, 3.2))
