"""The course website and its PDF handouts, built once per test session from the sources.

The site is built into a temporary folder with tools/build_site.py (as `make site` does),
the handouts are printed from it with tools/build_handouts.py in the session's Chromium
(the `browser` fixture of pytest-playwright, launched with the arguments in
tests/browser/conftest.py).
"""

import json
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import build_handouts  # noqa: E402
import build_site  # noqa: E402

LANGS = ("ko", "en")
LESSONS = sorted(p.stem for p in (ROOT / "notebooks" / "en").glob("*.ipynb"))
PAGES = ["index", "search", *LESSONS]


def lesson_title(lang, name):
    """The first heading of a stored notebook, without its markdown markers."""
    nb = json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return re.sub(r"[*_`]", "", line[2:]).strip()
    raise AssertionError(f"no title in notebooks/{lang}/{name}.ipynb")


def stored_images(lang, name):
    """How many pictures the stored notebook holds (image outputs and <img> in HTML outputs)."""
    nb = json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb").read_text(encoding="utf-8"))
    count = 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(m.startswith("image/") for m in data):
                count += 1
            elif "text/html" in data:
                html = data["text/html"]
                count += len(re.findall(r"<img\b", html if isinstance(html, str) else "".join(html)))
    return count


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The built site: a folder holding ko/, en/ and index.html."""
    base = tmp_path_factory.mktemp("site")
    out = base / "site"
    build_site.build(out, work=base / "work")
    return out


@pytest.fixture(scope="session")
def handouts(site, browser, tmp_path_factory):
    """The PDF handouts printed from the built site: {(lang, name): path}."""
    out = tmp_path_factory.mktemp("handouts")
    pdfs = build_handouts.build(site, out, browser=browser)
    return {(p.parent.name, p.stem): p for p in pdfs}
