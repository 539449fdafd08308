"""A JupyterLab server started by `nnlib-class lab` on a working copy, and Debian's Chromium to drive it.

Chromium comes from Debian's package (``apt-get install chromium``); Playwright's
own browser download is never used. Without Chromium these tests skip on a
developer's machine and fail in CI (``CI=true``), where .ci/run installs it.
"""

import hashlib
import json
import os
import pathlib
import sys
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
sys.path.insert(0, str(ROOT / "tools"))
import chromium  # noqa: E402  (tools/chromium.py)

from nnlib_class import cli, copies  # noqa: E402  (the command `make lab` runs)


def pytest_collection_modifyitems(items):
    here = pathlib.Path(__file__).parent
    for item in items:
        if here in pathlib.Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    message = chromium.missing()
    if message:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return chromium.launch_options()


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1400, "height": 1000}}


def as_presented(path):
    """Give a notebook the slide metadata the lesson build is moving to: a markdown cell
    that starts a section keeps ``slide_type: "slide"``, every other cell has none
    (jupyterlab-slideshow hides a cell whose slide_type is "-")."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["metadata"].get("slideshow", {}).get("slide_type") == "-":
            del cell["metadata"]["slideshow"]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def notebooks_digest():
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((ROOT / "notebooks").rglob("*.ipynb"))}


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab as `make lab` starts it (`nnlib-class lab`), on a working copy made in a
    temporary folder, with its own settings; shared by every browser test."""
    base = tmp_path_factory.mktemp("lab")
    work = base / "my-lessons"
    state = copies.state_dir(work)
    before = notebooks_digest()
    copies.working_copy(work)
    for path in work.rglob("*.ipynb"):
        as_presented(path)
    copies.trust(sorted(work.rglob("*.ipynb")), state)
    server = cli.start([sys.executable, "-m", "nnlib_class", "lab", "--lang", "ko", "--dir", str(work), "--no-browser",
                        "--LabApp.expose_app_in_browser=True"],  # window.jupyterapp for deck:* commands
                       base / "lab.log")
    yield {"url": server.url, "token": server.token, "root": work, "state": state,
           "process": server.process, "log": server.log, "notebooks_before": before,
           "notebooks_digest": notebooks_digest}
    server.stop()


@pytest.fixture
def no_kernel_left(lab_server):
    """Shut down the kernels a test started, so that the server holds one kernel at a time."""
    yield
    api, headers = f"{lab_server['url']}/api/kernels", {"Authorization": f"token {lab_server['token']}"}
    with urllib.request.urlopen(urllib.request.Request(api, headers=headers)) as r:
        kernels = json.load(r)
    for kernel in kernels:
        urllib.request.urlopen(urllib.request.Request(f"{api}/{kernel['id']}", headers=headers, method="DELETE"))


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
