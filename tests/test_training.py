import warnings

import numpy as np
import pytest

import nnlib


@pytest.fixture(scope="module")
def numerical_run():
    net, x, t = nnlib.worked_example()
    return net, nnlib.gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical")


@pytest.fixture(scope="module")
def backprop_run():
    net, x, t = nnlib.worked_example()
    return net, nnlib.gradient_descent(net, x, t, lr=0.1, steps=3000, method="backprop")


def test_all_20_printed_rows(numerical_run, reference):
    _, hist = numerical_run
    rows = hist.rows(every=reference["problem"]["print_every"])
    assert [r[0] for r in rows] == [r["step"] for r in reference["printed_rows"]]
    for (step, prediction, loss), expected in zip(rows, reference["printed_rows"]):
        np.testing.assert_allclose(prediction, expected["prediction"], rtol=0, atol=5e-9, err_msg=f"step {step}")
        assert loss == pytest.approx(expected["loss"], rel=1e-12, abs=0), f"step {step}"


def test_gradients_at_steps_0_and_1(numerical_run, reference):
    _, hist = numerical_run
    for step, key in ((0, "gradients_step0"), (1, "gradients_step1")):
        for name, expected in reference[key].items():
            np.testing.assert_allclose(hist.grads[name][step], expected, rtol=0, atol=5e-9)


def test_final_prediction(numerical_run, reference):
    net, hist = numerical_run
    _, x, _ = nnlib.worked_example()
    np.testing.assert_allclose(net.predict(x), reference["final_prediction"], rtol=0, atol=5e-9)
    np.testing.assert_array_equal(hist.final_prediction, net.predict(x))


def test_table_prints_like_the_seed(numerical_run):
    _, hist = numerical_run
    lines = hist.table(lang="ko").splitlines()
    assert len(lines) == 20
    assert lines[0] == "[0] 예측: [0.64106615 0.70142718], 손실: 0.2781270047"
    assert lines[9].startswith("[1350] 예측: [0.20001903 0.1073766 ], 손실: ")


def test_numerical_and_backprop_agree(numerical_run, backprop_run):
    (_, hn), (_, hb) = numerical_run, backprop_run
    np.testing.assert_allclose(hb.predictions, hn.predictions, rtol=0, atol=1e-8)
    np.testing.assert_allclose(hb.losses, hn.losses, rtol=1e-5, atol=1e-12)
    for name in hn.grads:
        np.testing.assert_allclose(hb.grads[name], hn.grads[name], rtol=0, atol=1e-9)


def test_history_keeps_copies_not_aliases(numerical_run):
    net, hist = numerical_run
    assert not np.shares_memory(hist.params["W1"], net.params["W1"])
    assert not np.array_equal(hist.params["W1"][0], hist.params["W1"][-1])
    np.testing.assert_array_equal(hist.params["W1"][-1], net.params["W1"])
    np.testing.assert_array_equal(hist.params_start["W1"], nnlib.worked_example()[0].params["W1"])


def test_grad_norms_are_norms_and_decay(numerical_run):
    _, hist = numerical_run
    np.testing.assert_allclose(hist.grad_norms["W2"][5], np.linalg.norm(hist.grads["W2"][5]), rtol=1e-14)
    for name, norms in hist.grad_norms.items():
        assert norms[-1] < norms[0] / 10, name


def test_training_in_place_keeps_callers_array_objects():
    net, x, t = nnlib.worked_example()
    W1 = net.params["W1"]
    nnlib.gradient_descent(net, x, t, steps=5)
    assert net.params["W1"] is W1 and W1[0, 0] != 0.1


def test_batch_training_works():
    net = nnlib.Network.random((2, 3, 1), ["tanh", "sigmoid"], seed=2)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    T = np.array([[0], [1], [1], [0]], dtype=float)
    hist = nnlib.gradient_descent(net, X, T, lr=2.0, steps=400, method="backprop")
    assert hist.predictions.shape == (400, 4, 1)
    assert hist.final_loss < hist.loss_start


def _linear_output_net():
    net, x, t = nnlib.worked_example()
    return nnlib.Network(net.params, ["sigmoid", "identity"]), x, t


def test_divergence_stops_without_warnings():
    net, x, t = _linear_output_net()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hist = nnlib.gradient_descent(net, x, t, lr=10.0, steps=3000)
    assert hist.diverged and hist.diverged_at == 3
    assert hist.steps_done == 3 and np.all(np.isfinite(hist.losses))
    assert hist.params["W1"].shape == (3, 2, 2)
    assert "diverged at step 3" in repr(hist)


def test_divergence_at_first_step_gives_empty_history():
    net, x, t = _linear_output_net()
    hist = nnlib.gradient_descent(net, x, t, lr=1e6, steps=10)
    assert hist.diverged_at == 0 and hist.steps_done == 0
    assert hist.final_loss == hist.loss_start


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(lr=0.0), ValueError, "lr must be a positive finite"),
        (dict(lr=-0.1), ValueError, "lr must be a positive finite"),
        (dict(lr=float("nan")), ValueError, "lr must be a positive finite"),
        (dict(lr=float("inf")), ValueError, "lr must be a positive finite"),
        (dict(lr="0.1"), TypeError, "lr must be a number"),
        (dict(steps=0), ValueError, "steps must be at least 1"),
        (dict(steps=2.5), TypeError, "steps must be a whole number"),
        (dict(method="adam"), ValueError, "method must be one of"),
        (dict(h=0.0), ValueError, "h must be a positive finite"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    net, x, t = nnlib.worked_example()
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(error, match=message):
        nnlib.gradient_descent(net, x, t, **kwargs)
    for k in before:
        np.testing.assert_array_equal(net.params[k], before[k])


def test_sweep_matches_single_runs():
    net, x, t = _linear_output_net()
    lrs = [0.05, 0.5, 10.0]
    sweep = nnlib.learning_rate_sweep(net, x, t, lrs, steps=200)
    assert net.params["W1"][0, 0] == 0.1  # untouched
    for i, lr in enumerate(lrs):
        single = nnlib.gradient_descent(net.copy(), x, t, lr=lr, steps=200, method="backprop")
        run = sweep.history(i)
        assert run.diverged_at == single.diverged_at
        np.testing.assert_allclose(run.losses, single.losses, rtol=1e-12, atol=1e-300)
        for name in single.grad_norms:
            np.testing.assert_allclose(run.grad_norms[name], single.grad_norms[name], rtol=1e-12)
    assert sweep.diverged_at.tolist() == [-1, -1, 3]
    assert np.isnan(sweep.losses[2, 3:]).all()
    assert sweep.final_losses[2] == sweep.losses[2, 2]


def test_sweep_bad_lrs():
    net, x, t = nnlib.worked_example()
    with pytest.raises(ValueError, match="every learning rate in lrs"):
        nnlib.learning_rate_sweep(net, x, t, [0.1, -1.0])
    with pytest.raises(ValueError, match="non-empty"):
        nnlib.learning_rate_sweep(net, x, t, [])


def test_numerical_sweep_matches_backprop_sweep():
    net, x, t = nnlib.worked_example()
    lrs = [0.01, 0.1, 1.0]
    numerical = nnlib.learning_rate_sweep(net, x, t, lrs, steps=300, method="numerical")
    backprop = nnlib.learning_rate_sweep(net, x, t, lrs, steps=300, method="backprop")
    assert numerical.method == "numerical" and numerical.history(0).method == "numerical"
    np.testing.assert_allclose(numerical.losses, backprop.losses, rtol=1e-6)
    single = nnlib.gradient_descent(net.copy(), x, t, lr=0.1, steps=300, method="numerical")
    np.testing.assert_allclose(numerical.losses[1], single.losses, rtol=1e-12)


def test_h_is_checked_for_every_method():
    net, x, t = nnlib.worked_example()
    with pytest.raises(ValueError, match="h must be a positive finite"):
        nnlib.gradient_descent(net, x, t, method="backprop", h=-1.0)
    with pytest.raises(ValueError, match="h must be a positive finite"):
        nnlib.learning_rate_sweep(net, x, t, [0.1], h=0.0)
