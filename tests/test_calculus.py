"""nnlib.calculus against closed forms and hand-worked numbers."""

import math

import numpy as np
import pytest

from nnlib.calculus import (
    central_difference,
    chain_rule_links,
    forward_difference,
    partial_derivatives,
    sigmoid_neuron_error,
    tangent_line,
)


def test_central_difference_of_a_square_is_exact():
    # (x+h)^2 - (x-h)^2 = 4xh, so the estimate is 2x for every h
    for h in (1.0, 0.5, 1e-3):
        assert central_difference(lambda x: x**2, 3.0, h) == pytest.approx(
            6.0, abs=1e-9
        )


def test_forward_difference_of_a_square_is_off_by_h():
    # ((x+h)^2 - x^2)/h = 2x + h
    assert forward_difference(lambda x: x**2, 3.0, 0.5) == pytest.approx(6.5)
    assert forward_difference(lambda x: x**2, 3.0, 0.1) == pytest.approx(6.1)


def test_central_difference_of_a_cube_is_off_by_h_squared():
    # ((x+h)^3 - (x-h)^3)/(2h) = 3x^2 + h^2
    for h in (1.0, 0.1):
        assert central_difference(lambda x: x**3, 2.0, h) == pytest.approx(12.0 + h * h)


def test_central_difference_matches_known_derivatives():
    xs = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(central_difference(np.sin, xs), np.cos(xs), atol=1e-9)
    np.testing.assert_allclose(central_difference(np.exp, xs), np.exp(xs), rtol=1e-9)


def test_tangent_line_touches_and_has_the_slope():
    xs = np.array([0.0, 1.0, 2.0])
    line = tangent_line(lambda x: x**2, 1.0, xs)
    np.testing.assert_allclose(line, [-1.0, 1.0, 3.0], atol=1e-8)  # y = 2x - 1


def test_partial_derivatives_is_the_gradient():
    f = lambda p: p[0] ** 2 + 3 * p[0] * p[1]  # noqa: E731
    # d/dp0 = 2 p0 + 3 p1 = 2 + 6 = 8, d/dp1 = 3 p0 = 3 at (1, 2)
    np.testing.assert_allclose(
        partial_derivatives(f, [1.0, 2.0]), [8.0, 3.0], atol=1e-8
    )


def test_sigmoid_neuron_error_hand_worked():
    # w = 0: y_hat = sigma(0) = 0.5, E = (0.5 - 1)^2 = 0.25
    assert sigmoid_neuron_error(0.0, 2.0, 1.0) == pytest.approx(0.25)
    ws = np.array([0.0, 1.0])
    expected = [(1 / (1 + math.exp(-w * 2.0)) - 1.0) ** 2 for w in ws]
    np.testing.assert_allclose(sigmoid_neuron_error(ws, 2.0, 1.0), expected)


def test_chain_rule_links_hand_worked_at_zero():
    links = chain_rule_links(0.0, 2.0, 1.0)
    # dE/dy_hat = 2(0.5 - 1) = -1, dy_hat/dz = 0.25, dz/dw = 2: product -0.5
    assert links["dE_dyhat"] == pytest.approx(-1.0)
    assert links["dyhat_dz"] == pytest.approx(0.25)
    assert links["dz_dw"] == 2.0
    assert links["dE_dw"] == pytest.approx(-0.5)


@pytest.mark.parametrize("w", [-2.0, -0.3, 0.0, 0.8, 3.0])
def test_chain_rule_product_equals_the_measured_slope(w):
    links = chain_rule_links(w, 1.5, 0.2)
    measured = central_difference(lambda v: sigmoid_neuron_error(v, 1.5, 0.2), w, 1e-6)
    assert links["dE_dw"] == pytest.approx(measured, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: central_difference(np.sin, 1.0, 0.0), "h"),
        (lambda: central_difference(np.sin, 1.0, -1.0), "h"),
        (lambda: forward_difference(3.0, 1.0), "f must be"),
        (lambda: central_difference(np.sin, float("nan")), "x must be a finite number"),
        (lambda: central_difference(np.sin, "one"), "x must be a number or an array"),
        (lambda: central_difference(np.sin, [1 + 2j]), "x must hold real numbers"),
        (lambda: central_difference(np.exp, 1e300, 1.0), "too large"),
        (lambda: partial_derivatives(np.sum, [[1.0, 2.0]]), "point must be a vector"),
        (lambda: chain_rule_links(1.0, float("inf"), 0.0), "x must be a finite number"),
        (lambda: tangent_line(np.sin, None, [0.0]), "x0 must be a real number"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()
