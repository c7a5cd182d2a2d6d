<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en_US">
<context>
    <name></name>
    <message>
        <source>head {h} of layer {l}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all attention of layer {l}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MLP of layer {l}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch off {w} (zero)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch off {w} (mean)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models on this &amp;computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Step: add one token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear token selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;How to read this window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About LLM Explainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none found: use File → Open model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to read this window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type in the box at the top: every key runs the model again.

Tokens: how the text is cut into pieces; each piece has a number (its id).
Attention: for every layer and head, which earlier tokens each token looks at. Rows are the token looking, columns the token looked at; brighter means more attention.
Next token: what the model expects next, in percent. Temperature, top-k and top-p change how the next token is picked; click a candidate to add it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About LLM Explainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM Explainer shows, live as you type, how a transformer language model turns text into a prediction.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchitecturePanel</name>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thousand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>million</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>billion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v} {unit} numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input: the text, cut into tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each token is one of {v} in the vocabulary; at most {p} at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a learned list of {d} numbers for each place, added to the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed sine waves (nothing learned), added to the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not added here: queries and keys are turned by position (RoPE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this model gets no position information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; also a segment vector and a norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; then a norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each token becomes a list of {d} numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block {i}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{h} heads look back at earlier tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{h} heads look at all tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>widens each token to {m} numbers, then back to {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rescales each list of numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a score for every one of the {v} tokens → probabilities for the next one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a score for every one of the {v} tokens at each masked place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shares the embedding&apos;s numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block {l}, head {h}: click to select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block {l}: click to look at this layer in the other panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {blocks} blocks, {total} learned in training (parameters). Each token travels as a list of {d} numbers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttentionLinesWidget</name>
    <message>
        <source>no tokens yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All heads (click one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows: the token that looks. Columns: the token it looks at. Brighter = more attention; each row adds up to 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q·K step by step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bidirectional model: every token looks at every other token, before and after it, so the maps are full squares.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query token: “{t}” (token {i})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BiasPanel</name>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write {} (or ___) where the swapped word goes; separate the two words with a slash: hij / zij.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Careful: a tiny model learned only from its small training corpus, so the differences here show what that corpus happened to contain, not how the world is. Large models learn associations the same way, from far more text — which is why their biases matter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model to run the probe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sentence needs exactly one {} where the swapped word goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give two words separated by a slash, for example: hij / zij.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe could not run: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{s} …”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same sentence, one word different: over these {n} candidates the two predictions differ by {tv} % (0 % = identical, 100 % = nothing in common).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CandidateList</name>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id {id}; click to use this token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>choose a model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL divergence in bits: how much information is lost when B&apos;s prediction is used in place of A&apos;s. 0 means the same prediction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading {p}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B: {n} ({f}, {p:,} parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model B: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A: no model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B: choose a second model above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a second model to compare its prediction with this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running model B…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type some text to compare the two predictions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference between the predictions: {kl:.3f} bits (KL divergence A ‖ B; 0 = identical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two models have different vocabularies ({a:,} and {b:,} tokens), so their predictions cannot be compared token by token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has no layer {l}, head {h} ({n} layers × {m} heads).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention of layer {l}, head {h}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both models cut this text into the same {n} tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokenizers cut the text differently: A into {a} tokens, B into {b}. Columns cover the same characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <source>trillion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>billion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>million</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention: Q, K, V and output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention: scores and mixing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feed-forward (MLP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output layer (vocabulary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOPs of this forward pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One forward pass of {model} over {n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type some text to see its cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ {flops}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} floating-point operations (a multiply-add counts as two; an estimate that leaves out norms and softmax)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the work goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All figures are estimates. Our own numbers are counted from the model&apos;s shape; the energy per operation is an assumption ({g} GFLOP per joule for an ordinary CPU). GPT-3&apos;s figures are published numbers from the sources named.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate, assuming {g} GFLOP per joule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters of this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy of this forward pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-3 for the same {n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ {f} ({x}× as much)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate: 2 FLOPs per parameter per token; size from {s}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters of GPT-3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{b} billion ({x}× this model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training GPT-3 once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy to train GPT-3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ {mwh} MWh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… in households</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the electricity of ≈ {h} households for a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate, assuming {k} kWh per household per year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CO₂ from training GPT-3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ {t} tonnes CO₂-equivalent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <source>Embedding space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paths through the layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direction 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direction 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing the map of this model&apos;s vocabulary… (once per model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fitted in {s:.1f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map {how}. The two axes are the directions along which the vectors differ most (PCA).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map could not be drawn: {msg}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token embeddings: every token is a list of numbers, shown among the vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token + position: what enters block 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After block {n}: the same tokens, changed by {n} layer(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — paths through every layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token {i}: {tok}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a token to see its nearest words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearest words to «{tok}»
(cosine similarity)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message>
        <source>(no models opened yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Choose model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training &amp;timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with &amp;another model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch &amp;parts off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;rain a model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeadGridWidget</name>
    <message>
        <source>type some text to see attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer {l}, head {h}: click to enlarge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeatmapWidget</name>
    <message>
        <source>no tokens yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{row} → {col}: hidden (a token cannot look at the future)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InferenceController</name>
    <message>
        <source>The model could not run on this text: {m}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterventionsPanel</name>
    <message>
        <source>Switch off part of the model and see what the prediction loses. Zero: its output becomes 0. Mean: its output becomes its average over ordinary text, so only what it adds for this text is removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a layer&apos;s attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a layer&apos;s MLP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch back on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset: everything on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch parts off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has no {part}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Averaging every part&apos;s output over reference text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head {h} of {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all attention of {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MLP of {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is switched off: the model runs as trained.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The averages could not be computed: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run without ablations failed: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch something off to compare the prediction before and after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the model without ablations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token {i}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prediction for the {w}: before → after (the change is {kl:.2f} bits of KL divergence)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LensGrid</name>
    <message>
        <source>{row}, after «{tok}»:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final prediction ranks #{n} here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LensPanel</name>
    <message>
        <source>after block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank (1 = top)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers (logit lens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after block {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the model stopped after each layer, which token would it put at each position? Brighter = more sure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the model stopped after each layer, what would it predict as the next token? Brighter = more sure. Hover a cell for its top 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type some text to see each layer&apos;s guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emb.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the final prediction «{tok}» (after «{ctx}») climbs through the layers: its rank at each layer, 1 = top choice</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>Guided &amp;lesson</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>This step needs the “{p}” panel, which this window does not have.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonDock</name>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part {c} of {n} · {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try this: {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {i} of {n}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a sentence here…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is open. Open a model folder, a nanoGPT ckpt.pt or a .gguf file to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model found. Use File → Open model to choose one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last inference {ms:.1f} ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading {p}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{p} parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device: {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>causal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked (bidirectional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model could not be opened.

File: {p}
Problem: {q}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous model stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Choose a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a model to open it. Your own models go in {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models found. Put model folders or files in {p}, or use File → Open model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} cannot be opened: {p}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NextTokenPanel</name>
    <message>
        <source>Temperature: below 1 sharpens the distribution, above 1 flattens it; 0 always picks the most likely token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k: keep only the k most likely tokens (off = keep all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p: keep the smallest set of tokens whose probabilities add up to p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one token chosen with the settings above (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sampled, seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill next mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model fills in gaps: type {m} where a word should go, e.g. “De kat zat op de {m}.”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type some text to see what comes next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Candidates for each {m} in the text (click one to fill it in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} at token {i}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After “{t}” the model expects:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncertainty (entropy): {h:.2f} bits, as unsure as a choice among {n:.1f} equally likely tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PositionsPanel</name>
    <message>
        <source>Positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learned in training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed sine and cosine waves, the same for every model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model has no sense of order by itself. Before block 1 it adds a position vector to each token: {how}. Dashed: the places your text uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model adds no position vector. Instead it turns each query and key (in pairs of numbers) by an angle that grows with the position (RoPE), so attention feels how far apart two tokens are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model gets no position information: it sees the text as a bag of tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dimension (one of the numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position vectors: one row per place, {d} numbers each (blue negative, yellow positive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How alike two positions are (cosine): yellow = alike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dimension pair (fast → slow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distance between query and key (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far each pair of numbers is turned at each place (cosine of the angle). The fastest pair turns 1 radian per token, the slowest once every {n} tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type some text to see how distance changes an attention score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block {l}, head {h}: «{q}» looks most at «{k}», {d} token(s) back. The same two tokens further apart would score like this:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <source>&amp;Presentation mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Focus on the current panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QKBreakdownWidget</name>
    <message>
        <source>key token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>q·k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>÷ √d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>softmax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type some text, then pick a query token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer {l}, head {h}, query token &lt;b&gt;“{t}”&lt;/b&gt;: 1. multiply its query vector q with every key k; 2. divide by √{d} = {s:.2f}; 3. softmax turns the scores into weights that add up to 1; 4. the output is the weighted sum of the value vectors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden (future)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;✓ the same as the model computed&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;differs from the model&apos;s output: this head is switched off or replaced by an intervention&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weighted sum of values (first dimensions of {d}):&lt;br&gt;&lt;tt&gt;{z}&lt;/tt&gt;&lt;br&gt;{v}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SceneApplier</name>
    <message>
        <source>The model {p} is not installed; the open model is used instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model {p} could not be opened ({q}); the open model is used instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An ablation in the file was skipped: {e}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionManager</name>
    <message>
        <source>Could not save the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be opened as a session.

{m}

Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session&apos;s model {p} was not found; the open model is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The panel could not be exported.

{m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image, 2× for slides (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table of the numbers (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sessions</name>
    <message>
        <source>Open &amp;session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ve session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export current panel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Earlier checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for other checkpoints of this training run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has no training timeline. A timeline is a folder with several checkpoints of one run: a timeline/ folder (what the Training panel writes), folders with a step in metadata.json, or nanoGPT .pt files with iter_num. Train a model in the Training panel to make one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} checkpoints of this training run. Drag the slider: every panel shows the same text for the model at that step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading step {s}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The checkpoints of this run could not be listed: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This checkpoint could not be opened: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · validation loss {v:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {s} ({i} of {n}){loss}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} of {m} checkpoints in memory ({mb:.0f} MB of {b:.0f} MB)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokensPanel</name>
    <message>
        <source>token {i} of {n}
id {id}
bytes: {bytes}
text: “{text}”  (characters {a}–{b})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>· space   ↵ newline   hover a token for its bytes, click to select it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tokens yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens · {c} characters · {p:.2f} characters per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tokens yet: type something</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Text file or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Typed or pasted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a .txt file, or a folder of .txt files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste text here: one paragraph per line, the more the better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}: {l} layers × {h} heads, width {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>causal: predict the next token (like GPT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked: fill in hidden tokens (like BERT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every this many steps: measure validation loss, write a sample and keep a checkpoint for the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the trained model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not training. Device: {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples from the model appear here as it learns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of text files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the model into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no text to train on: type or paste some first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a text file or folder to train on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the text and the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after this step and saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {s:,} of {n:,} · loss {l:.3f} · {r:,.0f} tokens/s · {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {s}: {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved step {s} in {p}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused at step {s}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{how} at step {s}. The model and its timeline are in {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training stopped with a problem: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening {p}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Switch everything back on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>w</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
