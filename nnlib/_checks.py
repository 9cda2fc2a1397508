"""Input checks shared by every public function of nnlib.

Each check raises a ``TypeError`` or ``ValueError`` whose message names the
argument, says what was expected and shows what was given, so a learner never
meets a bare traceback from deep inside numpy.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "as_float_array",
    "as_positive_int",
    "as_positive_float",
    "as_finite_float",
    "overflow_error",
    "lookup",
    "make_rng",
    "check_range",
    "check_layer_sizes",
    "as_function",
    "as_nonnegative_float",
    "as_int_between",
]


def _describe(value: Any) -> str:
    """A short description of ``value`` for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def as_float_array(
    value: Any,
    name: str,
    *,
    ndim: int | Sequence[int] | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
) -> np.ndarray:
    """Convert ``value`` to a float64 array, checking type, shape and finiteness.

    Parameters
    ----------
    value : array_like
        Numbers (a scalar, a list, an array). Booleans, strings, complex
        numbers and objects are refused.
    name : str
        The argument's name, used in error messages.
    ndim : int or sequence of int, optional
        The allowed numbers of dimensions.
    shape : sequence of int or None, optional
        The expected shape; ``None`` in a position accepts any length there.
    finite : bool, default True
        Refuse NaN and infinite entries.

    Returns
    -------
    numpy.ndarray
        A float64 array (a copy only when a conversion was needed).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be a number or an array of numbers; got {_describe(value)}"
        )
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged lists, odd objects
        raise TypeError(
            f"{name} must be a number or a rectangular array of numbers; "
            f"got {_describe(value)}"
        ) from exc
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers (int or float); got {_describe(value)}"
        )
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            wanted = " or ".join(str(d) for d in allowed)
            raise ValueError(
                f"{name} must have {wanted} dimension(s); got shape {arr.shape}"
            )
    if shape is not None:
        if arr.ndim != len(shape) or any(
            want is not None and want != got
            for want, got in zip(shape, arr.shape, strict=False)
        ):
            wanted = (
                "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            )
            raise ValueError(f"{name} must have shape {wanted}; got shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(
            f"{name} must contain only finite numbers; got NaN or infinity in {_describe(arr)}"
        )
    return arr


def as_finite_float(value: Any, name: str) -> float:
    """Check that ``value`` is one finite real number and return it as ``float``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if not (
            isinstance(value, np.ndarray)
            and value.ndim == 0
            and value.dtype.kind in "iuf"
        ):
            raise TypeError(f"{name} must be a real number; got {_describe(value)}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be a finite number; got {out}")
    return out


def as_positive_float(value: Any, name: str) -> float:
    """Check that ``value`` is a finite number greater than zero."""
    out = as_finite_float(value, name)
    if out <= 0:
        raise ValueError(f"{name} must be greater than 0; got {out}")
    return out


def as_nonnegative_float(value: Any, name: str) -> float:
    """Check that ``value`` is a finite number, 0 or more."""
    out = as_finite_float(value, name)
    if out < 0:
        raise ValueError(f"{name} must be 0 or more; got {out}")
    return out


def as_int_between(value: Any, name: str, low: int, high: int) -> int:
    """Check that ``value`` is a whole number from ``low`` to ``high`` (both included)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (int); got {_describe(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}; got {value}")
    return int(value)


def as_function(value: Any, name: str, takes: str = "one number") -> Any:
    """Check that ``value`` can be called; ``takes`` says what, for the message."""
    if not callable(value):
        raise TypeError(
            f"{name} must be a function of {takes}; got {type(value).__name__}"
        )
    return value


def as_positive_int(value: Any, name: str) -> int:
    """Check that ``value`` is a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (int); got {_describe(value)}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1; got {value}")
    return int(value)


def _magnitude(value: Any) -> float:
    """The largest absolute entry of ``value`` (0 for an empty array)."""
    arr = np.abs(np.asarray(value, dtype=np.float64))
    return float(arr.max()) if arr.size else 0.0


def overflow_error(what: str, **inputs: Any) -> ValueError:
    """A ValueError for finite inputs whose result overflows float64.

    Blames the input of largest magnitude and lists them all, e.g.
    ``overflow_error("the loss", m=m, x=x)``. Callers compute inside
    ``np.errstate(over="ignore", invalid="ignore")``, test the result with
    ``np.isfinite`` and raise this, so no RuntimeWarning and no inf or NaN
    reaches the learner.
    """
    sizes = {name: _magnitude(value) for name, value in inputs.items()}
    culprit = max(sizes, key=lambda name: sizes[name])
    listing = ", ".join(f"{name} {size:.3g}" for name, size in sizes.items())
    return ValueError(
        f"{culprit} is too large: {what} is not finite for these inputs (float64 "
        f"overflows beyond about 1.8e308; largest magnitudes: {listing}); use "
        "smaller values, for example rescale the data"
    )


def lookup(
    value: Any,
    table: Mapping[str, Any],
    name: str,
    kind: type,
    aliases: Mapping[str, str] | None = None,
) -> Any:
    """Return ``value`` if it is a ``kind``, else look its name up in ``table``.

    Names are case-insensitive; ``aliases`` maps extra names to keys of
    ``table``. Raises TypeError for anything else and ValueError for an
    unknown name, listing the known ones.
    """
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        example = next(iter(table))
        article = "an" if kind.__name__[0] in "AEIOU" else "a"
        raise TypeError(
            f"{name} must be a name such as {example!r} or {article} {kind.__name__}; "
            f"got {value!r} ({type(value).__name__})"
        )
    key = value.strip().lower()
    key = (aliases or {}).get(key, key)
    if key not in table:
        known = ", ".join(repr(k) for k in [*table, *(aliases or {})])
        raise ValueError(f"{name} must be one of {known}; got {value!r}")
    return table[key]


def make_rng(seed: object, name: str = "seed") -> np.random.Generator:
    """A numpy random generator from a seed: a whole number >= 0, a Generator, or None.

    The same seed always gives the same generator, so the same weights or data.
    ``None`` draws fresh entropy (different on every run).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (int), a numpy Generator or None; "
            f"got {seed!r} ({type(seed).__name__})"
        )
    if seed < 0:
        raise ValueError(f"{name} must be 0 or more; got {seed}")
    return np.random.default_rng(int(seed))


def check_range(value: object, name: str) -> tuple[float, float]:
    """Check that ``value`` is a pair ``(low, high)`` of finite numbers, low < high."""
    pair = as_float_array(value, name, shape=(2,))
    lo, hi = float(pair[0]), float(pair[1])
    if not lo < hi:
        raise ValueError(
            f"{name} must be (low, high) with low < high; got ({lo:g}, {hi:g})"
        )
    return lo, hi


def check_layer_sizes(layer_sizes: object) -> list[int]:
    """``layer_sizes`` as a list of at least two whole numbers 1 or more (inputs first)."""
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence):
        raise TypeError(
            "layer_sizes must be a list of whole numbers such as [2, 16, 1]; "
            f"got {_describe(layer_sizes)}"
        )
    if len(layer_sizes) < 2:
        raise ValueError(
            "layer_sizes must list at least the input and output sizes, e.g. [2, 1]; "
            f"got {list(layer_sizes)}"
        )
    return [as_positive_int(n, f"layer_sizes[{i}]") for i, n in enumerate(layer_sizes)]
