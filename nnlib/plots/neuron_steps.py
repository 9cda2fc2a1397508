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
        _label_above(ax, k, max(start, top), _fmt(term, value_format))
    k = len(terms)
    (bar,) = ax.bar(k, steps.z, color="black", width=0.6)
    bars.append(bar)
    z_text = f"z = {_fmt(steps.z, value_format)}"
    _label_above(ax, k, max(steps.z, 0.0), z_text, fontweight="bold")
    ax.axhline(0.0, color=NEUTRAL, lw=0.8)
    ax.set_xticks(range(k + 1), [*names, "$z$"])
    ax.set_ylabel("running sum")
    levels = np.concatenate([[0.0, steps.z], starts, starts + np.array(terms)])
    _leave_room_for_labels(ax, float(levels.min()), float(levels.max()))
    return bars


def _label_above(ax: Axes, x: float, y: float, text: str, **style: object) -> None:
    """A 9 pt label just above the point (x, y) of a bar."""
    ax.annotate(
        text,
        (x, y),
        ha="center",
        va="bottom",
        xytext=(0, 2),
        textcoords="offset points",
        fontsize=9,
        **style,
    )


def _leave_room_for_labels(ax: Axes, low: float, high: float) -> None:
    """y-limits with room above the highest bar (and below the lowest) for labels."""
    pad = 0.18 * (high - low) if high > low else 1.0
    ax.set_ylim(low - (pad if low < 0 else 0.0), high + pad)


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


@dataclass(frozen=True)
class _StepTexts:
    """The strings the frames are made of, computed once from the neuron's steps."""

    steps: NeuronSteps
    fmt: str
    output_name: str

    def value(self, v: float) -> str:
        return _fmt(v, self.fmt)

    @property
    def weights(self) -> tuple[str, ...]:
        return tuple(
            f"$w_{i}$ = {self.value(w)}" for i, w in enumerate(self.steps.weights)
        )

    @property
    def products(self) -> tuple[str, ...]:
        return tuple(self.value(p) for p in self.steps.products)

    @property
    def bias(self) -> str:
        return f"b = {self.value(self.steps.bias)}"

    @property
    def terms(self) -> list[float]:
        return [*self.steps.products, self.steps.bias]

    @property
    def z(self) -> str:
        return f"z = {self.value(self.steps.z)}"

    @property
    def output(self) -> str:
        return f"{self.output_name} = {self.value(self.steps.output)}"


def _phase_lengths(n_frames: int) -> tuple[int, int, int, int]:
    """Frames for the inputs arriving (10 %, at least 2) and for steps 1, 2 and 3."""
    n_intro = max(2, round(0.1 * n_frames))
    n_rest = n_frames - n_intro
    n1 = n2 = n_rest // 3
    return n_intro, n1, n2, n_rest - n1 - n2


def _arrival_frames(texts: _StepTexts, count: int) -> list[StepFrame]:
    """The inputs arrive, each on a line with its weight."""
    caption = "The inputs arrive\neach on a line with its own weight"
    edges = (*texts.weights, texts.bias)
    return [StepFrame(0, (k + 1) / count, caption, edges, "", "") for k in range(count)]


def _multiply_frames(texts: _StepTexts, count: int) -> list[StepFrame]:
    """Step 1: each weight's label turns into its product halfway through."""
    s, fmt = texts.steps, texts.fmt
    pairs = ", ".join(
        f"{_paren(xi, fmt)}×{_paren(wi, fmt)} = {_fmt(p, fmt)}"
        for xi, wi, p in zip(s.inputs, s.weights, s.products, strict=True)
    )
    caption = f"Step 1: multiply each input by its weight\n{pairs}"
    frames = []
    for k in range(count):
        t = (k + 1) / count
        shown = texts.products if t >= 0.5 else texts.weights
        frames.append(StepFrame(1, t, caption, (*shown, texts.bias), "", ""))
    return frames


def _sum_frames(texts: _StepTexts, count: int) -> list[StepFrame]:
    """Step 2: the running sum takes one more term at a time, and ends at z."""
    terms = texts.terms
    sum_terms = " + ".join(texts.value(t) for t in terms).replace("+ -", "- ")
    caption = (
        f"Step 2: add the products and the bias\n"
        f"z = {sum_terms} = {texts.value(texts.steps.z)}"
    )
    frames = []
    for k in range(count):
        t = (k + 1) / count
        n_terms = min(len(terms), math.ceil(t * len(terms)))
        partial = float(np.sum(terms[:n_terms]))
        # The last frame of step 2 shows z itself (the neuron's own sum).
        sum_text = texts.z if n_terms == len(terms) else f"sum = {texts.value(partial)}"
        edges = (*texts.products, texts.bias)
        frames.append(StepFrame(2, t, caption, edges, sum_text, ""))
    return frames


def _activation_frames(texts: _StepTexts, count: int) -> list[StepFrame]:
    """Step 3: f is applied; the output appears in the last quarter."""
    s = texts.steps
    caption = (
        f"Step 3: apply the activation function\n"
        f"{texts.output_name} = {s.activation}({texts.value(s.z)}) = "
        f"{texts.value(s.output)}"
    )
    edges = (*texts.products, texts.bias)
    return [
        StepFrame(3, t, caption, edges, texts.z, texts.output if t >= 0.75 else "")
        for t in ((k + 1) / count for k in range(count))
    ]


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
    texts = _StepTexts(neuron.steps(x), value_format, output_name)
    n_intro, n1, n2, n3 = _phase_lengths(n_frames)
    return [
        *_arrival_frames(texts, n_intro),
        *_multiply_frames(texts, n1),
        *_sum_frames(texts, n2),
        *_activation_frames(texts, n3),
    ]


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
    diagram = NeuronDiagram(
        neuron.n_inputs,
        input_names=input_names,
        output_name=output_name,
        weight_scale=weight_scale,
        fontsize=12,
    )
    diagram.draw(fig.add_axes((0.0, 0.16, 1.0, 0.84)))
    diagram.update(neuron, x)
    caption = fig.text(
        0.5, 0.09, "", ha="center", va="center", fontsize=12, linespacing=1.5
    )
    (dots,) = diagram.ax.plot([], [], "o", color=HIGHLIGHT, ms=9, zorder=3.5)

    def show(k: int) -> list:
        _show_frame(diagram, frames[k], caption, dots)
        return [dots, caption]

    return Animation(fig, show, frames=len(frames), interval=interval, blit=False)


def _show_frame(diagram: NeuronDiagram, frame: StepFrame, caption, dots) -> None:
    """Put one frame's texts on the diagram and its moving dots where they are."""
    diagram.show_step(frame.step)
    for label, text in zip(diagram.edge_labels, frame.edge_texts, strict=True):
        label.set_text(text)
    diagram.sum_label.set_text(frame.sum_text)
    diagram.output_label.set_text(frame.output_text)
    caption.set_text(frame.caption)
    if frame.step == 1:
        n = diagram.n_inputs
        points = [diagram.edge_point(i, frame.progress) for i in range(n + 1)]
    elif frame.step == 3:
        points = [diagram.output_point(frame.progress)]
    else:
        points = []
    dots.set_data([p[0] for p in points], [p[1] for p in points])
