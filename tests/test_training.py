"""The MLP training loop: learns, matches a hand-written loop, stops cleanly, stays fast."""

import warnings

import numpy as np
import pytest

from nnlib.losses import binary_cross_entropy, mse
from nnlib.network import MLP
from nnlib.training import accuracy, train


def xor_like(n=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return X, ((X[:, 0] * X[:, 1]) > 0).astype(float)[:, None]


def hand_loop(net, X, y, lr, steps):
    """2-16-16-1 tanh/sigmoid network trained by plain vectorised numpy."""
    W1, b1, W2, b2, W3, b3 = [p.copy() for p in net.parameters().values()]
    n, losses = len(X), np.empty(steps)
    for k in range(steps):
        A1 = np.tanh(X @ W1 + b1)
        A2 = np.tanh(A1 @ W2 + b2)
        P = 1 / (1 + np.exp(-(A2 @ W3 + b3)))
        losses[k] = -np.mean(y * np.log(P) + (1 - y) * np.log(1 - P))
        d3 = (P - y) / n
        d2 = (d3 @ W3.T) * (1 - A2**2)
        d1 = (d2 @ W2.T) * (1 - A1**2)
        W3 -= lr * (A2.T @ d3)
        b3 -= lr * d3.sum(0)  # noqa: E702
        W2 -= lr * (A1.T @ d2)
        b2 -= lr * d2.sum(0)  # noqa: E702
        W1 -= lr * (X.T @ d1)
        b1 -= lr * d1.sum(0)  # noqa: E702
    return losses, [W1, b1, W2, b2, W3, b3]


def test_matches_a_hand_written_loop():
    X, y = xor_like()
    net = MLP([2, 16, 16, 1], "tanh", "sigmoid", seed=0)
    ref_losses, ref_params = hand_loop(net, X, y, 0.5, 50)
    r = train(net, X, y, lr=0.5, max_steps=50)
    np.testing.assert_allclose(r.losses, ref_losses, rtol=1e-10)
    for p, q in zip(net.parameters().values(), ref_params, strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-9, atol=1e-12)
    assert r.steps == 50 and r.stop_reason == "max_steps"


def test_every_path_gives_the_same_gradient_for_a_confidently_wrong_sigmoid():
    # One sigmoid unit with z = -30 and label 1: dE/db = sigma(z) - y ~ -1 (Chapter 4).
    from nnlib.gradcheck import check_network_gradients
    from nnlib.layers import Dense

    X, y = np.array([[0.0]]), np.array([[1.0]])
    expected = 1.0 / (1.0 + np.exp(30.0)) - 1.0
    net = MLP.from_layers([Dense.from_weights([[1.0]], [-30.0], "sigmoid")])
    net.backward(binary_cross_entropy.gradient(net.forward(X), y))
    assert net.gradients()["b1"][0] == pytest.approx(expected, rel=1e-12)
    errors = check_network_gradients(net, X, y, loss="binary_cross_entropy")
    assert max(errors.values()) < 1e-6
    train(net, X, y, lr=1e-9, max_steps=1)
    assert net.gradients()["b1"][0] == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_on_an_unbounded_output_is_refused_naming_the_fixes():
    X, y = xor_like(20)
    with pytest.raises(
        ValueError, match=r'output_activation="sigmoid", or train with loss="mse"'
    ):
        train(MLP([2, 16, 1]), X, y)  # identity output, default loss
    with pytest.raises(ValueError, match=r"'relu'"):
        train(MLP([2, 3, 1], "tanh", "relu"), X, y, loss="bce")
    train(MLP([2, 3, 1], "tanh", "tanh"), X, y, loss="mse", max_steps=2)  # fine


def test_a_first_loss_that_overflows_blames_the_data_not_the_learning_rate():
    X, y = xor_like(20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            ValueError, match=r"^X, y or the starting weights are too large"
        ) as info:
            train(MLP([2, 1], seed=0), X * 1e200, y, loss="mse")
    assert "smaller learning rate" not in str(info.value) and "rescale" in str(
        info.value
    )


def test_mini_batches_take_a_fresh_order_every_epoch():
    class Spy(MLP):
        """An MLP that records which samples each forward pass saw (X[:, 0] is the index)."""

        seen: list

        def forward(self, X):
            self.seen.append(X[:, 0].astype(int).tolist())
            return super().forward(X)

    n = 8
    X = np.column_stack([np.arange(n), np.zeros(n)]).astype(float)
    y = (np.arange(n) % 2).astype(float)
    net = Spy([2, 1], output_activation="sigmoid", seed=0)
    net.seen = []
    train(net, X, y, lr=1e-6, max_steps=6 * n // 2, batch_size=2, seed=3)
    epochs = [
        sum(net.seen[i : i + n // 2], []) for i in range(0, len(net.seen), n // 2)
    ]
    assert all(
        sorted(e) == list(range(n)) for e in epochs
    )  # each epoch visits every sample once
    assert len({tuple(e) for e in epochs}) == len(epochs)  # in a new order each time


def test_learns_xor_like_data():
    X, y = xor_like()
    net = MLP([2, 16, 16, 1], "tanh", "sigmoid", seed=0)
    before = accuracy(net, X, y)
    r = train(net, X, y, lr=0.5, max_steps=1500)
    assert r.losses[-1] < 0.25 * r.losses[0]
    assert accuracy(net, X, y) > 0.95 > before


@pytest.mark.parametrize("batch_size", [1, 10])
def test_stochastic_and_mini_batch_learn_and_are_seeded(batch_size):
    X, y = xor_like(100)
    nets = [MLP([2, 8, 1], "tanh", "sigmoid", seed=0) for _ in range(2)]
    r1 = train(nets[0], X, y, lr=0.3, max_steps=2000, batch_size=batch_size, seed=3)
    r2 = train(nets[1], X, y, lr=0.3, max_steps=2000, batch_size=batch_size, seed=3)
    np.testing.assert_array_equal(r1.losses, r2.losses)
    assert r1.batch_size == batch_size
    assert binary_cross_entropy.value(nets[0].predict(X), y) < 0.5


def test_threshold_stops_training():
    X, y = xor_like(100)
    r = train(
        MLP([2, 8, 1], "tanh", "sigmoid", seed=0), X, y, lr=0.5, max_steps=5000, tol=0.3
    )
    assert r.stop_reason == "threshold"
    assert r.losses[-1] <= 0.3 < r.losses[-2]
    assert r.steps == r.losses.size - 1


def test_divergence_is_reported_without_warnings():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    y = X @ np.array([[1.0], [-2.0], [0.5]])
    net = MLP([3, 1], output_activation="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = train(net, X, y, loss=mse, lr=5.0, max_steps=10_000)
    assert r.diverged and r.diverged_at is not None
    assert np.isfinite(r.losses).all()
    assert f"step {r.diverged_at}" in r.message and "lr = 5" in r.message
    assert all(np.isfinite(p).all() for p in net.parameters().values())


def test_snapshots_are_copies_at_the_requested_steps():
    X, y = xor_like(40)
    net = MLP([2, 4, 1], "tanh", "sigmoid", seed=0)
    start = {k: v.copy() for k, v in net.parameters().items()}
    r = train(net, X, y, lr=0.5, max_steps=30, snapshot_steps=[0, 10, 29])
    assert sorted(r.snapshots) == [0, 10, 29]
    for k, v in start.items():
        np.testing.assert_array_equal(r.snapshots[0][k], v)
    assert not np.array_equal(r.snapshots[10]["W1"], r.snapshots[29]["W1"])


def test_logistic_regression_is_an_mlp_without_hidden_layer():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 2))
    y = (X @ np.array([2.0, -1.0]) > 0).astype(float)
    net = MLP([2, 1], output_activation="sigmoid", seed=0)
    train(net, X, y, lr=1.0, max_steps=500)
    w = net.layers[0].W.ravel()
    assert accuracy(net, X, y) > 0.97
    assert w[0] > 0 > w[1]  # the weights' signs are readable


@pytest.mark.parametrize("lr", [0.0, -1.0, np.nan])
def test_bad_learning_rate_rejected(lr):
    X, y = xor_like(10)
    with pytest.raises(ValueError, match="^lr must"):
        train(MLP([2, 1], output_activation="sigmoid"), X, y, lr=lr)


def test_bad_sizes_and_shapes_rejected():
    X, y = xor_like(10)
    net = MLP([2, 3, 1], output_activation="sigmoid")
    with pytest.raises(
        ValueError, match="batch_size must be at most the number of samples, 10"
    ):
        train(net, X, y, batch_size=11)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        train(net, X, y, batch_size=0)
    with pytest.raises(ValueError, match="max_steps must be at least 1"):
        train(net, X, y, max_steps=0)
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        train(net, np.ones((10, 3)), y)
    with pytest.raises(ValueError, match=r"y must have shape \(10, 1\)"):
        train(net, X, np.ones((9, 1)))
    with pytest.raises(ValueError, match="snapshot_steps must hold"):
        train(net, X, y, snapshot_steps=[-1])
    with pytest.raises(TypeError, match="net must be a network"):
        train("net", X, y)


def test_gradients_after_training_are_the_last_steps_gradients():
    X, y = xor_like(40)
    net = MLP([2, 5, 1], "tanh", "sigmoid", seed=0)
    train(net, X, y, lr=0.5, max_steps=7)
    # Undo the last update with the stored gradients, then recompute them there.
    probe = MLP.from_layers(
        [
            type(layer).from_weights(
                layer.W + 0.5 * layer.dW, layer.b + 0.5 * layer.db, layer.activation
            )
            for layer in net.layers
        ]
    )
    y_hat = probe.forward(X)
    probe.backward(binary_cross_entropy.gradient(y_hat, y))
    for g, h in zip(net.gradients().values(), probe.gradients().values(), strict=True):
        np.testing.assert_allclose(g, h, rtol=1e-9, atol=1e-14)


def test_training_leaves_a_consistent_forward_cache():
    X, y = xor_like(30)
    net = MLP([2, 4, 1], "tanh", "sigmoid", seed=0)
    train(net, X, y, lr=0.5, max_steps=1)  # one step: caches hold the start's pass
    start = MLP([2, 4, 1], "tanh", "sigmoid", seed=0)
    start.forward(X)
    for a, b in zip(net.layers, start.layers, strict=True):
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_allclose(a.A, b.A, rtol=1e-14)


def test_mse_training_matches_a_hand_written_loop():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(20, 2))
    y = np.sin(X[:, :1]) + X[:, 1:]
    net = MLP([2, 6, 1], "relu", "identity", seed=0)
    W1, b1, W2, b2 = [p.copy() for p in net.parameters().values()]
    r = train(net, X, y, loss=mse, lr=0.05, max_steps=30)
    for k in range(30):
        Z1 = X @ W1 + b1
        A1 = np.maximum(Z1, 0)
        y_hat = A1 @ W2 + b2
        assert abs(r.losses[k] - np.mean((y_hat - y) ** 2)) <= 1e-12 * r.losses[k]
        d2 = 2 * (y_hat - y) / len(X)
        d1 = (d2 @ W2.T) * (Z1 > 0)
        W2 -= 0.05 * A1.T @ d2
        b2 -= 0.05 * d2.sum(0)
        W1 -= 0.05 * X.T @ d1
        b1 -= 0.05 * d1.sum(0)
    for p, q in zip(net.parameters().values(), [W1, b1, W2, b2], strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-13)


def test_stopping_before_any_step_leaves_earlier_gradients_alone():
    X, y = xor_like(20)
    net = MLP([2, 3, 1], "tanh", "sigmoid", seed=0)
    net.backward(binary_cross_entropy.gradient(net.forward(X), y))
    before = {k: g.copy() for k, g in net.gradients().items()}
    r = train(net, X, y, lr=0.5, max_steps=10, tol=10.0)  # the start is below tol
    assert r.stop_reason == "threshold" and r.steps == 0
    for k, g in net.gradients().items():
        np.testing.assert_array_equal(g, before[k])


def test_recorded_loss_is_the_clipped_cross_entropy_even_when_saturated():
    from nnlib.layers import Dense

    X = np.array([[-1.0], [-0.01], [0.02], [1.0]])
    y = np.array([[1.0], [0.0], [1.0], [0.0]])  # the extremes are confidently wrong
    W, b = [[200.0]], [0.0]
    net = MLP.from_layers([Dense.from_weights(W, b, "sigmoid")])
    expected = binary_cross_entropy.value(net.predict(X), y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = train(net, X, y, lr=1e-6, max_steps=1)
    assert expected > 13.0  # two of four terms at the clip, -log(1e-12) ~ 27.6
    assert r.losses[0] == pytest.approx(expected, rel=1e-12)


def _tiny():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0), X, y


@pytest.mark.parametrize("seed", [-1, 2.5, "1", float("nan"), True])
def test_train_rejects_a_bad_seed_naming_it(seed):
    net, X, y = _tiny()
    with pytest.raises((TypeError, ValueError), match=r"\bseed\b"):
        train(net, X, y, max_steps=2, batch_size=2, seed=seed)


def test_train_snapshot_steps_none_means_no_snapshots():
    net, X, y = _tiny()
    r_none = train(net, X, y, max_steps=3, snapshot_steps=None)
    net2, _, _ = _tiny()
    r_empty = train(net2, X, y, max_steps=3)
    assert r_none.snapshots == {} == r_empty.snapshots
    np.testing.assert_array_equal(r_none.losses, r_empty.losses)


@pytest.mark.parametrize("bad", [3, 2.5, "abc", np.array(1), np.zeros((2, 2))])
def test_train_rejects_bad_snapshot_steps_naming_them(bad):
    net, X, y = _tiny()
    with pytest.raises((TypeError, ValueError), match=r"\bsnapshot_steps\b"):
        train(net, X, y, max_steps=2, snapshot_steps=bad)
