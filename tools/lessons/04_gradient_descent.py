CELLS = [
    md(
        ko="""# 4. 경사 하강법: 기울기의 반대로 한 걸음씩

3강에서 모든 매개변수의 기울기를 구했습니다. 기울기는 "이 값을 늘리면 손실이 이만큼 늘어난다"는 뜻이니, 손실을 줄이려면 **기울기의 반대 방향**으로 움직이면 됩니다.

$$W \\leftarrow W - \\eta \\, \\frac{\\partial L}{\\partial W}$$

$\\eta$(에타)는 **학습률**, 한 걸음의 크기입니다. 이 한 줄을 모든 매개변수에 적용하고, 기울기를 새로 구하고, 다시 적용하고... 이것을 반복하는 것이 **경사 하강법**입니다. 산에서 안개 속에 갇혔을 때 발밑의 경사만 보고 내려가는 것과 같습니다.""",
        en="""# 4. Gradient descent: one step against the gradient at a time

In lesson 3 we found the gradient for every parameter. A gradient says "increase this value and the loss grows this fast", so to lower the loss we move **against the gradient**:

$$W \\leftarrow W - \\eta \\, \\frac{\\partial L}{\\partial W}$$

$\\eta$ (eta) is the **learning rate**, the size of the step. Apply this line to every parameter, compute the gradient again, apply it again, and so on: that is **gradient descent**. Think of walking down a mountain in fog, guided only by the slope under your feet.""",
    ),
    code("""import numpy as np
import nnlib
from nnlib import fast
from nnlib.course import exercises, i18n, plots, widgets

LANG = i18n.course_language()
net, x, t = nnlib.worked_example()"""),
    md(
        ko="""## 첫 걸음을 손으로

학습률 0.1로 한 걸음 내디뎌 봅시다. 기울기를 구하고, 각 매개변수에서 `0.1 × 기울기`를 뺍니다.""",
        en="""## The first step by hand

Take one step with learning rate 0.1: compute the gradient, then subtract `0.1 × gradient` from each parameter.""",
    ),
    code("""lr = 0.1
print("loss before:", round(net.loss(x, t), 10))
grads = net.numerical_gradient(x, t)
for name in net.params:
    net.params[name] -= lr * grads[name]
print("loss after: ", round(net.loss(x, t), 10))
print("prediction: ", net.predict(x))"""),
    md(
        ko="""손실이 0.2827에서 0.2781로 조금 줄었습니다. 이제 이것을 3000번 반복합니다. `nnlib.gradient_descent`가 반복하면서 매 단계의 손실, 예측, 기울기, 매개변수를 기록해 둡니다. 새 신경망으로 처음부터 시작합니다.""",
        en="""The loss went down a little, from 0.2827 to 0.2781. Now repeat that 3000 times. `nnlib.gradient_descent` does so and records every step's loss, prediction, gradients and parameters. We start again from a fresh network.""",
    ),
    code("""net, x, t = nnlib.worked_example()
history = nnlib.gradient_descent(net, x, t, lr=0.1, steps=3000, method="numerical")
history"""),
    md(
        ko="""## 150단계마다 예측과 손실

각 줄은 그 단계의 업데이트가 **끝난 뒤**의 값입니다. 그래서 0단계의 손실은 위에서 손으로 한 걸음 내디딘 뒤의 값과 같습니다. 손실은 유효숫자 10자리까지 보여 줍니다. 원래 블로그 글은 17자리를 출력했지만, 마지막 몇 자리는 부동소수점 연산의 순서에 따라 달라지는 잡음이라서 (교과서식 반복문과 `nnlib`은 $10^{-14}$ 정도에서 다르고, CPU에 따라서도 12번째 자리가 달라집니다) 의미가 없습니다.""",
        en="""## Prediction and loss every 150 steps

Each row is taken **after** that step's update, so the loss at step 0 equals the one after our hand-made step above. Losses are shown to 10 significant digits. The original blog post printed 17, but the last few depend on the order of floating-point operations (the textbook loop and `nnlib` differ at about $10^{-14}$, and the 12th digit even changes from one CPU to another): they are noise, not part of the result.""",
    ),
    code("""print(history.table(every=150, labels=(i18n.text("prediction", LANG), i18n.text("loss", LANG))))"""),
    md(
        ko="""예측이 목표 `[0.2, 0.1]`에 다가가고 손실은 0.278에서 0.0000002까지 줄었습니다. 처음에는 빨리, 나중에는 천천히 줄어드는 것도 보세요. 목표에 가까워질수록 기울기가 작아져 걸음도 작아지기 때문입니다.

## 0단계와 1단계의 기울기

기록에서 처음 두 단계의 기울기를 꺼내 봅시다. 조금씩 0에 가까워지고 있습니다.""",
        en="""The prediction approaches the target `[0.2, 0.1]`, and the loss falls from 0.278 to 0.0000002. Notice it falls fast at first and slowly later: near the target the gradient is smaller, so the steps are smaller too.

## The gradients at steps 0 and 1

Take the first two steps' gradients from the record. They are creeping towards 0.""",
    ),
    code("""for step in (0, 1):
    print(f"step {step}")
    for name in ("W1", "W2", "b1", "b2"):
        print(f"  {name}:", history.grads[name][step].round(8).tolist())"""),
    md(
        ko="""## 학습된 신경망의 예측""",
        en="""## The trained network's prediction""",
    ),
    code("""print("prediction:", net.predict(x))
print("target:    ", t)"""),
    md(
        ko="""## 그래프로 보기

왼쪽: 손실 (로그 눈금). 가운데: 각 매개변수 기울기의 크기 (로그 눈금). 오른쪽: 두 예측이 점선의 목표에 다가가는 모습입니다. 로그 눈금에서 손실이 거의 직선으로 내려간다는 것은 일정한 비율로 줄어든다는 뜻입니다.""",
        en="""## As pictures

Left: the loss (log scale). Middle: the size of each parameter's gradient (log scale). Right: the two predictions approaching their dashed targets. On a log scale the loss falls along a near-straight line: it shrinks by a steady factor.""",
    ),
    code("""plots.plot_training(history, t, LANG)"""),
    md(
        ko="""## 학습률 바꿔 보기

학습률이 너무 작으면 3000번을 걸어도 목표에 닿지 못하고, 적당히 크면 빨리 도착합니다. 너무 크면 어떻게 될까요?

아래 위젯에서 학습률(로그 눈금, 0.001 ~ 10)과 반복 횟수를 바꾸면 즉시 다시 학습하고 다시 그립니다. **출력층**을 "항등 함수"로 바꿔 보세요. 시그모이드 출력은 0과 1 사이에 갇혀 있어서 학습률이 커도 손실이 폭발하지 않습니다 (대신 포화되어 멈추기도 합니다). 출력이 선형이면 학습률 2 이상에서 걸음이 계곡을 건너뛰어 점점 커지고, 결국 **발산**합니다. 그러면 학습을 멈추고 몇 단계에서 발산했는지 알려 줍니다.""",
        en="""## Changing the learning rate

Too small a learning rate and 3000 steps are not enough to arrive; a good one gets there fast. And too large?

The widget below re-trains and re-draws at once when you change the learning rate (log scale, 0.001 to 10) or the number of steps. Switch the **output layer** to "identity". A sigmoid output is trapped between 0 and 1, so even a large learning rate cannot make the loss explode (it can saturate and stall instead). With a linear output, learning rates above about 2 overshoot the valley by more each time and training **diverges**: it stops and tells you at which step.""",
    ),
    code("""widgets.TrainingExplorer(LANG)"""),
    md(
        ko="""## 학습률 한꺼번에 비교하기

학습률 50개를 한 번에, 각각 3000단계씩 학습시키고 최종 손실을 그립니다 (모든 배열에 학습률 축을 하나 더해서 벡터화해 계산하므로 1초도 걸리지 않습니다). 위: 예제 그대로(시그모이드 출력), 아래: 선형 출력. × 표시는 발산한 학습률입니다.""",
        en="""## All learning rates at once

Train 50 learning rates at once, 3000 steps each, and plot the final loss (every array gains one axis for the learning rate, so this vectorised run takes well under a second). First the example as it is (sigmoid output), then with a linear output; × marks a learning rate that diverged.""",
    ),
    code("""lrs = np.logspace(-3, 1, 50)
sweep = fast.learning_rate_sweep(nnlib.worked_example()[0], x, t, lrs, steps=3000)
plots.plot_lr_sweep(sweep, LANG, mark_lr=0.1)"""),
    code("""linear = nnlib.Network(nnlib.worked_example()[0].params, ["sigmoid", "identity"])
sweep_linear = fast.learning_rate_sweep(linear, x, t, lrs, steps=3000)
print("first diverging learning rate:", round(float(lrs[sweep_linear.diverged_at >= 0][0]), 3))
plots.plot_lr_sweep(sweep_linear, LANG, mark_lr=0.1)"""),
    md(
        ko="""## 학습 과정 되감아 보기

기록에는 매 단계의 매개변수 사본이 들어 있습니다. ▶ 버튼을 누르거나 슬라이더를 움직여 가중치가 어떻게 변해 가는지 보세요. 출력층으로 가는 선들이 가늘어지거나 빨갛게(음수) 바뀌는 것이 보입니다.""",
        en="""## Rewinding the training

The record holds a copy of the parameters after every step. Press ▶ or drag the slider to watch the weights change: the lines into the output layer get thinner or turn red (negative).""",
    ),
    code("""widgets.HistoryPlayer(history, x, LANG)"""),
    md(
        ko="""## 함정: 같은 배열을 리스트에 여러 번 넣기

학습 중에 가중치를 리스트에 모아 두고 싶다고 합시다. 원래 블로그 글의 코드는 `weight1 -= 0.1 * grad`로 배열을 **제자리에서** 고치면서 `weight1_list.append(weight1)`로 저장했습니다. 파이썬 리스트는 배열의 사본이 아니라 **같은 배열을 가리키는 참조**를 저장하므로, 리스트의 모든 항목이 마지막 값과 같아집니다.""",
        en="""## A pitfall: the same array in a list, many times

Suppose we want to keep the weights of every step in a list. The original blog post's code updated the array **in place** with `weight1 -= 0.1 * grad` and stored it with `weight1_list.append(weight1)`. A Python list stores a **reference to the same array**, not a copy, so every entry ends up equal to the final value.""",
    ),
    code("""W = np.array([1.0, 2.0])
saved = []
for step in range(3):
    W -= 0.5            # in place: the same array object is changed
    saved.append(W)     # stores a reference to that one object
print(saved)
print("all one object:", all(item is W for item in saved))"""),
    md(
        ko="""고치는 방법은 간단합니다. **사본**을 저장하세요: `saved.append(W.copy())`. `nnlib`의 기록(`history.params`)은 매 단계 사본을 저장합니다.""",
        en="""The fix is simple: store a **copy**, `saved.append(W.copy())`. `nnlib`'s record (`history.params`) keeps a copy at every step.""",
    ),
    code("""W = np.array([1.0, 2.0])
saved = []
for step in range(3):
    W -= 0.5
    saved.append(W.copy())
print(saved)
print("history W1 at steps 0 and 2999 differ:", not np.array_equal(history.params["W1"][0], history.params["W1"][-1]))"""),
    exercise(
        "l4_first_loss",
        ko="""## 연습 문제

**문제 1.** 학습률 0.1로 학습할 때, 첫 번째 업데이트 직후(0단계)의 손실은?""",
        en="""## Exercises

**Exercise 1.** Training with learning rate 0.1, what is the loss right after the first update (step 0)?""",
    ),
    exercise(
        "l4_below",
        ko="""**문제 2.** 손실이 처음으로 `1e-3`보다 작아지는 단계는 몇 단계일까요? (`history.losses`를 쓰세요)""",
        en="""**Exercise 2.** At which step does the loss first drop below `1e-3`? (Use `history.losses`.)""",
    ),
    exercise(
        "l4_diverge",
        ko="""**문제 3.** 출력층이 선형(항등 함수)일 때 3000단계 안에 발산하는 학습률을 하나 찾아 답하세요.""",
        en="""**Exercise 3.** With a linear (identity) output layer, find a learning rate that diverges within 3000 steps.""",
    ),
    md(
        ko="""다음: **5. 정리와 다음 단계** → `05_what_next.ipynb`""",
        en="""Next: **5. What we learned, and what comes next** → `05_what_next.ipynb`""",
    ),
]
