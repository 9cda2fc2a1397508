"""The same two trainings written without nnlib: by hand in numpy (the baseline),
with scikit-learn and with PyTorch.

Every version starts from the same initial parameters (nnlib's, copied in),
takes the same full-batch gradient-descent steps with the same learning rate,
and records the loss at every step, so all of them must end on the same loss.

Shapes follow nnlib: ``W`` is (n_in, n_out), ``b`` is (n_out,).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable

import numpy as np

__all__ = [
    "numpy_mlp",
    "numpy_mlp_tuned",
    "numpy_linear",
    "sklearn_mlp",
    "sklearn_linear",
    "torch_mlp",
    "torch_linear",
    "have_sklearn",
    "have_torch",
]

Params = dict[str, np.ndarray]
Trainer = Callable[[], np.ndarray]
"""``train() -> losses``: one whole training from the initial parameters."""

_EPS = 1e-12  # the clip of the log in the binary cross-entropy


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def have_sklearn() -> bool:
    return _importable("sklearn.neural_network")


def have_torch() -> bool:
    return _importable("torch")


# -- by hand, in numpy: the baseline ------------------------------------------


def numpy_mlp(
    X: np.ndarray, y: np.ndarray, init: Params, lr: float, steps: int
) -> Trainer:
    """A tanh MLP with a sigmoid output and binary cross-entropy, hand-vectorised.

    The plain loop a person writes, with the same arithmetic as nnlib: the
    forward pass keeping each layer's output, the loss (clipped logs), the
    output's error signal ``(y_hat - y) / n`` (sigmoid and cross-entropy
    derivatives cancel), each layer's backward rule with ``tanh' = 1 - a^2``
    from the kept output, then ``W -= lr * dW``.
    """
    n_layers = len([k for k in init if k.startswith("W")])
    Y = y.reshape(-1, 1).astype(np.float64)
    Y1 = 1.0 - Y
    n = X.shape[0]

    def train() -> np.ndarray:
        Ws = [init[f"W{i}"].copy() for i in range(1, n_layers + 1)]
        bs = [init[f"b{i}"].copy() for i in range(1, n_layers + 1)]
        losses = np.empty(steps)
        for step in range(steps):
            # forward: keep every layer's output A (A[0] is the input)
            A = [X]
            for W, b in zip(Ws[:-1], bs[:-1], strict=True):
                A.append(np.tanh(A[-1] @ W + b))
            z = A[-1] @ Ws[-1] + bs[-1]
            e = np.exp(-np.abs(z))  # stable sigmoid, as nnlib's
            p = np.where(z >= 0, 1.0, e) / (1.0 + e)
            pc = np.clip(p, _EPS, 1.0 - _EPS)
            losses[step] = -(np.vdot(Y, np.log(pc)) + np.vdot(Y1, np.log1p(-pc))) / n
            # backward
            delta = (p - Y) / n
            for i in range(n_layers - 1, -1, -1):
                dW = A[i].T @ delta
                db = delta.sum(axis=0)
                if i > 0:
                    delta = (delta @ Ws[i].T) * (1.0 - A[i] * A[i])
                Ws[i] -= lr * dW
                bs[i] -= lr * db
        return losses

    return train


def numpy_mlp_tuned(
    X: np.ndarray, y: np.ndarray, init: Params, lr: float, steps: int
) -> Trainer:
    """The same training, tuned: how fast numpy alone can go (not the baseline).

    Every array is allocated once and filled with ``out=``; the sigmoid is
    ``(1 + tanh(z / 2)) / 2`` (stable, no ``where``); the loss comes from the
    output's pre-activation, ``mean(log(1 + e^z) - y z)`` (``logaddexp``,
    exact where the clipped form is); bias gradients are ``ones @ delta``.
    """
    n_layers = len([k for k in init if k.startswith("W")])
    Y = y.reshape(-1, 1).astype(np.float64)
    n = X.shape[0]
    XT = np.ascontiguousarray(X.T)
    ones = np.ones(n)

    def train() -> np.ndarray:
        Ws = [init[f"W{i}"].copy() for i in range(1, n_layers + 1)]
        bs = [init[f"b{i}"].copy() for i in range(1, n_layers + 1)]
        A = [X] + [np.empty((n, W.shape[1])) for W in Ws]  # A[-1] holds z, then p
        P = np.empty_like(A[-1])
        D = [np.empty_like(a) for a in A[1:]]
        T = [np.empty_like(a) for a in A[1:]]
        dWs = [np.empty_like(W) for W in Ws]
        dbs = [np.empty_like(b) for b in bs]
        losses = np.empty(steps)
        for step in range(steps):
            for i in range(n_layers):
                np.matmul(A[i], Ws[i], out=A[i + 1])
                A[i + 1] += bs[i]
                if i < n_layers - 1:
                    np.tanh(A[i + 1], out=A[i + 1])
            z = A[-1]
            np.multiply(z, 0.5, out=P)
            np.tanh(P, out=P)
            P *= 0.5
            P += 0.5
            losses[step] = (np.logaddexp(0.0, z).sum() - np.vdot(Y, z)) / n
            delta = D[-1]
            np.subtract(P, Y, out=delta)
            delta *= 1.0 / n
            for i in range(n_layers - 1, -1, -1):
                np.matmul(XT if i == 0 else A[i].T, delta, out=dWs[i])
                np.matmul(ones, delta, out=dbs[i])
                if i > 0:
                    below, t = D[i - 1], T[i - 1]
                    np.matmul(delta, Ws[i].T, out=below)
                    np.multiply(A[i], A[i], out=t)
                    np.subtract(1.0, t, out=t)
                    below *= t
                    delta = below
                dWs[i] *= lr
                Ws[i] -= dWs[i]
                dbs[i] *= lr
                bs[i] -= dbs[i]
        return losses

    return train


def numpy_linear(
    x: np.ndarray, y: np.ndarray, m0: float, b0: float, lr: float, steps: int
) -> Trainer:
    """Gradient descent on the line ``y_hat = m x + b`` with the mean squared error.

    Records the path ``(m, b)`` and the loss at every point, as nnlib does.
    """
    n = x.size

    def train() -> np.ndarray:
        m, b = m0, b0
        path = np.empty((steps + 1, 2))
        losses = np.empty(steps + 1)
        r = y - (m * x + b)
        path[0], losses[0] = (m, b), (r @ r) / n
        for step in range(1, steps + 1):
            m += lr * 2.0 * (x @ r) / n
            b += lr * 2.0 * r.sum() / n
            r = y - (m * x + b)
            path[step], losses[step] = (m, b), (r @ r) / n
        return losses

    return train


# -- scikit-learn ----------------------------------------------------------------


def _sgd_settings(lr: float, steps: int, n: int) -> dict:
    # Plain full-batch gradient descent: no momentum, no L2 penalty, no
    # shuffling, a constant rate, and no early stop.
    return dict(
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=lr,
        momentum=0.0,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=n,
        max_iter=steps,
        tol=0.0,
        n_iter_no_change=10**9,
        shuffle=False,
        early_stopping=False,
        warm_start=True,
        random_state=0,
    )


def _warm_started(model, X, y, coefs, intercepts, steps):
    """Fit once for one epoch (so sklearn sets itself up), then hand back a
    ``train()`` that resets the weights to ``coefs``/``intercepts`` and fits
    ``steps`` epochs from there (warm_start keeps the weights we set)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.set_params(max_iter=1)
        model.fit(X, y)
        model.set_params(max_iter=steps)

    def train() -> np.ndarray:
        model.coefs_ = [c.copy() for c in coefs]
        model.intercepts_ = [c.copy() for c in intercepts]
        model.loss_curve_ = []
        model.best_loss_ = np.inf
        model._no_improvement_count = 0
        with warnings.catch_warnings():
            # "Maximum iterations reached": expected, we ask for exactly `steps`.
            warnings.simplefilter("ignore")
            model.fit(X, y)
        return np.asarray(model.loss_curve_)

    return train


def sklearn_mlp(
    X: np.ndarray, y: np.ndarray, init: Params, lr: float, steps: int
) -> Trainer:
    """``MLPClassifier`` with the same layers, tanh, a logistic output, log-loss."""
    from sklearn.neural_network import MLPClassifier

    n_layers = len([k for k in init if k.startswith("W")])
    hidden = tuple(init[f"W{i}"].shape[1] for i in range(1, n_layers))
    model = MLPClassifier(
        hidden_layer_sizes=hidden, activation="tanh", **_sgd_settings(lr, steps, len(X))
    )
    coefs = [init[f"W{i}"] for i in range(1, n_layers + 1)]
    intercepts = [init[f"b{i}"] for i in range(1, n_layers + 1)]
    return _warm_started(model, X, y.ravel().astype(int), coefs, intercepts, steps)


def sklearn_linear(
    x: np.ndarray, y: np.ndarray, m0: float, b0: float, lr: float, steps: int
) -> Trainer:
    """``MLPRegressor`` with no hidden layer: exactly the line ``m x + b``.

    scikit-learn's squared error is half the mean squared error, so its
    gradient is half ours: its learning rate is doubled to take the same steps,
    and its recorded losses are doubled back.
    """
    from sklearn.neural_network import MLPRegressor

    model = MLPRegressor(
        hidden_layer_sizes=(), **_sgd_settings(2.0 * lr, steps, len(x))
    )
    train_half = _warm_started(
        model, x.reshape(-1, 1), y, [np.array([[m0]])], [np.array([b0])], steps
    )
    return lambda: 2.0 * train_half()


# -- PyTorch ---------------------------------------------------------------------


def torch_mlp(
    X: np.ndarray, y: np.ndarray, init: Params, lr: float, steps: int
) -> Trainer:
    """``nn.Sequential`` of Linear and Tanh layers, float64, SGD, BCE on the logits.

    ``BCEWithLogitsLoss`` is the sigmoid output and the binary cross-entropy in
    one stable step: the idiomatic (and fastest) way to write it in PyTorch.
    """
    import torch

    torch.set_num_threads(1)
    n_layers = len([k for k in init if k.startswith("W")])
    layers: list = []
    for i in range(1, n_layers + 1):
        n_in, n_out = init[f"W{i}"].shape
        layers.append(torch.nn.Linear(n_in, n_out, dtype=torch.float64))
        if i < n_layers:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    Xt = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float64))
    Yt = torch.from_numpy(y.reshape(-1, 1).astype(np.float64))

    def reset() -> None:
        for i, lin in enumerate(linears, start=1):
            lin.weight.copy_(torch.from_numpy(init[f"W{i}"].T.copy()))
            lin.bias.copy_(torch.from_numpy(init[f"b{i}"].copy()))

    loss_fn = torch.nn.BCEWithLogitsLoss()
    return _torch_trainer(model, Xt, Yt, loss_fn, lr, steps, reset)


def torch_linear(
    x: np.ndarray, y: np.ndarray, m0: float, b0: float, lr: float, steps: int
) -> Trainer:
    """``nn.Linear(1, 1)``, float64, SGD on the mean squared error."""
    import torch

    torch.set_num_threads(1)
    model = torch.nn.Linear(1, 1, dtype=torch.float64)
    xt = torch.from_numpy(x.reshape(-1, 1).astype(np.float64))
    yt = torch.from_numpy(y.reshape(-1, 1).astype(np.float64))

    def reset() -> None:
        model.weight.fill_(m0)
        model.bias.fill_(b0)

    return _torch_trainer(model, xt, yt, torch.nn.MSELoss(), lr, steps, reset)


def _torch_trainer(
    model, inputs, targets, loss_fn, lr: float, steps: int, reset
) -> Trainer:
    """PyTorch's SGD loop: ``steps`` full-batch steps from ``reset()``'s weights."""
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=lr)

    def train() -> np.ndarray:
        with torch.no_grad():
            reset()
        losses = np.empty(steps)
        for step in range(steps):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            optimizer.step()
            losses[step] = loss.item()
        return losses

    return train
