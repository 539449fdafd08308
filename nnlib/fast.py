"""The same gradient descent as :mod:`nnlib.training`, vectorised: for sliders, sweeps and benchmarks.

Students need not read this module; it computes nothing new:

- :func:`gradient_descent` trains like :func:`nnlib.gradient_descent` (same
  arguments, same :class:`~nnlib.History`). Backpropagation runs here; the
  numerical method is handed to the plain loop, which is fast enough for it.
- :func:`learning_rate_sweep` trains one copy per learning rate, all at once,
  and returns a :class:`Sweep`.

The promise: every loss within 1e-9 relative of the plain loop's (or 1e-20
absolute, for a loss so small that it is the rounding of y - t), and the same
divergence report; ``tests/test_fast.py`` checks it on the worked example and
on random networks. The order of floating-point operations differs, so the
last digits do; the course prints at most 10 significant digits.

How. On a 12-parameter network a step is a few dozen numpy calls on arrays of
a dozen numbers, so what costs time is the number of calls, not arithmetic:

- The parameters of L learning rates live in one vector ``theta``, the
  learning rates last: layer k is a block of shape (n_{k-1} + 1, n_k, L), its
  weights and then a row of biases, so that an input with a column of ones
  appended gives ``z @ W + b`` in one product, and every elementwise call runs
  its inner loop along the L lanes. A product with the data, which every
  lane shares, is one BLAS ``np.dot`` for all lanes; any other product is one
  ``np.dot`` for one lane and one ``np.matmul`` for L lanes, told by ``axes``
  that the lanes come last (lanes first, it would call BLAS once per lane).
- Every buffer is made once, and a step is written down once as a list of
  ``(function, arguments)`` calls, each writing into its buffer. The loop runs
  the list and copies one row (gradient, prediction, parameters) into a record
  of 64 steps, which is measured (losses, gradient norms) while in the cache
  and written into the tables the run returns.
- Divergence follows :meth:`nnlib.History.blew_up`, on the measured steps.
"""

from dataclasses import dataclass
from functools import partial

import numpy as np

from . import training
from .checks import check_lr, check_memory, check_training
from .fast_classifier import train_classifier  # noqa: F401  (lesson 6's engine, in a module of its own)
from .losses import mse
from .training import History

CHUNK = 64  # steps between two looks at the losses (to stop once every copy has diverged)
ONE, ZERO = np.array(1.0), np.array(0.0)  # constants as arrays: numpy takes them faster than floats
LANES_LAST = [(0, 1), (0, 1), (0, 1)]  # matmul's two matrix axes come first; the lanes are looped over


def gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical", h=1e-4):
    """:func:`nnlib.gradient_descent`, vectorised: same arguments, same :class:`~nnlib.History`."""
    if method == "numerical":
        return training.gradient_descent(net, x, t, lr, steps, method, h)
    x, t, lr, steps, h = check_training(net, x, t, lr, steps, method, h)
    run = _descend(net, x, t, [lr], steps, h)
    n = int(run["diverged_at"][0]) if run["diverged_at"][0] >= 0 else steps
    history = History(lr, method, steps, run["loss_start"], run["y_start"],
                      {k: v.copy() for k, v in net.params.items()}, run["losses"][0, :n],
                      run["predictions"][0, :n], {k: v[:n] for k, v in run["grads"].items()},
                      {k: v[0, :n] for k, v in run["grad_norms"].items()},
                      {k: v[:n] for k, v in run["thetas"].items()}, None if n == steps else n,
                      tuple(net.activations))
    for name, W in net.params.items():
        W[...] = history.params[name][n - 1] if n else history.params_start[name]
    return history


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
    activations : tuple of str
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
    activations: tuple = None

    @property
    def final_losses(self):
        """Loss at the last step each run reached, shape (L,); NaN for a run that diverged at step 0."""
        last = np.where(self.diverged_at >= 0, self.diverged_at - 1, self.steps - 1)
        return np.array([self.losses[i, s] if s >= 0 else np.nan for i, s in enumerate(last)])

    def history(self, i):
        """Run ``i`` as a :class:`~nnlib.History` (without per-step gradients or parameters)."""
        diverged = self.diverged_at[i] >= 0
        n = int(self.diverged_at[i]) if diverged else self.steps
        return History(float(self.lrs[i]), self.method, self.steps, self.loss_start, self.prediction_start,
                       None, self.losses[i, :n], self.predictions[i, :n], None,
                       {k: v[i, :n] for k, v in self.grad_norms.items()}, None,
                       n if diverged else None, self.activations)


def learning_rate_sweep(net, x, t, lrs, steps=3000, method="backprop", h=1e-4):
    """Train one copy of ``net`` per learning rate in ``lrs`` (length L), all at once; ``net`` is not changed.

    The other arguments are those of :func:`nnlib.gradient_descent`. Returns a :class:`Sweep`.
    """
    if isinstance(lrs, (str, bytes)) or np.ndim(lrs) != 1 or len(lrs) == 0:
        raise ValueError(f"lrs must be a non-empty 1-D list of learning rates, got {lrs!r:.80}")
    lrs = np.array([check_lr(lr, name="every learning rate in lrs") for lr in lrs])
    x, t, _, steps, h = check_training(net, x, t, lrs[0], steps, method, h)
    if method == "numerical":
        runs = [training.gradient_descent(net.copy(), x, t, lr, steps, method, h) for lr in lrs]
        pad = lambda a: np.concatenate([a, np.full((steps - len(a),) + a.shape[1:], np.nan)])  # noqa: E731
        return Sweep(lrs, method, steps, runs[0].loss_start, runs[0].prediction_start,
                     np.array([pad(r.losses) for r in runs]), np.array([pad(r.predictions) for r in runs]),
                     {k: np.array([pad(r.grad_norms[k]) for r in runs]) for k in net.params},
                     np.array([-1 if r.diverged_at is None else r.diverged_at for r in runs]),
                     tuple(net.activations))
    run = _descend(net, x, t, lrs, steps, h)
    for n, lane in zip(run["diverged_at"], range(len(lrs))):
        if n >= 0:  # a diverged run has no numbers from its diverging step on
            run["losses"][lane, n:] = run["predictions"][lane, n:] = np.nan
            for norms in run["grad_norms"].values():
                norms[lane, n:] = np.nan
    return Sweep(lrs, method, steps, run["loss_start"], run["y_start"], run["losses"], run["predictions"],
                 run["grad_norms"], run["diverged_at"], tuple(net.activations))


def _layer_calls(act, a, z, tmp):
    """The calls ``z = act(a)`` (the textbook's sigmoid: overflow is silenced around the run)."""
    if act == "sigmoid":
        return [(np.negative, (a, tmp)), (np.exp, (tmp, tmp)), (np.add, (tmp, ONE, tmp)), (np.divide, (ONE, tmp, z))]
    if act == "tanh":
        return [(np.tanh, (a, z))]
    if act == "relu":
        return [(partial(np.maximum, out=z), (a, ZERO))]
    return [(np.copyto, (z, a))]


def _grad_calls(act, a, z, dz, tmp, dm):
    """The calls ``dm = dz * act'(a)``, act' taken from ``z = act(a)`` where it can be."""
    if act == "sigmoid":  # z (1 - z)
        return [(np.subtract, (ONE, z, tmp)), (np.multiply, (tmp, z, tmp)), (np.multiply, (tmp, dz, dm))]
    if act == "tanh":  # 1 - z**2
        return [(np.multiply, (z, z, tmp)), (np.subtract, (ONE, tmp, tmp)), (np.multiply, (tmp, dz, dm))]
    if act == "relu":
        return [(np.greater, (a, ZERO, tmp)), (np.multiply, (tmp, dz, dm))]
    return [(np.copyto, (dm, dz))]


def _product(a, b, out, lanes):
    """The call ``out = a @ b`` for each lane.

    Shapes (lanes last): ``a`` (B, n, L), or (B, n) for an input that every
    lane shares (the data); ``b`` (n, k, L); ``out`` (B, k, L). ``a`` and ``b``
    may be transposed views; ``out`` and a shared input's ``b`` are contiguous.
    """
    if a.ndim == 2:  # one BLAS product for every lane: b and out as matrices (n, k L) and (B, k L)
        return [(np.dot, (a, b.reshape(len(b), -1), out.reshape(len(out), -1)))]
    if lanes == 1:
        return [(np.dot, (a[..., 0], b[..., 0], out[..., 0]))]
    if a.shape[1] == 1:  # a sum of one term: an outer product
        return [(np.multiply, (a[:, 0, None], b[0][None], out))]
    return [(partial(np.matmul, out=out, axes=LANES_LAST), (a, b))]


def _descend(net, x, t, lrs, steps, h):
    """Train ``len(lrs)`` copies of ``net``, one per learning rate, by backpropagation (see the module)."""
    y_start = net.predict(x)
    loss_start, shape = mse(y_start, t), y_start.shape
    limit = training.divergence_limit(loss_start)
    x, t = np.atleast_2d(x), np.atleast_2d(t)
    (B, n_out), L, P = t.shape, len(lrs), net.n_params
    m = B * n_out
    check_memory(steps, 8 * L * (4 * P + 2 * m + len(net.params)), "record every step of every copy")
    # the record of a step, one row: gradient | prediction | parameters; layer k's block of the
    # parameters has shape (n_{k-1} + 1, n_k, L): its weights, then a row of biases
    state = np.empty(L * (2 * P + m))
    grad, y, theta = state[:L * P], state[L * P:L * (P + m)].reshape(B, n_out, L), state[L * (P + m):]
    z_in = np.hstack([x, np.ones((B, 1))])  # the input, a column of ones appended (the biases' input)
    forward, layers, shapes, start = [], [], [], 0
    for k, act in enumerate(net.activations, start=1):
        rows, cols = net.params[f"W{k}"].shape[0] + 1, net.params[f"b{k}"].size
        shapes.append((rows, cols))
        block, g = (v[L * start:L * (start + rows * cols)].reshape(rows, cols, L) for v in (theta, grad))
        block[:-1], block[-1] = net.params[f"W{k}"][..., None], net.params[f"b{k}"][:, None]
        start += rows * cols
        a = np.empty((B, cols, L))
        out = y if k == len(net.activations) else np.ones((B, cols + 1, L))  # with the next column of ones
        forward += _product(z_in, block, a, L) + _layer_calls(act, a, out[:, :cols], np.empty_like(a))
        layers.append((act, z_in, block, a, out[:, :cols], g))
        z_in = out
    dz = np.empty((B, n_out, L))
    backward = [(np.subtract, (y, np.broadcast_to(t[:, :, None], dz.shape).copy(), dz))]  # dL/dy times m / 2
    for k, (act, z_prev, block, a, z, g) in reversed(list(enumerate(layers))):
        dm = np.empty_like(a)
        backward += _grad_calls(act, a, z, dz, np.empty_like(a), dm)
        backward += _product(np.swapaxes(z_prev, 0, 1), dm, g, L)  # dL/dW = z_prev^T dm
        if k:  # dL/dz_prev = dm @ W^T
            dz = np.empty((B, block.shape[0] - 1, L))
            backward += _product(dm, block[:-1].transpose(1, 0, 2), dz, L)
    scale = 2.0 / m  # the mean's 2 / m, left out of dL/dy above
    lr_scaled = scale * np.concatenate([np.tile(lrs, rows * cols) for rows, cols in shapes])  # like theta
    change = np.empty_like(theta)
    calls = [(np.multiply, (grad, lr_scaled, change)), (np.subtract, (theta, change, theta))] + forward + backward
    rec, keep = np.empty((CHUNK, state.size)), L == 1  # keep every gradient and parameter of one copy
    # what the run returns, lanes last (handed out as views, lanes first); NaN after the last step taken
    ys, losses = np.empty((steps, m, L)), np.empty((steps, L))
    norms = np.empty((steps + 1, len(net.params), L))  # each array's gradient norm before step s (squared until the end)
    huge = np.zeros((steps, L), bool)  # the parameters' norm passed 2**52 h (or is NaN)
    g_kept, p_kept = (np.empty((steps + 1, P)), np.empty((steps, P))) if keep else (None, None)

    def measure(g, at):  # gradient rows (n, L P) of steps at, at + 1, ...: squared norms of each array
        for j, block in enumerate(_blocks(g * g, L, shapes)):
            np.add.reduce(block[:, :-1], axis=(1, 2), out=norms[at:at + len(g), 2 * j])
            np.add.reduce(block[:, -1], axis=1, out=norms[at:at + len(g), 2 * j + 1])
        if keep:
            g_kept[at:at + len(g)] = g

    gone, done, target, big = np.zeros(L, bool), 0, t.reshape(m, 1), h * 2**52
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a run that blows up: found below
        for f, args in forward + backward:
            f(*args)
        measure(grad[None], 0)
        while done < steps and not gone.all():  # stop once every copy has diverged
            begin, done = done, min(done + CHUNK, steps)
            for i in range(done - begin):
                for f, args in calls:
                    f(*args)
                rec[i] = state
            rows = rec[:done - begin]  # measured while in the cache: row i is step begin + i's
            ys[begin:done] = rows[:, L * P:L * (P + m)].reshape(-1, m, L)
            losses[begin:done] = np.square(ys[begin:done] - target).sum(axis=1) / m
            measure(rows[:, :L * P], begin + 1)  # the gradient that the next step uses
            p_rows = rows[:, L * (P + m):]
            if not max(p_rows.max(), -p_rows.min()) * np.sqrt(P) < big:  # else every norm is below big
                size = sum(p.sum(axis=(1, 2)) for p in _blocks(p_rows ** 2, L, shapes))  # squared norms
                huge[begin:done] = ~(size < big * big)
            if keep:
                p_kept[begin:done] = p_rows
            gone |= ~(losses[begin:done] <= limit).all(axis=0)
        norms = norms[:steps]
        np.sqrt(norms, out=norms)
        norms *= scale
        ys[done:], losses[done:], norms[done:] = np.nan, np.nan, np.nan
        zero = norms[:done].sum(axis=1).T == 0
    grads, thetas, names = {}, {}, iter(net.params)
    for g, p in zip(_blocks(g_kept, 1, shapes), _blocks(p_kept, 1, shapes)) if keep else ():
        w, b = next(names), next(names)  # (n, rows, cols, 1) blocks: the weights, then a row of biases
        grads[w], grads[b], thetas[w], thetas[b] = scale * g[:, :-1, :, 0], scale * g[:, -1, :, 0], \
            p[:, :-1, :, 0], p[:, -1, :, 0]
    # the rules of History.blew_up: step s blew up, or left the gradient exactly 0 (then s - 1 did)
    taken = losses[:done].T  # (L, n)
    flat = np.hstack([np.zeros((L, 1), bool), zero[:, 1:] & ~zero[:, :-1] & (taken[:, :-1] > 0)])
    hits = flat | ~(taken <= limit) | huge[:done].T
    first = hits.argmax(axis=1)
    diverged_at = np.where(hits.any(axis=1), first - flat[np.arange(L), first], -1)
    return dict(losses=losses.T, predictions=ys.transpose(2, 0, 1).reshape((L, steps) + shape), grads=grads,
                thetas=thetas, grad_norms=dict(zip(net.params, norms.transpose(1, 2, 0))),
                diverged_at=diverged_at, loss_start=loss_start, y_start=y_start)


def _blocks(rows, L, shapes):
    """Rows of shape (n, L P), laid out as the engine's ``theta``, as one array (n, rows, cols, L) per layer."""
    blocks, start = [], 0
    for n_rows, n_cols in shapes:
        blocks.append(rows[:, start:start + L * n_rows * n_cols].reshape(len(rows), n_rows, n_cols, L))
        start += L * n_rows * n_cols
    return blocks
