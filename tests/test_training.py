import time
import warnings

import numpy as np
import pytest

import nnlib


@pytest.fixture
def numerical_run(worked_run):
    return worked_run("numerical")


@pytest.fixture
def backprop_run(worked_run):
    return worked_run("backprop")


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
    lines = hist.table(labels=("예측", "손실")).splitlines()
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


def test_h_is_checked_for_every_method():
    net, x, t = nnlib.worked_example()
    with pytest.raises(ValueError, match="h must be a positive finite"):
        nnlib.gradient_descent(net, x, t, method="backprop", h=-1.0)


# ---------------------------------------------------------------- bugs found by trying it

def _perfect_net():
    """A network whose prediction already equals its target: loss exactly 0."""
    net = nnlib.Network({"W1": [[0.0]], "b1": [0.0]}, "identity")
    return net, np.array([1.0]), np.array([0.0])


def test_a_run_starting_at_loss_zero_is_not_diverged():
    net, x, t = _perfect_net()
    hist = nnlib.gradient_descent(net, x, t, lr=0.1, steps=5, method="backprop")
    assert hist.loss_start == 0.0 and not hist.diverged and hist.steps_done == 5
    np.testing.assert_array_equal(hist.losses, np.zeros(5))


def test_a_run_starting_near_zero_is_judged_by_the_absolute_floor():
    # starting at 1e-20, the relative rule alone would call a loss of 1e-13 "diverged"
    net = nnlib.Network({"W1": [[0.0]], "b1": [1e-10]}, "identity")
    hist = nnlib.gradient_descent(net, np.array([1.0]), np.array([0.0]), lr=0.1, steps=5, method="backprop")
    assert not hist.diverged and hist.final_loss < hist.loss_start
    assert nnlib.training.divergence_limit(0.0) == nnlib.training.DIVERGENCE_FLOOR


@pytest.mark.parametrize("method", ["numerical", "backprop"])
def test_integer_parameters_are_refused_not_truncated(method):
    net, x, t = nnlib.worked_example()
    net.params["W1"] = np.array([[0, 1], [2, 3]])
    with pytest.raises(TypeError, match=r"net.params\['W1'\] has dtype int64.*astype"):
        nnlib.gradient_descent(net, x, t, steps=3, method=method)
    np.testing.assert_array_equal(net.params["W1"], [[0, 1], [2, 3]])


def test_nan_parameters_are_refused_not_reported_as_divergence():
    net, x, t = nnlib.worked_example()
    net.params["b2"][1] = np.nan
    with pytest.raises(ValueError, match=r"net.params\['b2'\] contains NaN"):
        nnlib.gradient_descent(net, x, t, steps=3)


def test_empty_batch_is_a_clear_error():
    net, _, _ = nnlib.worked_example()
    with pytest.raises(ValueError, match=r"x has shape \(0, 2\).*at least one sample"):
        nnlib.gradient_descent(net, np.zeros((0, 2)), np.zeros((0, 2)), steps=3)
    with pytest.raises(ValueError, match="empty"):
        nnlib.mse(np.zeros(0), np.zeros(0))


def test_first_and_table_name_their_argument(numerical_run):
    _, hist = numerical_run
    with pytest.raises(ValueError, match="n must be at least 0"):
        hist.first(-1)
    with pytest.raises(ValueError, match="every must be at least 1"):
        hist.table(every=0)
    with pytest.raises(TypeError, match="every must be a whole number"):
        hist.rows(every=1.5)
    assert hist.first(0).steps_done == 0 and hist.first(0).final_loss == hist.loss_start
    assert hist.first(10**6).steps_done == 3000


def test_first_keeps_a_divergence_only_if_it_happened_within():
    net, x, t = _linear_output_net()
    hist = nnlib.gradient_descent(net, x, t, lr=10.0, steps=100)
    assert hist.first(2).steps_done == 2 and not hist.first(2).diverged
    assert hist.first(50).diverged_at == 3 and hist.first(50).steps_done == 3


def test_diverged_run_leaves_the_last_good_parameters():
    net, x, t = _linear_output_net()
    hist = nnlib.gradient_descent(net, x, t, lr=10.0, steps=100)
    for name in net.params:
        np.testing.assert_array_equal(net.params[name], hist.params[name][-1])


def test_table_takes_its_labels_from_the_caller(numerical_run):
    _, hist = numerical_run
    assert hist.table(every=1500).splitlines()[1].startswith("[1500] prediction: [")
    assert ", loss: " in hist.table(every=1500)


# ---------------------------------------------------------------- what the record holds

def test_history_has_a_length_the_activations_and_no_public_record(numerical_run):
    net, hist = numerical_run
    assert len(hist) == 3000 == hist.steps_done
    assert hist.activations == ("sigmoid", "sigmoid") == net.activations
    assert not hasattr(hist, "record")
    linear = nnlib.Network(net.params, ["sigmoid", "identity"])
    short = nnlib.gradient_descent(linear, *nnlib.worked_example()[1:], steps=50, method="backprop")
    rebuilt = nnlib.Network({k: v[-1] for k, v in short.params.items()}, short.activations)
    np.testing.assert_array_equal(rebuilt.predict(nnlib.worked_example()[1]), short.final_prediction)
    assert len(short.first(20)) == 20 and short.first(20).activations == ("sigmoid", "identity")


# ---------------------------------------------------------------- runs that cannot fit or blow up

@pytest.mark.parametrize("method", ["numerical", "backprop"])
def test_a_run_too_long_to_record_is_refused_at_once(method):
    net, x, t = nnlib.worked_example()
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"steps=100000000 would need 24.8 GB .* at most 4329604 steps"):
        nnlib.gradient_descent(net, x, t, steps=10**8, method=method)
    assert time.perf_counter() - start < 1.0  # refused before anything is allocated or trained
    assert net.params["W1"][0, 0] == 0.1


@pytest.mark.parametrize("method", ["numerical", "backprop"])
@pytest.mark.parametrize("lr", [1e5, 1e308])
def test_a_step_that_saturates_the_network_is_a_divergence(method, lr):
    """lr = 1e308 throws the parameters to about -1e306, lr = 1e5 to about -1e3: the sigmoids
    give exactly 0, the gradient is exactly 0 from then on, and the loss (0.025) looks fine."""
    net, x, t = nnlib.worked_example()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hist = nnlib.gradient_descent(net, x, t, lr=lr, steps=50, method=method)
    assert hist.diverged_at == 0 and len(hist) == 0 and "diverged at step 0" in repr(hist)
    for name, W in net.params.items():  # back to where the run started
        np.testing.assert_array_equal(W, hist.params_start[name])


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(net=None), TypeError, "net must be a Network, got None"),
    (dict(x=None), TypeError, "x must be an array of numbers, got None"),
    (dict(t=None), TypeError, "t must be an array of numbers, got None"),
])
def test_missing_arguments_are_named(kwargs, error, message):
    net, x, t = nnlib.worked_example()
    args = {"net": net, "x": x, "t": t, **kwargs}
    with pytest.raises(error, match=message):
        nnlib.gradient_descent(args["net"], args["x"], args["t"], steps=3)
