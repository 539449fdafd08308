"""The 2-D data sets, the split, mini-batches and the bundled digits."""

import numpy as np
import pytest

from nnlib import datasets


@pytest.mark.parametrize("name", sorted(datasets.TOY_SETS))
def test_toy_sets_are_reproducible_for_a_seed(name):
    make = datasets.TOY_SETS[name]
    x1, l1 = make(120, seed=4)
    x2, l2 = make(120, seed=4)
    x3, _ = make(120, seed=5)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(l1, l2)
    assert not np.array_equal(x1, x3)
    assert x1.shape == (120, 2) and x1.dtype == np.float64
    assert l1.shape == (120,) and set(l1.tolist()) == {0, 1}
    assert np.bincount(l1).tolist() == [60, 60]


def test_shapes_of_the_classes():
    x, labels = datasets.circles(400, noise=0.0, factor=0.5, seed=0)
    radius = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(radius[labels == 0], 1.0, rtol=1e-12)
    np.testing.assert_allclose(radius[labels == 1], 0.5, rtol=1e-12)
    x, labels = datasets.spiral(400, noise=0.0, seed=0)
    # without noise the two arms are the same curve turned by half a circle: never closer than 0.05
    gap = np.linalg.norm(x[labels == 0][:, None] - x[labels == 1][None], axis=-1).min()
    assert gap > 0.01


def test_train_test_split_partitions_the_samples():
    x, labels = datasets.two_moons(100, seed=0)
    x_tr, l_tr, x_te, l_te = datasets.train_test_split(x, labels, 0.3, seed=1)
    assert len(x_te) == 30 and len(x_tr) == 70
    together = np.concatenate([x_tr, x_te])
    assert sorted(map(tuple, together)) == sorted(map(tuple, x))
    # each point keeps its label
    lookup = {tuple(p): lab for p, lab in zip(x, labels)}
    assert all(lookup[tuple(p)] == lab for p, lab in zip(x_te, l_te))
    again = datasets.train_test_split(x, labels, 0.3, seed=1)
    np.testing.assert_array_equal(again[2], x_te)


def test_minibatches_cover_every_sample_once_per_epoch():
    x = np.arange(23.0)[:, None]
    labels = np.arange(23) % 3
    rng = np.random.default_rng(0)
    batches = list(datasets.minibatches(x, labels, 5, rng))
    assert [len(b[0]) for b in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([b[0][:, 0] for b in batches])
    assert sorted(seen.tolist()) == list(range(23))
    assert not np.array_equal(seen, np.arange(23.0))  # shuffled
    for xb, lb in batches:
        np.testing.assert_array_equal(lb, xb[:, 0].astype(int) % 3)


def test_digits_ship_with_the_package():
    x, labels = datasets.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert labels.shape == (1797,) and labels.min() == 0 and labels.max() == 9
    assert x.min() == 0.0 and x.max() == 1.0


@pytest.mark.parametrize("call, match", [
    (lambda: datasets.check_dataset(np.zeros((3, 2)), [0, 1]), "labels has 2 entries but x has 3"),
    (lambda: datasets.check_dataset(np.zeros((0, 2)), []), "x is empty"),
    (lambda: datasets.check_dataset(np.zeros(3), [0, 1, 0]), "x must be 2-D"),
    (lambda: datasets.check_dataset(np.zeros((2, 2)), [0, 3], n_classes=3), r"labels must lie in 0 \.\. 2"),
    (lambda: datasets.check_dataset(np.zeros((2, 2)), [[0], [1]]), "labels must be 1-D"),
    (lambda: datasets.check_dataset([[np.nan, 0]], [0]), "NaN"),
    (lambda: datasets.train_test_split(np.zeros((1, 2)), [0]), "at least 2"),
    (lambda: datasets.train_test_split(np.zeros((4, 2)), [0, 1, 0, 1], test_fraction=1.0), "test_fraction"),
    (lambda: list(datasets.minibatches(np.zeros((4, 2)), np.zeros(3, int), 2, np.random.default_rng())),
     "labels has 3 entries but x has 4"),
    (lambda: datasets.two_moons(1), "n must be"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_check_dataset_copies():
    x = np.zeros((2, 2))
    labels = np.array([0, 1])
    x2, l2 = datasets.check_dataset(x, labels)
    x2[0, 0] = 5.0
    l2[0] = 1
    assert x[0, 0] == 0.0 and labels[0] == 0


@pytest.mark.parametrize("call, error, match", [
    (lambda: list(datasets.minibatches(np.zeros((4, 2)), np.zeros(4, int), 2, None)), TypeError,
     "rng must be a numpy random Generator, e.g. np.random.default_rng"),
    (lambda: list(datasets.minibatches(np.zeros((4, 2)), np.zeros(4, int), 2, 0)), TypeError, "rng must be"),
    (lambda: datasets.two_moons(noise=float("nan")), ValueError, "noise must be a finite number >= 0, got nan"),
    (lambda: datasets.two_moons(noise=-1), ValueError, "noise must be a finite number >= 0, got -1"),
    (lambda: datasets.circles(noise=float("nan")), ValueError, "noise must be"),
    (lambda: datasets.circles(noise=-0.1), ValueError, "noise must be"),
    (lambda: datasets.spiral(noise=float("inf")), ValueError, "noise must be"),
    (lambda: datasets.spiral(noise="0.1"), TypeError, "noise must be a number"),
])
def test_bad_generator_and_noise_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
