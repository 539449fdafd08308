"""Build the teacher's guide: teacher/guide_ko.md and teacher/guide_en.md.

Sources: ``teacher/NN_name.md``, one per lesson, with a Korean and an English
part (``<!-- lang: ko -->`` / ``<!-- lang: en -->``), written natively. In each
part:

- a table after ``<!-- core -->`` (the 50-minute core path) and one after
  ``<!-- optional -->``: rows ``| minutes | section |``, where section is a
  heading of the lesson in that language;
- a line ``{answer} NAME`` for every exercise of the lesson; the build puts the
  answer and how to get it there, from ``nnlib.course.exercises.solution``
  (the checker's own reference answer and "how" line; the guide only writes
  the answer as the literal a student types after ``answer =``).

Cells tagged ``teacher`` in the lesson sources (``lessons/NN_name.md``) are
added to the lesson's part too. The build refuses a source that misses an
exercise, names one the lesson does not have, or times a section that is not
a heading of the lesson.

Usage: ``python tools/build_guide.py`` (write) or ``--check`` (exit 1 if the
committed guide is not what the sources build).
"""

import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from build_notebooks import render_claims  # noqa: E402  (a claim in a teacher cell reads as in the notebook)

from nnlib.course.i18n import LANGUAGES  # noqa: E402

LANGS = LANGUAGES
TITLE = {
    "ko": "# 교사용 안내서\n\n"
          "강의마다 50분 핵심 경로와 시간 배분, 위젯과 그림에서 할 일, 학생들에게 물어볼 것, 학생들이 막히는 곳, "
          "연습 문제의 답을 적었습니다. 답은 학생이 쓰는 검사기가 모두 정답으로 판정하는 값입니다. "
          "학생용 노트북에는 이 내용이 들어가지 않습니다. 작업 사본과 슬라이드는 `docs/teaching.md`를 보세요.\n",
    "en": "# Teacher's guide\n\n"
          "For each lesson: the 50-minute core path with its timing, what to do at each widget and plot, questions "
          "to ask, where students get stuck, and the answers to the exercises, each of which the students' checker "
          "accepts. None of this is in the students' notebooks. For working copies and slides, see "
          "`docs/teaching.md`.\n",
}
ANSWER_WORD = {"ko": "답", "en": "Answer"}
HANGUL = re.compile("[\uac00-\ud7a3]")
EXERCISE_WORD = {"ko": "연습 문제", "en": "Exercise"}
FROM_LESSON = {"ko": "### 강의 원본의 교사용 메모", "en": "### Teacher notes from the lesson source"}

LANG_MARK = re.compile(r"^<!-- lang: (\w+) -->\s*$", re.M)
ANSWER_LINE = re.compile(r"^\{answer\} (\w+)\s*$", re.M)
CHECK_CALL = re.compile(r"""exercises\.check\(\s*["'](\w+)["']""")
CELL_SPLIT = re.compile(r"^(\+\+\+ \{.*\}|```\{code-cell\}.*)$", re.M)


def lesson_exercises(lesson_path):
    """Exercise names checked in a lesson source, in order of appearance."""
    return list(dict.fromkeys(CHECK_CALL.findall(pathlib.Path(lesson_path).read_text(encoding="utf-8"))))


def lesson_headings(lesson_path, lang):
    """Headings (#, ##, ###) of the prose cells of ``lang`` in a MyST lesson source."""
    text = pathlib.Path(lesson_path).read_text(encoding="utf-8")
    headings = []
    for tags, body in _prose_cells(text):
        if lang in tags and "teacher" not in tags:
            headings += [h.strip() for h in re.findall(r"^#{1,3} (.+)$", body, re.M)]
    return headings


def _prose_cells(text):
    """(tags, body) of every ``+++ {...}`` prose cell of a MyST source."""
    parts = re.split(r"^\+\+\+ (\{.*\})\s*$", text, flags=re.M)
    cells = []
    for meta, body in zip(parts[1::2], parts[2::2]):
        body = re.split(r"^```\{code-cell\}", body, flags=re.M)[0]
        cells.append((json.loads(meta).get("tags", []), body.strip()))
    return cells


def teacher_cells(lesson_path, lang):
    """Bodies of the lesson's prose cells tagged ``teacher`` and ``lang``."""
    text = pathlib.Path(lesson_path).read_text(encoding="utf-8")
    return [render_claims(body) for tags, body in _prose_cells(text) if "teacher" in tags and lang in tags]


def split_languages(source):
    """{lang: text} from a teacher source with ``<!-- lang: xx -->`` marks."""
    parts = LANG_MARK.split(source)
    found = dict(zip(parts[1::2], parts[2::2]))
    missing = [lang for lang in LANGS if lang not in found]
    if missing:
        raise ValueError(f"no '<!-- lang: {missing[0]} -->' part")
    return {lang: found[lang].strip() + "\n" for lang in LANGS}


def timing_table(part, mark):
    """[(minutes, section)] from the table after ``<!-- mark -->`` in a part."""
    match = re.search(rf"<!-- {mark} -->\s*\n((?:\|.*\|\s*\n?)+)", part)
    if not match:
        return []
    rows = []
    for line in match.group(1).strip().splitlines()[2:]:  # skip header and rule
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append((float(cells[0]), cells[1]))
    return rows


def answer_literal(sol, lang="en"):
    """The reference answer of ``exercises.solution`` as a student types it after ``answer =``.

    Numbers are rounded to the decimal places the question asks for (the
    checker accepts one unit either way in the last place); whole numbers,
    strings and learning rates are written as they are. In the Korean guide a
    word answer is given in Korean where the checker accepts a Korean word.
    """
    answer, decimals = sol["answer"], sol["decimals"]
    if sol["kind"] == "text" and lang == "ko":
        answer = next((w for w in sol["synonyms"] if HANGUL.search(w)), answer)
    if sol["kind"] == "numbers" and decimals is not None:
        if isinstance(answer, list):
            return "[" + ", ".join(f"{float(v):.{decimals}f}" for v in answer) + "]"
        return f"{float(answer):.{decimals}f}"
    return repr(answer)


def answer_block(name, lang, number):
    from nnlib.course.exercises import solution

    sol = solution(name, lang)
    return (f"<!-- exercise {name} -->\n"
            f"**{EXERCISE_WORD[lang]} {number}** (`{name}`). "
            f"{ANSWER_WORD[lang]}: `answer = {answer_literal(sol, lang)}`\n\n"
            f"{sol['how']}\n")


def build_part(teacher_path, lesson_path, lang):
    """The guide's text for one lesson in one language; ValueError if out of step."""
    where = f"{teacher_path} ({lang})"
    part = split_languages(pathlib.Path(teacher_path).read_text(encoding="utf-8"))[lang]
    wanted = lesson_exercises(lesson_path)
    named = ANSWER_LINE.findall(part)
    if sorted(named) != sorted(wanted) or len(set(named)) != len(named):
        raise ValueError(f"{where}: {{answer}} lines {named} must name each exercise of "
                         f"{lesson_path.name} once: {wanted}")
    headings = set(lesson_headings(lesson_path, lang))
    core = timing_table(part, "core")
    if not core:
        raise ValueError(f"{where}: no table after <!-- core -->")
    for _, section in core + timing_table(part, "optional"):
        if section not in headings:
            raise ValueError(f"{where}: {section!r} is not a heading of {lesson_path.name} in {lang}")
    numbers = {name: i + 1 for i, name in enumerate(wanted)}
    part = ANSWER_LINE.sub(lambda m: answer_block(m.group(1), lang, numbers[m.group(1)]), part)
    notes = teacher_cells(lesson_path, lang)
    if notes:
        part += "\n" + FROM_LESSON[lang] + "\n\n" + "\n\n".join(notes) + "\n"
    return part


def pairs(root=ROOT):
    """[(teacher source, lesson source)] for every teacher source whose lesson exists."""
    found = []
    for teacher in sorted((root / "teacher").glob("[0-9][0-9]_*.md")):
        lesson = root / "lessons" / teacher.name
        if lesson.exists():
            found.append((teacher, lesson))
    return found


def build(root=ROOT):
    """{lang: guide text}; ValueError if a lesson has no teacher source."""
    covered = {lesson.name for _, lesson in pairs(root)}
    lessons = sorted(p.name for p in (root / "lessons").glob("[0-9][0-9]_*.md"))
    missing = [name for name in lessons if name not in covered]
    if missing:
        raise ValueError(f"no teacher source for {missing}: write teacher/<same name>")
    out = {}
    for lang in LANGS:
        chunks = [TITLE[lang]]
        for teacher, lesson in pairs(root):
            chunks.append(build_part(teacher, lesson, lang))
        out[lang] = "\n---\n\n".join(chunks)
    return out


def guide_path(lang, root=ROOT):
    return root / "teacher" / f"guide_{lang}.md"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed guide is out of date")
    args = parser.parse_args(argv)
    try:
        guides = build()
    except ValueError as error:
        print(f"build_guide: {error}", file=sys.stderr)
        return 2
    stale = []
    for lang, text in guides.items():
        path = guide_path(lang)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run make guide", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
