"""Chapter 1's panels driven from Python: the figure and readout follow the sliders."""

import itertools
import math

import numpy as np
import pytest
from matplotlib.colors import to_hex

from nnlib.panels import neuron as panels
from nnlib.plots.neuron import MAX_WIDTH, MIN_WIDTH
from nnlib.plots.style import NEGATIVE, NEUTRAL, POSITIVE
from nnlib.widgets import PANEL_FACTORIES


def diagram_texts(panel):
    return [t.get_text() for t in panel.figure.axes[0].texts]


def test_panels_are_registered():
    assert PANEL_FACTORIES["neuron_panel"] is panels.neuron_panel
    assert PANEL_FACTORIES["meal_panel"] is panels.meal_panel


def test_neuron_panel_starts_at_the_running_example():
    panel = panels.neuron_panel()
    assert panel.values == {
        "x0": 1.0,
        "x1": 0.5,
        "x2": 2.0,
        "w0": 0.6,
        "w1": -1.2,
        "w2": 0.4,
        "b": -0.2,
        "activation": "sigmoid",
    }
    assert panel.readout.value == (
        "z = 0.60 - 0.60 + 0.80 - 0.20 = <b>0.60</b> &nbsp;&nbsp; "
        "ŷ = sigmoid(0.60) = <b>0.6457</b>"
    )
    assert "ŷ = 0.65" in diagram_texts(panel)


def test_neuron_panel_weight_slider_changes_line_width_and_colour():
    panel = panels.neuron_panel()
    edge = panel.figure.axes[0].lines[0]
    png = panel.image.value
    panel.controls["w0"].value = -2.0
    assert panel.figure.axes[0].lines[0] is edge
    assert edge.get_linewidth() == MAX_WIDTH
    assert to_hex(edge.get_color()) == to_hex(NEGATIVE)
    panel.controls["w0"].value = 0.0
    assert edge.get_linewidth() == MIN_WIDTH
    assert to_hex(edge.get_color()) == to_hex(NEUTRAL)
    panel.controls["w0"].value = 1.0
    assert to_hex(edge.get_color()) == to_hex(POSITIVE)
    assert MIN_WIDTH < edge.get_linewidth() < MAX_WIDTH
    assert panel.image.value != png


def test_neuron_panel_readout_and_point_follow_the_sliders():
    panel = panels.neuron_panel()
    panel.set(
        x0=1.0, x1=-1.0, x2=0.0, w0=2.0, w1=1.5, w2=-0.7, b=0.3, activation="tanh"
    )
    # z = 2 - 1.5 + 0 + 0.3 = 0.8
    z, y = 0.8, math.tanh(0.8)
    assert panel.readout.value == (
        f"z = 2.00 - 1.50 + 0.00 + 0.30 = <b>{z:.2f}</b> &nbsp;&nbsp; "
        f"ŷ = tanh(0.80) = <b>{y:.4f}</b>"
    )
    point = panel.figure.axes[1].lines[-1]
    assert point.get_xdata()[0] == pytest.approx(z)
    assert point.get_ydata()[0] == pytest.approx(y)
    assert "z = 0.80" in diagram_texts(panel) and "ŷ = 0.66" in diagram_texts(panel)
    assert panel.figure.axes[1].get_title().startswith("tanh")


@pytest.mark.parametrize(
    "terms, text",
    [
        ([-1.4, -0.6, 0.8, -0.2], "-1.40 - 0.60 + 0.80 - 0.20"),
        ([0.6, -0.6, 0.8, -0.2], "0.60 - 0.60 + 0.80 - 0.20"),
        ([0.0, 2.0], "0.00 + 2.00"),
        ([-0.001, -0.001], "0.00 + 0.00"),  # -0.00 would read as a mistake
        ([-3.0], "-3.00"),
    ],
)
def test_sum_text_writes_signs_as_a_reader_would(terms, text):
    assert panels.sum_text(terms) == text


def test_sum_text_refuses_an_empty_sum():
    with pytest.raises(ValueError, match="terms must hold at least one number"):
        panels.sum_text([])


def test_neuron_panel_readout_with_a_negative_first_term():
    panel = panels.neuron_panel()
    panel.set(x0=-1.0, x1=0.5, x2=2.0, w0=1.4, w1=-1.2, w2=0.4, b=-0.2)
    # z = -1.4 - 0.6 + 0.8 - 0.2 = -1.4
    assert panel.readout.value.startswith(
        "z = -1.40 - 0.60 + 0.80 - 0.20 = <b>-1.40</b>"
    )
    # Read back as arithmetic, the readout's sum gives the z it prints.
    left = panel.readout.value.split(" = ")[1]
    assert eval(left) == pytest.approx(-1.4)


def test_neuron_panel_every_corner_is_safe():
    panel = panels.neuron_panel()
    n_lines = [len(ax.lines) for ax in panel.figure.axes]
    keys = ["x0", "x1", "x2", "w0", "w1", "w2", "b"]
    for name in ("identity", "sigmoid", "tanh", "relu"):
        for sign in itertools.product([-2.0, 2.0], repeat=3):
            values = dict(zip(keys, [*sign, *sign, sign[0]], strict=True))
            panel.set(activation=name, **values)  # warnings are errors in pytest
            assert "nan" not in panel.readout.value.lower()
            point = panel.figure.axes[1].lines[-1]
            low, high = panel.figure.axes[1].get_xlim()
            assert low < point.get_xdata()[0] < high
    assert [len(ax.lines) for ax in panel.figure.axes] == n_lines


def test_meal_panel_starts_at_seventeen():
    panel = panels.meal_panel()
    assert panel.readout.value == (
        "bill = 2 × 5.00 + 1 × 2.50 + 3 × 1.50 = <b>17.00</b>"
    )
    assert "bill = 17.00" in diagram_texts(panel)


def test_meal_panel_follows_counts_and_prices():
    panel = panels.meal_panel()
    panel.set(burgers=4, sodas=0, price_fries=3.0)
    # 4*5 + 1*3 + 0*1.5 = 23
    assert panel.readout.value.endswith("<b>23.00</b>")
    line, point = panel.figure.axes[1].lines
    np.testing.assert_allclose(line.get_ydata(), 5.0 * np.arange(11) + 3.0)
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (4, 23.0)
    assert panel.figure.axes[1].get_ylim()[1] > 53.0
    # the fries price is a weight: its line widens
    fries_edge = panel.figure.axes[0].lines[1]
    assert fries_edge.get_linewidth() == pytest.approx(
        MIN_WIDTH + 0.3 * (MAX_WIDTH - MIN_WIDTH)
    )


def test_meal_panel_doubling_the_order_doubles_the_bill():
    panel = panels.meal_panel()
    panel.set(burgers=4, fries=2, sodas=6)
    assert panel.readout.value.endswith("<b>34.00</b>")


@pytest.mark.parametrize("corner", [0, 1])
def test_meal_panel_corners_are_safe(corner):
    panel = panels.meal_panel()
    c = panel.controls
    panel.set(**{k: (c[k].min if corner == 0 else c[k].max) for k in c})
    low, high = panel.figure.axes[1].get_ylim()
    assert low < high and np.isfinite([low, high]).all()
    expected = "0.00" if corner == 0 else "300.00"
    assert panel.readout.value.endswith(f"<b>{expected}</b>")
