"""Lesson 6: the 2-D playground widget.

:class:`Playground` trains a one-hidden-layer classifier on a small 2-D set
and shows the decision boundary over the points beside the training and test
loss curves. Sliders: learning rate (log scale), hidden neurons, epochs; a
choice of data set and activation; play / step through the epochs. Like the
views in :mod:`nnlib.course.widgets`, it is a :class:`~nnlib.course.widgets.View`
whose ``update()`` the controls call (and tests call directly); its
:class:`~nnlib.course.frame.Frame` redraws only what moves, with the legends
laid over the boundary and the curves: the loss axis snaps to a few ranges,
so a move seldom redraws an axis.

A run is trained once per (data set, activation, hidden neurons, learning rate)
and remembered with a copy of the parameters after every epoch, so the epoch
player and a smaller epoch count only look runs up.
"""

import math

import ipywidgets as W
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .. import datasets
from ..activations import get_activation
from ..classification import TwoLayerNet, softmax
from ..fast import train_classifier as fast_train
from . import plots
from .frame import Frame
from .i18n import text

# the lessons draw the digit figures (lessons 6 and 7) through this module
from .plots import confusion_matrix, plot_confusion, plot_digit_predictions, plot_learning_curves  # noqa: F401
from .widgets import View

CLASS_COLORS = ("#e8853d", "#2c7bb6")  # class 0 orange, class 1 blue (as in TensorFlow Playground)
BOUNDARY_CMAP = LinearSegmentedColormap.from_list("nnlib_two_class", ["#f4a259", "#ffffff", "#5a9fd4"])

#: noise of each 2-D set in the playground: enough that a wiggly boundary can fit it
NOISE = {"moons": 0.25, "circles": 0.15, "spiral": 0.1}


def toy_split(name, n=160, seed=0):
    """The playground's data set ``name``: half the points for training, half for testing.

    Returns
    -------
    x_train, labels_train, x_test, labels_test
    """
    x, labels = datasets.TOY_SETS[name](n, noise=NOISE[name], seed=seed)
    return datasets.train_test_split(x, labels, test_fraction=0.5, seed=seed)


def loss_axis_top(top):
    """The loss axis' upper limit for curves that reach ``top``: the first of 1, 1.5, 2, 3, 5, 7, 10, 15, ...

    that leaves 5 % above the curves (1 at least).
    """
    top = max(1.0, 1.05 * float(top)) if math.isfinite(top) else 1.0
    decade = 10.0 ** math.floor(math.log10(top))
    return next(m * decade for m in (1, 1.5, 2, 3, 5, 7, 10) if m * decade >= top)


class Playground(View):
    """A two-class playground: the boundary forms as you move the controls.

    Parameters
    ----------
    lang : {"ko", "en"}
    dataset : {"moons", "circles", "spiral"}
    activation : {"tanh", "relu", "sigmoid"}
    hidden : int
        Hidden neurons, 1 to 32.
    lr : float
        Learning rate, 1e-3 to 10 (log slider).
    epochs : int
        10 to 500.
    batch_size : int
        Mini-batch size (fixed).
    """

    GRID = 60  # the boundary is drawn on GRID x GRID points
    BATCH_SIZE = 16
    LIMIT = 1.6  # the plotted square: -LIMIT .. LIMIT on both axes

    def __init__(self, lang="en", dataset="spiral", activation="relu", hidden=2, lr=0.3, epochs=300,
                 batch_size=BATCH_SIZE, seed=0):
        self.lang, self.batch_size, self.seed = lang, batch_size, seed
        wide = {"description_width": "initial"}
        self.dataset = W.Dropdown(options=[(text(f"pg_{name}", lang), name) for name in datasets.TOY_SETS],
                                  value=dataset, description=text("pg_dataset", lang), style=wide)
        self.activation = W.Dropdown(options=[(text(f"act_{name}", lang), name) for name in ("tanh", "relu", "sigmoid")],
                                     value=activation, description=text("pg_activation", lang), style=wide)
        self.hidden = W.IntSlider(value=hidden, min=1, max=32, description=text("pg_hidden", lang),
                                  continuous_update=False, style=wide)
        self.lr = W.FloatLogSlider(value=lr, base=10, min=-3, max=1, step=0.1, readout_format=".3g",
                                   description=text("lr_slider", lang), continuous_update=False, style=wide)
        self.epochs = W.IntSlider(value=epochs, min=10, max=500, step=10, description=text("pg_epochs", lang),
                                  continuous_update=False, style=wide)
        self.play = W.Play(value=epochs, min=0, max=epochs, step=5, interval=150)
        self.epoch = W.IntSlider(value=epochs, min=0, max=epochs, description=text("pg_epoch", lang), style=wide)
        W.jslink((self.play, "value"), (self.epoch, "value"))
        self._runs = {}
        self._splits = {}
        self._drawing = False  # True while update() moves the epoch slider: one redraw, not two
        self.start(self._build_figure(), [self.dataset, self.activation, self.hidden, self.lr, self.epochs])
        self.epoch.observe(lambda _: self.show_epoch(), names="value")
        self.widget = W.VBox([
            W.HBox([self.dataset, self.activation]),
            W.HBox([self.hidden, self.lr, self.epochs]),
            W.HBox([self.play, self.epoch]),
            self.status, self.image,
        ])
        for control, name in ((self.hidden, "hidden"), (self.lr, "lr"), (self.epochs, "epochs"),
                              (self.epoch, "epoch"), (self.status, "status"), (self.image, "plot")):
            control.add_class(f"nnlib-playground-{name}")

    # -- training (cached) ----------------------------------------------------

    def split(self, name):
        if name not in self._splits:
            self._splits[name] = toy_split(name, seed=self.seed)
        return self._splits[name]

    def run(self, dataset, activation, hidden, lr, epochs):
        """The :class:`~nnlib.classification.Record` of this setting, with at least ``epochs`` epochs."""
        key = (dataset, activation, hidden, round(float(lr), 12))
        record = self._runs.get(key)
        if record is None or (record.epochs_done < epochs and record.diverged_at is None):
            net = TwoLayerNet(2, hidden, 2, activation, seed=self.seed)
            record = fast_train(net, *self.split(dataset), lr=lr, epochs=epochs, batch_size=self.batch_size,
                                seed=self.seed, keep_params=True)
            self._runs[key] = record
        return record

    # -- drawing ---------------------------------------------------------------

    def _build_figure(self):
        """The map and the loss axes; returns their :class:`~nnlib.course.frame.Frame`."""
        self.fig = plots.new_figure(10, 4.0)
        self.ax_map, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25]})
        side = np.linspace(-self.LIMIT, self.LIMIT, self.GRID)
        gx, gy = np.meshgrid(side, side)
        self.grid_points = np.column_stack([gx.ravel(), gy.ravel()])
        self.boundary = self.ax_map.imshow(np.full((self.GRID, self.GRID), 0.5), origin="lower",
                                           extent=(-self.LIMIT, self.LIMIT, -self.LIMIT, self.LIMIT),
                                           cmap=BOUNDARY_CMAP, vmin=0, vmax=1, interpolation="bilinear")
        self.train_dots = self.ax_map.scatter([], [], s=22, edgecolor="white", linewidth=0.6,
                                              label=text("pg_train_points", self.lang))
        self.test_dots = self.ax_map.scatter([], [], s=22, marker="^", facecolor="none", linewidth=1.2,
                                             label=text("pg_test_points", self.lang))
        self.ax_map.set_xlim(-self.LIMIT, self.LIMIT)
        self.ax_map.set_ylim(-self.LIMIT, self.LIMIT)
        self.ax_map.set_aspect("equal")
        self.ax_map.set_xticks([-1, 0, 1])
        self.ax_map.set_yticks([-1, 0, 1])
        # the legend's markers in grey: the colour of a point is its class
        self.ax_map.legend(handles=[
            Line2D([], [], ls="", marker="o", markersize=5, color="0.45", markeredgecolor="white",
                   label=text("pg_train_points", self.lang)),
            Line2D([], [], ls="", marker="^", markersize=5.5, markerfacecolor="none", markeredgecolor="0.45",
                   markeredgewidth=1.2, label=text("pg_test_points", self.lang))],
            loc="upper right", fontsize=8, framealpha=0.8)
        self.ax_map.set_title(text("pg_map_title", self.lang), fontsize=10)
        (self.train_line,) = self.ax_loss.plot([], [], lw=2, color="k", label=text("pg_train_loss", self.lang))
        (self.test_line,) = self.ax_loss.plot([], [], lw=2, color=plots.NEGATIVE, label=text("pg_test_loss", self.lang))
        self.marker = self.ax_loss.axvline(0, color="0.5", ls=":", lw=1.5)
        self.ax_loss.set_xlabel(text("pg_epoch_axis", self.lang))
        self.ax_loss.set_ylabel(text("pg_ce_loss", self.lang))
        self.ax_loss.set_title(text("pg_loss_title", self.lang), fontsize=10)
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax_loss.grid(alpha=0.3)
        self.ax_loss.legend(loc="upper right", fontsize=9)
        self._shown_dataset = None
        # the layout is fixed at the first draw: lay it out for the widest tick labels
        self.ax_loss.set_xlim(0, self.epochs.max)
        self.ax_loss.set_ylim(0, 1)
        # drawn over the cached axes on every frame, in this order (zorder); the frame lines
        # go over the boundary and the curves as in a full draw, the legends over everything
        moving = [self.boundary, self.train_dots, self.test_dots, self.train_line, self.test_line,
                  self.marker, *self.ax_map.spines.values(), *self.ax_loss.spines.values()]
        # an RGB PNG: a palette would round the boundary's smooth colours into visible bands
        return Frame(self.fig, moving, on_top=[self.ax_map.get_legend(), self.ax_loss.get_legend()],
                     cache_size=8, palette=False)

    def _show_points(self, dataset):
        x_tr, l_tr, x_te, l_te = self.split(dataset)
        colors = np.array(CLASS_COLORS)
        self.train_dots.set_offsets(x_tr)
        self.train_dots.set_facecolor(colors[np.asarray(l_tr, np.intp)])
        self.test_dots.set_offsets(x_te)
        self.test_dots.set_edgecolor(colors[np.asarray(l_te, np.intp)])
        self._shown_dataset = dataset

    def update(self):
        """Called by the training controls: (re)train if needed, then show the last epoch."""
        epochs = self.epochs.value
        self.record = self.run(self.dataset.value, self.activation.value, self.hidden.value, self.lr.value, epochs)
        if self._shown_dataset != self.dataset.value:
            self._show_points(self.dataset.value)
        last = min(epochs, self.record.epochs_done)
        self._drawing = True  # one redraw, not one per control we touch
        try:
            self.play.max = self.epoch.max = last
            self.epoch.value = last
        finally:
            self._drawing = False
        r = self.record
        steps = np.arange(last + 1)
        self.train_line.set_data(steps, r.train_loss[:last + 1])
        self.test_line.set_data(steps, r.test_loss[:last + 1])
        # a few ranges only: the loss axis is drawn once per range (then pasted from a cache)
        top = max(r.train_loss[:last + 1].max(), r.test_loss[:last + 1].max())
        limits = (max(epochs, 1), loss_axis_top(top))
        if limits != (self.ax_loss.get_xlim()[1], self.ax_loss.get_ylim()[1]):
            self.ax_loss.set_xlim(0, limits[0])
            self.ax_loss.set_ylim(0, limits[1])
        self.show_epoch()

    def show_epoch(self):
        """Called by the epoch player: the boundary after epoch ``self.epoch.value``."""
        if self._drawing:
            return
        e = min(self.epoch.value, self.record.epochs_done)
        p = self.record.params[e]
        f = get_activation(self.activation.value)[0]
        z1 = f(self.grid_points @ p["W1"] + p["b1"])
        probability = softmax(z1 @ p["W2"] + p["b2"])[:, 1]
        self.boundary.set_data(probability.reshape(self.GRID, self.GRID))
        self.marker.set_xdata([e, e])
        r = self.record
        self.show()
        self.shown = {"epoch": e, "train_loss": float(r.train_loss[e]), "test_loss": float(r.test_loss[e]),
                      "train_accuracy": float(r.train_accuracy[e]), "test_accuracy": float(r.test_accuracy[e])}
        status = text("pg_status", self.lang, epoch=e, lr=r.lr, hidden=self.hidden.value,
                      train=r.train_loss[e], test=r.test_loss[e],
                      train_acc=100 * r.train_accuracy[e], test_acc=100 * r.test_accuracy[e])
        if r.diverged_at is not None:
            status += " " + text("pg_diverged", self.lang, epoch=r.diverged_at)
        self.status.value = status
