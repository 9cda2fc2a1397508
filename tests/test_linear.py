"""The line model: loss and gradient against hand values, differences and least squares."""

import warnings

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


@pytest.mark.parametrize("seed", [-1, 2.5, "1", float("nan"), True])
def test_line_data_rejects_a_bad_seed_naming_it(seed):
    with pytest.raises((TypeError, ValueError), match=r"\bseed\b"):
        linear.line_data(seed=seed)


def test_line_data_seed_gives_the_same_data_as_before():
    x, y = linear.line_data(n=3, seed=0)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(0.0, 2.0, 3)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y, 2.0 * x0 + 1.0 + 0.3 * rng.standard_normal(3))


X3, Y3 = [0.0, 1.0, 2.0], [1.0, 3.0, 5.0]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: linear.mse_loss(1e300, 0.0, X3, Y3), "m"),
        (lambda: linear.mse_loss(0.0, -1e300, X3, Y3), "b"),
        (lambda: linear.mse_loss(1.0, 0.0, X3, [1.0, 1e155, 5.0]), "y"),
        (lambda: linear.mse_gradient(1.0, 0.0, [1e300, 1.0, 2.0], Y3), "x"),
        (lambda: linear.predict(1e300, 0.0, [1e300]), "m"),
        (lambda: linear.loss_grid(X3, Y3, [0.0, 1e300], [0.0]), "ms"),
        (lambda: linear.loss_grid(X3, Y3, [0.0], [1e300]), "bs"),
        (lambda: linear.least_squares([1e300, -1e300, 0.0], Y3), "x"),
        (lambda: linear.least_squares(X3, [1.5e308, 1.5e308, 0.0]), "y"),
        (lambda: linear.hessian([1e155, 1.0]), "x"),
        (lambda: linear.max_stable_lr([1e300, 1.0]), "x"),
    ],
)
def test_huge_inputs_raise_a_named_error_not_an_overflow_warning(call, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"^{name} is too large"):
            call()


def test_huge_but_harmless_inputs_still_work():
    assert linear.mse_loss(1e150, 0.0, [1.0], [1e150]) == 0.0
    np.testing.assert_array_equal(linear.predict(2.0, 1.0, [1e300]), [2e300 + 1.0])
