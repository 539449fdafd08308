"""Data sets for lesson 6: many samples instead of one.

A data set is two arrays of the same length: the inputs ``x`` of shape
``(n, n_features)`` and the labels, one whole number per sample, shape
``(n,)``, each between 0 and ``n_classes - 1``. The 2-D sets are drawn by
numpy from a seed, so the same seed always gives the same points; the digits
are 8x8 images read from a small file inside nnlib (``nnlib/data/``), never
downloaded.
"""

import pathlib

import numpy as np

from .checks import check_number, check_rng

DIGITS_FILE = pathlib.Path(__file__).parent / "data" / "digits.npz"


def check_dataset(x, labels, n_classes=None, name="x"):
    """``(x, labels)`` as float64 and int arrays, or a clear error naming the argument.

    Parameters
    ----------
    x : array_like, shape (n, n_features)
    labels : array_like of whole numbers, shape (n,)
    n_classes : int, optional
        If given, every label must lie in ``0 .. n_classes - 1``.

    Returns
    -------
    x : ndarray of float64, shape (n, n_features), a copy
    labels : ndarray of int64, shape (n,), a copy
    """
    x = np.array(x, dtype=np.float64)
    raw = np.array(labels)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples, features), got shape {x.shape}")
    if x.shape[0] == 0:
        raise ValueError(f"{name} is empty: a data set needs at least one sample")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinity")
    if raw.ndim != 1:
        raise ValueError(f"labels must be 1-D (one class number per sample), got shape {raw.shape}")
    if raw.shape[0] != x.shape[0]:
        raise ValueError(f"labels has {raw.shape[0]} entries but {name} has {x.shape[0]} samples; "
                         "they must have the same length")
    if raw.dtype.kind not in "iu" and not (raw.dtype.kind == "f" and np.all(raw == np.round(raw))):
        raise TypeError(f"labels must be whole numbers (class 0, 1, 2, ...), got dtype {raw.dtype}")
    labels = raw.astype(np.int64)
    if labels.min() < 0 or (n_classes is not None and labels.max() >= n_classes):
        top = "" if n_classes is None else f" .. {n_classes - 1}"
        raise ValueError(f"labels must lie in 0{top}; found {labels.min()} .. {labels.max()}")
    return x, labels


def _rng(seed):
    return np.random.default_rng(seed)


def _check_n(n, noise):
    """``n`` (a whole number of samples, at least 2) and ``noise`` (a finite number >= 0) checked."""
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be a whole number of samples, at least 2, got {n!r}")
    check_number(noise, "noise", minimum=0)
    return int(n)


def two_moons(n=200, noise=0.2, seed=0):
    """Two interleaving half circles, one per class.

    Parameters
    ----------
    n : int
        Number of points, half of them in each class.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int

    Returns
    -------
    x : ndarray, shape (n, 2)
    labels : ndarray of int, shape (n,), 0 or 1
    """
    n = _check_n(n, noise)
    rng = _rng(seed)
    labels = np.arange(n) % 2
    angle = rng.uniform(0, np.pi, n)
    x = np.column_stack([np.cos(angle), np.sin(angle)])
    lower = labels == 1
    x[lower] = [1.0, 0.5] - x[lower]  # the second moon: upside down and shifted right
    x += noise * rng.standard_normal((n, 2))
    return x - [0.5, 0.25], labels


def circles(n=200, noise=0.1, factor=0.5, seed=0):
    """A small circle (class 1) inside a big one (class 0), radius 1 and ``factor``."""
    n = _check_n(n, noise)
    rng = _rng(seed)
    labels = np.arange(n) % 2
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(labels == 1, factor, 1.0)
    x = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return x + noise * rng.standard_normal((n, 2)), labels


def spiral(n=200, noise=0.1, turns=1.0, seed=0):
    """Two arms of a spiral winding around each other (as in TensorFlow Playground)."""
    n = _check_n(n, noise)
    rng = _rng(seed)
    labels = np.arange(n) % 2
    r = rng.uniform(0.05, 1.0, n)
    angle = 2 * np.pi * turns * r + np.pi * labels  # the second arm is turned by half a circle
    x = r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return x + noise * rng.standard_normal((n, 2)), labels


#: name -> function; the 2-D sets the playground offers.
TOY_SETS = {"moons": two_moons, "circles": circles, "spiral": spiral}


def train_test_split(x, labels, test_fraction=0.25, seed=0):
    """Shuffle the samples and keep ``test_fraction`` of them aside for testing.

    Returns
    -------
    x_train, labels_train, x_test, labels_test
        Copies; at least one sample lands on each side.
    """
    x, labels = check_dataset(x, labels)
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction!r}")
    n = len(labels)
    if n < 2:
        raise ValueError("x has 1 sample: a train/test split needs at least 2")
    order = _rng(seed).permutation(n)
    n_test = min(max(1, round(n * test_fraction)), n - 1)
    test, train = order[:n_test], order[n_test:]
    return x[train], labels[train], x[test], labels[test]


def minibatches(x, labels, batch_size, rng):
    """Yield ``(x_batch, labels_batch)`` pairs that cover the data once, in random order.

    One pass over all the batches is one *epoch*. The last batch is smaller
    when ``batch_size`` does not divide the number of samples.

    Parameters
    ----------
    x : ndarray, shape (n, n_features)
    labels : ndarray, shape (n,)
    batch_size : int, at least 1
    rng : numpy.random.Generator
        Shuffles the order; pass the same generator on every epoch.
    """
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
    check_rng(rng)
    if len(x) != len(labels):
        raise ValueError(f"labels has {len(labels)} entries but x has {len(x)} samples")
    order = rng.permutation(len(x))
    for start in range(0, len(x), batch_size):
        chosen = order[start:start + batch_size]
        yield x[chosen], labels[chosen]


def load_digits():
    """The 8x8 handwritten digits: 1,797 images, classes 0-9, from a file inside nnlib.

    ``nnlib/data/digits.npz`` holds the test part of the UCI "Optical
    Recognition of Handwritten Digits" data set (E. Alpaydin and C. Kaynak,
    1998, CC BY 4.0; see ``nnlib/data/README.md``): the same images, in the
    same order, as scikit-learn's ``load_digits``. Nothing is downloaded.

    Returns
    -------
    x : ndarray of float64, shape (1797, 64)
        Pixel values scaled from 0..16 to 0..1, one image per row (row by row).
    labels : ndarray of int64, shape (1797,)
    """
    with np.load(DIGITS_FILE, allow_pickle=False) as data:
        images, labels = data["images"], data["labels"]
    return images.reshape(len(images), -1).astype(np.float64) / 16.0, labels.astype(np.int64)
