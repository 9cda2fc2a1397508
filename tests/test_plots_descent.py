"""Chapter 5 figures draw what descent computed, and the animation has few frames."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib import linear
from nnlib.descent import CURVES, curve_objective, gradient_descent
from nnlib.plots.descent import (
    animate_paths,
    plot_curve_descent,
    plot_losses,
    surface_window,
)

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
    runs = [
        gradient_descent(F, [0.0, 0.0], lr, max_steps=60) for lr in (0.05, 0.3, 0.6)
    ]
    fig, anim = animate_paths(x, y, runs, ["a", "b", "c"], frames=100)
    frames = list(anim.new_frame_seq())
    assert 2 <= len(frames) <= 40
    anim._func(len(frames) - 1)  # the last frame shows each run's whole path
    path = fig.axes[0].lines[1]
    np.testing.assert_allclose(path.get_xdata(), runs[0].path[:, 0])
    anim._draw_was_started = True  # not rendered here: silence the "deleted" warning


def test_boundary_snapshots_and_animation():
    from nnlib.datasets import two_moons
    from nnlib.network import MLP
    from nnlib.plots.descent import animate_boundary, plot_boundary_snapshots
    from nnlib.training import train

    X, yy = two_moons(60, 0.1, seed=0)
    net = MLP([2, 8, 1], "tanh", "sigmoid", seed=0)
    r = train(net, X, yy, lr=0.5, max_steps=200, snapshot_steps=[0, 50, 199])
    before = {k: v.copy() for k, v in net.parameters().items()}
    fig = plot_boundary_snapshots(net, r, X, yy, steps=[0, 199])
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title().startswith("step 0:")
    fig2, anim = animate_boundary(net, r, X, yy)
    assert len(list(anim.new_frame_seq())) == 3
    anim._func(2)
    assert fig2.axes[0].get_title().startswith("step 199:")
    anim._draw_was_started = True
    for k, v in net.parameters().items():  # the trained network is left alone
        np.testing.assert_array_equal(v, before[k])
    with pytest.raises(ValueError, match="steps must be among the snapshot steps"):
        plot_boundary_snapshots(net, r, X, yy, steps=[7])


def test_visible_path_is_cut_where_it_leaves_the_window():
    from nnlib.plots.descent import visible_path

    path = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 0.0], [0.5, 0.5]])
    np.testing.assert_array_equal(visible_path(path, (-2, 2), (-2, 2)), path[:3])
    np.testing.assert_array_equal(visible_path(path[:2], (-2, 2), (-2, 2)), path[:2])


def test_boundary_animation_frames_can_be_chosen():
    from nnlib.datasets import two_moons
    from nnlib.network import MLP
    from nnlib.plots.descent import animate_boundary
    from nnlib.training import train

    X, yy = two_moons(40, 0.1, seed=0)
    net = MLP([2, 4, 1], "tanh", "sigmoid", seed=0)
    r = train(net, X, yy, lr=0.5, max_steps=40, snapshot_steps=range(0, 40, 10))
    fig, anim = animate_boundary(net, r, X, yy, steps=[0, 20])
    assert len(list(anim.new_frame_seq())) == 2
    anim._draw_was_started = True
    with pytest.raises(ValueError, match="steps must be among the snapshot steps"):
        animate_boundary(net, r, X, yy, steps=[5])


def test_surface_window_checks_half_widths():
    with pytest.raises(ValueError, match="^half_widths must both be greater than 0"):
        surface_window(x, y, (1.0, 0.0))
    with pytest.raises(ValueError, match=r"^half_widths must have shape \(2\)"):
        surface_window(x, y, (1.0,))
    with pytest.raises(ValueError, match="^half_widths must contain only finite"):
        surface_window(x, y, (np.inf, 1.0))
    with pytest.raises(ValueError, match="^x must hold at least two different values"):
        surface_window([1.0, 1.0], [0.0, 1.0])


def test_visible_path_checks_its_arguments_and_takes_limits_in_either_order():
    from nnlib.plots.descent import visible_path

    path = np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(visible_path(path, (2, -2), (2, -2)), path[:3])
    assert visible_path(np.empty((0, 2)), (-2, 2), (-2, 2)).shape == (0, 2)
    with pytest.raises(ValueError, match=r"^path must have shape \(any, 2\)"):
        visible_path(np.zeros((3, 3)), (-2, 2), (-2, 2))
    with pytest.raises(ValueError, match="^path must contain only finite"):
        visible_path(np.array([[0.0, np.nan]]), (-2, 2), (-2, 2))
    with pytest.raises(ValueError, match=r"^xlim must have shape \(2\)"):
        visible_path(path, (-2,), (-2, 2))
    with pytest.raises(TypeError, match="^ylim must be a number"):
        visible_path(path, (-2, 2), None)
