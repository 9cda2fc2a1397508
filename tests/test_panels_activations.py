"""Chapter 2's panels, driven from Python: the artists follow the sliders."""

import numpy as np
import pytest

from nnlib.activations import ACTIVATIONS
from nnlib.datasets import smooth_curve
from nnlib.panels.activations import (
    X_RANGE,
    activation_shape_panel,
    approximation_errors,
    approximation_panel,
)
from nnlib.widgets import PANEL_FACTORIES


def test_panels_are_registered():
    assert {"activation_shape_panel", "approximation_panel"} <= set(PANEL_FACTORIES)


def test_shape_panel_draws_f_of_wx_plus_b():
    panel = activation_shape_panel()
    ax = panel.figure.axes[0]
    main = ax.lines[3]
    x = main.get_xdata()
    panel.set(activation="tanh", w=2.0, b=1.0)
    np.testing.assert_allclose(main.get_ydata(), np.tanh(2.0 * x + 1.0))
    assert "x = -b/w = -0.50" in panel.readout.value
    assert "output range (-1, 1)" in panel.readout.value
    centre = ax.lines[4]
    np.testing.assert_allclose(centre.get_xydata(), [[-0.5, 0.0]])
    panel.set(activation="relu", w=-1.5, b=0.5)
    np.testing.assert_allclose(main.get_ydata(), np.maximum(0.0, -1.5 * x + 0.5))
    assert ax.get_ylim()[1] >= main.get_ydata().max()
    assert "output range (0, ∞)" in panel.readout.value
    assert panel.figure.axes == [ax] and ax.lines[3] is main


def test_shape_panel_other_curves_use_the_same_w_and_b():
    panel = activation_shape_panel()
    panel.set(activation="sigmoid", w=3.0, b=-1.0)
    faint = panel.figure.axes[0].lines[:3]
    x = faint[0].get_xdata()
    np.testing.assert_allclose(faint[1].get_ydata(), np.tanh(3.0 * x - 1.0))
    assert [line.get_visible() for line in faint] == [False, True, True]


def test_shape_panel_with_zero_weight_has_no_centre():
    panel = activation_shape_panel()
    panel.set(w=0.0, b=2.0)
    np.testing.assert_allclose(
        panel.figure.axes[0].lines[3].get_ydata(), ACTIVATIONS["sigmoid"](2.0)
    )
    assert "w = 0" in panel.readout.value
    assert len(panel.figure.axes[0].lines[4].get_xdata()) == 0


def test_approximation_panel_fit_and_error():
    panel = approximation_panel()
    left, right = panel.figure.axes
    fit = left.lines[-1]
    before = fit.get_ydata().copy()
    panel.set(n_units=12)
    after = fit.get_ydata()
    assert not np.allclose(before, after)
    x = fit.get_xdata()
    target = smooth_curve(x)
    errors = approximation_errors(30, "sigmoid")
    np.testing.assert_allclose(np.mean((after - target) ** 2), errors[11], rtol=1e-9)
    assert f"{errors[11]:.5f}" in panel.readout.value
    np.testing.assert_allclose(
        right.lines[1].get_xydata(), [[12, np.log10(errors[11])]]
    )
    visible = [line.get_visible() for line in left.lines[1:31]]
    assert visible == [True] * 12 + [False] * 18


def test_more_units_fit_better():
    errors = approximation_errors(30, "sigmoid")
    assert errors[29] < errors[9] < errors[4] < errors[0]
    assert errors[29] < 1e-4
    relu = approximation_errors(30, "relu")
    assert relu[29] < 1e-4


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_parts_sum_to_the_fit(activation):
    panel = approximation_panel()
    panel.set(n_units=5, activation=activation)
    left = panel.figure.axes[0]
    parts = sum(line.get_ydata() for line in left.lines[1:6])
    fit = left.lines[-1].get_ydata()
    # The fit is the parts plus one constant (the output bias).
    offset = fit - parts
    np.testing.assert_allclose(offset, offset[0], atol=1e-9)
    assert X_RANGE == (-3.0, 3.0)


def test_approximation_errors_checks_its_arguments():
    with pytest.raises(ValueError, match="^max_units must be at least 1"):
        approximation_errors(0)
    with pytest.raises(TypeError, match="^max_units must be a whole number"):
        approximation_errors(2.5)
    with pytest.raises(ValueError, match="activation"):
        approximation_errors(3, "no_such_name")
    with pytest.raises(ValueError, match="^n_points must be at least 2"):
        approximation_errors(3, n_points=1)
    with pytest.raises(TypeError, match="^n_points must be a whole number"):
        approximation_errors(3, n_points=None)
