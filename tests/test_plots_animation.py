"""Every animation of the book writes HTML that requests nothing outside the page."""

from __future__ import annotations

import re

import matplotlib

from nnlib import Neuron
from nnlib.plots.animation import Animation, without_cdn_stylesheets
from nnlib.plots.neuron_steps import animate_steps

OUTSIDE = re.compile(r"""(?:href|src)\s*=\s*["']?(?:https?:)?//""")


def test_matplotlib_links_a_cdn_and_the_book_animation_does_not():
    anim = animate_steps(Neuron([0.6, -1.2], bias=0.1), [1.0, 0.5], n_frames=8)
    assert isinstance(anim, Animation)
    plain = matplotlib.animation.FuncAnimation.to_jshtml(anim)
    assert OUTSIDE.search(plain), "matplotlib's player links a stylesheet on a CDN"
    html = anim.to_jshtml()
    assert not OUTSIDE.search(html)
    assert html.count("<img") == plain.count("<img") and "fa-play" in html


def test_only_the_cdn_stylesheet_is_removed():
    local = '<link rel="stylesheet" href="_static/book.css">'
    cdn = '<link rel="stylesheet"\nhref="https://maxcdn.example/font-awesome/4.4.0/x.css">'
    assert without_cdn_stylesheets(f"{local}{cdn}<p>x</p>") == f"{local}<p>x</p>"
