"""Chapter 5 figures draw what descent computed, and the animation has few frames."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib import linear
from nnlib.descent import CURVES, curve_objective, gradient_descent
from nnlib.plots.descent import animate_paths, plot_curve_descent, plot_losses, surface_window

x, y = linear.line_data()
F = linear.objective(x, y)


def test_curve_descent_marks_start_and_steps():
    f, df = CURVES["bowl"]
    r = gradient_descent(curve_objective(f, df), [-1.5], 0.2, max_steps=8)
    ax = Figure().add_subplot()
    plot_curve_descent(ax, f, df, r, tangents=3)
    steps, start = ax.lines[1], ax.lines[2]
    np.testing.assert_allclose(steps.get_xdata(), r.path[:, 0])
    assert start.get_xdata()[0] == -1.5
    tangent = ax.lines[3]  # slope line at the start: rise/run is E'(w0)
    (x0, x1), (y0, y1) = tangent.get_xdata(), tangent.get_ydata()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(df(-1.5))


def test_surface_window_is_centred_on_the_minimum():
    ms, bs = surface_window(x, y)
    m, b = linear.least_squares(x, y)
    assert ms[60] == m and bs[60] == b


def test_losses_plot_marks_divergence():
    ok = gradient_descent(F, [0.0, 0.0], 0.1, max_steps=20)
    bad = gradient_descent(F, [0.0, 0.0], 1.0, max_steps=20)
    ax = Figure().add_subplot()
    lines = plot_losses(ax, [ok, bad], ["0.1", "1.0"])
    assert len(lines) == 2 and len(ax.lines) == 3  # two curves and one cross
    assert ax.get_yscale() == "log"


def test_animation_has_at_most_40_frames():
    runs = [gradient_descent(F, [0.0, 0.0], lr, max_steps=60) for lr in (0.05, 0.3, 0.6)]
    fig, anim = animate_paths(x, y, runs, ["a", "b", "c"], frames=100)
    frames = list(anim.new_frame_seq())
    assert 2 <= len(frames) <= 40
    anim._func(len(frames) - 1)  # the last frame shows each run's whole path
    path = fig.axes[0].lines[1]
    np.testing.assert_allclose(path.get_xdata(), runs[0].path[:, 0])
    anim._draw_was_started = True  # not rendered here: silence the "deleted" warning
