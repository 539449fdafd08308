"""Every figure draws, in both languages, with no missing-glyph warning."""

import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

import nnlib
from nnlib import fast
from nnlib.course import i18n, plots


def _draw_without_glyph_warnings(fig):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    # matplotlib 3.8 says "missing from current font.", 3.9 and later "missing from font(s) ..."
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing


def _all_figures(lang):
    net, x, t = nnlib.worked_example()
    hist = nnlib.gradient_descent(net.copy(), x, t, steps=50, method="backprop")
    linear = nnlib.Network(net.params, ["sigmoid", "identity"])
    sweep = fast.learning_rate_sweep(linear, x, t, [0.1, 1.0, 10.0], steps=50)
    return [
        plots.plot_activations(lang),
        plots.plot_network(net, x, lang),
        plots.plot_loss_landscape(net, x, t, lang=lang),
        plots.plot_derivative_error(lang=lang, mark_h=1e-6),
        plots.plot_training(hist, t, lang),
        plots.plot_training(nnlib.gradient_descent(linear.copy(), x, t, lr=10.0, steps=50), t, lang),
        plots.plot_lr_sweep(sweep, lang, mark_lr=0.1),
        plots.plot_gradient_cost([12, 42], [1e-3, 4e-3], [1e-4, 1e-4], lang),
    ]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_figures_draw_without_missing_glyphs(lang):
    for fig in _all_figures(lang):
        _draw_without_glyph_warnings(fig)


def test_every_korean_string_renders():
    """Every Korean string of nnlib, drawn by matplotlib. The emoji of the
    exercise and widget messages are removed: those are shown as notebook text
    by the browser, never drawn in a plot."""
    fig = plots.new_figure(4, 1)
    for entry in i18n.STRINGS.values():
        line = entry["ko"].replace("{", "(").replace("}", ")")
        fig.text(0.01, 0.5, "".join(ch for ch in line if ch not in "✅❌✏️⚠"))
    _draw_without_glyph_warnings(fig)


def test_missing_glyph_check_can_fail():
    """The check above would catch boxes: with DejaVu alone, Hangul is missing."""
    fig = plots.new_figure(2, 1)
    fig.text(0.1, 0.5, "손실", family="DejaVu Sans")
    with pytest.raises(AssertionError, match="missing from"):
        _draw_without_glyph_warnings(fig)


def test_font_is_bundled_and_registered_behind_dejavu():
    assert plots.FONT_PATH.is_file() and (plots.FONT_PATH.parent / "OFL.txt").is_file()
    assert matplotlib.rcParams["font.family"][:2] == ["DejaVu Sans", "NanumGothic"]
    found = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
    assert found.endswith("NanumGothic.ttf")


def test_training_figure_reuses_its_lines():
    net, x, t = nnlib.worked_example()
    view = plots.TrainingFigure(list(net.params), 2, t, "en")
    line = view.loss_line
    for steps in (10, 100):
        hist = nnlib.gradient_descent(net.copy(), x, t, steps=steps, method="backprop")
        view.show(hist)
        assert view.loss_line is line
        np.testing.assert_array_equal(line.get_ydata(), hist.losses)



# ------------------------------------------------------------------ tick labels

def _tick_label_boxes(axis, renderer):
    """Window extents of the drawn major tick labels of ``axis``, in drawing order."""
    lo, hi = sorted(axis.get_view_interval())
    locs = axis.get_majorticklocs()
    labels = axis.get_majorticklabels()
    return [label.get_window_extent(renderer) for loc, label in zip(locs, labels)
            if lo - 1e-9 * abs(hi - lo) <= loc <= hi + 1e-9 * abs(hi - lo) and label.get_text()]


def _overlapping_tick_labels(fig, gap=5.0):
    """Neighbouring tick labels closer than ``gap`` pixels (about 1.5 spaces), on every axis of ``fig``.

    Labels 3 pixels apart already read as one number ("1000 1250" looks like
    "10001250"), so overlapping here means "closer than a clear space".
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    clashes = []
    for ax in fig.axes:
        for axis, lo, hi in ((ax.xaxis, "x0", "x1"), (ax.yaxis, "y0", "y1")):
            boxes = sorted(_tick_label_boxes(axis, renderer), key=lambda b: getattr(b, lo))
            for a, b in zip(boxes[:-1], boxes[1:]):
                if getattr(a, hi) + gap > getattr(b, lo):
                    clashes.append((ax.get_title(), axis.axis_name))
    return clashes


@pytest.fixture(scope="module")
def long_run():
    net, x, t = nnlib.worked_example()
    return nnlib.gradient_descent(net, x, t, steps=12345, method="backprop"), t


@pytest.mark.parametrize("steps", [1, 2, 7, 10, 50, 150, 999, 1200, 2100, 3000, 12345])
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_training_plot_tick_labels_never_overlap(long_run, steps, lang):
    hist, t = long_run
    assert _overlapping_tick_labels(plots.plot_training(hist.first(steps), t, lang)) == []


def test_training_widget_tick_labels_never_overlap():
    from nnlib.course import widgets

    view = widgets.TrainingExplorer("en")
    for steps in (10, 40, 1230, 3000):
        view.steps.value = steps
        assert _overlapping_tick_labels(view.view.fig) == [], steps


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_figure_has_overlapping_tick_labels(lang):
    for fig in _all_figures(lang):
        assert _overlapping_tick_labels(fig) == []


def test_overlap_check_can_fail(long_run):
    """With matplotlib's default of up to ten step ticks, the step labels of a
    training plot run together (the bug this guards against: 3 pixels apart)."""
    hist, t = long_run
    fig = plots.plot_training(hist.first(2100), t, "en")
    fig.axes[0].xaxis.set_major_locator(MaxNLocator(integer=True))
    assert ("Loss going down", "x") in _overlapping_tick_labels(fig)


# ------------------------------------------------------------------ limits and thinning

def test_log_limits_are_whole_decades_around_the_data():
    assert plots.log_limits([0.2, 3e-4]) == (1e-4, 1.0)
    assert plots.log_limits([0.2, 3e-5]) == (1e-6, 1.0)  # five decades: the bottom snaps to 2
    lo, hi = plots.log_limits([0.5, 1e-23])
    assert (lo, hi) == (1e-25, 1.0)  # a wide range snaps its bottom to 5 decades
    assert plots.log_limits([0.0, np.nan, -1.0]) == (1e-3, 1.0)  # nothing drawable: the default
    for values in ([7.0], [1e-3, 1e-3], [3e-300, 2e300]):
        lo, hi = plots.log_limits(values)
        assert lo < hi and lo <= min(values) and hi >= max(values)
        assert np.log10(lo) == round(np.log10(lo)) and np.log10(hi) == round(np.log10(hi))


def test_linear_limits_are_round_and_cover_the_data():
    assert plots.linear_limits([0.73, 0.1, 0.2]) == (0.0, 0.8)
    for values in ([5.0], [-1e10, 3.0], [0.1, 0.1000001], [-2.0, -1.0]):
        lo, hi = plots.linear_limits(values)
        assert lo < hi and lo <= min(values) and hi >= max(values)


def test_envelope_keeps_every_bucket_extreme():
    rng = np.random.default_rng(0)
    y = np.cumsum(rng.normal(size=3001)) * (-1.0) ** np.arange(3001)  # oscillating
    steps, values = plots.envelope(y, buckets=500)
    assert len(steps) <= 1000 + 3001 % 500 + 1 and np.all(np.diff(steps) > 0)
    np.testing.assert_array_equal(values, y[steps])
    assert values.max() == y.max() and values.min() == y.min()
    short = np.arange(10.0)
    np.testing.assert_array_equal(plots.envelope(short)[1], short)
