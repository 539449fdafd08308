"""Slider callbacks, driven the way a student drives them: by setting values."""

import numpy as np
import pytest

import nnlib
from nnlib.course import frame, widgets


@pytest.fixture(scope="module")
def trainer():
    return widgets.TrainingExplorer("en")


@pytest.mark.parametrize("lr", [0.001, 0.01, 0.1, 1.0, 10.0])
def test_training_explorer_uses_the_slider_value(trainer, lr):
    trainer.output.value = "sigmoid"
    trainer.steps.value = 3000
    before = trainer.image.value
    trainer.lr.value = lr
    h = trainer.history
    assert h.lr == pytest.approx(trainer.lr.value, rel=1e-9)
    # an independent run at the same learning rate gives the same curve
    net, x, t = nnlib.worked_example()
    reference = nnlib.gradient_descent(net, x, t, lr=trainer.lr.value, steps=3000, method="backprop")
    # nnlib.fast's promise: 1e-9 relative, 1e-20 absolute for losses at the rounding floor of y - t
    np.testing.assert_allclose(h.losses, reference.losses, rtol=1e-9, atol=1e-20)
    np.testing.assert_allclose(h.predictions, reference.predictions, rtol=1e-9)
    assert f"{trainer.lr.value:.4g}" in trainer.status.value
    if lr != 0.1:
        assert trainer.image.value != before  # the plot changed


def test_training_explorer_steps_slider_truncates(trainer):
    trainer.output.value = "sigmoid"
    trainer.lr.value = 0.1
    trainer.steps.value = 150
    assert trainer.history.steps_done == 150
    assert "150" in trainer.status.value
    line = trainer.view.loss_line.get_ydata()
    assert len(line) == 150


def test_training_explorer_shows_divergence(trainer):
    trainer.steps.value = 3000
    trainer.output.value = "identity"
    trainer.lr.value = 10.0
    assert trainer.history.diverged
    assert "Diverged" in trainer.status.value and f"step {trainer.history.diverged_at}" in trainer.status.value
    assert trainer.view.warning.get_text().startswith("diverged at step")
    trainer.lr.value = 0.1
    assert not trainer.history.diverged and "Diverged" not in trainer.status.value
    assert trainer.view.warning.get_text() == ""


def test_training_explorer_typed_value_between_grid_points(trainer):
    trainer.output.value = "sigmoid"
    trainer.steps.value = 3000
    trainer.lr.value = 0.37
    assert trainer.history.lr == pytest.approx(0.37, rel=1e-12)
    assert "0.37" in trainer.status.value


def test_training_explorer_korean_status():
    view = widgets.TrainingExplorer("ko", lr=10.0, output="identity")
    assert "발산" in view.status.value


@pytest.mark.parametrize("x1, x2", [(0.5, 0.8), (0.0, 0.0), (-1.5, 2.0)])
def test_forward_explorer_follows_sliders(x1, x2):
    view = widgets.ForwardExplorer("en")
    view.x0.value, view.x1.value = x1, x2
    net, _, _ = nnlib.worked_example()
    np.testing.assert_allclose(view.values["y"], net.predict([x1, x2]), rtol=1e-15)
    assert f"{x1:.2f}" in view.status.value


@pytest.mark.parametrize("w", [-3.0, 0.4, 2.5])
def test_loss_explorer_follows_slider(w):
    view = widgets.LossExplorer("en")
    view.slider.value = w
    net, x, t = nnlib.worked_example()
    net.params["W2"][0, 0] = w
    assert view.loss == pytest.approx(net.loss(x, t), rel=1e-15)
    np.testing.assert_allclose(view.marker.get_offsets()[0], [w, view.loss])


@pytest.mark.parametrize("h", [1e-12, 1e-4, 1e-1])
def test_derivative_explorer_follows_slider(h):
    view = widgets.DerivativeExplorer("en")
    view.slider.value = h
    exact = nnlib.sigmoid_grad(0.5)
    central = nnlib.derivative(nnlib.sigmoid, 0.5, view.slider.value)
    assert view.errors["central"] == pytest.approx(abs(central - exact), rel=1e-12, abs=1e-300)
    assert view.mark.get_xdata()[0] == view.slider.value


def test_history_player_steps():
    net, x, t = nnlib.worked_example()
    hist = nnlib.gradient_descent(net, x, t, steps=300, method="backprop")
    view = widgets.HistoryPlayer(hist, x, "en")
    view.slider.value = 299
    np.testing.assert_array_equal(view.net.params["W2"], hist.params["W2"][299])
    assert "after step 299" in view.status.value
    view.slider.value = 0
    np.testing.assert_array_equal(view.net.params["W2"], hist.params["W2"][0])


def test_history_player_draws_the_trained_networks_activations():
    """A sigmoid -> identity network: the drawn network computes what the run recorded."""
    net, x, t = nnlib.worked_example()
    net = nnlib.Network(net.params, ["sigmoid", "identity"])
    hist = nnlib.gradient_descent(net, x, t, steps=50, method="backprop")
    view = widgets.HistoryPlayer(hist, x, "en")
    for step in (0, 49):
        view.slider.value = step
        np.testing.assert_allclose(view.net.predict(x), hist.predictions[step], rtol=1e-12)
        shown = [label.get_text() for label in view.parts["values"][-2:]]  # the output nodes
        assert shown == [f"{y:.3f}" for y in hist.predictions[step]]
    assert view.net.activations == ("sigmoid", "identity")


def test_views_display_short_text():
    bundle = widgets.LossExplorer("ko")._repr_mimebundle_()
    assert bundle["text/plain"] == "▶ 이 셀을 실행하면 슬라이더와 그림이 나타납니다 (LossExplorer)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


# ------------------------------------------------------------------ drawing only what moves

def _changes_image(view, slider, value):
    before = view.image.value
    slider.value = value
    return view.image.value != before


def test_every_view_redraws_when_its_slider_moves():
    net, x, t = nnlib.worked_example()
    hist = nnlib.gradient_descent(net, x, t, steps=100, method="backprop")
    forward, loss, deriv = widgets.ForwardExplorer("en"), widgets.LossExplorer("en"), widgets.DerivativeExplorer("en")
    player, trainer = widgets.HistoryPlayer(hist, x, "en"), widgets.TrainingExplorer("en")
    assert _changes_image(forward, forward.x0, -1.0)
    assert _changes_image(forward, forward.x1, 1.5)
    assert _changes_image(loss, loss.slider, 1.0)
    assert _changes_image(deriv, deriv.slider, 1e-8)
    assert _changes_image(player, player.slider, 99)
    assert _changes_image(trainer, trainer.lr, 1.0)
    assert _changes_image(trainer, trainer.steps, 500)
    assert _changes_image(trainer, trainer.output, "identity")


def _full_draw(frame):
    """The figure drawn by matplotlib in one go, moving artists included (RGB)."""
    return frame.full_draw()[..., :3]


@pytest.mark.parametrize("moves", [[1.0, 0.01, 0.1], [10.0 ** -2.5, 3.0]])
def test_training_frame_matches_a_full_redraw(moves):
    """After moves that change and restore the axis limits, the cached axes plus the
    blitted lines give the picture a full redraw gives (up to the few pixels where a
    line crosses a legend, which the fast frame draws on top)."""
    view = widgets.TrainingExplorer("en")
    for lr in moves:
        view.lr.value = lr
    fast_pixels = view.frame.render()[..., :3].copy()
    full = _full_draw(view.frame)
    differ = np.any(fast_pixels != full, axis=-1).mean()
    assert differ < 0.01, f"{differ:.2%} of the pixels differ"


def test_training_frame_reuses_drawn_axes():
    view = widgets.TrainingExplorer("en")
    view.AHEAD_BUDGET = 0  # only what the moves themselves draw
    view.lr.value = 1.0
    view.lr.value = 0.1
    draws = view.frame.draws
    view.lr.value = 1.0  # the limits of both states are cached now
    view.lr.value = 0.1
    assert view.frame.draws == draws


def test_bands_drawn_ahead_serve_every_learning_rate_and_match_a_full_redraw():
    view = widgets.TrainingExplorer("en")
    limits_now = [view.frame.key(ax) for ax in view.frame.axes]
    assert view.draw_ahead() > 0
    assert [view.frame.key(ax) for ax in view.frame.axes] == limits_now  # the shown state is kept
    assert view.draw_ahead() == 0  # nothing left to draw
    draws = view.frame.draws
    for exponent in view.EXPONENTS[::4]:
        view.lr.value = 10.0 ** exponent
        assert view.frame.draws == draws, f"lr = 10^{exponent} drew its axes again"
    differ = np.any(view.frame.render()[..., :3] != _full_draw(view.frame), axis=-1).mean()
    assert differ < 0.01, f"{differ:.2%} of the pixels differ"


def test_drawing_ahead_never_pushes_out_what_was_shown():
    view = widgets.TrainingExplorer("en", output="identity")  # more limits than the cache holds
    shown = {ax: view.frame.key(ax) for ax in view.frame.axes}
    view.draw_ahead()
    for ax, cached in view.frame.cache.items():
        assert len(cached) <= view.frame.cache_size
        assert shown[ax] in cached


def test_a_move_draws_ahead_within_its_budget():
    """After answering a move, the view draws ahead the bands of the nearest values
    (all of them with an unbounded budget), and none with a budget of 0."""
    view = widgets.TrainingExplorer("en")
    view.AHEAD_BUDGET = 0
    view.lr.value = 10.0 ** -0.5
    assert view.draw_ahead() > 0  # nothing was drawn ahead by the move
    view = widgets.TrainingExplorer("en")
    view.AHEAD_BUDGET = float("inf")
    view.lr.value = 10.0 ** -0.5  # answers, then draws everything ahead
    assert view.draw_ahead() == 0
    draws = view.frame.draws
    for exponent in (-0.45, -0.4, -1.0, 0.5):
        view.lr.value = 10.0 ** exponent
    assert view.frame.draws == draws


def test_network_frame_matches_a_full_redraw():
    """The numbers stamped with FreeType land where matplotlib would draw them."""
    net, x, t = nnlib.worked_example()
    hist = nnlib.gradient_descent(net, x, t, steps=100, method="backprop")
    view = widgets.HistoryPlayer(hist, x, "en")
    view.slider.value = 60
    fast_pixels = view.frame.render()[..., :3].astype(int)
    full = _full_draw(view.frame).astype(int)
    # A pixel matches if the full draw has a colour within 60 of it at most one
    # pixel away: FreeType's glyphs land on whole pixels, matplotlib's on fractions.
    nearest = np.min([np.abs(fast_pixels - np.roll(full, (dy, dx), axis=(0, 1))).max(axis=-1)
                      for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    differ = (nearest > 60).mean()
    assert differ < 0.005, f"{differ:.2%} of the pixels differ"
    # the check can fail: the picture two pixel rows lower is caught
    moved = np.roll(fast_pixels, 2, axis=0)
    nearest = np.min([np.abs(moved - np.roll(full, (dy, dx), axis=(0, 1))).max(axis=-1)
                      for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    assert (nearest > 60).mean() > 0.005


def test_image_is_a_palette_png_shown_at_its_own_size():
    import io

    from PIL import Image

    for view in (widgets.ForwardExplorer("en"), widgets.TrainingExplorer("en")):
        image = Image.open(io.BytesIO(view.image.value))
        assert image.mode == "P"
        assert image.size == (view.frame.width, view.frame.height)
        assert view.image.layout.width == f"{image.size[0]}px"


@pytest.mark.parametrize("make", [lambda: widgets.ForwardExplorer("en"), lambda: widgets.TrainingExplorer("ko")])
def test_palette_keeps_white_and_every_palette_colour_exact(make):
    import io

    from PIL import Image

    view = make()
    view.frame.palette = None  # a fresh palette, made from the frame checked below
    png = view.frame.png()
    drawn = np.asarray(view.frame.renderer.buffer_rgba())[..., :3].astype(int)
    shown = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    palette = {tuple(c) for c in view.frame.palette.rgb.tolist()}
    in_palette = np.array([[tuple(c) in palette for c in row] for row in drawn.tolist()])
    white = (drawn == 255).all(axis=-1)
    assert white.mean() > 0.5 and (shown[white] == 255).all()  # not Pillow's 252 grey
    assert in_palette.mean() > 0.97 and (shown[in_palette] == drawn[in_palette]).all()
    # a colour outside the palette gets the nearest palette colour
    rgb = view.frame.palette.rgb.astype(int)
    for colour in {tuple(c) for c in drawn[~in_palette][:50].tolist()}:
        got = shown[~in_palette][(drawn[~in_palette] == colour).all(axis=-1)][0]
        assert ((got - colour) ** 2).sum() == ((rgb - colour) ** 2).sum(axis=1).min()


# ------------------------------------------------------------------ bad values from Python

@pytest.mark.parametrize("make, control", [
    (lambda: widgets.ForwardExplorer("en"), "x0"),
    (lambda: widgets.LossExplorer("en"), "slider"),
    (lambda: widgets.DerivativeExplorer("en"), "slider"),
    (lambda: widgets.TrainingExplorer("en"), "lr"),
])
def test_nan_slider_value_is_refused_and_reset(make, control):
    view = make()
    slider = getattr(view, control)
    old, image = slider.value, view.image.value
    slider.value = float("nan")  # must not raise
    assert slider.value == old
    assert "must be a finite number" in view.status.value and "nan" in view.status.value
    assert view.image.value == image  # the picture shows the old value again


def test_nan_message_in_korean():
    view = widgets.LossExplorer("ko")
    view.slider.value = float("nan")
    assert "유한한 수" in view.status.value


# ------------------------------------------------------------------ history player edge cases

def test_history_player_with_no_steps():
    net, x, t = nnlib.worked_example()
    hist = nnlib.gradient_descent(net.copy(), x, t, steps=20, method="backprop").first(0)
    assert hist.steps_done == 0
    view = widgets.HistoryPlayer(hist, x, "en")
    assert view.slider.disabled and view.play.disabled
    assert "no steps" in view.status.value
    np.testing.assert_array_equal(view.net.params["W1"], net.params["W1"])
    assert f"{hist.loss_start:.3e}" in view.status.value


def test_history_player_refuses_a_sweep_history():
    net, x, t = nnlib.worked_example()
    sweep = nnlib.fast.learning_rate_sweep(net, x, t, [0.1], steps=5)
    with pytest.raises(ValueError, match="history"):
        widgets.HistoryPlayer(sweep.history(0), x, "en")


# ------------------------------------------------------------------ stored output

@pytest.mark.parametrize("lang, note", [
    ("en", "▶ A still picture of the widget: run this cell to move the sliders."),
    ("ko", "▶ 위젯의 정지 화면입니다. 이 셀을 실행하면 슬라이더를 움직일 수 있습니다."),
])
def test_views_store_a_still_picture(lang, note):
    import base64
    import io
    import re

    from PIL import Image

    view = widgets.TrainingExplorer(lang)
    first = view.image.value
    view.lr.value = 1.0  # the still picture stays the first state
    html = view._repr_mimebundle_()["text/html"]
    assert note in html
    data = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html).group(1)
    still = Image.open(io.BytesIO(base64.b64decode(data)))
    assert still.size == (view.frame.width, view.frame.height)
    expected = Image.open(io.BytesIO(first))
    assert np.array_equal(np.asarray(still.convert("RGB")), np.asarray(expected.convert("RGB")))


def test_still_picture_data_is_sanitised_for_nbval():
    """tests/nbval_sanitize.cfg replaces the image data, so nbval compares only the note."""
    import pathlib
    import re

    cfg = (pathlib.Path(__file__).parent / "nbval_sanitize.cfg").read_text()
    pairs = re.findall(r"regex: (.*)\nreplace: (.*)", cfg)
    html = widgets.DerivativeExplorer("en")._repr_mimebundle_()["text/html"]
    for pattern, replacement in pairs:
        html = re.sub(pattern, replacement, html)
    assert "base64,STILL_PNG" in html and len(html) < 500


@pytest.mark.parametrize("lang, note", [("en", "A still picture of the widget"), ("ko", "위젯의 정지 화면")])
def test_stored_notebooks_show_a_still_picture_of_every_widget(lang, note):
    """A notebook opened without a kernel (or the course website) shows a picture, not "model not found"."""
    import json
    import pathlib

    folder = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / lang
    found = 0
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code" or "widgets." not in "".join(cell["source"]):
                continue
            for output in cell["outputs"]:
                data = output.get("data", {})
                if "text/plain" in data and "▶" in "".join(data["text/plain"]):
                    html = "".join(data.get("text/html", ""))
                    assert note in html and 'src="data:image/png;base64,' in html, path.name
                    found += 1
    assert found >= 5  # ForwardExplorer, LossExplorer, DerivativeExplorer, TrainingExplorer, HistoryPlayer


# ------------------------------------------------------------------ the renderer

def test_png_encoder_round_trips_palette_and_rgb():
    import io

    from PIL import Image

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (7, 5, 4), dtype=np.uint8)
    indices = rng.integers(0, 3, (7, 5), dtype=np.uint8)
    palette = np.array([[255, 255, 255], [31, 119, 180], [214, 39, 40]], np.uint8)
    for level in (1, 9):
        rgb = Image.open(io.BytesIO(frame.png(rgba, compress_level=level)))
        assert rgb.mode == "RGB" and np.array_equal(np.asarray(rgb), rgba[..., :3])
        image = Image.open(io.BytesIO(frame.png(indices, palette, compress_level=level)))
        assert image.mode == "P" and np.array_equal(np.asarray(image), indices)
        assert np.array_equal(np.asarray(image.convert("RGB")), palette[indices])
    with pytest.raises(ValueError, match="uint8 of shape"):
        frame.png(rgba.astype(float))
    with pytest.raises(ValueError, match="with a palette"):
        frame.png(rgba, palette)


def _take_as_on_wasm32(take):
    """``np.take`` with the index rule of a 32-bit numpy (Pyodide): indices must cast
    safely to the platform's intp, which is int32 there; uint32 does not."""
    def checked(a, indices, *args, **kwargs):
        indices = np.asarray(indices)
        if indices.dtype != np.intp and not np.can_cast(indices.dtype, np.int32, "safe"):
            raise TypeError(f"Cannot cast array data from {indices.dtype} to int32")
        return take(a, indices, *args, **kwargs)
    return checked


def test_colour_lookup_uses_intp_indices(monkeypatch):
    checked = _take_as_on_wasm32(np.take)
    with pytest.raises(TypeError, match="uint32"):  # the check can fail
        checked(np.arange(4), np.array([1, 2], np.uint32))
    monkeypatch.setattr(np, "take", checked)
    net, x, t = nnlib.worked_example()
    hist = nnlib.gradient_descent(net, x, t, steps=20, method="backprop")
    for view, slider, value in ((widgets.ForwardExplorer("en"), "x0", -1.0),
                                (widgets.HistoryPlayer(hist, x, "en"), "slider", 19),
                                (widgets.TrainingExplorer("en", steps=100), "lr", 1.0)):
        getattr(view, slider).value = value
        assert frame.colour_keys(view.frame.render()).dtype == np.intp
