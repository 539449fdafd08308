"""The same gradient descent as :mod:`nnlib.training`, vectorised: for sliders, sweeps and benchmarks.

Students need not read this module; it computes nothing new. What it computes:

- :func:`gradient_descent` trains a network exactly like
  :func:`nnlib.gradient_descent` (same arguments, same :class:`~nnlib.History`),
- :func:`learning_rate_sweep` trains one copy per learning rate, all at once,
  and returns a :class:`Sweep`.

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
