"""What `make lab` starts and the working copy it opens (no server is started here).

The server itself (token, ports, Ctrl+C) is tested in tests/browser/test_lab_server.py.
"""

import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lab  # noqa: E402


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_command_opens_lesson_zero_of_the_working_copy_on_loopback(lang):
    cmd = lab.command(lang)
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert not any("0.0.0.0" in a for a in cmd)
    assert f"--ServerApp.root_dir={lab.WORK}" in cmd
    assert cmd[-1] == str(lab.WORK / lang / "00_start_here.ipynb")
    assert "--ServerApp.answer_yes=True" in cmd  # never the "shutdown this server (y/[n])?" prompt


def test_the_working_copy_is_outside_notebooks_and_ignored_by_git():
    assert lab.NOTEBOOKS not in lab.WORK.parents and lab.WORK != lab.NOTEBOOKS
    if shutil.which("git") and (ROOT / ".git").exists():
        for path in ("my-lessons/ko/00_start_here.ipynb", ".jupyter-run/logs/lab.log"):
            assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path


def test_no_token_on_the_command_line(tmp_path):
    cmd = lab.command("en", tmp_path / "work", tmp_path / "state")
    assert not any(a.split("=", 1)[0].lower().endswith("token") for a in cmd)
    token_file = tmp_path / "t"
    env = lab.environment(token_file, tmp_path / "state", base={"JUPYTER_TOKEN": "old", "PATH": "/bin"})
    assert env["JUPYTER_TOKEN_FILE"] == str(token_file) and "JUPYTER_TOKEN" not in env
    assert env["JUPYTER_RUNTIME_DIR"] == str(tmp_path / "state" / "runtime")


def test_allow_root_only_as_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.command()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.command()


def test_an_unknown_language_names_LESSON_LANG():
    with pytest.raises(ValueError, match="LESSON_LANG"):
        lab.command("fr")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "lab.py"), "--lang", "xx"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "LESSON_LANG" in result.stderr and "'xx'" in result.stderr


def test_lesson_url():
    assert lab.lesson_url("en", 8890, "abc") == "http://127.0.0.1:8890/lab/tree/en/00_start_here.ipynb?token=abc"


def test_state_is_private_and_silences_the_news(tmp_path):
    state = lab.prepare_state(tmp_path / "state")
    for folder in (state, state / "runtime", state / "data"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    overrides = json.loads((state / "app-settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert ".jp-Deck" in (state / "config" / "custom" / "custom.css").read_text()


# --- the working copy -------------------------------------------------------

@pytest.fixture
def copies(tmp_path):
    return tmp_path / "my-lessons", tmp_path / "state"


def test_first_use_copies_every_lesson_and_trusts_it(copies):
    work, state = copies
    copied = lab.working_copy(lab.NOTEBOOKS, work, state)
    assert copied == lab.lessons() and len(copied) == 2 * len(list((lab.NOTEBOOKS / "en").glob("*.ipynb"))) >= 14
    from nbformat import read
    from nbformat.sign import NotebookNotary
    notary = NotebookNotary(data_dir=str(state / "data"))
    for rel in copied:
        assert (work / rel).read_bytes() == (lab.NOTEBOOKS / rel).read_bytes()
        assert notary.check_signature(read(work / rel, as_version=4)), rel


def test_rerunning_keeps_the_students_edits_and_adds_missing_lessons(copies):
    work, state = copies
    lab.working_copy(lab.NOTEBOOKS, work, state)
    (work / "en" / "02_loss.ipynb").write_text("edited")
    (work / "ko" / "03_numerical_gradient.ipynb").unlink()
    assert lab.working_copy(lab.NOTEBOOKS, work, state) == ["ko/03_numerical_gradient.ipynb"]
    assert (work / "en" / "02_loss.ipynb").read_text() == "edited"


def test_two_runs_at_once_copy_each_lesson_once_and_whole(copies):
    """Two `make lab` started together share the working copy and the trust database."""
    work, state = copies
    code = ("import json, pathlib, sys; sys.path.insert(0, sys.argv[3]); import lab; "
            "print(json.dumps(lab.working_copy(lab.NOTEBOOKS, pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))))")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(work), str(state), str(ROOT / "tools")],
                             stdout=subprocess.PIPE, text=True) for _ in range(2)]
    copied = [json.loads(run.communicate(timeout=120)[0]) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert sorted(copied[0] + copied[1]) == lab.lessons()  # each lesson by exactly one run
    assert not list(work.rglob(".*.part"))
    from nbformat import read
    from nbformat.sign import NotebookNotary
    notary = NotebookNotary(data_dir=str(state / "data"))
    for rel in lab.lessons():
        assert (work / rel).read_bytes() == (lab.NOTEBOOKS / rel).read_bytes()
        assert notary.check_signature(read(work / rel, as_version=4)), rel


def test_a_server_that_stops_at_start_up_is_reported_from_its_own_log(tmp_path, monkeypatch):
    """Another run's newer log in the shared folder must not be taken for this server's."""
    state = lab.prepare_state(tmp_path / "state")
    fake = [sys.executable, "-c",
            "import pathlib, sys, time; p = pathlib.Path(sys.argv[1]); "
            "(p / 'lab-99999999-999999-other.log').write_text('another run, serving'); "
            "print('ERROR: no kernel spec, our own failure'); sys.exit(1)", str(state / "logs")]
    monkeypatch.setattr(lab, "command", lambda *args, **kwargs: fake)
    with pytest.raises(RuntimeError, match="stopped at start-up:\n.*our own failure"):
        lab.start("en", tmp_path, state, open_browser=False, timeout=30)


@pytest.mark.parametrize("name, expected", [
    ("04_gradient_descent", ["en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb"]),
    ("04", ["en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb"]),
    ("en/04_gradient_descent.ipynb", ["en/04_gradient_descent.ipynb"]),
])
def test_select_names_a_lesson(name, expected):
    assert lab.select(name) == expected


def test_select_refuses_an_unknown_lesson():
    with pytest.raises(ValueError, match="LESSON '99'.*04_gradient_descent"):
        lab.select("99")


def _edited(copies):
    work, state = copies
    lab.working_copy(lab.NOTEBOOKS, work, state)
    for rel in ("en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb", "en/01_forward_propagation.ipynb"):
        (work / rel).write_text("edited")
    return work, state


@pytest.mark.parametrize("answer", ["n", "", "no", EOFError])
def test_reset_keeps_everything_unless_the_answer_is_yes(copies, answer):
    work, state = _edited(copies)
    asked = []

    def ask(question):
        asked.append(question)
        if answer is EOFError:
            raise EOFError
        return answer

    assert lab.reset("04", src=lab.NOTEBOOKS, dst=work, state=state, ask=ask, out=lambda *a: None) == []
    assert len(asked) == 1 and "[y/N]" in asked[0]
    assert (work / "en" / "04_gradient_descent.ipynb").read_text() == "edited"


def test_reset_one_lesson_after_yes(copies):
    work, state = _edited(copies)
    written = lab.reset("04_gradient_descent", src=lab.NOTEBOOKS, dst=work, state=state,
                        ask=lambda q: "y", out=lambda *a: None)
    assert written == ["en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb"]
    for rel in written:
        assert (work / rel).read_bytes() == (lab.NOTEBOOKS / rel).read_bytes()
    assert (work / "en" / "01_forward_propagation.ipynb").read_text() == "edited"  # another lesson: kept


def test_reset_all_with_yes_does_not_ask(copies):
    work, state = _edited(copies)

    def never(question):
        raise AssertionError("asked although --yes")

    assert len(lab.reset(None, yes=True, src=lab.NOTEBOOKS, dst=work, state=state, ask=never,
                         out=lambda *a: None)) == 3
    assert all((work / rel).read_bytes() == (lab.NOTEBOOKS / rel).read_bytes() for rel in lab.lessons())


def test_reset_from_the_command_line(copies):
    work, state = _edited(copies)
    tool = [sys.executable, str(ROOT / "tools" / "lab.py"), "reset", "--work", str(work), "--state", str(state)]
    refused = subprocess.run(tool + ["04"], input="", capture_output=True, text=True, timeout=60)
    assert refused.returncode == 0 and "Nothing changed" in refused.stdout
    assert (work / "en" / "04_gradient_descent.ipynb").read_text() == "edited"
    done = subprocess.run(tool + ["04", "--yes"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Restored 2" in done.stdout
    assert (work / "en" / "01_forward_propagation.ipynb").read_text() == "edited"


def test_saving_drops_widget_views(tmp_path):
    """The server's pre-save hook: no widget view or state reaches the disk; the text form stays."""
    config = {"get_config": lambda: type("C", (), {"ContentsManager": type("M", (), {})()})()}
    exec(compile(lab.SERVER_CONFIG.read_text(), str(lab.SERVER_CONFIG), "exec"), config)
    view = "application/vnd.jupyter.widget-view+json"
    model = {"type": "notebook", "content": {"metadata": {"widgets": {"state": {}}}, "cells": [
        {"cell_type": "code", "outputs": [
            {"output_type": "execute_result", "data": {view: {"model_id": "abc"}, "text/plain": "▶ Run this cell"}},
            {"output_type": "display_data", "data": {view: {"model_id": "def"}}},
            {"output_type": "stream", "text": "kept"}]},
        {"cell_type": "markdown", "source": "# title"}]}}
    config["pre_save_hook"](model=model, path="x.ipynb")
    outputs = model["content"]["cells"][0]["outputs"]
    assert outputs[0]["data"] == {"text/plain": "▶ Run this cell"}
    assert view not in outputs[1]["data"] and "run this cell" in outputs[1]["data"]["text/plain"]
    assert outputs[2]["text"] == "kept" and "widgets" not in model["content"]["metadata"]
