"""Activation functions, each with its derivative right beside it.

Every function takes an array of any shape and returns a float64 array of the
same shape. The derivative ``f_grad(x)`` is d f / d x, evaluated at the same
input ``x`` as ``f`` (not at the output), so that the pair can be checked
against each other with a numerical derivative.
"""

import numpy as np


def sigmoid(x):
    """Logistic sigmoid, 1 / (1 + exp(-x)).

    Computed as exp(-log(1 + exp(-x))), with ``np.logaddexp`` evaluating the
    logarithm without ever forming a huge exp(-x): it never overflows and
    never warns, even for x = -1000 or +1000, and agrees with the textbook
    formula to about 1e-15 (relative) wherever that one works.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, values in [0, 1]
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=np.float64)))


def sigmoid_grad(x):
    """Derivative of :func:`sigmoid`: sigmoid(x) * (1 - sigmoid(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Hyperbolic tangent; output in [-1, 1]."""
    return np.tanh(np.asarray(x, dtype=np.float64))


def tanh_grad(x):
    """Derivative of :func:`tanh`: 1 - tanh(x)**2."""
    return 1.0 - np.tanh(np.asarray(x, dtype=np.float64)) ** 2


def relu(x):
    """Rectified linear unit, max(0, x)."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def relu_grad(x):
    """Derivative of :func:`relu`: 1 where x > 0, else 0 (we take 0 at x = 0)."""
    return (np.asarray(x, dtype=np.float64) > 0).astype(np.float64)


def identity(x):
    """The identity, x itself: a linear output layer, as used for regression."""
    return np.array(x, dtype=np.float64)


def identity_grad(x):
    """Derivative of :func:`identity`: 1 everywhere."""
    return np.ones_like(np.asarray(x, dtype=np.float64))


#: name -> (function, derivative); the names a :class:`~nnlib.Network` accepts.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "identity": (identity, identity_grad),
}


#: name -> the same derivative written in terms of the output z = f(x).
#: Backpropagation already holds z from the forward pass, so it uses these
#: instead of evaluating f again; the values are identical
#: (sigmoid_grad(x) computes s * (1 - s) with s = sigmoid(x) = z).
GRADS_FROM_OUTPUT = {
    "sigmoid": lambda z: z * (1.0 - z),
    "tanh": lambda z: 1.0 - z**2,
    "relu": lambda z: (z > 0).astype(np.float64),
    "identity": None,  # the derivative is 1: nothing to multiply
}


def get_activation(name):
    """Return ``(function, derivative)`` for an activation name.

    Raises
    ------
    ValueError
        If ``name`` is not one of ``ACTIVATIONS``.
    """
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}"
        ) from None
