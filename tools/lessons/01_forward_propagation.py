CELLS = [
    md(
        ko="""# 1. 순전파: 입력에서 출력까지

**순전파**(forward propagation)는 신경망이 입력을 받아 출력을 내는 계산입니다. 입력층에서 시작해 층을 하나씩 지나며, 각 층에서 같은 두 가지 일을 반복합니다.

1. 앞 층의 값에 **가중치**를 곱해 더하고 **편향**을 더합니다: $a = z_{\\text{이전}} W + b$
2. 그 합을 **활성화 함수**에 통과시킵니다: $z = h(a)$

마지막 층의 $z$가 신경망의 **예측** $y$입니다. 이번 강의에서는 예제 신경망의 순전파를 숫자 하나하나까지 따라갑니다.""",
        en="""# 1. Forward propagation: from input to output

**Forward propagation** is how a network turns an input into an output. It starts at the input and goes through the layers one by one, doing the same two things in each:

1. multiply the previous layer's values by the **weights**, add them up, and add the **bias**: $a = z_{\\text{prev}} W + b$
2. pass that sum through an **activation function**: $z = h(a)$

The last layer's $z$ is the network's **prediction** $y$. In this lesson we follow the example network's forward pass number by number.""",
    ),
    code("""import numpy as np
import nnlib
from nnlib.course import exercises, i18n, plots, widgets

LANG = i18n.course_language()"""),
    md(
        ko="""## 활성화 함수

활성화 함수가 없다면 층을 아무리 쌓아도 결국 곱하고 더하기, 즉 직선(선형 함수) 하나와 다를 바가 없습니다. 활성화 함수가 구부러진 모양을 더해 주기 때문에 신경망이 복잡한 관계를 표현할 수 있습니다. 대표적인 세 가지는 다음과 같습니다.

| 이름 | 식 | 도함수 | 출력 범위 |
|---|---|---|---|
| 시그모이드 | $\\sigma(x) = \\dfrac{1}{1 + e^{-x}}$ | $\\sigma(x)\\,(1 - \\sigma(x))$ | 0 ~ 1 |
| tanh | $\\tanh(x) = \\dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$ | $1 - \\tanh^2(x)$ | −1 ~ 1 |
| ReLU | $\\max(0, x)$ | $x > 0$이면 1, 아니면 0 | 0 ~ ∞ |

도함수(점선)는 3강과 역전파에서 다시 만납니다. 시그모이드의 도함수는 가장 커도 0.25라는 점을 기억해 두세요.""",
        en="""## Activation functions

Without an activation function, stacking layers would still only multiply and add: the whole network would be one straight-line (linear) function. The activation bends it, and that is what lets a network express complicated relationships. The three classic ones:

| Name | Formula | Derivative | Output range |
|---|---|---|---|
| sigmoid | $\\sigma(x) = \\dfrac{1}{1 + e^{-x}}$ | $\\sigma(x)\\,(1 - \\sigma(x))$ | 0 to 1 |
| tanh | $\\tanh(x) = \\dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$ | $1 - \\tanh^2(x)$ | −1 to 1 |
| ReLU | $\\max(0, x)$ | 1 if $x > 0$, else 0 | 0 to ∞ |

We meet the derivatives (dashed) again in lesson 3 and in backpropagation. Note that the sigmoid's derivative is never larger than 0.25.""",
    ),
    code("""plots.plot_activations(LANG)"""),
    code("""z = np.array([-2.0, 0.0, 2.0])
print("sigmoid:", nnlib.sigmoid(z))
print("tanh:   ", nnlib.tanh(z))
print("relu:   ", nnlib.relu(z))"""),
    md(
        ko="""시그모이드는 아주 큰 입력에도 안전하게 계산되도록 만들었습니다. 교과서의 `1 / (1 + np.exp(-x))`는 `x = -1000`에서 `exp(1000)`이 넘쳐(overflow) 경고를 냅니다. `nnlib.sigmoid`는 같은 값을 경고 없이 돌려줍니다.""",
        en="""The sigmoid is written to be safe for huge inputs. The textbook's `1 / (1 + np.exp(-x))` overflows in `exp(1000)` at `x = -1000` and warns; `nnlib.sigmoid` returns the same values without a warning.""",
    ),
    code("""print(nnlib.sigmoid(np.array([-1000.0, 1000.0])))"""),
    md(
        ko="""## 예제 신경망

입력 2개, 은닉 뉴런 2개, 출력 2개인 신경망입니다. 두 층 모두 시그모이드를 씁니다. 그림에서 선의 굵기는 가중치의 크기, 색은 부호(파랑 = 양수, 빨강 = 음수)이고, 동그라미 안의 숫자는 입력 `x = [0.5, 0.8]`을 넣었을 때 각 뉴런의 값입니다.""",
        en="""## The example network

Two inputs, two hidden neurons, two outputs; sigmoid in both layers. In the picture a line's width is the size of its weight and its colour the sign (blue = positive, red = negative); the number in each circle is that neuron's value for the input `x = [0.5, 0.8]`.""",
    ),
    code("""net, x, t = nnlib.worked_example()
plots.plot_network(net, x, LANG)"""),
    md(
        ko="""## 한 단계씩 계산하기

**1층의 합** $a_1 = x W_1 + b_1$. 행렬 곱은 "입력 × 그 입력에서 나가는 가중치"를 모두 더한 것입니다. 첫 번째 은닉 뉴런이라면 $0.5 \\times 0.1 + 0.8 \\times 0.3 + 0.1$입니다.""",
        en="""## One step at a time

**Layer 1's sum** $a_1 = x W_1 + b_1$. The matrix product adds up "input × the weight leaving that input". For the first hidden neuron that is $0.5 \\times 0.1 + 0.8 \\times 0.3 + 0.1$.""",
    ),
    code("""W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
a1 = x @ W1 + b1
print("by hand:", 0.5 * 0.1 + 0.8 * 0.3 + 0.1, 0.5 * 0.2 + 0.8 * 0.1 + 0.2)
print("a1 =", a1)"""),
    md(
        ko="""**1층의 출력** $z_1 = \\sigma(a_1)$: 합을 시그모이드에 통과시킵니다.""",
        en="""**Layer 1's output** $z_1 = \\sigma(a_1)$: the sums go through the sigmoid.""",
    ),
    code("""z1 = nnlib.sigmoid(a1)
print("z1 =", z1)"""),
    md(
        ko="""**2층** 도 같은 일을 합니다. 이번에는 입력 자리에 $z_1$이 들어갑니다: $a_2 = z_1 W_2 + b_2$, $y = \\sigma(a_2)$.""",
        en="""**Layer 2** does the same, with $z_1$ in place of the input: $a_2 = z_1 W_2 + b_2$, $y = \\sigma(a_2)$.""",
    ),
    code("""a2 = z1 @ W2 + b2
y = nnlib.sigmoid(a2)
print("a2 =", a2)
print("y  =", y)
print("t  =", t)"""),
    md(
        ko="""예측 `y ≈ [0.645, 0.706]`은 목표 `t = [0.2, 0.1]`과 한참 멉니다. 아직 아무것도 학습하지 않았으니 당연합니다. 이 차이를 줄이는 것이 4강까지의 목표입니다.

`net.forward(x)`는 같은 계산을 하고 중간값을 모두 돌려줍니다. 손으로 한 계산과 똑같은지 확인해 봅시다.""",
        en="""The prediction `y ≈ [0.645, 0.706]` is far from the target `t = [0.2, 0.1]`: nothing has been learned yet. Closing that gap is the aim of lessons 2 to 4.

`net.forward(x)` does the same computation and returns every intermediate value. Let us check it against our hand computation.""",
    ),
    code("""values = net.forward(x)
for name, value in values.items():
    print(f"{name:>2} = {value}")
print("same as by hand:", np.allclose(values["y"], y, rtol=1e-15, atol=0))"""),
    md(
        ko="""## 여러 입력을 한꺼번에 (배치)

입력을 행으로 쌓은 행렬을 넣으면 행마다 순전파가 한 번씩, 한꺼번에 계산됩니다. 가중치는 그대로이고 행렬 곱이 알아서 처리합니다.""",
        en="""## Many inputs at once (a batch)

Stack inputs as the rows of a matrix and the forward pass runs once per row, all at once. The weights stay the same; the matrix product does the rest.""",
    ),
    code("""batch = np.array([[0.5, 0.8],
                  [0.0, 0.0],
                  [1.0, 1.0]])
print(net.predict(batch))"""),
    md(
        ko="""## 직접 움직여 보기

두 입력 슬라이더를 움직이면 은닉층과 출력의 값이 바로 다시 계산됩니다. 입력을 0으로 두면 은닉층 값은 편향만으로 정해진다는 것을 확인해 보세요.""",
        en="""## Try it

Move the two input sliders: the hidden and output values are recomputed at once. Set both inputs to 0 and check that the hidden values then depend on the biases alone.""",
    ),
    code("""widgets.ForwardExplorer(LANG)"""),
    exercise(
        "l1_sigmoid0",
        ko="""## 연습 문제

**문제 1.** `sigmoid(0)`의 값은?""",
        en="""## Exercises

**Exercise 1.** What is `sigmoid(0)`?""",
    ),
    exercise(
        "l1_a1",
        ko="""**문제 2.** 예제 신경망에서 $a_1$ (1층의 합, 원소 2개)을 배열로 답하세요. 위 셀의 변수를 쓰지 말고 직접 계산해 보세요.""",
        en="""**Exercise 2.** Give $a_1$ (layer 1's sum, 2 elements) of the example network as an array. Work it out yourself rather than reusing the variable above.""",
        example="e.g. np.array([..., ...])",
    ),
    exercise(
        "l1_y",
        ko="""**문제 3.** 입력을 `[1.0, 0.0]`으로 바꾸면 예측 `y`는? (소수점 아래 6자리까지 맞으면 정답)""",
        en="""**Exercise 3.** What is the prediction `y` for the input `[1.0, 0.0]`? (Right to 6 decimal places counts.)""",
    ),
    md(
        ko="""다음: **2. 손실 함수** → `02_loss.ipynb`""",
        en="""Next: **2. The loss function** → `02_loss.ipynb`""",
    ),
]
