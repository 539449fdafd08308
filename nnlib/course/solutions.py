"""The teacher's answers to the exercises: ``solution(name, lang)``.

Every answer is computed from the same source the checker uses
(``exercises.EXERCISES``), never typed in, and written out as the Python
literal a student would type after ``answer =``. ``tests/test_guide.py`` feeds
that literal back to ``exercises.is_correct``, so a guide's answer can never be
marked wrong.
"""

import functools
from dataclasses import dataclass

import numpy as np

from . import exercises

#: Learning rates tried, smallest first, for the "find one that diverges" exercise.
DIVERGE_CANDIDATES = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0)

#: How to get each answer, for a teacher, in ko and en.
HOW = {
    "l0_term": {
        "ko": "용어집 표에서 학습률 줄을 보면 됩니다. 대소문자와 앞뒤 공백은 검사기가 무시합니다.",
        "en": "Read it off the glossary's learning-rate row. The checker ignores case and surrounding spaces.",
    },
    "l0_params": {
        "ko": "W1 2×2=4, b1 2, W2 2×2=4, b2 2 를 더하면 12. 코드로는 `net.n_params`.",
        "en": "W1 is 2×2 = 4, b1 has 2, W2 is 2×2 = 4, b2 has 2: 12 in all. In code: `net.n_params`.",
    },
    "l1_sigmoid0": {
        "ko": "e⁰ = 1 이므로 σ(0) = 1/(1+1) = 0.5. 그래프에서 시그모이드가 세로축과 만나는 점입니다.",
        "en": "e⁰ = 1, so σ(0) = 1/(1 + 1) = 0.5: where the sigmoid crosses the vertical axis in the plot.",
    },
    "l1_a1": {
        "ko": "a1 = x @ W1 + b1. 첫 원소 0.5×0.1 + 0.8×0.3 + 0.1 = 0.39, 둘째 0.5×0.2 + 0.8×0.1 + 0.2 = 0.38. "
              "W1[i, j] 는 입력 i 에서 은닉 뉴런 j 로 가는 가중치이므로 열 하나가 뉴런 하나입니다.",
        "en": "a1 = x @ W1 + b1. First element 0.5×0.1 + 0.8×0.3 + 0.1 = 0.39, second 0.5×0.2 + 0.8×0.1 + 0.2 = 0.38. "
              "W1[i, j] is the weight from input i to hidden neuron j, so one column is one neuron.",
    },
    "l1_y": {
        "ko": "`net.predict(np.array([1.0, 0.0]))`. 소수 6자리까지 맞으면 정답입니다 (허용 오차 1e-6).",
        "en": "`net.predict(np.array([1.0, 0.0]))`. Right to 6 decimal places counts (tolerance 1e-6).",
    },
    "l2_loss": {
        "ko": "`net.loss(x, t)` 또는 `np.mean((net.predict(x) - t)**2)`. 허용 오차가 1e-9 이므로 0.2827 처럼 "
              "반올림한 값은 틀립니다. 셀에 찍힌 10자리를 그대로 쓰거나 변수를 넣게 하세요.",
        "en": "`net.loss(x, t)` or `np.mean((net.predict(x) - t)**2)`. The tolerance is 1e-9, so a rounded 0.2827 "
              "is marked wrong: have students copy all 10 printed digits, or pass the variable itself.",
    },
    "l2_half_sum": {
        "ko": "`0.5 * np.sum((y - t)**2)`. 원소가 2개라 ½×합 = ½×(2×평균) = 평균이므로 문제 1과 같은 값입니다. "
              "원소 수가 다르면 n/2 배만큼 달라집니다.",
        "en": "`0.5 * np.sum((y - t)**2)`. With 2 elements, ½ × sum = ½ × (2 × mean) = the mean, so the same value "
              "as exercise 1. With n elements they differ by the factor n/2.",
    },
    "l2_simple": {
        "ko": "((1−0)² + (0−0)²) / 2 = 1/2. 손으로 풀게 하세요.",
        "en": "((1 − 0)² + (0 − 0)²) / 2 = 1/2. Let them do it by hand.",
    },
    "l3_square": {
        "ko": "도함수 2x 에 x = 3 을 넣으면 6. `nnlib.derivative(lambda v: v**2, 3.0)` 는 6 에 아주 가까운 값을 주고, "
              "허용 오차 1e-6 안이라 정답입니다.",
        "en": "The derivative 2x at x = 3 is 6. `nnlib.derivative(lambda v: v**2, 3.0)` gives a value very close "
              "to 6, inside the 1e-6 tolerance.",
    },
    "l3_w2": {
        "ko": "`net.numerical_gradient(x, t)['W2'][0, 0]`. 허용 오차 1e-7 이므로 7자리 이상 필요합니다. "
              "W2[0, 0] 은 은닉 뉴런 0 에서 출력 0 으로 가는 가중치입니다.",
        "en": "`net.numerical_gradient(x, t)['W2'][0, 0]`. The tolerance is 1e-7, so at least 7 digits are needed. "
              "W2[0, 0] is the weight from hidden neuron 0 to output 0.",
    },
    "l3_better": {
        "ko": "중앙 차분의 오차는 h² 에, 전방 차분은 h 에 비례합니다. 수업에서 찍은 두 오차를 비교하면 보입니다.",
        "en": "The central difference's error is proportional to h², the forward one's to h; "
              "the two errors printed in the lesson show it.",
    },
    "l4_first_loss": {
        "ko": "`history.losses[0]`: 첫 업데이트 직후의 손실로, '첫 걸음을 손으로'에서 찍은 'loss after' 와 같습니다 "
              "(초기 손실 0.2827 이 아닙니다). 허용 오차 1e-9.",
        "en": "`history.losses[0]`: the loss right after the first update, the same as 'loss after' in the first "
              "step by hand (not the initial 0.2827). Tolerance 1e-9.",
    },
    "l4_below": {
        "ko": "`int(np.argmax(history.losses < 1e-3))`: 조건이 처음 True 가 되는 인덱스입니다. 단계 번호는 0부터 셉니다.",
        "en": "`int(np.argmax(history.losses < 1e-3))`: the first index where the condition is True. Steps count from 0.",
    },
    "l4_diverge": {
        "ko": "답이 하나가 아닙니다: 검사기는 출력층이 항등 함수인 신경망을 그 학습률로 3000단계 학습시켜 발산하면 "
              "정답으로 봅니다. 아래 값은 후보 학습률 중 발산하는 가장 작은 것으로, 위젯에서 출력층을 identity 로 "
              "바꾸고 학습률을 2 이상으로 올리면 찾을 수 있습니다. 그보다 큰 값도 대개 정답입니다.",
        "en": "There is no single answer: the checker trains the identity-output network for 3000 steps at that "
              "learning rate and accepts it if training diverges. The value below is the smallest of the tried "
              "learning rates that diverges; in the widget, switch the output layer to identity and push the "
              "learning rate above 2. Larger values are usually accepted too.",
    },
    "l5_predict": {
        "ko": "강의 5 위쪽 셀처럼 학습률 0.1 로 3000단계 학습한 뒤 `net.predict(x)`. 허용 오차 1e-6 이므로 "
              "목표값 [0.2, 0.1] 을 그대로 쓰면 틀립니다. 학습은 목표에 아주 가깝게 가지만 같아지지는 않습니다.",
        "en": "Train as in lesson 5's first cells (learning rate 0.1, 3000 steps), then `net.predict(x)`. The "
              "tolerance is 1e-6, so typing the target [0.2, 0.1] is wrong: training gets very close to the "
              "target but does not reach it.",
    },
    "l5_evals": {
        "ko": "매개변수 12개마다 x+h, x−h 에서 손실을 두 번: 2 × 12 = 24.",
        "en": "Two loss evaluations (x + h and x − h) for each of the 12 parameters: 2 × 12 = 24.",
    },
    "l5_mnist": {
        "ko": "784×100 + 100 + 100×10 + 10 = 79510. 층마다 입력×출력 개의 가중치와 출력 개의 편향입니다.",
        "en": "784×100 + 100 + 100×10 + 10 = 79510: each layer has inputs × outputs weights plus outputs biases.",
    },
    # lesson 6 (its exercises live in lesson6_exercises.py on the lesson6 branch)
    "l6_accuracy": {
        "ko": "숫자 신경망 학습 셀이 찍은 시험 정확도(`digit_record.test_accuracy[-1]`)입니다. 비율이나 퍼센트 모두 "
              "되고, 0.05 퍼센트포인트 안이면 정답입니다.",
        "en": "The test accuracy printed by the digits training cell (`digit_record.test_accuracy[-1]`), as a "
              "fraction or a percentage, within 0.05 percentage points.",
    },
    "l6_spiral_hidden": {
        "ko": "플레이그라운드에서 나선, relu, 학습률 0.3, 300 에폭으로 두고 은닉 뉴런을 1부터 하나씩 늘려 시험 정확도가 "
              "처음 90% 이상이 되는 수입니다. 검사기는 같은 데이터와 같은 시드로 계산합니다.",
        "en": "In the playground with the spiral, relu, learning rate 0.3 and 300 epochs, raise the hidden units "
              "from 1 until the test accuracy first reaches 90%. The checker computes it on the same data and seed.",
    },
    "l6_overfit": {
        "ko": "b. 시험 데이터는 학습에 쓰이지 않았고, 훈련 점에만 있는 잡음에 경계를 맞춘 것이 과대적합입니다.",
        "en": "b. The test points were never used for a step; bending the boundary to the training points' own "
              "noise is overfitting.",
    },
    "l6_evals": {
        "ko": "매개변수 64×50 + 50 + 50×10 + 10 = 3760 개마다 손실을 두 번: 7520.",
        "en": "Two loss evaluations for each of the 64×50 + 50 + 50×10 + 10 = 3760 parameters: 7520.",
    },
}


@dataclass(frozen=True)
class Solution:
    """One exercise's answer, as a teacher reads it.

    Attributes
    ----------
    name : str
        The exercise's name, as in ``exercises.check(name, ...)``.
    answer : object
        The value (float, int, str or list of floats) that the checker accepts.
    literal : str
        ``answer`` written as a Python literal, to type after ``answer =``.
    how : str
        How to get it, in the requested language.
    """

    name: str
    answer: object
    literal: str
    how: str


def _plain(value):
    """A JSON-like Python value (float, int, str, nested lists) from ``value``."""
    if isinstance(value, str):
        return value
    array = np.asarray(value)
    if array.dtype.kind in "iu":
        return array.tolist()
    return np.asarray(array, dtype=np.float64).tolist()


@functools.cache
def _first_diverging():
    for lr in DIVERGE_CANDIDATES:
        if exercises.is_correct("l4_diverge", lr):
            return lr
    raise RuntimeError(f"none of {DIVERGE_CANDIDATES} diverges; update DIVERGE_CANDIDATES")


def solution(name, lang):
    """The answer to exercise ``name`` with how to get it, in ``lang``.

    Parameters
    ----------
    name : str
        A key of ``exercises.EXERCISES``.
    lang : {"ko", "en"}
        Language of ``how``.

    Returns
    -------
    Solution
    """
    if name not in exercises.EXERCISES:
        raise KeyError(f"name: no exercise named {name!r}; known: {sorted(exercises.EXERCISES)}")
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', got {lang!r}")
    compute, compare, hints = exercises.EXERCISES[name]
    answer = _first_diverging() if compare == "diverges" else _plain(compute())
    how = HOW.get(name, {}).get(lang)
    if how is None:  # an exercise registered elsewhere: its hint is the best we have
        how = hints[lang]
    return Solution(name=name, answer=answer, literal=repr(answer), how=how)
