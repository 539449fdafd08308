"""Numerical differentiation: the slope of a function, measured.

:func:`numerical_gradient` is the function the course reads line by line: it
nudges one element of ``x`` at a time by +h and -h and takes the central
difference. :func:`derivative` does the same for a function of one number.
"""

import math

import numpy as np


def numerical_gradient(f, x, h=1e-4):
    """Gradient of ``f`` at ``x`` by central differences, one element at a time.

    For each element x[i]: set it to x[i] + h and call f, set it to x[i] - h
    and call f again, put it back, and take (f(x + h) - f(x - h)) / (2 h).
    ``x`` is changed *in place* while f is called, so ``f`` may ignore its
    argument and read ``x`` through a closure (the textbook's
    ``lambda W: net.loss(x, t)``). Every element is put back exactly, even if
    ``f`` raises or writes into ``x`` itself.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``: a scalar function of the array.
    x : ndarray of float64, any shape
        The point at which to differentiate. Integer and low-precision arrays
        are refused with a TypeError: ``x[i] + h`` would be rounded away.
    h : float, default 1e-4
        The nudge. Too large and the slope is blurred (an error of order h**2);
        too small and the difference drowns in rounding (of order 1e-16 / h).
        An ``h`` so small that ``x[i] + h == x[i]`` is refused.

    Returns
    -------
    grad : ndarray of float64, same shape as ``x``
    """
    h = check_h(h)
    check_float64_array(x, "x")
    if np.any(x + h == x) or np.any(x - h == x):
        raise ValueError(f"h = {h!r} is too small for x: x + h == x, so the slope would be 0")
    original = x.copy()
    grad = np.zeros_like(x)
    try:
        for i in np.ndindex(x.shape):
            x[i] = original[i] + h
            f_plus = _number(f(x), "f(x + h)")
            x[i] = original[i] - h
            f_minus = _number(f(x), "f(x - h)")
            x[i] = original[i]
            grad[i] = (f_plus - f_minus) / (2 * h)
    finally:
        x[...] = original  # every element back, whatever f did
    return grad


def derivative(f, x, h=1e-4, method="central"):
    """Slope of a scalar function ``f`` at the point(s) ``x``.

    Parameters
    ----------
    f : callable
        Vectorised function of one number, ``f(x)`` for ``x`` of any shape.
    x : float or array_like
    h : float, default 1e-4
    method : {"central", "forward"}
        ``"central"``: (f(x + h) - f(x - h)) / (2 h), error of order h**2.
        ``"forward"``: (f(x + h) - f(x)) / h, error of order h.

    Returns
    -------
    ndarray of float64 shaped like ``x`` (a 0-d array for a number)
    """
    h = check_h(h)
    x = np.asarray(x, dtype=np.float64)
    if method == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    if method == "forward":
        return (f(x + h) - f(x)) / h
    raise ValueError(f"method must be 'central' or 'forward', got {method!r}")


def check_h(h):
    """``h`` as a float; TypeError or ValueError unless it is a positive finite number."""
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)):
        raise TypeError(f"h must be a real number, got {type(h).__name__}")
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"h must be a positive finite number, got {h!r}")
    return float(h)


def check_float64_array(x, name):
    """TypeError or ValueError, naming ``name``, unless ``x`` is a writeable float64 ndarray.

    Integer arrays are the classic trap: ``x[i] = x[i] + 1e-4`` stores the
    value truncated back to an integer, and the slope comes out 5000 times too
    large. float16 and float32 lose the nudge to rounding.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of float64, got {type(x).__name__}; "
                        f"use np.array(..., dtype=np.float64)")
    if x.dtype != np.float64:
        raise TypeError(f"{name} has dtype {x.dtype}, but x + h must be stored exactly (an integer "
                        f"array would truncate it); convert it with {name}.astype(np.float64)")
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only, but it must be nudged in place")


def _number(value, what):
    if isinstance(value, (str, bytes)) or np.ndim(value) != 0:
        raise TypeError(f"f must return one number, but {what} returned {value!r:.60}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what} is {value}: f is not finite here, so neither is its slope")
    return value
