"""The two languages' notebooks: same code, same numbers, up to date, reproducible.

nbval itself (``make test`` passes ``--nbval notebooks``) executes every
notebook and compares the stored outputs; these tests check what nbval does not.
"""

import json
import pathlib
import re
import sys

import pytest

from nnlib.course import i18n

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = sorted(p.name for p in (NOTEBOOKS / "en").glob("*.ipynb"))
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks  # noqa: E402  (the builder is a script in tools/, not part of nnlib)


def _load(lang, name):
    return json.loads((NOTEBOOKS / lang / name).read_text(encoding="utf-8"))


def _text_outputs(cell):
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            # the kernel may deliver one print in several chunks: compare the text, not the chunking
            text = "".join(o["text"])
            if out and out[-1].startswith("STREAM "):
                out[-1] += text
            else:
                out.append("STREAM " + text)
        elif "data" in o and "text/plain" in o["data"]:
            out.append("".join(o["data"]["text/plain"]))
        elif o["output_type"] == "error":
            out.append(f"ERROR {o['ename']}")
    return out


def test_eight_lessons_in_both_languages():
    assert len(NAMES) == 8
    assert sorted(p.name for p in (NOTEBOOKS / "ko").glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_same_code_cells_and_tags(name):
    """The two languages hold the same code; only the line that names the language differs."""
    ko, en = _load("ko", name), _load("en", name)
    assert [c["cell_type"] for c in ko["cells"]] == [c["cell_type"] for c in en["cells"]]
    differing = []
    for a, b in zip(ko["cells"], en["cells"]):
        assert a["metadata"] == b["metadata"]
        if a["cell_type"] == "code":
            lines_a, lines_b = "".join(a["source"]).split("\n"), "".join(b["source"]).split("\n")
            assert len(lines_a) == len(lines_b)
            differing += [(x, y) for x, y in zip(lines_a, lines_b) if x != y]
        else:
            assert a["source"] != b["source"], "prose must be written for each language"
    assert differing == [('LANG = "ko"', 'LANG = "en"')]


@pytest.mark.parametrize("name", NAMES)
def test_same_outputs_in_both_languages(name):
    """Outputs match exactly; where a cell speaks the lesson's language, its numbers match."""
    ko, en = _load("ko", name), _load("en", name)
    for a, b in zip(ko["cells"], en["cells"]):
        if a["cell_type"] != "code" or "nbval-ignore-output" in a["metadata"].get("tags", []):
            continue
        ta, tb = _text_outputs(a), _text_outputs(b)
        if "exercises.check(" in "".join(a["source"]):  # the hint's wording (and its numbers) is each language's own
            assert "".join(ta).removeprefix("STREAM ").startswith(i18n.text("unanswered", "ko"))
            assert "".join(tb).removeprefix("STREAM ").startswith(i18n.text("unanswered", "en"))
        elif "LANG" in "".join(a["source"]):
            assert [NUMBER.findall(s) for s in ta] == [NUMBER.findall(s) for s in tb], "".join(a["source"])
        else:
            assert ta == tb, "".join(a["source"])
        images = lambda c: sum("image/png" in o.get("data", {}) for o in c["outputs"])  # noqa: E731
        assert images(a) == images(b)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_stored_outputs_complete_and_lean(lang, name):
    nb = _load(lang, name)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["execution_count"] is not None, "run `make notebooks` to store outputs"
            assert not [o for o in cell["outputs"] if o["output_type"] == "error"]
            assert "execution" not in cell["metadata"], "timestamps make noisy diffs"
            for o in cell["outputs"]:  # a stored view without its state could only fail to load
                assert "application/vnd.jupyter.widget-view+json" not in o.get("data", {})
    assert "widgets" not in nb["metadata"], "widget state must not be stored"
    assert (NOTEBOOKS / lang / name).stat().st_size < 400_000


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_match_their_lesson_source(name):
    """Nobody edited a notebook by hand: each is what lessons/NN_name.md builds."""
    source = ROOT / "lessons" / name.replace(".ipynb", ".md")
    for lang in i18n.LANGUAGES:
        built = build_notebooks.notebook(source, lang)["cells"]
        stored = _load(lang, name)["cells"]
        fields = lambda c: (c["cell_type"], "".join(c["source"]), c["metadata"].get("tags"),  # noqa: E731
                            c["metadata"].get("slideshow"))
        assert [fields(c) for c in built] == [fields(c) for c in stored], f"{lang}/{name}: run `make notebooks`"


def test_every_lesson_source_is_built():
    assert [p.stem + ".ipynb" for p in build_notebooks.lesson_paths()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_lesson_source_pairs_korean_and_english_prose(name):
    """Each Korean prose cell is followed by its English one, so both notebooks have one cell structure."""
    cells = build_notebooks.read_lesson(ROOT / "lessons" / name.replace(".ipynb", ".md")).cells
    prose = [c for c in cells if c.cell_type == "markdown"]
    for cell in prose:
        langs = [tag for tag in cell.metadata.get("tags", []) if tag in ("ko", "en")]
        assert len(langs) == 1, f"untagged or doubly tagged prose: {cell.source[:60]!r}"
    student = [c for c in prose if "teacher" not in c.metadata.get("tags", [])]
    tags = [next(tag for tag in c.metadata["tags"] if tag in ("ko", "en")) for c in student]
    assert tags == ["ko", "en"] * (len(tags) // 2)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_slides_start_at_headings_and_nothing_is_hidden(lang, name):
    """A ``#``/``##`` heading starts a slide; another cell may too (a tall section goes on
    over several slides, tagged ``slide`` in the source); no cell is hidden ("-", "skip",
    "notes") and there are no subslides (→ would pass them by)."""
    for cell in _load(lang, name)["cells"]:
        text = "".join(cell["source"]).lstrip()
        heading = cell["cell_type"] == "markdown" and re.match(r"#{1,2} ", text)
        allowed = [{"slide_type": "slide"}] if heading else [None, {"slide_type": "slide"}]
        assert cell["metadata"].get("slideshow") in allowed, text[:60]


def test_language_never_comes_from_the_folder():
    for path in build_notebooks.lesson_paths():
        assert "course_language" not in path.read_text(encoding="utf-8"), path.name


def test_latex_survives_the_source():
    """Single backslashes reach the notebook (the old string sources turned \\frac into a form feed)."""
    cells = build_notebooks.notebook(ROOT / "lessons" / "02_loss.md", "en")["cells"]
    text = "".join("".join(c["source"]) for c in cells)
    assert "\\frac{1}{n}" in text
    assert not re.search("[\x07\x08\t\x0b\x0c]", text), "a backslash escape became a control character"


def test_a_cell_tagged_slide_starts_a_slide_and_loses_the_tag(tmp_path):
    lesson = tmp_path / "99_tall.md"
    lesson.write_text(
        '+++ {"tags": ["ko"]}\n\n## 제목\n\n+++ {"tags": ["en"]}\n\n## Title\n\n'
        '```{code-cell} ipython3\nLANG = "ko"\n```\n\n'
        '```{code-cell} ipython3\n:tags: [slide, nbval-ignore-output]\n\nprint(1)\n```\n\n'
        '+++ {"tags": ["ko", "slide"]}\n\n계속\n\n+++ {"tags": ["en", "slide"]}\n\nGoing on\n',
        encoding="utf-8")
    cells = build_notebooks.notebook(lesson, "en")["cells"]
    assert [c["metadata"].get("slideshow") for c in cells] == [
        {"slide_type": "slide"}, None, {"slide_type": "slide"}, {"slide_type": "slide"}]
    assert cells[2]["metadata"]["tags"] == ["nbval-ignore-output"]
    assert "tags" not in cells[3]["metadata"] and "".join(cells[3]["source"]) == "Going on"


def test_build_rejects_a_lesson_without_the_language_line(tmp_path):
    bad = tmp_path / "99_bad.md"
    bad.write_text("+++ {\"tags\": [\"ko\"]}\n\n# x\n\n```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="LANG"):
        build_notebooks.notebook(bad, "en")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_no_markdown_shows_its_asterisks(lang, name):
    """Bold and italics render: CommonMark leaves `**「x」**를` as literal asterisks (a closing
    `**` after punctuation must not be followed by a letter), and a reader sees them."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for cell in _load(lang, name)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", "MATH", "".join(cell["source"]), flags=re.S)
        shown = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", md.render(source), flags=re.S)
        assert "**" not in shown, shown
