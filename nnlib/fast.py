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

How. On a 12-parameter network a step is a few dozen numpy calls on arrays
of a dozen numbers, so what costs time is the number of calls (about 0.4 us
each with same-shape operands, 1 us or more when they broadcast), not the
arithmetic. Hence:

- One flat vector ``theta`` holds every parameter; layer k's block
  ``[[W_k], [b_k]]`` multiplies the input with a column of ones appended, so
  the bias costs no call of its own. A sigmoid layer keeps its block negated
  (negation is exact), which gives ``-a`` and the textbook's
  ``1 / (1 + exp(-a))`` in three calls.
- A *plan* makes every buffer once and writes a training step down as a list
  of ``(function, arguments)`` calls, each writing into its buffer (``out``
  given positionally, constants as 0-d arrays). The loop runs the list and
  copies one row, ``theta | gradient | prediction``, into the record: one
  call per step records everything.
- The losses are computed after every 64 steps from the recorded predictions
  (to stop once every copy has diverged), the gradient norms after the loop.
- Numerical gradient (:func:`_numerical_plan`): the 2P nudged copies and the
  parameters themselves are evaluated in one stacked forward pass,
  ``np.matmul`` making one BLAS call per copy, the routine ``np.dot`` uses:
  the same rounding as the plain loop under every OpenBLAS kernel. Every
  loss and quotient is rounded as ``losses.mse`` rounds it: sums of fewer than
  8 terms are chained additions (the order ``np.add.reduce`` adds in), and
  when the number of outputs n is a power of two the mean's division by n is
  exact and joins the division by 2h.
- Backpropagation of one learning rate (:func:`_backprop_plan`): ``np.dot``
  without its ``__array_function__`` dispatch, rounded as
  :meth:`nnlib.Network.gradient` rounds (a converged loss is a difference of
  nearly equal numbers and magnifies any other rounding).
- Learning-rate sweeps (:func:`_lanes_plan`): the L learning rates are the
  *last*, contiguous axis (``theta`` has shape (P, L)), so every call runs
  inner loops of length L; a matrix product is a broadcast product and an
  in-order sum, without BLAS.

Memory: the engine records 8 (2P + m) bytes per step for one learning rate
(m outputs: batch x n_L; 208 bytes for the worked example) and 8 L (P + m)
for a sweep of L learning rates, whatever ``record`` asks for, and needs
about as much again to unpack them; use the plain loop for runs of many
millions of steps.
"""

from dataclasses import dataclass
from functools import partial

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
        history.grad_norms[name][:] = run["grad_norms"][name][0, rows]
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
        grad_norms=run["grad_norms"],
        diverged_at=run["diverged_at"])


def _batch(net, x, t):
    """``x`` and ``t`` checked by the network and made 2-D (one sample = a batch of one)."""
    return np.atleast_2d(net._input(x)), np.atleast_2d(net._target(x, t))


def _names(net):
    return [f"{p}{k}" for k in range(1, len(net.activations) + 1) for p in ("W", "b")]


ONE, ZERO = np.array(1.0), np.array(0.0)  # 0-d constants: no conversion per call
_dot = getattr(np.dot, "_implementation", np.dot)  # np.dot without the __array_function__ dispatch


def _sum(a, axis, out):
    """The calls that sum ``a`` over ``axis`` into ``out``, adding the terms in order.

    For fewer than 8 terms that is exactly how ``np.add.reduce`` (and so
    ``np.mean``) adds them, and a few additions of slices cost less than one
    reduction.
    """
    n = a.shape[axis]
    if n > 4:
        return [(np.add.reduce, (a, axis, None, out))]
    terms = [a[(slice(None),) * axis + (i,)] for i in range(n)]
    if n == 1:
        return [(np.copyto, (out, terms[0]))]
    return [(np.add, (terms[0], terms[1], out))] + [(np.add, (out, term, out)) for term in terms[2:]]


def _activation(act, m, z):
    """The calls that make ``z = act(a)`` from ``m`` (``m = -a`` for a sigmoid layer, else ``a``)."""
    if act == "sigmoid":  # the textbook's 1 / (1 + exp(-a)), bit for bit
        return [(np.exp, (m, m)), (np.add, (m, ONE, m)), (np.divide, (ONE, m, z))]
    if act == "tanh":
        return [(np.tanh, (m, z))]
    if act == "relu":
        return [(partial(np.maximum, out=z), (m, ZERO))]
    return [(np.copyto, (z, m))]


def _activation_grad(act, m, z, dz, out):
    """The calls that make ``out = dL/dm`` from ``dz = dL/dz``; returns them and the array holding dL/dm.

    Rounded as :mod:`nnlib.activations` rounds the derivative, times ``dz``.
    """
    if act == "sigmoid":  # dz/dm = z (z - 1) = -z (1 - z), as m = -a
        return [(np.subtract, (z, ONE, out)), (np.multiply, (out, z, out)), (np.multiply, (out, dz, out))], out
    if act == "tanh":
        return [(np.multiply, (z, z, out)), (np.subtract, (ONE, out, out)), (np.multiply, (out, dz, out))], out
    if act == "relu":
        return [(np.greater, (m, ZERO, out)), (np.multiply, (out, dz, out))], out
    return [], dz


def _loss_grad(y, t, n, dz):
    """The calls that make ``dz = dL/dy = 2 (y - t) / n`` as :func:`nnlib.losses.mse_grad` rounds it.

    Returns them and a factor ``c``: ``dz`` holds dL/dy / c. When n is a power
    of two, multiplying by 2 / n is exact anywhere along the chain rule, so it
    is left out (c = 2 / n) and joins the learning rate: ``(c lr) (g / c)``
    rounds as ``lr g`` does.
    """
    if n & (n - 1) == 0:
        return [(np.subtract, (y, t, dz))], 2.0 / n
    return [(np.subtract, (y, t, dz)), (np.multiply, (dz, np.array(2.0), dz)),
            (np.divide, (dz, np.array(float(n)), dz))], 1.0


def _numerical_plan(blocks, sign, acts, lrs, h, x_aug, t):
    """Central differences of all 2P nudged copies at once, one BLAS call per copy and layer.

    Copy 0 is the parameters themselves, copy 1 + j nudges parameter j by
    ``+h``, copy 1 + P + j by ``-h``. The lead axes are (copy, lane), so that
    copy 0 of every lane comes right after theta and the gradient in
    ``state``, and one row records all three.
    """
    L, (B, n_out), P = len(lrs), t.shape, sign.size
    C, n = 2 * P + 1, B * n_out
    state = np.empty(L * (2 * P + C * n))  # theta | gradient | y of every copy
    theta, grad = state[:L * P].reshape(L, P), state[L * P:2 * L * P].reshape(L, P)
    y = state[2 * L * P:].reshape(C, L, B, n_out)
    nudges = np.zeros((C, 1, P))
    nudges[1 + np.arange(P), 0, np.arange(P)] = h * sign
    nudges[1 + P + np.arange(P), 0, np.arange(P)] = -h * sign
    params = np.empty((C, L, P))  # the parameter sets the forward pass evaluates
    calls = [(np.add, (theta, nudges, params))]
    z_in = x_aug
    for k, ((where, rows, cols), act) in enumerate(zip(blocks, acts)):
        block = params[..., where].reshape(C, L, rows, cols)
        m = np.empty((C, L, B, cols))
        z_full = y if k == len(acts) - 1 else np.ones((C, L, B, cols + 1))
        calls += [(np.matmul, (z_in, block, m))] + _activation(act, m, z_full[..., :cols])
        z_in = z_full
    # every copy's loss as losses.mse takes it, the mean of (y - t)**2, then (up - down) / (2 h);
    # when n is a power of two, dividing by it is exact and joins the division by 2 h
    d, copy_losses = np.empty_like(y), np.empty((C, L))
    calls += [(np.subtract, (y, np.broadcast_to(t, y.shape).copy(), d)), (np.multiply, (d, d, d))]
    calls += _sum(d.reshape(C, L, n), 2, copy_losses)
    exact = n & (n - 1) == 0
    if not exact:
        calls.append((np.divide, (copy_losses, np.array(float(n)), copy_losses)))
    calls += [(np.subtract, (copy_losses[1:P + 1].T, copy_losses[P + 1:].T, grad)),
              (np.divide, (grad, np.array(2 * h * (n if exact else 1)), grad))]
    lr_signed, lr_step = np.asarray(lrs)[:, None] * sign, np.empty((L, P))
    update = [(np.multiply, (grad, lr_signed, lr_step)), (np.subtract, (theta, lr_step, theta))]

    def unpack(rows):  # theta (n, L, P) in stored signs, gradient (n, P, L), y (n, L, B, n_out)
        return (rows[:, :L * P].reshape(-1, L, P), rows[:, L * P:2 * L * P].reshape(-1, L, P).transpose(0, 2, 1),
                rows[:, 2 * L * P:].reshape(-1, L, B, n_out))
    return theta, state[:L * (2 * P + n)], update, calls, unpack


def _backprop_plan(blocks, acts, lr, x_aug, t):
    """Backpropagation of one parameter set, one ``np.dot`` per matrix product.

    Every product and quotient is rounded as :meth:`nnlib.Network.gradient`
    rounds it: the loss of a run that has converged is a difference of nearly
    equal numbers, which magnifies any other rounding.
    """
    (B, n_out), P = t.shape, blocks[-1][0].stop
    state = np.empty(2 * P + B * n_out)  # theta | gradient / c | y (c: see _loss_grad)
    theta, grad, y = state[:P], state[P:2 * P], state[2 * P:].reshape(B, n_out)
    calls, layers, z_in = [], [], x_aug
    for k, ((where, rows, cols), act) in enumerate(zip(blocks, acts)):
        block = theta[where].reshape(rows, cols)
        m = np.empty((B, cols))
        z_full = y if k == len(acts) - 1 else np.ones((B, cols + 1))
        z = z_full[:, :cols]
        calls += [(_dot, (z_in, block, m))] + _activation(act, m, z)
        layers.append((z_in, block, m, z, grad[where].reshape(rows, cols)))
        z_in = z_full
    dz = np.empty((B, n_out))
    more, c = _loss_grad(y, t, B * n_out, dz)
    calls += more
    for k in reversed(range(len(acts))):
        z_in, block, m, z, g = layers[k]
        more, dm = _activation_grad(acts[k], m, z, dz, np.empty_like(m))
        calls += more + [(_dot, (z_in.T, dm, g))]  # the bias row of z_in^T is ones: dL/db = sum of dm
        if k:
            dz = np.empty((B, block.shape[0] - 1))
            calls.append((_dot, (dm, block[:-1].T, dz)))
    lr_step = np.empty(P)
    update = [(np.multiply, (grad, np.array(c * lr), lr_step)), (np.subtract, (theta, lr_step, theta))]

    def unpack(rows):
        g = rows[:, P:2 * P, None]
        return rows[:, None, :P], g if c == 1 else c * g, rows[:, 2 * P:].reshape(-1, 1, B, n_out)
    return theta[None], state, update, calls, unpack


def _lanes_plan(blocks, acts, lrs, x_aug, t):
    """Backpropagation of L parameter sets side by side, without BLAS, the lanes last.

    ``theta`` has shape (P, L), a layer's block (rows, cols, L), a layer's
    output (B, cols, L): every call runs its inner loop along the L contiguous
    lanes. A matrix product is a broadcast product (B, rows, cols, L) and a
    sum over ``rows``, in the order ``np.dot`` adds.
    """
    L, (B, n_out), P = len(lrs), t.shape, blocks[-1][0].stop
    state = np.empty((P + B * n_out) * L)  # gradient / c | y (c: see _loss_grad)
    grad, y = state[:P * L].reshape(P, L), state[P * L:].reshape(B, n_out, L)
    theta = np.empty((P, L))
    calls, layers = [], []
    z_in = np.empty(x_aug.shape + (L,))
    z_in[:] = x_aug[..., None]
    for k, ((where, rows, cols), act) in enumerate(zip(blocks, acts)):
        block = theta[where].reshape(rows, cols, L)
        m, prod = np.empty((B, cols, L)), np.empty((B, rows, cols, L))
        z_full = y if k == len(acts) - 1 else np.ones((B, cols + 1, L))
        z = z_full[:, :cols]
        factor = np.broadcast_to(z_in[:, :, None], prod.shape).copy() if k == 0 else z_in[:, :, None]
        calls += [(np.multiply, (factor, block, prod))] + _sum(prod, 1, m) + _activation(act, m, z)
        layers.append((factor, block, m, z, grad[where].reshape(rows, cols, L)))
        z_in = z_full
    dz = np.empty((B, n_out, L))
    more, c = _loss_grad(y, np.broadcast_to(t[..., None], dz.shape).copy(), B * n_out, dz)
    calls += more
    for k in reversed(range(len(acts))):
        factor, block, m, z, g = layers[k]  # factor: z_in as (B, rows, 1 or cols, L)
        more, dm = _activation_grad(acts[k], m, z, dz, np.empty_like(m))
        calls += more
        if B == 1:  # dL/dblock = z_in^T dm, an outer product
            calls.append((np.multiply, (factor[0], dm[0][None], g)))
        else:
            prod = np.empty((B,) + g.shape)
            calls += [(np.multiply, (factor, dm[:, None], prod))] + _sum(prod, 0, g)
        if k:  # dL/dz_in = dm W^T: a product (B, rows - 1, cols, L) summed over cols
            dz, prod = np.empty((B, block.shape[0] - 1, L)), np.empty((B,) + block[:-1].shape)
            calls += [(np.multiply, (dm[:, None], block[:-1], prod))] + _sum(prod, 2, dz)
    lr_tiled, lr_step = np.empty((P, L)), np.empty((P, L))
    lr_tiled[:] = c * np.asarray(lrs)
    update = [(np.multiply, (grad, lr_tiled, lr_step)), (np.subtract, (theta, lr_step, theta))]

    def unpack(rows):
        g = rows[:, :P * L].reshape(-1, P, L)
        return (None, g if c == 1 else c * g,
                rows[:, P * L:].reshape(-1, B, n_out, L).transpose(0, 3, 1, 2))
    return theta.T, state, update, calls, unpack


def _descend(net, x, t, lrs, steps, method, h, record):
    """Train ``len(lrs)`` copies of ``net``, one per learning rate, for ``steps`` steps.

    The parameters live in one flat vector ``theta`` per copy, in the order W1,
    b1, W2, b2, ...: layer k's ``W_k`` followed by ``b_k`` is the block
    ``[[W_k], [b_k]]`` of shape (n_{k-1} + 1, n_k), so that an input with a
    column of ones appended gives ``z @ W + b`` in one matrix product. Sigmoid
    layers keep their block negated (exactly: negation does not round), which
    gives ``-a`` and the textbook's ``1 / (1 + exp(-a))`` in three calls.

    A plan (one of the three above) makes every buffer once and returns a step
    as a list of ``(function, arguments)`` calls, each writing into its
    buffers. The loop runs the list and copies ``keep`` (the plan's parameters,
    gradient and prediction, contiguous) into a row of ``rec``; every 64 steps
    those rows are unpacked into the results, while they are in the cache,
    and the loop stops once every copy has diverged.
    """
    acts, names = net.activations, _names(net)
    L, (B, n_out) = len(lrs), t.shape
    flat = np.concatenate([net.params[name].ravel() for name in names])
    P = flat.size
    sign = np.ones(P)  # -1 on the parameters of sigmoid layers
    blocks, off = [], 0  # (slice of theta, rows, columns) per layer
    for k, act in enumerate(acts, start=1):
        rows, cols = net.params[f"W{k}"].shape[0] + 1, net.params[f"W{k}"].shape[1]
        blocks.append((slice(off, off + rows * cols), rows, cols))
        if act == "sigmoid":
            sign[off:off + rows * cols] = -1.0
        off += rows * cols
    x_aug = np.ones((B, x.shape[1] + 1))
    x_aug[:, :-1] = x
    numerical = method == "numerical"
    if numerical:
        theta, keep, update, gradient, unpack = _numerical_plan(blocks, sign, acts, lrs, h, x_aug, t)
    elif L == 1:
        theta, keep, update, gradient, unpack = _backprop_plan(blocks, acts, lrs[0], x_aug, t)
    else:
        theta, keep, update, gradient, unpack = _lanes_plan(blocks, acts, lrs, x_aug, t)
    theta[:] = sign * flat
    calls = update + gradient

    def mse(y):  # as losses.mse on the last two axes: the same rounding
        d = y - t
        return np.add.reduce(d * d, axis=(-2, -1)) / (B * n_out)

    ends = np.cumsum([net.params[name].size for name in names]).tolist()  # of each array in theta
    bounds = list(zip([0] + ends, ends))

    def store_norms(g, steps):  # gradient rows (n, P, L) -> grad_norms[:, :, steps], (A, L, n)
        g2 = g * g
        for out, (a, b) in zip(grad_norms[:, :, steps], bounds):
            np.sqrt(np.add.reduce(g2[:, a:b], axis=1).T, out=out)

    losses, predictions = np.full((L, steps), np.nan), np.full((L, steps, B, n_out), np.nan)
    grad_norms = np.full((len(names), L, steps), np.nan)
    grads = np.full((L, steps, P), np.nan) if record else None
    thetas = np.full((steps, P), np.nan) if record else np.empty((0, P))
    rec = np.empty((64, keep.size))  # the state after each of 64 steps, then unpacked
    with np.errstate(all="ignore"):  # a diverging copy may overflow; found from the losses
        for f, args in gradient:
            f(*args)
        _, g, y_start = unpack(keep[None])
        y_start = y_start[0].copy()
        store_norms(g, slice(0, 1))
        if record:
            grads[:, 0] = g[0].T
        loss_start = net.loss(x, t)
        limit = divergence_limit(loss_start)
        done, gone = 0, np.zeros(L, bool)
        while done < steps and not gone.all():  # stop once every copy has diverged
            n = min(64, steps - done)
            for i in range(n):
                for f, args in calls:
                    f(*args)
                rec[i] = keep
            theta_rows, g, y = unpack(rec[:n])
            # row i holds step s = done + i: its loss and prediction, and the gradient step s + 1 uses
            now, after = slice(done, done + n), slice(done + 1, min(done + n + 1, steps))
            losses[:, now], predictions[:, now] = mse(y).T, y.transpose(1, 0, 2, 3)
            store_norms(g[:after.stop - after.start], after)
            if record:
                thetas[now], grads[:, after] = theta_rows[:, 0], g[:after.stop - after.start].transpose(2, 0, 1)
            gone |= ~(losses[:, now] <= limit).all(axis=1)
            done += n
    diverged_at = np.full(L, -1)
    bad = ~(losses[:, :done] <= limit)
    for lane in np.flatnonzero(bad.any(axis=1)):
        diverged_at[lane] = np.argmax(bad[lane])
        losses[lane, diverged_at[lane]:] = np.nan
        predictions[lane, diverged_at[lane]:] = np.nan
        grad_norms[:, lane, diverged_at[lane]:] = np.nan
        if record:
            grads[lane, diverged_at[lane]:] = np.nan
    if record:
        grads *= 1.0 if numerical else sign  # backprop's are in theta's signs
        thetas *= sign
    grad_norms = dict(zip(names, grad_norms))
    last = diverged_at[0] if diverged_at[0] >= 0 else steps
    return dict(losses=losses, predictions=predictions, grads=grads, grad_norms=grad_norms, thetas=thetas,
                names=names, thetas_last=(thetas[last - 1] if last else flat) if record else None,
                diverged_at=diverged_at,
                loss_start=loss_start, y_start=y_start)


# ------------------------------------------------------------------ lesson 6: classification
# (a section of its own, with its own imports, so that it reads on its own)

import math  # noqa: E402

from .activations import sigmoid  # noqa: E402
from .classification import Record, checked_run, train as _plain_train  # noqa: E402


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
                                                             lr, epochs)
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
