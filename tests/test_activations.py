"""Activations against closed forms, central differences and their identities."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import activations as A
from nnlib.activations import ACTIVATIONS, get_activation

finite = st.floats(min_value=-700, max_value=700, allow_nan=False)
huge = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)

CLOSED_FORMS = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(0.0, z),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("z", [-3.0, -0.5, 0.0, 0.25, 2.0, 7.5])
def test_values_match_closed_form(name, z):
    assert ACTIVATIONS[name](z) == pytest.approx(CLOSED_FORMS[name](z), rel=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_difference(name):
    # Points away from ReLU's kink at 0, where no derivative exists.
    z = np.array([-2.7, -1.1, -0.3, 0.2, 0.9, 3.4])
    h = 1e-6
    f = ACTIVATIONS[name]
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(f.derivative(z), numeric, rtol=1e-6, atol=1e-9)


def test_module_functions_are_the_table_entries():
    z = np.linspace(-4, 4, 9)
    for name in ACTIVATIONS:
        np.testing.assert_array_equal(getattr(A, name)(z), ACTIVATIONS[name](z))
        np.testing.assert_array_equal(
            getattr(A, f"{name}_derivative")(z), ACTIVATIONS[name].derivative(z)
        )


def test_relu_derivative_at_zero_is_zero_by_convention():
    assert A.relu_derivative(0.0) == 0.0


def test_known_derivative_values():
    assert A.sigmoid_derivative(0.0) == 0.25
    assert A.tanh_derivative(0.0) == 1.0
    assert A.relu_derivative(2.0) == 1.0


@pytest.mark.parametrize("z", [1.0, 30.0, 36.0, 37.0, 40.0, 100.0, 700.0, 744.0])
def test_sigmoid_derivative_is_symmetric_and_exact_far_out(z):
    # sigma'(z) = e / (1 + e)^2 with e = exp(-|z|): never 0 before e underflows.
    e = math.exp(-z)
    expected = e / (1.0 + e) ** 2
    assert A.sigmoid_derivative(z) == A.sigmoid_derivative(-z)
    assert A.sigmoid_derivative(z) == pytest.approx(expected, rel=1e-14)
    assert A.sigmoid_derivative(z) > 0.0


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_slope_from_the_output_equals_the_derivative(name):
    act = ACTIVATIONS[name]
    z = np.linspace(-20.0, 20.0, 81)
    # From the output, 1 - a rounds to a multiple of 2^-53: absolute error below 2^-52.
    np.testing.assert_allclose(
        act.slope(act.forward(z)), act.backward(z), rtol=1e-12, atol=2.3e-16
    )


@pytest.mark.parametrize("z", [1000.0, -1000.0, 1e300, -1e300])
def test_sigmoid_stable_with_no_overflow_warning(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = A.sigmoid(z)
        d = A.sigmoid_derivative(z)
    assert s == (1.0 if z > 0 else 0.0)
    assert d == 0.0


@given(finite)
def test_sigmoid_in_unit_interval(z):
    s = A.sigmoid(z)
    assert 0.0 <= s <= 1.0
    if abs(z) < 30:  # beyond that, float64 rounds to exactly 0 or 1
        assert 0.0 < s < 1.0


@given(finite)
def test_sigmoid_symmetry(z):
    assert A.sigmoid(-z) == pytest.approx(1.0 - A.sigmoid(z), abs=1e-15)


@given(st.floats(min_value=-300, max_value=300, allow_nan=False))
def test_tanh_is_a_scaled_sigmoid(z):
    assert A.tanh(z) == pytest.approx(2.0 * A.sigmoid(2.0 * z) - 1.0, abs=1e-12)


@given(huge)
def test_relu_is_idempotent(z):
    assert A.relu(A.relu(z)) == A.relu(z)


@given(st.lists(finite, min_size=1, max_size=20))
def test_shape_is_kept(values):
    z = np.array(values).reshape(len(values), 1)
    for f in ACTIVATIONS.values():
        assert f(z).shape == z.shape
        assert f.derivative(z).shape == z.shape


def test_scalar_in_gives_float_out():
    assert isinstance(A.sigmoid(0.0), float)
    assert isinstance(A.relu(3), float)


def test_lookup_by_name_is_case_insensitive():
    assert get_activation("Sigmoid") is ACTIVATIONS["sigmoid"]
    assert get_activation(ACTIVATIONS["tanh"]) is ACTIVATIONS["tanh"]


def test_unknown_name_lists_known_ones():
    with pytest.raises(
        ValueError, match="activation must be one of .*'sigmoid'.*got 'softmax'"
    ):
        get_activation("softmax")


def test_non_string_name_is_a_type_error():
    with pytest.raises(TypeError, match="activation must be a name"):
        get_activation(3)


@pytest.mark.parametrize("bad", [np.nan, np.inf, [1.0, np.nan]])
def test_non_finite_input_names_z(bad):
    with pytest.raises(ValueError, match="z must contain only finite numbers"):
        A.sigmoid(bad)


@pytest.mark.parametrize("bad", ["1.0", None, [1, "a"], [[1, 2], [3]], 1 + 2j])
def test_non_numeric_input_names_z(bad):
    with pytest.raises(TypeError, match="^z must"):
        A.tanh(bad)
