"""Interactive views for the lessons: sliders wired to nnlib and to the plots.

Each view is a small class holding its controls, its figure and its state;
``update()`` is the callback the sliders call, and tests call it directly.
The figure is drawn once with matplotlib's Agg renderer and shown as a PNG in
an ``ipywidgets.Image``; a slider move only refills line data and re-encodes
the PNG, which is much cheaper than building a new figure.

In a notebook, a view displays itself: end a cell with ``TrainingExplorer("ko")``.
"""

import io

import ipywidgets as W
import numpy as np
from PIL import Image

from . import plots
from ..examples import worked_example
from .i18n import text
from ..network import Network
from .. import fast


def _png(fig):
    """The figure as PNG bytes: one Agg draw, then a fast PNG encoding.

    The layout is computed on the first call only (re-running it costs about
    half a redraw), and ``savefig`` is avoided because it draws the figure
    twice.
    """
    if not getattr(fig, "_nnlib_layout_frozen", False):
        fig.canvas.draw()
        fig.set_layout_engine("none")
        fig._nnlib_layout_frozen = True
    fig.canvas.draw()
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _fmt(array):
    return np.array2string(np.asarray(array), precision=4, floatmode="fixed")


class _View:
    """Shared display plumbing: ``self.widget`` is what the notebook shows."""

    widget: W.Widget

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # A short, stable text instead of the widget tree's repr (which would
        # embed the PNG bytes): nbval compares it, and a notebook opened
        # without running shows it in place of the sliders.
        bundle["text/plain"] = text("run_to_show", self.lang, view=type(self).__name__)
        return bundle


# ------------------------------------------------------------------ lesson 1

class ForwardExplorer(_View):
    """Two input sliders; the network diagram and every value follow them."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.net, x, _ = worked_example()
        self.x1 = W.FloatSlider(value=x[0], min=-2, max=2, step=0.05, description="x1")
        self.x2 = W.FloatSlider(value=x[1], min=-2, max=2, step=0.05, description="x2")
        self.status = W.HTML()
        self.image = W.Image(format="png")
        self.fig = plots._figure(5.5, 3.6)
        self.ax = self.fig.subplots()
        for slider in (self.x1, self.x2):
            slider.observe(lambda _: self.update(), names="value")
        self.widget = W.VBox([W.HBox([self.x1, self.x2]), self.status, self.image])
        self.update()

    def update(self):
        x = np.array([self.x1.value, self.x2.value])
        values = self.net.forward(x)
        self.values = values
        plots.draw_network(self.ax, self.net, x, self.lang)
        self.image.value = _png(self.fig)
        self.status.value = text("forward_status", self.lang, x1=x[0], x2=x[1],
                                 z1=_fmt(values["z1"]), y=_fmt(values["y"]))


# ------------------------------------------------------------------ lesson 2

class LossExplorer(_View):
    """Move one weight, W2[0,0], and watch the loss follow its curve."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.net, self.x, self.t = worked_example()
        self.slider = W.FloatSlider(value=self.net.params["W2"][0, 0], min=-3, max=3, step=0.05,
                                    description="W2[0,0]")
        self.status = W.HTML()
        self.image = W.Image(format="png")
        self.fig = plots.plot_loss_landscape(self.net, self.x, self.t, "W2", (0, 0), lang,
                                             limits=(self.slider.min, self.slider.max))
        self.marker = self.fig.axes[0].collections[0]
        self.slider.observe(lambda _: self.update(), names="value")
        self.widget = W.VBox([self.slider, self.status, self.image])
        self.update()

    def update(self):
        self.net.params["W2"][0, 0] = self.slider.value
        self.loss = self.net.loss(self.x, self.t)
        self.marker.set_offsets([[self.slider.value, self.loss]])
        self.image.value = _png(self.fig)
        self.status.value = text("loss_status", self.lang, w=self.slider.value, loss=self.loss)


# ------------------------------------------------------------------ lesson 3

class DerivativeExplorer(_View):
    """A slider for h; a marker shows the error of both differences at that h."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.slider = W.FloatLogSlider(value=1e-4, base=10, min=-12, max=-1, step=0.25,
                                       description="h", readout_format=".1e")
        self.status = W.HTML()
        self.image = W.Image(format="png")
        self.fig = plots.plot_derivative_error(lang=lang, mark_h=1e-4)
        self.mark = self.fig.axes[0].lines[-1]
        self.slider.observe(lambda _: self.update(), names="value")
        self.widget = W.VBox([self.slider, self.status, self.image])
        self.update()

    def update(self):
        h = self.slider.value
        forward, central = plots.derivative_errors(plots.sigmoid, plots.sigmoid_grad, 0.5, [h])
        self.errors = {"forward": float(forward[0]), "central": float(central[0])}
        self.mark.set_xdata([h, h])
        self.image.value = _png(self.fig)
        self.status.value = text("h_status", self.lang, h=h, **self.errors)


# ------------------------------------------------------------------ lesson 4

class TrainingExplorer(_View):
    """Learning rate (log scale), number of steps and output layer: re-train and re-plot.

    The whole grid of slider learning rates (1e-3 to 10, 81 values) is
    trained for 3000 steps in one vectorised :func:`nnlib.fast.learning_rate_sweep`
    per output layer, the first time that layer is chosen; after that a
    slider move looks up its run. A typed learning rate between grid points
    is trained on the spot and remembered. Fewer steps are the beginning of
    the same run, so the steps slider costs no training at all.
    """

    EXPONENTS = np.round(np.arange(-3, 1.0001, 0.05), 2)
    MAX_STEPS = 3000

    def __init__(self, lang="en", lr=0.1, steps=3000, output="sigmoid"):
        self.lang = lang
        self.lr = W.FloatLogSlider(value=lr, base=10, min=-3, max=1, step=0.05,
                                   description=text("lr_slider", lang), readout_format=".3g",
                                   continuous_update=False, style={"description_width": "initial"})
        self.steps = W.IntSlider(value=steps, min=10, max=self.MAX_STEPS, step=10,
                                 description=text("steps_slider", lang), continuous_update=False,
                                 style={"description_width": "initial"})
        self.output = W.Dropdown(options=[(text("out_sigmoid", lang), "sigmoid"),
                                          (text("out_identity", lang), "identity")],
                                 value=output, description=text("output_layer", lang),
                                 style={"description_width": "initial"})
        self.status = W.HTML()
        self.image = W.Image(format="png")
        _, x, t = worked_example()
        self.x, self.t = x, t
        self.view = plots.TrainingFigure(["W1", "b1", "W2", "b2"], 2, t, lang)
        self._sweeps = {}  # output layer -> (lrs, Sweep)
        for control in (self.lr, self.steps, self.output):
            control.observe(lambda _: self.update(), names="value")
        self.widget = W.VBox([W.HBox([self.lr, self.steps]), self.output, self.status, self.image])
        # stable handles for the browser tests (and for anyone styling the course)
        for control, name in ((self.lr, "lr"), (self.steps, "steps"), (self.output, "output"),
                              (self.status, "status"), (self.image, "plot")):
            control.add_class(f"nnlib-training-{name}")
        self.update()

    def network(self, output):
        net, _, _ = worked_example()
        return Network(net.params, ["sigmoid", output])

    def run(self, lr, steps, output):
        """The :class:`~nnlib.History` of ``steps`` steps at ``lr`` (from the cache when possible)."""
        if output not in self._sweeps:
            lrs = 10.0 ** self.EXPONENTS
            self._sweeps[output] = [lrs, fast.learning_rate_sweep(self.network(output), self.x, self.t, lrs, self.MAX_STEPS)]
        lrs, sweep = self._sweeps[output]
        hit = np.flatnonzero(np.isclose(lrs, lr, rtol=1e-9, atol=0))
        if hit.size:
            history = sweep.history(hit[0])
        else:
            history = fast.learning_rate_sweep(self.network(output), self.x, self.t, [lr], self.MAX_STEPS).history(0)
        return history.first(steps)

    def update(self):
        self.history = self.run(self.lr.value, self.steps.value, self.output.value)
        h = self.history
        self.view.show(h)
        self.image.value = _png(self.view.fig)
        if h.diverged:
            self.status.value = f'<b style="color:#d62728">{text("diverged", self.lang, lr=h.lr, step=h.diverged_at)}</b>'
        else:
            self.status.value = text("status", self.lang, lr=h.lr, steps=h.steps_done, loss=h.final_loss,
                                     pred=_fmt(h.final_prediction))


class HistoryPlayer(_View):
    """Play / step through a training history: the network's weights at each step."""

    def __init__(self, history, x, lang="en", every=50):
        if history.params is None:
            raise ValueError("HistoryPlayer needs a History from gradient_descent (with parameter snapshots)")
        self.lang, self.hist, self.x = lang, history, np.asarray(x, dtype=float)
        last = history.steps_done - 1
        self.play = W.Play(value=0, min=0, max=last, step=every, interval=300)
        self.slider = W.IntSlider(value=0, min=0, max=last, step=1, description=text("play_step", lang))
        W.jslink((self.play, "value"), (self.slider, "value"))
        self.status = W.HTML()
        self.image = W.Image(format="png")
        self.fig = plots._figure(5.5, 3.6)
        self.ax = self.fig.subplots()
        self.net = Network({k: v[0] for k, v in history.params.items()})
        self.slider.observe(lambda _: self.update(), names="value")
        self.widget = W.VBox([W.HBox([self.play, self.slider]), self.status, self.image])
        self.update()

    def update(self):
        step = self.slider.value
        for name, snapshots in self.hist.params.items():
            self.net.params[name][...] = snapshots[step]
        plots.draw_network(self.ax, self.net, self.x, self.lang)
        self.image.value = _png(self.fig)
        self.status.value = text("player_status", self.lang, step=step, loss=self.hist.losses[step],
                                 pred=_fmt(self.hist.predictions[step]))
