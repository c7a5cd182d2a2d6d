"""Export a panel for slides and notebooks: PNG (2× by default), SVG, and its numbers as CSV.

Images come from rendering the live widget (``QWidget.render``) into a QImage
at the requested scale or into Qt's SVG generator, so what is exported is
what the panel draws, pyqtgraph plots included. Numbers come from the
panel's optional ``export_table() -> (header, rows)``; for panels without it,
``panel_table`` computes the table from the Trace the panel shows (tokens,
the selected attention head, next-token probabilities, the logit lens …).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from explainer.core.trace import Trace, next_token_distribution, prediction_positions, softmax
from explainer.gui import palette
from explainer.gui.panels.base import Panel

FORMATS = (".png", ".svg", ".csv")
CANDIDATES = 10  # next-token rows per position, as the panel shows


MAX_SIDE = 16384  # pixels a side of an exported image (a 2x slide of a whole 4K screen is 7680)


class ExportError(ValueError):
    """An export that cannot be done; the message says which file and why."""


# -- images -------------------------------------------------------------------
def render_image(widget: QWidget, scale: float = 2.0) -> QImage:
    """The widget as drawn, at ``scale`` device pixels per pixel (2 = sharp on a slide)."""
    size = widget.size()
    if size.isEmpty():
        raise ExportError(QCoreApplication.translate("Export", "the panel has no size yet (is it shown?)"))
    w, h = round(size.width() * scale), round(size.height() * scale)
    if not (1 <= w <= MAX_SIDE and 1 <= h <= MAX_SIDE):
        raise ExportError(QCoreApplication.translate(
            "Export", "a scale of {scale} gives an image of {w} x {h} pixels; choose one that gives 1 to {most} "
                      "pixels a side").format(scale=f"{scale:g}", w=w, h=h, most=MAX_SIDE))
    image = QImage(QSize(w, h), QImage.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(palette.color("window"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    widget.render(painter, QPoint())
    painter.end()
    return image


def export_png(widget: QWidget, path: str | Path, scale: float = 2.0) -> Path:
    path = Path(path)
    image = render_image(widget, scale)
    if not atomic_write(path, lambda tmp: image.save(str(tmp), "PNG")):
        raise ExportError(QCoreApplication.translate("Export", "{p}: the image could not be written").format(p=path))
    return path


def export_svg(widget: QWidget, path: str | Path, title: str = "") -> Path:
    """A vector drawing of the widget: text and lines stay sharp at any size; images are embedded."""
    path = Path(path)
    size = widget.size()
    if size.isEmpty():
        raise ExportError(QCoreApplication.translate("Export", "the panel has no size yet (is it shown?)"))

    def write(tmp: Path) -> bool:
        generator = QSvgGenerator()
        generator.setFileName(str(tmp))
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle(title or "LLM Explainer")
        generator.setDescription(QCoreApplication.translate("Export", "Exported from LLM Explainer"))
        painter = QPainter()
        if not painter.begin(generator):
            return False
        painter.fillRect(QRect(0, 0, size.width(), size.height()), palette.color("window"))
        widget.render(painter, QPoint())
        return painter.end()

    if not atomic_write(path, write):
        raise ExportError(QCoreApplication.translate("Export", "{p}: the drawing could not be written").format(p=path))
    return path


def atomic_write(path: Path, writer) -> bool:
    """Run ``writer(tmp)`` on a temporary file beside ``path``, then move it over ``path``."""
    if not path.parent.is_dir():
        raise ExportError(QCoreApplication.translate("Export", "{p}: the folder does not exist").format(p=path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    tmp = Path(tmp)
    try:
        ok = writer(tmp) and tmp.stat().st_size > 0
        if ok:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
            os.replace(tmp, path)
        return bool(ok)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- tables -------------------------------------------------------------------
def write_csv(path: str | Path, header: list[str], rows: list[list]) -> Path:
    """UTF-8 CSV; floats at full precision (``repr``), so the file holds exactly the numbers shown."""
    path = Path(path)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(header)
    for row in rows:
        out.writerow([repr(float(v)) if isinstance(v, (float, np.floating)) else v for v in row])
    data = buf.getvalue().encode("utf-8")
    atomic_write(path, lambda tmp: tmp.write_bytes(data) > 0)
    return path


def panel_table(panel: Panel, trace: Trace | None) -> tuple[list[str], list[list]]:
    """The panel's numbers: its own ``export_table()`` if it has one, else computed from ``trace``."""
    own = panel.export_table()
    if own is not None:
        header, rows = own
        return list(header), [list(r) for r in rows]
    pid = panel.panel_id
    maker = _FALLBACKS.get(pid)
    if maker is None:
        raise ExportError(QCoreApplication.translate("Export", "The {p} panel has no numbers to export.")
                          .format(p=pid or type(panel).__name__))
    if trace is None or trace.n_tokens == 0:
        raise ExportError(QCoreApplication.translate("Export", "There is nothing to export yet: type some text first."))
    return maker(panel, trace)


def _labels(trace: Trace) -> list[str]:
    return list(trace.tokens)


def _tokens_table(_panel, trace: Trace):
    rows = [[i, int(t), label, int(a), int(b)]
            for i, (t, label, (a, b)) in enumerate(zip(trace.token_ids, trace.tokens, trace.spans.tolist()))]
    return ["position", "token_id", "token", "start", "end"], rows


def _attention_table(panel, trace: Trace):
    layer, head = panel.state.layer, panel.state.head
    matrix = trace.attn[layer, head]  # (T, T): rows query, columns key
    names = [f"{i}:{t}" for i, t in enumerate(_labels(trace))]
    header = [f"layer {layer + 1} head {head + 1}: query \\ key"] + names
    return header, [[names[i]] + [float(x) for x in matrix[i]] for i in range(trace.n_tokens)]


def _next_token_table(panel, trace: Trace):
    st = panel.state
    tok = st.model.tokenizer if st.model is not None else None
    positions = prediction_positions(trace.token_ids, trace.causal, getattr(tok, "mask_id", None))
    rows = []
    for pos in positions:
        logits = trace.logits_at(pos)
        probs = softmax(logits)
        shown = softmax(logits, max(st.temperature, 1e-6))  # the bars' length, as the panel draws them
        sampling, _kept = next_token_distribution(logits, st.temperature, st.top_k, st.top_p)
        order = np.argsort(-logits, kind="stable")[:CANDIDATES]
        for rank, tid in enumerate(order, 1):
            label = tok.token_label(int(tid)) if tok is not None else str(int(tid))
            rows.append([pos, rank, int(tid), label, float(probs[tid]), float(st.temperature), float(shown[tid]),
                         float(sampling[tid])])
    return ["position", "rank", "token_id", "token", "probability", "temperature", "probability_at_temperature",
            "sampling_probability"], rows


def _lens_table(panel, trace: Trace):
    if trace.lens_ids is None:
        raise ExportError(QCoreApplication.translate(
            "Export", "The logit lens has not been computed yet; try again in a moment."))
    tok = panel.state.model.tokenizer if panel.state.model is not None else None
    labels = _labels(trace)
    rows = []
    L1, T, K = trace.lens_ids.shape  # (L+1, T, k)
    for r in range(L1):
        for c in range(T):
            for k in range(K):
                tid = int(trace.lens_ids[r, c, k])
                rows.append([r, c, labels[c], k + 1, tid, tok.token_label(tid) if tok is not None else str(tid),
                             float(trace.lens_probs[r, c, k])])
    header = ["stream_point (0 = embedding, l = after block l)", "position", "token", "rank", "token_id",
              "predicted", "probability"]
    return header, rows


def _embedding_table(panel, trace: Trace):
    points = panel.token_points()
    if len(points) != trace.n_tokens:
        raise ExportError(QCoreApplication.translate(
            "Export", "The projection is not ready yet; try again in a moment."))
    rows = [[i, t, float(x), float(y)] for i, (t, (x, y)) in enumerate(zip(_labels(trace), points.tolist()))]
    return ["position", "token", "x", "y"], rows


def _positions_table(_panel, trace: Trace):
    if trace.pos_embed is None:
        raise ExportError(QCoreApplication.translate(
            "Export", "This model adds no position vectors (it rotates queries and keys instead)."))
    D = trace.pos_embed.shape[1]
    rows = [[i, t] + [float(x) for x in trace.pos_embed[i]] for i, t in enumerate(_labels(trace))]
    return ["position", "token"] + [f"d{j}" for j in range(D)], rows


def _architecture_table(panel, _trace: Trace):
    from explainer.core.analysis.architecture import summarize

    s = summarize(panel.state.model.model)
    rows = [["embedding", s.embedding], ["positions", s.positions]]
    for b in s.blocks:
        rows += [[f"block {b.layer + 1} attention", b.attention], [f"block {b.layer + 1} mlp", b.mlp]]
    rows += [["final norm", s.final_norm], ["output", s.output], ["total", s.total]]
    return ["part", "parameters"], rows


_FALLBACKS = {"tokens": _tokens_table, "attention": _attention_table, "next_token": _next_token_table,
              "lens": _lens_table, "embedding": _embedding_table, "positions": _positions_table,
              "architecture": _architecture_table}


def export_panel(panel: Panel, path: str | Path, trace: Trace | None = None, scale: float = 2.0) -> Path:
    """Write ``panel`` to ``path``: the suffix picks PNG, SVG or CSV."""
    path = Path(path)
    suffix = path.suffix.lower()
    if panel.state.redraws is not None:
        panel.state.redraws.flush()  # a panel still waiting for its turn shows the newest Trace first
    if suffix == ".png":
        return export_png(panel, path, scale)
    if suffix == ".svg":
        return export_svg(panel, path, panel.title())
    if suffix == ".csv":
        header, rows = panel_table(panel, trace)
        return write_csv(path, header, rows)
    raise ExportError(QCoreApplication.translate("Export", "{p}: unknown format; use .png, .svg or .csv")
                      .format(p=path))
