"""`nnlib-class lab` (what `make lab` runs) as other users and a second terminal see it (no Chromium needed)."""

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from nnlib.course.i18n import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _status(url, token):
    request = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def _descendants(pid):
    children = pathlib.Path(f"/proc/{pid}/task/{pid}/children")
    found = []
    if children.exists():
        for child in children.read_text().split():
            found += [int(child)] + _descendants(int(child))
    return found


@pytest.mark.skipif(not pathlib.Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
def test_the_token_is_in_no_command_line(lab_server):
    token = lab_server["token"]
    server = lab_server["process"].pid
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(  # a kernel, as a lesson starts one
            f"{lab_server['url']}/api/kernels", data=b"{}", headers=headers, method="POST")) as r:
        kernel = json.load(r)["id"]
    assert _descendants(server), "the kernel should run under the server"
    seen = 0
    for cmdline in pathlib.Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes()
        except OSError:  # the process ended meanwhile
            continue
        seen += 1
        assert token.encode() not in args, f"token on the command line of process {cmdline.parent.name}"
    assert seen > 10
    assert b"nnlib_class\0lab" in pathlib.Path(f"/proc/{server}/cmdline").read_bytes()
    # nor in the environment of the server or of the kernels it starts (Jupyter makes the
    # token inside the server process)
    for pid in [server] + _descendants(server):
        assert token.encode() not in pathlib.Path(f"/proc/{pid}/environ").read_bytes()
    urllib.request.urlopen(urllib.request.Request(
        f"{lab_server['url']}/api/kernels/{kernel}", headers=headers, method="DELETE")).close()


def _as_in_a_terminal():
    """Ctrl+C reaches a terminal's foreground command, whatever this test runner does with it:
    a runner started in the background by a script (`cmd &`) has SIGINT ignored, and its
    children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_two_at_once_get_their_own_ports_and_one_ctrl_c_stops_each(tmp_path):
    """Two `nnlib-class lab` started together on one folder: each prints the address of its
    own server, and one SIGINT (Ctrl+C in a terminal goes to the whole process group) stops
    each cleanly, with its kernels."""
    work = tmp_path / "my-lessons"
    tool = [sys.executable, "-m", "nnlib_class", "lab", "--no-browser", "--dir", str(work)]
    labs = [subprocess.Popen(tool + ["--lang", lang], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, text=True, start_new_session=True, cwd=ROOT,
                             preexec_fn=_as_in_a_terminal)
            for lang in LANGUAGES]
    try:
        addresses, printed = [], []
        for process in labs:
            lines = []
            for line in process.stdout:
                lines.append(line)
                # the course's own line (JupyterLab's log prints the same address above it)
                found = re.search(r"(?:수업 주소|The course): "
                                  r"http://127\.0\.0\.1:(\d+)/lab/tree/(ko|en)/00_start_here\.ipynb\?token=(\w+)", line)
                if found:
                    addresses.append(found.groups())
                if "Ctrl+C" in line:  # printed after the address
                    break
            printed.append("".join(lines))
        assert len(addresses) == 2, "\n---\n".join(printed)
        (port_a, lang_a, token_a), (port_b, lang_b, token_b) = addresses
        assert (lang_a, lang_b) == ("ko", "en")
        assert port_a != port_b
        for port, own, other in ((port_a, token_a, token_b), (port_b, token_b, token_a)):
            url = f"http://127.0.0.1:{port}"
            assert _status(url, own) == 200  # the printed address reaches this run's own server
            assert _status(url, other) == 403
        assert "Ctrl+C를 한 번" in printed[0] and "Ctrl+C once" in printed[1]  # each in its language
        with urllib.request.urlopen(urllib.request.Request(  # a kernel, which Ctrl+C must stop too
                f"http://127.0.0.1:{port_a}/api/kernels", data=b"{}", method="POST",
                headers={"Authorization": f"token {token_a}"})) as r:
            assert r.status == 201
        kernels = _descendants(labs[0].pid)
        assert kernels

        for process in labs:
            os.killpg(process.pid, signal.SIGINT)  # what one Ctrl+C in its terminal does
        for process, text, stopped in zip(labs, printed, ("JupyterLab이 멈췄습니다.", "JupyterLab stopped.")):
            rest, _ = process.communicate(timeout=60)
            assert process.returncode == 0, text + rest
            assert stopped in rest and "(y/[n])" not in rest
        for port, token in ((port_a, token_a), (port_b, token_b)):
            with pytest.raises(urllib.error.URLError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5)
        for pid in kernels:  # the kernel was shut down with its server
            assert not pathlib.Path(f"/proc/{pid}").exists() or b"ipykernel" not in pathlib.Path(
                f"/proc/{pid}/cmdline").read_bytes()
    finally:
        for process in labs:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
