"""Training panel: train a small model from text, or fine-tune the open one, while watching its loss fall.

Choose what to start from (a new model, or the open model to fine-tune), a
text file or folder (or paste text, or take the shipped fairy tales with one
click), for a new model a size and an objective, and press Start. The run
is the same library function ``explainer train`` calls, on the "training"
lane of ``AppState.jobs`` (on CUDA when there is one); the GUI gets one
report per step. The loss curve gains one point per logged step, tokens/s
and the samples update live, and checkpoints land in ``<output>/timeline/``:
open the trained model and the Timeline panel scrubs through them. After a
fine-tune, "Compare before and after" opens the fine-tuned model with the
original beside it in the Compare panel.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QApplication, QButtonGroup, QComboBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QSpinBox,
                               QVBoxLayout, QWidget)

from explainer.core.checkpoints import device_label, load_model
from explainer.core.checkpoints.locations import user_models_dir
from explainer.core.training import finetune
from explainer.core.training.data import example_text
from explainer.core.training.presets import OBJECTIVES, PRESETS
from explainer.core.training.train import TrainConfig, pick_device
from explainer.gui import numfmt, palette
from explainer.gui.explore.training_run import TrainingRun, timeline_steps, write_typed_text
from explainer.gui.panels._plots import styled_plot
from explainer.gui.panels._start_from import StartFromChoice, section
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.adaptive_split import AdaptiveSplitter
from explainer.gui.widgets.eliding_combo import ElidingCombo

REDRAW_MS = 250  # the curve is redrawn at most this often; every step is still recorded
NEW_MODEL_STEPS = 500
EXAMPLE = "sprookje"  # the shipped example text of the fine-tuning lesson (core.training.data.EXAMPLES)


class TrainingPanel(Panel):
    """What to start from, data, size and objective on the left; loss curve, speed and samples on the right.

    ``start()``, ``toggle_pause()`` and ``stop()`` drive the run; ``run`` is
    the TrainingRun in progress (or the last one). ``loss_points()`` returns
    the curve's (steps, losses), one pair per logged step. ``use_example()``
    picks the shipped fairy tales (and fine-tuning, when a model is open);
    ``compare_before_after()`` opens a finished fine-tune with its original.
    """

    panel_id = "training"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.run: TrainingRun | None = None
        self._steps: list[int] = []
        self._losses: list[float] = []
        self._val: list[tuple[int, float]] = []
        self._dirty = False
        self._base = None  # the model the last fine-tune started from: the comparison's "before"
        self._suggested = ""

        self.start_from = StartFromChoice(state)
        self.start_from.changed.connect(self._on_start_from_changed)
        self.from_file = QRadioButton(self.tr("Text file or folder"))
        self.from_typed = QRadioButton(self.tr("Typed or pasted text"))
        self.from_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.from_file)
        group.addButton(self.from_typed)
        self.data_path = QLineEdit()
        self.data_path.setPlaceholderText(self.tr("a .txt file, or a folder of .txt files"))
        file_button, folder_button = QPushButton(self.tr("File…")), QPushButton(self.tr("Folder…"))
        file_button.clicked.connect(lambda: self._choose_data(False))
        folder_button.clicked.connect(lambda: self._choose_data(True))
        path_row = QHBoxLayout()
        path_row.addWidget(self.data_path, 1)
        path_row.addWidget(file_button)
        path_row.addWidget(folder_button)
        self.example_button = QPushButton(self.tr("Example: fairy tale"))
        self.example_button.setToolTip(self.tr("A few Dutch fairy tales that come with the app. Fine-tune the "
                                               "open model on them and see \"Er was\" become \"Er was eens\"."))
        self.example_button.clicked.connect(self.use_example)
        self.typed = QPlainTextEdit()
        self.typed.setPlaceholderText(self.tr("Paste text here: one paragraph per line, the more the better."))
        self.typed.textChanged.connect(lambda: self.from_typed.setChecked(True))
        self.preset = ElidingCombo()
        for name, p in PRESETS.items():
            self.preset.addItem(self.tr("{n}: {l} layers × {h} heads, width {d}").format(
                n=name, l=p.n_layer, h=p.n_head, d=p.d_model), name)
        self.objective = ElidingCombo()
        labels = {"causal": self.tr("causal: predict the next token (like GPT)"),
                  "masked": self.tr("masked: fill in hidden tokens (like BERT)")}
        for name in OBJECTIVES:
            self.objective.addItem(labels.get(name, name), name)
        for combo in (self.preset, self.objective):  # long item texts must not widen the dock beyond a projector
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.steps = QSpinBox(minimum=1, maximum=1_000_000, value=NEW_MODEL_STEPS, singleStep=100)
        self.every = QSpinBox(minimum=1, maximum=100_000, value=50, singleStep=10)
        self.every.setToolTip(self.tr("Every this many steps: measure validation loss, write a sample and "
                                      "keep a checkpoint for the timeline"))
        self.out = QLineEdit()
        out_button = QPushButton(self.tr("Choose…"))
        out_button.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(out_button)
        self._suggest_out()

        self.start_button = QPushButton(self.tr("Start"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.open_button = QPushButton(self.tr("Open the trained model"))
        self.compare_button = QPushButton(self.tr("Compare before and after"))
        self.compare_button.setToolTip(self.tr("Open the fine-tuned model, with the model it started from beside "
                                               "it in the Compare panel"))
        for button, act in ((self.start_button, self.start), (self.pause_button, self.toggle_pause),
                            (self.stop_button, self.stop), (self.open_button, self.open_trained),
                            (self.compare_button, self.compare_before_after)):
            button.clicked.connect(act)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        left = QWidget()
        form = QFormLayout(left)
        form.addRow(self.start_from)
        form.addRow(section(self.tr("Learn from")))
        form.addRow(self.from_file)
        form.addRow(path_row)
        form.addRow(self.example_button)
        form.addRow(self.from_typed)
        form.addRow(self.typed)
        form.addRow(self.tr("Size"), self.preset)
        form.addRow(self.tr("Objective"), self.objective)
        form.addRow(self.tr("Steps"), self.steps)
        form.addRow(self.tr("Sample every"), self.every)
        form.addRow(self.tr("Save into"), out_row)
        form.addRow(buttons)
        form.addRow(self.open_button)
        form.addRow(self.compare_button)

        self.stats = QLabel(self.tr("Not training. Device: {d}").format(d=self.device_name()))
        self.stats.setProperty("role", "heading")
        self.stats.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.plot = styled_plot(self.tr("step"), self.tr("loss"))
        self.plot.setMinimumHeight(160)  # a readable loss curve; a short dock scrolls instead of crushing it
        self.plot.setXRange(0, self.steps.value())  # the run's steps (not 0.2 … 0.8), the curve grows towards its end
        self.steps.valueChanged.connect(lambda n: self.plot.setXRange(0, n))
        self.plot.addLegend(offset=(-10, 10), labelTextColor=palette.color("text"))
        self.curve = self.plot.plot([], [], pen=pg.mkPen(palette.color("accent"), width=2),
                                    name=self.tr("training loss"))
        self.val_curve = self.plot.plot([], [], pen=None, symbol="o", symbolSize=10,
                                        symbolBrush=palette.color("selection"), name=self.tr("validation loss"))
        self.samples = QPlainTextEdit()
        self.samples.setReadOnly(True)
        self.samples.setPlaceholderText(self.tr("Samples from the model appear here as it learns."))
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.stats)
        rl.addWidget(self.status)
        rl.addWidget(self.plot, 3)
        rl.addWidget(QLabel(self.tr("Samples")))
        rl.addWidget(self.samples, 2)
        split = AdaptiveSplitter(760, shares=(0.58, 0.5))  # narrow: the plot under the form; wide: the form wider
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(split)

        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.refresh)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._set_running(False)
        self.refresh()

    def title(self) -> str:
        return self.tr("Train a model")

    def short_title(self) -> str:
        return self.tr("Train")

    def redraw(self) -> None:
        """The loss curve; the rest of the panel follows the run, not the text or the model."""
        self._draw_curve()

    @staticmethod
    def device_name() -> str:
        return device_label(pick_device(None))

    # -- choices -------------------------------------------------------------------
    def _choose_data(self, folder: bool) -> None:
        if folder:
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder of text files"))
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Text file"), "",
                                                  self.tr("Text (*.txt);;All files (*)"))
        if path:
            self.data_path.setText(path)
            self.from_file.setChecked(True)

    def _choose_out(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Save the model into"))
        if path:
            self.out.setText(path)

    def _suggest_out(self) -> None:
        base = self.start_from.base() if self.start_from.fine_tune() else None
        stem = f"{Path(base.path).stem}-finetuned" if base is not None else "my-model"
        self._suggested = str(user_models_dir() / time.strftime(f"{stem}-%Y%m%d-%H%M%S"))
        self.out.setText(self._suggested)

    def _on_start_from_changed(self, fine_tune: bool) -> None:
        """A fine-tune keeps the model's size and objective, and needs fewer steps."""
        self.preset.setEnabled(not fine_tune)
        self.objective.setEnabled(not fine_tune)
        self.steps.setValue(finetune.STEPS if fine_tune else NEW_MODEL_STEPS)
        if self.out.text().strip() == self._suggested:  # never replace a folder the user chose
            self._suggest_out()

    def use_example(self) -> None:
        """The shipped fairy tales as the text, and fine-tuning the open model when there is one."""
        self.data_path.setText(str(example_text(EXAMPLE)))
        self.from_file.setChecked(True)
        self.start_from.choose_fine_tune()

    def config(self) -> TrainConfig:
        """The TrainConfig the controls describe (typed text is written into the output folder)."""
        base = None
        if self.start_from.fine_tune():
            base = self.start_from.base()
            if base is None:
                raise ValueError(self.tr("Open a model first: fine-tuning continues the open model."))
        out = Path(self.out.text().strip() or ".").expanduser()
        if self.from_typed.isChecked():
            text = self.typed.toPlainText()
            if not text.strip():
                raise ValueError(self.tr("There is no text to train on: type or paste some first."))
            data = str(write_typed_text(text, out))
        else:
            data = self.data_path.text().strip()
            if not data:
                raise ValueError(self.tr("Choose a text file or folder to train on."))
        steps, every = self.steps.value(), min(self.every.value(), self.steps.value())
        return TrainConfig(data=data, out=str(out), objective=None if base else self.objective.currentData(),
                           preset=self.preset.currentData(), steps=steps, eval_every=every,
                           save_every=max(every, min(500, steps)), snapshot_steps=timeline_steps(steps, every),
                           name=out.name, base=str(base.path) if base else None)

    # -- running --------------------------------------------------------------------
    def start(self) -> None:
        """Start a run with the settings shown; a problem is shown in the panel, nothing crashes."""
        if self.run is not None and self.run.is_running():
            return
        try:
            cfg = self.config()
        except (ValueError, OSError) as exc:
            self.status.setText(str(exc))
            return
        self._steps, self._losses, self._val = [], [], []
        self._base = self.start_from.base() if cfg.base else None
        self.samples.clear()
        self.status.setText(self.tr("Preparing the text and the model…"))
        self.run = TrainingRun(cfg, self.state.jobs, self)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        self.run.failed.connect(self._on_failed)
        self.run.start()
        self._set_running(True)
        self._timer.start()

    def toggle_pause(self) -> None:
        if self.run is None or not self.run.is_running():
            return
        if self.run.paused:
            self.run.resume()
            self.pause_button.setText(self.tr("Pause"))
            self.status.setText(self.tr("Training…"))
        else:
            self.run.pause()
            self.pause_button.setText(self.tr("Resume"))

    def stop(self) -> None:
        if self.run is not None and self.run.is_running():
            self.status.setText(self.tr("Stopping after this step and saving…"))
            self.run.stop()

    def shutdown(self) -> None:
        """Stop a running run and wait for its checkpoint (the app is closing)."""
        if self.run is not None and self.run.is_running():
            self.run.stop()
            self.run.wait(30)

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.pause_button.setText(self.tr("Pause"))
        has_model = self.run is not None and (Path(self.run.config.out) / "config.json").is_file()
        self.open_button.setEnabled(has_model and not running)
        self.compare_button.setEnabled(has_model and not running and self._base is not None)

    def _on_progress(self, p) -> None:
        if p.event == "step":
            self._steps.append(p.step)
            self._losses.append(p.loss)
            self._dirty = True
            self.stats.setText(numfmt.fill(self.tr("Step {s:,} of {n:,} · loss {l:.3f} · {r:,.0f} tokens/s · {d}"),
                s=p.step, n=p.total_steps, l=p.loss, r=p.tokens_per_s, d=self.device_name()))
        elif p.event == "eval":
            if p.val_loss is not None:
                self._val.append((p.step, p.val_loss))
                self._dirty = True
            if p.sample:
                self.samples.appendPlainText(self.tr("step {s}: {t}").format(s=p.step, t=p.sample))
        elif p.event == "checkpoint":
            self.status.setText(self.tr("Saved step {s} in {p}").format(s=p.step, p=p.path))
        elif p.event == "paused":
            self.status.setText(self.tr("Paused at step {s}.").format(s=p.step))

    def _on_finished(self, result) -> None:
        self._timer.stop()
        self._draw_curve()
        self._set_running(False)
        how = self.tr("Stopped") if result.stopped else self.tr("Done")
        text = (self.tr("{how} at step {s}. The fine-tuned model and its timeline from before to after are in "
                        "{p}. Compare before and after opens it beside the original.") if self._base is not None
                else self.tr("{how} at step {s}. The model and its timeline are in {p}."))
        self.status.setText(text.format(how=how, s=result.step, p=result.checkpoint))
        self._suggest_next_out()

    def _on_failed(self, message: str) -> None:
        self._timer.stop()
        self._draw_curve()
        self._set_running(False)
        self.status.setText(self.tr("Training stopped with a problem: {m}").format(m=message))

    def _suggest_next_out(self) -> None:
        last = self.run.config.out if self.run is not None else ""
        if self.out.text().strip() == last:
            self._suggest_out()  # a second Start must not write into the finished run

    def open_trained(self) -> None:
        """Load the last run's model (in the background) and make it the app's model."""
        if self.run is None:
            return
        self.status.setText(self.tr("Opening {p}…").format(p=self.run.config.out))
        self.state.jobs.submit(self, "open", self._load, self.run.config.out, done=self.state.set_model,
                               failed=self.status.setText)

    def compare_before_after(self) -> None:
        """Open the fine-tuned model (in the background) and show the model it started from beside it."""
        if self.run is None or self._base is None:
            return
        before = self._base
        self.status.setText(self.tr("Opening {p}…").format(p=self.run.config.out))
        self.state.jobs.submit(self, "open", self._load, self.run.config.out,
                               done=lambda after: self._show_before_after(after, before), failed=self.status.setText)

    def _show_before_after(self, after, before) -> None:
        self.state.set_model(after)
        self.state.request_comparison(before)
        self.status.setText(self.tr("A is the fine-tuned model, B the model it started from."))

    @staticmethod
    def _load(path: str):
        loaded = load_model(path)
        loaded.model.eval()
        return loaded

    # -- drawing ----------------------------------------------------------------------
    def _draw_curve(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self.curve.setData(self._steps, self._losses)
        if self._val:
            x, y = zip(*self._val)
            self.val_curve.setData(list(x), list(y))

    def loss_points(self) -> tuple[list[int], list[float]]:
        """The curve's points as drawn: one (step, training loss) per logged step."""
        self._draw_curve()
        x, y = self.curve.getData()
        return ([] if x is None else [int(v) for v in x]), ([] if y is None else [float(v) for v in y])
