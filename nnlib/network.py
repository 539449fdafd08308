"""A fully connected network: parameters, forward pass, loss and gradients.

This is written to be read, not to be fast: one parameter set, a loop over the
layers a student can trace with a pencil. The parameters live in one dict,
``net.params``, named as in "Deep Learning from Scratch": ``W1, b1`` for the
first layer, ``W2, b2`` for the second, and so on. Layer ``k`` computes

    a_k = z_{k-1} @ W_k + b_k        (z_0 is the input x)
    z_k = activation_k(a_k)

and the output of the last layer is the prediction ``y``. The loss is the mean
squared error of ``y`` against the target ``t`` (:func:`nnlib.mse`).
"""

import numpy as np

from .activations import get_activation
from .gradients import numerical_gradient
from .losses import mse, mse_grad


class Network:
    """A dense network with one activation function per layer.

    Parameters
    ----------
    params : dict of str -> array_like
        ``W1, b1, W2, b2, ...``: ``W{k}`` has shape ``(n_{k-1}, n_k)`` and
        ``b{k}`` shape ``(n_k,)``. The arrays are copied to float64, so
        training never changes the caller's arrays.
    activations : str or sequence of str, default "sigmoid"
        One name for every layer, or one name per layer: "sigmoid", "tanh",
        "relu" or "identity".

    Attributes
    ----------
    params : dict of str -> ndarray of float64
        The live parameters; gradient descent updates these arrays in place.
    activations : tuple of str
    sizes : tuple of int
        Layer widths ``(n_0, n_1, ..., n_L)``.
    """

    def __init__(self, params, activations="sigmoid"):
        self.params = _checked_params(params)
        n_layers = len(self.params) // 2
        if isinstance(activations, str):
            activations = [activations] * n_layers
        if not isinstance(activations, (list, tuple)):
            raise TypeError(f"activations must be a name or a list of names, got {activations!r}")
        if len(activations) != n_layers:
            raise ValueError(f"activations: got {len(activations)} names for {n_layers} layers")
        for name in activations:
            get_activation(name)
        self.activations = tuple(activations)

    @classmethod
    def random(cls, sizes, activations="sigmoid", seed=0, scale=0.5):
        """A network whose weights and biases are drawn from a normal distribution.

        Parameters
        ----------
        sizes : sequence of int
            Layer widths, input first, e.g. ``(2, 3, 1)``; each at least 1.
        activations : str or sequence of str
        seed : int
            Seed of ``np.random.default_rng``: the same seed gives the same network.
        scale : float
            Standard deviation of the parameters.
        """
        if (isinstance(sizes, (str, bytes)) or len(sizes) < 2
                or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in sizes)):
            raise TypeError(f"sizes must list at least two whole numbers, got {sizes!r}")
        rng = np.random.default_rng(seed)
        params = {}
        for k in range(1, len(sizes)):
            params[f"W{k}"] = scale * rng.standard_normal((sizes[k - 1], sizes[k]))
            params[f"b{k}"] = scale * rng.standard_normal(sizes[k])
        return cls(params, activations)

    @property
    def sizes(self):
        return (self.params["W1"].shape[0],) + tuple(
            self.params[f"b{k}"].shape[0] for k in range(1, len(self.activations) + 1))

    @property
    def n_params(self):
        """Total number of weights and biases."""
        return sum(p.size for p in self.params.values())

    def copy(self):
        """An independent copy: training one does not touch the other."""
        return Network(self.params, self.activations)

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activations=({', '.join(self.activations)}), "
                f"n_params={self.n_params})")

    def forward(self, x):
        """Every intermediate value of a forward pass.

        Parameters
        ----------
        x : array_like of shape (n_0,) for one sample or (batch, n_0)

        Returns
        -------
        dict
            ``{"a1": ..., "z1": ..., "a2": ..., ..., "y": ...}`` in order of
            computation; the last layer's output is called ``y``. Each value
            has shape ``(n_k,)`` for one sample or ``(batch, n_k)``.
        """
        z = self._input(x)
        values = {}
        for k, name in enumerate(self.activations, start=1):
            f, _ = get_activation(name)
            a = np.dot(z, self.params[f"W{k}"]) + self.params[f"b{k}"]
            z = f(a)
            values[f"a{k}"] = a
            values[f"z{k}"] = z
        values["y"] = values.pop(f"z{len(self.activations)}")
        return values

    def predict(self, x):
        """The network's output ``y``, shape ``(n_L,)`` or ``(batch, n_L)``."""
        return self.forward(x)["y"]

    def loss(self, x, t):
        """Mean squared error of the prediction for ``x`` against the target ``t``."""
        return mse(self.predict(x), self._target(x, t))

    def numerical_gradient(self, x, t, h=1e-4):
        """Gradient of the loss for every parameter, by central differences.

        Each array of ``params`` is nudged in place, one element at a time, by
        :func:`nnlib.numerical_gradient`, while the loss reads the nudged value
        through the closure ``lambda W: self.loss(x, t)``.

        Parameters
        ----------
        x : array_like, shape (n_0,) or (batch, n_0)
        t : array_like, shaped like the prediction
        h : float, default 1e-4

        Returns
        -------
        dict of str -> ndarray, keyed and shaped like ``params``
        """
        loss = lambda W: self.loss(x, t)
        return {name: numerical_gradient(loss, W, h) for name, W in self.params.items()}

    def gradient(self, x, t):
        """Gradient of the loss for every parameter, by backpropagation.

        The chain rule, layer by layer from the output back: ``delta`` is
        dL/da_k, the loss's sensitivity to layer k's sum. From it
        dL/dW_k = z_{k-1}^T delta and dL/db_k = delta summed over the batch;
        multiplying by W_k^T carries it one layer back. Same result as
        :meth:`numerical_gradient` (to about 1e-9 on the worked example).
        """
        x, t = self._input(x), self._target(x, t)
        x, t = np.atleast_2d(x), np.atleast_2d(t)  # one sample is a batch of one
        values = self.forward(x)
        delta = mse_grad(values["y"], t)  # dL/dy
        grads = {}
        for k in range(len(self.activations), 0, -1):
            _, f_grad = get_activation(self.activations[k - 1])
            delta = delta * f_grad(values[f"a{k}"])  # dL/da_k
            z_prev = x if k == 1 else values[f"z{k - 1}"]
            grads[f"W{k}"] = np.dot(z_prev.T, delta)
            grads[f"b{k}"] = delta.sum(axis=0)
            delta = np.dot(delta, self.params[f"W{k}"].T)  # dL/dz_{k-1}
        return {name: grads[name] for name in self.params}

    def _input(self, x):
        x = _finite_array(x, "x")
        n_in = self.params["W1"].shape[0]
        if x.ndim not in (1, 2) or x.shape[-1] != n_in:
            raise ValueError(f"x has shape {x.shape}, but this network takes {n_in} inputs: "
                             f"expected ({n_in},) for one sample or (batch, {n_in})")
        if x.size == 0:
            raise ValueError(f"x has shape {x.shape}: a batch needs at least one sample")
        return x

    def _target(self, x, t):
        t = _finite_array(t, "t")
        expected = np.shape(x)[:-1] + (self.params[f"b{len(self.activations)}"].shape[0],)
        if t.shape != expected:
            raise ValueError(f"t has shape {t.shape}, but the prediction for x of shape "
                             f"{np.shape(x)} has shape {expected}; they must match")
        return t


def _finite_array(value, name):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity: {array}")
    return array


def _checked_params(params):
    if not isinstance(params, dict) or not params:
        raise TypeError("params must be a non-empty dict like {'W1': ..., 'b1': ...}")
    n_layers = len(params) // 2
    expected = [f"{p}{k}" for k in range(1, n_layers + 1) for p in ("W", "b")]
    if sorted(params) != sorted(expected):
        raise ValueError(f"params must be named W1, b1, W2, b2, ... (one W and one b per layer); "
                         f"got {sorted(params)}")
    checked = {}
    for k in range(1, n_layers + 1):
        W = np.array(_finite_array(params[f"W{k}"], f"W{k}"))  # a copy of the caller's array
        b = np.array(_finite_array(params[f"b{k}"], f"b{k}"))
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
