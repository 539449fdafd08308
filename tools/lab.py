"""Open the course in JupyterLab (what `make lab` runs), and put lessons back.

    python tools/lab.py [--lang ko|en]         open the course (make lab)
    python tools/lab.py reset [LESSON] [--yes] restore lessons (make reset)

Students work on their own copies. The first run copies ``notebooks/`` into
``my-lessons/`` (git ignores it), and JupyterLab's root is that folder, so
saving, autosave included, never writes the committed notebooks. Later runs
keep the copies as they are and only add lessons that are missing. ``reset``
replaces one lesson (both languages) or all of them with the originals, after
asking, since the student's changes are lost.

The server listens on 127.0.0.1 only. Its token is made up fresh each run and
reaches JupyterLab through a file that only the user can read
(``JUPYTER_TOKEN_FILE``, removed once the server is up), never through the
command line, which every user can read with ``ps``. JupyterLab picks the
port itself (8888 up); the address printed is read back from the running
server, so two ``make lab`` started at once each print their own. The
server's log goes to a file under ``.jupyter-run/logs/``; the terminal shows
only the address. One Ctrl+C stops the server and its kernels.

Everything JupyterLab keeps (settings, workspaces, runtime files, the
notebook-trust database) lives in ``.jupyter-run/``, apart from the user's own
Jupyter configuration: the news pop-up is off, slides are larger, and our own
copied lessons are marked trusted.
"""

import argparse
import json
import os
import pathlib
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WORK = ROOT / "my-lessons"
STATE = ROOT / ".jupyter-run"
SERVER_CONFIG = ROOT / "tools" / "jupyter_lab_config.py"
LANGS = ("ko", "en")
FIRST_LESSON = "00_start_here.ipynb"
FIRST_PORT = 8888

# JupyterLab settings that every user of the course gets (the "app settings"
# level: a user can still change them in the Settings editor).
OVERRIDES = {
    # no "Would you like to get notified about official Jupyter news?" toast
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # draw every cell (short lessons; slides and tests see the whole notebook)
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

# Slides (jupyterlab-slideshow marks the presented notebook with .jp-Deck):
# larger text for a projector. Loaded by JupyterLab's --custom-css.
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


def check_lang(lang):
    """``lang`` if it is a course language, else a ValueError naming LESSON_LANG."""
    if lang not in LANGS:
        raise ValueError(f"LESSON_LANG must be 'ko' or 'en', got {lang!r} "
                         f"(for example: make lab LESSON_LANG=en)")
    return lang


# --------------------------------------------------------------------------
# The students' working copy
# --------------------------------------------------------------------------

def lessons(src=NOTEBOOKS):
    """Every lesson notebook, as paths relative to ``src`` ("ko/00_start_here.ipynb", ...)."""
    return sorted(p.relative_to(src).as_posix() for lang in LANGS for p in (src / lang).glob("*.ipynb"))


def trust(paths, state=STATE):
    """Sign notebooks as trusted in the lab's own trust database (no "not trusted" notice).

    Runs under a lock on ``state``: two runs at once would otherwise each make
    up the database's secret, and the signatures made with the one lost would
    not count.
    """
    from nbformat import read
    from nbformat.sign import NotebookNotary

    if not paths:
        return
    data = _private_dir(pathlib.Path(state) / "data")
    with open(data / ".lock", "w") as lock:
        _lock(lock)
        notary = NotebookNotary(data_dir=str(data))
        for path in paths:
            notary.sign(read(path, as_version=4))


def _lock(file):
    try:
        import fcntl
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
    except ImportError:  # Windows: no second run to guard against in a classroom
        pass


def working_copy(src=NOTEBOOKS, dst=WORK, state=STATE):
    """Copy into ``dst`` every lesson of ``src`` that ``dst`` lacks; never touch an existing copy.

    Returns the relative paths copied (all of them on first use, none afterwards
    unless a lesson was added or deleted). Two runs at once each copy a lesson
    only if the other has not, and never see a half-written one: a copy is
    written under a temporary name and then linked in place, which fails if
    the lesson appeared meanwhile.
    """
    copied = []
    for rel in lessons(src):
        target = dst / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
        try:
            shutil.copyfile(src / rel, partial)
            _link_new(partial, target)
            copied.append(rel)
        except FileExistsError:  # copied by another run meanwhile
            pass
        finally:
            partial.unlink(missing_ok=True)
    trust([dst / rel for rel in copied], state)
    return copied


def _link_new(path, target):
    """Give ``path`` the name ``target`` too, or raise FileExistsError if ``target`` exists."""
    try:
        os.link(path, target)  # atomic: fails if target exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the small window is accepted
        if target.exists():
            raise FileExistsError(target) from None
        shutil.copyfile(path, target)


def select(lesson, src=NOTEBOOKS):
    """The lessons that ``lesson`` names: all for None or "", else those whose name starts with it.

    "04", "04_gradient_descent", "04_gradient_descent.ipynb" name the lesson in
    both languages; "en/04" names only the English one.
    """
    every = lessons(src)
    if not lesson:
        return every
    wanted = lesson.removesuffix(".ipynb").strip("/")
    chosen = [rel for rel in every
              if (rel.startswith(wanted) if "/" in wanted else rel.split("/", 1)[1].startswith(wanted))]
    if not chosen:
        names = sorted({rel.split("/", 1)[1].removesuffix(".ipynb") for rel in every})
        raise ValueError(f"LESSON {lesson!r} names no lesson; the lessons are: {', '.join(names)}")
    return chosen


def reset(lesson=None, yes=False, src=NOTEBOOKS, dst=WORK, state=STATE, ask=input, out=print):
    """Put the named lessons of ``dst`` back to the originals in ``src``.

    Copies that differ from the original are replaced only after ``ask`` gets
    "y" or "yes" (or with ``yes=True``); missing copies are made without asking.
    Returns the relative paths written.
    """
    chosen = select(lesson, src)
    changed = [rel for rel in chosen
               if (dst / rel).exists() and (dst / rel).read_bytes() != (src / rel).read_bytes()]
    missing = [rel for rel in chosen if not (dst / rel).exists()]
    if changed and not yes:
        out(f"These lessons in {dst.name}/ differ from the originals:")
        for rel in changed:
            out(f"  {rel}")
        try:
            answer = ask(f"Throw away your changes to these {len(changed)} and restore the originals? [y/N] ")
        except EOFError:  # no terminal to ask on
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            out("Nothing changed. (To reset without the question: make reset YES=1, or add --yes.)")
            return []
    written = []
    for rel in changed + missing:
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / rel, dst / rel)
        written.append(rel)
    trust([dst / rel for rel in written], state)
    untouched = len(chosen) - len(written)
    out(f"Restored {len(written)} lesson file(s) in {dst.name}/"
        + (f"; {untouched} already matched the originals." if untouched else "."))
    return sorted(written)


# --------------------------------------------------------------------------
# The JupyterLab server
# --------------------------------------------------------------------------

def _private_dir(path):
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def prepare_state(state=STATE):
    """Make ``state``'s folders (user-only) and write the settings every run uses."""
    _private_dir(state)
    for name in ("config", "config/custom", "app-settings", "user-settings", "workspaces", "runtime", "data", "logs"):
        _private_dir(state / name)
    (state / "app-settings" / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2) + "\n")
    (state / "config" / "custom" / "custom.css").write_text(SLIDES_CSS)
    return state


def command(lang="ko", root_dir=WORK, state=STATE, port=FIRST_PORT, extra=()):
    """The argument list that starts JupyterLab on lesson 0 of ``lang``. It holds no token."""
    check_lang(lang)
    root_dir, state = pathlib.Path(root_dir), pathlib.Path(state)
    args = [
        sys.executable, "-m", "jupyterlab",
        f"--config={SERVER_CONFIG}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=50",  # the real port is read back from the server
        "--ServerApp.answer_yes=True",  # never "Shutdown this server (y/[n])?"
        f"--ServerApp.root_dir={root_dir}",
        f"--NotebookNotary.data_dir={state / 'data'}",
        f"--LabApp.app_settings_dir={state / 'app-settings'}",
        f"--LabApp.user_settings_dir={state / 'user-settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.custom_css=True",
        "--LabApp.extension_manager=readonly",  # offline: no PyPI look-ups from the Extensions panel
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    args += list(extra)
    args.append(str(root_dir / lang / FIRST_LESSON))
    return args


def environment(token_file, state=STATE, base=None):
    """The server's environment: the token by file, Jupyter's folders inside ``state``."""
    env = dict(os.environ if base is None else base)
    env.pop("JUPYTER_TOKEN", None)
    env.update({
        "JUPYTER_TOKEN_FILE": str(token_file),
        "JUPYTER_CONFIG_DIR": str(state / "config"),  # custom.css; the user's own config stays out
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),  # where the server writes its port
    })
    return env


def lesson_url(lang, port, token):
    return f"http://127.0.0.1:{port}/lab/tree/{lang}/{FIRST_LESSON}?token={token}"


def _write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def _die_with_parent():
    """Linux: the server gets SIGTERM if lab.py dies (it runs in a session of its own)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Lab:
    """A running JupyterLab: ``process``, ``port``, ``token``, ``url``, ``log``."""

    def __init__(self, process, port, token, log):
        self.process, self.port, self.token, self.log = process, port, token, log
        self.url = f"http://127.0.0.1:{port}"

    def stop(self, timeout=30):
        """SIGTERM (JupyterLab shuts its kernels down and exits), then SIGKILL if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _ready(url, token):
    request = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


def _start_once(lang, root_dir, state, open_browser, extra, timeout):
    """A :class:`Lab` once the server answers, or the path of its log if it exited at start-up."""
    token = secrets.token_hex(24)
    token_file = state / "runtime" / f"token-{os.getpid()}-{secrets.token_hex(4)}"
    _write_private(token_file, token)
    log_path = state / "logs" / f"lab-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(2)}.log"
    cmd = command(lang, root_dir, state, extra=[f"--ServerApp.open_browser={open_browser}", *extra])
    try:
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=root_dir,
                env=environment(token_file, state), start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        info = state / "runtime" / f"jpserver-{process.pid}.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if info.exists():
                try:
                    port = json.loads(info.read_text())["port"]
                except (ValueError, KeyError):  # being written
                    port = None
                # The info file is written before the port is bound: only our own
                # server answers our token, so a 200 means this port is ours.
                if port and _ready(f"http://127.0.0.1:{port}", token):
                    return Lab(process, port, token, log_path)
            time.sleep(0.2)
        if process.poll() is None:
            Lab(process, 0, token, log_path).stop()
            raise RuntimeError(f"JupyterLab did not answer within {timeout} s; its log: {log_path}")
        return log_path  # exited early; its log says why
    finally:
        token_file.unlink(missing_ok=True)  # read at start-up; kernels never see it


def start(lang="ko", root_dir=WORK, state=STATE, open_browser=True, extra=(), timeout=120, attempts=5):
    """Start JupyterLab on ``root_dir`` and return a :class:`Lab` once it answers.

    JupyterLab tries ports from 8888 up; if another server takes the port between
    its check and its bind (two ``make lab`` at once), it exits and is started again.
    """
    check_lang(lang)
    prepare_state(pathlib.Path(state))
    for _ in range(attempts):
        lab = _start_once(lang, pathlib.Path(root_dir), pathlib.Path(state), open_browser, extra, timeout)
        if isinstance(lab, Lab):
            _prune_logs(pathlib.Path(state) / "logs")
            return lab
        log = lab  # this server's own log: another run may be writing a newer one
        if "could not be started because" not in log.read_text():  # not the port: say why
            raise RuntimeError("JupyterLab stopped at start-up:\n" + _tail(log))
    raise RuntimeError(f"JupyterLab found no free port after {attempts} tries:\n" + _tail(log))


def _tail(path, lines=30):
    return "\n".join(pathlib.Path(path).read_text(errors="replace").splitlines()[-lines:])


def _prune_logs(logs, keep=10):
    for old in sorted(logs.glob("lab-*.log"), key=os.path.getmtime)[:-keep]:
        old.unlink(missing_ok=True)


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------

def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt


def run(lang, root_dir=WORK, state=STATE, src=NOTEBOOKS, open_browser=True):
    """What `make lab` does: working copy, server, the address, then wait for Ctrl+C."""
    copied = working_copy(src, pathlib.Path(root_dir), pathlib.Path(state))
    where = pathlib.Path(root_dir)
    where = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
    if copied:
        print(f"Copied {len(copied)} lessons into {where}/ (your own copies: save freely; "
              f"make reset restores the originals).", flush=True)
    print("Starting JupyterLab...", flush=True)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_on_signal)
    try:
        lab = start(lang, root_dir, state, open_browser=open_browser)
    except KeyboardInterrupt:
        print("Stopped.")
        return 130
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"\n  The course ({where}/): {lesson_url(lang, lab.port, lab.token)}\n"
          f"  Press Ctrl+C once to stop JupyterLab.\n", flush=True)
    try:
        code = lab.process.wait()
        print(f"JupyterLab exited by itself (code {code}); its log: {lab.log}", file=sys.stderr)
        return code or 1
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not leave it half-stopped
        print("Stopping JupyterLab...", flush=True)
        lab.stop()
        print("JupyterLab stopped.", flush=True)
        return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", default="lab", choices=["lab", "reset"])
    parser.add_argument("lesson", nargs="?", default=None, help="reset: which lesson (default: all)")
    parser.add_argument("--lang", default=os.environ.get("LESSON_LANG", "ko"),
                        help="language of the first lesson shown: ko or en (make lab LESSON_LANG=en)")
    parser.add_argument("--yes", action="store_true", help="reset: do not ask before throwing changes away")
    parser.add_argument("--work", type=pathlib.Path, default=WORK, help=argparse.SUPPRESS)
    parser.add_argument("--state", type=pathlib.Path, default=STATE, help=argparse.SUPPRESS)
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    args = parser.parse_intermixed_args(argv)
    try:
        if args.action == "reset":
            reset(args.lesson, args.yes, NOTEBOOKS, args.work, args.state)
            return 0
        check_lang(args.lang)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return run(args.lang, args.work, args.state, open_browser=not args.no_browser)


if __name__ == "__main__":
    sys.exit(main())
