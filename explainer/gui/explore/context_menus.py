"""Right-click "switch off" menus on the attention grid and the architecture diagram.

Installed from outside those panels (an event filter on their drawing
widgets), so they need no change: a right-click on a head thumbnail or on a
head, attention or MLP box offers to zero- or mean-ablate that part, through
``AppState.request_ablation``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF
from PySide6.QtWidgets import QMenu, QWidget

from explainer.core.analysis.interventions import Ablation
from explainer.core.transformer import Interventions
from explainer.gui.state import AppState


def ablation_menu(parent: QWidget, state: AppState, choices: list[tuple[str, Ablation]]) -> QMenu:
    """A menu with one entry per (label, ablation); choosing one asks AppState to apply it."""
    menu = QMenu(parent)
    for label, ab in choices:
        act = menu.addAction(label)
        act.triggered.connect(lambda _=False, a=ab: state.request_ablation(a))
    if state.ablations:
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("AblationMenu", "Switch everything back on")).triggered.connect(
            lambda: state.set_ablations([], Interventions()))
    return menu


def part_choices(kind: str, layer: int, head: int = -1) -> list[tuple[str, Ablation]]:
    """Zero and mean versions of switching off one part, with their menu labels."""
    translate = QCoreApplication.translate  # literal calls, so that lupdate finds every string
    if kind == "head":
        what = translate("AblationMenu", "head {h} of layer {l}").format(h=head + 1, l=layer + 1)
    elif kind == "attn":
        what = translate("AblationMenu", "all attention of layer {l}").format(l=layer + 1)
    else:
        what = translate("AblationMenu", "the MLP of layer {l}").format(l=layer + 1)
    return [(translate("AblationMenu", "Switch off {w} (zero)").format(w=what), Ablation(kind, layer, head, "zero")),
            (translate("AblationMenu", "Switch off {w} (mean)").format(w=what), Ablation(kind, layer, head, "mean"))]


class _ContextMenuFilter(QObject):
    """Turns a right-click on ``widget`` into an ablation menu for the part under the mouse."""

    def __init__(self, widget: QWidget, state: AppState, locate) -> None:
        super().__init__(widget)
        self.widget, self.state, self.locate = widget, state, locate
        self.last_menu: QMenu | None = None
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.widget and event.type() == QEvent.ContextMenu:
            part = self.locate(QPointF(event.pos()))
            if part is not None:
                self.last_menu = ablation_menu(self.widget, self.state, part_choices(*part))
                self.last_menu.popup(event.globalPos())
                return True
        return False


def install_ablation_menus(window, panel) -> list[_ContextMenuFilter]:
    """Right-click menus on ``panel`` when it is the attention grid or the architecture view (else none)."""
    filters = []
    if panel.panel_id == "attention":
        def head_at(pos, grid=panel.grid):
            layer, head = grid.head_at(pos.x(), pos.y())
            return ("head", layer, head) if layer >= 0 else None
        filters.append(_ContextMenuFilter(panel.grid, window.state, head_at))
    elif panel.panel_id == "architecture":
        def box_at(pos, view=panel.view):
            box = view.box_at(pos)
            if box is None or box.layer < 0:
                return None
            kind = {"head": "head", "attention": "attn", "mlp": "mlp"}.get(box.part)
            return (kind, box.layer, box.head) if kind else None
        filters.append(_ContextMenuFilter(panel.view, window.state, box_at))
    return filters
