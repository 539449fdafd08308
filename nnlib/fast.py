"""The same gradient descent as :mod:`nnlib.training`, vectorised: for sliders, sweeps and benchmarks.

Students need not read this module; it computes nothing new. What it computes:

- :func:`gradient_descent` trains a network exactly like
  :func:`nnlib.gradient_descent` (same arguments, same :class:`~nnlib.History`),
- :func:`learning_rate_sweep` trains one copy per learning rate, all at once,
  and returns a :class:`Sweep`.

Every loss must match the plain loop's within 1e-12 relative, on the worked
example and on random networks of several shapes and activations:
``tests/test_fast.py`` checks this, also under four OpenBLAS kernels.

How: the numerical gradient evaluates all 2P nudged copies of the P
parameters in one stacked forward pass; backprop works on the whole stack of
learning rates at once. On a 12-parameter network a step costs a few numpy
calls, not arithmetic, so buffers are made once and every operation writes
into them.
"""

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .gradients import check_h
from .training import (METHODS, History, check_choice, check_lr, check_params, check_whole,
                       divergence_limit)

#: the derivative of each activation written in terms of its output z = f(a)
GRADS_FROM_OUTPUT = {
    "sigmoid": lambda z: z * (1.0 - z),
    "tanh": lambda z: 1.0 - z**2,
    "relu": lambda z: (z > 0).astype(np.float64),
    "identity": None,
}


def gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical", h=1e-4,
                     record_every=1, record="all"):
    """:func:`nnlib.gradient_descent`, vectorised: same arguments, same :class:`~nnlib.History`."""
    lr, steps, h = check_lr(lr), check_whole(steps, "steps", 1), check_h(h)
    check_choice(method, METHODS, "method")
    check_params(net)
    history = History.start(net, x, t, lr, method, steps, record_every, record)
    x2, t2 = _batch(net, x, t)
    run = _descend(net, x2, t2, np.array([lr]), steps, method, h, record=history.params is not None)
    rows = history.recorded_steps
    history.losses[:] = run["losses"][0, rows]
    history.predictions[:] = run["predictions"][0, rows].reshape(history.predictions.shape)
    layout = _Layout(net.params)
    for name, g in layout.views(run["grads"][0, rows]).items():
        history.grad_norms[name][:] = np.sqrt((g * g).sum(axis=tuple(range(1, g.ndim))))
        if history.grads is not None:
            history.grads[name][:] = g
    if history.params is not None:
        for name, p in layout.views(run["thetas"][rows]).items():
            history.params[name][:] = p
    n = int(run["n_done"][0])
    final = run["thetas_last"]
    for name, value in layout.views(final).items():
        net.params[name][...] = value
    return history.finish(diverged_at=None if run["diverged_at"][0] < 0 else int(run["diverged_at"][0]))


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
    x2, t2 = _batch(net, x, t)
    single = np.ndim(x) == 1
    run = _descend(net, x2, t2, lrs, steps, method, h, record=False)
    layout = _Layout(net.params)
    grads = layout.views(run["grads"])
    squeeze = (lambda a: a[:, :, 0]) if single else (lambda a: a)
    return Sweep(
        lrs=lrs, method=method, steps=steps, loss_start=float(run["loss_start"][0]),
        prediction_start=run["y_start"][0][0] if single else run["y_start"][0],
        losses=run["losses"], predictions=squeeze(run["predictions"]),
        grad_norms={name: np.sqrt((g * g).sum(axis=tuple(range(2, g.ndim)))) for name, g in grads.items()},
        diverged_at=run["diverged_at"])


def _batch(net, x, t):
    """``x`` and ``t`` checked by the network and made 2-D (one sample = a batch of one)."""
    return np.atleast_2d(net._input(x)), np.atleast_2d(net._target(x, t))


class _Layout:
    """Where each named parameter lives in the flat vector theta."""

    def __init__(self, params):
        self.names = list(params)
        self.shapes = [params[n].shape for n in self.names]
        self.slices = []
        start = 0
        for shape in self.shapes:
            size = int(np.prod(shape))
            self.slices.append(slice(start, start + size))
            start += size
        self.size = start

    def flatten(self, params):
        return np.concatenate([params[n].reshape(-1) for n in self.names])

    def views(self, theta):
        """Dict of views into ``theta`` of shape (..., P): (..., *shape) each."""
        lead = theta.shape[:-1]
        return {n: theta[..., s].reshape(lead + shape)
                for n, s, shape in zip(self.names, self.slices, self.shapes)}


def _layer_plan(params, activations):
    return [(params[f"W{k}"], params[f"b{k}"][..., None, :], get_activation(name)[0])
            for k, name in enumerate(activations, start=1)]


def _forward_layers(plan, x):
    z = x
    layers = []
    for W, b, f in plan:
        a = z @ W + b
        z = f(a)
        layers.append((a, z))
    return layers


def _backprop_stacked(params, activations, x, t):
    layers = _forward_layers(_layer_plan(params, activations), x)
    y = layers[-1][1]
    delta = (y - t) * (2.0 / (y.shape[-2] * y.shape[-1]))
    grads = {}
    for k in range(len(activations), 0, -1):
        f_grad = GRADS_FROM_OUTPUT[activations[k - 1]]
        if f_grad is not None:
            delta = delta * f_grad(layers[k - 1][1])
        z_prev = x if k == 1 else layers[k - 2][1]
        grads[f"W{k}"] = z_prev.swapaxes(-1, -2) @ delta
        grads[f"b{k}"] = delta.sum(axis=-2)
        if k > 1:
            delta = delta @ params[f"W{k}"].swapaxes(-1, -2)
    return {name: grads[name] for name in params}, layers


def _descend(net, x, t, lrs, steps, method, h, record):
    layout = _Layout(net.params)
    P, L = layout.size, len(lrs)
    acts = net.activations
    theta = np.tile(layout.flatten(net.params), (L, 1))
    theta_views = layout.views(theta)
    lr_col = lrs[:, None].copy()
    n_out = t.shape[-2:]
    n_elements = t.size

    if method == "numerical":
        nudges = np.zeros((2 * P + 1, P))
        nudges[np.arange(P), np.arange(P)] = h
        nudges[P + np.arange(P), np.arange(P)] = -h
        stack = np.empty((L, 2 * P + 1, P))
        plan = _layer_plan(layout.views(stack), acts)

        def evaluate():
            np.add(theta[:, None, :], nudges, out=stack)
            y = _forward_layers(plan, x)[-1][1]
            d = y - t
            losses = np.add.reduce(d * d, axis=(-2, -1)) / n_elements
            grad = (losses[:, :P] - losses[:, P:2 * P]) / (2 * h)
            return grad, losses[:, 2 * P], y[:, 2 * P]
    else:
        grad_buffer = np.empty((L, P))
        grad_views = layout.views(grad_buffer)

        def evaluate():
            grads, layers = _backprop_stacked(theta_views, acts, x, t)
            for name, g in grads.items():
                grad_views[name][...] = g
            y = layers[-1][1]
            d = y - t
            return grad_buffer.copy(), np.add.reduce(d * d, axis=(-2, -1)) / n_elements, y

    losses = np.full((L, steps), np.nan)
    predictions = np.full((L, steps) + n_out, np.nan)
    grads_all = np.empty((L, steps, P))
    thetas = np.empty((steps, P)) if record else None
    diverged_at = np.full(L, -1)
    theta_start = theta.copy()
    previous = np.empty_like(theta)

    with np.errstate(all="ignore"):
        grad, loss_start, y_start = evaluate()
        loss_start, y_start = loss_start.copy(), y_start.copy()
        limit = divergence_limit(float(loss_start[0]))
        for step in range(steps):
            grads_all[:, step] = grad
            np.copyto(previous, theta)
            theta -= lr_col * grad
            grad, loss, y = evaluate()
            worst = loss[0] if L == 1 else loss.max()
            if not worst <= limit:
                bad = ~(loss <= limit) & (diverged_at < 0)
                if bad.any():
                    diverged_at[bad] = step
                    lr_col[bad] = 0.0
                    theta[bad] = previous[bad]
                    if (diverged_at >= 0).all():
                        break
            losses[:, step] = loss
            predictions[:, step] = y
            if record:
                thetas[step] = theta[0]

    for row in np.flatnonzero(diverged_at >= 0):
        losses[row, diverged_at[row]:] = np.nan
        predictions[row, diverged_at[row]:] = np.nan
        grads_all[row, diverged_at[row]:] = np.nan
    n_done = np.where(diverged_at >= 0, diverged_at, steps)
    return dict(losses=losses, predictions=predictions, grads=grads_all, thetas=thetas,
                thetas_last=theta[0].copy(), diverged_at=diverged_at, n_done=n_done,
                loss_start=loss_start, y_start=y_start, theta_start=theta_start)
