"""Activation functions, each with its derivative right beside it.

Every function takes an array of any shape and returns a float64 array of the
same shape. The derivative ``f_grad(a)`` is d f / d a evaluated at the same
input ``a`` as ``f`` (not at its output), so each pair can be checked against
a numerical derivative.
"""

import numpy as np


def sigmoid(a):
    """Logistic sigmoid, 1 / (1 + exp(-a)); output in [0, 1].

    For a < -709, exp(-a) overflows to infinity and 1 / (1 + inf) is 0, the
    right answer to double precision; so the overflow warning is silenced.
    """
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(a, dtype=np.float64)))


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
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]
