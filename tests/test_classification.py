"""Softmax, cross-entropy, the two-layer classifier's backprop and its training loop."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import classification as C
from nnlib import datasets

ACTIVATIONS = ["sigmoid", "tanh", "relu"]


def test_softmax_rows_sum_to_one_and_match_the_formula():
    a = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    expected = np.exp(a) / np.exp(a).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(C.softmax(a), expected, rtol=1e-15)
    np.testing.assert_allclose(C.softmax(a).sum(axis=1), 1.0, rtol=1e-15)


@pytest.mark.parametrize("big", [710.0, 1e5, 1e300])
def test_softmax_does_not_overflow(big):
    with np.errstate(all="raise"):  # any overflow would raise here
        y = C.softmax(np.array([[big, big - 1.0], [-big, -big]]))
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y[1], [0.5, 0.5], rtol=1e-15)
    if big < 1e16:  # big - 1 is still a different number
        np.testing.assert_allclose(y[0], [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))], rtol=1e-14)


def test_cross_entropy_of_a_perfect_prediction_is_zero_and_finite():
    labels = np.array([0, 2, 1])
    y = C.one_hot(labels, 3)
    assert C.cross_entropy(y, labels) == 0.0
    # the worst prediction is still a finite number, not inf
    worst = C.cross_entropy(1.0 - y, labels)
    assert np.isfinite(worst) and worst > 600
    # from scores: huge, right scores give a loss of (almost) 0, not nan
    assert C.softmax_cross_entropy(1e4 * y, labels) == pytest.approx(0.0, abs=1e-300)


def test_cross_entropy_matches_the_textbook_definition():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((5, 4))
    labels = np.array([0, 3, 1, 1, 2])
    y = C.softmax(a)
    textbook = -np.mean(np.log(y[np.arange(5), labels]))
    assert C.cross_entropy(y, labels) == pytest.approx(textbook, rel=1e-14)
    assert C.softmax_cross_entropy(a, labels) == pytest.approx(textbook, rel=1e-13)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 6), k=st.integers(2, 5), seed=st.integers(0, 10_000))
def test_softmax_cross_entropy_grad_against_numerical_gradient(n, k, seed):
    rng = np.random.default_rng(seed)
    a = 3 * rng.standard_normal((n, k))
    labels = rng.integers(0, k, n)
    numerical = nnlib.numerical_gradient(lambda _: C.softmax_cross_entropy(a, labels), a)
    # central differences with h = 1e-4: truncation error of order h^2 times the third derivative
    np.testing.assert_allclose(C.softmax_cross_entropy_grad(a, labels), numerical, rtol=1e-6, atol=1e-8)


@settings(max_examples=20, deadline=None)
@given(n_in=st.integers(1, 4), n_hidden=st.integers(1, 5), n_out=st.integers(2, 4),
       batch=st.integers(1, 5), activation=st.sampled_from(ACTIVATIONS), seed=st.integers(0, 10_000))
def test_backprop_against_numerical_gradient(n_in, n_hidden, n_out, batch, activation, seed):
    net = C.TwoLayerNet(n_in, n_hidden, n_out, activation, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for name in ("b1", "b2"):  # non-zero biases, so that their gradients are tested too
        net.params[name] += 0.3 * rng.standard_normal(net.params[name].shape)
    x = rng.standard_normal((batch, n_in))
    labels = rng.integers(0, n_out, batch)
    if activation == "relu":
        # relu has a kink at 0: keep every hidden sum at least 1e-2 away from it
        a1 = x @ net.params["W1"] + net.params["b1"]
        net.params["b1"] += np.where(np.abs(a1).min(axis=0) < 1e-2, 0.05, 0.0)
    analytic = net.gradient(x, labels)
    numerical = net.numerical_gradient(x, labels)
    assert set(analytic) == set(numerical) == {"W1", "b1", "W2", "b2"}
    for name in analytic:
        assert analytic[name].shape == net.params[name].shape
        np.testing.assert_allclose(analytic[name], numerical[name], rtol=1e-5, atol=1e-8, err_msg=name)


def test_numerical_gradient_leaves_the_parameters_unchanged():
    net = C.TwoLayerNet(3, 4, 2, seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    net.numerical_gradient(np.ones((2, 3)), [0, 1])
    for k in before:
        np.testing.assert_array_equal(net.params[k], before[k])


def test_accuracy():
    y = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]])
    assert C.accuracy(y, [0, 1, 1, 1]) == 0.75


@pytest.fixture(scope="module")
def moons():
    x, labels = datasets.two_moons(200, noise=0.1, seed=0)
    return datasets.train_test_split(x, labels, 0.25, seed=0)


def test_training_lowers_the_loss_and_records_every_epoch(moons):
    net = C.TwoLayerNet(2, 8, 2, "tanh", seed=0)
    record = C.train(net, *moons, lr=0.5, epochs=40, batch_size=10, keep_params=True)
    assert record.epochs_done == 40 and record.diverged_at is None
    for curve in (record.train_loss, record.test_loss, record.train_accuracy, record.test_accuracy):
        assert curve.shape == (41,)
    assert record.train_loss[-1] < 0.5 * record.train_loss[0]
    assert record.test_accuracy[-1] > 0.9
    # the record's numbers are the network's: recompute them from the final parameters
    assert record.train_loss[-1] == pytest.approx(net.loss(moons[0], moons[1]), rel=1e-12)
    np.testing.assert_array_equal(record.params[-1]["W1"], net.params["W1"])
    assert len(record.params) == 41


def test_training_is_reproducible_and_seed_dependent(moons):
    runs = [C.train(C.TwoLayerNet(2, 5, 2, seed=3), *moons, lr=0.3, epochs=5, seed=s).train_loss for s in (7, 7, 8)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_one_epoch_is_one_step_per_batch(moons):
    """With one batch holding the whole training set, an epoch is one plain gradient step."""
    x, labels = moons[0], moons[1]
    net = C.TwoLayerNet(2, 4, 2, seed=0)
    by_hand = net.copy()
    C.train(net, *moons, lr=0.2, epochs=1, batch_size=len(x))
    grads = by_hand.gradient(x, labels)
    for key in grads:
        by_hand.params[key] -= 0.2 * grads[key]
        np.testing.assert_allclose(net.params[key], by_hand.params[key], rtol=1e-12, atol=1e-15)


def test_divergence_is_reported_not_raised(moons):
    net = C.TwoLayerNet(2, 30, 2, "relu", seed=0)
    net.params["W1"] *= 1e150  # scores that overflow to inf
    record = C.train(net, *moons, lr=1e10, epochs=5)
    assert record.diverged_at == 1
    assert record.epochs_done == 0


@pytest.mark.parametrize("call, match", [
    (lambda net, x, l: net.loss(x, [0, 1, 2, 5]), "labels must lie in 0 .. 2"),
    (lambda net, x, l: net.loss(x, [0, 1, -1, 0]), "labels must lie in 0"),
    (lambda net, x, l: net.loss(x, [0, 1]), "labels has 2 entries but x has 4"),
    (lambda net, x, l: net.loss(np.empty((0, 2)), []), "x is empty"),
    (lambda net, x, l: net.loss(x[:, :1], l), r"x has shape \(4, 1\)"),
    (lambda net, x, l: net.loss(x, [0.5, 1, 2, 0]), "labels must be whole numbers"),
    (lambda net, x, l: C.train(net, x, l, x[:0], l[:0]), "x_test is empty"),
    (lambda net, x, l: C.train(net, x, l, x, l[:3]), "labels has 3 entries but x_test has 4"),
    (lambda net, x, l: C.train(net, x, l, x, l, lr=-1.0), "lr must be"),
    (lambda net, x, l: C.train(net, x, l, x, l, batch_size=0), "batch_size"),
    (lambda net, x, l: C.TwoLayerNet(2, 0, 3), "n_hidden"),
    (lambda net, x, l: C.TwoLayerNet(2, 3, 3, "softplus"), "unknown activation"),
])
def test_bad_input_gets_a_clear_error_and_changes_nothing(call, match):
    net = C.TwoLayerNet(2, 3, 3, seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    x = np.arange(8.0).reshape(4, 2)
    labels = np.array([0, 1, 2, 0])
    x_copy, labels_copy = x.copy(), labels.copy()
    with pytest.raises((ValueError, TypeError), match=match):
        call(net, x, labels)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(labels, labels_copy)
    for k in before:
        np.testing.assert_array_equal(net.params[k], before[k])


@pytest.mark.parametrize("train", ["plain", "fast"])
@pytest.mark.parametrize("kwargs, error, match", [
    (dict(lr="0.1"), TypeError, "lr must be a number, got '0.1'"),
    (dict(lr=float("nan")), ValueError, "lr must be a positive finite number"),
    (dict(net=None), TypeError, "net must be a TwoLayerNet, got None"),
    (dict(seed=-1), ValueError, "seed must be at least 0"),
    (dict(batch_size=2.5), ValueError, "batch_size must be a whole number"),
])
def test_training_arguments_are_named(train, kwargs, error, match):
    from nnlib import fast_classifier
    run = C.train if train == "plain" else fast_classifier.train_classifier
    x = np.arange(8.0).reshape(4, 2)
    labels = np.array([0, 1, 2, 0])
    kwargs = dict(kwargs)  # (the same dict serves both trainers)
    net = kwargs.pop("net", C.TwoLayerNet(2, 3, 3, seed=0))
    with pytest.raises(error, match=match):
        run(net, x, labels, x, labels, epochs=2, **kwargs)


def test_softmax_of_a_row_without_a_finite_score_is_a_clear_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="softmax: every row needs a finite largest score.*-inf"):
            C.softmax([-np.inf, -np.inf])
        with pytest.raises(ValueError, match="finite largest score"):
            C.softmax([[0.0, 1.0], [np.nan, 0.0]])
        np.testing.assert_allclose(C.softmax([-np.inf, 0.0]), [0.0, 1.0])  # one finite score is enough
