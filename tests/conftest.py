import json
import pathlib

import pytest

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="session")
def reference():
    """The worked example's printed numbers, copied from the seed blog post."""
    return json.loads((HERE / "seed_reference.json").read_text(encoding="utf-8"))



# `make test` runs the suite on every CPU with pytest-xdist. What shares state must stay on
# one worker: the cells of one notebook share nbval's kernel, the site and the handouts share
# one build, and a test file's module fixtures are computed once. The browser lessons and the
# notebook re-runs are independent of each other: they spread over the workers.
# (xdist's own --dist loadgroup marks do not take effect with pytest 9.2, pytest-xdist
# issue 1386, so the grouping is made here, from the test ids, by a scheduler of our own.)
SPREAD = ("tests/browser/test_lab.py::", "tests/test_notebooks.py::")


def work_unit(nodeid):
    """The name of the group of tests that must run on the same worker as ``nodeid``."""
    path = nodeid.split("::", 1)[0]
    if nodeid.startswith(SPREAD):
        return nodeid
    if path.startswith("tests/browser/site/"):
        return "site"
    return path


# Rough seconds per test (2 CPUs), by the start of its id; anything else about 0.1 s. Used only
# to hand out the longest work units first, so that a run ends with short units on every
# worker instead of one worker alone on the wheel or the site.
COST = (("tests/test_wheel.py::", 20), ("tests/browser/site/", 4), ("tests/browser/", 20),
        ("tests/test_notebooks.py::test_running_twice", 10), ("notebooks/", 0.5))


def cost(nodeid):
    return next((seconds for start, seconds in COST if nodeid.startswith(start)), 0.1)


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist not installed: the suite runs in one process
    pass
else:
    class WorkUnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return work_unit(nodeid)

        def _assign_work_unit(self, node):
            longest = max(self.workqueue, key=lambda unit: sum(map(cost, self.workqueue[unit])))
            self.workqueue.move_to_end(longest, last=False)  # the next unit handed out
            super()._assign_work_unit(node)

    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") == "loadscope":
            return WorkUnitScheduling(config, log)
        return None
