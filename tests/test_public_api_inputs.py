"""Bad input at the whole public API: only documented errors may come out.

The functions and classes under test are DISCOVERED: every name in the
``__all__`` of every nnlib module (classes' public methods too), so a module
added later is covered without editing this file. For each one the test first
finds a valid call by trying candidate arguments chosen from each parameter's
name and annotation (a net for ``net``, an Axes for ``ax``, arrays of a few
shapes for array-like data, ...). Hypothesis then spoils one argument of that
call at a time:

- arrays: another dtype (int, float32, bool, complex, object, str), a random
  shape, a NaN / inf / huge entry, an empty array, not an array at all;
- numbers: NaN, inf, huge, zero, negative, a bool, a string, None, an array;
- names (strings): an unknown name, a number, None.

What must hold, with warnings as errors:

- the call returns, and nothing in the result is NaN; or
- it raises ValueError or TypeError whose message names the spoilt argument
  (and is not a bare numpy message such as a broadcast error).

Never an IndexError, a numpy broadcast error, an overflow warning, a NaN.

Left out: display code (nnlib.plots, nnlib.panels, nnlib.widgets, nnlib.controls;
tests/test_panel_sweep.py drives every panel over its whole range), records
that nnlib itself fills (dataclasses such as ``DescentResult``), exceptions,
and the hot-loop kernels whose docstrings say they do not check
(``Dense.forward``, ``RecurrentCell.step``; ``MLP`` checks at the boundary).

Known bugs are listed in KNOWN_BUGS: the sweep skips the inputs they cover,
and once their owner has finished, test_known_bug pins each one with a strict
xfail, so a fix is noticed (the entry must then go, and the sweep checks
those inputs again).
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import itertools
import math
import pkgutil
import re
import warnings
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import nnlib

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # seeded: the same examples on every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Callables that are not a public entry point for data, with the reason.
_LOOP_PART = "a part of nnlib's own descent loops, unchecked: its callers check"
EXCLUDED: dict[str, str] = {
    "nnlib.sgd.step": _LOOP_PART,
    "nnlib.sgd.update": _LOOP_PART,
    "nnlib.sgd.growth_limit": _LOOP_PART,
    "nnlib.sgd.Batches": _LOOP_PART,
    # Figures of the worked examples: display code, drawn by tests/test_examples.py
    # and the notebooks; the numbers they draw come from the fuzzed functions.
    "nnlib.examples.plot_backprop_stages": "display (a figure)",
    "nnlib.examples.animate_learning": "display (an animation)",
}
# Display code (figures, views, widgets, panels and their helpers) is left
# out: it is driven by tests/test_panel_sweep.py over every value a reader can
# reach, and the data it draws come from the checked numeric API fuzzed here.
DISPLAY_PACKAGES = ("nnlib.plots", "nnlib.panels", "nnlib.widgets", "nnlib.controls")
# Methods documented as unchecked kernels for hot loops (their callers check).
UNCHECKED_MARKERS = ("not re-checked", "unchecked", "does not check")
# ... or whose module says so of all its methods (nnlib.layers).
UNCHECKED_MODULE_MARKERS = ("do not re-check", "does not re-check")


@dataclasses.dataclass(frozen=True)
class Bug:
    """A known bug: the sweep skips the spoilt calls it covers (regexes on the
    callable's qualified name, the argument and the spoil label), and
    test_known_bug pins it with one concrete call that must behave once fixed."""

    id: str
    where: str
    argument: str
    spoil: str
    reason: str
    example: Callable[[], Any] | None = None
    names: str = ""  # the argument the example's error must name, once fixed
    owner: str = ""  # whose module: "ch2-3" or "ch4-6"

    @property
    def pinned(self) -> bool:
        """Pinned by a strict xfail test once its owner has finished their modules;
        until then it is only reported (and skipped by the sweep)."""
        return self.owner in FINISHED_OWNERS

    def covers(self, qualname: str, argument: str, spoil: str) -> bool:
        return bool(
            re.search(self.where, qualname)
            and re.fullmatch(self.argument, argument)
            and re.search(self.spoil, spoil)
        )


HUGE = r"^(special|number):-?1e\+(154|300)$"
# Owners whose modules are done: their bugs get a strict xfail test. (Every
# bug reported here has been fixed: the five Chapters 4-6 bugs, unchecked
# seed, overflow on huge input, NaN from network_numerical_gradients,
# snapshot_steps=None and a start of the wrong length, are now tested in
# tests/test_linear.py, test_gradcheck.py, test_training.py, test_descent.py.)
FINISHED_OWNERS: set[str] = {"ch4-6"}

KNOWN_BUGS: list[Bug] = []


def known_bug(qualname: str, argument: str, spoil: str) -> Bug | None:
    return next((b for b in KNOWN_BUGS if b.covers(qualname, argument, spoil)), None)


NUMPY_INTERNAL = re.compile(
    r"broadcast|gufunc|core dimension|operands|could not convert|index \d+ is out of bounds"
    r"|setting an array element|object of type|has no len|unhashable|not subscriptable",
    re.IGNORECASE,
)


# -- discovery ------------------------------------------------------------------------


def _modules() -> list[Any]:
    mods = [nnlib]
    for info in pkgutil.walk_packages(nnlib.__path__, "nnlib."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            mods.append(importlib.import_module(info.name))
    return mods


def _unchecked(obj: Any, markers: tuple[str, ...] = UNCHECKED_MARKERS) -> bool:
    doc = (inspect.getdoc(obj) or "").lower()
    return any(marker in doc for marker in markers)


def discover() -> dict[str, Any]:
    """Qualified name -> function or class, for every public callable in scope."""
    found: dict[str, Any] = {}
    for mod in _modules():
        if mod.__name__.startswith(DISPLAY_PACKAGES):
            continue
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if inspect.isclass(obj) and (
                dataclasses.is_dataclass(obj) or issubclass(obj, BaseException)
            ):
                continue
            qual = f"{obj.__module__}.{obj.__qualname__}"
            if qual in EXCLUDED or not obj.__module__.startswith("nnlib"):
                continue
            found.setdefault(qual, obj)
    return dict(sorted(found.items()))


def public_methods(cls: type) -> dict[str, Callable]:
    """Public methods (and ``__call__``), except the unchecked kernels: those whose
    docstring, or whose module's docstring, says they do not check."""
    if _unchecked(inspect.getmodule(cls), UNCHECKED_MODULE_MARKERS):
        return {}
    out = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name != "__call__":
            continue
        if (
            name == "__call__"
            and "__call__" not in vars(cls)
            and not any("__call__" in vars(base) for base in cls.__mro__[:-1])
        ):
            continue
        if not inspect.isfunction(member) or _unchecked(member):
            continue
        if isinstance(inspect.getattr_static(cls, name), (classmethod, staticmethod)):
            continue
        out[name] = member
    return out


# -- candidate arguments -----------------------------------------------------------------

ARRAY_SHAPES = [
    (4,),
    (4, 1),
    (4, 2),
    (3,),
    (2,),
    (1,),
    (4, 3),
    (2, 2),
    (2, 4, 1),
    (2, 4, 3),
    (3, 4, 2),
]


def _array(shape: tuple[int, ...]) -> np.ndarray:
    return np.round(
        np.random.default_rng(len(shape) * 7 + sum(shape)).uniform(0.05, 0.95, shape), 3
    )


def _axes() -> Axes:
    return Figure(figsize=(3, 2), dpi=50).add_subplot()


def _net(sizes, out="sigmoid"):
    from nnlib.network import MLP

    return MLP(sizes, activation="tanh", output_activation=out, seed=0)


def _linear_net():
    from nnlib.network import MLP

    return MLP([2, 3, 1], activation="identity", output_activation="identity", seed=0)


def _descent_result():
    from nnlib import linear
    from nnlib.descent import gradient_descent

    x, y = linear.line_data(n=5)
    return gradient_descent(linear.objective(x, y), [0.0, 0.0], 0.1, max_steps=5)


def _neuron():
    from nnlib.neuron import Neuron

    return Neuron([0.5, -0.2, 0.1], 0.1, "sigmoid")


def _objective():
    from nnlib import linear

    return linear.objective(*linear.line_data(n=5))


def _sum_of_squares(v):
    return float(np.sum(np.asarray(v, dtype=float) ** 2))


BY_NAME: list[tuple[str, list[Callable[[], Any]]]] = [
    (r"^(ax|axes)$", [_axes]),
    (r"^fig(ure)?$", [lambda: None, lambda: Figure(figsize=(3, 2), dpi=50)]),
    (
        r"^(net|network|model)$",
        [
            lambda: _net([2, 3, 1]),
            lambda: _net([1, 4, 1], "identity"),
            lambda: _net([3, 2, 1]),
            _linear_net,
        ],
    ),
    (r"^neuron$", [_neuron]),
    (
        r"^((output_)?activation|name)$",
        [lambda: "tanh", lambda: "sigmoid", lambda: "identity"],
    ),
    (r"^loss$", [lambda: "mse", lambda: "binary_cross_entropy"]),
    (r"^rng$", [lambda: np.random.default_rng(0)]),
    (r"^seed$", [lambda: 0]),
    (r"^(layer_)?sizes$", [lambda: [2, 3, 1], lambda: [1, 4, 1], lambda: [3, 2]]),
    (r"^names$", [lambda: None, lambda: ["sigmoid", "tanh"]]),
    (r"^(f|func|fn)$", [lambda: _sum_of_squares, lambda: lambda w: (w - 1.0) ** 2]),
    (
        r"^(df|gradient|derivative)$",
        [
            lambda: lambda v: 2 * np.asarray(v, dtype=float),
            lambda: lambda w: 2.0 * (w - 1.0),
        ],
    ),
    (r"^objective$", [_objective]),
    (r"^predict(or)?$", [lambda: _net([2, 3, 1]).predict]),
    (r"^result$", [_descent_result]),
    (r"^results$", [lambda: [_descent_result()]]),
    (r"^labels$", [lambda: ["a"]]),
    (r"^colou?rs$", [lambda: None, lambda: ["#0072B2"]]),
    (r"^colou?r$", [lambda: "#0072B2"]),
    (r"^(label|title|caption|description)$", [lambda: "a", lambda: None]),
    (r"_format$", [lambda: ".2f"]),
    (r"^(input|output)_names?$", [lambda: None, lambda: "Y"]),
    (r"^start$", [lambda: [0.0, 0.0], lambda: [0.5], lambda: [-0.3, -1.2]]),
    (r"(range|window|lim|half_widths)$", [lambda: (-1.0, 1.0), lambda: (0.5, 0.5)]),
]

BY_ANNOTATION: list[tuple[str, list[Callable[[], Any]]]] = [
    (r"NeuronSteps", [lambda: _neuron().steps([1.0, 0.5, 2.0])]),
    (r"DescentResult", [_descent_result]),
    (r"\bMLP\b", [lambda: _net([2, 3, 1]), lambda: _net([1, 4, 1], "identity")]),
    (r"\bNeuron\b", [_neuron]),
    (r"\bAxes\b", [_axes]),
    (r"^bool", [lambda: True, lambda: False]),
    (r"^int\b", [lambda: 3, lambda: 1, lambda: 2, lambda: 10]),
    (r"^float\b", [lambda: 0.5, lambda: 1.0, lambda: 0.1, lambda: 2.0]),
    (r"^str\b", [lambda: "a"]),
]

ARRAY_CANDIDATES = [lambda s=s: _array(s) for s in ARRAY_SHAPES] + [
    lambda: 0.5,
    lambda: np.array([-1.0, 1.0]),  # a (low, high) pair
]


def candidates(param: inspect.Parameter) -> list[Callable[[], Any]]:
    if param.name == "name" and "Activation" not in str(param.annotation):
        return [lambda: "the_value"]  # a checker's "name to use in messages"
    for pattern, makers in BY_NAME:
        if re.search(pattern, param.name):
            return makers
    annotation = (
        param.annotation
        if isinstance(param.annotation, str)
        else getattr(param.annotation, "__name__", str(param.annotation))
    )
    for pattern, makers in BY_ANNOTATION:
        if re.search(pattern, annotation or ""):
            return makers
    return ARRAY_CANDIDATES  # object / ndarray / no annotation: data


# -- what a result may hold -----------------------------------------------------------------


def find_nan(value: Any, where: str = "result", depth: int = 0) -> str | None:
    """Where a NaN sits in ``value`` (arrays, numbers, containers, records), or None."""
    if depth > 3:
        return None
    if isinstance(value, float | np.floating | complex | np.complexfloating):
        return where if np.isnan(value) else None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and np.isnan(value).any():
            return where
        return None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    elif type(value).__module__.startswith("nnlib") and hasattr(value, "__dict__"):
        items = vars(value).items()
    else:
        return None
    for key, item in items:
        found = find_nan(item, f"{where}[{key!r}]", depth + 1)
        if found:
            return found
    return None


def call_clean(fn: Callable, kwargs: dict[str, Any]) -> Any:
    """Call with warnings as errors; raise AssertionError on a NaN in the result."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = fn(**kwargs)
    finally:
        plt.close("all")  # functions that make their own pyplot figure
    where = find_nan(result)
    if where is not None:
        raise AssertionError(f"silent NaN at {where}")
    return result


# -- finding a valid call ----------------------------------------------------------------------


def _required(sig: inspect.Signature) -> list[inspect.Parameter]:
    return [
        p
        for p in sig.parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and p.name != "self"
    ]


def find_valid_call(fn: Callable, budget: int = 2000) -> dict[str, Any] | None:
    """Keyword arguments for which ``fn`` runs cleanly, or None if none is found."""
    sig = inspect.signature(fn)
    required = _required(sig)
    lists = [candidates(p) for p in required]
    combos = sorted(itertools.product(*[range(len(c)) for c in lists]), key=sum)[
        :budget
    ]
    for combo in combos:
        kwargs = {
            p.name: lists[i][j]()
            for i, (p, j) in enumerate(zip(required, combo, strict=True))
        }
        try:
            call_clean(fn, kwargs)
        except Exception:  # noqa: BLE001 - this combination is not a valid call
            continue
        return kwargs
    return None


class Target:
    """One callable under test: a function, a class (its constructor) or a
    method of an instance made from the class's valid call."""

    def __init__(
        self, qualname: str, fn: Callable, make_self: Callable[[], Any] | None = None
    ):
        self.qualname = qualname
        self.fn = fn
        self.make_self = make_self  # for methods: builds a fresh instance
        self._valid: dict[str, Any] | None | bool = False

    def bound(self) -> Callable:
        return (
            getattr(self.make_self(), self.fn.__name__) if self.make_self else self.fn
        )

    @property
    def signature(self) -> inspect.Signature:
        return inspect.signature(self.bound())

    def valid_call(self) -> dict[str, Any] | None:
        if self._valid is False:
            self._valid = find_valid_call(self.bound())
        return self._valid  # type: ignore[return-value]


def targets() -> list[Target]:
    out = []
    for qual, obj in discover().items():
        out.append(Target(qual, obj))
        if inspect.isclass(obj):
            ctor = Target(qual, obj)

            def make(ctor=ctor, cls=obj):
                kwargs = ctor.valid_call()
                if kwargs is None:
                    pytest.skip(f"no valid call found for {cls.__name__}()")
                return cls(**_fresh(ctor, kwargs))

            forward = Target(f"{qual}.forward", getattr(obj, "forward", None), make)

            def make_after_forward(make=make, forward=forward):
                # backward() needs the caches of a forward pass first
                instance = make()
                kwargs = forward.valid_call()
                if kwargs is not None:
                    instance.forward(**_fresh(forward, kwargs))
                return instance

            for name, method in public_methods(obj).items():
                maker = make_after_forward if name == "backward" else make
                out.append(Target(f"{qual}.{name}", method, maker))
    return out


def _fresh(target: Target, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The valid call's arguments made anew (calls may change nets and axes)."""
    fresh = {}
    for key, value in kwargs.items():
        if isinstance(value, Axes):
            fresh[key] = _axes()
        elif isinstance(value, Figure):
            fresh[key] = Figure(figsize=(3, 2), dpi=50)
        else:
            fresh[key] = copy.deepcopy(value)
    return fresh


TARGETS = targets()


# -- spoiling one argument -------------------------------------------------------------------

SPECIALS = [math.nan, math.inf, -math.inf, 1e300, -1e300, 1e154, -1e154]


@st.composite
def spoilt_array(draw, valid: Any) -> tuple[str, Any]:
    arr = np.asarray(valid) if valid is not None else np.asarray(0.5)
    kind = draw(st.sampled_from(["dtype", "shape", "special", "empty", "not_array"]))
    if kind == "dtype":
        dtype = draw(
            st.sampled_from(
                ["int", "float32", "bool", "complex", "object", "str", "list"]
            )
        )
        value = {
            "int": lambda: np.round(arr).astype(np.int64),
            "float32": lambda: arr.astype(np.float32),
            "bool": lambda: arr > 0.5,
            "complex": lambda: arr.astype(complex) + 1j,
            "object": lambda: arr.astype(object),
            "str": lambda: arr.astype(str),
            "list": lambda: arr.tolist(),
        }[dtype]()
        return f"dtype:{dtype}", value
    if kind == "shape":
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
        value = draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2, width=32)))
        return "shape", value
    if kind == "special":
        special = draw(st.sampled_from(SPECIALS))
        value = np.array(arr, dtype=np.float64, copy=True)
        if value.ndim == 0 or value.size == 0:
            return f"special:{special}", special
        flat = value.reshape(-1)
        flat[draw(st.integers(0, flat.size - 1))] = special
        return f"special:{special}", value
    if kind == "empty":
        shape = (0,) + arr.shape[1:] if arr.ndim else (0,)
        return "empty", np.zeros(shape)
    return "not_array", draw(
        st.sampled_from([None, "abc", [[1.0, 2.0], [3.0]], {"a": 1.0}])
    )


def spoilt_number(valid: Any) -> st.SearchStrategy[tuple[str, Any]]:
    values = [
        math.nan,
        math.inf,
        -math.inf,
        1e300,
        -1e300,
        0,
        -1,
        -0.5,
        True,
        "1",
        None,
        1 + 2j,
        np.array([0.5, 0.5]),
    ]
    if isinstance(valid, int):
        values += [2.5, 0.0]
    return st.sampled_from([(f"number:{v!r}", v) for v in values])


def spoilt_name() -> st.SearchStrategy[tuple[str, Any]]:
    return st.sampled_from(
        [("name:unknown", "no_such_name"), ("name:int", 3), ("name:None", None)]
    )


def data_kind(param: inspect.Parameter, valid: Any) -> str | None:
    """How to spoil this argument: 'array', 'number', 'name', or None (leave it)."""
    makers = candidates(param)
    if re.search(r"^(seed)$", param.name):
        return "number"
    if makers is ARRAY_CANDIDATES or isinstance(valid, np.ndarray):
        return "array"
    if isinstance(valid, bool):
        return None
    if isinstance(valid, int | float) and not isinstance(valid, bool):
        return "number"
    if isinstance(valid, str) and re.search(r"activation|loss|^name$", param.name):
        return "name"
    if isinstance(valid, list | tuple) and all(
        isinstance(v, int | float) for v in valid
    ):
        return "array"
    return None


def spoilable(target: Target) -> dict[str, str]:
    kwargs = target.valid_call()
    if kwargs is None:
        return {}
    out = {}
    for p in target.signature.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        valid = kwargs.get(p.name, p.default)
        kind = data_kind(p, valid)
        if kind is not None:
            out[p.name] = kind
    return out


def message_names(exc: BaseException, name: str) -> bool:
    text = str(exc)
    return (
        re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text)
        is not None
    )


# -- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=[t.qualname for t in TARGETS])
def test_bad_input_gives_a_named_error_never_garbage(target: Target):
    kwargs = target.valid_call()
    if kwargs is None:
        pytest.skip(
            f"no valid call found for {target.qualname}; only its errors on "
            "spoilt input could be checked"
        )
    params = spoilable(target)
    if not params:
        pytest.skip(f"{target.qualname} takes no data argument")

    @SETTINGS
    @given(data=st.data())
    def check(data):
        name = data.draw(st.sampled_from(sorted(params)), label="argument")
        valid = kwargs.get(name, target.signature.parameters[name].default)
        kind = params[name]
        if kind == "array":
            spoil, value = data.draw(spoilt_array(valid), label="spoil")
        elif kind == "number":
            spoil, value = data.draw(spoilt_number(valid), label="spoil")
        else:
            spoil, value = data.draw(spoilt_name(), label="spoil")
        if known_bug(target.qualname, name, spoil):
            return  # a known bug, see KNOWN_BUGS and test_known_bug
        call = _fresh(target, kwargs)
        call[name] = value
        fn = target.bound()
        try:
            call_clean(fn, call)
        except (ValueError, TypeError) as exc:
            # A shape that does not fit another argument may be blamed on either.
            names = [name] + (list(call) if spoil in ("shape", "empty") else [])
            if isinstance(call.get("name"), str):  # a checker reports under this name
                names.append(call["name"])
            assert any(message_names(exc, n) for n in names), (
                f"{target.qualname}({name}=<{spoil}>) raised {type(exc).__name__} "
                f"without naming {name!r}: {exc}"
            )
            assert not NUMPY_INTERNAL.search(str(exc)), (
                f"{target.qualname}({name}=<{spoil}>) let a numpy error through: {exc}"
            )
        except AssertionError:
            raise
        except Exception as exc:  # noqa: BLE001 - anything else is the failure we look for
            raise AssertionError(
                f"{target.qualname}({name}=<{spoil}>) raised {type(exc).__name__}: {exc}"
            ) from exc

    check()


PINNED = [b for b in KNOWN_BUGS if b.pinned and b.example is not None]


@pytest.mark.parametrize(
    "bug",
    [
        pytest.param(
            b, marks=pytest.mark.xfail(strict=True, reason=f"{b.id}: {b.reason}")
        )
        for b in PINNED
    ],
    ids=[b.id for b in PINNED],
)
def test_known_bug(bug: Bug):
    """Once fixed, the example gives a clean result or a ValueError/TypeError
    naming the argument; then this test XPASSes (strict: fails) and the entry
    must leave KNOWN_BUGS, so the sweep checks those inputs again."""
    try:
        call_clean(lambda: bug.example(), {})
    except (ValueError, TypeError) as exc:
        assert message_names(exc, bug.names), f"{bug.id}: {exc}"
        assert not NUMPY_INTERNAL.search(str(exc)), f"{bug.id}: {exc}"


def test_discovery_finds_the_core_api():
    names = {t.qualname for t in TARGETS}
    for expected in [
        "nnlib.activations.sigmoid",
        "nnlib.neuron.Neuron",
        "nnlib.neuron.Neuron.__call__",
    ]:
        assert expected in names


def test_most_callables_get_a_valid_call():
    """The candidate tables must keep up with the API: report what they miss."""
    missing = [t.qualname for t in TARGETS if t.valid_call() is None]
    assert len(missing) <= len(TARGETS) // 5, f"no valid call found for {missing}"


def test_the_checks_can_fail():
    def silent_nan(x):
        return np.asarray(x, dtype=float) * np.nan

    with pytest.raises(AssertionError, match="silent NaN"):
        call_clean(silent_nan, {"x": [1.0]})

    def overflow(x):
        return np.asarray(x, dtype=float) * 1e300

    with pytest.raises(RuntimeWarning, match="overflow"):
        call_clean(overflow, {"x": [1e300]})
    assert message_names(ValueError("y_hat and y must have the same shape"), "y")
    assert not message_names(ValueError("y_hat must be finite"), "y")
    assert NUMPY_INTERNAL.search(
        "operands could not be broadcast together with shapes (3,) (4,)"
    )


# -- gradient descent that diverges stops and says where, with which lr, what to do -----

SUGGESTION = re.compile(r"smaller|below|reduce|lower", re.IGNORECASE)


def _assert_divergence_reported(result: Any, lr: float) -> None:
    assert isinstance(result.diverged_at, int) and result.diverged_at >= 1
    assert f"step {result.diverged_at}" in result.message, result.message
    assert f"{lr:.3g}" in result.message, result.message
    assert SUGGESTION.search(result.message), f"no suggestion in: {result.message}"


@SETTINGS
@given(exponent=st.floats(-3.0, 300.0))
def test_descent_that_diverges_stops_and_says_step_lr_and_what_to_try(exponent):
    from nnlib import linear
    from nnlib.descent import DivergenceError, gradient_descent

    x, y = linear.line_data()
    lr = 10.0**exponent
    stable = linear.max_stable_lr(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = gradient_descent(linear.objective(x, y), [0.0, 0.0], lr, max_steps=300)
    assert np.isfinite(result.path).all() and np.isfinite(result.losses).all()
    if lr < stable:
        assert not result.diverged, result.message
    if lr > 1.5 * stable:  # far enough above to blow up within 300 steps
        assert result.diverged, result.message
    if result.diverged:
        _assert_divergence_reported(result, lr)
        with pytest.raises(DivergenceError, match=f"step {result.diverged_at}"):
            result.raise_if_diverged()


@settings(SETTINGS, max_examples=10)
@given(exponent=st.floats(0.5, 300.0))
def test_training_that_diverges_stops_and_says_step_lr_and_what_to_try(exponent):
    from nnlib.datasets import noisy_curve
    from nnlib.network import MLP
    from nnlib.training import train

    X, y = noisy_curve()
    lr = 10.0**exponent  # >= 3: far above what this regression tolerates
    net = MLP([1, 8, 1], activation="tanh", output_activation="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = train(net, X, y, loss="mse", lr=lr, max_steps=300)
    assert result.diverged, result.message
    assert np.isfinite(result.losses).all()
    assert all(np.isfinite(p).all() for p in net.parameters().values())
    _assert_divergence_reported(result, lr)
