"""What the site and handout tests know about the stored notebooks."""

import json
import pathlib
import re

from nnlib.course.i18n import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parents[3]
LANGS = LANGUAGES
LESSONS = sorted(p.stem for p in (ROOT / "notebooks" / "en").glob("*.ipynb"))
PAGES = ["index", "search", *LESSONS]


def lesson_title(lang, name):
    """The first heading of a stored notebook, without its markdown markers."""
    nb = json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return re.sub(r"[*_`]", "", line[2:]).strip()
    raise AssertionError(f"no title in notebooks/{lang}/{name}.ipynb")


def stored_images(lang, name):
    """How many pictures the stored notebook holds (image outputs and <img> in HTML outputs)."""
    nb = json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb").read_text(encoding="utf-8"))
    count = 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(m.startswith("image/") for m in data):
                count += 1
            elif "text/html" in data:
                html = data["text/html"]
                count += len(re.findall(r"<img\b", html if isinstance(html, str) else "".join(html)))
    return count
