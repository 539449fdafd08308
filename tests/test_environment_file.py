"""environment.yml (conda, Binder) lists the same dependencies as pyproject.toml."""

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
