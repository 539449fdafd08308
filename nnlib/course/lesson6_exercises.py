"""Lesson 6's exercises, in the format of :data:`nnlib.course.exercises.EXERCISES`.

``name -> (solution, compare, hints)``. Here ``compare`` is a function
``compare(answer, solution) -> bool``, so each exercise says itself what
counts as right (an accuracy to the printed precision, a letter, a count).
Every solution is computed from nnlib with the settings the lesson uses,
never typed in. :mod:`nnlib.course.exercises` registers this dict.
"""

import functools

import numpy as np

from .. import datasets
from ..classification import TwoLayerNet, train
from ..fast_classify import train as fast_train

#: the digits network of lesson 6 (the lesson's code cell uses the same numbers)
DIGITS = {"hidden": 50, "activation": "tanh", "lr": 0.2, "epochs": 20, "batch_size": 16, "seed": 0}
#: the playground setting of the spiral exercise
SPIRAL = {"activation": "relu", "lr": 0.3, "epochs": 300, "target": 0.9}


@functools.cache
def digits_record():
    """The lesson's digits run (trained once per kernel; read-only arrays)."""
    x, labels = datasets.load_digits()
    split = datasets.train_test_split(x, labels, 0.25, seed=DIGITS["seed"])
    net = TwoLayerNet(64, DIGITS["hidden"], 10, DIGITS["activation"], seed=DIGITS["seed"])
    record = train(net, *split, lr=DIGITS["lr"], epochs=DIGITS["epochs"], batch_size=DIGITS["batch_size"],
                   seed=DIGITS["seed"])
    return record, net.n_params


@functools.cache
def first_hidden_count_that_separates_the_spiral():
    """Smallest hidden-unit count whose test accuracy reaches SPIRAL["target"] in the playground."""
    from .playground import Playground, toy_split  # the data the widget shows

    split = toy_split("spiral")
    for hidden in range(1, 33):
        net = TwoLayerNet(2, hidden, 2, SPIRAL["activation"], seed=0)
        record = fast_train(net, *split, lr=SPIRAL["lr"], epochs=SPIRAL["epochs"], batch_size=Playground.BATCH_SIZE,
                            seed=0)
        if record.test_accuracy[-1] >= SPIRAL["target"]:
            return hidden
    return None


def _as_number(answer):
    value = np.asarray(answer, dtype=float)
    if value.shape != ():
        raise ValueError("one number expected")
    return float(value)


def _accuracy_to_printed_precision(answer, solution):
    """A fraction (0.9667) or a percentage (96.67), within 0.05 percentage points."""
    value = _as_number(answer)
    percent = value * 100 if value <= 1 else value
    return abs(percent - 100 * solution) <= 0.05 + 1e-9


def _exact_integer(answer, solution):
    value = _as_number(answer)
    return value == solution


def _letter(answer, solution):
    return isinstance(answer, str) and answer.strip().strip("()").lower() == solution


EXERCISES = {
    "l6_accuracy": (lambda: float(digits_record()[0].test_accuracy[-1]), _accuracy_to_printed_precision, {
        "ko": "학습이 끝난 뒤 출력된 시험 정확도입니다. 0.95 처럼 비율로도, 95 처럼 퍼센트로도 답할 수 있습니다 (0.05 퍼센트포인트 안에 들면 정답입니다).",
        "en": "It is the test accuracy printed after training. Answer as a fraction (like 0.95) or a percentage (like 95); it must be right to 0.05 percentage points.",
    }),
    "l6_spiral_hidden": (first_hidden_count_that_separates_the_spiral, _exact_integer, {
        "ko": "플레이그라운드에서 데이터를 나선, 활성화 함수를 relu, 학습률 0.3, 에폭 300으로 두고 은닉 뉴런 수를 1부터 하나씩 늘려 보세요.",
        "en": "In the playground, choose the spiral, relu, learning rate 0.3 and 300 epochs, then raise the hidden units one at a time from 1.",
    }),
    "l6_overfit": (lambda: "b", _letter, {
        "ko": "시험 데이터는 학습에 한 번도 쓰이지 않았습니다. 훈련 데이터에만 있는 것은 무엇일까요? 'a', 'b', 'c' 중 하나로 답하세요.",
        "en": "The test points were never used for a step. What do only the training points have? Answer 'a', 'b' or 'c'.",
    }),
    "l6_evals": (lambda: 2 * digits_record()[1], _exact_integer, {
        "ko": "매개변수마다 손실을 두 번(+h, −h) 계산합니다. 매개변수 수는 64×50 + 50 + 50×10 + 10 입니다.",
        "en": "Two losses (+h and −h) per parameter; the network has 64×50 + 50 + 50×10 + 10 parameters.",
    }),
}
