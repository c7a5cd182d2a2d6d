"""Shared fixtures: tiny models built in the test, never downloaded.

With ``EXPLAINER_NO_SKIPS=1`` (``.ci/run`` sets it) a skipped or xfailed test, or a skipped
module, fails the run: in CI every test must run, so a missing package or tool cannot make
tests quietly disappear.
"""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite's numbers are checked against CPU references (transformers, hand computations), often to the last
# bit; on a machine with a GPU it computes on the CPU too, except tests/core/test_default_device.py, which drops
# this to run the app's own paths on the GPU and compare them with the CPU.
os.environ.setdefault("EXPLAINER_DEVICE", "cpu")

import pytest
import torch

from explainer.core.checkpoints.base import LoadedModel
from explainer.core.config import bert_config, gpt2_config
from explainer.core.tokenizers import CharTokenizer
from explainer.core.transformer import Transformer

ALPHABET = " .,!?'-[]abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüè0123456789\n"


def make_tiny_model(causal: bool = True, seed: int = 0, n_layer: int = 2, n_head: int = 2,
                    d_model: int = 16, max_seq_len: int = 64) -> LoadedModel:
    """A seeded random model with a character vocabulary; masked models get a [MASK] symbol."""
    torch.manual_seed(seed)
    tok = CharTokenizer({c: i for i, c in enumerate(ALPHABET)})
    make = gpt2_config if causal else bert_config
    cfg = make(vocab_size=tok.vocab_size, n_layer=n_layer, n_head=n_head, d_model=d_model,
               max_seq_len=max_seq_len, name="tiny-test" if causal else "tiny-test-mlm")
    model = Transformer(cfg).eval()
    with torch.no_grad():  # larger than the training init, so attention patterns are not flat
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return LoadedModel(model=model, tokenizer=tok, path=Path("tiny-test"), format="test")


@pytest.fixture
def tiny_model() -> LoadedModel:
    return make_tiny_model()


@pytest.fixture
def tiny_mlm() -> LoadedModel:
    return make_tiny_model(causal=False)


# -- no skips in CI ------------------------------------------------------------------
NO_SKIPS = "EXPLAINER_NO_SKIPS"


class NoSkips:
    """Registered as a plugin (not a conftest hook), so it sees every test, wherever its file lies."""

    def __init__(self) -> None:
        self.skipped: list[str] = []

    def _note(self, report) -> None:
        if report.skipped:
            what = "xfailed" if hasattr(report, "wasxfail") else "skipped"
            reason = report.wasxfail if what == "xfailed" else (
                report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr))
            where = report.nodeid if report.nodeid and not report.nodeid.startswith("::") \
                else f"{report.fspath}{report.nodeid}"  # a file outside the rootdir has no path in its id
            self.skipped.append(f"{what}: {where}: {reason}")

    def pytest_collectreport(self, report) -> None:  # a module-level skip
        self._note(report)

    def pytest_runtest_logreport(self, report) -> None:
        self._note(report)

    def pytest_sessionfinish(self, session) -> None:
        if self.skipped and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.skipped:
            title = f"{len(self.skipped)} skipped or xfailed with {NO_SKIPS}=1: the run fails"
            terminalreporter.write_sep("=", title, red=True, bold=True)
            for line in self.skipped:
                terminalreporter.write_line(line)


def pytest_configure(config) -> None:
    if os.environ.get(NO_SKIPS, "").strip().lower() in ("1", "true", "yes"):
        config.pluginmanager.register(NoSkips(), "explainer-no-skips")


def whole_percent(p: float) -> str:
    """What a lens cell writes for probability ``p``, by hand: a whole percentage, never "0 %" or "100 %" for
    what is not."""
    if 0 < p < 0.005:
        return "<1\u00a0%"
    if 0.995 <= p < 1:
        return ">99\u00a0%"
    return f"{100 * p:.0f}\u00a0%"
