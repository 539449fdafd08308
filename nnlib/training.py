"""Gradient descent: walk downhill, one small step at a time, and keep a record.

:func:`gradient_descent` is the training loop of the course, written the way
"Deep Learning from Scratch" writes it: compute the gradient, then
``params[name] -= lr * grads[name]`` for every parameter, then record. It
returns a :class:`History` of the run. (``nnlib.fast`` trains the same way,
vectorised, and returns the same History; the course's sliders use it.)
"""

from dataclasses import dataclass, field

import numpy as np

from .gradients import check_float64_array, check_h

METHODS = ("numerical", "backprop")
RECORDS = ("all", "losses")

#: a run has diverged once its loss exceeds this many times its starting loss ...
DIVERGENCE_FACTOR = 1e6
#: ... and exceeds this absolute floor (a run that starts at loss 0 has not diverged at 0.1)
DIVERGENCE_FLOOR = 1.0


def gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical", h=1e-4,
                     record_every=1, record="all"):
    """Train ``net`` in place by gradient descent and return the :class:`History` of the run.

    Parameters
    ----------
    net : Network
        Updated in place: its ``params`` arrays end with the trained values.
    x : array_like, shape (n_0,) or (batch, n_0)
    t : array_like, shaped like the prediction
    lr : float, default 0.1
        The learning rate, positive and finite.
    steps : int, default 3000
    method : {"numerical", "backprop"}
        How the gradient is computed: ``net.numerical_gradient`` (central
        differences with nudge ``h``) or ``net.gradient`` (the chain rule).
    h : float, default 1e-4
    record_every : int, default 1
        Record every k-th step (and the last one).
    record : {"all", "losses"}
        "all" keeps per recorded step the loss, prediction, gradient norms,
        gradients and a copy of the parameters: 8 * (1 + m + A + 2 P) bytes
        for m outputs (batch x n_L), A parameter arrays and P parameters
        (248 bytes for the worked example; 10 million steps take 2.5 GB).
        "losses" keeps the loss, prediction and gradient norms only
        (8 * (1 + m + A) bytes, 56 for the worked example).

    Returns
    -------
    History
        A learning rate that is too large does not raise: the run stops at
        the diverging step, ``net`` keeps the last good values and
        ``history.diverged_at`` says which step it was.
    """
    lr, steps, h = check_lr(lr), check_whole(steps, "steps", 1), check_h(h)
    check_choice(method, METHODS, "method")
    check_params(net)
    history = History.start(net, x, t, lr, method, steps, record_every, record)
    limit = divergence_limit(history.loss_start)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run may overflow: caught below
        for step in range(steps):
            if method == "numerical":
                grads = net.numerical_gradient(x, t, h)
            else:
                grads = net.gradient(x, t)
            before = {name: W.copy() for name, W in net.params.items()}
            for name in net.params:
                net.params[name] -= lr * grads[name]
            loss = net.loss(x, t)
            if not loss <= limit:  # far too large, or NaN: this step diverged
                for name in net.params:
                    net.params[name][...] = before[name]  # back to the last good values
                return history.finish(diverged_at=step)
            history.record(step, loss, net.predict(x), grads, net.params)
    return history.finish()


def divergence_limit(loss_start):
    """The loss above which a run that started at ``loss_start`` counts as diverged."""
    return max(DIVERGENCE_FACTOR * loss_start, DIVERGENCE_FLOOR)


@dataclass
class History:
    """Everything that happened during one gradient-descent run.

    Step ``i`` (counting from 0) means: gradient at the parameters before the
    update, then the update, then loss and prediction measured. So
    ``losses[0]`` is the loss *after* the first update, as in the worked
    example's printed table. Row ``r`` of every array belongs to step
    ``recorded_steps[r]`` (step ``r`` itself unless ``record_every`` > 1).

    Attributes
    ----------
    lr : float
    method : str
        "numerical" or "backprop".
    steps : int
        Steps asked for; fewer were taken if training diverged.
    loss_start : float
        Loss before any update.
    prediction_start : ndarray, shape like the prediction
    params_start : dict of str -> ndarray
        Copies of the parameters before any update.
    losses : ndarray, shape (n,)
        Loss after each recorded step.
    predictions : ndarray, shape (n, *prediction shape)
    grads : dict of str -> ndarray of shape (n, *param shape), or None
        ``grads[name][i]``: the gradient used by step ``i`` (None if only losses were recorded).
    grad_norms : dict of str -> ndarray, shape (n,)
        Euclidean norm of each parameter's gradient.
    params : dict of str -> ndarray of shape (n, *param shape), or None
        ``params[name][i]``: a copy of the parameter after step ``i``.
    diverged_at : int or None
        The step whose update made the loss NaN or larger than
        :func:`divergence_limit`; the record stops just before it.
    recorded_steps : ndarray of int, shape (n,)
    activations : tuple of str
        The network's activations, layer by layer (as ``Network`` takes them).
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
    recorded_steps: np.ndarray = field(default=None, repr=False)
    activations: tuple = field(default=None, repr=False)
    _rows: int = field(default=0, repr=False, compare=False)

    def __post_init__(self):
        if self.recorded_steps is None:
            self.recorded_steps = np.arange(len(self.losses))

    @classmethod
    def start(cls, net, x, t, lr, method, steps, record_every=1, record="all"):
        """An empty record of a run of ``net`` on ``(x, t)``, its rows allocated once."""
        record_every = check_whole(record_every, "record_every", 1)
        check_choice(record, RECORDS, "record")
        loss, y = net.loss(x, t), net.predict(x)
        rows = np.unique(np.r_[np.arange(0, steps, record_every), steps - 1])
        table = lambda shape: np.empty((len(rows),) + shape)
        keep = {name: table(W.shape) for name, W in net.params.items()}
        return cls(lr, method, steps, loss, y, {name: W.copy() for name, W in net.params.items()},
                   losses=table(()), predictions=table(y.shape),
                   grads=keep if record == "all" else None,
                   grad_norms={name: table(()) for name in net.params},
                   params={name: table(W.shape) for name, W in net.params.items()} if record == "all" else None,
                   recorded_steps=rows, activations=net.activations)

    def record(self, step, loss, prediction, grads, params):
        """Write step ``step`` into its row, if it is one of ``recorded_steps``."""
        r = self._rows
        if r == len(self.recorded_steps) or self.recorded_steps[r] != step:
            return
        self.losses[r], self.predictions[r] = loss, prediction
        for name, g in grads.items():
            self.grad_norms[name][r] = np.sqrt(np.sum(g * g))
            if self.grads is not None:
                self.grads[name][r], self.params[name][r] = g, params[name]
        self._rows = r + 1

    def finish(self, diverged_at=None):
        """Drop the rows no step reached (after a divergence); return the History."""
        self.diverged_at = diverged_at
        n = self._rows = int(np.searchsorted(self.recorded_steps, diverged_at)) if diverged_at is not None \
            else len(self.recorded_steps)
        if n < len(self.recorded_steps):
            cut = lambda d: None if d is None else {k: v[:n].copy() for k, v in d.items()}
            self.losses, self.predictions = self.losses[:n].copy(), self.predictions[:n].copy()
            self.grads, self.grad_norms, self.params = cut(self.grads), cut(self.grad_norms), cut(self.params)
            self.recorded_steps = self.recorded_steps[:n]
        return self

    @property
    def steps_done(self):
        """Number of steps taken."""
        return self.diverged_at if self.diverged else self.steps

    @property
    def diverged(self):
        return self.diverged_at is not None

    @property
    def final_prediction(self):
        """Prediction after the last recorded step (the start if none was)."""
        return self.predictions[-1] if len(self.losses) else self.prediction_start

    @property
    def final_loss(self):
        return float(self.losses[-1]) if len(self.losses) else self.loss_start

    def first(self, n):
        """The first ``n`` steps of this run, as a History of its own."""
        n = check_whole(n, "n", 0)
        keep = int(np.searchsorted(self.recorded_steps, n))  # the rows of steps 0 .. n-1
        diverged = self.diverged and self.diverged_at < n
        cut = lambda d: None if d is None else {k: v[:keep] for k, v in d.items()}
        return History(
            self.lr, self.method, self.steps if diverged else min(n, self.steps_done),
            self.loss_start, self.prediction_start, self.params_start,
            self.losses[:keep], self.predictions[:keep], cut(self.grads), cut(self.grad_norms),
            cut(self.params), self.diverged_at if diverged else None, self.recorded_steps[:keep],
            activations=self.activations)

    def rows(self, every=150):
        """``(step, prediction, loss)`` for the recorded steps 0, every, 2 every, ..."""
        every = check_whole(every, "every", 1)
        return [(int(step), self.predictions[r], float(self.losses[r]))
                for r, step in enumerate(self.recorded_steps) if step % every == 0]

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


def check_lr(lr, name="lr"):
    """``lr`` as a float; TypeError or ValueError unless it is a positive finite number."""
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {lr!r}")
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {lr!r}")
    return float(lr)


def check_whole(value, name, minimum):
    """``value`` as an int; TypeError or ValueError unless it is a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_choice(value, choices, name):
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")


def check_params(net):
    """TypeError or ValueError unless every parameter is a finite float64 array."""
    for name, W in net.params.items():
        check_float64_array(W, f"net.params[{name!r}]")
        if not np.all(np.isfinite(W)):
            raise ValueError(f"net.params[{name!r}] contains NaN or infinity; start from finite values")
