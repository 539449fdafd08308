"""What `make lab` starts: loopback only, token kept, --allow-root only for root."""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
import lab  # noqa: E402


def _token(cmd):
    (token,) = [a.split("=", 1)[1] for a in cmd if a.startswith("--IdentityProvider.token=")]
    return token


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_command_opens_lesson_zero_on_loopback(lang):
    cmd = lab.command(lang)
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert not any("0.0.0.0" in a for a in cmd)
    assert len(_token(cmd)) >= 32  # a random token, never empty
    assert _token(cmd) != _token(lab.command(lang))  # and a fresh one each time
    assert cmd[-1].endswith(f"notebooks/{lang}/00_start_here.ipynb")
    assert pathlib.Path(cmd[-1]).is_file()


def test_allow_root_only_as_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.command()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.command()


def test_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        lab.command("fr")


def test_lesson_url_and_free_port():
    port = lab.free_port(30000)
    assert 30000 <= port < 30100
    assert lab.lesson_url("en", port, "abc") == f"http://127.0.0.1:{port}/lab/tree/en/00_start_here.ipynb?token=abc"
