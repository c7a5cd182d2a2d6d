"""Animated export for slides: one panel drawn frame by frame, written as GIF (or MP4).

An animation is a list of frames (``explainer.core.analysis.frames``): the
text growing token by token as the model generates greedily, or one text
through every checkpoint of a training run (the timeline scrubbed from the
first step to the last). Any panel can be drawn for them: the next-token
panel for generation, the timeline panel for a run, or the panel a lesson
step is about.

``FrameRecorder`` draws the frames: it gives a panel of its own an AppState
of its own, off screen (nothing appears and the window's state is never
touched), and for each frame hands that state the frame's model and Trace,
waits for the panel's jobs, and takes the picture under a caption (model,
text, selection and where the frame stands), one frame per turn of the event
loop so the window stays responsive. ``write_animation`` writes the
pictures: GIF with Pillow, MP4 with the ffmpeg that the ``imageio-ffmpeg``
package brings, where that package is installed. A still PNG stays the
default export (File → Export panel); this is the moving one.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from explainer.core.analysis.frames import FrameSource
from explainer.gui import palette
from explainer.gui.export import ExportError, atomic_write, render_image
from explainer.gui.figure import caption_lines, figure_image, strip_controls
from explainer.gui.panels import panel_class
from explainer.gui.state import AppState

FORMATS = (".gif", ".mp4")
FRAME_MS = 700  # how long each frame stays, long enough to read a new token
LAST_FRAME_MS = 2500  # the last frame stays longer, before the animation starts again
JOB_WAIT_S = 60.0  # the longest a frame waits for its panel's background work (a projection fit)
VIDEO_FPS = 10  # an MP4 shows each frame as a run of identical video frames at this rate


class AnimationError(ExportError):
    """An animation that cannot be written; the message says which file and why."""


def mp4_available() -> bool:
    """True where imageio-ffmpeg (and so an ffmpeg with an H.264 encoder) is installed."""
    return importlib.util.find_spec("imageio_ffmpeg") is not None


def frame_note(frame: FrameSource) -> str:
    """The caption's last line: which frame this is."""
    if frame.step is not None:
        return QCoreApplication.translate("Animation", "Checkpoint {i} of {n}").format(i=frame.index + 1,
                                                                                      n=frame.total)
    if frame.index == 0:
        return QCoreApplication.translate("Animation", "Generating greedily: the text to start from")
    return QCoreApplication.translate("Animation", "Generating greedily: token {i} of {n}").format(
        i=frame.index, n=frame.total - 1)


class FrameRecorder(QObject):
    """Draws panel ``panel_id`` once per frame, off screen (see the module text).

    ``start()`` begins; ``progress(done, total)`` follows each frame;
    ``finished(images)`` brings the QImages, ``failed(message)`` a problem.
    ``like`` is the window's AppState, whose selection and sampling settings
    the recording takes over.
    """

    progress = Signal(int, int)
    finished = Signal(list)
    failed = Signal(str)

    def __init__(self, panel_id: str, frames: list[FrameSource], size: tuple[int, int] = (1000, 640),
                 scale: float = 1.0, caption: bool = True, like: AppState | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.frames = list(frames)
        self.scale, self.caption = scale, caption
        self.images: list[QImage] = []
        self.state = AppState(self)
        if like is not None:
            self.state.set_sampling(like.temperature, like.top_k, like.top_p)
        self._like = like
        self.panel = panel_class(panel_id)(self.state)
        self.panel.setAttribute(Qt.WA_DontShowOnScreen)  # laid out and drawn like a shown panel, never seen
        self.panel.resize(*size)
        self._deadline = 0.0
        self.done = False

    def start(self) -> None:
        if not self.frames:
            self._finish_with(QCoreApplication.translate("Animation", "There is nothing to animate."))
            return
        self.panel.show()
        QTimer.singleShot(0, self, lambda: self._show(0))

    def _show(self, i: int) -> None:
        frame, st = self.frames[i], self.state
        if st.model is not frame.loaded:
            st.set_model(frame.loaded)
            if self._like is not None:
                st.select_layer(self._like.layer)
                st.select_head(self._like.head)
        st.set_text(frame.trace.text)
        st.accept_trace(st.next_request_id(), frame.trace)
        self.panel.refresh()
        self._deadline = time.monotonic() + JOB_WAIT_S
        QTimer.singleShot(0, self, lambda: self._grab(i))

    def _grab(self, i: int) -> None:
        if self.state.jobs.pending(self.panel) and time.monotonic() < self._deadline:
            QTimer.singleShot(20, self, lambda: self._grab(i))  # a panel's background work is still on its way
            return
        try:
            strip_controls(self.panel)  # a slide shows the content, not the buttons around it
            if self.caption:
                image = figure_image(self.panel, caption_lines(self.state) + [frame_note(self.frames[i])], self.scale)
            else:
                image = render_image(self.panel, self.scale)
        except ExportError as exc:
            self._finish_with(str(exc))
            return
        self.images.append(image)
        self.progress.emit(len(self.images), len(self.frames))
        if i + 1 < len(self.frames):
            QTimer.singleShot(0, self, lambda: self._show(i + 1))
        else:
            self._finish_with("")

    def _finish_with(self, problem: str) -> None:
        self.done = True
        self.state.jobs.shutdown(wait=False)
        self.panel.close()
        self.panel.deleteLater()
        if problem:
            self.failed.emit(problem)
        else:
            self.finished.emit(self.images)


def record(panel_id: str, frames: list[FrameSource], **kw) -> list[QImage]:
    """Draw all frames now, running the event loop until done (the command line and tests)."""
    app = QCoreApplication.instance()
    recorder = FrameRecorder(panel_id, frames, **kw)
    problems: list[str] = []
    recorder.failed.connect(problems.append)
    recorder.start()
    while not recorder.done:
        app.processEvents()
        time.sleep(0.005)
    if problems:
        raise AnimationError(problems[0])
    return recorder.images


# -- writing -------------------------------------------------------------------------
def to_pil(image: QImage):
    """A QImage as a Pillow RGB image (its own copy of the pixels)."""
    from PIL import Image

    rgb = image.convertToFormat(QImage.Format_RGB888)
    w, h = rgb.width(), rgb.height()
    return Image.frombuffer("RGB", (w, h), bytes(rgb.constBits()), "raw", "RGB", rgb.bytesPerLine(), 1).copy()


def _same_size(pictures: list, multiple: int = 1) -> list:
    """Every picture on a canvas of the largest width and height (rounded up to ``multiple``), top left."""
    from PIL import Image

    w = max(p.width for p in pictures)
    h = max(p.height for p in pictures)
    w, h = -(-w // multiple) * multiple, -(-h // multiple) * multiple
    fill = palette.color("window")
    out = []
    for p in pictures:
        if p.size == (w, h):
            out.append(p)
            continue
        canvas = Image.new("RGB", (w, h), (fill.red(), fill.green(), fill.blue()))
        canvas.paste(p, (0, 0))
        out.append(canvas)
    return out


def write_gif(images: list[QImage], path: str | Path, frame_ms: int = FRAME_MS, last_ms: int = LAST_FRAME_MS) -> Path:
    """An endlessly looping GIF, one picture per frame; the last one stays ``last_ms``."""
    from PIL import Image

    path = Path(path)
    pictures = _same_size([to_pil(i) for i in images])
    # one palette per frame, without dithering: flat interface colours and sharp text stay clean
    frames = [p.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) for p in pictures]
    durations = [int(frame_ms)] * (len(frames) - 1) + [int(max(last_ms, frame_ms))]

    def write(tmp: Path) -> bool:
        frames[0].save(tmp, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
        return True

    if not atomic_write(path, write):
        raise AnimationError(QCoreApplication.translate("Animation", "{p}: the animation could not be written")
                             .format(p=path))
    return path


def write_mp4(images: list[QImage], path: str | Path, frame_ms: int = FRAME_MS, last_ms: int = LAST_FRAME_MS) -> Path:
    """An H.264 video (plays in every slide program) at ``VIDEO_FPS``, each frame held ``frame_ms``."""
    if not mp4_available():
        raise AnimationError(QCoreApplication.translate(
            "Animation", "MP4 needs the imageio-ffmpeg package, which is not installed; GIF works without it."))
    import imageio_ffmpeg

    path = Path(path)
    pictures = _same_size([to_pil(i) for i in images], multiple=2)  # H.264's colour format needs even sizes
    per = max(1, round(frame_ms * VIDEO_FPS / 1000))
    last = max(per, round(last_ms * VIDEO_FPS / 1000))

    def write(tmp: Path) -> bool:
        writer = imageio_ffmpeg.write_frames(str(tmp), pictures[0].size, fps=VIDEO_FPS, codec="libx264",
                                             pix_fmt_out="yuv420p", macro_block_size=2, quality=8)
        writer.send(None)  # starts ffmpeg
        try:
            for i, picture in enumerate(pictures):
                data = picture.tobytes()
                for _ in range(last if i == len(pictures) - 1 else per):
                    writer.send(data)
        finally:
            writer.close()
        return True

    if not atomic_write(path, write):
        raise AnimationError(QCoreApplication.translate("Animation", "{p}: the animation could not be written")
                             .format(p=path))
    return path


def write_animation(images: list[QImage], path: str | Path, frame_ms: int = FRAME_MS,
                    last_ms: int = LAST_FRAME_MS) -> Path:
    """Write ``images`` to ``path``: the suffix picks GIF or MP4."""
    path = Path(path)
    if not images:
        raise AnimationError(QCoreApplication.translate("Animation", "There is nothing to animate."))
    suffix = path.suffix.lower()
    if suffix == ".gif":
        return write_gif(images, path, frame_ms, last_ms)
    if suffix == ".mp4":
        return write_mp4(images, path, frame_ms, last_ms)
    raise AnimationError(QCoreApplication.translate("Animation", "{p}: unknown format; use .gif or .mp4")
                         .format(p=path))
