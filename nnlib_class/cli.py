"""The ``nnlib-class`` command (also ``python -m nnlib_class``): the course in JupyterLab.

    nnlib-class lab [--lang ko|en] [--dir DIR] [--port PORT] [--no-browser] [JUPYTER OPTIONS]
    nnlib-class list [--dir DIR]
    nnlib-class reset [LESSON] [--yes] [--dir DIR]

``lab`` copies the lessons into the student's folder (``nnlib_class.copies``) and runs
JupyterLab in this process, configured on its command line: it listens on 127.0.0.1 only,
makes its own token (never on a command line: it is printed with the address), picks a
free port from 8888 up (``port_retries``), opens lesson 0 of the chosen language, drops
widget views when a notebook is saved (a view saved without its state reopens as "model
not found"), turns off the news pop-up and enlarges slides for a projector. Its
configuration folder is the course's own (``DIR/.nnlib-class/config``), so a Jupyter
configuration of the user's cannot change that. One Ctrl+C stops it and its kernels.

Help and messages are in Korean or English: ``--lang``, else ``NNLIB_LANG``, else Korean
when the system's language is Korean, else English. Nothing here is POSIX-only: the few
calls that differ on Windows say so.
"""

import argparse
import json
import locale
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time

from nnlib_class import copies
from nnlib_class.copies import LANGS, CourseError

FIRST_LESSON = "00_start_here.ipynb"
FIRST_PORT = 8888

# JupyterLab settings for the course (the "app settings" level: a student can still
# change them in the Settings editor)
OVERRIDES = {
    # no "Would you like to get notified about official Jupyter news?" pop-up
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # draw every cell (short lessons; slides and tests see the whole notebook)
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

# Slides (jupyterlab-slideshow marks the presented notebook with .jp-Deck): larger text
# for a projector, loaded by JupyterLab's --LabApp.custom_css
SLIDES_CSS = """\
/* nnlib-class: larger text when a notebook is shown as slides (projector) */
.jp-Deck {
  --jp-content-font-size1: 22px;
  --jp-code-font-size: 20px;
  --jp-ui-font-size1: 18px;
}
.jp-Deck .jp-RenderedMarkdown h1 { font-size: 2.2em; }
.jp-Deck .jp-RenderedMarkdown h2 { font-size: 1.8em; }
.jp-Deck .jp-OutputArea-output pre { font-size: 18px; }
.jp-Deck .widget-label, .jp-Deck .widget-readout, .jp-Deck .widget-html-content { font-size: 18px; }
"""

HELP = {
    "ko": """\
사용법: nnlib-class [--lang ko|en] 명령 [옵션]

신경망 학습 입문(nnlib-class) 수업을 JupyterLab에서 엽니다.

명령:
  lab            수업 노트북을 내 폴더에 복사하고 JupyterLab을 엽니다.
                 이미 있는 복사본은 건드리지 않으니, 바꾼 내용은 다음에도 남아 있습니다.
  list           수업 목록과 내 복사본의 상태(원본 그대로, 바뀜, 아직 없음)를 보여 줍니다.
  reset [수업]   수업을 원래 상태로 되돌립니다(수업을 적지 않으면 전부).
                 바뀐 복사본이 있으면 버려도 되는지 먼저 묻습니다.

옵션:
  --lang ko|en   언어: 도움말과 메시지, 처음 여는 수업
                 (기본: NNLIB_LANG, 없으면 시스템 언어가 한국어일 때 ko, 아니면 en)
  --dir 폴더     내 수업 폴더 (기본: {default})
  --port 번호    JupyterLab의 포트 (기본: 8888부터 빈 포트를 스스로 찾습니다)
  --no-browser   웹 브라우저를 열지 않고 주소만 보여 줍니다
  --yes          reset: 묻지 않고 되돌립니다
  --version      버전을 보여 줍니다
  -h, --help     이 도움말을 보여 줍니다
  그 밖의 JupyterLab 옵션(--ServerApp.이름=값 꼴)은 JupyterLab에 그대로 전달됩니다.

예:
  nnlib-class lab                    한국어 수업을 엽니다
  nnlib-class lab --lang en          영어 수업을 엽니다
  nnlib-class reset 04               4강을 두 언어 모두 되돌립니다
  nnlib-class reset ko/04 --yes      한국어 4강만, 묻지 않고 되돌립니다

JupyterLab은 이 컴퓨터(127.0.0.1)에서만 접속을 받고, 실행할 때마다 새 접속 토큰을
만듭니다. 터미널에서 Ctrl+C를 한 번 누르면 멈춥니다.
""",
    "en": """\
usage: nnlib-class [--lang ko|en] COMMAND [OPTIONS]

Opens the nnlib-class course (how a neural network learns) in JupyterLab.

commands:
  lab            copy the lessons into your folder and open JupyterLab there.
                 Copies that exist are never touched, so your changes stay.
  list           list the lessons and the state of your copies (original, changed, missing).
  reset [LESSON] put a lesson back as it was (all lessons if none is named).
                 If a copy was changed, asks before throwing the changes away.

options:
  --lang ko|en   language of the help, the messages and the first lesson opened
                 (default: NNLIB_LANG, else ko if the system's language is Korean, else en)
  --dir DIR      your lessons folder (default: {default})
  --port PORT    JupyterLab's port (default: the first free one from 8888 up)
  --no-browser   do not open a web browser, only print the address
  --yes          reset: do not ask first
  --version      print the version
  -h, --help     show this help
  Other JupyterLab options (of the form --ServerApp.name=value) are passed on to JupyterLab.

examples:
  nnlib-class lab                    open the Korean lessons
  nnlib-class lab --lang en          open the English lessons
  nnlib-class reset 04               put lesson 4 back, in both languages
  nnlib-class reset en/04 --yes      only the English lesson 4, without asking

JupyterLab accepts connections from this computer only (127.0.0.1) and makes a new
access token each time it starts. One Ctrl+C in the terminal stops it.
""",
}

MESSAGES = {
    "ko": {
        "error": "오류",
        "see_help": "도움말: nnlib-class --help",
        "bad_lang": "--lang은 ko 또는 en이어야 합니다. 받은 값: {lang!r}",
        "bad_command": "명령은 lab, list, reset 가운데 하나입니다. 받은 값: {command!r}",
        "no_command": "명령을 적어 주세요. 예: nnlib-class lab",
        "lesson_only_for_reset": "수업 이름({lesson!r})은 reset에만 씁니다",
        "unknown_lesson": "{lesson!r}라는 수업이 없습니다. 수업: {lessons}",
        "not_writable": "{folder} 폴더에 쓸 수 없습니다({reason}). --dir로 쓸 수 있는 폴더를 정해 주세요.",
        "not_a_folder": "{folder}은(는) 폴더가 아니라 파일입니다. --dir로 다른 폴더를 정해 주세요.",
        "inside_package": ("{folder}은(는) 설치된 강좌 패키지 안입니다. 수업은 내 폴더에서 합니다: "
                           "--dir로 다른 폴더를 정해 주세요."),
        "bad_port": "--port는 1~65535 사이의 정수여야 합니다. 받은 값: {port!r}",
        "port_in_use": ("포트 {port}은(는) 다른 프로그램이 쓰고 있습니다. 다른 번호를 주거나 "
                        "--port 없이 실행하면 빈 포트를 찾습니다."),
        "no_jupyterlab": 'JupyterLab이 설치되어 있지 않습니다: pip install "nnlib-class[lab]"',
        "copied": "수업 {count}개를 {folder}에 복사했습니다(내 복사본: 마음껏 고치고 저장하세요).",
        "starting": "JupyterLab을 시작합니다...",
        "ready": ("\n  수업 주소: {url}\n  내 수업 폴더: {folder}\n"
                  "  Ctrl+C를 한 번 누르면 JupyterLab이 멈춥니다.\n"),
        "stopping": "JupyterLab을 멈추는 중...",
        "stopped": "JupyterLab이 멈췄습니다.",
        "list_header": "{folder}의 수업:",
        "original": "원본 그대로",
        "changed": "바뀜",
        "missing": "아직 없음 (nnlib-class lab 또는 reset이 복사합니다)",
        "differ": "{folder}에서 다음 수업이 원본과 다릅니다:",
        "ask": "바꾼 내용을 버리고 이 {count}개를 원래대로 되돌릴까요? [y/N] ",
        "kept": "아무것도 바꾸지 않았습니다. (묻지 않고 되돌리려면 --yes를 붙이세요.)",
        "restored": "{folder}에서 수업 파일 {count}개를 되돌렸습니다.",
        "already": " {count}개는 이미 원본과 같았습니다.",
    },
    "en": {
        "error": "error",
        "see_help": "help: nnlib-class --help",
        "bad_lang": "--lang must be ko or en, got {lang!r}",
        "bad_command": "the command must be lab, list or reset, got {command!r}",
        "no_command": "name a command, for example: nnlib-class lab",
        "lesson_only_for_reset": "a lesson name ({lesson!r}) is for reset only",
        "unknown_lesson": "there is no lesson {lesson!r}; the lessons are: {lessons}",
        "not_writable": "cannot write to the folder {folder} ({reason}); choose a folder you can write to with --dir",
        "not_a_folder": "{folder} is a file, not a folder; choose another one with --dir",
        "inside_package": ("{folder} is inside the installed course package; lessons are worked on in a "
                           "folder of your own: choose another one with --dir"),
        "bad_port": "--port must be a whole number from 1 to 65535, got {port!r}",
        "port_in_use": ("port {port} is in use by another program; give another number, or leave out "
                        "--port and a free port is found"),
        "no_jupyterlab": 'JupyterLab is not installed: pip install "nnlib-class[lab]"',
        "copied": "Copied {count} lessons into {folder} (your own copies: change and save freely).",
        "starting": "Starting JupyterLab...",
        "ready": ("\n  The course: {url}\n  Your lessons folder: {folder}\n"
                  "  Press Ctrl+C once to stop JupyterLab.\n"),
        "stopping": "Stopping JupyterLab...",
        "stopped": "JupyterLab stopped.",
        "list_header": "The lessons in {folder}:",
        "original": "original",
        "changed": "changed",
        "missing": "missing (nnlib-class lab or reset copies it)",
        "differ": "These lessons in {folder} differ from the originals:",
        "ask": "Throw away your changes to these {count} and restore the originals? [y/N] ",
        "kept": "Nothing changed. (To reset without the question, add --yes.)",
        "restored": "Restored {count} lesson file(s) in {folder}.",
        "already": " {count} already matched the originals.",
    },
}
YES = ("y", "yes", "예", "네", "ㅇ")


def default_folder(home=None):
    """The lessons folder when --dir is not given: ``nnlib-class`` in the user's home folder."""
    return pathlib.Path(home or pathlib.Path.home()) / "nnlib-class"


def system_language(environ, system_locale):
    """"ko" if the system's language is Korean, else "en".

    POSIX systems name it in ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` ("ko_KR.UTF-8");
    Windows sets none of these, and ``locale.getlocale()`` names it ("ko_KR" or, on
    older Pythons, "Korean_Korea").
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "ko" if environ[name].lower().startswith("ko") else "en"
    return "ko" if (system_locale or "").lower().startswith(("ko", "korean")) else "en"


def choose_language(argv, environ=os.environ, system_locale=None):
    """The language of the help and messages: ``--lang`` in ``argv``, else NNLIB_LANG, else the system's.

    An unknown ``--lang`` gives "en" here (the parser then says what is wrong).
    """
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value is not None:
            return value if value in LANGS else "en"
    if environ.get("NNLIB_LANG") in LANGS:
        return environ["NNLIB_LANG"]
    if system_locale is None:
        system_locale = locale.getlocale()[0]
    return system_language(environ, system_locale)


def check_folder(folder):
    """``folder`` made absolute and created, or CourseError if it cannot hold the student's copies."""
    folder = pathlib.Path(folder).expanduser().resolve()
    package = copies.HERE
    if folder == package or package in folder.parents or copies.SOURCE in (folder, *folder.parents):
        raise CourseError("inside_package", folder=folder)
    if folder.exists() and not folder.is_dir():
        raise CourseError("not_a_folder", folder=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".nnlib-class-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise CourseError("not_writable", folder=folder, reason=error.strerror or error) from None
    return folder


def check_port(port):
    """``port`` as an int if it is free on 127.0.0.1, else CourseError (bad_port or port_in_use)."""
    import socket

    try:
        number = int(port)
    except (TypeError, ValueError):
        raise CourseError("bad_port", port=port) from None
    if not 1 <= number <= 65535:
        raise CourseError("bad_port", port=port)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", number))
        except OSError:
            raise CourseError("port_in_use", port=number) from None
    return number


def prepare_state(state):
    """Make the course's Jupyter folders in ``state`` and write the settings every run uses."""
    state = copies.private_dir(state)
    for name in ("config", "config/custom", "app-settings", "user-settings", "workspaces", "data"):
        copies.private_dir(state / name)
    (state / "app-settings" / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2) + "\n", encoding="utf-8")
    (state / "config" / "custom" / "custom.css").write_text(SLIDES_CSS, encoding="utf-8")
    return state


def is_root():
    """True when running as root on POSIX (JupyterLab then needs --allow-root); never on Windows."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def server_argv(lang, folder, port=None, open_browser=True, extra=()):
    """JupyterLab's arguments for the student folder ``folder``: no token in them.

    ``port=None`` lets JupyterLab take the first free port from 8888 up; a given port is
    used as it is. ``extra`` (the student's own JupyterLab options) comes first, so that the
    course's address and folders win.
    """
    state = copies.state_dir(folder)
    args = [
        *extra,
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port or FIRST_PORT}",
        f"--ServerApp.port_retries={0 if port else 50}",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.open_browser={bool(open_browser)}",
        "--ServerApp.answer_yes=True",  # never "Shut down this Jupyter server (y/[n])?"
        "--ServerApp.log_level=WARN",  # the terminal shows the address and what goes wrong
        f"--LabApp.default_url=/lab/tree/{lang}/{FIRST_LESSON}",
        "--ContentsManager.pre_save_hook=nnlib.course.notebook_files.pre_save_hook",
        f"--NotebookNotary.data_dir={state / 'data'}",
        f"--LabApp.app_settings_dir={state / 'app-settings'}",
        f"--LabApp.user_settings_dir={state / 'user-settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.custom_css=True",
        "--LabApp.extension_manager=readonly",  # no look-ups on PyPI from the Extensions panel
    ]
    if is_root():
        args.append("--allow-root")
    return args


def stop_signals():
    """The signals that stop the server: Ctrl+C and a polite kill everywhere, a closed
    terminal on POSIX (SIGHUP), Ctrl+Break on Windows (SIGBREAK)."""
    return [signal.SIGINT, signal.SIGTERM] + [getattr(signal, name) for name in ("SIGHUP", "SIGBREAK")
                                               if hasattr(signal, name)]


def serve(lang, folder, port, open_browser, extra, say):
    """Run JupyterLab in this process on ``folder`` until it is stopped; returns the exit code."""
    try:
        from filelock import FileLock
        from jupyterlab.labapp import LabApp
    except ImportError:
        raise CourseError("no_jupyterlab") from None
    prepare_state(copies.state_dir(folder))
    # the course's configuration folder: custom.css, and no user configuration that could
    # open the server to the network (the command line below wins over config files anyway)
    os.environ["JUPYTER_CONFIG_DIR"] = str(copies.state_dir(folder) / "config")
    say("starting")
    # JupyterLab picks a free port while it starts, but binds it only once it runs: two labs
    # started together could pick the same port, and the second would stop. One nnlib-class
    # at a time goes from the port's choice to its binding.
    choosing = FileLock(pathlib.Path(tempfile.gettempdir()) / "nnlib-class-port.lock")
    choosing.acquire(timeout=300)
    try:
        server = LabApp.initialize_server(argv=server_argv(lang, folder, port, open_browser, extra))
    except BaseException:
        choosing.release()
        raise

    def stop(signum, frame):
        for other in stop_signals():  # a second Ctrl+C must not leave it half-stopped
            signal.signal(other, signal.SIG_IGN)
        say("stopping")
        server.stop(from_signal=True)

    for signum in stop_signals():
        signal.signal(signum, stop)

    def ready():  # runs after the server has bound its port
        choosing.release()
        say("ready", url=server.display_url, folder=folder)

    server.io_loop.add_callback(ready)
    server.start()  # returns once stopped, kernels shut down
    say("stopped")
    return 0


class Parser(argparse.ArgumentParser):
    """argparse with the course's own help text and errors in the chosen language."""

    def __init__(self, lang):
        super().__init__(prog="nnlib-class", add_help=False)
        self.lang = lang

    def error(self, message):
        text = MESSAGES[self.lang]
        self.exit(2, f"nnlib-class: {text['error']}: {message}\n{text['see_help']}\n")


def parse(argv, lang):
    """``(arguments, jupyter options)`` from ``argv``; options like --ServerApp.port=9 go to JupyterLab."""
    jupyter = [a for a in argv if re.fullmatch(r"--[A-Za-z]\w*\.\w+=.*", a)]
    parser = Parser(lang)
    parser.add_argument("command", nargs="?")
    parser.add_argument("lesson", nargs="?")
    parser.add_argument("--lang")
    parser.add_argument("--dir", type=pathlib.Path)
    parser.add_argument("--port")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--yes", action="store_true")
    parser.add_argument("--version", action="store_true")
    parser.add_argument("-h", "--help", action="store_true")
    return parser.parse_intermixed_args([a for a in argv if a not in jupyter]), jupyter


def main(argv=None, ask=input):
    """The command line; returns the exit code (0 done, 1 a problem to fix, 2 a wrong command line)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = choose_language(argv)
    text = MESSAGES[lang]

    def say(key, **fields):
        print(text[key].format(**fields), flush=True)

    def fail(key, code, **fields):
        print(f"nnlib-class: {text['error']}: {text[key].format(**fields)}", file=sys.stderr, flush=True)
        return code

    args, jupyter = parse(argv, lang)
    if args.version:
        from importlib.metadata import version
        print(f"nnlib-class {version('nnlib-class')}")
        return 0
    if args.help or args.command is None:
        print(HELP[lang].format(default=default_folder()), end="")
        return 0 if args.help else fail("no_command", 2)
    if args.lang is not None and args.lang not in LANGS:
        return fail("bad_lang", 2, lang=args.lang)
    if args.command not in ("lab", "list", "reset"):
        return fail("bad_command", 2, command=args.command)
    if args.lesson is not None and args.command != "reset":
        return fail("lesson_only_for_reset", 2, lesson=args.lesson)
    try:
        folder = check_folder(args.dir or default_folder())
        if args.command == "list":
            say("list_header", folder=folder)
            for rel, state in copies.status(folder).items():
                print(f"  {rel:<40} {text[state]}")
            return 0
        if args.command == "reset":
            return reset(args.lesson, folder, args.yes, text, ask)
        port = check_port(args.port) if args.port is not None else None
        copied = copies.working_copy(folder)
        if copied:
            say("copied", count=len(copied), folder=folder)
        return serve(args.lang or lang, folder, port, not args.no_browser, jupyter, say)
    except CourseError as error:
        return fail(error.key, 1, **error.fields)


def reset(lesson, folder, yes, text, ask=input):
    """``nnlib-class reset``: restore the lessons ``lesson`` names, asking first unless ``yes``."""
    def confirm(changed):
        if yes:
            return True
        print(text["differ"].format(folder=folder))
        for rel in changed:
            print(f"  {rel}")
        try:
            answer = ask(text["ask"].format(count=len(changed)))
        except EOFError:  # no terminal to ask on
            answer = ""
        return answer.strip().lower() in YES

    done = copies.reset(lesson, folder, confirm)
    if done is None:
        print(text["kept"], flush=True)
        return 0
    written, unchanged = done
    print(text["restored"].format(count=len(written), folder=folder)
          + (text["already"].format(count=unchanged) if unchanged else ""), flush=True)
    return 0


class Lab:
    """A running ``nnlib-class lab`` in a child process: ``process``, ``url`` (with the token), ``port``, ``token``, ``log``."""

    ADDRESS = re.compile(r"(http://127\.0\.0\.1:(\d+)/lab/tree/\S+\?token=(\w+))")

    def __init__(self, process, url, log):
        self.process, self.address, self.log = process, url, log
        found = self.ADDRESS.search(url)
        self.port, self.token = int(found.group(2)), found.group(3)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self, timeout=60):
        """Stop the server as Ctrl+C does (SIGTERM on POSIX; on Windows terminate() ends it at once)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start(command, log, env=None, cwd=None, timeout=180):
    """Run ``command`` (an ``nnlib-class lab ... --no-browser`` command line) with its output in
    the file ``log``, and return a :class:`Lab` once it has printed the course's address.

    For scripts and tests; a student runs the command itself.
    """
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   env=env, cwd=cwd)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = pathlib.Path(log).read_text(encoding="utf-8", errors="replace")
        labels = tuple(MESSAGES[lang]["ready"].split(":")[0].strip() for lang in LANGS)  # "The course", ...
        for line in text.splitlines():
            if line.strip().startswith(labels) and Lab.ADDRESS.search(line):
                return Lab(process, Lab.ADDRESS.search(line).group(1), log)
        if process.poll() is not None:
            raise RuntimeError(f"nnlib-class lab stopped (exit code {process.returncode}):\n{text[-3000:]}")
        time.sleep(0.2)
    Lab(process, "http://127.0.0.1:1/lab/tree/x?token=x", log).stop()
    raise RuntimeError(f"nnlib-class lab printed no address within {timeout} s:\n{text[-3000:]}")
