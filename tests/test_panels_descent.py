"""Chapter 5 panels: moving a slider changes the drawn path to what descent computes."""

import numpy as np

from nnlib import linear
from nnlib.descent import CURVES, curve_objective, gradient_descent
from nnlib.panels.descent import foggy_hill_panel, learning_rate_panel


def _path_line(panel):
    return panel.figure.axes[0].lines[-1]


def test_learning_rate_panel_draws_the_descent_path():
    panel = learning_rate_panel()
    x, y = linear.line_data()
    panel.set(lr=0.2, steps=30)
    expected = gradient_descent(linear.objective(x, y), [-0.3, -1.2], 0.2, max_steps=30)
    line = _path_line(panel)
    np.testing.assert_allclose(line.get_xdata(), expected.path[:, 0])
    np.testing.assert_allclose(line.get_ydata(), expected.path[:, 1])
    assert "Stopped after 30 steps" in panel.readout.value


def test_learning_rate_panel_reports_divergence():
    panel = learning_rate_panel()
    panel.set(lr=1.0)
    assert "Diverged at step" in panel.readout.value
    quoted = f"{linear.max_stable_lr(linear.line_data()[0]):.3g}"
    assert panel.readout.value.count(quoted) == 1, panel.readout.value
    assert np.isfinite(_path_line(panel).get_xydata()).all()
    assert "diverged" in panel.figure.axes[0].get_title()


def test_foggy_hill_panel_ends_in_the_minimum_of_its_side():
    panel = foggy_hill_panel()
    obj = curve_objective(*CURVES["bumpy"])
    panel.set(start=2.0, lr=0.05, steps=60)
    walk = panel.figure.axes[0].lines[1]
    expected = gradient_descent(obj, [2.0], 0.05, max_steps=60)
    np.testing.assert_allclose(walk.get_xdata(), expected.path[:, 0])
    assert walk.get_xdata()[-1] > 1.0
    panel.set(start=-2.0)
    assert walk.get_xdata()[-1] < -1.0
    assert "w = -1.30" in panel.readout.value


def test_learning_rate_panel_names_the_largest_stable_rate_once():
    panel = learning_rate_panel()
    quoted = f"{linear.max_stable_lr(linear.line_data()[0]):.3g}"
    for lr in (0.01, 0.2, 0.45, 1.0):
        panel.set(lr=lr, steps=40)
        assert panel.readout.value.count(quoted) == 1, (lr, panel.readout.value)
