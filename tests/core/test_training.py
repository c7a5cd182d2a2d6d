"""The training loop, checkpoints and resume, BERT masking, and ``explainer eval``.

Every run here is the "nano" preset on a few KB of text, a few dozen steps:
seconds on one core.
"""

import math
import random
import threading

import pytest
import torch
import torch.nn.functional as F

from explainer.cli import main as cli_main
from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.training import data as D
from explainer.core.training.evaluate import final_resid, masked_loss, score_paragraph
from explainer.core.training.presets import PRESETS, model_config
from explainer.core.training.train import TrainConfig, lr_at, train
from explainer.core.transformer import Transformer
from tests.conftest import make_tiny_model

WORDS = ("de kat zat op mat het weer is vandaag mooi en hond liep naar huis "
         "the cat sat on a dog walked home once upon time there was king").split()


@pytest.fixture(scope="module")
def text_file(tmp_path_factory):
    rng = random.Random(0)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
             for _ in range(300)]  # about 18 KB
    path = tmp_path_factory.mktemp("text") / "small.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def nano(text_file, out, **kw) -> TrainConfig:
    base = dict(data=str(text_file), out=str(out), preset="nano", steps=40, eval_every=20,
                save_every=20, eval_windows=16, threads=1, seed=3)
    base.update(kw)
    return TrainConfig(**base)


def test_loss_goes_down_and_progress_is_reported(text_file, tmp_path):
    reports = []
    result = train(nano(text_file, tmp_path / "run"), reports.append)
    first, last = result.history[0], result.history[-1]
    assert first["step"] == 0 and last["step"] == 40
    assert first["val_loss"] == pytest.approx(math.log(result.model.cfg.vocab_size), abs=0.5)
    assert last["val_loss"] < first["val_loss"] - 1.0
    steps = [p for p in reports if p.event == "step"]
    assert [p.step for p in steps] == list(range(1, 41))
    assert steps[-1].loss < steps[0].loss and steps[-1].tokens_per_s > 0
    assert steps[-1].tokens_seen == 40 * PRESETS["nano"].batch_size * PRESETS["nano"].max_seq_len
    evals = [p for p in reports if p.event == "eval"]
    assert [p.step for p in evals] == [0, 20, 40] and all(p.sample for p in evals)
    assert reports[-1].event == "done"


def test_saved_checkpoint_gives_identical_logits(text_file, tmp_path):
    result = train(nano(text_file, tmp_path / "run", steps=20))
    loaded = load_model(result.checkpoint)
    assert loaded.metadata["step"] == 20 and loaded.metadata["tokens_seen"] == result.tokens_seen
    assert loaded.metadata["val_loss"] == pytest.approx(result.val_loss)
    assert loaded.metadata["wall_time_s"] > 0 and "train_loss" in loaded.metadata
    ids = torch.tensor([result.tokenizer.encode("De kat zat op de mat.").ids])
    with torch.no_grad():
        assert torch.equal(result.model(ids), loaded.model(ids))


def test_stop_then_resume_continues_exactly(text_file, tmp_path):
    whole = train(nano(text_file, tmp_path / "whole"))
    stop = threading.Event()

    def stop_at_25(p):
        if p.event == "step" and p.step == 25:
            stop.set()

    first = train(nano(text_file, tmp_path / "part"), stop_at_25, stop=stop)
    assert first.stopped and first.step == 25
    assert (tmp_path / "part" / "optimizer.pt").is_file()
    # a resumed run keeps the preset and batch size it was started with
    resumed = train(nano(text_file, tmp_path / "part", preset="tiny", resume=str(tmp_path / "part")))
    assert not resumed.stopped and resumed.step == 40
    assert resumed.tokens_seen == whole.tokens_seen
    for (name, a), b in zip(whole.model.state_dict().items(), resumed.model.state_dict().values()):
        assert torch.allclose(a, b, atol=1e-6), name
    assert load_model(tmp_path / "part").metadata["step"] == 40


def test_fresh_run_refuses_to_overwrite_a_checkpoint(text_file, tmp_path):
    train(nano(text_file, tmp_path / "run", steps=2))
    with pytest.raises(ValueError, match="already holds"):
        train(nano(text_file, tmp_path / "run", steps=2))


def test_timeline_snapshots_are_fp16_with_step_and_loss(text_file, tmp_path):
    train(nano(text_file, tmp_path / "run", steps=20, snapshot_steps=[0, 10, 20]))
    folders = sorted((tmp_path / "run" / "timeline").iterdir())
    assert [f.name for f in folders] == ["step-000000", "step-000010", "step-000020"]
    from safetensors.torch import load_file
    for folder, step in zip(folders, (0, 10, 20)):
        meta = load_model(folder).metadata
        assert meta["step"] == step and meta["val_loss"] > 0
        assert load_file(str(folder / "model.safetensors"))["wte.weight"].dtype == torch.float16


def test_lr_schedule_warms_up_then_decays():
    lrs = [lr_at(s, 1.0, 10, 100, 0.1) for s in range(100)]
    assert lrs[0] == pytest.approx(0.1) and lrs[9] == pytest.approx(1.0)
    assert all(a >= b for a, b in zip(lrs[9:], lrs[10:])) and lrs[-1] == pytest.approx(0.1, abs=1e-3)


def test_masking_follows_bert_80_10_10():
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(6, 500, (64, 512), generator=gen)
    ids[:, ::50] = 0  # separators must never be picked
    inputs, labels = D.mask_tokens(ids, mask_id=5, vocab_size=500, never=[0, 1, 2, 3, 4, 5], gen=gen)
    picked = labels != -100
    assert picked.float().mean().item() == pytest.approx(0.15 * 0.98, abs=0.005)
    assert not picked[ids == 0].any() and torch.equal(labels[picked], ids[picked])
    masked = (inputs == 5) & picked
    unchanged = (inputs == ids) & picked
    random_ = picked & ~masked & ~unchanged
    n = picked.sum().item()
    assert masked.sum().item() / n == pytest.approx(0.8, abs=0.02)
    assert unchanged.sum().item() / n == pytest.approx(0.1, abs=0.02)  # random may hit the same id: rare
    assert random_.sum().item() / n == pytest.approx(0.1, abs=0.02)
    assert inputs[random_].min() >= 6 and torch.equal(inputs[~picked], ids[~picked])


def test_masked_loss_equals_full_cross_entropy_at_masked_positions():
    cfg = model_config("masked", 300, PRESETS["nano"])
    assert not cfg.causal and cfg.mlm_head
    torch.manual_seed(0)
    model = Transformer(cfg)
    ids = torch.randint(6, 300, (3, 20))
    labels = torch.full_like(ids, -100)
    labels[:, ::4] = ids[:, ::4]
    with torch.no_grad():
        full = F.cross_entropy(model(ids).reshape(-1, 300), labels.reshape(-1), ignore_index=-100)
        assert masked_loss(model, ids, labels).item() == pytest.approx(full.item(), rel=1e-5)
        assert torch.allclose(model.unembed(final_resid(model, ids)), model(ids), atol=1e-5)


def test_masked_objective_trains_a_bidirectional_model(text_file, tmp_path):
    result = train(nano(text_file, tmp_path / "mlm", objective="masked", steps=30, vocab_size=300))
    assert not result.model.cfg.causal and result.tokenizer.mask_id is not None
    assert result.history[-1]["val_loss"] < result.history[0]["val_loss"] - 1.0
    loaded = load_model(result.checkpoint)
    assert loaded.tokenizer.mask_id == result.tokenizer.mask_id
    # bidirectional: a prediction at a position depends on the tokens after it
    ids = torch.tensor([result.tokenizer.encode("De kat zat op de [MASK] en keek.").ids])
    pos = ids[0].tolist().index(result.tokenizer.mask_id)
    changed = ids.clone()
    changed[0, -1] = ids[0, 1]
    with torch.no_grad():
        assert not torch.allclose(loaded.model(ids)[0, pos], loaded.model(changed)[0, pos])


def test_train_command_prints_progress_and_errors_cleanly(text_file, tmp_path, capsys):
    assert cli_main(["train", str(text_file), "--preset", "nano", "--steps", "6", "--eval-every", "3",
                     "--out", str(tmp_path / "cli"), "--threads", "1", "--log-every", "2"]) == 0
    out = capsys.readouterr().out
    assert "tok/s" in out and "val loss" in out and "done at step 6" in out
    assert cli_main(["train", str(tmp_path / "nothing.txt"), "--out", str(tmp_path / "x")]) == 2
    assert "nothing.txt: no such file" in capsys.readouterr().err


def test_training_into_a_folder_that_holds_a_model_asks_for_resume_or_overwrite(text_file, tmp_path, capsys):
    """``--out`` naming a model folder wrote over its weights without a word, and left the old run's timeline
    snapshots beside the new run's: one timeline of two runs. Now it is refused unless the run continues that
    model (``--resume`` the same folder) or says ``--overwrite``, which also clears the old timeline."""
    out = tmp_path / "mine"
    args = ["train", str(text_file), "--preset", "nano", "--steps", "2", "--eval-every", "2", "--threads", "1",
            "--out", str(out)]
    assert cli_main(args) == 0
    weights = (out / "model.safetensors").read_bytes()
    old_snapshot = out / "timeline" / "step-000100"
    old_snapshot.mkdir(parents=True)
    (old_snapshot / "model.safetensors").write_bytes(b"another run")
    capsys.readouterr()
    assert cli_main(args + ["--seed", "5"]) == 2
    err = capsys.readouterr().err
    assert f"--out {out} already holds a model" in err and "--overwrite" in err and "--resume" in err
    assert (out / "model.safetensors").read_bytes() == weights and old_snapshot.is_dir()  # nothing touched
    assert cli_main(args[:5] + ["4"] + args[6:] + ["--resume", str(out)]) == 0  # continuing it is fine
    assert old_snapshot.is_dir()
    assert cli_main(args + ["--seed", "5", "--overwrite"]) == 0
    assert (out / "model.safetensors").read_bytes() != weights and not old_snapshot.exists()


def test_a_run_that_diverges_stops_and_says_so(text_file, tmp_path, capsys):
    """A learning rate far too large made the loss NaN; the run went on and failed later in the sample text it
    writes, with "Probabilities contain NaN". It now stops at the first loss that is not a number and says why."""
    out = tmp_path / "wild"
    assert cli_main(["train", str(text_file), "--preset", "nano", "--steps", "30", "--lr", "1e6", "--eval-every",
                     "10", "--threads", "1", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "training diverged at step" in err and "smaller learning rate (--lr, now 1e+06)" in err
    assert "nothing was saved" in err and not (out / "model.safetensors").exists()


def hand_bits_per_char(model, tok, paragraphs):
    """Independent computation: one full forward per paragraph after a newline separator."""
    nats, chars = 0.0, 0
    sep = tok.token_id("\n")
    for p in paragraphs:
        ids = torch.tensor([[sep] + [tok.stoi[c] for c in p]])
        with torch.no_grad():
            logp = torch.log_softmax(model(ids)[0], -1)
        nats -= sum(logp[i, ids[0, i + 1]].item() for i in range(len(p)))
        chars += len(p)
    return nats / math.log(2) / chars, nats, chars


def test_eval_command_last_line_matches_hand_computation(tmp_path, capsys):
    tiny = make_tiny_model()
    folder = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "tiny")
    paragraphs = ["De kat zat op de mat.", "Once upon a time there was a king."]
    text = tmp_path / "val.txt"
    text.write_text("\n".join(paragraphs) + "\n\n", encoding="utf-8")
    assert cli_main(["eval", str(folder), str(text)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    fields = dict(kv.split("=") for kv in last.split())
    assert list(fields) == ["bits_per_char", "perplexity", "tokens", "chars"]
    bpc, nats, chars = hand_bits_per_char(tiny.model, tiny.tokenizer, paragraphs)
    assert int(fields["chars"]) == chars and int(fields["tokens"]) == chars  # one token per character
    assert float(fields["bits_per_char"]) == pytest.approx(bpc, abs=1e-4)
    assert float(fields["perplexity"]) == pytest.approx(math.exp(nats / chars), rel=1e-3)


def test_long_paragraph_is_scored_in_windows(tmp_path):
    tiny = make_tiny_model(max_seq_len=16)
    text = "De kat zat op de mat en keek naar buiten, waar de hond in de tuin lag te slapen."
    score = score_paragraph(tiny.model, tiny.tokenizer, text)
    assert score.tokens == len(text) and score.chars == len(text)
    # the first window is one plain forward pass: its 15 predictions must match
    sep = tiny.tokenizer.token_id("\n")
    ids = torch.tensor([[sep] + [tiny.tokenizer.stoi[c] for c in text]])
    with torch.no_grad():
        logp = torch.log_softmax(tiny.model(ids[:, :16])[0], -1)
    head = -sum(logp[i, ids[0, i + 1]].item() for i in range(15))
    short = score_paragraph(tiny.model, tiny.tokenizer, text[:15])
    assert short.nats == pytest.approx(head, rel=1e-5)
    assert score.nats > short.nats


def test_eval_refuses_masked_model(tmp_path, capsys):
    tiny = make_tiny_model(causal=False)
    folder = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "mlm")
    text = tmp_path / "t.txt"
    text.write_text("De kat zat op de mat.\n", encoding="utf-8")
    assert cli_main(["eval", str(folder), str(text)]) == 2
    assert "masked" in capsys.readouterr().err
