"""Sphinx configuration of the course website, one build per language.

tools/build_site.py copies this folder and the stored notebooks of one language into a
temporary source tree and runs Sphinx there with NNLIB_SITE_LANG set to "ko" or "en".
Everything the pages load is copied into the site: nothing comes from another host.
"""

import os
import pathlib
import shutil

LANG = os.environ.get("NNLIB_SITE_LANG")
if LANG not in ("ko", "en"):
    raise RuntimeError(f"NNLIB_SITE_LANG must be 'ko' or 'en', got {LANG!r} "
                       "(build the site with `make site`)")
OTHER = {"ko": "en", "en": "ko"}[LANG]
LABELS = {"ko": "한국어", "en": "English"}
TITLES = {"ko": "신경망 학습 입문", "en": "How a neural network learns"}
# words of the templates in _templates/ that the theme has no translation for (or a wrong one)
WORDS = {
    "ko": {"byline": "만든 이: {author}", "search_bar_text": "강의에서 찾기…",
           "search_submit_label": "검색", "sidebar_label": "강의 목록"},
    "en": {"byline": "By {author}", "search_bar_text": "Search the course…",
           "search_submit_label": "Search", "sidebar_label": "Course contents"},
}[LANG]
# the MathJax 3 copy that the sphinx-mathjax-offline package ships (set by tools/build_site.py)
MATHJAX_SOURCE = os.environ.get("NNLIB_MATHJAX_DIR")

project = TITLES[LANG]
author = "nnlib-class"
copyright = "nnlib-class authors; NanumGothic © NHN Corporation (SIL OFL 1.1)"
language = LANG
html_title = TITLES[LANG]

extensions = ["myst_nb", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
# nnlib-font.css (the @font-face rule) is written by tools/build_site.py with the font
html_css_files = ["nnlib-font.css", "course.css"]

# notebooks are shown with their stored outputs, never executed here
nb_execution_mode = "off"
# no require.js and no widget manager from a CDN: widget cells show what is stored
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("*", "application/vnd.jupyter.widget-view+json", None),
    ("*", "application/vnd.jupyter.widget-state+json", None),
]
myst_enable_extensions = ["dollarmath", "amsmath"]

# MathJax 3 from this site's _static (Sphinx 9 would take MathJax 4 from jsdelivr)
mathjax_path = "mathjax/tex-chtml.js"
# \text{이전} inside a formula takes the page's font (the Korean web font), not MathJax's
mathjax3_config = {"chtml": {"mtextInheritFont": True}}

# the search page must not fetch pages (file:// forbids it)
html_show_search_summary = False
html_use_index = False
html_domain_indices = False
html_copy_source = True
html_show_sourcelink = False
html_last_updated_fmt = None

html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    # the language link once per page, in the article header that stays at the top
    "article_header_end": ["lang-switch.html", "lite-link.html", "article-header-buttons.html"],
    "navigation_with_keys": False,
    # an empty top bar: its search field would repeat the sidebar's
    "navbar_persistent": [],
    "search_bar_text": WORDS["search_bar_text"],
}
html_sidebars = {"**": ["navbar-logo.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
html_context = {"course_lang": LANG, "other_lang": OTHER, "other_label": LABELS[OTHER],
                # the theme's colour mode when the reader has chosen none: light or dark as
                # the system is (left empty, the theme logs "Got invalid theme mode")
                "default_mode": "auto",
                "byline": WORDS["byline"].format(author=author),
                "search_submit_label": WORDS["search_submit_label"],
                "sidebar_label": WORDS["sidebar_label"]}
# `make site` with build/lite present: each lesson page links to the lesson in JupyterLite
html_context |= {"nnlib_lite": bool(os.environ.get("NNLIB_SITE_LITE")),
                 "nnlib_lite_label": {"ko": "브라우저에서 실행", "en": "Run in the browser"}[LANG]}

# the parts of MathJax 3 that tex-chtml.js loads; the rest of the 24 MB stays out
MATHJAX_PARTS = ["tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2",
                 "ui", "a11y", "adaptors"]


def copy_mathjax(app, exc):
    if exc is not None:
        return
    if not MATHJAX_SOURCE:
        raise RuntimeError("NNLIB_MATHJAX_DIR is not set (build the site with `make site`)")
    source = pathlib.Path(MATHJAX_SOURCE)
    target = pathlib.Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)


def setup(app):
    app.connect("build-finished", copy_mathjax)
