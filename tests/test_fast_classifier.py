"""nnlib.fast_classifier.train_classifier must give what the readable classification.train gives."""

import numpy as np
import pytest

from nnlib import classification as C
from nnlib import datasets, fast, fast_classifier


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("batch_size", [1, 7, 32, 1000])
def test_fast_training_matches_the_plain_loop(activation, batch_size):
    x, labels = datasets.spiral(90, seed=1)
    split = datasets.train_test_split(x, labels, 0.3, seed=2)
    plain_net = C.TwoLayerNet(2, 6, 2, activation, seed=3)
    fast_net = plain_net.copy()
    plain = C.train(plain_net, *split, lr=0.4, epochs=12, batch_size=batch_size, seed=5, keep_params=True)
    quick = fast_classifier.train_classifier(fast_net, *split, lr=0.4, epochs=12, batch_size=batch_size, seed=5,
                                keep_params=True)
    # the same steps in a different order of floating-point operations: agree to 1e-9
    for name in ("train_loss", "test_loss"):
        np.testing.assert_allclose(getattr(quick, name), getattr(plain, name), rtol=1e-9, err_msg=name)
    for name in ("train_accuracy", "test_accuracy"):
        np.testing.assert_array_equal(getattr(quick, name), getattr(plain, name), err_msg=name)
    for key in plain_net.params:
        np.testing.assert_allclose(fast_net.params[key], plain_net.params[key], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(quick.params[4][key], plain.params[4][key], rtol=1e-9, atol=1e-12)
    assert quick.diverged_at == plain.diverged_at is None


def test_fast_training_on_digits_matches():
    x, labels = datasets.load_digits()
    split = datasets.train_test_split(x[:400], labels[:400], 0.25, seed=0)
    a, b = C.TwoLayerNet(64, 20, 10, "relu", seed=0), C.TwoLayerNet(64, 20, 10, "relu", seed=0)
    plain = C.train(a, *split, lr=0.1, epochs=3, batch_size=16)
    quick = fast_classifier.train_classifier(b, *split, lr=0.1, epochs=3, batch_size=16)
    np.testing.assert_allclose(quick.test_loss, plain.test_loss, rtol=1e-9)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_three_classes_match(activation):
    """More than two classes take the general steps (two classes have their own)."""
    x, _ = datasets.spiral(90, seed=1)
    labels = np.digitize(x[:, 0], [-0.3, 0.3])  # three bands
    split = datasets.train_test_split(x, labels, 0.3, seed=2)
    a = C.TwoLayerNet(2, 5, 3, activation, seed=3)
    b = a.copy()
    plain = C.train(a, *split, lr=0.5, epochs=10, batch_size=8, seed=1, keep_params=True)
    quick = fast_classifier.train_classifier(b, *split, lr=0.5, epochs=10, batch_size=8, seed=1, keep_params=True)
    np.testing.assert_allclose(quick.train_loss, plain.train_loss, rtol=1e-9)
    np.testing.assert_array_equal(quick.test_accuracy, plain.test_accuracy)
    for key in a.params:
        np.testing.assert_allclose(b.params[key], a.params[key], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(quick.params[7][key], plain.params[7][key], rtol=1e-9, atol=1e-12)


def test_huge_weights_diverge_like_the_plain_loop():
    """Past 1e50 the two-class steps hand over to the plain softmax, which turns infinite scores into NaN."""
    split = datasets.train_test_split(*datasets.two_moons(160, noise=0.25, seed=0), 0.5, seed=0)
    a = C.TwoLayerNet(2, 3, 2, "relu", seed=0)
    b = a.copy()
    with np.errstate(all="ignore"):
        plain = C.train(a, *split, lr=1e3, epochs=30, batch_size=16)
    quick = fast_classifier.train_classifier(b, *split, lr=1e3, epochs=30, batch_size=16)
    assert quick.diverged_at == plain.diverged_at == 14
    assert not np.isfinite(a.params["W2"]).all() and not np.isfinite(b.params["W2"]).all()
    np.testing.assert_allclose(quick.train_loss, plain.train_loss, rtol=1e-9)


def test_fast_reports_divergence_and_bad_input_like_the_plain_loop():
    x, labels = datasets.two_moons(40, seed=0)
    split = datasets.train_test_split(x, labels, 0.25, seed=0)
    net = C.TwoLayerNet(2, 5, 2, "relu", seed=0)
    net.params["W1"] *= 1e150
    assert fast_classifier.train_classifier(net, *split, lr=1e10, epochs=3).diverged_at == 1
    with pytest.raises(ValueError, match="labels has 3 entries but x_test has 10"):
        fast_classifier.train_classifier(net, split[0], split[1], split[2], split[3][:3])
    with pytest.raises(ValueError, match="batch_size"):
        fast_classifier.train_classifier(net, *split, batch_size=0)


def test_other_activations_are_trained_by_the_plain_loop():
    split = datasets.train_test_split(*datasets.two_moons(40, seed=0), 0.25, seed=0)
    a = C.TwoLayerNet(2, 3, 2, "identity", seed=0)
    b = a.copy()
    np.testing.assert_array_equal(fast_classifier.train_classifier(a, *split, epochs=3).train_loss,
                                  C.train(b, *split, epochs=3).train_loss)


def test_the_engine_is_still_reached_through_nnlib_fast():
    assert fast.train_classifier is fast_classifier.train_classifier
