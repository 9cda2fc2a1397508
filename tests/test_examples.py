"""Chapter 4: the hand-worked 2-2-1 network, its trace, and the backprop figures."""

import math

import numpy as np
import pytest

from nnlib.examples import (
    TINY_X,
    TINY_Y,
    animate_learning,
    plot_backprop_stages,
    tiny_network,
    trace,
)
from nnlib.gradcheck import network_numerical_gradients
from nnlib.network import MLP


def sig(z):
    return 1 / (1 + math.exp(-z))


def test_hand_worked_network_numbers():
    """The numbers printed in Chapter 4, worked out with math.exp alone."""
    t = trace(tiny_network(), TINY_X, TINY_Y, "mse")
    # forward: z1 = x W1 + b1 = (1*0.4 + 0.5*0.3 + 0.1, 1*(-0.6) + 0.5*0.8 - 0.1)
    np.testing.assert_allclose(t.z[0], [0.65, -0.30], atol=1e-12)
    a1 = [sig(0.65), sig(-0.30)]
    np.testing.assert_allclose(t.a[0], a1, rtol=1e-12)
    z2 = 0.7 * a1[0] - 0.5 * a1[1] + 0.2
    y_hat = sig(z2)
    assert t.a[1][0] == pytest.approx(y_hat, rel=1e-12)
    assert round(float(t.a[1][0]), 4) == 0.6100
    assert t.loss == pytest.approx((y_hat - 1) ** 2, rel=1e-12)
    assert round(t.loss, 4) == 0.1521
    # backward: delta2 = 2 (y_hat - y) * y_hat (1 - y_hat)
    d2 = 2 * (y_hat - 1) * y_hat * (1 - y_hat)
    assert t.delta[1][0] == pytest.approx(d2, rel=1e-12)
    assert round(d2, 4) == -0.1856
    # delta1_j = delta2 * w2_j * a1_j (1 - a1_j)
    d1 = [d2 * 0.7 * a1[0] * (1 - a1[0]), d2 * -0.5 * a1[1] * (1 - a1[1])]
    np.testing.assert_allclose(t.delta[0], d1, rtol=1e-12)
    np.testing.assert_allclose(np.round(d1, 4), [-0.0293, 0.0227])
    np.testing.assert_allclose(t.dW[1].ravel(), [a1[0] * d2, a1[1] * d2], rtol=1e-12)
    np.testing.assert_allclose(
        t.dW[0], [[d1[0], d1[1]], [0.5 * d1[0], 0.5 * d1[1]]], rtol=1e-12
    )


def test_hand_worked_gradients_agree_with_central_differences():
    net = tiny_network()
    t = trace(net, TINY_X, TINY_Y, "mse")
    numeric = network_numerical_gradients(tiny_network(), TINY_X, TINY_Y, "mse")
    np.testing.assert_allclose(t.dW[0], numeric["W1"], rtol=1e-7)
    np.testing.assert_allclose(t.dW[1], numeric["W2"], rtol=1e-7)
    np.testing.assert_allclose(t.db[1], numeric["b2"], rtol=1e-7)


def test_tiny_network_is_a_fresh_copy():
    a, b = tiny_network(), tiny_network()
    a.layers[0].W[0, 0] = 99.0
    assert b.layers[0].W[0, 0] == 0.4


def test_trace_needs_one_sample():
    with pytest.raises(ValueError, match="x must be one sample"):
        trace(tiny_network(), np.ones((2, 2)), np.ones((2, 1)))


def test_stages_figure_updates_the_network_by_one_step():
    net = tiny_network()
    t = trace(tiny_network(), TINY_X, TINY_Y)
    fig = plot_backprop_stages(net, TINY_X, TINY_Y, lr=0.5)
    assert len(fig.axes) == 5
    np.testing.assert_allclose(
        net.layers[1].W, tiny_network().layers[1].W - 0.5 * t.dW[1]
    )
    labels = [
        tx.get_text() for tx in fig.axes[3].texts if tx.get_text().startswith("δ")
    ]
    assert "δ=-0.186" in labels
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "1. hand-set starting weights"  # not random: tiny_network's
    assert titles[3].startswith("4. backward pass") and "update" in titles[4]
    on_edges = [tx for tx in fig.axes[4].texts if tx.get_bbox_patch() is not None]
    changes = [float(tx.get_text()) for tx in on_edges]
    expected = -0.5 * np.concatenate([t.dW[0].ravel(), t.dW[1].ravel()])
    np.testing.assert_allclose(changes, expected, atol=5e-4)


def test_learning_animation_frames_and_errors():
    from nnlib.datasets import xor

    X, y = xor()
    fig, anim, errors = animate_learning(
        MLP([2, 3, 1], "sigmoid", "sigmoid", seed=0),
        X,
        y,
        lr=2.0,
        iterations=600,
        every=20,
    )
    assert errors.shape == (601,)
    assert errors[-1] < 0.1 * errors[0]
    assert len(list(anim.new_frame_seq())) == 31
    anim._draw_was_started = True  # not rendered here: silence the "deleted" warning
    with pytest.raises(ValueError, match="at most 40 frames"):
        animate_learning(MLP([2, 3, 1], seed=0), X, y, iterations=100, every=1)


def test_bad_arguments_are_named():
    from nnlib.datasets import xor

    X, y = xor()
    with pytest.raises(ValueError, match="^lr must be greater than 0"):
        plot_backprop_stages(tiny_network(), TINY_X, TINY_Y, lr=0.0)
    with pytest.raises(ValueError, match="^every must be at least 1"):
        animate_learning(MLP([2, 3, 1], seed=0), X, y, every=0)
