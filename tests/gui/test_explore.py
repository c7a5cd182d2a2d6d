"""Exploring checkpoints in the window: open any format, scrub a timeline, compare, switch parts off, train."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from explainer.core.analysis.compare import kl_divergence_bits
from explainer.core.analysis.interventions import Ablation, build_interventions, mean_activations
from explainer.core.checkpoints import CheckpointError, device_label, load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.checkpoints.registry import describe
from explainer.core.trace import run, softmax
from explainer.gui import main_window as main_window_module
from explainer.gui.explore import picker as picker_module
from explainer.gui.panels import compare as compare_module
from explainer.gui.main_window import MainWindow
from explainer.core.analysis.interventions import reference_texts
from explainer.core.checkpoints.timeline import find_run
from tests.conftest import make_tiny_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))  # the loader tests' file writers

TEXT = "de kat zat op de mat"


@pytest.fixture
def window(qtbot, tmp_path, tiny_model):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(lang="en", settings=settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    win.set_text(TEXT)
    wait_trace(qtbot, win, tiny_model.model)
    yield win
    win.controller.shutdown()


def wait_trace(qtbot, win, model, text=TEXT, timeout=10000):
    """Wait until the shown Trace is of ``text`` and was computed by ``model``."""
    def ready():
        st = win.state
        return st.model is not None and st.model.model is model and st.trace is not None and st.trace.text == text
    qtbot.waitUntil(ready, timeout=timeout)
    return win.state.trace


def direct_logits(path, text=TEXT, interventions=None):
    loaded = load_model(path)
    return run(loaded.model, loaded.tokenizer, text, interventions=interventions).logits


# -- opening --------------------------------------------------------------------------
def make_native(tmp_path):
    folder = tmp_path / "native-model"
    m = make_tiny_model(seed=7)
    save_checkpoint(m.model, m.tokenizer, folder, {"step": 5})
    return folder


def make_hf(tmp_path):
    from test_loaders_huggingface import save_folder
    folder = tmp_path / "hf-gpt2"
    folder.mkdir()
    save_folder("gpt2", folder)
    return folder


def make_nanogpt(tmp_path):
    from test_loaders_nanogpt import args, nanogpt_state, write_ckpt, write_meta
    out = tmp_path / "out-shakespeare-char"
    out.mkdir()
    write_ckpt(out / "ckpt.pt", nanogpt_state(), args())
    write_meta(tmp_path / "data" / "shakespeare_char" / "meta.pkl")
    return out / "ckpt.pt"


def make_gguf(tmp_path):
    from gguf import GGMLQuantizationType
    from test_loaders_gguf import write_gpt2
    path = tmp_path / "tiny.gguf"
    write_gpt2(path, GGMLQuantizationType.F32)
    return path


def drop(window, target, path) -> bool:
    """Drop ``path`` on ``target``. The offscreen platform has no drag-and-drop, so QApplication never
    delivers drop events there; the event goes straight to the filter the explorer installed on ``target``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    assert target in window.explorer._drop_targets
    handled = window.explorer.eventFilter(target, event)
    return handled and event.isAccepted()


@pytest.mark.parametrize("fmt,make,how", [
    ("explainer", make_native, "drop on window"), ("huggingface", make_hf, "drop on text box"),
    ("nanogpt", make_nanogpt, "open"), ("gguf", make_gguf, "recent")])
def test_opening_each_format_updates_the_window(qtbot, window, tmp_path, fmt, make, how):
    path = make(tmp_path)
    explorer = window.explorer
    if how == "drop on window":
        assert drop(window, window, path)
    elif how == "drop on text box":
        assert drop(window, window.text_box.viewport(), path)
        assert window.state.text == TEXT  # the path was not typed into the text
    elif how == "recent":
        explorer.add_recent(str(path))
        explorer._fill_recent()
        act = next(a for a in explorer.recent_menu.actions() if str(path) in a.text())
        act.trigger()
    else:
        explorer.open_path(path)
    qtbot.waitUntil(lambda: window.state.model.format == fmt, timeout=15000)
    loaded = window.state.model
    trace = wait_trace(qtbot, window, loaded.model)
    np.testing.assert_allclose(trace.logits_at(-1), direct_logits(path)[-1], atol=1e-5)
    assert loaded.name in window.windowTitle() and loaded.name in window.status_model.text()
    assert device_label(loaded.model.device) in window.status_device.text()
    assert [c.label for c in window.panels["tokens"].chips.chips()] == list(trace.tokens)
    assert explorer.recent()[0] == str(Path(path).resolve())
    assert not explorer.busy.isVisible()


def test_bad_file_keeps_the_previous_model_and_says_why(qtbot, window, tmp_path, monkeypatch, tiny_model):
    shown = []
    monkeypatch.setattr(main_window_module.QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append((title, text)))
    bad = tmp_path / "broken.pt"
    bad.write_bytes(b"this is not a checkpoint at all")
    window.explorer.open_path(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    title, text = shown[0]
    with pytest.raises(CheckpointError) as err:
        load_model(bad)
    assert str(bad) in text and err.value.problem in text
    assert window.state.model is tiny_model
    assert str(bad.resolve()) not in window.explorer.recent()
    assert not window.explorer.busy.isVisible()


def test_picker_lists_registry_entries_and_opens_on_double_click(qtbot, window, tmp_path, monkeypatch):
    folder = make_native(tmp_path)
    entry = describe(folder, "user")
    monkeypatch.setattr(picker_module, "find_models", lambda: [entry])
    menus = {a.menu().title(): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    assert window.explorer.recent_menu.menuAction() in menus["&File"].actions()
    next(a for a in menus["&Model"].actions() if a.text() == "&Choose model…").trigger()
    dialog = window.explorer.picker
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[0] == "native-model" and cells[2:4] == ["explainer", entry.family]
    assert cells[1] == "?"  # the folder's metadata names no languages
    assert cells[6] == "your models folder"
    assert cells[4] == f"{entry.n_params / 1e3:.1f}\u00a0k"  # a no-break space
    dialog.table.cellDoubleClicked.emit(0, 0)
    assert dialog.chosen_path == str(folder) and dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: Path(window.state.model.path) == folder, timeout=10000)


# -- timeline ---------------------------------------------------------------------------
def make_run(tmp_path, steps=(0, 10, 20)):
    run_dir = tmp_path / "my-run"
    for i, step in enumerate(steps):
        m = make_tiny_model(seed=10 + i)
        save_checkpoint(m.model, m.tokenizer, run_dir / "timeline" / f"step-{step:06d}",
                        {"step": step, "val_loss": 4.0 - i})
    final = make_tiny_model(seed=10 + len(steps) - 1)
    save_checkpoint(final.model, final.tokenizer, run_dir, {"step": steps[-1], "val_loss": 4.0 - len(steps) + 1})
    return run_dir


def test_timeline_slider_loads_the_right_step(qtbot, window, tmp_path):
    panel = window.panels["timeline"]  # built now: it looks for the open model's run first
    qtbot.waitUntil(lambda: "no training timeline" in panel.explain.text(), timeout=5000)
    assert not panel.controls.isVisibleTo(panel)
    run_dir = make_run(tmp_path)
    window.open_model(str(run_dir))
    qtbot.waitUntil(lambda: len(panel.snapshots) == 3, timeout=10000)
    assert panel.controls.isVisibleTo(panel) and panel.step() == 20
    x, y = panel.curve.getData()
    assert x.tolist() == [0, 10, 20] and y.tolist() == [4.0, 3.0, 2.0]

    panel.slider.setValue(1)
    snap = run_dir / "timeline" / "step-000010"
    qtbot.waitUntil(lambda: Path(window.state.model.path) == snap, timeout=10000)
    first = window.state.model
    trace = wait_trace(qtbot, window, first.model)
    np.testing.assert_allclose(trace.logits_at(-1), direct_logits(snap)[-1], atol=1e-5)
    assert panel.marker.data["x"].tolist() == [10] and panel.marker.data["y"].tolist() == [3.0]
    assert "Step 10" in panel.step_label.text()

    panel.slider.setValue(0)
    qtbot.waitUntil(lambda: Path(window.state.model.path).name == "step-000000", timeout=10000)
    trace = wait_trace(qtbot, window, window.state.model.model)
    np.testing.assert_allclose(trace.logits_at(-1), direct_logits(run_dir / "timeline" / "step-000000")[-1],
                               atol=1e-5)
    panel.slider.setValue(1)  # back to a step seen before: served from the cache, at once
    assert window.state.model is first


def test_the_timelines_last_stop_is_the_model_that_was_opened(qtbot, window, tmp_path):
    """A run's folder holds its model, and its timeline a float16 copy of the same step. Moved to step 0 and back
    to that step (the label the same, "Step 20 (3 of 3)"), the slider gave the copy: other numbers (0.33 apart in
    a logit for the shipped model) than the model that was opened, which the slider could no longer reach."""
    import torch

    run_dir = make_run(tmp_path)
    copy = make_tiny_model(seed=12)  # the last step's weights, stored as the timeline stores them
    save_checkpoint(copy.model, copy.tokenizer, run_dir / "timeline" / "step-000020", {"step": 20, "val_loss": 2.0},
                    dtype=torch.float16)
    panel = window.panels["timeline"]
    window.open_model(str(run_dir))
    qtbot.waitUntil(lambda: len(panel.snapshots) == 3, timeout=10000)
    opened = window.state.model
    assert Path(opened.path) == run_dir and panel.snapshots[-1].path == run_dir and panel.slider.value() == 2
    before = wait_trace(qtbot, window, opened.model).logits_at(-1).copy()
    panel.slider.setValue(0)
    qtbot.waitUntil(lambda: Path(window.state.model.path).name == "step-000000", timeout=10000)
    panel.slider.setValue(2)
    qtbot.waitUntil(lambda: window.state.model is opened, timeout=10000)
    np.testing.assert_array_equal(wait_trace(qtbot, window, opened.model).logits_at(-1), before)
    assert not np.array_equal(direct_logits(run_dir / "timeline" / "step-000020")[-1], before)  # (the copy differs)


def test_a_run_is_one_numbered_series_not_any_models_side_by_side(tmp_path):
    for name, seed in (("gpt-a", 1), ("gpt-b", 2)):
        m = make_tiny_model(seed=seed)
        save_checkpoint(m.model, m.tokenizer, tmp_path / "models" / name, {"step": seed * 100})
    assert find_run(tmp_path / "models" / "gpt-a") == []
    for step in (500, 1000, 1500):
        m = make_tiny_model(seed=step)
        save_checkpoint(m.model, m.tokenizer, tmp_path / "hf-run" / f"checkpoint-{step}", {"step": step})
    assert [s.step for s in find_run(tmp_path / "hf-run" / "checkpoint-1000")] == [500, 1000, 1500]
    run_dir = make_run(tmp_path)
    assert [s.step for s in find_run(run_dir / "timeline" / "step-000010")] == [0, 10, 20]


# -- interventions ------------------------------------------------------------------------
def test_ablating_a_head_changes_logits_as_the_same_ablation_on_the_model(qtbot, window, tiny_model):
    panel = window.panels["interventions"]
    window.docks["interventions"].raise_()  # a panel out of sight does not run the comparison
    base = window.state.trace.logits_at(-1).copy()
    panel.kind.setCurrentIndex(panel.kind.findData("head"))
    panel.layer_spin.setValue(2)
    panel.head_spin.setValue(1)
    panel.mode.setCurrentIndex(panel.mode.findData("zero"))
    panel.add_button.click()
    ab = Ablation("head", 1, 0, "zero")
    assert window.state.ablations == [ab]
    qtbot.waitUntil(lambda: window.state.trace is not None and not np.array_equal(window.state.trace.logits_at(-1), base),
                    timeout=10000)
    expected = run(tiny_model.model, tiny_model.tokenizer, TEXT, interventions=build_interventions([ab])).logits
    np.testing.assert_allclose(window.state.trace.logits_at(-1), expected[-1], atol=1e-6)

    qtbot.waitUntil(lambda: bool(panel.rows()), timeout=10000)  # before → after, next token
    before, after = softmax(base), softmax(expected[-1])
    for tid, p0, p1 in panel.rows():
        assert p0 == pytest.approx(before[tid], abs=1e-6) and p1 == pytest.approx(after[tid], abs=1e-6)
    assert panel.table.rowCount() == len(panel.rows())

    # a right-click in the attention grid asks for a mean-ablation of the head under the mouse
    grid = window.panels["attention"].grid
    point = next(QPoint(x, y) for y in range(0, grid.height(), 4) for x in range(0, grid.width(), 4)
                 if grid.head_at(x, y) == (0, 1))
    QApplication.sendEvent(grid, QContextMenuEvent(QContextMenuEvent.Mouse, point, grid.mapToGlobal(point)))
    menu = window.explorer.menu_filters[0].last_menu
    next(a for a in menu.actions() if "(mean)" in a.text()).trigger()
    mean_ab = Ablation("head", 0, 1, "mean")
    qtbot.waitUntil(lambda: window.state.ablations == [ab, mean_ab], timeout=15000)
    means = mean_activations(tiny_model.model, tiny_model.tokenizer, reference_texts())
    expected = run(tiny_model.model, tiny_model.tokenizer, TEXT,
                   interventions=build_interventions([ab, mean_ab], means)).logits
    qtbot.waitUntil(lambda: np.allclose(window.state.trace.logits_at(-1), expected[-1], atol=1e-5), timeout=10000)

    panel.reset_button.click()
    assert window.state.ablations == [] and not window.state.interventions
    qtbot.waitUntil(lambda: np.allclose(window.state.trace.logits_at(-1), base, atol=1e-6), timeout=10000)


def test_right_click_on_the_architecture_switches_off_an_mlp(qtbot, window, tiny_model):
    dock = window.docks["architecture"]
    dock.show()
    dock.raise_()
    view = window.panels["architecture"].view
    qtbot.waitUntil(lambda: any(b.part == "mlp" for b in view.boxes))
    box = next(b for b in view.boxes if b.part == "mlp" and b.layer == 1)
    point = box.rect.center().toPoint()
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Mouse, point, view.mapToGlobal(point)))
    menu = window.explorer.menu_filters[1].last_menu
    next(a for a in menu.actions() if "(zero)" in a.text()).trigger()
    ab = Ablation("mlp", 1, -1, "zero")
    assert window.state.ablations == [ab]
    expected = run(tiny_model.model, tiny_model.tokenizer, TEXT, interventions=build_interventions([ab])).logits
    qtbot.waitUntil(lambda: np.allclose(window.state.trace.logits_at(-1), expected[-1], atol=1e-6), timeout=10000)
    assert "MLP of layer 2" in window.panels["interventions"].list.item(0).text()


# -- compare -------------------------------------------------------------------------------
def test_compare_shows_both_predictions_and_their_kl(qtbot, window, tiny_model):
    panel = window.panels["compare"]
    window.docks["compare"].show()
    window.docks["compare"].raise_()
    # before a second model is chosen, B's empty map says why (it said "no tokens yet" beside A's tokens)
    qtbot.waitUntil(lambda: panel.heatmaps[1].empty_text == "choose a second model above", timeout=5000)
    assert panel.heatmaps[0].values().size > 0
    # and A's own prediction is there already (its bars were left blank until B came)
    top_a = np.argsort(-softmax(window.state.trace.logits[-1]), kind="stable")[:compare_module.TOP_K]
    assert [bar.key for bar in panel.charts[0].bars()] == top_a.tolist() and not panel.charts[1].bars()
    other = make_tiny_model(seed=5)
    panel.set_second_model(other)
    qtbot.waitUntil(lambda: panel.kl_bits is not None, timeout=10000)
    a = window.state.trace
    b = run(other.model, other.tokenizer, TEXT)
    assert panel.kl_bits == pytest.approx(kl_divergence_bits(softmax(a.logits[-1]), softmax(b.logits[-1])), rel=1e-5)
    top_b = np.argsort(-softmax(b.logits[-1]), kind="stable")[:compare_module.TOP_K]
    assert [bar.key for bar in panel.charts[1].bars()] == top_b.tolist()
    l, h = window.state.layer, window.state.head
    np.testing.assert_array_equal(panel.heatmaps[0].values(), a.attn[l, h])
    np.testing.assert_allclose(panel.heatmaps[1].values(), b.attn[l, h], atol=1e-6)
    assert "same" in panel.tokens_title.text()


def test_compare_lines_up_different_tokenizers(qtbot, window, tmp_path):
    folder = make_hf(tmp_path)
    panel = window.panels["compare"]
    panel.open_second(str(folder))
    qtbot.waitUntil(lambda: panel.trace_b is not None and panel._ready(), timeout=15000)
    assert panel.kl_bits is None and "different vocabularies" in panel.kl_label.text()
    assert "differently" in panel.tokens_title.text()
    b_tokens = panel.trace_b.tokens
    assert all(t.replace(" ", "·") in panel.tokens_view.text() for t in b_tokens)


# -- training ------------------------------------------------------------------------------
def test_training_in_the_panel_writes_a_timeline_and_plots_every_step(qtbot, window, tmp_path):
    panel = window.panels["training"]
    lines = [f"de kat {w} zat op de mat nummer {i}." for i, w in enumerate(["zwart", "wit", "grijs"] * 20)]
    panel.typed.setPlainText("\n".join(lines))
    panel.preset.setCurrentIndex(panel.preset.findData("nano"))
    panel.objective.setCurrentIndex(panel.objective.findData("causal"))
    # before any step the plot's axis runs over the run's steps (it read "step 0.2 0.4 0.6 0.8")
    assert panel.plot.getPlotItem().getViewBox().viewRange()[0][1] == pytest.approx(panel.steps.value(), rel=0.05)
    panel.steps.setValue(6)
    assert panel.plot.getPlotItem().getViewBox().viewRange()[0][1] == pytest.approx(6, rel=0.05)
    panel.every.setValue(3)
    out = tmp_path / "trained"
    panel.out.setText(str(out))
    steps_seen = []
    panel.start()
    panel.run.progress.connect(lambda p: p.event == "step" and steps_seen.append(p.step))
    qtbot.waitUntil(lambda: not panel.run.is_running() and panel.start_button.isEnabled(), timeout=120000)
    assert "Done" in panel.status.text()
    for step in (0, 3, 6):
        assert (out / "timeline" / f"step-{step:06d}" / "model.safetensors").is_file()
    x, y = panel.loss_points()
    assert x == [1, 2, 3, 4, 5, 6] and steps_seen[-3:] == [4, 5, 6]
    meta = load_model(out).metadata
    assert y[-1] == pytest.approx(meta["train_loss"], rel=1e-6)
    assert [h["step"] for h in meta["history"]] == [0, 3, 6]

    panel.open_button.click()
    timeline = window.panels["timeline"]
    qtbot.waitUntil(lambda: Path(window.state.model.path) == out and len(timeline.snapshots) == 3, timeout=15000)
    assert [s.step for s in timeline.snapshots] == [0, 3, 6]



def test_training_pauses_and_stops_with_a_checkpoint(qtbot, window, tmp_path):
    panel = window.panels["training"]
    panel.typed.setPlainText("\n".join(f"het is dag {i} en de zon schijnt." for i in range(40)))
    panel.preset.setCurrentIndex(panel.preset.findData("nano"))
    panel.steps.setValue(100000)
    panel.every.setValue(50000)
    out = tmp_path / "stopped"
    panel.out.setText(str(out))
    panel.start()
    qtbot.waitUntil(lambda: len(panel.loss_points()[0]) >= 3, timeout=60000)
    panel.pause_button.click()
    qtbot.waitUntil(lambda: "Paused" in panel.status.text(), timeout=10000)
    paused_at = len(panel.loss_points()[0])
    qtbot.wait(400)
    assert len(panel.loss_points()[0]) == paused_at and panel.run.is_running()
    panel.stop_button.click()
    qtbot.waitUntil(lambda: not panel.run.is_running() and panel.start_button.isEnabled(), timeout=30000)
    assert "Stopped" in panel.status.text() and panel.run.result.stopped
    assert load_model(out).metadata["step"] == paused_at == panel.loss_points()[0][-1]
    assert panel.out.text() != str(out)  # the next Start does not write into the stopped run
