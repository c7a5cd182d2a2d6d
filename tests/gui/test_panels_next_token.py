"""Next-token panel on its own: masked mode, greyed filters, entropy, greedy temperature."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from explainer.core.config import bert_config
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.tokenizers import HuggingFaceTokenizer
from explainer.core.trace import entropy_bits, next_token_distribution, softmax
from explainer.core.training import bpe
from explainer.core.transformer import Transformer
from explainer.gui.panels.next_token import NextTokenPanel
from explainer.gui.panels.next_token_parts import replace_span

LINES = ["de kat zat op de mat en keek naar de vogels", "the cat sat on the mat and looked at the birds",
         "een hond liep door het park naar de kat"] * 20


@pytest.fixture(scope="module")
def bpe_mlm(tmp_path_factory) -> LoadedModel:
    """A masked LM with a byte-level BPE vocabulary that has a real [MASK] token."""
    d = tmp_path_factory.mktemp("mlm")
    (d / "c.txt").write_text("\n".join(LINES), encoding="utf-8")
    tok = HuggingFaceTokenizer(bpe.train_bpe([d / "c.txt"], vocab_size=300, out_dir=d / "tok", min_frequency=2))
    torch.manual_seed(1)
    cfg = bert_config(vocab_size=tok.vocab_size, n_layer=2, n_head=2, d_model=32, max_seq_len=64, name="tiny-mlm")
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return LoadedModel(model=model, tokenizer=tok, path=d, format="test")


@pytest.fixture
def show(show_panel):
    """``show(loaded, text)``: a NextTokenPanel on its own, drawing ``text`` (see ``show_panel`` in conftest)."""
    return functools.partial(show_panel, NextTokenPanel, size=(700, 900))


def test_masked_mode_ranks_like_the_mlm_head(show, bpe_mlm):
    text = "de kat [MASK] op de [MASK] en keek"
    state, panel, trace = show(bpe_mlm, text)
    ids = bpe_mlm.tokenizer.encode(text).ids
    positions = [i for i, t in enumerate(ids) if t == bpe_mlm.tokenizer.mask_id]
    assert len(positions) == 2
    with torch.no_grad():  # the fused path, independent of the capture code the panel draws from
        logits = bpe_mlm.model(torch.tensor([ids]))[0].numpy()
    visible = [lst for lst in panel.lists if lst.isVisible()]
    assert [lst.position() for lst in visible] == positions
    for lst, pos in zip(visible, positions):
        expected = np.argsort(-logits[pos], kind="stable")[:10]
        assert lst.ids().tolist() == expected.tolist()
        np.testing.assert_allclose([b.value for b in lst.chart.bars()], softmax(logits[pos])[expected], rtol=1e-4)
    assert not panel.generate_button.isVisible()


@pytest.mark.parametrize("masks", [1, 2])
def test_a_tall_masked_panel_puts_each_title_right_above_its_bars(show, qtbot, bpe_mlm, masks):
    """The lesson's fill-in step at 1920x1080 showed the heading, some 200 px of nothing, "[MASK] at token 6",
    as much nothing again, then the bars: the title took half of the spare height. Each title now sits on its
    bars, and the first list right under the heading."""
    text = "de kat [MASK] op de mat" if masks == 1 else "de kat [MASK] op de [MASK] en keek"
    _state, panel, _trace = show(bpe_mlm, text)
    panel.resize(700, 1200)
    qtbot.wait(50)
    visible = [lst for lst in panel.lists if lst.isVisible()]
    assert len(visible) == masks
    for lst in visible:
        title, chart = lst.title, lst.chart
        assert title.isVisible() and "[MASK]" in title.text()
        gap = chart.mapTo(lst, chart.rect().topLeft()).y() - title.mapTo(lst, title.rect().bottomLeft()).y()
        assert 0 <= gap <= 12, gap
        assert title.height() <= 2 * title.fontMetrics().height() + 8
    first = visible[0].title
    below_heading = first.mapTo(panel, first.rect().topLeft()).y() - panel.heading.mapTo(panel, panel.heading.rect().bottomLeft()).y()
    assert below_heading <= 60, below_heading


def test_clicking_a_masked_candidate_fills_that_mask(show, qtbot, bpe_mlm):
    text = "de kat [MASK] op de mat"
    state, panel, trace = show(bpe_mlm, text)
    lst = panel.lists[0]
    token_id = int(lst.ids()[0])
    qtbot.mouseClick(lst.chart, Qt.LeftButton, pos=lst.chart.row_rect(0).center().toPoint())
    a, b = (int(x) for x in trace.spans[lst.position()])
    assert state.text == replace_span(text, a, b, bpe_mlm.tokenizer.decode([token_id]))
    assert "[MASK]" not in state.text


def test_masked_model_without_a_mask_asks_for_one(show, bpe_mlm):
    _state, panel, _trace = show(bpe_mlm, "de kat zat op de mat")
    assert "[MASK]" in panel.heading.text()
    assert not any(lst.isVisible() for lst in panel.lists)
    assert not panel.step_button.isEnabled()


def test_causal_model_shows_the_next_token_view(show, tiny_model):
    state, panel, trace = show(tiny_model, "De kat zat")
    assert [lst.isVisible() for lst in panel.lists] == [True]
    assert panel.lists[0].position() == trace.n_tokens - 1
    assert panel.generate_button.isVisible()


def test_top_p_greys_exactly_what_the_distribution_removes(show, tiny_model):
    state, panel, trace = show(tiny_model, "De kat zat op de")
    panel.top_p.setValue(0.3)
    _, kept = next_token_distribution(trace.logits_at(-1), 1.0, 0, 0.3)
    ids = panel.lists[0].ids()
    assert [b.enabled for b in panel.lists[0].chart.bars()] == kept[ids].tolist()
    probs, _ = next_token_distribution(trace.logits_at(-1), 1.0, 0, 0.3)
    assert f"{entropy_bits(probs):.2f}\u00a0bits" in panel.entropy_label.text()


def test_temperature_zero_is_greedy(show, tiny_model):
    state, panel, trace = show(tiny_model, "De kat")
    panel.temperature.setValue(0.0)
    bars = panel.lists[0].chart.bars()
    assert bars[0].enabled and not any(b.enabled for b in bars[1:])
    assert int(bars[0].key) == int(np.argmax(trace.logits_at(-1)))
    assert "0.00\u00a0bits" in panel.entropy_label.text()


def test_replace_span_does_not_double_spaces():
    assert replace_span("de [MASK] zat", 3, 9, " kat") == "de kat zat"
    assert replace_span("de [MASK] zat", 2, 9, " kat") == "de kat zat"
    assert replace_span("[MASK] zat", 0, 6, " De") == "De zat"


def test_masked_model_without_a_mask_token_says_so(show, tiny_mlm):
    _state, panel, _trace = show(tiny_mlm, "de kat zat")
    assert "no mask token" in panel.heading.text()
    assert not panel.step_button.isEnabled()


@pytest.mark.parametrize("text, quoted", [
    ("De kat zat op de mat en keek naar de", "…op de mat en keek naar de"),
    ("De kat", "De kat"),
    ("Eenheelerglangwoordzonderspatiesdatdoorgaat", "…" + "Eenheelerglangwoordzonderspatiesdatdoorgaat"[-28:]),
])
def test_the_heading_quotes_the_text_from_the_start_of_a_word(text, quoted):
    """"After “…p de mat en keek naar de”": a class reads "…p" as a word. The quote starts at a word."""
    from explainer.gui.panels.next_token import text_tail

    assert text_tail(text) == quoted
    assert len(text_tail(text)) <= 29


def test_in_a_tall_dock_the_candidate_bars_spread_over_it(show_panel, qtbot, tiny_model):
    """The ten bars filled the top half of a tall dock and left a blank band under them."""
    from explainer.gui.panels.next_token import NextTokenPanel

    _state, panel, _trace = show_panel(NextTokenPanel, tiny_model, "De kat", size=(700, 1000))
    chart = panel.lists[0].chart
    qtbot.waitUntil(lambda: len(chart.bars()) == 10)
    qtbot.wait(50)
    assert chart.height() > 1.4 * 10 * chart._row_height()
    assert chart.row_rect(1).top() - chart.row_rect(0).top() > 1.3 * chart._row_height()


def test_a_narrow_panel_quotes_less_so_that_its_heading_keeps_one_line(show_panel, qtbot, tiny_model):
    """At 1366x768 in presentation mode "After “…the mat and looked at the” the model expects:" took two lines,
    and the line went from the candidates. The quote is shortened to keep the heading on one line where a
    shorter quote fits, and a wider dock quotes the whole 28 characters again."""
    from explainer.gui.panels.next_token import NextTokenPanel, text_tail

    text = "De kat zat op de mat en keek naar de"
    _, panel, _ = show_panel(NextTokenPanel, tiny_model, text, size=(1200, 500))
    qtbot.waitUntil(lambda: "…" in panel.heading.text())
    assert text_tail(text) in panel.heading.text()  # room for the whole quote
    fm = panel.heading.fontMetrics()
    full = fm.horizontalAdvance(panel.heading.text())
    panel.heading.setFixedWidth(int(full * 0.9))  # as a narrow dock would leave it (the controls above keep the
    panel.resize(1100, 500)  # panel itself wider than that at the test's font)
    qtbot.waitUntil(lambda: text_tail(text) not in panel.heading.text())
    short = panel.heading.text()
    assert "“…" in short and short.endswith("expects:")
    assert fm.horizontalAdvance(short) <= panel.heading.width()  # one line
    assert len(short) < len(f"After “{text_tail(text)}” the model expects:")
    panel.heading.setMinimumWidth(0)
    panel.heading.setMaximumWidth(16777215)
    panel.resize(1200, 500)
    qtbot.waitUntil(lambda: text_tail(text) in panel.heading.text())
