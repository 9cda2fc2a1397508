"""Central differences against known derivatives; the checker catches a wrong one."""

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
