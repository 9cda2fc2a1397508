"""The neuron diagram follows the weights, and the animation shows the right numbers."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.animation import FuncAnimation
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from nnlib.neuron import Neuron
from nnlib.plots.neuron import (
    NeuronDiagram,
    plot_neuron,
)
from nnlib.plots.neuron_steps import animate_steps, plot_sum, step_frames
from nnlib.plots.style import (
    MAX_WIDTH,
    MIN_WIDTH,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    weight_color,
    weight_width,
)

X = [1.0, 0.5, 2.0]


def example():
    return Neuron([0.6, -1.2, 0.4], bias=-0.2, activation="sigmoid")


def drawn(neuron=None, x=X, **kwargs):
    fig = Figure()
    diagram = NeuronDiagram(**kwargs)
    diagram.draw(fig.add_subplot())
    diagram.update(neuron or example(), x)
    return diagram


def test_weight_color_follows_the_sign():
    assert weight_color(0.3) == POSITIVE
    assert weight_color(-0.3) == NEGATIVE
    assert weight_color(0.0) == NEUTRAL


def test_weight_width_grows_with_size_and_is_capped():
    assert weight_width(0.0, 2.0) == MIN_WIDTH
    assert weight_width(2.0, 2.0) == MAX_WIDTH
    assert weight_width(-2.0, 2.0) == MAX_WIDTH
    assert weight_width(50.0, 2.0) == MAX_WIDTH
    assert weight_width(1.0, 2.0) == pytest.approx((MIN_WIDTH + MAX_WIDTH) / 2)
    assert weight_width(0.5, 2.0) < weight_width(-1.0, 2.0) < weight_width(1.5, 2.0)


def test_diagram_lines_follow_weights_and_bias():
    d = drawn()
    assert len(d.edges) == 4  # three weights and the bias
    widths = [line.get_linewidth() for line in d.edges]
    colors = [to_hex(line.get_color()) for line in d.edges]
    for w, width, color in zip([0.6, -1.2, 0.4, -0.2], widths, colors, strict=True):
        assert width == pytest.approx(weight_width(w, 2.0))
        assert color == to_hex(POSITIVE if w > 0 else NEGATIVE)
    # |w1| = 1.2 is the largest, the bias |b| = 0.2 the smallest
    assert widths[1] == max(widths) and widths[3] == min(widths)


def test_diagram_texts_show_the_numbers():
    d = drawn()
    assert [t.get_text() for t in d.input_values] == ["1.00", "0.50", "2.00", "1"]
    assert [t.get_text() for t in d.edge_labels] == [
        "$w_0$ = 0.60",
        "$w_1$ = -1.20",
        "$w_2$ = 0.40",
        "b = -0.20",
    ]
    assert d.sum_label.get_text() == "z = 0.60"
    assert d.output_label.get_text() == "ŷ = 0.65"
    assert d.activation_label.get_text() == "sigmoid"


def test_update_changes_the_same_artists_in_place():
    d = drawn()
    edges, label, n_lines = list(d.edges), d.output_label, len(d.ax.lines)
    d.update(Neuron([-2.0, 0.0, 1.0], 0.5, "relu"), [1.0, 1.0, 1.0])
    assert d.edges == edges and d.output_label is label and len(d.ax.lines) == n_lines
    assert to_hex(d.edges[0].get_color()) == to_hex(NEGATIVE)
    assert to_hex(d.edges[1].get_color()) == to_hex(NEUTRAL)
    assert d.edges[0].get_linewidth() == MAX_WIDTH
    assert d.edges[1].get_linewidth() == MIN_WIDTH
    assert d.sum_label.get_text() == "z = -0.50"  # -2 + 0 + 1 + 0.5
    assert d.output_label.get_text() == "ŷ = 0.00"  # relu(-0.5)
    assert d.activation_label.get_text() == "relu"


def test_activation_picture_changes_with_f():
    d = drawn()
    sigmoid_y = np.array(d.activation_curve.get_ydata())
    d.update(Neuron([0.6, -1.2, 0.4], -0.2, "relu"), X)
    relu_y = np.array(d.activation_curve.get_ydata())
    assert not np.allclose(sigmoid_y, relu_y)
    # ReLU is flat on the left half of the little picture
    assert np.ptp(relu_y[:20]) == 0.0


def test_minus_zero_is_shown_as_zero():
    d = drawn(Neuron([1.0, 1.0, 1.0], 0.0, "identity"), [0.001, -0.002, 0.0])
    assert d.output_label.get_text() == "ŷ = 0.00"


def test_meal_labels_and_formats():
    d = drawn(
        Neuron([5.0, 2.5, 1.5], 0.0, "identity"),
        [2, 1, 3],
        input_names=["burgers", "fries", "sodas"],
        output_name="bill",
        weight_scale=10.0,
        input_format="g",
    )
    assert [t.get_text() for t in d.input_values[:3]] == ["2", "1", "3"]
    assert d.output_label.get_text() == "bill = 17.00"
    texts = [t.get_text() for t in d.ax.texts]
    assert "burgers" in texts and "constant" in texts


def test_show_step_dims_the_other_parts_and_writes_products():
    d = drawn()
    d.show_step(1)
    assert [t.get_text() for t in d.edge_labels[:3]] == ["0.60", "-0.60", "0.80"]
    assert d.output_label.get_alpha() < 1 and d.edges[0].get_alpha() == 1
    d.show_step(3)
    assert d.output_label.get_alpha() == 1 and d.edges[0].get_alpha() < 1
    assert d.edge_labels[0].get_text() == "$w_0$ = 0.60"
    d.show_step(0)
    assert all(a.get_alpha() == 1 for group in d._groups.values() for a in group)
    with pytest.raises(ValueError, match="^step must be 0, 1, 2 or 3"):
        d.show_step(4)


def test_diagram_errors():
    with pytest.raises(ValueError, match="^input_names must hold 3 name"):
        NeuronDiagram(3, input_names=["a"])
    with pytest.raises(ValueError, match="^weight_scale must be greater than 0"):
        NeuronDiagram(weight_scale=0.0)
    with pytest.raises(RuntimeError, match="draw"):
        NeuronDiagram().update(example(), X)
    d = drawn()
    with pytest.raises(ValueError, match="^neuron must have 3 input"):
        d.update(Neuron([1.0, 2.0], 0.0), [1.0, 1.0])
    with pytest.raises(TypeError, match="^neuron must be a Neuron"):
        d.update("neuron", X)
    with pytest.raises(ValueError, match="^x must contain only finite"):
        d.update(example(), [1.0, np.nan, 0.0])
    with pytest.raises(RuntimeError, match="already drawn"):
        d.draw(d.ax)


# -- the animation -----------------------------------------------------------


def test_frames_walk_through_the_steps_in_order():
    frames = step_frames(example(), X)
    assert len(frames) == 30
    steps = [f.step for f in frames]
    assert steps == sorted(steps) and set(steps) == {0, 1, 2, 3}


def test_frames_show_the_right_numbers():
    frames = step_frames(example(), X)
    step1 = [f for f in frames if f.step == 1]
    assert (
        "1.00×0.60 = 0.60, 0.50×(-1.20) = -0.60, 2.00×0.40 = 0.80" in step1[0].caption
    )
    assert step1[-1].edge_texts == ("0.60", "-0.60", "0.80", "b = -0.20")
    step2 = [f for f in frames if f.step == 2]
    # the running sum adds one term at a time: 0.6, 0.0, 0.8, then z = 0.6
    assert [f.sum_text for f in step2][:1] == ["sum = 0.60"]
    assert "sum = 0.00" in [f.sum_text for f in step2]
    assert "sum = 0.80" in [f.sum_text for f in step2]
    assert step2[-1].sum_text == "z = 0.60"
    assert "z = 0.60 - 0.60 + 0.80 - 0.20 = 0.60" in step2[0].caption
    last = frames[-1]
    assert last.step == 3 and last.progress == 1.0
    assert last.sum_text == "z = 0.60" and last.output_text == "ŷ = 0.65"
    assert "ŷ = sigmoid(0.60) = 0.65" in last.caption
    assert all(f.output_text == "" for f in frames if f.step < 3)


def test_frames_for_the_meal():
    frames = step_frames(
        Neuron([5.0, 2.5, 1.5], 0.0, "identity"),
        [2, 1, 3],
        n_frames=20,
        output_name="bill",
    )
    assert len(frames) == 20
    assert frames[-1].output_text == "bill = 17.00"
    assert frames[-1].sum_text == "z = 17.00"


@pytest.mark.parametrize("n_frames", [0, 7, 121, 2.5, True])
def test_bad_frame_counts(n_frames):
    with pytest.raises((ValueError, TypeError), match="^n_frames must"):
        step_frames(example(), X, n_frames=n_frames)


def test_animation_draws_the_frames():
    anim = animate_steps(example(), X, n_frames=12)
    assert isinstance(anim, FuncAnimation)
    fig = anim._fig
    assert fig.dpi == 70
    frames = step_frames(example(), X, n_frames=12)
    anim._func(len(frames) - 1)
    texts = [t.get_text() for t in fig.axes[0].texts] + [
        t.get_text() for t in fig.texts
    ]
    assert "ŷ = 0.65" in texts and "z = 0.60" in texts
    assert frames[-1].caption in texts
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 12


# -- the one-call diagram and the step-2 staircase ---------------------------


def test_plot_neuron_draws_and_emphasises_a_step():
    ax = Figure().add_subplot()
    d = plot_neuron(example(), X, step=2, ax=ax)
    assert d.ax is ax and d.sum_label.get_text() == "z = 0.60"
    assert d.sum_node.get_alpha() == 1 and d.output_label.get_alpha() < 1


def test_plot_sum_bars_climb_to_z():
    ax = Figure().add_subplot()
    s = example().steps(X)
    bars = plot_sum(ax, s)
    assert len(bars) == 5
    bottoms = [b.get_y() for b in bars]
    heights = [b.get_height() for b in bars]
    # running sum: 0 -> 0.6 -> 0.0 -> 0.8 -> 0.6, then the total z from 0
    np.testing.assert_allclose(bottoms, [0.0, 0.6, 0.0, 0.8, 0.0], atol=1e-12)
    np.testing.assert_allclose(heights, [0.6, -0.6, 0.8, -0.2, 0.6], atol=1e-12)
    colors = [to_hex(b.get_facecolor()) for b in bars[:4]]
    assert colors == [to_hex(c) for c in (POSITIVE, NEGATIVE, POSITIVE, NEGATIVE)]
    assert "z = 0.60" in [t.get_text() for t in ax.texts]
    low, high = ax.get_ylim()
    assert low <= 0.0 and high > 0.8
    with pytest.raises(TypeError, match="^steps must be a NeuronSteps"):
        plot_sum(ax, [0.6, -0.6])


def test_weight_helpers_check_their_arguments():
    with pytest.raises(ValueError, match="^w must be a finite number"):
        weight_color(np.nan)
    with pytest.raises(TypeError, match="^w must be a real number"):
        weight_width("1", 2.0)
    with pytest.raises(ValueError, match="^scale must be greater than 0"):
        weight_width(1.0, 0.0)
    assert weight_width(1e308, 1e-300) == MAX_WIDTH
