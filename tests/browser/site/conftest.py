"""The course website and its PDF handouts, built once per test session from the sources.

The site is built into a temporary folder with tools/build_site.py (as `make site` does),
the handouts are printed from it with tools/build_handouts.py in the session's Chromium
(the `browser` fixture of pytest-playwright, launched with the arguments in
tests/browser/conftest.py).
"""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import build_handouts  # noqa: E402
import build_site  # noqa: E402


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
