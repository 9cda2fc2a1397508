"""Gradient descent: converges to closed-form minima, stops cleanly when it diverges."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import linear
from nnlib.descent import CURVES, DivergenceError, curve_objective, gradient_descent

x, y = linear.line_data(30, seed=0)
F = linear.objective(x, y)
LR_MAX = linear.max_stable_lr(x)
M_STAR, B_STAR = linear.least_squares(x, y)


def test_full_batch_converges_to_least_squares():
    r = gradient_descent(F, [0.0, 0.0], 0.9 * LR_MAX, max_steps=2000, grad_tol=1e-10)
    assert r.stop_reason == "flat" and r.converged
    np.testing.assert_allclose(r.final, [M_STAR, B_STAR], atol=1e-9)
    assert r.final_loss == pytest.approx(
        linear.mse_loss(M_STAR, B_STAR, x, y), rel=1e-9
    )


def test_path_and_losses_recorded():
    r = gradient_descent(F, [0.0, 0.0], 0.1, max_steps=25)
    assert r.path.shape == (26, 2) and r.losses.shape == (26,)
    assert r.stop_reason == "max_steps" and r.steps == 25
    np.testing.assert_array_equal(r.path[0], [0.0, 0.0])
    # each point follows from the previous one by the update rule
    g = np.array(linear.mse_gradient(*r.path[3], x, y))
    np.testing.assert_allclose(r.path[4], r.path[3] - 0.1 * g)
    assert r.losses[5] == pytest.approx(linear.mse_loss(*r.path[5], x, y))
    assert np.all(np.diff(r.losses) <= 0)  # a stable rate on a bowl never goes up


def test_threshold_stops_early():
    r = gradient_descent(F, [0.0, 0.0], 0.2, max_steps=500, tol=0.5)
    assert r.stop_reason == "threshold"
    assert r.losses[-1] <= 0.5 < r.losses[-2]


@pytest.mark.parametrize("factor", [1.05, 2.0, 10.0, 1e6, 1e300])
def test_divergence_detected_without_warnings(factor):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = gradient_descent(
            F, [0.0, 0.0], factor * LR_MAX, max_steps=5000, stable_lr=LR_MAX
        )
    assert r.diverged and not r.converged
    assert np.isfinite(r.path).all() and np.isfinite(r.losses).all()
    assert r.diverged_at == r.steps + 1
    assert f"step {r.diverged_at}" in r.message
    assert f"{LR_MAX:.3g}" in r.message
    with pytest.raises(DivergenceError, match="Diverged at step"):
        r.raise_if_diverged()


def test_just_below_the_stable_rate_converges():
    r = gradient_descent(F, [0.0, 0.0], 0.99 * LR_MAX, max_steps=5000, grad_tol=1e-8)
    assert r.converged
    assert r.raise_if_diverged() is r


@pytest.mark.parametrize("batch_size", [1, 5, 30])
def test_batches_reach_the_minimum_neighbourhood(batch_size):
    r = gradient_descent(
        F, [0.0, 0.0], 0.05, max_steps=3000, batch_size=batch_size, seed=1
    )
    assert not r.diverged
    best = linear.mse_loss(M_STAR, B_STAR, x, y)
    assert r.final_loss < best * 1.2
    assert r.batch_size == batch_size


def test_batches_are_seeded():
    a = gradient_descent(F, [0.0, 0.0], 0.05, max_steps=50, batch_size=3, seed=7)
    b = gradient_descent(F, [0.0, 0.0], 0.05, max_steps=50, batch_size=3, seed=7)
    c = gradient_descent(F, [0.0, 0.0], 0.05, max_steps=50, batch_size=3, seed=8)
    np.testing.assert_array_equal(a.path, b.path)
    assert not np.array_equal(a.path, c.path)


def test_full_batch_size_equals_full_batch_descent():
    a = gradient_descent(F, [0.0, 0.0], 0.1, max_steps=20, batch_size=30)
    b = gradient_descent(F, [0.0, 0.0], 0.1, max_steps=20)
    np.testing.assert_allclose(a.path, b.path, rtol=1e-12)


def test_curves_local_minimum():
    f, df = CURVES["bumpy"]
    obj = curve_objective(f, df)
    right = gradient_descent(obj, [2.0], 0.05, max_steps=1000, grad_tol=1e-9)
    left = gradient_descent(obj, [-2.0], 0.05, max_steps=1000, grad_tol=1e-9)
    assert right.final[0] == pytest.approx(
        1.1309, abs=1e-3
    )  # stuck in the local minimum
    assert left.final[0] == pytest.approx(-1.3008, abs=1e-3)  # the global one
    assert right.final_loss > left.final_loss


@settings(max_examples=25, deadline=None)
@given(st.floats(-10, 10), st.floats(0.01, 0.99))
def test_bowl_converges_for_any_stable_rate(w0, frac):
    obj = curve_objective(*CURVES["bowl"])
    r = gradient_descent(
        obj, [w0], frac * 1.0, max_steps=5000, grad_tol=1e-8
    )  # 2/E'' = 1
    assert r.final[0] == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("lr", [0.0, -0.1, np.nan, np.inf])
def test_bad_learning_rates_rejected(lr):
    with pytest.raises(ValueError, match="^lr must"):
        gradient_descent(F, [0.0, 0.0], lr)


def test_bad_arguments_rejected():
    with pytest.raises(TypeError, match="lr must be a real number"):
        gradient_descent(F, [0.0, 0.0], "0.1")
    with pytest.raises(
        ValueError, match="batch_size must be at most the number of samples, 30"
    ):
        gradient_descent(F, [0.0, 0.0], 0.1, batch_size=31)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        gradient_descent(F, [0.0, 0.0], 0.1, batch_size=0)
    with pytest.raises(ValueError, match="max_steps must be at least 1"):
        gradient_descent(F, [0.0, 0.0], 0.1, max_steps=0)
    with pytest.raises(ValueError, match="start must have 1 dimension"):
        gradient_descent(F, [[0.0, 0.0]], 0.1)
    with pytest.raises(ValueError, match="gradient of shape"):
        gradient_descent(lambda t, r: (0.0, np.zeros(3)), [0.0, 0.0], 0.1)
    with pytest.raises(TypeError, match="objective must be a function"):
        gradient_descent(None, [0.0], 0.1)


def test_growing_loss_is_flagged_before_divergence():
    r = gradient_descent(F, [0.0, 0.0], 1.02 * LR_MAX, max_steps=20, stable_lr=LR_MAX)
    assert r.stop_reason == "max_steps"
    assert r.losses[-1] > r.losses[0]
    assert "loss went up" in r.message


def test_parameters_running_off_with_a_bounded_loss_are_caught():
    # loss tanh(w)^2 stays below 1 however large w gets; the slope pushes w to inf
    def objective(theta, rows=None):
        w = theta[0]
        return float(np.tanh(w) ** 2), np.array([-1e308])

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = gradient_descent(objective, [0.0], 1e10, max_steps=50)
    assert r.diverged and np.isfinite(r.path).all()


@pytest.mark.parametrize("start", [[0.5], [0.0, 0.0, 0.0]])
def test_start_of_the_wrong_length_is_named(start):
    message = r"^start must hold one value per parameter.*\(2,\)"
    with pytest.raises(ValueError, match=message):
        gradient_descent(F, start, 0.1)


def test_start_of_the_wrong_length_is_named_for_an_objective_without_n_params():
    def f(theta, rows=None):  # a hand-written objective for two parameters
        r = y - (theta[0] * x + theta[1])
        return float(r @ r) / r.size, -2.0 * np.array([x @ r, r.sum()]) / r.size

    with pytest.raises(ValueError, match=r"^start \(shape \(1,\)\) does not fit"):
        gradient_descent(f, [0.5], 0.1)
    message = r"^start must hold one value per parameter.*\(1,\)"
    with pytest.raises(ValueError, match=message):
        gradient_descent(curve_objective(*CURVES["bowl"]), [0.0, 1.0], 0.1)


@pytest.mark.parametrize("seed", [-1, 2.5, "1", float("nan"), True])
def test_a_bad_seed_is_named(seed):
    with pytest.raises((TypeError, ValueError), match=r"\bseed\b"):
        gradient_descent(F, [0.0, 0.0], 0.05, max_steps=5, batch_size=3, seed=seed)


def test_divergence_on_the_bowl_stops_at_the_step_a_closed_form_predicts():
    # On E(w) = (w - 1)^2 + 0.5 with lr = 1.5, w_k - 1 = (-2)^k (w_0 - 1), so from
    # w_0 = 0: E_k = 4^k + 0.5. The limit is 1e8 * E_0 = 1.5e8, first passed at
    # k = 14 (4^13 = 6.7e7, 4^14 = 2.7e8): 13 steps kept, divergence at step 14.
    r = gradient_descent(curve_objective(*CURVES["bowl"]), [0.0], 1.5, max_steps=100)
    assert r.stop_reason == "diverged" and r.diverged_at == 14 and r.steps == 13
    np.testing.assert_allclose(r.losses, 4.0 ** np.arange(14) + 0.5, rtol=1e-12)
    np.testing.assert_allclose(r.path[:, 0], 1.0 - (-2.0) ** np.arange(14), rtol=1e-12)
    assert "step 14" in r.message and "lr = 1.5" in r.message
    # Just stable (|1 - 2 lr| < 1) never diverges, however long it runs.
    ok = gradient_descent(
        curve_objective(*CURVES["bowl"]), [0.0], 0.999, max_steps=5000
    )
    assert not ok.diverged and ok.steps == 5000


def test_mini_batches_take_a_fresh_order_every_epoch():
    seen = []

    def objective(theta, rows=None):
        if rows is not None:
            seen.append(rows.tolist())
        return float(theta @ theta), 2.0 * theta

    n, size = 6, 2
    gradient_descent(
        objective,
        [1.0],
        0.01,
        max_steps=5 * n // size,
        n_samples=n,
        batch_size=size,
        seed=3,
    )
    epochs = [sum(seen[i : i + n // size], []) for i in range(0, len(seen), n // size)]
    assert len(epochs) == 5
    assert all(
        sorted(e) == list(range(n)) for e in epochs
    )  # every sample once an epoch
    assert len({tuple(e) for e in epochs}) == 5  # in a new order each time
