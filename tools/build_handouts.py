"""Print every lesson of the built course site to an A4 PDF: `make handouts`.

Opens each lesson page of SITE/ko and SITE/en (built by tools/build_site.py) from disk in
the system Chromium (Playwright, never its own browser download), waits for MathJax and
the fonts, and prints it with the site's print stylesheet (site/_static/course.css):
A4, no sidebars, code wrapped at the margin, figures kept whole and with the cell that
makes them. Writes OUT/ko/NN_name.pdf and OUT/en/NN_name.pdf.

Usage: python tools/build_handouts.py [--site build/site] [--out build/handouts]
"""

import argparse
import pathlib
import time

import chromium  # tools/chromium.py

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGS = ("ko", "en")
READY = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    await document.fonts.ready;
}"""


def lesson_pages(site, lang):
    """The lesson pages (NN_name.html) of one language's site, in order."""
    pages = sorted(pathlib.Path(site, lang).glob("[0-9][0-9]_*.html"))
    if not pages:
        raise FileNotFoundError(f"no lesson pages in {pathlib.Path(site, lang)}: run `make site` first")
    return pages


def print_page(page, html_path, pdf_path):
    """Open ``html_path`` in ``page`` (a Playwright page) and print it to ``pdf_path``."""
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(html_path.resolve().as_uri(), wait_until="load")
    page.evaluate(READY)
    page.emulate_media(media="print")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True,
             display_header_footer=True, header_template="<span></span>",
             footer_template='<div style="width:100%;font-size:8px;text-align:center;color:#666">'
                             '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
             margin={"top": "14mm", "bottom": "16mm", "left": "13mm", "right": "13mm"})
    if failed:
        raise RuntimeError(f"{html_path}: requests failed while printing: {failed}")
    return pdf_path


def build(site, out, langs=LANGS, browser=None):
    """Print the lessons of ``langs`` from ``site`` to ``out``; returns the PDF paths.

    ``browser`` is a running Playwright browser; without one, the system Chromium is started.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = p.chromium.launch(**chromium.launch_options())
            try:
                return build(site, out, langs, browser)
            finally:
                browser.close()
    written = []
    for lang in langs:
        for html_path in lesson_pages(site, lang):
            page = browser.new_page()
            try:
                written.append(print_page(page, html_path, pathlib.Path(out, lang, html_path.stem + ".pdf")))
            finally:
                page.close()
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, default=ROOT / "build" / "site")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "handouts")
    args = parser.parse_args()
    start = time.perf_counter()
    pdfs = build(args.site, args.out)
    seconds = time.perf_counter() - start
    total = sum(p.stat().st_size for p in pdfs)
    for pdf in pdfs:
        print(f"{pdf}: {pdf.stat().st_size / 1e3:.0f} kB")
    print(f"{len(pdfs)} handouts, {total / 1e6:.1f} MB, printed in {seconds:.1f} s")


if __name__ == "__main__":
    main()
