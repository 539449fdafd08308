"""The same gradient descent as :mod:`nnlib.training`, vectorised: for sliders, sweeps and benchmarks.

Students need not read this module; it computes nothing new. What it computes:

- :func:`gradient_descent` trains a network exactly like
  :func:`nnlib.gradient_descent` (same arguments, same :class:`~nnlib.History`),
- :func:`learning_rate_sweep` trains one copy per learning rate, all at once,
  and returns a :class:`Sweep`.
- :func:`train_classifier` is lesson 6's :func:`nnlib.classification.train` (own section, at the end).

Every loss must match the plain loop's within 1e-12 relative, on the worked
example and on random networks of several shapes and activations:
``tests/test_fast.py`` checks this, and under the OpenBLAS kernels Haswell,
Zen, SkylakeX and Prescott (on the worked example the losses and gradients
come out bit for bit the same as the plain loop's and the textbook's).

How: the numerical gradient evaluates all 2P nudged copies of the P
parameters in one stacked forward pass, one BLAS call per copy (the routine
``np.dot`` uses, hence the same rounding); a learning-rate sweep trains all
its copies at once without BLAS. On a 12-parameter network a step costs a
few dozen numpy calls, not arithmetic, so buffers are made once, every ufunc
writes into them (``out=``), the bias and the sigmoid's sign are folded into
the matmul, and the records are written in place. Memory: the engine keeps
every step's parameters and gradients (16 P bytes per step) whatever
``record`` asks for; use the plain loop for runs of millions of steps.
"""

from dataclasses import dataclass

import numpy as np

from .gradients import check_h
from .training import (METHODS, History, check_choice, check_lr, check_params, check_whole,
                       divergence_limit)


def gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical", h=1e-4,
                     record_every=1, record="all"):
    """:func:`nnlib.gradient_descent`, vectorised: same arguments, same :class:`~nnlib.History`."""
    lr, steps, h = check_lr(lr), check_whole(steps, "steps", 1), check_h(h)
    check_choice(method, METHODS, "method")
    check_params(net)
    history = History.start(net, x, t, lr, method, steps, record_every, record)
    run = _descend(net, *_batch(net, x, t), [lr], steps, method, h, record=True)
    rows = history.recorded_steps
    history.losses[:] = run["losses"][0, rows]
    history.predictions[:] = run["predictions"][0, rows].reshape(history.predictions.shape)
    for name, g in _views(net, run["grads"][0, rows]).items():
        history.grad_norms[name][:] = np.sqrt((g * g).sum(axis=tuple(range(1, g.ndim))))
        if history.grads is not None:
            history.grads[name][:] = g
    if history.params is not None:
        for name, p in _views(net, run["thetas"][rows]).items():
            history.params[name][:] = p
    for name, p in _views(net, run["thetas_last"]).items():
        net.params[name][...] = p
    diverged_at = int(run["diverged_at"][0])
    return history.finish(diverged_at=None if diverged_at < 0 else diverged_at)


def _views(net, theta):
    """``theta`` of shape (..., P) as a dict of views (..., *shape), one per parameter."""
    views, off = {}, 0
    for name in _names(net):
        shape = net.params[name].shape
        size = int(np.prod(shape))
        views[name] = theta[..., off:off + size].reshape(theta.shape[:-1] + shape)
        off += size
    return {name: views[name] for name in net.params}


@dataclass
class Sweep:
    """Several learning rates trained side by side (see :func:`learning_rate_sweep`).

    Attributes
    ----------
    lrs : ndarray, shape (L,)
    method : str
    steps : int
    loss_start : float
    prediction_start : ndarray
    losses : ndarray, shape (L, steps)
        Loss after each step; NaN from the step where a run diverged.
    predictions : ndarray, shape (L, steps, *prediction shape); NaN likewise
    grad_norms : dict of str -> ndarray, shape (L, steps); NaN likewise
    diverged_at : ndarray of int, shape (L,)
        The diverging step of each run, -1 where it did not diverge.
    """

    lrs: np.ndarray
    method: str
    steps: int
    loss_start: float
    prediction_start: np.ndarray
    losses: np.ndarray
    predictions: np.ndarray
    grad_norms: dict
    diverged_at: np.ndarray

    @property
    def final_losses(self):
        """Loss at the last step each run reached, shape (L,); NaN for a run that diverged at step 0."""
        last = np.where(self.diverged_at >= 0, self.diverged_at - 1, self.steps - 1)
        out = np.full(len(self.lrs), np.nan)
        ok = last >= 0
        out[ok] = self.losses[np.flatnonzero(ok), last[ok]]
        return out

    def history(self, i):
        """Run ``i`` as a :class:`~nnlib.History` (without per-step gradients or parameters)."""
        diverged = self.diverged_at[i] >= 0
        n = int(self.diverged_at[i]) if diverged else self.steps
        return History(
            lr=float(self.lrs[i]), method=self.method, steps=self.steps,
            loss_start=self.loss_start, prediction_start=self.prediction_start,
            params_start=None, losses=self.losses[i, :n], predictions=self.predictions[i, :n],
            grads=None, grad_norms={k: v[i, :n] for k, v in self.grad_norms.items()},
            params=None, diverged_at=int(self.diverged_at[i]) if diverged else None)


def learning_rate_sweep(net, x, t, lrs, steps=3000, method="backprop", h=1e-4):
    """Train one copy of ``net`` per learning rate, all in one vectorised run.

    ``net`` itself is not changed.

    Parameters
    ----------
    net : Network
    x, t : array_like
        As for :func:`nnlib.gradient_descent`.
    lrs : sequence of float, length L
        Positive finite learning rates.
    steps : int, default 3000
    method : {"backprop", "numerical"}, default "backprop"
    h : float, default 1e-4

    Returns
    -------
    Sweep
    """
    if isinstance(lrs, (str, bytes)) or np.ndim(lrs) != 1 or len(lrs) == 0:
        raise ValueError(f"lrs must be a non-empty 1-D list of learning rates, got {lrs!r:.80}")
    lrs = np.array([check_lr(lr, name="every learning rate in lrs") for lr in lrs])
    steps, h = check_whole(steps, "steps", 1), check_h(h)
    check_choice(method, METHODS, "method")
    check_params(net)
    single = np.ndim(x) == 1
    run = _descend(net, *_batch(net, x, t), lrs, steps, method, h, record=False)
    squeeze = (lambda a: a[:, :, 0]) if single else (lambda a: a)
    return Sweep(
        lrs=lrs, method=method, steps=steps, loss_start=float(run["loss_start"]),
        prediction_start=run["y_start"][0][0] if single else run["y_start"][0],
        losses=run["losses"], predictions=squeeze(run["predictions"]),
        grad_norms={name: np.sqrt((g * g).sum(axis=tuple(range(2, g.ndim))))
                    for name, g in _views(net, run["grads"]).items()},
        diverged_at=run["diverged_at"])


def _batch(net, x, t):
    """``x`` and ``t`` checked by the network and made 2-D (one sample = a batch of one)."""
    return np.atleast_2d(net._input(x)), np.atleast_2d(net._target(x, t))


def _names(net):
    return [f"{p}{k}" for k in range(1, len(net.activations) + 1) for p in ("W", "b")]


def _matmul_blas(a, b, out, _):
    """``a @ b``: one BLAS call per stacked matrix, the routine np.dot uses (same rounding)."""
    np.matmul(a, b, out=out)


def _matmul_lanes(a, b, out, prod):
    """``a @ b`` as a product and a sum: no BLAS, fast for many learning rates at once."""
    np.multiply(a[..., :, :, None], b[..., None, :, :], out=prod)
    np.add.reduce(prod, axis=-2, out=out)


def _scratch(a, b, matmul):
    """The buffer :func:`_matmul_lanes` needs for ``a @ b`` (none for BLAS)."""
    if matmul is _matmul_blas:
        return None
    return np.empty(np.broadcast_shapes(a.shape + (1,), b.shape[:-2] + (1,) + b.shape[-2:]))


def _descend(net, x, t, lrs, steps, method, h, record):
    """Train ``len(lrs)`` copies of ``net``, one per learning rate, for ``steps`` steps.

    The parameters live in one flat row per copy, ``theta``, in the order W1, b1,
    W2, b2, ...: layer k's ``W_k`` followed by ``b_k`` is the block
    ``[[W_k], [b_k]]`` of shape (n_{k-1} + 1, n_k), so that an input with a
    column of ones appended gives ``z @ W + b`` in one matmul. Sigmoid layers
    keep their block negated (exactly: negation does not round), which gives
    ``-a`` and the textbook's ``1 / (1 + exp(-a))`` in three calls. Every array
    is made once, every ufunc writes into it.
    """
    acts, names = net.activations, _names(net)
    L, (B, n_out) = len(lrs), t.shape
    flat = np.concatenate([net.params[name].ravel() for name in names])
    P = flat.size
    sign = np.ones(P)
    blocks, off = [], 0  # (slice of theta, rows, columns) per layer
    for k, act in enumerate(acts, start=1):
        rows, cols = net.params[f"W{k}"].shape[0] + 1, net.params[f"W{k}"].shape[1]
        blocks.append((slice(off, off + rows * cols), rows, cols))
        if act == "sigmoid":
            sign[off:off + rows * cols] = -1.0
        off += rows * cols
    numerical = method == "numerical"
    lead = (L, 2 * P + 1) if numerical else (L,)
    matmul = _matmul_blas if numerical or L == 1 else _matmul_lanes
    one, zero = np.array(1.0), np.array(0.0)

    theta = np.empty((L, P))
    theta[:] = sign * flat
    lr_tiled = np.empty((L, P))
    lr_tiled[:] = np.asarray(lrs)[:, None] * (sign if numerical else 1.0)  # the signs of theta's update
    params = np.empty(lead + (P,))  # the parameter sets the forward pass evaluates
    if numerical:
        nudges = np.zeros((2 * P + 1, P))
        nudges[np.arange(P), np.arange(P)] = h * sign
        nudges[P + np.arange(P), np.arange(P)] = -h * sign
    else:
        params = theta  # backprop evaluates theta itself
    x_aug = np.ones((B, x.shape[1] + 1))
    x_aug[:, :-1] = x
    layers = []  # per layer: input, block, pre-activation m, output z, activation, scratch
    z_in = x_aug
    for k, ((where, rows, cols), act) in enumerate(zip(blocks, acts)):
        block = params[..., where].reshape(lead + (rows, cols))
        m = np.empty(lead + (B, cols))
        last = k == len(acts) - 1
        z_full = np.empty(lead + (B, cols)) if last else np.ones(lead + (B, cols + 1))
        z = z_full if last else z_full[..., :cols]
        layers.append((z_in, block, m, z, act, _scratch(z_in, block, matmul), np.empty_like(m)))
        z_in = z_full
    y = layers[-1][3]
    t_tiled = np.empty(lead + (B, n_out))
    t_tiled[:] = t
    d = np.empty_like(t_tiled)
    n_el = np.array(float(B * n_out))

    def forward():
        for z_in, block, m, z, act, prod, _ in layers:
            matmul(z_in, block, m, prod)
            if act == "sigmoid":  # m = -a: z = 1 / (1 + exp(-a))
                np.exp(m, out=m)
                np.add(m, one, out=m)
                np.divide(one, m, out=z)
            elif act == "tanh":
                np.tanh(m, out=z)
            elif act == "relu":
                np.maximum(m, zero, out=z)
            else:
                np.copyto(z, m)

    losses_all = np.empty(lead)
    grad = np.empty((L, P))
    if numerical:
        two_h = np.array(2 * h)

        def gradient():  # the central difference of every nudged copy's loss
            np.add(theta[:, None, :], nudges, out=params)
            forward()
            np.subtract(y, t_tiled, out=d)
            np.multiply(d, d, out=d)
            np.add.reduce(d, axis=(-2, -1), out=losses_all)
            np.divide(losses_all, n_el, out=losses_all)
            np.subtract(losses_all[:, :P], losses_all[:, P:2 * P], out=grad)
            np.divide(grad, two_h, out=grad)
    else:
        two = np.array(2.0)
        backward = []
        for k, (z_in, block, m, z, act, prod, scratch) in enumerate(layers):
            g = grad[:, blocks[k][0]].reshape((L,) + block.shape[-2:])
            z_in_T = np.swapaxes(z_in, -1, -2)
            dz_prev = None if k == 0 else np.empty(lead + (B, block.shape[-2] - 1))
            W_T = np.swapaxes(block[..., :-1, :], -1, -2)
            prods = (_scratch(z_in_T, m, matmul), _scratch(m, W_T, matmul))
            backward.append((z_in_T, m, z, act, scratch, g, W_T, dz_prev, prods))

        def gradient():  # backpropagation through the forward pass just made
            forward()
            dz = d
            np.subtract(y, t_tiled, out=dz)
            np.multiply(dz, two, out=dz)  # 2 (y - t) / n, as losses.mse_grad
            np.divide(dz, n_el, out=dz)
            for z_in_T, m, z, act, scratch, g, W_T, dz_prev, (p_g, p_d) in reversed(backward):
                if act == "sigmoid":  # dz/dm = z (z - 1), m = -a
                    np.subtract(z, one, out=scratch)
                    np.multiply(scratch, z, out=scratch)
                    np.multiply(scratch, dz, out=scratch)
                elif act == "tanh":
                    np.multiply(z, z, out=scratch)
                    np.subtract(one, scratch, out=scratch)
                    np.multiply(scratch, dz, out=scratch)
                elif act == "relu":
                    np.greater(m, zero, out=scratch)
                    np.multiply(scratch, dz, out=scratch)
                else:
                    np.copyto(scratch, dz)
                matmul(z_in_T, scratch, g, p_g)
                if dz_prev is not None:
                    matmul(scratch, W_T, dz_prev, p_d)
                    dz = dz_prev

    # records, one row per step, written in place
    thetas = np.empty((steps if record else 0, L, P))
    grads = np.empty((steps, L, P))
    predictions = np.empty((steps, L, B, n_out))
    losses = np.full((steps, L), np.nan)
    lr_step = np.empty((L, P))
    diverged_at = np.full(L, -1)
    with np.errstate(all="ignore"):  # a diverging copy may overflow; found from the losses below
        gradient()
        y_now = y[:, 2 * P] if numerical else y
        y_start = y_now.copy()
        loss_start = net.loss(x, t)
        limit = divergence_limit(loss_start)
        done = steps
        for step in range(steps):
            np.copyto(grads[step], grad)
            np.multiply(grad, lr_tiled, out=lr_step)
            np.subtract(theta, lr_step, out=theta)
            if record:
                np.copyto(thetas[step], theta)
            gradient()
            np.copyto(predictions[step], y_now)
            if numerical:
                losses[step] = losses_all[:, 2 * P]
            if step % 64 == 63 or step == steps - 1:  # stop once every copy has diverged
                chunk = slice(step - step % 64, step + 1)
                if not numerical:
                    dd = predictions[chunk] - t
                    losses[chunk] = (dd * dd).sum(axis=(-2, -1)) / (B * n_out)
                bad = ~(losses[: step + 1] <= limit)
                if bad.any(axis=0).all():
                    done = step + 1
                    break
    bad = ~(losses[:done] <= limit)
    for lane in range(L):
        if bad[:, lane].any():
            diverged_at[lane] = np.argmax(bad[:, lane])
    losses, predictions = losses.T.copy(), predictions.transpose(1, 0, 2, 3).copy()
    grads = grads.transpose(1, 0, 2) * (1.0 if numerical else sign)  # backprop's are in theta's signs
    thetas = thetas[:, 0] * sign
    for lane in np.flatnonzero(diverged_at >= 0):
        losses[lane, diverged_at[lane]:] = np.nan
        predictions[lane, diverged_at[lane]:] = np.nan
        grads[lane, diverged_at[lane]:] = np.nan
    last = diverged_at[0] if diverged_at[0] >= 0 else steps
    return dict(losses=losses, predictions=predictions, grads=grads, thetas=thetas, names=names,
                thetas_last=(thetas[last - 1] if last else flat) if record else None, diverged_at=diverged_at,
                loss_start=loss_start, y_start=y_start)


# ------------------------------------------------------------------ lesson 6: classification
# (a section of its own, with its own imports, so that it reads on its own)

import math  # noqa: E402

from .activations import sigmoid  # noqa: E402
from .classification import Record, train as _plain_train  # noqa: E402
from .datasets import check_dataset  # noqa: E402


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
    x_train, labels_train = net._checked(x_train, labels_train)
    x_test, labels_test = check_dataset(x_test, labels_test, net.n_classes, name="x_test")
    net._x(x_test)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
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
    # the plain loop calls rng.permutation(n) once per epoch; permuting each row of a table in
    # one call draws the same numbers in the same order (the tests would see any difference)
    orders = rng.permuted(np.tile(np.arange(n), (epochs, 1)), axis=1)
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
