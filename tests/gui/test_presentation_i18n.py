"""Two languages, presentation mode, zoom, focus mode and the high-contrast theme.

Translations are checked in the .ts sources themselves (every string has a
Dutch translation that keeps its placeholders) and against a fresh
extraction (no string in the code is missing from the .ts); the window is
checked by what it shows after a switch. Contrast is computed with the WCAG
formula from the palette's colours.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QSettings, Qt, QTranslator
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtWidgets import QApplication

from explainer.gui import language, palette, presentation
from explainer.gui.main_window import MainWindow
from explainer.gui.palette import THEMES
from tests.conftest import make_tiny_model

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def make_window(qtbot, tmp_path, lang="en", register=True):
    language.apply_language(lang)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(lang=lang, settings=settings)
    if register:  # a window that a language switch deletes must not be closed again by qtbot
        qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts reach only the active window
    win.state.set_model(make_tiny_model())
    return win


def messages(path: Path):
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


# -- translations -------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_string_has_a_translation_that_keeps_its_placeholders(lang):
    found = list(messages(TRANSLATIONS / f"explainer_{lang}.ts"))
    assert len(found) > 300
    problems = []
    for context, source, tr in found:
        text = tr.text or ""
        if tr.get("type") == "unfinished" or not text.strip():
            problems.append(f"untranslated: [{context}] {source!r}")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ: [{context}] {source!r} -> {text!r}")
        elif source.count("&") != text.count("&"):
            problems.append(f"menu accelerator lost: [{context}] {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)
    if lang == "nl":
        differs = sum(1 for _c, s, tr in found if tr.text != s)
        assert differs > 0.8 * len(found)  # really Dutch, not the English copied over


def test_each_language_quotes_a_token_one_way():
    """The interface named a token ‘·de’ in one panel, “·deur” in the next and «·de» in a third (guillemets in
    the English one too): English quotes with “ ”, Dutch with ‘ ’, everywhere."""
    wrong = []
    for _context, source, tr in messages(TRANSLATIONS / "explainer_nl.ts"):
        if any(mark in source for mark in "«»‘’"):
            wrong.append(f"source: {source!r}")
        if any(mark in (tr.text or "") for mark in "«»“”"):
            wrong.append(f"nl: {tr.text!r}")
    lessons = REPO / "resources" / "lessons"
    for path, marks in ((lessons / "tour.en.lesson.json", "«»‘’"), (lessons / "rondleiding.nl.lesson.json", "«»“”")):
        wrong += [f"{path.name}: {mark}" for mark in marks if mark in path.read_text(encoding="utf-8")]
    assert not wrong, "\n".join(wrong)


def find_lupdate() -> str:
    """Qt's lupdate from the PySide6 that this test imports; never a skip.

    PySide6-Essentials (a dependency) ships the binary inside the package folder, where its
    ``pyside6-lupdate`` console script runs it from (PySide6/scripts/pyside_tool.py); that script
    is the fallback, next to this Python first, then on PATH.
    """
    exe = ".exe" if sys.platform == "win32" else ""
    candidates = [Path(PySide6.__file__).resolve().parent / f"lupdate{exe}",
                  Path(sys.executable).parent / f"pyside6-lupdate{exe}",
                  Path(sysconfig.get_path("scripts")) / f"pyside6-lupdate{exe}"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("pyside6-lupdate")
    assert found, f"no lupdate in the PySide6 package nor pyside6-lupdate on PATH; looked at {candidates}"
    return found


def test_the_ts_files_hold_every_string_in_the_code(tmp_path):
    lupdate = find_lupdate()
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "explainer" / "gui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *files, "-locations", "none", "-ts", str(fresh)], cwd=REPO, check=True,
                   capture_output=True)
    in_code = {(c, s) for c, s, _t in messages(fresh)}
    in_ts = {(c, s) for c, s, _t in messages(TRANSLATIONS / "explainer_nl.ts")}
    assert in_code <= in_ts, f"run scripts/update_translations.py: missing {sorted(in_code - in_ts)[:10]}"
    assert all(c for c, _s in in_code), "a tr() outside a class: use QCoreApplication.translate(context, …)"


def test_the_compiled_qm_translates():
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "explainer_nl.qm"))
    assert translator.translate("MainWindow", "&File") == "&Bestand"
    assert translator.translate("TokensPanel", "Tokens") == "Tokens"
    assert translator.translate("AttentionPanel", "Attention") == "Aandacht"


def test_language_follows_the_setting_then_the_system(tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    monkeypatch.setattr(language, "system_language", lambda: "nl")
    assert language.choose(None, settings) == "nl"
    settings.setValue("language", "en")
    assert language.choose(None, settings) == "en"
    assert language.choose("nl", settings) == "nl"


def _menu_titles(win) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def test_switching_language_changes_visible_strings_and_keeps_the_work(qtbot, tmp_path):
    import shiboken6

    win = make_window(qtbot, tmp_path, "en", register=False)
    win.set_text("De kat zat op de mat")
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == "De kat zat op de mat")
    win.state.select_layer(1)
    win.state.select_token(2)
    model = win.state.model
    assert _menu_titles(win)[:3] == ["&File", "&View", "&Model"]
    assert win.docks["attention"].windowTitle() == "Attention"

    nl = win.set_language("nl")
    qtbot.waitUntil(lambda: not shiboken6.isValid(win), timeout=5000)  # the old window is gone
    del win
    assert nl.lang == "nl"
    assert _menu_titles(nl)[:3] == ["&Bestand", "Beel&d", "&Model"]
    assert nl.docks["attention"].windowTitle() == "Aandacht"
    assert nl.panels["next_token"].step_button.text() == "Stap"
    assert nl.text_box.placeholderText() == "Typ hier een zin…"
    qtbot.waitUntil(lambda: not nl.sessions.applier.pending, timeout=5000)
    assert nl.state.model is model and nl.state.text == "De kat zat op de mat"
    assert (nl.state.layer, nl.state.token) == (1, 2)
    assert nl.settings.value("language") == "nl"

    en = nl.set_language("en")
    qtbot.waitUntil(lambda: not shiboken6.isValid(nl), timeout=5000)
    del nl
    qtbot.addWidget(en)  # the last one stays: qtbot closes it
    assert _menu_titles(en)[:3] == ["&File", "&View", "&Model"]
    assert en.docks["attention"].windowTitle() == "Attention"
    en.controller.shutdown()


# -- presentation -------------------------------------------------------------------
def _px(widget) -> float:
    return QFontInfo(widget.font()).pixelSize()


def test_the_projector_text_size_is_24_px_at_1080_lines_and_in_proportion_elsewhere():
    """A projector throws the same picture size at any resolution: text that fills the same share of it reads
    the same from the back of the room."""
    assert presentation.target_body_px(1080) == 24
    assert presentation.target_body_px(768) == pytest.approx(24 * 768 / 1080)  # 17.1 px on a 1366x768 projector
    assert presentation.target_body_px(2160) == 48


def test_presentation_mode_sizes_body_text_for_the_projector(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.set_text("De kat zat")
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == "De kat zat")
    screen_lines = (win.screen() or QApplication.primaryScreen()).geometry().height()
    target = presentation.target_body_px(screen_lines)  # 24 px at 1080 lines (the test screen has fewer)
    assert presentation.body_px(win) < target
    win.panels["timeline"]  # noqa: B018 - a plot built before presenting…
    qtbot.keyClick(win, Qt.Key_F11)
    assert win.presenter.presenting and win.isFullScreen()
    assert target <= presentation.body_px(win) < target * 1.1  # reached, by the smallest zoom step that does
    tokens = win.panels["tokens"]
    attention = win.panels["attention"]
    assert not win.statusBar().isVisible()  # the model name and timings are the teacher's: the room is the panels'
    for widget in (tokens.legend, attention.layer_spin, win.menuBar(),
                   win.panels["next_token"].step_button):
        assert _px(widget) >= int(target), widget
    assert QFontInfo(palette.font()).pixelSize() >= int(target)  # what painted panels draw with
    import pyqtgraph as pg

    win.panels["training"]  # noqa: B018 - …and one built while presenting (panels are built when first seen)
    plots = win.findChildren(pg.PlotWidget)
    assert {type(p.parentWidget()).__name__ for p in plots} and len(plots) >= 2
    for plot in plots:  # axis numbers on the plots grow too
        axis = plot.getPlotItem().getAxis("bottom")
        assert QFontInfo(axis.style["tickFont"]).pixelSize() >= int(target)
    assert _px(win.text_box) > target
    qtbot.keyClick(win, Qt.Key_F5)
    assert not win.presenter.presenting and not win.isFullScreen()
    assert win.statusBar().isVisible() and win.status_model.isVisible()
    assert palette.font_scale() == 1.0
    win.controller.shutdown()


def test_ctrl_equals_and_minus_zoom_the_whole_ui(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    before = _px(win.panels["tokens"].legend)
    qtbot.keyClick(win, Qt.Key_Equal, Qt.ControlModifier)
    assert palette.font_scale() > 1.0
    assert _px(win.panels["tokens"].legend) > before
    qtbot.keyClick(win, Qt.Key_Minus, Qt.ControlModifier)
    qtbot.keyClick(win, Qt.Key_Minus, Qt.ControlModifier)
    assert palette.font_scale() < 1.0
    win.controller.shutdown()


def test_focus_mode_shows_one_panel_and_gives_the_others_back(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    shown = {pid for pid, d in win.docks.items() if d.isVisible()}
    win.presenter.toggle_focus("attention")
    assert [pid for pid, d in win.docks.items() if d.isVisible()] == ["attention"]
    win.presenter.toggle_focus()
    assert {pid for pid, d in win.docks.items() if d.isVisible()} == shown
    win.controller.shutdown()


def test_presenting_a_lesson_shows_its_panels_large_and_follows_the_steps(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.lesson.controller.models.update(default=win.state.model, masked=make_tiny_model(causal=False))
    shown = {pid for pid, d in win.docks.items() if d.isVisible()}
    win.lesson.start(0)
    win.presenter.enter_presentation()
    first = win.lesson.controller.step.panels
    assert tuple(pid for pid, d in win.docks.items() if d.isVisible()) == first
    assert win.lesson.isVisible()
    # the lesson text is a column beside the step's panel; the panel keeps most of the (full) screen
    panel = win.docks[first[0]]
    qtbot.waitUntil(lambda: win.lesson.width() >= 0.3 * win.width() and panel.width() >= 0.4 * win.width())
    win.lesson.controller.next()
    second = win.lesson.controller.step.panels
    assert second != first
    assert tuple(pid for pid, d in win.docks.items() if d.isVisible()) == second
    timeline = [s.id for s in win.lesson.controller.lesson.steps].index("timeline")
    win.lesson.controller.go(timeline)  # a step about two panels shows both
    assert {pid for pid, d in win.docks.items() if d.isVisible()} == {"timeline", "next_token"}
    win.presenter.exit_presentation()  # the lesson goes on, out of full screen
    assert {pid for pid, d in win.docks.items() if d.isVisible()} == {"timeline", "next_token"}
    win.lesson.close()  # closing the lesson gives the teacher's layout back
    assert {pid for pid, d in win.docks.items() if d.isVisible()} == shown
    win.controller.shutdown()


def _open(win) -> set[str]:
    """The docks not closed (on screen, or behind a tab), as the window remembers them."""
    return {pid for pid, d in win.docks.items() if not d.isHidden()}


def test_closing_while_presenting_one_panel_remembers_the_teachers_own_window(qtbot, tmp_path):
    """Closed in presentation mode with one panel focused, the app opened next time with that one panel only,
    full screen and unzoomed: it remembers the window the teacher had before."""
    win = make_window(qtbot, tmp_path)
    qtbot.wait(100)  # the start-up layout settled
    teacher = _open(win)
    win.presenter.enter_presentation()
    win.presenter.toggle_focus("attention")
    assert _open(win) == {"attention"}
    win.close()
    assert _open(win) == teacher and not win.isFullScreen()  # what it saved
    win.controller.shutdown()
    again = make_window(qtbot, tmp_path)  # the same settings file
    assert {"tokens", "attention", "next_token"} <= _open(again) and len(_open(again)) > 3
    assert not again.isFullScreen() and not again.presenter.presenting and palette.font_scale() == 1.0
    again.controller.shutdown()


def test_switching_language_while_presenting_keeps_presenting(qtbot, tmp_path):
    """The window rebuilt in the other language takes presentation mode over; closing the old one must not
    undo the zoom, which belongs to the whole application."""
    import shiboken6

    win = make_window(qtbot, tmp_path, "en", register=False)
    win.presenter.enter_presentation()
    zoom = palette.font_scale()
    assert zoom > 1.0
    nl = win.set_language("nl")
    qtbot.waitUntil(lambda: not shiboken6.isValid(win), timeout=5000)
    del win
    qtbot.addWidget(nl)
    assert nl.presenter.presenting and palette.font_scale() == zoom
    nl.presenter.exit_presentation()
    assert palette.font_scale() == 1.0
    nl.controller.shutdown()


def test_closing_during_a_lesson_remembers_the_layout_from_before_it(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.lesson.controller.models.update(default=win.state.model, masked=make_tiny_model(causal=False))
    qtbot.wait(100)
    teacher = _open(win)
    win.lesson.start(0)
    assert _open(win) != teacher  # the lesson shows its own panels
    win.close()
    assert _open(win) == teacher  # what it saved
    win.controller.shutdown()
    again = make_window(qtbot, tmp_path)
    assert {"tokens", "attention", "next_token"} <= _open(again) and len(_open(again)) > 3
    again.controller.shutdown()


def test_the_selected_token_stands_out_in_the_text(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.set_text("De kat zat")
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == "De kat zat")
    win.state.select_token(3)
    selections = win.text_box.extraSelections()
    chosen = [s for s in selections if s.format.background().color() == palette.color("selection_bg")]
    assert len(chosen) == 1 and chosen[0].format.fontWeight() >= 700
    a, b = win.state.trace.spans[3]
    assert (chosen[0].cursor.selectionStart(), chosen[0].cursor.selectionEnd()) == (a, b)
    win.controller.shutdown()


# -- colours -------------------------------------------------------------------------
def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        s = v / 255.0
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: str | QColor, b: str | QColor) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_high_contrast_theme_reaches_7_to_1_for_all_text():
    c = THEMES["contrast"].colors
    pairs = [("text", bg) for bg in ("window", "base", "alt_base", "mask")]
    pairs += [("muted", bg) for bg in ("window", "base", "alt_base")]
    pairs += [("accent_text", "accent"), ("notice_text", "notice_bg"), ("selection_text", "selection_bg"),
              ("error", "base"), ("good", "base"), ("accent", "base")]
    for fg, bg in pairs:
        assert contrast(c[fg], c[bg]) >= 7.0, (fg, bg, contrast(c[fg], c[bg]))
    palette.apply_theme("contrast")
    for chip in palette.chip_colors():  # token chips carry text too
        assert contrast(c["text"], chip) >= 7.0, chip.name()


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_every_theme_reads_well_and_uses_colour_blind_safe_maps(name):
    theme = THEMES[name]
    assert theme.heatmap in ("cividis", "viridis")
    c = theme.colors
    assert contrast(c["text"], c["base"]) >= 7.0
    assert contrast(c["selection_text"], c["selection_bg"]) >= 7.0
    assert contrast(c["muted"], c["base"]) >= 4.5


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_a_scroll_bar_shows_where_it_is(qtbot, name):
    """The logit-lens grid, scrolled to its newest tokens, showed a light handle on the right and a darker groove
    on the left: it read as scrolled to the start (a reviewer took it for a bug). In every theme the handle now
    stands out from its track, on the side its value says."""
    from PySide6.QtWidgets import QApplication, QScrollBar

    palette.apply_theme(name, QApplication.instance())
    try:
        bar = QScrollBar(Qt.Horizontal)
        qtbot.addWidget(bar)
        bar.resize(600, bar.sizeHint().height())
        bar.setRange(0, 1000)
        bar.setPageStep(500)
        bar.setValue(1000)
        bar.show()
        qtbot.waitExposed(bar)
        image = bar.grab().toImage()
        y = image.height() // 2
        left, right = image.pixelColor(40, y), image.pixelColor(560, y)  # the track; the handle (scrolled to the end)
        assert contrast(left.name(), right.name()) >= 1.8, (left.name(), right.name())
        track = palette.current().colors["alt_base"]
        assert contrast(left.name(), track) < 1.1  # the empty part is the plain track
        assert contrast(right.name(), palette.current().colors["base"]) >= 1.8  # the handle shows on any panel
    finally:
        palette.apply_theme("light", QApplication.instance())


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_check_boxes_and_radio_buttons_grow_with_the_zoom_and_show_their_state(qtbot, name):
    """Presenting, the "Paths through the layers" box and the greedy/sampled buttons stayed 13 px beside 24 px
    text: hard to see from the back of a room and to hit on a touch board. They now grow with the zoom, with an
    outline that shows and a tick (or dot) in the accent colour when checked."""
    from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton

    sizes = {}
    try:
        for scale in (1.0, 1.6):
            palette.apply_theme(name, QApplication.instance(), scale=scale)
            box = QCheckBox("Paths through the layers")
            qtbot.addWidget(box)
            box.setChecked(True)
            box.show()
            qtbot.waitExposed(box)
            option = QStyleOptionButton()
            box.initStyleOption(option)
            mark = box.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, box)
            sizes[scale] = mark.height()
            accent = palette.current().colors["accent"]

            def share_of_accent(widget, rect):
                image = widget.grab().toImage()
                pixels = [image.pixelColor(x, y).name() for x in range(rect.left(), rect.right() + 1)
                          for y in range(rect.top(), rect.bottom() + 1)]
                return sum(contrast(px, accent) < 1.15 for px in pixels) / len(pixels)

            assert share_of_accent(box, mark) > 0.3  # checked: filled with the accent colour, around its tick
            box.setChecked(False)
            assert share_of_accent(box, mark) < 0.05
            radio = QRadioButton("greedy")
            qtbot.addWidget(radio)
            radio.show()
            option = QStyleOptionButton()
            radio.initStyleOption(option)
            assert radio.style().subElementRect(QStyle.SE_RadioButtonIndicator, option, radio).height() == mark.height()
        assert sizes[1.6] >= 1.4 * sizes[1.0] and sizes[1.0] >= 12, sizes
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


def test_switching_language_while_a_model_loads_opens_that_model_in_the_new_window(qtbot, tmp_path):
    """The load belonged to the old window, which closes: the model someone asked for was dropped without a
    word, and the rebuilt window stayed on the previous one."""
    import shiboken6

    from explainer.gui.catalog import default_model_path

    win = make_window(qtbot, tmp_path, "en", register=False)
    wanted = Path(default_model_path()).resolve()
    assert win.state.model.path != wanted
    win.controller.open_model(str(wanted))
    nl = win.set_language("nl")
    qtbot.waitUntil(lambda: not shiboken6.isValid(win), timeout=5000)
    del win
    qtbot.addWidget(nl)
    qtbot.waitUntil(lambda: nl.state.model is not None and Path(nl.state.model.path).resolve() == wanted,
                    timeout=30000)
    assert not nl.controller.loading
    nl.controller.shutdown()


def test_a_lesson_step_with_two_panels_gives_each_a_fair_share_of_the_width(qtbot, tmp_path):
    """The timeline step showed the timeline at 210 px beside a next-token panel of 590 px with half of it
    empty: its plot ran the step numbers together ("01000 2000"). Each panel now gets at least a third."""
    from explainer.gui.presentation import SHARE_MIN

    win = make_window(qtbot, tmp_path)
    win.lesson.controller.models.update(default=win.state.model, masked=make_tiny_model(causal=False))
    win.lesson.start(0)
    timeline = [s.id for s in win.lesson.controller.lesson.steps].index("timeline")
    win.lesson.controller.go(timeline)
    docks = [win.docks["timeline"], win.docks["next_token"]]
    qtbot.waitUntil(lambda: all(d.isVisible() for d in docks))
    total = sum(d.width() for d in docks)
    qtbot.waitUntil(lambda: min(d.width() for d in docks) >= (SHARE_MIN - 0.03) * sum(d.width() for d in docks),
                    timeout=3000)
    assert total > 0
    win.controller.shutdown()


def test_a_two_panel_step_stacked_in_a_small_window_takes_the_height_the_text_box_can_spare(qtbot, tmp_path):
    """Where a step's two panels do not fit side by side they are stacked: the text box kept its four-line
    height for a one-line sentence and left the Why chart a 100-px strip (seen at 1366x768). The text box now
    keeps its two lines (its minimum) and the panels share the rest."""
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    win = make_window(qtbot, tmp_path, lang="nl")
    win.resize(1000, 1000)  # stacked (too narrow side by side), with room beyond both minimums
    shipped = load_model(models_dir() / "tiny-gpt-nl-en")  # the panels' widths are those of the shipped model
    win.state.set_model(shipped)
    win.lesson.controller.models.update(default=shipped, masked=make_tiny_model(causal=False))
    win.lesson.start(0)
    why = [s.id for s in win.lesson.controller.lesson.steps].index("why")
    for step in range(why + 1):  # as a class goes through it
        win.lesson.controller.go(step)
        qtbot.waitUntil(lambda: win.state.trace is not None, timeout=20_000)
        qtbot.wait(100)
    docks = [win.docks["contributions"], win.docks["attribution"]]
    qtbot.waitUntil(lambda: all(d.isVisible() for d in docks))
    assert win.presenter.staged is not None and win.presenter.staged[2] == Qt.Vertical  # too narrow: stacked
    box = win.centralWidget()
    qtbot.waitUntil(lambda: box.height() <= box.minimumSizeHint().height() + 8, timeout=3000)
    room = win.height() - win.menuBar().height() - win.statusBar().height() - box.height()
    assert sum(d.height() for d in docks) >= room - 30  # and the panels have what it gave up
    # the room beyond their minimums goes to the panel that asks for it: the Why chart grows with its height,
    # the Influence panel's chips and sentence do not (half and half left the chart small above empty space)
    from explainer.gui.presentation import _width
    why, influence = docks

    def shared() -> bool:  # (the stage is fitted in turns of the event loop: a busy machine sees it settle later)
        return _width(why, height=True) > why.height() - 30 and influence.height() <= max(
            _width(influence, height=True), _width(influence, minimum=True, height=True)) + 45

    qtbot.waitUntil(shared, timeout=5000)
    assert _width(why, height=True) > why.height() - 30  # the chart would take more still
    assert influence.height() <= max(_width(influence, height=True), _width(influence, minimum=True, height=True)) + 45
    win.controller.shutdown()


@pytest.mark.parametrize("step_id", ["energy", "timeline"])
def test_a_one_panel_or_side_by_side_step_also_leaves_the_text_box_its_two_lines_only(qtbot, tmp_path, step_id):
    """A step with one panel (energy: the cost panel) or two side by side (timeline and next token) left the
    text box a third, empty line on a 1366x768 projector while the cost panel's figures ran below the fold."""
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    win = make_window(qtbot, tmp_path, lang="nl")
    win.resize(1366, 768)
    shipped = load_model(models_dir() / "tiny-gpt-nl-en")
    win.state.set_model(shipped)
    win.lesson.controller.models.update(default=shipped, masked=make_tiny_model(causal=False))
    win.lesson.start(0)
    steps = win.lesson.controller.lesson.steps
    step = [s.id for s in steps].index(step_id)
    win.lesson.controller.go(step)
    qtbot.waitUntil(lambda: win.state.trace is not None, timeout=20_000)
    win.presenter.enter_presentation()  # (full screen: 800x800 on the test platform)
    docks = [win.docks[p] for p in steps[step].panels]
    qtbot.waitUntil(lambda: all(d.isVisible() for d in docks))
    qtbot.wait(200)
    box = win.centralWidget()
    qtbot.waitUntil(lambda: box.height() <= box.minimumSizeHint().height() + 8, timeout=3000)
    room = win.height() - win.menuBar().height() - win.statusBar().height() - box.height()
    stacked = win.presenter.staged[2] == Qt.Vertical  # (800 pixels wide: the two are stacked)
    heights = [d.height() for d in docks]
    assert (sum(heights) if stacked else min(heights)) >= room - 40  # the panels have what the text box gave up
    win.controller.shutdown()


def _why_step(qtbot, win):
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    shipped = load_model(models_dir() / "tiny-gpt-nl-en")  # the panels' widths are those of the shipped model
    win.state.set_model(shipped)
    win.lesson.controller.models.update(default=shipped, masked=make_tiny_model(causal=False))
    win.lesson.start(0)
    why = [s.id for s in win.lesson.controller.lesson.steps].index("why")
    win.lesson.controller.go(why)
    qtbot.waitUntil(lambda: win.state.trace is not None, timeout=20_000)
    docks = [win.docks["contributions"], win.docks["attribution"]]
    qtbot.waitUntil(lambda: all(d.isVisible() for d in docks))
    return docks


def test_a_staged_step_counts_the_lesson_column_it_cannot_shrink(qtbot, tmp_path):
    """Presenting at 1920x1080, the Why step put its two panels side by side on the assumption that the lesson
    column would give up all but 340 px; its zoomed buttons keep it at about 520, so both panels were cut off
    under scroll bars. The lesson column's own minimum now counts, and the panels are stacked."""
    from explainer.gui.presentation import _width

    win = make_window(qtbot, tmp_path, lang="nl")
    win.resize(1918, 1054)
    win.set_zoom(1.4)  # (about what presenting on a 1920x1080 projector sets)
    docks = _why_step(qtbot, win)
    beside = win.lesson.controller.dock
    qtbot.wait(200)
    assert win.presenter.staged[2] == Qt.Vertical
    qtbot.waitUntil(lambda: all(d.width() >= _width(d, minimum=True) for d in docks), timeout=3000)
    assert beside.width() >= _width(beside, minimum=True)
    # stacked, each gets its own height first (half and half cut the Why chart off above a half-empty
    # panel), and short of room the same share of what it needs
    win.panels["contributions"].chart.setMinimumHeight(380)  # a Why panel that needs more than half

    def need():
        return [_width(d, minimum=True, height=True) + 30 for d in docks]

    def fitted():
        n, h = need(), [d.height() for d in docks]
        if sum(n) <= sum(h):  # room for both: each has what it needs
            return all(a >= b - 12 for a, b in zip(h, n))
        return abs(h[0] / n[0] - h[1] / n[1]) < 0.08  # short of room: the same share each

    qtbot.waitUntil(lambda: need()[0] > sum(d.height() for d in docks) / 2 + 40)
    qtbot.waitUntil(fitted, timeout=3000)
    win.panels["contributions"].chart.setMinimumHeight(1200)  # more than there is
    qtbot.waitUntil(lambda: sum(need()) > sum(d.height() for d in docks) + 100)
    qtbot.waitUntil(fitted, timeout=3000)
    win.set_zoom(1.0)
    win.controller.shutdown()


def test_a_staged_panel_that_comes_to_need_more_width_is_fitted_again(qtbot, tmp_path):
    """A staged step's layout was chosen once, from the panels' widths at that moment; a panel that needed
    more once its background answer came stayed cut off. A staged panel's new minimum width fits the stage
    again: side by side becomes stacked when the two no longer fit."""
    win = make_window(qtbot, tmp_path, lang="nl")
    win.resize(1918, 1054)
    docks = _why_step(qtbot, win)
    qtbot.wait(200)
    assert win.presenter.staged[2] == Qt.Horizontal  # at zoom 1 they fit beside each other
    win.panels["attribution"].summary.setMinimumWidth(1500)  # as a long answer would make it
    qtbot.waitUntil(lambda: win.presenter.staged[2] == Qt.Vertical, timeout=3000)
    qtbot.waitUntil(lambda: docks[1].width() >= 1400, timeout=3000)
    win.controller.shutdown()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_step_short_of_height_leaves_out_its_panels_explanations_and_shows_them_whole(qtbot, tmp_path, lang):
    """At 1366x768 the Why step stacks its two panels, and both scrolled a little: the Why chart's column names
    and the Attribution panel's last line were cut off. The lesson's own text explains both panels, so there a
    panel short of height leaves out its explanation line (kept as its tooltip) and shows the rest whole; the
    line is back after the step, and a window with room keeps it."""
    win = make_window(qtbot, tmp_path, lang=lang)
    win.resize(1366, 768)
    docks = _why_step(qtbot, win)
    panels = [win.panels["contributions"], win.panels["attribution"]]
    intros = [p.intro.text() for p in panels]
    qtbot.waitUntil(lambda: win.presenter.staged[2] == Qt.Vertical, timeout=15_000)  # (fitted as the panels settle)

    def whole():
        bars = [d.widget().verticalScrollBar() for d in docks]
        return all(b.maximum() == 0 for b in bars)

    qtbot.waitUntil(lambda: all(p.intro_folded() for p in panels), timeout=15_000)
    win.state.jobs.wait_idle()  # (while the attribution runs, its progress bar takes a line of its own)
    qtbot.waitUntil(whole, timeout=10_000)
    assert [p.toolTip() for p in panels] == intros  # the explanation is still there, under the pointer
    chart = panels[0].chart
    room = docks[0].widget().viewport()
    assert chart.mapTo(room, chart.rect().bottomLeft()).y() <= room.height()
    win.lesson.controller.go(win.lesson.controller.index - 1)  # the step before: no longer staged here
    qtbot.waitUntil(lambda: not any(p.intro_folded() for p in panels), timeout=3000)
    assert [p.toolTip() for p in panels] == ["", ""]
    win.controller.shutdown()

    roomy = make_window(qtbot, tmp_path / "roomy", lang=lang)
    roomy.resize(1918, 1054)
    _why_step(qtbot, roomy)
    qtbot.wait(300)
    assert not any(roomy.panels[p].intro_folded() for p in ("contributions", "attribution"))
    roomy.controller.shutdown()


def test_the_bias_step_short_of_height_leaves_out_the_how_to_line_before_its_caveat(qtbot, tmp_path):
    """Presenting the bias step at 1366x768 the panel's caveat (a tiny model's differences show its corpus, not
    the world) was cut off under the charts by a line on how to type a sentence, which the lesson explains. That
    line now folds away where the panel is short of height (its text stays as the tooltip), and comes back after
    the step. With the step's one-line sentence in the text box both fit; a sentence that wraps to three lines
    takes the room, and the stage is fitted again."""
    from explainer.core.checkpoints import load_model
    from explainer.paths import models_dir

    palette.apply_theme("light", scale=1.0)
    win = make_window(qtbot, tmp_path)
    win.resize(1366, 768)
    shipped = load_model(models_dir() / "tiny-gpt-nl-en")
    win.state.set_model(shipped)
    win.lesson.controller.models.update(default=shipped, masked=make_tiny_model(causal=False))
    win.lesson.start(0)
    win.presenter.enter_presentation()
    win.resize(1366, 768)  # the projector's full screen
    bias = win.panels["bias"]
    hint = bias.hint.text()
    win.lesson.controller.go([s.id for s in win.lesson.controller.lesson.steps].index("bias"))
    qtbot.waitUntil(lambda: win.docks["bias"].isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: bias.caveat.text() != "", timeout=15_000)
    room = win.docks["bias"].widget().viewport()
    # room for all: the line stays, and the whole caveat is in view under it
    qtbot.waitUntil(lambda: bias.caveat.mapTo(room, bias.caveat.rect().bottomLeft()).y() <= room.height(),
                    timeout=15_000)
    qtbot.wait(200)
    assert win.text_box.lines_shown() == 1
    assert not bias.intro_folded() and bias.hint.isVisible()
    long = " ".join(["He works in the city and she works in the town, every day of the week."] * 3)
    win.text_box.setPlainText(long)  # as typed: three lines tall now
    qtbot.waitUntil(lambda: win.text_box.lines_shown() == 3, timeout=5000)
    qtbot.waitUntil(bias.intro_folded, timeout=15_000)
    assert bias.toolTip() == hint
    qtbot.waitUntil(lambda: bias.caveat.mapTo(room, bias.caveat.rect().topLeft()).y() < room.height() - 40,
                    timeout=15_000)  # its first lines in view
    win.lesson.controller.go(win.lesson.controller.index - 1)
    qtbot.waitUntil(lambda: not bias.intro_folded(), timeout=3000)
    win.presenter.exit_presentation()
    win.controller.shutdown()


def _dock_sizes(win) -> dict:
    return {pid: (win.docks[pid].width(), win.docks[pid].height()) for pid in ("tokens", "attention", "next_token")} \
        | {"text": (win.text_box.width(), win.text_box.height())}


@pytest.mark.parametrize("reset", [True, False])
def test_leaving_presentation_mode_gives_the_docks_their_sizes_back(qtbot, tmp_path, reset):
    """Zoomed, the docks share the screen by their zoomed sizes, and zooming back kept those: after presenting
    at 1366x768 the tokens dock came back 63 px taller and half empty, the attention grid cut off at its last row.
    Leaving presentation mode now gives every dock the size it had. Without View → Reset layout first (a window
    made smaller by hand: the token strip at its least height) it came back 19 px taller in most runs: the dock's
    layout kept the least height the zoomed panel had."""
    palette.apply_theme("light", scale=1.0)  # the window's fonts as after presenting (the first test is unthemed)
    win = make_window(qtbot, tmp_path)
    win.resize(1366, 768)
    qtbot.waitUntil(lambda: win.size().width() == 1366)
    if reset:
        win.reset_layout()  # as the app starts at that size
    qtbot.wait(200)  # laid out
    before = _dock_sizes(win)
    assert all(win.docks[pid].isVisible() for pid in ("tokens", "attention", "next_token"))
    win.presenter.enter_presentation()
    qtbot.waitUntil(lambda: _dock_sizes(win)["tokens"] != before["tokens"])  # the zoom took its room
    win.presenter.exit_presentation()
    if win.size().width() != 1366:
        win.resize(1366, 768)  # as a window manager gives the window its size back
    qtbot.waitUntil(lambda: _dock_sizes(win) == before, timeout=3000)
    win.controller.shutdown()


def test_docks_opened_while_presenting_stay_open_after_it(qtbot, tmp_path):
    """The layout from before comes back only when the same panels are open: one the teacher opened while
    presenting stays open."""
    win = make_window(qtbot, tmp_path)
    closed = "quiz"
    win.docks[closed].close()  # the teacher's window without it
    win.presenter.enter_presentation()
    win.docks[closed].show()
    win.presenter.exit_presentation()
    qtbot.wait(100)
    assert not win.docks[closed].isHidden()
    win.controller.shutdown()


def test_a_lesson_started_just_after_presenting_keeps_its_own_layout(qtbot, tmp_path):
    """The layout from before presenting comes back a second time once the window has its size back; a lesson
    started in that moment had its steps' panels and its own dock put away by it (the tour showed step 1 without
    the lesson). Whatever arranges the docks after presenting keeps its arrangement."""
    win = make_window(qtbot, tmp_path)
    win.lesson.controller.models.update(default=win.state.model, masked=make_tiny_model(causal=False))
    win.presenter.enter_presentation()
    qtbot.wait(100)
    win.presenter.exit_presentation()
    win.resize(1366, 768)  # the window manager gives the window its size back, a moment later
    win.lesson.start(0)
    qtbot.wait(400)
    first = win.lesson.controller.step.panels
    assert win.lesson.isVisible()
    assert tuple(pid for pid, d in win.docks.items() if d.isVisible()) == first
    win.lesson.close()
    win.controller.shutdown()
