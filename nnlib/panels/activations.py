r"""Chapter 2's slider panels: one neuron's curve, and a curve built from many units.

- :func:`activation_shape_panel`: $f(w x + b)$ for a chosen activation; $w$
  steepens (or flips) the curve, $b$ shifts it, the other activations are
  drawn faintly for comparison.
- :func:`approximation_panel`: a target curve fitted by a weighted sum of
  $m$ sigmoid (or ReLU) units; the fit and its error as $m$ grows.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .._checks import as_positive_int
from ..activations import get_activation
from ..controls import choice, int_slider, slider
from ..datasets import smooth_curve
from ..network import fit_output_layer, spread_units
from ..plots.style import NEUTRAL, PALETTE
from ..widgets import (
    SliderPanel,
    Updater,
    mark_animated,
    register_panel,
)

__all__ = [
    "activation_shape_panel",
    "approximation_panel",
    "approximation_errors",
    "COMPARED",
    "X_RANGE",
]

COMPARED = ("sigmoid", "tanh", "relu")
"""The three activations Chapter 2 compares."""

X_RANGE = (-3.0, 3.0)
"""The interval the approximation panel fits the target on."""

_COLORS = {
    "sigmoid": PALETTE["blue"],
    "tanh": PALETTE["green"],
    "relu": PALETTE["vermillion"],
}


def _end(value: float) -> str:
    """An end of an output range as text, with the infinity sign for unbounded ends."""
    if np.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:g}"


def _draw_shape_axes(ax, x: np.ndarray) -> tuple[dict, object, object, object]:
    """The faint curves of every activation, the main curve, its centre and a note."""
    faint = {
        name: ax.plot(
            x, 0 * x, color=_COLORS[name], lw=1.0, alpha=0.35, ls="--", label=name
        )[0]
        for name in COMPARED
    }
    (main,) = ax.plot(x, 0 * x, lw=2.6, color="black")
    (centre,) = ax.plot([], [], "o", color=PALETTE["orange"], ms=7, zorder=5)
    ax.axhline(0.0, color=NEUTRAL, lw=0.8, zorder=0)
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel("input $x$")
    ax.set_ylabel(r"output $\hat y = f(wx + b)$")
    note = ax.text(
        0.99,
        0.03,
        "dashed: the other two, same w and b",
        ha="right",
        transform=ax.transAxes,
        fontsize=8,
        color=NEUTRAL,
    )
    return faint, main, centre, note


def _centre(
    activation: str, w: float, b: float, x: np.ndarray
) -> tuple[list, list, str]:
    """The curve's centre (z = 0) as point data inside ``x``'s range, and a sentence."""
    if abs(w) < 1e-9:
        return [], [], "w = 0: the output is the constant f(b), whatever x is"
    xc = -b / w + 0.0  # + 0.0 turns -0.0 into 0.0 for display
    inside = x[0] <= xc <= x[-1]
    yc = float(get_activation(activation).forward(np.array(0.0)))
    where = f"centre (z = 0) at x = -b/w = {xc:.2f}"
    return ([xc] if inside else []), ([yc] if inside else []), where


def _slope_and_range(activation: str, w: float) -> str:
    act = get_activation(activation)
    lo, hi = act.output_range
    # Slope just right of the centre: w f'(0+) (ReLU's kink is at 0 itself).
    slope = w * float(act.backward(np.array(1e-12)))
    return f"slope there {slope:.2f}; output range ({_end(lo)}, {_end(hi)})"


@register_panel
def activation_shape_panel() -> SliderPanel:
    r"""One neuron, $\hat y = f(w x + b)$, as a curve over the input $x$.

    The weight $w$ sets how steep the curve is (a negative $w$ mirrors it);
    the bias $b$ moves its centre to $x = -b/w$. Faint lines show the other
    two activations with the same $w$ and $b$. The y-axis always shows the
    whole visible curve.
    """
    controls = {
        "activation": choice("activation f", "sigmoid", COMPARED),
        "w": slider("weight w", 1.0, -5.0, 5.0),
        "b": slider("bias b", 0.0, -5.0, 5.0),
    }
    x = np.linspace(-5.0, 5.0, 401)

    def draw(fig: Figure) -> Updater:
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.13, right=0.97, bottom=0.16, top=0.9)
        faint, main, centre, note = _draw_shape_axes(ax, x)
        title = ax.set_title("", fontsize=10)
        # Redrawn on every change, with what is drawn over the curves: the
        # note and the frame (spines). New y-limits (ReLU's curve grows with
        # w and b) redraw the background.
        mark_animated(faint.values(), main, centre, title, note, ax.spines.values())

        def update(activation: str, w: float, b: float) -> str:
            z = w * x + b
            y = get_activation(activation).forward(z)
            for name, line in faint.items():
                line.set_ydata(get_activation(name).forward(z))
                line.set_visible(name != activation)
            main.set_ydata(y)
            main.set_color(_COLORS[activation])
            ax.set_ylim(min(-1.1, float(y.min()) - 0.1), max(1.1, float(y.max()) + 0.1))
            title.set_text(
                f"{activation}({w:.2f}·x {'+' if b >= 0 else '-'} {abs(b):.2f})"
            )
            xs, ys, where = _centre(activation, w, b, x)
            centre.set_data(xs, ys)
            return f"{where}; {_slope_and_range(activation, w)}"

        return update

    return SliderPanel(controls, draw, figsize=(6.4, 3.4), columns=3)


def approximation_errors(
    max_units: int = 30, activation: str = "sigmoid", n_points: int = 200
) -> np.ndarray:
    r"""Mean squared error of the best sum of $m$ units, $m = 1 \dots$ ``max_units``.

    The target is :func:`nnlib.datasets.smooth_curve` on :data:`X_RANGE`; each
    fit is :func:`nnlib.network.spread_units` plus
    :func:`nnlib.network.fit_output_layer`.

    Parameters
    ----------
    max_units : int, default 30
        The largest number of units, at least 1.
    activation : str, default "sigmoid"
        The units' activation (see :mod:`nnlib.activations`).
    n_points : int, default 200
        Points of the target curve, at least 2.

    Returns
    -------
    numpy.ndarray, shape (max_units,)
        ``errors[m - 1]`` is the error with $m$ units.
    """
    max_units = as_positive_int(max_units, "max_units")
    get_activation(activation)  # a clear error for an unknown name
    n_points = as_positive_int(n_points, "n_points")
    if n_points < 2:
        raise ValueError(f"n_points must be at least 2; got {n_points}")
    x = np.linspace(*X_RANGE, n_points)[:, None]
    y = smooth_curve(x)
    return np.array(
        [
            fit_output_layer(spread_units(n, activation, X_RANGE), x, y)
            for n in range(1, max_units + 1)
        ]
    )


def _draw_fit_axes(left, x: np.ndarray, target: np.ndarray, max_units: int):
    """The target, one faint line per possible unit, and the fitted sum."""
    left.plot(x[:, 0], target[:, 0], color="black", lw=2.0, label="target")
    parts = [
        left.plot(x[:, 0], 0 * x[:, 0], color=NEUTRAL, lw=0.7, alpha=0.6)[0]
        for _ in range(max_units)
    ]
    (fit,) = left.plot(
        x[:, 0], 0 * x[:, 0], color=PALETTE["orange"], lw=2.0, label="sum of units"
    )
    left.set_xlim(*X_RANGE)
    left.set_ylim(-2.2, 2.2)
    left.set_xlabel("$x$")
    left.legend(loc="upper left", fontsize=8, frameon=False)
    left.set_xticks([-3, -2, -1, 0, 1, 2, 3])
    left.set_yticks([-2, -1, 0, 1, 2])
    return parts, fit


def _draw_error_axes(right, logs: dict[str, np.ndarray]):
    """log10 of the error against N, on a linear axis with a few fixed ticks.

    It reads like a log plot, and renders faster than a log axis' many minor
    ticks. Returns the error line and the marker of the current N.
    """
    ns = np.arange(1, len(logs["sigmoid"]) + 1)
    (err_line,) = right.plot(ns, logs["sigmoid"], color=PALETTE["blue"], lw=1.5)
    (marker,) = right.plot([1], [0.0], "o", color=PALETTE["orange"], ms=7)
    right.set_xlabel("units $m$")
    right.set_title("mean squared error", fontsize=9)
    floor = int(np.floor(min(float(v.min()) for v in logs.values())))
    right.set_ylim(floor - 0.3, 0.3)
    right.set_yticks(range(floor, 1), [f"1e{k}" for k in range(floor, 1)])
    right.set_xticks([1, 10, 20, 30])
    return err_line, marker


def _show_units(parts: list, weighted: np.ndarray, n_units: int) -> None:
    """The first ``n_units`` faint lines show each unit's weighted output; the rest hide."""
    for j, line in enumerate(parts):
        if j < n_units:
            line.set_ydata(weighted[:, j])
        line.set_visible(j < n_units)


@register_panel
def approximation_panel() -> SliderPanel:
    r"""A wavy target fitted by $\hat y(x) = b + \sum_{j=0}^{m-1} v_j f(k(x - c_j))$.

    Left: the target, the fitted sum, and each unit's weighted contribution
    (faint). Right: the error against $m$ (log scale), the current $m$ marked.
    """
    max_units = 30
    controls = {
        "n_units": int_slider("units m", 4, 1, max_units),
        "activation": choice("unit type", "sigmoid", ("sigmoid", "relu")),
    }
    x = np.linspace(*X_RANGE, 200)[:, None]
    target = smooth_curve(x)
    logs = {
        name: np.log10(approximation_errors(max_units, name))
        for name in ("sigmoid", "relu")
    }

    def draw(fig: Figure) -> Updater:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.6, 1.0)})
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.3)
        parts, fit = _draw_fit_axes(left, x, target, max_units)
        err_line, marker = _draw_error_axes(right, logs)
        title = left.set_title("", fontsize=10)
        # Redrawn on every change, with what is drawn over the curves: the
        # legend and the frames (spines).
        mark_animated(
            parts,
            fit,
            left.get_legend(),
            title,
            err_line,
            marker,
            left.spines.values(),
            right.spines.values(),
        )

        def update(n_units: int, activation: str) -> str:
            net = spread_units(n_units, activation, X_RANGE)
            mse = fit_output_layer(net, x, target)
            hidden = net.layers[0].predict(x)
            _show_units(parts, hidden * net.layers[1].W[:, 0], n_units)
            fit.set_ydata(net.predict(x)[:, 0])
            err_line.set_ydata(logs[activation])
            marker.set_data([n_units], [logs[activation][n_units - 1]])
            title.set_text(f"{n_units} {activation} unit{'s' if n_units > 1 else ''}")
            return f"m = {n_units} {activation} units: mean squared error {mse:.5f}"

        return update

    return SliderPanel(controls, draw, figsize=(7.0, 3.2))
