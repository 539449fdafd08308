import string

import numpy as np
import pytest

import nnlib
from nnlib.course import exercises, i18n, lesson6_exercises
from nnlib.course.i18n import LANGUAGES

# lessons 6 and 7's exercises are tested in tests/test_playground.py and below (text answers)
EARLIER = sorted(set(exercises.EXERCISES) - set(lesson6_exercises.EXERCISES))


def _fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_string_in_both_languages_with_same_fields(key):
    entry = i18n.STRINGS[key]
    assert set(entry) == set(i18n.LANGUAGES)
    assert entry["ko"] != entry["en"] or key in {"grad_norm", "act_tanh", "act_relu"}
    assert _fields(entry["ko"]) == _fields(entry["en"])


def test_text_errors():
    with pytest.raises(ValueError, match="lang"):
        i18n.text("loss", "fr")
    with pytest.raises(KeyError, match="nope"):
        i18n.text("nope", "ko")


# For every exercise: the answer computed independently of exercises.py, the same answer
# rounded to the precision its question asks, a wrong answer, and an answer of the wrong shape.
def _right_answers(worked_run):
    net, x, t = nnlib.worked_example()
    trained, hist = worked_run("numerical")
    g_w2 = net.numerical_gradient(x, t)["W2"][0, 0]
    return {
        "l0_step": 0.4 - 0.1 * 0.5,
        "l0_params3": 17,
        "l1_z1_zero": [nnlib.sigmoid(0.0)] * 2,
        "l1_a1_other": np.array([1.0, 0.0]) @ net.params["W1"] + net.params["b1"],
        "l1_y_other": net.predict(np.array([1.0, 0.0])),
        "l2_simple": nnlib.mse(np.array([1.0, 0.0]), np.zeros(2)),
        "l2_double": nnlib.mse(2 * np.array([0.3, -0.1]), np.zeros(2)) / nnlib.mse(np.array([0.3, -0.1]), np.zeros(2)),
        "l2_three": [nnlib.mse(np.array([1.0, 0, 0]), np.array([0.0, 0, 1])), 1.0],
        "l3_partials": nnlib.numerical_gradient(lambda v: v[0] ** 2 - 3 * v[1], np.array([1.0, 2.0])),
        "l3_sign": "negative",
        "l3_half_h": 0.25,
        "l4_step": 0.4 - 0.1 * g_w2,
        "l4_double": 0.4 - 0.2 * g_w2,
        "l4_below": int(np.argmax(hist.losses < 1e-3)),
        "l4_sigmoid_limit": "abcd"[max(i for i, lr in enumerate(exercises.LR_OPTIONS) if _converges(lr))],
        "l5_memorised": trained.predict(np.array([-2.0, 3.0])),
        "l5_evals": 2 * nnlib.Network.random((2, 10, 2), seed=0).n_params,
        "l5_mnist": nnlib.Network.random((784, 100, 10), seed=0).n_params,
    }


ROUNDED = {  # what a student copies from the lesson at the asked precision (or a synonym)
    "l0_step": 0.35, "l0_params3": 17.0, "l1_z1_zero": [0.50, 0.50],
    "l1_a1_other": [0.2, 0.4], "l1_y_other": [0.641, 0.7015], "l2_simple": [0.5], "l2_double": 4,
    "l2_three": [0.667, 1], "l3_partials": [2, -3], "l3_sign": "음수", "l3_half_h": 0.25,
    "l4_step": 0.3939, "l4_double": 0.3878, "l4_below": 488, "l4_sigmoid_limit": " (B) ",
    "l5_memorised": [0.2, 0.1], "l5_evals": 104, "l5_mnist": 79510,
}

WRONG = {
    "l0_step": 0.05, "l0_params3": 12, "l1_z1_zero": [0.0, 0.0], "l1_a1_other": [0.39, 0.38],
    "l1_y_other": [0.6454, 0.7059], "l2_simple": 1.0, "l2_double": 2.0, "l2_three": [0.667, 0.667],
    "l3_partials": [2, 3], "l3_sign": "+", "l3_half_h": 2.0, "l4_step": 0.4061,
    "l4_double": 0.3939, "l4_below": 450, "l4_sigmoid_limit": "a", "l5_memorised": [0.65, 0.71],
    "l5_evals": 52, "l5_mnist": 79400,
}

WRONG_SHAPE = {  # a list where one number is asked, one number where a list is, a number for words
    "l0_step": [0.35, 0.35], "l0_params3": [17, 17], "l1_z1_zero": [0.5], "l1_a1_other": 0.2,
    "l1_y_other": [0.6410, 0.7015, 0.0], "l2_simple": [0.5, 0.5], "l2_double": [4, 4],
    "l2_three": [0.667], "l3_partials": 2, "l3_sign": -1.0, "l3_half_h": [0.25, 0.25],
    "l4_step": [0.3939, 0.4], "l4_double": [0.3878, 0.3878], "l4_below": [488, 489],
    "l4_sigmoid_limit": 70, "l5_memorised": 0.2, "l5_evals": [104, 104], "l5_mnist": [79510, 1],
}

LANGS = LANGUAGES


def test_every_exercise_has_all_four_answers_tested(right_answers):
    assert set(right_answers) == set(EARLIER) == set(ROUNDED) == set(WRONG) == set(WRONG_SHAPE)


@pytest.fixture(scope="module")
def right_answers(worked_run):
    return _right_answers(worked_run)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EARLIER)
def test_right_and_rounded_answers_accepted(name, lang, right_answers):
    for answer in (right_answers[name], ROUNDED[name]):
        ok, message = exercises.evaluate(name, answer, lang)
        assert ok, (answer, message)
        assert message == i18n.text("correct", lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EARLIER)
def test_wrong_answer_rejected_with_a_hint(name, lang):
    ok, message = exercises.evaluate(name, WRONG[name], lang)
    assert not ok
    assert message.startswith(i18n.text("wrong", lang)) and i18n.text("hint", lang) in message
    assert exercises.EXERCISES[name].hint[lang] in message


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EARLIER)
def test_wrong_shape_rejected_saying_what_was_expected(name, lang):
    ok, message = exercises.evaluate(name, WRONG_SHAPE[name], lang)
    assert not ok
    assert i18n.text("hint", lang) not in message, "a shape error says what shape, not a hint"
    assert message.startswith("❌")


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_messages(lang):
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    assert exercises.evaluate("l4_step", 0.39, lang) == (False, t("ex_more_digits", decimals=4))
    assert exercises.evaluate("l2_three", [0.67, 1.0], lang) == (False, t("ex_more_digits", decimals=3))
    assert exercises.evaluate("l1_a1_other", [0.2], lang) == (False, t("ex_want_n", expected=2, got=1))
    assert exercises.evaluate("l4_step", [0.39, 0.1], lang) == (False, t("ex_want_one", got=2))
    assert exercises.evaluate("l4_step", "0.3939", lang) == (False, t("ex_want_number"))
    assert exercises.evaluate("l4_below", 488.5, lang) == (False, t("ex_want_whole"))
    assert exercises.evaluate("l3_sign", -1, lang) == (False, t("ex_want_text"))
    assert exercises.evaluate("l4_step", None, lang)[1].startswith(t("unanswered"))
    forward = nnlib.worked_example()[0].forward(np.array([1.0, 0.0]))  # net.forward(x) itself, not its ["y"]
    assert exercises.evaluate("l1_y_other", forward, lang) == (False, t("ex_want_dict"))
    assert exercises.evaluate("l1_y_other", forward["y"], lang) == (True, t("correct"))
    if lang == "ko":
        assert "자릿수" in t("ex_more_digits", decimals=4) and "2개" in t("ex_want_n", expected=2, got=1)
    else:
        assert t("ex_want_n", expected=2, got=1).startswith("❌ Expected 2 numbers, got 1")


def _converges(lr):
    """Does the worked example (sigmoid output) reach a loss below 1e-10 in 3000 steps at ``lr``?
    (computed here with the plain loop, not in exercises)"""
    net, x, t = nnlib.worked_example()
    history = nnlib.gradient_descent(net, x, t, lr=lr, steps=3000, method="backprop")
    return not history.diverged and history.losses[-1] < 1e-10


def test_learning_rate_options_straddle_the_sigmoid_limit_near_78():
    """Exercise 4's answer is the option just below the limit 2 / 0.16**2 = 78 that lesson 4 predicts."""
    assert [_converges(lr) for lr in exercises.LR_OPTIONS] == [True, True, False, False]
    assert _converges(77.0) and not _converges(78.0)


# Text answers: every input the sign exercise was found to misjudge, each with its verdict.
SIGN_ANSWERS = {"": False, " ": False, "1": False, "+": False, "positive": False, "양수": False, "0": False,
                "-": True, "−": True, "-1": True, "−1": True, "음수입니다": True, "음수": True, "Negative.": True,
                "a negative number": True, "minus": True, "\"-\"": True}


@pytest.mark.parametrize("answer", sorted(SIGN_ANSWERS))
def test_sign_answers(answer):
    assert exercises.is_correct("l3_sign", answer) is SIGN_ANSWERS[answer]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("answer", ["", " ", "  \t", "\"\"", "()"])
def test_an_empty_text_answer_is_never_accepted(answer, lang):
    for name, ex in exercises.EXERCISES.items():
        if ex.kind == "text":
            assert exercises.evaluate(name, answer, lang) == (False, i18n.text("ex_empty", lang)), name


# Wrong answers of each text exercise: no accepted wording may normalise to one of them, or to nothing.
TEXT_WRONG = {
    "l3_sign": ["", "1", "+", "positive", "양수", "0", "zero", "plus"],
    "l4_sigmoid_limit": ["", "a", "c", "d", "70", "90"],
    "l6_why_validation": ["", "a", "b"],
}


def test_every_text_exercise_lists_its_wrong_answers():
    assert set(TEXT_WRONG) == {name for name, ex in exercises.EXERCISES.items() if ex.kind == "text"}


@pytest.mark.parametrize("name", sorted(TEXT_WRONG))
def test_no_synonym_normalises_to_nothing_or_to_a_wrong_answer(name):
    ex = exercises.EXERCISES[name]
    accepted = [ex.answer(), *ex.synonyms]
    wrong = {exercises._normalise(w) for w in TEXT_WRONG[name]}
    for word in accepted:
        assert exercises._normalise(word).strip("\"'()"), (name, word)
        assert exercises._normalise(word) not in wrong, (name, word)
    for word in TEXT_WRONG[name]:
        assert not exercises.is_correct(name, word), (name, word)


@pytest.mark.parametrize("lang", LANGS)
def test_common_slips_get_their_own_feedback(lang):
    wrong = i18n.text("wrong", lang)
    for name, answer in (("l3_half_h", 4), ("l2_three", [1, 0.667]), ("l3_sign", "positive"), ("l0_step", 0.45),
                         ("l4_sigmoid_limit", "c"), ("l4_sigmoid_limit", "d"), ("l6_steps", 1125), ("l7_cross_entropy", 0.69), ("l7_evals", 7510)):
        ok, message = exercises.evaluate(name, answer, lang)
        slips = exercises.EXERCISES[name].mistakes
        assert not ok and message.startswith(wrong), (name, message)
        assert any(text[lang] in message for _, text in slips), (name, message)
        assert i18n.text("hint", lang) not in message


@pytest.mark.parametrize("answer", ["b", "B", "(b)", "b.", " b "])
def test_letter_answers(answer):
    assert exercises.is_correct("l4_sigmoid_limit", answer)


@pytest.mark.parametrize("answer", ["negative", "Negative", "음수", "a negative number", "minus"])
def test_sign_synonyms(answer):
    assert exercises.is_correct("l3_sign", answer)


def test_not_too_lenient():
    assert not exercises.is_correct("l4_step", 0.3937)  # two units off in the 4th decimal
    assert not exercises.is_correct("l0_step", 0.33)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(exercises.EXERCISES))
def test_solution_is_accepted_by_the_checker_and_says_how(name, lang):
    sol = exercises.solution(name, lang)
    assert exercises.evaluate(name, sol["answer"], lang)[0]
    assert sol["how"] and sol["kind"] in {"numbers", "integer", "text"}
    assert (sol["decimals"] is not None) == (sol["kind"] == "numbers")


def test_hints_do_not_give_the_solution_code_away():
    for name, ex in exercises.EXERCISES.items():
        for lang in LANGS:
            for code in ("np.argmax", "net.predict(", "numerical_gradient(", "np.mean("):
                assert code not in ex.hint[lang], (name, lang, code)


def test_check_prints_in_the_notebooks_language(capsys):
    exercises.check("l4_step", WRONG["l4_step"], "ko")
    assert "힌트" in capsys.readouterr().out
    exercises.check("l4_step", 0.3939, "en")
    assert capsys.readouterr().out.strip() == "✅ Correct!"


def test_unknown_exercise():
    with pytest.raises(KeyError, match="no exercise named"):
        exercises.is_correct("l9", 1)
    with pytest.raises(KeyError, match="no exercise named"):
        exercises.solution("l9")
