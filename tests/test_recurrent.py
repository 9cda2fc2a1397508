"""Recurrent cell: state carried across steps, hand-worked numbers, a memory task."""

import numpy as np
import pytest

from nnlib.datasets import delayed_bits
from nnlib.recurrent import RecurrentCell


def test_state_is_carried_across_steps():
    # h_t = x_t + 0.5 h_{t-1}: 1, 0.5, 0.25, 2 + 0.125
    cell = RecurrentCell.from_weights([[1.0]], [[0.5]], [0.0], "identity")
    H = cell.forward(np.array([1.0, 0.0, 0.0, 2.0]).reshape(1, 4, 1))
    np.testing.assert_allclose(H[0, :, 0], [1.0, 0.5, 0.25, 2.125])


def test_initial_state_matters():
    cell = RecurrentCell.from_weights([[1.0]], [[0.5]], [0.0], "identity")
    X = np.zeros((2, 3, 1))
    H = cell.forward(X, h0=[[8.0], [0.0]])
    np.testing.assert_allclose(H[:, :, 0], [[4.0, 2.0, 1.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(cell.forward(X, h0=[8.0])[1, :, 0], [4.0, 2.0, 1.0])


def test_forward_is_the_step_loop():
    cell = RecurrentCell(3, 4, "tanh", seed=2)
    X = np.random.default_rng(0).normal(size=(5, 6, 3))
    H = cell.forward(X)
    assert H.shape == (5, 6, 4)
    h = np.zeros((5, 4))
    for t in range(6):
        h = np.tanh(X[:, t] @ cell.W_x + h @ cell.W_h + cell.b)
        np.testing.assert_allclose(H[:, t], h, rtol=1e-12)


def test_without_the_loop_the_state_forgets():
    cell = RecurrentCell(1, 2, "tanh", seed=0)
    cell.W_h[:] = 0.0
    X = np.array([[[1.0], [0.0]], [[0.0], [0.0]]])
    H = cell.forward(X)
    np.testing.assert_array_equal(H[0, 1], H[1, 1])


def test_hand_set_shift_register_remembers_two_steps_back():
    # Unit 1 copies x_t, unit 2 copies unit 1's last value, unit 3 unit 2's:
    # after step t, unit 3 holds x_{t-2}. Steep sigmoids make the copies clean.
    k = 20.0
    W_h = [[0.0, k, 0.0], [0.0, 0.0, k], [0.0, 0.0, 0.0]]
    cell = RecurrentCell.from_weights([[k, 0.0, 0.0]], W_h, [-k / 2] * 3, "sigmoid")
    X, y = delayed_bits(n_sequences=50, n_steps=10, delay=2, seed=1)
    H = cell.forward(X)
    np.testing.assert_array_equal(H[:, :, 2:] > 0.5, y > 0.5)
    np.testing.assert_array_equal(H[:, :, :1] > 0.5, X > 0.5)


def test_bad_shapes_are_named():
    cell = RecurrentCell(2, 3)
    with pytest.raises(ValueError, match="X must have 3 dimension"):
        cell.forward(np.zeros((4, 2)))
    with pytest.raises(
        ValueError, match=r"X must have shape \(n_sequences, n_steps, 2\)"
    ):
        cell.forward(np.zeros((4, 5, 1)))
    with pytest.raises(ValueError, match=r"h0 must have shape \(4, 3\)"):
        cell.forward(np.zeros((4, 5, 2)), h0=np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"W_h must have shape \(2, 2\)"):
        RecurrentCell.from_weights(np.ones((1, 2)), np.ones((3, 3)), np.zeros(2))
    with pytest.raises(ValueError, match="n_hidden must be at least 1"):
        RecurrentCell(2, 0)
