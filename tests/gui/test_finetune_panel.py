"""Fine-tuning in the window: the Training panel continues the open model, Compare shows before and after.

The curve's first point is checked against a cross-entropy computed here on
the same windows, the Compare panel's difference against a KL divergence of
the two models' own predictions, and the timeline against the folders the
run wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import QSettings, Qt

from explainer.core.analysis.compare import kl_divergence_bits
from explainer.core.checkpoints import load_model, memory
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.checkpoints.timeline import find_timeline
from explainer.core.trace import run, softmax
from explainer.core.training import data as D
from explainer.gui.main_window import MainWindow
from explainer.paths import models_dir
from tests.conftest import make_tiny_model

SHIPPED = models_dir() / "tiny-gpt-nl-en"
TEXT = "Er was eens een"


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(lang="en", settings=settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.controller.shutdown()


def open_model(qtbot, win, path: Path) -> None:
    win.open_model(str(path))
    qtbot.waitUntil(lambda: win.state.model is not None and Path(win.state.model.path) == Path(path), timeout=15000)


def wait_done(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: panel.run is not None and not panel.run.is_running() and panel.start_button.isEnabled(),
                    timeout=180000)


def first_step_loss(base, out: Path) -> float:
    """Cross-entropy of ``base`` on the first windows of the run in ``out``, cut as the run cuts them."""
    meta = load_model(out).metadata
    T, B, seed = meta["window"], meta["batch_size"], meta["train_config"]["seed"]
    stream = D.encode_stream(base.tokenizer, D.load_splits(meta["corpus"], short_ok=True).train)
    windows = D.cut_windows(stream, D.window_starts(stream, B, T + 1, torch.Generator().manual_seed(seed)), T + 1)
    with torch.no_grad():
        logits = base.model(windows[:, :-1])  # (B, T, V)
    return float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), windows[:, 1:].reshape(-1)))


def test_the_example_fine_tunes_the_open_model_and_compares_before_with_after(qtbot, window, tmp_path):
    open_model(qtbot, window, SHIPPED)
    base = window.state.model
    panel = window.panels["training"]
    assert panel.start_from.model_name.text() == "tiny-gpt-nl-en" and panel.start_from.open_model.isEnabled()
    assert not panel.start_from.fine_tune() and not panel.compare_button.isEnabled()
    panel.example_button.click()
    assert Path(panel.data_path.text()) == D.example_text("sprookje") and panel.from_file.isChecked()
    assert panel.start_from.fine_tune() and not panel.preset.isEnabled() and not panel.objective.isEnabled()
    assert panel.steps.value() == 300 and Path(panel.out.text()).name.startswith("tiny-gpt-nl-en-finetuned-")
    panel.steps.setValue(2)
    panel.every.setValue(2)
    out = tmp_path / "tales"
    panel.out.setText(str(out))
    panel.start()
    wait_done(qtbot, panel)
    assert "Done at step 2" in panel.status.text() and "before to after" in panel.status.text()
    x, y = panel.loss_points()
    assert x == [1, 2]
    assert y[0] == pytest.approx(first_step_loss(load_model(SHIPPED, device="cpu", precision="float32"), out),
                                 rel=1e-5)
    assert [s.step for s in find_timeline(out)] == [0, 2]

    assert panel.compare_button.isEnabled()
    panel.compare_button.click()
    compare = window.panels["compare"]
    qtbot.waitUntil(lambda: Path(window.state.model.path) == out and compare.second is base, timeout=15000)
    window.set_text(TEXT)
    qtbot.waitUntil(lambda: compare.kl_bits is not None and compare.trace_b.text == TEXT, timeout=15000)
    after, before = load_model(out), load_model(SHIPPED)
    p_after, p_before = (softmax(run(m.model, m.tokenizer, TEXT).logits[-1]) for m in (after, before))
    assert compare.kl_bits == pytest.approx(kl_divergence_bits(p_after, p_before), rel=1e-3, abs=1e-6)
    assert compare.kl_bits > 1e-4  # two steps changed the prediction, so the two sides differ
    assert "fine-tuned, step\u00a02" in compare.names[0].text() and "step\u00a02,500" in compare.names[1].text()
    assert window.docks["compare"].isVisible()
    timeline = window.panels["timeline"]
    qtbot.waitUntil(lambda: [s.step for s in timeline.snapshots] == [0, 2], timeout=15000)


def test_a_fine_tune_too_large_for_the_free_memory_is_refused_in_the_panel(qtbot, window, tmp_path, monkeypatch):
    tiny = make_tiny_model()
    folder = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "tiny")
    open_model(qtbot, window, folder)
    monkeypatch.setattr(memory, "available_bytes", lambda device="cpu": 1_000)
    panel = window.panels["training"]
    panel.example_button.click()
    out = tmp_path / "too-large"
    panel.out.setText(str(out))
    panel.start()
    wait_done(qtbot, panel)
    assert "too large to fine-tune on this computer" in panel.status.text() and "MB is free" in panel.status.text()
    assert not out.exists() and not panel.compare_button.isEnabled() and panel.start_button.isEnabled()


def test_only_a_model_with_a_file_can_be_fine_tuned(qtbot, window, tmp_path):
    panel = window.panels["training"]
    window.state.set_model(make_tiny_model())  # built in memory: nothing on disk to read it from again
    assert not panel.start_from.open_model.isEnabled() and "no file" in panel.start_from.model_name.text()
    panel.example_button.click()
    assert not panel.start_from.fine_tune() and panel.preset.isEnabled()
    tiny = make_tiny_model()
    open_model(qtbot, window, save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "tiny"))
    assert panel.start_from.choose_fine_tune() and panel.steps.value() == 300
    panel.start_from.new_model.setChecked(True)
    assert panel.preset.isEnabled() and panel.objective.isEnabled() and panel.steps.value() == 500
    assert Path(panel.out.text()).name.startswith("my-model-")
    assert panel.start_from.choose_fine_tune()
    window.state.set_model(make_tiny_model())  # the open model changed to one without a file: back to a new model
    assert not panel.start_from.fine_tune() and panel.preset.isEnabled()


def test_each_group_of_choices_has_its_heading_above_it(qtbot, window):
    """Two groups of radio buttons, one chosen in each, read as one list of four with two marked: each group now
    has a heading above it, "Start from" over the model's choice and "Learn from" over the text's."""
    from PySide6.QtWidgets import QLabel

    window.docks["training"].show()
    window.docks["training"].raise_()
    panel = window.panels["training"]
    qtbot.waitUntil(panel.from_file.isVisible)
    headings = {w.text(): w for w in panel.findChildren(QLabel) if w.property("role") == "heading" and w.isVisible()}

    def y(widget):
        return widget.mapTo(panel, widget.rect().topLeft()).y()

    start, learn = headings["Start from"], headings["Learn from"]
    order = [start, panel.start_from.new_model, panel.start_from.open_model, learn, panel.from_file,
             panel.from_typed]
    assert [y(w) for w in order] == sorted(y(w) for w in order) and len({y(w) for w in order}) == len(order)


def test_a_choice_too_long_for_its_box_ends_in_an_ellipsis_and_shows_whole_in_its_tooltip(qtbot, window):
    """At 1920x1080 the size and objective boxes showed "nano: 2 layers × 2 heads, width" and "causal: predict
    the next token (li": cut mid-word, with no sign that more followed. A narrow box now ends its text with
    "…" and holds the whole of it in its tooltip; a wide one shows it whole."""
    window.docks["training"].show()
    window.docks["training"].raise_()
    panel = window.panels["training"]
    qtbot.waitUntil(panel.preset.isVisible)
    for combo in (panel.preset, panel.objective):
        full = combo.currentText()
        assert combo.toolTip() == full or combo.currentIndex() == 0
        combo.setCurrentIndex(min(1, combo.count() - 1))
        full = combo.currentText()
        assert combo.toolTip() == full
        combo.setFixedWidth(140)
        qtbot.waitUntil(lambda: combo.width() == 140)
        shown = combo.shown_text()
        assert shown.endswith("…") and full.startswith(shown[:-1]) and len(shown) < len(full)
        wide = combo.fontMetrics().horizontalAdvance(full) + 120
        combo.setFixedWidth(wide)
        qtbot.waitUntil(lambda: combo.width() == wide)
        assert combo.shown_text() == full


def test_side_by_side_the_form_gets_the_larger_part(qtbot, window):
    """The training dock at 1920x1080 (about 1040 px) split half and half: the size box read "nano: 2 layers ×
    2 heads, widt…" beside a mostly empty loss plot. Side by side, the form now gets the larger part and its
    choices show whole."""
    panel = window.panels["training"]
    dock = window.docks["training"]
    dock.setFloating(True)
    dock.show()
    dock.resize(1040, 760)
    qtbot.waitUntil(lambda: panel.width() >= 1000 and panel.preset.isVisible())
    split = panel.preset.parentWidget().parentWidget()
    while split is not None and not hasattr(split, "shares"):
        split = split.parentWidget()
    assert split.orientation() == Qt.Horizontal
    left, right = split.sizes()
    assert left >= 0.55 * (left + right)  # (half and half gave 505 against 501)
    qtbot.waitUntil(lambda: panel.preset.shown_text() == panel.preset.currentText())
