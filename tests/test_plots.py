"""Every figure draws, in both languages, with no missing-glyph warning."""

import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager

import nnlib
from nnlib import fast
from nnlib.course import i18n, plots


def _draw_without_glyph_warnings(fig):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
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
    fig = plots._figure(4, 1)
    for entry in i18n.STRINGS.values():
        line = entry["ko"].replace("{", "(").replace("}", ")")
        fig.text(0.01, 0.5, "".join(ch for ch in line if ch not in "✅❌✏️⚠"))
    _draw_without_glyph_warnings(fig)


def test_missing_glyph_check_can_fail():
    """The check above would catch boxes: with DejaVu alone, Hangul is missing."""
    fig = plots._figure(2, 1)
    fig.text(0.1, 0.5, "손실", family="DejaVu Sans")
    with pytest.raises(AssertionError, match="missing from font"):
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
