"""Every Korean and English string that the plots, widgets and exercises show.

One table, so that both languages always say the same thing, and a test can
check that no key is missing in either.
"""


LANGUAGES = ("ko", "en")

STRINGS = {
    # axes and legends
    "input": {"ko": "입력", "en": "input"},
    "hidden": {"ko": "은닉층", "en": "hidden layer"},
    "output": {"ko": "출력", "en": "output"},
    "function": {"ko": "함수", "en": "function"},
    "derivative": {"ko": "도함수", "en": "derivative"},
    # activation functions, named as lesson 1's table names them (plot titles, the playground's menu)
    "act_sigmoid": {"ko": "시그모이드", "en": "sigmoid"},
    "act_tanh": {"ko": "tanh", "en": "tanh"},
    "act_relu": {"ko": "ReLU", "en": "ReLU"},
    "step": {"ko": "단계 (step)", "en": "step"},
    "loss": {"ko": "손실", "en": "loss"},
    "loss_log": {"ko": "손실 (로그 눈금)", "en": "loss (log scale)"},
    "grad_norm": {"ko": "기울기 크기 ‖∂L/∂p‖", "en": "gradient norm ‖∂L/∂p‖"},
    "prediction": {"ko": "예측", "en": "prediction"},
    "target": {"ko": "목표", "en": "target"},
    "learning_rate": {"ko": "학습률", "en": "learning rate"},
    "final_loss": {"ko": "최종 손실", "en": "final loss"},
    "diverged_runs": {"ko": "발산", "en": "diverged"},
    "h": {"ko": "h (미분 간격)", "en": "h (step size)"},
    "abs_error": {"ko": "오차 |추정 − 참값|", "en": "error |estimate − exact|"},
    "forward_diff": {"ko": "전방 차분", "en": "forward difference"},
    "central_diff": {"ko": "중심 차분", "en": "central difference"},
    "params": {"ko": "매개변수 개수", "en": "number of parameters"},
    "seconds": {"ko": "기울기 한 번 계산 시간 (초)", "en": "time for one gradient (s)"},
    "numerical": {"ko": "수치 미분", "en": "numerical gradient"},
    "backprop": {"ko": "역전파", "en": "backpropagation"},
    "weight_value": {"ko": "가중치 값", "en": "weight value"},
    "current": {"ko": "현재 값", "en": "current value"},
    "positive": {"ko": "양수 가중치", "en": "positive weight"},
    "negative": {"ko": "음수 가중치", "en": "negative weight"},
    # titles
    "title_loss": {"ko": "손실의 감소", "en": "Loss going down"},
    "title_grads": {"ko": "기울기의 감소", "en": "Gradients shrinking"},
    "title_preds": {"ko": "예측이 목표에 다가감", "en": "Predictions approach the targets"},
    "title_sweep": {"ko": "학습률에 따른 최종 손실", "en": "Final loss for each learning rate"},
    "title_h": {"ko": "h에 따른 미분 오차", "en": "Derivative error against h"},
    "title_cost": {"ko": "기울기 계산 비용", "en": "Cost of one gradient"},
    "title_network": {"ko": "신경망 (선 굵기 = |가중치|)", "en": "The network (line width = |weight|)"},
    # widgets
    "lr_slider": {"ko": "학습률", "en": "learning rate"},
    "steps_slider": {"ko": "반복 횟수", "en": "steps"},
    "output_layer": {"ko": "출력층", "en": "output layer"},
    "out_sigmoid": {"ko": "시그모이드 (예제 그대로)", "en": "sigmoid (the example)"},
    "out_identity": {"ko": "항등 함수 (선형 출력)", "en": "identity (linear output)"},
    "status": {
        "ko": "학습률 {lr:.4g}, {steps}단계: 최종 손실 {loss:.3e}, 예측 {pred}",
        "en": "learning rate {lr:.4g}, {steps} steps: final loss {loss:.3e}, prediction {pred}",
    },
    "diverged": {
        "ko": "⚠ 발산! 학습률 {lr:.4g}에서 {step}단계에 손실이 폭발해 학습을 멈췄습니다. 학습률을 줄여 보세요.",
        "en": "⚠ Diverged! With learning rate {lr:.4g} the loss blew up at step {step}, so training stopped. Try a smaller learning rate.",
    },
    "play_step": {"ko": "단계", "en": "step"},
    "run_to_show": {
        "ko": "▶ 이 셀을 실행하면 슬라이더와 그림이 나타납니다 ({view})",
        "en": "▶ Run this cell to get the sliders and the plot ({view})",
    },
    "still_note": {
        "ko": "▶ 위젯의 정지 화면입니다. 이 셀을 실행하면 슬라이더를 움직일 수 있습니다.",
        "en": "▶ A still picture of the widget: run this cell to move the sliders.",
    },
    "not_finite": {
        "ko": "⚠ {name} 값은 유한한 수여야 합니다 ({value}을(를) 받음). 이전 값 {old}(으)로 되돌렸습니다.",
        "en": "⚠ {name} must be a finite number (got {value}); it was put back to {old}.",
    },
    "player_empty": {
        "ko": "이 기록에는 단계가 하나도 없습니다 (첫 단계에서 발산했을 수 있습니다). 학습 전의 가중치를 보여 줍니다: 손실 {loss:.3e}",
        "en": "This history has no steps (training may have diverged at its first step); showing the weights before training: loss {loss:.3e}",
    },
    "player_status": {
        "ko": "{step}단계 후: 손실 {loss:.3e}, 예측 {pred}",
        "en": "after step {step}: loss {loss:.3e}, prediction {pred}",
    },
    "h_status": {
        "ko": "h = {h:.1e}: 중심 차분 오차 {central:.1e}, 전방 차분 오차 {forward:.1e}",
        "en": "h = {h:.1e}: central error {central:.1e}, forward error {forward:.1e}",
    },
    "loss_status": {
        "ko": "W2[0,0] = {w:.3f}일 때 손실 {loss:.5f}",
        "en": "with W2[0,0] = {w:.3f} the loss is {loss:.5f}",
    },
    "forward_status": {
        "ko": "x = [{x1:.2f}, {x2:.2f}] → 은닉층 z1 = {z1}, 출력 y = {y}",
        "en": "x = [{x1:.2f}, {x2:.2f}] → hidden z1 = {z1}, output y = {y}",
    },
    # exercises
    "correct": {"ko": "✅ 정답입니다!", "en": "✅ Correct!"},
    "wrong": {"ko": "❌ 아직 아닙니다.", "en": "❌ Not yet."},
    "unanswered": {"ko": "✏️ 아직 답을 적지 않았습니다.", "en": "✏️ No answer yet."},
    "hint": {"ko": "힌트", "en": "Hint"},
    "diverged_short": {"ko": "{step}단계에서 발산", "en": "diverged at step {step}"},

    # ---------------------------------------------------------------- lesson 6
    # (playground widget, digits figures; kept together so the block merges cleanly)
    "pg_dataset": {"ko": "데이터", "en": "data set"},
    "pg_moons": {"ko": "두 개의 달", "en": "two moons"},
    "pg_circles": {"ko": "동심원", "en": "circles"},
    "pg_spiral": {"ko": "나선", "en": "spiral"},
    "pg_activation": {"ko": "활성화 함수", "en": "activation"},
    "pg_hidden": {"ko": "은닉 뉴런 수", "en": "hidden neurons"},
    "pg_epochs": {"ko": "에폭 수", "en": "epochs"},
    "pg_epoch": {"ko": "보여 줄 에폭", "en": "show epoch"},
    "pg_epoch_axis": {"ko": "에폭", "en": "epoch"},
    "pg_train_points": {"ko": "훈련 데이터", "en": "training points"},
    "pg_test_points": {"ko": "시험 데이터", "en": "test points"},
    "pg_train_loss": {"ko": "훈련 손실", "en": "training loss"},
    "pg_test_loss": {"ko": "시험 손실", "en": "test loss"},
    "pg_ce_loss": {"ko": "교차 엔트로피 오차", "en": "cross-entropy loss"},
    "pg_loss_title": {"ko": "에폭마다 잰 손실", "en": "Loss after each epoch"},
    "pg_map_title": {"ko": "결정 경계 (색: 파랑 클래스일 확률)", "en": "Decision boundary (colour: probability of blue)"},
    "pg_status": {
        "ko": "{epoch}에폭, 학습률 {lr:.3g}, 은닉 뉴런 {hidden}개: 훈련 손실 {train:.3f}, 시험 손실 {test:.3f}, "
              "정확도 훈련 {train_acc:.1f}%, 시험 {test_acc:.1f}%",
        "en": "epoch {epoch}, learning rate {lr:.3g}, {hidden} hidden neurons: training loss {train:.3f}, "
              "test loss {test:.3f}, accuracy training {train_acc:.1f}%, test {test_acc:.1f}%",
    },
    "pg_diverged": {
        "ko": "⚠ {epoch}에폭에서 손실이 무한대나 NaN이 되어(발산) 학습을 멈췄습니다.",
        "en": "⚠ In epoch {epoch} the loss became infinite or NaN (diverged), so training stopped.",
    },
    "dg_wrong": {"ko": "{pred} (정답 {true})", "en": "{pred} (true: {true})"},
    "dg_grid_title": {
        "ko": "시험 이미지와 예측한 숫자 (빨간 테두리: 틀린 예측)",
        "en": "Test images and the predicted digit (red frame: a mistake)",
    },
    "dg_predicted": {"ko": "예측한 숫자", "en": "predicted digit"},
    "dg_true": {"ko": "실제 숫자", "en": "true digit"},
    "dg_confusion_title": {"ko": "혼동 행렬: 어떤 숫자를 무엇으로 보았나", "en": "Confusion matrix: which digit was taken for which"},
    "dg_train_acc": {"ko": "훈련 정확도", "en": "training accuracy"},
    "dg_test_acc": {"ko": "시험 정확도", "en": "test accuracy"},
    "dg_accuracy": {"ko": "정확도 (%)", "en": "accuracy (%)"},
}


def text(key, lang, **values):
    """The string ``key`` in language ``lang`` ("ko" or "en"), formatted with ``values``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    try:
        template = STRINGS[key][lang]
    except KeyError:
        raise KeyError(f"no string {key!r} in nnlib.course.i18n.STRINGS") from None
    return template.format(**values) if values else template


# ---------------------------------------------------------------------------
# Exercise feedback (nnlib.course.exercises). Kept in its own block, apart from
# the plot and widget strings above, so that edits to either rarely collide.
# ---------------------------------------------------------------------------
STRINGS.update({
    "ex_more_digits": {
        "ko": "✏️ 거의 맞았습니다. 자릿수를 더 적어 주세요 (소수점 아래 {decimals}자리까지).",
        "en": "✏️ Close: give more digits ({decimals} decimal places).",
    },
    "ex_want_n": {
        "ko": "❌ 숫자 {expected}개를 적어야 하는데 {got}개를 적었습니다. 예: [0.1, 0.2]",
        "en": "❌ Expected {expected} numbers, got {got}. For example: [0.1, 0.2]",
    },
    "ex_want_one": {
        "ko": "❌ 숫자 하나로 답해 주세요 ({got}개를 적었습니다).",
        "en": "❌ Expected one number, got {got}.",
    },
    "ex_want_number": {
        "ko": "❌ 숫자로 답해 주세요. 따옴표 없이 0.5처럼, 여러 개면 [0.1, 0.2]처럼 적습니다.",
        "en": "❌ Answer with a number, without quotes: 0.5, or [0.1, 0.2] for several.",
    },
    "ex_want_dict": {
        "ko": "❌ net.forward(x)가 돌려주는 사전(dict) 전체를 적었습니다. 문제가 묻는 값 하나만 [\"z1\"], [\"y\"]처럼 꺼내 답하세요.",
        "en": "❌ That is the whole dictionary net.forward(x) returns: take the one value the question asks for, such as [\"z1\"] or [\"y\"].",
    },
    "ex_want_whole": {
        "ko": "❌ 정수로 답해 주세요 (개수나 단계 번호입니다).",
        "en": "❌ Answer with a whole number (it is a count or a step number).",
    },
    "ex_want_text": {
        "ko": "❌ 글자로 답해 주세요. 따옴표로 감쌉니다: \"...\"",
        "en": "❌ Answer with words in quotes: \"...\"",
    },
    "ex_empty": {
        "ko": "❌ 따옴표 안이 비어 있습니다. 답을 따옴표 안에 적어 주세요: \"...\"",
        "en": "❌ The quotes are empty: write your answer inside them: \"...\"",
    },
})
