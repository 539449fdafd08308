"""Lesson 6's :func:`nnlib.classification.train`, made fast for the playground: :func:`train_classifier`.

Students need not read this module; it computes nothing new. The promise:
losses and parameters within 1e-9 relative of the plain loop's, accuracies
and the divergence report exactly the same (``tests/test_fast_classifier.py``).
"""

import math

import numpy as np

from .activations import sigmoid
from .classification import Record, checked_run
from .classification import train as _plain_train


def train_classifier(net, x_train, labels_train, x_test, labels_test, lr=0.1, epochs=10, batch_size=32,
                     seed=0, keep_params=False):
    """:func:`nnlib.classification.train`, made fast for lesson 6's playground.

    Same arguments, same :class:`~nnlib.classification.Record`, same
    shuffles from the same seed, same steps, same divergence report;
    ``tests/test_fast_classifier.py`` checks that losses and parameters agree
    with the plain loop within 1e-9 relative and accuracies exactly. ``net``
    is updated in place, like the plain loop does. Hidden activations
    sigmoid, tanh and relu (others are handed to the plain loop).

    How (a run is about 1500 steps on arrays of a few dozen numbers, so
    what counts is the number of numpy calls per step, not arithmetic):

    - every epoch's shuffled order is drawn first, and the samples (and
      their one-hot labels, times the step size lr / batch) are gathered
      once into one array;
    - the biases are folded into the weights (x and the hidden outputs get
      a column of ones), so a layer is one matrix product forwards and one
      back; every numpy call writes into a buffer made once (``out=``);
    - the backward pass takes f' from the hidden layer's *output*
      (z(1 - z) for sigmoid, 1 - z**2 for tanh, z > 0 for relu);
    - two classes (the playground's) take a shorter way, 13 to 16 calls
      a step (:func:`_descend_two_classes`);
    - the loop only copies the weights at the end of each epoch into one
      array; the losses and accuracies of all epochs, and with them the
      divergence, are computed after the loop in a few stacked products.

    Parameters
    ----------
    net : TwoLayerNet
    x_train, labels_train : ndarray, shapes (n, n_in) and (n,)
    x_test, labels_test : ndarray, shapes (m, n_in) and (m,)
    lr : float
    epochs : int
    batch_size : int
    seed : int
    keep_params : bool
        ``Record.params[e]`` are then views into one array of every epoch's weights.

    Returns
    -------
    Record
    """
    x_train, labels_train, x_test, labels_test = checked_run(net, x_train, labels_train, x_test, labels_test,
                                                             lr, epochs, batch_size, seed)
    if net.activation not in ("sigmoid", "tanh", "relu"):
        return _plain_train(net, x_train, labels_train, x_test, labels_test, lr, epochs, batch_size, seed,
                            keep_params)
    epochs, batch_size = int(epochs), int(batch_size)
    p = net.params
    n_in, n_hidden = p["W1"].shape
    n_classes = net.n_classes
    # every epoch's weights, biases folded in as the last row: Ws1[e] = [W1; b1], Ws2[e] = [W2; b2]
    Ws1 = np.empty((epochs + 1, n_in + 1, n_hidden))
    Ws2 = np.empty((epochs + 1, n_hidden + 1, n_classes))
    Ws1[0, :-1], Ws1[0, -1], Ws2[0, :-1], Ws2[0, -1] = p["W1"], p["b1"], p["W2"], p["b2"]
    last = _descend_classifier(net.activation, Ws1, Ws2, x_train, labels_train, float(lr), batch_size, seed)
    curves, diverged_at = _measure_classifier(net.activation, Ws1[:last + 1], Ws2[:last + 1], x_train,
                                              labels_train, x_test, labels_test)
    done = len(curves["train_loss"]) - 1  # the epochs the record holds
    reached = last if diverged_at is None else diverged_at  # the state the plain loop stops in
    p["W1"][...], p["b1"][...] = Ws1[reached, :-1], Ws1[reached, -1]
    p["W2"][...], p["b2"][...] = Ws2[reached, :-1], Ws2[reached, -1]
    params = None
    if keep_params:
        params = [{"W1": Ws1[e, :-1], "b1": Ws1[e, -1], "W2": Ws2[e, :-1], "b2": Ws2[e, -1]}
                  for e in range(done + 1)]
    return Record(lr=float(lr), batch_size=batch_size, params=params, diverged_at=diverged_at, **curves)


def _epoch_samples(x_train, labels_train, epochs, lr, batch_size, seed):
    """Every epoch's shuffled samples, gathered once: the same shuffles as the plain loop's.

    Returns
    -------
    xs : ndarray, shape (epochs, n, n_in + 1)
        The samples in each epoch's order, with a column of ones (the biases' input).
    labels : ndarray of int, shape (epochs, n)
    step : ndarray, shape (n, 1)
        lr / (size of the batch) for each position in an epoch (the last batch may be smaller).
    batches : list of (start, stop)
    """
    n = len(x_train)
    rng = np.random.default_rng(seed)
    orders = np.array([rng.permutation(n) for _ in range(epochs)]).reshape(epochs, n)  # as the plain loop
    x1 = np.hstack([x_train, np.ones((n, 1))])
    step = np.full((n, 1), lr / batch_size)
    step[n - n % batch_size:] = lr / max(n % batch_size, 1)
    batches = [(start, min(start + batch_size, n)) for start in range(0, n, batch_size)]
    return x1[orders], labels_train[orders], step, batches


def _descend_classifier(activation, Ws1, Ws2, x_train, labels_train, lr, batch_size, seed):
    """The mini-batch steps of :func:`train_classifier`; fills ``Ws1[1:]``, ``Ws2[1:]`` epoch by epoch.

    Returns the last epoch filled: ``epochs``, or the first epoch after
    which a weight is no longer finite (the plain loop stops there).
    """
    epochs = len(Ws1) - 1
    samples = _epoch_samples(x_train, labels_train, epochs, lr, batch_size, seed)
    done = _descend_two_classes(activation, Ws1, Ws2, *samples) if Ws2.shape[2] == 2 else 0
    if done == epochs:
        return epochs
    return _descend_any(activation, Ws1, Ws2, *samples, first=done)


def _descend_any(activation, Ws1, Ws2, xs_all, labels_all, step, batches, first=0):
    """Any number of classes, from the weights after epoch ``first``; the plain loop's softmax (and NaNs)."""
    epochs, n = labels_all.shape
    n_hidden, n_classes = Ws2.shape[1] - 1, Ws2.shape[2]
    ts_all = np.eye(n_classes)[labels_all] * step  # one-hot labels times the step size
    # buffers for a full batch; a smaller last batch uses their first rows
    b = batches[0][1]
    a1 = np.empty((b, n_hidden))
    z1 = np.ones((b, n_hidden + 1))  # hidden outputs and a column of ones (the bias' input)
    a2 = np.empty((b, n_classes))
    top, total = np.empty((b, 1)), np.empty((b, 1))
    dz1, g = np.empty((b, n_hidden)), np.empty((b, n_hidden))
    gW1, gW2 = np.empty(Ws1.shape[1:]), np.empty(Ws2.shape[1:])
    W1, W2 = Ws1[first].copy(), Ws2[first].copy()
    W2t = W2[:-1].T  # a view: dL/dz1 = dL/da2 @ W2.T
    buffers = [(step[start, 0], a1[:stop - start], z1[:stop - start], z1[:stop - start, :-1],
                a2[:stop - start], top[:stop - start], total[:stop - start], dz1[:stop - start],
                g[:stop - start]) for start, stop in batches]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is found after the loop
        for epoch in range(first + 1, epochs + 1):
            xs, ts = xs_all[epoch - 1], ts_all[epoch - 1]
            for (start, stop), (s, a1_, z1_, h_, a2_, top_, total_, dz1_, g_) in zip(batches, buffers):
                x = xs[start:stop]
                # forward: h = f(x @ W1 + b1), a2 = h @ W2 + b2
                np.dot(x, W1, out=a1_)
                if activation == "relu":
                    np.maximum(a1_, 0.0, out=h_)
                elif activation == "tanh":
                    np.tanh(a1_, out=h_)
                else:  # sigmoid, as nnlib.activations writes it: 1 / (1 + exp(-a))
                    np.negative(a1_, out=h_)
                    np.exp(h_, out=h_)
                    np.add(h_, 1.0, out=h_)
                    np.divide(1.0, h_, out=h_)
                np.dot(z1_, W2, out=a2_)
                # dL/da2 times lr: (softmax(a2) - t) * lr / m, softmax with the largest score taken out
                np.maximum.reduce(a2_, axis=1, keepdims=True, out=top_)  # (np.max adds a Python layer)
                np.subtract(a2_, top_, out=a2_)
                np.exp(a2_, out=a2_)
                np.add.reduce(a2_, axis=1, keepdims=True, out=total_)
                np.divide(s, total_, out=total_)
                np.multiply(a2_, total_, out=a2_)
                np.subtract(a2_, ts[start:stop], out=a2_)
                # backward: dL/da1 = (dL/da2 @ W2.T) * f'(a1), f' taken from h
                np.dot(a2_, W2t, out=dz1_)
                if activation == "relu":
                    np.sign(h_, out=g_)  # 1 where h > 0, else 0
                elif activation == "tanh":
                    np.multiply(h_, h_, out=g_)
                    np.subtract(1.0, g_, out=g_)
                else:
                    np.subtract(1.0, h_, out=g_)
                    np.multiply(h_, g_, out=g_)
                np.multiply(dz1_, g_, out=dz1_)
                np.dot(z1_.T, a2_, out=gW2)
                np.subtract(W2, gW2, out=W2)
                np.dot(x.T, dz1_, out=gW1)
                np.subtract(W1, gW1, out=W1)
            np.copyto(Ws1[epoch], W1)
            np.copyto(Ws2[epoch], W2)
            # a sum that is not finite says: maybe a weight is not (then look closely)
            if not math.isfinite(W1.sum() + W2.sum()) and not (np.isfinite(W1).all() and np.isfinite(W2).all()):
                return epoch
    return epochs


#: the two-class steps hand over to the general ones once a weight passes this size
_HUGE = 1e50


def _descend_two_classes(activation, Ws1, Ws2, xs_all, labels_all, step, batches):
    """Two classes (the playground's): the steps of :func:`_descend_any` in fewer numpy calls.

    With two classes, softmax is a sigmoid of the difference of the two
    scores, d = a2[:, 0] - a2[:, 1]: y1 = 1 / (1 + exp(d)), y0 = 1 - y1, and
    the two columns of dL/da2 are r and -r. So a step changes the two
    columns of [W2; b2] by opposite amounts: their sum stays what it was,
    and only their difference ``u`` needs training. Per mini-batch of m:

        d = [h, 1] @ u;  g = 2 s (t1 - y1)   (s = lr / m; t1 = 1 for class 1)
        2 lr dL/dh = g u[:-1];  u -= [h, 1].T @ g   (L: the batch's mean loss)

    More calls saved: the column of ones that carries b2 is an extra hidden
    unit whose input weights are 0 but for the bias (1 for relu, 40 for
    tanh and sigmoid), so that f gives exactly 1.0 there and the hidden layer
    is one contiguous array (f' is exactly 0 there for tanh and sigmoid; for
    relu that column is left out of f'); the factor 2 in g is undone exactly
    by using x / 2 in the backward product; for sigmoid the first layer is
    kept negated, so that exp(-a) is one call; W1 and u sit in one array,
    so that the step is one subtraction. (``np.dot`` rather than
    ``np.matmul``: the same BLAS products, about 1 us less per call.)

    Huge weights are where the two ways part: the plain loop's softmax
    turns an infinite score into NaN, this one does not. So once a weight
    passes ``_HUGE`` the run hands over to :func:`_descend_any`, from the
    epoch before.

    Returns
    -------
    int
        The last epoch filled in ``Ws1`` and ``Ws2``: all of them, or the one to continue from.
    """
    epochs, n = labels_all.shape
    n_hidden = Ws2.shape[1] - 1
    sign = -1.0 if activation == "sigmoid" else 1.0
    halves_all = xs_all * (0.5 * sign)  # exact
    st_all = labels_all[..., None] * (2 * step)  # 2 s t1
    # the trained numbers in one array (one subtraction per step): W1 and u
    n_w1 = Ws1.shape[1] * (n_hidden + 1)
    theta, grad = np.zeros(n_w1 + n_hidden + 1), np.empty(n_w1 + n_hidden + 1)
    W1, gW1 = theta[:n_w1].reshape(-1, n_hidden + 1), grad[:n_w1].reshape(-1, n_hidden + 1)
    u, gu = theta[n_w1:, None], grad[n_w1:, None]  # shape (n_hidden + 1, 1)
    W1[:, :-1] = Ws1[0]  # [W1; b1] and the extra unit's column
    W1[-1, -1] = 1.0 if activation == "relu" else 40.0
    W1 *= sign
    c = Ws2[0, :, 0] + Ws2[0, :, 1]  # the sum of the two columns, which the steps keep
    us = np.empty((epochs + 1, n_hidden + 1))
    us[0] = u[:, 0] = Ws2[0, :, 0] - Ws2[0, :, 1]
    u_row = u.T  # a view
    b = batches[0][1]
    a1, h, dh = (np.empty((b, n_hidden + 1)) for _ in range(3))
    fh = np.zeros((b, n_hidden + 1))  # f'(a1), from h; stays 0 in the extra unit's column
    d = np.empty((b, 1))
    # constants as arrays of the operands' shape: numpy takes them faster than Python floats
    zeros, ones, ones_d = np.zeros((b, n_hidden + 1)), np.ones((b, n_hidden + 1)), np.ones((b, 1))
    buffers = [(np.full((stop - start, 1), 2 * step[start, 0]), a1[:stop - start], h[:stop - start],
                h[:stop - start, :-1], d[:stop - start], dh[:stop - start], fh[:stop - start],
                fh[:stop - start, :-1], zeros[:stop - start], ones[:stop - start], ones_d[:stop - start])
               for start, stop in batches]
    relu, tanh = activation == "relu", activation == "tanh"
    done = epochs
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, epochs + 1):
            xs, halves, st = xs_all[epoch - 1], halves_all[epoch - 1], st_all[epoch - 1]
            for (start, stop), (s2, a1_, h_, h_units, d_, dh_, fh_, fh_units, zero, one, one_d) in zip(
                    batches, buffers):
                np.dot(xs[start:stop], W1, out=a1_)
                if relu:
                    np.maximum(a1_, zero, out=h_)
                elif tanh:
                    np.tanh(a1_, out=h_)
                else:  # a1_ holds -a: h = 1 / (1 + exp(-a))
                    np.exp(a1_, out=h_)
                    np.add(h_, one, out=h_)
                    np.divide(one, h_, out=h_)
                np.dot(h_, u, out=d_)  # d = a2[:, 0] - a2[:, 1]
                np.exp(d_, out=d_)
                np.add(d_, one_d, out=d_)
                np.divide(s2, d_, out=d_)  # 2 s y1
                np.subtract(st[start:stop], d_, out=d_)  # g = 2 s (t1 - y1)
                np.dot(d_, u_row, out=dh_)  # 2 lr dL/dh (and a column for the extra unit)
                if relu:
                    np.sign(h_units, out=fh_units)  # 1 where h > 0, else 0
                elif tanh:
                    np.multiply(h_, h_, out=fh_)
                    np.subtract(one, fh_, out=fh_)
                else:
                    np.subtract(one, h_, out=fh_)
                    np.multiply(h_, fh_, out=fh_)
                np.multiply(dh_, fh_, out=dh_)  # 2 lr dL/da1
                np.dot(halves[start:stop].T, dh_, out=gW1)  # lr dL/dW1 (for sigmoid: of -W1)
                np.dot(h_.T, d_, out=gu)
                np.subtract(theta, grad, out=theta)
            np.multiply(W1[:, :-1], sign, out=Ws1[epoch])
            us[epoch] = u[:, 0]
            if not np.dot(theta, theta) < _HUGE * _HUGE:  # (also for NaN)
                done = epoch - 1
                break
    Ws2[1:done + 1, :, 0] = (c + us[1:done + 1]) / 2
    Ws2[1:done + 1, :, 1] = (c - us[1:done + 1]) / 2
    return done


def _tanh_in_place(a):
    """tanh(a) as 1 - 2 / (exp(2a) + 1), in place: 2.5 times faster than np.tanh on large arrays
    here (numpy's float64 tanh is not vectorised on this CPU), within 4e-16 of it."""
    np.multiply(a, 2.0, out=a)
    np.exp(a, out=a)
    np.add(a, 1.0, out=a)
    np.divide(2.0, a, out=a)
    return np.subtract(1.0, a, out=a)


#: how many numbers one stacked forward pass of _measure_classifier handles at a time (stays in cache)
_CHUNK = 1 << 16


def _measure_classifier(activation, Ws1, Ws2, x_train, labels_train, x_test, labels_test):
    """Losses and accuracies after every epoch, and the divergence, as the plain loop measures them.

    Every epoch's network is applied to every sample in stacked products,
    a chunk of epochs at a time, with the samples on the last axis (so that
    the maximum and the sum over the classes are operations between rows);
    two classes need only the difference of their scores.

    Parameters
    ----------
    Ws1 : ndarray, shape (E + 1, n_in + 1, n_hidden)
    Ws2 : ndarray, shape (E + 1, n_hidden + 1, n_classes)
        The folded weights after each epoch (entry 0: before training).

    Returns
    -------
    curves : dict of str -> ndarray, shape (e + 1,)
        ``train_loss``, ``test_loss``, ``train_accuracy``, ``test_accuracy``.
    diverged_at : int or None
        The first epoch whose weights or training loss are not finite; the curves end before it.
    """
    f = {"relu": lambda a: np.maximum(a, 0.0, out=a), "tanh": _tanh_in_place, "sigmoid": sigmoid}[activation]
    n = len(x_train)
    x_t = np.concatenate([x_train, x_test]).T.copy()  # (n_in, n + m)
    labels = np.concatenate([labels_train, labels_test])
    n_all = len(labels)
    loss, right = np.empty((len(Ws1), n_all)), np.empty((len(Ws1), n_all), dtype=bool)
    chunk = max(1, _CHUNK // (n_all * Ws1.shape[2]))
    # Two classes: the loss of a sample is softplus(a2[other] - a2[right]) = logaddexp(0, z), from the
    # difference of the two scores only. Only while every number is far from overflowing: then
    # no score is infinite here or in the plain loop (which makes NaN of an infinite score).
    two = Ws2.shape[2] == 2 and all(np.all(np.abs(a) < _HUGE) for a in (x_t, Ws1, Ws2))
    sign = 1.0 - 2.0 * labels  # z = sign * (a2[1] - a2[0])
    with np.errstate(over="ignore", invalid="ignore"):
        for e0 in range(0, len(Ws1), chunk):
            W1, W2 = Ws1[e0:e0 + chunk], Ws2[e0:e0 + chunk]
            # hidden outputs of every sample after every epoch of the chunk, shape (chunk, n_hidden, n + m)
            h = f(W1[:, :-1].transpose(0, 2, 1) @ x_t + W1[:, -1, :, None])
            if two:
                w = W2[:, :, 1] - W2[:, :, 0]  # (chunk, n_hidden + 1)
                d = (w[:, None, :-1] @ h)[:, 0] + w[:, -1:]  # a2[1] - a2[0], shape (chunk, n + m)
                loss[e0:e0 + chunk] = np.logaddexp(0.0, sign * d)
                right[e0:e0 + chunk] = (d > 0) == labels  # argmax picks class 0 on a tie
                continue
            # scores, shape (chunk, k, n + m)
            a2 = W2[:, :-1].transpose(0, 2, 1) @ h + W2[:, -1, :, None]
            # softmax_cross_entropy per sample: log(sum(exp(a2))) - a2[right class]
            biggest = a2.max(axis=1)
            log_sum = biggest + np.log(np.exp(a2 - biggest[:, None]).sum(axis=1))
            loss[e0:e0 + chunk] = log_sum - np.take_along_axis(a2, labels[None, None], axis=1)[:, 0]
            right[e0:e0 + chunk] = a2.argmax(axis=1) == labels
        curves = {"train_loss": loss[:, :n].mean(axis=1), "test_loss": loss[:, n:].mean(axis=1),
                  "train_accuracy": right[:, :n].mean(axis=1), "test_accuracy": right[:, n:].mean(axis=1)}
    finite = np.isfinite(Ws1).all(axis=(1, 2)) & np.isfinite(Ws2).all(axis=(1, 2))
    bad = np.flatnonzero(~(finite & np.isfinite(curves["train_loss"]))[1:])
    diverged_at = int(bad[0]) + 1 if len(bad) else None
    if diverged_at is not None:
        curves = {name: values[:diverged_at] for name, values in curves.items()}
    return curves, diverged_at
