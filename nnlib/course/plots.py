"""Figures for the lessons, labelled in Korean or English.

Every function builds a :class:`matplotlib.figure.Figure` directly (not
through pyplot), so nothing is drawn twice and no global figure state is
left behind; a notebook cell that ends with the call shows the figure.
Importing this module registers the bundled NanumGothic font, so Hangul
renders on machines without any Korean system font.
"""

import io
import pathlib

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from ..activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from ..gradients import derivative
from .i18n import text

FONT_PATH = pathlib.Path(__file__).parent / "fonts" / "NanumGothic.ttf"
#: DejaVu Sans first: Latin letters and the minus sign (U+2212, missing from
#: NanumGothic) come from it; Hangul falls back to NanumGothic.
FONT_FAMILY = ["DejaVu Sans", "NanumGothic"]

POSITIVE, NEGATIVE = "#1f77b4", "#d62728"
PARAM_COLORS = {"W1": "#1f77b4", "b1": "#17becf", "W2": "#d62728", "b2": "#ff7f0e"}


def use_korean_font():
    """Register the bundled NanumGothic and put it behind DejaVu Sans. Idempotent."""
    if "NanumGothic" not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT_PATH))
    matplotlib.rcParams["font.family"] = FONT_FAMILY


def _figure_png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _show_figures_in_ipython():
    """Let IPython display a Figure that a cell returns, as a PNG.

    Our figures are not made through pyplot, so the inline backend's hook
    never sees them; we register the same kind of formatter ourselves.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, _figure_png)


use_korean_font()
_show_figures_in_ipython()


def new_figure(width, height):
    """A Figure of ``width`` x ``height`` inches at 80 dpi, constrained layout, with an Agg canvas."""
    fig = Figure(figsize=(width, height), dpi=80, layout="constrained")
    FigureCanvasAgg(fig)  # attach a canvas so fig.canvas.draw() renders with Agg
    return fig


def _label_log_axes(fig, ax, xlabel, ylabel, title, lang):
    """Axis labels and title (i18n keys), legend and a log-log grid; returns ``fig``."""
    ax.set_xlabel(text(xlabel, lang))
    ax.set_ylabel(text(ylabel, lang))
    ax.set_title(text(title, lang))
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    return fig


# ------------------------------------------------------------------ lesson 1

def plot_activations(lang="en"):
    """sigmoid, tanh and relu (solid) with their derivatives (dashed).

    Titles name the functions as lesson 1's table does (시그모이드 in Korean);
    the legends use the table's symbols: σ(x), tanh(x), ReLU(x).
    """
    fig = new_figure(11, 3.2)
    x = np.linspace(-5, 5, 401)
    panels = [("act_sigmoid", "σ", sigmoid, sigmoid_grad), ("act_tanh", "tanh", tanh, tanh_grad),
              ("act_relu", "ReLU", relu, relu_grad)]
    for ax, (key, symbol, f, f_grad) in zip(fig.subplots(1, 3), panels):
        ax.plot(x, f(x), lw=2.5, label=f"{symbol}(x) — {text('function', lang)}")
        ax.plot(x, f_grad(x), "--", lw=2, label=f"{symbol}′(x) — {text('derivative', lang)}")
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.set_title(text(key, lang))
        ax.set_xlabel("x")
        ax.legend(loc="upper left", fontsize=9)
        ax.grid(alpha=0.3)
    return fig


def _node_values(net, x):
    """The value at every node, layer by layer: ``[x, z1, ..., y]``."""
    forward = net.forward(x)
    return [np.asarray(x, dtype=float)] + [
        forward[f"z{k}"] if f"z{k}" in forward else forward["y"] for k in range(1, len(net.sizes))
    ]


def draw_network(ax, net, x=None, lang="en"):
    """Draw ``net`` on ``ax``: line width = |weight|, colour = sign.

    With an input ``x`` (shape ``(n_0,)``), every node shows its value.

    Returns
    -------
    dict of str -> list of Artist
        ``"edges"`` (lines), ``"nodes"`` (one scatter), ``"weights"``,
        ``"biases"`` and ``"values"`` (texts): the artists
        :func:`update_network` refills when the weights or the input change.
    """
    ax.clear()
    sizes = net.sizes
    pos = {}
    for i, n in enumerate(sizes):
        for j in range(n):
            pos[i, j] = (i, (n - 1) / 2 - j)
    parts = {"edges": [], "nodes": [], "weights": [], "biases": [], "values": []}
    for k in range(1, len(sizes)):
        for j in range(sizes[k - 1]):
            for m in range(sizes[k]):
                (x0, y0), (x1, y1) = pos[k - 1, j], pos[k, m]
                parts["edges"].append(ax.plot([x0, x1], [y0, y1], alpha=0.75, zorder=1)[0])
                tx, ty = x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0)
                parts["weights"].append(ax.text(
                    tx, ty, "", fontsize=8, ha="center", va="center", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)))
    xy = np.array(list(pos.values()))
    parts["nodes"] = [ax.scatter(xy[:, 0], xy[:, 1], s=1500, color="#f5f5f5", edgecolor="0.3", zorder=2)]
    for (i, _j), (px, py) in pos.items():
        parts["values"].append(ax.text(px, py, "", ha="center", va="center", fontsize=9, zorder=4))
        if i > 0:
            parts["biases"].append(ax.text(px, py - 0.3, "", ha="center", va="top", fontsize=8))
    hidden = [text("hidden", lang)] if len(sizes) == 3 else [  # one hidden layer: no number to mistake for a neuron's
        f"{text('hidden', lang)} {k}" for k in range(1, len(sizes) - 1)]
    names = [text("input", lang)] + hidden + [text("output", lang)]
    for i, name in enumerate(names):
        ax.text(i, (max(sizes) - 1) / 2 + 0.55, name, ha="center", fontsize=10)
    ax.plot([], [], color=POSITIVE, lw=3, label=text("positive", lang))
    ax.plot([], [], color=NEGATIVE, lw=3, label=text("negative", lang))
    ax.legend(loc="lower center", ncol=2, fontsize=8, frameon=False, bbox_to_anchor=(0.5, -0.12))
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-(max(sizes) - 1) / 2 - 0.75, (max(sizes) - 1) / 2 + 0.85)
    ax.set_title(text("title_network", lang), fontsize=10)
    ax.axis("off")
    update_network(parts, net, x)
    return parts


def update_network(parts, net, x=None, what=("edges", "weights", "biases", "values")):
    """Refill the artists made by :func:`draw_network` for ``net`` and input ``x``.

    ``what`` names the parts to refill (e.g. only ``("values",)`` when only
    the input changed). Returns the artists that were refilled.
    """
    sizes = net.sizes
    changed = []
    if "edges" in what or "weights" in what:
        biggest = max(np.max(np.abs(net.params[f"W{k}"])) for k in range(1, len(sizes))) or 1.0
        weights = np.concatenate([net.params[f"W{k}"].reshape(-1) for k in range(1, len(sizes))])
        for w, edge, label in zip(weights, parts["edges"], parts["weights"]):
            if "edges" in what:
                edge.set_color(POSITIVE if w >= 0 else NEGATIVE)
                edge.set_linewidth(0.5 + 7 * abs(w) / biggest)
                changed.append(edge)
            if "weights" in what:
                label.set_text(f"{w:.2f}")
                changed.append(label)
    if "biases" in what:
        biases = np.concatenate([net.params[f"b{k}"].reshape(-1) for k in range(1, len(sizes))])
        for b, label in zip(biases, parts["biases"]):
            label.set_text(f"b={b:.2f}")
            changed.append(label)
    if "values" in what:
        values = np.concatenate(_node_values(net, x)) if x is not None else [None] * len(parts["values"])
        for v, label in zip(values, parts["values"]):
            label.set_text("" if v is None else f"{v:.3f}")
            changed.append(label)
    return changed


def plot_network(net, x=None, lang="en"):
    """A figure with :func:`draw_network`."""
    fig = new_figure(5.5, 3.6)
    draw_network(fig.subplots(), net, x, lang)
    return fig


# ------------------------------------------------------------------ lesson 2

def plot_loss_landscape(net, x, t, name="W2", index=(0, 0), lang="en", limits=(-3.0, 3.0)):
    """The loss as one parameter sweeps ``limits``, everything else held fixed.

    Parameters
    ----------
    net : Network
        Not changed; the sweep runs on a copy.
    name, index : str, tuple
        Which parameter element moves, e.g. ``"W2", (0, 0)``.
    limits : (float, float)
        The range of values drawn.
    """
    fig = new_figure(6, 3.4)
    ax = fig.subplots()
    probe = net.copy()
    centre = probe.params[name][index]
    ws = np.linspace(*limits, 241)
    losses = []
    for w in ws:
        probe.params[name][index] = w
        losses.append(probe.loss(x, t))
    label = f"{name}[{','.join(map(str, index))}]"
    ax.plot(ws, losses, lw=2)
    ax.scatter([centre], [net.loss(x, t)], color=NEGATIVE, zorder=3, label=text("current", lang))
    ax.set_xlabel(f"{label} — {text('weight_value', lang)}")
    ax.set_ylabel(text("loss", lang))
    ax.legend()
    ax.grid(alpha=0.3)
    return fig


# ------------------------------------------------------------------ lesson 3

def derivative_errors(f, f_prime, x0, hs):
    """Absolute errors of the forward and central differences at ``x0``, one per h."""
    hs = np.asarray(hs, dtype=float)
    exact = f_prime(x0)
    forward = np.abs(np.array([derivative(f, x0, h, "forward") for h in hs]) - exact)
    central = np.abs(np.array([derivative(f, x0, h, "central") for h in hs]) - exact)
    return forward, central


def plot_derivative_error(f=sigmoid, f_prime=sigmoid_grad, x0=0.5, lang="en", mark_h=None):
    """Error against h on log-log axes: truncation error on the right, rounding on the left."""
    fig = new_figure(6.5, 3.8)
    ax = fig.subplots()
    hs = np.logspace(-13, -0.5, 100)
    forward, central = derivative_errors(f, f_prime, x0, hs)
    tiny = 1e-18  # an error of exactly 0 cannot be drawn on a log axis
    ax.loglog(hs, np.maximum(forward, tiny), lw=2, label=text("forward_diff", lang))
    ax.loglog(hs, np.maximum(central, tiny), lw=2, label=text("central_diff", lang))
    ax.axvline(1e-4, color="0.5", ls=":", lw=1.5)
    ax.text(1e-4, 1e-3, " h = 1e-4", color="0.3", fontsize=9)
    if mark_h is not None:
        ax.axvline(mark_h, color=NEGATIVE, lw=1.5)
    ax.set_xlabel(text("h", lang))
    ax.set_ylabel(text("abs_error", lang))
    ax.set_title(text("title_h", lang))
    ax.legend(loc="lower left")
    ax.grid(alpha=0.3, which="both")
    ax.set_ylim(1e-13, 1)
    return fig


# ------------------------------------------------------------------ lesson 4

def log_limits(values, default=(1e-3, 1.0)):
    """Axis limits on whole decades around the positive finite ``values``.

    The upper limit is the decade above the largest value. The lower limit is
    the decade below the smallest, rounded down further to a multiple of
    2, 5 or 10 decades when the range spans many: so that nearby data share
    the same limits (a widget then reuses its drawn axes) and a wide range
    still gets a handful of labelled decades.
    """
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v) & (v > 0)]
    if not v.size:
        return default
    top = int(np.ceil(np.log10(v.max())))
    bottom = int(np.floor(np.log10(v.min())))
    span = top - bottom
    grain = 1 if span <= 4 else 2 if span <= 8 else 5 if span <= 25 else 10
    bottom = grain * (bottom // grain)
    if bottom == top:
        bottom -= 1
    return 10.0 ** bottom, 10.0 ** top


def linear_limits(values, default=(0.0, 1.0)):
    """Axis limits on round numbers (multiples of 1, 2 or 5 × 10^k) around ``values``.

    Nearby data share the same limits, which lets a widget reuse its drawn axes.
    """
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if not v.size:
        return default
    lo, hi = float(v.min()), float(v.max())
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    raw = span / 4
    magnitude = 10.0 ** np.floor(np.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    lo, hi = np.floor(lo / step) * step, np.ceil(hi / step) * step
    if hi <= lo:
        hi = lo + step
    return float(lo), float(hi)


def step_locator():
    """Ticks for a step axis: whole numbers, at most five labels, so they never overlap."""
    return MaxNLocator(nbins=4, integer=True, min_n_ticks=2)


def envelope(y, buckets=500):
    """Step indices and values of ``y`` thinned to at most ``2 * buckets`` points.

    Each bucket of consecutive steps keeps its smallest and its largest value
    (in step order), so a line drawn through them covers the same pixels as
    the full curve at the widths the course shows, even for a run that
    oscillates, while drawing several times fewer points.

    Returns
    -------
    steps, values : ndarray, shape (m,)
    """
    y = np.asarray(y, dtype=float)
    n = len(y)
    if n <= 2 * buckets:
        return np.arange(n), y
    k = -(-n // buckets)  # steps per bucket
    m = n // k
    head = y[:m * k].reshape(m, k)
    lo, hi = head.argmin(axis=1), head.argmax(axis=1)
    first, second = np.minimum(lo, hi), np.maximum(lo, hi)
    base = np.arange(m) * k
    idx = np.stack([base + first, base + second], axis=1).ravel()
    idx = np.concatenate([idx, np.arange(m * k, n)])
    return idx, y[idx]


class TrainingFigure:
    """Three panels (loss, gradient norms, predictions) whose lines can be refilled fast.

    Built once; :meth:`show` only swaps the data of existing lines and sets
    the axis limits to round values (whole decades on the log axes), which
    is much cheaper than drawing a new figure. ``moving`` lists the artists
    that :meth:`show` changes, for a widget that redraws only those. With
    ``round_steps``, the step axis ends at the next 1, 2, 3 or 5 × 10^k at or
    above the last step (for a widget: nearby step counts share one drawn axes).
    """

    def __init__(self, param_names, n_outputs, target, lang="en", round_steps=False):
        self.lang = lang
        self.round_steps = round_steps
        self.target = np.ravel(np.asarray(target, dtype=float))
        self.fig = new_figure(12, 3.4)
        self.ax_loss, self.ax_grad, self.ax_pred = self.fig.subplots(1, 3)
        (self.loss_line,) = self.ax_loss.semilogy([], [], lw=2, color="k")
        self.grad_lines = {
            name: self.ax_grad.semilogy([], [], lw=1.8, label=name, color=PARAM_COLORS.get(name))[0]
            for name in param_names
        }
        colors = [POSITIVE, NEGATIVE, "#2ca02c", "#9467bd"]
        self.pred_lines = []
        for i in range(n_outputs):
            c = colors[i % len(colors)]
            self.pred_lines.append(self.ax_pred.plot([], [], lw=2, color=c, label=f"y[{i}]")[0])
            self.ax_pred.axhline(self.target[i], color=c, ls="--", lw=1.2,
                                 label=f"{text('target', lang)} t[{i}] = {self.target[i]:g}")
        self.warning = self.ax_loss.text(0.5, 0.5, "", transform=self.ax_loss.transAxes, ha="center",
                                         va="center", color=NEGATIVE, fontsize=12)
        for ax, title, ylabel in (
            (self.ax_loss, "title_loss", "loss_log"),
            (self.ax_grad, "title_grads", "grad_norm"),
            (self.ax_pred, "title_preds", "prediction"),
        ):
            ax.set_title(text(title, lang))
            ax.set_xlabel(text("step", lang))
            ax.set_ylabel(text(ylabel, lang))
            ax.xaxis.set_major_locator(step_locator())
            ax.grid(alpha=0.3)
        for ax in (self.ax_loss, self.ax_grad):
            # a few major decades and no minor labels: tick text is most of the redraw time
            ax.yaxis.set_major_locator(LogLocator(numticks=6))
            ax.yaxis.set_minor_locator(NullLocator())
        self.ax_grad.legend(fontsize=8, loc="lower left")
        self.ax_pred.legend(fontsize=8, loc="upper right")
        self.moving = [self.loss_line, *self.grad_lines.values(), *self.pred_lines, self.warning]
        # Wide limits until the first show(): a figure laid out now leaves room
        # for the widest tick labels later shows can bring (10^-30, -10.0).
        self.ax_loss.set_ylim(1e-30, 1)
        self.ax_grad.set_ylim(1e-30, 1)
        self.ax_pred.set_ylim(-10, 10)
        for ax in (self.ax_loss, self.ax_grad, self.ax_pred):
            ax.set_xlim(0, 3000)

    def show(self, history):
        """Put ``history`` (a :class:`~nnlib.History`) on the panels."""
        steps = history.recorded_steps  # every step, or every k-th (record_every=k)
        n = len(steps)

        def curve(values):
            rows, y = envelope(values)
            return steps[rows], y

        self.loss_line.set_data(*curve(history.losses))
        for name, line in self.grad_lines.items():
            line.set_data(*curve(history.grad_norms[name]))
        preds = np.reshape(history.predictions, (n, -1))
        for i, line in enumerate(self.pred_lines):
            line.set_data(*curve(preds[:, i]))
        if history.diverged:
            self.warning.set_text(text("diverged_short", self.lang, step=history.diverged_at))
        else:
            self.warning.set_text("")
        for ax, (x0, x1, y0, y1) in self.limits(history).items():
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
        return self.fig

    def limits(self, history):
        """The axis limits :meth:`show` gives ``history``: ``{axes: (x0, x1, y0, y1)}``.

        Cheap (no drawing): a widget uses it to draw ahead the axes that
        nearby slider values will need.
        """
        steps = history.recorded_steps
        n = len(steps)
        last = max(int(steps[-1]) if n else 0, 1)
        if self.round_steps:  # 1, 2, 3 or 5 x 10^k: nearby step counts share their axes
            last = next(m * 10 ** k for k in range(12) for m in (1, 2, 3, 5) if m * 10 ** k >= last)
        preds = np.ravel(history.predictions)
        return {
            self.ax_loss: (0, last, *log_limits(history.losses)),
            self.ax_grad: (0, last, *log_limits([g for g in history.grad_norms.values()] if n else [])),
            self.ax_pred: (0, last, *linear_limits(np.concatenate([preds, self.target]))),
        }


def plot_training(history, target, lang="en"):
    """Loss, gradient norms and predictions of a training run, as one figure."""
    view = TrainingFigure(list(history.grad_norms), np.size(target), np.ravel(target), lang)
    return view.show(history)


def plot_lr_sweep(sweep, lang="en", mark_lr=None):
    """Final loss against learning rate; diverged runs marked with ×."""
    fig = new_figure(6.5, 3.6)
    ax = fig.subplots()
    floor = 1e-33  # a loss of exactly 0 (it happens) cannot be drawn on a log axis
    final = np.maximum(sweep.final_losses, floor)
    ok = sweep.diverged_at < 0
    ax.loglog(sweep.lrs[ok], final[ok], "o-", ms=3, lw=1.5, label=text("final_loss", lang))
    if (~ok).any():
        top = np.nanmax(final[ok]) if ok.any() else 1.0
        ax.scatter(sweep.lrs[~ok], np.full((~ok).sum(), top * 3), marker="x", color=NEGATIVE, s=50,
                   label=text("diverged_runs", lang))
    if mark_lr is not None:
        ax.axvline(mark_lr, color="0.4", ls=":", lw=1.5)
    return _label_log_axes(fig, ax, "learning_rate", "final_loss", "title_sweep", lang)


# ------------------------------------------------------------------ lesson 5

def plot_gradient_cost(n_params, seconds_numerical, seconds_backprop, lang="en"):
    """Time of one gradient against parameter count, log-log."""
    fig = new_figure(6.5, 3.6)
    ax = fig.subplots()
    ax.loglog(n_params, seconds_numerical, "o-", lw=2, label=text("numerical", lang))
    ax.loglog(n_params, seconds_backprop, "s-", lw=2, label=text("backprop", lang))
    return _label_log_axes(fig, ax, "params", "seconds", "title_cost", lang)


# ------------------------------------------------------------------ lesson 6: the digits

def plot_digit_predictions(images, labels, predicted, lang="en", n=40, columns=10):
    """``n`` images with their predicted labels: every mistake first (red frame, true label), then right ones.

    Parameters
    ----------
    images : ndarray, shape (m, 64)
        8x8 images, one per row, values 0..1.
    labels, predicted : ndarray of int, shape (m,)
    """
    labels, predicted = np.asarray(labels, np.intp), np.asarray(predicted, np.intp)
    order = np.concatenate([np.flatnonzero(predicted != labels), np.flatnonzero(predicted == labels)])[:n]
    images, labels, predicted = np.asarray(images)[order], labels[order], predicted[order]
    rows = -(-n // columns)
    fig = new_figure(columns * 0.9, rows * 1.05 + 0.4)
    axes = fig.subplots(rows, columns)
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= min(n, len(images)):
            continue
        ax.imshow(images[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        right = predicted[i] == labels[i]
        label = str(predicted[i]) if right else text("dg_wrong", lang, pred=predicted[i], true=labels[i])
        ax.set_title(label, fontsize=10 if right else 8, color="k" if right else NEGATIVE)
        if not right:
            ax.axis("on")
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_color(NEGATIVE)
                spine.set_linewidth(2.5)
    fig.suptitle(text("dg_grid_title", lang))
    return fig


def confusion_matrix(labels, predicted, n_classes=10):
    """counts[i, j] = how many images of digit i were classified as j.

    Parameters
    ----------
    labels, predicted : array_like of int, shape (m,)
    """
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (np.asarray(labels, np.intp), np.asarray(predicted, np.intp)), 1)
    return counts


def plot_confusion(labels, predicted, lang="en", n_classes=10):
    """The confusion matrix as a picture: the diagonal is right, everything else a mistake."""
    counts = confusion_matrix(labels, predicted, n_classes)
    fig = new_figure(5.2, 4.6)
    ax = fig.subplots()
    ax.imshow(np.log1p(counts), cmap="Blues")  # log: the few mistakes still get a colour
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=9,
                        color="white" if i == j else NEGATIVE)
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel(text("dg_predicted", lang))
    ax.set_ylabel(text("dg_true", lang))
    ax.set_title(text("dg_confusion_title", lang))
    return fig


def plot_learning_curves(record, lang="en"):
    """Loss and accuracy on the training and the test set, epoch by epoch."""
    fig = new_figure(10, 3.4)
    ax_loss, ax_acc = fig.subplots(1, 2)
    epochs = np.arange(record.epochs_done + 1)
    ax_loss.plot(epochs, record.train_loss, lw=2, color="k", label=text("pg_train_loss", lang))
    ax_loss.plot(epochs, record.test_loss, lw=2, color=NEGATIVE, label=text("pg_test_loss", lang))
    ax_loss.set_ylabel(text("pg_ce_loss", lang))
    ax_acc.plot(epochs, 100 * record.train_accuracy, lw=2, color="k", label=text("dg_train_acc", lang))
    ax_acc.plot(epochs, 100 * record.test_accuracy, lw=2, color=NEGATIVE, label=text("dg_test_acc", lang))
    ax_acc.set_ylabel(text("dg_accuracy", lang))
    for ax in (ax_loss, ax_acc):
        ax.set_xlabel(text("pg_epoch_axis", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    return fig
