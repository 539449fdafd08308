"""The course website and its PDF handouts, built once per test run from the sources.

The site is built with tools/build_site.py (as `make site` does), the handouts are printed
from it with tools/build_handouts.py in the session's Chromium (the `browser` fixture of
pytest-playwright, launched with the arguments in tests/browser/conftest.py). Both land in
a folder that every pytest-xdist worker of the run shares: the first worker to ask builds
them under a file lock, the others wait for it and use the result.
"""

import os
import pathlib
import shutil
import sys

import pytest
from filelock import FileLock

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import build_handouts  # noqa: E402
import build_site  # noqa: E402


def shared_folder(tmp_path_factory, name):
    """A folder of this test run that all xdist workers see (each has a basetemp of its own
    inside the run's folder)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


def built_once(folder, make):
    """Run ``make(folder)`` unless a worker of this run already has; returns ``folder``.

    A build that failed leaves no mark, so the next worker tries again (and fails the
    same way, with its own error)."""
    done = folder.with_name(folder.name + ".done")
    with FileLock(str(folder) + ".lock"):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The built site: a folder holding ko/, en/ and index.html."""
    def make(folder):
        build_site.build(folder / "site", work=folder / "work")
    return built_once(shared_folder(tmp_path_factory, "course-site"), make) / "site"


@pytest.fixture(scope="session")
def handouts(site, browser, tmp_path_factory):
    """The PDF handouts printed from the built site: {(lang, name): path}."""
    folder = built_once(shared_folder(tmp_path_factory, "course-handouts"),
                        lambda out: build_handouts.build(site, out, browser=browser))
    return {(p.parent.name, p.stem): p for p in sorted(folder.glob("*/*.pdf"))}
