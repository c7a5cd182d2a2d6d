"""File → Export animation…: choose what to animate, then compute, draw and write it without blocking the window.

The steps, each off the GUI thread where it can be: the frames' Traces are a
job on the "work" lane (generating token by token, or loading every
checkpoint of the run); the drawing is a ``FrameRecorder`` (Qt draws on the
GUI thread, one frame per turn of the event loop); writing the GIF or MP4 is
again a job. The status line says how far it is, and where the file went.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel,
                               QMessageBox, QSpinBox, QVBoxLayout)

from explainer.core.analysis.frames import MAX_TOKENS, generation_frames, timeline_frames
from explainer.gui.animation import FRAME_MS, FrameRecorder, mp4_available, write_animation
from explainer.core.checkpoints.timeline import find_run
from explainer.gui.problems import translate_problem
from explainer.gui.worker import LENS_K

KINDS = ("generate", "timeline")
DEFAULT_SIZE = (1000, 640)  # a panel not on screen is drawn at this size


class AnimationDialog(QDialog):
    """What to animate (generation or timeline), which panel, how many tokens and how long each frame stays."""

    def __init__(self, panels: list[tuple[str, str]], current: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export animation"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Step-by-step generation (the text grows token by token)"), "generate")
        self.kind.addItem(self.tr("Training timeline (every checkpoint of the run)"), "timeline")
        self.panel = QComboBox()
        for pid, title in panels:
            self.panel.addItem(title, pid)
        if current is not None and self.panel.findData(current) >= 0:
            self.panel.setCurrentIndex(self.panel.findData(current))
        if current == "timeline":
            self.kind.setCurrentIndex(1)
        self.steps = QSpinBox(minimum=1, maximum=MAX_TOKENS, value=12)
        self.frame_ms = QSpinBox(minimum=100, maximum=5000, value=FRAME_MS, singleStep=100)
        self.frame_ms.setSuffix(" ms")
        self.kind.currentIndexChanged.connect(lambda _i: self.steps.setEnabled(self.kind.currentData() == "generate"))
        form = QFormLayout()
        form.addRow(self.tr("Animate:"), self.kind)
        form.addRow(self.tr("Panel:"), self.panel)
        form.addRow(self.tr("Tokens to generate:"), self.steps)
        form.addRow(self.tr("Each frame stays:"), self.frame_ms)
        formats = QLabel(self.tr("Written as GIF, or as MP4 video.") if mp4_available() else
                         self.tr("Written as GIF. MP4 video needs the imageio-ffmpeg package, which is not "
                                 "installed."))
        formats.setWordWrap(True)
        formats.setProperty("role", "muted")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(formats)
        layout.addWidget(buttons)


class AnimationExport(QObject):
    """File → Export animation… for one window (kept as ``window.animation``).

    ``export(kind, panel_id, path, steps, frame_ms)`` does the work without
    dialogs; ``written(path)`` fires when the file is there, ``failed(message)``
    when it could not be made (the message is also shown, and kept in ``last_error``).
    """

    written = Signal(str)
    failed = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.recorder: FrameRecorder | None = None
        self.last_error = ""
        self.show_dialogs = True
        self.action = QAction(self.tr("Export &animation…"), window)
        self.action.triggered.connect(self.dialog)
        window.menus.file.insertAction(window.menus.file_tail, self.action)

    def dialog(self) -> None:
        w = self.window
        panels = [(pid, w.panel_title(pid)) for pid in w.panels]
        ask = AnimationDialog(panels, w.sessions.current_panel_id(), w)
        if ask.exec() != QDialog.Accepted:
            return
        filters = [self.tr("GIF animation (*.gif)")] + ([self.tr("MP4 video (*.mp4)")] if mp4_available() else [])
        kind, panel_id = ask.kind.currentData(), ask.panel.currentData()
        path, chosen = QFileDialog.getSaveFileName(w, self.tr("Export animation"), f"{panel_id}-{kind}.gif",
                                                   ";;".join(filters))
        if not path:
            return
        if Path(path).suffix.lower() not in (".gif", ".mp4"):
            path += ".mp4" if chosen == filters[-1] and len(filters) > 1 else ".gif"
        self.export(kind, panel_id, path, ask.steps.value(), ask.frame_ms.value())

    def export(self, kind: str, panel_id: str, path: str | Path, steps: int = 12, frame_ms: int = FRAME_MS) -> None:
        """Animate ``panel_id`` (``kind``: generate or timeline) into ``path``; the answer comes as a signal."""
        st = self.window.state
        loaded = st.model
        if loaded is None:
            self._fail(self.tr("Open a model first."))
            return
        if kind == "generate":
            job = functools.partial(generation_frames, loaded, st.text, steps, LENS_K, st.interventions)
        else:
            job = functools.partial(_run_frames, loaded.path, st.text)
        st.set_message(self.tr("Preparing the animation…"))
        st.jobs.submit(self, "frames", job, done=functools.partial(self._draw, panel_id, Path(path), frame_ms),
                       failed=self._fail)

    def _draw(self, panel_id: str, path: Path, frame_ms: int, frames) -> None:
        w = self.window
        size = DEFAULT_SIZE
        if w.panel_on_screen(panel_id):  # drawn at the size it has on screen: what the teacher sees
            panel = w.panels[panel_id]
            size = (max(400, panel.width()), max(300, panel.height()))
        self.recorder = FrameRecorder(panel_id, frames, size=size, like=w.state, parent=self)
        self.recorder.progress.connect(lambda done, total: w.state.set_message(
            self.tr("Drawing frame {i} of {n}…").format(i=done, n=total)))
        self.recorder.finished.connect(functools.partial(self._write, path, frame_ms))
        self.recorder.failed.connect(self._fail)
        self.recorder.start()

    def _write(self, path: Path, frame_ms: int, images: list) -> None:
        self.window.state.set_message(self.tr("Writing {p}…").format(p=path))
        self.window.state.jobs.submit(self, "write", write_animation, images, path, frame_ms,
                                      done=self._on_written, failed=self._fail)

    def _on_written(self, path) -> None:
        self.recorder = None
        self.window.state.set_message(self.tr("Animation written to {p}").format(p=path))
        self.written.emit(str(path))

    def _fail(self, message: str) -> None:
        message = translate_problem(message)
        self.recorder = None
        self.last_error = message
        self.window.state.set_message("")
        self.failed.emit(message)
        if self.show_dialogs:
            QMessageBox.warning(self.window, self.tr("Could not export the animation"),
                                self.tr("The animation could not be made.\n\n{m}").format(m=message))


def _run_frames(path, text: str):
    """A job: the checkpoints of the run the model at ``path`` belongs to, each run on ``text``."""
    return timeline_frames(find_run(path), text, lens_k=LENS_K)
