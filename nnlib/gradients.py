"""Numerical differentiation: the slope of a function, measured.

:func:`numerical_gradient` is the function the course reads line by line: it
nudges one element of ``x`` at a time by +h and -h and takes the central
difference. :func:`derivative` does the same for a function of one number.
"""

import numpy as np

from .checks import check_choice, check_h, check_nudge, number


def numerical_gradient(f, x, h=1e-4):
    """Gradient of ``f`` at ``x`` by central differences, one element at a time.

    For each element x[i]: set it to x[i] + h and call f, set it to x[i] - h
    and call f again, put it back, and take (f(x + h) - f(x - h)) / (2 h).
    ``x`` is changed *in place*, so ``f`` may read it through a closure (the
    textbook's ``lambda W: net.loss(x, t)``); every element is put back
    exactly, even if ``f`` raises or writes into ``x``.

    Parameters
    ----------
    f : callable, ``f(x) -> float``
    x : ndarray of float64, any shape
        Integer arrays are refused: ``x[i] + h`` would be truncated away.
    h : float, default 1e-4
        Too large blurs the slope (error ~ h**2), too small drowns it in rounding (~ 1e-16 / h).

    Returns
    -------
    grad : ndarray of float64, shaped like ``x``
    """
    h = check_nudge(x, h)  # x must be a float64 array, and h big enough to change it
    flat = x.reshape(-1)  # the same numbers in one row: writing flat[i] writes into x
    original, grad = flat.copy(), np.zeros(flat.size)
    try:
        for i in range(flat.size):
            value = original[i]
            flat[i] = value + h
            f_plus = number(f(x), "f(x + h)")  # number(): f must give one finite number
            flat[i] = value - h
            f_minus = number(f(x), "f(x - h)")
            flat[i] = value
            grad[i] = (f_plus - f_minus) / (2 * h)
    finally:
        flat[:] = original  # every element back, whatever f did
    return grad.reshape(x.shape)


def derivative(f, x, h=1e-4, method="central"):
    """Slope of a vectorised function ``f`` of one number at the point(s) ``x``, shaped like ``x``.

    ``method="central"``: (f(x + h) - f(x - h)) / (2 h), error of order h**2;
    ``method="forward"``: (f(x + h) - f(x)) / h, error of order h.
    """
    h, x = check_h(h), np.asarray(x, dtype=np.float64)
    if check_choice(method, ("central", "forward"), "method") == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    return (f(x + h) - f(x)) / h
