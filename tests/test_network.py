"""MLP: shapes, a hand-worked network, backprop against central differences,
the collapse of linear layers, and clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import central_differences

from nnlib.activations import ACTIVATIONS
from nnlib.layers import Dense
from nnlib.network import MLP, collapse_linear, fit_output_layer, spread_units


def hand_net():
    return MLP.from_layers(
        [
            Dense.from_weights([[1.0, -1.0], [2.0, 0.5]], [0.0, 1.0], "relu"),
            Dense.from_weights([[1.0], [-2.0]], [0.5], "identity"),
        ]
    )


def test_contract_shapes_and_names():
    net = MLP([2, 16, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)
    X = np.random.default_rng(0).normal(size=(10, 2))
    y_hat = net.forward(X)
    assert y_hat.shape == (10, 1)
    assert np.all((y_hat > 0) & (y_hat < 1))
    assert net.backward(np.ones((10, 1))).shape == (10, 2)
    params, grads = net.parameters(), net.gradients()
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert {k: v.shape for k, v in params.items()} == {
        k: v.shape for k, v in grads.items()
    }
    assert params["W2"].shape == (16, 16) and params["b3"].shape == (1,)
    assert net.layer_sizes == [2, 16, 16, 1]
    assert net.n_parameters == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    assert [layer.activation.name for layer in net.layers] == [
        "tanh",
        "tanh",
        "sigmoid",
    ]


def test_parameters_are_live_arrays():
    net = MLP([2, 3, 1], seed=0)
    net.parameters()["W1"][0, 0] = 42.0
    assert net.layers[0].W[0, 0] == 42.0
    net.forward(np.ones((2, 2)))
    net.backward(np.ones((2, 1)))
    assert net.gradients()["W2"] is net.layers[1].dW


def test_hand_worked_network():
    # Sample 1: z1 = [5, 1] -> relu [5, 1] -> 5 - 2 + 0.5 = 3.5
    # Sample 2: z1 = [-1, 2] -> relu [0, 2] -> 0 - 4 + 0.5 = -3.5
    net = hand_net()
    np.testing.assert_array_equal(
        net.forward([[1.0, 2.0], [-1.0, 0.0]]), [[3.5], [-3.5]]
    )
    net.backward(np.array([[1.0], [1.0]]))
    g = net.gradients()
    np.testing.assert_array_equal(g["W2"], [[5.0], [3.0]])
    np.testing.assert_array_equal(g["b2"], [2.0])
    # delta1 = [[1, -2], [0, -2]]; dW1 = X^T delta1
    np.testing.assert_array_equal(g["W1"], [[1.0, 0.0], [2.0, -4.0]])
    np.testing.assert_array_equal(g["b1"], [1.0, -4.0])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_backprop_matches_central_differences(name):
    rng = np.random.default_rng(5)
    net = MLP([3, 4, 3, 2], activation=name, output_activation="sigmoid", seed=1)
    for layer in net.layers:
        layer.b[:] = rng.normal(size=layer.b.shape) * 0.5
    X = rng.normal(size=(5, 3))
    R = rng.normal(size=(5, 2))

    def energy():
        return float(np.sum(R * net.predict(X)))

    net.forward(X)
    net.backward(R)
    for key, param in net.parameters().items():
        numeric = central_differences(energy, param)
        np.testing.assert_allclose(
            net.gradients()[key], numeric, rtol=1e-5, atol=1e-8, err_msg=key
        )


def test_predict_equals_forward_and_caches_nothing():
    net = MLP([2, 5, 1], seed=3)
    X = np.random.default_rng(1).normal(size=(4, 2))
    np.testing.assert_array_equal(net.predict(X), net.forward(X))
    assert net(X).shape == (4, 1)


def test_lists_are_accepted_and_converted():
    net = MLP([2, 2, 1], seed=0)
    np.testing.assert_array_equal(
        net.forward([[0, 1]]), net.forward(np.array([[0.0, 1.0]]))
    )


def test_linear_layers_collapse_to_one_matrix():
    net = MLP([3, 5, 4, 2], activation="identity", output_activation="identity", seed=4)
    for layer in net.layers:
        layer.b[:] = np.arange(layer.b.size, dtype=float)
    W, b = collapse_linear(net)
    W1, W2, W3 = (layer.W for layer in net.layers)
    b1, b2, b3 = (layer.b for layer in net.layers)
    np.testing.assert_allclose(W, W1 @ W2 @ W3)
    np.testing.assert_allclose(b, (b1 @ W2 + b2) @ W3 + b3)
    X = np.random.default_rng(0).normal(size=(8, 3))
    np.testing.assert_allclose(net.predict(X), X @ W + b, rtol=1e-12, atol=1e-12)


def test_collapse_refuses_non_linear_layers():
    with pytest.raises(ValueError, match="layer 1 uses 'tanh'"):
        collapse_linear(MLP([2, 3, 1], activation="tanh"))


def test_fit_output_layer_solves_least_squares():
    net = MLP([1, 8, 1], activation="sigmoid", seed=0)
    x = np.linspace(-2, 2, 30)[:, None]
    y = 3.0 * x - 1.0
    # A straight line is within reach of sigmoid units plus a bias only
    # approximately; a linear output on linear hidden units fits it exactly.
    mse = fit_output_layer(net, x, y)
    assert mse < 1e-3
    lin = MLP([1, 2, 1], activation="identity", seed=0)
    assert fit_output_layer(lin, x, y) == pytest.approx(0.0, abs=1e-20)


def test_fit_output_layer_needs_identity_output():
    with pytest.raises(ValueError, match="identity output layer"):
        fit_output_layer(MLP([1, 2, 1], output_activation="sigmoid"), [[0.0]], [[0.0]])


@pytest.mark.parametrize(
    ("sizes", "error", "message"),
    [
        ([2], ValueError, "layer_sizes must list at least"),
        ([2, 0, 1], ValueError, r"layer_sizes\[1\] must be at least 1"),
        ([2, 2.5, 1], TypeError, r"layer_sizes\[1\] must be a whole number"),
        ("21", TypeError, "layer_sizes must be a list"),
        (3, TypeError, "layer_sizes must be a list"),
    ],
)
def test_bad_sizes_are_explained(sizes, error, message):
    with pytest.raises(error, match=message):
        MLP(sizes)


def test_bad_activation_list_is_explained():
    with pytest.raises(ValueError, match="one per hidden layer"):
        MLP([2, 3, 3, 1], activation=["tanh"])
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP([2, 3, 1], activation="swish")


def test_per_layer_activations():
    net = MLP([2, 3, 3, 1], activation=["relu", "tanh"], output_activation="sigmoid")
    assert [layer.activation.name for layer in net.layers] == [
        "relu",
        "tanh",
        "sigmoid",
    ]


def test_bad_X_is_explained():
    net = MLP([2, 3, 1])
    with pytest.raises(
        ValueError, match=r"X must have shape \(n_samples, 2\).*got shape \(4, 3\)"
    ):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="X must have 2 dimension"):
        net.forward(np.ones(2))
    with pytest.raises(ValueError, match="X must contain only finite"):
        net.predict([[np.nan, 1.0]])
    with pytest.raises(TypeError, match="X must"):
        net.forward("data")


def test_bad_dY_is_explained():
    net = MLP([2, 3, 1])
    with pytest.raises(RuntimeError, match="needs a forward"):
        net.backward(np.ones((4, 1)))
    net.forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"dY_hat must have shape \(4, 1\)"):
        net.backward(np.ones((4, 2)))


def test_from_layers_checks_fit():
    with pytest.raises(ValueError, match="layer 1 has 3 outputs but layer 2 expects 2"):
        MLP.from_layers([Dense(2, 3), Dense(2, 1)])
    with pytest.raises(TypeError, match="non-empty list of Dense"):
        MLP.from_layers([])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=5), st.integers(1, 9))
def test_any_sizes_give_the_right_shapes(sizes, n):
    net = MLP(sizes, activation="relu", seed=0)
    X = np.ones((n, sizes[0]))
    assert net.forward(X).shape == (n, sizes[-1])
    assert net.backward(np.ones((n, sizes[-1]))).shape == (n, sizes[0])
    assert len(net.parameters()) == 2 * (len(sizes) - 1)


def test_spread_units_places_centres_evenly():
    net = spread_units(4, "sigmoid", x_range=(-2.0, 2.0))
    hidden = net.layers[0]
    assert net.layer_sizes == [1, 4, 1]
    # centres -1.5, -0.5, 0.5, 1.5 (gap 1): z_j = 4 (x - c_j)
    np.testing.assert_allclose(hidden.W, [[4.0, 4.0, 4.0, 4.0]])
    np.testing.assert_allclose(-hidden.b / hidden.W[0], [-1.5, -0.5, 0.5, 1.5])
    np.testing.assert_array_equal(net.layers[1].W, 0.0)
    relu = spread_units(2, "relu", x_range=(0.0, 2.0)).layers[0]
    np.testing.assert_allclose(relu.W, [[1.0, 1.0]])
    np.testing.assert_allclose(-relu.b, [0.0, 1.0])


def test_spread_units_with_a_fitted_output_reaches_a_curve():
    x = np.linspace(-3, 3, 100)[:, None]
    y = np.sin(x)
    assert fit_output_layer(spread_units(20), x, y) < 1e-4


def test_spread_units_checks_arguments():
    with pytest.raises(ValueError, match="n_units must be at least 1"):
        spread_units(0)
    with pytest.raises(ValueError, match="x_range must be"):
        spread_units(3, x_range=(1.0, 1.0))


@pytest.mark.parametrize("method", ["forward", "predict", "__call__"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_X_is_refused_by_every_pass(method, bad):
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        getattr(net, method)(np.array([[bad, 0.0]]))


def test_bad_dY_hat_values_are_named():
    net = MLP([2, 3, 1])
    net.forward(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="dY_hat must contain only finite"):
        net.backward(np.full((2, 1), np.nan))
    with pytest.raises(TypeError, match="dY_hat must hold real numbers"):
        net.backward(np.full((2, 1), 1 + 1j))
    np.testing.assert_array_equal(
        net.backward(np.ones((2, 1), dtype=int)), net.backward(np.ones((2, 1)))
    )


def test_output_activation_errors_name_output_activation():
    with pytest.raises(ValueError, match="^output_activation must be one of"):
        MLP([2, 1], output_activation="softmax")
    with pytest.raises(TypeError, match="^output_activation must be a name"):
        MLP([2, 1], output_activation=3)


@pytest.mark.parametrize(
    ("seed", "error"),
    [(-1, ValueError), (2.5, TypeError), ("1", TypeError), (True, TypeError)],
)
def test_bad_seeds_are_named(seed, error):
    with pytest.raises(error, match="^seed must"):
        MLP([2, 1], seed=seed)


def test_generator_and_none_seeds():
    rng = np.random.default_rng(5)
    assert MLP([2, 2], seed=rng).layers[0].W.shape == (2, 2)
    assert MLP([2, 2], seed=None).layers[0].W.shape == (2, 2)


def test_fit_output_layer_refuses_targets_whose_squares_overflow():
    with pytest.raises(ValueError, match="y must hold values of size at most"):
        fit_output_layer(MLP([2, 1]), np.zeros((2, 2)), np.array([[1e300], [0.0]]))


@pytest.mark.parametrize("bad", [(1.0,), (), 3.0, None, {"a": 1}, (0.0, np.nan)])
def test_spread_units_x_range_is_checked_first(bad):
    with pytest.raises((TypeError, ValueError), match="^x_range must"):
        spread_units(3, x_range=bad)
