"""The checks at the doors of nnlib: each argument checked once, with an error that names it.

The maths modules call these at their public entrances (``Network(...)``,
``gradient_descent(...)``, ``numerical_gradient(...)``, ``net.loss(...)``)
and then trust their arguments: nothing here runs inside a training loop.
Every message says which argument is wrong and, where there is one, the fix.
"""

import math

import numpy as np

#: the most memory a training record may take; a longer run is refused before it starts
MAX_RECORD_BYTES = 2**30


def check_number(value, name, minimum=None, positive=False):
    """``value`` as a finite float; TypeError or ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r:.60}")
    if positive and not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        raise ValueError(f"{name} must be a finite number{'' if minimum is None else f' >= {minimum}'}, "
                         f"got {value!r}")
    return float(value)


def check_lr(lr, name="lr"):
    """``lr`` as a float: a positive finite number."""
    return check_number(lr, name, positive=True)


def check_h(h):
    """``h`` as a float: a positive finite number."""
    if type(h) is float and 0 < h < math.inf:  # the usual case, checked at once
        return h
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)):
        raise TypeError(f"h must be a real number, got {type(h).__name__}")
    return check_number(h, "h", positive=True)


def check_whole(value, name, minimum):
    """``value`` as an int: a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {value!r:.60}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_choice(value, choices, name):
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r:.60}")
    return value


def check_float64_array(x, name):
    """TypeError or ValueError, naming ``name``, unless ``x`` is a writeable float64 ndarray.

    Integer arrays are the classic trap: ``x[i] = x[i] + 1e-4`` stores the
    value truncated back to an integer, and the slope comes out 5000 times too
    large. float16 and float32 lose the nudge to rounding.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of float64, got {type(x).__name__}; "
                        f"use np.array(..., dtype=np.float64)")
    if x.dtype.type is not np.float64:
        raise TypeError(f"{name} has dtype {x.dtype}, but x + h must be stored exactly (an integer "
                        f"array would truncate it); convert it with {name}.astype(np.float64)")
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only, but it must be nudged in place")
    if not x.flags.c_contiguous:
        raise ValueError(f"{name} is a view with gaps (a slice or a transpose?), but it is nudged in place "
                         f"through {name}.reshape(-1); pass {name}.copy() and let f read its argument")


def check_nudge(x, h):
    """The door of ``numerical_gradient``: ``x`` a float64 array that ``x + h`` and ``x - h`` change."""
    h = check_h(h)
    check_float64_array(x, "x")
    if np.vdot(x, x) >= (h * 2**52) ** 2:  # an element this large: x + h rounds to x
        raise ValueError(f"h = {h!r} is too small for x: x + h == x, so the slope would be 0")
    return h


def number(value, what):
    """``value``, if ``f`` returned one finite number (``what`` says which call)."""
    if isinstance(value, float) and math.isfinite(value):  # (np.float64 is a float too)
        return value
    if isinstance(value, (str, bytes)) or np.ndim(value) != 0:
        raise TypeError(f"f must return one number, but {what} returned {value!r:.60}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what} is {value}: f is not finite here, so neither is its slope")
    return value


def finite_array(value, name):
    """``value`` as a float64 array of finite numbers."""
    if value is None or isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of numbers, got {value!r:.60}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity: {array}")
    return array


def check_params(params):
    """The door of ``Network``: ``W1, b1, W2, b2, ...`` of matching shapes, as float64 copies."""
    if not isinstance(params, dict) or not params:
        raise TypeError("params must be a non-empty dict like {'W1': ..., 'b1': ...}")
    n_layers = len(params) // 2
    expected = [f"{p}{k}" for k in range(1, n_layers + 1) for p in ("W", "b")]
    if sorted(params) != sorted(expected):
        raise ValueError(f"params must be named W1, b1, W2, b2, ... (one W and one b per layer); "
                         f"got {sorted(params)}")
    checked = {}
    for k in range(1, n_layers + 1):
        W = np.array(finite_array(params[f"W{k}"], f"W{k}"))  # a copy of the caller's array
        b = np.array(finite_array(params[f"b{k}"], f"b{k}"))
        if W.ndim != 2 or W.size == 0:
            raise ValueError(f"W{k} must be 2-D (inputs, outputs) with at least one of each, "
                             f"got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"b{k} has shape {b.shape}, but W{k} {W.shape} needs ({W.shape[1]},)")
        if k > 1 and W.shape[0] != checked[f"W{k - 1}"].shape[1]:
            raise ValueError(f"W{k} has shape {W.shape}, but layer {k - 1} has "
                             f"{checked[f'W{k - 1}'].shape[1]} outputs")
        checked[f"W{k}"], checked[f"b{k}"] = W, b
    return checked


def check_activations(activations, n_layers, known):
    """One activation name per layer, as a tuple (one name stands for every layer)."""
    if isinstance(activations, str):
        activations = [activations] * n_layers
    if not isinstance(activations, (list, tuple)):
        raise TypeError(f"activations must be a name or a list of names, got {activations!r}")
    if len(activations) != n_layers:
        raise ValueError(f"activations: got {len(activations)} names for {n_layers} layers")
    for name in activations:
        check_activation(name, known)
    return tuple(activations)


def check_activation(name, known):
    if not isinstance(name, str) or name not in known:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(known)}")
    return name


def check_sizes(sizes):
    """The layer widths of ``Network.random``: at least two whole numbers, each at least 1."""
    if (isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2
            or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in sizes)):
        raise TypeError(f"sizes must list at least two whole numbers, got {sizes!r}")
    for k in range(1, len(sizes)):
        if min(sizes[k - 1], sizes[k]) < 1:
            raise ValueError(f"sizes must be at least 1 each, got {list(sizes)}: W{k} must be 2-D "
                             f"(inputs, outputs) with at least one of each")
    return [int(s) for s in sizes]


def check_seed(seed):
    """A seed for ``np.random.default_rng``: a whole number >= 0."""
    return check_whole(seed, "seed", 0)


def check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy random Generator, e.g. np.random.default_rng(0); "
                        f"got {rng!r:.60}")
    return rng


def check_network(net):
    """The trained network: a Network whose parameters are finite float64 arrays."""
    if not isinstance(getattr(net, "params", None), dict) or not hasattr(net, "activations"):
        raise TypeError(f"net must be a Network, got {net!r:.60}")
    for name, W in net.params.items():
        check_float64_array(W, f"net.params[{name!r}]")
        if not np.all(np.isfinite(W)):
            raise ValueError(f"net.params[{name!r}] contains NaN or infinity; start from finite values")


def check_input(net, x):
    """``x`` as a float64 array of the shape ``net`` takes: ``(n_0,)`` or ``(batch, n_0)``."""
    x = finite_array(x, "x")
    n_in = net.params["W1"].shape[0]
    if x.ndim not in (1, 2) or x.shape[-1] != n_in:
        raise ValueError(f"x has shape {x.shape}, but this network takes {n_in} inputs: "
                         f"expected ({n_in},) for one sample or (batch, {n_in})")
    if x.size == 0:
        raise ValueError(f"x has shape {x.shape}: a batch needs at least one sample")
    return x


def check_data(net, x, t):
    """``x`` and ``t`` as float64 arrays of the shapes ``net`` takes and gives."""
    x, t = check_input(net, x), finite_array(t, "t")
    expected = x.shape[:-1] + (net.params[f"b{len(net.activations)}"].shape[0],)
    if t.shape != expected:
        raise ValueError(f"t has shape {t.shape}, but the prediction for x of shape "
                         f"{x.shape} has shape {expected}; they must match")
    return x, t


def check_memory(steps, bytes_per_step, what="record every step"):
    """ValueError if ``steps`` steps of ``bytes_per_step`` would pass :data:`MAX_RECORD_BYTES`."""
    if steps * bytes_per_step > MAX_RECORD_BYTES:
        raise ValueError(f"steps={steps} would need {steps * bytes_per_step / 1e9:.3g} GB to {what} "
                         f"({bytes_per_step} bytes a step); at most {MAX_RECORD_BYTES // bytes_per_step} "
                         f"steps fit in the {MAX_RECORD_BYTES / 1e9:.3g} GB allowed")


def check_training(net, x, t, lr, steps, method, h):
    """The door of both trainers: everything checked, ``(x, t, lr, steps, h)`` returned."""
    check_network(net)
    x, t = check_data(net, x, t)
    lr, steps, h = check_lr(lr), check_whole(steps, "steps", 1), check_h(h)
    check_choice(method, ("numerical", "backprop"), "method")
    n_params = sum(W.size for W in net.params.values())
    check_memory(steps, 8 * (1 + t.size + len(net.params) + 2 * n_params))
    return x, t, lr, steps, h
