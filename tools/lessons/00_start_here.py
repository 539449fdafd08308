CELLS = [
    md(
        ko="""# 0. 여기서 시작하세요: 신경망은 어떻게 배우는가

이 강의는 아주 작은 신경망 하나를 끝까지 따라갑니다. 입력 두 개, 은닉 뉴런 두 개, 출력 두 개짜리 신경망이 **출력을 계산하고**(순전파), **얼마나 틀렸는지 재고**(손실 함수), **어느 쪽으로 고쳐야 덜 틀리는지 기울기를 측정하고**(수치 미분), **그 방향으로 조금씩 내려가는**(경사 하강법) 과정을 숫자 하나하나까지 직접 확인합니다.

모든 숫자는 노트북 안에서 계산됩니다. 그대로 외울 필요는 없습니다. 셀을 실행하고, 슬라이더를 움직이고, 결과가 어떻게 바뀌는지 눈으로 확인하세요.""",
        en="""# 0. Start here: how does a neural network learn?

This course follows one very small neural network all the way through. A network with two inputs, two hidden neurons and two outputs **computes its output** (forward propagation), **measures how wrong it is** (the loss function), **measures which way to change each weight to be less wrong** (the numerical gradient) and **takes small steps in that direction** (gradient descent). You will see every number along the way.

Every number is computed right here in the notebook. Nothing needs memorising: run the cells, move the sliders and watch what changes.""",
    ),
    md(
        ko="""## 노트북 사용법

- **셀 실행**: 셀을 클릭하고 `Shift + Enter`. 위에서부터 차례대로 실행하세요. 메뉴의 *Run → Run All Cells*로 한 번에 실행할 수도 있습니다.
- **슬라이더**: 마우스로 끌거나, 클릭한 뒤 키보드 화살표로 움직입니다. 오른쪽 숫자를 클릭하면 값을 직접 입력할 수 있습니다.
- **연습 문제**: 각 강의 끝에 있습니다. `answer = None` 자리에 답을 쓰고 셀을 실행하면 맞았는지 바로 알려 주고, 틀리면 힌트를 줍니다.
- **처음 상태로**: 메뉴의 *Kernel → Restart Kernel and Run All Cells*.""",
        en="""## How to use these notebooks

- **Run a cell**: click it and press `Shift + Enter`. Go from the top down. *Run → Run All Cells* in the menu runs everything at once.
- **Sliders**: drag them, or click one and use the arrow keys. Click the number at the right to type a value.
- **Exercises**: at the end of every lesson. Replace `answer = None` with your answer and run the cell: it tells you at once whether you are right, and gives a hint if not.
- **Start over**: *Kernel → Restart Kernel and Run All Cells*.""",
    ),
    md(
        ko="""## 강의 지도

| 강의 | 내용 | 직접 해 볼 것 |
|---|---|---|
| 0 | 시작하기, 용어집 | 이 페이지 |
| 1 | 순전파와 활성화 함수 | 입력 슬라이더로 신경망 속 값 바꾸기 |
| 2 | 손실 함수 (평균 제곱 오차) | 가중치 하나를 움직여 손실 곡선 따라가기 |
| 3 | 수치 미분과 기울기 | h를 바꾸며 미분 오차 보기, 역전파와 비교 |
| 4 | 경사 하강법 | 학습률·반복 횟수 슬라이더, 발산 관찰 |
| 5 | 배운 것 정리와 다음 단계 | 학습된 신경망으로 예측, 계산 비용 측정 |

강의는 순서대로 듣는 것을 권합니다. 각 강의는 따로 실행해도 동작합니다.""",
        en="""## Map of the lessons

| Lesson | Topic | What you will try |
|---|---|---|
| 0 | Getting started, glossary | this page |
| 1 | Forward propagation and activation functions | input sliders that change every value inside the network |
| 2 | The loss function (mean squared error) | move one weight and follow the loss curve |
| 3 | Numerical differentiation and the gradient | change h and watch the error; check against backpropagation |
| 4 | Gradient descent | learning-rate and steps sliders; watch training diverge |
| 5 | What we learned, and what comes next | predict with the trained network; measure the cost |

Take the lessons in order; each one also runs on its own.""",
    ),
    md(
        ko="""## 용어집

이 강의는 한국어와 영어로 같은 내용을 다룹니다. 두 언어의 용어를 나란히 적어 둡니다.

| 한국어 | English | 한 줄 설명 |
|---|---|---|
| 순전파 | forward propagation | 입력에서 출력까지 차례로 값을 계산하는 것 |
| 활성화 함수 | activation function | 뉴런의 합을 비선형으로 바꾸는 함수 (시그모이드, tanh, ReLU) |
| 가중치 | weight | 입력에 곱하는 값, 연결의 세기 |
| 편향 | bias | 곱한 합에 더하는 값, 뉴런이 얼마나 쉽게 켜지는지 |
| 손실 함수 | loss function | 예측이 목표에서 얼마나 먼지를 숫자 하나로 나타낸 것 |
| 평균 제곱 오차 | mean squared error (MSE) | 오차를 제곱해 평균 낸 손실 함수 |
| 수치 미분 | numerical differentiation | 값을 아주 조금 바꿔 보고 함수가 얼마나 변하는지로 기울기를 재는 방법 |
| 기울기 | gradient | 각 매개변수를 조금 늘렸을 때 손실이 변하는 비율을 모은 것 |
| 학습률 | learning rate | 경사 하강법에서 한 걸음의 크기 |
| 경사 하강법 | gradient descent | 기울기의 반대 방향으로 매개변수를 조금씩 옮기는 학습 방법 |
| 역전파 | backpropagation | 연쇄 법칙으로 기울기를 한 번에 계산하는 방법 |""",
        en="""## Glossary

The course exists in Korean and in English; here are the terms side by side.

| English | 한국어 | In one line |
|---|---|---|
| forward propagation | 순전파 | computing values in order, from the input to the output |
| activation function | 활성화 함수 | a non-linear function applied to a neuron's sum (sigmoid, tanh, ReLU) |
| weight | 가중치 | a number an input is multiplied by: the strength of a connection |
| bias | 편향 | a number added to the weighted sum: how easily a neuron switches on |
| loss function | 손실 함수 | one number saying how far the prediction is from the target |
| mean squared error (MSE) | 평균 제곱 오차 | the loss that averages the squared errors |
| numerical differentiation | 수치 미분 | measuring a slope by nudging the input a little and watching the output |
| gradient | 기울기 | how fast the loss changes as each parameter grows, for all parameters |
| learning rate | 학습률 | the size of each gradient-descent step |
| gradient descent | 경사 하강법 | learning by moving the parameters a little against the gradient |
| backpropagation | 역전파 | computing the whole gradient at once with the chain rule |""",
    ),
    md(
        ko="""## 준비: 라이브러리 불러오기

강의에서 쓰는 계산은 모두 작은 라이브러리 `nnlib`에 들어 있습니다. 노트북은 아이디어를 보여 주고, 계산과 그림은 `nnlib`이 맡습니다. `nnlib`의 코드도 짧으니 궁금하면 열어 보세요 (`nnlib/network.py`부터).""",
        en="""## Setup: import the library

All the computation lives in a small library, `nnlib`. The notebooks show the ideas; `nnlib` does the arithmetic and the drawing. Its code is short, so open it if you are curious (start with `nnlib/network.py`).""",
    ),
    code("""import numpy as np
import nnlib
from nnlib.course import exercises, i18n

LANG = i18n.course_language()  # "ko" or "en", from the folder this notebook is in"""),
    md(
        ko="""## 이 강의의 예제 신경망

강의 내내 같은 신경망을 씁니다. 입력 `x = [0.5, 0.8]`을 넣었을 때 출력이 목표 `t = [0.2, 0.1]`이 되도록 가중치와 편향을 학습시키는 것이 목표입니다.""",
        en="""## The network of this course

We use one network throughout. The goal: learn weights and biases such that the input `x = [0.5, 0.8]` produces the target `t = [0.2, 0.1]`.""",
    ),
    code("""net, x, t = nnlib.worked_example()
net"""),
    code("""for name, value in net.params.items():
    print(name, "=", value.tolist())"""),
    exercise(
        "l0_term",
        ko="""## 연습 문제

**문제 1.** 경사 하강법에서 한 걸음의 크기를 정하는 값, "학습률"의 영어 용어는 무엇일까요? (문자열로 답하세요)""",
        en="""## Exercises

**Exercise 1.** What is the English term for 학습률, the value that sets the size of each gradient-descent step? (Answer with a string.)""",
    ),
    exercise(
        "l0_params",
        ko="""**문제 2.** 예제 신경망의 가중치와 편향은 모두 몇 개일까요?""",
        en="""**Exercise 2.** How many weights and biases does the example network have in total?""",
    ),
    md(
        ko="""다음: **1. 순전파** → `01_forward_propagation.ipynb`""",
        en="""Next: **1. Forward propagation** → `01_forward_propagation.ipynb`""",
    ),
]
