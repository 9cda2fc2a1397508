"""SliderPanel: the figure is built once and its artists change in place."""

from unittest import mock

import ipywidgets as widgets
import numpy as np
import pytest

from nnlib.controls import slider
from nnlib.png import encode_png
from nnlib.widgets import SliderPanel, mark_animated


def line_panel():
    calls = {"draw": 0}

    def draw(fig):
        calls["draw"] += 1
        ax = fig.add_subplot()
        x = np.linspace(0, 1, 5)
        (line,) = ax.plot(x, 0 * x)

        def update(a, b):
            line.set_ydata(a * x + b)
            return f"a = {a:.2f}, b = {b:.2f}"

        return update

    panel = SliderPanel(
        {"a": slider("a", 1.0, -2, 2), "b": slider("b", 0.0, -1, 1)}, draw
    )
    return panel, calls


def test_moving_a_slider_changes_the_artist_not_the_figure():
    panel, calls = line_panel()
    fig, (line,) = panel.figure, panel.figure.axes[0].lines
    before_png = panel.image.value
    panel.controls["a"].value = -1.5
    np.testing.assert_allclose(line.get_ydata(), -1.5 * np.linspace(0, 1, 5))
    assert panel.figure is fig and panel.figure.axes[0].lines[0] is line
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 1
    assert calls["draw"] == 1
    assert panel.image.value != before_png
    assert panel.readout.value == "a = -1.50, b = 0.00"
    assert panel.render_count == 2


def test_set_renders_once():
    panel, _ = line_panel()
    panel.set(a=0.5, b=0.25)
    assert panel.render_count == 2
    np.testing.assert_allclose(
        panel.figure.axes[0].lines[0].get_ydata(), 0.5 * np.linspace(0, 1, 5) + 0.25
    )
    assert panel.values == {"a": 0.5, "b": 0.25}


def test_set_unknown_control_names_it():
    panel, _ = line_panel()
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['c'\]"):
        panel.set(c=1.0)


def test_panel_displays_as_a_widget():
    panel, _ = line_panel()
    assert isinstance(panel.widget, widgets.VBox)
    if hasattr(panel.widget, "_repr_mimebundle_"):  # ipywidgets 8
        bundle = panel._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
    else:  # ipywidgets 7 (Colab's): no bundle, displayed by _ipython_display_
        assert panel._repr_mimebundle_() is None
    shown = []
    with mock.patch("IPython.display.display", shown.append):
        panel._ipython_display_()
    assert shown == [panel.widget]


def test_bad_controls_are_rejected():
    with pytest.raises(ValueError, match="controls must hold at least one"):
        SliderPanel({}, lambda fig: lambda: None)
    with pytest.raises(
        TypeError, match=r"controls\['a'\] must be an ipywidgets value widget"
    ):
        SliderPanel({"a": 3.0}, lambda fig: lambda a: None)


def test_draw_must_return_update():
    with pytest.raises(TypeError, match="draw must return the update function"):
        SliderPanel({"a": slider("a", 0, -1, 1)}, lambda fig: None)


def test_a_figure_with_nothing_animated_is_rendered_in_full():
    panel, _ = line_panel()
    panel.set(a=0.5)
    assert panel.render_count == 2 and panel.background_count == 0


def test_animated_artists_are_blitted_over_one_background():
    def draw(fig):
        ax = fig.add_subplot()
        x = np.linspace(0, 1, 5)
        ax.plot(x, x)  # still
        (line,) = ax.plot(x, 0 * x)
        mark_animated([line], ax.title)

        def update(a):
            line.set_ydata(a * x)
            ax.set_title(f"a = {a:.2f}")

        return update

    panel = SliderPanel({"a": slider("a", 0.5, 0.0, 1.0)}, draw)
    ax = panel.figure.axes[0]
    # drawn by z-order within the axes: the line (2), then the title (3)
    assert panel.animated_artists() == [ax.lines[1], ax.title]
    png = panel.image.value
    panel.set(a=0.25)
    panel.set(a=0.75)
    assert panel.render_count == 3 and panel.background_count == 1
    assert panel.image.value != png and bytes(panel.image.value)[:4] == b"\x89PNG"


def test_mark_animated_rejects_what_is_not_an_artist():
    with pytest.raises(
        TypeError, match="takes matplotlib artists or lists of them; got int"
    ):
        mark_animated([1])


def test_encode_png_round_trips_through_pillow():
    import io

    from PIL import Image

    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    pixels[0] = 255  # a white row, as most of a figure
    png = encode_png(pixels)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGBA" and image.size == (5, 7)
        np.testing.assert_array_equal(np.asarray(image), pixels)


def test_encode_png_stores_an_opaque_image_as_rgb():
    import io

    from PIL import Image

    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(6, 9, 4), dtype=np.uint8)
    pixels[:, :, 3] = 255
    png = encode_png(pixels)
    assert png[25] == 2  # the header's colour type: RGB
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGB" and image.size == (9, 6)
        np.testing.assert_array_equal(np.asarray(image), pixels[:, :, :3])
    assert len(png) < len(encode_png(np.where(pixels == 255, 254, pixels)))


def test_encode_png_wants_rgba_bytes():
    with pytest.raises(ValueError, match=r"got float64 of shape \(2, 2, 4\)"):
        encode_png(np.zeros((2, 2, 4)))
    with pytest.raises(ValueError, match=r"got uint8 of shape \(2, 2, 3\)"):
        encode_png(np.zeros((2, 2, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match=r"got uint8 of shape \(2, 8\)"):
        encode_png(np.zeros((2, 8), dtype=np.uint8))


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        ((0.5, 1.0, 0.0), {}, "^vmin must be less than vmax"),
        ((0.5, 1.0, 1.0), {}, "^vmin must be less than vmax"),
        ((2.0, 0.0, 1.0), {}, r"^value must lie between vmin and vmax, \[0.0, 1.0\]"),
        ((-0.1, 0.0, 1.0), {}, "^value must lie between"),
        ((0.5, 0.0, 1.0), {"step": 0.0}, "^step must be greater than 0"),
        ((0.5, 0.0, 1.0), {"step": -0.1}, "^step must be greater than 0"),
        ((np.nan, 0.0, 1.0), {}, "^value must be a finite number"),
        ((0.5, -np.inf, 1.0), {}, "^vmin must be a finite number"),
    ],
)
def test_slider_rejects_bad_bounds_naming_the_argument(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        slider("w", *args, **kwargs)


def test_slider_rejects_a_non_number_naming_it():
    with pytest.raises(TypeError, match="^vmax must be a real number"):
        slider("w", 0.5, 0.0, "1")


def test_slider_accepts_the_ends_of_its_range():
    s = slider("w", 1.0, 0.0, 1.0, 0.25)
    assert (s.value, s.min, s.max, s.step) == (1.0, 0.0, 1.0, 0.25)


def test_every_control_of_every_panel_has_its_description_as_tooltip():
    import nnlib.panels  # noqa: F401  (registers the book's panels)
    from nnlib.widgets import PANEL_FACTORIES

    assert PANEL_FACTORIES
    for name, factory in PANEL_FACTORIES.items():
        for key, control in factory().controls.items():
            assert control.description, (name, key)
            assert hover_text(control) == control.description, (name, key)


def test_control_helpers_check_their_bounds_and_share_the_look():
    from nnlib.controls import choice, int_slider, log_slider

    s = int_slider("n", 3, 1, 10)
    assert (s.value, s.min, s.max, s.step, hover_text(s)) == (3, 1, 10, 1, "n")
    lr = log_slider("learning rate", 0.1, -3, 0)
    assert (lr.value, lr.base, lr.min, lr.max) == (0.1, 10, -3, 0)
    d = choice("f", "tanh", ["sigmoid", "tanh"])
    assert d.value == "tanh" and list(d.options) == ["sigmoid", "tanh"]
    for control in (s, lr, d, slider("w", 0.0, -1.0, 1.0)):
        assert control.layout.width == "95%"
        assert control.style.description_width == "initial"
    with pytest.raises(ValueError, match="value must lie between"):
        int_slider("n", 11, 1, 10)
    with pytest.raises(TypeError, match="value must be a whole number"):
        int_slider("n", 2.5, 1, 10)
    with pytest.raises(ValueError, match="value must lie between"):
        log_slider("lr", 10.0, -3, 0)
    with pytest.raises(ValueError, match=r"value must be one of \['a', 'b'\]"):
        choice("f", "c", ["a", "b"])


def test_update_parameters_must_match_the_controls_at_construction():
    def draw(fig):
        fig.subplots()

        def update(w, b):
            return None

        return update

    with pytest.raises(
        TypeError, match=r"parameters \(b, w\) must match the controls \(bias, w\)"
    ):
        SliderPanel({"w": slider("w", 0, -1, 1), "bias": slider("b", 0, -1, 1)}, draw)
    with pytest.raises(TypeError, match=r"no control for \['b'\]"):
        SliderPanel({"w": slider("w", 0, -1, 1)}, draw)
    panel = SliderPanel({"w": slider("w", 0, -1, 1), "b": slider("b", 0, -1, 1)}, draw)
    assert set(panel.values) == {"w", "b"}


def hover_text(control) -> str:
    """A control's tooltip: ``tooltip`` in ipywidgets 8, ``description_tooltip`` in 7."""
    if "tooltip" in control.trait_names():
        return control.tooltip
    return control.description_tooltip
