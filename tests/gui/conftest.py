"""Every GUI test starts alike: a private cache, and the light theme and English restored afterwards."""

import pytest

from explainer.gui import language, palette


@pytest.fixture(autouse=True)
def clean_globals(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_EXPLAINER_CACHE", str(tmp_path / "cache"))
    yield
    palette.apply_theme("light", scale=1.0)
    language.apply_language("en")
