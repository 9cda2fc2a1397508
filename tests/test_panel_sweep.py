"""Every slider of every panel, swept over its whole range.

The panels are found through the registry (importing :mod:`nnlib.panels`
imports every chapter's module), so a new panel is swept without editing this
file. For each panel:

- each control alone goes over its whole range while the others keep their
  defaults: both ends and at least 10 points between for a slider, every
  option for a dropdown, both states for a checkbox;
- the corners, where all controls sit at their extremes together: all 2^k
  of them when there are few controls, else a seeded sample (always with the
  all-low and all-high corners).

Warnings are errors. After every change, every value the figure plots must be
finite (lines, images, collections, patches, text positions, axis limits) and
no text on it, nor the readout under it, may show ``nan`` or ``inf``.

To stay fast, the interior points of a sweep only call the panel's update
function (artists change, nothing is rendered); the ends and the corners go
through :meth:`SliderPanel.set`, which also renders the PNG, so errors that
only appear when matplotlib draws (bad mathtext, layout) are caught too.
"""

from __future__ import annotations

import itertools
import random
import re
import warnings
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.collections import Collection, LineCollection, QuadMesh
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

import nnlib.panels  # noqa: F401 - importing it registers every panel
from nnlib.plots.style import use_book_style
from nnlib.widgets import PANEL_FACTORIES, SliderPanel

PANELS = sorted(PANEL_FACTORIES)
N_BETWEEN = 10  # interior points per slider, at least
ALL_CORNERS_UP_TO = 5  # controls; beyond that, a seeded sample of corners
N_SAMPLED_CORNERS = 32
NOT_FINITE_TEXT = re.compile(r"(?<![a-z])(nan|[-+]?inf)(?![a-z])", re.IGNORECASE)


# -- the values to visit --------------------------------------------------------


def _option_values(control: widgets.ValueWidget) -> list[Any]:
    values = []
    for option in control.options:
        if (
            isinstance(option, tuple)
            and len(option) == 2
            and isinstance(option[0], str)
        ):
            values.append(option[1])  # (label, value) pairs
        else:
            values.append(option)
    return values


def _is_choice(control: widgets.ValueWidget) -> bool:
    return hasattr(control, "options") and not isinstance(
        control, (widgets.SelectionRangeSlider, widgets.SelectMultiple)
    )


def sweep_values(control: widgets.ValueWidget) -> list[Any]:
    """Both ends and >= N_BETWEEN points between (on the step grid when it has
    enough points), every option of a choice, both states of a checkbox."""
    if _is_choice(control):
        return _option_values(control)
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [False, True]
    lo, hi = control.min, control.max
    if isinstance(control.value, (tuple, list)):  # a range slider: move both ends
        inner = np.linspace(lo, hi, N_BETWEEN + 2)
        pairs = (
            [(lo, lo), (hi, hi), (lo, hi)]
            + [(lo, v) for v in inner]
            + [(v, hi) for v in inner]
        )
        cast = int if isinstance(control.value[0], int) else float
        return [(cast(a), cast(b)) for a, b in pairs]
    if isinstance(control, widgets.FloatLogSlider):
        exps = np.linspace(lo, hi, N_BETWEEN + 2)
        return [float(control.base**e) for e in exps]
    if isinstance(control.value, int):
        n = hi - lo + 1
        points = (
            range(lo, hi + 1)
            if n <= N_BETWEEN + 2
            else np.linspace(lo, hi, N_BETWEEN + 2)
        )
        return sorted({int(round(v)) for v in points} | {lo, hi})
    step = getattr(control, "step", None) or 0
    grid_points = int(round((hi - lo) / step)) + 1 if step > 0 else 0
    if grid_points >= N_BETWEEN + 2:
        # on the step grid, as the browser would send them
        idx = np.unique(np.round(np.linspace(0, grid_points - 1, N_BETWEEN + 2)))
        values = [min(hi, lo + k * step) for k in idx]
    else:
        values = list(np.linspace(lo, hi, N_BETWEEN + 2))
    return sorted({float(v) for v in values} | {float(lo), float(hi)})


def extremes(control: widgets.ValueWidget) -> list[Any]:
    """The ends of a control's range (all options of a small choice)."""
    values = sweep_values(control)
    if _is_choice(control) and len(values) <= 3:
        return values
    return [values[0], values[-1]] if len(values) > 1 else values


def corners(panel: SliderPanel, seed: int = 0) -> Iterator[dict[str, Any]]:
    keys = list(panel.controls)
    ends = [extremes(panel.controls[k]) for k in keys]
    total = int(np.prod([len(e) for e in ends]))
    if len(keys) <= ALL_CORNERS_UP_TO and total <= 2**ALL_CORNERS_UP_TO:
        for combo in itertools.product(*ends):
            yield dict(zip(keys, combo, strict=True))
        return
    rng = random.Random(seed)
    yield {k: e[0] for k, e in zip(keys, ends, strict=True)}
    yield {k: e[-1] for k, e in zip(keys, ends, strict=True)}
    for _ in range(N_SAMPLED_CORNERS - 2):
        yield {k: rng.choice(e) for k, e in zip(keys, ends, strict=True)}


# -- what must hold after every change ---------------------------------------------


def _finite(values: Any) -> bool:
    # The raw data, masked entries included: matplotlib masks NaN and inf
    # itself (they would show as holes), so a mask must not hide them here.
    try:
        arr = np.asarray(np.ma.getdata(values), dtype=float)
    except (TypeError, ValueError):  # categorical or unit data: not numbers
        return True
    return bool(np.isfinite(arr).all())


def _check_text(text: str, where: str) -> None:
    found = NOT_FINITE_TEXT.search(text or "")
    assert found is None, f"{where} shows {found.group(0)!r}: {text!r}"


def assert_figure_finite(fig: Figure, readout: str | None, where: str) -> None:
    """Every plotted value is finite and no text says nan or inf."""
    for i, ax in enumerate(fig.axes):
        assert _finite(ax.get_xlim()) and _finite(ax.get_ylim()), (
            f"{where}: axes {i} has limits {ax.get_xlim()}, {ax.get_ylim()}"
        )
    for artist in fig.findobj():
        if not artist.get_visible():
            continue
        name = f"{where}: {type(artist).__name__} {artist.get_label()!r}"
        if isinstance(artist, Line2D):
            assert _finite(artist.get_xdata()) and _finite(artist.get_ydata()), (
                f"{name} plots non-finite data"
            )
        elif isinstance(artist, AxesImage):
            assert _finite(artist.get_array()), f"{name} holds non-finite pixels"
        elif isinstance(artist, Collection):
            assert _finite(artist.get_offsets()), f"{name} has non-finite offsets"
            if isinstance(artist, LineCollection):
                assert all(_finite(s) for s in artist.get_segments()), (
                    f"{name}: segments"
                )
            elif isinstance(artist, QuadMesh):
                assert _finite(artist.get_array()), f"{name} holds non-finite values"
            else:
                assert all(_finite(p.vertices) for p in artist.get_paths()), (
                    f"{name} has non-finite vertices"
                )
        elif isinstance(artist, Patch):
            verts = artist.get_patch_transform().transform(artist.get_path().vertices)
            assert _finite(verts), f"{name} has non-finite vertices"
        elif isinstance(artist, Text):
            _check_text(artist.get_text(), name)
            assert _finite(artist.get_position()), (
                f"{name} sits at a non-finite position"
            )
    if readout is not None:
        _check_text(readout, f"{where}: readout")


# -- the tests --------------------------------------------------------------------


@pytest.fixture
def strict():
    """Warnings are errors (pyproject.toml says so too; this keeps it true
    whatever the command line)."""
    with mpl.rc_context(), warnings.catch_warnings():  # the book's style, then back
        use_book_style()
        warnings.simplefilter("error")
        yield


def _build(name: str) -> SliderPanel:
    panel = PANEL_FACTORIES[name]()
    assert isinstance(panel, SliderPanel), f"{name}() must return a SliderPanel"
    assert panel.image.value, f"{name}: no image rendered at construction"
    assert_figure_finite(panel.figure, panel.readout.value, f"{name} at its defaults")
    return panel


@pytest.mark.parametrize("name", PANELS)
def test_every_control_over_its_whole_range(name, strict):
    panel = _build(name)
    defaults = panel.values
    # The update function drawn once; calling it changes the artists in place
    # without rendering (the ends below are rendered through set()).
    update = panel._update
    for key, control in panel.controls.items():
        values = sweep_values(control)
        if not _is_choice(control) and not isinstance(control, widgets.Checkbox):
            assert len(values) >= min(N_BETWEEN + 2, _grid_size(control)), (
                f"{name}.{key}: only {len(values)} sweep points"
            )
        for value in values:
            where = f"{name} with {key}={value!r}"
            text = update(**{**defaults, key: value})
            assert_figure_finite(panel.figure, text, where)
        for value in extremes(control):  # the ends again, rendered for real
            where = f"{name} with {key}={value!r} (rendered)"
            before = panel.render_count
            panel.set(**{**defaults, key: value})
            assert panel.render_count == before + 1 and panel.image.value
            assert_figure_finite(panel.figure, panel.readout.value, where)
        panel.set(**defaults)


def _grid_size(control: widgets.ValueWidget) -> int:
    if isinstance(control.value, int) and not isinstance(control.value, bool):
        return control.max - control.min + 1
    return N_BETWEEN + 2


@pytest.mark.parametrize("name", PANELS)
def test_corners_where_controls_sit_at_their_extremes(name, strict):
    panel = _build(name)
    for corner in corners(panel):
        panel.set(**corner)
        assert_figure_finite(
            panel.figure, panel.readout.value, f"{name} at corner {corner}"
        )


def test_the_registry_is_not_empty():
    assert PANELS, "no panel registered: is nnlib/panels/ importing its modules?"


# -- the checker must be able to fail ------------------------------------------------


def test_the_checker_catches_non_finite_values():
    fig = Figure()
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 1])
    assert_figure_finite(fig, "loss = 0.25", "clean")
    line.set_ydata([0, np.nan])
    with pytest.raises(AssertionError, match="non-finite"):
        assert_figure_finite(fig, None, "nan line")
    line.set_ydata([0, 1])
    ax.set_title("loss = nan")
    with pytest.raises(AssertionError, match="shows 'nan'"):
        assert_figure_finite(fig, None, "nan title")
    ax.set_title("information about the infinite")  # words, not numbers
    assert_figure_finite(fig, "E = 1.00", "words")
    with pytest.raises(AssertionError, match="shows '-inf'"):
        assert_figure_finite(fig, "E = -inf", "readout")
    ax.imshow(np.array([[0.0, np.inf]]))
    with pytest.raises(AssertionError, match="non-finite pixels"):
        assert_figure_finite(fig, None, "image")


def test_sweep_values_cover_ends_and_between():
    s = widgets.FloatSlider(value=0.0, min=-2.0, max=2.0, step=0.1)
    values = sweep_values(s)
    assert values[0] == -2.0 and values[-1] == 2.0 and len(values) >= N_BETWEEN + 2
    i = widgets.IntSlider(value=1, min=1, max=4)
    assert sweep_values(i) == [1, 2, 3, 4]
    d = widgets.Dropdown(options=[("one", 1), ("two", 2)], value=1)
    assert sweep_values(d) == [1, 2]
    log = widgets.FloatLogSlider(value=0.1, min=-3, max=0, base=10)
    assert sweep_values(log)[0] == pytest.approx(1e-3)
    assert sweep_values(log)[-1] == pytest.approx(1.0)
