"""The loss: how wrong a prediction is, as one number. Written here, and only here."""

import numpy as np


def mse(y, t):
    """Mean squared error: the mean of (y - t)**2 over all elements.

    This is the loss of the worked example. "Deep Learning from Scratch"
    defines ``mean_squared_error`` as one half of the *sum* instead; the two
    differ by a constant factor, so they have the same minimum.

    Parameters
    ----------
    y : array_like, any shape
        The prediction.
    t : array_like, same shape as ``y``
        The target.

    Returns
    -------
    float
    """
    y, t = _pair(y, t)
    return float(np.mean((y - t) ** 2))


def mse_grad(y, t):
    """Derivative of :func:`mse` with respect to ``y``: 2 (y - t) / y.size, shaped like ``y``."""
    y, t = _pair(y, t)
    return 2.0 * (y - t) / y.size


def _pair(y, t):
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if y.shape != t.shape:
        raise ValueError(f"mse: y has shape {y.shape} but t has shape {t.shape}; they must match")
    if y.size == 0:
        raise ValueError("mse: y and t are empty; the mean of no errors is undefined")
    return y, t
