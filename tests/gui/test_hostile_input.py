"""What a tester threw at the window: huge texts, bad session files, corrupt settings, quitting mid-load.

Each case must leave the window usable: typing stays quick in a 200,000-character
text, a bad session file gives one dialog and changes nothing, a corrupt
settings file never stops the app from starting, quitting while a model loads
for minutes exits at once with code 0, and the registry never runs on the GUI thread.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QSettings
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QMessageBox

from explainer.core.checkpoints.limits import MAX_TEXT_CHARS
from explainer.gui import menus, palette
from explainer.gui import settings as keys
from explainer.gui.main_window import MainWindow
from explainer.gui.widgets import token_text
from explainer.gui.widgets.token_text import TokenTextEdit, has_long_run, utf16_offsets

REPO = Path(__file__).resolve().parents[2]
EXPLAINER = shutil.which("explainer")


@pytest.fixture
def window(qtbot, tmp_path, tiny_model):
    win = MainWindow(lang="en", settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    yield win
    win.controller.shutdown()


@pytest.fixture
def warnings(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    return shown


def wait_for_text(qtbot, win, text: str, timeout: int = 15000):
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == text, timeout=timeout)
    return win.state.trace


def count_calls(monkeypatch, obj, name: str) -> list:
    calls: list = []
    original = getattr(obj, name)
    monkeypatch.setattr(obj, name, lambda *a, **k: (calls.append(a), original(*a, **k))[1])
    return calls


# -- 1: a long text without spaces -------------------------------------------------------------
def test_typing_at_the_cap_keeps_the_last_characters_without_setting_the_text_again(qtbot, window, monkeypatch):
    text = ("abcdefghij" * (MAX_TEXT_CHARS // 10))[:MAX_TEXT_CHARS]
    window.set_text(text)
    box = window.text_box
    resets = count_calls(monkeypatch, box, "setPlainText")
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, "xyz")
    assert resets == []
    assert box.toPlainText() == window.state.text == text[3:] + "xyz"
    assert box.textCursor().position() == MAX_TEXT_CHARS  # still typing at the end
    trace = wait_for_text(qtbot, window, text[3:] + "xyz")
    assert box.tinted_count() == trace.n_tokens


def test_a_paste_beyond_the_cap_keeps_its_last_characters(qtbot, window):
    box = window.text_box
    window.set_text("begin ")
    edits = []
    box.text_edited.connect(edits.append)
    mime = QMimeData()
    mime.setText("😀" + "x" * MAX_TEXT_CHARS + "end")
    box.insertFromMimeData(mime)
    expected = ("begin 😀" + "x" * MAX_TEXT_CHARS + "end")[-MAX_TEXT_CHARS:]
    assert box.toPlainText() == window.state.text == expected
    assert len(edits) == 1  # one edit, laid out once
    assert box.wordWrapMode() == QTextOption.WrapAnywhere


def test_a_long_run_without_spaces_breaks_lines_anywhere(qtbot):
    box = TokenTextEdit()
    qtbot.addWidget(box)
    assert has_long_run("a" * 1000) and has_long_run("ab " * 100 + "z" * 1000 + " cd" * 100)
    assert not has_long_run("a" * 499) and not has_long_run("word " * 40_000)
    box.set_text("x" * 50_000)
    assert box.wordWrapMode() == QTextOption.WrapAnywhere
    box.set_text("De kat zat op de mat. " * 1000)
    assert box.wordWrapMode() == QTextOption.WrapAtWordBoundaryOrAnywhere


def test_set_text_changes_only_what_changed(qtbot, monkeypatch):
    box = TokenTextEdit()
    qtbot.addWidget(box)
    box.set_text("De kat")
    resets = count_calls(monkeypatch, box, "setPlainText")
    box.set_text("De kat zat")  # a generated token: added at the end
    box.set_text("De kat zat")  # what the box holds already
    box.set_text("De kat")  # cut from the end
    assert resets == [] and box.toPlainText() == "De kat"
    box.set_text("Iets anders")
    assert len(resets) == 1 and box.toPlainText() == "Iets anders"
    box.set_text("a\r\nb")  # Qt stores "a\nb": setting the same text again is no change either
    box.set_text("a\r\nb")
    assert len(resets) == 2


def test_tints_read_only_the_part_of_the_text_the_model_saw(qtbot, window, monkeypatch):
    seen: list[int] = []
    original = token_text.utf16_offsets
    monkeypatch.setattr(token_text, "utf16_offsets", lambda t: (seen.append(len(t)), original(t))[1])
    text = "😀 " * 1000 + "a" * 100_000 + " De kat zat op de mat"
    window.set_text(text)
    trace = wait_for_text(qtbot, window, text)
    assert seen and max(seen) < 10_000  # the tokens' part, not 100,000 characters
    assert window.text_box.tinted_count() == trace.n_tokens
    window.state.select_token(trace.n_tokens - 2)
    a, b = trace.spans[trace.n_tokens - 2]
    full = utf16_offsets(text)
    marks = [s for s in window.text_box.extraSelections()
             if s.format.background().color() == palette.color("selection_bg")]
    assert len(marks) == 1
    assert (marks[0].cursor.selectionStart(), marks[0].cursor.selectionEnd()) == (full[a], full[b])


def median_key_ms(qtbot, box, n: int = 5) -> float:
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        qtbot.keyClick(box, "x")
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[n // 2]


def test_a_key_in_150000_characters_without_spaces_stays_quick(qtbot):
    box = TokenTextEdit()
    qtbot.addWidget(box)
    box.resize(1300, 120)
    box.show()
    box.set_text("abcdefghij" * 15_000)
    # before: Qt's word wrap took time squared in the run's length, about a second per key here
    assert median_key_ms(qtbot, box) < 250


# -- 2: a bad session file: one dialog, nothing changed ------------------------------------------
BAD_SESSIONS = {
    "version": {"text": "x", "version": "abc"}, "text": {"text": 12345},
    "settings": {"text": "x", "settings": [1, 2]},
    "temperature": {"text": "x", "settings": {"theme": "dark", "zoom": 2.0}, "temperature": "hot"},
    "theme": {"text": "x", "settings": {"theme": 123}},
    "layout": {"text": "x", "settings": {"theme": "dark"}, "layout": "%%%"},
    "ablation": {"text": "x", "ablations": [{"kind": "head", "layer": "one"}]},
}


@pytest.mark.parametrize("case", [*BAD_SESSIONS, "folder", "nested", "pipe"])
def test_a_bad_session_file_gives_one_dialog_and_changes_nothing(qtbot, window, tmp_path, warnings, case):
    window.set_text("Blijft staan")
    wait_for_text(qtbot, window, "Blijft staan")
    if case == "folder":
        path = tmp_path / "a folder.json"
        path.mkdir()
    elif case == "pipe":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
    else:
        path = tmp_path / f"{case}.explainer.json"
        content = BAD_SESSIONS.get(case) or {"text": "x", "settings": json.loads("[" * 500 + "]" * 500)}
        path.write_text(json.dumps(content), encoding="utf-8")
    st = window.state

    def snapshot():
        return (st.text, st.model, st.layer, st.head, st.temperature, palette.current().name, palette.font_scale(),
                bytes(window.saveState(keys.LAYOUT_VERSION)), window.text_box.toPlainText())

    before = snapshot()
    assert not window.sessions.open_from(path)
    assert len(warnings) == 1 and str(path) in warnings[0][1]
    assert snapshot() == before


# -- 3: quitting while a model loads for minutes ----------------------------------------------
SLOW_LOAD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    import explainer.gui.worker as worker
    from explainer.gui import main_window
    marker = Path(sys.argv[1])

    def slow_load(path, *args, **kwargs):  # a model that takes ten minutes to load
        marker.write_text("loading")
        time.sleep(600)

    worker.load_model = slow_load
    start = main_window.MainWindow.start

    def start_then_quit(self, *args, **kwargs):
        start(self, *args, **kwargs)

        def quit_once_loading():
            if marker.exists():
                self.close()  # what File -> Quit does
            else:
                QTimer.singleShot(50, quit_once_loading)

        QTimer.singleShot(50, quit_once_loading)

    main_window.MainWindow.start = start_then_quit
    from explainer.cli import main
    sys.exit(main(["--model", sys.argv[2], "--text", "De kat"]))
""")


def test_quitting_while_a_model_loads_for_minutes_exits_at_once(tmp_path):
    marker = tmp_path / "loading"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PYTHONPATH": str(REPO)}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", SLOW_LOAD, str(marker), str(tmp_path / "slow-model")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert marker.exists()  # it did quit in the middle of the load
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start < 120
    assert "Traceback" not in result.stderr and "QThread" not in result.stderr, result.stderr


# -- 4: a corrupt settings file --------------------------------------------------------------
CORRUPT_SETTINGS = """[General]
font_scale=abc
theme=123
window_state=garbage
geometry=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18QList<QString>\\0)
recent_models=42
language=@Rect(1 2 3)
"""


def test_a_corrupt_settings_file_never_stops_the_window(qtbot, tmp_path, tiny_model):
    ini = tmp_path / "corrupt.ini"
    ini.write_text(CORRUPT_SETTINGS)
    settings = QSettings(str(ini), QSettings.IniFormat)
    settings.setValue(keys.GEOMETRY, 12345)  # a number where bytes belong
    settings.setValue(keys.WINDOW_STATE, [1, "two"])
    assert keys.read_float(settings, keys.FONT_SCALE, 1.0, 0.5, 4.0) == 1.0
    assert keys.read_str(settings, keys.THEME, "light", palette.THEMES) == "light"
    assert keys.read_bytes(settings, keys.GEOMETRY) is None and keys.read_bytes(settings, keys.WINDOW_STATE) is None
    assert keys.read_list(settings, keys.RECENT_MODELS) == ["42"]
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    win.set_text("De kat")
    wait_for_text(qtbot, win, "De kat")
    win.explorer._fill_recent()
    win.close()
    win.controller.shutdown()


def test_the_app_starts_with_a_corrupt_settings_file(tmp_path):
    assert EXPLAINER, "the `explainer` command is not installed on PATH (pip install -e . puts it there)"
    folder = tmp_path / "config" / "LLM Explainer"
    folder.mkdir(parents=True)
    (folder / "explainer.conf").write_text(CORRUPT_SETTINGS + "theme=@Variant(garbage)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    out = tmp_path / "window.png"
    result = subprocess.run([EXPLAINER, "--size", "1024x700", "--screenshot", str(out)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 5000 and "Traceback" not in result.stderr


# -- 5: "Models on this computer" off the GUI thread ------------------------------------------
def test_models_on_this_computer_are_found_off_the_gui_thread(qtbot, window, monkeypatch, tmp_path):
    from types import SimpleNamespace

    release, threads = threading.Event(), []

    def slow_registry():
        threads.append(threading.current_thread())
        release.wait(10)
        return [SimpleNamespace(name="found", format="gguf", n_params=0, path=tmp_path / "found.gguf")]

    monkeypatch.setattr(menus, "found_models", slow_registry)
    window.fill_found_models()  # what opening the menu does
    actions = window.menus.found.actions()
    assert [a.text() for a in actions] == ["searching…"] and not actions[0].isEnabled()
    release.set()
    qtbot.waitUntil(lambda: [a.text() for a in window.menus.found.actions()] == ["found (gguf)"], timeout=5000)
    assert threads and threads[0] is not threading.main_thread()
    window.fill_found_models()  # opening it again asks again
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=5000)


BOX_CHANGES = ["a\r\nb", "a\rb", "a\r\r\nb", "a\n\rb", "\r\n", "\r", "a\u00a0b\u00a0", "a\u2028b", "a\u2029b",
               "a\ufdd0b\ufdd1", "x\r\n\u00a0\u2028\r\r\ny", "gewoon: de kat", "a\x0bb\x0c\x85\u202f\u2007\u3000\tc"]


@pytest.mark.parametrize("text", BOX_CHANGES)
def test_shown_text_is_what_the_box_holds(qtbot, text):
    """The reference is Qt's own box: ``shown_text`` must turn a text into exactly what the box gives back."""
    from PySide6.QtWidgets import QPlainTextEdit

    from explainer.gui.state import shown_text

    box = QPlainTextEdit()
    qtbot.addWidget(box)
    box.setPlainText(text)
    assert shown_text(text) == box.toPlainText()


def test_a_text_the_box_changes_reaches_the_model_as_shown(qtbot, window):
    """A lesson, a session or --text may bring no-break spaces and "\\r\\n" (which the box shows as spaces and
    line breaks): the model reads the text as shown, so the chips, the tints and the next key agree with it."""
    given = "De\u00a0kat zat\r\nop\u00a0de mat"
    shown = "De kat zat\nop de mat"
    window.set_text(given)
    trace = wait_for_text(qtbot, window, shown)
    assert window.text_box.plain_text() == shown == window.state.text
    assert window.text_box.tinted_count() == trace.n_tokens
    plain = window.state.model.tokenizer.encode(shown)
    assert list(trace.token_ids) == list(getattr(plain, "ids", plain))


def test_a_scene_with_such_a_text_settles_on_its_token(qtbot, window):
    """A lesson step or a session with a no-break space in its text: the scene waits for the Trace of its
    text, which the model now reads as shown; it must still settle and select its token."""
    from explainer.gui.scene import Scene, SceneApplier

    applier = SceneApplier(window)
    with qtbot.waitSignal(applier.settled, timeout=15000):
        applier.apply(Scene(text="De\u00a0kat zat op de mat", token_at="zat"))
    assert window.state.text == "De kat zat op de mat"
    start, _end = window.state.trace.spans[window.state.token]
    assert start <= window.state.text.index("zat") < _end  # the token where "zat" begins
