"""Our Transformer against Hugging Face transformers on the same random weights."""

import numpy as np
import pytest
import torch
import transformers

from explainer.core.checkpoints.hf_mapping import config_from_hf, state_from_hf
from explainer.core.checkpoints.native import load_state_into
from explainer.core.trace import run
from explainer.core.transformer import Transformer
from explainer.core.tokenizers import CharTokenizer

TOL = 1e-4


def convert(hf_model) -> Transformer:
    cfg = config_from_hf(hf_model.config.to_dict())
    model = Transformer(cfg)
    load_state_into(model, state_from_hf(cfg, hf_model.state_dict()), "test")
    return model.eval()


def tiny(kind: str):
    torch.manual_seed(0)
    common = dict(vocab_size=97, attn_implementation="eager")
    if kind == "gpt2":
        cfg = transformers.GPT2Config(n_layer=2, n_head=4, n_embd=32, n_positions=64, **common)
        model = transformers.GPT2LMHeadModel(cfg)
    elif kind == "llama":
        cfg = transformers.LlamaConfig(num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                                       hidden_size=32, intermediate_size=48, max_position_embeddings=64,
                                       rope_theta=500.0, tie_word_embeddings=False, **common)
        model = transformers.LlamaForCausalLM(cfg)
    elif kind == "qwen2":
        cfg = transformers.Qwen2Config(num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=1,
                                       hidden_size=32, intermediate_size=48, max_position_embeddings=64,
                                       tie_word_embeddings=True, **common)
        model = transformers.Qwen2ForCausalLM(cfg)
    elif kind == "bert":
        cfg = transformers.BertConfig(num_hidden_layers=2, num_attention_heads=4, hidden_size=32,
                                      intermediate_size=48, max_position_embeddings=64, **common)
        model = transformers.BertForMaskedLM(cfg)
    else:
        raise ValueError(kind)
    # random weights everywhere, biases and norms included, so no mapping error hides behind a zero
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    return model.eval()


@pytest.mark.parametrize("kind", ["gpt2", "llama", "qwen2", "bert"])
def test_logits_attentions_hidden_states_match(kind):
    hf = tiny(kind)
    ours = convert(hf)
    text = "de kat zat op de mat"
    tok = CharTokenizer({c: i for i, c in enumerate(sorted(set(text)))})
    trace = run(ours, tok, text)
    ids = torch.tensor([trace.token_ids.tolist()])
    with torch.no_grad():
        out = hf(ids, output_attentions=True, output_hidden_states=True)
    np.testing.assert_allclose(trace.logits, out.logits[0].numpy(), atol=TOL, rtol=0)
    hf_attn = torch.stack([a[0] for a in out.attentions]).numpy()
    np.testing.assert_allclose(trace.attn, hf_attn, atol=TOL, rtol=0)
    hs = torch.stack([h[0] for h in out.hidden_states]).numpy()
    if kind == "bert":  # post-norm: every hidden state is a block output, no final norm
        np.testing.assert_allclose(trace.resid, hs, atol=TOL, rtol=0)
    else:  # HF applies the final norm to its last hidden state; ours keeps it apart
        np.testing.assert_allclose(trace.resid[:-1], hs[:-1], atol=TOL, rtol=0)
        np.testing.assert_allclose(trace.final, hs[-1], atol=TOL, rtol=0)


@pytest.mark.parametrize("kind", ["gpt2", "llama"])
def test_fast_path_equals_traced_path(kind):
    ours = convert(tiny(kind))
    ids = torch.randint(0, 97, (2, 11))
    with torch.no_grad():
        fast = ours(ids)
        traced = ours(ids, capture={})
    torch.testing.assert_close(fast, traced, atol=1e-5, rtol=0)


def test_two_threads_running_one_model_at_once_get_their_own_masks():
    """The app runs a model for the key presses and for a panel's background job at the same time;
    each Attention keeps the masks of its last call, so texts of different lengths in two threads
    must never get each other's (each result checked against the same text run alone)."""
    import sys
    import threading

    model = convert(tiny("gpt2")).eval()
    lengths = (3, 7)
    texts = {T: torch.randint(0, model.cfg.vocab_size, (1, T)) for T in lengths}
    with torch.inference_mode():
        want = {T: model(ids, capture={}) for T, ids in texts.items()}
    problems = []

    def hammer(T):
        try:
            for _ in range(300):
                cap = {}
                with torch.inference_mode():
                    got = model(texts[T], capture=cap)
                if not torch.allclose(got, want[T], atol=1e-5):
                    problems.append(f"T={T}: wrong logits")
        except Exception as exc:  # noqa: BLE001 - a wrong mask shape raises
            problems.append(f"T={T}: {exc}")

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so a race shows
    try:
        threads = [threading.Thread(target=hammer, args=(T,)) for T in lengths]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not problems, problems[:3]
