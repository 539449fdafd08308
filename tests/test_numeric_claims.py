"""Every number a lesson's prose claims is the number the lesson computes, in both languages,
and a lesson run twice in one kernel prints the same the second time.

A claim is written in the lesson source as ``{{shown :: expression}}``
(``tools/build_notebooks.py``, :func:`claims`). Each lesson's code runs twice
in one fresh kernel (:func:`lesson_runs`); after every prose cell of the first
run, the expressions of that cell's claims are evaluated in the lesson's
namespace; each number of the shown text must equal the value at the
precision it is written with (0.2827 within 0.00005, 90 % within 0.5), or lie
below or above it for an expression starting with ``<`` or ``>``. A change of
numbers that makes a sentence false fails here. The second run must print
what the first printed (no hidden global state: a class that runs a lesson
again sees the same numbers); nbval checks the stored outputs of both
languages' notebooks against a run in a fresh kernel.
"""

import copy
import json
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks  # noqa: E402

LESSONS = build_notebooks.lesson_paths()
NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?")
MARK = "CLAIMS "


def numbers(shown):
    """[(value, decimals)] of the numbers written in ``shown`` ("3,760" -> 3760, "0.210" -> 3 decimals)."""
    found = []
    for text in NUMBER.findall(shown):
        text = text.replace(",", "").replace("−", "-")
        mantissa, _, exponent = text.partition("e")
        decimals = (len(mantissa.split(".")[1]) if "." in mantissa else 0) - int(exponent or 0)
        found.append((float(text), decimals))
    return found


def judge(shown, expression, value):
    """None if the claim holds, else what is wrong with it."""
    written = numbers(shown)
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if len(written) == 1 and len(values) > 1:  # "about 0.6" said of several values
        written = written * len(values)
    if len(written) != len(values):
        return f"{shown!r} writes {len(written)} numbers, {expression!r} gives {len(values)}"
    relation = expression.lstrip()[0] if expression.lstrip()[0] in "<>" else "="
    for (number, decimals), got in zip(written, values):
        if relation == "<" and not got < number or relation == ">" and not got > number:
            return f"{shown!r}: {expression!r} is {got!r}"
        if relation == "=" and abs(got - number) > 0.5 * 10.0 ** -decimals * (1 + 1e-9):
            return f"{shown!r}: {expression!r} is {got!r}"
    return None


def test_numbers_and_judge():
    assert numbers("3,760 parameters and 0.210") == [(3760.0, 0), (0.21, 3)]
    assert numbers("below 1e-33") == [(1e-33, 33)]
    assert judge("0.2827", "loss", 0.28271) is None
    assert judge("0.2827", "loss", 0.28276) is not None
    assert judge("90 %", "acc", 90.4) is None and judge("90 %", "acc", 91) is not None
    assert judge("96 %", "> acc", 96.66) is None and judge("96 %", "> acc", 95.9) is not None
    assert judge("1.6 to 1.7", "(a, b)", (1.62, 1.7)) is None
    assert judge("1.6 to 1.7", "a", 1.62) is not None  # two numbers shown, one value
    assert judge("about 0.6", "z1", (0.596, 0.594)) is None and judge("0.6", "z1", (0.6, 0.7)) is not None


def test_build_renders_a_claim_as_its_text():
    assert build_notebooks.render_claims("loss about {{0.28 :: net.loss(x, t)}}.") == "loss about 0.28."
    for path in LESSONS:
        for lang in build_notebooks.LANGUAGES:
            text = "".join(c.source for c in build_notebooks.notebook(path, lang).cells)
            assert " :: " not in text and "{{" not in text, f"{path.name} ({lang}): a claim was not rendered"


def _checked_notebook(path):
    """The lesson's code cells with, after each prose cell holding claims, a cell printing their values."""
    import nbformat

    source = build_notebooks.read_lesson(path)
    cells, wanted = [], []
    for cell in source.cells:
        if cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"tags": cell.metadata.get("tags", [])}))
            continue
        tags = cell.metadata.get("tags", [])
        found = build_notebooks.claims(cell.source)
        if not found:
            continue
        lang = next((t for t in tags if t in build_notebooks.LANGUAGES), "?")
        expressions = [e.lstrip("<> ") for _, e in found]
        cells.append(nbformat.v4.new_code_cell(
            "import json as _json\n"
            f"print({MARK!r} + _json.dumps([_v if isinstance(_v, (list, tuple)) else float(_v) for _v in "
            f"[{', '.join(f'({e})' for e in expressions)}]], default=float))"))
        wanted.append([(lang, shown, expression) for shown, expression in found])
    return nbformat.v4.new_notebook(cells=cells), wanted


def run_twice(path, folder):
    """The lesson's checked notebook run twice in one fresh kernel, in ``folder``: ``(first, second, wanted)``."""
    from nbclient import NotebookClient

    nb, wanted = _checked_notebook(path)
    client = NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(folder)}})
    runs = []
    with client.setup_kernel():
        for _ in range(2):
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            runs.append(copy.deepcopy(nb))
    return runs[0], runs[1], wanted


@pytest.fixture(scope="module", params=LESSONS, ids=lambda p: p.stem)
def lesson_runs(request, tmp_path_factory):
    """:func:`run_twice` of each lesson, shared by that lesson's two tests (kept on one worker by
    tests/conftest.py)."""
    return run_twice(request.param, tmp_path_factory.mktemp(request.param.stem))


def printed(nb):
    """What each code cell printed or showed as text, except cells tagged ``nbval-ignore-output``."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb, _ = CoalesceStreamsPreprocessor().preprocess(copy.deepcopy(nb), {})  # a print may come in pieces
    return [[output.get("text") or output.get("data", {}).get("text/plain") or output.get("ename")
             for output in cell.outputs]
            for cell in nb.cells
            if cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])]


def test_every_claim_is_what_the_lesson_computes(lesson_runs):
    first, _, wanted = lesson_runs
    if not wanted:
        pytest.skip("this lesson makes no numeric claim")
    found = []
    for cell in first.cells:
        for output in cell.get("outputs", []):
            for line in "".join(output.get("text", "")).splitlines():
                if line.startswith(MARK):
                    found.append(json.loads(line[len(MARK):]))
    assert len(found) == len(wanted)
    wrong = []
    for claims_of_cell, values in zip(wanted, found):
        for (lang, shown, expression), value in zip(claims_of_cell, values):
            problem = judge(shown, expression, value)
            if problem:
                wrong.append(f"{lang}: {problem}")
    assert not wrong, "prose numbers that the lesson does not compute:\n" + "\n".join(wrong)


def test_a_second_run_in_the_same_kernel_prints_the_same(lesson_runs):
    first, second, _ = lesson_runs
    assert printed(first) == printed(second)


def test_a_lesson_with_hidden_state_prints_otherwise_the_second_time(tmp_path):
    lesson = tmp_path / "99_state.md"
    lesson.write_text('+++ {"tags": ["ko"]}\n\n# 제목\n\n+++ {"tags": ["en"]}\n\n# Title\n\n'
                      '```{code-cell} ipython3\nLANG = "ko"\nruns = globals().get("runs", 0) + 1\nprint(runs)\n```\n',
                      encoding="utf-8")
    first, second, _ = run_twice(lesson, tmp_path)
    assert printed(first) == [["1\n"]] and printed(second) == [["2\n"]]


def test_printed_joins_a_print_split_in_pieces_and_skips_what_varies():
    import nbformat

    pieces = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in ("loss = ", "0.28\n")]
    timing = nbformat.v4.new_code_cell("t", metadata={"tags": ["nbval-ignore-output"]},
                                       outputs=[nbformat.v4.new_output("stream", name="stdout", text="3 ms")])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", metadata={"tags": []}, outputs=pieces),
                                         timing])
    assert printed(nb) == [["loss = 0.28\n"]]


def test_korean_and_english_make_the_same_claims():
    """Each prose cell claims the same expressions as its counterpart in the other language."""
    for path in LESSONS:
        cells = [c for c in build_notebooks.read_lesson(path).cells
                 if c.cell_type == "markdown" and "teacher" not in c.metadata.get("tags", [])]
        for ko, en in zip(cells[0::2], cells[1::2]):
            assert sorted(e for _, e in build_notebooks.claims(ko.source)) == \
                sorted(e for _, e in build_notebooks.claims(en.source)), f"{path.name}: {en.source[:60]!r}"


SECTION = re.compile(r"§\d+(?:\.\d+)*|\d+(?:\.\d+)+절")
UNMARKED = re.compile(r"\d+\.\d+|\d+(?:\.\d+)? ?%")
EXERCISES_HEADING = re.compile(r"^## (연습 문제|Exercises)", re.M)


def unmarked_numbers(path):
    """Decimals and percentages in a lesson's prose (before its exercises) that are not claims.

    Code, maths and book sections do not count, nor a number that a code cell of the
    lesson writes literally (a setting such as the learning rate 0.1, not a result).
    """
    cells = build_notebooks.read_lesson(path).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    found = []
    for cell in cells:
        if cell.cell_type != "markdown" or "teacher" in cell.metadata.get("tags", []):
            continue
        text = EXERCISES_HEADING.split(cell.source)[0]
        for pattern in (build_notebooks.CLAIM, re.compile(r"`[^`]*`"), re.compile(r"\$\$.*?\$\$", re.S),
                        re.compile(r"\$[^$]*\$"), SECTION):
            text = pattern.sub(" ", text)
        found += [n for n in UNMARKED.findall(text)
                  if not re.search(rf"(?<![\d.]){re.escape(n.rstrip(' %'))}(?![\d.])", code)]
        if EXERCISES_HEADING.search(cell.source):
            break
    return found


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_computed_number_in_the_prose_is_a_claim(path):
    assert unmarked_numbers(path) == [], f"{path.name}: write these as {{{{shown :: expression}}}} claims"


def test_an_unmarked_result_is_found_and_a_setting_is_not(tmp_path):
    lesson = tmp_path / "99_x.md"
    lesson.write_text(
        '+++ {"tags": ["ko"]}\n\n# 제목\n\n+++ {"tags": ["en"]}\n\n# Title\n\n'
        '```{code-cell} ipython3\nLANG = "ko"\nlr = 0.1\n```\n\n'
        '+++ {"tags": ["ko"]}\n\n학습률 0.1, 손실 0.28, 정확도 {{90 % :: 90}}, 4.5절\n\n'
        '+++ {"tags": ["en"]}\n\nlearning rate 0.1, loss 0.28, accuracy 96 %, `0.5`, $0.7$\n', encoding="utf-8")
    assert unmarked_numbers(lesson) == ["0.28", "0.28", "96 %"]
