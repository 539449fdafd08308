"""Numerical differentiation: the slope of a function, measured.

:func:`numerical_gradient` is the function the course reads line by line: it
nudges one element of ``x`` at a time by +h and -h and takes the central
difference. :func:`numerical_gradient_batched` computes the very same numbers
for a dict of parameter arrays, but hands every nudged copy to the loss in one
call, so that a vectorised loss evaluates them all in one forward pass.
"""

import numpy as np


def check_h(h):
    """``h`` as a float; a TypeError or ValueError unless it is a positive finite number."""
    if not isinstance(h, (int, float, np.integer, np.floating)) or isinstance(h, bool):
        raise TypeError(f"h must be a real number, got {type(h).__name__}")
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"h must be a positive finite number, got {h!r}")
    return float(h)


def check_float64_array(x, name="x"):
    """Raise a clear error unless ``x`` is a writeable float64 ndarray.

    Integer arrays are the classic trap: ``x[i] = x[i] + 1e-4`` stores the
    value truncated back to an integer, so the textbook loop divides a whole
    unit step by 2h and reports a gradient 5000 times too large. Lower
    precision floats lose the nudge to rounding (float16 cannot tell 1 from
    1 + 1e-4 at all), so we refuse them too rather than return a wrong slope.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"{name} must be a numpy array (it is nudged in place so that f sees "
            f"the change), got {type(x).__name__}; use np.array(..., dtype=np.float64)"
        )
    if x.dtype != np.float64:
        if np.issubdtype(x.dtype, np.integer) or x.dtype == np.bool_:
            why = (
                f"an integer array cannot hold x + h (the nudge would be truncated "
                f"and the gradient would come out wrong, e.g. 5000 instead of 1)"
            )
        elif np.issubdtype(x.dtype, np.floating):
            why = f"{x.dtype} is too coarse: the nudge h is lost to rounding"
        else:
            why = "only real float64 arrays can be differentiated here"
        raise TypeError(
            f"{name} has dtype {x.dtype}: {why}; convert it first with "
            f"{name} = {name}.astype(np.float64)"
        )
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only; numerical_gradient must nudge it in place")


def numerical_gradient(f, x, h=1e-4):
    """Gradient of ``f`` at ``x`` by central differences, one element at a time.

    For each element x[i]: set it to x[i] + h and call f, set it to x[i] - h
    and call f again, put it back, and take (f(x + h) - f(x - h)) / (2 h).
    ``x`` is changed *in place* while f is called, so ``f`` may ignore its
    argument and read ``x`` through a closure (the textbook's
    ``lambda W: net.loss(x, t)``). Every element is restored exactly, even if
    ``f`` raises.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, a scalar function of the array.
    x : ndarray of float64, any shape
        The point at which to differentiate. Integer and low-precision arrays
        are refused with a TypeError (see :func:`check_float64_array`).
    h : float, default 1e-4
        The nudge. Too large and the slope is blurred (truncation error, of
        order h**2); too small and the difference drowns in rounding error
        (of order 1e-16 / h). 1e-4 balances the two.

    Returns
    -------
    grad : ndarray of float64, same shape as ``x``
    """
    h = check_h(h)
    check_float64_array(x)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = f(x)
            x[idx] = original - h
            f_minus = f(x)
        finally:
            x[idx] = original
        grad[idx] = (_as_scalar(f_plus) - _as_scalar(f_minus)) / (2 * h)
    return grad


def _as_scalar(value):
    value = np.asarray(value)
    if value.size != 1:
        raise ValueError(
            f"f must return a single number, got an array of shape {value.shape}"
        )
    return float(value.reshape(()))


def derivative(f, x, h=1e-4, method="central"):
    """Slope of a scalar function ``f`` at the point(s) ``x``.

    Parameters
    ----------
    f : callable
        Vectorised scalar function, ``f(x)`` with x of any shape.
    x : float or ndarray of float64
    h : float, default 1e-4
    method : {"central", "forward"}
        ``"central"``: (f(x + h) - f(x - h)) / (2 h), error of order h**2.
        ``"forward"``: (f(x + h) - f(x)) / h, error of order h.

    Returns
    -------
    float64 ndarray (or float) shaped like ``x``
    """
    h = check_h(h)
    x = np.asarray(x, dtype=np.float64)
    if method == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    if method == "forward":
        return (f(x + h) - f(x)) / h
    raise ValueError(f"method must be 'central' or 'forward', got {method!r}")


def numerical_gradient_batched(f_many, params, h=1e-4):
    """Central-difference gradient for a dict of arrays, all nudges in one call.

    Produces the same numbers as calling :func:`numerical_gradient` on each
    array in turn (each nudged copy holds exactly ``x[i] + h`` or ``x[i] - h``),
    but instead of 2 calls per element it makes one call to ``f_many`` with
    every nudged copy stacked along a new first axis.

    Parameters
    ----------
    f_many : callable
        ``f_many(stacked) -> ndarray of shape (m,)``: the loss of each of m
        parameter sets, where ``stacked[name]`` has shape ``(m, *params[name].shape)``.
    params : dict of str -> ndarray of float64
        The point at which to differentiate. Not modified.
    h : float, default 1e-4

    Returns
    -------
    dict of str -> ndarray of float64, keyed and shaped like ``params``
    """
    h = check_h(h)
    for name, value in params.items():
        if not isinstance(value, np.ndarray) or value.dtype != np.float64:
            check_float64_array(value, name)  # raises: a list or a non-float64 array
    sizes = [value.size for value in params.values()]
    n_total = sum(sizes)
    m = 2 * n_total
    stacked = {}
    offset = 0
    for (name, value), size in zip(params.items(), sizes):
        flat = value.reshape(-1)
        block = np.empty((m, size))
        block[:] = flat
        rows = offset + np.arange(size)
        cols = np.arange(size)
        block[rows, cols] = flat + h  # first half of the rows: x[i] + h
        block[rows + n_total, cols] = flat - h  # second half: x[i] - h
        stacked[name] = block.reshape((m,) + value.shape)
        offset += size
    losses = np.asarray(f_many(stacked), dtype=np.float64)
    if losses.shape != (m,):
        raise ValueError(f"f_many must return shape ({m},), got {losses.shape}")
    flat_grad = (losses[:n_total] - losses[n_total:]) / (2 * h)
    grads = {}
    offset = 0
    for (name, value), size in zip(params.items(), sizes):
        grads[name] = flat_grad[offset:offset + size].reshape(value.shape)
        offset += size
    return grads
