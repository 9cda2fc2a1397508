"""The line model: loss and gradient against hand values, differences and least squares."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import linear
from nnlib.gradcheck import numerical_gradient

X = np.array([0.0, 1.0, 2.0])
Y = np.array([1.0, 3.0, 2.0])


def test_loss_by_hand():
    # m = 1, b = 0: residuals 1, 2, 0 -> (1 + 4 + 0) / 3
    assert linear.mse_loss(1.0, 0.0, X, Y) == pytest.approx(5 / 3)


def test_gradient_by_hand():
    # residuals r = (1, 2, 0): dE/dm = -2/3 (0 + 2 + 0), dE/db = -2/3 (1 + 2 + 0)
    dm, db = linear.mse_gradient(1.0, 0.0, X, Y)
    assert dm == pytest.approx(-4 / 3)
    assert db == pytest.approx(-2.0)


@settings(max_examples=30, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5))
def test_gradient_matches_central_difference(m, b):
    x, y = linear.line_data(12, seed=3)
    numeric = numerical_gradient(lambda t: linear.mse_loss(t[0], t[1], x, y), [m, b])
    np.testing.assert_allclose(
        linear.mse_gradient(m, b, x, y), numeric, rtol=1e-5, atol=1e-7
    )


def test_least_squares_agrees_with_numpy_and_zeroes_gradient():
    x, y = linear.line_data(40, seed=1)
    m, b = linear.least_squares(x, y)
    ref = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    np.testing.assert_allclose([m, b], ref, rtol=1e-10)
    np.testing.assert_allclose(linear.mse_gradient(m, b, x, y), [0.0, 0.0], atol=1e-12)


def test_loss_grid_matches_direct_loss():
    x, y = linear.line_data(20, seed=2)
    ms, bs = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 1.5])
    grid = linear.loss_grid(x, y, ms, bs)
    assert grid.shape == (2, 3)
    for i, b in enumerate(bs):
        for j, m in enumerate(ms):
            assert grid[i, j] == pytest.approx(linear.mse_loss(m, b, x, y), rel=1e-10)


def test_hessian_matches_differences_of_the_gradient():
    x, y = linear.line_data(15, seed=4)
    H = np.vstack(
        [
            numerical_gradient(
                lambda t, k=k: linear.mse_gradient(t[0], t[1], x, y)[k], [0.3, -0.2]
            )
            for k in range(2)
        ]
    )
    np.testing.assert_allclose(linear.hessian(x), H, rtol=1e-6)
    assert linear.max_stable_lr(x) == pytest.approx(
        2 / np.linalg.eigvalsh(H).max(), rel=1e-6
    )


def test_objective_full_and_batch():
    x, y = linear.line_data(10, seed=0)
    f = linear.objective(x, y)
    loss, grad = f(np.array([1.0, 0.5]), None)
    assert loss == pytest.approx(linear.mse_loss(1.0, 0.5, x, y))
    np.testing.assert_allclose(grad, linear.mse_gradient(1.0, 0.5, x, y))
    rows = np.array([2, 5])
    loss_b, grad_b = f(np.array([1.0, 0.5]), rows)
    np.testing.assert_allclose(grad_b, linear.mse_gradient(1.0, 0.5, x[rows], y[rows]))
    assert f.n_samples == 10


def test_bad_inputs_named():
    with pytest.raises(ValueError, match="x and y must have the same shape"):
        linear.mse_loss(1.0, 0.0, [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="all are equal"):
        linear.least_squares([1.0, 1.0], [0.0, 2.0])
    with pytest.raises(TypeError, match="m must be a real number"):
        linear.mse_loss("1", 0.0, X, Y)
    with pytest.raises(ValueError, match="noise must be 0 or more"):
        linear.line_data(noise=-1.0)


def test_objective_by_hand_and_results_are_not_overwritten_by_later_calls():
    f = linear.objective([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    theta = np.array([0.0, 0.0])
    loss, grad = f(theta, None)
    # residuals are y itself: E = (1 + 9 + 25) / 3, grad = -2/3 (sum x y, sum y)
    assert loss == pytest.approx(35.0 / 3.0, rel=1e-15)
    np.testing.assert_allclose(grad, [-26.0 / 3.0, -6.0], rtol=1e-15)
    loss2, grad2 = f(np.array([2.0, 1.0]), None)  # the exact line
    assert loss2 == 0.0
    np.testing.assert_array_equal(grad2, [0.0, 0.0])
    np.testing.assert_allclose(grad, [-26.0 / 3.0, -6.0], rtol=1e-15)
    np.testing.assert_array_equal(theta, [0.0, 0.0])
    loss_b, grad_b = f(np.array([0.0, 0.0]), np.array([0, 2]))
    assert loss_b == pytest.approx(13.0) and grad_b == pytest.approx([-10.0, -6.0])
