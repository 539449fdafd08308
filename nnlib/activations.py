"""Activation functions, each with its derivative right beside it.

Each takes an array of any shape and returns a float64 array of that shape;
``f_grad(a)`` is d f / d a at the same input ``a`` as ``f`` (not at its output).
"""

import numpy as np

from .checks import check_activation


def sigmoid(a):
    """Logistic sigmoid, 1 / (1 + exp(-a)); output in [0, 1].

    Written exp(-log(1 + exp(-a))), with numpy's ``logaddexp(0, -a)``, which
    is log(exp(0) + exp(-a)) computed without overflow: sigmoid(-1000) is 0
    and sigmoid(1000) is 1 with no warning (1 / (1 + exp(1000)) overflows).
    """
    return np.exp(-np.logaddexp(0.0, np.negative(a)))


def sigmoid_grad(a):
    """Derivative of :func:`sigmoid`: sigmoid(a) * (1 - sigmoid(a))."""
    s = sigmoid(a)
    return s * (1.0 - s)


def tanh(a):
    """Hyperbolic tangent; output in [-1, 1]."""
    return np.tanh(np.asarray(a, dtype=np.float64))


def tanh_grad(a):
    """Derivative of :func:`tanh`: 1 - tanh(a)**2."""
    return 1.0 - np.tanh(np.asarray(a, dtype=np.float64)) ** 2


def relu(a):
    """Rectified linear unit, max(0, a)."""
    return np.maximum(np.asarray(a, dtype=np.float64), 0.0)


def relu_grad(a):
    """Derivative of :func:`relu`: 1 where a > 0, else 0 (we take 0 at a = 0)."""
    return (np.asarray(a, dtype=np.float64) > 0).astype(np.float64)


def identity(a):
    """The identity, a itself: a linear output layer, as used for regression."""
    return np.array(a, dtype=np.float64)


def identity_grad(a):
    """Derivative of :func:`identity`: 1 everywhere."""
    return np.ones_like(np.asarray(a, dtype=np.float64))


#: name -> (function, derivative): the names a :class:`~nnlib.Network` accepts.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "identity": (identity, identity_grad),
}


def get_activation(name):
    """``(function, derivative)`` for an activation name; ValueError for an unknown one."""
    return ACTIVATIONS[check_activation(name, ACTIVATIONS)]
