"""Lesson 6 in JupyterLab: Run All is clean and the playground answers a slider."""

import re

import pytest

# same folder (no package: pytest puts it on sys.path)
from test_lab import IDLE, assert_ran_cleanly, open_notebook, run_all, run_language, screens_too_tall

LESSON = "06_from_sample_to_dataset.ipynb"
pytestmark = pytest.mark.usefixtures("no_kernel_left")


def _hidden_units(status_text):
    """The hidden-neuron count the status line reports, in either language."""
    found = re.search(r"(\d+) hidden neurons|은닉 뉴런 (\d+)개", status_text)
    return int(found.group(1) or found.group(2))


def test_playground_slider_retrains_and_redraws(page, lab_server, artifacts):
    """Run All in the lesson's run language, every slide fits, then the playground answers."""
    lang = run_language(LESSON)
    open_notebook(page, lab_server, f"{lang}/{LESSON}")
    run_all(page)
    assert_ran_cleanly(page, LESSON)
    assert not screens_too_tall(page, artifacts, f"{lang}_{LESSON[:2]}")

    hidden = page.locator(".nnlib-playground-hidden")
    status = page.locator(".nnlib-playground-status")
    plot = page.locator(".nnlib-playground-plot")
    hidden.scroll_into_view_if_needed()
    before_status, before_src = status.inner_text(), plot.get_attribute("src")
    before_units = _hidden_units(before_status)

    hidden.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")  # one more hidden unit: the network is retrained
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[status.element_handle(), before_status],
                           timeout=30_000)
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for()
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[plot.element_handle(), before_src])
    assert _hidden_units(status.inner_text()) == before_units + 1
    assert int(hidden.locator(".widget-readout").inner_text()) == before_units + 1
    plot.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"{lang}_lesson6_playground.png"))
