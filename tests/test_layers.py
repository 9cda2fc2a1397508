"""Dense layer: shapes, hand-worked numbers, backward against central differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import central_differences

from nnlib.activations import ACTIVATIONS
from nnlib.layers import Dense, init_weights


def test_shapes_and_starting_values():
    layer = Dense(3, 5, "relu", seed=1)
    assert layer.W.shape == (3, 5) and layer.b.shape == (5,)
    assert np.all(layer.b == 0)
    assert layer.forward(np.ones((7, 3))).shape == (7, 5)
    assert layer.backward(np.ones((7, 5))).shape == (7, 3)
    assert layer.dW.shape == (3, 5) and layer.db.shape == (5,)


def test_same_seed_same_weights_other_seed_other_weights():
    np.testing.assert_array_equal(Dense(4, 3, seed=7).W, Dense(4, 3, seed=7).W)
    assert not np.array_equal(Dense(4, 3, seed=7).W, Dense(4, 3, seed=8).W)


def test_hand_worked_forward():
    # z = [1*1 + 2*2 + 0, 1*(-1) + 2*0.5 + 1] = [5, 1]; relu keeps both.
    layer = Dense.from_weights([[1.0, -1.0], [2.0, 0.5]], [0.0, 1.0], "relu")
    out = layer.forward(np.array([[1.0, 2.0], [-1.0, 0.0]]))
    np.testing.assert_array_equal(out, [[5.0, 1.0], [0.0, 2.0]])
    np.testing.assert_array_equal(layer.Z, [[5.0, 1.0], [-1.0, 2.0]])


def test_hand_worked_backward():
    layer = Dense.from_weights([[1.0, -1.0], [2.0, 0.5]], [0.0, 1.0], "relu")
    X = np.array([[1.0, 2.0], [-1.0, 0.0]])
    layer.forward(X)
    dX = layer.backward(np.array([[1.0, 1.0], [1.0, 1.0]]))
    # relu'(Z) = [[1, 1], [0, 1]] -> delta = [[1, 1], [0, 1]]
    np.testing.assert_array_equal(layer.dW, X.T @ np.array([[1.0, 1.0], [0.0, 1.0]]))
    np.testing.assert_array_equal(layer.db, [1.0, 2.0])
    np.testing.assert_array_equal(dX, [[0.0, 2.5], [-1.0, 0.5]])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_backward_matches_central_differences(name):
    rng = np.random.default_rng(3)
    layer = Dense(3, 4, name, seed=2)
    layer.b[:] = rng.normal(size=4)
    X = rng.normal(size=(6, 3))
    R = rng.normal(size=(6, 4))  # E = sum(R * Y), so dE/dY = R

    def energy():
        return float(np.sum(R * layer.predict(X)))

    layer.forward(X)
    dX = layer.backward(R)
    for param, grad in ((layer.W, layer.dW), (layer.b, layer.db)):
        numeric = central_differences(energy, param)
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
    numeric_dX = central_differences(energy, X)
    np.testing.assert_allclose(dX, numeric_dX, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_derivative_from_output_equals_activation_backward(name):
    layer = Dense(2, 3, name, seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2)) * 3
    layer.forward(X)
    dY = np.ones((5, 3))
    layer.backward(dY)
    delta = ACTIVATIONS[name].backward(layer.Z)
    np.testing.assert_allclose(layer.db, delta.sum(axis=0), rtol=1e-12)


def test_gradients_are_overwritten_not_accumulated():
    layer = Dense(2, 2, "tanh", seed=0)
    X = np.ones((3, 2))
    layer.forward(X)
    layer.backward(np.ones((3, 2)))
    first = layer.dW.copy()
    layer.forward(X)
    layer.backward(np.ones((3, 2)))
    np.testing.assert_array_equal(layer.dW, first)


def test_backward_before_forward_is_explained():
    with pytest.raises(RuntimeError, match="needs a forward"):
        Dense(2, 2).backward(np.ones((1, 2)))


def test_predict_keeps_no_cache():
    layer = Dense(2, 2)
    layer.predict(np.ones((1, 2)))
    assert layer.X is None and layer.Z is None


@pytest.mark.parametrize("bad", [0, -3])
def test_bad_sizes_name_the_argument(bad):
    with pytest.raises(ValueError, match="n_outputs must be at least 1"):
        Dense(2, bad)
    with pytest.raises(ValueError, match="n_inputs must be at least 1"):
        Dense(bad, 2)


def test_non_integer_size_is_a_type_error():
    with pytest.raises(TypeError, match="n_inputs must be a whole number"):
        Dense(2.5, 2)


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match="activation must be one of"):
        Dense(2, 2, "softplus")


def test_from_weights_checks_shapes():
    with pytest.raises(ValueError, match=r"b must have shape \(2\)"):
        Dense.from_weights(np.ones((3, 2)), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="W must have 2 dimension"):
        Dense.from_weights([1.0, 2.0], [0.0])


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.sampled_from(["relu", "tanh"]))
def test_initial_weights_have_the_promised_scale(n_in, n_out, name):
    W = init_weights(n_in, n_out, name, np.random.default_rng(0))
    assert W.shape == (n_in, n_out)
    if name == "tanh":
        assert np.abs(W).max() <= np.sqrt(6.0 / (n_in + n_out))
    assert np.isfinite(W).all()


def _custom_softsign():
    from nnlib.activations import Activation

    return Activation(
        "softsign",
        lambda z: z / (1.0 + np.abs(z)),
        lambda z: 1.0 / (1.0 + np.abs(z)) ** 2,
        r"$z / (1 + |z|)$",
        (-1.0, 1.0),
    )


def test_custom_activation_without_an_output_form_uses_z():
    act = _custom_softsign()
    assert act.slope is None
    rng = np.random.default_rng(3)
    X, dY = rng.normal(size=(6, 3)) * 3, rng.normal(size=(6, 2))
    layer = Dense(3, 2, act, seed=1)
    layer.forward(X)
    layer.backward(dY)
    Z = X @ layer.W + layer.b
    np.testing.assert_allclose(layer.db, (dY / (1 + np.abs(Z)) ** 2).sum(0), rtol=1e-12)


@pytest.mark.parametrize(
    ("name", "variance"),
    [
        ("relu", lambda n_in, n_out: 2.0 / n_in),
        ("tanh", lambda n_in, n_out: 2.0 / (n_in + n_out)),
    ],
)
def test_initial_weights_have_the_promised_variance(name, variance):
    # He: N(0, 2/n_in); Glorot: U(-a, a) with a^2 = 6/(n_in + n_out), variance a^2/3.
    # 240,000 draws: the sample variance is within 1% of the true one (about 3 sigma).
    n_in, n_out = 400, 600
    W = init_weights(n_in, n_out, name, np.random.default_rng(5))
    assert W.var() == pytest.approx(variance(n_in, n_out), rel=0.01)
    assert abs(W.mean()) < 3 * np.sqrt(variance(n_in, n_out) / W.size)
