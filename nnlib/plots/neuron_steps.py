r"""The neuron's arithmetic over time (Chapter 1): the sum as a staircase, and
an animation of the three steps.

:func:`plot_sum` draws step 2, $z = \sum_i x_i w_i + b$, one term at a time;
:func:`step_frames` and :func:`animate_steps` play the live diagram of
:mod:`nnlib.plots.neuron` through inputs, products, sum and output.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._checks import as_positive_int
from ..neuron import Neuron, NeuronSteps
from .animation import Animation
from .neuron import HIGHLIGHT, NeuronDiagram, _fmt, _paren
from .style import NEUTRAL, weight_color

__all__ = ["plot_sum", "StepFrame", "step_frames", "animate_steps"]


def plot_sum(ax: Axes, steps: NeuronSteps, *, value_format: str = ".2f") -> list:
    r"""Step 2 as a staircase: $z = x_0 w_0 + x_1 w_1 + \dots + b$, one term at a time.

    Each product $x_i w_i$, then the bias $b$, is a bar that starts where the
    running sum stands and moves it up (blue, positive) or down (vermillion,
    negative). The last bar, from 0, is the total $z$.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    steps : NeuronSteps
        From :meth:`nnlib.neuron.Neuron.steps`.
    value_format : str, default ".2f"

    Returns
    -------
    list of matplotlib.patches.Rectangle
        One bar per product, then the bias's bar, then the bar of $z$.
    """
    if not isinstance(steps, NeuronSteps):
        raise TypeError(f"steps must be a NeuronSteps; got {type(steps).__name__}")
    terms = [*steps.products, steps.bias]
    names = [f"$x_{i} w_{i}$" for i in range(len(steps.products))] + ["$b$"]
    starts = np.concatenate([[0.0], np.cumsum(terms)[:-1]])
    bars = []
    for k, (start, term) in enumerate(zip(starts, terms, strict=True)):
        (bar,) = ax.bar(k, term, bottom=start, color=weight_color(term), width=0.6)
        bars.append(bar)
        top = start + term
        ax.plot([k - 0.3, k + 1.3], [top, top], color=NEUTRAL, lw=0.8, ls=":")
        ax.annotate(
            _fmt(term, value_format),
            (k, max(start, top)),
            ha="center",
            va="bottom",
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=9,
        )
    k = len(terms)
    (bar,) = ax.bar(k, steps.z, color="black", width=0.6)
    bars.append(bar)
    ax.annotate(
        f"z = {_fmt(steps.z, value_format)}",
        (k, max(steps.z, 0.0)),
        ha="center",
        va="bottom",
        xytext=(0, 2),
        textcoords="offset points",
        fontsize=9,
        fontweight="bold",
    )
    ax.axhline(0.0, color=NEUTRAL, lw=0.8)
    ax.set_xticks(range(k + 1), [*names, "$z$"])
    ax.set_ylabel("running sum")
    # Room above the highest bar (and below the lowest) for the value labels.
    levels = np.concatenate([[0.0, steps.z], starts, starts + np.array(terms)])
    low, high = float(levels.min()), float(levels.max())
    pad = 0.18 * (high - low) if high > low else 1.0
    ax.set_ylim(low - (pad if low < 0 else 0.0), high + pad)
    return bars


@dataclass(frozen=True)
class StepFrame:
    """What one frame of the three-steps animation shows.

    Attributes
    ----------
    step : int
        0 (the inputs arrive), 1, 2 or 3.
    progress : float
        How far through its step the frame is, in [0, 1].
    caption : str
        The line of text under the diagram.
    edge_texts : tuple of str
        The text on each weight's line (bias last).
    sum_text, output_text : str
        The text under the sum node and at the output.
    """

    step: int
    progress: float
    caption: str
    edge_texts: tuple[str, ...]
    sum_text: str
    output_text: str


def step_frames(
    neuron: Neuron,
    x: object,
    *,
    n_frames: int = 30,
    value_format: str = ".2f",
    output_name: str = "ŷ",
) -> list[StepFrame]:
    r"""Compute every frame of the animation of $\hat y = f(\sum_i x_i w_i + b)$.

    Frames go through four phases: the inputs arrive (10 %), step 1 multiplies
    each input by its weight (30 %), step 2 adds the products and the bias one
    term at a time (30 %), step 3 applies $f$ (30 %). The last frame shows $z$
    and $\hat y$ exactly as :meth:`nnlib.neuron.Neuron.steps` computes them.

    Parameters
    ----------
    neuron : Neuron
    x : array_like, shape (n_inputs,)
    n_frames : int, default 30
        At least 8, at most 120.
    value_format : str, default ".2f"
    output_name : str, default "ŷ"

    Returns
    -------
    list of StepFrame
    """
    n_frames = as_positive_int(n_frames, "n_frames")
    if not 8 <= n_frames <= 120:
        raise ValueError(f"n_frames must be between 8 and 120; got {n_frames}")
    s = neuron.steps(x)
    fmt = value_format
    n = len(s.weights)
    weight_texts = tuple(f"$w_{i}$ = {_fmt(w, fmt)}" for i, w in enumerate(s.weights))
    product_texts = tuple(_fmt(p, fmt) for p in s.products)
    bias_text = f"b = {_fmt(s.bias, fmt)}"
    terms = [*s.products, s.bias]
    z_text = f"z = {_fmt(s.z, fmt)}"
    y_text = f"{output_name} = {_fmt(s.output, fmt)}"
    sum_terms = " + ".join(_fmt(t, fmt) for t in terms).replace("+ -", "- ")

    n_intro = max(2, round(0.1 * n_frames))
    n_rest = n_frames - n_intro
    n1 = n_rest // 3
    n2 = n_rest // 3
    n3 = n_rest - n1 - n2
    frames: list[StepFrame] = []
    for k in range(n_intro):
        frames.append(
            StepFrame(
                0,
                (k + 1) / n_intro,
                "The inputs arrive\neach on a line with its own weight",
                (*weight_texts, bias_text),
                "",
                "",
            )
        )
    for k in range(n1):
        t = (k + 1) / n1
        shown = tuple(
            product_texts[i] if t >= 0.5 else weight_texts[i] for i in range(n)
        )
        pairs = ", ".join(
            f"{_paren(xi, fmt)}×{_paren(wi, fmt)} = {_fmt(p, fmt)}"
            for xi, wi, p in zip(s.inputs, s.weights, s.products, strict=True)
        )
        frames.append(
            StepFrame(
                1,
                t,
                f"Step 1: multiply each input by its weight\n{pairs}",
                (*shown, bias_text),
                "",
                "",
            )
        )
    for k in range(n2):
        t = (k + 1) / n2
        n_terms = min(len(terms), math.ceil(t * len(terms)))
        partial = float(np.sum(terms[:n_terms]))
        # The last frame of step 2 shows z itself (the neuron's own sum).
        sum_text = z_text if n_terms == len(terms) else f"sum = {_fmt(partial, fmt)}"
        frames.append(
            StepFrame(
                2,
                t,
                f"Step 2: add the products and the bias\n"
                f"z = {sum_terms} = {_fmt(s.z, fmt)}",
                (*product_texts, bias_text),
                sum_text,
                "",
            )
        )
    for k in range(n3):
        t = (k + 1) / n3
        frames.append(
            StepFrame(
                3,
                t,
                f"Step 3: apply the activation function\n"
                f"{output_name} = {s.activation}({_fmt(s.z, fmt)}) = "
                f"{_fmt(s.output, fmt)}",
                (*product_texts, bias_text),
                z_text,
                y_text if t >= 0.75 else "",
            )
        )
    return frames


def animate_steps(
    neuron: Neuron,
    x: object,
    *,
    n_frames: int = 30,
    dpi: int = 70,
    interval: int = 350,
    input_names: Sequence[str] | None = None,
    output_name: str = "ŷ",
    weight_scale: float | None = None,
) -> Animation:
    """Animate the three steps of ``neuron`` on one input ``x``.

    Every number comes from :func:`step_frames`. Show it in a notebook with
    ``HTML(anim.to_jshtml())``: the frames are embedded, so the animation
    plays in the static HTML book with no kernel.

    Parameters
    ----------
    neuron : Neuron
    x : array_like, shape (n_inputs,)
    n_frames : int, default 30
    dpi : int, default 70
        Small, to keep the notebook small.
    interval : int, default 350
        Milliseconds per frame.
    input_names, output_name
        As for :class:`NeuronDiagram`.
    weight_scale : float, optional
        As for :class:`NeuronDiagram`; by default the largest of $|w_i|$, $|b|$ and 1.

    Returns
    -------
    nnlib.plots.animation.Animation
        Its figure is not managed by pyplot, so it never shows up twice.
    """
    frames = step_frames(neuron, x, n_frames=n_frames, output_name=output_name)
    if weight_scale is None:
        weight_scale = max(1.0, float(np.max(np.abs(neuron.weights))), abs(neuron.bias))
    fig = Figure(figsize=(6.4, 4.4), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.16, 1.0, 0.84))
    diagram = NeuronDiagram(
        neuron.n_inputs,
        input_names=input_names,
        output_name=output_name,
        weight_scale=weight_scale,
        fontsize=12,
    )
    diagram.draw(ax)
    diagram.update(neuron, x)
    caption = fig.text(
        0.5, 0.09, "", ha="center", va="center", fontsize=12, linespacing=1.5
    )
    n = neuron.n_inputs
    (dots,) = ax.plot([], [], "o", color=HIGHLIGHT, ms=9, zorder=3.5)

    def show(k: int) -> list:
        frame = frames[k]
        diagram.show_step(frame.step)
        for label, text in zip(diagram.edge_labels, frame.edge_texts, strict=True):
            label.set_text(text)
        diagram.sum_label.set_text(frame.sum_text)
        diagram.output_label.set_text(frame.output_text)
        caption.set_text(frame.caption)
        if frame.step == 1:
            points = [diagram.edge_point(i, frame.progress) for i in range(n + 1)]
        elif frame.step == 3:
            points = [diagram.output_point(frame.progress)]
        else:
            points = []
        dots.set_data([p[0] for p in points], [p[1] for p in points])
        return [dots, caption]

    return Animation(fig, show, frames=len(frames), interval=interval, blit=False)
