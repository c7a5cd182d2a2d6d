"""Animated export: the frames are the model's greedy steps or its checkpoints, and the files decode."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSettings

from explainer.core.analysis.frames import FramesError, generation_frames, spread, timeline_frames
from explainer.core.analysis.sampling import generate_text
from explainer.core.checkpoints import load_model
from explainer.gui import animation
from explainer.gui.main_window import MainWindow
from explainer.core.checkpoints.timeline import find_run
from explainer.paths import models_dir
from tests.installed.test_entry_points import run_installed


def test_generation_frames_grow_the_text_greedily(tiny_model):
    frames = generation_frames(tiny_model, "de kat zat", 5)
    assert len(frames) == 6 and [f.index for f in frames] == list(range(6))
    texts = [f.trace.text for f in frames]
    assert texts[0] == "de kat zat"
    # the same continuation as the sampling module's greedy generation, one token a frame
    assert texts[-1] == "de kat zat" + generate_text(tiny_model.model, tiny_model.tokenizer, "de kat zat", 5)
    for before, after in zip(frames, frames[1:]):
        choice = int(np.argmax(before.trace.logits_at(-1)))
        assert after.trace.text == before.trace.text + tiny_model.tokenizer.decode([choice])


def test_a_masked_model_cannot_generate_step_by_step(tiny_mlm):
    with pytest.raises(FramesError):
        generation_frames(tiny_mlm, "de [MASK] zat", 3)


def test_the_gif_has_one_frame_per_step_and_decodes(qtbot, tiny_model, tmp_path):
    frames = generation_frames(tiny_model, "de kat", 4)
    images = animation.record("next_token", frames, size=(520, 420), scale=1.0)
    assert len(images) == 5
    out = animation.write_animation(images, tmp_path / "steps.gif", frame_ms=300, last_ms=1200)
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.n_frames == 5
        durations = []
        for i in range(gif.n_frames):
            gif.seek(i)
            durations.append(gif.info["duration"])
            picture = gif.convert("RGB")
            assert picture.size == (images[0].width(), images[0].height())
    assert durations == [300, 300, 300, 300, 1200]
    # each frame is the panel as drawn for that step: the first and the last picture differ
    assert animation.to_pil(images[0]).tobytes() != animation.to_pil(images[-1]).tobytes()


def test_the_timeline_animation_walks_the_run_from_first_to_last(qtbot, tmp_path):
    shipped = models_dir() / "tiny-gpt-nl-en"
    snapshots = find_run(shipped)
    assert len(snapshots) >= 3
    frames = timeline_frames(snapshots, "De kat zat op de", max_frames=3)
    assert [f.step for f in frames] == [s.step for s in spread(snapshots, 3)]
    assert frames[0].step == snapshots[0].step and frames[-1].step == snapshots[-1].step
    direct = load_model(snapshots[-1].path)  # each frame is that checkpoint's own forward pass
    from explainer.core.trace import run

    np.testing.assert_allclose(frames[-1].trace.logits_at(-1),
                               run(direct.model, direct.tokenizer, "De kat zat op de").logits_at(-1), rtol=1e-4,
                               atol=1e-5)
    images = animation.record("timeline", frames, size=(600, 420))
    out = animation.write_animation(images, tmp_path / "timeline.gif")
    with Image.open(out) as gif:
        assert gif.n_frames == 3


def test_mp4_is_written_where_ffmpeg_is_installed_and_refused_clearly_where_not(qtbot, tiny_model, tmp_path):
    images = animation.record("tokens", generation_frames(tiny_model, "de kat", 2), size=(401, 301))
    if animation.mp4_available():
        import imageio_ffmpeg

        out = animation.write_animation(images, tmp_path / "steps.mp4", frame_ms=500, last_ms=1000)
        probe = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-i", str(out), "-f", "null", "-"],
                               capture_output=True, text=True)
        assert probe.returncode == 0, probe.stderr
        assert "h264" in probe.stderr
        # 0.5 s for the first two frames and 1 s for the last, at 10 frames a second
        frames_line = [line for line in probe.stderr.splitlines() if line.startswith("frame=")][-1]
        assert int(frames_line.split("=")[1].split()[0]) == 5 + 5 + 10
    else:
        with pytest.raises(animation.AnimationError, match="imageio-ffmpeg"):
            animation.write_animation(images, tmp_path / "steps.mp4")


def test_an_unknown_format_is_refused(qtbot, tiny_model, tmp_path):
    images = animation.record("tokens", generation_frames(tiny_model, "de", 1), size=(300, 200))
    with pytest.raises(animation.AnimationError, match="gif or .mp4"):
        animation.write_animation(images, tmp_path / "steps.avi")


def test_file_menu_exports_an_animation_without_blocking_the_window(qtbot, tmp_path, tiny_model):
    win = MainWindow(lang="en", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    win.set_text("de kat")
    exporter = win.animation
    exporter.show_dialogs = False
    assert exporter.action in win.menus.file.actions()
    out = tmp_path / "menu.gif"
    with qtbot.waitSignal(exporter.written, timeout=60000) as written:
        exporter.export("generate", "next_token", out, steps=3, frame_ms=400)
    assert written.args == [str(out)]
    with Image.open(out) as gif:
        assert gif.n_frames == 4
    assert win.state.text == "de kat"  # the window's own text and model are left as they were
    assert win.state.model is tiny_model
    with qtbot.waitSignal(exporter.failed, timeout=60000) as failed:
        exporter.export("timeline", "timeline", tmp_path / "none.gif")
    assert "timeline" in failed.args[0]
    win.controller.shutdown()


def test_render_animates_generation_from_the_installed_command(tmp_path):
    out = tmp_path / "generate.gif"
    result = run_installed("render", "--animate", "generate", "--steps", "3", "--text", "De kat zat op de",
                           "--size", "700x500", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 4 and gif.size[0] == 700
