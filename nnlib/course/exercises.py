"""Exercises that check themselves: ``check(name, answer, lang)`` prints the verdict.

Each exercise's right answer is computed from nnlib, never typed in, so the
exercises stay right when the library is. A wrong answer gets a hint in the
notebook's language.
"""

import functools

import numpy as np

from ..examples import worked_example
from .i18n import text
from ..network import Network
from ..training import gradient_descent


def _forward():
    net, x, _ = worked_example()
    return net.forward(x)


def _loss():
    net, x, t = worked_example()
    return net.loss(x, t)


@functools.cache
def _trained():
    """Losses and final prediction of the worked example trained as in lesson 4.

    Cached: three exercises ask about the same 3000-step run, and a check
    should not retrain it every time a student presses Shift+Enter.
    """
    net, x, t = worked_example()
    hist = gradient_descent(net, x, t, lr=0.1, steps=3000, method="backprop")
    losses, prediction = hist.losses.copy(), net.predict(x)
    losses.flags.writeable = prediction.flags.writeable = False  # shared by every call
    return losses, prediction


def _diverges(lr):
    net, x, t = worked_example()
    linear = Network(net.params, ["sigmoid", "identity"])
    return gradient_descent(linear, x, t, lr=float(lr), steps=3000, method="backprop").diverged


def _n_params(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


#: name -> (how to get the answer, how to compare, hint in ko and en)
EXERCISES = {
    "l0_term": (lambda: "learning rate", "text", {
        "ko": "경사 하강법에서 한 걸음의 크기를 정하는 값입니다. 용어집을 보세요.",
        "en": "It sets the size of each gradient-descent step; see the glossary.",
    }),
    "l0_params": (lambda: worked_example()[0].n_params, "exact", {
        "ko": "W1(2×2), b1(2), W2(2×2), b2(2)의 원소를 모두 더하세요.",
        "en": "Add up the elements of W1 (2×2), b1 (2), W2 (2×2) and b2 (2).",
    }),
    "l1_sigmoid0": (lambda: 0.5, 1e-9, {
        "ko": "e⁰ = 1 이므로 1 / (1 + 1) 입니다.",
        "en": "e⁰ = 1, so it is 1 / (1 + 1).",
    }),
    "l1_a1": (lambda: _forward()["a1"], 1e-9, {
        "ko": "a1 = x @ W1 + b1. 첫 원소는 0.5×0.1 + 0.8×0.3 + 0.1 입니다.",
        "en": "a1 = x @ W1 + b1; its first element is 0.5×0.1 + 0.8×0.3 + 0.1.",
    }),
    "l1_y": (lambda: worked_example()[0].predict([1.0, 0.0]), 1e-6, {
        "ko": "net.predict(np.array([1.0, 0.0])) 로 확인해 보세요.",
        "en": "Try net.predict(np.array([1.0, 0.0])).",
    }),
    "l2_loss": (_loss, 1e-9, {
        "ko": "예측 y와 목표 t의 차이를 제곱해서 평균을 내세요: np.mean((y - t)**2).",
        "en": "Square the differences between y and t and take their mean: np.mean((y - t)**2).",
    }),
    "l2_half_sum": (lambda: _loss(), 1e-9, {
        "ko": "원소가 2개이므로 0.5 × 합 = 0.5 × (2 × 평균) 입니다.",
        "en": "There are 2 elements, so 0.5 × sum = 0.5 × (2 × mean).",
    }),
    "l2_simple": (lambda: 0.5, 1e-9, {
        "ko": "(1−0)² 과 (0−0)² 의 평균입니다.",
        "en": "The mean of (1−0)² and (0−0)².",
    }),
    "l3_square": (lambda: 6.0, 1e-6, {
        "ko": "x² 의 도함수는 2x 입니다. x = 3 에서는?",
        "en": "The derivative of x² is 2x. At x = 3?",
    }),
    "l3_w2": (lambda: worked_example()[0].numerical_gradient(*worked_example()[1:])["W2"][0, 0], 1e-7, {
        "ko": "net.numerical_gradient(x, t)['W2'][0, 0] 입니다.",
        "en": "It is net.numerical_gradient(x, t)['W2'][0, 0].",
    }),
    "l3_better": (lambda: "central", "text", {
        "ko": "오차가 h² 에 비례하는 쪽은 어느 것일까요? 'central' 또는 'forward' 로 답하세요.",
        "en": "Which one has an error proportional to h²? Answer 'central' or 'forward'.",
    }),
    "l4_first_loss": (lambda: _trained()[0][0], 1e-9, {
        "ko": "history.losses[0] 은 첫 번째 업데이트 직후의 손실입니다.",
        "en": "history.losses[0] is the loss right after the first update.",
    }),
    "l4_below": (lambda: int(np.argmax(_trained()[0] < 1e-3)), "exact", {
        "ko": "np.argmax(history.losses < 1e-3) 를 써 보세요 (450단계와 600단계 사이입니다).",
        "en": "Try np.argmax(history.losses < 1e-3) (it lies between steps 450 and 600).",
    }),
    "l4_diverge": (None, "diverges", {
        "ko": "선형 출력에서 발산하는 학습률을 찾으세요. 위의 슬라이더로 2 이상을 시험해 보세요.",
        "en": "Find a learning rate at which the linear-output network diverges; try values above 2 with the slider.",
    }),
    "l5_predict": (lambda: _trained()[1], 1e-6, {
        "ko": "학습이 끝난 net 으로 net.predict(x) 를 계산하세요.",
        "en": "Compute net.predict(x) with the trained net.",
    }),
    "l5_evals": (lambda: 2 * worked_example()[0].n_params, "exact", {
        "ko": "매개변수 하나마다 손실을 두 번(x+h, x−h) 계산합니다.",
        "en": "Every parameter needs two loss evaluations (x + h and x − h).",
    }),
    "l5_mnist": (lambda: _n_params((784, 100, 10)), "exact", {
        "ko": "층마다 입력×출력 개의 가중치와 출력 개의 편향이 있습니다.",
        "en": "Each layer has inputs × outputs weights plus outputs biases.",
    }),
}


# Lesson 6 keeps its exercises in its own module; compare is a function there.
from .lesson6_exercises import EXERCISES as _LESSON6  # noqa: E402

EXERCISES.update(_LESSON6)


def is_correct(name, answer):
    """True if ``answer`` is right for exercise ``name``."""
    if name not in EXERCISES:
        raise KeyError(f"no exercise named {name!r}; known: {sorted(EXERCISES)}")
    solution, compare, _ = EXERCISES[name]
    if answer is None or answer is ...:
        return False
    try:
        if callable(compare):
            return bool(compare(answer, solution()))
        if compare == "diverges":
            lr = float(answer)
            return bool(np.isfinite(lr) and lr > 0 and _diverges(lr))
        if compare == "text":
            return str(answer).strip().lower() == solution()
        expected = np.asarray(solution(), dtype=float)
        got = np.asarray(answer, dtype=float)
        if got.shape != expected.shape:
            return False
        if compare == "exact":
            return bool(np.array_equal(got, expected))
        return bool(np.allclose(got, expected, rtol=compare, atol=compare))
    except (TypeError, ValueError):
        return False


def check(name, answer, lang="en"):
    """Print whether ``answer`` is right, with a hint when it is not."""
    if answer is None or answer is ...:
        print(f"{text('unanswered', lang)} {text('hint', lang)}: {EXERCISES[name][2][lang]}")
    elif is_correct(name, answer):
        print(text("correct", lang))
    else:
        print(f"{text('wrong', lang)} {text('hint', lang)}: {EXERCISES[name][2][lang]}")
