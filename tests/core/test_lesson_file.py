"""Lesson files: what is saved is what is opened again, and a bad file is refused naming the step and the field.

The file format (``explainer.core.lesson_file``) is read by hand-written
checks; each bad file here is one a teacher could plausibly make by editing
a lesson by hand, and the message must say where (file, step number, field)
and what is wrong, before anything of the lesson is used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer.core import lesson_file as lf
from explainer.core.checkpoints.locations import user_lessons_dir, user_models_dir
from explainer.core.lesson_file import Lesson, LessonError, Step, StepText
from explainer.paths import models_dir, resource

PANELS = ("tokens", "attention", "next_token", "embedding", "bias")


def full_lesson() -> Lesson:
    """Every field the format has, in use: two languages, a question, every kind of setting."""
    return Lesson(title={"nl": "Mijn les", "en": "My lesson"}, steps=(
        Step(model="default", text="De kat zat op de mat.", panels=("attention", "next_token"), id="begin",
             texts={"nl": StepText("Kijk naar de aandacht.", title="Aandacht", topic="Kijken",
                                   try_this="Klik op een kop.", question="Waar kijkt ‘mat’ naar?",
                                   answer="Naar ‘de’."),
                    "en": StepText("Look at the attention.", question="What does ‘mat’ look at?",
                                   answer="At ‘the’.")},
             layer=1, head=0, token=3, sampling={"temperature": 0.7, "top_k": 5, "top_p": 0.9},
             ablations=({"kind": "head", "layer": 0, "head": 1, "mode": "zero"},
                        {"kind": "mlp", "layer": 1, "head": -1, "mode": "mean"}),
             views={"attention.tab": 2, "next_token.pick": "sampled", "next_token.seed": 7,
                    "embedding.paths": True, "embedding.zoom": True,
                    "bias.inputs": ["nl", ["{} werkt als"], 0, ["hij / zij"], 0]}),
        Step(model="/somewhere/my-model", text="The cat sat on the [MASK].", panels=("tokens",),
             texts={"en": StepText("Only English here.")}, token_at="[MASK]"),
    ))


def write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def good() -> dict:
    return lf.lesson_to_dict(full_lesson())


# -- round trip -----------------------------------------------------------------------------------
def test_a_saved_lesson_opens_as_the_same_lesson(tmp_path):
    lesson = full_lesson()
    path = lf.save_lesson(lesson, tmp_path / "les.lesson.json", PANELS)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "llm-explainer-lesson" and data["version"] == 1
    again = lf.load_lesson_file(path, PANELS)
    assert again == lesson and again.path == path
    assert lf.lesson_to_dict(again) == data  # and saving it again writes the same file
    assert again.languages == ("nl", "en") and again.title_in("en") == "My lesson"


def test_a_hand_written_step_needs_only_model_text_panels_and_an_explanation(tmp_path):
    path = write(tmp_path / "kort.lesson.json", {"format": "llm-explainer-lesson", "version": 1, "steps": [
        {"model": "default", "text": "hallo", "panels": ["tokens"], "nl": {"explanation": "Tokens!"}}]})
    (step,) = lf.load_lesson_file(path).steps
    assert (step.layer, step.head, step.token, step.token_at) == (None, None, None, None)
    assert step.sampling == {} and step.ablations == () and step.views == {}
    assert step.text_in("en").explanation == "Tokens!"  # no English: the Dutch is shown
    # an ablation written short is completed as the app writes it
    data = json.loads(path.read_text())
    data["steps"][0]["settings"] = {"ablations": [{"kind": "attn", "layer": 1}]}
    (step,) = lf.load_lesson_file(write(path, data)).steps
    assert step.ablations == ({"kind": "attn", "layer": 1, "head": -1, "mode": "zero"},)


def test_a_step_shows_the_interface_language_and_falls_back_to_the_other():
    step = full_lesson().steps[0]
    assert step.text_in("nl").title == "Aandacht" and step.text_in("en").explanation == "Look at the attention."
    only_english = full_lesson().steps[1]
    assert only_english.text_in("nl").explanation == "Only English here."
    assert Lesson(steps=(only_english,)).title_in("nl") == ""


@pytest.mark.parametrize("name, lang", [("tour.en.lesson.json", "en"), ("rondleiding.nl.lesson.json", "nl")])
def test_the_guided_tour_is_two_lesson_files(name, lang):
    lesson = lf.load_lesson_file(resource("lessons", name))
    assert lesson.languages == (lang,) and lesson.title_in(lang)
    assert len(lesson.steps) >= 10 and all(s.id for s in lesson.steps)
    assert {s.model for s in lesson.steps} == {"default", "masked"}
    for step in lesson.steps:
        words = step.texts[lang]
        assert words.title and words.topic and words.explanation and words.try_this, step.id


def test_both_tours_set_up_the_same_steps():
    en = lf.load_lesson_file(resource("lessons", "tour.en.lesson.json"))
    nl = lf.load_lesson_file(resource("lessons", "rondleiding.nl.lesson.json"))
    for a, b in zip(en.steps, nl.steps, strict=True):
        assert (a.id, a.model, a.panels, a.layer, a.head, a.sampling, a.views) == \
            (b.id, b.model, b.panels, b.layer, b.head, b.sampling, b.views)


def test_saving_refuses_a_lesson_it_could_not_open_again_and_keeps_the_old_file(tmp_path):
    path = lf.save_lesson(full_lesson(), tmp_path / "les.lesson.json")
    before = path.read_bytes()
    unfinished = Lesson(steps=(Step(model="default", text="x", panels=("tokens",)),))
    with pytest.raises(LessonError) as info:
        lf.save_lesson(unfinished, path)
    assert str(info.value) == f'{path}: step 1: nothing to say: give "nl" or "en" with an "explanation"'
    assert path.read_bytes() == before
    with pytest.raises(LessonError, match="^step 1: nothing to say"):
        lf.check_lesson(unfinished)


# -- bad files ------------------------------------------------------------------------------------
def changed(step: int | None = None, **fields) -> dict:
    """The good lesson with ``fields`` replaced (None removes one) at the top, or in step ``step`` (from 1)."""
    data = good()
    target = data if step is None else data["steps"][step - 1]
    for key, value in fields.items():
        section, _, name = key.partition("__")
        where = target[section] if name else target
        name = name or key
        if value is None:
            where.pop(name, None)
        else:
            where[name] = value
    return data


# case → (the file's content, what the message must say after "path: ")
BAD = {
    "wrong version": (changed(version=2), "made for lesson format version 2; this app reads version 1 (a newer "
                      "app opens it)"),
    "version not a number": (changed(version="1"), "version must be a whole number, not '1'"),
    "version missing": (changed(version=None), "version is not set"),
    "not a lesson": ({"text": "a session?"}, 'not a lesson file (it has no "format": "llm-explainer-lesson")'),
    "no steps": (changed(steps=[]), "the lesson has no steps"),
    "missing text": (changed(2, text=None), "step 2: text is not set"),
    "missing model": (changed(1, model=None), "step 1: model is not set"),
    "empty model": (changed(1, model=" "), "step 1: model must not be empty"),
    "missing panels": (changed(2, panels=None), "step 2: panels is not set"),
    "text of the wrong type": (changed(1, text=42), "step 1: text must be a string, not 42"),
    "panels of the wrong type": (changed(2, panels="tokens"), "step 2: panels must be a list, not 'tokens'"),
    "unknown panel": (changed(2, panels=["tokens", "heatmap"]), "step 2: panels: 'heatmap' is not a panel "
                      f"(the panels are {', '.join(PANELS)})"),
    "three panels": (changed(1, panels=["tokens", "attention", "bias"]), "step 1: panels must name one or two "
                     "panels, not 3"),
    "a panel twice": (changed(1, panels=["tokens", "tokens"]), "step 1: panels names 'tokens' twice"),
    "negative layer": (changed(1, selection__layer=-1), "step 1: selection.layer -1 is outside 0 to 511"),
    "layer in words": (changed(1, selection__layer="two"), "step 1: selection.layer must be a whole number, not "
                       "'two'"),
    "layer true": (changed(1, selection__layer=True), "step 1: selection.layer must be a whole number, not True"),
    "head too large": (changed(1, selection__head=5000), "step 1: selection.head 5000 is outside 0 to 1023"),
    "token and token_at": (changed(1, selection__token_at="kat"), "step 1: selection gives both token and "
                           "token_at; give one of them"),
    "token_at elsewhere": (changed(2, selection__token_at="dog"), "step 2: selection.token_at 'dog' does not "
                           "occur in the text"),
    "unknown field": (changed(2, colour="red"), "step 2: unknown field 'colour' (known fields: id, model, text, "
                      "panels, selection, settings, nl, en)"),
    "unknown selection field": (changed(1, selection__row=1), "step 1: unknown field 'selection.row' (known fields: "
                                "layer, head, token, token_at)"),
    "step not an object": (changed(steps=[good()["steps"][0], "step two"]), "step 2: must be an object, not "
                           "'step two'"),
    "temperature": (changed(1, settings__temperature=9), "step 1: settings.temperature 9 is outside 0 to 5"),
    "ablation kind": (changed(1, settings__ablations=[{"kind": "brain", "layer": 0}]), "step 1: ablation 1: kind must "
                      "be one of head, attn, mlp, not 'brain'"),
    "ablation layer": (changed(1, settings__ablations=[{"kind": "mlp", "layer": 600}]), "step 1: ablation 1: layer "
                       "600 is outside 0 to 511"),
    "head ablation without a head": (changed(1, settings__ablations=[{"kind": "head", "layer": 0}]),
                                     "step 1: ablation 1: head is not set"),
    "unknown view": (changed(1, settings__views={"attention.zoom": 2}), "step 1: unknown field "
                     "'settings.views.attention.zoom' (known fields: " + ", ".join(lf.VIEW_KEYS) + ")"),
    "view value": (changed(1, settings__views={"next_token.pick": "random"}), "step 1: settings.views."
                   "next_token.pick must be one of greedy, sampled, not 'random'"),
    "view true or false": (changed(1, settings__views={"embedding.paths": 1}), "step 1: settings.views."
                           "embedding.paths must be true or false, not 1"),
    "zoom true or false": (changed(1, settings__views={"embedding.zoom": "yes"}), "step 1: settings.views."
                           "embedding.zoom must be true or false, not 'yes'"),
    "bias inputs": (changed(1, settings__views={"bias.inputs": ["nl", [], 3, [], 0]}), "step 1: settings.views."
                    "bias.inputs must be null or [language, templates, template index, pairs, pair index], not "
                    "['nl', [], 3, [], ...]"),
    "no words": (changed(2, en=None), 'step 2: nothing to say: give "nl" or "en" with an "explanation"'),
    "no explanation": (changed(2, en={"title": "Hi"}), "step 2: en.explanation is not set"),
    "answer without a question": (changed(2, en={"explanation": "x", "answer": "y"}), "step 2: en.answer is given "
                                  "without a question"),
    "same id twice": (changed(2, id="begin"), "step 2: id 'begin' is used by an earlier step"),
    "too many steps": (changed(steps=[good()["steps"][1]] * (lf.MAX_STEPS + 1)), "1,001 steps, more than the "
                       "1,000 allowed"),
    "title not per language": (changed(title="My lesson"), "title must be an object, not 'My lesson'"),
    "not JSON": ("{nope", "not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 "
                 "(char 1))"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_refused_naming_the_step_and_the_field(tmp_path, case):
    content, message = BAD[case]
    path = write(tmp_path / "les.lesson.json", content)
    with pytest.raises(LessonError) as info:
        lf.load_lesson_file(path, PANELS)
    assert str(info.value) == f"{path}: {message}"


def test_a_file_that_is_not_there_or_not_a_file(tmp_path):
    with pytest.raises(LessonError, match="file is missing"):
        lf.load_lesson_file(tmp_path / "nothing.lesson.json")
    (tmp_path / "map.lesson.json").mkdir()
    with pytest.raises(LessonError, match="is a folder, not a file"):
        lf.load_lesson_file(tmp_path / "map.lesson.json")


def test_without_a_list_of_panels_any_panel_name_will_do_but_not_any_text(tmp_path):
    assert lf.load_lesson_file(write(tmp_path / "a.lesson.json", changed(2, panels=["future_panel"]))).steps[1].panels \
        == ("future_panel",)
    with pytest.raises(LessonError, match=r"step 2: panels: 'Not a name!' is not a panel name$"):
        lf.load_lesson_file(write(tmp_path / "b.lesson.json", changed(2, panels=["Not a name!"])))


# -- where lessons and their models are -----------------------------------------------------------
@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "llm-explainer"


def test_the_users_lessons_sit_beside_their_models(home):
    assert user_lessons_dir() == home / "lessons" and user_models_dir() == home / "models"
    assert lf.lesson_folders() == [resource("lessons"), home / "lessons"]


def test_lessons_are_found_in_both_folders_and_a_bad_one_says_why(home):
    folder = home / "lessons"
    folder.mkdir(parents=True)
    lf.save_lesson(full_lesson(), folder / "mine.lesson.json")
    write(folder / "broken.lesson.json", changed(1, panels=[]))
    (folder / "notes.json").write_text("{}")  # not a lesson file: not listed
    found = {e.path.name: e for e in lf.find_lessons()}
    assert {"tour.en.lesson.json", "rondleiding.nl.lesson.json", "mine.lesson.json", "broken.lesson.json"} \
        == set(found)
    mine = found["mine.lesson.json"]
    assert (mine.title["nl"], mine.languages, mine.steps, mine.problem) == ("Mijn les", ("nl", "en"), 2, "")
    assert found["broken.lesson.json"].problem == "step 1: panels must name one or two panels, not 0"
    assert found["tour.en.lesson.json"].languages == ("en",)


def test_a_steps_model_is_found_by_alias_name_or_path(home, tmp_path):
    lesson_path = tmp_path / "lessen" / "les.lesson.json"
    (tmp_path / "lessen" / "eigen-model").mkdir(parents=True)
    (home / "models" / "mijn-gpt").mkdir(parents=True)
    assert lf.model_location("default") == models_dir() / "tiny-gpt-nl-en"
    assert lf.model_location("masked", lesson_path) == models_dir() / "tiny-bert-nl-en"
    assert lf.model_location("eigen-model", lesson_path) == tmp_path / "lessen" / "eigen-model"  # beside the lesson
    assert lf.model_location("mijn-gpt", lesson_path) == home / "models" / "mijn-gpt"  # in the user's folder
    assert lf.model_location("sub/model", lesson_path) == tmp_path / "lessen" / "sub" / "model"
    assert lf.model_location(str(tmp_path / "x")) == tmp_path / "x"
    # and how a recorded step names them: portable where it can be
    assert lf.model_reference(models_dir() / "tiny-gpt-nl-en") == "default"
    assert lf.model_reference(models_dir() / "tiny-bert-nl-en") == "masked"
    assert lf.model_reference(home / "models" / "mijn-gpt") == "mijn-gpt"
    assert lf.model_reference(tmp_path / "lessen" / "eigen-model") == str(tmp_path / "lessen" / "eigen-model")
