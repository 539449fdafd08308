import copy
import json
import pathlib
import pickle

import pytest

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="session")
def reference():
    """The worked example's printed numbers, copied from the seed blog post."""
    return json.loads((HERE / "seed_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def worked_run(tmp_path_factory, worker_id):
    """``worked_run(method)``: the worked example trained as printed (3000 steps at lr 0.1) by
    ``nnlib.gradient_descent``, as ``(trained net, History)``, a fresh copy for each call.

    Each method's run is computed once per test run: the xdist workers share it through a
    file in their common temporary folder, under a file lock (pytest-xdist's documented recipe).
    """
    from filelock import FileLock

    import nnlib

    folder = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    runs = {}

    def run(method):
        if method not in runs:
            path = folder / f"worked-run-{method}.pickle"
            with FileLock(f"{path}.lock"):
                if not path.exists():
                    net, x, t = nnlib.worked_example()
                    path.write_bytes(pickle.dumps((net, nnlib.gradient_descent(net, x, t, lr=0.1, steps=3000,
                                                                                method=method))))
                runs[method] = pickle.loads(path.read_bytes())
        return copy.deepcopy(runs[method])

    return run


# `make test` runs the suite on every CPU with pytest-xdist's `--dist loadgroup`: tests with the
# same `xdist_group` run on one worker. What shares state stays together: the cells of one
# notebook share nbval's kernel, and a test file's module fixtures are computed once. The
# browser lessons are independent of each other and spread,
SPREAD = ("tests/browser/test_lab.py::",)
# and each lesson's two runs in one kernel (test_numeric_claims.py) serve that lesson's tests alone.
PER_LESSON = "tests/test_numeric_claims.py::"

# Rough seconds per test on 2 CPUs, by the start of its id (anything else about 0.1 s): the
# longest groups are collected first, so that xdist hands them out first and the run does not
# end with one worker alone on the wheel or the site.
COST = (("tests/browser/test_lite.py::", 60), ("tests/browser/site/", 4), ("tests/browser/", 20),
        (PER_LESSON + "test_every_claim", 15), ("notebooks/", 0.5))


def cost(nodeid):
    return next((seconds for start, seconds in COST if nodeid.startswith(start)), 0.1)


def group(nodeid):
    """The xdist group of ``nodeid``, or None for a test that may run on any worker."""
    if nodeid.startswith(SPREAD):
        return None
    if nodeid.startswith(PER_LESSON) and nodeid.endswith("]"):
        return PER_LESSON + nodeid[nodeid.rindex("["):]  # "...::[04_gradient_descent]"
    if nodeid.startswith("tests/browser/site/"):
        return "site"  # the site and the handouts share one build
    return nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups from the marks
def pytest_collection_modifyitems(items):
    units = {}
    for item in items:
        name = group(item.nodeid)
        if name is not None:
            item.add_marker(pytest.mark.xdist_group(name=name))
        units.setdefault(name or item.nodeid, []).append(item)
    order = sorted(units.values(), key=lambda unit: -sum(cost(item.nodeid) for item in unit))
    items[:] = [item for unit in order for item in unit]
