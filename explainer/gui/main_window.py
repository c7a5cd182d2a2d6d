"""The main window: the text box on top, one dock per panel, menus, status bar.

Wiring only: the text box writes AppState.text, the controller runs the
model, the panels draw from AppState. The dock layout, theme and text size
are remembered in QSettings. Exploring (``explore``), sessions, export and
the lesson (``session_io``) and presentation mode (``presentation``) install
themselves into the window; ``set_language`` rebuilds it in another language.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMessageBox,
                               QPushButton, QScrollArea, QSizePolicy, QTabBar, QTextEdit, QVBoxLayout,
                               QWidget)

from explainer.gui import explore, language, numfmt, palette, presentation, session_io
from explainer.gui.app import load_examples
from explainer.gui.menus import build_menus, fill_found_models, human_count, show_about, show_help
from explainer.gui.panels import PANELS
from explainer.gui.state import AppState
from explainer.gui.widgets.token_text import TokenTextEdit, utf16_offsets
from explainer.gui.worker import InferenceController

LAYOUT_VERSION = 4
MAX_TEXT = 200_000  # characters kept in the box; the model sees only what fits its context


_SHRINK = QSizePolicy.PolicyFlag.ShrinkFlag.value


class _PanelFrame(QWidget):
    """Holds one panel inside a PanelScroller and reports the panel's true minimum size.

    A QScrollArea sizes a widget whose layout has height-for-width (any word-wrapped
    label) to its *preferred* height for the width, so a panel that could shrink
    still scrolls. This frame has no layout of its own: it offers the panel's minimum
    size and gives the panel all the room it gets.
    """

    def __init__(self, panel: QWidget) -> None:
        super().__init__()
        self.panel = panel
        panel.setParent(self)
        panel.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        p = self.panel
        hint = p.minimumSizeHint().expandedTo(p.minimumSize())
        policy = p.sizePolicy()
        preferred = p.sizeHint()
        # like Qt's own layouts: a direction that may not shrink keeps its preferred size
        if not policy.horizontalPolicy().value & _SHRINK:
            hint.setWidth(max(hint.width(), preferred.width()))
        if not policy.verticalPolicy().value & _SHRINK:
            hint.setHeight(max(hint.height(), preferred.height()))
        else:
            hint.setHeight(hint.height() + self._wrap_extra())
        return hint

    def _wrap_extra(self) -> int:
        """The height word-wrapped labels need beyond the one line their minimum size counts.

        Measured at each label's present width; labels inside the panel's own scroll areas
        do not count (those scroll by themselves). Squeezing a panel below this makes its
        layout overlap the text with the plots under it.
        """
        extra = 0
        for label in self.panel.findChildren(QLabel):
            if not label.wordWrap() or not label.isVisibleTo(self.panel):
                continue
            parent = label.parentWidget()
            while parent is not None and parent is not self.panel and not isinstance(parent, QAbstractScrollArea):
                parent = parent.parentWidget()
            if parent is not self.panel:
                continue
            width = label.width() if label.width() > 1 else self.width()
            extra += max(0, label.heightForWidth(width) - label.minimumSizeHint().height())
        return extra

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.panel.sizeHint().expandedTo(self.minimumSizeHint())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.panel.setGeometry(self.rect())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.panel and event.type() == QEvent.LayoutRequest:
            self.updateGeometry()  # the panel's minimum changed (a row added, a box shown)
            scroller = self.parentWidget().parentWidget() if self.parentWidget() else None
            if isinstance(scroller, PanelScroller):
                scroller.updateGeometry()  # its dock may have to grow (whole_height)
                QCoreApplication.postEvent(scroller, QEvent(QEvent.LayoutRequest))
        return False


class PanelScroller(QScrollArea):
    """A dock's content: the panel fills the dock, and scrolls only once the dock is smaller than its minimum.

    With ``whole_height`` the dock never gets shorter than the panel's minimum (for a
    strip such as the tokens, where a scroll bar would cover half of what it shows).
    """

    def __init__(self, panel: QWidget, whole_height: bool = False) -> None:
        super().__init__()
        self.whole_height = whole_height
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        self.setWidget(_PanelFrame(panel))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        if self.whole_height:
            hint.setHeight(max(hint.height(), self.widget().minimumSizeHint().height()))
        return hint


class MainWindow(QMainWindow):
    """Text box, panels in docks, menus and a status bar around one AppState.

    ``start(text, model_path)`` fills the box and loads the model in the
    background. ``panels`` maps panel ids to the panel widgets that exist.
    """

    def __init__(self, lang: str = "en", settings: QSettings | None = None,
                 state: AppState | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.settings = settings or QSettings()
        self.state = state or AppState(self)
        self.controller = InferenceController(self.state, self)
        self.examples = load_examples()
        self.setWindowTitle("LLM Explainer")
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks | QMainWindow.AllowNestedDocks)
        self.setDocumentMode(True)  # flat dock tabs, as in a browser, instead of raised 3-D ones

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

        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._create_docks()
        self._create_status_bar()
        self._create_menus()
        self._default_state = None
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 950)

        st = self.state
        st.text_changed.connect(self.text_box.set_text)
        st.trace_changed.connect(self._on_trace_changed)
        st.token_changed.connect(lambda _i: self._tint_text())
        st.model_changed.connect(self._on_model_changed)
        st.message_changed.connect(self._show_notice)
        self.controller.model_failed.connect(self._on_model_failed)
        self.controller.loading_changed.connect(self._on_loading_changed)
        explore.install(self)  # File → Open recent, Model → Choose model…, drag and drop, exploring panels
        session_io.install(self)  # sessions, export, and the guided lesson (``self.lesson``)
        presentation.install(self)  # presentation mode (F5, F11) and focus mode (F6)
        self._scale_dock_titles()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    # -- building -----------------------------------------------------------
    def _create_docks(self) -> None:
        for module_name, class_name in PANELS:
            full = f"explainer.gui.panels.{module_name}"
            if importlib.util.find_spec(full) is None:
                continue
            try:
                cls = getattr(importlib.import_module(full), class_name)
                panel = cls(self.state)
            except Exception as exc:  # one broken panel must not take the window down
                print(f"panel {module_name!r} could not be created: {exc!r}", file=sys.stderr)
                continue
            dock = QDockWidget(panel.short_title(), self)
            dock.setObjectName(f"dock_{panel.panel_id}")
            # a panel wider or taller than its dock scrolls, instead of pushing the window off the screen
            dock.setWidget(PanelScroller(panel, whole_height=panel.panel_id == "tokens"))
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                             | QDockWidget.DockWidgetClosable)
            self.panels[panel.panel_id] = panel
            self.docks[panel.panel_id] = dock
            dock.visibilityChanged.connect(lambda shown, pid=panel.panel_id: self._note_panel_used(pid, shown))

    last_panel: str | None = None  # the panel a person brought up or clicked in last (F6 and export use it)

    def _note_panel_used(self, panel_id: str, shown: bool = True) -> None:
        if shown:
            self.last_panel = panel_id

    def _on_focus_changed(self, _old, new) -> None:
        for pid, dock in self.docks.items():
            if new is not None and dock.isAncestorOf(new):
                self.last_panel = pid
                return

    def _arrange_docks(self) -> None:
        """Tokens on top; attention and next token side by side; the other panels as tabs.

        Runs once the window is shown: tabifying before that leaves stray tab bars behind (Qt 6).
        """
        d = self.docks
        first = d.get("tokens")
        if first is not None:
            self.addDockWidget(Qt.BottomDockWidgetArea, first)
        left, right = d.get("attention"), d.get("next_token")
        # split from existing docks only: adding all first and splitting later leaves stray tab bars
        for host, dock, how in ((first, left, Qt.Vertical), (left or first, right, Qt.Horizontal)):
            if dock is None:
                continue
            if host is not None:
                self.splitDockWidget(host, dock, how)
            else:
                self.addDockWidget(Qt.BottomDockWidgetArea, dock)
        # panels about the model's insides sit with attention; panels about its output with next token
        anchor = {"architecture": left, "embedding": left, "positions": left, "lens": left, "cost": left,
                  "bias": left, "timeline": right, "compare": right, "interventions": right, "training": right}
        for pid, dock in d.items():
            if pid in ("tokens", "attention", "next_token"):
                continue
            host = anchor.get(pid) or left or right
            if host is not None:
                self.tabifyDockWidget(host, dock)
            else:
                self.addDockWidget(Qt.BottomDockWidgetArea, dock)
        for dock in (left, right):
            if dock is not None:
                dock.raise_()
        if first is not None and left is not None:
            # everything below the text box goes to the panels; the central text box keeps its minimum
            self.resizeDocks([first, left], [int(self.height() * 0.19), self.height()], Qt.Vertical)
        if left is not None and right is not None:
            self.resizeDocks([left, right], [55, 45], Qt.Horizontal)

    def _style_tab_bars(self) -> None:
        """Dock tabs show their whole title: no eliding ("Aand…", "K…"), scroll arrows when they do not fit.

        Qt makes these tab bars itself (eliding on the right) whenever docks are tabbed,
        so this runs again after every layout change.
        """
        self._tabs_pending = False
        for bar in self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly):
            if bar.elideMode() != Qt.ElideNone:
                bar.setElideMode(Qt.ElideNone)
                bar.setUsesScrollButtons(True)
                bar.setExpanding(False)

    def restoreState(self, state, version: int = 0) -> bool:  # noqa: N802
        """QMainWindow.restoreState, without the old dock tab bars it leaves on screen.

        Restoring a layout makes new tab bars for tabbed docks but leaves the old
        ones visible where they were: a second, dead row of tabs over the status
        bar (seen after View → Reset layout, focus mode and presentation mode).
        """
        before = set(self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly))
        ok = super().restoreState(state, version)
        QTimer.singleShot(0, self, lambda: self._hide_stale_tab_bars(before))
        return ok

    def _hide_stale_tab_bars(self, before: set) -> None:
        bars = self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly)
        fresh = [b for b in bars if b not in before and b.isVisible()]
        titles = {tuple(b.tabText(i) for i in range(b.count())) for b in fresh}
        for bar in bars:
            if bar in before and bar.isVisible() and fresh and (
                    tuple(bar.tabText(i) for i in range(bar.count())) in titles or bar.count() == 0):
                bar.hide()
        self._style_tab_bars()

    def _scale_dock_titles(self) -> None:
        """Let dock titles grow with the zoom, as everything else does (presentation mode).

        A dock whose font equals the application's draws its title in a font Qt took
        once, when the dock was made, so zooming left "Les" and "Aandacht" small. A
        font that differs only in its style strategy (which changes nothing on screen;
        all else inherited) makes the dock draw its title in its own, zoomed, font.
        """
        marker = QFont()
        marker.setStyleStrategy(QFont.PreferQuality)
        for dock in self.findChildren(QDockWidget):
            if not dock.font().styleStrategy() & QFont.PreferQuality:
                dock.setFont(marker)

    _tabs_pending = False

    def childEvent(self, event) -> None:  # noqa: N802
        super().childEvent(event)
        if event.type() == QEvent.ChildAdded and not self._tabs_pending:
            self._tabs_pending = True  # a new dock tab bar is not fully built yet: style it once control returns
            QTimer.singleShot(0, self, self._style_tab_bars)

    def _create_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_model = QLabel(self.tr("no model"))
        self.status_params, self.status_device = QLabel(), QLabel()
        self.status_tokens, self.status_ms = QLabel(), QLabel()
        for w in (self.status_model, self.status_params, self.status_device, self.status_tokens):
            bar.addWidget(w)
        bar.addPermanentWidget(self.status_ms)

    def _create_menus(self) -> None:
        build_menus(self)

    def _fill_found_models(self) -> None:
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

    def set_text(self, text: str) -> None:
        self.text_box.set_text(text[:MAX_TEXT])
        self.state.set_text(text[:MAX_TEXT])

    def _on_text_edited(self, text: str) -> None:
        if len(text) > MAX_TEXT:
            text = text[-MAX_TEXT:]
            self.text_box.set_text(text)
        self.state.set_text(text)

    _tinted_logits = None

    def _on_trace_changed(self, trace) -> None:
        if trace is not None and trace.logits is self._tinted_logits:
            return  # the same forward pass again (only the logit lens was added)
        self._tinted_logits = trace.logits if trace is not None else None
        self._tint_text()
        n = trace.n_tokens if trace is not None else 0
        self.status_tokens.setText(self.tr("1 token") if n == 1 else self.tr("{n} tokens").format(n=numfmt.count(n)))
        if trace is not None:
            self.status_ms.setText(numfmt.fill(self.tr("last inference {ms:.1f} ms"), ms=trace.elapsed_ms))
            self._show_notice(language.notice_text(trace.notice) if n else "")

    def _tint_text(self) -> None:
        trace = self.state.trace
        if trace is None:
            self.text_box.setExtraSelections([])
            return
        self.text_box.set_token_spans(trace.text, trace.spans, palette.chip_colors(), self.state.token)
        token = self.state.token
        if 0 <= token < trace.n_tokens and trace.text == self.text_box.toPlainText():
            # the selected token in bold on a strong highlight, readable from the back of a classroom
            a, b = (int(x) for x in trace.spans[token])
            offsets = utf16_offsets(trace.text)
            mark = QTextEdit.ExtraSelection()
            mark.cursor = QTextCursor(self.text_box.document())
            mark.cursor.setPosition(int(offsets[a]))
            mark.cursor.setPosition(int(offsets[b]), QTextCursor.KeepAnchor)
            mark.format.setBackground(palette.color("selection_bg"))
            mark.format.setForeground(palette.color("selection_text"))
            mark.format.setFontWeight(QFont.Bold)
            mark.format.setFontUnderline(True)
            mark.format.setUnderlineColor(palette.color("selection"))
            self.text_box.setExtraSelections(self.text_box.extraSelections() + [mark])

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
        for pid, dock in self.docks.items():  # a masked model turns "Next token" into "Masked word"
            dock.setWindowTitle(self.panels[pid].short_title())
        cfg = loaded.cfg
        step = loaded.metadata.get("step") if isinstance(loaded.metadata, dict) else None
        if step is not None and Path(loaded.path).parent.name == "timeline":  # a snapshot, not the finished model
            self.status_model.setText(self.tr("Model: {n} · timeline snapshot at step {s}").format(
                n=loaded.name, s=numfmt.count(int(step))))
        else:
            self.status_model.setText(self.tr("Model: {n}").format(n=loaded.name))
        self.status_params.setText(self.tr("{p} parameters").format(p=human_count(loaded.n_params)))
        self.status_device.setText(self.tr("device: {d}").format(d=str(loaded.model.device).upper()))
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
        QMessageBox.warning(self, self.tr("Could not open model"),
                            self.tr("The model could not be opened.\n\nFile: {p}\nProblem: {q}").format(p=path, q=problem)
                            + ("\n\n" + self.tr("The previous model stays open.") if self.state.model else ""))

    # -- generation (wired to the next-token panel) --------------------------
    def _next_panel(self):
        return self.panels.get("next_token")

    def _step(self) -> None:
        panel = self._next_panel()
        if panel is not None and panel.step_button.isEnabled():
            panel.start_generation(1)

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
        self.settings.setValue("theme", name)
        self._refresh_all()

    def zoom(self, factor: float) -> None:
        """Zoom the whole interface by ``factor`` (0: back to normal size)."""
        self.set_zoom(1.0 if factor == 0 else palette.font_scale() * factor)

    def set_zoom(self, scale: float) -> None:
        """Text and plots at ``scale`` times the theme's sizes (remembered, except in presentation mode)."""
        palette.apply_theme(palette.current().name, scale=scale)
        presenter = getattr(self, "presenter", None)
        if presenter is None or not presenter.presenting:
            self.settings.setValue("font_scale", palette.font_scale())
        self._refresh_all()

    def set_language(self, lang: str) -> "MainWindow":
        """Rebuild this window in ``lang`` (``nl`` or ``en``); returns the window now on screen."""
        if lang == self.lang or lang not in language.LANGUAGES:
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
        group = getattr(self, "theme_actions", None)
        if group is not None:  # a session or the presenter may switch the theme without the menu
            for act, name in zip(group.actions(), palette.THEMES):
                act.setChecked(name == palette.current().name)
        self.text_box.apply_font()
        self._tinted_logits = None
        for panel in self.panels.values():
            if hasattr(panel, "_drawn_logits"):
                panel._drawn_logits = None
            panel.update()
        if self.state.trace is not None:
            self.state.trace_changed.emit(self.state.trace)

    def reset_layout(self) -> None:
        if self._default_state is not None:
            self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks.values():
            if dock.isFloating():
                dock.setFloating(False)
        self._style_tab_bars()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._default_state is None:
            self._arrange_docks()
            self._default_state = self.saveState(LAYOUT_VERSION)
            layout = self.settings.value("window_state")
            if layout is not None:
                self.restoreState(layout, LAYOUT_VERSION)
        self._style_tab_bars()

    def save_screenshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save screenshot"), "explainer.png", "PNG (*.png)")
        if path:
            self.grab().save(path)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState(LAYOUT_VERSION))
        self.controller.shutdown()
        super().closeEvent(event)
