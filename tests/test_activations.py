import warnings

import numpy as np
import pytest

import nnlib
from nnlib.activations import ACTIVATIONS, get_activation

X = np.linspace(-6, 6, 241)


def test_sigmoid_matches_textbook_formula_within_1e_15():
    textbook = 1 / (1 + np.exp(-X))
    np.testing.assert_allclose(nnlib.sigmoid(X), textbook, rtol=1e-15, atol=0)


def test_sigmoid_extremes_do_not_overflow_or_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = nnlib.sigmoid(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]))
    assert y[0] == 0.0 and y[-1] == 1.0 and y[2] == 0.5
    assert np.all(np.diff(y) >= 0)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_difference(name):
    f, f_grad = get_activation(name)
    x = X[np.abs(X) > 1e-3]  # relu has a kink at 0
    numeric = nnlib.derivative(f, x, h=1e-5)
    np.testing.assert_allclose(f_grad(x), numeric, rtol=1e-7, atol=1e-9)


def test_known_values():
    assert nnlib.tanh(0.0) == 0.0
    np.testing.assert_array_equal(nnlib.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(nnlib.relu_grad([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    assert nnlib.sigmoid_grad(0.0) == 0.25
    assert nnlib.tanh_grad(0.0) == 1.0


@pytest.mark.parametrize("f", [nnlib.sigmoid, nnlib.tanh, nnlib.relu, nnlib.identity])
def test_activation_returns_float64_and_keeps_input(f):
    x = np.array([[1, -2], [3, 0]])  # ints are fine here: nothing is nudged in place
    before = x.copy()
    y = f(x)
    assert y.dtype == np.float64 and y.shape == x.shape
    np.testing.assert_array_equal(x, before)


def test_unknown_activation_is_named_in_error():
    with pytest.raises(ValueError, match="softplus"):
        get_activation("softplus")
