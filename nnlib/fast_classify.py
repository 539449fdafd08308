"""The training of :func:`nnlib.classification.train`, made fast for the playground's sliders.

Students need not read this module. It computes what
``classification.train`` computes (the same shuffles from the same seed, the
same steps, the same per-epoch measurements; ``tests/test_fast_classify.py``
checks the two agree to 1e-9), but:

- every epoch's shuffled order is drawn first, and the samples (and their
  one-hot labels) are gathered once into one array;
- the biases are folded into the weights (x and the hidden outputs get a
  column of ones), so each layer is one matrix product forwards and one back;
- the backward pass uses the hidden layer's *output* for f' (z(1 - z) for
  sigmoid, 1 - z**2 for tanh, z > 0 for relu) instead of evaluating f again;
- softmax minus one-hot is formed in place, and 1 / batch size is folded into the step;
- the training and test sets are measured in one forward pass.

To be folded into ``nnlib.fast`` by the lead.
"""

import numpy as np

from .classification import Record, softmax_cross_entropy
from .datasets import check_dataset

_GRAD_FROM_OUTPUT = {
    "sigmoid": lambda z: z * (1.0 - z),
    "tanh": lambda z: 1.0 - z * z,
    "relu": lambda z: (z > 0).astype(np.float64),
}


def train(net, x_train, labels_train, x_test, labels_test, lr=0.1, epochs=10, batch_size=32,
          seed=0, keep_params=False):
    """Same contract and result as :func:`nnlib.classification.train`."""
    x_train, labels_train = net._checked(x_train, labels_train)
    x_test, labels_test = check_dataset(x_test, labels_test, net.n_classes, name="x_test")
    net._x(x_test)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
    f = net.f
    f_grad = _GRAD_FROM_OUTPUT[net.activation]
    n_in, n_hidden = net.params["W1"].shape
    n_classes = net.n_classes
    # Biases folded into the weights: x gets a column of ones, W1b = [W1; b1], W2b = [W2; b2].
    W1b = np.vstack([net.params["W1"], net.params["b1"]])
    W2b = np.vstack([net.params["W2"], net.params["b2"]])
    n = len(x_train)
    rng = np.random.default_rng(seed)
    orders = np.array([rng.permutation(n) for _ in range(epochs)], dtype=np.intp).reshape(epochs, n)
    x1 = np.hstack([x_train, np.ones((n, 1))])
    t = np.zeros((n, n_classes))
    t[np.arange(n), labels_train] = 1.0
    xs_all, ts_all = x1[orders], t[orders]  # every epoch's shuffled samples, gathered once
    starts = range(0, n, batch_size)
    z1b = np.ones((min(batch_size, n), n_hidden + 1))  # hidden outputs with a column of ones

    x_all = np.concatenate([x_train, x_test])
    curves = {"train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": []}
    snapshots = [] if keep_params else None

    def unfold():
        return {"W1": W1b[:-1].copy(), "b1": W1b[-1].copy(), "W2": W2b[:-1].copy(), "b2": W2b[-1].copy()}

    def measure():
        a2 = f(x_all @ W1b[:-1] + W1b[-1]) @ W2b[:-1] + W2b[-1]
        for a, labels, which in ((a2[:n], labels_train, "train"), (a2[n:], labels_test, "test")):
            curves[f"{which}_loss"].append(softmax_cross_entropy(a, labels))
            curves[f"{which}_accuracy"].append(float(np.mean(a.argmax(axis=1) == labels)))
        if keep_params:
            snapshots.append(unfold())

    measure()
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            xs, ts = xs_all[epoch - 1], ts_all[epoch - 1]
            for start in starts:
                x = xs[start:start + batch_size]
                m = len(x)
                z1 = z1b[:m]
                z1[:, :-1] = f(x @ W1b)
                a2 = z1 @ W2b
                a2 -= a2.max(axis=1, keepdims=True)
                np.exp(a2, out=a2)
                a2 /= a2.sum(axis=1, keepdims=True)     # y = softmax
                a2 -= ts[start:start + batch_size]       # m * dL/da2 = y - t
                da1 = a2 @ W2b[:-1].T
                da1 *= f_grad(z1[:, :-1])
                step = lr / m
                W2b -= step * (z1.T @ a2)
                W1b -= step * (x.T @ da1)
            finite = bool(np.isfinite(W1b).all() and np.isfinite(W2b).all())
            if finite:
                measure()
            if not finite or not np.isfinite(curves["train_loss"][-1]):
                diverged_at = epoch
                if finite:
                    for values in curves.values():
                        values.pop()
                    if keep_params:
                        snapshots.pop()
                break
    net.params.update(unfold())
    return Record(lr=float(lr), batch_size=int(batch_size), params=snapshots, diverged_at=diverged_at,
                  **{name: np.array(values) for name, values in curves.items()})
