"""Speed of training the worked example: nnlib against the textbook loop, in one process.

Prints medians of several runs and ratios against the textbook baseline, and
checks that every method gives the textbook's numbers (losses to 1e-12).
Run: make bench  (or .venv/bin/python benchmarks/bench_training.py)
"""

import pathlib
import statistics
import sys
import time

import numpy as np

import nnlib

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from textbook import train_textbook  # noqa: E402


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    _, x, t = nnlib.worked_example()

    def textbook():
        net, _, _ = nnlib.worked_example()
        return np.array(train_textbook(net.params, x, t, lr=0.1, steps=3000))

    def run(method):
        net, _, _ = nnlib.worked_example()
        return nnlib.gradient_descent(net, x, t, lr=0.1, steps=3000, method=method).losses

    base, base_losses = median_time(textbook, 3)
    print(f"{'textbook loop (numerical, element by element)':48s} {base * 1e3:8.1f} ms   1.0x")
    for label, fn in (("nnlib numerical (all nudges in one batched pass)", lambda: run("numerical")),
                      ("nnlib backprop", lambda: run("backprop"))):
        seconds, losses = median_time(fn, 7)
        worst = np.max(np.abs(losses - base_losses) / base_losses)
        print(f"{label:48s} {seconds * 1e3:8.1f} ms {base / seconds:5.1f}x   max rel. loss diff {worst:.1e}")

    lrs = np.logspace(-3, 1, 50)
    seconds, _ = median_time(lambda: nnlib.learning_rate_sweep(nnlib.worked_example()[0], x, t, lrs, 3000), 3)
    print(f"{'sweep: 50 learning rates x 3000 steps':48s} {seconds * 1e3:8.1f} ms "
          f"{50 * base / seconds:5.1f}x (vs 50 textbook runs)")


if __name__ == "__main__":
    main()
