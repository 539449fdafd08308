"""Classification: which of k classes does an input belong to?

Lesson 6 trains a network with one hidden layer on many labelled samples,
the way "Deep Learning from Scratch" §4.5 trains its ``TwoLayerNet``:

    a1 = x @ W1 + b1,   z1 = f(a1)        (f: sigmoid, tanh or relu)
    a2 = z1 @ W2 + b2,  y = softmax(a2)   (k probabilities that add up to 1)

The loss is the cross-entropy: the mean over the samples of -log of the
probability the network gave to the right class. Its gradient with respect
to a2 is simply (y - t) / n, with t the one-hot labels; backpropagation
carries it back through the two layers. Training walks through the training
set in shuffled mini-batches, one gradient-descent step per batch, and
measures the loss and the accuracy on the training and the test set after
every epoch.
"""

from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation
from .checks import check_lr, check_seed
from .datasets import check_dataset, minibatches
from .gradients import numerical_gradient


def softmax(a):
    """Probabilities from scores: exp(a) / sum(exp(a)) along the last axis.

    The largest score is subtracted first. That changes nothing in the
    result (the factor exp(-max) cancels) but keeps exp from overflowing:
    softmax([1000, 1001]) is [0.269, 0.731], not nan.

    Parameters
    ----------
    a : array_like, shape (..., k)

    Returns
    -------
    ndarray of float64, shape (..., k); each row sums to 1

    A row whose largest score is not a finite number (all -inf, or +inf, or
    NaN) has no probabilities: ValueError.
    """
    a = np.asarray(a, dtype=np.float64)
    top = a.max(axis=-1, keepdims=True)
    if not np.isfinite(top).all():
        raise ValueError(f"softmax: every row needs a finite largest score, but a row's largest is "
                         f"{top[~np.isfinite(top)][0]} (scores {a[~np.isfinite(top[..., 0])][0]})")
    return _softmax(a, top)


def _softmax(a, top):
    e = np.exp(a - top)
    return e / e.sum(axis=-1, keepdims=True)


def one_hot(labels, n_classes):
    """Labels as rows of zeros with a single 1: shape (n,) -> (n, n_classes)."""
    t = np.zeros((len(labels), n_classes))
    t[np.arange(len(labels)), labels] = 1.0
    return t


#: the smallest probability cross_entropy takes the log of (log 0 is -inf)
TINY = 1e-300


def cross_entropy(y, labels):
    """Mean of -log(probability given to the right class).

    Parameters
    ----------
    y : ndarray, shape (n, k)
        Probabilities, e.g. from :func:`softmax`.
    labels : ndarray of int, shape (n,)

    Returns
    -------
    float, >= 0; 0 for a perfect prediction, about 690 at most (probabilities
    below ``TINY`` count as ``TINY``).
    """
    y = np.asarray(y, dtype=np.float64)
    labels = np.asarray(labels)
    if y.ndim != 2 or y.shape[0] != labels.shape[0]:
        raise ValueError(f"cross_entropy: y has shape {y.shape} but labels has shape {labels.shape}; "
                         "y must be (n, k) for n labels")
    right = y[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.maximum(right, TINY))))


def softmax_cross_entropy(a, labels):
    """Cross-entropy of ``softmax(a)``, computed from the scores ``a`` without overflow.

    log softmax(a) = a - log(sum(exp(a))), and the log of the sum is taken
    with the largest score factored out, so huge scores give an exact,
    finite loss.

    Parameters
    ----------
    a : ndarray, shape (n, k)
    labels : ndarray of int, shape (n,)

    Returns
    -------
    float
    """
    biggest = a.max(axis=1, keepdims=True)
    log_sum = biggest[:, 0] + np.log(np.exp(a - biggest).sum(axis=1))
    right = a[np.arange(len(labels)), labels]
    return float(np.mean(log_sum - right))


def softmax_cross_entropy_grad(a, labels):
    """Derivative of :func:`softmax_cross_entropy` with respect to ``a``: (softmax(a) - t) / n.

    Softmax and cross-entropy together have this short derivative (DLFS
    §5.6.3), which is why they are used as a pair.
    """
    n, k = a.shape  # (training may pass scores that overflowed: its divergence is found after the epoch)
    return (_softmax(a, a.max(axis=-1, keepdims=True)) - one_hot(labels, k)) / n


def accuracy(y, labels):
    """Fraction of samples whose most probable class is the right one.

    Parameters
    ----------
    y : ndarray, shape (n, k)
        Probabilities or scores.
    labels : ndarray of int, shape (n,)
    """
    y = np.asarray(y)
    labels = np.asarray(labels)
    if y.ndim != 2 or y.shape[0] != labels.shape[0]:
        raise ValueError(f"accuracy: y has shape {y.shape} but labels has shape {labels.shape}")
    return float(np.mean(y.argmax(axis=1) == labels))


class TwoLayerNet:
    """A classifier with one hidden layer: inputs -> hidden (f) -> softmax.

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Layer widths: features, hidden units, classes.
    activation : {"sigmoid", "tanh", "relu"}
        The hidden layer's activation f.
    seed : int
        The weights start random (biases at zero): normal with standard
        deviation sqrt(1 / n_in) for sigmoid and tanh, sqrt(2 / n_in) for relu
        (so that the hidden layer's sums start neither tiny nor huge).

    Attributes
    ----------
    params : dict
        ``W1 (n_in, n_hidden)``, ``b1 (n_hidden,)``, ``W2 (n_hidden, n_out)``, ``b2 (n_out,)``.
    """

    def __init__(self, n_in, n_hidden, n_out, activation="sigmoid", seed=0):
        for name, value in (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
        if n_out < 2:
            raise ValueError(f"n_out must be at least 2 classes, got {n_out}")
        self.f, self.f_grad = get_activation(activation)
        self.activation = activation
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.params = {
            "W1": np.sqrt(gain / n_in) * rng.standard_normal((n_in, n_hidden)),
            "b1": np.zeros(n_hidden),
            "W2": np.sqrt(1.0 / n_hidden) * rng.standard_normal((n_hidden, n_out)),
            "b2": np.zeros(n_out),
        }

    @property
    def n_classes(self):
        return self.params["b2"].shape[0]

    @property
    def n_params(self):
        return sum(p.size for p in self.params.values())

    def copy(self):
        twin = TwoLayerNet.__new__(TwoLayerNet)
        twin.f, twin.f_grad, twin.activation = self.f, self.f_grad, self.activation
        twin.params = {name: p.copy() for name, p in self.params.items()}
        return twin

    def __repr__(self):
        n_in, n_hidden = self.params["W1"].shape
        return (f"TwoLayerNet({n_in}-{n_hidden}-{self.n_classes}, hidden activation {self.activation}, "
                f"{self.n_params} parameters)")

    def scores(self, x):
        """The scores a2 before softmax, shape (n, n_out), for inputs x of shape (n, n_in)."""
        p = self.params
        return self.f(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]

    def predict(self, x):
        """Class probabilities, shape (n, n_out); each row sums to 1."""
        return softmax(self.scores(self._x(x)))

    def loss(self, x, labels):
        """Cross-entropy of the prediction for ``x`` against ``labels``."""
        x, labels = self._checked(x, labels)
        return softmax_cross_entropy(self.scores(x), labels)

    def accuracy(self, x, labels):
        """Fraction of ``x`` classified correctly."""
        x, labels = self._checked(x, labels)
        return accuracy(self.scores(x), labels)

    def gradient(self, x, labels):
        """Gradient of :meth:`loss` for every parameter, by backpropagation.

        Returns
        -------
        dict keyed and shaped like ``params``
        """
        x, labels = self._checked(x, labels)
        return self._backprop(x, labels)

    def _backprop(self, x, labels):
        W1, b1, W2, b2 = (self.params[name] for name in ("W1", "b1", "W2", "b2"))
        # forward, keeping what the backward pass needs
        a1 = x @ W1 + b1
        z1 = self.f(a1)
        a2 = z1 @ W2 + b2
        # backward: from the loss to a2, then layer by layer with the chain rule
        da2 = softmax_cross_entropy_grad(a2, labels)  # dL/da2 = (y - t) / n
        dz1 = da2 @ W2.T                              # dL/dz1
        da1 = dz1 * self.f_grad(a1)                   # dL/da1 = dL/dz1 * f'(a1)
        return {"W1": x.T @ da1, "b1": da1.sum(axis=0), "W2": z1.T @ da2, "b2": da2.sum(axis=0)}

    def numerical_gradient(self, x, labels, h=1e-4):
        """The same gradient by central differences, two losses per parameter (slow)."""
        x, labels = self._checked(x, labels)
        loss = lambda _: softmax_cross_entropy(self.scores(x), labels)  # noqa: E731
        return {name: numerical_gradient(loss, p, h) for name, p in self.params.items()}

    def _x(self, x):
        n_in = self.params["W1"].shape[0]
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != n_in:
            raise ValueError(f"x has shape {x.shape}, but this network takes (n, {n_in})")
        return x

    def _checked(self, x, labels):
        x, labels = check_dataset(x, labels, self.n_classes)
        return self._x(x), labels


@dataclass
class Record:
    """What one training run measured, once before training and after every epoch.

    Every array has ``epochs + 1`` entries: entry 0 is the untrained network,
    entry e the network after e epochs.

    Attributes
    ----------
    lr : float
    batch_size : int
    train_loss, test_loss, train_accuracy, test_accuracy : ndarray, shape (epochs + 1,)
    params : list of dict, or None
        ``params[e]``: copies of the parameters after epoch e (kept on request).
    diverged_at : int or None
        The epoch in which the loss stopped being a finite number; the record ends before it.
    """

    lr: float
    batch_size: int
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    params: list | None = field(default=None, repr=False)
    diverged_at: int | None = None

    @property
    def epochs_done(self):
        return len(self.train_loss) - 1


def checked_run(net, x_train, labels_train, x_test, labels_test, lr, epochs, batch_size=1, seed=0):
    """The data sets as float64 arrays, after checking every argument of :func:`train`."""
    if not isinstance(net, TwoLayerNet):
        raise TypeError(f"net must be a TwoLayerNet, got {net!r:.60}")
    x_train, labels_train = net._checked(x_train, labels_train)
    x_test, labels_test = check_dataset(x_test, labels_test, net.n_classes, name="x_test")
    net._x(x_test)
    check_lr(lr)
    if not isinstance(epochs, (int, np.integer)) or isinstance(epochs, bool) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
    check_seed(seed)
    return x_train, labels_train, x_test, labels_test


def train(net, x_train, labels_train, x_test, labels_test, lr=0.1, epochs=10, batch_size=32,
          seed=0, keep_params=False):
    """Mini-batch gradient descent on ``net`` (updated in place); returns a :class:`Record`.

    Each epoch shuffles the training set, splits it into batches of
    ``batch_size`` and takes one step per batch, like lesson 4's update but
    with the gradient of the loss on that batch only:
    ``params[key] -= lr * grad[key]``.

    Parameters
    ----------
    net : TwoLayerNet
    x_train, labels_train : ndarray, shapes (n, n_in) and (n,)
    x_test, labels_test : ndarray, shapes (m, n_in) and (m,)
        Never used for a step, only measured.
    lr : float
    epochs : int
    batch_size : int
    seed : int
        Seeds the shuffling: the same seed gives the same run.
    keep_params : bool
        Keep a copy of the parameters after every epoch (``Record.params``).
    """
    x_train, labels_train, x_test, labels_test = checked_run(net, x_train, labels_train, x_test, labels_test,
                                                             lr, epochs, batch_size, seed)
    rng = np.random.default_rng(seed)
    curves = {"train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": []}
    snapshots = [] if keep_params else None
    diverged_at = None

    def measure():
        for x, labels, which in ((x_train, labels_train, "train"), (x_test, labels_test, "test")):
            a2 = net.scores(x)
            curves[f"{which}_loss"].append(softmax_cross_entropy(a2, labels))
            curves[f"{which}_accuracy"].append(accuracy(a2, labels))
        if keep_params:
            snapshots.append({name: p.copy() for name, p in net.params.items()})

    measure()
    for epoch in range(1, epochs + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is reported below
            for x_batch, labels_batch in minibatches(x_train, labels_train, batch_size, rng):
                grads = net._backprop(x_batch, labels_batch)
                for key in net.params:
                    net.params[key] -= lr * grads[key]
            finite = all(np.all(np.isfinite(p)) for p in net.params.values())
            if finite:
                measure()
        if not finite or not np.isfinite(curves["train_loss"][-1]):
            diverged_at = epoch
            if finite:  # drop the non-finite entry just measured
                for values in curves.values():
                    values.pop()
                if keep_params:
                    snapshots.pop()
            break
    return Record(lr=float(lr), batch_size=int(batch_size), params=snapshots, diverged_at=diverged_at,
                  **{name: np.array(values) for name, values in curves.items()})
