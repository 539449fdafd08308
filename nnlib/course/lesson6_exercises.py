"""Lesson 6's exercises: ``name -> the fields of an exercises.Exercise``.

Every answer is computed from nnlib with the settings the lesson uses, never
typed in. :mod:`nnlib.course.exercises` turns each entry into an
``Exercise`` and registers it beside lessons 0-5, so the same checker, with
the same feedback, judges them.
"""

import functools


from .. import datasets
from ..classification import TwoLayerNet, train
from ..fast import train_classifier as fast_train

#: the digits network of lesson 6 (the lesson's code cell uses the same numbers)
DIGITS = {"hidden": 50, "activation": "tanh", "lr": 0.2, "epochs": 20, "batch_size": 16, "seed": 0}
#: the playground setting of the spiral exercise
SPIRAL = {"activation": "relu", "lr": 0.3, "epochs": 300, "target": 0.9}
#: hidden units of the network whose numerical-gradient cost exercise 4 asks for (the lesson's has 50)
WIDER = 100


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


EXERCISES = {
    "l6_accuracy": dict(
        answer=lambda: 100 * float(digits_record()[0].test_accuracy[-1]), kind="numbers", decimals=2,
        hint={"ko": "학습이 끝난 뒤 출력된 시험 정확도를 퍼센트 숫자로, 소수 둘째 자리까지 적으세요 (예: 95.12).",
              "en": "It is the test accuracy printed after training: give it as a percentage to two decimals "
                    "(like 95.12)."},
        how={"ko": "학습 셀이 출력한 'test accuracy'의 퍼센트 값 (record.test_accuracy[-1] × 100).",
             "en": "The percentage the training cell prints as 'test accuracy' (record.test_accuracy[-1] × 100)."}),
    "l6_spiral_hidden": dict(
        answer=first_hidden_count_that_separates_the_spiral, kind="integer",
        hint={"ko": "플레이그라운드에서 데이터를 나선, 활성화 함수를 relu, 학습률 0.3, 에폭 300으로 두고 "
                    "은닉 뉴런 수를 1부터 하나씩 늘려 보세요.",
              "en": "In the playground, choose the spiral, relu, learning rate 0.3 and 300 epochs, then raise "
                    "the hidden units one at a time from 1."},
        how={"ko": "은닉 뉴런 수를 1부터 늘리며 시험 정확도가 처음 90%에 닿는 값을 찾습니다. "
                    "강의의 표(1, 2, 6, 32개)에서도 2개는 못 미치고 6개는 넘습니다.",
             "en": "Raise the hidden units from 1 until the test accuracy first reaches 90%; in the lesson's table "
                   "(1, 2, 6, 32 units), 2 fall short and 6 reach it."}),
    "l6_overfit": dict(
        answer=lambda: "b", kind="text", synonyms=("(b)", "b."),
        hint={"ko": "시험 데이터는 학습에 한 번도 쓰이지 않았습니다. 훈련 데이터에만 있는 것은 무엇일까요? "
                    "'a', 'b', 'c' 중 하나로 답하세요.",
              "en": "The test points were never used for a step. What do only the training points have? "
                    "Answer 'a', 'b' or 'c'."},
        how={"ko": "b: 과대적합. 경계가 훈련 데이터의 잡음까지 따라 구부러지면 새 데이터에서는 틀립니다.",
             "en": "b: overfitting. A boundary bent around the training points' noise is wrong on new points."}),
    "l6_evals": dict(
        answer=lambda: 2 * TwoLayerNet(64, WIDER, 10).n_params, kind="integer",
        hint={"ko": "매개변수마다 손실을 몇 번 계산했는지 3강을 떠올려 보세요. 매개변수 수는 층마다 "
                    "(입력 수 × 출력 수)개의 가중치와 출력 수만큼의 편향입니다.",
              "en": "Recall from lesson 3 how many losses one parameter costs. Each layer has "
                    "(inputs × outputs) weights and one bias per output."},
        how={"ko": f"2 × (64×{WIDER} + {WIDER} + {WIDER}×10 + 10) = 2 × {64 * WIDER + WIDER + WIDER * 10 + 10}.",
             "en": f"2 × (64×{WIDER} + {WIDER} + {WIDER}×10 + 10) = 2 × {64 * WIDER + WIDER + WIDER * 10 + 10}."}),
}
