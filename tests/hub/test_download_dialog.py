"""Model → Download…: the dialog downloads from the local Hub, shows it arriving, and opens the model.

A real MainWindow (offscreen) with the real dialog and downloader; the
server sends slowly enough (``bytes_per_s``) for the bar to move through
several values, or holds mid-file so that Cancel can be pressed at a known
point.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings

from explainer.core import hub
from explainer.gui.download_dialog import BAR_STEPS, DownloadDialog
from tests.hub.conftest import REPO


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, server):
    from explainer.gui.main_window import MainWindow

    monkeypatch.setenv("LLM_EXPLAINER_CACHE", str(tmp_path / "app-cache"))
    win = MainWindow(lang="en", settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for dialog in win.findChildren(DownloadDialog):
        dialog.runner.cancel()
        dialog.runner.wait()
    win.controller.shutdown()


def open_dialog(win) -> DownloadDialog:
    """Through the menu, as a person does."""
    act, = [a for a in win.menus.model.actions() if a.text() == "&Download…"]
    act.trigger()
    dialog, = [d for d in win.findChildren(DownloadDialog) if d.isVisible()]
    return dialog


def test_download_shows_progress_and_open_opens_the_model(qtbot, window, server):
    server.bytes_per_s = 300_000  # the tiny model takes about half a second
    dialog = open_dialog(window)
    values: list[int] = []
    dialog.bar.valueChanged.connect(values.append)
    dialog.repo_edit.setText(REPO)
    dialog.download_button.click()
    assert dialog.cancel_button.isEnabled() and not dialog.download_button.isEnabled()
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=30_000)
    assert values == sorted(values) and values[-1] == BAR_STEPS
    assert len([v for v in values if 0 < v < BAR_STEPS]) >= 2, values  # it moved on the way
    assert dialog.status.text().startswith("Done: the model is on this computer (")
    assert open_dialog(window) is dialog  # the menu brings back the open dialog, not a second one

    folder = dialog.folder
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.state.model is not None, timeout=30_000)
    assert window.state.model.name == REPO and str(window.state.model.path) == folder
    assert not [d for d in window.findChildren(DownloadDialog) if d.isVisible()]


def test_picking_a_suggestion_fills_in_its_name(window):
    dialog = open_dialog(window)
    dialog.table.selectRow(4)
    assert dialog.repo_edit.text() == "google/gemma-3-270m"
    assert "accept it on huggingface.co first" in dialog.table.item(4, 4).text()
    dialog.close()


def test_cancel_keeps_what_arrived_and_download_continues(qtbot, window, server, tiny_files):
    data = tiny_files["model.safetensors"]
    reached, release = server.hold("model.safetensors", 60_000)
    dialog = open_dialog(window)
    dialog.repo_edit.setText(REPO)
    dialog.download_button.click()
    assert reached.wait(30)
    blobs = server.cache / "models--tiny-org--tiny-gpt2" / "blobs"
    qtbot.waitUntil(lambda: sum(p.stat().st_size for p in blobs.glob("*.incomplete")) >= 60_000, timeout=30_000)
    dialog.cancel_button.click()
    assert dialog.status.text() == "Stopping…"
    release.set()
    qtbot.waitUntil(dialog.download_button.isEnabled, timeout=30_000)
    text = dialog.status.text()
    assert text.startswith("the download was stopped after ") and text.endswith(
        "Press Download to continue where it stopped.")
    assert not dialog.open_button.isEnabled()

    server.served.clear()
    dialog.download_button.click()
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=30_000)
    assert server.gets("model.safetensors")[-1].headers["range"].startswith("bytes=")
    assert server.served["model.safetensors"] < len(data)


def test_a_damaged_copy_is_named_and_download_again_replaces_it(qtbot, window, server, tiny_files):
    folder = hub.download(hub.plan_download(REPO))
    weights = (folder / "model.safetensors").resolve()
    weights.write_bytes(weights.read_bytes()[:1000])
    dialog = open_dialog(window)
    dialog.repo_edit.setText(REPO)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.download_button.text() == "Download again", timeout=30_000)
    assert dialog.status.text().startswith(f"the copy of {REPO} in the cache is damaged (model.safetensors has "
                                           "1,000 bytes instead of")
    deadline = time.monotonic() + 5
    while not dialog.download_button.isEnabled():
        assert time.monotonic() < deadline
        qtbot.wait(20)
    dialog.download_button.click()
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=30_000)
    assert weights.read_bytes() == tiny_files["model.safetensors"]
    assert dialog.download_button.text() == "Download"
