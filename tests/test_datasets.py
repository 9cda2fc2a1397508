"""Toy data: shapes, seeding, the geometry each set promises, and clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.datasets import (
    circles,
    delayed_bits,
    noisy_curve,
    smooth_curve,
    two_moons,
    xor,
)


def test_xor_truth_table():
    X, y = xor()
    assert X.shape == (4, 2) and y.shape == (4, 1)
    np.testing.assert_array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))


@pytest.mark.parametrize("make", [two_moons, circles])
def test_two_class_sets(make):
    X, y = make(n=101, seed=3)
    assert X.shape == (101, 2) and y.shape == (101, 1)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert int(y.sum()) == 51
    X2, y2 = make(n=101, seed=3)
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, make(n=101, seed=4)[0])


def test_noise_free_moons_lie_on_their_arcs():
    X, y = two_moons(n=50, noise=0.0)
    upper = X[y[:, 0] == 0]
    lower = X[y[:, 0] == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)


def test_noise_free_circles_have_their_radii():
    X, y = circles(n=40, noise=0.0, factor=0.3)
    r = np.hypot(*X.T)
    np.testing.assert_allclose(r[y[:, 0] == 0], 1.0)
    np.testing.assert_allclose(r[y[:, 0] == 1], 0.3)


def test_noisy_curve_follows_the_smooth_curve():
    X, y = noisy_curve(n=500, noise=0.1, seed=1)
    assert X.shape == (500, 1) and y.shape == (500, 1)
    assert np.all(np.diff(X[:, 0]) >= 0)
    residual = y - smooth_curve(X)
    assert abs(residual.std() - 0.1) < 0.01
    assert smooth_curve(np.array(0.0)) == 0.0


def test_noisy_curve_is_not_linear():
    X, y = noisy_curve(n=200, noise=0.0)
    design = np.hstack([X, np.ones_like(X)])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    assert np.mean((design @ coef - y) ** 2) > 0.2


def test_delayed_bits_target_is_the_input_two_steps_back():
    X, y = delayed_bits(n_sequences=5, n_steps=6, delay=2, seed=0)
    assert X.shape == y.shape == (5, 6, 1)
    np.testing.assert_array_equal(y[:, 2:], X[:, :-2])
    np.testing.assert_array_equal(y[:, :2], 0.0)
    _, y_long = delayed_bits(n_steps=3, delay=5)
    assert not y_long.any()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: two_moons(n=0), ValueError, "n must be at least 1"),
        (lambda: two_moons(noise=-1.0), ValueError, "noise must be 0 or more"),
        (lambda: circles(factor=1.5), ValueError, "factor must be between 0 and 1"),
        (lambda: noisy_curve(x_range=(2.0, 1.0)), ValueError, "x_range must be"),
        (lambda: noisy_curve(n=2.5), TypeError, "n must be a whole number"),
        (lambda: delayed_bits(delay=0), ValueError, "delay must be at least 1"),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 60), st.floats(0.0, 1.0), st.integers(0, 1000))
def test_any_size_and_noise_is_finite(n, noise, seed):
    for make in (two_moons, circles, noisy_curve):
        X, y = make(n=n, noise=noise, seed=seed)
        assert X.shape[0] == y.shape[0] == n
        assert np.isfinite(X).all() and np.isfinite(y).all()


@pytest.mark.parametrize("bad", [(1.0,), (), 3.0, None, (0.0, np.inf)])
def test_x_range_is_checked_first(bad):
    with pytest.raises((TypeError, ValueError), match="^x_range must"):
        noisy_curve(x_range=bad)


@pytest.mark.parametrize(
    ("bad", "error"),
    [("abc", TypeError), (None, TypeError), ([1.0, np.inf], ValueError)],
)
def test_smooth_curve_checks_x(bad, error):
    with pytest.raises(error, match="^x must"):
        smooth_curve(bad)


@pytest.mark.parametrize(
    ("seed", "error"), [(-1, ValueError), (2.5, TypeError), ("1", TypeError)]
)
def test_bad_seeds_are_named(seed, error):
    for make in (two_moons, circles, noisy_curve, delayed_bits):
        with pytest.raises(error, match="^seed must"):
            make(seed=seed)
