"""nnlib.fast against the plain loop it must match: every loss within 1e-9 relative."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import fast

RTOL = 1e-9  # the promise of nnlib.fast's docstring
# ... for losses above about 1e-12: a loss of 1e-16 carries the rounding of y - t, about
# 1e-16 |y| / |y - t| relative (seen: 2.3e-9 relative, 2e-24 absolute, at 1e-15)
LOSS_ATOL = 1e-20


def _assert_same_history(got, want, rtol=RTOL):
    assert (got.lr, got.method, got.steps, got.diverged_at) == (want.lr, want.method, want.steps, want.diverged_at)
    assert len(got) == len(want) and got.activations == want.activations
    assert got.loss_start == want.loss_start
    np.testing.assert_allclose(got.losses, want.losses, rtol=rtol, atol=LOSS_ATOL)
    np.testing.assert_allclose(got.predictions, want.predictions, rtol=rtol, atol=1e-300)
    for name in want.grad_norms:
        # a gradient is a difference of nearly equal losses: its error is absolute, about 1e-16 / h
        scale = np.max(np.abs(want.grads[name]), initial=1e-300) if want.grads is not None else 1.0
        np.testing.assert_allclose(got.grad_norms[name], want.grad_norms[name], rtol=1e-9, atol=1e-10 * scale)
        if want.grads is not None:
            np.testing.assert_allclose(got.grads[name], want.grads[name], rtol=1e-9, atol=1e-10 * scale)
            # parameters inherit the gradients' absolute error (times lr, summed over steps)
            np.testing.assert_allclose(got.params[name], want.params[name], rtol=rtol, atol=1e-10)


def test_worked_example_matches_the_plain_loop(worked_run):
    plain_net, plain = worked_run("backprop")
    net, x, t = nnlib.worked_example()
    got = fast.gradient_descent(net, x, t, lr=0.1, steps=3000, method="backprop")
    _assert_same_history(got, plain)
    for name in net.params:
        np.testing.assert_allclose(net.params[name], plain_net.params[name], rtol=RTOL, atol=1e-10)


def test_the_numerical_method_is_the_plain_loop():
    """The numerical method is handed over to the plain loop: the same numbers, bit for bit
    (tests/test_training.py checks the plain loop against the worked example's printed rows)."""
    (net, x, t), (plain_net, _, _) = nnlib.worked_example(), nnlib.worked_example()
    got = fast.gradient_descent(net, x, t, lr=0.1, steps=150, method="numerical")
    plain = nnlib.gradient_descent(plain_net, x, t, lr=0.1, steps=150, method="numerical")
    assert (got.lr, got.method, got.steps, got.diverged_at) == (plain.lr, plain.method, plain.steps, None)
    np.testing.assert_array_equal(got.losses, plain.losses)
    np.testing.assert_array_equal(got.predictions, plain.predictions)
    for name in net.params:
        np.testing.assert_array_equal(got.grads[name], plain.grads[name])
        np.testing.assert_array_equal(net.params[name], plain_net.params[name])


CASES = [  # sizes, activations, batch (0: one sample), lr
    ((2, 3, 1), ("tanh", "sigmoid"), 4, 0.5),
    ((3, 4, 2), ("relu", "identity"), 0, 0.05),
    ((1, 5, 5, 2), ("sigmoid", "tanh", "identity"), 3, 0.1),
    ((4, 2), ("sigmoid",), 6, 1.0),
    ((2, 6, 3, 3), ("tanh", "relu", "sigmoid"), 0, 0.3),
]


def _random_case(sizes, acts, batch):
    """A random network of ``sizes`` and inputs and targets for it (one sample if ``batch`` is 0)."""
    rng = np.random.default_rng(len(sizes) * 10 + batch)
    x = rng.standard_normal(sizes[0]) if batch == 0 else rng.standard_normal((batch, sizes[0]))
    t = rng.uniform(0.1, 0.9, (sizes[-1],) if batch == 0 else (batch, sizes[-1]))
    return nnlib.Network.random(sizes, acts, seed=batch), x, t


@pytest.mark.parametrize("sizes, acts, batch, lr", CASES)
@pytest.mark.parametrize("method", ["numerical", "backprop"])
def test_random_networks_match_the_plain_loop(sizes, acts, batch, lr, method):
    net, x, t = _random_case(sizes, acts, batch)
    plain = nnlib.gradient_descent(net.copy(), x, t, lr=lr, steps=60, method=method)
    got = fast.gradient_descent(net.copy(), x, t, lr=lr, steps=60, method=method)
    _assert_same_history(got, plain)


@pytest.mark.parametrize("method", ["numerical", "backprop"])
@pytest.mark.parametrize("lr, steps", [(10.0, 100), (0.5, 100), (1e6, 10), (1e5, 50), (1e308, 50)])
def test_divergence_matches(method, lr, steps):
    """Diverging by the loss (10, 1e6), by a saturated sigmoid (1e5, 1e308) or not at all (0.5)."""
    net, x, t = nnlib.worked_example()
    for output in ("identity", "sigmoid"):
        a, b = nnlib.Network(net.params, ["sigmoid", output]), nnlib.Network(net.params, ["sigmoid", output])
        plain = nnlib.gradient_descent(a, x, t, lr=lr, steps=steps, method=method)
        got = fast.gradient_descent(b, x, t, lr=lr, steps=steps, method=method)
        _assert_same_history(got, plain)
        for name in a.params:
            np.testing.assert_allclose(b.params[name], a.params[name], rtol=RTOL, atol=1e-10)
    assert fast.gradient_descent(*nnlib.worked_example(), lr=1e308, steps=50, method=method).diverged_at == 0


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       acts=st.lists(st.sampled_from(["sigmoid", "tanh", "relu", "identity"]), min_size=3, max_size=3),
       batch=st.integers(0, 3), seed=st.integers(0, 2**16), lr=st.sampled_from([0.01, 0.1, 0.5]))
def test_random_networks_match_within_the_promise(sizes, acts, batch, seed, lr):
    net = nnlib.Network.random(sizes, acts[:len(sizes) - 1], seed=seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal(sizes[0]) if batch == 0 else rng.standard_normal((batch, sizes[0]))
    t = rng.uniform(0.1, 0.9, net.predict(x).shape)
    plain = nnlib.gradient_descent(net.copy(), x, t, lr=lr, steps=40, method="backprop")
    got = fast.gradient_descent(net.copy(), x, t, lr=lr, steps=40, method="backprop")
    _assert_same_history(got, plain)


def test_a_run_too_long_to_record_is_refused_by_the_engine_too():
    net, x, t = nnlib.worked_example()
    with pytest.raises(ValueError, match="steps=100000000 would need"):
        fast.gradient_descent(net, x, t, steps=10**8, method="backprop")
    with pytest.raises(ValueError, match="steps=1000000 would need .* every copy"):
        fast.learning_rate_sweep(net, x, t, np.logspace(-3, 1, 81), steps=10**6)


def test_missing_network_is_named():
    _, x, t = nnlib.worked_example()
    with pytest.raises(TypeError, match="net must be a Network, got None"):
        fast.gradient_descent(None, x, t, method="backprop")
    with pytest.raises(TypeError, match="net must be a Network, got None"):
        fast.learning_rate_sweep(None, x, t, [0.1])


def test_fast_refuses_what_the_plain_loop_refuses():
    net, x, t = nnlib.worked_example()
    net.params["W1"] = np.array([[0, 1], [2, 3]])
    with pytest.raises(TypeError, match="astype"):
        fast.gradient_descent(net, x, t, steps=3)
    with pytest.raises(TypeError, match="astype"):
        fast.learning_rate_sweep(net, x, t, [0.1], steps=3)


# ---------------------------------------------------------------- learning-rate sweeps

def _linear_output_net():
    net, x, t = nnlib.worked_example()
    return nnlib.Network(net.params, ["sigmoid", "identity"]), x, t


@pytest.mark.parametrize("method", ["backprop", "numerical"])
def test_sweep_matches_single_plain_runs(method):
    net, x, t = _linear_output_net()
    lrs = [0.05, 0.5, 10.0]
    sweep = fast.learning_rate_sweep(net, x, t, lrs, steps=200, method=method)
    assert net.params["W1"][0, 0] == 0.1  # untouched
    assert sweep.method == method and sweep.history(0).method == method
    for i, lr in enumerate(lrs):
        single = nnlib.gradient_descent(net.copy(), x, t, lr=lr, steps=200, method=method)
        run = sweep.history(i)
        assert run.diverged_at == single.diverged_at and run.steps_done == single.steps_done
        np.testing.assert_allclose(run.losses, single.losses, rtol=RTOL, atol=LOSS_ATOL)
        for name in single.grad_norms:
            np.testing.assert_allclose(run.grad_norms[name], single.grad_norms[name], rtol=1e-9, atol=1e-15)
    assert sweep.diverged_at.tolist() == [-1, -1, 3]
    assert np.isnan(sweep.losses[2, 3:]).all()
    assert sweep.final_losses[2] == sweep.losses[2, 2]


@pytest.mark.parametrize("sizes, acts, batch, lr", CASES)
@pytest.mark.parametrize("method", ["numerical", "backprop"])
def test_sweeps_of_random_networks_match_the_plain_loop(sizes, acts, batch, lr, method):
    net, x, t = _random_case(sizes, acts, batch)
    lrs = [lr / 3, lr]  # (a far larger one oscillates chaotically: rounding grows without bound)
    sweep = fast.learning_rate_sweep(net, x, t, lrs, steps=40, method=method)
    for i, rate in enumerate(lrs):
        plain = nnlib.gradient_descent(net.copy(), x, t, lr=rate, steps=40, method=method)
        run = sweep.history(i)
        assert run.diverged_at == plain.diverged_at
        np.testing.assert_allclose(run.losses, plain.losses, rtol=RTOL, atol=LOSS_ATOL)
        np.testing.assert_allclose(run.predictions, plain.predictions, rtol=RTOL, atol=1e-300)
        for name in plain.grad_norms:
            np.testing.assert_allclose(run.grad_norms[name], plain.grad_norms[name], rtol=1e-9, atol=1e-12)


def test_sweep_of_the_worked_example_matches_the_printed_rows(reference):
    _, x, t = nnlib.worked_example()
    sweep = fast.learning_rate_sweep(nnlib.worked_example()[0], x, t, [0.01, 0.1], method="numerical")
    for row in reference["printed_rows"]:
        assert sweep.losses[1, row["step"]] == pytest.approx(row["loss"], rel=1e-12, abs=0)


@pytest.mark.parametrize("lrs, error, message", [
    ([0.1, -1.0], ValueError, "every learning rate in lrs must be a positive"),
    ([], ValueError, "non-empty"),
    ("0.1", ValueError, "non-empty 1-D"),
    (["0.1"], TypeError, "every learning rate in lrs must be a number"),
    ([True, 0.1], TypeError, "every learning rate in lrs must be a number"),
    ([[0.1]], ValueError, "1-D"),
])
def test_sweep_refuses_what_gradient_descent_refuses(lrs, error, message):
    net, x, t = nnlib.worked_example()
    with pytest.raises(error, match=message):
        fast.learning_rate_sweep(net, x, t, lrs)


def test_sweep_checks_h_steps_and_method():
    net, x, t = nnlib.worked_example()
    with pytest.raises(ValueError, match="h must be a positive finite"):
        fast.learning_rate_sweep(net, x, t, [0.1], h=0.0)
    with pytest.raises(TypeError, match="steps must be a whole number"):
        fast.learning_rate_sweep(net, x, t, [0.1], steps=2.5)
    with pytest.raises(ValueError, match="method must be one of"):
        fast.learning_rate_sweep(net, x, t, [0.1], method="adam")


# ---------------------------------------------------------------- what importing loads

def test_the_maths_modules_load_no_plotting_widgets_or_course():
    modules = ["nnlib", "nnlib.activations", "nnlib.losses", "nnlib.gradients", "nnlib.network",
               "nnlib.training", "nnlib.examples", "nnlib.fast"]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets', 'PIL')"
            " or m.startswith('nnlib.course')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
