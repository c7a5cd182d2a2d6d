"""Fine-tuning: ``train(TrainConfig(base=…))`` and ``explainer train --from``.

Numbers are checked against what the loop did not compute itself: the first
reported loss against transformers' own loss on the same windows, the memory
figure against the gradients and AdamW state torch really allocates and the
tensors autograd really keeps, the lesson against the shipped model's
predictions before and after. Runs are a few steps of tiny models (the
shipped one on short windows): seconds on one core.
"""

from __future__ import annotations

import threading
from pathlib import Path

import gguf
import pytest
import torch

from explainer.cli import main as cli_main
from explainer.core.checkpoints import header_config, load_model, memory
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.checkpoints.timeline import find_timeline
from explainer.core.config import gpt2_config
from explainer.core.training import data as D
from explainer.core.training import finetune
from explainer.core.training.evaluate import causal_loss
from explainer.core.training.train import TrainConfig, train
from explainer.core.transformer import Transformer
from explainer.paths import models_dir
from tests.conftest import make_tiny_model
from tests.installed.test_entry_points import run_installed
from test_loaders_gguf import write_llama_like
from test_loaders_huggingface import save_folder
from test_loaders_nanogpt import CHARS, args as nanogpt_args, nanogpt_state, write_ckpt, write_meta

LINES = ["er was eens een kat die op de mat zat en graag in de zon lag.",
         "de kat at een vis en ging daarna weer slapen op de warme mat.",
         "op een dag kwam er een hond die met de kat wilde spelen in de tuin.",
         "en ze leefden nog lang en gelukkig, de kat en de hond samen."]
SHIPPED = models_dir() / "tiny-gpt-nl-en"


@pytest.fixture(autouse=True)
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def text(tmp_path) -> Path:
    path = tmp_path / "text.txt"
    path.write_text("\n".join(LINES * 3) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def native_base(tmp_path) -> Path:
    tiny = make_tiny_model(seed=4)
    return save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "base", {"step": 77, "languages": ["nl"]})


def fine_tune(base, data, out, **kw) -> TrainConfig:
    settings = dict(data=str(data), out=str(out), base=str(base), objective=None, steps=2, eval_every=2,
                    batch_size=2, max_seq_len=16, seed=5)
    settings.update(kw)
    return TrainConfig(**settings)


def first_windows(loaded, data, cfg: TrainConfig) -> torch.Tensor:
    """The windows of the run's first step, cut from the text as the run cuts them (seeded by ``cfg.seed``)."""
    stream = D.encode_stream(loaded.tokenizer, D.load_splits(data, short_ok=True).train)
    starts = D.window_starts(stream, cfg.batch_size, cfg.max_seq_len + 1, torch.Generator().manual_seed(cfg.seed))
    return D.cut_windows(stream, starts, cfg.max_seq_len + 1)  # (B, T+1)


def step_losses(reports) -> list[float]:
    return [p.loss for p in reports if p.event == "step"]


def next_token_p(loaded_model, tokenizer, prefix: str, word: str) -> float:
    (target,) = tokenizer.encode(word).ids
    with torch.no_grad():
        logits = loaded_model(torch.tensor([tokenizer.encode(prefix).ids]))[0, -1]
    return float(torch.softmax(logits, -1)[target])


# -- the numbers of a run ------------------------------------------------------------------------
def test_the_first_reported_loss_is_transformers_loss_on_the_same_windows(tmp_path, text):
    folder = tmp_path / "gpt2"
    hf = save_folder("gpt2", folder)
    cfg = fine_tune(folder, text, tmp_path / "out", steps=1, eval_every=1)
    reports = []
    train(cfg, reports.append)
    windows = first_windows(load_model(folder), text, cfg)
    with torch.no_grad():
        expected = hf(input_ids=windows, labels=windows).loss  # transformers shifts the labels itself
    assert step_losses(reports)[0] == pytest.approx(float(expected), rel=1e-5)


def test_rounded_weights_are_never_trained(tmp_path, text, native_base, monkeypatch):
    """Even where the app computes in bfloat16, the fine-tune starts from the file's float32 weights."""
    monkeypatch.setenv("EXPLAINER_PRECISION", "bfloat16")
    cfg = fine_tune(native_base, text, tmp_path / "out", steps=1, eval_every=1)
    reports = []
    result = train(cfg, reports.append)
    exact = load_model(native_base, device="cpu", precision="float32")
    rounded = load_model(native_base, device="cpu")  # what the window would hold: linear weights in bfloat16
    assert rounded.model.blocks[0].mlp.fc_in.weight.dtype == torch.bfloat16
    windows = first_windows(exact, text, cfg)
    with torch.no_grad():
        float32_loss, bf16_loss = float(causal_loss(exact.model, windows)), float(causal_loss(rounded.model, windows))
    assert step_losses(reports)[0] == pytest.approx(float32_loss, rel=1e-6)
    assert bf16_loss != pytest.approx(float32_loss, rel=1e-6)  # rounded weights would fail the comparison above
    assert {p.dtype for p in result.model.parameters()} == {torch.float32}


def test_the_result_differs_and_its_timeline_runs_from_before_to_after(tmp_path, text, native_base):
    out = tmp_path / "out"
    result = train(fine_tune(native_base, text, out, steps=4, snapshot_steps=[2]))
    assert [s.step for s in find_timeline(out)] == [0, 2, 4]
    base, after, before = load_model(native_base), load_model(out), load_model(out / "timeline" / "step-000000")
    ids = torch.tensor([base.tokenizer.encode(LINES[0]).ids])
    with torch.no_grad():
        base_logits, after_logits, before_logits = base.model(ids), after.model(ids), before.model(ids)
        assert torch.equal(after_logits, result.model(ids))
    torch.testing.assert_close(before_logits, base_logits, atol=0.05, rtol=0.01)  # a float16 copy of the original
    assert (after_logits - base_logits).abs().max() > 0.1
    meta = after.metadata
    assert meta["base"] == {"path": str(native_base), "name": "tiny-test", "format": "explainer", "step": 77,
                            "languages": ["nl"]}
    assert meta["languages"] == ["nl"] and meta["objective"] == "causal" and meta["window"] == 16
    assert after.name == "out" and [h["step"] for h in meta["history"]] == [0, 2, 4]
    assert meta["history"][-1]["val_loss"] < meta["history"][0]["val_loss"]


def test_a_stopped_fine_tune_resumes_exactly(tmp_path, text, native_base):
    whole = train(fine_tune(native_base, text, tmp_path / "whole", steps=4))
    stop = threading.Event()
    part = tmp_path / "part"
    first = train(fine_tune(native_base, text, part, steps=4), lambda p: p.step == 2 and stop.set(), stop=stop)
    assert first.stopped and first.step == 2
    resumed = train(TrainConfig(data=str(text), out=str(part), resume=str(part), objective=None, steps=4))
    assert resumed.step == 4 and resumed.tokens_seen == whole.tokens_seen == 4 * 2 * 16
    for (name, a), b in zip(whole.model.state_dict().items(), resumed.model.state_dict().values()):
        torch.testing.assert_close(a, b, atol=1e-6, rtol=0, msg=name)
    assert [s.step for s in find_timeline(part)] == [0, 4]  # before and after, also across a stop


def test_the_shipped_model_learns_the_fairy_tales(tmp_path):
    """The lesson: a few steps on the shipped tales raise P(" eens" | "Er was") and P(" gelukkig" | "… lang en")."""
    out = tmp_path / "sprookje"
    probes = [("Er was", " eens"), ("En ze leefden nog lang en", " gelukkig")]
    base = load_model(SHIPPED, device="cpu", precision="float32")
    before = [next_token_p(base.model, base.tokenizer, *q) for q in probes]
    train(TrainConfig(data="sprookje", out=str(out), base="tiny-gpt-nl-en", objective=None, steps=8, eval_every=8,
                      batch_size=4, max_seq_len=64))
    after_model = load_model(out, device="cpu")
    after = [next_token_p(after_model.model, after_model.tokenizer, *q) for q in probes]
    assert after[0] > max(before[0] + 0.15, 0.8) and after[1] > 3 * before[1], (before, after)
    assert [s.step for s in find_timeline(out)] == [0, 8]
    snap = load_model(out / "timeline" / "step-000000", device="cpu")
    assert next_token_p(snap.model, snap.tokenizer, *probes[0]) == pytest.approx(before[0], abs=0.01)
    assert after_model.metadata["base"]["path"] == str(SHIPPED)


def test_the_fairy_tales_ship_as_a_resource():
    path = D.example_text("sprookje")
    paragraphs = D.read_paragraphs(path)
    assert path.parts[-3:] == ("resources", "examples", "sprookje.nl.txt") and len(paragraphs) >= 6
    assert sum(p.startswith("Er was eens") for p in paragraphs) >= 6
    assert D.load_splits("sprookje").files == [path]


# -- every architecture the app opens -----------------------------------------------------------
def make_base(kind: str, folder: Path) -> Path:
    folder.mkdir()
    if kind in ("gpt2", "llama", "qwen2", "neox"):
        save_folder(kind, folder)
        return folder
    if kind == "nanogpt":
        write_ckpt(folder / "ckpt.pt", nanogpt_state(), nanogpt_args())
        write_meta(folder / "meta.pkl")
        return folder / "ckpt.pt"
    path = folder / "tiny.gguf"
    write_llama_like(path, "qwen2" if kind == "gguf-qwen2-q4" else "llama", gguf.GGMLQuantizationType.Q4_1
                     if kind == "gguf-qwen2-q4" else gguf.GGMLQuantizationType.Q8_0)
    return path


@pytest.mark.parametrize("kind", ["gpt2", "llama", "qwen2", "neox", "nanogpt", "gguf-llama-q8", "gguf-qwen2-q4"])
def test_every_causal_architecture_fine_tunes_and_reopens(tmp_path, text, kind):
    if kind == "nanogpt":  # a character vocabulary: the text in its characters
        text.write_text("\n".join(line.replace(",", "") for line in LINES * 3) + "\n", encoding="utf-8")
        assert set(text.read_text()) <= set(CHARS)
    base = make_base(kind, tmp_path / kind)
    out = tmp_path / "out"
    result = train(fine_tune(base, text, out))
    original = load_model(base, device="cpu", precision="float32")
    after = load_model(out, device="cpu", precision="float32")
    assert after.format == "explainer" and after.cfg.family == original.cfg.family
    assert after.cfg.to_dict() | {"name": ""} == original.cfg.to_dict() | {"name": ""}
    ids = torch.tensor([original.tokenizer.encode(LINES[1]).ids[:16]])
    assert after.tokenizer.encode(LINES[1]).ids[:16] == ids[0].tolist()
    with torch.no_grad():
        assert torch.equal(after.model(ids), result.model(ids))
        assert (after.model(ids) - original.model(ids)).abs().max() > 1e-3
    assert [s.step for s in find_timeline(out)] == [0, 2]


def test_a_masked_model_fine_tunes_with_the_masked_objective(tmp_path, text):
    folder = tmp_path / "bert"
    folder.mkdir()
    save_folder("bert", folder)
    reports = []
    result = train(fine_tune(folder, text, tmp_path / "out", steps=3, eval_every=3), reports.append)
    after = load_model(tmp_path / "out")
    assert after.metadata["objective"] == "masked" and not after.cfg.causal
    assert all(0 < loss < 20 for loss in step_losses(reports)) and result.val_loss is not None
    original = load_model(folder)
    changed = [n for (n, a), b in zip(original.model.state_dict().items(), after.model.state_dict().values())
               if not torch.equal(a, b)]
    assert "blocks.0.attn.q_proj.weight" in changed


def test_the_model_keeps_its_own_objective(tmp_path, text, native_base):
    with pytest.raises(ValueError, match="a causal model cannot be trained with the masked objective"):
        train(fine_tune(native_base, text, tmp_path / "out", objective="masked"))


# -- small texts ---------------------------------------------------------------------------------
def test_a_text_shorter_than_one_window_still_fine_tunes(tmp_path, native_base):
    short = tmp_path / "short.txt"
    short.write_text("er was eens een kat.\n", encoding="utf-8")  # 20 characters and a separator: 21 tokens
    result = train(fine_tune(native_base, short, tmp_path / "out", batch_size=None, max_seq_len=None))
    meta = load_model(tmp_path / "out").metadata
    assert meta["window"] == 20 and meta["batch_size"] == 1  # the whole text is one window, its last token a target
    assert set(meta["val_losses"]) == {"train"} and result.tokens_seen == 2 * 20


def test_windows_and_batches_fit_the_text(native_base):
    plan = finetune.plan(native_base, steps=300)
    assert (plan.window, plan.batch_size, plan.lr, plan.warmup) == (64, 8, 3e-4, 20)  # the tiny model's context
    assert plan.fitted(1000).batch_size == 8 and plan.fitted(100).batch_size == 1
    assert plan.fitted(100).max_seq_len == 64 and plan.fitted(30).max_seq_len == 29
    with pytest.raises(finetune.FineTuneError, match="too little to fine-tune"):
        plan.fitted(2)
    with pytest.raises(finetune.FineTuneError, match="longer than the model's context window of 64"):
        finetune.plan(native_base, steps=300, window=65)


def test_learning_rates_fall_with_model_size():
    assert finetune.defaults_for(7_400_000) == (3e-4, 8)
    assert finetune.defaults_for(135_000_000) == (1e-4, 4)
    assert finetune.defaults_for(1_100_000_000) == (3e-5, 2)
    assert finetune.warmup_for(300) == 20 and finetune.warmup_for(30) == 3 and finetune.warmup_for(2) == 1


# -- memory --------------------------------------------------------------------------------------
def test_the_memory_need_is_what_torch_allocates_for_a_step():
    """Weights, gradients and AdamW's moments as torch holds them after one step; activations as autograd keeps them."""
    cfg = gpt2_config(vocab_size=500, n_layer=2, n_head=2, d_model=32, max_seq_len=32)
    need = finetune.memory_need(cfg, batch_size=4, window=32)
    model = Transformer(cfg).train()
    params = {id(p): p for p in model.parameters()}.values()
    opt = torch.optim.AdamW(params)
    kept = []

    def pack(t):
        kept.append(t.untyped_storage())
        return t

    ids = torch.randint(0, 500, (4, 33))
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = causal_loss(model, ids)
    loss.backward()
    opt.step()
    assert need.params == sum(p.numel() for p in params)
    assert need.weights == sum(p.numel() * p.element_size() for p in params)
    assert need.gradients == sum(p.grad.numel() * p.grad.element_size() for p in params)
    assert need.optimizer == sum(v.numel() * v.element_size() for s in opt.state.values()
                                 for k, v in s.items() if k in ("exp_avg", "exp_avg_sq"))
    storages = {s.data_ptr(): s.nbytes() for s in kept if s.data_ptr() not in {p.data_ptr() for p in params}}
    saved = sum(storages.values())
    assert saved <= need.activations <= 3 * saved, (saved, need.activations)
    assert need.total == need.weights + need.gradients + need.optimizer + need.activations


def test_a_run_that_does_not_fit_is_refused_before_anything_is_read(tmp_path, text, monkeypatch):
    opened = []
    monkeypatch.setattr(finetune, "load_model", lambda *a, **k: opened.append(a))
    monkeypatch.setattr(memory, "available_bytes", lambda device="cpu": 50_000_000)  # 50 MB free
    with pytest.raises(finetune.FineTuneError) as err:
        train(TrainConfig(data=str(text), out=str(tmp_path / "out"), base="tiny-gpt-nl-en", objective=None))
    message = str(err.value)
    assert message.startswith(f"{SHIPPED}: too large to fine-tune on this computer")
    for figure in ("7,419,392 parameters", "30 MB for the weights", "59 MB for the optimiser", "8 windows of "
                   "256 tokens", "and 50 MB is free"):
        assert figure in message
    assert not opened and not (tmp_path / "out").exists()


def test_the_memory_check_compares_the_need_with_the_free_memory_given(native_base):
    _fmt, _path, cfg = header_config(native_base)
    need = finetune.memory_need(cfg, 8, 64)
    finetune.check_memory(need, native_base, "cpu", free_bytes=need.total)
    with pytest.raises(finetune.FineTuneError, match="too large"):
        finetune.check_memory(need, native_base, "cpu", free_bytes=need.total - 1)
    finetune.plan(native_base, 300, free_bytes=need.total)
    with pytest.raises(finetune.FineTuneError):
        finetune.plan(native_base, 300, free_bytes=need.total - 1)


# -- the command line ------------------------------------------------------------------------------
def test_the_command_fine_tunes_and_says_before_and_after(tmp_path, text, native_base, capsys):
    out = tmp_path / "out"
    assert cli_main(["train", "--from", str(native_base), str(text), "--out", str(out), "--steps", "2",
                     "--batch-size", "2", "--context", "16", "--eval-every", "2"]) == 0
    printed = capsys.readouterr().out
    meta = load_model(out).metadata
    before, after = meta["history"][0]["val_loss"], meta["history"][-1]["val_loss"]
    assert f"fine-tuning {native_base} on {text} for 2 steps" in printed
    assert f"validation loss {before:.4f} before, {after:.4f} after" in printed
    assert meta["peak_lr"] == 3e-4 and meta["base"]["path"] == str(native_base)


@pytest.mark.parametrize("extra, problem", [(["--preset", "nano"], "--preset only apply to a new model"),
                                            (["--layers", "2", "--tokenizer", "t.json"], "--layers, --tokenizer"),
                                            (["--resume", "x"], "--resume continues a run")])
def test_the_command_refuses_what_a_fine_tune_cannot_use(tmp_path, text, native_base, capsys, extra, problem):
    assert cli_main(["train", "--from", str(native_base), str(text), "--out", str(tmp_path / "o"), *extra]) == 2
    assert problem in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_the_installed_command_fine_tunes_the_shipped_model_on_the_shipped_tales(tmp_path):
    out = tmp_path / "tales"
    result = run_installed("train", "--from", "tiny-gpt-nl-en", "sprookje", "--out", str(out), "--steps", "2",
                           "--batch-size", "2", "--context", "32", "--eval-every", "2", "--threads", "1",
                           cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "validation loss" in result.stdout and "before" in result.stdout
    loaded = load_model(out)
    assert loaded.metadata["base"]["name"] == "tiny-gpt-nl-en" and loaded.metadata["step"] == 2
    assert [s.step for s in find_timeline(out)] == [0, 2]
