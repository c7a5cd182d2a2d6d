"""The panels the main window shows, in menu order.

Each entry names a module in this package and the QWidget class in it. Every
panel class takes ``(state: AppState, parent=None)``, has a class attribute
``panel_id`` (stable, used for QSettings and sessions) and a method
``title() -> str`` (translated), reads only AppState and writes only through
its setters.
"""

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
