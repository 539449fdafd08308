"""Lesson 6 on the course side: the playground widget, the digit figures, the exercises."""

import io
import json
import pathlib

import numpy as np
import pytest

from nnlib import classification
from nnlib.course import exercises, lesson6_exercises, playground, plots
from nnlib.course.i18n import LANGUAGES

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture(scope="module")
def view():
    return playground.Playground("en", epochs=60)


def test_slider_moves_retrain_and_change_the_picture(view):
    before = view.image.value
    view.hidden.value = 6
    assert view.image.value != before
    # what the widget shows is what an independent plain training run gives
    net = classification.TwoLayerNet(2, 6, 2, "relu", seed=0)
    record = classification.train(net, *playground.toy_split("spiral"), lr=view.lr.value, epochs=60,
                                  batch_size=view.BATCH_SIZE, seed=0)
    assert view.shown["epoch"] == 60
    assert view.shown["test_loss"] == pytest.approx(record.test_loss[-1], rel=1e-9)
    assert view.shown["test_accuracy"] == record.test_accuracy[-1]
    assert f"{record.test_loss[-1]:.3f}" in view.status.value
    np.testing.assert_allclose(view.test_line.get_ydata(), record.test_loss, rtol=1e-9)


def test_learning_rate_activation_and_dataset(view):
    for control, value in ((view.lr, 1.0), (view.activation, "tanh"), (view.dataset, "circles")):
        before = view.image.value
        control.value = value
        assert view.image.value != before
        assert view.record.lr == pytest.approx(view.lr.value, rel=1e-12)
    assert "learning rate 1" in view.status.value


def test_epoch_player_steps_back_without_retraining(view):
    runs = dict(view._runs)
    view.epoch.value = 10
    assert view._runs == runs
    assert view.shown["epoch"] == 10 and "epoch 10," in view.status.value
    assert view.marker.get_xdata()[0] == 10
    assert view.shown["train_loss"] == view.record.train_loss[10]
    # the boundary is the one of the parameters after epoch 10
    p = view.record.params[10]
    net = classification.TwoLayerNet(2, view.hidden.value, 2, view.activation.value)
    net.params = {k: v.copy() for k, v in p.items()}
    expected = net.predict(view.grid_points)[:, 1].reshape(view.GRID, view.GRID)
    np.testing.assert_allclose(view.boundary.get_array(), expected, rtol=1e-12)


def _full_draw(view):
    """The figure drawn the ordinary way (every artist, in zorder), as RGB pixels."""
    assert {a for a in view.fig.findobj() if a.get_animated()} == set(view.frame.moving + view.frame.on_top)
    return view.frame.full_draw()[..., :3].astype(int)


def test_picture_is_what_a_full_draw_shows(view):
    """Blitting (cached axes, moving artists, legend layers, PNG) must not change the picture."""
    from PIL import Image

    view.lr.value = 0.5
    view.epoch.value = 20
    shown = np.asarray(Image.open(io.BytesIO(view.image.value)).convert("RGB")).astype(int)
    difference = np.abs(shown - _full_draw(view)).max(axis=2)
    # rounding of the legends' blending, and the map's tick marks under its frame line
    assert np.mean(difference > 2) < 0.001 and difference.max() <= 16


def test_common_moves_redraw_no_axes(view):
    """Moving through epochs, or back to a setting seen before, pastes every axes from the cache."""
    view.lr.value = 0.3
    view.lr.value = 0.5
    draws = view.frame.draws
    for epoch in (5, 30, 59):
        view.epoch.value = epoch
    view.lr.value = 0.3
    assert view.frame.draws == draws
    assert playground.loss_axis_top(0.69) == 1 and playground.loss_axis_top(1.2) == 1.5
    assert playground.loss_axis_top(6.9) == 10 and playground.loss_axis_top(float("nan")) == 1


def test_nan_learning_rate_is_refused_and_reset():
    view = playground.Playground("en", epochs=20)
    old, image = view.lr.value, view.image.value
    view.lr.value = float("nan")  # must not raise
    assert view.lr.value == old
    assert "must be a finite number" in view.status.value and "nan" in view.status.value
    assert view.image.value == image  # the picture shows the old value again
    assert not any(np.isnan(lr) for _, _, _, lr in view._runs)  # nothing was trained at NaN


def test_fewer_epochs_reuse_the_run_and_more_epochs_retrain(view):
    view.epochs.value = 30
    assert view.epoch.max == 30 and view.epoch.value == 30
    assert len(view.train_line.get_xdata()) == 31
    view.epochs.value = 90
    assert view.record.epochs_done == 90 and view.epoch.value == 90


def test_korean_view_and_text_form():
    view = playground.Playground("ko", epochs=20)
    assert "에폭" in view.status.value
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == "▶ 이 셀을 실행하면 슬라이더와 그림이 나타납니다 (Playground)"


def test_digit_figures():
    labels = np.array([0, 1, 2, 3, 4, 5])
    predicted = np.array([0, 1, 7, 3, 4, 9])
    counts = plots.confusion_matrix(labels, predicted)
    assert counts.sum() == 6 and np.trace(counts) == 4 and counts[2, 7] == 1 and counts[5, 9] == 1
    images = np.random.default_rng(0).uniform(0, 1, (6, 64))
    fig = plots.plot_digit_predictions(images, labels, predicted, "ko", n=6, columns=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:2] == ["7 (정답 2)", "9 (정답 5)"]  # mistakes first
    assert plots.plot_confusion(labels, predicted, "en").axes[0].get_xlabel() == "predicted digit"
    # lesson 6 draws them through the playground module
    assert playground.plot_digit_predictions is plots.plot_digit_predictions


# ------------------------------------------------------------------ exercises

def _stored_outputs(lang):
    nb = json.loads((NOTEBOOKS / lang / "07_many_classes.ipynb").read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c["outputs"])


def test_digits_run_matches_what_the_lesson_prints():
    accuracy = lesson6_exercises.digits_record()[0].test_accuracy[-1]
    for lang in LANGUAGES:
        assert f"test_accuracy = {accuracy:.2%}" in _stored_outputs(lang)


ANSWERS = {  # name -> (right, rounded as printed, wrong, wrong shape)
    "l6_majority": (46.25, 46.25, 53.75, [46.25, 53.75]),  # training majority 1: 37 of the 80 test points
    "l6_steps": (1200, 1200.0, 1125, [4, 300]),  # 4 batches (16, 16, 16, 12) x 300 epochs
    "l6_why_validation": ("c", " (C) ", "a", ["c"]),
    "l7_softmax": ([0.25] * 4, [0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], 0.25),
    "l7_cross_entropy": (1.2039728043259361, 1.20, 0.69, [0.105, 2.303]),  # (-log 0.9 - log 0.1) / 2
    "l7_evals": (15020, 15020.0, 7510, [15020, 15020]),  # 2 x (64*100 + 100 + 100*10 + 10)
}


def _answers(name):
    return ANSWERS[name]


def test_lesson6_exercises_are_registered():
    assert set(lesson6_exercises.EXERCISES) <= set(exercises.EXERCISES)
    assert set(ANSWERS) == set(lesson6_exercises.EXERCISES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_lesson6_exercise_right_rounded_wrong_shape(name, lang, capsys):
    right, rounded, wrong, shape = _answers(name)
    assert exercises.is_correct(name, right)
    assert exercises.is_correct(name, rounded)
    assert not exercises.is_correct(name, wrong)
    assert not exercises.is_correct(name, shape)
    assert not exercises.is_correct(name, "not an answer")
    exercises.check(name, right, lang)
    assert capsys.readouterr().out.strip() == ("✅ 정답입니다!" if lang == "ko" else "✅ Correct!")
    exercises.check(name, None, lang)
    out = capsys.readouterr().out
    assert ("힌트" if lang == "ko" else "Hint") in out
    assert out.strip().endswith(lesson6_exercises.EXERCISES[name]["hint"][lang])


def test_status_reports_accuracy(view):
    view.epoch.value = 5
    assert f"test {100 * view.record.test_accuracy[5]:.1f}%" in view.status.value
