"""Central differences against known derivatives; the checker catches a wrong one."""

import warnings

import numpy as np
import pytest

from nnlib.gradcheck import check_gradient, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic_is_exact_enough():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    x = np.array([0.5, -1.5])
    g = numerical_gradient(lambda v: float(v @ A @ v), x)
    np.testing.assert_allclose(g, 2 * A @ x, rtol=1e-8, atol=1e-8)


def test_shape_is_kept_and_input_not_changed():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    g = numerical_gradient(lambda v: float(np.sin(v).sum()), x)
    assert g.shape == (2, 3)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(g, np.cos(x), rtol=1e-8)


def test_check_gradient_tells_right_from_wrong():
    f = lambda v: float(np.sum(v**3))  # noqa: E731
    good = check_gradient(f, lambda v: 3 * v**2, [1.0, 2.0, -0.5])
    bad = check_gradient(f, lambda v: 2 * v**2, [1.0, 2.0, -0.5])
    assert good < 1e-8
    assert bad > 0.1


def test_relative_error():
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0], [1.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == 1.0
    with pytest.raises(ValueError, match="same shape"):
        relative_error([1.0], [1.0, 2.0])


def test_bad_arguments_named():
    with pytest.raises(ValueError, match="h must be greater than 0"):
        numerical_gradient(lambda v: 0.0, [1.0], h=0.0)
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3, [1.0])
    with pytest.raises(ValueError, match="x must contain only finite"):
        numerical_gradient(lambda v: 0.0, [np.nan])


# -- the backward pass of a whole network against central differences ---------

from nnlib.activations import ACTIVATIONS, Activation  # noqa: E402
from nnlib.gradcheck import check_network_gradients, network_numerical_gradients  # noqa: E402
from nnlib.layers import Dense  # noqa: E402
from nnlib.network import MLP  # noqa: E402


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("output", sorted(ACTIVATIONS))
def test_backward_matches_numerical_for_every_activation_with_mse(hidden, output):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 3))
    y = rng.normal(size=(6, 2))
    net = MLP([3, 4, 2], activation=hidden, output_activation=output, seed=5)
    errors = check_network_gradients(net, X, y, "mse")
    assert set(errors) == {"W1", "b1", "W2", "b2"}
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
def test_backward_matches_numerical_with_cross_entropy(hidden):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 2))
    y = (rng.uniform(size=(8, 1)) > 0.5).astype(float)
    net = MLP([2, 5, 3, 1], activation=hidden, output_activation="sigmoid", seed=1)
    errors = check_network_gradients(net, X, y, "binary_cross_entropy")
    assert max(errors.values()) < 1e-6, errors


def test_a_wrong_backward_pass_is_caught():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    # tanh with a plausible-looking mistake in its derivative: 1 - tanh(z), not 1 - tanh(z)^2
    wrong = Activation(
        "tanh_wrong", np.tanh, lambda z: 1.0 - np.tanh(z), "", (-1.0, 1.0)
    )
    good = MLP([2, 3, 1], activation="tanh", seed=0)
    net = MLP.from_layers(
        [
            Dense.from_weights(good.layers[0].W, good.layers[0].b, wrong),
            Dense.from_weights(good.layers[1].W, good.layers[1].b, "identity"),
        ]
    )
    errors = check_network_gradients(net, X, y, "mse")
    assert errors["W1"] > 1e-2 and errors["W2"] < 1e-6


def test_numerical_network_gradients_leave_the_network_unchanged():
    net = MLP([2, 3, 1], seed=0)
    before = {k: v.copy() for k, v in net.parameters().items()}
    network_numerical_gradients(net, np.ones((2, 2)), np.zeros((2, 1)))
    for k, v in net.parameters().items():
        np.testing.assert_array_equal(v, before[k])


def test_network_check_arguments():
    net = MLP([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match="same number of samples"):
        check_network_gradients(net, np.ones((3, 2)), np.zeros((2, 1)))
    with pytest.raises(TypeError, match="net must be a network"):
        check_network_gradients(object(), np.ones((3, 2)), np.zeros((3, 1)))


def _square_sum(v: np.ndarray) -> float:
    return float((v**2).sum())


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: numerical_gradient(_square_sum, [1e300, 1.0]), "x"),
        (lambda: numerical_gradient(_square_sum, [1.0], h=1e300), "h"),
        (lambda: check_gradient(_square_sum, lambda v: 2 * v, [1e200]), "x"),
    ],
)
def test_huge_inputs_raise_a_named_error_not_an_overflow_warning(call, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"^{name} is too large"):
            call()


def test_relative_error_of_huge_gradients_is_exact_without_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert relative_error([1e300, 1e300], [1e300, 1e300]) == 0.0
        assert relative_error([1e300], [-1e300]) == pytest.approx(1.0)
        assert relative_error([3e300, 0.0], [0.0, 4e300]) == pytest.approx(5.0 / 7.0)
    assert relative_error([0.0], [0.0]) == 0.0


@pytest.mark.parametrize("fn", [network_numerical_gradients, check_network_gradients])
def test_network_gradients_with_a_huge_y_name_y_instead_of_returning_nan(fn):
    net = MLP([2, 3, 1], activation="tanh", output_activation="identity", seed=0)
    before = {k: v.copy() for k, v in net.parameters().items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^y is too large"):
            fn(net, np.zeros((2, 2)), np.array([[1e300], [0.0]]))
    for k, v in net.parameters().items():  # the nudged parameters were put back
        np.testing.assert_array_equal(v, before[k])
