"""Open the course in JupyterLab (what `make lab` runs).

JupyterLab listens on 127.0.0.1 only, with token authentication on: this
script makes up a fresh random token, picks a free port from 8888 up, and
prints the address of the first lesson with the token in it (JupyterLab's own
log shows only the generic /lab address). ``--allow-root`` is added only when
running as root, since JupyterLab refuses root without it.
"""

import argparse
import os
import pathlib
import secrets
import socket
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIRST_LESSON = "00_start_here.ipynb"


def free_port(start=8888):
    """The first port from ``start`` up that nothing listens on at 127.0.0.1."""
    for port in range(start, start + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start}..{start + 99}")


def command(lang="ko", port=8888, token=None, root_dir=NOTEBOOKS, extra=()):
    """The argument list that starts JupyterLab on the lesson-0 page of ``lang``."""
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', got {lang!r}")
    token = token or secrets.token_hex(24)
    args = [
        sys.executable, "-m", "jupyter", "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # the printed address must be the real one
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    args += list(extra)
    args.append(str(pathlib.Path(root_dir) / lang / FIRST_LESSON))
    return args


def lesson_url(lang, port, token):
    return f"http://127.0.0.1:{port}/lab/tree/{lang}/{FIRST_LESSON}?token={token}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="ko", choices=["ko", "en"], help="language of the first lesson shown")
    args = parser.parse_args()
    port, token = free_port(), secrets.token_hex(24)
    print(f"\n  The course: {lesson_url(args.lang, port, token)}\n  (Ctrl+C stops JupyterLab)\n", flush=True)
    cmd = command(args.lang, port, token)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
