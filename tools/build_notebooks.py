"""Write notebooks/ko/*.ipynb and notebooks/en/*.ipynb from the lesson sources.

Each lesson is one MyST Markdown notebook, ``lessons/NN_name.md``, read by
jupytext. Prose cells are tagged by language (``+++ {"tags": ["ko"]}`` and
``+++ {"tags": ["en"]}``, a Korean cell followed by its English counterpart);
code cells are written once and shared. Cells tagged ``teacher`` are for the
teacher's guide and never reach a student notebook.

For each language, nbconvert's TagRemovePreprocessor drops the other
language's cells and the teacher's cells; the language tags are then removed
and the one line ``LANG = "ko"`` of the first code cell becomes
``LANG = "en"`` in the English notebook (the only code that differs).
A markdown cell that starts with a ``#`` or ``##`` heading starts a slide;
so does a cell tagged ``slide`` in the source: a section too tall for a
projector at 1280×800 goes on over several slides (a browser test measures
every slide; a plain slide, not a subslide, so that → reaches it). Every other
cell carries no slideshow metadata, so it continues the slide before it.

A number in the prose that the lesson computes is written as a claim,
``{{0.2827 :: net.loss(x, t)}}``: the notebook shows only the text before
``::``; ``tests/test_numeric_claims.py`` runs the lesson and checks that text
against the expression (see :func:`claims`).

The written notebooks have no outputs; ``tools/run_notebooks.py`` executes
them and stores the outputs that nbval compares (``make notebooks`` does both).
"""

import argparse
import pathlib
import re

import jupytext
import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor

from nnlib.course.i18n import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
NOTEBOOKS = ROOT / "notebooks"
TEACHER = "teacher"
NEW_SLIDE = "slide"  # tag: this cell starts a new slide (the section goes on there)
LANG_LINE = 'LANG = "{}"'
SLIDE_HEADING = re.compile(r"#{1,2} ")
CLAIM = re.compile(r"\{\{(.+?) :: (.+?)\}\}")


def claims(text):
    """[(shown, expression)] of the numeric claims ``{{shown :: expression}}`` in ``text``.

    ``shown`` is what the student reads ("0.2827", "90 %", "3,760"); the
    expression, evaluated after the code cells above it have run, gives the
    value each number of ``shown`` must equal at the precision it is written
    with (a tuple for several numbers). An expression that starts with ``<``
    or ``>`` claims instead that the value lies below or above the number
    shown ("more than 96 %": ``{{96 % :: > 100 * accuracy}}``).
    """
    return CLAIM.findall(text)


def render_claims(text):
    """``text`` as the student reads it: every claim replaced by its shown text."""
    return CLAIM.sub(lambda m: m.group(1), text)


def lesson_paths():
    """Every lesson source, in order: lessons/NN_name.md."""
    return sorted(LESSONS.glob("[0-9][0-9]_*.md"))


def read_lesson(path):
    """The lesson source as one notebook holding both languages' cells."""
    return jupytext.read(path, fmt="md:myst")


def _set_language(cell, lang, path):
    lines = cell.source.split("\n")
    found = [i for i, line in enumerate(lines) if line.strip() == LANG_LINE.format("ko")]
    if len(found) != 1:
        raise ValueError(f"{path}: the first code cell must hold exactly one line {LANG_LINE.format('ko')}")
    lines[found[0]] = lines[found[0]].replace(LANG_LINE.format("ko"), LANG_LINE.format(lang))
    cell.source = "\n".join(lines)


def notebook(path, lang):
    """The student notebook of lesson ``path`` in language ``lang`` (no outputs)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    path = pathlib.Path(path)
    source = read_lesson(path)
    others = {other for other in LANGUAGES if other != lang}
    remove = TagRemovePreprocessor(remove_cell_tags=others | {TEACHER}, enabled=True)
    nb, _ = remove.preprocess(source, {})
    cells = []
    first_code = True
    for cell in nb.cells:
        metadata = dict(cell.metadata)
        tags = [tag for tag in metadata.pop("tags", []) if tag not in LANGUAGES]
        metadata.pop("slideshow", None)
        if NEW_SLIDE in tags:
            tags.remove(NEW_SLIDE)
            metadata["slideshow"] = {"slide_type": "slide"}
        if tags:
            metadata["tags"] = tags
        if cell.cell_type == "markdown":
            if SLIDE_HEADING.match(cell.source.lstrip()):
                metadata["slideshow"] = {"slide_type": "slide"}
            new = nbformat.v4.new_markdown_cell(render_claims(cell.source), metadata=metadata)
        else:
            new = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
            if first_code:
                _set_language(new, lang, path)
                first_code = False
        new.id = f"cell-{len(cells):02d}"
        cells.append(new)
    if first_code:
        raise ValueError(f"{path}: a lesson needs a first code cell with {LANG_LINE.format('ko')}")
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    out.nbformat_minor = 5
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson files (default: every lessons/NN_*.md)")
    args = parser.parse_args()
    paths = [pathlib.Path(p) for p in args.lessons] or lesson_paths()
    for path in paths:
        for lang in LANGUAGES:
            target = NOTEBOOKS / lang / f"{path.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook(path, lang), target)
            print("wrote", target.relative_to(ROOT))


if __name__ == "__main__":
    main()
