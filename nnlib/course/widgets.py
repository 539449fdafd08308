"""Interactive views for the lessons: sliders wired to nnlib and to the plots.

Each view is a small class holding its controls, its figure and its state;
``update()`` is the callback the sliders call, and tests call it directly.

Speed: a slider move must answer within a display frame or so. The figure is
drawn once with matplotlib's Agg renderer; after that a move redraws only
what changed (see :class:`_Frame`): the axes whose limits did not change are
pasted from a cache of their drawn pixels, and only the moving artists (the
lines, markers and labels that follow the slider) are drawn over them. The
picture is sent as a small palette PNG at the size it is shown. Where the
axis limits follow the slider (the learning rate), the view draws ahead,
after each answered move, the axes that the nearest other slider values need
(:meth:`_View.draw_ahead`), so that a first visit of a value costs a frame too.

A slider set to NaN from Python is put back to its previous value and the
status line says why; the callback never raises for it.

In a notebook, a view displays itself: end a cell with ``TrainingExplorer("ko")``.
A stored notebook keeps a still picture of the view's first state and a note
to run the cell (``text/html``), and a one-line note (``text/plain``).
"""

import base64
import collections
import io
import math
import time

import ipywidgets as W
import numpy as np
from matplotlib import colors, font_manager
from matplotlib.text import Text
from PIL import Image

from .. import fast
from ..examples import worked_example
from ..network import Network
from . import plots
from .i18n import text


def _fmt(array):
    return np.array2string(np.asarray(array), precision=4, floatmode="fixed")


# ------------------------------------------------------------------ drawing

class _TextStamp:
    """Draws short plain texts (numbers, mostly) straight with FreeType: about 40 times
    faster than matplotlib's ``Text.draw``, which lays the text out twice
    and looks its fonts up on every call.

    Handles what the moving labels of the course figures use: one line, no
    rotation, no math, any horizontal and vertical alignment, colour and
    alpha, and a plain filled box behind the text. Anything else (for
    example Hangul, which needs the fallback font) returns False from
    :meth:`draw` and is drawn by matplotlib.
    """

    def __init__(self, renderer, cache_size=4096):
        self.renderer = renderer
        self.cache = collections.OrderedDict()  # (font file, size, string) -> (alpha mask, ink metrics)
        self.cache_size = cache_size
        self._boxes = {}  # (font file, size) -> height and descent of a line, in pixels

    def _glyphs(self, path, size, string):
        key = (path, size, string)
        hit = self.cache.get(key)
        if hit is None:
            font = font_manager.get_font(path)
            font.clear()
            font.set_size(size, self.renderer.dpi)
            font.set_text(string, 0.0, flags=plots.text_hinting())
            font.draw_glyphs_to_bitmap(antialiased=True)
            mask = np.asarray(font.get_image()).astype(np.float32) * (1 / 255)
            width = font.get_width_height()[0] / 64
            descent = font.get_descent() / 64
            hit = self.cache[key] = (mask, width, descent)
            if len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return hit

    def draw(self, artist, pixels):
        string = artist.get_text()
        if not string:
            return True
        if artist.get_rotation() != 0 or "\n" in string or "$" in string:
            return False
        prop = artist.get_fontproperties()
        path = font_manager.findfont(prop)
        font = font_manager.get_font(path)
        if any(font.get_char_index(ord(ch)) == 0 for ch in string):
            return False  # a character this font lacks: let matplotlib fall back
        size = prop.get_size_in_points()
        mask, width, descent = self._glyphs(path, size, string)
        box = self._boxes.get((path, size))
        if box is None:
            _, h, d = self.renderer.get_text_width_height_descent("lp", prop, ismath=False)
            box = self._boxes[path, size] = (h, d)
        h, d = box
        x, y = artist.get_transform().transform(artist.get_unitless_position())
        left = x - {"left": 0, "center": width / 2, "right": width}[artist.get_horizontalalignment()]
        va = artist.get_verticalalignment()
        baseline = {"center": y - h / 2 + d, "center_baseline": y, "baseline": y,
                    "top": y - h + d, "bottom": y + d}[va]
        H, Wd = pixels.shape[:2]
        patch = artist.get_bbox_patch()
        if patch is not None:
            pad = artist._bbox_patch.get_boxstyle().pad * size * self.renderer.dpi / 72
            rows = (H - (baseline + h - d + pad), H - (baseline - d - pad))
            cols = (left - pad, left + width + pad)
            fill = colors.to_rgba(patch.get_facecolor())
            self._blend(pixels, int(round(rows[0])), int(round(cols[0])),
                        np.ones((int(round(rows[1] - rows[0])), int(round(cols[1] - cols[0]))), np.float32),
                        fill[:3], fill[3])
        rgb = colors.to_rgba(artist.get_color())
        alpha = rgb[3] if artist.get_alpha() is None else artist.get_alpha()
        top = int(round(H - baseline - (mask.shape[0] - 1 - descent)))
        self._blend(pixels, top, int(round(left)) - 1, mask, rgb[:3], alpha)
        return True

    @staticmethod
    def _blend(pixels, top, left, mask, rgb, alpha):
        """Paint colour ``rgb`` (0..1) through ``mask`` (0..1, shape (h, w)) at row ``top``, column ``left``."""
        H, Wd = pixels.shape[:2]
        r0, c0 = max(top, 0), max(left, 0)
        r1, c1 = min(top + mask.shape[0], H), min(left + mask.shape[1], Wd)
        if r1 <= r0 or c1 <= c0:
            return
        a = mask[r0 - top:r1 - top, c0 - left:c1 - left, None] * alpha
        region = pixels[r0:r1, c0:c1, :3]
        colour = np.asarray(rgb, dtype=np.float32) * 255
        region[...] = region * (1 - a) + colour * a + 0.5


class _Frame:
    """A figure drawn once, then redrawn fast: cached axes, moving artists on top.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        With an Agg canvas; its axes must sit side by side in one row (every
        figure of the course widgets does).
    moving : list of Artist
        The artists that change between frames. They are marked animated,
        so a full draw leaves them out, and are drawn on every frame.
    cache_size : int
        How many drawn versions (one per set of axis limits) to keep per axes.

    Each axes owns a band of pixel columns, the full height of the figure,
    that holds its ticks, labels, title and legend. A frame pastes for every
    axes the band drawn with the same limits before (drawing it now, alone,
    if there is none), then draws the moving artists over it.
    """

    def __init__(self, fig, moving, cache_size=24):
        self.fig = fig
        self.moving = sorted(moving, key=lambda artist: artist.get_zorder())  # drawn in this order
        self.cache_size = cache_size
        for artist in self.moving:
            artist.set_animated(True)
        fig.canvas.draw()  # lays the figure out once; later frames keep that layout
        fig.set_layout_engine("none")
        self.renderer = fig.canvas.get_renderer()
        self.height, self.width = int(self.renderer.height), int(self.renderer.width)
        self.axes = sorted(fig.axes, key=lambda ax: ax.get_position().x0)
        self.bands = self._bands()
        self.cache = {ax: collections.OrderedDict() for ax in self.axes}
        self.stamp = _TextStamp(self.renderer)
        self.palette = None
        self.draws = 0  # how many axes were drawn from scratch (for tests and benchmarks)

    def _bands(self):
        """Column ranges ``[c0, c1)`` of each axes: split halfway between their drawn extents."""
        boxes = [ax.get_tightbbox(self.renderer) for ax in self.axes]
        cuts = [0]
        for left, right in zip(boxes[:-1], boxes[1:]):
            cuts.append(int(round((left.x1 + right.x0) / 2)))
        cuts.append(self.width)
        return {ax: (max(0, a), min(self.width, b)) for ax, a, b in zip(self.axes, cuts[:-1], cuts[1:])}

    @staticmethod
    def _key(ax):
        return tuple(ax.get_xlim()) + tuple(ax.get_ylim())

    def _draw(self, ax, pixels):
        """Draw the band of ``ax`` as its limits are now, and cache it."""
        c0, c1 = self.bands[ax]
        pixels[:, c0:c1] = 255  # the white figure background
        ax.draw(self.renderer)  # leaves the animated (moving) artists out
        self.draws += 1
        self.cache[ax][self._key(ax)] = pixels[:, c0:c1].copy()

    def prepare(self, ax, limits):
        """Draw ahead the band of ``ax`` for ``limits`` = (x0, x1, y0, y1), unless it is cached.

        The axes keep their limits. A band is drawn only while the axes'
        cache has room: what is drawn ahead never pushes out what was shown.
        Returns True if a band was drawn (tens of ms), False if not (µs).
        """
        cached = self.cache[ax]
        if len(cached) >= self.cache_size or tuple(map(float, limits)) in cached:
            return False
        xlim, ylim = ax.get_xlim(), ax.get_ylim()
        ax.set_xlim(*limits[:2])
        ax.set_ylim(*limits[2:])
        try:
            if self._key(ax) in cached:
                return False
            # the canvas is scratch space between frames: render() pastes every band again
            self._draw(ax, np.asarray(self.renderer.buffer_rgba()))
            cached.move_to_end(self._key(ax), last=False)  # first to go if the cache is full
            return True
        finally:
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)

    def render(self):
        """Draw the current state into the canvas; returns the RGBA pixels, shape (H, W, 4)."""
        pixels = np.asarray(self.renderer.buffer_rgba())
        for ax in self.axes:
            if self._key(ax) not in self.cache[ax]:
                self._draw(ax, pixels)
                if len(self.cache[ax]) > self.cache_size:
                    self.cache[ax].popitem(last=False)
        # paste every band (also the ones just drawn: a label that spilled
        # into a neighbour's band is cut off the same way on every frame)
        for ax in self.axes:
            key, cached = self._key(ax), self.cache[ax]
            cached.move_to_end(key)
            c0, c1 = self.bands[ax]
            pixels[:, c0:c1] = cached[key]
        for artist in self.moving:
            if not artist.get_visible():
                continue
            if not (isinstance(artist, Text) and self.stamp.draw(artist, pixels)):
                artist.draw(self.renderer)
        return pixels

    def png(self, compress_level=1):
        """The current state as a palette PNG (bytes), at the figure's pixel size.

        The palette (the first frame's most frequent colours) is chosen once
        and kept: the colours of a course figure do not change from frame to
        frame. See :class:`_Palette` for how pixels are mapped onto it.
        """
        pixels = self.render()
        keys = pixels.view("<u4")[..., 0] & 0xFFFFFF  # R + G<<8 + B<<16, shape (H, W); alpha is 255
        if self.palette is None:
            self.palette = _Palette(keys)
        image = Image.frombuffer("P", (self.width, self.height), self.palette.indices(keys), "raw", "P", 0, 1)
        image.putpalette(self.palette.rgb.tobytes())
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=compress_level)
        return buffer.getvalue()


class _Palette:
    """At most 255 colours, and each 24-bit colour mapped to the nearest of them.

    A colour in the palette always maps to itself. (Pillow's
    ``quantize(palette=...)`` looks colours up through a coarse cache, which
    turned the white background into the palette's 252 grey and some line
    colours 30-90 levels off.) The map is a table over all 2**24 colours, filled
    in as colours are first seen; numpy's zeroed memory is only allocated for
    the parts written, so it costs far less than its 16 MB.

    Parameters
    ----------
    keys : ndarray of uint32, shape (H, W)
        The first frame, each pixel as R + G<<8 + B<<16.
    """

    def __init__(self, keys):
        values, counts = np.unique(keys, return_counts=True)
        top = values[np.argsort(-counts, kind="stable")[:255]]
        self.rgb = self._channels(top)  # shape (K, 3), uint8
        self._sq = (self.rgb.astype(float) ** 2).sum(axis=1)  # shape (K,)
        self.table = np.zeros(1 << 24, np.uint8)  # colour -> palette index + 1; 0: not seen yet
        self.table[top] = np.arange(1, len(top) + 1)

    @staticmethod
    def _channels(keys):
        return np.stack([keys & 255, (keys >> 8) & 255, (keys >> 16) & 255], axis=-1).astype(np.uint8)

    def indices(self, keys):
        """The palette index of every pixel of ``keys`` (shape (H, W) -> (H, W), uint8)."""
        found = np.take(self.table, keys.astype(np.intp))
        unseen = found == 0
        if unseen.any():
            missing = keys[unseen]
            new = np.unique(missing)
            # |c - p|^2 = |c|^2 - 2 c.p + |p|^2; |c|^2 is the same for every p of a row, so it is
            # left out. One small matrix product, exact: integers far below 2**53.
            distance = self._sq - 2.0 * (self._channels(new).astype(float) @ self.rgb.T.astype(float))
            self.table[new] = distance.argmin(axis=1) + 1
            found[unseen] = self.table[missing]
        found -= 1
        return found


def _still_png(png):
    """Re-encode a PNG with the best compression, for a picture stored in a notebook."""
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).save(buffer, format="png", optimize=True)
    return buffer.getvalue()


# ------------------------------------------------------------------ shared plumbing

class _View:
    """Shared plumbing: ``self.widget`` is what the notebook shows.

    A subclass builds its controls, calls :meth:`_start` with its figure and
    the artists that move, and implements :meth:`update`.
    """

    widget: W.Widget

    def _start(self, fig, moving, controls):
        """Make the image widget, hook the controls to :meth:`update`, draw the first frame."""
        self.frame = _Frame(fig, moving)
        self.image = W.Image(format="png", layout=W.Layout(
            width=f"{self.frame.width}px", max_width="100%", height="auto"))
        self.status = W.HTML()
        for control in controls:
            control.observe(self._changed, names="value")
        self.update()
        self._still = self.image.value
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

    def _show(self):
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
        data = base64.b64encode(_still_png(self._still)).decode("ascii")
        note = text("still_note", self.lang)
        width = Image.open(io.BytesIO(self._still)).width
        return (f'<div class="nnlib-still"><p>{note}</p>'
                f'<img src="data:image/png;base64,{data}" width="{width}" '
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

class ForwardExplorer(_View):
    """Two input sliders; the network diagram and every value follow them."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.net, x, _ = worked_example()
        self.x1 = W.FloatSlider(value=x[0], min=-2, max=2, step=0.05, description="x1")
        self.x2 = W.FloatSlider(value=x[1], min=-2, max=2, step=0.05, description="x2")
        fig = plots._figure(5.5, 3.6)
        self.ax = fig.subplots()
        self.parts = plots.draw_network(self.ax, self.net, x, lang)
        self._start(fig, self.parts["values"], [self.x1, self.x2])
        self.widget = W.VBox([W.HBox([self.x1, self.x2]), self.status, self.image])

    def update(self):
        x = np.array([self.x1.value, self.x2.value])
        self.values = self.net.forward(x)
        plots.update_network(self.parts, self.net, x, what=("values",))  # the weights stay
        self._show()
        self.status.value = text("forward_status", self.lang, x1=x[0], x2=x[1],
                                 z1=_fmt(self.values["z1"]), y=_fmt(self.values["y"]))


# ------------------------------------------------------------------ lesson 2

class LossExplorer(_View):
    """Move one weight, W2[0,0], and watch the loss follow its curve."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.net, self.x, self.t = worked_example()
        self.slider = W.FloatSlider(value=self.net.params["W2"][0, 0], min=-3, max=3, step=0.05,
                                    description="W2[0,0]")
        fig = plots.plot_loss_landscape(self.net, self.x, self.t, "W2", (0, 0), lang,
                                        limits=(self.slider.min, self.slider.max))
        self.marker = fig.axes[0].collections[0]
        self._start(fig, [self.marker], [self.slider])
        self.widget = W.VBox([self.slider, self.status, self.image])

    def update(self):
        self.net.params["W2"][0, 0] = self.slider.value
        self.loss = self.net.loss(self.x, self.t)
        self.marker.set_offsets([[self.slider.value, self.loss]])
        self._show()
        self.status.value = text("loss_status", self.lang, w=self.slider.value, loss=self.loss)


# ------------------------------------------------------------------ lesson 3

class DerivativeExplorer(_View):
    """A slider for h; a marker shows the error of both differences at that h."""

    def __init__(self, lang="en"):
        self.lang = lang
        self.slider = W.FloatLogSlider(value=1e-4, base=10, min=-12, max=-1, step=0.25,
                                       description="h", readout_format=".1e")
        fig = plots.plot_derivative_error(lang=lang, mark_h=1e-4)
        self.mark = fig.axes[0].lines[-1]
        self._start(fig, [self.mark], [self.slider])
        self.widget = W.VBox([self.slider, self.status, self.image])

    def update(self):
        h = self.slider.value
        forward, central = plots.derivative_errors(plots.sigmoid, plots.sigmoid_grad, 0.5, [h])
        self.errors = {"forward": float(forward[0]), "central": float(central[0])}
        self.mark.set_xdata([h, h])
        self._show()
        self.status.value = text("h_status", self.lang, h=h, **self.errors)


# ------------------------------------------------------------------ lesson 4

class TrainingExplorer(_View):
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
        self._start(self.view.fig, self.view.moving, [self.lr, self.steps, self.output])
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
        self._show()
        if h.diverged:
            self.status.value = f'<b style="color:#d62728">{text("diverged", self.lang, lr=h.lr, step=h.diverged_at)}</b>'
        else:
            self.status.value = text("status", self.lang, lr=h.lr, steps=h.steps_done, loss=h.final_loss,
                                     pred=_fmt(h.final_prediction))


class HistoryPlayer(_View):
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
        self.net = Network({k: np.array(v, dtype=float) for k, v in history.params_start.items()})
        fig = plots._figure(5.5, 3.6)
        self.parts = plots.draw_network(fig.subplots(), self.net, self.x, lang)
        # everything but the titles moves; the nodes too, since they cover the edges
        moving = [a for part in ("edges", "nodes", "weights", "biases", "values") for a in self.parts[part]]
        self._start(fig, moving, [self.slider])
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
        self._show()
        if self.empty:
            self.status.value = text("player_empty", self.lang, loss=self.hist.loss_start)
        else:
            self.status.value = text("player_status", self.lang, step=step, loss=self.hist.losses[step],
                                     pred=_fmt(self.hist.predictions[step]))
