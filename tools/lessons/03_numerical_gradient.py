CELLS = [
    md(
        ko="""# 3. 수치 미분: 기울기를 직접 재기

2강에서 손실 곡선의 기울기가 양수면 가중치를 줄여야 한다는 것을 봤습니다. 그럼 기울기는 어떻게 알 수 있을까요? 가장 직접적인 방법은 **재 보는 것**입니다. 값을 아주 조금 바꿔 보고, 함수가 얼마나 변하는지 보는 겁니다.

미분의 정의가 바로 그것입니다.

$$f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}$$

컴퓨터는 극한을 계산할 수 없으니, 작은 $h$ 하나를 골라 그 비율을 계산합니다. 이것이 **수치 미분**입니다.""",
        en="""# 3. Numerical differentiation: measuring the slope

Lesson 2 showed that when the loss curve slopes upwards, the weight should go down. But how do we know the slope? The most direct way is to **measure it**: change the value a tiny bit and see how much the function changes.

That is exactly the definition of the derivative:

$$f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}$$

A computer cannot take a limit, so we pick one small $h$ and compute the ratio. That is **numerical differentiation**.""",
    ),
    code("""import inspect

import numpy as np
import nnlib
from nnlib.course import exercises, i18n, plots, widgets

LANG = i18n.course_language()"""),
    md(
        ko="""## 전방 차분과 중앙 차분

- **전방 차분**: $\\dfrac{f(x+h) - f(x)}{h}$. 오른쪽으로만 조금 가 봅니다. 오차는 $h$에 비례합니다.
- **중앙 차분**: $\\dfrac{f(x+h) - f(x-h)}{2h}$. 양쪽으로 같은 만큼 가 봅니다. 곡선의 휘어짐이 양쪽에서 상쇄되어 오차가 $h^2$에 비례합니다.

$h = 10^{-4}$이면 $h^2 = 10^{-8}$이니, 중앙 차분이 훨씬 정확합니다. 시그모이드의 $x = 0.5$에서 비교해 봅시다. 도함수 $\\sigma(x)(1-\\sigma(x))$를 알고 있으니 참값과 비교할 수 있습니다.""",
        en="""## Forward and central differences

- **Forward difference**: $\\dfrac{f(x+h) - f(x)}{h}$. Step to the right only; the error is proportional to $h$.
- **Central difference**: $\\dfrac{f(x+h) - f(x-h)}{2h}$. Step the same amount both ways; the curve's bending cancels out between the two sides and the error is proportional to $h^2$.

With $h = 10^{-4}$, $h^2 = 10^{-8}$: the central difference is far more accurate. Compare them on the sigmoid at $x = 0.5$, where we know the exact derivative $\\sigma(x)(1-\\sigma(x))$.""",
    ),
    code("""exact = nnlib.sigmoid_grad(0.5)
forward = nnlib.derivative(nnlib.sigmoid, 0.5, h=1e-4, method="forward")
central = nnlib.derivative(nnlib.sigmoid, 0.5, h=1e-4, method="central")
print(f"exact   {exact:.10f}")
print(f"forward {forward:.10f}  error {abs(forward - exact):.1e}")
print(f"central {central:.10f}  error {abs(central - exact):.1e}")"""),
    md(
        ko="""## 왜 h = 1e-4 인가

$h$가 작을수록 정확할 것 같지만, 그렇지 않습니다. 컴퓨터의 실수(float64)는 유효숫자가 약 16자리뿐이라, $h$가 너무 작으면 $f(x+h)$와 $f(x-h)$가 거의 같은 수가 되고 그 **차이에는 반올림 오차만** 남습니다. 극단적으로는 $x + h$가 $x$와 아예 같아집니다.""",
        en="""## Why h = 1e-4?

A smaller $h$ sounds more accurate, but it is not. A float64 holds only about 16 significant digits, so when $h$ is tiny, $f(x+h)$ and $f(x-h)$ are nearly the same number and **their difference is mostly rounding error**. In the extreme, $x + h$ is exactly $x$.""",
    ),
    code("""print("0.5 + 1e-17 == 0.5 ?", bool(0.5 + 1e-17 == 0.5))
print("central difference with h = 1e-17:", nnlib.derivative(nnlib.sigmoid, 0.5, h=1e-17))"""),
    md(
        ko="""그래서 오차에는 두 가지가 있습니다. $h$가 클 때 커지는 **절단 오차**(곡선을 직선으로 근사한 탓), $h$가 작을 때 커지는 **반올림 오차**(자릿수가 모자란 탓). 아래 그래프(로그-로그)에서 오른쪽으로 올라가는 부분이 절단 오차, 왼쪽의 들쭉날쭉한 부분이 반올림 오차입니다. 중앙 차분의 오차는 $h \\approx 10^{-5}$ 근처에서 가장 작습니다. 교과서가 쓰는 1e-4는 그보다 조금 오른쪽, 반올림 오차의 들쭉날쭉한 영역에서 충분히 떨어진 안전한 자리입니다. 여기서도 오차는 $10^{-10}$ 정도에 불과합니다.""",
        en="""So there are two kinds of error: **truncation error**, which grows with $h$ (we replaced a curve by a straight line), and **rounding error**, which grows as $h$ shrinks (we ran out of digits). In the log-log plot below, the part rising to the right is truncation error and the jagged part on the left is rounding error. The central difference's error is smallest near $h \\approx 10^{-5}$. The textbook's 1e-4 sits a little to the right of that, safely away from the jagged rounding region, where the error is still only about $10^{-10}$.""",
    ),
    code("""plots.plot_derivative_error(lang=LANG)"""),
    md(
        ko="""슬라이더로 $h$를 바꿔 보세요. 빨간 선이 고른 $h$이고, 위에 두 방법의 오차가 나옵니다. $h$를 `1e-12`까지 줄이면 중앙 차분도 오히려 나빠집니다.""",
        en="""Change $h$ with the slider. The red line is the chosen $h$, and the errors of both methods are printed above. Push $h$ down to `1e-12` and even the central difference gets worse.""",
    ),
    code("""widgets.DerivativeExplorer(LANG)"""),
    md(
        ko="""## 배열 전체의 기울기

손실은 가중치 배열 전체의 함수입니다. 배열의 **원소 하나씩** 돌아가며 중앙 차분을 계산하면 배열과 같은 모양의 기울기 배열이 나옵니다. 원소 하나를 $+h$, $-h$로 바꿔 함수를 두 번 부르고, **원래 값으로 되돌린** 다음 다음 원소로 넘어갑니다. `nnlib.numerical_gradient`의 코드가 짧으니 직접 읽어 보세요.""",
        en="""## The gradient of a whole array

The loss depends on whole weight arrays. Take the central difference for **one element at a time** and you get a gradient array of the same shape. For each element: set it to $+h$ and call the function, set it to $-h$ and call it again, **put the original value back**, and move on. `nnlib.numerical_gradient` is short; read it.""",
    ),
    code("""print(inspect.getsource(nnlib.numerical_gradient))"""),
    md(
        ko="""$f(x_0, x_1) = x_0^2 + x_1^2$의 기울기는 $(2x_0, 2x_1)$입니다. $(3, 4)$에서는 $(6, 8)$이어야 합니다. 계산이 끝난 뒤에도 `point`가 그대로인지도 확인합니다.""",
        en="""The gradient of $f(x_0, x_1) = x_0^2 + x_1^2$ is $(2x_0, 2x_1)$: at $(3, 4)$ it should be $(6, 8)$. We also check that `point` is unchanged afterwards.""",
    ),
    code("""point = np.array([3.0, 4.0])
print("gradient:", nnlib.numerical_gradient(lambda v: np.sum(v**2), point))
print("point afterwards:", point)"""),
    md(
        ko="""### 함정: 정수 배열

교과서 코드에 `np.array([3, 4])`처럼 **정수 배열**을 넣으면 `x[i] = 3 + 0.0001`이 정수 3으로 잘려 저장됩니다. 그러면 함수가 전혀 변하지 않거나 한 칸(1)씩 통째로 변해서, 기울기가 0 또는 수천 배로 틀린 값이 조용히 나옵니다. `nnlib`은 이런 배열을 거부하고 고치는 방법을 알려 줍니다.""",
        en="""### A trap: integer arrays

Give the textbook code an **integer array** such as `np.array([3, 4])` and `x[i] = 3 + 0.0001` is stored truncated back to the integer 3. The function then either does not change at all or jumps by a whole unit, and the gradient comes out as 0 or thousands of times too large, silently. `nnlib` refuses such arrays and says how to fix them.""",
    ),
    code("""try:
    nnlib.numerical_gradient(lambda v: np.sum(v**2), np.array([3, 4]))
except TypeError as error:
    print("TypeError:", error)"""),
    md(
        ko="""## 예제 신경망의 기울기 (0단계)

이제 신경망의 손실을 가중치 $W_1, b_1, W_2, b_2$ 각각에 대해 미분합니다. 매개변수 12개마다 손실을 두 번씩, 모두 24번 계산합니다. 이 값들이 4강에서 학습의 첫 걸음에 쓰이는 기울기입니다.""",
        en="""## The example network's gradient (step 0)

Now differentiate the network's loss with respect to each of $W_1, b_1, W_2, b_2$: two loss evaluations for each of the 12 parameters, 24 in all. These are the gradients that the first step of training in lesson 4 uses.""",
    ),
    code("""net, x, t = nnlib.worked_example()
grads = net.numerical_gradient(x, t)
for name, g in grads.items():
    print(name, "\\n", g)"""),
    md(
        ko="""모든 기울기가 양수입니다. 2강의 그림처럼, 모든 가중치와 편향을 **줄이면** 손실이 줄어든다는 뜻입니다. 예측이 목표보다 크니 자연스러운 결과입니다. 가장 큰 값은 `b2`입니다. 출력에 가장 가까이, 가장 직접 영향을 주는 매개변수이기 때문입니다.

## 역전파로 검산하기

수치 미분은 이해하기 쉽지만 느립니다 (5강에서 잽니다). 실제 신경망은 **역전파**(backpropagation)를 씁니다. 연쇄 법칙을 이용해 출력에서 입력 쪽으로 한 번 거슬러 올라가며 모든 기울기를 한꺼번에 계산하는 방법입니다. 두 방법은 완전히 다른 계산이므로, 결과가 같다면 서로를 검증해 줍니다. 이것을 **기울기 검사**(gradient check)라고 합니다.""",
        en="""Every gradient is positive: as in lesson 2's picture, **decreasing** any weight or bias lowers the loss, which makes sense since the prediction is above the target. The largest is `b2`, the parameter closest to the output, with the most direct effect.

## Checking with backpropagation

Numerical gradients are easy to understand but slow (we measure how slow in lesson 5). Real networks use **backpropagation**: the chain rule applied once, backwards from the output to the input, gives every gradient in one pass. The two methods compute in entirely different ways, so if they agree, each vouches for the other. This is called a **gradient check**.""",
    ),
    code("""analytic = net.gradient(x, t)
for name in grads:
    relative = np.max(np.abs(grads[name] - analytic[name])) / np.max(np.abs(analytic[name]))
    print(f"{name}: numerical and backprop agree to 1e-8 (relative): {relative < 1e-8}")"""),
    exercise(
        "l3_square",
        ko="""상대 차이는 $10^{-9}$보다도 작습니다 (이 컴퓨터에서 잰 값은 $10^{-10}$ ~ $10^{-9}$). 중앙 차분의 절단 오차($h^2 = 10^{-8}$에 비례)로 설명되는 크기입니다. 두 방법이 같은 기울기를 계산한다는 뜻입니다. 정확한 차이의 마지막 자리는 컴퓨터마다 조금씩 달라서 여기서는 기준(1e-8)을 넘는지만 출력했습니다.

## 연습 문제

**문제 1.** $f(x) = x^2$의 $x = 3$에서의 기울기는? `nnlib.derivative`로 구하거나 손으로 풀어 보세요.""",
        en="""The relative differences are below $10^{-9}$ (measured here: $10^{-10}$ to $10^{-9}$), the size the central difference's truncation error (proportional to $h^2 = 10^{-8}$) explains. Both methods compute the same gradient. The exact differences vary slightly from computer to computer in their last digits, so the cell prints only whether they pass the 1e-8 check.

## Exercises

**Exercise 1.** What is the slope of $f(x) = x^2$ at $x = 3$? Use `nnlib.derivative` or work it out by hand.""",
    ),
    exercise(
        "l3_w2",
        ko="""**문제 2.** 0단계에서 손실의 `W2[0, 0]`에 대한 기울기는?""",
        en="""**Exercise 2.** At step 0, what is the gradient of the loss with respect to `W2[0, 0]`?""",
    ),
    exercise(
        "l3_better",
        ko="""**문제 3.** h = 1e-4에서 더 정확한 방법은? `"central"` 또는 `"forward"`로 답하세요.""",
        en="""**Exercise 3.** Which method is more accurate at h = 1e-4? Answer `"central"` or `"forward"`.""",
    ),
    md(
        ko="""다음: **4. 경사 하강법** → `04_gradient_descent.ipynb`""",
        en="""Next: **4. Gradient descent** → `04_gradient_descent.ipynb`""",
    ),
]
