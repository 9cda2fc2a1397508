"""Chapter 4 panel: the stepper shows the weights and error of the chosen iteration."""

import numpy as np
import pytest

from nnlib.examples import MAX_ITERATIONS, iterate_tiny, tiny_network
from nnlib.panels.backprop import training_step_panel


def test_iteration_zero_shows_the_hand_worked_network():
    panel = training_step_panel()
    diagram_ax, error_ax = panel.figure.axes
    assert error_ax.get_title() == "E = 0.1521"
    assert "+0.4000" in panel.readout.value  # W1[0, 0]
    assert "output 0.610" in diagram_ax.get_title()


def test_moving_the_iteration_slider_moves_the_marker_and_weights():
    panel = training_step_panel()
    panel.set(iteration=10, lr=2.0)
    t, weights, errors = iterate_tiny(10, 2.0)
    mark = panel.figure.axes[1].lines[1]
    assert mark.get_xdata()[0] == 10 and mark.get_ydata()[0] == errors[10]
    assert errors[10] < errors[0]
    assert f"{weights[1][0, 0]:+.4f}" in panel.readout.value
    assert not np.allclose(weights[1], tiny_network().layers[1].W)


def test_iterate_tiny_is_plain_gradient_descent():
    t0, w0, _ = iterate_tiny(0, 1.5)
    t1, w1, _ = iterate_tiny(1, 1.5)
    np.testing.assert_allclose(w1[0], w0[0] - 1.5 * t0.dW[0])
    np.testing.assert_allclose(w1[1], w0[1] - 1.5 * t0.dW[1])


def test_iterate_tiny_checks_its_arguments():
    message = f"^iterations must be between 0 and {MAX_ITERATIONS}"
    with pytest.raises(ValueError, match=message):
        iterate_tiny(MAX_ITERATIONS + 1, 1.0)
    with pytest.raises(ValueError, match="^iterations must be between"):
        iterate_tiny(-1, 1.0)
    with pytest.raises(TypeError, match="^iterations must be a whole number"):
        iterate_tiny(2.5, 1.0)
    with pytest.raises(ValueError, match="^lr must be 0 or more"):
        iterate_tiny(1, -0.5)
    with pytest.raises(ValueError, match="^lr must be a finite number"):
        iterate_tiny(1, np.nan)
    with pytest.raises(TypeError, match="^lr must be a real number"):
        iterate_tiny(1, "1")
