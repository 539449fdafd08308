"""The course website in Chromium, opened from disk: every page of both languages.

Checks on each page: no failed request and nothing asked of another host; every picture
loaded; every formula typeset by MathJax; Hangul drawn with the bundled web font and no
character drawn as the missing-glyph box; the language link leads to the same page in the
other language. Saves a screenshot of lesson 4 in each language to test-artifacts/.
"""

import pathlib
import re
import urllib.parse

import pytest

from site_helpers import LANGS, LESSONS, PAGES, lesson_title, stored_images

OTHER = {"ko": "en", "en": "ko"}
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
WEB_FONT = "NnlibGothic"

# Characters drawn as the missing-glyph box, grouped by the font stack that drew them.
# A character no font has (U+E000, U+10FFFD: private use) gives the box to compare with.
MISSING_GLYPHS_JS = """(extra) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const byFont = new Map();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest('script, style, mjx-assistive-mml, .d-none') || !el.getClientRects().length) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const key = style.fontFamily;
        if (!byFont.has(key)) byFont.set(key, new Set());
        for (const ch of node.textContent) byFont.get(key).add(ch);
    }
    if (extra) byFont.set(getComputedStyle(document.body).fontFamily,
                          new Set([...(byFont.get(getComputedStyle(document.body).fontFamily) || []), ...extra]));
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const g = canvas.getContext('2d', {willReadFrequently: true});
    const missing = [];
    for (const [font, chars] of byFont) {
        const draw = (ch) => {
            g.clearRect(0, 0, 64, 64);
            g.font = '40px ' + font;
            g.fillText(ch, 8, 48);
            return g.getImageData(0, 0, 64, 64).data.join(',');
        };
        const boxes = new Set(['\\ue000', '\\u{10fffd}'].map(draw));
        for (const ch of chars) {
            if (ch.codePointAt(0) < 0x80 || /\\s|[\\u200b-\\u200f\\u2060\\ufeff]/u.test(ch)) continue;
            if (boxes.has(draw(ch))) missing.push([ch, font]);
        }
    }
    return missing;
}"""

# The page's Hangul, grouped by the font stack that draws it, each group put into one probe
# element with that stack, so that CDP can ask which fonts draw it (one call per stack)
HANGUL_PROBES_JS = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const byFont = new Map();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest('script, style, mjx-assistive-mml, .d-none') || !el.getClientRects().length) continue;
        const hangul = node.textContent.match(/[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7af]/g);
        if (!hangul) continue;
        const key = getComputedStyle(el).fontFamily;
        byFont.set(key, (byFont.get(key) || '') + hangul.join(''));
    }
    let n = 0;
    for (const [font, text] of byFont) {
        const probe = document.createElement('div');
        probe.setAttribute('data-hangul-probe', '');
        probe.style.fontFamily = font;
        probe.textContent = [...new Set(text)].join('');
        document.body.appendChild(probe);
        n++;
    }
    return [...byFont.keys()];
}"""

MATH_JS = """async () => {
    const nodes = document.querySelectorAll('article .math');
    if (nodes.length && window.MathJax && MathJax.startup) await MathJax.startup.promise;
    return {
        math: nodes.length,
        typeset: document.querySelectorAll('article .math mjx-container').length,
        errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
        mathjax: !!(window.MathJax && MathJax.startup),
    };
}"""


def page_path(site, lang, name):
    return site / lang / f"{name}.html"


def open_page(page, path):
    """Open a page from disk; returns the failed requests and requests to other hosts."""
    problems = []
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:"))
            else problems.append(f"not from disk: {r.url}"))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.evaluate("async () => { await document.fonts.ready; }")
    return problems


def fonts_drawing_hangul(page):
    """(font stacks that hold Hangul on the page, {font family: is it a web font} drawing it)."""
    stacks = page.evaluate(HANGUL_PROBES_JS)
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    ids = session.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-hangul-probe]"})["nodeIds"]
    assert len(ids) == len(stacks)
    used = {}
    for node_id in ids:
        for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]:
            used[font["familyName"]] = font["isCustomFont"]
    session.detach()
    return stacks, used


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page(page, site, lang, name, artifacts):
    path = page_path(site, lang, name)
    assert path.exists(), f"{path} was not built"
    problems = open_page(page, path)

    # math: every formula typeset, no TeX errors
    math = page.evaluate(MATH_JS)
    assert math["typeset"] == math["math"], math
    assert not math["errors"], math["errors"]
    if math["math"]:
        assert math["mathjax"]

    # pictures: all loaded, and as many as the stored notebook holds
    images = page.evaluate("""() => [...document.images].map(i => ({src: i.currentSrc.slice(0, 80),
        ok: i.complete && i.naturalWidth > 0, output: !!i.closest('.cell_output')}))""")
    assert all(i["ok"] for i in images), [i["src"] for i in images if not i["ok"]]
    if name in LESSONS:
        assert sum(i["output"] for i in images) == stored_images(lang, name)
        assert page.locator("h1").first.inner_text().replace("#", "").strip() == lesson_title(lang, name)

    # no widget placeholder: myst-nb's widget view element never appears
    assert page.locator(".jupyter-widgets, script[type='application/vnd.jupyter.widget-view+json']").count() == 0

    # glyphs: nothing drawn as the missing-glyph box; Hangul from the bundled web font only
    missing = page.evaluate(MISSING_GLYPHS_JS, None)
    assert not missing, missing
    stacks, used = fonts_drawing_hangul(page)
    if lang == "ko":
        assert stacks, "a Korean page without Hangul"
    if stacks:
        assert used.get(WEB_FONT) is True, used
        assert not [f for f in used if "Nanum" in f], f"Hangul fell back to a system font: {used} (font stacks: {stacks})"
        status = page.evaluate(f"() => [...document.fonts].filter(f => f.family === '{WEB_FONT}')"
                               ".map(f => f.status)")
        assert status == ["loaded"]

    # the language link: the same page in the other language, which links back
    assert page.locator("html").get_attribute("lang") == lang
    links = page.locator("a.nnlib-lang-switch")
    assert links.count() >= 1
    targets = {urllib.parse.urljoin(page.url, links.nth(i).get_attribute("href")) for i in range(links.count())}
    assert targets == {page_path(site, OTHER[lang], name).resolve().as_uri()}
    target = page_path(site, OTHER[lang], name)
    html = target.read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]*\blang="{OTHER[lang]}"', html)
    back = re.findall(r'class="nnlib-lang-switch"[^>]*href="([^"]+)"', html)
    assert back and {urllib.parse.urljoin(target.resolve().as_uri(), h) for h in back} == {path.resolve().as_uri()}
    if name in LESSONS and name.startswith("04"):
        # follow the link in the browser once per language (every page load costs seconds here)
        page.screenshot(path=str(artifacts / f"site_{lang}_{name}.png"))
        links.first.click()
        page.wait_for_load_state("domcontentloaded")
        assert page.url == target.resolve().as_uri()
        assert page.locator("html").get_attribute("lang") == OTHER[lang]

    assert not problems, problems


def test_the_glyph_check_can_fail(page, site):
    """The missing-glyph check flags a character that no font has."""
    open_page(page, page_path(site, "ko", LESSONS[1]))
    missing = page.evaluate(MISSING_GLYPHS_JS, ["\ue001", "한"])
    assert [ch for ch, _ in missing] == ["\ue001"]


def test_some_pages_have_math(page, site):
    """The math check is not vacuous: lesson 1 has formulas, and MathJax typesets them."""
    open_page(page, page_path(site, "en", LESSONS[1]))
    math = page.evaluate(MATH_JS)
    assert math["math"] >= 5 and math["typeset"] == math["math"]


def test_landing_page_links_both_languages(page, site):
    problems = open_page(page, site / "index.html")
    hrefs = page.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert sorted(hrefs) == sorted((site / lang / "index.html").resolve().as_uri() for lang in LANGS)
    assert not page.evaluate(MISSING_GLYPHS_JS, None)
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGS)
def test_index_lists_every_lesson(page, site, lang):
    open_page(page, page_path(site, lang, "index"))
    article = page.locator("article")
    hrefs = article.locator("a.reference.internal").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert [h for h in hrefs if h.endswith(".html")] == [f"{n}.html" for n in LESSONS]
    text = article.inner_text()
    for name in LESSONS:
        assert lesson_title(lang, name) in text
    if lang == "ko":
        assert len(HANGUL.findall(text)) > 50


EXTERNAL = re.compile(r"""(?:<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?"""
                      r"""|url\(\s*["']?|@import\s+["']?)(?:https?:)?//""", re.IGNORECASE)


def test_nothing_is_loaded_from_another_host(site):
    """No script, stylesheet, picture or font in the HTML and CSS of the site names another host."""
    files = [*site.rglob("*.html"), *site.rglob("*.css")]
    assert len(files) > 20
    found = [f"{p.relative_to(site)}: {m.group(0)}" for p in files
             for m in EXTERNAL.finditer(p.read_text(encoding="utf-8", errors="replace"))]
    assert not found, found
    # and the check matches such a reference when there is one
    assert EXTERNAL.search('<script defer src="https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js">')
    assert EXTERNAL.search("@font-face { src: url(//fonts.gstatic.com/x.woff2) }")
