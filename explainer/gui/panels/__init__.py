"""The panels the main window shows, in menu order.

Every panel is a ``Panel`` (``panels/base.py``): it takes ``(state: AppState,
parent=None)``, has a stable ``panel_id`` (QSettings and sessions use it) and
a translated ``title()``, reads only AppState and writes only through its
setters. ``PANELS`` lists (panel id, class name); ``panel_classes()`` imports
them all, ``panel_class(id)`` one (the window builds a panel the first time it
is seen, see ``gui/lazy_panels.py``). A panel that cannot be imported or
built is an error, never skipped.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QCoreApplication

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
    ("contributions", "ContributionsPanel"),
    ("attribution", "AttributionPanel"),
    ("patching", "PatchingPanel"),
    ("heads", "HeadsPanel"),
    ("training", "TrainingPanel"),
    ("cost", "CostPanel"),
    ("bias", "BiasPanel"),
    ("quiz", "QuizPanel"),
    ("tokenizers", "TokenizerLabPanel"),
]


# What the View menu and a dock's tab call a panel that is not built yet: (class, title, short title),
# the same source texts the panel's own title() and short_title() translate (a test keeps them equal).
TITLES = {
    "tokens": ("TokensPanel", "Tokens", "Tokens"),
    "attention": ("AttentionPanel", "Attention", "Attention"),
    "next_token": ("NextTokenPanel", "Next token", "Next token"),
    "architecture": ("ArchitecturePanel", "Architecture", "Architecture"),
    "embedding": ("EmbeddingPanel", "Embedding space", "Embeddings"),
    "positions": ("PositionsPanel", "Positions", "Positions"),
    "lens": ("LensPanel", "Layers (logit lens)", "Layers"),
    "timeline": ("TimelinePanel", "Training timeline", "Timeline"),
    "compare": ("ComparePanel", "Compare two models", "Compare"),
    "interventions": ("InterventionsPanel", "Switch parts off", "Switch off"),
    "contributions": ("ContributionsPanel", "Contributions (why this word?)", "Why"),
    "attribution": ("AttributionPanel", "Input attribution", "Attribution"),
    "patching": ("PatchingPanel", "Activation patching", "Patching"),
    "heads": ("HeadsPanel", "Head detectors", "Heads"),
    "training": ("TrainingPanel", "Train a model", "Train"),
    "cost": ("CostPanel", "Cost", "Cost"),
    "bias": ("BiasPanel", "Bias probe", "Bias"),
    "quiz": ("QuizPanel", "What does the model think?", "Quiz"),
    "tokenizers": ("TokenizerLabPanel", "Tokenizer lab", "Tokenizers"),
}


def titles(panel_id: str) -> tuple[str, str]:
    """(title, short title) of a panel, translated, without building it."""
    context, title, short = TITLES[panel_id]
    return QCoreApplication.translate(context, title), QCoreApplication.translate(context, short)


def panel_class(panel_id: str) -> type:
    """The class of one panel, importing only its module (``explainer.gui.panels.<id>``)."""
    name = dict(PANELS)[panel_id]
    return getattr(importlib.import_module(f"explainer.gui.panels.{panel_id}"), name)


def panel_classes(ids=None) -> dict[str, type]:
    """Panel id → class, in menu order; only ``ids`` when given (a benchmark may leave panels out)."""
    from explainer.gui.panels.architecture import ArchitecturePanel
    from explainer.gui.panels.attention import AttentionPanel
    from explainer.gui.panels.attribution import AttributionPanel
    from explainer.gui.panels.bias import BiasPanel
    from explainer.gui.panels.compare import ComparePanel
    from explainer.gui.panels.contributions import ContributionsPanel
    from explainer.gui.panels.cost import CostPanel
    from explainer.gui.panels.embedding import EmbeddingPanel
    from explainer.gui.panels.heads import HeadsPanel
    from explainer.gui.panels.interventions import InterventionsPanel
    from explainer.gui.panels.lens import LensPanel
    from explainer.gui.panels.next_token import NextTokenPanel
    from explainer.gui.panels.patching import PatchingPanel
    from explainer.gui.panels.positions import PositionsPanel
    from explainer.gui.panels.quiz import QuizPanel
    from explainer.gui.panels.timeline import TimelinePanel
    from explainer.gui.panels.tokenizers import TokenizerLabPanel
    from explainer.gui.panels.tokens import TokensPanel
    from explainer.gui.panels.training import TrainingPanel

    every = {cls.panel_id: cls for cls in (
        TokensPanel, AttentionPanel, NextTokenPanel, ArchitecturePanel, EmbeddingPanel, PositionsPanel,
        LensPanel, TimelinePanel, ComparePanel, InterventionsPanel, ContributionsPanel, AttributionPanel,
        PatchingPanel, HeadsPanel, TrainingPanel, CostPanel, BiasPanel,
        QuizPanel, TokenizerLabPanel)}
    assert list(every) == [pid for pid, _ in PANELS], "PANELS and panel_classes() disagree"
    return {pid: cls for pid, cls in every.items() if ids is None or pid in ids}
