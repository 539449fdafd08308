"""The PDF handouts (`make handouts`): A4, Korean text embedded and extractable, code wrapped
at the margin, pictures whole, and a text layer that reads as the page does: every printed
paragraph and heading, formulas included, with single spaces and no space before punctuation."""

import functools
import re
import sys
import unicodedata

import pypdf
import pytest
from site_helpers import LANGS, LESSONS, ROOT, lesson_title, stored_images

sys.path.insert(0, str(ROOT / "tools"))
import build_handouts  # noqa: E402

HANGUL = re.compile(r"[\uac00-\ud7a3]")
A4 = (595.3, 841.9)  # points
# A4 width minus the PDF margins (13 mm each side), in CSS pixels
PRINT_WIDTH_PX = round((210 - 2 * 13) / 25.4 * 96)


@functools.cache
def page_texts(path):
    """The text pypdf extracts from each page of the PDF at ``path`` (about a second a handout:
    read once, for the tests of that handout)."""
    return tuple(page.extract_text() for page in pypdf.PdfReader(path).pages)


def squeeze(text):
    """Text without whitespace and ligatures (ﬀ -> ff): pypdf guesses spaces and line breaks
    from glyph positions, and the PDF keeps the font's ligature glyphs."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def embedded_fonts(reader):
    """Names of the fonts embedded in the PDF (with their font file)."""
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", LESSONS)
def test_handout(handouts, lang, name):
    reader = pypdf.PdfReader(handouts[(lang, name)])
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)
    text = "\n".join(page_texts(handouts[(lang, name)]))
    # no control codes where spaces should be (NanumGothic maps U+0001..U+001F to its space)
    assert not re.findall(r"[\x00-\x08\x0b-\x1f]", text)
    assert squeeze(lesson_title(lang, name)) in squeeze(text)
    hangul = len(HANGUL.findall(text))
    fonts = embedded_fonts(reader)
    if lang == "ko":
        assert hangul > 300, f"only {hangul} Hangul syllables extracted"
        assert "NnlibGothic" in fonts, fonts
    # every picture whole: drawn on one page only
    drawn = sum(len(p.images) for p in reader.pages)
    assert drawn == stored_images(lang, name)


def test_handouts_keep_words_apart(handouts):
    """Spaces between Korean words survive extraction (pypdf may double them, never drop them)."""
    reader = pypdf.PdfReader(handouts[("ko", LESSONS[0])])
    words = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    first = lesson_title("ko", LESSONS[0])  # e.g. "0. 여기서 시작하세요: ..."
    assert re.sub(r"\s+", " ", first).split(" ")[1] + " " in words


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", LESSONS)
def test_print_layout_cuts_nothing(page, site, lang, name):
    """With the print stylesheet at the A4 text width, no code block or picture is wider than the page."""
    page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 1100})
    page.goto((site / lang / f"{name}.html").resolve().as_uri())
    page.emulate_media(media="print")
    result = page.evaluate("""() => {
        const article = document.querySelector('article.bd-article').getBoundingClientRect();
        const wide = [];
        for (const el of document.querySelectorAll('article pre, article img, article table, article mjx-container')) {
            const r = el.getBoundingClientRect();
            // scrollWidth/clientWidth mean something for blocks only (an inline formula has clientWidth 0)
            const scrolls = el.tagName === 'PRE' && el.scrollWidth > el.clientWidth + 1;
            if (scrolls || r.right > article.right + 1 || r.left < article.left - 1)
                wide.push(el.tagName + ': ' + el.textContent.slice(0, 60));
        }
        const hidden = ['.bd-sidebar-primary', '.bd-header-article', '#jb-print-docs-body', 'a.nnlib-lang-switch']
            .filter(s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length));
        return {wide, hidden, width: article.width, pres: document.querySelectorAll('article pre').length};
    }""")
    assert result["pres"] > 0
    assert result["width"] > PRINT_WIDTH_PX * 0.9, result
    assert not result["wide"], result["wide"]
    assert not result["hidden"], result["hidden"]


# The paragraphs, list items and headings of a lesson's article as printed (the page in print
# media, its folded boxes open), each as [[text, is it a formula], ...]. A formula's text is
# that of its MathML (MathJax's assistive copy). Left out: pictures, superscripts, and
# formulas laid out in two dimensions (fractions, roots, matrices, a subscript under a
# superscript), whose reading order in a PDF is a matter of layout, not of text.
PRINTED_TEXT_JS = """() => {
    const article = document.querySelector('article.bd-article');
    const flat = 'mfrac, msqrt, mroot, mtable, msubsup, munder, mover, munderover, mmultiscripts';
    const found = [];
    for (const el of article.querySelectorAll('p, li, h1, h2, h3, h4')) {
        if (el.querySelector('p, li') || el.closest('pre, table, .cell_output, .cell_input')) continue;
        if (!el.getClientRects().length || el.querySelector('img, sup, sub, svg')) continue;
        const pieces = [];
        let skip = false;
        const walk = (node) => {
            for (const child of node.childNodes) {
                if (child.nodeType === Node.TEXT_NODE) pieces.push([child.data, false]);
                else if (child.nodeType !== Node.ELEMENT_NODE || child.matches('.headerlink, script')) continue;
                else if (child.matches('.math')) {
                    const mml = child.querySelector('mjx-assistive-mml math');
                    if (!mml || mml.querySelector(flat)) skip = true;
                    else pieces.push([mml.textContent, true]);
                } else walk(child);
            }
        };
        walk(el);
        if (!skip && pieces.some(([text]) => text.trim())) found.push(pieces);
    }
    return found;
}"""
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})
FOOTER = re.compile(r"\n?\d+ / \d+\s*$")  # the page number line at the end of each page


def normalize(text):
    """Text with ligatures and compatibility forms (ﬀ, 𝑎) unfolded, curly quotes straight."""
    return unicodedata.normalize("NFKC", text).translate(QUOTES)


def printed_paragraphs(page, site, lang, name):
    page.goto((site / lang / f"{name}.html").resolve().as_uri(), wait_until="load")
    page.evaluate(build_handouts.READY)
    page.emulate_media(media="print")
    return page.evaluate(PRINTED_TEXT_JS)


def pdf_text(path):
    """The handout's text as pypdf reads it, without the page numbers."""
    return normalize("\n".join(FOOTER.sub("", text) for text in page_texts(path)))


def as_printed(pieces):
    """The pattern of a paragraph in the PDF's text. Text keeps its single spaces (the page
    collapses runs of white space), each of which may be a line break instead; a word may
    be broken at a line end. A formula's characters may have spaces between them (the PDF
    places each glyph on its own) and one space after it (MathJax's italic correction), or a
    line break where it ends a line."""
    parts, text = [], ""
    for piece, is_math in pieces:
        if is_math:
            # (MathML's invisible operators, U+2061..U+2064, are not drawn)
            chars = [c for c in normalize(piece) if not c.isspace() and not "\u2061" <= c <= "\u2064"]
            parts.append(r"\s*".join(map(re.escape, chars)) + r"[ \n]?")
            text += "x"  # a formula is not white space
        else:
            piece = re.sub(r"\s+", " ", normalize(piece))
            for c in piece:
                parts.append(r"[ \n]" if c == " " else re.escape(c) + r"\n?")
            text += piece
    # white space at the ends of the paragraph is not printed
    while parts and parts[0] == r"[ \n]":
        parts.pop(0)
    while parts and parts[-1] == r"[ \n]":
        parts.pop()
    return re.compile("".join(parts))


def formula_sentences(paragraphs):
    return [p for p in paragraphs if any(is_math for _, is_math in p)]


def test_the_text_layer_check_can_fail():
    """The patterns reject what the handouts printed before: a space before punctuation, a
    doubled space, a formula missing from its sentence."""
    title = [["1. 순전파: 입력에서 출력까지", False]]
    sentence = [["마지막 층의 ", False], ["z", True], ["가 신경망의 ", False], ["예측", False],
                [" ", False], ["y", True], ["입니다.", False]]
    assert as_printed(title).search("1. 순전파: 입력에서\n출력까지")
    assert not as_printed(title).search("1. 순전파 : 입력에서 출력까지")
    assert not as_printed(title).search("1. 순전파: 입력에서  출력까지")
    assert as_printed(sentence).search("마지막 층의 z가 신경망의 예측 y입니다.")
    assert not as_printed(sentence).search("마지막 층의 가 신경망의 예측 입니다.")
    english = [["The last layer\u2019s ", False], ["z", True], [" is the network\u2019s prediction.", False]]
    assert as_printed(english).search(normalize("The last layer’s z is the network’s prediction."))
    assert not as_printed(english).search("The last layer’s  is the network’s prediction.")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", LESSONS)
def test_text_layer_reads_as_the_page(page, site, handouts, lang, name):
    """Every paragraph and heading of the lesson is in the PDF's text as printed: copying or
    searching a sentence of the handout finds it."""
    paragraphs = printed_paragraphs(page, site, lang, name)
    assert len(paragraphs) >= 5, paragraphs
    text = pdf_text(handouts[(lang, name)])
    missing = ["".join(t for t, _ in p) for p in paragraphs if not as_printed(p).search(text)]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_inline_formulas_are_in_the_text_layer(page, site, handouts, lang):
    """Lesson 1's sentences with inline formulas ("마지막 층의 z가 신경망의 예측 y입니다")
    read with their formulas in place."""
    sentences = formula_sentences(printed_paragraphs(page, site, lang, LESSONS[1]))
    assert sentences, f"no sentence with an inline formula in {lang}/{LESSONS[1]}"
    text = pdf_text(handouts[(lang, LESSONS[1])])
    for pieces in sentences:
        assert as_printed(pieces).search(text), "".join(t for t, _ in pieces)
