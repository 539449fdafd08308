"""The student's own copies of the lessons: copy, list, reset, trust.

The built lessons (``ko/NN_name.ipynb`` and ``en/NN_name.ipynb``, with their outputs) are
read-only originals: in a wheel they sit in ``nnlib_class/notebooks``, in a clone in the
repository's ``notebooks/``. The student works in a folder of their own. A first run copies
every lesson there; later runs copy only lessons that are missing and never touch a copy
that exists, so the student's changes stay. ``reset`` puts originals back, after the caller
has confirmed that changes may be lost.

Everything the course keeps besides the copies (the trust database, JupyterLab's settings and
workspaces) is in the hidden folder ``.nnlib-class`` inside the student's folder.
"""

import base64
import os
import pathlib
import secrets
import shutil

from nnlib.course.i18n import LANGUAGES

LANGS = LANGUAGES
HERE = pathlib.Path(__file__).resolve().parent
# a wheel: nnlib_class/notebooks (pyproject.toml's package-dir mapping); a clone: notebooks/
SOURCE = HERE / "notebooks" if (HERE / "notebooks").is_dir() else HERE.parent / "notebooks"
STATE_NAME = ".nnlib-class"


class CourseError(Exception):
    """A problem the student can fix; ``key`` and ``fields`` let the command line say it in either language."""

    def __init__(self, key, **fields):
        super().__init__(f"{key}: {fields}")
        self.key, self.fields = key, fields


def state_dir(folder):
    """Where the course keeps its own files for the student folder ``folder``."""
    return pathlib.Path(folder) / STATE_NAME


def lessons(src=SOURCE):
    """Every lesson notebook, as paths relative to ``src`` ("en/00_start_here.ipynb", ...)."""
    return sorted(p.relative_to(src).as_posix() for lang in LANGS for p in (pathlib.Path(src) / lang).glob("*.ipynb"))


def lesson_names(src=SOURCE):
    """The lesson names without language or suffix ("00_start_here", ...)."""
    return sorted({rel.split("/", 1)[1].removesuffix(".ipynb") for rel in lessons(src)})


def private_dir(path):
    """Make the folder ``path`` (and its parents); on POSIX readable by the user only.

    Windows keeps a user's folders private through their access lists; ``chmod`` there
    would only set the read-only flag, so it is not called.
    """
    path = pathlib.Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        path.chmod(0o700)
    return path


def write_new(path, data):
    """Write the bytes ``data`` to a new file ``path``; FileExistsError if ``path`` exists.

    Another process never sees the file half-written: the data goes to a temporary
    name, which is then linked to ``path`` (atomic, and it fails if ``path`` appeared
    meanwhile). Where the file system has no hard links (FAT, some network drives) the
    file is created exclusively and then written.
    """
    path = pathlib.Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        partial.write_bytes(data)
        try:
            os.link(partial, path)
        except FileExistsError:
            raise
        except OSError:
            with open(path, "xb") as f:
                f.write(data)
    finally:
        partial.unlink(missing_ok=True)


def trust(paths, state):
    """Sign the notebooks ``paths`` as trusted in the trust database of ``state``.

    JupyterLab (started with the same ``NotebookNotary.data_dir``) then shows them without
    the "not trusted" notice. The database's secret is written once, atomically: two runs
    started together would otherwise each make one, and the signatures made with the
    lost one would not count.
    """
    from nbformat import read
    from nbformat.sign import NotebookNotary

    if not paths:
        return
    data = private_dir(pathlib.Path(state) / "data")
    try:
        write_new(data / "notebook_secret", base64.encodebytes(os.urandom(1024)))
    except FileExistsError:
        pass
    notary = NotebookNotary(data_dir=str(data))
    for path in paths:
        notary.sign(read(path, as_version=4))


def working_copy(dst, src=SOURCE):
    """Copy into ``dst`` every lesson of ``src`` that ``dst`` lacks; never touch an existing copy.

    Returns the relative paths copied (all of them on first use, none afterwards unless a
    lesson was added or deleted), which are also signed as trusted. Two runs at once
    copy each lesson once and whole (:func:`write_new`).
    """
    dst = pathlib.Path(dst)
    copied = []
    for rel in lessons(src):
        target = dst / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_new(target, (pathlib.Path(src) / rel).read_bytes())
            copied.append(rel)
        except FileExistsError:  # copied by another run meanwhile
            pass
    trust([dst / rel for rel in copied], state_dir(dst))
    return copied


def select(lesson, src=SOURCE):
    """The lessons that ``lesson`` names: all for None or "", else those whose name starts with it.

    "04", "04_gradient_descent", "04_gradient_descent.ipynb" name the lesson in both
    languages; "en/04" (or "en\\04") names only the English one. Raises CourseError
    ``unknown_lesson`` for a name that matches nothing.
    """
    every = lessons(src)
    if not lesson:
        return every
    wanted = lesson.replace("\\", "/").removesuffix(".ipynb").strip("/")
    chosen = [rel for rel in every
              if (rel.startswith(wanted) if "/" in wanted else rel.split("/", 1)[1].startswith(wanted))]
    if not chosen:
        raise CourseError("unknown_lesson", lesson=lesson, lessons=", ".join(lesson_names(src)))
    return chosen


def status(dst, src=SOURCE):
    """``{relative path: "original" | "changed" | "missing"}`` for every lesson's copy in ``dst``."""
    found = {}
    for rel in lessons(src):
        copy = pathlib.Path(dst) / rel
        if not copy.exists():
            found[rel] = "missing"
        else:
            found[rel] = "original" if copy.read_bytes() == (pathlib.Path(src) / rel).read_bytes() else "changed"
    return found


def reset(lesson, dst, confirm, src=SOURCE):
    """Put the lessons that ``lesson`` names (see :func:`select`) back to the originals in ``dst``.

    ``confirm(changed)`` is called with the copies that differ from their originals (if any)
    and must return True before they are replaced; missing copies are made without asking.
    Returns ``(written, unchanged)``: the relative paths written and how many copies
    already matched; None if ``confirm`` said no (nothing is written then).
    """
    chosen = select(lesson, src)
    state = status(dst, src)
    changed = [rel for rel in chosen if state[rel] == "changed"]
    missing = [rel for rel in chosen if state[rel] == "missing"]
    if changed and not confirm(changed):
        return None
    written = sorted(changed + missing)
    for rel in written:
        (pathlib.Path(dst) / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pathlib.Path(src) / rel, pathlib.Path(dst) / rel)
    trust([pathlib.Path(dst) / rel for rel in written], state_dir(dst))
    return written, len(chosen) - len(written)
