"""Slider callbacks, driven the way a student drives them: by setting values."""

import numpy as np
import pytest

import nnlib
from nnlib.course import widgets


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
    np.testing.assert_allclose(h.losses, reference.losses, rtol=1e-9, atol=1e-300)
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
    view.x1.value, view.x2.value = x1, x2
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


def test_views_display_short_text():
    bundle = widgets.LossExplorer("ko")._repr_mimebundle_()
    assert bundle["text/plain"] == "▶ 이 셀을 실행하면 슬라이더와 그림이 나타납니다 (LossExplorer)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
