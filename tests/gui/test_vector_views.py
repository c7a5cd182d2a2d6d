"""What the embedding and lens panels show a class: honest rows, centred neighbours, a sane map, sizes that fit.

* the logit lens leaves out the embedding row when input and output embeddings
  are tied (there every token would predict itself), and shows it when not;
* the nearest words are centred cosines, checked against numpy written out here;
* one far outlier does not stretch the map, and token labels never overlap;
* both panels fit the left dock of a 1366x768 projector, in Dutch and English.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import QSettings

from explainer.core.analysis.projection import robust_limits
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.config import gpt2_config
from explainer.core.tokenizers import CharTokenizer
from explainer.core.trace import run
from explainer.core.transformer import Transformer
from explainer.gui import language
from explainer.gui.main_window import MainWindow
from explainer.gui.panels._plots import styled_plot
from explainer.gui.panels.embedding import EmbeddingPanel
from explainer.gui.panels.embedding_map import TokenMap
from explainer.gui.panels.lens import LensPanel, shows_embedding_row
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token
from tests.conftest import ALPHABET, make_tiny_model, whole_percent
from tests.core.test_analysis import make_tiny_llama


@pytest.fixture(autouse=True)
def clean_globals(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_EXPLAINER_CACHE", str(tmp_path / "cache"))
    yield
    language.apply_language("en")


def make_untied_gpt(seed: int = 0, copy_table: bool = False) -> LoadedModel:
    """The tiny GPT of conftest with its own output layer (or one holding a copy of the input table)."""
    torch.manual_seed(seed)
    tok = CharTokenizer({c: i for i, c in enumerate(ALPHABET)})
    cfg = gpt2_config(vocab_size=tok.vocab_size, n_layer=2, n_head=2, d_model=16, max_seq_len=64,
                      tie_embeddings=False, name="tiny-untied")
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
        if copy_table:
            model.lm_head.weight.copy_(model.wte.weight)
    return LoadedModel(model=model, tokenizer=tok, path=Path("tiny-untied"), format="test")


def make_state(loaded) -> AppState:
    state = AppState()
    state.set_model(loaded)
    return state


def feed(state: AppState, text: str = "", trace=None):
    loaded = state.model
    trace = trace if trace is not None else run(loaded.model, loaded.tokenizer, text, lens_k=5)
    assert state.accept_trace(state.next_request_id(), trace)
    return trace


def lens_probs(model: Transformer, resid: np.ndarray) -> torch.Tensor:
    """Final LayerNorm and the output layer, by hand: (L+1, T, V)."""
    stream = torch.from_numpy(np.array(resid))
    with torch.no_grad():
        normed = F.layer_norm(stream, (model.cfg.d_model,), model.ln_f.weight, model.ln_f.bias, model.cfg.norm_eps)
        return torch.softmax((normed @ model.lm_head.weight.T).double(), dim=-1)


def embedding_panel(qtbot, state, size=(900, 600)) -> EmbeddingPanel:
    panel = EmbeddingPanel(state)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.fit_result is not None, timeout=30000)
    return panel


# -- 1. the lens's embedding row ------------------------------------------------------

def test_tied_model_has_no_embedding_row_and_says_why(qtbot):
    loaded = make_tiny_model()
    assert loaded.model.lm_head.weight is loaded.model.wte.weight and not shows_embedding_row(loaded.model)
    state = make_state(loaded)
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    trace = feed(state, "de kat zit op")
    # the artefact the row would show: at the embedding, most tokens predict themselves
    probs = lens_probs(loaded.model, trace.resid)
    assert (probs[0].argmax(-1).numpy() == trace.token_ids).mean() > 0.5
    rows, cols = panel.grid.shape
    assert (rows, cols) == (loaded.cfg.n_layer, trace.n_tokens)
    assert [panel.row_name(r) for r in range(rows)] == [f"after block {n}" for n in range(1, rows + 1)]
    assert "No row for the embeddings" in panel.intro.text()
    for r, c in itertools.product(range(rows), range(cols)):  # row r is the stream after block r + 1
        top = int(probs[r + 1, c].argmax())
        assert panel.grid.cell_text(r, c) == (visible_token(loaded.tokenizer.token_label(top)),
                                              whole_percent(float(probs[r + 1, c, top])))
    # clicking the first row selects block 1
    state.select_layer(1)
    panel.cell_clicked(0, 2)
    assert (state.layer, state.token, panel.grid.selected_row) == (0, 2, 0)


@pytest.mark.parametrize("make", [make_untied_gpt, make_tiny_llama])
def test_untied_model_shows_the_embedding_row(qtbot, make):
    loaded = make()
    assert shows_embedding_row(loaded.model)
    state = make_state(loaded)
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    trace = feed(state, "de kat zit op")
    rows, cols = panel.grid.shape
    assert rows == loaded.cfg.n_layer + 1 and panel.row_name(0) == "embedding"
    assert "No row for the embeddings" not in panel.intro.text()
    if loaded.cfg.norm == "layernorm":  # the untied GPT: row 0 is its own output layer on the embedding
        probs = lens_probs(loaded.model, trace.resid)
        for c in range(cols):
            top = int(probs[0, c].argmax())
            assert panel.grid.cell_text(0, c)[0] == visible_token(loaded.tokenizer.token_label(top))
    x, _ = panel.rank_line.getData()
    assert x.tolist() == list(range(rows))  # from the embedding (0) to after block L
    panel.cell_clicked(2, 1)
    assert (state.layer, panel.grid.selected_row) == (1, 2)


def test_an_output_layer_holding_a_copy_of_the_table_counts_as_tied():
    assert not shows_embedding_row(make_untied_gpt(copy_table=True).model)


# -- 2. centred neighbours --------------------------------------------------------------

def centred_top(table: np.ndarray, query: np.ndarray, centre: np.ndarray, k: int, exclude=()):
    rows = table.astype(np.float64) - table.astype(np.float64).mean(axis=0)
    if rows.shape[0] > rows.shape[1]:  # and the one direction all rows share most (first principal component)
        top_pc = np.linalg.svd(rows, full_matrices=False)[2][0]
        rows = rows - np.outer(rows @ top_pc, top_pc)
    q = query.astype(np.float64) - centre
    cos = rows @ q / (np.linalg.norm(rows, axis=1) * np.linalg.norm(q))
    cos[list(exclude)] = -np.inf
    top = np.argsort(-cos, kind="stable")[:k]
    return top, cos[top]


def test_neighbours_are_cosines_of_centred_vectors(qtbot):
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = embedding_panel(qtbot, state)
    trace = feed(state, "de kat zit")
    state.select_token(3)
    wte = loaded.model.wte.weight.detach().numpy()
    q_id = int(trace.token_ids[3])
    ids, cos = centred_top(wte, wte[q_id], wte.astype(np.float64).mean(axis=0), panel.neighbour_list.count(),
                           exclude=(q_id,))
    assert panel.neighbour_ids.tolist() == ids.tolist()
    first = panel.neighbour_list.item(0).text()
    assert first.startswith(visible_token(loaded.tokenizer.token_label(int(ids[0]))))
    assert f"{cos[0]:+.2f}" in first
    # without centring the order would differ: the test tells the two apart
    raw = wte @ wte[q_id] / (np.linalg.norm(wte, axis=1) * np.linalg.norm(wte[q_id]))
    raw[q_id] = -np.inf
    assert np.argsort(-raw)[:len(ids)].tolist() != ids.tolist()
    assert panel.neighbour_note.isVisible()
    assert panel.neighbour_note.text() == "centred: what all tokens share is removed"

    # after block 1: the stream vector, centred on the mean stream the map was fitted on
    panel.slider.setValue(2)
    centre = panel.fit_result.bases.layers[1].mean
    ids, cos = centred_top(wte, trace.resid[1][3], centre, panel.neighbour_list.count())
    assert panel.neighbour_ids.tolist() == ids.tolist()
    assert f"{cos[0]:+.2f}" in panel.neighbour_list.item(0).text()



def test_cached_neighbours_always_equal_a_fresh_search(qtbot, monkeypatch):
    """The neighbour lists are cached per vector: never one for another token, view, language, model or fit."""
    from explainer.core.analysis import projection
    from explainer.gui import numfmt
    from explainer.gui.panels import embedding

    searches = []
    real = embedding.nearest_tokens

    def counted(*args, **kwargs):
        searches.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(embedding, "nearest_tokens", counted)
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = embedding_panel(qtbot, state)
    trace = feed(state, "de kat zit op de mat")

    def check(loaded, trace, pos, sep="."):
        wte = loaded.model.wte.weight.detach().numpy()
        k = panel.neighbour_list.count()
        if panel.view == 0:
            q_id = int(trace.token_ids[pos])
            ids, cos = centred_top(wte, np.array(trace.embed[pos]), wte.astype(np.float64).mean(axis=0), k,
                                   exclude=(q_id,))
        else:
            ids, cos = centred_top(wte, trace.resid[panel.view - 1][pos],
                                   panel.fit_result.bases.layers[panel.view - 1].mean, k)
        assert k == 10 and panel.neighbour_ids.tolist() == ids.tolist()
        first = panel.neighbour_list.item(0).text()
        assert first.startswith(visible_token(loaded.tokenizer.token_label(int(ids[0]))))
        assert first.endswith(f"{cos[0]:+.2f}".replace(".", sep))
        assert visible_token(trace.tokens[pos]) in panel.neighbour_title.text()

    for pos in (1, 4, 2):  # another token: another list
        state.select_token(pos)
        check(loaded, trace, pos)
    before = len(searches)
    state.select_token(4)  # seen before: from the cache, and still right
    check(loaded, trace, 4)
    assert len(searches) == before
    panel.slider.setValue(2)  # another view: the stream after block 1, not the embedding
    check(loaded, trace, 4)
    panel.slider.setValue(0)
    # the same token with another vector (an intervention on its embedding): searched again
    embed = np.array(trace.embed)
    embed[4] = embed[4] * 0.5 + embed[1]
    trace = feed(state, trace=dataclasses.replace(trace, embed=embed))
    check(loaded, trace, 4)
    # the rows follow the language: a cached list is not shown with the old decimal mark
    language.apply_language("nl")
    assert numfmt.fmt(0.5, 2) == "0,50"
    state.select_token(1)
    check(loaded, trace, 1, sep=",")
    language.apply_language("en")
    state.select_token(4)
    check(loaded, trace, 4)

    # another fit (the same vectors, another vocabulary): nothing of the old fit's lists is shown
    fit = panel.fit_result
    swapped = dataclasses.replace(fit, unit_vocab=np.ascontiguousarray(fit.unit_vocab[::-1]))
    panel._on_fit_ready(swapped)
    vector, q_id = np.array(trace.embed[4]), int(trace.token_ids[4])
    ids, _ = projection.nearest_tokens(swapped.unit_vocab, vector, 10, (q_id,), swapped.vocab_mean)
    assert panel.neighbour_ids.tolist() == ids.tolist()

    # another model: its own vocabulary and vectors
    other = make_tiny_model(seed=7)
    state.set_model(other)
    qtbot.waitUntil(lambda: panel.fit_result is not None, timeout=30000)
    trace = feed(state, "de kat zit op de mat")
    state.select_token(2)
    check(other, trace, 2)


@pytest.mark.parametrize("view", [0, 2])
def test_labels_stay_put_while_typing_and_stay_apart(qtbot, view):
    """Typing moves a label only where it must: a label whose point stays put keeps its side while that is free.
    Placed afresh on every key, about a third of the labels in the shipped model's crowded cluster jumped
    to another side each time (more than half in the real window). Every label still names its own token, sits on its point and overlaps no other."""
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    state = make_state(load_model(models_dir() / "tiny-gpt-nl-en"))
    typed = embedding_panel(qtbot, state, (740, 330))  # the map as a 1366 x 768 window shows it
    typed.slider.setValue(view)
    text = "De kat zat op de mat en keek naar de vogels in de tuin."
    before: dict = {}
    kept = moved = 0
    for n in range(1, len(text) + 1):
        trace = feed(state, text[:n])
        if n == 30:
            state.select_token(3)  # a selection while typing
        if n == 40:
            state.select_token(-1)
        now = {}
        for item, i, x, y in typed.map._labelled:
            if item.isVisible():
                now[i] = (item.toPlainText(), x, y, tuple(np.round(tuple(item.anchor), 6)))
        for i, (label, x, y, anchor) in now.items():
            if i in before and before[i][:3] == (label, x, y):
                kept += 1
                moved += before[i][3] != anchor
        before = now
        boxes = drawn_label_boxes(typed)
        assert not any(ra.intersects(rb) for (_, ra), (_, rb) in itertools.combinations(boxes, 2)), text[:n]
    assert kept > 100 and moved <= 0.12 * kept, (moved, kept)
    x, y = typed.token_item.getData()
    labelled = {id(item): i for item, i, _, _ in typed.map._labelled}
    for item in typed.label_items:
        if item.isVisible():
            i = labelled[id(item)]
            assert item.toPlainText() == visible_token(trace.tokens[i])
            assert (item.pos().x(), item.pos().y()) == pytest.approx((x[i], y[i]))


# -- 3. the map: robust frame, labels apart ---------------------------------------------

def view_box(panel) -> np.ndarray:
    """The view's (lo, hi) corners, (2, 2), of a panel or a TokenMap (both have ``plot``)."""
    (x0, x1), (y0, y1) = panel.plot.getPlotItem().viewRange()
    return np.array([[x0, y0], [x1, y1]])


def test_an_ordinary_map_shows_every_point(qtbot):
    state = make_state(make_tiny_model())
    panel = embedding_panel(qtbot, state)
    feed(state, "de kat zit op de mat")
    (lo, hi), pts = view_box(panel), np.concatenate([panel.cloud_points(), panel.token_points()])
    assert (pts >= lo).all() and (pts <= hi).all() and not panel.outside.any()


def test_the_frame_stays_put_until_a_point_leaves_it_and_then_takes_it_in(qtbot):
    """A token that moves into the frame's margin leaves the frame as it is (re-framing repaints the axes, the
    grid and the cloud); one beyond the drawn frame widens it to take the point in."""
    plot = styled_plot()
    qtbot.addWidget(plot)
    plot.resize(500, 400)
    plot.show()
    tip = lambda *_: ""  # noqa: E731
    tmap = TokenMap(plot, tip, tip, lambda *_: None)
    rng = np.random.default_rng(0)
    cloud = rng.uniform(-1, 1, (400, 2)).astype(np.float32)
    tmap.fit_range("model", [cloud])
    lo, hi = tmap._range
    first = view_box(tmap)
    assert np.allclose(first[0], tmap._frame[0]) and np.allclose(first[1], tmap._frame[1])
    margin = tmap._frame[1] - hi  # 8 % of the span on each side
    assert (margin > 0).all()
    # many tokens just beyond the bare limits, inside the margin: the limits grow, the frame does not
    near = np.repeat((hi + margin / 2)[None], 200, axis=0).astype(np.float32)
    assert (robust_limits(np.concatenate([cloud, near]))[1] > hi).any()
    tmap.fit_range("model", [cloud, near])
    np.testing.assert_array_equal(view_box(tmap), first)
    # beyond the drawn frame: it widens and the points lie inside the new one
    far = np.repeat((hi + 3 * margin)[None], 200, axis=0).astype(np.float32)
    tmap.fit_range("model", [cloud, far])
    wider = view_box(tmap)
    assert (wider[1] > first[1]).any() and (wider[0] <= first[0]).all()
    assert (far <= wider[1]).all() and (tmap.on_map(far) == far).all()


def test_a_far_outlier_does_not_stretch_the_view(qtbot):
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = embedding_panel(qtbot, state)
    trace = run(loaded.model, loaded.tokenizer, "de kat zit op de mat", lens_k=5)
    embed = np.array(trace.embed)
    embed[0] *= 1e4  # one token 10,000 times farther out than any word
    feed(state, trace=dataclasses.replace(trace, embed=embed))
    normal = np.concatenate([panel.cloud_points(), panel.token_points()[1:]])
    lo, hi = normal.min(axis=0), normal.max(axis=0)
    assert np.abs(panel.token_points()[0]).max() > 100 * np.abs(normal).max()  # truly far away
    (v_lo, v_hi) = view_box(panel)
    span = hi - lo
    assert (v_lo >= lo - 0.2 * span).all() and (v_hi <= hi + 0.2 * span).all(), (v_lo, v_hi, lo, hi)
    # the outlier is drawn on the frame's edge, and says so when hovered
    x, y = panel.token_item.getData()
    assert panel.outside.tolist() == [True] + [False] * (trace.n_tokens - 1)
    assert v_lo[0] <= x[0] <= v_hi[0] and v_lo[1] <= y[0] <= v_hi[1]
    np.testing.assert_allclose(np.column_stack([x, y])[1:], panel.token_points()[1:], atol=1e-5)
    assert "far outside" in panel._token_tip(x[0], y[0], 0)

    # the paths of a big model: one token's stream thousands of units away in some layers
    resid = np.array(trace.resid)
    resid[1:, 0] *= 1e4
    feed(state, trace=dataclasses.replace(trace, resid=resid))
    panel.paths_box.setChecked(True)
    paths = panel.projection.paths  # (L+1, T, 2)
    normal = np.concatenate([panel.cloud_points(), paths[:, 1:].reshape(-1, 2), paths[:1, :1].reshape(-1, 2)])
    lo, hi, span = normal.min(axis=0), normal.max(axis=0), normal.max(axis=0) - normal.min(axis=0)
    (v_lo, v_hi) = view_box(panel)
    assert (v_lo >= lo - 0.2 * span).all() and (v_hi <= hi + 0.2 * span).all()
    px, py = panel.path_item.getData()
    finite = ~np.isnan(px)
    assert (px[finite] >= v_lo[0]).all() and (px[finite] <= v_hi[0]).all()


def test_an_outlier_in_the_cloud_does_not_stretch_the_view(qtbot):
    state = make_state(make_tiny_model())
    panel = embedding_panel(qtbot, state)
    feed(state, "de kat")
    fit = panel.fit_result
    cloud = np.array(fit.bases.cloud)
    lo, hi = cloud.min(axis=0), cloud.max(axis=0)
    cloud[5] = [20000.0, -20000.0]
    bases = dataclasses.replace(fit.bases, cloud=cloud)
    panel._on_fit_ready(dataclasses.replace(fit, bases=bases))
    tokens = panel.token_points()
    lo, hi = np.minimum(lo, tokens.min(axis=0)), np.maximum(hi, tokens.max(axis=0))
    (v_lo, v_hi), span = view_box(panel), hi - lo
    assert (v_lo >= lo - 0.2 * span).all() and (v_hi <= hi + 0.2 * span).all()


def drawn_label_boxes(panel):
    boxes = []
    for item in panel.label_items:
        if item.isVisible():
            item.updateTransform(force=True)
            boxes.append((item.toPlainText(), item.sceneBoundingRect()))
    return boxes


@pytest.mark.parametrize("view", [0, 3])
def test_token_labels_never_overlap(qtbot, view):
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = embedding_panel(qtbot, state, size=(520, 420))
    text = "de kat en de hond en de kat zat op de mat"
    trace = feed(state, text)
    state.select_token(4)
    panel.slider.setValue(view)
    qtbot.wait(50)
    boxes = drawn_label_boxes(panel)
    overlaps = [(a, b) for (a, ra), (b, rb) in itertools.combinations(boxes, 2) if ra.intersects(rb)]
    assert overlaps == []
    shown = [t for t, _ in boxes]
    assert visible_token(trace.tokens[4]) in shown  # the selected token's label goes first
    # the sentence repeats tokens: at the embeddings their points coincide, so labels were left out
    if view == 0:
        assert len(shown) < trace.n_tokens
    # zooming out crowds the points further: the labels are placed again, still apart
    panel.plot.getPlotItem().getViewBox().scaleBy((4, 4))
    qtbot.wait(50)
    boxes = drawn_label_boxes(panel)
    assert not any(ra.intersects(rb) for (_, ra), (_, rb) in itertools.combinations(boxes, 2))
    assert 1 <= len(boxes)


# -- 4. sizes on a projector ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_minimum_sizes_fit_the_left_dock(qtbot, lang):
    assert language.apply_language(lang) or lang == "en"
    loaded = make_tiny_model(n_layer=12)  # as deep as GPT-2: a tall lens grid
    state = make_state(loaded)
    emb, lens = EmbeddingPanel(state), LensPanel(state)
    for panel in (emb, lens):
        qtbot.addWidget(panel)
        panel.show()
    qtbot.waitUntil(lambda: emb.fit_result is not None, timeout=30000)
    feed(state, "De kat zat op de mat en keek naar de vogels in de tuin.")
    for paths in (False, True):
        emb.paths_box.setChecked(paths)
        for view in (0, 1, 5):
            emb.slider.setValue(view)
            assert emb.minimumSizeHint().width() <= 700, (lang, paths, view, emb.view_label.text())
    assert lens.minimumSizeHint().height() <= 420
    assert lens.grid.shape[0] == 12 and lens.scroll.maximumHeight() >= lens.grid.sizeHint().height()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_both_panels_fit_their_dock_at_1366x768(qtbot, tmp_path, lang):
    language.apply_language(lang)
    win = MainWindow(lang=lang, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(make_tiny_model(n_layer=6))
    feed(win.state, "De kat zat op de mat en keek naar de vogels.")
    for pid in ("embedding", "lens"):
        win.docks[pid].raise_()
        qtbot.wait(100)
        scroller = win.docks[pid].widget()
        need, room = scroller.widget().minimumSizeHint(), scroller.viewport().size()
        assert need.width() <= room.width() and need.height() <= room.height(), (pid, lang, need, room)


@pytest.mark.parametrize("height", [110, 400])
def test_the_rank_axis_never_writes_its_numbers_over_each_other(qtbot, height):
    """In a low dock (the black-box lesson step in presentation mode) the rank plot's 1, 10, 100 … 100,000 were
    printed on top of each other. Where there is no room, only every other power of ten is written."""
    from PySide6.QtGui import QImage, QPainter

    loaded = make_untied_gpt()
    loaded.model.cfg = dataclasses.replace(loaded.model.cfg, vocab_size=50_000)  # an axis up to rank 50,000
    state = make_state(loaded)
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    panel.resize(700, 700)
    panel.show()
    feed(state, "de kat zit op")
    panel.rank_plot.setFixedHeight(height)
    qtbot.wait(50)
    axis = panel.rank_plot.getPlotItem().getAxis("left")
    image = QImage(200, height, QImage.Format_ARGB32)
    painter = QPainter(image)
    specs = axis.generateDrawSpecs(painter)
    painter.end()
    rects = [rect for rect, _flags, _text in specs[2]]
    texts = [text for _rect, _flags, text in specs[2]]
    assert "1" in texts and len(texts) >= 3
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), texts
    if height >= 400:
        assert len(texts) == 5  # a tall plot writes every power of ten: 1 … 10,000 below the last rank, 49,999
    top = panel.rank_plot.getPlotItem().viewRange()[1][1]
    assert np.log10(50_000) <= top <= 1.05 * np.log10(50_000)  # the axis ends at the last rank there is


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_lesson_embedding_words_get_their_labels(qtbot, lang):
    """The embedding step's eight words lie close together, and with labels only right next to their points
    three (nl) or five (en) of them were named: the class could not tell koning from maandag. A label with no
    room next to its point may go further out, with a line to it; none overlaps another label or a point."""
    from explainer.core.checkpoints import load_model
    from explainer.gui.lesson import load_lesson
    from explainer.paths import models_dir

    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette

    palette.apply_theme("light", QApplication.instance(), scale=1.0)  # the app's fonts and style sheet
    step = next(s for s in load_lesson(lang).steps if s.id == "embedding")
    state = make_state(load_model(models_dir() / "tiny-gpt-nl-en"))
    panel = embedding_panel(qtbot, state, size=(1100, 650))
    trace = feed(state, step.input)
    state.select_token(3 if lang == "nl" else 1)  # the lesson selects the queen
    qtbot.wait(100)
    boxes = drawn_label_boxes(panel)
    assert not any(ra.intersects(rb) for (_, ra), (_, rb) in itertools.combinations(boxes, 2))
    assert len(boxes) == 8, [t for t, _ in boxes]  # every word (7 of 8 before labels could go further out)
    assert trace.n_tokens == 8
    xs, ys = panel.map.leader_item.getData()
    assert xs is not None and len(xs) >= 2 and len(xs) % 2 == 0  # the labels further out have their lines


@pytest.mark.parametrize("text, size", [("The cat sat on the mat and looked at the", (1100, 650)),
                                        ("The cat sat on the mat and looked at the", (700, 450)),
                                        ("De kat zat op de mat en keek naar de", (1100, 650)),
                                        ("king queen man woman cat dog Monday Tuesday", (700, 450))])
def test_a_label_beside_a_point_is_nearer_its_own_point_than_any_other(qtbot, text, size):
    """"·at" stood left of the "·on" dot and "·on" right of the "·at" dot: each beside a point, but the wrong
    one. A label placed next to its point is now nearer to it than to any other marker; where no such place is
    free it goes further out with a line to its point."""
    from PySide6.QtCore import QPointF

    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    state = make_state(load_model(models_dir() / "tiny-gpt-nl-en"))
    panel = embedding_panel(qtbot, state, size=size)
    feed(state, text)
    qtbot.wait(100)
    emb_map = panel.map
    box = emb_map.plot.getPlotItem().getViewBox()
    xs, ys = emb_map.token_item.getData()
    marks = [box.mapViewToScene(QPointF(float(x), float(y))) for x, y in zip(xs, ys)]
    lx, ly = emb_map.leader_item.getData()
    starts = set() if lx is None else {(round(float(lx[j]), 6), round(float(ly[j]), 6)) for j in range(0, len(lx), 2)}
    checked = 0
    for item, i, x, y in emb_map._labelled:
        if not item.isVisible():
            continue
        if (round(float(x), 6), round(float(y), 6)) in starts:
            continue  # further out, with its line
        item.updateTransform(force=True)
        rect = item.sceneBoundingRect()

        def gap(p):
            dx = max(rect.left() - p.x(), 0.0, p.x() - rect.right())
            dy = max(rect.top() - p.y(), 0.0, p.y() - rect.bottom())
            return (dx * dx + dy * dy) ** 0.5

        own = gap(marks[i])
        others = [gap(m) for j, m in enumerate(marks) if (xs[j], ys[j]) != (xs[i], ys[i])]
        assert not others or own <= min(others), (item.toPlainText(), own, min(others))
        checked += 1
    assert checked >= 2  # (in a small map a crowded corner sends more of them further out, inside the map)


@pytest.mark.parametrize("text, size", [("De kat zat op de mat en keek naar de", (740, 330)),
                                        ("The cat sat on the mat and looked at the", (740, 330)),
                                        ("De kat zat op de mat en keek naar de", (1100, 650))])
def test_no_label_runs_off_the_map_while_there_is_room_inside(qtbot, text, size):
    """In the 1366x768 window the words at the top of a crowded corner had their labels put above the map's
    edge, cut in half ("·kat", "·op"). Where the places next to a point and just beyond them are taken, a label
    goes further out still, inside the map, with its line."""
    from PySide6.QtWidgets import QApplication

    from explainer.core.checkpoints import load_model
    from explainer.gui import palette
    from explainer.paths import models_dir

    palette.apply_theme("light", QApplication.instance(), scale=1.0)  # the app's fonts and style sheet
    state = make_state(load_model(models_dir() / "tiny-gpt-nl-en"))
    panel = embedding_panel(qtbot, state, size=size)
    trace = feed(state, text)
    qtbot.wait(100)
    inside = panel.plot.getPlotItem().getViewBox().sceneBoundingRect()
    boxes = drawn_label_boxes(panel)
    cut = [t for t, rect in boxes if not inside.contains(rect)]
    assert cut == []
    assert len(boxes) >= trace.n_tokens - 2  # (a word typed twice is one point with one label)
    assert not any(ra.intersects(rb) for (_, ra), (_, rb) in itertools.combinations(boxes, 2))


def test_zoom_in_on_the_text_frames_the_typed_words(qtbot):
    """The embedding lesson's eight words lay in one corner of the vocabulary's map, their labels on leader lines
    over each other. "Zoom in on the text" frames the typed tokens instead of the whole cloud: every token in
    view, on a far smaller frame; one word alone still gets a tenth of the map round it, not a blown-up dot.
    The choice is one of the panel's views (lessons and sessions keep it)."""
    from explainer.gui import scene

    state = make_state(make_tiny_model(d_model=32))
    panel = embedding_panel(qtbot, state)
    feed(state, "de kat zat op de mat")
    qtbot.waitUntil(lambda: len(panel.token_points()) == state.trace.n_tokens)
    whole = view_box(panel)
    cloud = panel.cloud_points()
    panel.zoom_box.setChecked(True)
    zoomed = view_box(panel)
    points = panel.token_points()
    assert (points >= zoomed[0]).all() and (points <= zoomed[1]).all() and not panel.outside.any()
    assert ((zoomed[1] - zoomed[0]) < (whole[1] - whole[0])).all()
    span = cloud.max(axis=0) - cloud.min(axis=0)
    feed(state, "d")  # one token: at least a tenth of the map
    panel.zoom_box.setChecked(False)
    panel.zoom_box.setChecked(True)
    one = view_box(panel)
    assert ((one[1] - one[0]) >= 0.1 * span - 1e-6).all()
    assert scene.read_views(type("W", (), {"panels": {"embedding": panel}})())["embedding.zoom"] is True
    scene.write_views(type("W", (), {"panels": {"embedding": panel}})(), {"embedding.zoom": False})
    assert not panel.zoom_box.isChecked() and np.allclose(view_box(panel), whole, rtol=0.2)


def test_a_map_made_larger_brings_its_labels_back_next_to_their_points(qtbot):
    """Places far out with a line, kept while typing in a small map, stayed far out once the map was large
    (focus mode at 1920x1080): in other pixels only the places next to a point are kept."""
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    loaded = load_model(models_dir() / "tiny-gpt-nl-en")
    text = "The cat sat on the mat and looked at the"
    typed = embedding_panel(qtbot, make_state(loaded), (520, 300))
    for n in range(1, len(text) + 1):
        feed(typed.state, text[:n])
    def leaders(panel) -> int:
        xs = panel.map.leader_item.getData()[0]
        return 0 if xs is None else len(xs) // 2

    small = leaders(typed)
    typed.resize(1500, 900)
    fresh = embedding_panel(qtbot, make_state(loaded), (1500, 900))
    feed(fresh.state, text)
    qtbot.wait(50)
    lines = [leaders(typed), leaders(fresh)]
    assert small > lines[1]  # the small map needed lines the large one does not
    assert lines[0] <= lines[1], lines


def test_the_labels_follow_the_zoom(qtbot):
    """Presentation mode zooms the whole window; the map's labels stayed at the window's size."""
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette

    state = make_state(make_tiny_model())
    panel = embedding_panel(qtbot, state, (700, 500))
    try:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
        feed(state, "de kat zit op de mat")
        before = next(item for item in panel.label_items if item.isVisible()).textItem.font().pointSizeF()
        palette.apply_theme("light", QApplication.instance(), scale=1.5)
        panel.refresh()
        shown = [item for item in panel.label_items if item.isVisible()]
        assert shown and all(item.textItem.font().pointSizeF() == pytest.approx(1.5 * before) for item in shown)
        boxes = drawn_label_boxes(panel)  # measured again in the larger font: still apart
        assert not any(ra.intersects(rb) for (_, ra), (_, rb) in itertools.combinations(boxes, 2))
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
