"""The teacher's guide: complete, in step with its sources, right, and kept out of students' notebooks."""

import ast
import importlib.util
import json
import pathlib
import re

import numpy as np
import pytest

from nnlib.course import exercises
from nnlib.course.i18n import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGS = LANGUAGES
HANGUL = re.compile("[\uac00-\ud7a3]")

_spec = importlib.util.spec_from_file_location("build_guide", ROOT / "tools" / "build_guide.py")
build_guide = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_guide)

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.md"))
ANSWER = re.compile(r"<!-- exercise (\w+) -->\n[^\n]*?`answer = ([^`\n]+)`")


@pytest.fixture(scope="module")
def guides():
    return {lang: build_guide.guide_path(lang).read_text(encoding="utf-8") for lang in LANGS}


def guide_answers(text):
    """{exercise name: answer literal} as printed in a built guide."""
    found = ANSWER.findall(text)
    names = [name for name, _ in found]
    assert len(names) == len(set(names)), f"an exercise is answered twice: {names}"
    return dict(found)


def test_guide_is_up_to_date_with_its_sources(guides):
    built = build_guide.build()
    for lang in LANGS:
        assert guides[lang] == built[lang], f"teacher/guide_{lang}.md is out of date: run make guide"


@pytest.mark.parametrize("lang", LANGS)
def test_every_exercise_of_every_lesson_is_answered(guides, lang):
    in_lessons = {name for lesson in LESSONS for name in build_guide.lesson_exercises(lesson)}
    assert len(in_lessons) >= 18  # lessons 0-5 have 2 + 3 + 3 + 3 + 4 + 3 exercises
    answered = set(guide_answers(guides[lang]))
    assert in_lessons - answered == set(), f"exercises with no answer in the {lang} guide"
    assert answered - in_lessons == set(), f"answers in the {lang} guide to no lesson's exercise"


@pytest.mark.parametrize("lang", LANGS)
def test_every_guide_answer_is_accepted_by_the_students_checker(guides, lang):
    answers = guide_answers(guides[lang])
    assert answers
    for name, literal in answers.items():
        value = ast.literal_eval(literal)
        assert exercises.is_correct(name, value), f"{lang} guide's answer to {name} ({literal}) is marked wrong"


def test_checker_refuses_a_wrong_answer_the_guide_warns_about():
    # the slips the guide warns about are marked wrong: the check that accepts
    # the guide's answers does not accept everything
    y = exercises.solution("l1_y_other")["answer"]
    assert not exercises.is_correct("l1_y_other", [round(v, 2) for v in y])  # too few decimals
    assert not exercises.is_correct("l0_params3", 12)  # weights only (6 + 6), or the 2-2-2 count
    assert not exercises.is_correct("l2_three", [0.667, 2.0])  # the sum, not the half sum
    assert not exercises.is_correct("l4_below", exercises.solution("l4_below")["answer"] + 1)
    assert not exercises.is_correct("l4_sigmoid_limit", "c")  # 90 is above the limit of about 78
    assert not exercises.is_correct("l5_evals", 52)  # the parameter count, not 2 per parameter


@pytest.mark.parametrize("lang", LANGS)
def test_guide_answers_are_the_checkers_reference_answers(guides, lang):
    # the guide writes the checker's answer rounded to the asked decimals, never its own
    for name, literal in guide_answers(guides[lang]).items():
        sol = exercises.solution(name, lang)
        value = ast.literal_eval(literal)
        if sol["kind"] == "numbers":
            tolerance = 0.5 * 10.0 ** -sol["decimals"] + 1e-12
            assert np.allclose(value, sol["answer"], rtol=0, atol=tolerance), name
        elif lang == "ko" and sol["kind"] == "text" and value != sol["answer"]:
            assert value in sol["synonyms"] and HANGUL.search(value), name  # the Korean word it accepts
        else:
            assert value == sol["answer"], name
        assert sol["how"] in guides[lang], f"{lang} guide lacks the checker's how-text for {name}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_core_path_takes_about_fifty_minutes(lesson, lang):
    teacher = ROOT / "teacher" / lesson.name
    assert teacher.exists(), f"no teacher source for {lesson.name}"
    part = build_guide.split_languages(teacher.read_text(encoding="utf-8"))[lang]
    core = build_guide.timing_table(part, "core")
    optional = build_guide.timing_table(part, "optional")
    total = sum(minutes for minutes, _ in core)
    assert 45 <= total <= 55, f"{lesson.stem} ({lang}): core path is {total} minutes"
    # every timed section is a heading of the built student notebook, and every
    # ## heading of the lesson is timed, in the core path or as optional
    headings = notebook_headings(lesson.stem, lang)
    timed = [section for _, section in core + optional]
    assert [s for s in timed if s not in headings] == []
    level2 = [h for h in build_guide.lesson_headings(lesson, lang)
              if re.search(rf"^## {re.escape(h)}$", lesson.read_text(encoding="utf-8"), re.M)]
    assert [h for h in level2 if h not in timed] == [], f"{lesson.stem} ({lang}): untimed sections"


def notebook_headings(stem, lang):
    cells = json.loads((ROOT / "notebooks" / lang / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return [h.strip() for h in re.findall(r"^#{1,3} (.+)$", text, re.M)]


def student_notebooks():
    return sorted((ROOT / "notebooks").glob("*/[0-9][0-9]_*.ipynb"))


def teacher_sentences():
    """Sentences of the teacher's prose (no headings, tables or answer lines), 30+ characters."""
    found = set()
    for source in sorted((ROOT / "teacher").glob("[0-9][0-9]_*.md")):
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.startswith(("#", "|", "<!--", "{answer}")):
                continue
            for sentence in re.split(r"(?<=[.?!])\s+|: ", line.lstrip("- ")):
                if len(sentence) >= 30:
                    found.add(sentence.strip())
    return found


def test_students_notebooks_hold_no_teacher_material():
    notebooks = student_notebooks()
    assert len(notebooks) >= 12
    sentences = teacher_sentences()
    names = {n for lesson in LESSONS for n in build_guide.lesson_exercises(lesson)}
    hows = {exercises.solution(name, lang)["how"] for name in names for lang in LANGS}
    assert len(sentences) > 50 and len(names) >= 18
    checks = 0
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            tags = cell.get("metadata", {}).get("tags", [])
            assert "teacher" not in tags, f"{path}: a cell tagged teacher"
            source = "".join(cell["source"])
            if "exercises.check(" in source:
                checks += 1
                assert re.search(r"^answer = None\b", source, re.M), f"{path}: an exercise cell is answered"
            shown = source + "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
            leaked = [s for s in sentences | hows if s in shown]
            assert leaked == [], f"{path}: teacher text in a student notebook: {leaked[:2]}"
    assert checks == 2 * len(names)  # every exercise, in both languages


def test_build_refuses_a_source_missing_an_exercise(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "teacher").mkdir()
    lesson = LESSONS[1]
    (tmp_path / "lessons" / lesson.name).write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
    source = (ROOT / "teacher" / lesson.name).read_text(encoding="utf-8")
    first = build_guide.lesson_exercises(lesson)[0]
    (tmp_path / "teacher" / lesson.name).write_text(source.replace(f"{{answer}} {first}\n", "", 1),
                                                    encoding="utf-8")
    with pytest.raises(ValueError, match=first):
        build_guide.build(tmp_path)


def test_build_refuses_a_timed_section_that_is_not_a_heading(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "teacher").mkdir()
    lesson = LESSONS[1]
    (tmp_path / "lessons" / lesson.name).write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
    source = (ROOT / "teacher" / lesson.name).read_text(encoding="utf-8")
    (tmp_path / "teacher" / lesson.name).write_text(source.replace("| 8 | Try it |", "| 8 | Try this |"),
                                                    encoding="utf-8")
    with pytest.raises(ValueError, match="Try this"):
        build_guide.build(tmp_path)


def test_solution_refuses_unknown_names_and_languages():
    with pytest.raises(KeyError, match="l9_nothing"):
        exercises.solution("l9_nothing", "en")
    with pytest.raises(ValueError, match="lang"):
        exercises.solution("l0_step", "fr")
