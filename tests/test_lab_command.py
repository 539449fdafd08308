"""What `make lab` starts: loopback only, token kept, --allow-root only for root."""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
import lab  # noqa: E402


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_command_opens_lesson_zero_on_loopback(lang):
    cmd = lab.command(lang)
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert not any("0.0.0.0" in a for a in cmd)
    assert not any("token=" in a.lower() or "password" in a.lower() for a in cmd)
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
