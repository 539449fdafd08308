"""A fully connected network: parameters, forward pass, loss and gradients.

Written to be read, not to be fast: a loop over the layers a student can trace
with a pencil. The parameters live in one dict, ``net.params``, named as in
"Deep Learning from Scratch" (``W1, b1, W2, b2, ...``). Layer ``k`` computes
``a_k = z_{k-1} @ W_k + b_k`` and ``z_k = activation_k(a_k)`` (``z_0`` is the
input x, the last ``z`` the prediction ``y``). Public methods check their
arguments once (``nnlib.checks``), then call ``_forward`` or ``_predict``.
"""

import numpy as np

from .activations import ACTIVATIONS
from .checks import check_activations, check_data, check_input, check_params, check_seed, check_sizes
from .gradients import numerical_gradient
from .losses import mse, mse_grad


class Network:
    """A dense network with one activation function per layer.

    Parameters
    ----------
    params : dict of str -> array_like
        ``W1, b1, W2, b2, ...``: ``W{k}`` of shape ``(n_{k-1}, n_k)``, ``b{k}`` of shape
        ``(n_k,)``. Copied to float64 (``net.params``): training never changes the caller's arrays.
    activations : str or sequence of str, default "sigmoid"
        One name for every layer, or one per layer: "sigmoid", "tanh", "relu" or "identity".
        ``net.activations`` is a tuple of one name per layer.
    """

    def __init__(self, params, activations="sigmoid"):
        self.params = check_params(params)
        self.activations = check_activations(activations, len(self.params) // 2, ACTIVATIONS)

    @classmethod
    def random(cls, sizes, activations="sigmoid", seed=0, scale=0.5):
        """A network of layer widths ``sizes`` (input first, e.g. ``(2, 3, 1)``), drawn at random.

        Weights and biases are normal with standard deviation ``scale``; the same ``seed``
        (a whole number >= 0, for ``np.random.default_rng``) gives the same network.
        """
        sizes, rng = check_sizes(sizes), np.random.default_rng(check_seed(seed))
        params = {}
        for k in range(1, len(sizes)):
            params[f"W{k}"] = scale * rng.standard_normal((sizes[k - 1], sizes[k]))
            params[f"b{k}"] = scale * rng.standard_normal(sizes[k])
        return cls(params, activations)

    @property
    def sizes(self):  # the layer widths (n_0, n_1, ..., n_L)
        return (self.params["W1"].shape[0],) + tuple(
            self.params[f"b{k}"].shape[0] for k in range(1, len(self.activations) + 1))

    @property
    def n_params(self):  # the number of weights and biases
        return sum(p.size for p in self.params.values())

    def copy(self):  # training one does not change the other
        return Network(self.params, self.activations)

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activations=({', '.join(self.activations)}), "
                f"n_params={self.n_params})")

    def forward(self, x):
        """Every intermediate value of a forward pass of ``x``, shape (n_0,) or (batch, n_0).

        Returns ``{"a1": ..., "z1": ..., "a2": ..., ..., "y": ...}`` in order of
        computation (the last layer's output is ``y``), each of shape
        ``(n_k,)`` for one sample or ``(batch, n_k)``.
        """
        return self._forward(check_input(self, x))

    def predict(self, x):
        """The network's output ``y``, shape ``(n_L,)`` or ``(batch, n_L)``."""
        return self._predict(check_input(self, x))

    def loss(self, x, t):
        """Mean squared error of the prediction for ``x`` against the target ``t``."""
        x, t = check_data(self, x, t)
        return mse(self._predict(x), t)

    def numerical_gradient(self, x, t, h=1e-4):
        """Gradient of the loss for every parameter, by central differences: a dict like ``params``.

        :func:`nnlib.numerical_gradient` nudges each array of ``params`` in
        place, one element at a time, and the closure ``loss`` reads it.
        ``x`` has shape (n_0,) or (batch, n_0), ``t`` that of the prediction.
        """
        x, t = check_data(self, x, t)
        loss = lambda W: mse(self._predict(x), t)  # noqa: E731
        return {name: numerical_gradient(loss, W, h) for name, W in self.params.items()}

    def gradient(self, x, t):
        """Gradient of the loss for every parameter, by backpropagation (the chain rule).

        From the output back, ``delta`` is dL/da_k: then dL/dW_k = z_{k-1}^T delta,
        dL/db_k = delta summed over the batch, and delta @ W_k^T carries it one layer back.
        """
        x, t = check_data(self, x, t)
        x, t = np.atleast_2d(x), np.atleast_2d(t)  # one sample is a batch of one
        values = self._forward(x)
        delta = mse_grad(values["y"], t)  # dL/dy
        grads = {}
        for k in range(len(self.activations), 0, -1):
            _, f_grad = ACTIVATIONS[self.activations[k - 1]]
            delta = delta * f_grad(values[f"a{k}"])  # dL/da_k
            z_prev = x if k == 1 else values[f"z{k - 1}"]
            grads[f"W{k}"] = np.dot(z_prev.T, delta)
            grads[f"b{k}"] = delta.sum(axis=0)
            delta = np.dot(delta, self.params[f"W{k}"].T)  # dL/dz_{k-1}
        return {name: grads[name] for name in self.params}

    def _forward(self, x):
        """:meth:`forward` for an ``x`` already checked."""
        values, z = {}, x
        for k, name in enumerate(self.activations, start=1):
            f, _ = ACTIVATIONS[name]
            a = np.dot(z, self.params[f"W{k}"]) + self.params[f"b{k}"]
            z = f(a)
            values[f"a{k}"], values[f"z{k}"] = a, z
        values["y"] = values.pop(f"z{len(self.activations)}")
        return values

    def _predict(self, x):
        """:meth:`predict` for an ``x`` already checked: the layers' formula, and nothing kept."""
        z = x
        for k, name in enumerate(self.activations, start=1):
            f, _ = ACTIVATIONS[name]
            z = f(np.dot(z, self.params[f"W{k}"]) + self.params[f"b{k}"])
        return z
