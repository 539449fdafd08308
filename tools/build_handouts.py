"""Print every lesson of the built course site to an A4 PDF: `make handouts`.

Opens each lesson page of SITE/ko and SITE/en (built by tools/build_site.py) from disk in
the system Chromium (Playwright, never its own browser download), waits for MathJax and
the fonts, opens the folded boxes (<details>), gives each run of Hangul its own element
(SEPARATE_SCRIPTS), and prints it with the site's print stylesheet (site/_static/course.css):
A4, no sidebars, code wrapped at the margin, figures kept whole and with the cell that
makes them, formulas in the text where they stand.
Writes OUT/ko/NN_name.pdf and OUT/en/NN_name.pdf.

Usage: python tools/build_handouts.py [--site build/site] [--out build/handouts]
"""

import argparse
import pathlib
import time

import chromium  # tools/chromium.py

from nnlib.course.i18n import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGS = LANGUAGES
# Paper cannot be clicked: the folded "for the curious" boxes (<details>) print open.
READY = """async () => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    await document.fonts.ready;
}"""


# Chromium prints a run of text whose characters come from two fonts (Hangul from the web
# font, spaces and Latin from another, an emoji from a third) as pieces placed from the
# start of the run; PDF text extraction then finds gaps there and reads doubled spaces and
# a space before punctuation ("순전파 : 입력에서  출력까지"). Each run of Hangul, and of
# other non-Latin characters, is put in an element of its own before printing, so that
# every piece is placed where it is drawn. Nothing moves on the page.
SEPARATE_SCRIPTS = r"""() => {
    const kind = (ch) => /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]/u.test(ch) ? 'hangul'
        : (ch.codePointAt(0) < 0x250 || /\s/u.test(ch)) ? 'latin' : 'other';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const mixed = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest('script, style, mjx-container')) continue;
        if (new Set([...node.data].map(kind)).size > 1) mixed.push(node);
    }
    for (const node of mixed) {
        const pieces = document.createDocumentFragment();
        let run = '', runKind = null;
        const flush = () => {
            if (!run) return;
            if (runKind === 'latin') pieces.append(run);
            else pieces.append(Object.assign(document.createElement('span'), {textContent: run}));
        };
        for (const ch of node.data) {
            const k = kind(ch);
            if (k !== runKind) { flush(); run = ''; runKind = k; }
            run += ch;
        }
        flush();
        node.replaceWith(pieces);
    }
    return mixed.length;
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
    page.evaluate(SEPARATE_SCRIPTS)
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
