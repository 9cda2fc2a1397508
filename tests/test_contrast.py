"""Colour contrast of the figures' lines and text (WCAG 2 relative luminance).

axe-core checks the HTML only, not the PNG figures, so this checks the style's
colours (nnlib/plots/style.py) against what they are drawn on, in both of the
book's modes:

- **light mode**: the figure's own background (white, ``figure.facecolor``);
- **dark mode**: the same white figure as the theme shows it, through its
  image filter ``brightness(.8) contrast(1.2)`` (read from the theme's
  stylesheet), which changes the lines' colours and the background alike.

A figure keeps its white background in both modes, so the page background
(white or the theme's near-black) never lies behind a line; the test checks
that too. The blue/vermillion sign convention (POSITIVE, NEGATIVE) and the grey
of guides and labels (NEUTRAL) are used both for lines and for text, so they
need 4.5:1 (WCAG 1.4.3); the default text colour too. Every colour of the
palette that draws lines is reported.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib as mpl
import pytest

from nnlib.plots import style

TEXT = 4.5  # WCAG 1.4.3, normal text
LINES = 3.0  # WCAG 1.4.11, graphical objects


def rgb(colour: str) -> tuple[float, float, float]:
    """sRGB components in [0, 1] of a matplotlib colour."""
    return tuple(mpl.colors.to_rgb(colour))


def luminance(c: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance: 0.2126 R + 0.7152 G + 0.0722 B, linearised."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """(L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 (same) to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def theme_css() -> str:
    # The book's theme (a build tool): absent from a reader's or Colab's stack.
    pydata_sphinx_theme = pytest.importorskip("pydata_sphinx_theme")

    root = Path(pydata_sphinx_theme.__file__).parent
    found = sorted(root.glob("theme/*/static/styles/pydata-sphinx-theme.css"))
    assert found, f"the theme's stylesheet is not under {root}"
    return found[0].read_text(encoding="utf-8")


def dark_image_filter() -> tuple[float, float]:
    """(brightness, contrast) of the theme's dark-mode filter on images."""
    css = theme_css()
    match = re.search(
        r"\[data-theme=dark\] img:not\([^)]*\)\{filter:brightness\(([\d.]+)\) "
        r"contrast\(([\d.]+)\)\}",
        css,
    )
    assert match, "the theme's dark-mode image filter was not found in its CSS"
    return float(match[1]), float(match[2])


def through_filter(c, brightness: float, contrast_: float):
    """A colour as shown through CSS ``brightness(b) contrast(k)`` (in sRGB)."""
    return tuple(
        min(1.0, max(0.0, (v * brightness - 0.5) * contrast_ + 0.5)) for v in c
    )


def page_background(mode: str) -> tuple[float, float, float]:
    """The theme's page background in a mode (--pst-color-background)."""
    css = theme_css()
    match = re.search(
        rf"html\[data-theme={mode}\]\{{[^}}]*--pst-color-background:(#[0-9a-fA-F]{{3,6}})",
        css,
    )
    assert match, f"no --pst-color-background for {mode} mode in the theme's CSS"
    return rgb(match[1])


# ------------------------------------------------------------ the arithmetic
def test_contrast_against_hand_worked_values():
    # WCAG's extremes and two values worked by hand: #777777 on white is
    # (1.05) / (0.1845 + 0.05) = 4.48; #767676 is the darkest grey that passes.
    assert contrast(rgb("black"), rgb("white")) == pytest.approx(21.0)
    assert contrast(rgb("#777777"), rgb("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast(rgb("#767676"), rgb("white")) == pytest.approx(4.54, abs=0.01)
    # White through brightness(.8) contrast(1.2): (0.8 - 0.5) * 1.2 + 0.5 = 0.86.
    assert through_filter((1.0, 1.0, 1.0), 0.8, 1.2) == pytest.approx((0.86,) * 3)


# ------------------------------------------------------------ the book style
def backgrounds() -> dict[str, tuple[float, float, float]]:
    figure = rgb(style._RC["figure.facecolor"])
    b, k = dark_image_filter()
    return {"light": figure, "dark": through_filter(figure, b, k)}


def shown(colour: str, mode: str):
    c = rgb(colour)
    if mode == "dark":
        c = through_filter(c, *dark_image_filter())
    return c


def test_figures_keep_an_opaque_white_background():
    # What lies behind every line and label is the figure's own background,
    # never the page (which is near-black in dark mode).
    for key in ("figure.facecolor", "savefig.facecolor", "axes.facecolor"):
        assert rgb(style._RC[key]) == (1.0, 1.0, 1.0), key
    assert contrast(page_background("dark"), rgb("white")) > 10


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", ["POSITIVE", "NEGATIVE", "NEUTRAL"])
def test_sign_colours_read_as_text_and_lines(name, mode):
    colour = getattr(style, name)
    ratio = contrast(shown(colour, mode), backgrounds()[mode])
    assert ratio >= TEXT, (
        f"{name} = {colour} has a contrast of {ratio:.2f}:1 on the figure "
        f"background in {mode} mode; text needs {TEXT}:1 (lines {LINES}:1)"
    )


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_default_text_colour(mode):
    colour = mpl.rcParams["text.color"]
    ratio = contrast(shown(colour, mode), backgrounds()[mode])
    assert ratio >= TEXT, f"text colour {colour}: {ratio:.2f}:1 in {mode} mode"


def test_palette_contrast_is_reported(capsys):
    # The palette's lighter colours (orange, sky, yellow) are used as fills,
    # markers and second curves beside a legend; their ratios are printed for
    # the README, not required.
    rows = []
    for key, colour in style.PALETTE.items():
        ratios = [
            contrast(shown(colour, m), backgrounds()[m]) for m in ("light", "dark")
        ]
        rows.append(
            f"{key:10s} {colour}  light {ratios[0]:5.2f}  dark {ratios[1]:5.2f}"
        )
        assert all(1.0 <= r <= 21.0 for r in ratios)
    with capsys.disabled():
        print("\nfigure colours on the figure background:\n  " + "\n  ".join(rows))
