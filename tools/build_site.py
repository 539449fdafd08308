"""Build the course website from the stored notebooks: `make site`.

One Sphinx build per language (myst-nb, sphinx-book-theme), from the notebooks in
notebooks/ko and notebooks/en as they are stored: nothing is executed. The sites land in
OUT/ko and OUT/en, with OUT/index.html to choose between them. Each site carries its own
copy of everything its pages load (MathJax 3 from the sphinx-mathjax-offline package, the
Korean web font made by tools/webfont.py), so the folder works opened from disk with no
network.

Usage: python tools/build_site.py [--out build/site] [--lang ko en]
"""

import argparse
import copy
import hashlib
import html
import importlib.metadata
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import webfont  # noqa: E402  (tools/webfont.py)

from nnlib.course.i18n import LANGUAGES  # noqa: E402
from nnlib.course.notebook_files import drop_widget_views  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
SITE_SOURCE = ROOT / "site"
LANGS = LANGUAGES
TITLES = {"ko": "신경망 학습 입문", "en": "How a neural network learns"}


def static_notebook(nb):
    """A copy of notebook ``nb`` (a dict) without widget views or widget state, so that no
    page shows a broken widget placeholder (nnlib/course/notebook_files.py). ``nb`` itself is
    not changed."""
    return drop_widget_views(copy.deepcopy(nb))


def mathjax_dir():
    """The MathJax 3 folder shipped by the sphinx-mathjax-offline package."""
    dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    path = pathlib.Path(dist.locate_file("sphinx-mathjax-offline/static/mathjax"))
    if not (path / "tex-chtml.js").exists():
        raise FileNotFoundError(f"no tex-chtml.js in {path}: reinstall sphinx-mathjax-offline")
    return path


def cached_webfont(cache):
    """The web font, made once per version of the source font and of tools/webfont.py."""
    source = webfont.source_font()
    digest = hashlib.sha256(source.read_bytes()
                            + pathlib.Path(webfont.__file__).read_bytes()).hexdigest()[:16]
    out = cache / f"{webfont.FAMILY}-{digest}.woff2"
    if not out.exists():
        for old in cache.glob(f"{webfont.FAMILY}-*.woff2"):
            old.unlink(missing_ok=True)
        # written aside and moved into place, so that a build running at the same time
        # (another test worker) never reads a half-written font
        partial = cache / f"{out.stem}.{os.getpid()}.partial"
        webfont.make_webfont(source, partial)
        os.replace(partial, out)
    return out, source.parent / "OFL.txt"


def font_css():
    return (f'/* {webfont.FAMILY}: a modified copy of NanumGothic (SIL OFL 1.1, see fonts/OFL.txt),\n'
            '   made by tools/webfont.py */\n'
            '@font-face {\n'
            f'  font-family: "{webfont.FAMILY}";\n'
            f'  src: url("fonts/{webfont.FAMILY}.woff2") format("woff2");\n'
            '  font-weight: 400 700;\n'
            '  font-display: block;\n'
            f'  unicode-range: {webfont.css_unicode_range()};\n'
            '}\n')


def prepare_source(lang, srcdir, font, licence):
    """Fill ``srcdir`` with the Sphinx sources of the ``lang`` site."""
    if srcdir.exists():
        shutil.rmtree(srcdir)
    srcdir.mkdir(parents=True)
    shutil.copy2(SITE_SOURCE / "conf.py", srcdir)
    shutil.copytree(SITE_SOURCE / "_templates", srcdir / "_templates")
    shutil.copytree(SITE_SOURCE / "_static", srcdir / "_static")
    shutil.copy2(SITE_SOURCE / lang / "index.md", srcdir / "index.md")
    fonts = srcdir / "_static" / "fonts"
    fonts.mkdir()
    shutil.copy2(font, fonts / f"{webfont.FAMILY}.woff2")
    shutil.copy2(licence, fonts / "OFL.txt")
    (srcdir / "_static" / "nnlib-font.css").write_text(font_css(), encoding="utf-8")
    notebooks = sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in notebooks/{lang}")
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        (srcdir / path.name).write_text(json.dumps(static_notebook(nb), ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    return [p.stem for p in notebooks]


def landing_page():
    """OUT/index.html: a choice between the two languages."""
    links = "\n".join(
        f'    <li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">{html.escape(TITLES[lang])}</a>'
        f' <span>({"한국어" if lang == "ko" else "English"})</span></li>' for lang in LANGS)
    return ("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n  <meta charset=\"utf-8\">\n"
            "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "  <title>신경망 학습 입문 · How a neural network learns</title>\n"
            "  <link rel=\"stylesheet\" href=\"ko/_static/nnlib-font.css\">\n"
            "  <style>body { font-family: \"NnlibGothic\", system-ui, sans-serif; max-width: 40rem;"
            " margin: 3rem auto; padding: 0 1rem; line-height: 1.6 } li { margin: .5rem 0 }</style>\n"
            "</head>\n<body>\n<main>\n  <h1>신경망 학습 입문 · How a neural network learns</h1>\n"
            f"  <ul>\n{links}\n  </ul>\n</main>\n</body>\n</html>\n")


def build(out, langs=LANGS, work=None, quiet=True):
    """Build the sites of ``langs`` into ``out``; returns {lang: [page names of the lessons]}.

    ``work`` holds the generated Sphinx sources and doctrees (default: build/); the web font
    is cached in build/webfont whatever ``work`` is, since making it takes about 20 s.
    """
    out = pathlib.Path(out)
    work = pathlib.Path(work) if work else ROOT / "build"
    font, licence = cached_webfont(ROOT / "build" / "webfont")
    env = dict(os.environ, NNLIB_MATHJAX_DIR=str(mathjax_dir()))
    pages = {}
    for lang in langs:
        srcdir = work / "site-src" / lang
        pages[lang] = prepare_source(lang, srcdir, font, licence)
        target = out / lang
        if target.exists():
            shutil.rmtree(target)
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-W", "--keep-going",
               "-d", str(work / "site-doctrees" / lang), str(srcdir), str(target)]
        if quiet:
            cmd.insert(3, "-q")
        subprocess.run(cmd, check=True, env=dict(env, NNLIB_SITE_LANG=lang))
    (out / "index.html").write_text(landing_page(), encoding="utf-8")
    return pages


def folder_size(path):
    return sum(p.stat().st_size for p in pathlib.Path(path).rglob("*") if p.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "site")
    parser.add_argument("--lang", nargs="+", choices=LANGS, default=list(LANGS))
    args = parser.parse_args()
    start = time.perf_counter()
    pages = build(args.out, args.lang)
    seconds = time.perf_counter() - start
    for lang, names in pages.items():
        print(f"{args.out / lang}: index + {len(names)} lessons, "
              f"{folder_size(args.out / lang) / 1e6:.1f} MB")
    print(f"site built in {seconds:.1f} s: open {args.out / 'index.html'}")


if __name__ == "__main__":
    main()
