"""A lesson as a file of its own (``<name>.lesson.json``): steps that each set up the window and explain it.

Each step names what the window should show (a model, a text, one or two
panels shown large, a selected layer, head and token, sampling settings,
switched-off parts and panel views) and what to say about it, in Dutch
and/or English: an explanation, and optionally a title, a topic, a "try
this", and a question with its answer. The app shows the language of its
interface, and the other one where a step has only that. The guided tour
that ships with the app is two such files in ``resources/lessons``; a
teacher's own lessons live in ``user_lessons_dir()``.

The format (``"format": "llm-explainer-lesson"``, ``"version": 1``)::

    {"format": "llm-explainer-lesson", "version": 1, "title": {"en": "…", "nl": "…"},
     "steps": [{"id": "attention", "model": "default", "text": "The cat sat on the mat.",
                "panels": ["attention"], "selection": {"layer": 0, "head": 1, "token_at": "mat"},
                "settings": {"temperature": 1.0, "top_k": 0, "top_p": 1.0,
                             "ablations": [{"kind": "head", "layer": 0, "head": 1, "mode": "zero"}],
                             "views": {"attention.tab": "qk"}},
                "en": {"title": "…", "explanation": "…", "question": "…", "answer": "…"}}]}

A lesson file may come from anywhere (a colleague, a hand edit), so, like a
session, all of it is checked before any of it is used: a regular file
within the JSON limits (``explainer.core.jsonfile``), at most ``MAX_STEPS``
steps, every field of every step of the right type and within its range.
A problem raises ``LessonError`` naming the file, the step (counted from 1)
and the field. ``save_lesson`` checks the same way before it writes, so a
file the app saves is one it opens again.
"""

from __future__ import annotations

import json
import math
import re
import reprlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Collection, Mapping, TypeVar

from explainer.core.checkpoints import limits
from explainer.core.checkpoints.locations import user_lessons_dir, user_models_dir
from explainer.core.jsonfile import JSONFileError, read
from explainer.core.session import LANGUAGES, MAX_PATH_CHARS, MAX_TEMPERATURE, check_ablations, write_atomically
from explainer.paths import models_dir, resource

FORMAT = "llm-explainer-lesson"
VERSION = 1
SUFFIX = ".lesson.json"
MAX_STEPS = 1_000
MAX_LINE_CHARS = 500  # an id, a title, a topic, a piece of text to select
MAX_PROSE_CHARS = 20_000  # an explanation, a "try this", a question, an answer
MAX_ABLATIONS = 1_000
MAX_BIAS_ITEMS = 100  # sentences or word pairs in the bias probe's lists
MAX_LISTED = 500  # lesson files one folder may show in the menu
# "default" and "masked" name the models that ship with the app, wherever it is installed
MODEL_ALIASES = {"default": "tiny-gpt-nl-en", "masked": "tiny-bert-nl-en"}
SAMPLING_KEYS = ("temperature", "top_k", "top_p")
ATTENTION_TABS = (0, 1, 2, "heatmap", "lines", "qk")
PICKS = ("greedy", "sampled")
# what each language block of a step holds: the key in the file → the StepText attribute
TEXT_FIELDS = {"title": "title", "topic": "topic", "explanation": "explanation", "try": "try_this",
               "question": "question", "answer": "answer"}
TOP_KEYS = ("format", "version", "title", "steps")
STEP_KEYS = ("id", "model", "text", "panels", "selection", "settings", *LANGUAGES)
SELECTION_KEYS = ("layer", "head", "token", "token_at")
SETTINGS_KEYS = (*SAMPLING_KEYS, "ablations", "views")
VIEW_KEYS = ("attention.tab", "embedding.where", "embedding.paths", "embedding.zoom", "next_token.pick",
             "next_token.seed", "next_token.count", "bias.inputs")
BIAS_INPUTS = "[language, templates, template index, pairs, pair index]"


class LessonError(ValueError):
    """A lesson file that cannot be read or written; the message names the file, the step and the field."""


@dataclass(frozen=True)
class StepText:
    """What a step says in one language; only the explanation is required."""

    explanation: str
    title: str = ""
    topic: str = ""
    try_this: str = ""
    question: str = ""
    answer: str = ""


@dataclass(frozen=True)
class Step:
    """One step: the window it sets up and what it says, per language (``texts``: "nl"/"en" → StepText).

    ``model`` is "default" or "masked" (the shipped models), a model's name
    (shipped or in the user's models folder) or a path (relative to the
    lesson's folder). A selection or setting left at None, or absent from
    ``sampling`` and ``views``, is at its default when the step is shown.
    ``token`` selects a position; ``token_at`` a piece of the text instead.
    """

    model: str
    text: str
    panels: tuple[str, ...]
    texts: Mapping[str, StepText] = field(default_factory=dict)
    id: str = ""
    layer: int | None = None
    head: int | None = None
    token: int | None = None
    token_at: str | None = None
    sampling: Mapping[str, float] = field(default_factory=dict)
    ablations: tuple[Mapping[str, Any], ...] = ()
    views: Mapping[str, Any] = field(default_factory=dict)

    def text_in(self, lang: str) -> StepText:
        """The step's words in ``lang``, else in the other language it has."""
        return in_language(self.texts, lang)


@dataclass(frozen=True)
class Lesson:
    """A titled list of steps; ``path`` is the file it came from (models named by path are found beside it)."""

    steps: tuple[Step, ...]
    title: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if any(lang in s.texts for s in self.steps))

    def title_in(self, lang: str) -> str:
        return in_language(self.title, lang) if self.title else ""


T = TypeVar("T")


def in_language(texts: Mapping[str, T], lang: str) -> T:
    """``texts[lang]``, or the first language of LANGUAGES it has (a mapping with at least one)."""
    if lang in texts:
        return texts[lang]
    return next(texts[other] for other in (*LANGUAGES, *texts) if other in texts)


# -- files ----------------------------------------------------------------------------------------
def load_lesson_file(path: str | Path, panel_ids: Collection[str] | None = None) -> Lesson:
    """The Lesson in ``path``, all of it checked; LessonError for anything else.

    ``panel_ids``: the panels a step may show (the window's); None accepts any panel name.
    """
    path = Path(path)
    try:
        data = read(path)
    except JSONFileError as exc:
        raise LessonError(f"{path}: {exc.problem}") from None
    except ValueError as exc:  # a NUL in the name
        raise LessonError(f"{path}: cannot be read ({exc})") from None
    try:
        lesson = lesson_from_dict(data, panel_ids)
    except _Bad as exc:
        raise LessonError(f"{path}: {exc}") from None
    return replace(lesson, path=path)


def save_lesson(lesson: Lesson, path: str | Path, panel_ids: Collection[str] | None = None) -> Path:
    """Write ``lesson`` to ``path`` atomically, after checking it as ``load_lesson_file`` would."""
    path = Path(path)
    data = lesson_to_dict(lesson)
    try:
        lesson_from_dict(data, panel_ids)
    except _Bad as exc:
        raise LessonError(f"{path}: {exc}") from None
    return write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def check_lesson(lesson: Lesson, panel_ids: Collection[str] | None = None) -> None:
    """LessonError (naming the step and the field, not a file) when ``lesson`` could not be saved and opened again."""
    try:
        lesson_from_dict(lesson_to_dict(lesson), panel_ids)
    except _Bad as exc:
        raise LessonError(str(exc)) from None


@dataclass(frozen=True)
class LessonEntry:
    """A lesson file found in a lessons folder: its title and languages, or why it cannot be opened."""

    path: Path
    title: Mapping[str, str]
    languages: tuple[str, ...]
    steps: int
    problem: str = ""


def lesson_folders() -> list[Path]:
    """Where lessons are found: the ones that ship with the app, then the user's own."""
    return [resource("lessons"), user_lessons_dir()]


def find_lessons(folders: list[Path] | None = None, panel_ids: Collection[str] | None = None) -> list[LessonEntry]:
    """Every ``*.lesson.json`` in ``folders`` (default: ``lesson_folders()``), read and checked, by file name."""
    found = []
    for folder in lesson_folders() if folders is None else folders:
        try:
            paths = sorted(p for p in Path(folder).glob("*" + SUFFIX) if p.is_file())[:MAX_LISTED]
        except OSError:
            continue
        for path in paths:
            try:
                lesson = load_lesson_file(path, panel_ids)
            except LessonError as exc:
                found.append(LessonEntry(path, {}, (), 0, str(exc).removeprefix(f"{path}: ")))
                continue
            found.append(LessonEntry(path, dict(lesson.title), lesson.languages, len(lesson.steps)))
    return found


def model_location(ref: str, lesson_path: Path | None = None) -> Path:
    """Where the model a step names is: a path as written (relative: beside the lesson file), else a name
    found in the shipped or the user's models folder. The aliases are the caller's (see MODEL_ALIASES)."""
    path = Path(MODEL_ALIASES.get(ref, ref)).expanduser()
    if path.is_absolute():
        return path
    beside = lesson_path.parent / path if lesson_path is not None else path
    if beside.exists() or len(path.parts) != 1:
        return beside
    for folder in (models_dir(), user_models_dir()):
        if (folder / path).exists():
            return folder / path
    return beside


def model_reference(path: str | Path) -> str:
    """How a recorded step names the model at ``path``: an alias for a shipped one, the name of one in
    the shipped or the user's models folder (so the lesson works on another computer), else the full path."""
    path = Path(path).expanduser().resolve()
    for alias, name in MODEL_ALIASES.items():
        if path == (models_dir() / name).resolve():
            return alias
    for folder in (models_dir(), user_models_dir()):
        if path.parent == folder.resolve():
            return path.name
    return str(path)


# -- writing --------------------------------------------------------------------------------------
def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    """The lesson as the file holds it; what is at its default is left out."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if lesson.title:
        out["title"] = {lang: lesson.title[lang] for lang in LANGUAGES if lang in lesson.title}
    out["steps"] = [_step_to_dict(step) for step in lesson.steps]
    return out


def _step_to_dict(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {"id": step.id} if step.id else {}
    out.update(model=step.model, text=step.text, panels=list(step.panels))
    selection = {key: getattr(step, key) for key in SELECTION_KEYS if getattr(step, key) is not None}
    if selection:
        out["selection"] = selection
    settings: dict[str, Any] = {key: step.sampling[key] for key in SAMPLING_KEYS if key in step.sampling}
    if step.ablations:
        settings["ablations"] = [dict(a) for a in step.ablations]
    if step.views:
        settings["views"] = dict(step.views)
    if settings:
        out["settings"] = settings
    for lang in LANGUAGES:
        if lang in step.texts:
            words = step.texts[lang]
            out[lang] = {key: getattr(words, attr) for key, attr in TEXT_FIELDS.items() if getattr(words, attr)}
    return out


# -- checking -------------------------------------------------------------------------------------
class _Bad(Exception):
    """One field's problem, in words; the callers put the step and the file's name in front."""


_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlevel, _REPR.maxlong = 40, 40, 2, 40
_REPR.maxlist = _REPR.maxdict = 4


def _describe(value: Any) -> str:
    return _REPR.repr(value)


def lesson_from_dict(data: Any, panel_ids: Collection[str] | None = None) -> Lesson:
    """The Lesson ``data`` (a parsed file) describes; ``_Bad`` with the step and the field when it cannot."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Bad(f'not a lesson file (it has no "format": "{FORMAT}")')
    _known(data, TOP_KEYS, "")
    if "version" not in data:
        raise _Bad("version is not set")
    version = _int(data["version"], "version", 1, None)
    if version > VERSION:
        raise _Bad(f"made for lesson format version {version}; this app reads version {VERSION} (a newer app "
                   "opens it)")
    title = _languages(data.get("title", {}), "title", MAX_LINE_CHARS)
    steps = _required(data, "steps", "")
    if not isinstance(steps, list):
        raise _Bad(f"steps must be a list, not {_describe(steps)}")
    if not steps:
        raise _Bad("the lesson has no steps")
    if len(steps) > MAX_STEPS:
        raise _Bad(f"{len(steps):,} steps, more than the {MAX_STEPS:,} allowed")
    out, ids = [], set()
    for number, raw in enumerate(steps, 1):
        try:
            step = _step(raw, panel_ids)
            if step.id and step.id in ids:
                raise _Bad(f"id {step.id!r} is used by an earlier step")
        except _Bad as exc:
            raise _Bad(f"step {number}: {exc}") from None
        ids.add(step.id)
        out.append(step)
    return Lesson(tuple(out), title)


def _step(raw: Any, panel_ids: Collection[str] | None) -> Step:
    if not isinstance(raw, dict):
        raise _Bad(f"must be an object, not {_describe(raw)}")
    _known(raw, STEP_KEYS, "")
    text = _str(_required(raw, "text", ""), "text", limits.MAX_TEXT_CHARS)
    model = _str(_required(raw, "model", ""), "model", MAX_PATH_CHARS, no_nul=True)
    if not model.strip():
        raise _Bad("model must not be empty")
    selection = _object(raw.get("selection", {}), "selection", SELECTION_KEYS)
    settings = _object(raw.get("settings", {}), "settings", SETTINGS_KEYS)
    texts = {lang: _step_text(raw[lang], lang) for lang in LANGUAGES if lang in raw}
    if not texts:
        raise _Bad('nothing to say: give "nl" or "en" with an "explanation"')
    token_at = selection.get("token_at")
    if token_at is not None:
        token_at = _str(token_at, "selection.token_at", MAX_LINE_CHARS)
        if not token_at or token_at not in text:
            raise _Bad(f"selection.token_at {_describe(token_at)} does not occur in the text")
        if "token" in selection:
            raise _Bad("selection gives both token and token_at; give one of them")
    return Step(
        model=model, text=text, panels=_panels(_required(raw, "panels", ""), panel_ids), texts=texts,
        id=_str(raw.get("id", ""), "id", MAX_LINE_CHARS),
        layer=_optional_int(selection, "layer", "selection.", 0, limits.MAX_LAYERS - 1),
        head=_optional_int(selection, "head", "selection.", 0, limits.MAX_HEADS - 1),
        token=_optional_int(selection, "token", "selection.", -1, limits.MAX_TEXT_CHARS),
        token_at=token_at,
        sampling=_sampling(settings),
        ablations=_ablations(settings.get("ablations", [])),
        views=_views(_object(settings.get("views", {}), "settings.views", VIEW_KEYS)),
    )


def _step_text(raw: Any, lang: str) -> StepText:
    block = _object(raw, lang, tuple(TEXT_FIELDS))
    words = {attr: _str(block.get(key, ""), f"{lang}.{key}",
                        MAX_LINE_CHARS if key in ("title", "topic") else MAX_PROSE_CHARS)
             for key, attr in TEXT_FIELDS.items()}
    if not words["explanation"].strip():
        raise _Bad(f"{lang}.explanation is not set")
    if words["answer"] and not words["question"]:
        raise _Bad(f"{lang}.answer is given without a question")
    return StepText(**words)


def _panels(value: Any, panel_ids: Collection[str] | None) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad(f"panels must be a list, not {_describe(value)}")
    if not 1 <= len(value) <= 2:
        raise _Bad(f"panels must name one or two panels, not {len(value)}")
    for pid in value:
        if panel_ids is not None and not (isinstance(pid, str) and pid in panel_ids):
            raise _Bad(f"panels: {_describe(pid)} is not a panel (the panels are {', '.join(panel_ids)})")
        if not isinstance(pid, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", pid):
            raise _Bad(f"panels: {_describe(pid)} is not a panel name")
    if len(set(value)) != len(value):
        raise _Bad(f"panels names {_describe(value[0])} twice")
    return tuple(value)


def _sampling(settings: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    if "temperature" in settings:
        out["temperature"] = _number(settings["temperature"], "settings.temperature", 0.0, MAX_TEMPERATURE)
    if "top_k" in settings:
        out["top_k"] = _int(settings["top_k"], "settings.top_k", 0, limits.MAX_VOCAB)
    if "top_p" in settings:
        out["top_p"] = _number(settings["top_p"], "settings.top_p", 0.0, 1.0)
    return out


def _ablations(value: Any) -> tuple[dict[str, Any], ...]:
    """Each part switched off, complete (kind, layer, head, mode), as ``Ablation.to_dict`` writes it."""
    try:
        check_ablations(value, "settings.ablations")  # types and ranges, as a session checks them
    except ValueError as exc:
        raise _Bad(str(exc)) from None
    out = []
    for i, item in enumerate(value, 1):
        where = f"ablation {i}"
        try:
            kind = _required(item, "kind", "")
            layer = _int(_required(item, "layer", ""), "layer", 0, limits.MAX_LAYERS - 1)
            head = _int(item.get("head", -1), "head", -1, limits.MAX_HEADS - 1)
            if kind == "head" and head < 0:
                raise _Bad("head is not set")
        except _Bad as exc:
            raise _Bad(f"{where}: {exc}") from None
        out.append({"kind": kind, "layer": layer, "head": head, "mode": item.get("mode", "zero")})
    return tuple(out)


def _views(views: dict) -> dict[str, Any]:
    """The panels' own settings (``gui.scene.VIEW_DEFAULTS`` names the same keys), each checked."""
    out: dict[str, Any] = {}
    for key, value in views.items():
        name = f"settings.views.{key}"
        if key == "attention.tab":
            if type(value) not in (int, str) or value not in ATTENTION_TABS:
                raise _Bad(f"{name} must be one of {', '.join(map(str, ATTENTION_TABS))}, not {_describe(value)}")
        elif key == "embedding.where":
            _int(value, name, 0, limits.MAX_LAYERS + 1)
        elif key in ("embedding.paths", "embedding.zoom"):
            if not isinstance(value, bool):
                raise _Bad(f"{name} must be true or false, not {_describe(value)}")
        elif key == "next_token.pick":
            if value not in PICKS:
                raise _Bad(f"{name} must be one of {', '.join(PICKS)}, not {_describe(value)}")
        elif key == "next_token.seed":
            _int(value, name, 0, 999_999)
        elif key == "next_token.count":
            _int(value, name, 1, 200)
        elif value is not None:  # bias.inputs: None is the probe's own examples
            value = _bias_inputs(value, name)
        out[key] = value
    return out


def check_views(value: Any) -> dict[str, Any]:
    """Panel views as a session file keeps them (the same keys and checks as a lesson step's); ValueError names
    the field that is wrong."""
    try:
        return _views(_object(value, "settings.views", VIEW_KEYS))
    except _Bad as exc:
        raise ValueError(str(exc)) from None


def _bias_inputs(value: Any, name: str) -> list:
    def fail() -> _Bad:
        return _Bad(f"{name} must be null or {BIAS_INPUTS}, not {_describe(value)}")

    if not isinstance(value, list) or len(value) != 5 or value[0] not in LANGUAGES:
        raise fail()
    lang, templates, t_index, pairs, p_index = value
    for items, index in ((templates, t_index), (pairs, p_index)):
        if not isinstance(items, list) or len(items) > MAX_BIAS_ITEMS \
                or not all(isinstance(s, str) and len(s) <= MAX_LINE_CHARS for s in items):
            raise fail()
        if not (type(index) is int and -1 <= index < len(items)):
            raise fail()
    return [lang, list(templates), t_index, list(pairs), p_index]


# -- one field ------------------------------------------------------------------------------------
def _known(data: dict, keys: tuple[str, ...], prefix: str) -> None:
    unknown = sorted(str(k) for k in set(data) - set(keys))
    if unknown:
        raise _Bad(f"unknown field {prefix + unknown[0]!r} (known fields: {', '.join(keys)})")


def _required(data: dict, key: str, prefix: str) -> Any:
    if key not in data:
        raise _Bad(f"{prefix}{key} is not set")
    return data[key]


def _object(value: Any, name: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise _Bad(f"{name} must be an object, not {_describe(value)}")
    _known(value, keys, f"{name}.")
    return value


def _languages(value: Any, name: str, max_chars: int) -> dict[str, str]:
    block = _object(value, name, LANGUAGES)
    return {lang: _str(block[lang], f"{name}.{lang}", max_chars) for lang in LANGUAGES if lang in block}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: Any, name: str, low: int, high: int | None) -> int:
    if not _is_int(value):
        raise _Bad(f"{name} must be a whole number, not {_describe(value)}")
    if value < low or (high is not None and value > high):
        raise _Bad(f"{name} {value} is outside {low} to {high}" if high is not None else
                   f"{name} {value} is below {low}")
    return value


def _optional_int(data: dict, key: str, prefix: str, low: int, high: int) -> int | None:
    return _int(data[key], prefix + key, low, high) if key in data else None


def _number(value: Any, name: str, low: float, high: float) -> float:
    if not (_is_int(value) or isinstance(value, float)):
        raise _Bad(f"{name} must be a number, not {_describe(value)}")
    if not (math.isfinite(value) and low <= value <= high):
        raise _Bad(f"{name} {value} is outside {low:g} to {high:g}")
    return value


def _str(value: Any, name: str, max_chars: int, no_nul: bool = False) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{name} must be a string, not {_describe(value)}")
    if len(value) > max_chars:
        raise _Bad(f"{name} is {len(value):,} characters long, more than the {max_chars:,} allowed")
    if no_nul and "\x00" in value:
        raise _Bad(f"{name} holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(f"{name} holds a character that is not valid Unicode (a lone surrogate)") from None
    return value
