"""The classroom features: lesson, export, render, sessions, cost meter and bias probe.

Numbers are checked against independent computations (core functions run in
the test, the Trace itself, or files parsed back); the lesson is checked
against what each step's JSON promises.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from explainer.core import session as core_session
from explainer.core.analysis.bias import probe
from explainer.core.analysis.cost import forward_flops
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.session import load_session
from explainer.core.trace import run, softmax
from explainer.gui import language, numfmt, palette, session_io
from explainer.gui.lesson import load_lesson
from explainer.gui.main_window import MainWindow
from explainer.gui.panels import PANELS
from explainer.gui.panels.bias import BiasPanel
from explainer.gui.scene import token_covering
from explainer.gui.state import AppState
from tests.conftest import make_tiny_model

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def warnings(monkeypatch):
    """Message boxes the code under test would show, captured instead of blocking."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    return shown


def make_window(qtbot, tmp_path, model, lesson_models=None, name="settings.ini", register=True) -> MainWindow:
    settings = QSettings(str(tmp_path / name), QSettings.IniFormat)
    win = MainWindow(lang="en", settings=settings)
    if register:  # a window that a language switch deletes must not be closed again by qtbot
        qtbot.addWidget(win)
    win.lesson.controller.models.update(lesson_models or {})
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    if model is not None:
        win.state.set_model(model)
    return win


@pytest.fixture
def models():
    return {"default": make_tiny_model(), "masked": make_tiny_model(causal=False, seed=1)}


@pytest.fixture
def window(qtbot, tmp_path, models):
    win = make_window(qtbot, tmp_path, models["default"], lesson_models=models)
    yield win
    win.controller.shutdown()


def wait_for_text(qtbot, win, text: str, timeout: int = 5000):
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == text, timeout=timeout)
    return win.state.trace


def read_csv(path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


# -- the lesson -----------------------------------------------------------------
def test_lesson_files_agree():
    nl, en = load_lesson("nl"), load_lesson("en")
    assert [s.id for s in nl.steps] == [s.id for s in en.steps]
    panel_ids = {pid for pid, _ in PANELS}
    for a, b in zip(nl.steps, en.steps):
        for key in ("model", "panels", "view", "layer", "head", "sampling", "views"):
            assert getattr(a, key) == getattr(b, key), (a.id, key)
        assert set(a.panels) <= panel_ids
        for step in (a, b):
            assert step.title and step.text and step.try_this and step.input
            assert step.token_at is None or step.token_at in step.input, step.id
        assert a.text != b.text  # really translated
    tokens = next(s for s in nl.steps if s.panel == "tokens")
    assert "voorbeeldzin" in tokens.input
    masked = next(s for s in nl.steps if s.model == "masked")
    assert masked.input == "De kat zat op de [MASK] en keek naar de vogels."


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_lesson_step_sets_the_state_it_promises(qtbot, window, models, lang):
    dock = window.lesson
    controller = dock.controller
    controller.set_language(lang)
    dock.start()
    for i, step in enumerate(controller.lesson.steps):
        controller.go(i)
        qtbot.waitUntil(lambda: not controller.applier.pending, timeout=10000)
        st = window.state
        expected = controller.expected()
        assert st.text == step.input == window.text_box.toPlainText()
        assert st.trace is not None and st.trace.text == step.input
        assert st.model is models["masked" if step.model == "masked" else "default"], step.id
        assert st.model.cfg.causal == expected["causal"]
        for pid in step.panels:
            assert window.panels[pid].isVisible(), step.id  # raised, not hidden behind a tab
        for key in ("layer", "head"):
            if key in expected:
                assert getattr(st, key) == expected[key], (step.id, key)
        for key in ("temperature", "top_k", "top_p"):
            if key in expected:
                assert getattr(st, key) == expected[key], (step.id, key)
        if step.token_at is not None:
            position = token_covering(st.trace, step.token_at)
            assert position >= 0 and st.token == position, step.id
            a, b = st.trace.spans[position]
            assert step.input.find(step.token_at) in range(int(a), int(b))
        else:
            assert st.token == -1
        if step.view:
            panel = window.panels[step.panel]
            assert panel.tabs.currentWidget() is getattr(panel, step.view)
        view = dock.view
        assert view.heading.text() == numfmt.no_orphan(numfmt.keep_units(step.title))  # the last two words kept together
        assert view.body.text() == numfmt.no_orphan(numfmt.keep_units(step.text))  # nor a number from its unit
        assert view.counter.text().endswith(str(len(controller.lesson.steps)))


def test_next_and_back_buttons_and_page_keys(qtbot, window):
    from PySide6.QtCore import Qt

    dock = window.lesson
    window.lesson_action.trigger()
    assert dock.isVisible() and dock.controller.index == 0
    assert not dock.view.back_button.isEnabled()
    qtbot.mouseClick(dock.view.next_button, Qt.LeftButton)
    assert dock.controller.index == 1
    qtbot.waitUntil(lambda: not dock.controller.applier.pending, timeout=5000)
    qtbot.keyClick(window, Qt.Key_PageDown)
    assert dock.controller.index == 2
    qtbot.mouseClick(dock.view.back_button, Qt.LeftButton)
    assert dock.controller.index == 1


def test_missing_lesson_model_is_reported_and_the_open_model_kept(qtbot, tmp_path, models):
    win = make_window(qtbot, tmp_path, models["default"], lesson_models={"masked": tmp_path / "not-there"})
    problems = []
    win.lesson.controller.problem.connect(problems.append)
    masked = next(i for i, s in enumerate(win.lesson.controller.lesson.steps) if s.model == "masked")
    win.lesson.start(masked)
    qtbot.waitUntil(lambda: not win.lesson.controller.applier.pending, timeout=5000)
    assert win.state.model is models["default"]
    assert problems and "not-there" in problems[0]
    assert win.lesson.view.notice.isVisible()
    win.controller.shutdown()


# -- export -------------------------------------------------------------------
def test_export_png_svg_csv_match_the_trace(qtbot, window, tmp_path):
    window.set_text("De kat zat op")
    trace = wait_for_text(qtbot, window, "De kat zat op")
    window.state.select_layer(1)
    window.state.select_head(1)
    sessions = window.sessions
    attention = window.panels["attention"]

    assert sessions.export_to("attention", tmp_path / "a.png", scale=2.0)
    image = QImage(str(tmp_path / "a.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (2 * attention.width(), 2 * attention.height())
    pixels = np.frombuffer(image.convertToFormat(QImage.Format_RGB32).constBits(), np.uint8)
    assert len(np.unique(pixels)) > 20  # a drawing, not a blank page

    assert sessions.export_to("attention", tmp_path / "a.svg")
    root = ET.parse(tmp_path / "a.svg").getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == f"0 0 {attention.width()} {attention.height()}"
    assert len(list(root.iter())) > 50

    assert sessions.export_to("attention", tmp_path / "a.csv")
    header, rows = read_csv(tmp_path / "a.csv")
    assert header[0].startswith("layer 2 head 2")
    assert [r[0] for r in rows] == [f"{i}:{t}" for i, t in enumerate(trace.tokens)]
    matrix = np.array([[float(x) for x in r[1:]] for r in rows])
    assert np.array_equal(matrix, trace.attn[1, 1].astype(np.float64))

    assert sessions.export_to("tokens", tmp_path / "t.csv")
    _h, rows = read_csv(tmp_path / "t.csv")
    assert [int(r[1]) for r in rows] == trace.token_ids.tolist()
    assert [r[2] for r in rows] == list(trace.tokens)
    assert [(int(r[3]), int(r[4])) for r in rows] == [tuple(s) for s in trace.spans.tolist()]

    assert sessions.export_to("next_token", tmp_path / "n.csv")
    _h, rows = read_csv(tmp_path / "n.csv")
    probs = softmax(trace.logits[-1].astype(np.float64))
    ids = [int(r[2]) for r in rows]
    assert ids == np.argsort(-trace.logits[-1], kind="stable")[:10].tolist()
    np.testing.assert_allclose([float(r[4]) for r in rows], probs[ids], rtol=1e-6)

    assert sessions.export_to("positions", tmp_path / "p.csv")
    _h, rows = read_csv(tmp_path / "p.csv")
    assert np.array_equal(np.array([[float(x) for x in r[2:]] for r in rows]), trace.pos_embed.astype(np.float64))
    assert sessions.export_to("architecture", tmp_path / "arch.csv")
    _h, rows = read_csv(tmp_path / "arch.csv")
    assert rows[-1] == ["total", str(window.state.model.n_params)]
    assert sum(int(r[1]) for r in rows[:-1]) == window.state.model.n_params

    qtbot.waitUntil(lambda: window.state.trace.lens_ids is not None, timeout=5000)
    lens_trace = window.state.trace
    assert sessions.export_to("lens", tmp_path / "l.csv")
    _h, rows = read_csv(tmp_path / "l.csv")
    got = np.array([float(r[6]) for r in rows]).reshape(lens_trace.lens_probs.shape)
    assert np.array_equal(got, lens_trace.lens_probs.astype(np.float64))
    assert np.array_equal(np.array([int(r[4]) for r in rows]).reshape(lens_trace.lens_ids.shape),
                          lens_trace.lens_ids)


def test_the_next_token_csv_holds_the_numbers_its_bars_show(qtbot, window, tmp_path):
    """At temperature 0.5 the bar read "82.9 % (→ 89.0 %)" while the CSV had 33.8 % (the probability at
    temperature 1) and 89.0 %: the number on the bar was nowhere in the file. It now has that column too."""
    window.set_text("De kat zat op de mat")
    wait_for_text(qtbot, window, "De kat zat op de mat")
    window.state.set_sampling(temperature=0.5, top_k=3, top_p=1.0)
    panel = window.panels["next_token"]
    qtbot.waitUntil(lambda: bool(panel.lists) and bool(panel.lists[0].chart.bars()), timeout=5000)
    qtbot.wait(50)
    bars = panel.lists[0].chart.bars()
    assert window.sessions.export_to("next_token", tmp_path / "n.csv")
    header, rows = read_csv(tmp_path / "n.csv")
    assert header[5:8] == ["temperature", "probability_at_temperature", "sampling_probability"]
    assert [int(r[2]) for r in rows[:len(bars)]] == [int(b.key) for b in bars]
    np.testing.assert_allclose([float(r[6]) for r in rows[:len(bars)]], [b.value for b in bars], rtol=1e-5)
    assert all(float(r[5]) == 0.5 for r in rows)
    kept = [float(r[7]) for r in rows[:3]]
    assert abs(sum(kept) - 1.0) < 1e-5 and all(float(r[7]) == 0.0 for r in rows[3:])  # top-k 3


def test_export_to_a_missing_folder_says_so(qtbot, window, tmp_path, warnings):
    assert not window.sessions.export_to("attention", tmp_path / "nope" / "a.png")
    assert warnings and "nope" in warnings[0][1]


def _write_models(tmp_path) -> tuple[Path, Path]:
    causal, masked = tmp_path / "gpt", tmp_path / "bert"
    m = make_tiny_model()
    save_checkpoint(m.model, m.tokenizer, causal)
    b = make_tiny_model(causal=False, seed=1)
    save_checkpoint(b.model, b.tokenizer, masked)
    return causal, masked


def test_render_command_writes_png_svg_and_csv(qtbot, tmp_path):
    from explainer.cli import main
    from explainer.core.checkpoints import load_model

    causal, _ = _write_models(tmp_path)
    text = "De kat zat op de mat"
    base = ["render", "--model", str(causal), "--text", text, "--panel", "attention", "--layer", "2", "--head", "1"]
    assert main(base + ["--out", str(tmp_path / "fig.csv")]) == 0
    loaded = load_model(causal)
    trace = run(loaded.model, loaded.tokenizer, text)
    header, rows = read_csv(tmp_path / "fig.csv")
    assert header[0].startswith("layer 2 head 1")
    assert np.array_equal(np.array([[float(x) for x in r[1:]] for r in rows]), trace.attn[1, 0].astype(np.float64))
    assert main(base + ["--out", str(tmp_path / "fig.svg")]) == 0
    assert ET.parse(tmp_path / "fig.svg").getroot().tag.endswith("svg")
    assert main(["render", "--model", str(tmp_path / "missing"), "--panel", "attention",
                 "--out", str(tmp_path / "x.png")]) == 2


def test_render_runs_headless_in_a_fresh_process(tmp_path):
    causal, _ = _write_models(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(OMP_NUM_THREADS="1", LLM_EXPLAINER_CACHE=str(tmp_path / "cache"))
    out = tmp_path / "fig.png"
    result = subprocess.run([sys.executable, "-m", "explainer", "render", "--model", str(causal), "--text",
                             "The cat sat", "--panel", "tokens", "--size", "800x300", "--out", str(out)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() == 1600 and image.height() > 600  # a caption band above the 800x300 panel, at 2x
    bare = tmp_path / "bare.png"
    result = subprocess.run([sys.executable, "-m", "explainer", "render", "--model", str(causal), "--text",
                             "The cat sat", "--panel", "tokens", "--size", "800x300", "--no-caption",
                             "--out", str(bare)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(bare))
    assert (image.width(), image.height()) == (1600, 600)


# -- sessions -----------------------------------------------------------------
def test_session_round_trips_through_the_window(qtbot, tmp_path, warnings):
    causal, _ = _write_models(tmp_path)
    a = make_window(qtbot, tmp_path, None, name="a.ini")
    a.open_model(str(causal))
    qtbot.waitUntil(lambda: a.state.model is not None, timeout=10000)
    a.set_text("De kat zat op de mat")
    wait_for_text(qtbot, a, "De kat zat op de mat")
    a.state.select_layer(1)
    a.state.select_head(1)
    a.state.select_token(3)
    a.state.set_sampling(temperature=0.7, top_k=5, top_p=0.9)
    a.set_theme("dark")
    a.docks["lens"].hide()
    a.docks["cost"].show()
    a.docks["cost"].raise_()
    shown = {pid for pid, d in a.docks.items() if d.isVisible()}
    path = tmp_path / "lesson.explainer.json"
    assert a.sessions.save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["text"] == "De kat zat op de mat" and saved["token"] == 3
    a.controller.shutdown()
    palette.apply_theme("light")

    b = make_window(qtbot, tmp_path, make_tiny_model(seed=5), name="b.ini")
    assert not b.docks["lens"].isHidden()
    assert b.sessions.open_from(path)
    qtbot.waitUntil(lambda: not b.sessions.applier.pending, timeout=10000)
    st = b.state
    assert Path(st.model.path).resolve() == causal.resolve()
    assert (st.text, st.layer, st.head, st.token) == ("De kat zat op de mat", 1, 1, 3)
    assert (st.temperature, st.top_k, st.top_p) == (0.7, 5, 0.9)
    assert b.text_box.toPlainText() == "De kat zat op de mat"
    assert palette.current().name == "dark"
    assert b.docks["lens"].isHidden()
    assert {pid for pid, d in b.docks.items() if d.isVisible()} == shown  # the layout came back
    again = core_session.Session(**{k: v for k, v in saved.items() if k != "layout"})
    assert dataclasses.replace(session_io.capture_session(b), layout="") == again
    assert not warnings
    b.controller.shutdown()


def test_a_session_and_a_language_switch_keep_the_next_token_choices(qtbot, tmp_path, warnings):
    """"sampled, seed 123, 5 tokens" came back from a session as greedy, seed 42, 10 tokens, and a language
    switch lost them too. The panels' own settings now travel with both, as a lesson step keeps them."""
    a = make_window(qtbot, tmp_path, make_tiny_model())
    nt = a.panels["next_token"]
    nt.sampled.setChecked(True)
    nt.seed.setValue(123)
    nt.n_spin.setValue(5)
    path = tmp_path / "keuze.explainer.json"
    assert a.sessions.save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["settings"]["views"]["next_token.pick"] == "sampled"
    a.controller.shutdown()

    b = make_window(qtbot, tmp_path, make_tiny_model(seed=5), name="b.ini", register=False)
    assert b.sessions.open_from(path)
    qtbot.waitUntil(lambda: not b.sessions.applier.pending, timeout=10000)
    nt = b.panels["next_token"]
    assert (nt.sampled.isChecked(), nt.seed.value(), nt.n_spin.value()) == (True, 123, 5)
    c = b.set_language("nl")
    qtbot.addWidget(c)
    qtbot.waitUntil(lambda: not c.sessions.applier.pending, timeout=15000)
    nt = c.panels["next_token"]
    assert (nt.sampled.isChecked(), nt.seed.value(), nt.n_spin.value()) == (True, 123, 5)
    c.controller.shutdown()
    language.apply_language("en")
    saved["settings"]["views"]["next_token.seed"] = -4  # checked like a lesson's
    path.write_text(json.dumps(saved), encoding="utf-8")
    d = make_window(qtbot, tmp_path, make_tiny_model(), name="d.ini")
    assert not d.sessions.open_from(path)
    assert "settings.views.next_token.seed" in warnings[-1][1]
    d.controller.shutdown()


def test_a_session_saved_in_dutch_reopens_the_window_in_dutch(qtbot, tmp_path, warnings):
    import shiboken6

    causal, _ = _write_models(tmp_path)
    a = make_window(qtbot, tmp_path, None, name="a.ini", register=False)
    a.open_model(str(causal))
    qtbot.waitUntil(lambda: a.state.model is not None, timeout=10000)
    a.set_text("De kat zat op de mat")
    wait_for_text(qtbot, a, "De kat zat op de mat")
    session = session_io.capture_session(a)
    session.settings["language"] = "nl"
    session.token = 2
    path = tmp_path / "nl.explainer.json"
    core_session.save_session(session, path)
    a.set_text("iets anders")
    assert a.sessions.open_from(path)
    qtbot.waitUntil(lambda: not shiboken6.isValid(a), timeout=5000)
    del a
    b = language.open_windows[-1]
    qtbot.addWidget(b)
    qtbot.waitUntil(lambda: not b.sessions.applier.pending, timeout=10000)
    assert b.lang == "nl" and b.menuBar().actions()[0].text() == "&Bestand"
    assert (b.state.text, b.state.token) == ("De kat zat op de mat", 2)
    assert Path(b.state.model.path).resolve() == causal.resolve()
    assert b.sessions.path == path and not warnings
    b.controller.shutdown()


@pytest.mark.parametrize("content", [b"\x00\xff garbage", b'{"no": "text"}', b"[1, 2, 3]", b'{"text": "x", "version": 99}'])
def test_a_bad_session_file_gives_one_dialog_and_changes_nothing(qtbot, window, tmp_path, warnings, content):
    window.set_text("Blijft staan")
    wait_for_text(qtbot, window, "Blijft staan")
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = (window.state.text, window.state.model, window.state.layer, palette.current().name)
    assert not window.sessions.open_from(path)
    assert len(warnings) == 1 and str(path) in warnings[0][1]
    assert (window.state.text, window.state.model, window.state.layer, palette.current().name) == before


def test_an_interrupted_save_never_leaves_a_corrupt_file(qtbot, window, tmp_path, warnings, monkeypatch):
    path = tmp_path / "s.json"
    window.set_text("eerste versie")
    assert window.sessions.save_to(path)
    original = path.read_bytes()
    window.set_text("tweede versie")

    def crash(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core_session.os, "fsync", crash)
    assert not window.sessions.save_to(path)
    assert warnings and "No space left" in warnings[0][1]
    assert path.read_bytes() == original
    assert load_session(path).text == "eerste versie"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".s.json")) == []

    def killed(_fd):
        raise KeyboardInterrupt  # the process is stopped half-way through a write

    monkeypatch.setattr(core_session.os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        window.sessions.save_to(path)
    assert path.read_bytes() == original
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- cost meter -----------------------------------------------------------------
def test_cost_panel_shows_forward_flops(qtbot, window):
    window.set_text("De kat zat op de mat.")
    trace = wait_for_text(qtbot, window, "De kat zat op de mat.")
    window.docks["cost"].show()
    window.docks["cost"].raise_()
    panel = window.panels["cost"]
    cfg = window.state.model.cfg
    cost = forward_flops(cfg, trace.n_tokens)
    assert panel.cost == cost
    digits = int(re.sub(r"\D", "", panel.exact.text().split(" ")[0]))
    assert digits == round(cost.total)
    bars = {b.key: b.value for b in panel.parts.bars()}
    for key in panel.PART_KEYS:
        assert bars[key] == pytest.approx(getattr(cost, key) / cost.total)
    params = int(re.sub(r"\D", "", panel.value_label("params").text()))
    assert params == window.state.model.n_params
    rows = {r[0]: r for r in panel.figures()}
    assert "Patterson" in rows["gpt3_train_energy"][3] and "1,287" in rows["gpt3_train_energy"][2]
    assert "estimate" in rows["energy"][3]
    window.set_text("De kat zat op de mat. En toen?")
    longer = wait_for_text(qtbot, window, "De kat zat op de mat. En toen?")
    assert panel.cost == forward_flops(cfg, longer.n_tokens) and panel.cost.total > cost.total
    # a key that changes a token but not the count leaves the figures as they are; any other count redraws
    drawn = []
    panel.redraw = lambda: drawn.append(window.state.trace.n_tokens)
    same_count = "De kat zat op de mat. En toen!"
    window.set_text(same_count)
    assert wait_for_text(qtbot, window, same_count).n_tokens == longer.n_tokens
    assert drawn == []
    window.set_text("De kat")
    assert drawn == [wait_for_text(qtbot, window, "De kat").n_tokens]


# -- bias probe -----------------------------------------------------------------
def test_bias_panel_bars_equal_probe(qtbot, tiny_model):
    state = AppState()
    state.set_model(tiny_model)
    panel = BiasPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    qtbot.waitUntil(lambda: panel.row is not None, timeout=10000)

    def check(template, pair):
        want = probe(tiny_model.model, tiny_model.tokenizer, template, pair, top_k=8)
        row = panel.row
        assert (row.template, row.words) == (template, pair)
        assert row.token_ids == want.token_ids
        for chart, probs in zip(panel.charts, (want.probs_a, want.probs_b)):
            assert [b.key for b in chart.bars()] == list(want.token_ids)
            np.testing.assert_allclose([b.value for b in chart.bars()], probs, rtol=1e-6)
        assert panel.sides[0].text().startswith(f"“{want.sentences[0]}")
        # a projector's narrow lesson text broke "63 %" into "63" and "%" on the next line
        summary = panel.summary.text()
        assert summary.count("%") >= 4 and summary.count("\u00a0%") == summary.count("%")

    check(panel.current_template(), panel.current_pair())
    panel.template.setEditText("Later wordt ___ een")
    panel.pair.setEditText("de jongen / het meisje")
    panel._on_entered()
    qtbot.waitUntil(lambda: panel.row.words == ("de jongen", "het meisje"), timeout=10000)
    check("Later wordt {} een", ("de jongen", "het meisje"))
    # the slot is shown as the blank a class types, never as programmers' braces
    assert panel.template.findText("Later wordt ___ een") >= 0
    assert all("{" not in panel.template.itemText(i) and "___" in panel.template.itemText(i)
               for i in range(panel.template.count()))
    assert "{" not in panel.hint.text() and "___" in panel.hint.text()
    panel.template.setEditText("Later wordt {} een")  # braces still work when someone types them
    assert panel.current_template() == "Later wordt {} een"
    panel.template.setEditText("geen lege plek")
    assert panel.run_probe() == 0 and "___" in panel.notice.text() and "{" not in panel.notice.text()
    panel.template.setEditText("Later wordt ___ een")

    panel.pair.setEditText("alleen")
    assert panel.run_probe() == 0
    assert panel.notice.isVisible()
    state.jobs.wait_idle()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_cost_parts_show_their_whole_names_in_a_1366_dock(qtbot, show_panel, tiny_model, lang):
    """At 1366x768 the parts' names were cut ("aandacht: Q, K, V en uit…") while the bars used half the row."""
    from PySide6.QtGui import QFontMetricsF

    from explainer.gui.panels.cost import CostPanel

    language.apply_language(lang)
    try:
        _state, panel, _trace = show_panel(CostPanel, tiny_model, "De kat zat op", size=(700, 1300))
        qtbot.waitUntil(lambda: len(panel.parts.bars()) == 4)
        fm = QFontMetricsF(palette.font(palette.current().font_pt * 1.15))
        column = panel.parts.label_column(fm)
        assert all(fm.horizontalAdvance(b.label) <= column - 8 for b in panel.parts.bars())
        assert column <= 0.45 * panel.parts.width()
    finally:
        language.apply_language("en")


@pytest.mark.parametrize("height", [1400, 560, 380])
def test_a_new_token_count_moves_no_cost_figure_while_the_fold_stays(qtbot, show_panel, tiny_model, height):
    """Each key that added a token tried all three folds in turn, moving every label of the panel three times
    (some 100 moves a key, 1-2 ms with every panel on screen). Only the numbers change: nothing moves, and the
    fold is the one a fresh look at that size would choose."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QLabel

    from explainer.core.trace import run
    from explainer.gui.panels.cost import CostPanel

    text = "Every morning I drink a cup of tea"
    state, panel, _trace = show_panel(CostPanel, tiny_model, text, size=(790, height))
    qtbot.waitUntil(lambda: panel.cost is not None)
    qtbot.waitExposed(panel)
    qtbot.wait(200)  # (the first resizes and their folds, before the moves are counted)
    fold = panel.fold

    class Moves(QObject):
        def __init__(self):
            super().__init__()
            self.seen = []

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() in (QEvent.Move, QEvent.Resize, QEvent.Show, QEvent.Hide):
                self.seen.append((obj.objectName(), event.type()))
            return False

    moves = Moves()
    labels = [c for cells in panel._cells for c in cells] + [panel.parts, panel.caveat]
    for w in labels:
        w.installEventFilter(moves)
    drawn = []
    for more in (" and", " and then", " and then some"):
        before = panel.cost.total
        state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, text + more))
        qtbot.waitUntil(lambda: panel.cost is not None and panel.cost.total != before)
        qtbot.wait(10)
        drawn.append(panel.cost.total)
    assert len(set(drawn)) == 3
    assert panel.fold == fold and moves.seen == []
    panel._refold()  # measured afresh: the fold kept is the one it would choose
    assert panel.fold == fold and isinstance(panel.value_label("gpt3_households"), QLabel)


def test_a_short_cost_panel_keeps_the_total_and_the_quoted_figures_in_view(qtbot, show_panel, tiny_model):
    """The energy lesson quotes GPT-3's 1,287 MWh and asks how many operations a longer sentence takes; on a
    1366x768 projector both the training energy and the households were below the fold. A panel too short for
    everything puts the sources into the figures' tooltips, then leaves out the breakdown; taller, they return."""
    from explainer.gui.panels.cost import CostPanel

    _state, panel, _trace = show_panel(CostPanel, tiny_model, "Every morning I drink a cup of tea.", size=(790, 1400))
    qtbot.waitUntil(lambda: len(panel.parts.bars()) == 4)
    qtbot.waitUntil(lambda: panel.fold == 0)
    source = next(c[2] for c, key in zip(panel._cells, panel.ROW_KEYS) if key == "gpt3_train_energy")
    assert source.isVisible() and "Patterson" in source.text()
    assert panel.scroll.verticalScrollBar().maximum() == 0
    seen = []
    for height in range(1400, 380, -30):  # ever shorter: it folds further, never back
        panel.resize(790, height)
        qtbot.wait(5)
        fold = panel.fold
        assert not seen or fold >= seen[-1]
        seen.append(fold)
        room = panel.scroll.viewport()
        assert source.isVisible() == (fold == 0) and panel.parts.isVisible() == (fold < 2)
        assert ("Point at a figure" in panel.caveat.text()) == (fold > 0)
        assert ("an assumption" in panel.caveat.text()) == (fold < 3)  # folded furthest: the caveat in one line
        assert panel.exact.isVisible() == (fold < 4) and "floating-point" in panel.total.toolTip()
        assert "Patterson" in panel.value_label("gpt3_train_energy").toolTip()  # the source, also when folded
        if fold < 4:  # folded no further than needed to fit: nothing scrolls, the quoted figures are in view
            qtbot.waitUntil(lambda: panel.scroll.verticalScrollBar().maximum() == 0)
        if fold == 4 and panel.scroll.verticalScrollBar().maximum() > 0:
            continue  # shorter than even the folded panel: it scrolls
        for label in (panel.total, panel.value_label("gpt3_train_energy"), panel.value_label("gpt3_households")):
            bottom = label.mapTo(room, label.rect().bottomLeft()).y()
            assert label.isVisible() and 0 <= bottom <= room.height(), (height, label.text())
    assert {0, 1, 2, 3, 4} <= set(seen)
    panel.resize(790, 1400)
    qtbot.waitUntil(lambda: panel.fold == 0 and source.isVisible())
