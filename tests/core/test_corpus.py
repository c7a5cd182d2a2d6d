"""Tests for the corpus builder; no apt, pip or network needed."""

import json
import struct
import zlib

from explainer.core.training import corpus as C

NL_SENT = "De gebruiker kan het venster met de muis naar een andere plaats slepen."
NL_SENT2 = "Deze functie wordt gebruikt om de tekst in het document op te maken."
EN_SENT = "The king and the queen walked into the garden to see the roses bloom."

HTML = f"""<!DOCTYPE html><html><head><title>Titel van de pagina</title>
<script>var x = "Dit is een script met veel woorden dat niet mag blijven.";</script></head>
<body>
<div class="navheader"><table><tr><td>Vorige pagina en de volgende pagina in de handleiding.</td></tr></table></div>
<nav>Dit is navigatie die helemaal niet in het corpus terecht mag komen.</nav>
<div class="toc"><p>Inhoudsopgave met een lange regel die toch weg moet uit de tekst.</p></div>
<h1>Kop</h1>
<p>{NL_SENT}</p>
<p>Kort.</p>
<pre>for i in range(10): print("Dit is code en geen lopende tekst voor het model.")</pre>
<p>Deze functie wordt <b>gebruikt</b> om de tekst<br/>in het document op te maken.</p>
<p>{EN_SENT}</p>
<ul><li>Menu</li><li>Bestand</li></ul>
</body></html>"""

GROFF = r""".\" comment line that must vanish
.TH LS 1 "2022" "coreutils" "Opdrachten"
.SH NAAM
ls \- toon de inhoud van mappen
.SH BESCHRIJVING
.PP
Toon informatie over de gegeven \fBBESTANDen\fP (standaard in de huidige
map). De items worden \fIalfabetisch\fR gesorteerd.
.TP
\fB\-a\fP, \fB\-\-all\fP
ook de namen tonen die beginnen met een punt en verborgen zijn.
.nf
Dit is een voorbeeldblok met code dat weggelaten moet worden uit de tekst.
.fi
.PP
Dit is vrije software: u mag het vrijelijk wijzigen en verder verspreiden.
"""


def test_html_keeps_sentences_and_drops_navigation_code_toc():
    paras = C.html_to_paragraphs(HTML)
    assert NL_SENT in paras
    assert NL_SENT2 in paras  # inline tags and <br/> joined into one line
    assert EN_SENT in paras  # language filtering happens later
    text = "\n".join(paras)
    for noise in ("navigatie", "Inhoudsopgave", "code en geen", "script", "Vorige", "Kort.", "Menu"):
        assert noise not in text


def test_html_skips_macos_variant_in_libreoffice_switch():
    html = ('<p>Kies <span class="switchinline"><span hidden="true" class="MAC">'
            'Voorkeuren</span><span hidden="true">Extra - Opties</span></span> en klik dan op de knop OK.</p>')
    assert C.html_to_paragraphs(html) == ["Kies Extra - Opties en klik dan op de knop OK."]


def test_groff_to_paragraphs():
    paras = C.groff_to_paragraphs(GROFF)
    assert paras == [
        "Toon informatie over de gegeven BESTANDen (standaard in de huidige map). "
        "De items worden alfabetisch gesorteerd.",
        "Dit is vrije software: u mag het vrijelijk wijzigen en verder verspreiden.",
    ]


def test_groff_gzip_file_roundtrip(tmp_path):
    import gzip
    f = tmp_path / "ls.1.gz"
    f.write_bytes(gzip.compress(GROFF.encode()))
    assert C.paragraphs_from_file(f, "man") == C.groff_to_paragraphs(GROFF)


def test_fortune_and_play_parsers():
    fortunes = ("A clash of doctrine is not a disaster, it is an opportunity for all.\n"
                "\t\t-- Alfred North Whitehead\n%\nShort one.\n%\n")
    assert C.fortune_to_paragraphs(fortunes) == [
        "A clash of doctrine is not a disaster, it is an opportunity for all."]
    play = ("HAMLET\n\nPERSONS REPRESENTED.\n\nClaudius, King of Denmark, and a long list of people.\n\n"
            "ACT I.\n\nScene I. Elsinore.\n\n[Enter Bernardo.]\n\nBer.\nWho's there? Stand and unfold\n"
            "yourself, for the night is cold. [Exit.]\n")
    assert C.play_to_paragraphs(play) == [
        "Who's there? Stand and unfold yourself, for the night is cold."]


def test_language_detection():
    assert C.detect_language(NL_SENT) == "nl"
    assert C.detect_language(EN_SENT) == "en"
    assert C.detect_language("GIMP 2.10") is None


def _write_ztext(moddir, verses):
    """Write a minimal zText testament: two blocks, verses spread over them."""
    blocks = [verses[:2], verses[2:]]
    bzs, bzv, bzz = b"", b"", b""
    bzv += struct.pack("<IIH", 0, 0, 0)  # empty header entries, as in SWORD
    for bi, block in enumerate(blocks):
        raw, off = b"", 0
        for v in block:
            data = v.encode()
            bzv += struct.pack("<IIH", bi, off, len(data))
            raw += data
            off += len(data)
        comp = zlib.compress(raw)
        bzs += struct.pack("<III", len(bzz), len(comp), len(raw))
        bzz += comp
    for ext, data in (("bzs", bzs), ("bzv", bzv), ("bzz", bzz)):
        (moddir / f"nt.{ext}").write_bytes(data)


def test_sword_ztext_decoding(tmp_path):
    verses = [
        '<chapter n="1"/><div sID="a" type="x-p"/><title>Heading</title>'
        '<w lemma="strong:G1">In</w> the beginning was the Word, and the Word was with God.',
        '<note placement="foot">A footnote that must vanish.</note> The same was in the beginning with God.',
        '<div sID="b" type="x-p"/>All things were made through him, and without him was not anything made.',
        ' In him was life, and the life was the light of men.',
    ]
    _write_ztext(tmp_path, verses)
    assert C.sword_module_paragraphs(tmp_path) == [
        "In the beginning was the Word, and the Word was with God. The same was in the beginning with God.",
        "All things were made through him, and without him was not anything made. "
        "In him was life, and the life was the light of men.",
    ]


def test_split_train_val_is_deterministic_and_order_free():
    paras = [f"Paragraaf nummer {i} met wat tekst erbij." for i in range(2000)]
    train, val = C.split_train_val(paras, 0.05)
    assert len(train) + len(val) == 2000 and not set(train) & set(val)
    assert 50 < len(val) < 150
    train2, val2 = C.split_train_val(list(reversed(paras)), 0.05)
    assert set(val2) == set(val)


def test_balance_caps_larger_side():
    small = ["a" * 100] * 10  # 1000 chars
    big = [f"{i:04d}" + "b" * 96 for i in range(50)]  # 5000 chars
    a, b = C.balance(small, big)
    assert a == small
    assert sum(map(len, b)) <= 1000 and len(b) == 10
    assert b == [p for p in big if p in set(b)]  # original order kept
    assert C.balance(small, big) == (a, b)


def _sources(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    text = tmp_path / "fortunes"
    text.write_text("%\n".join(f"{EN_SENT[:-1]} number {i}.\n" for i in range(40)), encoding="utf-8")
    nl = [p for p in C.paragraphs_from_file(page, "html") if C.detect_language(p) == "nl"]
    nl += [f"{NL_SENT[:-1]} voor de {i}e keer." for i in range(40)]
    en = C.paragraphs_from_file(text, "fortune")
    return [
        C.SourceText("nl-test", "nl", "pkg-nl", "1.0", "GPL-2+", "x", 1, nl),
        C.SourceText("en-test", "en", "pkg-en", "2.0", "public-domain", "y", 1, en + en[:5]),
    ]


def test_build_corpus_outputs_and_manifest_are_deterministic(tmp_path):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    m1 = C.build_corpus(out1, tmp_path / "cache", tmp_path / "res/manifest.json",
                        sources=_sources(tmp_path), log=lambda *_: None)
    m2 = C.build_corpus(out2, tmp_path / "cache", sources=_sources(tmp_path), log=lambda *_: None)
    assert m1 == m2
    for name in ("nl.train.txt", "nl.val.txt", "en.train.txt", "en.val.txt", "manifest.json"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes()
    assert json.loads((tmp_path / "res/manifest.json").read_text()) == m1

    nl_lines = (out1 / "nl.train.txt").read_text().splitlines() + (out1 / "nl.val.txt").read_text().splitlines()
    assert NL_SENT in nl_lines and EN_SENT not in nl_lines
    assert len(nl_lines) == len(set(nl_lines))  # deduplicated
    en = next(s for s in m1["sources"] if s["name"] == "en-test")
    assert en["paragraphs_extracted"] == 45 and en["paragraphs_kept"] <= 40  # duplicates dropped
    assert abs(m1["languages"]["nl"]["chars"] - m1["languages"]["en"]["chars"]) < 200
    files = {o["file"]: o for o in m1["outputs"]}
    assert files["nl.train.txt"]["bytes"] == (out1 / "nl.train.txt").stat().st_size
    assert len(files["en.val.txt"]["sha256"]) == 64
