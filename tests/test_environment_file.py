"""environment.yml (conda, Binder), the lock and the floors agree with pyproject.toml.

requirements/lock.txt: the exact versions `make install` installs (made by `uv pip compile`);
requirements/floors.txt: the lowest versions pyproject.toml allows, as ==pins, on which
`make test-floors` runs the library and notebook tests.
"""

import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
# conda-forge names that differ from the PyPI ones
CONDA_TO_PYPI = {"python-build": "build", "brotli-python": "brotli"}
NOT_DEPENDENCIES = {"python", "pip"}


def normalise(requirement):
    """('name', 'spec') with the name lower-cased and '_'/'.' as '-', spaces dropped."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    assert match, f"cannot read requirement {requirement!r}"
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return CONDA_TO_PYPI.get(name, name), match.group(2).replace(" ", "")


def pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {normalise(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        found |= {normalise(r) for r in extra}
    return found


def environment_requirements(text):
    """The conda and pip entries of the ``dependencies:`` part of an environment.yml
    (its plain list form, read without a YAML library)."""
    found = set()
    for line in text.splitlines():
        item = re.fullmatch(r"\s*-\s+(.+?)\s*(#.*)?", line)
        if not item or item.group(1).endswith(":") or item.group(1).startswith("-e "):
            continue
        name, spec = normalise(item.group(1))
        if name not in NOT_DEPENDENCIES:
            found.add((name, spec))
    return found


def test_environment_file_matches_pyproject():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    channels = text.split("dependencies:")[0]
    body = text.split("dependencies:")[1]
    assert "conda-forge" in channels
    assert environment_requirements(body) == pyproject_requirements()
    assert re.search(r"^\s+- -e \.$", body, re.MULTILINE), "environment.yml must install the package itself"


def test_the_comparison_sees_a_missing_or_changed_entry():
    body = (ROOT / "environment.yml").read_text(encoding="utf-8").split("dependencies:")[1]
    assert environment_requirements(body.replace("  - pypdf>=7.1.1\n", "")) != pyproject_requirements()
    assert environment_requirements(body.replace("numpy>=2.0.0", "numpy>=1.26")) != pyproject_requirements()


def test_playwright_is_listed_for_the_browser_tests():
    names = {name for name, _ in environment_requirements(
        (ROOT / "environment.yml").read_text(encoding="utf-8").split("dependencies:")[1])}
    assert {"playwright", "pytest-playwright"} <= names


def pins(path):
    """``{name: version}`` of the ``name==version`` lines of a requirements file (markers dropped);
    a name pinned twice (for different Pythons) keeps every version in a set."""
    found = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            found.setdefault(normalise(match.group(1))[0], set()).add(match.group(2))
    return found


def test_floors_file_pins_exactly_pyprojects_floors():
    """Every run-time dependency's floor, and JupyterLab's, is pinned in floors.txt, and nothing else."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in project["dependencies"] + [r for r in project["optional-dependencies"]["lab"]
                                                   if r.startswith("jupyterlab>")]:
        name, spec = normalise(requirement)
        assert spec.startswith(">=") and "," not in spec, f"{requirement}: a floor is one >= bound"
        floors[name] = {spec[2:]}
    assert pins("requirements/floors.txt") == floors


def test_lock_pins_versions_pyproject_allows():
    """The lock is up to date: every dependency and extra of pyproject.toml is pinned to a version in its range."""
    from packaging.requirements import Requirement

    locked = pins("requirements/lock.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    every = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    for text in every:
        requirement = Requirement(text)
        name = normalise(requirement.name)[0]
        assert name in locked, f"{name} is not in requirements/lock.txt: run make lock"
        for version in locked[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements/lock.txt pins {name}=={version}, outside {requirement}: run make lock")
    assert "scikit-learn" not in {normalise(r)[0] for r in project["dependencies"]}  # test extra only


def test_lock_is_made_by_uv_for_every_platform():
    head = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines()[:2]
    assert "autogenerated by uv" in head[0] and "uv pip compile --universal --all-extras pyproject.toml" in head[1]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "uv pip compile --quiet --universal --all-extras" in makefile and "pip sync" in makefile
