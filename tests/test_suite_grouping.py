"""`make test`'s parallel run keeps what shares state on one worker (tests/conftest.py)."""

import pathlib
import re
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).parent


def test_tests_of_one_file_run_on_one_worker_and_spread_tests_are_handed_out_longest_first(tmp_path):
    """Under `-n 2 --dist loadgroup`, every test of a file runs on the same worker (a pytest
    that ignores the groups fails here), and the costly groups are collected first."""
    tests = tmp_path / "tests"
    (tests / "browser").mkdir(parents=True)
    shutil.copy(HERE / "conftest.py", tests / "conftest.py")
    shutil.copy(HERE / "seed_reference.json", tests / "seed_reference.json")
    body = "import pytest\n\n@pytest.mark.parametrize('i', range(6))\ndef test_it(i):\n    pass\n"
    for name in ("test_a.py", "test_b.py", "browser/test_lite.py", "browser/test_lab.py"):
        (tests / name).write_text(body)
    run = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v",
                          "-p", "no:cacheprovider", "tests"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    ran = re.findall(r"\[(gw\d)\].*?PASSED (tests/\S+?)::", run.stdout)
    workers = {}
    for worker, path in ran:
        workers.setdefault(path, set()).add(worker)
    assert len(ran) == 24
    for path in ("tests/test_a.py", "tests/test_b.py", "tests/browser/test_lite.py"):
        assert len(workers[path]) == 1, f"{path} ran on {sorted(workers[path])}"
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                                "-p", "no:cacheprovider", "tests"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=60).stdout
    order = [line.split("::")[0] for line in collected.splitlines() if "::" in line]
    assert order[0] == "tests/browser/test_lite.py"  # the costliest group first
    assert order.index("tests/browser/test_lab.py") < order.index("tests/test_a.py")
