"""The loss: how wrong a prediction is, as one number. Written here, and only here."""

import numpy as np


def mse(y, t):
    """Mean squared error of the prediction ``y`` against the target ``t`` (same shape): a float.

    The mean of (y - t)**2 over all elements, the loss of the worked example.
    "Deep Learning from Scratch" defines ``mean_squared_error`` as one half of
    the *sum* instead: a constant factor apart, so the same minimum.
    """
    y, t = np.asarray(y, dtype=np.float64), np.asarray(t, dtype=np.float64)
    if y.shape != t.shape or y.size == 0:
        _refuse(y, t)
    d = y - t
    return float(np.vdot(d, d) / d.size)  # vdot(d, d): the sum of d * d over every element


def mse_grad(y, t):
    """Derivative of :func:`mse` with respect to ``y``: 2 (y - t) / y.size, shaped like ``y``."""
    y, t = np.asarray(y, dtype=np.float64), np.asarray(t, dtype=np.float64)
    if y.shape != t.shape or y.size == 0:
        _refuse(y, t)
    return 2.0 * (y - t) / y.size


def _refuse(y, t):
    if y.shape != t.shape:
        raise ValueError(f"mse: y has shape {y.shape} but t has shape {t.shape}; they must match")
    raise ValueError("mse: y and t are empty; the mean of no errors is undefined")
