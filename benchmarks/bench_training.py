"""Speed of training the worked example: nnlib.fast against the textbook loop, in one process.

Every round runs the textbook loop, then each contender, so that all of them
see the same machine load; the script prints medians, the ratios against the
textbook, and the largest relative difference of any loss from the textbook's
(the engine must stay within 1e-12).

Goals (issue 7): numerical >= 20x, backprop >= 30x, 50 learning rates x 3000
steps <= 0.07 of one textbook run.

Run: make bench   (or: .venv/bin/python benchmarks/bench_training.py [--rounds N])
"""

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

import nnlib
from nnlib import fast

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from textbook import train_textbook  # noqa: E402

STEPS = 3000
LRS = np.logspace(-3, 1, 50)


def textbook():
    net, x, t = nnlib.worked_example()
    return np.array(train_textbook(net.params, x, t, lr=0.1, steps=STEPS))


def engine(method):
    def run():
        net, x, t = nnlib.worked_example()
        return fast.gradient_descent(net, x, t, lr=0.1, steps=STEPS, method=method).losses
    return run


def plain(method):
    def run():
        net, x, t = nnlib.worked_example()
        return nnlib.gradient_descent(net, x, t, lr=0.1, steps=STEPS, method=method).losses
    return run


def sweep():
    net, x, t = nnlib.worked_example()
    return fast.learning_rate_sweep(net, x, t, LRS, steps=STEPS, method="backprop").losses[9]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--plain", action="store_true", help="also time the plain loops (slow)")
    args = parser.parse_args()
    contenders = {
        "nnlib.fast numerical": engine("numerical"),
        "nnlib.fast backprop": engine("backprop"),
        "nnlib.fast sweep, 50 lrs x 3000 steps": sweep,
    }
    if args.plain:
        contenders["nnlib.gradient_descent numerical (plain)"] = plain("numerical")
        contenders["nnlib.gradient_descent backprop (plain)"] = plain("backprop")
    # backprop's reference is the plain backprop loop (it differs from the numerical path by ~1e-9)
    plain_backprop = plain("backprop")()
    times = {name: [] for name in ["textbook", *contenders]}
    worst = {name: 0.0 for name in contenders}
    for _ in range(args.rounds):
        seconds, reference = timed(textbook)
        times["textbook"].append(seconds)
        for name, fn in contenders.items():
            seconds, losses = timed(fn)
            times[name].append(seconds)
            if "sweep" not in name:
                want = plain_backprop if "backprop" in name else reference
                worst[name] = max(worst[name], float(np.max(np.abs(losses - want) / want)))
    base = statistics.median(times["textbook"])
    print(f"median of {args.rounds} interleaved rounds, {STEPS} steps, lr 0.1 (sweep: lrs 1e-3..10)")
    print(f"{'textbook loop (numerical, element by element)':46s} {base * 1e3:8.1f} ms   1.0x")
    for name in contenders:
        seconds = statistics.median(times[name])
        if "sweep" in name:
            print(f"{name:46s} {seconds * 1e3:8.1f} ms   {seconds / base:.3f} of one textbook run")
        else:
            versus = "plain backprop loop" if "backprop" in name else "textbook"
            print(f"{name:46s} {seconds * 1e3:8.1f} ms {base / seconds:5.1f}x  "
                  f"max rel. loss diff from the {versus} {worst[name]:.1e}")


if __name__ == "__main__":
    main()
