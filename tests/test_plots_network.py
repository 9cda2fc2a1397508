"""Network diagrams and decision boundaries: artists match the numbers they show."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from nnlib.datasets import xor
from nnlib.network import MLP
from nnlib.plots.boundary import BoundaryView, grid_points, plot_decision_boundary
from nnlib.plots.network import NetworkDiagram, draw_network
from nnlib.plots.recurrent import draw_recurrent_cell, draw_unrolled
from nnlib.plots.style import NEGATIVE, NEUTRAL, POSITIVE, weight_colors, weight_width


def new_ax():
    fig = Figure()
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def test_diagram_has_a_node_per_neuron_and_an_edge_per_weight():
    ax = new_ax()
    diagram = draw_network(ax, [3, 4, 2])
    assert [p.shape for p in diagram.positions] == [(3, 2), (4, 2), (2, 2)]
    assert [len(lc.get_segments()) for lc in diagram.edges] == [12, 8]
    assert len(ax.patches) == 9
    texts = [t.get_text() for t in ax.texts]
    assert "input\nlayer (3)" in texts and "hidden\nlayer (4)" in texts
    assert "output\nlayer (2)" in texts
    ax.figure.canvas.draw()


def test_edges_are_coloured_by_the_sign_of_each_weight():
    net = MLP([2, 2, 1], seed=0)
    net.layers[0].W[...] = [[1.0, -2.0], [0.0, 0.5]]
    diagram = draw_network(new_ax(), net)
    colours = [to_hex(c) for c in diagram.edges[0].get_colors()]
    assert colours == [to_hex(c) for c in (POSITIVE, NEGATIVE, NEUTRAL, POSITIVE)]
    widths = diagram.edges[0].get_linewidths()
    assert widths[1] == max(widths) and widths[2] == min(widths)


def test_update_changes_edges_in_place():
    ax = new_ax()
    diagram = NetworkDiagram([2, 1]).draw(ax)
    lc = diagram.edges[0]
    diagram.update([np.array([[-1.0], [1.0]])])
    assert diagram.edges[0] is lc
    assert [to_hex(c) for c in lc.get_colors()] == [to_hex(NEGATIVE), to_hex(POSITIVE)]
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(2, 1\)"):
        diagram.update([np.ones((1, 2))])
    with pytest.raises(ValueError, match="weights must hold 1 matrices"):
        diagram.update([])


def test_edge_colors_helper():
    assert weight_colors(np.array([2.0, -1.0, 0.0])) == [POSITIVE, NEGATIVE, NEUTRAL]


def test_bad_layer_sizes():
    with pytest.raises(ValueError, match="at least the input and output sizes"):
        NetworkDiagram([3])
    with pytest.raises(ValueError, match=r"layer_sizes\[1\] must be at least 1"):
        NetworkDiagram([3, 0])


def test_recurrent_drawings():
    ax = new_ax()
    draw_recurrent_cell(ax)
    assert any("W_h" in t.get_text() for t in ax.texts)
    ax2 = new_ax()
    draw_unrolled(
        ax2, 3, states=np.array([[0.1], [0.2], [0.3]]), inputs=np.array([1, 0, 1])
    )
    texts = " ".join(t.get_text() for t in ax2.texts)
    assert "$h_{3}$" in texts and "[0.3]" in texts and "$x_{2}$ = 0" in texts
    with pytest.raises(ValueError, match="states must have one row per step"):
        draw_unrolled(new_ax(), 2, states=np.zeros((3, 1)))
    ax2.figure.canvas.draw()


def test_grid_points_cover_pixel_centres():
    pts, shape = grid_points((0.0, 1.0), (0.0, 2.0), resolution=2)
    assert shape == (2, 2)
    np.testing.assert_allclose(
        pts, [[0.25, 0.5], [0.75, 0.5], [0.25, 1.5], [0.75, 1.5]]
    )
    with pytest.raises(ValueError, match="xlim must be"):
        grid_points((1.0, 0.0), (0.0, 1.0))


def test_boundary_image_shows_the_classifier():
    X, y = xor()
    ax = new_ax()

    def right_half(points):
        return (points[:, 0] > 0.5).astype(float)

    view = plot_decision_boundary(
        ax, right_half, X, y, xlim=(0, 1), ylim=(0, 1), resolution=4
    )
    image = view.image.get_array()
    np.testing.assert_array_equal(image, [[0, 0, 1, 1]] * 4)
    assert view.accuracy == 0.5
    image_artist = view.image
    assert view.update(lambda p: np.full(len(p), 0.7)) == 0.5
    assert view.image is image_artist
    np.testing.assert_array_equal(view.image.get_array(), np.full((4, 4), 0.7))


def test_boundary_clips_and_checks():
    X, y = xor()
    view = BoundaryView(new_ax(), X, y, resolution=3)
    view.update(lambda p: np.full((len(p), 1), 1.5))
    assert view.image.get_array().max() == 1.0
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        BoundaryView(new_ax(), np.ones((4, 3)), y)
    with pytest.raises(ValueError, match="y must hold one label per row of X"):
        BoundaryView(new_ax(), X, y[:3])


def test_edge_colors_checks_w():
    colors = weight_colors([[1.0, -2.0], [0.0, 3.0]])
    assert colors == [POSITIVE, NEGATIVE, NEUTRAL, POSITIVE]
    with pytest.raises(ValueError, match="^w must contain only finite"):
        weight_colors(np.array([1.0, np.nan]))
    with pytest.raises(TypeError, match="^w must"):
        weight_colors("abc")


def test_show_writes_values_notes_and_edge_numbers_in_place():
    ax = new_ax()
    diagram = NetworkDiagram([2, 2, 1]).draw(ax, layer_labels=False, numbers=True)
    W1 = np.array([[0.5, -1.0], [0.25, 0.0]])
    W2 = np.array([[2.0], [-0.5]])
    diagram.show(
        [W1, W2],
        values=[np.array([1.0, 0.5]), None, np.array([0.61])],
        notes=[None, np.array([-0.029, 0.023]), None],
        edge_text=[W1, W2],
        title="step 1",
    )
    labels = [t.get_text() for t in diagram.node_labels]
    assert labels == ["1.000", "0.500", "$h_{1}$", "$h_{2}$", "0.610"]
    notes = [t.get_text() for t in diagram.node_notes]
    assert notes == ["", "", "δ=-0.029", "δ=0.023", ""]
    assert [t.get_text() for t in diagram.edge_labels[0]] == [
        "+0.500",
        "-1.000",
        "+0.250",
        "+0.000",
    ]
    assert diagram.title.get_text() == "step 1" and ax.get_title() == "step 1"
    # The one colour and width rule of plots.style, scaled by the largest |w|.
    assert [to_hex(c) for c in diagram.edges[1].get_colors()] == [
        to_hex(POSITIVE),
        to_hex(NEGATIVE),
    ]
    widths = diagram.edges[1].get_linewidths()
    assert widths[0] == pytest.approx(weight_width(2.0, 2.0, 5.0))
    assert widths[1] == pytest.approx(weight_width(0.5, 2.0, 5.0))
    diagram.show([W1, W2])  # no numbers: names back, edge numbers hidden
    assert [t.get_text() for t in diagram.node_labels][:2] == ["$x_{1}$", "$x_{2}$"]
    assert not any(t.get_visible() for t in diagram.edge_labels[0])
    assert diagram.title in diagram.blit_artists()
    ax.figure.canvas.draw()


def test_show_needs_a_diagram_drawn_with_numbers():
    diagram = NetworkDiagram([2, 1]).draw(new_ax())
    with pytest.raises(RuntimeError, match="numbers=True"):
        diagram.show([np.ones((2, 1))])
