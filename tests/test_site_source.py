"""The site build's notebook cleaning and web font (no browser; the site itself is checked in
tests/browser/site/)."""

import copy
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402
import webfont  # noqa: E402

VIEW = "application/vnd.jupyter.widget-view+json"
NOTE = "▶ 이 셀을 실행하면 슬라이더와 그림이 나타납니다 (TrainingExplorer)"
STILL = '<p>▶ Run this cell (make lab)</p><img src="data:image/png;base64,iVBORw0KGgo=" alt="still">'


def notebook(outputs):
    return {"metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
            "cells": [{"cell_type": "markdown", "source": "# x", "metadata": {}},
                      {"cell_type": "code", "source": "w", "metadata": {}, "outputs": outputs}]}


def result(data):
    return {"output_type": "execute_result", "data": data, "metadata": {}, "execution_count": 1}


@pytest.mark.parametrize("data, kept", [
    ({"text/plain": NOTE}, {"text/plain": NOTE}),                                   # today's note
    ({"text/html": STILL, "text/plain": NOTE}, {"text/html": STILL, "text/plain": NOTE}),  # note + still
    ({VIEW: {"model_id": "abc"}, "text/plain": NOTE}, {"text/plain": NOTE}),        # a live view
    ({VIEW: {"model_id": "abc"}, "text/html": STILL}, {"text/html": STILL}),
])
def test_widget_outputs_keep_what_a_static_page_can_show(data, kept):
    nb = notebook([result(data)])
    before = copy.deepcopy(nb)
    cleaned = build_site.static_notebook(nb)
    assert cleaned["cells"][1]["outputs"][0]["data"] == kept
    assert "widgets" not in cleaned["metadata"]
    assert nb == before  # the caller's notebook is untouched


def test_an_output_with_only_a_widget_view_is_dropped():
    stream = {"output_type": "stream", "name": "stdout", "text": "loss 0.28\n"}
    cleaned = build_site.static_notebook(notebook([result({VIEW: {"model_id": "abc"}}), stream]))
    assert cleaned["cells"][1]["outputs"] == [stream]


def test_font_css_names_the_renamed_family_and_its_ranges():
    css = build_site.font_css()
    assert 'font-family: "NnlibGothic"' in css and "NanumGothic\"" not in css
    assert "U+AC00-D7AF" in css
    assert webfont.source_font().name == "NanumGothic.ttf"
    assert (webfont.source_font().parent / "OFL.txt").exists()


def test_web_font_is_renamed_without_tsi_tables_or_control_codes():
    """What Chromium needs (no TSI* tables), what the OFL needs (another name), what PDFs need
    (U+0001..U+001F not mapped to the space glyph); Hangul all there."""
    from fontTools.ttLib import TTFont
    path, _ = build_site.cached_webfont(ROOT / "build" / "webfont")
    font = TTFont(path)
    assert font.flavor == "woff2"
    assert not [t for t in font.keys() if t.startswith("TSI")]
    names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 4, 6, 16)}
    assert names == {"NnlibGothic"}
    cmap = font.getBestCmap()
    assert not [c for c in cmap if c < 0x20]
    assert all(c in cmap for c in range(0xAC00, 0xD7A4))  # every Hangul syllable
