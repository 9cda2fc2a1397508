"""Slider panels of Chapter 5: the learning rate, live on the loss surface."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import linear
from ..controls import log_slider, slider
from ..descent import CURVES, curve_objective, gradient_descent
from ..plots.descent import plot_loss_surface, surface_window, visible_path
from ..plots.style import PALETTE
from ..widgets import (
    SliderPanel,
    Updater,
    mark_animated,
    register_panel,
)

__all__ = ["learning_rate_panel", "foggy_hill_panel"]


@register_panel
def learning_rate_panel(
    lr: float = 0.1, steps: int = 40, start: tuple[float, float] = (-0.3, -1.2)
) -> SliderPanel:
    """Gradient descent on the line model's $E(m, b)$ for a learning rate on a log scale.

    Left: the path on the contours of the loss surface. Right: the loss per
    step. The text below says whether descent converged or diverged (with the
    step and the largest stable rate $2/\\lambda_{\\max}$).
    """
    x, y = linear.line_data()
    objective = linear.objective(x, y)
    lr_max = linear.max_stable_lr(x)
    best = linear.mse_loss(*linear.least_squares(x, y), x, y)
    ms, bs = surface_window(x, y)

    def draw(fig: Figure) -> Updater:
        ax_s, ax_l = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        plot_loss_surface(ax_s, x, y, ms, bs)
        ax_s.plot(*start, "x", color=PALETTE["green"], ms=10, mew=2.5)
        (path,) = ax_s.plot([], [], "o-", ms=3, lw=1.2, color=PALETTE["vermillion"])
        (curve,) = ax_l.plot([], [], color=PALETTE["vermillion"], lw=1.5)
        (end,) = ax_l.plot([], [], "x", color=PALETTE["vermillion"], ms=9, mew=2.5)
        ax_l.axhline(best, color=PALETTE["black"], lw=0.8, ls="--")
        ax_l.set_yscale("log")
        ax_l.set_xlabel("step")
        ax_l.set_ylabel("loss $E$")
        title = ax_s.set_title("lr", fontsize=9)
        fig.tight_layout()
        # The loss axes' limits follow every run: all it holds (but its
        # background patch) is redrawn on every change. On the surface only
        # the path and the title are, with the frame over the path.
        in_loss_axes = [a for a in ax_l.get_children() if a is not ax_l.patch]
        mark_animated(path, title, ax_s.spines.values(), in_loss_axes)

        def update(lr: float, steps: float) -> str:
            n = int(round(steps))
            r = gradient_descent(
                objective, list(start), lr, max_steps=n, stable_lr=lr_max
            )
            shown = visible_path(r.path, (ms[0], ms[-1]), (bs[0], bs[-1]))
            path.set_data(shown[:, 0], shown[:, 1])
            curve.set_data(np.arange(r.losses.size), r.losses)
            end.set_data(
                [r.steps] if r.diverged else [], [r.losses[-1]] if r.diverged else []
            )
            ax_l.set_xlim(0, max(n, 1))
            lo = min(best, float(r.losses.min()))
            ax_l.set_ylim(lo * 0.7, float(r.losses.max()) * 2.0)
            state = "diverged" if r.diverged else f"E = {r.final_loss:.4f}"
            title.set_text(f"lr = {lr:.3g}: {state}")
            if r.diverged or r.losses[-1] > r.losses[0]:
                return r.message  # it already names the largest stable rate
            return f"{r.message} (Largest stable rate here: {lr_max:.3g}.)"

        return update

    controls = {
        "lr": log_slider("learning rate", lr, -3, 0),
        "steps": slider("steps", float(steps), 1, 100, 1, readout_format=".0f"),
    }
    return SliderPanel(controls, draw, figsize=(8.0, 3.4))


@register_panel
def foggy_hill_panel(
    start: float = 2.0, lr: float = 0.05, steps: int = 15
) -> SliderPanel:
    """Walk down the bumpy one-parameter curve from a chosen start.

    Shows each step's point and its tangent; a start on the right ends in the
    local minimum, a start on the left in the global one.
    """
    f, df = CURVES["bumpy"]
    objective = curve_objective(f, df)
    w_grid = np.linspace(-2.2, 2.4, 300)
    e_grid = np.array([f(v) for v in w_grid])

    def draw(fig: Figure) -> Updater:
        ax = fig.add_subplot()
        ax.plot(w_grid, e_grid, color=PALETTE["blue"], lw=2)
        (walk,) = ax.plot([], [], "o-", color=PALETTE["orange"], ms=4, lw=1)
        (cross,) = ax.plot([], [], "x", color=PALETTE["green"], ms=12, mew=3)
        (tangent,) = ax.plot([], [], color=PALETTE["yellow"], lw=3)
        ax.set_xlim(w_grid[0], w_grid[-1])
        ax.set_ylim(float(e_grid.min()) - 0.3, 9.0)
        ax.set_xlabel("weight $w$")
        ax.set_ylabel("loss $E$")
        fig.tight_layout()
        mark_animated(walk, cross, tangent, ax.spines.values())  # frame over them

        def update(start: float, lr: float, steps: float) -> str:
            r = gradient_descent(objective, [start], lr, max_steps=int(round(steps)))
            ws, es = r.path[:, 0], r.losses
            walk.set_data(ws, es)
            cross.set_data([ws[0]], [es[0]])
            s = df(ws[-1])
            dx = np.array([-0.4, 0.4])
            tangent.set_data(ws[-1] + dx, es[-1] + s * dx)
            if r.diverged:
                return r.message
            return (
                f"after {r.steps} steps: w = {ws[-1]:.3f}, E = {es[-1]:.3f}, "
                f"slope E'(w) = {s:.3f}"
            )

        return update

    controls = {
        "start": slider("start w", start, -2.0, 2.2, 0.05),
        "lr": slider("learning rate", lr, 0.01, 0.5, 0.01),
        "steps": slider("steps", float(steps), 1, 60, 1, readout_format=".0f"),
    }
    return SliderPanel(controls, draw, figsize=(6.0, 3.4), columns=3)
