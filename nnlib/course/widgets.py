"""Interactive views for the lessons: sliders wired to nnlib and to the plots.

Each view is a small class holding its controls, its figure and its state;
``update()`` is the callback the sliders call, and tests call it directly.
:class:`View` is what they share (also :class:`~nnlib.course.playground.Playground`).

Speed: a slider move must answer within a display frame or so. Each view
draws its figure through a :class:`~nnlib.course.frame.Frame`, which redraws
only what changed and sends a small PNG at the size it is shown. Where the
axis limits follow the slider (the learning rate), the view draws ahead,
after each answered move, the axes that the nearest other slider values need
(:meth:`View.draw_ahead`), so that a first visit of a value costs a frame too.

A slider set to NaN from Python is put back to its previous value and the
status line says why; the callback never raises for it.

In a notebook, a view displays itself: end a cell with ``TrainingExplorer("ko")``.
A stored notebook keeps a still picture of the view's first state and a note
to run the cell (``text/html``), and a one-line note (``text/plain``).
"""

import base64
import math
import time

import ipywidgets as W
import numpy as np

from .. import fast
from ..examples import worked_example
from ..network import Network
from . import plots
from .frame import Frame
from .i18n import text


def _fmt(array):
    return np.array2string(np.asarray(array), precision=4, floatmode="fixed")


class View:
    """What every view shares: ``self.widget`` is what the notebook shows.

    A subclass builds its controls and its figure, calls :meth:`start` with
    a :class:`~nnlib.course.frame.Frame` of the figure, and implements
    :meth:`update`, which ends with :meth:`show`.
    """

    widget: W.Widget

    def start(self, frame, controls):
        """Make the image and status widgets, hook ``controls`` to :meth:`update`, draw the first frame."""
        self.frame = frame
        self.image = W.Image(format="png", layout=W.Layout(
            width=f"{frame.width}px", max_width="100%", height="auto"))
        self.status = W.HTML()
        for control in controls:
            control.observe(self._changed, names="value")
        self.update()
        self._still = frame.render().copy()  # the first picture, for a notebook without a kernel
        self.draw_ahead(self.AHEAD_BUDGET)

    def _changed(self, change):
        value = change["new"]
        if isinstance(value, float) and not math.isfinite(value):
            control = change["owner"]
            name = control.description or type(control).__name__
            control.value = change["old"]  # runs update() for the old value
            note = text("not_finite", self.lang, name=name, value=value, old=change["old"])
            self.status.value = f'<b style="color:#d62728">{note}</b><br>{self.status.value}'
            return
        self.update()
        self.draw_ahead(self.AHEAD_BUDGET)

    def show(self):
        """Send the current state of the figure to the image widget."""
        self.image.value = self.frame.png()

    # After a move has been answered (picture and status sent), the view draws
    # ahead for about this long (s): about one axes, those of the nearest
    # slider values first. The kernel stays busy that long, so the next move
    # waits for it at most. (Drawing ahead in callbacks of the kernel's event
    # loop while it was idle was tried: under load, with ipykernel 7, slider
    # messages then went unanswered now and then. Inside the message they did not.)
    AHEAD_BUDGET = 0.03

    def ahead(self):
        """The (axes, limits) that moves from the current state are likely to need, nearest first.

        A view whose axis limits follow its sliders yields them here; the
        others have nothing to draw ahead.
        """
        return iter(())

    def draw_ahead(self, budget=None):
        """Draw the bands :meth:`ahead` names, nearest first; returns how many were drawn.

        Stops when they are all cached, or once ``budget`` seconds have passed
        (checked before each band: the last one may run over).
        """
        start, drawn = time.perf_counter(), 0
        for ax, limits in self.ahead():
            if budget is not None and time.perf_counter() - start >= budget:
                break
            drawn += self.frame.prepare(ax, limits)
        return drawn

    def update(self):
        raise NotImplementedError

    def still_html(self):
        """HTML for a notebook without a kernel: a note and the view's first picture."""
        data = base64.b64encode(self.frame.encode(self._still, compress_level=9)).decode("ascii")
        note = text("still_note", self.lang)
        return (f'<div class="nnlib-still"><p>{note}</p>'
                f'<img src="data:image/png;base64,{data}" width="{self.frame.width}" '
                f'style="max-width:100%" alt="{type(self).__name__}"></div>')

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # A short, stable text instead of the widget tree's repr (which would
        # embed the PNG bytes): nbval compares it. The HTML shows a still
        # picture wherever the live widget cannot run (a saved notebook, the
        # course website); nbval compares it with the image data sanitised.
        bundle["text/plain"] = text("run_to_show", self.lang, view=type(self).__name__)
        bundle["text/html"] = self.still_html()
        return bundle


# ------------------------------------------------------------------ lesson 1

class ForwardExplorer(View):
    """Two input sliders; the network diagram and every value follow them."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.net, x, _ = worked_example()
        self.x0 = W.FloatSlider(value=x[0], min=-2, max=2, step=0.05, description="x[0]")
        self.x1 = W.FloatSlider(value=x[1], min=-2, max=2, step=0.05, description="x[1]")
        fig = plots.new_figure(5.5, 3.6)
        self.ax = fig.subplots()
        self.parts = plots.draw_network(self.ax, self.net, x, lang)
        self.start(Frame(fig, self.parts["values"]), [self.x0, self.x1])
        self.widget = W.VBox([W.HBox([self.x0, self.x1]), self.status, self.image])

    def update(self):
        x = np.array([self.x0.value, self.x1.value])
        self.values = self.net.forward(x)
        plots.update_network(self.parts, self.net, x, what=("values",))  # the weights stay
        self.show()
        self.status.value = text("forward_status", self.lang, x1=x[0], x2=x[1],
                                 z1=_fmt(self.values["z1"]), y=_fmt(self.values["y"]))


# ------------------------------------------------------------------ lesson 2

class LossExplorer(View):
    """Move one weight, W2[0,0], and watch the loss follow its curve."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.net, self.x, self.t = worked_example()
        self.slider = W.FloatSlider(value=self.net.params["W2"][0, 0], min=-3, max=3, step=0.05,
                                    description="W2[0,0]")
        fig = plots.plot_loss_landscape(self.net, self.x, self.t, "W2", (0, 0), lang,
                                        limits=(self.slider.min, self.slider.max))
        self.marker = fig.axes[0].collections[0]
        self.start(Frame(fig, [self.marker]), [self.slider])
        self.widget = W.VBox([self.slider, self.status, self.image])

    def update(self):
        self.net.params["W2"][0, 0] = self.slider.value
        self.loss = self.net.loss(self.x, self.t)
        self.marker.set_offsets([[self.slider.value, self.loss]])
        self.show()
        self.status.value = text("loss_status", self.lang, w=self.slider.value, loss=self.loss)


# ------------------------------------------------------------------ lesson 3

class DerivativeExplorer(View):
    """A slider for h; a marker shows the error of both differences at that h."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.slider = W.FloatLogSlider(value=1e-4, base=10, min=-12, max=-1, step=0.25,
                                       description="h", readout_format=".1e")
        fig = plots.plot_derivative_error(lang=lang, mark_h=1e-4)
        self.mark = fig.axes[0].lines[-1]
        self.start(Frame(fig, [self.mark]), [self.slider])
        self.widget = W.VBox([self.slider, self.status, self.image])

    def update(self):
        h = self.slider.value
        forward, central = plots.derivative_errors(plots.sigmoid, plots.sigmoid_grad, 0.5, [h])
        self.errors = {"forward": float(forward[0]), "central": float(central[0])}
        self.mark.set_xdata([h, h])
        self.show()
        self.status.value = text("h_status", self.lang, h=h, **self.errors)


# ------------------------------------------------------------------ lesson 4

class TrainingExplorer(View):
    """Learning rate (log scale), number of steps and output layer: re-train and re-plot.

    Training runs in :mod:`nnlib.fast`. The slider's own values (1e-3 to 10,
    81 of them) are trained together for 3000 steps in one
    :func:`nnlib.fast.learning_rate_sweep` per output layer, the first time
    that layer is chosen: with today's engine one vectorised sweep of all 81
    costs about three single runs (``benchmarks/bench_slider.py`` prints
    both), and a single run costs more than a frame; after that a slider
    move looks up its run. A typed learning rate between the slider's values is trained on
    the spot with :func:`nnlib.fast.gradient_descent` and remembered. Fewer
    steps are the beginning of the same run, so the steps slider costs no
    training at all.
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
        _, x, t = worked_example()
        self.x, self.t = x, t
        self.view = plots.TrainingFigure(["W1", "b1", "W2", "b2"], 2, t, lang, round_steps=True)
        self._sweeps = {}  # output layer -> Sweep over the slider's values
        self._typed = {}  # (output layer, lr) -> History of a typed value
        self._limits_of, self._limits = None, {}  # (steps, output layer); exponent -> axis limits
        self.start(Frame(self.view.fig, self.view.moving), [self.lr, self.steps, self.output])
        self.widget = W.VBox([W.HBox([self.lr, self.steps]), self.output, self.status, self.image])
        # stable handles for the browser tests (and for anyone styling the course)
        for control, name in ((self.lr, "lr"), (self.steps, "steps"), (self.output, "output"),
                              (self.status, "status"), (self.image, "plot")):
            control.add_class(f"nnlib-training-{name}")

    def network(self, output):
        net, _, _ = worked_example()
        return Network(net.params, ["sigmoid", output])

    def run(self, lr, steps, output):
        """The :class:`~nnlib.History` of ``steps`` steps at ``lr`` (from the cache when possible)."""
        if output not in self._sweeps:
            self._sweeps[output] = fast.learning_rate_sweep(
                self.network(output), self.x, self.t, 10.0 ** self.EXPONENTS, self.MAX_STEPS,
                "backprop", 1e-4)
        sweep = self._sweeps[output]
        hit = np.flatnonzero(np.isclose(sweep.lrs, lr, rtol=1e-9, atol=0))
        if hit.size:
            history = sweep.history(hit[0])
        else:
            if (output, lr) not in self._typed:
                self._typed[output, lr] = fast.gradient_descent(
                    self.network(output), self.x, self.t, lr, self.MAX_STEPS, "backprop", 1e-4)
            history = self._typed[output, lr]
        return history.first(steps)

    def ahead(self):
        """The bands of the slider's learning rates, nearest the current one first.

        About a third of the slider's values bring new axis limits (the loss
        falls to a new decade, the predictions leave their range), and
        drawing one axes costs 30-80 ms; once drawn ahead, a move there costs
        a frame. Runs and limits come from the sweep already trained.
        """
        steps, output = self.steps.value, self.output.value
        if output not in self._sweeps:
            return
        if self._limits_of != (steps, output):
            self._limits_of, self._limits = (steps, output), {}
        here = np.log10(self.lr.value)
        for exponent in sorted(self.EXPONENTS, key=lambda e: abs(e - here)):
            if exponent not in self._limits:
                self._limits[exponent] = self.view.limits(self.run(10.0 ** exponent, steps, output))
            yield from self._limits[exponent].items()

    def update(self):
        self.history = h = self.run(self.lr.value, self.steps.value, self.output.value)
        self.view.show(h)
        self.show()
        if h.diverged:
            self.status.value = f'<b style="color:#d62728">{text("diverged", self.lang, lr=h.lr, step=h.diverged_at)}</b>'
        else:
            self.status.value = text("status", self.lang, lr=h.lr, steps=h.steps_done, loss=h.final_loss,
                                     pred=_fmt(h.final_prediction))


class HistoryPlayer(View):
    """Play / step through a training history: the network's weights at each step.

    Slider value ``i`` shows the parameters after step ``i``. A history with
    no steps (a run that diverged at its first step, or ``history.first(0)``)
    shows the parameters before training, and the status line says so.
    """

    def __init__(self, history, x, lang="en", every=50):
        if history.params is None or history.params_start is None:
            raise ValueError("history must come from gradient_descent (with parameter snapshots); "
                             "a Sweep's histories have none")
        self.lang, self.hist, self.x = lang, history, np.asarray(x, dtype=float)
        self.empty = history.steps_done == 0
        last = max(history.steps_done - 1, 0)
        self.play = W.Play(value=0, min=0, max=last, step=every, interval=300, disabled=self.empty)
        self.slider = W.IntSlider(value=0, min=0, max=last, step=1, description=text("play_step", lang),
                                  disabled=self.empty)
        W.jslink((self.play, "value"), (self.slider, "value"))
        params = {name: np.array(value, dtype=float) for name, value in history.params_start.items()}
        self.net = Network(params, history.activations)  # the trained network's own activations
        fig = plots.new_figure(5.5, 3.6)
        self.parts = plots.draw_network(fig.subplots(), self.net, self.x, lang)
        # everything but the titles moves; the nodes too, since they cover the edges
        moving = [a for part in ("edges", "nodes", "weights", "biases", "values") for a in self.parts[part]]
        self.start(Frame(fig, moving), [self.slider])
        self.widget = W.VBox([W.HBox([self.play, self.slider]), self.status, self.image])

    def update(self):
        step = self.slider.value
        if self.empty:
            for name, start in self.hist.params_start.items():
                self.net.params[name][...] = start
        else:
            for name, snapshots in self.hist.params.items():
                self.net.params[name][...] = snapshots[step]
        plots.update_network(self.parts, self.net, self.x)
        self.show()
        if self.empty:
            self.status.value = text("player_empty", self.lang, loss=self.hist.loss_start)
        else:
            self.status.value = text("player_status", self.lang, step=step, loss=self.hist.losses[step],
                                     pred=_fmt(self.hist.predictions[step]))
