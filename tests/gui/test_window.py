"""The live window: typing drives every panel; stale results are dropped; bad input never crashes."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from explainer.core.analysis.sampling import generate_text
from explainer.core.trace import run, softmax
from explainer.core.transformer import Transformer
from explainer.gui import main_window as main_window_module
from explainer.gui.main_window import MainWindow
from explainer.gui.palette import heatmap_lut
from explainer.gui.widgets.heatmap import color_indices
from tests.conftest import make_tiny_model


@pytest.fixture
def window(qtbot, tmp_path, tiny_model):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(lang="nl", settings=settings)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    yield win
    from shiboken6 import isValid

    if isValid(win):  # (a test that switched the language has a new window; this one is gone)
        win.controller.shutdown()


def wait_for_text(qtbot, win, text: str, timeout: int = 5000):
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == text, timeout=timeout)
    qtbot.wait(10)
    return win.state.trace


def image_rgb(image) -> np.ndarray:
    """(H, W, 3) uint8 of a QImage, for comparing pixels with the colormap."""
    image = image.convertToFormat(image.Format.Format_RGB32)
    ptr = image.constBits()
    arr = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return arr[:, : image.width(), 2::-1].copy()


def test_typing_updates_every_panel(qtbot, window):
    window.set_text("")
    qtbot.keyClicks(window.text_box, "De kat zat")
    trace = wait_for_text(qtbot, window, "De kat zat")
    assert window.state.text == "De kat zat"
    tokens = window.panels["tokens"]
    assert [c.label for c in tokens.chips.chips()] == list(trace.tokens)
    assert [c.token_id for c in tokens.chips.chips()] == trace.token_ids.tolist()
    assert window.text_box.tinted_count() == trace.n_tokens

    attention = window.panels["attention"]
    lut = heatmap_lut()
    T = trace.n_tokens
    future = np.triu(np.ones((T, T), bool), 1)
    for l in range(trace.n_layers):
        for h in range(trace.n_heads):
            rgb = image_rgb(attention.grid.images()[l][h])
            expected = lut[color_indices(trace.attn[l, h])]
            assert np.array_equal(rgb[~future], expected[~future]), (l, h)
    np.testing.assert_array_equal(attention.heatmap.values(), trace.attn[window.state.layer, window.state.head])
    assert np.array_equal(attention.heatmap.mask(), future)

    lst = window.panels["next_token"].lists[0]
    probs = softmax(trace.logits[-1])
    order = np.argsort(-probs, kind="stable")[:10]
    assert lst.ids().tolist() == order.tolist()
    np.testing.assert_allclose([b.value for b in lst.chart.bars()], probs[order], rtol=1e-5)
    assert window.status_tokens.text().startswith(str(T))


def test_clicking_a_candidate_appends_it(qtbot, window, tiny_model):
    window.set_text("De kat")
    wait_for_text(qtbot, window, "De kat")
    chart = window.panels["next_token"].lists[0].chart
    bar = chart.bars()[1]
    qtbot.mouseClick(chart, Qt.LeftButton, pos=chart.row_rect(1).center().toPoint())
    expected = "De kat" + tiny_model.tokenizer.decode([bar.key])
    assert window.state.text == expected
    assert window.text_box.toPlainText() == expected
    wait_for_text(qtbot, window, expected)


def test_head_click_and_token_click_select_everywhere(qtbot, window):
    window.set_text("De kat zat")
    trace = wait_for_text(qtbot, window, "De kat zat")
    attention = window.panels["attention"]
    grid = attention.grid
    left, top = grid._margins()
    cell = grid._cell()
    qtbot.mouseClick(grid, Qt.LeftButton, pos=grid.rect().topLeft() + _pt(left + 1.5 * cell, top + 1.5 * cell))
    assert (window.state.layer, window.state.head) == (1, 1)
    np.testing.assert_array_equal(attention.heatmap.values(), trace.attn[1, 1])
    chips = window.panels["tokens"].chips
    qtbot.mouseClick(chips, Qt.LeftButton, pos=chips.chip_rect(2).center().toPoint())
    assert window.state.token == 2
    assert attention.heatmap._highlight == 2


def _pt(x, y):
    from PySide6.QtCore import QPoint

    return QPoint(int(x), int(y))


class SlowTransformer(Transformer):
    """A real model whose forward pass takes at least 0.4 s and says when it starts."""

    started = threading.Event()
    lengths: list[int] = []  # token count of every text it ran on

    def forward(self, ids, capture=None, interventions=None, logits_at=None, past=None):
        SlowTransformer.lengths.append(int(ids.shape[1]) + (past[0][0].shape[2] if past else 0))
        SlowTransformer.started.set()
        time.sleep(0.4)
        return super().forward(ids, capture=capture, interventions=interventions, logits_at=logits_at, past=past)


def test_stale_results_are_dropped(qtbot, window):
    slow = make_tiny_model()
    slow.model.__class__ = SlowTransformer
    window.state.set_model(slow)
    wait_for_text(qtbot, window, window.state.text, timeout=5000)
    window.controller.assume_forward_ms(0.0)  # treat it as fast: every edit is sent at once
    accepted = []
    window.state.trace_changed.connect(lambda tr: accepted.append(tr.text))
    SlowTransformer.started.clear()
    SlowTransformer.lengths.clear()
    window.set_text("De ka")
    assert SlowTransformer.started.wait(3)  # the first request is running now
    window.set_text("De kat")
    wait_for_text(qtbot, window, "De kat", timeout=5000)
    qtbot.wait(200)
    assert SlowTransformer.lengths[:2] == [5, 6]  # the old request ran to the end (5 characters)…
    assert "De ka" not in accepted  # …and the window never showed it
    assert accepted and all(text == "De kat" for text in accepted)
    assert window.controller.is_slow()  # a slow model's keys are combined from now on


def test_temperature_and_filters_change_the_bars(qtbot, window):
    window.set_text("De kat zat op")
    trace = wait_for_text(qtbot, window, "De kat zat op")
    panel = window.panels["next_token"]
    panel.temperature.setValue(0.5)
    assert window.state.temperature == 0.5
    probs = softmax(trace.logits[-1] / 0.5)
    order = np.argsort(-trace.logits[-1], kind="stable")[:10]
    np.testing.assert_allclose([b.value for b in panel.lists[0].chart.bars()], probs[order], rtol=1e-5)
    panel.temperature.setValue(2.0)
    values = [b.value for b in panel.lists[0].chart.bars()]
    np.testing.assert_allclose(values, softmax(trace.logits[-1] / 2.0)[order], rtol=1e-5)
    panel.top_k.setValue(3)
    enabled = [b.enabled for b in panel.lists[0].chart.bars()]
    assert enabled == [True] * 3 + [False] * 7
    kept = softmax(trace.logits[-1] / 2.0)[order[:3]]
    assert panel.lists[0].chart.bars()[0].text.endswith(f"(→ {100 * kept[0] / kept.sum():.1f}\u00a0%)")


def test_generate_greedy_matches_the_sampling_module(qtbot, window, tiny_model):
    window.set_text("De kat")
    wait_for_text(qtbot, window, "De kat")
    panel = window.panels["next_token"]
    panel.n_spin.setValue(4)
    panel.generate_button.click()
    expected = "De kat" + generate_text(tiny_model.model, tiny_model.tokenizer, "De kat", 4)
    qtbot.waitUntil(lambda: not panel.generating(), timeout=8000)
    assert window.state.text == expected
    wait_for_text(qtbot, window, expected)


def test_generate_sampled_with_seed_matches_the_sampling_module(qtbot, window, tiny_model):
    window.set_text("De kat")
    wait_for_text(qtbot, window, "De kat")
    panel = window.panels["next_token"]
    panel.temperature.setValue(1.5)
    panel.sampled.setChecked(True)
    panel.seed.setValue(7)
    panel.n_spin.setValue(3)
    panel.generate_button.click()
    qtbot.waitUntil(lambda: not panel.generating(), timeout=8000)
    expected = "De kat" + generate_text(tiny_model.model, tiny_model.tokenizer, "De kat", 3, temperature=1.5, seed=7)
    assert window.state.text == expected


def test_steps_sampled_with_a_seed_write_what_generate_writes(qtbot, window, tiny_model):
    """Every Step made its random numbers again from the seed, so each step drew the same number: Step pressed
    three times wrote another text than Generate 3 with the same seed. Steps right after each other go on with
    one stream of numbers, like Generate; Generate starts from the seed each time."""
    panel = window.panels["next_token"]
    panel.temperature.setValue(1.5)
    panel.sampled.setChecked(True)
    panel.seed.setValue(7)
    panel.n_spin.setValue(3)
    texts = []
    for how in ("generate", "step", "generate"):
        window.set_text("De kat")
        wait_for_text(qtbot, window, "De kat")
        for _ in range(3 if how == "step" else 1):
            before = window.state.text
            (panel.step_button if how == "step" else panel.generate_button).click()
            qtbot.waitUntil(lambda: not panel.generating() and window.state.text != before, timeout=8000)
            wait_for_text(qtbot, window, window.state.text)
        texts.append(window.state.text)
    expected = "De kat" + generate_text(tiny_model.model, tiny_model.tokenizer, "De kat", 3, temperature=1.5, seed=7)
    assert texts == [expected] * 3


def test_generate_writes_whole_characters_where_the_model_spells_one_with_two_tokens(qtbot, window):
    """The shipped model writes a curly quote as two byte tokens. Each decoded alone, the text got two
    replacement characters (U+FFFD), and the model read back other tokens than it had chosen. Both parts are
    now chosen before the text changes, and the text says what the sampling module's own generation says."""
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    shipped = load_model(models_dir() / "tiny-gpt-nl-en")
    window.state.set_model(shipped)
    start = "He said,"
    expected = start + generate_text(shipped.model, shipped.tokenizer, start, 4)
    pieces = [shipped.tokenizer.decode([i]) for i in shipped.tokenizer.encode(expected).ids]
    assert any("\ufffd" in piece for piece in pieces)  # (the case itself: a character in two tokens)
    window.set_text(start)
    wait_for_text(qtbot, window, start)
    panel = window.panels["next_token"]
    panel.n_spin.setValue(4)
    panel.generate_button.click()
    qtbot.waitUntil(lambda: not panel.generating(), timeout=15000)
    assert "\ufffd" not in window.state.text and window.state.text == expected


@pytest.mark.parametrize("text", ["", "😀 De kat 🐈‍⬛ zat", "שלום עולם مرحبا بالعالم", "De\x00kat\x00", "a\n\n\tb  c"])
def test_awkward_text_never_crashes(qtbot, window, text):
    window.set_text(text)
    trace = wait_for_text(qtbot, window, text)
    assert len(window.panels["tokens"].chips.chips()) == trace.n_tokens
    window.grab()  # paints every visible panel
    if not text:
        assert "Type" in window.panels["next_token"].heading.text()


def test_huge_paste_is_truncated_with_a_notice(qtbot, window):
    text = ("De kat zat op de mat. " * 5000)[:100_000]
    window.text_box.setPlainText(text)  # as a paste: through the box's own signal
    trace = wait_for_text(qtbot, window, text, timeout=15000)
    assert trace.n_tokens == window.state.model.cfg.max_seq_len
    assert window.notice.isVisible() and "too long" in window.notice.text()
    assert window.panels["tokens"].notice.isVisible()
    window.grab()


def test_bad_model_file_names_it_and_keeps_the_old_model(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(main_window_module.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model at all")
    old = window.state.model
    window.open_model(str(bad))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert str(bad) in shown[0]
    assert window.state.model is old


def test_model_loads_in_the_background(qtbot, window, tmp_path):
    from explainer.core.checkpoints.native import save_checkpoint

    other = make_tiny_model(seed=3, n_layer=3)
    save_checkpoint(other.model, other.tokenizer, tmp_path / "other")
    window.open_model(str(tmp_path / "other"))
    qtbot.waitUntil(lambda: window.state.model is not None and window.state.model.cfg.n_layer == 3, timeout=10000)
    trace = wait_for_text(qtbot, window, window.state.text)
    assert trace.n_layers == 3
    assert len(window.panels["attention"].grid.images()) == 3


def test_layout_is_remembered(qtbot, tmp_path, tiny_model):
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.IniFormat)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.docks["tokens"].hide()
    first.close()
    settings.sync()
    second = MainWindow(settings=QSettings(str(tmp_path / "layout.ini"), QSettings.IniFormat))
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert not second.docks["tokens"].isVisible()
    assert second.docks["attention"].isVisible()
    second.close()


def test_window_without_model_says_so(qtbot, tmp_path):
    win = MainWindow(lang="nl", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.start(text=None, model_path=None)
    assert win.no_model.isVisible()
    assert win.state.text.startswith("De kat zat op de mat")  # Dutch UI starts with a Dutch example
    win.controller.shutdown()


def test_lens_in_chunks_equals_the_core_lens(monkeypatch, tiny_model):
    from explainer.core.trace import run
    from explainer.gui import worker as worker_module

    monkeypatch.setattr(worker_module, "LENS_CHUNK_FLOPS", 1)  # one position per chunk
    text = "De kat zat op de mat"
    plain = run(tiny_model.model, tiny_model.tokenizer, text)
    expected = run(tiny_model.model, tiny_model.tokenizer, text, lens_k=worker_module.LENS_K)
    got = worker_module.lens_in_chunks(tiny_model, plain)
    np.testing.assert_array_equal(got.lens_ids, expected.lens_ids)
    np.testing.assert_array_equal(got.lens_rank, expected.lens_rank)
    np.testing.assert_allclose(got.lens_probs, expected.lens_probs, rtol=1e-5)
    asked = []
    assert worker_module.lens_in_chunks(tiny_model, plain, lambda: asked.append(1) or len(asked) < 3) is None
    assert len(asked) == 3  # a newer request: the lens is abandoned between two chunks


def test_window_trace_carries_the_logit_lens(qtbot, window):
    window.set_text("De kat")
    qtbot.waitUntil(lambda: window.state.trace is not None and window.state.trace.text == "De kat"
                    and window.state.trace.lens_ids is not None, timeout=5000)
    trace = window.state.trace
    assert trace.lens_ids.shape == (trace.n_layers + 1, trace.n_tokens, 5)


def test_slow_model_combines_the_keys_typed_while_it_runs(qtbot, window):
    window.set_text("De")
    wait_for_text(qtbot, window, "De")
    window.controller.assume_forward_ms(400.0)  # pretend each forward pass takes 400 ms
    before = window.state.latest_request_id
    qtbot.keyClicks(window.text_box, " kat zat")  # eight keys while the first one still runs
    assert window.state.latest_request_id - before == 1  # the first key after a pause goes at once
    trace = wait_for_text(qtbot, window, "De kat zat")
    assert window.state.latest_request_id - before == 2  # the rest of the burst: one request
    assert trace.text == window.state.text


def test_slow_model_keeps_answering_after_the_window_showed_another_result(qtbot, window):
    """A Trace shown on the state while a key runs (it takes a newer request id) makes the key's
    answer be dropped; the keys typed meanwhile must still go out once that answer is back."""
    window.set_text("De")
    wait_for_text(qtbot, window, "De")
    window.controller.assume_forward_ms(400.0)
    window.set_text("De k")  # idle: sent at once
    st = window.state
    st.accept_trace(st.next_request_id(), st.trace)  # a result from elsewhere, shown meanwhile
    window.set_text("De ka")  # typed while "De k" runs: waits for its answer
    assert window.controller._send_when_free
    trace = wait_for_text(qtbot, window, "De ka")
    assert trace.text == st.text and not window.controller.in_flight


def test_slow_model_idle_gets_each_key_at_once(qtbot, window):
    window.set_text("De")
    wait_for_text(qtbot, window, "De")
    window.controller.assume_forward_ms(400.0)
    for text in ("De k", "De ka"):  # typed after the previous answer arrived: nothing waits
        before = window.state.latest_request_id
        window.set_text(text)
        assert window.state.latest_request_id - before == 1
        wait_for_text(qtbot, window, text)
        window.controller.assume_forward_ms(400.0)  # each answer measures the (fast) test model again


def test_ctrl_enter_in_the_text_box_steps_one_token(qtbot, window, tiny_model):
    window.set_text("De kat")
    wait_for_text(qtbot, window, "De kat")
    window.text_box.setFocus()
    qtbot.keyClick(window.text_box, Qt.Key_Return, Qt.ControlModifier)
    expected = "De kat" + generate_text(tiny_model.model, tiny_model.tokenizer, "De kat", 1)
    qtbot.waitUntil(lambda: window.state.text == expected, timeout=5000)
    assert "\n" not in window.state.text


def test_models_menu_lists_what_the_registry_finds(qtbot, window, monkeypatch, tmp_path):
    from types import SimpleNamespace

    entry = SimpleNamespace(name="my-model", format="native", n_params=1_500_000, path=tmp_path / "my-model")
    from explainer.gui import menus

    monkeypatch.setattr(menus, "found_models", lambda: [entry])
    opened = []
    monkeypatch.setattr(window, "open_model", opened.append)
    window.fill_found_models()  # the registry runs in the "work" lane; the menu says "searching…" meanwhile
    qtbot.waitUntil(lambda: [a.text() for a in window.menus.found.actions()] == ["my-model (native, 1.5\u00a0M)"],
                    timeout=5000)
    actions = window.menus.found.actions()
    actions[0].trigger()
    assert opened == [str(entry.path)]


def test_dark_theme_and_zoom_redraw_without_losing_the_trace(qtbot, window):
    window.set_text("De kat")
    trace = wait_for_text(qtbot, window, "De kat")
    window.set_theme("dark")
    window.zoom(1.15)
    assert window.panels["attention"].heatmap.values().shape == (trace.n_tokens, trace.n_tokens)
    window.grab()
    window.set_theme("light")
    window.zoom(0)


def test_typing_on_continues_from_the_last_trace(qtbot, window, tiny_model):
    """Each key reuses the positions its text shares with the last Trace; what is shown equals a full pass."""
    from explainer.core.analysis.interventions import Ablation, build_interventions
    window.set_text("de kat zat")
    wait_for_text(qtbot, window, "de kat zat")
    for text in ("de kat zat ", "de kat zat o", "de kat zat op"):
        window.set_text(text)
        shown = wait_for_text(qtbot, window, text)
        assert shown.reused_tokens == len(text) - 1  # a character model: every earlier character is kept
        full = run(tiny_model.model, tiny_model.tokenizer, text, logits="predictions", lens_k=5)
        for name in ("attn", "resid", "final", "logits"):
            np.testing.assert_allclose(getattr(shown, name), getattr(full, name), atol=1e-5)
        qtbot.waitUntil(lambda: window.state.trace.lens_ids is not None, timeout=3000)
        np.testing.assert_array_equal(window.state.trace.lens_ids[:, :, 0], full.lens_ids[:, :, 0])
    # switching a head off changes every position: nothing may be taken over
    window.state.set_interventions(build_interventions([Ablation("head", 0, 1)]))
    qtbot.waitUntil(lambda: window.state.trace.reused_tokens == 0 and window.state.latest_request_id
                    and not window.controller.in_flight, timeout=3000)
    window.set_text("de kat zat op ")
    assert wait_for_text(qtbot, window, "de kat zat op ").reused_tokens == len("de kat zat op")
    # an edit at the start: the first position differs, everything is computed again
    window.set_text("De kat zat op ")
    assert wait_for_text(qtbot, window, "De kat zat op ").reused_tokens == 0


def test_the_language_does_not_change_under_a_running_training(qtbot, window, monkeypatch):
    """Switching the language rebuilds the window, and a training run in the old one stopped without a word: the
    new window said "Not training". While a run goes on, the switch is refused with a message instead."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a: shown.append(text))
    training = window.panels["training"]
    running = SimpleNamespace(is_running=lambda: True, config=SimpleNamespace(out="x"))
    monkeypatch.setattr(training, "run", running)
    window.language_actions["en"].trigger()  # as the View → Language menu does
    assert window.isVisible() and window.lang == "nl"
    assert window.language_actions["nl"].isChecked() and not window.language_actions["en"].isChecked()
    assert shown and "training" in shown[0].lower() and window.notice.text() == shown[0]
    monkeypatch.setattr(training, "run", None)  # finished: the language changes
    new = window.set_language("en")
    qtbot.addWidget(new)
    assert new is not window and new.lang == "en"
    new.controller.shutdown()


def test_a_generation_goes_on_in_the_window_rebuilt_in_another_language(qtbot, tmp_path, tiny_model):
    """A language switch in the middle of Generate dropped the rest of the run. The new window goes on with the
    tokens still to come, and writes what one run would have written."""
    window = MainWindow(lang="nl", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    window.resize(1500, 950)  # (not handed to qtbot: the switch deletes it)
    window.show()
    qtbot.waitExposed(window)
    window.state.set_model(tiny_model)
    window.set_text("De kat")
    wait_for_text(qtbot, window, "De kat")
    panel = window.panels["next_token"]
    panel.n_spin.setValue(6)
    panel.generate_button.click()
    qtbot.waitUntil(lambda: window.state.text != "De kat", timeout=8000)
    assert panel.generating()
    new = window.set_language("en")
    qtbot.addWidget(new)
    after = new.panels["next_token"]
    qtbot.waitUntil(lambda: not after.generating() and new.state.text.startswith("De kat")
                    and len(new.state.text) > len("De kat") + 3, timeout=15000)
    qtbot.waitUntil(lambda: not after.generating(), timeout=15000)
    expected = "De kat" + generate_text(tiny_model.model, tiny_model.tokenizer, "De kat", 6)
    assert new.state.text == expected
    new.controller.shutdown()
