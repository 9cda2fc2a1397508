"""Neuron against hand-worked examples, its own steps, and bad inputs."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib.activations import ACTIVATIONS
from nnlib.neuron import Neuron, NeuronSteps

small = st.floats(min_value=-50, max_value=50, allow_nan=False)


def meal():
    # Prices of a burger, fries and a soda; identity activation, no bias.
    return Neuron([5.0, 2.5, 1.5], bias=0.0, activation="identity")


def test_meal_bill_by_hand():
    # 2 burgers, 1 fries, 3 sodas: 2*5 + 1*2.5 + 3*1.5 = 10 + 2.5 + 4.5 = 17.
    assert meal()([2, 1, 3]) == 17.0
    assert meal()([0, 0, 0]) == 0.0
    assert meal()([1, 0, 0]) == 5.0


def test_meal_is_linear_doubling_the_order_doubles_the_bill():
    order = np.array([2.0, 1.0, 3.0])
    assert meal()(2 * order) == 2 * meal()(order) == 34.0


def test_bias_is_the_weight_of_a_constant_input_one():
    with_bias = Neuron([0.6, -1.2, 0.4], bias=-0.2, activation="tanh")
    as_fourth_input = Neuron([0.6, -1.2, 0.4, -0.2], bias=0.0, activation="tanh")
    x = [1.0, 0.5, 2.0]
    assert with_bias(x) == pytest.approx(as_fourth_input([*x, 1.0]), rel=1e-15)


def test_running_example_by_hand():
    # z = 1*0.6 + 0.5*(-1.2) + 2*0.4 - 0.2 = 0.6 - 0.6 + 0.8 - 0.2 = 0.6
    n = Neuron([0.6, -1.2, 0.4], bias=-0.2, activation="sigmoid")
    assert n.pre_activation([1.0, 0.5, 2.0]) == pytest.approx(0.6, abs=1e-15)
    assert n([1.0, 0.5, 2.0]) == pytest.approx(1 / (1 + math.exp(-0.6)), rel=1e-14)
    assert round(n([1.0, 0.5, 2.0]), 4) == 0.6457


@pytest.mark.parametrize(
    ("activation", "expected"),
    [
        ("identity", -1.5),
        ("relu", 0.0),
        ("tanh", math.tanh(-1.5)),
        ("sigmoid", 1 / (1 + math.exp(1.5))),
    ],
)
def test_each_activation_applied_to_the_same_z(activation, expected):
    # z = 1*1 + 2*(-1) + 0*5 - 0.5 = -1.5
    n = Neuron([1.0, -1.0, 5.0], bias=-0.5, activation=activation)
    assert n([1.0, 2.0, 0.0]) == pytest.approx(expected, rel=1e-14, abs=1e-15)


def test_single_sample_gives_float_batch_gives_vector():
    n = meal()
    assert isinstance(n([2, 1, 3]), float)
    out = n([[2, 1, 3], [0, 0, 1]])
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    np.testing.assert_array_equal(out, [17.0, 1.5])


@given(
    st.lists(st.tuples(small, small, small), min_size=1, max_size=8),
    st.tuples(small, small, small),
    small,
    st.sampled_from(sorted(ACTIVATIONS)),
)
def test_batch_matches_one_sample_at_a_time(rows, weights, bias, activation):
    n = Neuron(list(weights), bias, activation)
    X = np.array(rows)
    batch = n(X)
    assert batch.shape == (len(rows),)
    singles = np.array([n(row) for row in X])
    np.testing.assert_allclose(batch, singles, rtol=1e-12, atol=1e-12)


@given(
    st.tuples(small, small, small),
    st.tuples(small, small, small),
    small,
    st.sampled_from(sorted(ACTIVATIONS)),
)
def test_steps_follow_the_output_path(x, weights, bias, activation):
    n = Neuron(list(weights), bias, activation)
    s = n.steps(list(x))
    assert isinstance(s, NeuronSteps)
    np.testing.assert_array_equal(s.products, np.array(x) * np.array(weights))
    assert s.weighted_sum == pytest.approx(s.products.sum(), rel=1e-12, abs=1e-9)
    assert s.z == s.weighted_sum + s.bias
    assert s.z == n.pre_activation(list(x))
    assert s.output == n(list(x))
    assert s.output == ACTIVATIONS[activation](s.z)


def test_steps_text_shows_each_step():
    text = str(Neuron([0.6, -1.2, 0.4], -0.2, "sigmoid").steps([1.0, 0.5, 2.0]))
    assert "step 1" in text and "step 2" in text and "step 3" in text
    assert "z = 1×0.6 + 0.5×(-1.2) + 2×0.4 - 0.2 = 0.6" in text
    assert "products      [ 0.6 -0.6  0.8]" in text
    plus = str(Neuron([1.0], 0.5, "relu").steps([-2.0]))
    assert "z = (-2)×1 + 0.5 = -1.5" in plus and "ŷ = relu(z) = 0" in plus
    assert "ŷ = sigmoid(z) = 0.6457" in text


def test_steps_keeps_its_own_copy_of_the_weights():
    n = meal()
    s = n.steps([1, 1, 1])
    n.weights[0] = 100.0
    assert s.weights[0] == 5.0


def test_repr():
    assert (
        repr(meal()) == "Neuron(weights=[5. , 2.5, 1.5], bias=0, activation='identity')"
    )


def test_activation_object_is_accepted():
    n = Neuron([1.0], 0.0, ACTIVATIONS["relu"])
    assert n([-3.0]) == 0.0 and n.n_inputs == 1


# -- bad inputs: each error names the argument -----------------------------


@pytest.mark.parametrize("x", [[1.0, 2.0], [1.0, 2.0, 3.0, 4.0], [[1.0, 2.0]]])
def test_wrong_number_of_inputs_names_x(x):
    with pytest.raises(ValueError, match=r"^x must have 3 input\(s\).*got shape"):
        meal()(x)


def test_wrong_dimensions_names_x():
    with pytest.raises(ValueError, match=r"^x must have 1 or 2 dimension"):
        meal()(np.ones((2, 2, 3)))
    with pytest.raises(ValueError, match=r"^x must have 1 dimension"):
        meal().steps([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match=r"^x must have 3 input"):
        meal().steps([1.0, 2.0])


@pytest.mark.parametrize("x", [[1.0, np.nan, 0.0], [np.inf, 0.0, 0.0]])
def test_non_finite_x_is_refused(x):
    with pytest.raises(ValueError, match="^x must contain only finite numbers"):
        meal()(x)
    with pytest.raises(ValueError, match="^x must contain only finite numbers"):
        meal().steps(x)


@pytest.mark.parametrize("x", ["123", None, [1, "a", 2], [True, False, True]])
def test_non_numeric_x_is_a_type_error(x):
    with pytest.raises(TypeError, match="^x must"):
        meal()(x)


@pytest.mark.parametrize(
    ("weights", "error", "message"),
    [
        ([[1.0, 2.0]], ValueError, "^weights must have 1 dimension"),
        ([], ValueError, "^weights must hold at least one weight"),
        ([1.0, np.nan], ValueError, "^weights must contain only finite numbers"),
        ("abc", TypeError, "^weights must"),
        ([1.0, None], TypeError, "^weights must"),
    ],
)
def test_bad_weights_name_weights(weights, error, message):
    with pytest.raises(error, match=message):
        Neuron(weights, 0.0, "identity")


@pytest.mark.parametrize(
    ("bias", "error"),
    [
        (np.nan, ValueError),
        (np.inf, ValueError),
        ("1", TypeError),
        (None, TypeError),
        ([1.0], TypeError),
        (True, TypeError),
    ],
)
def test_bad_bias_names_bias(bias, error):
    with pytest.raises(error, match="^bias must"):
        Neuron([1.0], bias, "identity")


def test_unknown_activation_names_activation():
    with pytest.raises(ValueError, match="^activation must be one of .*got 'step'"):
        Neuron([1.0], 0.0, "step")
    with pytest.raises(TypeError, match="^activation must be a name"):
        Neuron([1.0], 0.0, 42)
