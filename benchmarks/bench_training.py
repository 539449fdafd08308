"""Speed of training the worked example: nnlib against the textbook loop, in one process.

Every round runs the textbook loop, then each contender, so that all of them
see the same machine load; the script prints medians of the CPU time of this
thread (``time.thread_time``: time spent waiting for a busy CPU does not
count), the ratios against the textbook, and the largest relative difference
of any loss from its reference (nnlib.fast promises 1e-9).

Goals: the plain numerical loop at least as fast as the textbook (1.0x);
nnlib.fast backprop >= 30x; 50 learning rates x 3000 steps <= 0.07 of one
textbook run.

Run: make bench   (or: .venv/bin/python benchmarks/bench_training.py [--rounds N] [--plain])
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


def trainer(module, method):
    def run():
        net, x, t = nnlib.worked_example()
        return module.gradient_descent(net, x, t, lr=0.1, steps=STEPS, method=method).losses
    return run


def sweep():
    net, x, t = nnlib.worked_example()
    return fast.learning_rate_sweep(net, x, t, LRS, steps=STEPS, method="backprop").losses[np.argmin(abs(LRS - 0.1))]


def timed(fn):
    start = time.thread_time()
    result = fn()
    return time.thread_time() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--plain", action="store_true", help="also time the plain loops (slow)")
    args = parser.parse_args()
    contenders = {"nnlib.fast backprop": trainer(fast, "backprop"),
                  "nnlib.fast sweep, 50 lrs x 3000 steps": sweep}
    if args.plain:
        contenders["nnlib.gradient_descent numerical (plain)"] = trainer(nnlib, "numerical")
        contenders["nnlib.gradient_descent backprop (plain)"] = trainer(nnlib, "backprop")
    plain_backprop = trainer(nnlib, "backprop")()  # the reference of the backprop rows
    near = LRS[np.argmin(abs(LRS - 0.1))]
    net, x, t = nnlib.worked_example()
    plain_sweep_lane = nnlib.gradient_descent(net, x, t, lr=near, steps=STEPS, method="backprop").losses
    times = {name: [] for name in ["textbook", *contenders]}
    worst = {name: 0.0 for name in contenders}
    for _ in range(args.rounds):
        seconds, reference = timed(textbook)
        times["textbook"].append(seconds)
        for name, fn in contenders.items():
            seconds, losses = timed(fn)
            times[name].append(seconds)
            want = plain_sweep_lane if "sweep" in name else plain_backprop if "backprop" in name else reference
            worst[name] = max(worst[name], float(np.max(np.abs(losses - want) / want)))
    base = statistics.median(times["textbook"])
    print(f"median CPU time of {args.rounds} interleaved rounds, {STEPS} steps, lr 0.1 (sweep: lrs 1e-3..10)")
    print(f"{'textbook loop (numerical, element by element)':46s} {base * 1e3:8.1f} ms   1.00x")
    for name in contenders:
        seconds = statistics.median(times[name])
        versus = "plain backprop" if "backprop" in name or "sweep" in name else "textbook"
        if "sweep" in name:
            print(f"{name:46s} {seconds * 1e3:8.1f} ms   {seconds / base:.3f} of one textbook run  "
                  f"max rel. loss diff from the {versus} {worst[name]:.1e}")
        else:
            print(f"{name:46s} {seconds * 1e3:8.1f} ms {base / seconds:6.2f}x  "
                  f"max rel. loss diff from the {versus} {worst[name]:.1e}")


if __name__ == "__main__":
    main()
