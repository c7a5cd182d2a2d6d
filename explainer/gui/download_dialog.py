"""Model → Download…: fetch a model from the Hugging Face Hub, watch it arrive, open it.

The suggested models (``core.hub.CURATED``) fill a table with their size,
languages and licence; any other model on the Hub can be typed, with a
revision. The download runs in a thread of its own (``DownloadRunner``): it
takes minutes, and the job lanes are for model work that must never wait
behind it. Its progress arrives as signals: a bar, "X MB of Y MB · speed ·
time left", and Cancel. A stopped or dropped download keeps what arrived and
Download continues it; a damaged copy in the cache offers "Download again".
When it is done, Open opens the model in the window, as the model picker does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
                               QLineEdit, QProgressBar, QTableWidget, QTableWidgetItem, QVBoxLayout)

from explainer.core import hub
from explainer.core.checkpoints.locations import hf_hub_cache
from explainer.core.hub.catalog import CURATED
from explainer.gui import numfmt
from explainer.gui.explore.picker import human_bytes
from explainer.gui.jobs import describe_error
from explainer.gui.problems import translate_problem

if TYPE_CHECKING:
    from explainer.gui.main_window import MainWindow

BAR_STEPS = 1000  # the bar counts in thousandths: a QProgressBar holds 32-bit values, a download can pass 2 GB


class DownloadRunner(QObject):
    """One download at a time, in a plain thread; what happens arrives as signals on the GUI thread.

    ``start(repo_id, revision, force)`` plans and runs it; ``cancel()`` stops
    it at the next network read. A signal that finds the dialog gone is
    dropped: the thread then only finishes its current read.
    """

    plan_ready = Signal(object)  # hub.DownloadPlan
    progress_changed = Signal(object)  # hub.Progress
    folder_ready = Signal(str)
    problem_ready = Signal(str, str, bool)  # the core's message, its kind, whether downloading again continues

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, repo_id: str, revision: str | None, force: bool) -> None:
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(repo_id, revision, force, self._cancel),
                                        name="download", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout_s: float = 30.0) -> None:
        """Block until the thread has ended (tests; the window never waits)."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self, repo_id: str, revision: str | None, force: bool, cancel: threading.Event) -> None:
        try:
            plan = hub.plan_download(repo_id, revision)
            self._emit(self.plan_ready, plan)
            folder = hub.download(plan, progress=lambda p: self._emit(self.progress_changed, p), cancel=cancel,
                                  force=force)
            self._emit(self.folder_ready, str(folder))
        except hub.HubError as exc:
            self._emit(self.problem_ready, exc.message, exc.kind, exc.resumable)
        except Exception as exc:  # a defect still ends as a message, never a traceback in a thread
            self._emit(self.problem_ready, describe_error(exc), "internal", False)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the dialog, and this runner with it, was closed meanwhile
            pass


class DownloadDialog(QDialog):
    """The suggested models, a name and revision to download, a progress bar, and Open when it is done.

    ``folder`` is the downloaded model's folder once it has arrived. Closing
    the dialog stops a running download (what arrived is kept).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.setWindowTitle(self.tr("Download a model"))
        self.resize(900, 560)
        self.folder: str | None = None
        self._force = False  # set after a damaged copy was found: the next download replaces it
        self.runner = DownloadRunner(self)
        intro = QLabel(self.tr("Models that work well in this app. Pick one, or type the name of any model on "
                               "huggingface.co (owner/name)."))
        intro.setWordWrap(True)
        self.table = self._suggestions()
        self.repo_edit = QLineEdit()
        self.repo_edit.setPlaceholderText(self.tr("owner/name, e.g. HuggingFaceTB/SmolLM2-135M"))
        self.revision_edit = QLineEdit()
        self.revision_edit.setPlaceholderText(self.tr("main (the newest version)"))
        form = QFormLayout()
        form.addRow(self.tr("Model:"), self.repo_edit)
        form.addRow(self.tr("Revision:"), self.revision_edit)
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setTextVisible(False)
        self.status = QLabel(self.tr("Models are stored in {p}; once downloaded, they open without internet.")
                             .format(p=hf_hub_cache()))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.download_button = buttons.addButton(self.tr("Download"), QDialogButtonBox.ActionRole)
        self.cancel_button = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ActionRole)
        self.open_button = buttons.addButton(self.tr("Open"), QDialogButtonBox.AcceptRole)
        close_button = buttons.addButton(self.tr("Close"), QDialogButtonBox.RejectRole)
        self.download_button.setDefault(True)
        self.cancel_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.download_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_model)
        close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.runner.plan_ready.connect(self._on_plan_ready)
        self.runner.progress_changed.connect(self._on_progress_changed)
        self.runner.folder_ready.connect(self._on_folder_ready)
        self.runner.problem_ready.connect(self._on_problem_ready)

    def _suggestions(self) -> QTableWidget:
        columns = [self.tr("Model"), self.tr("Parameters"), self.tr("Download size"), self.tr("Languages"),
                   self.tr("Licence")]
        table = QTableWidget(len(CURATED), len(columns))
        table.setHorizontalHeaderLabels(columns)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for row, m in enumerate(CURATED):
            licence = m.licence if m.licence != "not stated on the model card" else self.tr("not stated")
            if m.gated:
                licence += " · " + self.tr("accept it on huggingface.co first, and log in")
            cells = (m.repo_id + (" · " + self.tr("masked words") if m.masked else ""), numfmt.human(m.n_params),
                     self.approx_size(m.approx_bytes), self.language_names(m.languages), licence)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                table.setItem(row, col, item)
        table.currentCellChanged.connect(lambda row, *_: 0 <= row < len(CURATED)
                                         and self.repo_edit.setText(CURATED[row].repo_id))
        return table

    # -- words ------------------------------------------------------------------------------
    def approx_size(self, n: int) -> str:
        size = f"{numfmt.fmt(n / 2**30, 1)} GB" if n >= 2**30 else f"{numfmt.count(round(n / 2**20))} MB"
        return self.tr("about {size}").format(size=size)

    def language_names(self, codes: tuple[str, ...]) -> str:
        names = {"en": self.tr("English"), "nl": self.tr("Dutch"), "mul": self.tr("many others")}
        return ", ".join(names.get(c, c) for c in codes)

    def time_left(self, seconds: float | None) -> str:
        if seconds is None:
            return ""
        seconds = int(round(seconds))
        if seconds < 60:
            return self.tr("about {n} s left").format(n=seconds)
        return self.tr("about {n} min left").format(n=numfmt.count(round(seconds / 60)))

    # -- a download -----------------------------------------------------------------------------
    def start(self) -> None:
        repo_id = self.repo_edit.text().strip()
        if not repo_id:
            self.status.setText(self.tr("Pick a model in the list, or type its name (owner/name)."))
            return
        if self.runner.running():
            return
        self.folder = None
        self.bar.setValue(0)
        self._set_running(True)
        self.status.setText(self.tr("Asking {host} which files {repo} has…").format(
            host=hub.hub_endpoint().split("://")[-1], repo=repo_id))
        self.runner.start(repo_id, self.revision_edit.text().strip() or None, self._force)

    def cancel(self) -> None:
        self.runner.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Stopping…"))

    def open_model(self) -> None:
        if self.folder:
            self.main_window.explorer.open_path(self.folder)
            self.accept()

    def _set_running(self, running: bool) -> None:
        for widget in (self.download_button, self.repo_edit, self.revision_edit, self.table):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.open_button.setEnabled(not running and self.folder is not None)

    def _on_plan_ready(self, plan) -> None:
        self.status.setText(self.tr("{n} files, {size} in all").format(
            n=len(plan.files), size=human_bytes(plan.total_bytes)))

    def _on_progress_changed(self, p) -> None:
        if not self.runner.running() or not self.cancel_button.isEnabled():
            return  # a report that was under way when Cancel was pressed: "Stopping…" stays
        self.bar.setValue(int(BAR_STEPS * p.done_bytes / p.total_bytes) if p.total_bytes else 0)
        parts = [self.tr("{done} of {total}").format(done=human_bytes(p.done_bytes), total=human_bytes(p.total_bytes))]
        if p.bytes_per_s:
            parts.append(self.tr("{speed}/s").format(speed=human_bytes(int(p.bytes_per_s))))
        if p.eta_s is not None and not p.finished:
            parts.append(self.time_left(p.eta_s))
        self.status.setText(" · ".join(parts))

    def _on_folder_ready(self, folder: str) -> None:
        self.folder = folder
        self._force = False
        self.download_button.setText(self.tr("Download"))
        self._set_running(False)
        self.bar.setValue(BAR_STEPS)
        self.status.setText(self.tr("Done: the model is on this computer ({p}). Open it now, or later from "
                                    "Model → Models on this computer.").format(p=folder))
        self.open_button.setDefault(True)
        self.open_button.setFocus()

    def _on_problem_ready(self, message: str, kind: str, resumable: bool) -> None:
        self._set_running(False)
        text = translate_problem(message)
        if resumable:
            text += " " + self.tr("Press Download to continue where it stopped.")
        if kind == "damaged":
            self._force = True
            self.download_button.setText(self.tr("Download again"))
            text += " " + self.tr("Press Download again to replace the damaged copy.")
        self.status.setText(text)

    # -- closing --------------------------------------------------------------------------------
    def done(self, result: int) -> None:  # every way out (Open, Close, Esc, the window's ×) passes here
        self.runner.cancel()  # a running download stops; what arrived is kept
        super().done(result)


def open_download_dialog(window: MainWindow) -> DownloadDialog:
    """Show the window's download dialog (the one already open, or a new one)."""
    dialog = next((d for d in window.findChildren(DownloadDialog) if d.isVisible()), None)
    if dialog is None:  # (a closed one may wait for its deletion: never reused)
        dialog = DownloadDialog(window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
