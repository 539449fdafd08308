"""Gradient descent: walk downhill, one small step at a time, and keep a record.

:func:`gradient_descent` is the training loop of "Deep Learning from Scratch":
compute the gradient, then ``params[name] -= lr * grads[name]`` for every
parameter, then record the step in a :class:`History`.
"""

from dataclasses import dataclass, field, replace

import numpy as np

from .checks import check_training, check_whole
from .losses import mse

#: a run has diverged once its loss exceeds this many times its starting loss ...
DIVERGENCE_FACTOR = 1e6
#: ... and exceeds this absolute floor (a run that starts at loss 0 has not diverged at 0.1)
DIVERGENCE_FLOOR = 1.0


def gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical", h=1e-4):
    """Train ``net`` in place by gradient descent and return the :class:`History` of the run.

    Parameters
    ----------
    net : Network
        Updated in place: its ``params`` arrays end with the trained values.
    x, t : array_like, shapes (n_0,) or (batch, n_0), and that of the prediction
    lr : float, default 0.1
    steps : int, default 3000
        Every step is recorded (248 bytes a step for the worked example; over 1 GB is refused).
    method : {"numerical", "backprop"}
        ``net.numerical_gradient`` (central differences, nudge ``h``) or ``net.gradient`` (the chain rule).
    h : float, default 1e-4

    Returns
    -------
    History
        Too large a learning rate does not raise: the run stops at the step
        that blew it up (:meth:`History.blew_up`), ``net`` keeps the last good
        values and ``history.diverged_at`` says which step it was.
    """
    x, t, lr, steps, h = check_training(net, x, t, lr, steps, method, h)
    history = History.start(net, x, t, lr, method, steps)
    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up is reported below
        for step in range(steps):
            if method == "numerical":
                grads = net.numerical_gradient(x, t, h)
            else:
                grads = net.gradient(x, t)
            for name in net.params:
                net.params[name] -= lr * grads[name]
            y = net.predict(x)
            history._record(step, grads, net.params, y, mse(y, t))
            if history.blew_up(step, h):
                break
    return history._finish(net)


def divergence_limit(loss_start):
    """The loss above which a run that started at ``loss_start`` counts as diverged."""
    return max(DIVERGENCE_FACTOR * loss_start, DIVERGENCE_FLOOR)


@dataclass
class History:
    """Everything that happened during one gradient-descent run of ``len(history)`` steps.

    Step ``i`` (from 0): the gradient at the parameters before it, the update,
    then the loss and prediction; ``losses[0]`` is the loss *after* the first
    update, as in the worked example's printed table.

    Attributes
    ----------
    lr, method, steps, activations : float, str, int, tuple of str
        As asked for; fewer steps if the run diverged. ``Network(params, activations)`` rebuilds the net.
    loss_start, prediction_start, params_start : float, ndarray, dict of str -> ndarray
    losses, predictions : ndarray, shapes (n,) and (n, *prediction shape)
    grads, params, grad_norms : dict of str -> ndarray, shapes (n, *param shape) and (n,)
        The gradient step ``i`` used, a copy of the parameter after it, the gradient's norm.
    diverged_at : int or None
        The step that blew the run up (:meth:`blew_up`); the record stops just before it.
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
    activations: tuple = None

    @classmethod
    def start(cls, net, x, t, lr, method, steps):
        """An empty record of ``steps`` steps of ``net`` on ``(x, t)`` (checked already)."""
        y = net.predict(x)
        table = lambda shape: np.zeros((steps,) + shape)  # noqa: E731
        return cls(lr, method, steps, mse(y, t), y, {name: W.copy() for name, W in net.params.items()},
                   table(()), table(y.shape), {name: table(W.shape) for name, W in net.params.items()},
                   {name: table(()) for name in net.params},
                   {name: table(W.shape) for name, W in net.params.items()}, None, tuple(net.activations))

    def _record(self, step, grads, params, y, loss):
        self.losses[step], self.predictions[step] = loss, y
        for name, g in grads.items():
            self.grads[name][step], self.params[name][step] = g, params[name]
            self.grad_norms[name][step] = np.sqrt(np.vdot(g, g))

    def blew_up(self, step, h):
        """Whether step ``step`` (recorded) blew the run up; if so, ``diverged_at`` says which step did.

        Step ``step`` did if its loss is NaN or above :func:`divergence_limit`,
        or if the parameters are not finite or so large that ``p + h == p``
        (their norm passes 2**52 h). And the step before it did if it left the
        loss above 0 but the gradient exactly 0 (a sigmoid pushed flat): no
        step can move such a network.
        """
        norms = self.grad_norms.values()
        if step and not any(n[step] for n in norms) and any(n[step - 1] for n in norms) \
                and self.losses[step - 1] > 0:
            self.diverged_at = step - 1
        elif not (self.losses[step] <= divergence_limit(self.loss_start)
                  and sum(np.vdot(p[step], p[step]) for p in self.params.values()) < (h * 2**52) ** 2):
            self.diverged_at = step
        return self.diverged

    def _finish(self, net):
        """Drop the rows after a divergence and give ``net`` back its last good parameters."""
        if self.diverged:
            n, cut = self.diverged_at, lambda d: {k: v[:self.diverged_at].copy() for k, v in d.items()}
            self.losses, self.predictions = self.losses[:n].copy(), self.predictions[:n].copy()
            self.grads, self.grad_norms, self.params = cut(self.grads), cut(self.grad_norms), cut(self.params)
            for name, W in net.params.items():
                W[...] = self.params[name][n - 1] if n else self.params_start[name]
        return self

    def __len__(self):
        return len(self.losses)

    @property
    def steps_done(self):
        return self.diverged_at if self.diverged else self.steps

    @property
    def diverged(self):
        return self.diverged_at is not None

    @property
    def recorded_steps(self):  # the step of each row
        return np.arange(len(self))

    @property
    def final_prediction(self):  # after the last step (the start if none was taken)
        return self.predictions[-1] if len(self) else self.prediction_start

    @property
    def final_loss(self):
        return float(self.losses[-1]) if len(self) else self.loss_start

    def first(self, n):
        """The first ``n`` steps of this run, as a History of its own."""
        n = check_whole(n, "n", 0)
        diverged = self.diverged and self.diverged_at < n
        cut = lambda d: None if d is None else {k: v[:n] for k, v in d.items()}  # noqa: E731
        return replace(self, steps=self.steps if diverged else min(n, self.steps_done),
                       losses=self.losses[:n], predictions=self.predictions[:n], grads=cut(self.grads),
                       grad_norms=cut(self.grad_norms), params=cut(self.params),
                       diverged_at=self.diverged_at if diverged else None)

    def rows(self, every=150):
        """``(step, prediction, loss)`` for the steps 0, every, 2 every, ..."""
        every = check_whole(every, "every", 1)
        return [(step, self.predictions[step], float(self.losses[step])) for step in range(0, len(self), every)]

    def table(self, every=150, labels=("prediction", "loss")):
        """The progress table: one line per ``every`` steps, as the worked example prints it.

        ``labels`` names the two columns (the course passes them in the
        notebook's language). Losses are shown to 10 significant digits: the
        digits beyond depend on the order of floating-point operations, which
        differs between the textbook loop, ``nnlib.fast`` and even CPUs.
        """
        return "\n".join(f"[{step}] {labels[0]}: {np.array2string(y)}, {labels[1]}: {loss:.10g}"
                         for step, y, loss in self.rows(every))

    def __repr__(self):
        end = f"diverged at step {self.diverged_at}" if self.diverged else f"final loss {self.final_loss:.3g}"
        return f"History(lr={self.lr:g}, method={self.method!r}, steps={self.steps_done}/{self.steps}, {end})"
