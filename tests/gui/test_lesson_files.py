"""Lessons as files, in the window: recorded, edited, saved, opened and played back; bad files change nothing.

A teacher records steps from the window (File → Save as lesson step), writes
their words in the lesson editor and saves the lesson; opening it again must
bring each step's window back exactly as it was recorded. Every lesson that
ships with the app opens like any other file and shows its panels. A lesson
file with a mistake in it gives one message that names the step and the
field, and leaves the window as it was. The installed command opens a lesson
straight away (``explainer --lesson FILE``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from explainer.core.analysis.interventions import Ablation
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.transformer import Interventions
from explainer.core.lesson_file import VIEW_KEYS, load_lesson_file
from explainer.gui import language, numfmt, problems
from explainer.gui.lesson import BUILTIN_TOUR, panel_ids, read_lesson, tour_path
from explainer.gui.main_window import MainWindow
from explainer.gui.panels._visibility import off_screen
from explainer.gui.scene import VIEW_DEFAULTS, read_views
from explainer.gui.session_io import capture_session
from explainer.paths import resource
from tests.conftest import make_tiny_model
from tests.core.test_lesson_file import BAD
from tests.installed.test_entry_points import run_installed


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """Two real model folders (a causal and a masked model), and a private lessons folder for the user."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    out = {}
    for name, causal in (("gpt", True), ("bert", False)):
        tiny = make_tiny_model(causal=causal, seed=5)
        out[name] = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / name)
    return out


@pytest.fixture
def dialogs(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    return shown


def shown(label) -> str:
    """A lesson label's text with the no-break spaces that keep its last words together read as spaces."""
    return label.text().replace("\u00a0", " ")


def open_window(qtbot, tmp_path, lang="en", register=True):
    language.apply_language(lang)
    win = MainWindow(lang=lang, settings=QSettings(str(tmp_path / f"{lang}.ini"), QSettings.IniFormat))
    if register:
        qtbot.addWidget(win)
    win.lesson.controller.models.update(default=make_tiny_model(), masked=make_tiny_model(causal=False, seed=1))
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    return win


def open_model(qtbot, win, folder: Path) -> None:
    win.open_model(str(folder))
    qtbot.waitUntil(lambda: win.state.model is not None and Path(win.state.model.path) == folder, timeout=10000)


def type_text(qtbot, win, text: str) -> None:
    win.set_text(text)
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == text, timeout=10000)


def settle(qtbot, win) -> None:
    try:
        qtbot.waitUntil(lambda: not win.lesson.controller.applier.pending, timeout=10000)
    except Exception as exc:  # say what the step was still waiting for
        a, c, st = win.lesson.controller.applier, win.controller, win.state
        raise AssertionError(
            f"step not applied: stage {a._stage!r}, scene text {a.scene.text!r:.60}, text {st.text!r:.60}, "
            f"shown Trace of {st.trace.text if st.trace else None!r:.60}, request {st.latest_request_id}, "
            f"in flight {c.in_flight}, send when free {c._send_when_free}, forward {c._ema_ms:.0f} ms, "
            f"waiting for model {a._expect!r:.80}, open {st.model!r:.80}, loading {c.loading!r}") from exc
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == win.state.text, timeout=10000)
    qtbot.wait(20)


def on_screen(win) -> set[str]:
    return {pid for pid, dock in win.docks.items() if not dock.isHidden() and not off_screen(win.panels[pid])}


def state_of(win) -> dict:
    """What a recorded step promises to bring back, read from the window."""
    st = win.state
    return {"model": Path(st.model.path).resolve(), "text": st.text, "box": win.text_box.toPlainText(),
            "layer": st.layer, "head": st.head, "token": st.token,
            "sampling": (st.temperature, st.top_k, st.top_p), "ablations": [a.to_dict() for a in st.ablations],
            "views": read_views(win)}


def scene_of(win) -> dict:
    st = win.state
    return {"text": st.text, "model": id(st.model), "layer": st.layer, "head": st.head, "token": st.token,
            "sampling": (st.temperature, st.top_k, st.top_p), "ablations": [a.to_dict() for a in st.ablations],
            "views": read_views(win), "panels": on_screen(win), "lesson": win.lesson.isVisible()}


def show_only(win, *panels: str) -> None:
    """Leave ``panels`` on screen, the first used last (so a recorded step shows it first)."""
    for pid, dock in win.docks.items():
        dock.setVisible(pid in panels)
    for pid in panels:
        win.panels[pid]  # noqa: B018 - built
    win.last_panel = panels[0]


# -- recording, editing, saving, playing back -----------------------------------------------------
def test_recorded_steps_come_back_as_they_were_recorded(qtbot, tmp_path, folders, dialogs):
    win = open_window(qtbot, tmp_path)
    library = win.lesson_files
    st = win.state
    recorded = []  # (the window's state, the panels the step shows) at each recording

    def record():
        step = library.record_step()
        assert step is not None
        recorded.append((state_of(win), step.panels))

    # step 1: the causal model, a selection, sampling, the attention panel alone on its third tab
    open_model(qtbot, win, folders["gpt"])
    type_text(qtbot, win, "De kat zat op de mat")
    st.select_layer(1)
    st.select_head(1)
    st.select_token(2)
    st.set_sampling(temperature=0.7, top_k=5, top_p=0.9)
    win.presenter.focus("attention")
    win.panels["attention"].tabs.setCurrentIndex(2)
    record()
    win.presenter.unfocus()
    # step 2: a part switched off, sampled picks with a seed, two panels
    type_text(qtbot, win, "Hallo wereld")
    st.select_layer(0)
    st.set_sampling(temperature=1.0, top_k=0, top_p=1.0)
    st.request_ablation(Ablation("head", 0, 1))
    qtbot.waitUntil(lambda: len(st.ablations) == 1)
    win.panels["next_token"].sampled.setChecked(True)
    win.panels["next_token"].seed.setValue(7)
    show_only(win, "next_token", "tokens")
    record()
    # step 3: the masked model, no ablations, a token selected
    st.set_ablations([], Interventions())
    win.panels["next_token"].greedy.setChecked(True)
    open_model(qtbot, win, folders["bert"])
    type_text(qtbot, win, "De kat zat op de [MASK].")
    st.select_token(5)
    show_only(win, "embedding")
    record()
    assert [s.panels for s in library.draft.steps] == [("attention",), ("next_token", "tokens"), ("embedding",)]
    gpt, bert = (str(folders[name].resolve()) for name in ("gpt", "bert"))
    assert [s.model for s in library.draft.steps] == [gpt, gpt, bert]
    assert library.draft.steps[0].views == {"attention.tab": 2}
    assert library.draft.steps[1].views == {"next_token.pick": "sampled", "next_token.seed": 7}

    # the editor: words per language, order, panels, a step too many
    editor = library.editor
    assert editor.isVisible() and editor.steps.count() == 3 and editor.steps.currentRow() == 2

    def write(row, lang, **words):
        editor.steps.setCurrentRow(row)
        for name, value in words.items():
            widget = editor.fields[lang][name]
            widget.setPlainText(value) if name == "explanation" else widget.setText(value)

    write(0, "en", title="Attention", explanation="Each token looks back.")
    write(1, "nl", explanation="Een kop staat uit.", question="Wat verandert er?", answer="De voorspelling.")
    write(1, "en", explanation="A head is switched off.", question="What changes?", answer="The prediction.")
    write(2, "nl", title="Het gat", explanation="Het model vult het gat in.")
    editor.panel_boxes[1].setCurrentIndex(editor.panel_boxes[1].findData("tokens"))  # step 3: a second panel
    editor.titles["en"].setText("My lesson")
    editor.move(-1)
    assert [s.id or s.text for s in library.draft.steps][1] == "De kat zat op de [MASK]."
    editor.move(1)
    assert editor.steps.currentRow() == 2 and library.draft.steps[2].texts["nl"].title == "Het gat"
    library.record_step()
    assert editor.steps.count() == 4
    editor.delete()
    assert editor.steps.count() == 3
    recorded[2] = (recorded[2][0], ("embedding", "tokens"))
    assert library.draft.steps[2].panels == ("embedding", "tokens")
    assert "2. A head is switched off." in editor.steps.item(1).text()

    assert library.save_draft(tmp_path / "mijn les")
    path = tmp_path / "mijn les.lesson.json"
    assert library.draft.path == path and load_lesson_file(path, panel_ids()) == library.draft.lesson()

    # the teacher goes on; then opens the lesson and walks it
    show_only(win, "attention", "tokens", "next_token")
    type_text(qtbot, win, "Iets heel anders")
    assert library.open_file(path) and not dialogs
    controller, view = win.lesson.controller, win.lesson.view
    assert win.lesson.isVisible() and controller.source.path == path and controller.lesson.title == "My lesson"
    for i, (expected, panels) in enumerate(recorded):
        controller.go(i)
        settle(qtbot, win)
        seen = state_of(win)
        assert {k: v for k, v in seen.items() if k != "views"} == \
            {k: v for k, v in expected.items() if k != "views"}, i
        shown_views = {k: v for k, v in expected["views"].items() if k.partition(".")[0] in panels}
        assert {k: seen["views"][k] for k in shown_views} == shown_views, i
        assert on_screen(win) == set(panels), i
    # what the view shows: the interface's language, else the other; a question with its answer hidden
    controller.go(1)
    settle(qtbot, win)
    assert shown(view.body) == "A head is switched off." and view.question_box.isVisible()
    assert "What changes?" in shown(view.question_label) and not view.answer_label.isVisible()
    view.answer_button.click()
    assert view.answer_label.isVisible() and "The prediction." in shown(view.answer_label)
    controller.go(2)
    settle(qtbot, win)
    assert shown(view.heading) == "Het gat" and not view.question_box.isVisible()
    win.lesson.close()
    settle(qtbot, win)
    assert win.state.text == "Iets heel anders"
    win.controller.shutdown()


def test_recording_without_a_model_says_so_and_adds_nothing(qtbot, tmp_path, dialogs):
    win = open_window(qtbot, tmp_path)
    assert win.state.model is None
    assert win.lesson_files.record_step() is None
    assert win.lesson_files.draft.steps == [] and dialogs and "model" in dialogs[0][1]
    win.controller.shutdown()


def test_an_unfinished_lesson_is_not_saved_and_the_message_names_the_step(qtbot, tmp_path, folders, dialogs):
    win = open_window(qtbot, tmp_path)
    win.state.set_model(make_tiny_model())
    type_text(qtbot, win, "Een zin")
    library = win.lesson_files
    library.record_step()
    library.editor.fields["en"]["explanation"].setPlainText("Done.")
    library.record_step()  # no words yet
    assert not library.save_draft(tmp_path / "half.lesson.json")
    assert not (tmp_path / "half.lesson.json").exists()
    assert 'step 2: nothing to say: give "nl" or "en" with an "explanation"' in dialogs[-1][1]
    assert not library.try_draft() and not win.lesson.isVisible()
    library.editor.fields["nl"]["explanation"].setPlainText("Klaar.")
    assert library.try_draft() and win.lesson.isVisible() and len(win.lesson.controller.lesson.steps) == 2
    win.controller.shutdown()


# -- the lessons that ship with the app ----------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", sorted(BUILTIN_TOUR.values()))
def test_every_shipped_lesson_step_opens_and_shows_its_panels(qtbot, tmp_path, lang, name):
    win = open_window(qtbot, tmp_path, lang)
    win.state.set_model(make_tiny_model(seed=7))
    path = resource("lessons", name)
    assert win.lesson_files.open_file(path)
    controller = win.lesson.controller
    source = load_lesson_file(path, panel_ids())
    assert controller.builtin == (path == tour_path(lang))  # the tour of the interface's language follows it
    for i, step in enumerate(source.steps):
        controller.go(i)
        settle(qtbot, win)
        assert on_screen(win) == set(step.panels), step.id
        assert win.state.text == step.text
        assert win.lesson.view.body.text() == numfmt.no_orphan(numfmt.keep_units(step.text_in(lang).explanation))
    win.lesson.close()
    win.controller.shutdown()


def test_the_panel_views_a_lesson_may_set_are_the_windows():
    assert set(VIEW_KEYS) == set(VIEW_DEFAULTS)


# -- bad files --------------------------------------------------------------------------------------
def a_lesson(**step) -> dict:
    """A lesson of two steps, the second changed by ``step`` (None leaves a field out)."""
    base = {"model": "default", "text": "De kat zat op de mat.", "panels": ["tokens"], "en": {"explanation": "Hi"}}
    second = {k: v for k, v in {**base, **step}.items() if v is not None}
    return {"format": "llm-explainer-lesson", "version": 1, "steps": [base, second]}


BAD_FILES = {  # case → (the file, what the dialog must say)
    "wrong version": ({**a_lesson(), "version": 3}, "made for lesson format version 3"),
    "missing field": (a_lesson(text=None), "step 2: text is not set"),
    "wrong type": (a_lesson(panels="tokens"), "step 2: panels must be a list, not 'tokens'"),
    "unknown panel id": (a_lesson(panels=["heatmap"]), "step 2: panels: 'heatmap' is not a panel"),
    "bad layer": (a_lesson(selection={"layer": -2}), "step 2: selection.layer -2 is outside 0 to 511"),
}


@pytest.mark.parametrize("during_a_lesson", [False, True])
@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_lesson_file_names_step_and_field_and_changes_nothing(qtbot, tmp_path, dialogs, case,
                                                                    during_a_lesson):
    win = open_window(qtbot, tmp_path)
    win.state.set_model(make_tiny_model(seed=7))
    type_text(qtbot, win, "Onze eigen zin")
    win.state.select_layer(1)
    win.state.select_token(2)
    if during_a_lesson:
        win.lesson.start(2)
        settle(qtbot, win)
    before, lesson, index = scene_of(win), win.lesson.controller.lesson, win.lesson.controller.index
    content, message = BAD_FILES[case]
    path = tmp_path / "fout.lesson.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    assert not win.lesson_files.open_file(path)
    (title, text), = dialogs
    assert f"{path}: {message}" in text and "Nothing was changed" in text
    qtbot.wait(50)
    assert scene_of(win) == before
    assert win.lesson.controller.lesson is lesson and win.lesson.controller.index == index
    win.controller.shutdown()


@pytest.mark.parametrize("case", BAD)
def test_every_lesson_problem_has_a_family_for_its_translation(case):
    """The Dutch interface translates a lesson's problem by its family; a step's inner problem needs one too."""
    message = BAD[case][1]
    found = problems.match(message)
    assert found is not None, message
    while found[0].startswith(("step {index}", "ablation {index}: {detail}")):
        found = problems.match(found[1]["detail"])
        assert found is not None, message
    assert problems.translate_problem(message) == message  # English: as the core wrote it


# -- finding and keeping lessons -----------------------------------------------------------------
def test_help_lessons_lists_the_shipped_and_the_users_lessons(qtbot, tmp_path, folders, dialogs):
    from explainer.core.checkpoints.locations import user_lessons_dir

    mine = user_lessons_dir() / "breuken.lesson.json"
    mine.parent.mkdir(parents=True)
    data = a_lesson()
    data["title"] = {"nl": "Mijn eigen les", "en": "My own lesson"}
    mine.write_text(json.dumps(data), encoding="utf-8")
    (mine.parent / "kapot.lesson.json").write_text("{", encoding="utf-8")
    win = open_window(qtbot, tmp_path)
    win.state.set_model(make_tiny_model(seed=7))
    library = win.lesson_files
    help_menu = win.menus.help.actions()
    assert help_menu[0] is win.lesson_action and help_menu[1] is library.menu.menuAction()
    library.fill_menu()
    qtbot.waitUntil(lambda: any("My own lesson" in a.text() for a in library.menu.actions()), timeout=10000)
    texts = [a.text() for a in library.menu.actions()]
    assert "How a language model works (EN)" in texts and "Hoe een taalmodel werkt (NL)" in texts
    assert "kapot (cannot be opened)" in texts
    next(a for a in library.menu.actions() if a.text() == "My own lesson (EN)").trigger()
    assert win.lesson.isVisible() and win.lesson.controller.source.path == mine
    win.lesson.close()
    win.lesson_action.trigger()  # Help → Guided lesson: the tour again, not the last lesson
    assert win.lesson.controller.builtin and win.lesson.controller.source.path == tour_path("en")
    win.controller.shutdown()


def test_a_session_and_a_language_switch_keep_the_lesson_file_and_the_draft(qtbot, tmp_path, folders, dialogs):
    import shiboken6

    path = tmp_path / "twee.lesson.json"
    data = a_lesson(nl={"explanation": "Tweede stap"})
    path.write_text(json.dumps(data), encoding="utf-8")
    win = open_window(qtbot, tmp_path, register=False)
    win.state.set_model(make_tiny_model(seed=7))
    type_text(qtbot, win, "Mijn zin")
    win.lesson_files.record_step()
    assert win.lesson_files.open_file(path)
    win.lesson.controller.go(1)
    settle(qtbot, win)
    assert capture_session(win).settings["lesson_file"] == str(path)
    nl = win.set_language("nl")
    qtbot.waitUntil(lambda: not shiboken6.isValid(win), timeout=15000)
    del win
    qtbot.addWidget(nl)
    qtbot.waitUntil(lambda: not nl.sessions.applier.pending, timeout=15000)
    assert nl.lesson.controller.source.path == path and nl.lesson.controller.index == 1
    assert shown(nl.lesson.view.body) == "Tweede stap"
    assert len(nl.lesson_files.draft.steps) == 1 and nl.lesson_files.editor.isVisible()
    session = tmp_path / "les.explainer.json"
    assert nl.sessions.save_to(session)
    nl.lesson.close()
    nl.lesson.controller.open(read_lesson(tour_path("nl")), builtin=True)  # another lesson in the dock meanwhile
    assert nl.sessions.open_from(session)
    qtbot.waitUntil(lambda: nl.lesson.isVisible() and nl.lesson.controller.index == 1, timeout=15000)
    assert nl.lesson.controller.source.path == path and shown(nl.lesson.view.body) == "Tweede stap"
    nl.controller.shutdown()


# -- the installed command ----------------------------------------------------------------------
def test_the_installed_command_opens_a_lesson_and_refuses_a_bad_one(tmp_path):
    from PySide6.QtGui import QImage

    lesson = tmp_path / "les.lesson.json"
    lesson.write_text(json.dumps(a_lesson(panels=["attention", "next_token"], selection={"token_at": "mat"})),
                      encoding="utf-8")
    out = tmp_path / "les.png"
    result = run_installed("--lang", "nl", "--size", "1366x768", "--lesson", str(lesson), "--screenshot", str(out),
                           cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)

    bad = tmp_path / "fout.lesson.json"
    bad.write_text(json.dumps(a_lesson(selection={"layer": "twee"})), encoding="utf-8")
    result = run_installed("--lesson", str(bad), "--present", "--screenshot", str(tmp_path / "fout.png"),
                           cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert f"{bad}: step 2: selection.layer must be a whole number, not 'twee'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "fout.png").exists()


def test_the_installed_command_presents_a_lesson(tmp_path):
    lesson = tmp_path / "les.lesson.json"
    lesson.write_text(json.dumps(a_lesson()), encoding="utf-8")
    out = tmp_path / "present.png"
    result = run_installed("--lesson", str(lesson), "--present", "--screenshot", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unsaved_lesson_draft_is_never_dropped_without_asking(qtbot, tmp_path, folders, dialogs, questions,
                                                                 monkeypatch):
    """The editor's Open… replaced a draft with another lesson without a word, and quitting the app with an
    unsaved draft asked nothing (New lesson did ask). Each now asks while the draft holds steps or words that
    were not saved, and a No keeps everything; once saved, nothing is asked."""
    from PySide6.QtWidgets import QFileDialog

    other = tmp_path / "other.lesson.json"
    other.write_text(json.dumps(a_lesson()), encoding="utf-8")
    picked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (picked.append(1), (str(other), ""))[1])
    win = open_window(qtbot, tmp_path)
    win.state.set_model(make_tiny_model())
    type_text(qtbot, win, "Een zin")
    library = win.lesson_files
    library.record_step()
    editor = library.editor
    editor.fields["en"]["explanation"].setPlainText("Twenty minutes of careful writing.")
    assert library.unsaved()

    questions.answer = QMessageBox.No
    editor.open_button.click()
    assert len(questions) == 1 and not picked and len(library.draft.steps) == 1  # kept, no file dialog
    assert not win.close() and win.isVisible()  # quitting asks too; No keeps the window
    assert "not saved" in questions[-1][1]
    assert library.draft.steps[0].texts["en"].explanation == "Twenty minutes of careful writing."

    assert library.save_draft(tmp_path / "mine.lesson.json") and not library.unsaved()
    asked = len(questions)
    editor.open_button.click()  # saved: opens at once
    assert len(questions) == asked and picked and library.draft.path == other and not library.unsaved()
    library.record_step()  # changed again: asked again, and Yes lets it go
    questions.answer = QMessageBox.Yes
    editor.new_lesson()
    assert len(questions) == asked + 1 and not library.draft.steps
    win.controller.shutdown()
