"""The main window: the text box on top, one dock per panel, menus, status bar.

Wiring only: the text box writes AppState.text, the controller runs the
model, the panels draw from AppState. The window builds every part itself,
as plain members: the panels and their docks, the menus (``self.menus``),
opening models from anywhere (``self.explorer``), sessions and export
(``self.sessions``), the guided lesson (``self.lesson``) and presentation
mode (``self.presenter``). The dock layout, theme and text size are
remembered in QSettings; ``set_language`` rebuilds the window in another
language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from explainer.core.checkpoints import device_label
from explainer.core.checkpoints.limits import MAX_TEXT_CHARS
from explainer.gui import collector, language, numfmt, palette
from explainer.gui import settings as keys
from explainer.gui.animation_menu import AnimationExport
from explainer.gui.catalog import load_examples
from explainer.gui.docks import DockedWindow
from explainer.gui.explore import Explorer
from explainer.gui.lesson_files import LessonLibrary
from explainer.gui.lesson_view import LessonDock
from explainer.gui.menus import build_menus, fill_found_models, human_count, show_about, show_help
from explainer.gui.lazy_panels import LazyPanels
from explainer.gui.panels import PANELS, panel_class, titles as panel_titles
from explainer.gui.panels._visibility import off_screen
from explainer.gui.presentation import Presenter
from explainer.gui.redraws import RedrawQueue
from explainer.gui.problems import translate_problem
from explainer.gui.session_io import SessionManager
from explainer.gui.state import AppState
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_text import TokenTextEdit
from explainer.gui.worker import InferenceController

LAYOUT_VERSION = keys.LAYOUT_VERSION
_retired_jobs: list = []  # job runners of closed windows, kept while a job may still answer to them
MAX_TEXT = MAX_TEXT_CHARS  # characters kept in the box; the model sees only what fits its context


class MainWindow(DockedWindow):
    """Text box, panels in docks, menus and a status bar around one AppState.

    ``start(text, model_path)`` fills the box and loads the model in the
    background. ``panels`` maps panel ids to the panels (all of them, or
    ``panel_ids``: a benchmark may leave some out).
    """

    def __init__(self, lang: str = "en", settings: QSettings | None = None,
                 state: AppState | None = None, panel_ids=None) -> None:
        super().__init__()
        self.lang = lang
        self.settings = settings or QSettings()
        self.state = state or AppState(self)
        if self.state.redraws is None:
            self.state.redraws = RedrawQueue(self)
        self.controller = InferenceController(self.state, self)
        self.examples = load_examples()
        self.setWindowTitle("LLM Explainer")

        self.text_box = TokenTextEdit()
        self.text_box.setPlaceholderText(self.tr("Type a sentence here…"))
        self.text_box.text_edited.connect(self._on_text_edited)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.no_model = QWidget()
        nm_layout = QHBoxLayout(self.no_model)
        self.no_model_label = QLabel(self.tr("No model is open. Open a model folder, a nanoGPT ckpt.pt or a "
                                             ".gguf file to start."))
        self.no_model_label.setProperty("role", "heading")
        open_button = QPushButton(self.tr("Open model…"))
        open_button.clicked.connect(self.open_model_dialog)
        nm_layout.addWidget(self.no_model_label, 1)
        nm_layout.addWidget(open_button)
        self.no_model.hide()
        central = QWidget()
        central.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.addWidget(self.no_model)
        layout.addWidget(self.text_box)
        layout.addWidget(self.notice)
        self.setCentralWidget(central)

        self.explorer: Explorer | None = None  # made below; panels built from then on get its menus
        ids = [pid for pid, _name in PANELS if panel_ids is None or pid in panel_ids]
        self.panels = LazyPanels(ids, self._build_panel)  # each built when first seen (gui/lazy_panels.py)
        for pid in ids:
            self.add_panel_dock(pid, panel_titles(pid)[1])
        for pid in ("tokens", "attention", "next_token", "interventions"):  # on screen by default; interventions
            if pid in self.panels:  # also applies the ablations other panels ask for
                self.panels[pid]  # noqa: B018 - builds it
        self._create_status_bar()
        self.menus = build_menus(self)
        self.explorer = Explorer(self)  # File → Open recent, Model → Choose model…, drag and drop
        self.lesson = LessonDock.build(self)  # Help → Guided lesson
        self.sessions = SessionManager(self)  # File → sessions and export
        self.animation = AnimationExport(self)  # File → Export animation… (GIF, MP4)
        self.lesson_files = LessonLibrary(self)  # File → Open lesson…, Save as lesson step; Help → Lessons
        self.presenter = Presenter(self)  # View → presentation mode (F5, F11) and focus mode (F6)
        self._default_state = None
        self.show_dialogs = True  # False when nobody is there to close one (explainer --screenshot)
        geometry = keys.read_bytes(self.settings, keys.GEOMETRY)  # anything else in the file: the default size
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 950)

        st = self.state
        st.text_changed.connect(self.text_box.set_text)
        st.trace_changed.connect(self._on_trace_changed)
        st.token_changed.connect(lambda _i: self._tint_text())
        st.model_changed.connect(self._on_model_changed)
        st.message_changed.connect(self._show_notice)
        self.controller.model_failed.connect(self._on_model_failed)
        self.controller.lens_on_screen = lambda: self.panel_on_screen("lens")
        self.controller.loading_changed.connect(self._on_loading_changed)
        self._scale_dock_titles()

    # -- building -----------------------------------------------------------
    def _build_panel(self, panel_id: str):
        """Build one panel and put it in its dock (``panels[panel_id]`` calls this the first time)."""
        panel = panel_class(panel_id)(self.state)
        self.install_panel(panel)
        self.docks[panel_id].setWindowTitle(panel.short_title())
        if self.explorer is not None:
            self.explorer.panel_built(panel)
        collector.settle_soon()  # the panel lives as long as the window: out of the collector's sight
        return panel

    def panel_title(self, panel_id: str) -> str:
        """A panel's full title, from the panel once built (it may depend on the model), else from the table."""
        if self.panels.is_built(panel_id):
            return self.panels[panel_id].title()
        return panel_titles(panel_id)[0]

    def panel_on_screen(self, panel_id: str) -> bool:
        """True for a built panel someone can see now (a panel not built yet never was)."""
        return self.panels.is_built(panel_id) and not off_screen(self.panels[panel_id])

    def _create_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_model = QLabel(self.tr("no model"))
        self.status_params, self.status_device = QLabel(), QLabel()
        # new on every key: labels that repaint without re-laying out the status bar
        self.status_tokens, self.status_ms = SteadyLabel(wrap=False, chars=14), SteadyLabel(wrap=False, chars=30)
        for w in (self.status_model, self.status_params, self.status_device, self.status_tokens):
            bar.addWidget(w)
        bar.addPermanentWidget(self.status_ms)

    def fill_found_models(self) -> None:
        fill_found_models(self)

    def show_help(self) -> None:
        show_help(self)

    def show_about(self) -> None:
        show_about(self)

    # -- starting and text --------------------------------------------------
    def start(self, text: str | None = None, model_path=None) -> None:
        """Put ``text`` (or the first example in the UI language) in the box and load the model."""
        if text is None:
            text = (self.examples.get(self.lang) or self.examples.get("en") or [""])[0]
            self._untouched_example = text
        self.set_text(text)
        if model_path is not None:
            self.open_model(str(model_path))
        elif self.state.model is None:
            self.no_model.show()
            self._show_notice(self.tr("No model found. Use File → Open model to choose one."))
        self.text_box.setFocus()

    _untouched_example: str | None = None
    replaced = False  # set when a window in another language takes this one's place (language.switch_window)

    def set_text(self, text: str) -> None:
        self.text_box.set_text(text[:MAX_TEXT])
        self.state.set_text(text[:MAX_TEXT])

    def _on_text_edited(self, text: str) -> None:
        self.state.set_text(text)  # the box has kept the last MAX_TEXT characters itself

    def _on_trace_changed(self, trace) -> None:
        self._tint_text()
        n = trace.n_tokens if trace is not None else 0
        self.status_tokens.setText(self.tr("1 token") if n == 1 else self.tr("{n} tokens").format(n=numfmt.count(n)))
        if trace is not None:
            self.status_ms.setText(numfmt.fill(self.tr("last inference {ms:.1f} ms"), ms=trace.elapsed_ms))
            self._show_notice(language.notice_text(trace.notice) if n else "")

    def _tint_text(self) -> None:
        trace = self.state.trace
        if trace is None:
            self.text_box.clear_tint()
            return
        self.text_box.set_token_spans(trace.text, trace.spans, palette.chip_colors(), self.state.token)

    def _show_notice(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    # -- models -------------------------------------------------------------
    def open_model(self, path: str) -> None:
        self.controller.open_model(path)

    def open_model_dialog(self, folder: bool = False) -> None:
        if folder:
            path = QFileDialog.getExistingDirectory(self, self.tr("Open model folder"))
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Open model"), "",
                self.tr("Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)"))
        if path:
            self.open_model(path)

    def _on_loading_changed(self, loading: bool, path: str) -> None:
        if loading:
            self.status_model.setText(self.tr("loading {p}…").format(p=path))
        elif self.state.model is not None:
            self._on_model_changed(self.state.model)

    def _on_model_changed(self, loaded) -> None:
        self.no_model.hide()
        for pid, panel in self.panels.built().items():  # a masked model turns "Next token" into "Masked word"
            self.docks[pid].setWindowTitle(panel.short_title())
        cfg = loaded.cfg
        step = loaded.metadata.get("step") if isinstance(loaded.metadata, dict) else None
        if step is not None and Path(loaded.path).parent.name == "timeline":  # a snapshot, not the finished model
            self.status_model.setText(self.tr("Model: {n} · timeline snapshot at step {s}").format(
                n=loaded.name, s=numfmt.count(int(step))))
        else:
            self.status_model.setText(self.tr("Model: {n}").format(n=loaded.name))
        self.status_params.setText(self.tr("{p} parameters").format(p=human_count(loaded.n_params)))
        device = device_label(loaded.model.device)
        if loaded.model.precision == loaded.model.wte.weight.dtype:
            self.status_device.setText(self.tr("Device: {d}").format(d=device))
        else:  # the linear layers multiply in a rounded copy (core.precision)
            self.status_device.setText(self.tr("Device: {d} · {p} products").format(
                d=device, p=str(loaded.model.precision).removeprefix("torch.")))
        kind = self.tr("causal") if cfg.causal else self.tr("masked (bidirectional)")
        self.setWindowTitle(f"LLM Explainer — {loaded.name} ({kind})")
        masked = self.examples.get("masked", {})
        if not cfg.causal and self._untouched_example == self.state.text and masked.get(self.lang):
            self.set_text(masked[self.lang])  # a masked model needs a [MASK] to show anything
        self._show_notice("")

    def _on_model_failed(self, path: str, problem: str) -> None:
        if self.state.model is None:
            self.no_model.show()
            self.status_model.setText(self.tr("no model"))
        if not self.show_dialogs:
            return  # --screenshot: the command line says what went wrong and exits
        QMessageBox.warning(self, self.tr("Could not open model"),
                            self.tr("The model could not be opened.\n\nFile: {p}\nProblem: {q}").format(
                                p=path, q=translate_problem(problem))
                            + ("\n\n" + self.tr("The previous model stays open.") if self.state.model else ""))

    # -- generation (wired to the next-token panel) --------------------------
    def _next_panel(self):
        return self.panels.get("next_token")

    def _step(self) -> None:
        panel = self._next_panel()
        if panel is not None and panel.step_button.isEnabled():
            panel.start_generation(1, go_on=True)

    def _generate(self) -> None:
        panel = self._next_panel()
        if panel is not None and panel.generate_button.isEnabled():
            panel.start_generation(panel.n_spin.value())

    def _stop(self) -> None:
        panel = self._next_panel()
        if panel is not None:
            panel.stop_generation()

    # -- view ---------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        palette.apply_theme(name, scale=palette.font_scale())
        self.settings.setValue(keys.THEME, name)
        self._refresh_all()

    def zoom(self, factor: float) -> None:
        """Zoom the whole interface by ``factor`` (0: back to normal size)."""
        self.set_zoom(1.0 if factor == 0 else palette.font_scale() * factor)

    def set_zoom(self, scale: float) -> None:
        """Text and plots at ``scale`` times the theme's sizes (remembered, except in presentation mode)."""
        palette.apply_theme(palette.current().name, scale=scale)
        if not self.presenter.presenting:
            self.settings.setValue(keys.FONT_SCALE, palette.font_scale())
        self._refresh_all()

    def set_language(self, lang: str) -> "MainWindow":
        """Rebuild this window in ``lang`` (``nl`` or ``en``); returns the window now on screen."""
        if lang == self.lang or lang not in language.LANGUAGES:
            return self
        training = self.panels.built().get("training")
        if training is not None and training.run is not None and training.run.is_running():
            # the window is rebuilt in the other language, and the run would stop with the old one, unsaid
            message = self.tr("A training run is going on: the language can change once it has finished, or "
                              "after Stop.")
            if self.lang in getattr(self, "language_actions", {}):  # the menu shows the language still in use
                self.language_actions[self.lang].setChecked(True)
            if self.show_dialogs:
                QMessageBox.information(self, self.tr("Language"), message)
            self.state.set_message(message)
            return self
        return language.switch_window(self, lang)

    def _fit_tokens_dock(self) -> None:
        """After a zoom the token strip needs more height than its dock had: give it that, never a scroll bar."""
        dock = self.docks.get("tokens")
        if dock is None or dock.isFloating() or not dock.isVisible():
            return
        need = dock.minimumSizeHint().height()
        if dock.height() < need:
            self.resizeDocks([dock], [need], Qt.Vertical)

    def _refresh_all(self) -> None:
        palette.restyle_plots(self)
        self._scale_dock_titles()
        QTimer.singleShot(100, self, self._fit_tokens_dock)  # once the new fonts have been laid out
        # a session or the presenter may switch the theme without the menu
        for act, name in zip(self.menus.themes.actions(), palette.THEMES):
            act.setChecked(name == palette.current().name)
        self.text_box.apply_font()
        self._tint_text()
        for panel in self.panels.built().values():  # new colours and sizes: every panel draws again
            panel.refresh()
            panel.update()

    def reset_layout(self) -> None:
        """View → Reset layout: the docks as a fresh start arranges them, on a small screen too."""
        if self._default_state is not None:
            self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks.values():
            if dock.isFloating():
                dock.setFloating(False)
        self._style_tab_bars()
        # the default layout was saved with every dock open: close the specialised ones again where a
        # column's tabs would not all show (as at start-up), instead of scroll arrows hiding tabs
        QTimer.singleShot(0, self, self.fit_tabs)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._default_state is None:
            self._arrange_docks()
            self._default_state = self.saveState(LAYOUT_VERSION)
            layout = keys.read_layout(self.settings, keys.WINDOW_STATE)  # None when damaged: the arranged docks
            if layout is not None:
                self.restoreState(layout, LAYOUT_VERSION)
            QTimer.singleShot(0, self, self.build_seen_panels)  # once the arranged docks have their places
        self._style_tab_bars()

    def save_screenshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save screenshot"), "explainer.png", "PNG (*.png)")
        if path:
            self.state.redraws.flush()  # panels still waiting for their turn draw the newest Trace first
            self.grab().save(path)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.replaced and not self.lesson_files.confirm_discard(self.tr("Quit"), self.tr(
                "The lesson you are building has steps that were not saved. Quit anyway? They are lost.")):
            event.ignore()  # (rebuilt in another language, the new window takes the draft over)
            return
        # the next start opens the teacher's own window: not presentation's full screen and the docks it closed,
        # a focus on one panel, or a lesson's staging (it opened with one panel, or full screen without the zoom)
        if not self.replaced:  # (a window rebuilt in another language has taken the modes over)
            self.presenter.unfocus()
            if self.presenter.presenting:
                self.presenter.exit_presentation()
            layout = self.lesson.controller.teacher_layout() if self.lesson is not None else None
            if layout is not None:
                self.restoreState(layout)
                self.presenter.unstage()
            self.presenter.layout_restored()  # and the docks presentation closed, if the layout had them closed
        self.settings.setValue(keys.GEOMETRY, self.saveGeometry())
        self.settings.setValue(keys.WINDOW_STATE, keys.seal_layout(self.saveState(LAYOUT_VERSION)))
        # queued work is dropped and running jobs are told to stop, without waiting here: a model
        # that takes minutes to load must not hold the window open (run_app does not wait for it either).
        # The runner outlives the window, so that a job still running answers to a live object.
        jobs = self.state.jobs
        jobs.shutdown(wait=False)
        if jobs.parent() is not None:
            jobs.setParent(None)
            _retired_jobs[:] = [j for j in _retired_jobs if j.pending()] + [jobs]
        super().closeEvent(event)
