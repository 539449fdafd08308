"""The course website in Chromium, opened from disk: every page of both languages.

Checks on each page, at 1280x800 (a projector) and at 1300 px: no failed request, nothing
asked of another host, no error or warning in the console; zero axe-core violations; every
picture loaded; every formula typeset by MathJax; Hangul drawn with the bundled web font
and no character drawn as the missing-glyph box; one search field and one language link,
which stays whole in the header of a scrolled page and leads to the same page in the other
language; no code cut at the right edge and no short inline code split over two lines; a
submit button in every form. Every internal link of the site leads to a file (and an
anchor) that exists. Saves a screenshot of lesson 4 in each language to test-artifacts/.
"""

import html.parser
import re
import urllib.parse

import pytest
from axe_playwright_python.sync_playwright import Axe
from site_helpers import LANGS, LESSONS, PAGES, lesson_title, stored_images

OTHER = {"ko": "en", "en": "ko"}
BYLINE = {"ko": "만든 이: nnlib-class", "en": "By nnlib-class"}
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


# The page's layout at the current viewport: the search fields and language links a reader
# sees (outside the article), code blocks cut at the right edge, inline code split over two
# lines although it fits on one, and forms without a submit button.
LAYOUT_JS = """() => {
    const shown = (el) => {
        const r = el.getBoundingClientRect(), style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !el.closest('dialog:not([open])');
    };
    // the search page has the search container where other pages have the article
    const article = document.querySelector('article.bd-article, .bd-search-container');
    const outside = (el) => !article.contains(el);
    const searches = [...document.querySelectorAll('.search-button__button, form.bd-search')]
        .filter(el => outside(el) && shown(el)).map(el => el.className);
    const langLinks = [...document.querySelectorAll('a.nnlib-lang-switch')].filter(shown).length;
    const edge = article.getBoundingClientRect().right;
    const cut = [...article.querySelectorAll('pre')]
        .filter(pre => pre.scrollWidth > pre.clientWidth + 1 || pre.getBoundingClientRect().right > edge + 1)
        .map(pre => pre.textContent.slice(0, 60));
    const split = [];
    for (const code of article.querySelectorAll('code')) {
        if (code.closest('pre')) continue;
        const range = document.createRange();
        range.selectNodeContents(code);
        // lines: the rectangles' vertical centres, apart by more than half the font size
        const half = parseFloat(getComputedStyle(code).fontSize) / 2;
        const centres = [...range.getClientRects()].filter(r => r.width > 0)
            .map(r => (r.top + r.bottom) / 2).sort((a, b) => a - b);
        if (!centres.some((c, i) => i > 0 && c - centres[i - 1] > half)) continue;
        // how wide the code is on one line, against the width of the text it stands in
        const probe = code.cloneNode(true);
        probe.style.cssText = 'position: absolute; visibility: hidden; white-space: nowrap; display: inline-block; max-width: none';
        code.parentElement.appendChild(probe);
        const wide = probe.getBoundingClientRect().width;
        probe.remove();
        const block = code.closest('p, li, td, th, h1, h2, h3, h4, dd, dt, div');
        const room = block.clientWidth - parseFloat(getComputedStyle(block).paddingLeft)
            - parseFloat(getComputedStyle(block).paddingRight);
        if (wide <= room) split.push(code.textContent);
    }
    const noSubmit = [...document.querySelectorAll('form')]
        .filter(f => !f.querySelector('button[type=submit], input[type=submit], button:not([type])'))
        .map(f => f.outerHTML.slice(0, 80));
    return {searches, langLinks, cut, split, noSubmit};
}"""

# Where the language link is drawn after scrolling to y: whole inside the viewport and the
# article header, and the element a click at its centre reaches
LANG_LINK_JS = """(y) => {
    window.scrollTo(0, y);
    const link = [...document.querySelectorAll('a.nnlib-lang-switch')]
        .find(a => a.getBoundingClientRect().width > 0);
    const r = link.getBoundingClientRect();
    const header = link.closest('.bd-header-article, .bd-sidebar-primary').getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {scrolled: window.scrollY, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            headerTop: header.top, headerBottom: header.bottom,
            width: innerWidth, height: innerHeight, hit: !!hit && link.contains(hit)};
}"""

AXE = Axe()


def page_path(site, lang, name):
    return site / lang / f"{name}.html"


def open_page(page, path):
    """Open a page from disk; returns the failed requests, requests to other hosts, script
    errors and console errors and warnings."""
    problems = []
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:"))
            else problems.append(f"not from disk: {r.url}"))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.evaluate("async () => { await document.fonts.ready; }")
    return problems


def axe_violations(page):
    """axe-core's report of the open page (empty when it finds no violation)."""
    # preload off: axe-core would fetch the stylesheets again, which file:// refuses
    results = AXE.run(page, options={"resultTypes": ["violations"], "preload": False})
    return results.generate_report() if results.violations_count else ""


def check_layout(page):
    """The layout checks at the page's current viewport (see LAYOUT_JS and LANG_LINK_JS)."""
    layout = page.evaluate(LAYOUT_JS)
    assert len(layout["searches"]) == 1, layout["searches"]
    assert layout["langLinks"] == 1
    assert not layout["cut"], f"code cut at the right edge: {layout['cut']}"
    assert not layout["split"], f"inline code split over two lines: {layout['split']}"
    assert not layout["noSubmit"], layout["noSubmit"]
    height = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    for y in sorted({0, height // 2, height}):
        where = page.evaluate(LANG_LINK_JS, y)
        assert 0 <= where["top"] and where["bottom"] <= where["height"], where
        assert 0 <= where["left"] and where["right"] <= where["width"], where
        assert where["headerTop"] - 0.5 <= where["top"] and where["bottom"] <= where["headerBottom"] + 0.5, where
        assert where["hit"], where
    page.evaluate("() => window.scrollTo(0, 0)")


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
    page.set_viewport_size({"width": 1280, "height": 800})
    problems = open_page(page, path)

    # accessibility: axe-core finds nothing; the layout at a projector's 1280x800 and at 1300 px
    assert not axe_violations(page)
    check_layout(page)
    page.set_viewport_size({"width": 1300, "height": 900})
    check_layout(page)
    # the footer's byline reads naturally in each language (not "으로 nnlib-class")
    assert page.locator(".component-author").inner_text().strip() == BYLINE[lang]

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


@pytest.mark.parametrize("lang", LANGS)
def test_phone_and_dark_mode(page, site, lang):
    """A phone's width (sidebar folded away) and the theme's dark mode: the same layout
    checks and no axe-core violation, on the index and lesson 1."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.emulate_media(color_scheme="dark")
    for name in ("index", LESSONS[1]):
        problems = open_page(page, page_path(site, lang, name))
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        check_layout(page)
        assert not axe_violations(page)
        assert not problems, problems


def test_the_layout_checks_can_fail(page, site):
    """The checks flag a second search field and language link, a code line cut at the edge,
    inline code split over two lines, a form without a submit button, a language link pushed
    above the viewport, and an axe-core violation."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, page_path(site, "ko", LESSONS[1]))
    page.evaluate("""() => {
        const article = document.querySelector('article.bd-article');
        const link = document.querySelector('a.nnlib-lang-switch');
        article.before(link.cloneNode(true), document.querySelector('.search-button-field').cloneNode(true));
        const pre = article.querySelector('pre');
        pre.style.whiteSpace = 'pre';
        pre.textContent = 'x'.repeat(300);
        const p = article.querySelector('p');
        p.insertAdjacentHTML('beforeend', ' ' + 'word '.repeat(40) + '<code style="display: inline; white-space: normal">make handouts</code>');
        document.body.insertAdjacentHTML('beforeend', '<form><input aria-label="q"></form><img src="data:,">');
        link.style.position = 'relative';
        link.style.top = '-40px';
    }""")
    layout = page.evaluate(LAYOUT_JS)
    assert len(layout["searches"]) == 2 and layout["langLinks"] == 2
    assert layout["cut"] and layout["noSubmit"]
    where = page.evaluate(LANG_LINK_JS, 0)
    assert where["top"] < 0
    assert "image-alt" in axe_violations(page)
    # inline code split over two lines: try widths until the words put it across a line end
    for width in range(600, 1000, 11):
        page.set_viewport_size({"width": width, "height": 800})
        if page.evaluate(LAYOUT_JS)["split"]:
            break
    else:
        pytest.fail("inline code split over two lines was not flagged at any width")


@pytest.mark.parametrize("lang", LANGS)
def test_search_form_is_sent_with_its_button(page, site, lang):
    """The search page's form has a submit button, and pressing it lists the lesson that holds
    the word searched for."""
    open_page(page, page_path(site, lang, "search"))
    word = re.findall(r"\w{4,}", lesson_title(lang, LESSONS[1]))[0]
    form = page.locator(".bd-search-container form.bd-search")
    form.locator("input[name=q]").fill(word)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#search-results li a", timeout=15000)
    found = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any(h.split("?")[0].split("#")[0] == f"{LESSONS[1]}.html" for h in found), (word, found)


class Links(html.parser.HTMLParser):
    """The ids of an HTML page and the addresses it refers to."""

    ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
                  "source": "src", "area": "href"}

    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        ref = attrs.get(self.ATTRIBUTES.get(tag, ""))
        if ref:
            self.refs.append(ref)


def broken_links(root):
    """Every internal link of the HTML pages under ``root`` that leads to no file, or to an
    anchor the page does not have: ["page -> address", ...]. Pages are the .html files
    outside Sphinx's folders (_static holds the theme's template pieces)."""
    pages = {}
    for path in sorted(p for p in root.rglob("*.html") if not any(part.startswith("_") for part in p.relative_to(root).parts)):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    broken = []
    for path, parser in pages.items():
        for ref in parser.refs:
            url = urllib.parse.urlsplit(ref)
            if url.scheme or url.netloc:  # another host, mailto:, data:, javascript:
                continue
            target = (path.parent / urllib.parse.unquote(url.path)).resolve() if url.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or (url.fragment and target in pages
                                       and urllib.parse.unquote(url.fragment) not in pages[target].ids):
                broken.append(f"{path.relative_to(root.resolve())} -> {ref}")
    return broken


def test_every_internal_link_leads_somewhere(site):
    assert all(page_path(site, lang, name).exists() for lang in LANGS for name in PAGES)
    assert not broken_links(site)


def test_the_link_check_can_fail(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here"><a href="b.html">b</a> <a href="a.html#here">ok</a>'
                                     '<a href="#nowhere">x</a> <img src="gone.png" alt=""></p>')
    (tmp_path / "b.html").write_text('<a href="a.html#here">a</a> <a href="https://example.invalid/">out</a>')
    assert broken_links(tmp_path) == ["a.html -> #nowhere", "a.html -> gone.png"]


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
