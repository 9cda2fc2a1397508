"""Chapter 3's XOR panel, driven from Python: raster, unit lines and edges follow."""

import warnings

import numpy as np
import pytest
from matplotlib.colors import to_hex

from nnlib.datasets import xor
from nnlib.examples import XOR_HIDDEN_B, XOR_HIDDEN_W, xor_network
from nnlib.panels.architectures import unit_line, xor_hidden_panel
from nnlib.plots.style import NEGATIVE, POSITIVE
from nnlib.widgets import PANEL_FACTORIES


def test_hand_set_network_solves_xor():
    X, y = xor()
    y_hat = xor_network().predict(X)
    np.testing.assert_array_equal(y_hat > 0.5, y > 0.5)
    assert np.all(np.abs(y_hat - y) < 0.02)
    assert XOR_HIDDEN_W.shape == (2, 2) and XOR_HIDDEN_B.shape == (2,)


def test_panel_starts_solved():
    panel = xor_hidden_panel()
    assert "xor_hidden_panel" in PANEL_FACTORIES
    assert panel.readout.value.startswith("4 of 4 right")


def test_moving_a_weight_redraws_in_place():
    panel = xor_hidden_panel()
    left, right = panel.figure.axes
    image = left.images[0]
    before = image.get_array().copy()
    panel.set(b2=10.0)  # h2 always on: the output never fires
    assert left.images[0] is image and len(left.images) == 1
    assert not np.array_equal(before, image.get_array())
    assert image.get_array().max() < 0.5
    assert panel.readout.value.startswith("2 of 4 right")
    assert panel.figure.axes == [left, right]


def test_raster_is_the_network_output():
    panel = xor_hidden_panel()
    panel.set(w11=5.0, w21=-3.0, b1=1.0)
    W = np.array([[5.0, XOR_HIDDEN_W[0, 1]], [-3.0, XOR_HIDDEN_W[1, 1]]])
    net = xor_network(W, [1.0, XOR_HIDDEN_B[1]])
    image = panel.figure.axes[0].images[0]
    x0, x1, y0, y1 = image.get_extent()
    res = image.get_array().shape[0]
    xs = x0 + (np.arange(res) + 0.5) * (x1 - x0) / res
    ys = y0 + (np.arange(res) + 0.5) * (y1 - y0) / res
    gx, gy = np.meshgrid(xs, ys)
    expected = net.predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(res, res)
    np.testing.assert_allclose(image.get_array(), expected)


def test_unit_lines_and_edges_follow_the_weights():
    panel = xor_hidden_panel()
    panel.set(w12=-4.0, w22=2.0, b2=1.0)
    line = panel.figure.axes[0].lines[1]
    x, y = line.get_data()
    np.testing.assert_allclose(-4.0 * x + 2.0 * y + 1.0, 0.0, atol=1e-12)
    edges = panel.figure.axes[1].collections[0]
    colours = [to_hex(c) for c in edges.get_colors()]
    # order of W.ravel(): x1->h1, x1->h2, x2->h1, x2->h2
    assert colours == [to_hex(c) for c in (POSITIVE, NEGATIVE, POSITIVE, POSITIVE)]


def test_unit_line_cases():
    x, y = unit_line(0.0, 2.0, -1.0)
    np.testing.assert_allclose(y, 0.5)
    x, y = unit_line(3.0, 0.0, -1.5)
    np.testing.assert_allclose(x, 0.5)
    x, y = unit_line(0.0, 0.0, 1.0)
    assert x.size == 0 and y.size == 0


def test_xor_network_errors_name_its_own_arguments():
    with pytest.raises(ValueError, match=r"^hidden_W must have shape \(2, 2\)"):
        xor_network([[1.0, 2.0]], XOR_HIDDEN_B)
    with pytest.raises(ValueError, match=r"^hidden_b must have shape"):
        xor_network(XOR_HIDDEN_W, [0.0])
    with pytest.raises(ValueError, match=r"^hidden_W must contain only finite"):
        xor_network([[np.nan, 1.0], [1.0, 1.0]], XOR_HIDDEN_B)
    with pytest.raises(TypeError, match=r"^hidden_b must"):
        xor_network(XOR_HIDDEN_W, "ab")


def test_unit_line_checks_its_arguments():
    with pytest.raises(ValueError, match="^w1 must be a finite number"):
        unit_line(np.nan, 1.0, 0.0)
    with pytest.raises(TypeError, match="^w2 must be a real number"):
        unit_line(1.0, "1", 0.0)
    with pytest.raises(ValueError, match="^b must be a finite number"):
        unit_line(1.0, 1.0, np.inf)
    with pytest.raises(ValueError, match="^lim must be"):
        unit_line(1.0, 1.0, 0.0, lim=(1.0, 1.0))
    with pytest.raises(ValueError, match=r"^lim must have shape \(2\)"):
        unit_line(1.0, 1.0, 0.0, lim=(0.0, 1.0, 2.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="^b is too large"):
            unit_line(1e-300, 1e-10, 1e300)
