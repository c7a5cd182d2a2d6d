"""Hugging Face folders: written by transformers' save_pretrained, opened by load_model, checked against transformers."""

import json

import numpy as np
import pytest
import torch

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

from explainer.core.checkpoints import CheckpointError, detect_format, load_model
from explainer.core.checkpoints.hf_mapping import config_from_hf
from explainer.core.trace import run

# transformers (the test extra) is imported where a test builds or reads a Hugging Face model, not here:
# the GGUF, registry and bad-file tests import this file's writers, and their tests that need no
# transformers must run (and the rest fail loudly) wherever it is missing.

TOL = 1e-4
VOCAB = 320
CORPUS = ["de kat zat op de mat en de hond lag in de zon", "the cat sat on the mat and the dog lay in the sun",
          "één twee drie, Zoë's café is open! 12345 + 678 = 13023", "Het weer is mooi vandaag; morgen regent het."]
TEXT = "de kat zat op de mat, the cat sat 12 uur"
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # RoBERTa's order: <pad> is id 1


def byte_bpe() -> Tokenizer:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS * 5, trainer)
    return tok


def randomize(model):
    torch.manual_seed(1)
    with torch.no_grad():  # random norms and biases too, so no mapping error hides behind a one or a zero
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    return model.eval()


def tiny_hf(kind: str):
    import transformers

    torch.manual_seed(0)
    common = dict(vocab_size=VOCAB, attn_implementation="eager")
    llama_like = dict(num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, hidden_size=32,
                      intermediate_size=48, max_position_embeddings=64, **common)
    encoder = dict(num_hidden_layers=2, num_attention_heads=4, hidden_size=32, intermediate_size=48,
                   max_position_embeddings=66, **common)
    if kind == "gpt2":
        return transformers.GPT2LMHeadModel(transformers.GPT2Config(n_layer=2, n_head=4, n_embd=32,
                                                                    n_positions=64, **common))
    if kind == "llama":
        cfg = transformers.LlamaConfig(rope_theta=500.0, tie_word_embeddings=False, **llama_like)
        return transformers.LlamaForCausalLM(cfg)
    if kind == "mistral":
        return transformers.MistralForCausalLM(transformers.MistralConfig(sliding_window=None, **llama_like))
    if kind == "qwen2":
        return transformers.Qwen2ForCausalLM(transformers.Qwen2Config(tie_word_embeddings=True, **llama_like))
    if kind == "bert":
        return transformers.BertForMaskedLM(transformers.BertConfig(**encoder))
    if kind == "roberta":
        return transformers.RobertaForMaskedLM(transformers.RobertaConfig(pad_token_id=1, type_vocab_size=1,
                                                                          **encoder))
    if kind.startswith("neox"):
        cfg = transformers.GPTNeoXConfig(num_hidden_layers=2, num_attention_heads=4, hidden_size=32,
                                         intermediate_size=48, max_position_embeddings=64, rotary_pct=0.5,
                                         use_parallel_residual=kind == "neox", **common)
        return transformers.GPTNeoXForCausalLM(cfg)
    raise ValueError(kind)


def save_folder(kind: str, folder, tokenizer: str = "tokenizer.json"):
    hf = randomize(tiny_hf(kind))
    hf.save_pretrained(folder)
    tok = byte_bpe()
    if kind == "roberta":
        tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=False)
    if tokenizer == "tokenizer.json":
        tok.save(str(folder / "tokenizer.json"))
    else:
        tok.model.save(str(folder))  # vocab.json + merges.txt
    return hf


def assert_matches(trace, hf, causal: bool = True, tol: float = TOL):
    ids = torch.tensor([trace.token_ids.tolist()])
    with torch.no_grad():
        out = hf(ids, output_attentions=True, output_hidden_states=True)
    np.testing.assert_allclose(trace.logits, out.logits[0].numpy(), atol=tol, rtol=0)
    np.testing.assert_allclose(trace.attn, torch.stack([a[0] for a in out.attentions]).numpy(), atol=tol, rtol=0)
    hs = torch.stack([h[0] for h in out.hidden_states]).numpy()
    if not causal:  # post-norm: every hidden state is a block output
        np.testing.assert_allclose(trace.resid, hs, atol=tol, rtol=0)
    else:  # HF's last hidden state has the final norm applied; ours keeps it apart
        np.testing.assert_allclose(trace.resid[:-1], hs[:-1], atol=tol, rtol=0)
        np.testing.assert_allclose(trace.final, hs[-1], atol=tol, rtol=0)


@pytest.mark.parametrize("kind", ["gpt2", "llama", "mistral", "qwen2", "bert", "roberta", "neox", "neox_sequential"])
def test_folder_matches_transformers(kind, tmp_path):
    hf = save_folder(kind, tmp_path)
    assert (tmp_path / "model.safetensors").is_file()
    assert detect_format(tmp_path) == "huggingface"
    loaded = load_model(tmp_path)
    assert loaded.format == "huggingface"
    assert loaded.n_params == sum(p.numel() for p in hf.parameters())
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    assert trace.n_tokens > 5
    assert_matches(trace, hf, causal=kind not in ("bert", "roberta"))


def test_neox_partial_rotary_is_read(tmp_path):
    save_folder("neox", tmp_path)
    cfg = load_model(tmp_path).cfg
    assert cfg.rotary_pct == 0.5 and cfg.rotary_dim == 4 and cfg.parallel_attn_mlp


def test_pytorch_bin_loads_and_matches(tmp_path):
    hf = save_folder("gpt2", tmp_path)
    (tmp_path / "model.safetensors").unlink()
    torch.save(hf.state_dict(), tmp_path / "pytorch_model.bin")
    loaded = load_model(tmp_path)
    assert_matches(run(loaded.model, loaded.tokenizer, TEXT), hf)


def test_sharded_safetensors(tmp_path):
    hf = randomize(tiny_hf("llama"))
    hf.save_pretrained(tmp_path, max_shard_size="40KB")
    byte_bpe().save(str(tmp_path / "tokenizer.json"))
    assert (tmp_path / "model.safetensors.index.json").is_file()
    assert len(list(tmp_path.glob("model-*.safetensors"))) > 1
    loaded = load_model(tmp_path)
    assert_matches(run(loaded.model, loaded.tokenizer, TEXT), hf)


def test_half_precision_on_disk_computes_in_float32(tmp_path):
    import transformers

    hf = randomize(tiny_hf("llama"))
    hf.to(torch.bfloat16).save_pretrained(tmp_path)
    byte_bpe().save(str(tmp_path / "tokenizer.json"))
    loaded = load_model(tmp_path)
    assert all(p.dtype == torch.float32 for p in loaded.model.parameters())
    # the reference reads the same file afresh (casting hf back would leave its RoPE table rounded to bf16)
    ref = transformers.LlamaForCausalLM.from_pretrained(tmp_path, dtype=torch.float32,
                                                         attn_implementation="eager").eval()
    assert_matches(run(loaded.model, loaded.tokenizer, TEXT), ref)


def test_vocab_json_and_merges_match_transformers(tmp_path):
    import transformers

    save_folder("gpt2", tmp_path, tokenizer="vocab+merges")
    assert not (tmp_path / "tokenizer.json").exists()
    ours = load_model(tmp_path).tokenizer
    ref = transformers.AutoTokenizer.from_pretrained(tmp_path)
    for text in [TEXT, "Zoë's café 🙂 ok", "  twee  spaties\nen een regel"]:
        enc = ours.encode(text)
        assert enc.ids == ref(text)["input_ids"]
        assert b"".join(ours.token_bytes(i) for i in enc.ids) == text.encode("utf-8")
        for (a, b), i in zip(enc.spans, enc.ids):
            assert ours.token_bytes(i) in text[a:b].encode("utf-8")  # a split character: both halves share it


def test_vocab_txt_wordpiece_matches_transformers(tmp_path):
    import transformers

    save_folder("bert", tmp_path, tokenizer="none")
    for name in ("vocab.json", "merges.txt"):
        (tmp_path / name).unlink()
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "de", "kat", "zat", "op", "mat", "the", "cat",
             "##s", "##at", "m", "##e", ",", "1", "##2", "uur", "s", "a", "t"]
    (tmp_path / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    loaded = load_model(tmp_path)
    ref = transformers.AutoTokenizer.from_pretrained(tmp_path)
    enc = loaded.tokenizer.encode(TEXT)
    assert enc.ids == ref(TEXT)["input_ids"]
    assert loaded.tokenizer.mask_id == 4
    assert [TEXT[a:b] for a, b in enc.spans[1:4]] == ["de", "kat", "zat"]


def test_rope_theta_read_from_top_level_or_nested():
    base = dict(architectures=["LlamaForCausalLM"], vocab_size=10, hidden_size=8, intermediate_size=8,
                num_hidden_layers=1, num_attention_heads=2)
    assert config_from_hf({**base, "rope_theta": 1234.0}).rope_theta == 1234.0
    assert config_from_hf({**base, "rope_parameters": {"rope_theta": 99.0, "rope_type": "default"}}).rope_theta == 99.0


def test_scaled_rope_is_refused_not_silently_wrong(tmp_path):
    save_folder("llama", tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    config["rope_parameters"] = {"rope_theta": 500.0, "rope_type": "dynamic", "factor": 8.0}
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(CheckpointError, match="RoPE scaling 'dynamic' is not supported"):
        load_model(tmp_path)
