"""Lesson 6: the 2-D playground widget and the figures for the handwritten digits.

:class:`Playground` trains a one-hidden-layer classifier on a small 2-D set
and shows the decision boundary over the points beside the training and test
loss curves. Sliders: learning rate (log scale), hidden units, epochs; a
choice of data set and activation; play / step through the epochs. Like the
views in :mod:`nnlib.course.widgets`, it is a class whose ``update()`` the
controls call (and tests call directly); the figure is built once and drawn
with Agg into an ``ipywidgets.Image``, redrawing only what moves (see
:class:`_Layered`): the loss axis snaps to a few ranges, so a move seldom
redraws an axis.

A run is trained once per (data set, activation, hidden units, learning rate)
and remembered with a copy of the parameters after every epoch, so the epoch
player and a smaller epoch count only look runs up.
"""

import math
import struct
import zlib

import ipywidgets as W
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from . import plots
from .i18n import text
from .widgets import _Frame, _View
from .. import datasets
from ..activations import get_activation
from ..classification import TwoLayerNet, softmax
from ..fast import train_classifier as fast_train

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


class _Layered(_Frame):
    """A :class:`~nnlib.course.widgets._Frame` that also lays artists over the moving ones (the legends).

    A legend belongs above the curves and the boundary it explains, but
    drawing one costs more than the rest of a frame. Each is drawn once,
    alone, onto a transparent canvas, and every frame blends that layer over
    the picture (the "over" rule with the layer's alpha, as Agg blends it).
    """

    def __init__(self, fig, moving, on_top, cache_size=8):
        for artist in on_top:
            artist.set_animated(True)  # left out of the cached axes
        super().__init__(fig, moving, cache_size)
        self.layers = [self._layer(artist) for artist in on_top]

    def _layer(self, artist):
        box = artist.get_window_extent(self.renderer)
        rows = slice(max(0, math.floor(self.height - box.y1) - 1),
                     min(self.height, math.ceil(self.height - box.y0) + 1))
        cols = slice(max(0, math.floor(box.x0) - 1), min(self.width, math.ceil(box.x1) + 1))
        pixels = np.asarray(self.renderer.buffer_rgba())
        saved = pixels.copy()
        self.renderer.clear()  # transparent
        artist.draw(self.renderer)
        rgba = pixels[rows, cols].astype(np.float32) / 255
        pixels[...] = saved
        alpha = rgba[..., 3:]
        return rows, cols, 255 * alpha * rgba[..., :3] + 0.5, 1 - alpha  # (+ 0.5: rounds when cast)

    def render(self):
        pixels = super().render()
        for rows, cols, color, keep in self.layers:
            under = pixels[rows, cols, :3]
            under[...] = color + keep * under
        return pixels

    def png(self, compress_level=1):
        """The current state as an RGB PNG (bytes), every colour exact (see :func:`png_rgb`)."""
        return png_rgb(self.render(), compress_level)


def png_rgb(pixels, compress_level=1):
    """A PNG (bytes) of the RGB channels of ``pixels`` (shape (H, W, 3 or 4), uint8), without filtering.

    Pillow spends most of its time choosing a filter for every row; this
    figure's large flat areas compress as well without one, in a quarter of
    the time. (A palette PNG is smaller still, but rounds the boundary's
    smooth colours into visible bands.)
    """
    h, w = pixels.shape[:2]
    rows = np.zeros((h, 1 + 3 * w), np.uint8)  # each row: filter type 0, then R G B R G B ...
    rows[:, 1:].reshape(h, w, 3)[...] = pixels[..., :3]

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, compress_level)) + chunk(b"IEND", b""))


class Playground(_View):
    """A two-class playground: the boundary forms as you move the controls.

    Parameters
    ----------
    lang : {"ko", "en"}
    dataset : {"moons", "circles", "spiral"}
    activation : {"tanh", "relu", "sigmoid"}
    hidden : int
        Hidden units, 1 to 32.
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
        self.activation = W.Dropdown(options=["tanh", "relu", "sigmoid"], value=activation,
                                     description=text("pg_activation", lang), style=wide)
        self.hidden = W.IntSlider(value=hidden, min=1, max=32, description=text("pg_hidden", lang),
                                  continuous_update=False, style=wide)
        self.lr = W.FloatLogSlider(value=lr, base=10, min=-3, max=1, step=0.1, readout_format=".3g",
                                   description=text("lr_slider", lang), continuous_update=False, style=wide)
        self.epochs = W.IntSlider(value=epochs, min=10, max=500, step=10, description=text("pg_epochs", lang),
                                  continuous_update=False, style=wide)
        self.play = W.Play(value=epochs, min=0, max=epochs, step=5, interval=150)
        self.epoch = W.IntSlider(value=epochs, min=0, max=epochs, description=text("pg_epoch", lang), style=wide)
        W.jslink((self.play, "value"), (self.epoch, "value"))
        self.status = W.HTML()
        self._runs = {}
        self._splits = {}
        self._build_figure()
        self.image = W.Image(format="png", layout=W.Layout(
            width=f"{self.frame.width}px", max_width="100%", height="auto"))
        for control in (self.dataset, self.activation, self.hidden, self.lr, self.epochs):
            control.observe(lambda _: self.update(), names="value")
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
        self.update()
        self._still = self.image.value  # the picture a saved notebook and the website show

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
        self.fig = plots._figure(10, 4.0)
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
        self.frame = _Layered(self.fig, moving, on_top=[self.ax_map.get_legend(), self.ax_loss.get_legend()])

    def _show_points(self, dataset):
        x_tr, l_tr, x_te, l_te = self.split(dataset)
        colors = np.array(CLASS_COLORS)
        self.train_dots.set_offsets(x_tr)
        self.train_dots.set_facecolor(colors[l_tr])
        self.test_dots.set_offsets(x_te)
        self.test_dots.set_edgecolor(colors[l_te])
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
        if getattr(self, "_drawing", False):
            return
        e = min(self.epoch.value, self.record.epochs_done)
        p = self.record.params[e]
        f = get_activation(self.activation.value)[0]
        z1 = f(self.grid_points @ p["W1"] + p["b1"])
        probability = softmax(z1 @ p["W2"] + p["b2"])[:, 1]
        self.boundary.set_data(probability.reshape(self.GRID, self.GRID))
        self.marker.set_xdata([e, e])
        r = self.record
        self.image.value = self.frame.png()
        self.shown = {"epoch": e, "train_loss": float(r.train_loss[e]), "test_loss": float(r.test_loss[e]),
                      "train_accuracy": float(r.train_accuracy[e]), "test_accuracy": float(r.test_accuracy[e])}
        status = text("pg_status", self.lang, epoch=e, lr=r.lr, hidden=self.hidden.value,
                      train=r.train_loss[e], test=r.test_loss[e],
                      train_acc=100 * r.train_accuracy[e], test_acc=100 * r.test_accuracy[e])
        if r.diverged_at is not None:
            status += " " + text("pg_diverged", self.lang, epoch=r.diverged_at)
        self.status.value = status


# ------------------------------------------------------------------ the digits

def plot_digit_predictions(images, labels, predicted, lang="en", n=40, columns=10):
    """``n`` images with their predicted labels: every mistake first (red frame, true label), then right ones.

    Parameters
    ----------
    images : ndarray, shape (m, 64)
        8x8 images, one per row, values 0..1.
    labels, predicted : ndarray of int, shape (m,)
    """
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    order = np.concatenate([np.flatnonzero(predicted != labels), np.flatnonzero(predicted == labels)])[:n]
    images, labels, predicted = np.asarray(images)[order], labels[order], predicted[order]
    rows = -(-n // columns)
    fig = plots._figure(columns * 0.9, rows * 1.05 + 0.4)
    axes = fig.subplots(rows, columns)
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= min(n, len(images)):
            continue
        ax.imshow(images[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        right = predicted[i] == labels[i]
        label = str(predicted[i]) if right else text("dg_wrong", lang, pred=predicted[i], true=labels[i])
        ax.set_title(label, fontsize=10 if right else 8, color="k" if right else plots.NEGATIVE)
        if not right:
            ax.axis("on")
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_color(plots.NEGATIVE)
                spine.set_linewidth(2.5)
    fig.suptitle(text("dg_grid_title", lang))
    return fig


def confusion_matrix(labels, predicted, n_classes=10):
    """counts[i, j] = how many images of digit i were classified as j."""
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (labels, predicted), 1)
    return counts


def plot_confusion(labels, predicted, lang="en", n_classes=10):
    """The confusion matrix as a picture: the diagonal is right, everything else a mistake."""
    counts = confusion_matrix(labels, predicted, n_classes)
    fig = plots._figure(5.2, 4.6)
    ax = fig.subplots()
    ax.imshow(np.log1p(counts), cmap="Blues")  # log: the few mistakes still get a colour
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=9,
                        color="white" if i == j else plots.NEGATIVE)
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel(text("dg_predicted", lang))
    ax.set_ylabel(text("dg_true", lang))
    ax.set_title(text("dg_confusion_title", lang))
    return fig


def plot_learning_curves(record, lang="en"):
    """Loss and accuracy on the training and the test set, epoch by epoch."""
    fig = plots._figure(10, 3.4)
    ax_loss, ax_acc = fig.subplots(1, 2)
    epochs = np.arange(record.epochs_done + 1)
    ax_loss.plot(epochs, record.train_loss, lw=2, color="k", label=text("pg_train_loss", lang))
    ax_loss.plot(epochs, record.test_loss, lw=2, color=plots.NEGATIVE, label=text("pg_test_loss", lang))
    ax_loss.set_ylabel(text("pg_ce_loss", lang))
    ax_acc.plot(epochs, 100 * record.train_accuracy, lw=2, color="k", label=text("dg_train_acc", lang))
    ax_acc.plot(epochs, 100 * record.test_accuracy, lw=2, color=plots.NEGATIVE, label=text("dg_test_acc", lang))
    ax_acc.set_ylabel(text("dg_accuracy", lang))
    for ax in (ax_loss, ax_acc):
        ax.set_xlabel(text("pg_epoch_axis", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    return fig
