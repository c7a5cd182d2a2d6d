"""The panels the main window shows, in menu order.

Every panel is a ``Panel`` (``panels/base.py``): it takes ``(state: AppState,
parent=None)``, has a stable ``panel_id`` (QSettings and sessions use it) and
a translated ``title()``, reads only AppState and writes only through its
setters. ``PANELS`` lists (panel id, class name); ``panel_classes()`` imports
them. A panel that cannot be imported or built is an error, never skipped.
"""

from __future__ import annotations

PANELS = [
    ("tokens", "TokensPanel"),
    ("attention", "AttentionPanel"),
    ("next_token", "NextTokenPanel"),
    ("architecture", "ArchitecturePanel"),
    ("embedding", "EmbeddingPanel"),
    ("positions", "PositionsPanel"),
    ("lens", "LensPanel"),
    ("timeline", "TimelinePanel"),
    ("compare", "ComparePanel"),
    ("interventions", "InterventionsPanel"),
    ("training", "TrainingPanel"),
    ("cost", "CostPanel"),
    ("bias", "BiasPanel"),
]


def panel_classes(ids=None) -> dict[str, type]:
    """Panel id → class, in menu order; only ``ids`` when given (a benchmark may leave panels out)."""
    from explainer.gui.panels.architecture import ArchitecturePanel
    from explainer.gui.panels.attention import AttentionPanel
    from explainer.gui.panels.bias import BiasPanel
    from explainer.gui.panels.compare import ComparePanel
    from explainer.gui.panels.cost import CostPanel
    from explainer.gui.panels.embedding import EmbeddingPanel
    from explainer.gui.panels.interventions import InterventionsPanel
    from explainer.gui.panels.lens import LensPanel
    from explainer.gui.panels.next_token import NextTokenPanel
    from explainer.gui.panels.positions import PositionsPanel
    from explainer.gui.panels.timeline import TimelinePanel
    from explainer.gui.panels.tokens import TokensPanel
    from explainer.gui.panels.training import TrainingPanel

    every = {cls.panel_id: cls for cls in (
        TokensPanel, AttentionPanel, NextTokenPanel, ArchitecturePanel, EmbeddingPanel, PositionsPanel,
        LensPanel, TimelinePanel, ComparePanel, InterventionsPanel, TrainingPanel, CostPanel, BiasPanel)}
    assert list(every) == [pid for pid, _ in PANELS], "PANELS and panel_classes() disagree"
    return {pid: cls for pid, cls in every.items() if ids is None or pid in ids}
