"""Open the course in JupyterLab (what `make lab` runs).

JupyterLab listens on 127.0.0.1 only and keeps token authentication on: it
makes up a fresh token and prints the address with it. ``--allow-root`` is
added only when running as root (JupyterLab refuses root without it).
"""

import argparse
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIRST_LESSON = "00_start_here.ipynb"


def command(lang="ko", root_dir=NOTEBOOKS, extra=()):
    """The argument list that starts JupyterLab on the lesson-0 page of ``lang``."""
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', got {lang!r}")
    args = [
        sys.executable, "-m", "jupyter", "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root_dir}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    args += list(extra)
    args.append(str(pathlib.Path(root_dir) / lang / FIRST_LESSON))
    return args


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="ko", choices=["ko", "en"], help="language of the first lesson shown")
    args = parser.parse_args()
    cmd = command(args.lang)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
