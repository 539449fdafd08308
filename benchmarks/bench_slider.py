"""In-kernel latency of one slider move, for every widget of the course.

A move is timed from setting the slider's value in Python (what the comm
message from the browser does) to the new PNG in the image widget: the
callback, the re-training or lookup, the redraw and the PNG encoding.

Each widget is measured two ways, interleaved move by move in this process:
- the widget as it is: cached axes, only the moving artists drawn, a palette PNG;
- the naive full redraw (the baseline): the same widget, but every frame is a
  full matplotlib draw of the figure and an RGBA PNG, as the widgets did
  before.
A move is timed until the new picture is in the image widget (what the
browser gets); the CPU time column covers the whole callback, including the
drawing ahead after the picture.

The learning-rate slider's axis limits follow the run (about a third of
its values bring new ones, and drawing one axes costs 30-80 ms). The widget
draws those axes ahead, nearest values first, for about 30 ms after each
answered move (``View.draw_ahead``); its row here starts with all of them
drawn ahead (as after a few moves), and the row under it shows the moves
with nothing drawn ahead. Every move of those two rows visits a value for
the first time.

Medians over the moves are printed with the 90th percentile, the ratio, and
the median CPU time of the widget's moves (time.process_time), which a
machine shared with other busy processes inflates less than the wall-clock
time. Goal: median <= 20 ms per move for every widget.
Run: make bench   (or .venv/bin/python benchmarks/bench_slider.py)
"""

import io
import statistics
import time

import numpy as np
from PIL import Image

import nnlib
from nnlib import fast
from nnlib.course import widgets

GOAL_MS = 20.0


def naive_png(frame):
    """The baseline's ``frame.png``: a full draw of the whole figure, then an RGBA PNG (Pillow)."""
    def png():
        buffer = io.BytesIO()
        Image.fromarray(frame.full_draw()).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
    return png


def interleaved(make, control, values, ahead=True):
    """Median and 90th percentile ms per move of the widget, median of its naive twin, moves interleaved.

    A move is timed until the new picture is in the image widget. With
    ``ahead``, the widget first draws ahead the axes its slider's values
    need, and draws ahead after every move as it does in a kernel; without,
    it never draws ahead.
    """
    view, twin = make(), make()
    if ahead:
        view.draw_ahead()
    else:
        view.AHEAD_BUDGET = 0
    twin.frame.png = naive_png(twin.frame)
    twin.AHEAD_BUDGET = 0
    slider, twin_slider = getattr(view, control), getattr(twin, control)
    shown = {}
    for target in (view, twin):
        target.image.observe(lambda change, target=target: shown.__setitem__(target, time.perf_counter()), "value")
    ours, naive, cpu = [], [], []
    for value in values:
        for target, widget, times in ((view, slider, ours), (twin, twin_slider, naive)):
            start, start_cpu = time.perf_counter(), time.process_time()
            widget.value = value
            if target not in shown:  # the slider was at this value already: no move
                continue
            times.append(shown.pop(target) - start)
            if times is ours:
                cpu.append(time.process_time() - start_cpu)
    return (statistics.median(ours) * 1e3, np.percentile(ours, 90) * 1e3, statistics.median(naive) * 1e3,
            statistics.median(cpu) * 1e3, view)


def main():
    net, x, t = nnlib.worked_example()
    history = nnlib.gradient_descent(net, x, t, steps=3000, method="backprop")
    lr_grid = list(10.0 ** widgets.TrainingExplorer.EXPONENTS)
    cases = [
        ("ForwardExplorer (x1)", lambda: widgets.ForwardExplorer("en"), "x1",
         list(np.round(np.arange(-2, 2.001, 0.05), 2)[::2])),
        ("LossExplorer (W2[0,0])", lambda: widgets.LossExplorer("en"), "slider",
         list(np.round(np.arange(-3, 3.001, 0.05), 2)[::3])),
        ("DerivativeExplorer (h)", lambda: widgets.DerivativeExplorer("en"), "slider",
         list(10.0 ** np.arange(-12, -1.001, 0.25))),
        # every value once, from 0.1 up to 10, then down to 0.001: each move a first visit
        ("TrainingExplorer (learning rate)", lambda: widgets.TrainingExplorer("en"), "lr",
         lr_grid[40:] + lr_grid[:40][::-1]),
        ("  the same, nothing drawn ahead", lambda: widgets.TrainingExplorer("en"), "lr",
         lr_grid[40:] + lr_grid[:40][::-1], False),
        ("TrainingExplorer (steps)", lambda: widgets.TrainingExplorer("en"), "steps",
         list(range(100, 3001, 100))),
        ("HistoryPlayer (step)", lambda: widgets.HistoryPlayer(history, x, "en"), "slider",
         list(range(1, 3000, 75))),
    ]
    print(f"{'widget (slider)':36s} {'moves':>5s} {'widget':>9s} {'(p90)':>9s} {'(cpu)':>9s} {'naive':>9s}"
          f" {'speed-up':>8s}  goal: median <= {GOAL_MS:g} ms")
    for name, make, control, values, *ahead in cases:
        ours, p90, naive, cpu, view = interleaved(make, control, values, *ahead)
        verdict = "ok" if ours <= GOAL_MS else "OVER"
        print(f"{name:36s} {len(values):5d} {ours:7.1f}ms {p90:7.1f}ms {cpu:7.1f}ms {naive:7.1f}ms"
              f" {naive / ours:7.1f}x  {verdict}", flush=True)

    # A typed learning rate between the slider's values trains on the spot.
    view = widgets.TrainingExplorer("en")
    typed = []
    for lr in np.linspace(0.0113, 0.97, 9):
        start = time.perf_counter()
        view.lr.value = float(lr)
        typed.append(time.perf_counter() - start)
    print(f"{'TrainingExplorer (typed lr, trains)':36s} {len(typed):5d} {statistics.median(typed) * 1e3:7.1f}ms",
          flush=True)

    # Does the grid of precomputed runs still pay? One run of fast against the
    # sweep of all 81 slider values, per slider value.
    linear = nnlib.Network(net.params, ["sigmoid", "sigmoid"])
    one, sweep = [], []
    for _ in range(3):
        start = time.perf_counter()
        fast.gradient_descent(linear.copy(), x, t, 0.1, 3000, "backprop", 1e-4)
        one.append(time.perf_counter() - start)
        start = time.perf_counter()
        fast.learning_rate_sweep(linear, x, t, lr_grid, 3000, "backprop", 1e-4)
        sweep.append(time.perf_counter() - start)
    import os
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"fast.gradient_descent, one run of 3000 steps: {statistics.median(one) * 1e3:.1f} ms; "
          f"fast.learning_rate_sweep of the {len(lr_grid)} slider values: {statistics.median(sweep) * 1e3:.1f} ms "
          f"({statistics.median(sweep) / len(lr_grid) * 1e3:.2f} ms per value)")


if __name__ == "__main__":
    main()
