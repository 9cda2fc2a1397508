r"""The slider panels of "The maths you need" (``book/00_maths.ipynb``).

- :func:`nudge_panel`: $f(x) = x^3/3 - x$, a point $x_0$ and a nudge $h$; the
  line through $x_0 \pm h$ turns into the tangent as $h$ shrinks.
- :func:`chain_panel`: $u = 3x + 1$, then $y = u^2$; a nudge of $x$ is carried
  through both links and the two rates multiply.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from ..controls import slider
from ..plots.maths import ChainView, NudgeView
from ..widgets import SliderPanel, Updater, mark_animated, register_panel

__all__ = ["nudge_panel", "chain_panel", "cubic", "cubic_slope", "inner", "outer"]


def cubic(x):
    r"""$f(x) = x^3/3 - x$, the curve of the nudge panel."""
    return x**3 / 3.0 - x


def cubic_slope(x):
    r"""$f'(x) = x^2 - 1$, its slope by the power rule."""
    return x**2 - 1.0


def inner(x):
    r"""$u = g(x) = 3x + 1$, the first link of the chain panel."""
    return 3.0 * x + 1.0


def outer(u):
    r"""$y = f(u) = u^2$, the second link of the chain panel."""
    return u**2


@register_panel
def nudge_panel() -> SliderPanel:
    r"""A curve, a point $x_0$, the line through $x_0 \pm h$, and the tangent.

    The readout compares the nudged slope
    $\frac{f(x_0 + h) - f(x_0 - h)}{2h}$ with the exact slope $x_0^2 - 1$.
    """
    controls = {
        "x0": slider("point x0", 1.5, -2.0, 2.0),
        "h": slider("nudge h", 1.0, 0.01, 1.5, 0.01),
    }
    view = NudgeView(cubic, (-2.5, 2.5), (-3.0, 3.0))

    def draw(fig: Figure) -> Updater:
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.15, top=0.9)
        view.draw(ax, 1.5, 1.0)
        mark_animated(view.blit_artists())

        def update(x0: float, h: float) -> str:
            slopes = view.update(x0, h)
            gap = slopes["estimate"] - cubic_slope(x0)
            return (
                f"nudged slope {slopes['estimate']:.4f}, exact slope "
                f"x0² - 1 = {cubic_slope(x0):.4f}, off by {gap:.4f} (= h²/3)"
            )

        return update

    return SliderPanel(controls, draw, figsize=(6.4, 3.6))


@register_panel
def chain_panel() -> SliderPanel:
    r"""$x \to u = 3x + 1 \to y = u^2$: a nudge $\Delta x$ carried through two links.

    The readout shows $\frac{\Delta u}{\Delta x} \cdot \frac{\Delta y}{\Delta u}
    = \frac{\Delta y}{\Delta x}$ and the exact rate $6(3x_0 + 1)$.
    """
    controls = {
        "x0": slider("input x0", 1.0, -1.0, 1.0),
        "dx": slider("nudge Δx", 0.5, 0.01, 0.5, 0.01),
    }
    view = ChainView(inner, outer, (-1.5, 1.5), (-3.0, 5.5), (-1.0, 30.0))

    def draw(fig: Figure) -> Updater:
        axes = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.16, top=0.88, wspace=0.32)
        view.draw(axes, 1.0, 0.5)
        mark_animated(view.blit_artists())

        def update(x0: float, dx: float) -> str:
            r = view.update(x0, dx)
            product = r["rate_1"] * r["rate_2"]
            exact = 6.0 * (3.0 * x0 + 1.0)
            return (
                f"Δu/Δx · Δy/Δu = {r['rate_1']:.3f} · {r['rate_2']:.3f} = "
                f"{product:.3f} = Δy/Δx; exact rate dy/dx = 6(3x0 + 1) = {exact:.3f}"
            )

        return update

    return SliderPanel(controls, draw, figsize=(7.0, 3.2))
