"""The 8x8 digits ship inside nnlib (nnlib/data/digits.npz): the same data as scikit-learn's copy."""

import subprocess
import sys

import numpy as np
import pytest

from nnlib import datasets


def test_digits_load_without_scikit_learn():
    """Importing scikit-learn is blocked in a child process: the digits still load."""
    code = ("import sys; sys.modules['sklearn'] = None\n"
            "from nnlib import datasets\n"
            "x, labels = datasets.load_digits()\n"
            "print(x.shape, labels.shape, 'sklearn' in sys.modules and sys.modules['sklearn'] is not None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(1797, 64) (1797,) False"


def test_digits_are_scaled_images_of_ten_classes():
    x, labels = datasets.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert sorted(set(labels.tolist())) == list(range(10))
    assert x.min() == 0.0 and x.max() == 1.0
    np.testing.assert_array_equal(x * 16, np.round(x * 16))  # whole pixel counts 0..16, exactly


def test_digits_equal_scikit_learns_copy():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    theirs = sklearn_datasets.load_digits()
    x, labels = datasets.load_digits()
    np.testing.assert_array_equal(x, theirs.data / 16.0)
    np.testing.assert_array_equal(labels, theirs.target)


def test_digits_source_and_licence_are_credited():
    readme = (datasets.DIGITS_FILE.parent / "README.md").read_text(encoding="utf-8")
    for needed in ("UCI", "Alpaydin", "Kaynak", "CC BY 4.0", "10.24432/C50P49"):
        assert needed in readme, needed
