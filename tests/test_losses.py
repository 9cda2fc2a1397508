"""Losses against closed forms and central differences; stability when saturated."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib.gradcheck import numerical_gradient
from nnlib.losses import LOSSES, binary_cross_entropy, get_loss, mse


def test_mse_closed_form():
    # ((1-0)^2 + (2-0)^2) / 2
    assert mse.value([1.0, 2.0], [0.0, 0.0]) == 2.5
    np.testing.assert_allclose(mse.gradient([1.0, 2.0], [0.0, 0.0]), [[1.0], [2.0]])


def test_bce_closed_form():
    y_hat, y = np.array([0.9, 0.2]), np.array([1.0, 0.0])
    expected = -(math.log(0.9) + math.log(0.8)) / 2
    assert binary_cross_entropy.value(y_hat, y) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(
        binary_cross_entropy.gradient(y_hat, y).ravel(),
        [-1 / 0.9 / 2, 1 / 0.8 / 2],
        rtol=1e-12,
    )


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_gradient_matches_central_difference(name):
    rng = np.random.default_rng(1)
    y_hat = rng.uniform(0.1, 0.9, (5, 2))
    y = (rng.uniform(size=(5, 2)) > 0.5).astype(float)
    loss = LOSSES[name]
    numeric = numerical_gradient(lambda p: loss.value(p, y), y_hat)
    np.testing.assert_allclose(loss.gradient(y_hat, y), numeric, rtol=1e-6, atol=1e-9)


def test_bce_saturated_is_finite():
    value = binary_cross_entropy.value([0.0, 1.0], [1.0, 0.0])
    assert value == pytest.approx(-math.log(1e-12), rel=1e-6)
    assert np.isfinite(binary_cross_entropy.gradient([0.0, 1.0], [1.0, 0.0])).all()
    assert binary_cross_entropy.value([1.0, 0.0], [1.0, 0.0]) < 1e-11


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20))
def test_bce_non_negative_and_finite(ps):
    y = (np.arange(len(ps)) % 2).astype(float)
    v = binary_cross_entropy.value(ps, y)
    assert 0.0 <= v < 28.0


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=20))
def test_mse_zero_only_at_perfect_prediction(vals):
    assert mse.value(vals, vals) == 0.0
    assert mse.value(np.array(vals) + 1.0, vals) == pytest.approx(1.0)


def test_lookup():
    assert get_loss("bce") is binary_cross_entropy
    assert get_loss("MSE") is mse
    assert get_loss(mse) is mse
    with pytest.raises(ValueError, match="loss must be one of"):
        get_loss("hinge")
    with pytest.raises(TypeError, match="loss must be a name"):
        get_loss(3)


def test_shapes_and_ranges_are_checked():
    with pytest.raises(ValueError, match="same shape"):
        mse.value([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="y_hat must hold probabilities"):
        binary_cross_entropy.value([1.5], [1.0])
    with pytest.raises(ValueError, match="y must hold labels"):
        binary_cross_entropy.value([0.5], [2.0])
    with pytest.raises(ValueError, match="at least one sample"):
        mse.value(np.empty((0, 1)), np.empty((0, 1)))
    with pytest.raises(TypeError, match="^y_hat must"):
        mse.value("a", [1.0])
