"""The teacher's guide: complete, in step with its sources, right, and kept out of students' notebooks."""

import ast
import importlib.util
import json
import pathlib
import re

import pytest

from nnlib.course import exercises
from nnlib.course.solutions import solution

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGS = ("ko", "en")

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
    assert len(in_lessons) >= 17  # lessons 0-5 have 2 + 3 * 5 exercises
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
    # the guide says a rounded loss is marked wrong: make sure the check that
    # accepts the guide's answer is not accepting everything
    assert not exercises.is_correct("l2_loss", round(solution("l2_loss", "en").answer, 4))
    assert not exercises.is_correct("l5_predict", [0.2, 0.1])
    assert not exercises.is_correct("l0_params", 8)


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
    hows = {solution(name, lang).how for name in names for lang in LANGS}
    assert len(sentences) > 50 and len(hows) == 2 * len(names) >= 34
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
    with pytest.raises(KeyError, match="name"):
        solution("l9_nothing", "en")
    with pytest.raises(ValueError, match="lang"):
        solution("l0_term", "fr")
