"""The release files, and the course installed from the wheel into a fresh environment.

The wheel is built once per test run (``uv build``: the sdist, then the wheel from the sdist;
``twine check`` passes), and installed once into a new virtual environment in a temporary
folder, outside the repository, with the exact versions of requirements/lock.txt taken from
uv's cache (what ``make install`` downloaded), so that this costs seconds, not a download.

There, as a student would: ``nnlib-class lab`` starts from the environment's own command and
prints the address; Chromium opens it; lesson 1 (Korean) runs all its cells, a slider moves
the picture, a save writes the student's copy and leaves the installed package unchanged;
``nnlib-class reset 01 --yes`` restores the copy. Two cheap lessons also run under nbclient
against the wheel and print what their stored copies print, each in its own language.
"""

import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile

import pytest

from nnlib.course.i18n import LANGUAGES
from nnlib_class import cli

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# (language, lesson) run under nbclient against the wheel: the two cheapest lessons
LESSONS = [("ko", "00_start_here"), ("en", "01_forward_propagation")]
PROBE = "import nnlib, sys\nprint('NNLIB_FILE', nnlib.__file__)\nprint('PYTHON', sys.executable)"
RUNNER = """
import json, pathlib, sys
import nbformat
from nbclient import NotebookClient
path, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(sys.argv[3]))
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": str(path.parent)}}).execute()
out.write_text(json.dumps(nb), encoding="utf-8")
"""


def uv():
    """The uv of this environment (the test extra installs it), else one on PATH."""
    found = shutil.which("uv", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        pytest.skip("uv is not installed (pip install uv, or make install)")
    return found


def run(cmd, **kwargs):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    run([uv(), "build", "--quiet", "--out-dir", out, ROOT])
    return out


@pytest.fixture(scope="session")
def wheel(dist):
    (path,) = dist.glob("nnlib_class-*-py3-none-any.whl")
    return path


def test_build_makes_a_wheel_and_an_sdist_that_twine_accepts(dist):
    assert sorted(p.name for p in dist.iterdir() if not p.name.startswith(".")) == [
        f"nnlib_class-{VERSION}-py3-none-any.whl", f"nnlib_class-{VERSION}.tar.gz"]
    result = run([sys.executable, "-m", "twine", "check", "--strict",
                  *[p for p in dist.iterdir() if p.suffix in (".whl", ".gz")]])
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_wheel_holds_the_lessons_the_code_the_data_and_the_licences(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        for lesson in sorted(NOTEBOOKS.glob("*/*.ipynb")):  # both languages, with their outputs, as built
            rel = lesson.relative_to(NOTEBOOKS).as_posix()
            assert z.read(f"nnlib_class/notebooks/{rel}") == lesson.read_bytes(), rel
    assert len([n for n in names if n.startswith("nnlib_class/notebooks/")]) == len(list(NOTEBOOKS.glob("*/*.ipynb")))
    for package in ("nnlib", "nnlib_class"):  # every module, also of a sub-package added later
        for module in (ROOT / package).rglob("*.py"):
            assert module.relative_to(ROOT).as_posix() in names, module
    fonts = [n for n in names if n.startswith("nnlib/") and n.endswith("/NanumGothic.ttf")]
    assert len(fonts) == 1 and fonts[0].replace("NanumGothic.ttf", "OFL.txt") in names
    assert {"nnlib/data/digits.npz", "nnlib/data/README.md"} <= set(names)
    licences = [n for n in names if ".dist-info/licenses/" in n]
    for needed in ("/LICENSE", "/OFL.txt", "/data/README.md"):
        assert any(n.endswith(needed) for n in licences), needed
    assert not [n for n in names if n.startswith(("tests/", "tools/", "notebooks/", "site/", "lessons/"))]


def test_wheel_metadata_ranges_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as z:
        (meta,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        (entry_points,) = [n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text, scripts = z.read(meta).decode("utf-8"), z.read(entry_points).decode("utf-8")
    fields = {}
    for line in text.split("\n\n")[0].splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    assert fields["Name"] == ["nnlib-class"]
    assert fields["License-Expression"] == ["MIT AND OFL-1.1 AND CC-BY-4.0"]
    assert "Natural Language :: Korean" in fields["Classifier"]
    assert len(fields["Project-URL"]) >= 3
    assert fields["Description-Content-Type"] == ["text/markdown"]
    runtime = [r for r in fields["Requires-Dist"] if "extra ==" not in r]
    assert any(r.startswith("numpy>=2.0") for r in runtime) and not any("scikit" in r for r in runtime)
    assert not any("==" in r.split(";")[0] for r in fields["Requires-Dist"])  # ranges, never pins
    assert re.search(r"^nnlib-class = nnlib_class\.cli:main$", scripts, re.MULTILINE), scripts


def test_sdist_holds_what_the_wheel_is_built_from(dist):
    (sdist,) = dist.glob("*.tar.gz")
    names = tarfile.open(sdist).getnames()
    for needed in ("pyproject.toml", "README.md", "LICENSE", "nnlib/__init__.py", "nnlib_class/cli.py",
                   "nnlib/data/digits.npz", "notebooks/ko/01_forward_propagation.ipynb",
                   "notebooks/en/01_forward_propagation.ipynb"):
        assert any(n.endswith("/" + needed) for n in names), needed
    assert any(n.endswith("/NanumGothic.ttf") for n in names)


@pytest.fixture(scope="session")
def fresh_env(wheel, tmp_path_factory):
    """A new virtual environment (no system site-packages) with ``nnlib-class[lab]`` from the wheel."""
    venv = tmp_path_factory.mktemp("fresh env") / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    run([uv(), "venv", "--quiet", "--python", base_python, venv])
    run([uv(), "pip", "install", "--quiet", "--python", venv / "bin" / "python",
         "-c", ROOT / "requirements" / "lock.txt", f"{wheel}[lab]"])
    return venv


@pytest.fixture(scope="session")
def outside(fresh_env, tmp_path_factory):
    """A folder outside the repository (spaces and Hangul in its path) and the environment a
    student's terminal there has: the fresh environment's bin first, nothing of ours."""
    folder = tmp_path_factory.mktemp("outside") / "수업 자료" / "my lessons"
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "NNLIB_LANG")}
    env["PATH"] = f"{fresh_env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_DATA_DIR"] = str(folder.parent / "jupyter-data")  # no kernels from elsewhere
    return folder, env


def test_the_package_comes_from_the_fresh_environment(fresh_env, outside):
    folder, env = outside
    result = run([fresh_env / "bin" / "python", "-c",
                  "import nnlib, nnlib_class.copies as c; print(nnlib.__file__); print(c.SOURCE)"],
                 cwd=folder, env=env)
    nnlib_file, source = map(pathlib.Path, result.stdout.splitlines())
    assert fresh_env in nnlib_file.parents and fresh_env in source.parents
    assert sorted(p.relative_to(source).as_posix() for p in source.glob("*/*.ipynb")) == sorted(
        p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.glob("*/*.ipynb"))
    help_text = run([fresh_env / "bin" / "nnlib-class", "--help"], cwd=folder, env={**env, "LANG": "ko_KR.UTF-8"})
    assert "사용법: nnlib-class" in help_text.stdout


@pytest.fixture(scope="session")
def executed(fresh_env, outside):
    """The lessons run outside the repository: {lang: (executed notebook, stored notebook)}."""
    folder, env = outside
    results = {}
    for lang, lesson in LESSONS:
        copy = folder / f"{lesson} (복사본) {lang}.ipynb"
        shutil.copy2(NOTEBOOKS / lang / f"{lesson}.ipynb", copy)
        out = folder.parent / f"{lang}-executed.json"
        run([fresh_env / "bin" / "python", "-c", RUNNER, copy, out, PROBE], cwd=folder, env=env)
        stored = json.loads((NOTEBOOKS / lang / f"{lesson}.ipynb").read_text(encoding="utf-8"))
        results[lang] = (json.loads(out.read_text(encoding="utf-8")), stored)
    return results


def texts(cell):
    """The printed text of a cell: streams and text/plain results, addresses sanitised as nbval does."""
    parts, last_stream = [], None
    for output in cell.get("outputs", []):
        text = output.get("text") if output["output_type"] == "stream" else output.get("data", {}).get("text/plain")
        if output["output_type"] == "error":
            text = f"ERROR {output['ename']}: {output['evalue']}"
        if text is None:
            continue
        text = re.sub(r"0x[0-9a-fA-F]+", "0xADDRESS", text if isinstance(text, str) else "".join(text))
        stream = output.get("name") if output["output_type"] == "stream" else None
        if stream is not None and stream == last_stream:  # one print can arrive in several chunks
            parts[-1] += text
        else:
            parts.append(text)
        last_stream = stream
    return parts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_runs_outside_the_repository_against_the_wheel(executed, fresh_env, lang):
    nb, _ = executed[lang]
    probe = "".join(texts(nb["cells"][-1]))
    nnlib_file = pathlib.Path(re.search(r"NNLIB_FILE (.+)", probe).group(1))
    assert fresh_env in nnlib_file.parents, f"nnlib imported from {nnlib_file}, not from the wheel"
    assert pathlib.Path(re.search(r"PYTHON (.+)", probe).group(1)).parent == fresh_env / "bin"
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_outside_the_repository_keeps_its_language_and_its_numbers(executed, lang):
    nb, stored = executed[lang]
    ran = [texts(c) for c in nb["cells"][:-1] if c["cell_type"] == "code"]
    kept = [texts(c) for c in stored["cells"] if c["cell_type"] == "code"]
    printed = "".join(t for cell in ran for t in cell)
    hangul = len(HANGUL.findall(printed))
    if lang == "ko":
        assert hangul > 20, f"the Korean lesson printed {hangul} Hangul syllables:\n{printed[:1500]}"
    else:
        assert hangul == 0, printed[:1500]
    ignored = [i for i, c in enumerate(c for c in stored["cells"] if c["cell_type"] == "code")
               if "nbval-ignore-output" in c.get("metadata", {}).get("tags", [])]
    for i in ignored:
        ran[i] = kept[i] = None
    assert ran == kept


# --- nnlib-class lab from the wheel, in Chromium -----------------------------------------------

def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(pathlib.Path(folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="session")
def installed_lab(fresh_env, outside):
    """`nnlib-class lab` as the student types it in the outside folder (its default folder
    would be ~/nnlib-class; a temporary one is given here), with JupyterLab's own option that
    lets the test call JupyterLab's commands (passed on by nnlib-class)."""
    folder, env = outside
    work = folder / "내 수업"
    lab = cli.start([fresh_env / "bin" / "nnlib-class", "lab", "--lang", "ko", "--dir", work, "--no-browser",
                     "--LabApp.expose_app_in_browser=True"],
                    folder.parent / "lab.log", env=env, cwd=folder)
    yield lab, work
    lab.stop()


def test_the_installed_lab_serves_the_course_with_its_extensions(installed_lab):
    import urllib.request
    lab, work = installed_lab
    assert lab.address.startswith(f"http://127.0.0.1:{lab.port}/lab/tree/ko/00_start_here.ipynb?token=")
    with urllib.request.urlopen(f"{lab.url}/lab/api/extensions?token={lab.token}") as r:
        names = {e["name"] for e in json.load(r)}
    assert {"@jupyter-widgets/jupyterlab-manager", "jupyterlab-slideshow"} <= names
    assert sorted(p.relative_to(work).as_posix() for p in work.glob("*/*.ipynb")) == sorted(
        p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.glob("*/*.ipynb"))


def test_lesson_1_from_the_wheel_runs_moves_saves_and_resets(page, installed_lab, fresh_env, outside, artifacts):
    from test_lab import IDLE, run_all  # same folder (pytest puts it on sys.path)

    lab, work = installed_lab
    folder, env = outside
    (package,) = fresh_env.glob("lib/python*/site-packages/nnlib_class")
    before = digest(package)
    page.goto(lab.address)  # the printed address: lesson 0
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=120_000)
    page.goto(f"{lab.url}/lab/tree/ko/01_forward_propagation.ipynb?reset&token={lab.token}")
    page.locator(".jp-StatusBar-TextItem", has_text=IDLE).wait_for(timeout=120_000)
    run_all(page)
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, errors.all_inner_texts()

    explorer = page.locator(".widget-vbox", has=page.locator(".widget-slider", has_text="x[0]")).first
    picture = explorer.locator("img").first
    picture.scroll_into_view_if_needed()
    old = picture.get_attribute("src")
    explorer.locator(".widget-slider", has_text="x[0]").locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[picture.element_handle(), old],
                           timeout=60_000)
    page.screenshot(path=str(artifacts / "wheel_ko_01_slider.png"))

    # the student's own note, then a save (run as it is, the lesson would save as it was built)
    page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.model.sharedModel.insertCell(
                         0, {cell_type: 'markdown', source: '내 메모: 기울기'})""")
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    copy = work / "ko" / "01_forward_propagation.ipynb"
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    saved = json.loads(copy.read_text(encoding="utf-8"))
    assert "".join(saved["cells"][0]["source"]) == "내 메모: 기울기"
    assert not [o for c in saved["cells"] for o in c.get("outputs", [])
                if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert digest(package) == before, "saving changed the installed package"

    result = run([fresh_env / "bin" / "nnlib-class", "reset", "01", "--yes", "--dir", work, "--lang", "en"],
                 cwd=folder, env=env)
    assert "Restored" in result.stdout
    for lang in LANGUAGES:
        rel = f"{lang}/01_forward_propagation.ipynb"
        assert (work / rel).read_bytes() == (package / "notebooks" / rel).read_bytes()
