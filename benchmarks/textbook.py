"""Our own copy of the textbook way to train the worked example.

Global parameter arrays, a numerical gradient that nudges them in place one
element at a time, and a fresh loss evaluation for every nudge. It is the
baseline the benchmarks compare against; nnlib must give the same numbers.
"""

import numpy as np


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        i = it.multi_index
        keep = x[i]
        x[i] = keep + h
        up = f(x)
        x[i] = keep - h
        down = f(x)
        grad[i] = (up - down) / (2 * h)
        x[i] = keep
        it.iternext()
    return grad


def train_textbook(params, x, t, lr=0.1, steps=3000):
    """Train a 2-layer sigmoid network the textbook way.

    Parameters
    ----------
    params : dict with W1, b1, W2, b2 (changed in place)
    x, t : ndarray of shape (2,)

    Returns
    -------
    losses : list of float, the loss after each step
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]

    def loss(_):
        y = _sigmoid(np.dot(_sigmoid(np.dot(x, W1) + b1), W2) + b2)
        return ((y - t) ** 2).mean()

    losses = []
    for _ in range(steps):
        grads = [_numerical_gradient(loss, p) for p in (W1, b1, W2, b2)]
        for p, g in zip((W1, b1, W2, b2), grads):
            p -= lr * g
        losses.append(float(loss(None)))
    return losses
