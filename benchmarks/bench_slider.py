"""Time of one learning-rate slider move in lesson 4: re-train + re-draw.

The widget's way: look up (or train) the run, refill the lines of a figure
built once, encode a PNG. The naive way: the textbook training loop and a new
figure for every move. Both are timed in this process; medians and the ratio
are printed. Run: make bench
"""

import io
import pathlib
import statistics
import sys
import time

import numpy as np

import nnlib
from nnlib.course import plots, widgets

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from textbook import train_textbook  # noqa: E402


def median_ms(samples):
    return statistics.median(samples) * 1e3


def widget_moves(view, values):
    times = []
    for value in values:
        start = time.perf_counter()
        view.lr.value = value
        times.append(time.perf_counter() - start)
    return times


def naive_move(lr):
    net, x, t = nnlib.worked_example()
    train_textbook(net.params, x, t, lr=lr, steps=3000)
    hist = nnlib.gradient_descent(nnlib.worked_example()[0], x, t, lr=lr, method="backprop")  # for the plot only
    fig = plots.plot_training(hist, t, "en")
    fig.savefig(io.BytesIO(), format="png")


def main():
    start = time.perf_counter()
    view = widgets.TrainingExplorer("en")
    print(f"widget creation (sweep of 81 learning rates, first draw): {(time.perf_counter() - start) * 1e3:.0f} ms")

    grid = 10.0 ** view.EXPONENTS
    on_grid = widget_moves(view, list(grid[::4]) * 2)
    off_grid = widget_moves(view, list(np.linspace(0.011, 0.97, 9)))
    naive = []
    for lr in (0.05, 0.1, 0.5):
        start = time.perf_counter()
        naive_move(lr)
        naive.append(time.perf_counter() - start)

    base = median_ms(naive)
    print(f"{'naive: textbook re-train + new figure':44s} {base:8.1f} ms   1.0x")
    print(f"{'widget, slider value on the grid':44s} {median_ms(on_grid):8.1f} ms {base / median_ms(on_grid):5.1f}x")
    print(f"{'widget, typed value between grid points':44s} {median_ms(off_grid):8.1f} ms "
          f"{base / median_ms(off_grid):5.1f}x")


if __name__ == "__main__":
    main()
