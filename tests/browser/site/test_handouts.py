"""The PDF handouts (`make handouts`): A4, Korean text embedded and extractable, code wrapped
at the margin, pictures whole."""

import re
import unicodedata

import pypdf
import pytest

from site_helpers import LANGS, LESSONS, lesson_title, stored_images

HANGUL = re.compile(r"[\uac00-\ud7a3]")
A4 = (595.3, 841.9)  # points
# A4 width minus the PDF margins (13 mm each side), in CSS pixels
PRINT_WIDTH_PX = round((210 - 2 * 13) / 25.4 * 96)


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
    text = "\n".join(p.extract_text() for p in reader.pages)
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
