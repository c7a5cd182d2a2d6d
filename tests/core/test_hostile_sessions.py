"""Hostile and broken session files: a valid Session or one SessionError naming the file, never anything else.

A session file is opened from anywhere (a colleague's USB stick, an older
version, a hand edit). ``load_session`` checks every field before the window
uses any of it, so the GUI can apply what it gets, or nothing at all.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from explainer.core.analysis.interventions import Ablation
from explainer.core.checkpoints import limits
from explainer.core.session import Session, SessionError, load_session, save_session

THEMES = ("light", "dark", "contrast")
GOOD = {"text": "De kat zat op de mat", "model_path": "/models/tiny", "token": 2, "layer": 1, "head": 0,
        "temperature": 0.7, "top_k": 5, "top_p": 0.9,
        "ablations": [{"kind": "head", "layer": 1, "head": 0, "mode": "zero"}],
        "layout": "AAAA/w==", "settings": {"language": "nl", "theme": "dark", "zoom": 1.3, "lesson_step": 2},
        "version": 1}


def write(tmp_path: Path, data, name: str = "s.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def refused(path: Path, *words: str) -> str:
    with pytest.raises(SessionError) as info:
        load_session(path, themes=THEMES)
    message = str(info.value)
    assert str(path) in message, message
    for word in words:
        assert word in message, message
    return message


def test_a_good_session_loads_whole(tmp_path):
    session = load_session(write(tmp_path, GOOD), themes=THEMES)
    assert session == Session(**GOOD)


def test_what_the_app_saves_it_opens_again(tmp_path):
    session = Session(text="De kat 🤖\n", model_path="/m", token=-1, temperature=0.0, top_p=0.05,
                      ablations=[Ablation("attn", 0).to_dict(), Ablation("head", 2, 1, "mean").to_dict()],
                      layout="", settings={"language": "en", "theme": "contrast", "zoom": 0.6})
    path = save_session(session, tmp_path / "les.explainer.json")
    assert load_session(path, themes=THEMES) == session


@pytest.mark.parametrize("field, value, words", [
    ("version", "abc", ("version", "whole number", "'abc'")),
    ("version", 1.0, ("version",)), ("version", True, ("version",)), ("version", 99, ("newer version",)),
    ("text", 12345, ("text", "string", "12345")), ("text", None, ("text",)), ("text", ["a"], ("text",)),
    ("text", "x" * (limits.MAX_TEXT_CHARS + 1), ("text", "200,000")),
    ("text", "kat \ud800", ("text", "surrogate")),
    ("model_path", 7, ("model_path",)), ("model_path", "a\x00b", ("model_path", "NUL")),
    ("settings", [1, 2], ("settings", "object")), ("settings", "dark", ("settings",)),
    ("settings", {"theme": 123}, ("theme", "123")), ("settings", {"theme": "neon"}, ("theme", "neon")),
    ("settings", {"language": "fr"}, ("language",)), ("settings", {"zoom": "big"}, ("zoom",)),
    ("settings", {"zoom": 1e9}, ("zoom",)), ("settings", {"lesson_step": -1}, ("lesson_step",)),
    ("temperature", "hot", ("temperature", "number", "'hot'")), ("temperature", -1, ("temperature",)),
    ("temperature", 1e308 * 10, ("temperature",)), ("temperature", None, ("temperature",)),
    ("top_p", 1.5, ("top_p",)), ("top_p", float("nan"), ("top_p",)), ("top_k", -5, ("top_k",)),
    ("top_k", 2.5, ("top_k",)), ("token", -2, ("token",)), ("token", False, ("token",)),
    ("layer", -1, ("layer",)), ("layer", 10 ** 30, ("layer",)), ("head", "0", ("head",)),
    ("ablations", {"kind": "head"}, ("ablations", "list")), ("ablations", [1], ("ablation 1",)),
    ("ablations", [{"kind": "brain", "layer": 0}], ("kind", "brain")),
    ("ablations", [{"kind": "mlp", "layer": "one"}], ("layer",)),
    ("ablations", [{"kind": "head", "layer": 0, "head": 0, "mode": "random"}], ("mode",)),
    ("ablations", [{"kind": "head", "layer": 0, "head": 0, "colour": "red"}], ("colour",)),
    ("ablations", [{"kind": "attn", "layer": 0}] * 10_001, ("ablations",)),
    ("layout", 5, ("layout",)), ("layout", "not base64!", ("layout", "base64")),
])
def test_each_wrong_field_is_named(tmp_path, field, value, words):
    refused(write(tmp_path, {**GOOD, field: value}), *words)


@pytest.mark.parametrize("content, words", [
    ("", ("not a session file",)), ("{nope", ("not a session file",)), ("[1, 2, 3]", ("no text",)),
    ('{"no": "text"}', ("no text",)), ("null", ("no text",)), ('"text"', ("no text",)),
    ('{"text": "x", "top_k": 1' + "0" * 5000 + "}", ("not a session file",)),
    ('{"text": "x", "settings": ' + "[" * 100 + "]" * 100 + "}", ("nested",)),
    ("[" * 200_000 + "]" * 200_000, ("nested",)),
])
def test_files_that_are_no_session_are_refused(tmp_path, content, words):
    refused(write(tmp_path, content), *words)


def test_bytes_that_are_not_utf8_are_refused(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b'{"text": "\xff\xfe"}')
    refused(path, "UTF-8")


def test_a_folder_a_pipe_and_a_missing_file_are_refused_without_waiting(tmp_path):
    refused(tmp_path, "folder")
    refused(tmp_path / "missing.json", "no such file")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    refused(fifo, "not a regular file")  # returns at once: a pipe is never opened


def test_a_file_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_JSON_BYTES", 1000)
    refused(write(tmp_path, {**GOOD, "text": "x" * 2000}), "larger than")


def test_unknown_fields_from_another_version_are_left_alone(tmp_path):
    session = load_session(write(tmp_path, {**GOOD, "future": [1, {"a": None}],
                                            "settings": {**GOOD["settings"], "colour_blind": True}}), themes=THEMES)
    assert session.text == GOOD["text"] and session.settings["colour_blind"] is True


def test_an_incomplete_ablation_is_kept_for_the_window_to_skip_with_a_notice(tmp_path):
    # the window's scene applier skips an ablation without kind or layer, and says so
    assert load_session(write(tmp_path, {**GOOD, "ablations": [{"kind": "head"}]})).ablations == [{"kind": "head"}]


# -- fuzz: random values for every field, and junk nested inside -------------------------------

JSON_LEAVES = (st.none() | st.booleans() | st.integers(min_value=-10 ** 40, max_value=10 ** 40)
               | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
               | st.sampled_from(["", "head", "attn", "mlp", "zero", "mean", "nl", "en", "dark", "light", "AAAA",
                                  "\ud800", "\x00"]))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8) | st.sampled_from(list(GOOD)), inner, max_size=4),
                           max_leaves=12)
FIELD_VALUES = {
    "text": st.text(max_size=30) | JSON_VALUES,
    "model_path": st.text(max_size=20) | JSON_VALUES,
    "token": st.integers(-3, 300) | JSON_VALUES,
    "layer": st.integers(-3, 600) | JSON_VALUES,
    "head": st.integers(-3, 2000) | JSON_VALUES,
    "temperature": st.floats(-1, 6) | JSON_VALUES,
    "top_k": st.integers(-3, 10 ** 8) | JSON_VALUES,
    "top_p": st.floats(-0.5, 1.5) | JSON_VALUES,
    "ablations": st.lists(st.fixed_dictionaries({}, optional={
        "kind": st.sampled_from(["head", "attn", "mlp", "x"]) | JSON_VALUES,
        "layer": st.integers(-2, 600) | JSON_VALUES, "head": st.integers(-2, 2000) | JSON_VALUES,
        "mode": st.sampled_from(["zero", "mean", "y"]) | JSON_VALUES}) | JSON_VALUES, max_size=3) | JSON_VALUES,
    "layout": st.sampled_from(["", "AAAA", "AAAA/w==", "===", "ab"]) | JSON_VALUES,
    "settings": st.fixed_dictionaries({}, optional={
        "language": st.sampled_from(["nl", "en", "de"]) | JSON_VALUES,
        "theme": st.sampled_from(list(THEMES) + ["neon"]) | JSON_VALUES,
        "zoom": st.floats(0, 5) | JSON_VALUES, "lesson_step": st.integers(-2, 20_000) | JSON_VALUES,
        "other": JSON_VALUES}) | JSON_VALUES,
    "version": st.integers(-2, 3) | JSON_VALUES,
}
SESSIONS = (st.fixed_dictionaries({"text": st.text(max_size=30)},
                                  optional={k: v for k, v in FIELD_VALUES.items() if k != "text"})
            | st.fixed_dictionaries({}, optional=FIELD_VALUES) | JSON_VALUES)


def check_loaded(session: Session) -> None:
    """What a loaded Session promises the window: every field of its type and in its range."""
    assert isinstance(session.text, str) and len(session.text) <= limits.MAX_TEXT_CHARS
    session.text.encode("utf-8")
    assert isinstance(session.model_path, str) and "\x00" not in session.model_path
    for name, low in (("token", -1), ("layer", 0), ("head", 0), ("top_k", 0), ("version", 0)):
        value = getattr(session, name)
        assert type(value) is int and value >= low, name
    for name, high in (("temperature", 5.0), ("top_p", 1.0)):
        value = getattr(session, name)
        assert type(value) in (int, float) and math.isfinite(value) and 0 <= value <= high, name
    assert isinstance(session.ablations, list) and all(isinstance(a, dict) for a in session.ablations)
    for a in session.ablations:
        if {"kind", "layer"} <= set(a) and (a["kind"] != "head" or a.get("head", -1) >= 0):
            Ablation(**a)  # a complete ablation is one the window can build
    assert isinstance(session.layout, str) and isinstance(session.settings, dict)
    s = session.settings
    assert s.get("language", "nl") in ("nl", "en") and s.get("theme", "light") in THEMES
    assert 0.5 <= s.get("zoom", 1.0) <= 4.0 and type(s.get("lesson_step", 0)) is int


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=SESSIONS)
def test_fuzz_a_session_file_loads_whole_or_raises_session_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.explainer.json"
        try:
            path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")  # NaN and Infinity too
        except (ValueError, OverflowError):  # a value JSON cannot hold at all
            return
        try:
            session = load_session(path, themes=THEMES)
        except SessionError as exc:
            assert str(path) in str(exc)
            return
        check_loaded(session)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=200) | st.text(alphabet='{}[]":,0123456789.-etrufalsn \\ud', max_size=200)
       .map(lambda t: t.encode("utf-8")))
def test_fuzz_random_bytes_load_or_raise_session_error(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(raw)
        try:
            check_loaded(load_session(path, themes=THEMES))
        except SessionError:
            pass
