"""Lessons 6 and 7's exercises: ``name -> the fields of an exercises.Exercise``.

Every answer is computed from nnlib with the settings the lessons use, never
typed in. :mod:`nnlib.course.exercises` turns each entry into an
``Exercise`` and registers it beside lessons 0-5, so the same checker, with
the same feedback, judges them.
"""

import functools

import numpy as np

from .. import datasets
from ..classification import TwoLayerNet, cross_entropy, softmax, train

#: the digits network of lesson 7 (the lesson's code cell uses the same numbers)
DIGITS = {"hidden": 50, "activation": "tanh", "lr": 0.2, "epochs": 20, "batch_size": 16, "seed": 0}
#: lesson 6: the share of the training points kept aside for validation, the batch size, the epochs
VALIDATION_FRACTION = 0.25
BATCH_SIZE = 16
EPOCHS = 300
#: hidden neurons of the network whose numerical-gradient cost lesson 7's exercise 3 asks for (the lesson's has 50)
WIDER = 100
#: lesson 7's exercise 2: the probabilities two images give to their right digit
TWO_IMAGES = (0.9, 0.1)


@functools.cache
def digits_record():
    """Lesson 7's digits run (trained once per kernel; read-only arrays)."""
    x, labels = datasets.load_digits()
    split = datasets.train_test_split(x, labels, 0.25, seed=DIGITS["seed"])
    net = TwoLayerNet(64, DIGITS["hidden"], 10, DIGITS["activation"], seed=DIGITS["seed"])
    record = train(net, *split, lr=DIGITS["lr"], epochs=DIGITS["epochs"], batch_size=DIGITS["batch_size"],
                   seed=DIGITS["seed"])
    return record, net.n_params


def spiral_split():
    """Lesson 6's spiral: training, validation and test sets (60, 20 and 80 points)."""
    from .playground import toy_split  # the data the playground shows

    x_train, labels_train, x_test, labels_test = toy_split("spiral")
    x_fit, labels_fit, x_val, labels_val = datasets.train_test_split(
        x_train, labels_train, test_fraction=VALIDATION_FRACTION, seed=0)
    return x_fit, labels_fit, x_val, labels_val, x_test, labels_test


def majority_test_accuracy():
    """Percent of lesson 6's spiral test points that 'always answer the training set's larger class' gets right.

    The class is chosen from the training set alone, as every choice is; the test set only scores it.
    """
    _, labels_fit, _, _, _, labels_test = spiral_split()
    larger = int(np.argmax(np.bincount(labels_fit)))
    return 100 * np.mean(labels_test == larger)


def steps_in_training():
    """Steps of lesson 6's training runs: batches per epoch times epochs."""
    n = len(spiral_split()[1])
    return -(-n // BATCH_SIZE) * EPOCHS


EXERCISES = {
    # -- lesson 6 -------------------------------------------------------------
    "l6_majority": dict(
        answer=majority_test_accuracy, kind="numbers", decimals=2,
        hint={"ko": "먼저 출력된 훈련 데이터의 개수에서 더 많은 쪽 클래스를 고르세요. 시험 데이터에서 그 클래스는 몇 "
                    "개인가요? 그 개수를 시험 데이터 전체 개수로 나눠 퍼센트로 적으세요.",
              "en": "First pick the larger class from the training set's counts printed above. How many test "
                    "points are of that class? Divide by the number of test points and give it in percent."},
        how={"ko": "훈련 데이터는 클래스 1이 더 많습니다(32개 대 28개). 시험 데이터 80개 중 클래스 1은 37개: "
                    "37 / 80 = 46.25%. 찍기보다도 나쁜 기준선입니다.",
             "en": "The training set has more of class 1 (32 against 28). 37 of the 80 test points are class 1: "
                   "37 / 80 = 46.25 %, a baseline below a coin toss."},
        mistakes=((50.0, {"ko": "두 클래스의 개수가 같지 않습니다. 출력된 개수를 다시 보세요.",
                          "en": "The two classes are not the same size: look at the printed counts again."}),
                  (53.75, {"ko": "그것은 시험 데이터에서 더 많은 클래스(0)입니다. 클래스는 훈련 데이터를 보고 "
                                 "고릅니다. 시험 데이터로 고르면 시험 데이터를 써 버립니다.",
                           "en": "That is the test set's larger class (0). The class is chosen from the training "
                                 "set: choosing it by the test set uses the test set up."}))),
    "l6_steps": dict(
        answer=steps_in_training, kind="integer",
        hint={"ko": "한 에폭의 걸음 수는 미니배치 수입니다. 훈련 데이터 60개를 16개씩 나누면 묶음이 몇 개인가요 "
                    "(마지막 묶음은 더 작아도 됩니다)? 그것을 에폭 수와 곱하세요.",
              "en": "One epoch takes one step per mini-batch. How many batches do 60 training points make, 16 at a "
                    "time (the last may be smaller)? Multiply by the number of epochs."},
        how={"ko": "60 / 16 → 묶음 4개(16, 16, 16, 12), 4 × 300 = 1200.",
             "en": "60 / 16 → 4 batches (16, 16, 16, 12), 4 × 300 = 1200."},
        mistakes=((1125, {"ko": "60 / 16 = 3.75이지만 걸음은 묶음마다 하나이고, 마지막 12개도 묶음 하나입니다.",
                          "en": "60 / 16 is 3.75, but there is one step per batch, and the last 12 points make "
                                "a batch too."}),
                  (300, {"ko": "한 에폭에는 걸음이 묶음 수만큼 있습니다.",
                         "en": "An epoch holds as many steps as there are batches."}))),
    "l6_why_validation": dict(
        answer=lambda: "c", kind="text", synonyms=("(c)", "c."),
        hint={"ko": "네 신경망을 같은 시험 데이터 80개로 채점했습니다. 학생은 넷 중 어느 점수를 보고하나요? 그 점수가 "
                    "처음 보는 데이터에서의 성능과 달라질 수 있는 까닭은 무엇일까요? 'a', 'b', 'c' 중 하나로 답하세요.",
              "en": "The four networks were scored on the same 80 test points. Which of the four scores does the "
                    "student report, and what could make that score differ from how the network does on new "
                    "points? Answer 'a', 'b' or 'c'."},
        how={"ko": "c: 선택이 시험 데이터에 맞춰졌으므로, 고른 신경망의 시험 정확도는 처음 보는 데이터에서의 성능보다 "
                    "높게 나오기 쉽습니다. 시험 데이터가 더는 처음 보는 데이터를 재지 못합니다.",
             "en": "c: the choice was fitted to the test set, so the kept network's test accuracy is likely above "
                   "what it does on data it has never seen: the test set no longer measures unseen data."},
        mistakes=(("a", {"ko": "데이터가 많을수록 정밀하게 재지만, 이 시험 데이터는 신경망을 고르는 데 쓰였습니다. 그래서 그 "
                                "숫자는 더는 공정한 측정이 아닙니다.",
                         "en": "A larger set measures more precisely, but this one was used to choose the network: "
                               "its number is no longer a fair measurement."}),
                  ("b", {"ko": "기울기 계산에는 쓰이지 않았지만, 신경망을 고르는 데 쓰였습니다. 그 선택은 이 시험 데이터에 "
                                "잘 맞는 쪽으로 기웁니다.",
                         "en": "The test points were never used for a gradient, but they were used to choose between "
                               "the networks, and that choice leans towards what suits them."}))),
    # -- lesson 7 -------------------------------------------------------------
    "l7_softmax": dict(
        answer=lambda: softmax(np.zeros((1, 4)))[0], kind="numbers", decimals=2,
        hint={"ko": "점수가 모두 같으면 e^a도 모두 같습니다. 네 개의 같은 수를 합이 1이 되게 나누면?",
              "en": "With equal scores every e^a is the same. Four equal numbers that add up to 1 are?"},
        how={"ko": "모든 점수가 같으므로 모든 확률이 같고 합이 1: [0.25, 0.25, 0.25, 0.25].",
             "en": "Equal scores give equal probabilities that add up to 1: [0.25, 0.25, 0.25, 0.25]."},
        mistakes=(([1.0, 1.0, 1.0, 1.0], {"ko": "그것은 e^0입니다. 소프트맥스는 합이 1이 되도록 나눕니다.",
                                          "en": "That is e^0: softmax then divides so that they add up to 1."}),)),
    "l7_cross_entropy": dict(
        answer=lambda: cross_entropy(np.array([[TWO_IMAGES[0], 1 - TWO_IMAGES[0]],
                                               [TWO_IMAGES[1], 1 - TWO_IMAGES[1]]]), [0, 0]),
        kind="numbers", decimals=2,
        hint={"ko": "이미지마다 −log p를 위의 표에서 읽고, 두 값의 평균을 내세요.",
              "en": "Read −log p for each image off the table above, then take the mean of the two."},
        how={"ko": "(−log 0.9 − log 0.1) / 2 = (0.105 + 2.303) / 2 ≈ 1.20.",
             "en": "(−log 0.9 − log 0.1) / 2 = (0.105 + 2.303) / 2 ≈ 1.20."},
        mistakes=((-np.log(0.5), {"ko": "확률의 평균 0.5의 −log가 아니라, 이미지마다 −log p를 구한 뒤 평균합니다.",
                                  "en": "Not −log of the mean probability 0.5: take −log p for each image, then "
                                        "the mean."}),
                  (2.408, {"ko": "두 값의 합입니다. 교차 엔트로피는 이미지 수로 나눈 평균입니다.",
                           "en": "That is the sum: the cross-entropy is the mean over the images."}))),
    "l7_evals": dict(
        answer=lambda: 2 * TwoLayerNet(64, WIDER, 10).n_params, kind="integer",
        hint={"ko": "매개변수마다 손실을 몇 번 계산했는지 3강을 떠올려 보세요. 매개변수 수는 층마다 "
                    "(입력 수 × 출력 수)개의 가중치와 출력 수만큼의 편향입니다.",
              "en": "Recall from lesson 3 how many loss evaluations one parameter costs. Each layer has "
                    "(inputs × outputs) weights and one bias per output."},
        how={"ko": f"2 × (64×{WIDER} + {WIDER} + {WIDER}×10 + 10) = 2 × {64 * WIDER + WIDER + WIDER * 10 + 10}.",
             "en": f"2 × (64×{WIDER} + {WIDER} + {WIDER}×10 + 10) = 2 × {64 * WIDER + WIDER + WIDER * 10 + 10}."},
        mistakes=((2 * (64 * WIDER + WIDER * 10), {"ko": "편향도 매개변수입니다.", "en": "Biases are parameters too."}),
                  (64 * WIDER + WIDER + WIDER * 10 + 10, {"ko": "그것은 매개변수 수입니다. 하나마다 손실을 몇 번 계산하나요?",
                                                           "en": "That is the parameter count: how many loss "
                                                                 "evaluations does each one cost?"}))),
}
