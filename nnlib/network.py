"""A fully connected network: parameters, forward pass, loss and gradients.

The parameters live in one dict, ``net.params``, named as in "Deep Learning
from Scratch": ``W1, b1`` for the first layer, ``W2, b2`` for the second, and
so on. Layer ``k`` computes

    a_k = z_{k-1} @ W_k + b_k        (z_0 is the input x)
    z_k = activation_k(a_k)

and the output of the last layer is the prediction ``y``.

The module-level functions work on *stacks* of parameter sets too: if every
array in ``params`` has the same extra leading axes (say ``W1`` of shape
``(m, 2, 2)``), they evaluate all m networks at once. That is how the batched
numerical gradient and the learning-rate sweep stay fast.
"""

import numpy as np

from .activations import GRADS_FROM_OUTPUT, get_activation
from .gradients import numerical_gradient as _numerical_gradient
from .gradients import numerical_gradient_batched
from .losses import mse


# ---------------------------------------------------------------- functional core

def forward_stacked(params, activations, x):
    """Forward pass for one or many parameter sets.

    Parameters
    ----------
    params : dict of str -> ndarray
        ``W{k}`` of shape ``(*stack, n_{k-1}, n_k)``, ``b{k}`` of shape ``(*stack, n_k)``.
    activations : sequence of str, one per layer
    x : ndarray of shape (batch, n_0)

    Returns
    -------
    list of (a_k, z_k) pairs, each of shape ``(*stack, batch, n_k)``
    """
    return forward_layers(layer_plan(params, activations), x)


def layer_plan(params, activations):
    """``[(W_k, b_k, f_k), ...]`` with each bias given a batch axis, ready for :func:`forward_layers`.

    The arrays are views: a plan made once over arrays that are later
    updated in place stays valid (the training loop relies on that).
    """
    return [(params[f"W{k}"], params[f"b{k}"][..., None, :], get_activation(name)[0])
            for k, name in enumerate(activations, start=1)]


def forward_layers(plan, x):
    """Run ``x`` through a :func:`layer_plan`: a_k = z_{k-1} @ W_k + b_k, z_k = f_k(a_k)."""
    z = x
    layers = []
    for W, b, f in plan:
        a = z @ W + b
        z = f(a)
        layers.append((a, z))
    return layers


def loss_stacked(params, activations, x, t):
    """MSE of every parameter set in a stack; shape ``stack`` (see :func:`forward_stacked`)."""
    y = forward_stacked(params, activations, x)[-1][1]
    return ((y - t) ** 2).mean(axis=(-2, -1))


def backprop_stacked(params, activations, x, t):
    """Analytic gradient of the MSE by backpropagation, for one or many parameter sets.

    Walks the layers backwards with the chain rule. ``delta`` is dL/da_k, the
    loss's sensitivity to layer k's sum; from it, dL/dW_k = z_{k-1}^T delta and
    dL/db_k = the sum of delta over the batch, and multiplying by W_k^T carries
    it one layer back.

    Returns ``(grads, layers)``: the gradient dict keyed like ``params`` and
    the forward pass it was computed from.
    """
    layers = forward_stacked(params, activations, x)
    y = layers[-1][1]
    delta = (y - t) * (2.0 / (y.shape[-2] * y.shape[-1]))  # dL/dy of the mean of squares
    grads = {}
    for k in range(len(activations), 0, -1):
        f_grad = GRADS_FROM_OUTPUT[activations[k - 1]]
        if f_grad is not None:
            delta = delta * f_grad(layers[k - 1][1])  # dL/da_k = dL/dz_k * f'(a_k)
        z_prev = x if k == 1 else layers[k - 2][1]
        grads[f"W{k}"] = z_prev.swapaxes(-1, -2) @ delta
        grads[f"b{k}"] = delta.sum(axis=-2)
        if k > 1:
            delta = delta @ params[f"W{k}"].swapaxes(-1, -2)  # dL/dz_{k-1}
    return {name: grads[name] for name in params}, layers


# ---------------------------------------------------------------- the class

class Network:
    """A dense network with one activation per layer.

    Parameters
    ----------
    params : dict of str -> array_like
        ``W1, b1, W2, b2, ...``; ``W{k}`` has shape ``(n_{k-1}, n_k)`` and
        ``b{k}`` shape ``(n_k,)``. The arrays are copied to float64, so the
        caller's arrays are never changed by training.
    activations : str or sequence of str, default "sigmoid"
        One name for every layer, or one name per layer
        (``"sigmoid"``, ``"tanh"``, ``"relu"``).

    Attributes
    ----------
    params : dict of str -> ndarray of float64
        The live parameters; gradient descent updates these arrays in place.
    activations : tuple of str
    sizes : tuple of int
        Layer widths ``(n_0, n_1, ..., n_L)``.
    """

    def __init__(self, params, activations="sigmoid"):
        self.params = _validated_params(params)
        n_layers = len(self.params) // 2
        if isinstance(activations, str):
            activations = [activations] * n_layers
        activations = tuple(activations)
        if len(activations) != n_layers:
            raise ValueError(
                f"activations: got {len(activations)} names for {n_layers} layers"
            )
        for name in activations:
            get_activation(name)
        self.activations = activations

    @classmethod
    def random(cls, sizes, activations="sigmoid", seed=0, scale=0.5):
        """A network with normally distributed weights and biases.

        Parameters
        ----------
        sizes : sequence of int
            Layer widths, input first, e.g. ``(2, 3, 1)``.
        activations : str or sequence of str
        seed : int
            Seed of ``np.random.default_rng``: the same seed gives the same network.
        scale : float
            Standard deviation of the parameters.
        """
        sizes = tuple(int(s) for s in sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two positive widths, got {sizes}")
        rng = np.random.default_rng(seed)
        params = {}
        for k in range(1, len(sizes)):
            params[f"W{k}"] = scale * rng.standard_normal((sizes[k - 1], sizes[k]))
            params[f"b{k}"] = scale * rng.standard_normal(sizes[k])
        return cls(params, activations)

    @property
    def sizes(self):
        return (self.params["W1"].shape[0],) + tuple(
            self.params[f"b{k}"].shape[0] for k in range(1, len(self.activations) + 1)
        )

    @property
    def n_params(self):
        """Total number of weights and biases."""
        return sum(p.size for p in self.params.values())

    def copy(self):
        """An independent copy (training one does not touch the other)."""
        return Network(self.params, self.activations)

    def __repr__(self):
        layers = ", ".join(self.activations)
        return f"Network(sizes={self.sizes}, activations=({layers}), n_params={self.n_params})"

    # -- forward -------------------------------------------------------------

    def forward(self, x):
        """Every intermediate value of a forward pass.

        Parameters
        ----------
        x : array_like of shape (n_0,) or (batch, n_0)

        Returns
        -------
        dict
            ``{"a1": ..., "z1": ..., "a2": ..., ..., "y": ...}`` in order of
            computation; the last layer's output is called ``y`` (not ``zL``).
            Each value has shape ``(n_k,)`` for one sample or ``(batch, n_k)``.
        """
        x2, single = self._input(x)
        layers = forward_stacked(self.params, self.activations, x2)
        values = {}
        for k, (a, z) in enumerate(layers, start=1):
            values[f"a{k}"] = a[0] if single else a
            values[f"z{k}" if k < len(layers) else "y"] = z[0] if single else z
        return values

    def predict(self, x):
        """The network's output ``y``, shape ``(n_L,)`` or ``(batch, n_L)``."""
        return self.forward(x)["y"]

    def loss(self, x, t):
        """Mean squared error of the prediction for ``x`` against the target ``t``."""
        x2, t2 = self._input_target(x, t)
        return float(loss_stacked(self.params, self.activations, x2, t2))

    # -- gradients -----------------------------------------------------------

    def numerical_gradient(self, x, t, h=1e-4, batched=False):
        """Gradient of the loss for every parameter by central differences.

        Parameters
        ----------
        x, t : array_like
            Input ``(n_0,)`` or ``(batch, n_0)`` and target shaped like the prediction.
        h : float, default 1e-4
        batched : bool, default False
            False: the readable way, :func:`nnlib.numerical_gradient` on each
            array in turn, two loss evaluations per element. True: the same
            numbers from one stacked forward pass
            (:func:`nnlib.gradients.numerical_gradient_batched`).

        Returns
        -------
        dict of str -> ndarray, keyed and shaped like ``params``
        """
        x2, t2 = self._input_target(x, t)
        if batched:
            return numerical_gradient_batched(
                lambda stacked: loss_stacked(stacked, self.activations, x2, t2),
                self.params, h,
            )
        loss = lambda _: float(loss_stacked(self.params, self.activations, x2, t2))
        return {name: _numerical_gradient(loss, p, h) for name, p in self.params.items()}

    def gradient(self, x, t):
        """Gradient of the loss for every parameter by backpropagation (chain rule).

        Same contract as :meth:`numerical_gradient`; agrees with it to about
        1e-9 on the worked example, at a fraction of the cost.
        """
        x2, t2 = self._input_target(x, t)
        grads, _ = backprop_stacked(self.params, self.activations, x2, t2)
        return grads

    # -- input checks ---------------------------------------------------------

    def _input(self, x):
        x = _finite_float_array(x, "x")
        n_in = self.sizes[0]
        if x.ndim == 1 and x.shape[0] == n_in:
            return x[None, :], True
        if x.ndim == 2 and x.shape[1] == n_in:
            return x, False
        raise ValueError(
            f"x has shape {x.shape}, but this network takes {n_in} inputs: "
            f"expected ({n_in},) for one sample or (batch, {n_in})"
        )

    def _input_target(self, x, t):
        x2, single = self._input(x)
        t = _finite_float_array(t, "t")
        expected = (self.sizes[-1],) if single else (x2.shape[0], self.sizes[-1])
        if t.shape != expected:
            raise ValueError(
                f"t has shape {t.shape}, but the prediction for x of shape "
                f"{np.shape(x)} has shape {expected}; they must match"
            )
        return x2, (t[None, :] if single else t)


def _finite_float_array(value, name):
    try:
        array = np.array(value, dtype=np.float64)  # a copy: the caller's array is never touched
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinity: {array}")
    return array


def _validated_params(params):
    if not isinstance(params, dict) or not params:
        raise TypeError("params must be a non-empty dict like {'W1': ..., 'b1': ...}")
    n_layers = len(params) // 2
    expected = [f"{p}{k}" for k in range(1, n_layers + 1) for p in ("W", "b")]
    if len(params) % 2 or sorted(params) != sorted(expected):
        raise ValueError(
            f"params must be named W1, b1, W2, b2, ... (one W and one b per layer); "
            f"got {sorted(params)}"
        )
    clean = {}
    n_prev = None
    for k in range(1, n_layers + 1):
        W = _finite_float_array(params[f"W{k}"], f"W{k}")
        b = _finite_float_array(params[f"b{k}"], f"b{k}")
        if W.ndim != 2:
            raise ValueError(f"W{k} must be 2-D (inputs, outputs), got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"b{k} has shape {b.shape}, but W{k} {W.shape} needs ({W.shape[1]},)")
        if n_prev is not None and W.shape[0] != n_prev:
            raise ValueError(
                f"W{k} has shape {W.shape}, but layer {k - 1} has {n_prev} outputs"
            )
        n_prev = W.shape[1]
        clean[f"W{k}"] = W
        clean[f"b{k}"] = b
    return clean
