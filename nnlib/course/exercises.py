"""Exercises that check themselves: ``check(name, answer, lang)`` prints the verdict.

Each exercise's right answer is computed from nnlib, never typed in, so the
exercises stay right when the library is. An answer is accepted at the
precision the question asks for (``decimals``: within one unit of the last
asked decimal place, so both rounding and cutting off are fine). Feedback is
in the notebook's language and says what is wrong: too few digits, the wrong
count of numbers, text where a number was asked, an empty answer, a common
slip the exercise names (``mistakes``), or just a hint.

``solution(name, lang)`` gives the reference answer and how to get it, for
the teacher's guide, which tests its answers with the same checker.
"""

import functools
import re
from dataclasses import dataclass, field

import numpy as np

from ..examples import worked_example
from ..fast import gradient_descent  # the plain loop's numbers, faster
from ..network import Network
from .i18n import text


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    Attributes
    ----------
    answer : callable () -> reference answer (number, array or str)
    kind : {"numbers", "integer", "text"}
    decimals : int or None
        Precision asked for "numbers": the answer may differ from the
        reference by at most one unit in this decimal place.
    hint, how : dict lang -> str
        ``hint`` leads the student on; ``how`` says how the answer is obtained.
    synonyms : tuple of str
        Accepted wordings of a "text" answer (compared after normalising).
    mistakes : tuple of (answer, dict lang -> str)
        Common wrong answers and what to tell a student who gives one
        (numbers are matched at the precision the question asks).
    """

    answer: object
    kind: str
    hint: dict
    how: dict
    decimals: int = None
    synonyms: tuple = field(default=())
    mistakes: tuple = field(default=())


def _net_xt():
    return worked_example()


@functools.cache
def _trained():
    """The worked example trained as in lesson 4 (lr 0.1, 3000 steps); cached.

    Several exercises ask about the same run, and a check should not retrain
    it every time a student presses Shift+Enter.
    """
    net, x, t = worked_example()
    hist = gradient_descent(net, x, t, lr=0.1, steps=3000, method="backprop")
    losses = hist.losses.copy()
    losses.flags.writeable = False  # shared by every call
    return net, losses


def _first_step(name, index, lr):
    net, x, t = _net_xt()
    return net.params[name][index] - lr * net.numerical_gradient(x, t)[name][index]


def _n_params(sizes):
    """Weights and biases of a fully connected network with layer sizes ``sizes``."""
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


#: The learning rates lesson 4's exercise 4 offers, as options a, b, c, d: two on each side of the
#: sigmoid output's limit, about 2 / 0.16**2 = 78 (the lesson prints 75 and 80, 100 and above).
LR_OPTIONS = (40.0, 70.0, 90.0, 150.0)
#: "converges", for that exercise: the loss after 3000 steps is below this
CONVERGED = 1e-10


@functools.cache
def _converges(lr):
    """Does the worked example (sigmoid output) reach a loss below CONVERGED in 3000 steps at ``lr``?"""
    net, x, t = _net_xt()
    history = gradient_descent(net, x, t, lr=float(lr), steps=3000, method="backprop")
    return not history.diverged and history.losses[-1] < CONVERGED


def _largest_converging_option():
    """The letter of the largest of LR_OPTIONS with which the sigmoid-output net converges."""
    converging = [i for i, lr in enumerate(LR_OPTIONS) if _converges(lr)]
    return "abcd"[max(converging)]


def _mse_sse(y, t):
    y, t = np.asarray(y, float), np.asarray(t, float)
    return np.array([np.mean((y - t) ** 2), 0.5 * np.sum((y - t) ** 2)])


EXERCISES = {
    # -- lesson 0 -------------------------------------------------------------
    "l0_step": Exercise(
        lambda: 0.4 - 0.1 * 0.5, "numbers", decimals=2,
        hint={"ko": "용어집의 '경사 하강법'과 '학습률' 줄을 읽어 보세요. 한 걸음의 크기는 학습률 × 기울기이고, "
                    "기울기가 양수이면 반대 방향, 즉 값을 줄이는 쪽으로 갑니다.",
              "en": "Read the glossary lines on gradient descent and the learning rate. One step is learning rate "
                    "× gradient, and with a positive gradient 'against it' means making the value smaller."},
        how={"ko": "0.4 − 0.1 × 0.5 = 0.35.", "en": "0.4 − 0.1 × 0.5 = 0.35."},
        mistakes=((0.45, {"ko": "방향이 반대입니다. 기울기가 양수이면 값을 늘릴 때 손실이 커집니다.",
                          "en": "Wrong way round: with a positive gradient, increasing the value increases the loss."}),)),
    "l0_params3": Exercise(
        lambda: _n_params((2, 3, 2)), "integer",
        hint={"ko": "가중치는 층마다 (들어오는 뉴런 수 × 나가는 뉴런 수)개, 편향은 나가는 뉴런마다 1개입니다. "
                    "1층과 2층을 따로 세어 더하세요.",
              "en": "Each layer has (neurons in × neurons out) weights and one bias per neuron out. "
                    "Count layer 1 and layer 2 separately, then add."},
        how={"ko": "W1 2×3 + b1 3 + W2 3×2 + b2 2 = 6 + 3 + 6 + 2.",
             "en": "W1 2×3 + b1 3 + W2 3×2 + b2 2 = 6 + 3 + 6 + 2."}),
    # -- lesson 1 -------------------------------------------------------------
    "l1_z1_zero": Exercise(
        lambda: Network({"W1": np.zeros((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 2)),
                         "b2": np.zeros(2)}).forward([0.5, 0.8])["z1"], "numbers", decimals=2,
        hint={"ko": "가중치와 편향이 모두 0이면 a1은 얼마일까요? 그 값을 시그모이드에 넣으면?",
              "en": "With every weight and bias 0, what is a1? And what does the sigmoid make of it?"},
        how={"ko": "a1 = [0, 0]이므로 z1의 두 원소 모두 sigmoid(0) = 0.5.", "en": "a1 = [0, 0], so z1 = sigmoid(0) = 0.5 each."}),
    "l1_a1_other": Exercise(
        lambda: _net_xt()[0].forward([1.0, 0.0])["a1"], "numbers", decimals=2,
        hint={"ko": "x = [1, 0]이면 두 번째 입력의 가중치는 곱해서 0이 됩니다. W1의 어느 행이 남을까요? 편향도 잊지 마세요.",
              "en": "With x = [1, 0] the second input's weights are multiplied by 0. Which row of W1 is left? "
                    "Do not forget the bias."},
        how={"ko": "W1의 첫 행 [0.1, 0.2] + b1 [0.1, 0.2] = [0.2, 0.4].",
             "en": "First row of W1, [0.1, 0.2], plus b1, [0.1, 0.2]: [0.2, 0.4]."}),
    "l1_y_other": Exercise(
        lambda: _net_xt()[0].predict([1.0, 0.0]), "numbers", decimals=4,
        hint={"ko": "손으로 하기엔 깁니다. 신경망에게 입력 [1.0, 0.0]의 예측을 물어보는 메서드는 무엇이었나요?",
              "en": "Too long by hand: which method of the network gives its prediction for an input? "
                    "Give it [1.0, 0.0]."},
        how={"ko": "net.predict(np.array([1.0, 0.0])).", "en": "net.predict(np.array([1.0, 0.0]))."}),
    # -- lesson 2 -------------------------------------------------------------
    "l2_simple": Exercise(
        lambda: _mse_sse([1, 0], [0, 0])[0], "numbers", decimals=2,
        hint={"ko": "오차는 [1, 0]입니다. 제곱해서 평균을 내세요 (원소가 2개).",
              "en": "The errors are [1, 0]. Square them and take the mean (there are 2)."},
        how={"ko": "(1² + 0²) / 2 = 0.5.", "en": "(1² + 0²) / 2 = 0.5."}),
    "l2_double": Exercise(
        lambda: 4.0, "numbers", decimals=2,
        hint={"ko": "오차 하나가 e에서 2e가 되면 그 제곱은 몇 배가 될까요?",
              "en": "If one error goes from e to 2e, how many times larger is its square?"},
        how={"ko": "(2e)² = 4e²: 모든 항이 4배, 평균도 4배.", "en": "(2e)² = 4e²: every term, and so the mean, is 4 times larger."}),
    "l2_three": Exercise(
        lambda: _mse_sse([1, 0, 0], [0, 0, 1]), "numbers", decimals=3,
        hint={"ko": "오차는 [1, 0, −1]입니다. 제곱의 합을 먼저 구하세요. 평균 제곱 오차는 그 합을 3으로 나눈 값, 오차제곱합은 그 합의 절반입니다.",
              "en": "The errors are [1, 0, −1]. Find the sum of squares first; the mean divides it by 3, "
                    "the textbook's version halves it."},
        how={"ko": "제곱의 합 2: 평균 2/3 ≈ 0.667, 오차제곱합 1.", "en": "Sum of squares 2: mean 2/3 ≈ 0.667, half sum 1."},
        mistakes=(([1.0, 2 / 3], {"ko": "두 값의 순서가 바뀌었습니다: [평균 제곱 오차, 오차제곱합] 순서로 적으세요.",
                                  "en": "The two numbers are swapped: give [mean, half sum] in that order."}),
                  ([2 / 3, 2.0], {"ko": "두 번째 값은 제곱의 합 2가 아니라 그 절반입니다.",
                                  "en": "The second number is half the sum of squares, not the sum (2)."}))),
    # -- lesson 3 -------------------------------------------------------------
    "l3_partials": Exercise(
        lambda: np.array([2.0, -3.0]), "numbers", decimals=2,
        hint={"ko": "∂f/∂v0를 구할 때는 v1을 상수로 봅니다 (그 반대도 마찬가지). v0²의 미분은? −3 v1의 미분은?",
              "en": "For ∂f/∂v0 treat v1 as a constant, and the other way round. What is the derivative of v0²? "
                    "Of −3 v1?"},
        how={"ko": "(2 v0, −3) = (2, −3); `nnlib.numerical_gradient(lambda v: v[0]**2 - 3*v[1], np.array([1.0, 2.0]))`로 확인.",
             "en": "(2 v0, −3) = (2, −3); check with `nnlib.numerical_gradient(lambda v: v[0]**2 - 3*v[1], np.array([1.0, 2.0]))`."}),
    "l3_sign": Exercise(
        lambda: "negative", "text",
        synonyms=("negative", "음수", "음", "-", "minus", "negative number", "음의 값", "마이너스", "-1",
                  "음수입니다", "음수예요", "음수이다", "음의 부호", "negative sign"),
        mistakes=(("positive", {"ko": "b2[0]을 늘리면 y[0]이 t[0]에 가까워집니다. 그때 손실은 커질까요?",
                                "en": "Increasing b2[0] brings y[0] closer to t[0]. Does the loss grow then?"}),),
        hint={"ko": "b2[0]을 조금 늘리면 y[0]도 커집니다. y[0]이 t[0]보다 작다면, 그때 손실은 늘까요 줄까요?",
              "en": "Increasing b2[0] a little makes y[0] larger. If y[0] is below t[0], does the loss then grow or shrink?"},
        how={"ko": "b2[0]을 늘리면 y[0]이 t[0]에 가까워져 손실이 줄어듭니다: 기울기는 음수.",
             "en": "Increasing b2[0] moves y[0] towards t[0], so the loss shrinks: the gradient is negative."}),
    "l3_half_h": Exercise(
        lambda: 0.25, "numbers", decimals=2,
        hint={"ko": "중심 차분의 오차는 h²에 비례합니다. h가 절반이 되면 h²는?",
              "en": "The central difference's error is proportional to h². What happens to h² when h is halved?"},
        how={"ko": "(h/2)² = h²/4: 약 0.25배.", "en": "(h/2)² = h²/4: about 0.25 times."},
        mistakes=((4.0, {"ko": "거꾸로입니다. h가 작아지면 절단 오차는 커질까요, 작아질까요? 4의 역수를 생각해 보세요.",
                         "en": "Upside down: does the truncation error grow or shrink as h gets smaller? "
                               "Think of the reciprocal of 4."}),
                  (0.5, {"ko": "오차는 h가 아니라 h²에 비례합니다.", "en": "The error is proportional to h², not to h."}))),
    # -- lesson 4 -------------------------------------------------------------
    "l4_step": Exercise(
        lambda: _first_step("W2", (0, 0), 0.1), "numbers", decimals=4,
        hint={"ko": "새 값 = 지금 값 − 학습률 × 기울기. 지금 값과 0단계의 기울기는 위에 나와 있습니다.",
              "en": "New value = current value − learning rate × gradient. The current value and the step-0 "
                    "gradient are printed above."},
        how={"ko": "0.4 − 0.1 × 0.06076802 ≈ 0.39392.", "en": "0.4 − 0.1 × 0.06076802 ≈ 0.39392."}),
    "l4_double": Exercise(
        lambda: _first_step("W2", (0, 0), 0.2), "numbers", decimals=4,
        hint={"ko": "기울기는 그대로이고 학습률만 두 배입니다. 한 걸음(학습률 × 기울기)은 어떻게 될까요?",
              "en": "The gradient is unchanged; only the learning rate doubles. What happens to the step "
                    "(learning rate × gradient)?"},
        how={"ko": "0.4 − 0.2 × 0.06076802 ≈ 0.38785: 걸음이 두 배.", "en": "0.4 − 0.2 × 0.06076802 ≈ 0.38785: the step doubles."}),
    "l4_below": Exercise(
        lambda: int(np.argmax(_trained()[1] < 1e-3)), "integer",
        hint={"ko": "표를 보면 450단계와 600단계 사이입니다. history.losses를 1e-3과 비교하면 참/거짓 배열이 나옵니다. "
                    "처음으로 참이 되는 위치는?",
              "en": "The table says it lies between steps 450 and 600. Comparing history.losses with 1e-3 gives "
                    "an array of True/False: where is the first True?"},
        how={"ko": "int(np.argmax(history.losses < 1e-3)).", "en": "int(np.argmax(history.losses < 1e-3))."}),
    "l4_sigmoid_limit": Exercise(
        _largest_converging_option, "text", synonyms=(),
        hint={"ko": "(선택) 절은 시그모이드 출력의 한계를 2 ÷ (곡률이 곱해지는 수)로 어림했습니다. 어느 선택지가 그보다 "
                    "작은가요? 그 절을 건너뛰었다면 새 신경망을 학습률마다 3000단계 학습시키고 마지막 손실을 보세요. "
                    "'a', 'b', 'c', 'd' 중 하나로 답하세요.",
              "en": "The optional section estimates the sigmoid output's limit as 2 ÷ (the factor the curvature is "
                    "multiplied by). Which options lie below it? If you skipped that section, train a fresh network "
                    "for 3000 steps with each rate and look at the last loss. Answer 'a', 'b', 'c' or 'd'."},
        how={"ko": "한계는 약 2 ÷ 0.0256 ≈ 78입니다. 70(b)은 그보다 작아 수렴하고, 90(c)은 그보다 커서 3000단계 뒤에도 "
                    "손실이 출렁입니다.",
             "en": "The limit is about 2 ÷ 0.0256 ≈ 78: 70 (b) lies below it and converges; at 90 (c), above it, "
                   "the loss still swings after 3000 steps."},
        mistakes=(("c", {"ko": "90은 한계(약 78)보다 큽니다. 3000단계 뒤에도 손실이 0.006 근처에서 출렁입니다.",
                         "en": "90 is above the limit of about 78: after 3000 steps its loss still swings around "
                               "0.006."}),
                  ("d", {"ko": "150에서는 첫걸음에 출력이 0 쪽 끝으로 가 버려 손실이 0.025에서 멈춥니다.",
                         "en": "At 150 the first step throws the outputs near 0, and the loss stops at 0.025."}))),
    # -- lesson 5 -------------------------------------------------------------
    "l5_memorised": Exercise(
        lambda: _trained()[0].predict([-2.0, 3.0]), "numbers", decimals=2,
        hint={"ko": "학습된 net에 입력 [-2.0, 3.0]을 넣어 예측해 보세요. 그 결과가 무엇과 닮았나요?",
              "en": "Ask the trained net for its prediction for the input [-2.0, 3.0]. What does it look like?"},
        how={"ko": "net.predict(np.array([-2.0, 3.0])) ≈ [0.20, 0.10]: 목표와 거의 같습니다.",
             "en": "net.predict(np.array([-2.0, 3.0])) ≈ [0.20, 0.10]: almost the target."}),
    "l5_evals": Exercise(
        lambda: 2 * _n_params((2, 10, 2)), "integer",
        hint={"ko": "먼저 매개변수 수를 세세요 (층마다 가중치 + 편향). 매개변수 하나마다 손실을 몇 번 계산했나요?",
              "en": "First count the parameters (weights + biases in each layer). How many loss evaluations "
                    "does each parameter take?"},
        how={"ko": "매개변수 2×10 + 10 + 10×2 + 2 = 52개, 하나에 2번: 104.",
             "en": "2×10 + 10 + 10×2 + 2 = 52 parameters, 2 evaluations each: 104."}),
    "l5_mnist": Exercise(
        lambda: _n_params((784, 100, 10)), "integer",
        hint={"ko": "층마다 (입력 수 × 출력 수)개의 가중치와 (출력 수)개의 편향이 있습니다.",
              "en": "Each layer has (inputs × outputs) weights plus (outputs) biases."},
        how={"ko": "784×100 + 100 + 100×10 + 10 = 79510.", "en": "784×100 + 100 + 100×10 + 10 = 79510."}),
}


# Lesson 6 keeps its exercises (and the runs they need) in a module of its own.
from .lesson6_exercises import EXERCISES as _LESSON6  # noqa: E402

EXERCISES.update({name: Exercise(**fields) for name, fields in _LESSON6.items()})


def _exercise(name):
    try:
        return EXERCISES[name]
    except KeyError:
        raise KeyError(f"no exercise named {name!r}; known: {sorted(EXERCISES)}") from None


def solution(name, lang="en"):
    """The reference answer of exercise ``name`` and how to get it.

    Returns
    -------
    dict
        ``answer`` (the value the checker compares with), ``how`` (one line in
        ``lang``), ``kind``, ``decimals`` (the precision the question asks) and
        ``synonyms`` (other answers a text exercise accepts, in either language).
    """
    ex = _exercise(name)
    text("correct", lang)  # validates lang
    answer = ex.answer()
    if isinstance(answer, np.ndarray):
        answer = answer.tolist()
    elif isinstance(answer, (np.floating, np.integer)):
        answer = answer.item()
    return {"answer": answer, "how": ex.how[lang], "kind": ex.kind, "decimals": ex.decimals,
            "synonyms": list(ex.synonyms or ())}


#: characters a student may type for a minus sign: the Unicode minus (as in the hints), dashes
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\uff0d": "-"})


def _normalise(words):
    """``words`` lower-cased, with one kind of minus and of space, and no article or full stop.

    A hyphen or underscore between two letters becomes a space ("gradient-descent");
    a sign stays a sign, so "-" and "-1" keep their minus.
    """
    words = str(words).translate(MINUS_SIGNS).strip().lower()
    words = re.sub(r"(?<=[^\W\d_])[-_](?=[^\W\d_])", " ", words)
    words = re.sub(r"\s+", " ", words)
    return re.sub(r"^(the|a|an) ", "", words).strip(" .!")


def _as_numbers(answer):
    """The answer as a flat float array, or None if it is not numbers."""
    if isinstance(answer, (str, bytes, dict)) or answer is None:
        return None
    try:
        got = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return got


def _decimals_given(value):
    """How many decimal places ``value`` was written with (repr of the float, at most 15)."""
    for d in range(16):
        if round(value, d) == value:
            return d
    return 16


def evaluate(name, answer, lang="en"):
    """Judge ``answer`` to exercise ``name``.

    Returns
    -------
    (bool, str)
        Whether it is right, and the message to show, in ``lang``.
    """
    ex = _exercise(name)
    hint = f"{text('hint', lang)}: {ex.hint[lang]}"
    if answer is None or answer is ...:
        return False, f"{text('unanswered', lang)} {hint}"
    wrong = (False, f"{text('wrong', lang)} {hint}")

    if ex.kind == "text":
        if not isinstance(answer, str):
            return False, text("ex_want_text", lang)
        given = _normalise(answer).strip("\"'()")
        if not given:
            return False, text("ex_empty", lang)
        if given in {_normalise(s).strip("\"'()") for s in (ex.answer(), *ex.synonyms)}:
            return True, text("correct", lang)
        for slip, message in ex.mistakes:
            if given == _normalise(slip):
                return False, f"{text('wrong', lang)} {message[lang]}"
        return wrong

    if isinstance(answer, dict) and "y" in answer:  # net.forward(x) itself, not its prediction
        return False, text("ex_want_dict", lang)
    got = _as_numbers(answer)
    if got is None or not np.all(np.isfinite(got)):
        return False, text("ex_want_number", lang)

    expected = np.asarray(ex.answer(), dtype=float).ravel()
    if got.size != expected.size:
        if expected.size == 1:
            return False, text("ex_want_one", lang, got=got.size)
        return False, text("ex_want_n", lang, expected=expected.size, got=got.size)

    if ex.kind == "integer":
        if not np.all(got == np.round(got)):
            return False, text("ex_want_whole", lang)
        if np.array_equal(got, expected):
            return True, text("correct", lang)
        step = slack = 0.0
    else:
        step = 10.0 ** -ex.decimals
        slack = 1e-9 * step  # the float error of the subtraction itself
        if np.all(np.abs(got - expected) <= step + slack):
            return True, text("correct", lang)
    for slip, message in ex.mistakes:
        slip = np.asarray(slip, dtype=float).ravel()
        if slip.size == got.size and np.all(np.abs(got - slip) <= step + slack):
            return False, f"{text('wrong', lang)} {message[lang]}"
    if ex.kind == "integer":
        return wrong
    given = max(_decimals_given(float(v)) for v in got)
    if 1 <= given < ex.decimals and np.all(np.abs(got - expected) <= 10.0 ** -given + slack):
        return False, text("ex_more_digits", lang, decimals=ex.decimals)
    return wrong


def is_correct(name, answer):
    """True if ``answer`` is right for exercise ``name``."""
    return evaluate(name, answer)[0]


def check(name, answer, lang="en"):
    """Print whether ``answer`` is right, with help when it is not (in ``lang``)."""
    print(evaluate(name, answer, lang)[1])


__all__ = ["EXERCISES", "Exercise", "LR_OPTIONS", "check", "evaluate", "is_correct", "solution"]
