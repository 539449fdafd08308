"""`make lab`'s server as other users and a second terminal see it (no Chromium needed)."""

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

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
    assert b"jupyterlab" in pathlib.Path(f"/proc/{server}/cmdline").read_bytes()
    # nor in the environment the kernels inherit; the file that carried it is gone
    for pid in [server] + _descendants(server):
        assert token.encode() not in pathlib.Path(f"/proc/{pid}/environ").read_bytes()
    assert not list((lab_server["state"] / "runtime").glob("token-*"))
    urllib.request.urlopen(urllib.request.Request(
        f"{lab_server['url']}/api/kernels/{kernel}", headers=headers, method="DELETE")).close()


def _as_in_a_terminal():
    """Ctrl+C reaches a terminal's foreground command, whatever this test runner does with it:
    a runner started in the background by a script (`cmd &`) has SIGINT ignored, and its
    children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_two_at_once_get_their_own_ports_and_one_ctrl_c_stops_each(tmp_path):
    """Two `make lab` started together: each prints the address of its own server, and
    one SIGINT (Ctrl+C in a terminal goes to the whole process group) stops each cleanly."""
    work, state = tmp_path / "my-lessons", tmp_path / "state"
    tool = [sys.executable, str(ROOT / "tools" / "lab.py"), "--no-browser", "--work", str(work), "--state", str(state)]
    labs = [subprocess.Popen(tool + ["--lang", lang], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, text=True, start_new_session=True, cwd=ROOT,
                             preexec_fn=_as_in_a_terminal)
            for lang in ("ko", "en")]
    try:
        addresses, printed = [], []
        for process in labs:
            lines = []
            for line in process.stdout:
                lines.append(line)
                found = re.search(r"http://127\.0\.0\.1:(\d+)/lab/tree/(ko|en)/00_start_here\.ipynb\?token=(\w+)", line)
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
        assert all("Ctrl+C once" in text for text in printed)

        for process in labs:
            os.killpg(process.pid, signal.SIGINT)  # what one Ctrl+C in its terminal does
        for process, text in zip(labs, printed):
            rest, _ = process.communicate(timeout=60)
            assert process.returncode == 0, text + rest
            assert "JupyterLab stopped." in rest and "(y/[n])" not in rest
        for port, token in ((port_a, token_a), (port_b, token_b)):
            with pytest.raises(urllib.error.URLError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5)
    finally:
        for process in labs:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
