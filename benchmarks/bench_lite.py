"""Speed of the course in the browser (build/lite, JupyterLite + Pyodide), and where the time goes.

Serves build/lite on 127.0.0.1 (building it first if it is missing or older than its sources)
and drives Debian's Chromium through Playwright, with one fresh browser context per round (an
empty HTTP cache: the first visit of a student). Measured on lesson 4 (English):

- kernel ready: from opening the page to the status bar's "Idle" (Pyodide, its packages, the
  course and ipywidgets loaded, the kernel started); split into the app's start (until the
  kernel's web worker asks for pyodide.js), Pyodide's files arriving (until the last package
  file has come), and Python's own start after that;
- Run All: from the menu click until every code cell shows its number; the three slowest cells
  are named, with their times from the kernel (JupyterLab's recordTiming);
- a learning-rate move: mouse release on the slider's handle until the new picture is in the
  page (median of --moves moves), against the same move made inside the kernel (setting the
  slider's value in Python: training lookup, redraw, PNG) and against that move in this
  process's CPython (the native baseline).

Goals: kernel ready <= 20 s, Run All <= 40 s, a move <= 300 ms median. Timings on a machine
shared with other work are pessimistic.

Run:  .venv/bin/python benchmarks/bench_lite.py [--rounds 1] [--moves 10]
Needs /usr/bin/chromium (or NNLIB_CHROMIUM); never downloads a browser.
"""

import argparse
import functools
import http.server
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
LITE = ROOT / "build" / "lite"
LESSON = "en/04_gradient_descent.ipynb"
IDLE = "(Pyodide) | Idle"
GOALS = {"kernel ready": 20.0, "Run All": 40.0, "move": 0.300}
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402
import chromium  # noqa: E402  (tools/chromium.py)

# The slider's values a student's moves visit (its steps are 0.05 in log10), timed inside a kernel
MOVES_IN_KERNEL = '''
import statistics, time
from nnlib.course import widgets as _widgets
_explorer = _widgets.TrainingExplorer("en")
_times, _png = [], []
for _exponent in [-0.95, -0.9, -0.85, -0.8, -0.85, -0.9, -0.95, -1.0, -0.95, -0.9]:
    _start = time.perf_counter()
    _explorer.lr.value = 10.0 ** _exponent
    _times.append(time.perf_counter() - _start)
    _start = time.perf_counter()
    _explorer.frame.png()
    _png.append(time.perf_counter() - _start)
print(statistics.median(_times), statistics.median(_png))
'''


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=LITE))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def with_app_exposed(route):
    """jupyter-lite.json with window.jupyterapp exposed and cell timings recorded (measurement only)."""
    config = route.fetch().json()
    data = config.setdefault("jupyter-config-data", {})
    data["exposeAppInBrowser"] = True
    data.setdefault("settingsOverrides", {}).setdefault(
        "@jupyterlab/notebook-extension:tracker", {})["recordTiming"] = True
    route.fulfill(json=config)


def in_kernel(page, code):
    """Run ``code`` in the open notebook's kernel (not in a cell); returns what it printed."""
    return page.evaluate("""async code => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const future = kernel.requestExecute({code, store_history: false});
        let out = '';
        future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
        await future.done;
        return out;
    }""", code)


CELL_TIMES = """() => window.jupyterapp.shell.currentWidget.content.widgets
    .filter(cell => cell.model.type === 'code')
    .map((cell, i) => {
        const t = cell.model.getMetadata('execution') || {};
        const start = Date.parse(t['iopub.execute_input']), end = Date.parse(t['shell.execute_reply']);
        return [i + 1, (end - start) / 1000, cell.model.sharedModel.source.split('\\n')[0].slice(0, 50)];
    })"""


def one_round(browser, url, moves):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="allow")
    stamps = {}

    def seen(request):
        now = time.monotonic()
        if request.url.split("?")[0].endswith("/static/pyodide/pyodide.js"):
            stamps.setdefault("pyodide.js asked", now)

    def arrived(response):
        if "/static/pyodide/" in response.url and response.url.endswith((".whl", ".zip", ".wasm")):
            stamps["last Pyodide file"] = time.monotonic()

    context.on("request", seen)
    context.on("response", arrived)
    context.route(re.compile(r".*/jupyter-lite\.json$"), with_app_exposed)
    page = context.new_page()
    result = {}
    try:
        start = time.monotonic()
        page.goto(f"{url}/lab/index.html?path={LESSON}")
        page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=600_000)
        ready = time.monotonic()
        result["kernel ready"] = ready - start
        result["app start"] = stamps.get("pyodide.js asked", ready) - start
        result["Pyodide files"] = stamps.get("last Pyodide file", ready) - stamps.get("pyodide.js asked", start)
        result["Python start"] = ready - stamps.get("last Pyodide file", ready)

        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        start = time.monotonic()
        page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()
        page.wait_for_function("""() => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", timeout=900_000)
        result["Run All"] = time.monotonic() - start
        page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=120_000)
        result["slowest cells"] = sorted(page.evaluate(CELL_TIMES), key=lambda c: -c[1])[:3]

        slider, plot = page.locator(".nnlib-training-lr"), page.locator(".nnlib-training-plot")
        slider.scroll_into_view_if_needed()
        times = []
        for i in range(moves):
            box = slider.locator(".noUi-handle").bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            src = plot.get_attribute("src")
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + (8 if i % 4 < 2 else -8), y, steps=3)
            t = time.monotonic()
            page.mouse.up()
            page.wait_for_function("([el, old]) => el.getAttribute('src') !== old",
                                   arg=[plot.element_handle(), src], timeout=60_000)
            times.append(time.monotonic() - t)
            page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=60_000)
        result["move"] = statistics.median(times)
        move, png = map(float, in_kernel(page, MOVES_IN_KERNEL).split())
        result["move in the kernel"], result["PNG in the kernel"] = move, png
    finally:
        context.close()
    return result


def native_move():
    """The same moves in this process's CPython (numpy, matplotlib, Pillow as installed here)."""
    out = subprocess.run([sys.executable, "-c", "import matplotlib; matplotlib.use('agg')\n" + MOVES_IN_KERNEL],
                         capture_output=True, text=True, check=True).stdout
    return tuple(map(float, out.split()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--moves", type=int, default=10)
    args = parser.parse_args()
    info = LITE / "nnlib-lite.json"
    if not info.exists() or json.loads(info.read_text()).get("inputs_sha256") != build_lite.inputs_digest():
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_lite.py")], check=True)

    from playwright.sync_api import sync_playwright

    server = serve()
    url = f"http://127.0.0.1:{server.server_port}"
    rounds = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**chromium.launch_options())
            try:
                for _ in range(args.rounds):
                    rounds.append(one_round(browser, url, args.moves))
            finally:
                browser.close()
    finally:
        server.shutdown()
    native, native_png = native_move()

    load = os.getloadavg()[0]
    print(f"build/lite, {LESSON}, Chromium, {args.rounds} round(s), load average {load:.1f} "
          f"on {os.cpu_count()} CPUs")
    for name in ("kernel ready", "Run All", "move"):
        values = [r[name] for r in rounds]
        best = min(values)
        unit, scale = ("ms", 1000) if name == "move" else ("s", 1)
        print(f"  {name:13s} {best * scale:8.1f} {unit} (best of {len(values)}; all: "
              f"{', '.join(f'{v * scale:.1f}' for v in values)}) = {best / GOALS[name]:.2f} x the goal "
              f"({GOALS[name] * scale:g} {unit})")
    last = rounds[-1]
    print(f"  kernel ready, split: app start {last['app start']:.1f} s, Pyodide files "
          f"{last['Pyodide files']:.1f} s, Python start {last['Python start']:.1f} s")
    print("  slowest cells of Run All (kernel time): " + "; ".join(
        f"cell {i} {s:.1f} s ({src!r})" for i, s, src in last["slowest cells"]))
    print(f"  a move inside the kernel {last['move in the kernel'] * 1000:.1f} ms (PNG "
          f"{last['PNG in the kernel'] * 1000:.1f} ms); here in CPython {native * 1000:.1f} ms (PNG "
          f"{native_png * 1000:.1f} ms): Pyodide / CPython = {last['move in the kernel'] / native:.1f}")
    print(f"  browser move / kernel move = {last['move'] / last['move in the kernel']:.1f} "
          "(the rest: widget messages, the image sent and drawn)")


if __name__ == "__main__":
    main()
