"""Browser latency of the learning-rate slider: key press to new image on screen.

Starts JupyterLab with ``nnlib-class lab`` (as `make lab` does, on a throw-away
lessons folder) and drives it with Debian's Chromium through Playwright.
A one-cell notebook shows lesson 4's ``TrainingExplorer`` twice: the widget
as it is (after each answered move it draws ahead the axes that the nearest
other learning rates need), and a twin whose every frame is a full matplotlib
redraw and an RGBA PNG (the baseline, as the widgets drew before). For each move, the page
records the time of the ArrowRight keydown on the slider handle and the time
the new image has been decoded and a frame has been painted after it
(``img.decode()``, then ``requestAnimationFrame`` and a task after it). The
moves of the two widgets are interleaved; medians are printed. Goal <= 60 ms.

Run:  .venv/bin/python benchmarks/bench_browser_slider.py [--moves 20]
Needs /usr/bin/chromium (or NNLIB_CHROMIUM); never downloads a browser.
"""

import argparse
import inspect
import pathlib
import shutil
import statistics
import sys
import tempfile

import nbformat
from bench_slider import naive_png  # this script's folder is on sys.path when it runs

from nnlib_class import cli

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import chromium  # noqa: E402  (tools/chromium.py)

IDLE = "(ipykernel) | Idle"
GOAL_MS = 60.0

# the kernel gets the baseline's frame.png from bench_slider (this folder), as source
CELL = '''\
import io
from PIL import Image
from nnlib.course import widgets

''' + inspect.getsource(naive_png) + '''
ours = widgets.TrainingExplorer("en")
naive = widgets.TrainingExplorer("en")
naive.frame.png = naive_png(naive.frame)
naive.AHEAD_BUDGET = 0  # nothing drawn ahead for the baseline
display(ours)
display(naive)
'''

ARM = """([img, handle]) => {
    window.__latency = null;
    const old = img.getAttribute('src');
    handle.addEventListener('keydown', () => { window.__t0 = performance.now(); }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
        if (img.getAttribute('src') === old) return;
        observer.disconnect();
        img.decode().then(() => requestAnimationFrame(() => setTimeout(() => {
            window.__latency = performance.now() - window.__t0;
        }, 0)));
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def start_lab(base):
    """``nnlib-class lab`` on a fresh lessons folder in ``base`` that also holds bench.ipynb: a Lab."""
    work = base / "lessons"
    work.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CELL)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, work / "bench.ipynb")
    return cli.start([sys.executable, "-m", "nnlib_class", "lab", "--lang", "en", "--dir", str(work), "--no-browser"],
                     base / "lab.log")


def move(page, slider, plot):
    """One ArrowRight on ``slider``; returns the page-measured latency in ms."""
    page.evaluate(ARM, [plot.element_handle(), slider.locator(".noUi-handle").element_handle()])
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__latency !== null", timeout=60_000)
    latency = page.evaluate("() => window.__latency")
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=60_000)
    page.wait_for_timeout(150)
    return latency


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    if chromium.missing():
        sys.exit(chromium.missing())
    from playwright.sync_api import sync_playwright

    base = pathlib.Path(tempfile.mkdtemp(prefix="nnlib-bench-"))
    lab = start_lab(base)
    url, token = lab.url, lab.token
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**chromium.launch_options())
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/lab/tree/bench.ipynb?reset&token={token}")
            page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=90_000)
            page.locator(".jp-Notebook .jp-Cell").first.click()
            page.keyboard.press("Shift+Enter")
            page.locator(".nnlib-training-plot").nth(1).wait_for(timeout=120_000)
            page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=120_000)
            sliders, plots = page.locator(".nnlib-training-lr"), page.locator(".nnlib-training-plot")
            times = {0: [], 1: []}
            for _ in range(args.moves):
                for i in (0, 1):  # interleaved: ours, then the baseline
                    sliders.nth(i).scroll_into_view_if_needed()
                    times[i].append(move(page, sliders.nth(i), plots.nth(i)))
            readout = sliders.nth(0).locator(".widget-readout").inner_text()
            browser.close()
    finally:
        lab.stop()
        shutil.rmtree(base, ignore_errors=True)

    ours, naive = statistics.median(times[0]), statistics.median(times[1])
    print(f"learning-rate slider, key press -> new image on screen, {args.moves} moves each "
          f"(0.1 -> {readout}), JupyterLab in Chromium:")
    print(f"  widget (axes cached and drawn ahead, blitted lines, palette PNG): median {ours:6.1f} ms  "
          f"(min {min(times[0]):.1f}, max {max(times[0]):.1f})  goal <= {GOAL_MS:g} ms: "
          f"{'ok' if ours <= GOAL_MS else 'OVER'}")
    print(f"  baseline (full redraw, RGBA PNG):                                median {naive:6.1f} ms  "
          f"(min {min(times[1]):.1f}, max {max(times[1]):.1f})  ratio {naive / ours:.1f}x")


if __name__ == "__main__":
    main()
