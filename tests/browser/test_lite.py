"""The JupyterLite copy of the course (`make lite`, build/lite) in Chromium, served from 127.0.0.1.

Lessons 1 and 4 run all their cells in both languages in the browser's own Python (Pyodide),
the learning-rate slider re-draws its picture, the printed numbers are the worked example's,
and no request of the page, of its web workers (the kernel) or of its service worker goes to
another host. build/lite is built first when it is missing or older than its sources.
"""

import contextlib
import functools
import http.server
import json
import os
import pathlib
import re
import subprocess
import sys
import threading
import urllib.parse

import numpy as np
import pytest
from filelock import FileLock

# Playwright reports (and routes) a service worker's own requests only with this set; the
# driver reads it when it starts, after this module is imported.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parents[2]
LITE = ROOT / "build" / "lite"
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402  (the script `make lite` runs)
from test_lab import run_all, run_language  # same folder (no package: pytest puts it on sys.path)

IDLE = "(Pyodide) | Idle"
# Matplotlib says so on stderr the first time it runs in a fresh (in-browser) file system
FONT_CACHE_NOTE = "Matplotlib is building the font cache; this may take a moment."
LOCAL_HOSTS = {"127.0.0.1"}


@pytest.fixture(scope="session")
def lite_build():
    """build/lite, built now (once for every pytest worker) unless it matches its sources."""
    LITE.parent.mkdir(exist_ok=True)
    with FileLock(LITE.parent / "lite.lock"):
        info = LITE / "nnlib-lite.json"
        if not info.exists() or json.loads(info.read_text()).get("inputs_sha256") != build_lite.inputs_digest():
            subprocess.run([sys.executable, str(ROOT / "tools" / "build_lite.py")], check=True)
    return json.loads(info.read_text())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def lite_url(lite_build):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=LITE))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def lite(browser, lite_url):
    """One browser context for the module, recording every request it sees: the pages', their
    workers' (the Pyodide kernel) and the service worker's. A request to another host is
    recorded and refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="allow")
    requests = []

    def seen(request):
        requests.append((request.url, "service worker" if request.service_worker else "page or worker"))

    def refuse(route):
        route.abort()

    context.on("request", seen)
    context.route(lambda url: urllib.parse.urlsplit(url).hostname not in LOCAL_HOSTS, refuse)
    yield {"context": context, "url": lite_url, "requests": requests}
    context.close()


def foreign(requests):
    """The requests (url, by whom) that went to a host other than 127.0.0.1."""
    return [(url, who) for url, who in requests
            if url.startswith(("http:", "https:", "ws:", "wss:"))
            and urllib.parse.urlsplit(url).hostname not in LOCAL_HOSTS]


@contextlib.contextmanager
def lesson(lite, path):
    """A page with lesson ``path`` (e.g. "en/04_gradient_descent.ipynb") open and its kernel idle."""
    page = lite["context"].new_page()
    try:
        page.goto(f"{lite['url']}/lab/index.html?path={path}")
        page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=300_000)
        yield page
    finally:
        page.close()


def assert_ran_cleanly(page):
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, errors.all_inner_texts()
    stderr = [text.strip() for text in page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()]
    assert [text for text in stderr if text != FONT_CACHE_NOTE] == [], stderr
    assert page.locator(".jp-OutputArea-output img").count() > 0


def printed_arrays(text):
    """{name: array} of the lines ``name = [numbers]`` in ``text``."""
    return {m[1]: np.array(m[2].split(), dtype=float)
            for m in re.finditer(r"^\s*(a1|z1|a2|y)\s*=\s*\[([^\]]*)\]", text, re.MULTILINE)}


def forward_by_numpy(problem):
    """The worked example's forward pass, written out here with numpy (float64)."""
    x, W1, b1, W2, b2 = (np.array(problem[k], dtype=float) for k in ("input", "W1", "b1", "W2", "b2"))
    a1 = x @ W1 + b1
    z1 = 1 / (1 + np.exp(-a1))
    a2 = z1 @ W2 + b2
    return {"a1": a1, "z1": z1, "a2": a2, "y": 1 / (1 + np.exp(-a2))}


def training_rows(text):
    """[(step, prediction, loss)] of the printed training table in ``text``."""
    return [(int(m[1]), np.array(m[2].split(), dtype=float), float(m[3]))
            for m in re.finditer(r"^\[(\d+)\] y = \[([^\]]*)\], L = ([0-9.e+-]+)", text, re.MULTILINE)]


def drag_slider(page, slider, pixels):
    """Drag the slider's handle ``pixels`` to the right with the mouse, as a student would."""
    box = slider.locator(".noUi-handle").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + pixels, y, steps=4)
    page.mouse.up()


# nbval runs both languages' notebooks, whose code is the same: here each lesson runs in one
# language, the languages taking turns as in tests/browser/test_lab.py
@pytest.mark.parametrize("lang", [run_language("01")])
def test_lesson_1_runs_in_the_browser_and_prints_the_forward_pass(lite, lang, reference):
    before = len(lite["requests"])
    with lesson(lite, f"{lang}/01_forward_propagation.ipynb") as page:
        run_all(page, IDLE, timeout=600_000)
        assert_ran_cleanly(page)
        printed = printed_arrays(page.locator(".jp-Notebook").inner_text())
        assert sorted(printed) == ["a1", "a2", "y", "z1"]
        for name, expected in forward_by_numpy(reference["problem"]).items():
            # numpy prints 8 decimals: the printed value is within half a unit of the 8th
            np.testing.assert_allclose(printed[name], expected, rtol=0, atol=5e-9, err_msg=name)
    assert len(lite["requests"]) > before
    assert foreign(lite["requests"][before:]) == []


@pytest.mark.parametrize("lang", [run_language("04")])
def test_lesson_4_runs_in_the_browser_and_its_slider_redraws(lite, lang, reference, artifacts):
    before = len(lite["requests"])
    with lesson(lite, f"{lang}/04_gradient_descent.ipynb") as page:
        run_all(page, IDLE, timeout=600_000)
        assert_ran_cleanly(page)
        rows = training_rows(page.locator(".jp-Notebook").inner_text())
        expected = reference["printed_rows"]
        assert [step for step, _, _ in rows] == [row["step"] for row in expected]
        for (step, prediction, loss), row in zip(rows, expected):
            np.testing.assert_allclose(prediction, row["prediction"], rtol=0, atol=5e-9, err_msg=f"step {step}")
            assert loss == pytest.approx(row["loss"], rel=1e-9), f"step {step}"  # 10 digits printed

        slider = page.locator(".nnlib-training-lr")
        plot, status = page.locator(".nnlib-training-plot"), page.locator(".nnlib-training-status")
        slider.scroll_into_view_if_needed()
        before_src, before_status = plot.get_attribute("src"), status.inner_text()
        drag_slider(page, slider, 12)
        page.wait_for_function("([el, old]) => el.getAttribute('src') !== old",
                               arg=[plot.element_handle(), before_src], timeout=60_000)
        page.wait_for_function("([el, old]) => el.innerText !== old",
                               arg=[status.element_handle(), before_status], timeout=60_000)
        readout = float(slider.locator(".widget-readout").inner_text())
        assert readout > 0.1
        used = float(re.search(r"(?:learning rate|학습률) ([0-9.e+-]+)", status.inner_text()).group(1))
        assert used == pytest.approx(readout, rel=5e-3)
        page.screenshot(path=str(artifacts / f"lite_{lang}_04_lr_slider.png"))
    requests = lite["requests"][before:]
    assert foreign(requests) == []
    # the log holds what the kernel's web worker and the service worker asked for too
    assert any(url.endswith("/static/pyodide/pyodide.asm.wasm") for url, _ in requests)
    assert any(url.endswith("/nnlib_class-0.1.0-py3-none-any.whl") for url, _ in requests)


def test_the_request_log_sees_other_hosts(lite):
    """The log and the check of it would catch a page that reaches out (and the request is refused)."""
    before = len(lite["requests"])
    page = lite["context"].new_page()
    try:
        page.goto(f"{lite['url']}/nnlib-lite.json")
        page.evaluate("() => fetch('https://example.invalid/x.js').catch(() => null)")
        page.wait_for_timeout(200)
    finally:
        page.close()
    # (once the service worker controls the page, it makes the request a second time: both are seen)
    assert {url for url, _ in foreign(lite["requests"][before:])} == {"https://example.invalid/x.js"}


def test_the_build_ships_every_lesson_in_both_languages(lite_build):
    names = sorted(p.name for p in (ROOT / "notebooks" / "en").glob("*.ipynb"))
    assert lite_build["lessons"] == sorted(f"{lang}/{name}" for lang in ("en", "ko") for name in names)
    for lesson_path in lite_build["lessons"]:
        nb = json.loads((LITE / "files" / lesson_path).read_text(encoding="utf-8"))
        original = json.loads((ROOT / "notebooks" / lesson_path).read_text(encoding="utf-8"))
        assert [c["source"] for c in nb["cells"]] == [c["source"] for c in original["cells"]]
        assert nb["metadata"]["kernelspec"]["name"] == "python"  # the Pyodide kernel
    size = sum(p.stat().st_size for p in LITE.rglob("*") if p.is_file())
    assert size <= 60e6, f"build/lite is {size / 1e6:.1f} MB"
    assert not list(LITE.rglob("*.map"))
