"""The release files, and a lesson run outside the repository against the installed wheel.

`python -m build` makes the sdist and, from it, the wheel; `twine check` passes; the wheel
holds the fonts and their licence. Then the wheel goes into a fresh virtual environment in
a temporary folder (its dependencies come from PyPI, through pip's cache), one Korean and one
English lesson are copied into a folder whose path has spaces and Hangul, and nbclient runs
them there: no error, the package imported from that environment, and each notebook prints
what its stored copy prints, in its own language.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# (language, lesson, file name in the folder outside the repository)
LESSONS = [("ko", "04_gradient_descent", "경사 하강법 (복사본).ipynb"),
           ("en", "01_forward_propagation", "forward propagation copy.ipynb")]
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


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)])
    return out


@pytest.fixture(scope="session")
def wheel(dist):
    (path,) = dist.glob("nnlib_class-*-py3-none-any.whl")
    return path


def test_build_makes_a_wheel_and_an_sdist_that_twine_accepts(dist):
    files = sorted(p.name for p in dist.iterdir())
    import tomllib
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert files == [f"nnlib_class-{version}-py3-none-any.whl", f"nnlib_class-{version}.tar.gz"]
    result = run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())])
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_wheel_holds_the_package_fonts_and_licences(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    fonts = [n for n in names if n.startswith("nnlib/") and n.endswith("/NanumGothic.ttf")]
    assert len(fonts) == 1, names
    assert fonts[0].replace("NanumGothic.ttf", "OFL.txt") in names  # the licence beside the font
    licences = [n for n in names if ".dist-info/licenses/" in n]
    assert any(n.endswith("/LICENSE") for n in licences) and any(n.endswith("/OFL.txt") for n in licences)
    assert "nnlib/__init__.py" in names
    assert not [n for n in names if n.startswith(("tests/", "tools/", "notebooks/", "site/"))]


def test_wheel_metadata_is_complete(wheel):
    with zipfile.ZipFile(wheel) as z:
        (meta,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        text = z.read(meta).decode("utf-8")
    fields = {}
    for line in text.split("\n\n")[0].splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    assert fields["Name"] == ["nnlib-class"]
    assert fields["License-Expression"] == ["MIT AND OFL-1.1"]
    assert "Natural Language :: Korean" in fields["Classifier"]
    assert len(fields["Project-URL"]) >= 3
    assert any(r.startswith("numpy") for r in fields["Requires-Dist"])
    assert fields["Description-Content-Type"] == ["text/markdown"]


def test_sdist_builds_the_same_package(dist):
    import tarfile
    (sdist,) = dist.glob("*.tar.gz")
    names = tarfile.open(sdist).getnames()
    for needed in ("pyproject.toml", "README.md", "LICENSE", "nnlib/__init__.py"):
        assert any(n.endswith("/" + needed) for n in names), needed
    assert any(n.endswith("/NanumGothic.ttf") for n in names)


@pytest.fixture(scope="session")
def fresh_env(wheel, tmp_path_factory):
    """A new virtual environment (no system site-packages) with the wheel, ipykernel and nbclient."""
    venv = tmp_path_factory.mktemp("fresh env") / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    run([base_python, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         str(wheel), "ipykernel", "nbclient"])
    return venv


@pytest.fixture(scope="session")
def executed(fresh_env, tmp_path_factory):
    """The lessons run outside the repository: {lang: (executed notebook, stored notebook)}."""
    folder = tmp_path_factory.mktemp("outside") / "수업 자료" / "my lessons"
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "NNLIB_LANG")}
    env["PATH"] = f"{fresh_env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_DATA_DIR"] = str(folder.parent / "jupyter-data")  # no kernels from elsewhere
    results = {}
    for lang, lesson, name in LESSONS:
        copy = folder / name
        shutil.copy2(ROOT / "notebooks" / lang / f"{lesson}.ipynb", copy)
        out = folder.parent / f"{lang}-executed.json"
        run([str(fresh_env / "bin" / "python"), "-c", RUNNER, str(copy), str(out), PROBE],
            cwd=folder, env=env)
        stored = json.loads((ROOT / "notebooks" / lang / f"{lesson}.ipynb").read_text(encoding="utf-8"))
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


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_lesson_runs_outside_the_repository_against_the_wheel(executed, fresh_env, lang):
    nb, _ = executed[lang]
    probe = "".join(texts(nb["cells"][-1]))
    nnlib_file = pathlib.Path(re.search(r"NNLIB_FILE (.+)", probe).group(1))
    assert fresh_env in nnlib_file.parents, f"nnlib imported from {nnlib_file}, not from the wheel"
    assert pathlib.Path(re.search(r"PYTHON (.+)", probe).group(1)).parent == fresh_env / "bin"
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_lesson_outside_the_repository_keeps_its_language(executed, lang):
    nb, stored = executed[lang]
    ran = [texts(c) for c in nb["cells"][:-1] if c["cell_type"] == "code"]
    kept = [texts(c) for c in stored["cells"] if c["cell_type"] == "code"]
    printed = "".join(t for cell in ran for t in cell)
    hangul = len(HANGUL.findall(printed))
    if lang == "ko":
        assert hangul > 50, f"the Korean lesson printed {hangul} Hangul syllables:\n{printed[:1500]}"
    else:
        assert hangul == 0, printed[:1500]
    ignored = [i for i, c in enumerate(c for c in stored["cells"] if c["cell_type"] == "code")
               if "nbval-ignore-output" in c.get("metadata", {}).get("tags", [])]
    for i in ignored:
        ran[i] = kept[i] = None
    assert ran == kept
