"""The course in a real JupyterLab, driven in Chromium: opens, runs, responds to sliders."""

import json
import pathlib
import re
import urllib.request

import pytest

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"
NAMES = sorted(p.name for p in (NOTEBOOKS / "en").glob("*.ipynb"))
IDLE = "(ipykernel) | Idle"


def open_notebook(page, lab_server, path):
    page.goto(f"{lab_server['url']}/lab/tree/{path}?reset&token={lab_server['token']}")
    # the toolbar says idle too early; the status bar waits for the real kernel
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=60_000)


def run_all(page):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=120_000,
    )
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=60_000)


def test_lab_serves_the_widget_extension(lab_server):
    """The ipywidgets front end is installed in the JupyterLab that `make lab` starts."""
    with urllib.request.urlopen(f"{lab_server['url']}/lab/api/extensions?token={lab_server['token']}") as r:
        names = {e["name"] for e in json.load(r)}
    assert "jupyter-widgets-jupyterlab-manager" in names  # ipywidgets 8 front end


def test_lab_refuses_requests_without_the_token(lab_server):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{lab_server['url']}/api/contents")
    assert error.value.code == 403


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_run_all_cells_without_errors(page, lab_server, lang, name, artifacts):
    open_notebook(page, lab_server, f"{lang}/{name}")
    run_all(page)
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, errors.all_inner_texts()
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() > 0 or name == "00_start_here.ipynb"
    if lang == "ko":
        assert hangul_renders(page), "no Korean font for Chromium: install fonts-nanum"
        if name == "04_gradient_descent.ipynb":
            page.locator(".nnlib-training-plot").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"{lang}_{name}.png"))


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


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_learning_rate_slider_retrains_and_redraws(page, lab_server, lang, artifacts):
    open_notebook(page, lab_server, f"{lang}/04_gradient_descent.ipynb")
    run_all(page)
    slider = page.locator(".nnlib-training-lr")
    status = page.locator(".nnlib-training-status")
    plot = page.locator(".nnlib-training-plot")
    slider.scroll_into_view_if_needed()
    readout = slider.locator(".widget-readout")

    # keyboard: one step to the right on the log scale
    before_status, before_src = status.inner_text(), plot.get_attribute("src")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[status.element_handle(), before_status])
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for()
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[plot.element_handle(), before_src])
    shown = float(readout.inner_text())
    used = _lr_used(status.inner_text())
    assert used != 0.1 and used == pytest.approx(shown, rel=5e-3)  # the readout shows 3 digits

    # a typed value, with the linear output layer, diverges and says so
    page.locator(".nnlib-training-output select").select_option(index=1)  # identity (linear output)
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for()
    before_src = plot.get_attribute("src")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.innerText.includes('⚠')", arg=status.element_handle(), timeout=30_000)
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[plot.element_handle(), before_src])
    assert _lr_used(status.inner_text()) == pytest.approx(float(readout.inner_text()), rel=5e-3)
    assert float(readout.inner_text()) == pytest.approx(5.0, rel=5e-3)
    status.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"{lang}_lr_slider_diverged.png"))
