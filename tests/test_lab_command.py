"""The `nnlib-class` command (nnlib_class.cli, nnlib_class.copies) without a running server:
what it would start, the student's copies, reset, list, help and errors, and its choices
under Windows.

The real server (address, token, Ctrl+C) is tested in tests/browser/test_lab_server.py, and
the command installed from the wheel in tests/browser/test_wheel.py.
"""

import json
import os
import pathlib
import shutil
import signal
import socket
import stat
import subprocess
import sys
import types

import pytest

from nnlib.course import notebook_files
from nnlib.course.i18n import LANGUAGES
from nnlib_class import cli, copies

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
COMMAND = [sys.executable, "-m", "nnlib_class"]


def run(*args, env=None, **kwargs):
    environ = {k: v for k, v in os.environ.items() if k not in ("NNLIB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    environ.update(env or {})
    return subprocess.run(COMMAND + list(args), capture_output=True, text=True, timeout=120, env=environ, **kwargs)


# --- what JupyterLab is started with ---------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_server_listens_on_loopback_in_the_students_folder_and_opens_lesson_zero(lang, tmp_path):
    args = cli.server_argv(lang, tmp_path)
    assert "--ServerApp.ip=127.0.0.1" in args
    assert not any("0.0.0.0" in a for a in args)
    assert f"--ServerApp.root_dir={tmp_path}" in args
    assert f"--LabApp.default_url=/lab/tree/{lang}/00_start_here.ipynb" in args
    assert (NOTEBOOKS / lang / "00_start_here.ipynb").exists()
    assert "--ServerApp.answer_yes=True" in args  # never "Shut down this Jupyter server (y/[n])?"
    assert "--ContentsManager.pre_save_hook=nnlib.course.notebook_files.pre_save_hook" in args
    assert f"--NotebookNotary.data_dir={tmp_path / '.nnlib-class' / 'data'}" in args


def test_no_token_on_the_command_line_jupyter_makes_its_own(tmp_path):
    args = cli.server_argv("en", tmp_path, extra=["--ServerApp.shutdown_no_activity_timeout=0"])
    assert not any("token" in a.split("=", 1)[0].lower() for a in args)


def test_port_jupyter_chooses_unless_one_is_given(tmp_path):
    assert {"--ServerApp.port=8888", "--ServerApp.port_retries=50"} <= set(cli.server_argv("ko", tmp_path))
    given = cli.server_argv("ko", tmp_path, port=9123)
    assert {"--ServerApp.port=9123", "--ServerApp.port_retries=0"} <= set(given)


def test_students_jupyter_options_come_first_so_the_course_address_wins(tmp_path):
    args = cli.server_argv("ko", tmp_path, extra=["--ServerApp.ip=0.0.0.0"])
    assert args[0] == "--ServerApp.ip=0.0.0.0" and args.index("--ServerApp.ip=127.0.0.1") > 0


def test_allow_root_only_as_root(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    assert "--allow-root" in cli.server_argv("ko", tmp_path)
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    assert "--allow-root" not in cli.server_argv("ko", tmp_path)


def test_jupyter_options_on_the_command_line_are_passed_on():
    args, jupyter = cli.parse(["lab", "--LabApp.expose_app_in_browser=True", "--lang", "en"], "en")
    assert args.command == "lab" and args.lang == "en" and jupyter == ["--LabApp.expose_app_in_browser=True"]


# --- the same decisions under Windows ----------------------------------------------------

class WindowsOS(types.ModuleType):
    """The os module as Python on Windows shows it: os.name "nt", no os.geteuid."""

    name = "nt"

    def __getattr__(self, attribute):
        if attribute == "geteuid":
            raise AttributeError(attribute)
        return getattr(os, attribute)


@pytest.fixture
def windows(monkeypatch):
    """The launcher's modules see Windows: os.name "nt" and no geteuid, sys.platform "win32",
    no SIGHUP and a SIGBREAK. (os.name is replaced in the launcher's modules only: pathlib
    would otherwise make WindowsPath objects, which cannot exist here.)"""
    for module in (cli, copies):
        monkeypatch.setattr(module, "os", WindowsOS("os"))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delattr(signal, "SIGHUP", raising=False)
    monkeypatch.setattr(signal, "SIGBREAK", 21, raising=False)


def test_windows_never_asks_for_allow_root(windows, tmp_path):
    assert not cli.is_root()
    assert "--allow-root" not in cli.server_argv("ko", tmp_path)


def test_windows_stops_on_ctrl_c_ctrl_break_and_terminate(windows):
    assert cli.stop_signals() == [signal.SIGINT, signal.SIGTERM, 21]


def test_posix_stops_also_when_the_terminal_closes():
    if not hasattr(signal, "SIGHUP"):
        pytest.skip("no SIGHUP here")
    assert signal.SIGHUP in cli.stop_signals()


def test_windows_folders_are_not_chmodded(windows, monkeypatch, tmp_path):
    def no_chmod(*args, **kwargs):
        raise AssertionError("chmod called on Windows")

    monkeypatch.setattr(pathlib.Path, "chmod", no_chmod)
    assert copies.private_dir(tmp_path / "a" / "b").is_dir()


def test_posix_state_is_private_and_silences_the_news(tmp_path):
    state = cli.prepare_state(tmp_path / ".nnlib-class")
    if os.name != "nt":
        for folder in (state, state / "data", state / "config"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    overrides = json.loads((state / "app-settings" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert ".jp-Deck" in (state / "config" / "custom" / "custom.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("environ, system_locale, expected", [
    ({}, "Korean_Korea", "ko"),  # Windows, Python 3.11: no LANG, the locale's Windows name
    ({}, "ko_KR", "ko"),
    ({}, "English_United States", "en"),
    ({}, None, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "en_US", "ko"),  # POSIX: the environment decides
    ({"LANG": "ko_KR.UTF-8", "LC_ALL": "C.UTF-8"}, None, "en"),
    ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, None, "ko"),
])
def test_the_systems_language(environ, system_locale, expected):
    assert cli.system_language(environ, system_locale) == expected


@pytest.mark.parametrize("argv, environ, expected", [
    (["--lang", "en", "--help"], {"LANG": "ko_KR.UTF-8"}, "en"),
    (["lab", "--lang=ko"], {}, "ko"),
    (["--help"], {"NNLIB_LANG": "ko"}, "ko"),
    (["--help"], {"NNLIB_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
    (["--help"], {"LANG": "ko_KR.UTF-8"}, "ko"),
    (["--lang", "fr"], {"LANG": "ko_KR.UTF-8"}, "en"),
])
def test_choose_language(argv, environ, expected):
    assert cli.choose_language(argv, environ, system_locale="en_US") == expected


def test_copies_are_whole_where_the_file_system_has_no_hard_links(monkeypatch, tmp_path):
    def no_link(src, dst):
        raise OSError(1, "Operation not permitted")  # FAT, some Windows shares

    monkeypatch.setattr(os, "link", no_link)
    copies.write_new(tmp_path / "a.ipynb", b"lesson")
    assert (tmp_path / "a.ipynb").read_bytes() == b"lesson"
    with pytest.raises(FileExistsError):
        copies.write_new(tmp_path / "a.ipynb", b"other")
    assert (tmp_path / "a.ipynb").read_bytes() == b"lesson"
    assert [p.name for p in tmp_path.iterdir()] == ["a.ipynb"]  # no temporary file left


def test_the_launcher_is_pure_python():
    """No shell, no POSIX-only module at the top (fcntl, pwd, termios, resource)."""
    for module in ("cli.py", "copies.py"):
        text = (ROOT / "nnlib_class" / module).read_text(encoding="utf-8")
        for posix_only in ("import fcntl", "import pwd", "import termios", "import resource", "shell=True",
                           "os.killpg", "os.setsid", "preexec_fn", "/dev/", "os.symlink"):
            assert posix_only not in text, (module, posix_only)


# --- the student's copies --------------------------------------------------------------

@pytest.fixture
def work(tmp_path):
    return tmp_path / "my lessons 수업"


def test_lessons_come_from_the_repositorys_notebooks_in_a_clone():
    assert copies.SOURCE == NOTEBOOKS
    assert copies.lessons() == sorted(p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.glob("*/*.ipynb"))


def test_first_use_copies_every_lesson_and_trusts_it(work):
    copied = copies.working_copy(work)
    assert copied == copies.lessons() and len(copied) == 2 * len(list((NOTEBOOKS / "en").glob("*.ipynb"))) >= 14
    from nbformat import read
    from nbformat.sign import NotebookNotary
    notary = NotebookNotary(data_dir=str(work / ".nnlib-class" / "data"))
    for rel in copied:
        assert (work / rel).read_bytes() == (NOTEBOOKS / rel).read_bytes()
        assert notary.check_signature(read(work / rel, as_version=4)), rel


def test_rerunning_keeps_the_students_edits_and_adds_missing_lessons(work):
    copies.working_copy(work)
    (work / "en" / "02_loss.ipynb").write_text("edited")
    (work / "ko" / "03_numerical_gradient.ipynb").unlink()
    assert copies.working_copy(work) == ["ko/03_numerical_gradient.ipynb"]
    assert (work / "en" / "02_loss.ipynb").read_text() == "edited"


def test_two_runs_at_once_copy_each_lesson_once_and_whole(work):
    """Two `nnlib-class lab` started together share the folder and its trust database."""
    code = ("import json, sys; from nnlib_class import copies; "
            "print(json.dumps(copies.working_copy(sys.argv[1])))")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(work)], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    copied = [json.loads(r.communicate(timeout=120)[0]) for r in runs]
    assert all(r.returncode == 0 for r in runs)
    assert sorted(copied[0] + copied[1]) == copies.lessons()  # each lesson by exactly one run
    assert not list(work.rglob(".*.part"))
    from nbformat import read
    from nbformat.sign import NotebookNotary
    notary = NotebookNotary(data_dir=str(work / ".nnlib-class" / "data"))
    for rel in copies.lessons():
        assert (work / rel).read_bytes() == (NOTEBOOKS / rel).read_bytes()
        assert notary.check_signature(read(work / rel, as_version=4)), rel


@pytest.mark.parametrize("name, expected", [
    ("04_gradient_descent", ["en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb"]),
    ("04", ["en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb"]),
    ("en/04_gradient_descent.ipynb", ["en/04_gradient_descent.ipynb"]),
    ("ko\\04", ["ko/04_gradient_descent.ipynb"]),  # as typed in a Windows terminal
])
def test_select_names_a_lesson(name, expected):
    assert copies.select(name) == expected


def test_select_refuses_an_unknown_lesson():
    with pytest.raises(copies.CourseError) as error:
        copies.select("99")
    assert error.value.key == "unknown_lesson" and "04_gradient_descent" in error.value.fields["lessons"]


def _edited(work):
    copies.working_copy(work)
    for rel in ("en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb", "en/01_forward_propagation.ipynb"):
        (work / rel).write_text("edited")
    return work


@pytest.mark.parametrize("answer", ["n", "", "no", EOFError])
def test_reset_keeps_everything_unless_the_answer_is_yes(work, answer, capsys):
    _edited(work)
    asked = []

    def ask(question):
        asked.append(question)
        if answer is EOFError:
            raise EOFError
        return answer

    assert cli.reset("04", work, False, cli.MESSAGES["en"], ask) == 0
    assert len(asked) == 1 and "[y/N]" in asked[0]
    assert "Nothing changed" in capsys.readouterr().out
    assert (work / "en" / "04_gradient_descent.ipynb").read_text() == "edited"


@pytest.mark.parametrize("answer", ["y", "YES", "예", "네"])
def test_reset_one_lesson_after_yes(work, answer, capsys):
    _edited(work)
    assert cli.reset("04_gradient_descent", work, False, cli.MESSAGES["ko"], lambda q: answer) == 0
    for rel in ("en/04_gradient_descent.ipynb", "ko/04_gradient_descent.ipynb"):
        assert (work / rel).read_bytes() == (NOTEBOOKS / rel).read_bytes()
    assert (work / "en" / "01_forward_propagation.ipynb").read_text() == "edited"  # another lesson: kept
    assert "2개를 되돌렸습니다" in capsys.readouterr().out


def test_reset_all_with_yes_does_not_ask(work):
    _edited(work)
    (work / "ko" / "00_start_here.ipynb").unlink()
    assert run("reset", "--yes", "--dir", str(work), "--lang", "en", stdin=subprocess.DEVNULL).returncode == 0
    assert copies.status(work) == {rel: "original" for rel in copies.lessons()}


def test_reset_counts_what_it_wrote(work):
    _edited(work)
    (work / "ko" / "00_start_here.ipynb").unlink()
    written, unchanged = copies.reset(None, work, lambda changed: True)
    assert len(written) == 4 and unchanged == len(copies.lessons()) - 4
    assert copies.status(work) == {rel: "original" for rel in copies.lessons()}


def test_reset_and_list_from_the_command_line(work):
    _edited(work)
    refused = run("reset", "04", "--dir", str(work), "--lang", "en", input="")
    assert refused.returncode == 0 and "Nothing changed" in refused.stdout, refused.stderr
    assert (work / "en" / "04_gradient_descent.ipynb").read_text() == "edited"
    listed = run("list", "--dir", str(work), "--lang", "en")
    assert listed.returncode == 0
    assert "en/04_gradient_descent.ipynb" in listed.stdout and "changed" in listed.stdout
    done = run("reset", "04", "--yes", "--dir", str(work), "--lang", "en")
    assert done.returncode == 0 and "Restored 2" in done.stdout
    assert (work / "en" / "01_forward_propagation.ipynb").read_text() == "edited"
    answered = run("reset", "en/01", "--dir", str(work), "--lang", "ko", input="y\n")
    assert answered.returncode == 0 and "1개를 되돌렸습니다" in answered.stdout
    assert copies.status(work) == {rel: "original" for rel in copies.lessons()}


# --- help and errors, in the student's language -------------------------------------------

def test_help_in_korean_and_in_english():
    korean = run("--help", env={"LANG": "ko_KR.UTF-8"})
    assert korean.returncode == 0 and "사용법: nnlib-class" in korean.stdout and "reset [수업]" in korean.stdout
    english = run("lab", "--lang", "en", "--help", env={"LANG": "ko_KR.UTF-8"})
    assert english.returncode == 0 and "usage: nnlib-class" in english.stdout and "사용법" not in english.stdout
    assert str(cli.default_folder()) in english.stdout  # the documented default folder


def test_version_and_no_command():
    from importlib.metadata import version
    assert run("--version").stdout == f"nnlib-class {version('nnlib-class')}\n"
    bare = run(env={"NNLIB_LANG": "en"})
    assert bare.returncode == 2 and "usage: nnlib-class" in bare.stdout and "name a command" in bare.stderr


def test_help_names_every_command_and_option():
    for text in cli.HELP.values():
        for word in ("lab", "list", "reset", "--lang", "--dir", "--port", "--no-browser", "--yes", "--help"):
            assert word in text, word


def test_the_default_folder_is_in_the_home_folder_not_in_the_package(tmp_path):
    assert cli.default_folder(tmp_path) == tmp_path / "nnlib-class"
    assert copies.HERE not in cli.default_folder().parents


@pytest.mark.parametrize("args, lang, message", [
    (["lab", "--lang", "xx"], "en", "--lang must be ko or en, got 'xx'"),
    (["reset", "99", "--lang", "ko"], "ko", "'99'라는 수업이 없습니다"),
    (["reset", "99", "--lang", "en"], "en", "there is no lesson '99'; the lessons are: 00_start_here"),
    (["teach"], "en", "the command must be lab, list or reset, got 'teach'"),
    (["lab", "04"], "en", "a lesson name ('04') is for reset only"),
    (["lab", "--port", "http"], "en", "--port must be a whole number"),
])
def test_a_wrong_command_line_is_named(args, lang, message, tmp_path):
    result = run(*args, "--dir", str(tmp_path / "w"), env={"NNLIB_LANG": lang})
    assert result.returncode in (1, 2) and message in result.stderr, result.stderr
    assert not (tmp_path / "w" / "ko").exists()  # nothing copied


def test_a_folder_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    result = run("lab", "--dir", str(blocker / "lessons"), "--lang", "en")
    assert result.returncode == 1 and "cannot write to the folder" in result.stderr, result.stderr
    result = run("lab", "--dir", str(blocker), "--lang", "ko")
    assert result.returncode == 1 and "폴더가 아니라 파일입니다" in result.stderr

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "mkdir", refuse)  # as a read-only folder does (root ignores chmod)
    with pytest.raises(copies.CourseError) as error:
        cli.check_folder(tmp_path / "read-only" / "lessons")
    assert error.value.key == "not_writable" and error.value.fields["reason"] == "Permission denied"


def test_the_installed_package_is_never_the_students_folder():
    for inside in (copies.HERE, copies.HERE / "x", copies.SOURCE / "ko"):
        with pytest.raises(copies.CourseError) as error:
            cli.check_folder(inside)
        assert error.value.key == "inside_package"


def test_a_port_in_use_is_named_before_jupyterlab_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("lab", "--port", str(port), "--no-browser", "--dir", str(tmp_path), "--lang", "en")
    assert result.returncode == 1 and f"port {port} is in use" in result.stderr, result.stderr
    assert "Starting JupyterLab" not in result.stdout


def test_without_jupyterlab_the_student_is_told_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "jupyterlab.labapp", None)  # import fails as if not installed
    with pytest.raises(copies.CourseError) as error:
        cli.serve("en", tmp_path, None, False, [], print)
    assert error.value.key == "no_jupyterlab" and "nnlib-class[lab]" in cli.MESSAGES["en"]["no_jupyterlab"]


def test_make_lab_and_make_reset_call_the_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/nnlib-class lab --lang $(LESSON_LANG) --dir $(WORK)" in makefile
    assert "$(BIN)/nnlib-class reset $(LESSON)" in makefile
    assert not (ROOT / "tools" / "lab.py").exists()
    if shutil.which("git") and (ROOT / ".git").exists():
        for path in ("my-lessons/ko/00_start_here.ipynb", "my-lessons/.nnlib-class/data/nbsignatures.db"):
            assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path


# --- saving ------------------------------------------------------------------------------

def test_saving_drops_widget_views():
    """The server's pre-save hook: no widget view or state reaches the disk; the text form stays."""
    view = "application/vnd.jupyter.widget-view+json"
    model = {"type": "notebook", "content": {"metadata": {"widgets": {"state": {}}}, "cells": [
        {"cell_type": "code", "outputs": [
            {"output_type": "execute_result", "data": {view: {"model_id": "abc"}, "text/plain": "▶ Run this cell"}},
            {"output_type": "display_data", "data": {view: {"model_id": "def"}}},
            {"output_type": "stream", "text": "kept"}]},
        {"cell_type": "markdown", "source": "# title"}]}}
    notebook_files.pre_save_hook(model=model, path="x.ipynb")
    outputs = model["content"]["cells"][0]["outputs"]
    assert outputs[0]["data"] == {"text/plain": "▶ Run this cell"}
    assert view not in outputs[1]["data"] and "run this cell" in outputs[1]["data"]["text/plain"]
    assert outputs[2]["text"] == "kept" and "widgets" not in model["content"]["metadata"]
