"""What the panels show of Gemma 3's sliding windows and extra norms, and of scaled RoPE.

The models are tiny random ones built with transformers' own classes and
opened from a safetensors folder, as a user's download would be.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import numpy as np
import pytest

from explainer.core.analysis.positions import rope_frequencies, rope_scaling
from explainer.core.checkpoints import load_model
from explainer.gui.panels.architecture import ArchitecturePanel
from explainer.gui.panels.attention import AttentionPanel
from explainer.gui.panels.positions import PositionsPanel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_new_architectures import WINDOW, save_folder  # noqa: E402

TEXT = "de kat zat op de mat, the cat sat 12 uur"


@pytest.fixture(scope="module")
def gemma3(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gemma3")
    save_folder("gemma3", folder)
    return load_model(folder)


@pytest.fixture(scope="module")
def llama3(tmp_path_factory):
    folder = tmp_path_factory.mktemp("llama3")
    save_folder("llama_llama3", folder)
    return load_model(folder)


def test_attention_grid_hatches_each_layer_by_its_window(show_panel, gemma3):
    state, panel, trace = show_panel(AttentionPanel, gemma3, TEXT, size=(1100, 700))
    T = trace.n_tokens
    future = np.triu(np.ones((T, T), bool), 1)
    beyond = np.tril(np.ones((T, T), bool), -WINDOW)
    grid_mask = panel.grid.mask()
    assert grid_mask.shape == (3, T, T)
    np.testing.assert_array_equal(grid_mask[1], future)  # the full-attention layer
    for layer in (0, 2):
        np.testing.assert_array_equal(grid_mask[layer], future | beyond)
        assert np.all(trace.attn[layer][:, grid_mask[layer]] == 0)  # hatched exactly where the model saw nothing
    assert panel.grid.sliding_layers == {0, 2}
    assert "sliding window" in panel.mode_label.text() and f"last {WINDOW} tokens" in panel.mode_label.text()
    state.select_layer(2)
    np.testing.assert_array_equal(panel.heatmap.mask(), future | beyond)
    state.select_layer(1)
    np.testing.assert_array_equal(panel.heatmap.mask(), future)


def test_qk_breakdown_uses_the_models_scale_and_window(show_panel, gemma3):
    state, panel, trace = show_panel(AttentionPanel, gemma3, TEXT, size=(1100, 700))
    query = trace.n_tokens - 1
    state.select_layer(0)
    state.select_head(3)
    state.select_token(query)
    panel.tabs.setCurrentWidget(panel.qk)
    bd = panel.qk.breakdown()
    assert bd.divisor == pytest.approx(np.sqrt(12))  # query_pre_attn_scalar, not the head width 16
    np.testing.assert_allclose(bd.weights, trace.attn[0, 3, query], atol=1e-5)
    assert np.isneginf(bd.scaled[: query - WINDOW + 1]).all()
    assert "√12" in panel.qk.heading.text()


def test_architecture_panel_names_the_extra_norms_and_windows(show_panel, gemma3):
    state, panel, trace = show_panel(ArchitecturePanel, gemma3, TEXT, size=(1000, 800))
    text = panel.extras.text()
    assert panel.extras.isVisibleTo(panel)
    for words in ("√32", "queries and keys are normalised", "four norms per block", "1 + w",
                  f"2 of 3 blocks see only the last {WINDOW} tokens"):
        assert words in text
    details = {b.layer: b.detail for b in panel.view.boxes if b.part == "attention"}
    assert f"at most {WINDOW} tokens" in details[0] and f"at most {WINDOW} tokens" in details[2]
    assert "sliding" not in details[1]
    # the norms after attention and MLP count with their part: the parts still add up to the model
    assert panel.summary.total == gemma3.n_params


def test_architecture_panel_says_nothing_extra_for_a_plain_model(show_panel, tiny_model):
    state, panel, trace = show_panel(ArchitecturePanel, tiny_model, "de kat")
    assert panel.extras.text() == "" and not panel.extras.isVisibleTo(panel)


def test_positions_panel_shows_the_scaled_frequencies(show_panel, llama3):
    state, panel, trace = show_panel(PositionsPanel, llama3, TEXT)
    sc = rope_scaling(llama3.cfg)
    assert sc.kind == "llama3" and sc.slowest == pytest.approx(8.0) and sc.kept < sc.pairs == 4
    intro = panel.intro.text()
    assert "scaled (llama3)" in intro and "8.0× slower" in intro
    np.testing.assert_allclose(panel.angles[1], rope_frequencies(llama3.cfg), rtol=1e-6)  # the scaled angles


def test_positions_curve_follows_the_layers_own_base(show_panel, gemma3):
    state, panel, trace = show_panel(PositionsPanel, gemma3, TEXT)
    assert "sliding-window layers turn by their own base (50)" in panel.intro.text()
    pos = trace.n_tokens - 1
    state.select_token(pos)
    for layer in (0, 1):
        state.select_layer(layer)
        curve = panel.curve
        assert curve is not None
        # the curve at the pair's real distance is the score the model computed
        q, k = trace.q[layer, state.head, pos], trace.k[layer, state.head, pos - curve.actual]
        assert curve.actual_score == pytest.approx(float(q.astype(np.float64) @ k) / np.sqrt(12), rel=1e-6)
        at = int(np.flatnonzero(curve.distances == curve.actual)[0])
        assert curve.scores[at] == pytest.approx(curve.actual_score, rel=1e-4, abs=1e-6)
