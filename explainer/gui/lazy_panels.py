"""The window's panels, each built the first time someone looks at it.

Only three panels are on screen when the app starts; the other ten sit
behind tabs. Building a panel means importing its module (pyqtgraph for the
plots), laying out its widgets and often computing something for the model
(a projection, a scan for snapshots). ``LazyPanels`` is the window's
``panels`` mapping: every id is in it from the start, and ``panels[id]``
builds that panel on first use. The window asks for a panel when its dock
comes into view; code that reads a panel (a lesson step, an export, a test)
builds it the same way. ``built()`` lists only what exists, for the loops
that must not build everything (a theme change, the export menu).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from explainer.gui.panels.base import Panel


class LazyPanels(Mapping):
    """Panel id → Panel, built by ``build(panel_id)`` on first access, in the order of ``ids``."""

    def __init__(self, ids, build: Callable[[str], Panel]) -> None:
        self._ids = list(ids)
        self._build = build
        self._built: dict[str, Panel] = {}

    def __getitem__(self, panel_id: str) -> Panel:
        panel = self._built.get(panel_id)
        if panel is None:
            if panel_id not in self._ids:
                raise KeyError(panel_id)
            panel = self._built[panel_id] = self._build(panel_id)
        return panel

    def __contains__(self, panel_id) -> bool:  # never builds (Mapping's own would)
        return panel_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def is_built(self, panel_id: str) -> bool:
        return panel_id in self._built

    def built(self) -> dict[str, Panel]:
        """The panels that exist, in menu order."""
        return {pid: self._built[pid] for pid in self._ids if pid in self._built}
