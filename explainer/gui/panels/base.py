"""Panel: the protocol every panel follows, written once.

A panel is a QWidget that draws from ``AppState`` and nothing else. The base
class connects it to the state's signals and keeps it from drawing while
nobody can see it:

- ``trace_changed`` (once per forward pass) calls ``refresh_soon()``: the
  redraw runs in the next slice of the window's ``RedrawQueue``
  (``explainer.gui.redraws``), or at once where the state has none (a panel
  on its own). ``model_changed`` calls ``invalidate()`` at once, where a panel
  forgets what it computed for the old model, and then ``refresh_soon()``
  too: with every panel floating, redrawing them all in one go held the
  event loop up for 90-130 ms on a model switch.
- ``refresh()`` calls ``redraw()`` now, or, while the panel is off screen
  (a dock tabbed away or closed), once it comes into view.
- ``lens_changed`` (the logit lens of the shown Trace arrived) calls
  ``on_lens()``, which does nothing unless the panel shows the lens.

Subclasses set ``panel_id`` (stable: QSettings and sessions use it), build
their widgets, connect whatever else they follow (token, layer, head,
sampling) to ``refresh`` or a method of their own, and end their
``__init__`` with ``self.refresh()``. Work that runs a model goes through
``self.state.jobs`` (see ``explainer.gui.jobs``), never a thread of its own.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QLabel, QWidget

from explainer.core.checkpoints.base import LoadedModel
from explainer.core.trace import Trace
from explainer.gui.panels._visibility import ScreenWatch
from explainer.gui.state import AppState


class Panel(QWidget):
    """The base of every panel: state signals in, deferred drawing while hidden (see the module text)."""

    panel_id: ClassVar[str] = ""
    #: the line at the top that says what the panel shows; a lesson step with too little height for the whole
    #: panel leaves it out (the lesson's own text explains the panel there), see ``fold_intro``
    foldable_intro: QLabel | None = None

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not self.panel_id:
            raise TypeError(f"{type(self).__name__} must set panel_id")
        self.state = state
        self.visibility = ScreenWatch(self, self.redraw)
        state.trace_changed.connect(self._on_trace_changed)
        state.lens_changed.connect(self._on_lens_changed)
        state.model_changed.connect(self._on_model_changed)

    # -- what a panel says about itself ---------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def short_title(self) -> str:
        """The dock's tab: short enough that every tab fits beside its neighbours on a projector."""
        return self.title()

    def intro_height(self) -> int:
        """The height the explanation line takes in the panel (shown or not); 0 for a panel without one."""
        intro, layout = self.foldable_intro, self.layout()
        if intro is None or layout is None:
            return 0
        margins = layout.contentsMargins()
        return intro.heightForWidth(max(1, self.width() - margins.left() - margins.right())) + max(layout.spacing(), 0)

    def intro_folded(self) -> bool:
        return self.foldable_intro is not None and self.foldable_intro.isHidden()

    def fold_intro(self, folded: bool) -> bool:
        """Leave the explanation line out (its text becomes the panel's tooltip) or put it back. Returns whether
        that changed anything."""
        intro = self.foldable_intro
        if intro is None or folded == intro.isHidden():
            return False
        intro.setVisible(not folded)
        self.setToolTip(intro.text() if folded else "")
        return True

    # -- what a panel does ------------------------------------------------------
    def redraw(self) -> None:
        """Draw everything from ``self.state``; called only while the panel can be seen."""
        raise NotImplementedError

    def invalidate(self) -> None:
        """Forget what was computed for the previous model (caches, fits, running jobs)."""

    def on_lens(self, trace: Trace) -> None:
        """The logit lens of the shown Trace arrived; panels that show the lens redraw."""

    def export_table(self) -> tuple[list[str], list[list]] | None:
        """The panel's numbers as (header, rows) for CSV; None: the exporter computes them from the Trace."""
        return None

    def refresh(self) -> None:
        """Redraw now, or as soon as the panel comes into view."""
        if self.state.redraws is not None:
            self.state.redraws.discard(self)  # drawn now: a redraw still waiting in the queue is not needed
        if self.visibility.defer():
            return
        self.redraw()

    def refresh_soon(self) -> None:
        """Redraw in the next slice of the state's redraw queue; now when it has none."""
        if self.state.redraws is None:
            self.refresh()
        elif self.visibility.defer():
            self.state.redraws.discard(self)  # drawn when it comes into view instead
        else:
            self.state.redraws.ask(self)

    # -- the state's signals ------------------------------------------------------
    def _on_trace_changed(self, _trace: Trace | None) -> None:
        self.refresh_soon()

    def _on_lens_changed(self, trace: Trace) -> None:
        self.on_lens(trace)

    def _on_model_changed(self, _loaded: LoadedModel) -> None:
        self.invalidate()  # at once: nothing computed for the old model may be shown or delivered
        self.refresh_soon()
