"""Activation plots draw what nnlib.activations computes; the marked point follows z."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.activations import ACTIVATIONS
from nnlib.plots.activation import (
    ActivationView,
    curve_limits,
    plot_activation,
    plot_activations,
)


def new_ax():
    return Figure().add_subplot()


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_plot_activation_draws_f_and_its_derivative(name):
    ax = new_ax()
    lines = plot_activation(
        ax, name, show_derivative=True, z_range=(-3, 3), n_points=61
    )
    z = lines.forward.get_xdata()
    assert z[0] == -3 and z[-1] == 3 and len(z) == 61
    np.testing.assert_array_equal(lines.forward.get_ydata(), ACTIVATIONS[name](z))
    np.testing.assert_array_equal(
        lines.derivative.get_ydata(), ACTIVATIONS[name].derivative(z)
    )
    assert ax.get_legend() is not None
    assert ax.get_title().startswith(name)


def test_plot_activation_without_derivative():
    lines = plot_activation(new_ax(), "tanh")
    assert lines.derivative is None


def test_sigmoid_curve_values():
    lines = plot_activation(new_ax(), "sigmoid", z_range=(-2, 2), n_points=3)
    np.testing.assert_allclose(
        lines.forward.get_ydata(), [1 / (1 + np.exp(2)), 0.5, 1 / (1 + np.exp(-2))]
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"z_range": (3, 1)}, ValueError, "^z_range must be"),
        ({"z_range": (0, 1, 2)}, ValueError, "^z_range must have shape"),
        ({"n_points": 1}, ValueError, "^n_points must"),
        ({"z_range": (0, np.inf)}, ValueError, "^z_range must contain only finite"),
    ],
)
def test_bad_ranges(kwargs, error, message):
    with pytest.raises(error, match=message):
        plot_activation(new_ax(), "relu", **kwargs)


def test_unknown_activation():
    with pytest.raises(ValueError, match="^activation must be one of"):
        plot_activation(new_ax(), "softmax")


def test_plot_activations_one_axes_each():
    fig = plot_activations(fig=Figure())
    assert [ax.get_title() for ax in fig.axes] == list(ACTIVATIONS)
    assert all(len(ax.lines) == 4 for ax in fig.axes)  # f, f', two zero lines
    fig = plot_activations(["relu", "sigmoid"], show_derivative=False, fig=Figure())
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 3
    with pytest.raises(ValueError, match="^names must list at least one"):
        plot_activations([], fig=Figure())


def test_curve_limits():
    assert curve_limits(np.array([0.0, 1.0])) == pytest.approx((-0.1, 1.1))
    assert curve_limits(np.array([2.0, 2.0])) == pytest.approx((1.9, 2.1))


def test_view_marks_the_point_and_switches_function():
    view = ActivationView(z_range=(-4, 4))
    ax = new_ax()
    view.draw(ax, "sigmoid", 0.0)
    assert view.point.get_xdata()[0] == 0.0 and view.point.get_ydata()[0] == 0.5
    z, y = view.update("tanh", 0.6)
    assert (z, y) == (0.6, pytest.approx(np.tanh(0.6)))
    assert view.point.get_ydata()[0] == pytest.approx(np.tanh(0.6))
    assert view.label.get_text() == "z = 0.60\na = 0.537"
    assert ax.get_title().startswith("tanh")
    assert len(ax.lines) == 5  # no artist added by update


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("z", [-14.0, -0.3, 0.0, 9.5, 14.0])
def test_view_keeps_the_point_in_sight(name, z):
    view = ActivationView(z_range=(-4, 4))
    ax = new_ax()
    view.draw(ax, name)
    _, y = view.update(name, z)
    low, high = ax.get_xlim()
    assert low < z < high
    y_low, y_high = ax.get_ylim()
    assert y_low < y < y_high
    assert np.isfinite(view.curve.get_ydata()).all()


def test_view_errors():
    with pytest.raises(RuntimeError, match="draw"):
        ActivationView().update("relu", 0.0)
    view = ActivationView()
    view.draw(new_ax())
    with pytest.raises(ValueError, match="^z must be a finite number"):
        view.update("relu", np.nan)


def test_curve_limits_checks_and_stays_finite():
    low, high = curve_limits([-1e308, 1e308], pad=0.5)
    assert np.isfinite([low, high]).all() and low < high
    with pytest.raises(ValueError, match="^values must hold at least one number"):
        curve_limits([])
    with pytest.raises(ValueError, match="^values must contain only finite"):
        curve_limits([0.0, np.nan])
    with pytest.raises(ValueError, match="^pad must be at least 0"):
        curve_limits([0.0, 1.0], pad=-0.1)
    with pytest.raises(TypeError, match="^pad must be a real number"):
        curve_limits([0.0, 1.0], pad="0.1")
