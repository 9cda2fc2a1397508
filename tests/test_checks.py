"""The shared argument checks: each accepts what it should and names the argument."""

import numpy as np
import pytest

from nnlib._checks import (
    as_function,
    as_int_between,
    as_nonnegative_float,
    check_layer_sizes,
)


def test_as_nonnegative_float_takes_zero_and_refuses_below():
    assert as_nonnegative_float(0, "noise") == 0.0
    assert as_nonnegative_float(np.float32(2.5), "noise") == 2.5
    with pytest.raises(ValueError, match=r"noise must be 0 or more; got -0.1"):
        as_nonnegative_float(-0.1, "noise")
    with pytest.raises(ValueError, match="noise must be a finite number"):
        as_nonnegative_float(float("inf"), "noise")


def test_as_int_between_includes_both_ends():
    assert as_int_between(0, "iterations", 0, 30) == 0
    assert as_int_between(np.int64(30), "iterations", 0, 30) == 30
    with pytest.raises(ValueError, match="iterations must be between 0 and 30; got 31"):
        as_int_between(31, "iterations", 0, 30)
    for bad in (True, 2.0, "3"):
        with pytest.raises(TypeError, match="iterations must be a whole number"):
            as_int_between(bad, "iterations", 0, 30)


def test_as_function_returns_it_or_says_what_it_should_take():
    assert as_function(abs, "f") is abs
    with pytest.raises(TypeError, match="f must be a function of a vector; got float"):
        as_function(3.0, "f", "a vector")


def test_check_layer_sizes():
    assert check_layer_sizes((2, np.int64(3), 1)) == [2, 3, 1]
    with pytest.raises(ValueError, match="at least the input and output sizes"):
        check_layer_sizes([3])
    with pytest.raises(ValueError, match=r"layer_sizes\[1\] must be at least 1"):
        check_layer_sizes([3, 0])
    with pytest.raises(TypeError, match="layer_sizes must be a list"):
        check_layer_sizes("21")
