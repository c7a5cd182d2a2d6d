"""Stored dock layouts carry a digest: a damaged one never reaches QMainWindow.restoreState.

Qt trusts the bytes it restores. A session file or a settings file whose layout had one byte changed (a dock area
numbered two billion) crashed the app, and from the settings file on every start. The app now stores its layouts
sealed with a digest (``settings.seal_layout``) and restores only those whose digest still matches.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from explainer.gui import settings as keys
from tests.conftest import make_tiny_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "installed"))
from test_classroom import make_window  # noqa: E402
from test_entry_points import run_installed  # noqa: E402


def damaged(state: bytes) -> bytes:
    """``state`` with the first dock area's number made 2,130,706,433: what crashed Qt."""
    data = bytearray(state)
    assert data[:9] == bytes.fromhex("000000ff00000004fd")  # (QMainWindow.saveState's own beginning)
    data[13] = 0x7F
    return bytes(data)


def test_a_layout_comes_back_only_with_its_seal_intact():
    state = bytes(range(256)) * 3
    sealed = bytes(keys.seal_layout(state))
    assert sealed.startswith(keys.SEAL) and bytes(keys.unseal_layout(sealed)) == state
    for i in (0, 5, len(keys.SEAL) + 3, len(sealed) // 2, len(sealed) - 1):  # any byte changed
        wrong = bytearray(sealed)
        wrong[i] ^= 0x01
        assert keys.unseal_layout(bytes(wrong)) is None
    assert keys.unseal_layout(sealed[:-1]) is None  # cut short
    assert keys.unseal_layout(state) is None  # no seal (an earlier version's): arranged afresh
    assert keys.unseal_layout(b"") is None and keys.unseal_layout(None) is None


def test_a_session_with_a_damaged_layout_opens_everything_else_and_says_so(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: warnings.append((title, text)))
    a = make_window(qtbot, tmp_path, make_tiny_model())
    a.set_text("De kat")
    path = tmp_path / "a.explainer.json"
    assert a.sessions.save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    sealed = base64.b64decode(saved["layout"])
    body = sealed[len(keys.SEAL) + 8:]
    assert bytes(keys.unseal_layout(sealed)) == body and body[:8] == bytes.fromhex("000000ff00000004")  # Qt's
    a.controller.shutdown()
    for layout in (keys.SEAL + sealed[len(keys.SEAL):len(keys.SEAL) + 8] + damaged(body), damaged(body)):
        saved.update(layout=base64.b64encode(layout).decode("ascii"), text="De hond")
        path.write_text(json.dumps(saved), encoding="utf-8")
        b = make_window(qtbot, tmp_path, make_tiny_model(seed=3), name="b.ini")
        messages = []
        b.state.message_changed.connect(messages.append)
        assert b.sessions.open_from(path)
        qtbot.waitUntil(lambda: b.state.text == "De hond", timeout=10_000)
        assert any("layout is damaged" in m for m in messages)
        b.controller.shutdown()
    assert not warnings


@pytest.mark.parametrize("sealed", [True, False])
def test_the_installed_app_starts_with_a_damaged_layout_in_its_settings(qtbot, tmp_path, sealed):
    """The same damage in the settings file: the app starts, with its docks arranged afresh."""
    from explainer.gui.main_window import MainWindow

    win = MainWindow(lang="en", settings=QSettings(str(tmp_path / "own.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    state = damaged(bytes(win.saveState(keys.LAYOUT_VERSION)))
    win.controller.shutdown()
    stored = bytes(keys.seal_layout(state)) if sealed else state  # a seal that matches damaged bytes: none
    if sealed:
        stored = stored[:len(keys.SEAL)] + bytes(8) + stored[len(keys.SEAL) + 8:]
    conf = QSettings(str(tmp_path / "config" / "LLM Explainer" / "explainer.conf"), QSettings.IniFormat)
    conf.setValue(keys.WINDOW_STATE, stored)
    conf.sync()
    shot = tmp_path / "shot.png"
    result = run_installed("--screenshot", str(shot), cwd=tmp_path)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert shot.stat().st_size > 10_000
