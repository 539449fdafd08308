"""Write notebooks/ko/*.ipynb and notebooks/en/*.ipynb from the lesson sources.

Each lesson lives in one file, tools/lessons/NN_name.py, as a list of cells:
``md(ko=..., en=...)`` for prose in both languages side by side and
``code(...)`` for a code cell that both languages share. Building from one
source is what keeps the two languages' code cells identical.

The written notebooks have no outputs; ``tools/run_notebooks.py`` executes
them and stores the outputs that nbval compares (``make notebooks`` does both).
"""

import argparse
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = ROOT / "tools" / "lessons"
LANGUAGES = ("ko", "en")


def md(ko, en, tags=()):
    """Prose: the Korean and the English text of the same cell."""
    return {"kind": "markdown", "ko": ko, "en": en, "tags": tags}


def code(source, tags=()):
    """A code cell, identical in both languages (``tags``: e.g. nbval-ignore-output)."""
    return {"kind": "code", "source": source, "tags": tags}


def exercise(name, ko, en, example=""):
    """An exercise: its question in both languages, then the cell that checks the answer."""
    hint = f", {example}" if example else ""
    return [md(ko, en), code(f"answer = None  # 답 / your answer{hint}\n"
                             f"exercises.check({name!r}, answer, LANG)".replace("'", '"'))]


def load_lesson(path):
    """The cells of a lesson file (its CELLS list, exercises unpacked).

    ``md``, ``code`` and ``exercise`` are provided to the file.
    """
    namespace = {"md": md, "code": code, "exercise": exercise, "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    cells = []
    for item in namespace["CELLS"]:
        cells.extend(item if isinstance(item, list) else [item])
    return cells


def _lines(source):
    source = source.strip("\n")
    lines = source.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def notebook(cells, lang):
    out = []
    for i, cell in enumerate(cells):
        metadata = {}
        if cell.get("tags"):
            metadata["tags"] = list(cell["tags"])
        if cell["kind"] == "markdown":
            source = cell[lang]
            metadata["slideshow"] = {"slide_type": "slide" if source.lstrip().startswith("#") else "-"}
            out.append({"cell_type": "markdown", "id": f"cell-{i:02d}", "metadata": metadata,
                        "source": _lines(source)})
        else:
            metadata["slideshow"] = {"slide_type": "-"}
            out.append({"cell_type": "code", "id": f"cell-{i:02d}", "metadata": metadata,
                        "execution_count": None, "outputs": [], "source": _lines(cell["source"])})
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("lessons", nargs="*", help="lesson files (default: all)")
    args = parser.parse_args()
    paths = [pathlib.Path(p) for p in args.lessons] or sorted(LESSONS.glob("[0-9][0-9]_*.py"))
    for path in paths:
        cells = load_lesson(path)
        for lang in LANGUAGES:
            target = ROOT / "notebooks" / lang / f"{path.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(notebook(cells, lang), ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")
            print("wrote", target.relative_to(ROOT))


if __name__ == "__main__":
    main()
