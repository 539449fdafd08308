"""Loss functions: how wrong a prediction is, as one number."""

import numpy as np


def mse(y, t):
    """Mean squared error: the mean of (y - t)**2 over all elements.

    This is the loss of the worked example. Note that "Deep Learning from
    Scratch" defines ``mean_squared_error`` as one half of the *sum* instead;
    the two differ by a constant factor, so they have the same minimum.

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
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if y.shape != t.shape:
        raise ValueError(
            f"mse: y has shape {y.shape} but t has shape {t.shape}; they must match"
        )
    return float(((y - t) ** 2).mean())


def mse_grad(y, t):
    """Derivative of :func:`mse` with respect to ``y``: 2 (y - t) / y.size."""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    return 2.0 * (y - t) / y.size
