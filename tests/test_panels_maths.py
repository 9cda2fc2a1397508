"""The maths chapter's panels and figures, driven from Python."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.panels.maths import chain_panel, nudge_panel  # noqa: E402
from nnlib.plots.linear_algebra import (  # noqa: E402
    plot_dot,
    plot_matmul,
    plot_mean,
    plot_transpose,
)
from nnlib.plots.maths import plot_gradient  # noqa: E402
from nnlib.widgets import PANEL_FACTORIES  # noqa: E402


def test_panels_are_registered():
    assert {"nudge_panel", "chain_panel"} <= set(PANEL_FACTORIES)


def test_nudge_panel_secant_and_tangent():
    panel = nudge_panel()
    ax = panel.figure.axes[0]
    tangent, secant, ends, point = ax.lines[1:5]
    panel.set(x0=1.0, h=0.5)
    # f(x) = x^3/3 - x; f(1) = -2/3; f'(1) = 0, so the tangent is flat
    np.testing.assert_allclose(tangent.get_ydata(), [-2 / 3, -2 / 3], atol=1e-6)
    np.testing.assert_allclose(point.get_xydata(), [[1.0, -2 / 3]])
    # the dashed line passes through both nudged points, slope 0 + h^2/3
    f = lambda x: x**3 / 3 - x  # noqa: E731
    np.testing.assert_allclose(ends.get_xydata(), [[0.5, f(0.5)], [1.5, f(1.5)]])
    xs, ys = secant.get_data()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(0.25 / 3)
    assert "nudged slope 0.0833" in panel.readout.value
    assert "exact slope x0² - 1 = 0.0000" in panel.readout.value


def test_nudge_panel_shrinking_h_closes_the_gap():
    panel = nudge_panel()
    gaps = []
    for h in (1.5, 0.5, 0.01):
        panel.set(x0=-1.2, h=h)
        gaps.append(float(panel.readout.value.split("off by ")[1].split(" ")[0]))
    assert gaps[0] > gaps[1] > gaps[2] >= 0
    assert gaps[0] == pytest.approx(1.5**2 / 3, abs=1e-4)


def test_chain_panel_rates_multiply():
    panel = chain_panel()
    panel.set(x0=1.0, dx=0.1)
    # u: 4 -> 4.3 (rate 3); y: 16 -> 18.49 (rate 2.49/0.3 = 8.3)
    assert "3.000 · 8.300 = 24.900" in panel.readout.value
    assert "6(3x0 + 1) = 24.000" in panel.readout.value
    left, right = panel.figure.axes
    np.testing.assert_allclose(
        right.lines[-1].get_xydata(), [[4.0, 16.0], [4.3, 18.49]]
    )
    panel.set(x0=0.0, dx=0.01)
    assert "3.000 · 2.030 = 6.090" in panel.readout.value


def test_figures_compute_what_they_show():
    fig, axes = plt.subplots(1, 5)
    assert plot_mean(axes[0], [2, 4, 9]) == pytest.approx(5.0)
    assert plot_dot(axes[1], [1.0, 0.5, 2.0], [0.6, -1.2, 0.4]) == pytest.approx(0.8)
    plot_matmul(axes[2], 4, 3, 2)
    assert len(axes[2].patches) == 4 * 3 + 3 * 2 + 4 * 2
    plot_transpose(axes[3], np.arange(6).reshape(2, 3))
    texts = [t.get_text() for t in axes[3].texts]
    assert "shape (2, 3)" in texts and "shape (3, 2)" in texts
    grad = plot_gradient(axes[4], lambda p: p[0] ** 2 + 2 * p[1] ** 2, [1.0, 1.0])
    np.testing.assert_allclose(grad, [2.0, 4.0], atol=1e-8)
    plt.close(fig)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda ax: plot_mean(ax, []), "values"),
        (lambda ax: plot_dot(ax, [1, 2], [1, 2, 3]), "same length"),
        (lambda ax: plot_matmul(ax, 0, 3, 2), "n must be"),
        (lambda ax: plot_transpose(ax, [1, 2, 3]), "W must be a matrix"),
        (lambda ax: plot_gradient(ax, np.sum, [1.0]), "point must have two"),
    ],
)
def test_figures_refuse_bad_input(call, message):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=message):
        call(ax)
    plt.close(fig)
