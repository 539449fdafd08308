"""Gradient descent: walk downhill, one small step at a time, and keep a record.

:func:`gradient_descent` trains one network and returns a :class:`History`
of every step. :func:`learning_rate_sweep` trains copies of the same network
with many learning rates at once, in one vectorised run: every array simply
gains a leading axis, one row per learning rate.

Both run on a flat view of the parameters: one row ``theta`` of all P
numbers (``W1`` row by row, then ``b1``, ``W2``, ``b2``, ... in the order of
``net.params``). The numerical gradient nudges each of the P numbers up and
down, so one step evaluates the loss at 2P nudged copies of ``theta`` plus
``theta`` itself, all in one stacked forward pass. The unnudged row gives the
loss and prediction after the previous step's update for free.
"""

from dataclasses import dataclass, field

import numpy as np

from .gradients import check_h
from .course.i18n import text
from .network import backprop_stacked, forward_layers, layer_plan

METHODS = ("numerical", "backprop")

#: training stops once the loss exceeds this many times its starting value
DIVERGENCE_FACTOR = 1e6


@dataclass
class History:
    """Everything that happened during one gradient-descent run.

    Step ``i`` (0-based) means: gradients computed at the parameters before
    the update, then the update, then loss and prediction measured. So
    ``losses[0]`` is the loss *after* the first update, as in the worked
    example's printed table.

    Attributes
    ----------
    lr : float
    method : str
        ``"numerical"`` or ``"backprop"``.
    steps : int
        Steps asked for; fewer were taken if training diverged.
    loss_start : float
        Loss before any update.
    prediction_start : ndarray, shape like the prediction
    params_start : dict of str -> ndarray
        The parameters before any update (copies).
    losses : ndarray, shape (n,)
        Loss after each step; ``n`` is the number of steps taken.
    predictions : ndarray, shape (n, *prediction shape)
    grads : dict of str -> ndarray, shape (n, *param shape)
        ``grads[name][i]``: the gradient used by step ``i``.
    grad_norms : dict of str -> ndarray, shape (n,)
        Euclidean norm of each parameter's gradient at each step.
    params : dict of str -> ndarray, shape (n, *param shape)
        ``params[name][i]``: a copy of the parameter after step ``i``.
    diverged_at : int or None
        The step whose update made the loss non-finite or more than
        ``DIVERGENCE_FACTOR`` times ``loss_start``; the history stops just
        before it. None if training did not diverge.
    """

    lr: float
    method: str
    steps: int
    loss_start: float
    prediction_start: np.ndarray
    params_start: dict
    losses: np.ndarray
    predictions: np.ndarray
    grads: dict = field(repr=False)
    grad_norms: dict = field(repr=False)
    params: dict = field(repr=False)
    diverged_at: int | None = None

    @property
    def steps_done(self):
        """Number of steps recorded."""
        return len(self.losses)

    @property
    def diverged(self):
        return self.diverged_at is not None

    @property
    def final_prediction(self):
        """Prediction after the last recorded step (the start if none was)."""
        return self.predictions[-1] if self.steps_done else self.prediction_start

    @property
    def final_loss(self):
        return float(self.losses[-1]) if self.steps_done else self.loss_start

    def first(self, n):
        """The first ``n`` steps of this run, as a History of its own."""
        asked = int(n)
        n = min(asked, self.steps_done)
        cut = lambda d: None if d is None else {k: v[:n] for k, v in d.items()}
        return History(
            lr=self.lr, method=self.method, steps=asked, loss_start=self.loss_start,
            prediction_start=self.prediction_start, params_start=self.params_start,
            losses=self.losses[:n], predictions=self.predictions[:n], grads=cut(self.grads),
            grad_norms=cut(self.grad_norms), params=cut(self.params),
            diverged_at=self.diverged_at if n == self.steps_done else None,
        )

    def rows(self, every=150):
        """``(step, prediction, loss)`` for steps 0, every, 2 every, ..."""
        return [(i, self.predictions[i], float(self.losses[i]))
                for i in range(0, self.steps_done, every)]

    def table(self, every=150, lang="en"):
        """The printed progress table: one line per ``every`` steps, as in the worked example.

        ``lang`` ("ko" or "en") names the two columns. Losses are shown to 10
        significant digits: the worked example printed 17, but the last few
        depend on the order of floating-point operations, which differs
        between the textbook loop and ours and even between CPUs (seen: the
        12th digit changes with OpenBLAS's kernel), so they are noise, not
        part of the result.
        """
        labels = (text("prediction", lang), text("loss", lang))
        return "\n".join(
            f"[{step}] {labels[0]}: {np.array2string(y)}, {labels[1]}: {loss:.10g}"
            for step, y, loss in self.rows(every)
        )

    def __repr__(self):
        end = f"diverged at step {self.diverged_at}" if self.diverged else f"final loss {self.final_loss:.3g}"
        return f"History(lr={self.lr:g}, method={self.method!r}, steps={self.steps_done}/{self.steps}, {end})"


@dataclass
class Sweep:
    """Several learning rates trained side by side (see :func:`learning_rate_sweep`).

    Attributes
    ----------
    lrs : ndarray, shape (L,)
    steps : int
    loss_start : float
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
        """Loss at the last step each run reached, shape (L,)."""
        last = np.where(self.diverged_at >= 0, self.diverged_at - 1, self.steps - 1)
        out = np.full(len(self.lrs), np.nan)
        ok = last >= 0
        out[ok] = self.losses[np.flatnonzero(ok), last[ok]]
        return out

    def history(self, i):
        """Run ``i`` as a :class:`History` (without per-step gradients or parameters)."""
        n = self.steps if self.diverged_at[i] < 0 else int(self.diverged_at[i])
        return History(
            lr=float(self.lrs[i]), method=self.method, steps=self.steps,
            loss_start=self.loss_start, prediction_start=self.prediction_start,
            params_start=None, losses=self.losses[i, :n],
            predictions=self.predictions[i, :n],
            grads=None, grad_norms={k: v[i, :n] for k, v in self.grad_norms.items()},
            params=None, diverged_at=None if self.diverged_at[i] < 0 else int(self.diverged_at[i]),
        )


# ------------------------------------------------------------------ public API

def gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical", h=1e-4):
    """Train ``net`` in place by gradient descent and return its :class:`History`.

    Each step: compute the gradient of the loss for every parameter, then
    ``param -= lr * grad`` for every parameter, then record loss, prediction,
    gradients and a copy of the parameters.

    Parameters
    ----------
    net : Network
        Updated in place (its ``params`` arrays end with the trained values).
    x : array_like, shape (n_0,) or (batch, n_0)
    t : array_like, shape of the prediction
    lr : float, default 0.1
        Learning rate, positive and finite.
    steps : int, default 3000
    method : {"numerical", "backprop"}
        How the gradient is computed. ``"numerical"`` uses central
        differences with nudge ``h`` (all nudges of a step in one stacked
        forward pass); ``"backprop"`` the chain rule. They agree to ~1e-9.
    h : float, default 1e-4

    Returns
    -------
    History

    A learning rate that is too large does not raise: the run stops at the
    diverging step and ``history.diverged_at`` says which one.
    """
    lr = _check_lr(lr)
    steps = _check_steps(steps)
    method = _check_method(method)
    h = check_h(h)
    x2, t2 = net._input_target(x, t)
    single = np.ndim(x) == 1
    run = _descend(net, x2, t2, np.array([lr]), steps, method, h, record=True)
    n = run["n_done"][0]
    layout = _Layout(net.params)
    theta_final = run["thetas"][n - 1] if n else run["theta_start"][0]
    for name, value in layout.unflatten(theta_final).items():
        net.params[name][...] = value  # in place: the caller's references see it
    squeeze = (lambda a: a[:, 0]) if single else (lambda a: a)
    grads = layout.unflatten_rows(run["grads"][0, :n])
    return History(
        lr=lr, method=method, steps=steps,
        loss_start=float(run["loss_start"][0]),
        prediction_start=run["y_start"][0][0] if single else run["y_start"][0],
        params_start=layout.unflatten(run["theta_start"][0]),
        losses=run["losses"][0, :n].copy(),
        predictions=squeeze(run["predictions"][0, :n]).copy(),
        grads=grads,
        grad_norms={k: _norms(g, n_lead=1) for k, g in grads.items()},
        params=layout.unflatten_rows(run["thetas"][:n]),
        diverged_at=None if run["diverged_at"][0] < 0 else int(run["diverged_at"][0]),
    )


def learning_rate_sweep(net, x, t, lrs, steps=3000, method="backprop", h=1e-4):
    """Train one copy of ``net`` per learning rate, all in one vectorised run.

    ``net`` itself is not changed.

    Parameters
    ----------
    net : Network
    x, t : array_like
        As for :func:`gradient_descent`.
    lrs : array_like of float, shape (L,)
        Positive finite learning rates.
    steps : int, default 3000
    method : {"backprop", "numerical"}, default "backprop"

    Returns
    -------
    Sweep
    """
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))
    if lrs.ndim != 1 or lrs.size == 0:
        raise ValueError(f"lrs must be a non-empty 1-D list of learning rates, got shape {lrs.shape}")
    for lr in lrs:
        _check_lr(float(lr), name="every learning rate in lrs")
    steps = _check_steps(steps)
    method = _check_method(method)
    h = check_h(h)
    x2, t2 = net._input_target(x, t)
    single = np.ndim(x) == 1
    run = _descend(net, x2, t2, lrs, steps, method, h, record=False)
    layout = _Layout(net.params)
    squeeze = (lambda a: a[:, :, 0]) if single else (lambda a: a)
    grads = layout.views(run["grads"])  # (L, steps, *shape) each
    return Sweep(
        lrs=lrs, method=method, steps=steps, loss_start=float(run["loss_start"][0]),
        prediction_start=run["y_start"][0][0] if single else run["y_start"][0],
        losses=run["losses"],
        predictions=squeeze(run["predictions"]),
        grad_norms={name: _norms(g, n_lead=2) for name, g in grads.items()},
        diverged_at=run["diverged_at"],
    )


# ------------------------------------------------------------------ the engine

def _norms(g, n_lead):
    """Euclidean norm over all but the first ``n_lead`` axes (one gradient per entry)."""
    return np.sqrt((g**2).sum(axis=tuple(range(n_lead, g.ndim))))


class _Layout:
    """Where each named parameter lives in the flat vector theta."""

    def __init__(self, params):
        self.names = list(params)
        self.shapes = [params[n].shape for n in self.names]
        sizes = [int(np.prod(s)) for s in self.shapes]
        self.slices = []
        start = 0
        for size in sizes:
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

    def unflatten(self, theta):
        return {n: v.copy() for n, v in self.views(theta).items()}

    def unflatten_rows(self, rows):
        return {n: np.ascontiguousarray(v) for n, v in self.views(rows).items()}


def _descend(net, x, t, lrs, steps, method, h, record):
    """The training loop shared by :func:`gradient_descent` and :func:`learning_rate_sweep`.

    ``theta`` has shape (L, P): one row of parameters per learning rate. The
    stacks live in buffers allocated once, with the per-parameter views made
    once, because on a 12-parameter network the cost of a step is the number
    of numpy calls, not the arithmetic.
    """
    layout = _Layout(net.params)
    P, L = layout.size, len(lrs)
    acts = net.activations
    theta = np.tile(layout.flatten(net.params), (L, 1))
    theta_views = layout.views(theta)
    lr_col = lrs[:, None].copy()
    n_out = t.shape[-2:]
    n_elements = t.size

    if method == "numerical":
        # Row 2P of the stack is theta itself: its loss is the loss *after*
        # the previous update, so measuring it costs no extra forward pass.
        nudges = np.zeros((2 * P + 1, P))
        nudges[np.arange(P), np.arange(P)] = h
        nudges[P + np.arange(P), np.arange(P)] = -h
        stack = np.empty((L, 2 * P + 1, P))
        plan = layer_plan(layout.views(stack), acts)  # views into `stack`, made once

        def evaluate():
            np.add(theta[:, None, :], nudges, out=stack)  # each nudged element is exactly x + h or x - h
            y = forward_layers(plan, x)[-1][1]  # (L, 2P+1, B, n)
            d = y - t
            losses = np.add.reduce(d * d, axis=(-2, -1)) / n_elements
            grad = (losses[:, :P] - losses[:, P:2 * P]) / (2 * h)
            return grad, losses[:, 2 * P], y[:, 2 * P]
    else:
        grad_buffer = np.empty((L, P))
        grad_views = layout.views(grad_buffer)

        def evaluate():
            grads, layers = backprop_stacked(theta_views, acts, x, t)
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

    with np.errstate(all="ignore"):  # a diverging run may overflow; we detect it below
        grad, loss_start, y_start = evaluate()
        loss_start, y_start = loss_start.copy(), y_start.copy()
        limit = DIVERGENCE_FACTOR * float(loss_start[0])  # every row starts from the same theta
        for step in range(steps):
            grads_all[:, step] = grad
            if L > 1:  # a single run just stops; a sweep freezes its diverged rows
                np.copyto(previous, theta)
            theta -= lr_col * grad
            grad, loss, y = evaluate()
            worst = loss[0] if L == 1 else loss.max()
            if not worst <= limit:  # NaN fails <= too
                bad = ~(loss <= limit) & (diverged_at < 0)
                if bad.any():
                    diverged_at[bad] = step
                    if (diverged_at >= 0).all():
                        break
                    lr_col[bad] = 0.0
                    theta[bad] = previous[bad]  # freeze at the last good values
            losses[:, step] = loss
            predictions[:, step] = y
            if record:
                thetas[step] = theta[0]

    for row in np.flatnonzero(diverged_at >= 0):
        losses[row, diverged_at[row]:] = np.nan
        predictions[row, diverged_at[row]:] = np.nan
        grads_all[row, diverged_at[row]:] = np.nan
    n_done = np.where(diverged_at >= 0, diverged_at, steps)
    return dict(
        losses=losses, predictions=predictions, grads=grads_all,
        thetas=thetas, diverged_at=diverged_at, n_done=n_done,
        loss_start=loss_start, y_start=y_start, theta_start=theta_start,
    )


# ------------------------------------------------------------------ checks

def _check_lr(lr, name="lr"):
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(lr).__name__}")
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {lr!r}")
    return lr


def _check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"steps must be a whole number, got {type(steps).__name__}")
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    return int(steps)


def _check_method(method):
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return method
