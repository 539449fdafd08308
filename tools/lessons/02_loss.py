CELLS = [
    md(
        ko="""# 2. 손실 함수: 얼마나 틀렸는가

1강에서 예측 `y ≈ [0.645, 0.706]`을 얻었습니다. 목표는 `t = [0.2, 0.1]`입니다. "얼마나 틀렸는지"를 숫자 하나로 나타내야 그 숫자를 줄이는 방향으로 학습할 수 있습니다. 그 숫자를 내는 함수가 **손실 함수**입니다.

이 강의에서는 **평균 제곱 오차**(MSE)를 씁니다.

$$L = \\frac{1}{n} \\sum_{k=1}^{n} (y_k - t_k)^2$$

차이를 제곱하므로 위로 틀리든 아래로 틀리든 모두 양수가 되고, 크게 틀릴수록 훨씬 큰 벌을 받습니다. 예측이 목표와 똑같을 때만 0이 됩니다.""",
        en="""# 2. The loss function: how wrong are we?

In lesson 1 the prediction was `y ≈ [0.645, 0.706]` against the target `t = [0.2, 0.1]`. To learn, we need "how wrong" as a single number: then we can try to make that number smaller. The function that produces it is the **loss function**.

We use the **mean squared error** (MSE):

$$L = \\frac{1}{n} \\sum_{k=1}^{n} (y_k - t_k)^2$$

Squaring makes errors in either direction positive and punishes big errors much more than small ones. It is 0 only when the prediction equals the target.""",
    ),
    code("""import numpy as np
import nnlib
from nnlib.course import exercises, i18n, plots, widgets

LANG = i18n.course_language()
net, x, t = nnlib.worked_example()"""),
    md(
        ko="""## 예제의 손실을 한 단계씩""",
        en="""## The example's loss, step by step""",
    ),
    code("""y = net.predict(x)
error = y - t
print("y - t       =", error)
print("(y - t)**2  =", error**2)
print("mean        =", round(float(np.mean(error**2)), 10))"""),
    code("""print("nnlib.mse  :", round(nnlib.mse(y, t), 10))
print("net.loss   :", round(net.loss(x, t), 10))"""),
    md(
        ko="""세 값이 모두 같습니다. 학습을 시작하기 전 손실은 약 **0.2827**입니다. 4강에서 이 값이 0에 가깝게 줄어드는 것을 보게 됩니다.

## 평균인가, 절반의 합인가

"밑바닥부터 시작하는 딥러닝"은 평균 제곱 오차를 $\\frac{1}{2}\\sum_k (y_k - t_k)^2$, 즉 **합의 절반**으로 정의합니다. 이 강의의 예제는 **평균**을 씁니다. 원소가 $n$개라면 둘의 차이는 상수배 $\\frac{n}{2}$뿐이라서, 손실이 가장 작아지는 가중치는 똑같습니다. 다만 기울기도 같은 배수만큼 달라지므로, 같은 학습률로 학습하면 걸음의 크기가 달라집니다. 예제 숫자를 재현하려면 평균을 써야 합니다.""",
        en="""All three agree. Before any learning the loss is about **0.2827**; in lesson 4 we watch it shrink towards 0.

## Mean, or half the sum?

"Deep Learning from Scratch" defines the squared error as $\\frac{1}{2}\\sum_k (y_k - t_k)^2$: **half the sum**. Our example uses the **mean**. With $n$ elements the two differ only by the constant factor $\\frac{n}{2}$, so the weights with the smallest loss are the same. The gradients differ by that same factor, though, so the same learning rate takes steps of a different size. To reproduce the example's numbers we must use the mean.""",
    ),
    code("""half_sum = 0.5 * np.sum((y - t) ** 2)
print("half the sum:", round(float(half_sum), 10))
print("mean        :", round(nnlib.mse(y, t), 10))
print("ratio       :", half_sum / nnlib.mse(y, t), "= n / 2 with n =", y.size)"""),
    md(
        ko="""## 가중치 하나가 움직이면 손실은?

손실은 예측의 함수이고, 예측은 가중치의 함수입니다. 그러니 손실도 가중치의 함수입니다. 다른 값은 모두 그대로 두고 $W_2$의 첫 원소 `W2[0,0]` 하나만 움직이면 손실이 어떻게 변하는지 그려 봅시다. 빨간 점이 지금의 값 0.4입니다.""",
        en="""## When one weight moves, what does the loss do?

The loss is a function of the prediction, and the prediction is a function of the weights, so the loss is a function of the weights. Hold everything fixed and move only the first element of $W_2$, `W2[0,0]`: here is the loss along the way. The red dot is its current value, 0.4.""",
    ),
    code("""plots.plot_loss_landscape(net, x, t, "W2", (0, 0), LANG)"""),
    md(
        ko="""곡선은 왼쪽으로 갈수록 내려갑니다. 즉 `W2[0,0]`을 **줄이면** 손실이 줄어듭니다. 지금 점에서 곡선의 기울기는 양수입니다. "기울기가 양수면 반대 방향(왼쪽)으로 간다", 이것이 4강의 경사 하강법의 전부입니다. 그 기울기를 재는 방법이 3강의 주제입니다.

슬라이더로 직접 움직여 보세요.""",
        en="""The curve goes down to the left: **decreasing** `W2[0,0]` lowers the loss. At the current point the curve's slope is positive. "If the slope is positive, go the other way (left)": that is all of gradient descent, lesson 4. How to measure that slope is lesson 3.

Move it yourself with the slider.""",
    ),
    code("""widgets.LossExplorer(LANG)"""),
    exercise(
        "l2_loss",
        ko="""## 연습 문제

**문제 1.** 학습 전 예제 신경망의 손실(평균 제곱 오차)은?""",
        en="""## Exercises

**Exercise 1.** What is the example network's loss (mean squared error) before training?""",
    ),
    exercise(
        "l2_half_sum",
        ko="""**문제 2.** 같은 예측에 대해 교과서식 정의, 제곱 오차 합의 절반 $\\frac{1}{2}\\sum_k (y_k - t_k)^2$은 얼마일까요?""",
        en="""**Exercise 2.** For the same prediction, what is the textbook's version, half the sum of squared errors $\\frac{1}{2}\\sum_k (y_k - t_k)^2$?""",
    ),
    exercise(
        "l2_simple",
        ko="""**문제 3.** 예측 `[1, 0]`, 목표 `[0, 0]`의 평균 제곱 오차는? 계산기 없이 풀어 보세요.""",
        en="""**Exercise 3.** What is the mean squared error of the prediction `[1, 0]` against the target `[0, 0]`? Try it without a computer.""",
    ),
    md(
        ko="""다음: **3. 수치 미분** → `03_numerical_gradient.ipynb`""",
        en="""Next: **3. Numerical differentiation** → `03_numerical_gradient.ipynb`""",
    ),
]
