import string

import numpy as np
import pytest

import nnlib
from nnlib.course import exercises, i18n, lesson6_exercises

# lesson 6's exercises are tested in tests/test_playground.py
EARLIER = sorted(set(exercises.EXERCISES) - set(lesson6_exercises.EXERCISES))


def _fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_string_in_both_languages_with_same_fields(key):
    entry = i18n.STRINGS[key]
    assert set(entry) == set(i18n.LANGUAGES)
    assert entry["ko"] != entry["en"] or key in {"grad_norm"}
    assert _fields(entry["ko"]) == _fields(entry["en"])


def test_text_errors():
    with pytest.raises(ValueError, match="lang"):
        i18n.text("loss", "fr")
    with pytest.raises(KeyError, match="nope"):
        i18n.text("nope", "ko")


def test_course_language_from_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("NNLIB_LANG", raising=False)
    (tmp_path / "ko").mkdir()
    monkeypatch.chdir(tmp_path / "ko")
    assert nnlib.course_language() == "ko"
    monkeypatch.chdir(tmp_path)
    assert nnlib.course_language(default="en") == "en"
    monkeypatch.setenv("NNLIB_LANG", "ko")
    assert nnlib.course_language() == "ko"


def _right_answers():
    net, x, t = nnlib.worked_example()
    trained, _, _ = nnlib.worked_example()
    hist = nnlib.gradient_descent(trained, x, t, method="backprop")
    y = net.predict(x)
    return {
        "l0_term": " Learning Rate ",
        "l0_params": 12,
        "l1_sigmoid0": 0.5,
        "l1_a1": np.array([0.39, 0.38]),
        "l1_y": net.predict([1.0, 0.0]),
        "l2_loss": np.mean((y - t) ** 2),
        "l2_half_sum": 0.5 * np.sum((y - t) ** 2),
        "l2_simple": 0.5,
        "l3_square": 6.0000001,
        "l3_w2": 0.06076802,
        "l3_better": "central",
        "l4_first_loss": 0.27812700471578844,
        "l4_below": int(np.argmax(hist.losses < 1e-3)),
        "l4_diverge": 5.0,
        "l5_predict": [0.19998561, 0.10054327],
        "l5_evals": 24,
        "l5_mnist": 79510,
    }


WRONG = {
    "l0_term": "gradient", "l0_params": 8, "l1_sigmoid0": 1.0, "l1_a1": [0.39, 0.39],
    "l1_y": [0.5, 0.5], "l2_loss": 0.5, "l2_half_sum": 0.6, "l2_simple": 1.0, "l3_square": 9.0,
    "l3_w2": 0.0750013, "l3_better": "forward", "l4_first_loss": 0.2827, "l4_below": 450,
    "l4_diverge": 0.1, "l5_predict": [0.2, 0.1], "l5_evals": 12, "l5_mnist": 79400,
}


def test_every_exercise_has_a_right_and_a_wrong_answer_tested():
    assert set(_right_answers()) == set(EARLIER) == set(WRONG)


@pytest.mark.parametrize("name", EARLIER)
def test_right_answer_accepted_wrong_rejected(name, capsys):
    assert exercises.is_correct(name, _right_answers()[name])
    assert not exercises.is_correct(name, WRONG[name])
    assert not exercises.is_correct(name, None)
    assert not exercises.is_correct(name, "not a number at all")
    exercises.check(name, WRONG[name], "ko")
    assert "힌트" in capsys.readouterr().out
    exercises.check(name, _right_answers()[name], "en")
    assert capsys.readouterr().out.strip() == "✅ Correct!"


def test_unknown_exercise():
    with pytest.raises(KeyError, match="no exercise named"):
        exercises.is_correct("l9", 1)
