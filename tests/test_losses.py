"""Losses against closed forms and central differences; stability when saturated."""

import math
import warnings

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


def test_bce_gradient_is_that_of_the_unclipped_loss():
    # sigma(-30) = 9.4e-14 with label 1 lies below the value's clip (1e-12), but the
    # gradient is the unclipped slope -1 / (N p), as central differences of -log p say.
    p = 1.0 / (1.0 + math.exp(30.0))
    y_hat, y = np.array([p, 0.3]), np.array([1.0, 1.0])
    grad = binary_cross_entropy.gradient(y_hat, y).ravel()
    np.testing.assert_allclose(grad, [-1 / p / 2, -1 / 0.3 / 2], rtol=1e-12)
    exact = binary_cross_entropy.unclipped
    for h in (1e-18, 1e-7):  # a step small beside each output
        numeric = numerical_gradient(
            lambda q: exact(q[:, None], y[:, None]), y_hat, h=h
        )
        i = int(h > 1e-10)
        assert grad[i] == pytest.approx(numeric[i], rel=1e-5)
    assert binary_cross_entropy.value(y_hat, y) < exact(
        y_hat[:, None], y[:, None]
    )  # the value is clipped


def test_the_cancelled_delta_is_the_chain_rule_where_the_output_has_not_rounded():
    from nnlib.activations import ACTIVATIONS

    sig = ACTIVATIONS["sigmoid"]
    z = np.array([[-36.0], [-30.0], [-2.0], [0.5], [30.0], [36.0]])
    y = np.array([[1.0], [1.0], [0.0], [1.0], [0.0], [0.0]])
    y_hat = sig.forward(z)
    chain = binary_cross_entropy.gradient(y_hat, y) * sig.slope(y_hat)
    delta = binary_cross_entropy.output_delta(y_hat, y, sig, z)
    np.testing.assert_allclose(delta, (y_hat - y) / 6, rtol=0)
    np.testing.assert_allclose(chain, delta, rtol=1e-12)
    # Rounded to 1 (z = 40), the cancelled form still pulls: (1 - 0) / N.
    rounded = binary_cross_entropy.output_delta(
        np.ones((1, 1)), np.zeros((1, 1)), sig, np.full((1, 1), 40.0)
    )
    assert rounded[0, 0] == 1.0


@pytest.mark.parametrize(
    ("y_hat", "y"),
    [([1e200], [0.0]), ([1e308], [-1e308]), ([[1e160, 0.0]], [[-1e160, 0.0]])],
)
def test_mse_overflow_is_a_named_error_not_inf(y_hat, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            ValueError, match=r"^y_hat is too large: the loss is not finite"
        ):
            mse.value(y_hat, y)
        with pytest.raises(ValueError, match=r"too large: the gradient is not finite"):
            mse.gradient([1e308], [-1e308])


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
