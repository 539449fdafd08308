CELLS = [
    md(
        ko="""# 5. 배운 것 정리, 그리고 다음 단계

4강에서 3000번의 경사 하강법으로 예측을 목표 `[0.2, 0.1]` 가까이 가져갔습니다. 이번 강의에서는 학습된 매개변수로 예측해 보고, 지금까지를 정리하고, 수치 미분이 큰 신경망에서는 왜 쓰이지 않는지 직접 재 봅니다.""",
        en="""# 5. What we learned, and what comes next

In lesson 4, 3000 steps of gradient descent brought the prediction close to the target `[0.2, 0.1]`. In this lesson we predict with the learned parameters, sum up, and measure for ourselves why numerical gradients are not used for large networks.""",
    ),
    code("""import time

import numpy as np
import nnlib
from nnlib.course import exercises, i18n, plots

LANG = i18n.course_language()"""),
    md(
        ko="""## 학습된 매개변수로 예측하기

학습이 끝나면 남는 것은 **매개변수** 뿐입니다. 그 값만 있으면 언제든 같은 예측을 할 수 있습니다.""",
        en="""## Predicting with the learned parameters

What training leaves behind is just the **parameters**. With those numbers alone we can make the same prediction any time.""",
    ),
    code("""net, x, t = nnlib.worked_example()
history = nnlib.gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical")
learned = {name: value.round(6).tolist() for name, value in net.params.items()}
for name, value in learned.items():
    print(name, "=", value)"""),
    code("""print("prediction of the trained net:", net.predict(x))
copy = nnlib.Network(net.params)  # a new network built from the learned numbers only
print("prediction of a new net:      ", copy.predict(x))"""),
    md(
        ko="""처음부터 이 가중치와 편향을 알았다면 학습은 필요 없었을 겁니다. 하지만 현실의 문제에서는 좋은 매개변수를 미리 알 수 없고, 그래서 학습이 필요합니다.

## 정리

- **순전파**: 층마다 $a = zW + b$, $z = h(a)$를 계산해 입력에서 출력까지 갑니다.
- **손실 함수**: 예측과 목표의 차이를 숫자 하나로. 이 강의는 평균 제곱 오차를 썼습니다.
- **수치 미분**: 매개변수를 하나씩 $\\pm h$만큼 움직여 손실의 기울기를 잽니다. 중앙 차분, $h = 10^{-4}$.
- **경사 하강법**: 기울기의 반대 방향으로 학습률만큼씩 움직이기를 반복합니다.
- **학습이란** 손실을 가장 작게 만드는 가중치와 편향을 찾는 과정이고, 경사 하강법이 그것을 찾아 줍니다.

## 수치 미분은 얼마나 느릴까

매개변수가 $P$개면 수치 미분은 기울기 한 번에 손실을 $2P$번 계산합니다. 순전파 한 번의 비용도 $P$에 비례하므로, 전체 비용은 $P^2$에 비례합니다. 역전파는 순전파 약 두 번 분량으로 모든 기울기를 구하니 비용이 $P$에 비례합니다. 은닉층 너비를 늘려 가며 직접 재 봅시다. (측정 시간은 컴퓨터마다 다릅니다.)""",
        en="""Had we known these weights and biases from the start, no training would have been needed. In real problems nobody knows good parameters in advance: that is why we train.

## Summary

- **Forward propagation**: layer by layer, $a = zW + b$ and $z = h(a)$, from the input to the output.
- **Loss function**: the gap between prediction and target as one number; we used the mean squared error.
- **Numerical differentiation**: nudge each parameter by $\\pm h$ and measure the loss's slope; central differences, $h = 10^{-4}$.
- **Gradient descent**: step against the gradient, scaled by the learning rate, again and again.
- **Learning** means finding the weights and biases that make the loss smallest, and gradient descent finds them.

## How slow are numerical gradients?

With $P$ parameters a numerical gradient evaluates the loss $2P$ times, and each forward pass itself costs in proportion to $P$, so the whole costs in proportion to $P^2$. Backpropagation gets every gradient for about two forward passes' worth of work: its cost grows like $P$. Let us measure, widening the hidden layer. (Timings differ from computer to computer.)""",
    ),
    code("""widths = [2, 16, 128, 1024]
n_params, t_numerical, t_backprop = [], [], []
for width in widths:
    big = nnlib.Network.random((2, width, 2), seed=0)
    n_params.append(big.n_params)
    for method, times in ((big.numerical_gradient, t_numerical), (big.gradient, t_backprop)):
        start = time.perf_counter()
        for _ in range(3):
            method(x, t)
        times.append((time.perf_counter() - start) / 3)
for p, tn, tb in zip(n_params, t_numerical, t_backprop):
    print(f"P = {p:4d}: numerical {tn * 1e3:8.2f} ms, backprop {tb * 1e3:6.3f} ms, ratio {tn / tb:6.0f}x")""",
         tags=["nbval-ignore-output"]),
    code("""plots.plot_gradient_cost(n_params, t_numerical, t_backprop, LANG)"""),
    md(
        ko="""매개변수가 늘어나는 만큼 수치 미분의 시간도 늘어나고, 역전파의 시간은 거의 그대로입니다. 그래서 둘의 비율(마지막 열)이 매개변수 수와 함께 커집니다. 이 작은 신경망들에서는 numpy 함수 호출의 고정 비용이 커서 $P^2$보다 완만해 보이지만, 신경망이 커지면 순전파 자체의 비용까지 곱해집니다. 손글씨 숫자(MNIST)를 분류하는 작은 신경망도 매개변수가 수만 개이고, 요즘 모델은 수십억 개입니다. 그래서 실제 학습에는 **역전파**를 쓰고, 수치 미분은 이번 강의처럼 역전파가 맞게 구현되었는지 **검산**하는 데 씁니다.

## 다음에 배울 것

- **역전파**: 연쇄 법칙으로 기울기를 구하는 방법. `nnlib/network.py`의 `Network.gradient`가 20줄 정도이니 읽어 보세요. "밑바닥부터 시작하는 딥러닝" 5장이 이 주제입니다.
- **미니배치 학습**: 데이터 전체 대신 일부씩 뽑아 기울기를 구하는 확률적 경사 하강법(SGD).
- **더 나은 최적화**: 모멘텀, Adam 같은 방법은 학습률 문제를 덜어 줍니다.""",
        en="""The numerical gradient's time grows with the parameter count while backpropagation's hardly moves, so their ratio (the last column) grows with $P$. On networks this small the fixed cost of each numpy call hides part of the $P^2$; on bigger ones the cost of the forward pass itself multiplies in. Even a small network that classifies handwritten digits (MNIST) has tens of thousands of parameters, and today's models have billions. So real training uses **backpropagation**, and numerical gradients serve, as in lesson 3, to **check** that a backpropagation is implemented correctly.

## What to learn next

- **Backpropagation**: gradients by the chain rule. `Network.gradient` in `nnlib/network.py` is about 20 lines; read it. Chapter 5 of "Deep Learning from Scratch" covers it.
- **Mini-batch training**: stochastic gradient descent (SGD), which estimates the gradient from a few samples at a time instead of the whole data set.
- **Better optimisers**: momentum and Adam take some of the pain out of choosing a learning rate.""",
    ),
    exercise(
        "l5_predict",
        ko="""## 연습 문제

**문제 1.** 학습된 신경망(학습률 0.1, 3000단계)의 입력 `x`에 대한 예측은?""",
        en="""## Exercises

**Exercise 1.** What does the trained network (learning rate 0.1, 3000 steps) predict for the input `x`?""",
    ),
    exercise(
        "l5_evals",
        ko="""**문제 2.** 예제 신경망의 수치 미분 기울기 한 번에 손실을 몇 번 계산할까요?""",
        en="""**Exercise 2.** How many loss evaluations does one numerical gradient of the example network take?""",
    ),
    exercise(
        "l5_mnist",
        ko="""**문제 3.** 크기가 (784, 100, 10)인 신경망(MNIST용, 입력 784, 은닉 100, 출력 10)의 가중치와 편향은 모두 몇 개일까요?""",
        en="""**Exercise 3.** How many weights and biases does a (784, 100, 10) network have (for MNIST: 784 inputs, 100 hidden, 10 outputs)?""",
    ),
    md(
        ko="""수고하셨습니다! 처음으로 돌아가려면 → `00_start_here.ipynb`""",
        en="""Well done! Back to the start → `00_start_here.ipynb`""",
    ),
]
