"""The course in a real JupyterLab, driven in Chromium: opens, runs, responds to sliders."""

import json
import pathlib
import re
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from nnlib.course.i18n import LANGUAGES

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"
NAMES = sorted(p.name for p in (NOTEBOOKS / "en").glob("*.ipynb"))
IDLE = "(ipykernel) | Idle"
pytestmark = pytest.mark.usefixtures("no_kernel_left")


def open_notebook(page, lab_server, path):
    page.goto(f"{lab_server['url']}/lab/tree/{path}?reset&token={lab_server['token']}")
    # the toolbar says idle too early; the status bar waits for the real kernel
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=60_000)


def run_all(page, idle=IDLE, timeout=120_000):
    """Run → Run All Cells, then wait until every code cell has run and the kernel is ``idle``."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=timeout,
    )
    page.locator(".jp-StatusBar-TextItem", has_text=idle).wait_for(timeout=timeout // 2)


def test_lab_serves_the_widget_and_slides_extensions(lab_server):
    """The ipywidgets and jupyterlab-slideshow front ends are in the JupyterLab that `make lab` starts."""
    with urllib.request.urlopen(f"{lab_server['url']}/lab/api/extensions?token={lab_server['token']}") as r:
        names = {e["name"] for e in json.load(r)}
    # (make lab's read-only extension manager lists the front ends by their npm names)
    assert "@jupyter-widgets/jupyterlab-manager" in names  # ipywidgets 8 front end
    assert "jupyterlab-slideshow" in names  # slides


def test_lab_refuses_requests_without_the_token(lab_server):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{lab_server['url']}/api/contents")
    assert error.value.code == 403


def assert_ran_cleanly(page, name):
    """No cell wrote to stderr, the figures are there, and (in Korean) Hangul is drawn."""
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, errors.all_inner_texts()
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() > 0 or name == "00_start_here.ipynb"
    if "/ko/" in page.url:
        assert hangul_renders(page), "no Korean font for Chromium: install fonts-nanum"


def run_language(name):
    """The language in which a lesson runs all its cells here: nbval already runs both
    languages' code, so the browser runs each lesson once, the languages taking turns."""
    return "ko" if int(name[:2]) % 2 == 0 else "en"


# Lessons that run all their cells in a test of their own (lesson 4 below, lesson 6's playground
# in test_lesson6.py), which checks their slides too.
OWN_TEST = ("04", "06")


@pytest.mark.parametrize(("lang", "name"), [(lang, name) for name in NAMES for lang in LANGUAGES
                                            if not (name[:2] in OWN_TEST and lang == run_language(name))])
def test_every_slide_fits_a_projector_and_all_cells_run_without_errors(page, lab_server, lang, name, artifacts):
    """In the lesson's run language: Run All, then the slides; in the other: the slides of the
    stored outputs (the same figures and text; a widget shows its stored still picture)."""
    open_notebook(page, lab_server, f"{lang}/{name}")
    if lang == run_language(name):
        run_all(page)
        assert_ran_cleanly(page, name)
    assert not screens_too_tall(page, artifacts, f"{lang}_{name[:2]}")


PROJECTOR = {"width": 1280, "height": 800}
# The cells jupyterlab-slideshow shows now, and the box they fill on the page, once two frames
# in a row show the same (the deck's fade is opacity only; the cells' classes settle in a frame)
ON_SCREEN = """async () => {
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    const measure = () => {
        const cells = [...document.querySelectorAll('.jp-Deck .jp-Cell.jp-deck-mod-onscreen')];
        const boxes = cells.map(c => c.getBoundingClientRect()).filter(b => b.height > 0);
        return {top: Math.min(...boxes.map(b => b.top)), bottom: Math.max(...boxes.map(b => b.bottom)),
                height: window.innerHeight, first: cells.length ? cells[0].innerText.slice(0, 60) : ''};
    };
    let last = null;
    for (let i = 0; i < 60; i++) {
        await frame();
        const box = measure();
        if (last && JSON.stringify(box) === JSON.stringify(last)) return box;
        last = box;
    }
    return last;
}"""


def screens_too_tall(page, artifacts, label):
    """Present the open (run) notebook as slides on a 1280×800 screen and visit every slide;
    returns the slides whose cells do not fit (each with a screenshot)."""
    page.set_viewport_size(PROJECTOR)
    too_tall = []
    try:
        starts = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
            .map((cell, i) => [i, (cell.model.getMetadata('slideshow') || {}).slide_type])
            .filter(([i, type]) => i === 0 || type === 'slide').map(([i]) => i)""")
        page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
        command(page, "deck:start")
        page.locator(".jp-NotebookPanel.jp-Deck").wait_for()
        for index in starts:
            page.evaluate("i => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = i; }", index)
            page.wait_for_function("""i => window.jupyterapp.shell.currentWidget.content.widgets[i]
                .node.classList.contains('jp-deck-mod-visible')""", arg=index)
            box = page.evaluate(ON_SCREEN)
            if box["top"] < 0 or box["bottom"] > box["height"]:
                too_tall.append(f"cell {index}: {box['bottom'] - box['top']:.0f} px high, {box['first']!r}")
                page.screenshot(path=str(artifacts / f"{label}_slide_too_tall_cell_{index}.png"))
        command(page, "deck:stop")
        page.locator(".jp-NotebookPanel.jp-Deck").wait_for(state="detached")
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})
    return too_tall


def hangul_renders(page):
    """True if the page's font draws Hangul, not the missing-glyph box.

    Draws a Hangul syllable and a private-use character (which no font has,
    so it always comes out as the box) on a canvas, in the notebook's own
    font, and compares the pixels.
    """
    return page.evaluate(
        """() => {
            const font = getComputedStyle(document.querySelector('.jp-RenderedMarkdown')).fontFamily;
            const pixels = (ch) => {
                const c = document.createElement('canvas');
                c.width = c.height = 40;
                const g = c.getContext('2d');
                g.font = '32px ' + font;
                g.fillText(ch, 2, 32);
                return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
            };
            return pixels('한') !== pixels('\uE000');
        }"""
    )


def _lr_used(status_text):
    return float(re.search(r"(?:learning rate|학습률) ([0-9.e+-]+)", status_text).group(1))


def kernel_idle(page):
    """The status bar is hidden in slide mode: ask the notebook's session for the kernel status."""
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
        timeout=60_000)


def command(page, name):
    page.evaluate("name => window.jupyterapp.commands.execute(name)", name)


def test_lesson_4_as_slides_with_a_live_slider_then_reopened(page, lab_server, artifacts):
    """Present lesson 4 as slides and move the learning-rate slider there; then, as a notebook,
    type a diverging rate; then save, stop the kernel and reopen: no "model not found"."""
    lang = run_language("04")
    path = f"{lang}/04_gradient_descent.ipynb"
    open_notebook(page, lab_server, path)
    run_all(page)
    assert_ran_cleanly(page, path)
    assert not screens_too_tall(page, artifacts, f"{lang}_04")

    # Slides: jupyterlab-slideshow, from the first cell; forward until the slider's slide
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
    command(page, "deck:start")
    page.locator(".jp-NotebookPanel.jp-Deck").wait_for()
    slider = page.locator(".nnlib-training-lr")
    assert not slider.is_visible()  # the title slide shows only its own cells
    for _ in range(40):
        if slider.is_visible():
            break
        command(page, "deck:forward")
        page.wait_for_timeout(150)
    assert slider.is_visible(), "no slide shows the learning-rate slider"
    heading = page.locator(".jp-MarkdownCell h2", has_text=re.compile("학습률|learning rate"))
    assert heading.first.is_visible()  # the slide starts at its ## heading
    font = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                         "'.jp-Deck .jp-RenderedMarkdown p')).fontSize)")
    assert font >= 20, f"slide text is {font}px: the projector CSS (custom.css) is not loaded"

    plot, status = page.locator(".nnlib-training-plot"), page.locator(".nnlib-training-status")
    before_status, before_src = status.inner_text(), plot.get_attribute("src")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[status.element_handle(), before_status])
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[plot.element_handle(), before_src])
    kernel_idle(page)
    assert page.locator(".jp-NotebookPanel.jp-Deck").count() == 1  # still presenting
    assert _lr_used(status.inner_text()) == pytest.approx(float(slider.locator(".widget-readout").inner_text()),
                                                          rel=5e-3)
    page.screenshot(path=str(artifacts / f"{lang}_04_slides_lr_slider.png"))
    command(page, "deck:stop")
    page.locator(".jp-NotebookPanel.jp-Deck").wait_for(state="detached")

    # back in the notebook: a typed value, with the linear output layer, diverges and says so
    readout = slider.locator(".widget-readout")
    before_src = plot.get_attribute("src")
    page.locator(".nnlib-training-output select").select_option(index=1)  # identity (linear output)
    # the first switch trains the new output layer's runs: type only once its picture is shown
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[plot.element_handle(), before_src],
                           timeout=60_000)
    kernel_idle(page)
    before_src = plot.get_attribute("src")
    for attempt in range(2):  # on a loaded machine a click during a re-render can miss the readout
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("5")
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("el => parseFloat(el.innerText) === 5", arg=readout.element_handle(),
                                   timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt:
                raise
    try:
        page.wait_for_function("el => el.innerText.includes('⚠')", arg=status.element_handle(), timeout=60_000)
    except PlaywrightTimeout:
        status.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"{lang}_lr_slider_not_diverged.png"))
        raise
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[plot.element_handle(), before_src])
    assert _lr_used(status.inner_text()) == pytest.approx(float(readout.inner_text()), rel=5e-3)
    assert float(readout.inner_text()) == pytest.approx(5.0, rel=5e-3)
    status.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"{lang}_lr_slider_diverged.png"))

    # Save through JupyterLab, stop the kernel (its widget models go), reopen the file
    command(page, "docmanager:save")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    saved = json.loads((lab_server["root"] / path).read_text())
    views = [o for c in saved["cells"] for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert not views and "widgets" not in saved["metadata"]  # no widget views or state on disk
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.sessionContext.session")
    open_notebook(page, lab_server, path)
    page.locator(".jp-OutputArea-output", has_text=re.compile("이 셀을 실행하면|Run this cell|run this cell")).first.wait_for()
    text = page.locator(".jp-Notebook").inner_text()
    assert "Error displaying widget" not in text and "model not found" not in text


def test_saving_writes_the_working_copy_only(lab_server):
    """Save a lesson through JupyterLab's contents API: the working copy changes, notebooks/ does not."""
    url, token, root = lab_server["url"], lab_server["token"], lab_server["root"]
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    api = f"{url}/api/contents/en/02_loss.ipynb"
    with urllib.request.urlopen(urllib.request.Request(api, headers=headers)) as r:
        model = json.load(r)
    model["content"]["cells"][0]["source"] = "# saved by a student\n"
    body = json.dumps({"type": "notebook", "format": "json", "content": model["content"]}).encode()
    with urllib.request.urlopen(urllib.request.Request(api, data=body, headers=headers, method="PUT")) as r:
        assert r.status == 200
    assert "saved by a student" in (root / "en" / "02_loss.ipynb").read_text()
    assert "saved by a student" not in (NOTEBOOKS / "en" / "02_loss.ipynb").read_text()
    assert lab_server["notebooks_digest"]() == lab_server["notebooks_before"]
    # JupyterLab's root is the working copy: notebooks/ cannot even be addressed
    with urllib.request.urlopen(urllib.request.Request(f"{url}/api/contents/", headers=headers)) as r:
        assert sorted(item["name"] for item in json.load(r)["content"]) == ["en", "ko"]
