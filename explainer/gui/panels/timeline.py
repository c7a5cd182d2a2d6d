"""Timeline panel: scrub through the checkpoints of one training run.

When the open model belongs to a run with several checkpoints (our
``timeline/`` folder, step folders, or nanoGPT ``*.pt`` files with
``iter_num``), a slider picks a checkpoint and every panel shows that
checkpoint on the same text. Snapshots load on the "work" lane of
``AppState.jobs`` and stay in a SnapshotCache within a memory budget; while
the user is not scrubbing, the neighbours of the current step are loaded
ahead, so scrubbing back and forth switches models without touching the
disk. A small plot shows validation loss against step with the current step
marked.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.timeline import Snapshot, SnapshotCache, find_run, model_bytes
from explainer.gui import numfmt, palette
from explainer.gui.panels._plots import styled_plot
from explainer.gui.panels._visibility import off_screen
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState

BUDGET_BYTES = 768 * 2**20  # snapshots kept in memory while scrubbing


def current_index(snapshots: list[Snapshot], path: Path, step) -> int:
    """Which snapshot the open model is: the same path, else the same step, else the last."""
    for i, s in enumerate(snapshots):
        if s.path.resolve() == Path(path).resolve():
            return i
    for i, s in enumerate(snapshots):
        if step is not None and s.step == int(step):
            return i
    return len(snapshots) - 1


class TimelinePanel(Panel):
    """A slider over the checkpoints of the open model's run, and its validation-loss curve.

    Moving the slider loads that snapshot (from the cache when it is there,
    otherwise in a job) and hands it to ``AppState.set_model``; the text
    stays, so every panel redraws the same sentence for the earlier or later
    model. When the model has no timeline the controls are hidden and a
    sentence says how to get one.
    """

    panel_id = "timeline"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.snapshots: list[Snapshot] = []
        self.index = -1
        self._own = None  # the LoadedModel this panel set last; its model_changed is ours
        self._lock = threading.Lock()  # the cache is filled in a job's thread and read here
        self._arrived: dict[Path, object] = {}
        self.cache = SnapshotCache(self._arrived.pop, BUDGET_BYTES)
        self._snapshot_bytes = 0
        self._drawn: tuple[list[Snapshot] | None, int] = (None, -1)  # the run and the step drawn

        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setProperty("role", "muted")
        self.step_label = QLabel()
        self.step_label.setProperty("role", "heading")
        self.step_label.setWordWrap(True)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setPageStep(1)
        self.slider.setMinimumHeight(36)
        self.slider.valueChanged.connect(self.show_snapshot)
        self.back = QPushButton("◀")
        self.forward = QPushButton("▶")
        self.back.setToolTip(self.tr("Earlier checkpoint"))
        self.forward.setToolTip(self.tr("Later checkpoint"))
        self.back.clicked.connect(lambda: self.slider.setValue(self.slider.value() - 1))
        self.forward.clicked.connect(lambda: self.slider.setValue(self.slider.value() + 1))
        self.cache_label = QLabel()
        self.cache_label.setProperty("role", "muted")
        self.cache_label.setWordWrap(True)  # "6 of 6 checkpoints in memory (… MB of … MB)" may not fit one line

        self.plot = styled_plot(self.tr("training step"), self.tr("validation loss"))
        self.plot.setMinimumHeight(160)
        self.curve = self.plot.plot([], [], pen=pg.mkPen(palette.color("accent"), width=3),
                                    symbol="o", symbolSize=8, symbolBrush=palette.color("accent"))
        self.marker_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(palette.color("selection"), width=2))
        self.marker = pg.ScatterPlotItem(size=18, brush=pg.mkBrush(palette.color("selection")),
                                         pen=pg.mkPen(palette.color("text"), width=1.5))
        self.plot.addItem(self.marker_line)
        self.plot.addItem(self.marker)

        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addWidget(self.slider, 1)
        row.addWidget(self.forward)
        self.controls = QWidget()
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.step_label)
        controls.addLayout(row)
        controls.addWidget(self.plot, 1)
        controls.addWidget(self.cache_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.explain)
        layout.addWidget(self.controls, 1)
        self._filler = QWidget()  # keeps the explanation at the top while the controls are hidden
        layout.addWidget(self._filler, 1)
        self._show_unavailable(self.tr("No model is open."))
        if state.model is not None:
            self.invalidate()
        self.refresh()

    def title(self) -> str:
        return self.tr("Training timeline")

    def short_title(self) -> str:
        return self.tr("Timeline")

    # -- the panel protocol ---------------------------------------------------
    def invalidate(self) -> None:
        """A model this panel did not choose: forget the run and its snapshots, and look for the new one's."""
        loaded = self.state.model
        if loaded is self._own:
            return  # a snapshot this panel chose: the run stays
        self._own = None
        jobs = self.state.jobs
        for tag in ("load", "prefetch"):
            jobs.forget(self, tag)
        with self._lock:
            self.cache = SnapshotCache(self._arrived.pop, BUDGET_BYTES)
        self.snapshots, self.index = [], -1
        self._show_unavailable(self.tr("Looking for other checkpoints of this training run…"))
        jobs.submit(self, "scan", find_run, loaded.path, done=self._on_run_found, failed=self._on_scan_failed)

    def redraw(self) -> None:
        """The run's curve and the step shown; a new text (most calls) changes neither."""
        if self.snapshots and not self.state.jobs.pending(self):
            self._prefetch_next()  # the panel is in view now: load the neighbouring steps ahead
        run, index = self._drawn
        if run is self.snapshots and index == self.index:
            return
        if run is not self.snapshots:
            self._draw_curve()
        self._drawn = (self.snapshots, self.index)
        self._draw_position()

    # -- finding the run ------------------------------------------------------
    def _on_run_found(self, snapshots: list[Snapshot]) -> None:
        loaded = self.state.model
        if not snapshots or loaded is None:
            self._show_unavailable(self.tr(
                "This model has no training timeline. A timeline is a folder with several checkpoints "
                "of one run: a timeline/ folder (what the Training panel writes), folders with a step "
                "in metadata.json, or nanoGPT .pt files with iter_num. Train a model in the Training "
                "panel to make one."))
            return
        step = loaded.metadata.get("step")
        self.index = current_index(snapshots, loaded.path, step)
        if step is not None and snapshots[self.index].step == step \
                and snapshots[self.index].path.resolve() != Path(loaded.path).resolve():
            # the open model is this step's checkpoint itself (its timeline keeps a float16 copy): the slider's
            # stop for it is the model that was opened, so that going back to it gives the same numbers again
            snapshots = list(snapshots)
            snapshots[self.index] = dataclasses.replace(snapshots[self.index], path=Path(loaded.path))
        self.snapshots = snapshots
        if snapshots[self.index].path.resolve() == Path(loaded.path).resolve():
            self._own = loaded
            self._store(snapshots[self.index].path, loaded)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(snapshots) - 1)
        self.slider.setValue(self.index)
        self.slider.blockSignals(False)
        self.explain.setText(self.tr("{n} checkpoints of this training run. Drag the slider: every panel "
                                     "shows the same text for the model at that step.").format(n=len(snapshots)))
        self.controls.show()
        self._filler.hide()
        self.redraw()  # at once, seen or not: a run is found once, not on every key
        self._prefetch_next()

    def _on_scan_failed(self, message: str) -> None:
        self._show_unavailable(self.tr("The checkpoints of this run could not be listed: {m}").format(m=message))

    def _show_unavailable(self, why: str) -> None:
        self.explain.setText(why)
        self.controls.hide()
        self._filler.show()

    # -- moving along the run ---------------------------------------------------
    def show_snapshot(self, index: int) -> None:
        """Make snapshot ``index`` the app's model: at once from the cache, otherwise after a load."""
        if not 0 <= index < len(self.snapshots):
            return
        self.index = index
        self._draw_position()
        path = self.snapshots[index].path
        with self._lock:
            cached = self.cache.get(path) if path in self.cache else None
        if cached is not None:
            self.state.jobs.forget(self, "load")  # a load asked for before must not replace this one
            self._apply(cached)
            self._prefetch_next()
            return
        self.cache_label.setText(self.tr("loading step {s}…").format(s=numfmt.count(self.snapshots[index].step)))
        self.state.jobs.submit(self, "load", self._load_into_cache, path, done=self._on_loaded,
                               failed=self._on_load_failed)

    def _apply(self, loaded) -> None:
        self._own = loaded
        self.state.set_model(loaded)
        self._update_cache_label()

    def _load_into_cache(self, path: Path):
        """A job's thread: read one snapshot and keep it in the cache (evicting the oldest over budget)."""
        with self._lock:
            if path in self.cache:
                return path, self.cache.get(path)
        loaded = load_model(path)
        loaded.model.eval()
        self._store(path, loaded)
        return path, loaded

    def _store(self, path: Path, loaded) -> None:
        path = Path(path)
        with self._lock:
            if path not in self.cache:
                self._arrived[path] = loaded  # the cache's loader takes it from here
                self.cache.get(path)
            self._snapshot_bytes = max(self._snapshot_bytes, model_bytes(loaded))

    def _on_loaded(self, result) -> None:
        """The snapshot asked for last is in memory: it becomes the app's model."""
        _path, loaded = result
        self._apply(loaded)
        self._prefetch_next()

    def _on_load_failed(self, message: str) -> None:
        self.state.set_message(self.tr("This checkpoint could not be opened: {m}").format(m=message))
        self.cache_label.setText(message)

    def _on_prefetched(self, _result) -> None:
        self._update_cache_label()
        self._prefetch_next()

    def _prefetch_next(self) -> None:
        """Load the nearest snapshot not yet cached, while the budget has room for it.

        Each prefetch asks for the next one when it is done; a newer prefetch replaces one still waiting.
        Nothing is loaded ahead while the panel is out of sight: a timeline nobody scrubs costs no memory.
        """
        if not self.snapshots or off_screen(self):
            return
        with self._lock:
            room = self.cache.used_bytes + self._snapshot_bytes <= self.cache.budget
            order = sorted(range(len(self.snapshots)), key=lambda i: abs(i - self.index))
            missing = [i for i in order if self.snapshots[i].path not in self.cache]
        if missing and room:
            self.state.jobs.submit(self, "prefetch", self._load_into_cache, self.snapshots[missing[0]].path,
                                   done=self._on_prefetched)

    # -- drawing ----------------------------------------------------------------
    def _draw_curve(self) -> None:
        pts = [(s.step, s.val_loss) for s in self.snapshots if s.val_loss is not None]
        self.plot.setVisible(bool(pts))
        if pts:
            x, y = np.array(pts, dtype=float).T
            self.curve.setData(x, y)

    def _draw_position(self) -> None:
        if not 0 <= self.index < len(self.snapshots):
            return
        snap = self.snapshots[self.index]
        loss = (numfmt.fill(self.tr(" · validation loss {v:.3f}"), v=snap.val_loss)
                if snap.val_loss is not None else "")
        self.step_label.setText(self.tr("Step {s} ({i} of {n}){loss}").format(
            s=numfmt.count(snap.step), i=self.index + 1, n=len(self.snapshots), loss=loss))
        self.back.setEnabled(self.index > 0)
        self.forward.setEnabled(self.index < len(self.snapshots) - 1)
        self.marker_line.setValue(snap.step)
        if snap.val_loss is None:
            self.marker.setData([], [])
        else:
            self.marker.setData([snap.step], [snap.val_loss])

    def _update_cache_label(self) -> None:
        with self._lock:
            n = sum(1 for s in self.snapshots if s.path in self.cache)
            used = self.cache.used_bytes
        self.cache_label.setText(numfmt.fill(self.tr("{n} of {m} checkpoints in memory ({mb:.0f} MB of {b:.0f} MB)"),
            n=n, m=len(self.snapshots), mb=used / 2**20, b=BUDGET_BYTES / 2**20))

    def step(self) -> int | None:
        """The training step shown now (None without a timeline)."""
        return self.snapshots[self.index].step if 0 <= self.index < len(self.snapshots) else None
