"""The checks of tools/build_lite.py (`make lite`) that need no download: Pyodide's package files
against the official lock, and the requirements of the course's wheels against Pyodide's versions."""

import hashlib
import io
import json
import pathlib
import sys
import tarfile
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402

FILES = {"numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": b"numpy's bytes",
         "six-1.16.0-py2.py3-none-any.whl": b"six's bytes"}


def lock_of(files):
    """A lock file in Pyodide's format whose entries carry the sha256 of ``files``."""
    packages = {}
    for file_name, data in files.items():
        name, version = file_name.split("-")[:2]
        packages[name] = {"name": name, "version": version, "file_name": file_name, "depends": [],
                          "sha256": hashlib.sha256(data).hexdigest()}
    packages["numpy"]["depends"] = ["six"]
    return {"info": {"version": "0.27.7"}, "packages": packages}


def test_files_that_match_the_lock_are_returned_unchanged():
    lock = lock_of(FILES)
    assert build_lite.verified_files(lock, ["numpy", "six"], FILES.__getitem__, "a copy") == FILES


@pytest.mark.parametrize("change", [b"x" + FILES["six-1.16.0-py2.py3-none-any.whl"][1:],
                                    FILES["six-1.16.0-py2.py3-none-any.whl"] + b"\0", b""])
def test_a_changed_file_stops_the_build_and_is_named(change):
    lock = lock_of(FILES)
    served = dict(FILES, **{"six-1.16.0-py2.py3-none-any.whl": change})
    with pytest.raises(build_lite.LiteBuildError, match=r"six-1\.16\.0-py2\.py3-none-any\.whl: sha256 .* "
                                                        r"differs from the official pyodide-lock\.json"):
        build_lite.verified_files(lock, ["numpy", "six"], served.__getitem__, "a copy")


def test_a_file_missing_from_the_source_stops_the_build():
    lock = lock_of(FILES)
    served = {"numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": FILES[
        "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"]}
    with pytest.raises(build_lite.LiteBuildError, match=r"six-1\.16\.0.* is not in a copy"):
        build_lite.verified_files(lock, ["numpy", "six"], served.__getitem__, "a copy")


def test_the_closure_follows_the_lock_and_refuses_an_unknown_package():
    lock = lock_of(FILES)
    assert build_lite.closure(lock, ["NumPy"]) == {"numpy", "six"}
    with pytest.raises(build_lite.LiteBuildError, match="has no package scipy"):
        build_lite.closure(lock, ["scipy"])


def wheel(tmp_path, name, version, requires):
    path = tmp_path / f"{name}-{version}-py3-none-any.whl"
    metadata = "".join([f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                        *(f"Requires-Dist: {r}\n" for r in requires)])
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}/__init__.py", "")
        zf.writestr(f"{name}-{version}.dist-info/METADATA", metadata)
    return path


def test_a_wheel_gets_a_lock_entry_when_pyodide_meets_its_requirements(tmp_path):
    lock = lock_of(FILES)
    course = wheel(tmp_path, "course", "1.0", ["numpy>=2.0", 'pytest; extra == "test"',
                                                'pywin32; sys_platform == "win32"'])
    new = build_lite.lock_with_wheels(lock, {"numpy", "six"}, [course])
    entry = new["packages"]["course"]
    assert entry["depends"] == ["numpy"]  # the extra and the Windows-only requirement do not apply
    assert entry["sha256"] == hashlib.sha256(course.read_bytes()).hexdigest()
    assert entry["imports"] == ["course"] and entry["file_name"] == course.name
    assert new["packages"]["numpy"] == lock["packages"]["numpy"]  # official entries unchanged


@pytest.mark.parametrize("requirement, message", [
    ("numpy>=2.4.6", r"course 1\.0 needs numpy>=2\.4\.6, but the lite build has numpy 2\.0\.2"),
    ("scikit-learn>=1.0", r"needs scikit-learn>=1\.0, but the lite build has scikit-learn \(none\)"),
])
def test_a_requirement_pyodide_cannot_meet_stops_the_build(tmp_path, requirement, message):
    course = wheel(tmp_path, "course", "1.0", [requirement])
    with pytest.raises(build_lite.LiteBuildError, match=message):
        build_lite.lock_with_wheels(lock_of(FILES), {"numpy", "six"}, [course])


def test_the_browser_copy_of_a_lesson_keeps_its_cells_and_names_the_pyodide_kernel():
    nb = {"metadata": {"kernelspec": {"name": "python3"}, "widgets": {"state": {}}},
          "cells": [{"cell_type": "code", "source": "LANG = 'en'", "execution_count": 3,
                     "outputs": [{"output_type": "stream", "text": "x"}], "metadata": {}},
                    {"cell_type": "markdown", "source": "# Title", "metadata": {}}]}
    lite = build_lite.lite_notebook(nb)
    assert [c["source"] for c in lite["cells"]] == ["LANG = 'en'", "# Title"]
    assert lite["cells"][0]["outputs"] == [] and lite["cells"][0]["execution_count"] is None
    assert lite["metadata"]["kernelspec"]["name"] == "python" and "widgets" not in lite["metadata"]
    assert nb["cells"][0]["outputs"] and nb["metadata"]["kernelspec"]["name"] == "python3"  # unchanged


def tar_with(path, files, mode):
    with tarfile.open(path, mode) as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("changed", [False, True])
def test_the_official_release_archive_as_the_source_is_checked_against_npm_s_lock(tmp_path, changed):
    """--pyodide-source PATH: the core and the package files come from the release archive,
    the lock from npm's package (here both made up, already in the download cache)."""
    lock = lock_of(FILES)
    lock["info"]["version"] = build_lite.PYODIDE_VERSION
    core = {name: f"core {name}".encode() for name in build_lite.CORE_FILES}
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    tar_with(downloads / f"pyodide-{build_lite.PYODIDE_VERSION}.tgz",
             {"package/pyodide-lock.json": json.dumps(lock).encode(),
              **{f"package/{name}": data for name, data in core.items()}}, "w:gz")
    shipped = dict(FILES)
    if changed:
        shipped["numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"] = b"another numpy"
    archive = tmp_path / f"pyodide-{build_lite.PYODIDE_VERSION}.tar.bz2"
    tar_with(archive, {f"pyodide/{name}": data for name, data in {**core, **shipped}.items()}, "w:bz2")

    pyodide = build_lite.Pyodide(str(archive), downloads)
    assert pyodide.core == core
    if changed:
        with pytest.raises(build_lite.LiteBuildError, match=r"numpy-2\.0\.2-.*: sha256 .* differs"):
            pyodide.package_files(["numpy", "six"])
    else:
        assert pyodide.package_files(["numpy", "six"]) == FILES
