"""Tests for the corpus builder; no apt, pip or network needed."""

import importlib.util
import json
import struct
import sys
import zlib
from pathlib import Path

_BUILD = Path(__file__).resolve().parents[2] / "corpus" / "build.py"
_spec = importlib.util.spec_from_file_location("corpus_build", _BUILD)
C = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = C  # dataclasses look their module up here
_spec.loader.exec_module(C)

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


# ---------------------------------------------------------------------------
# New layers: placeholders, .mo/.qm/Lua parsing, teaching split, lock, atomicity
# ---------------------------------------------------------------------------

def test_placeholder_strings_are_dropped_whole():
    for s in ("Je hebt %s goud nodig om deze eenheid te rekruteren.",
              "Je hebt %d stukken goud nodig om verder te gaan.",
              "Het schip %1 is aangekomen bij de haven van de stad.",
              "Welkom terug {name}, je bent al een hele tijd weg geweest.",
              "Welkom terug $name, je bent al een hele tijd weg geweest.",
              "Land your <ship> on the planet and talk to the captain there.",
              "Dit is <b>vetgedrukte</b> tekst in een lange zin voor de test.",
              "Klik op &Bestand om het menu met alle opties te openen."):
        assert C.has_placeholder(s), s
        assert C.clean_strings([s], "nl" if " de " in s or "je" in s else "en") == []
    ok = "Wat is dit voor een raar schip dat hier op de bodem ligt?"
    assert not C.has_placeholder(ok)
    assert C.clean_strings([ok, ok, "Te kort.", "Open het bestand", EN_SENT], "nl") == [ok]


def test_clean_strings_splits_paragraphs_and_joins_lines():
    s = "De koning keek naar de zee en wachtte\nop het schip van zijn zoon.\n\nHet kwam niet terug, en de koning bleef alleen achter."
    assert C.clean_strings([s], "nl") == [
        "De koning keek naar de zee en wachtte op het schip van zijn zoon.",
        "Het kwam niet terug, en de koning bleef alleen achter."]


def _make_mo(entries, big_endian=False):
    """A .mo file built by hand: entries is a list of (msgid, msgstr) bytes."""
    e = ">" if big_endian else "<"
    entries = sorted(entries)
    n = len(entries)
    header = 28
    ids_off, strs_off = header, header + 8 * n
    data_off = strs_off + 8 * n
    blob, id_tab, str_tab = b"", b"", b""
    for mid, _ in entries:
        id_tab += struct.pack(e + "2I", len(mid), data_off + len(blob))
        blob += mid + b"\0"
    for _, mstr in entries:
        str_tab += struct.pack(e + "2I", len(mstr), data_off + len(blob))
        blob += mstr + b"\0"
    magic = 0x950412DE
    return struct.pack(e + "7I", magic, 0, n, ids_off, strs_off, 0, 0) + id_tab + str_tab + blob


MO_ENTRIES = [
    (b"", b"Content-Type: text/plain; charset=UTF-8\n"),
    (b"The castle is dark and cold, and nobody has lived here for years.",
     "Het kasteel is donker en koud, en niemand woont hier al jaren.".encode()),
    (b"menu\x04Open the door", b"Open de deur"),
    (b"One unit\x00%d units", b"Een eenheid\x00%d eenheden"),
    (b"You have %d gold pieces left in your treasury now.",
     b"Je hebt nog %d goudstukken over in je schatkist."),
    (b"Untranslated strings are left out of the Dutch part of the corpus.",
     b"Untranslated strings are left out of the Dutch part of the corpus."),
]


def test_parse_mo_both_byte_orders_and_gettext_agrees(tmp_path):
    import gettext
    for big in (False, True):
        data = _make_mo(MO_ENTRIES, big)
        entries = C.parse_mo(data)
        assert len(entries) == 5
        ctx = next(x for x in entries if x.context)
        assert (ctx.context, ctx.msgid, ctx.msgstr) == ("menu", "Open the door", ("Open de deur",))
        plural = next(x for x in entries if x.msgid_plural)
        assert plural.msgstr == ("Een eenheid", "%d eenheden")
    data = _make_mo(MO_ENTRIES)
    (tmp_path / "t.mo").write_bytes(data)
    with open(tmp_path / "t.mo", "rb") as f:  # the stdlib reads the same file
        tr = gettext.GNUTranslations(f)
    assert tr.gettext(MO_ENTRIES[1][0].decode()) == MO_ENTRIES[1][1].decode()
    nl = C.clean_strings(C.mo_strings(data, "msgstr"), "nl")
    assert nl == ["Het kasteel is donker en koud, en niemand woont hier al jaren."]
    en = C.clean_strings(C.mo_strings(data, "msgid"), "en")
    assert en == [MO_ENTRIES[1][0].decode(), MO_ENTRIES[5][0].decode()]


def test_parse_mo_rejects_other_files():
    import pytest
    with pytest.raises(ValueError):
        C.parse_mo(b"not a mo file at all, just some bytes")


def test_parse_qm():
    def field(tag, payload):
        return bytes([tag]) + struct.pack(">I", len(payload)) + payload
    msg = (field(3, "Sleep de stukjes naar de juiste plek in de puzzel.".encode("utf-16-be"))
           + field(8, b"") + field(6, b"Drag the pieces to the right place.") + field(7, b"Puzzle") + b"\x01")
    data = C.QM_MAGIC + field(0x69, msg)
    assert C.parse_qm(data) == [("Puzzle", "Drag the pieces to the right place.",
                                 ["Sleep de stukjes naar de juiste plek in de puzzel."])]


LUA_NL = '''
dialogId("let-m-divna", "font_small", "What kind of strange ship is that?")
dialogStr("Wat is dit voor raar schip?")

dialogId("let-v-oko", "font_big", "Can you see that eye? The silent witness to the \\"tragedy\\"...")
dialogStr("Zie je dat oog? De stille getuige van deze \\"tragedie\\"...")
'''


def test_lua_dialog_parsing():
    assert C.lua_dialog_strings(LUA_NL, "str") == [
        "Wat is dit voor raar schip?", 'Zie je dat oog? De stille getuige van deze "tragedie"...']
    assert C.lua_dialog_strings(LUA_NL, "id") == [
        "What kind of strange ship is that?",
        'Can you see that eye? The silent witness to the "tragedy"...']
    assert C.clean_strings(C.lua_dialog_strings(LUA_NL, "str"), "nl") == [
        'Zie je dat oog? De stille getuige van deze "tragedie"...']


def test_endless_sky_and_wordnet_strings():
    es = ('mission "Test"\n\tdescription `Bring the passengers safely to <destination> by <date>.`\n'
          '\tconversation\n\t\t`\tThe captain looks at you and says that the ship is ready to leave.`\n'
          '\t\tchoice\n\t\t\t`\t(Ignore them.)`\n')
    assert C.clean_strings(C.endless_sky_strings(es), "en") == [
        "The captain looks at you and says that the ship is ready to leave."]
    wn = ('acclaim\n    n 1: enthusiastic approval; "the book met with modest\n'
          '         acclaim"; "he acknowledged the plaudits" [syn: {acclaim}]\n')
    assert C.wordnet_examples(wn) == ["The book met with modest acclaim.", "He acknowledged the plaudits."]


def _teaching_dir(tmp_path, n=200):
    root = tmp_path / "teaching"
    for lang, word in (("nl", "De kat zit op de mat in het huis nummer"), ("en", "The cat sits on the mat in house number")):
        (root / lang).mkdir(parents=True)
        lines = [f"{word} {i}." for i in range(n)]
        (root / lang / "a.txt").write_text("\n".join(lines[: n // 2]) + "\n\n", encoding="utf-8")
        (root / lang / "b.txt").write_text("\n".join(lines[n // 2:]) + "\n", encoding="utf-8")
    return root


def _debian_source(lang, package, paras, version="1.0"):
    return C.SourceText(f"{package}:{lang}", lang, package, version, "GPL-2+", "x", 1, list(paras),
                        layer="debian", source=package)


def _all_sources(tmp_path, **kw):
    root = _teaching_dir(tmp_path) if not (tmp_path / "teaching").exists() else tmp_path / "teaching"
    srcs = [C.load_teaching(root, "nl"), C.load_teaching(root, "en")]
    srcs.append(_debian_source("nl", "game-nl", [f"{NL_SENT[:-1]} in level {i}." for i in range(30)], **kw))
    srcs.append(_debian_source("en", "game-en", [f"{EN_SENT[:-1]} in level {i}." for i in range(30)]))
    help_nl = C.SourceText("help-nl", "nl", "help-nl", "2", "GPL", "y", 1,
                           [f"{NL_SENT2[:-1]} op pagina {i}." for i in range(100)], layer="help")
    return srcs + [help_nl]


def test_teaching_layer_split_val_only_held_out_and_deterministic(tmp_path):
    srcs = _all_sources(tmp_path)
    kw = dict(sources=srcs, log=lambda *_: None, teaching_repeat=3)
    m1 = C.build_corpus(tmp_path / "a", **kw)
    m2 = C.build_corpus(tmp_path / "b", **kw)
    assert m1 == m2
    for name in ("nl.train.txt", "nl.val.txt", "en.train.txt", "en.val.txt", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    for lang in ("nl", "en"):
        docs = set(next(s for s in srcs if s.name == f"teaching:{lang}").paragraphs)
        val = (tmp_path / "a" / f"{lang}.val.txt").read_text().splitlines()
        train = (tmp_path / "a" / f"{lang}.train.txt").read_text().splitlines()
        assert val and set(val) <= docs  # only teaching documents
        assert 1 <= len(val) < 30  # about 5% of 200
        assert not set(val) & set(train)  # held out: never in training
        for d in docs - set(val):
            assert train.count(d) == 3  # teaching train part repeated
        assert any(line.startswith(NL_SENT[:20] if lang == "nl" else EN_SENT[:20]) for line in train)
        # the split depends on the documents, not on their file or order
        t, v = C.split_teaching(sorted(docs, reverse=True))
        assert set(v) == set(val)
    assert m1["layers"]["teaching"]["nl"]["val_docs"] == len((tmp_path / "a/nl.val.txt").read_text().splitlines())
    part = next(s for s in m1["sources"] if s["name"] == "game-nl:nl")
    assert part["layer"] == "debian" and part["paragraphs"] == 30 and len(part["sha256"]) == 64
    files = {o["file"]: o for o in m1["outputs"]}
    assert files["nl.train.txt"]["bytes"] == (tmp_path / "a/nl.train.txt").stat().st_size


def test_help_layer_is_capped(tmp_path):
    m = C.build_corpus(tmp_path / "out", sources=_all_sources(tmp_path), max_help_chars=1000,
                       log=lambda *_: None)
    assert 0 < m["layers"]["help"]["nl"]["chars"] <= 1000


def test_lock_mismatch_names_package_and_writes_nothing(tmp_path):
    import pytest
    lock = tmp_path / "sources.lock.json"
    out = tmp_path / "out"
    C.build_corpus(out, sources=_all_sources(tmp_path), lock_path=lock, update_lock=True,
                   log=lambda *_: None)
    pinned = json.loads(lock.read_text())
    assert set(pinned["parts"]) == {"game-nl:nl", "game-en:en", "help-nl"}
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    changed = _all_sources(tmp_path)
    changed[2].paragraphs.append("Een nieuwe zin die er eerder nog niet in stond, voor de test.")
    with pytest.raises(C.BuildError) as exc:
        C.build_corpus(out, sources=changed, lock_path=lock, log=lambda *_: None)
    msg = str(exc.value)
    assert "game-nl" in msg and "content changed" in msg and "--update-lock" in msg
    assert "game-en" not in msg
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # the same sources pass the lock; --update-lock accepts the new content
    C.build_corpus(out, sources=_all_sources(tmp_path), lock_path=lock, log=lambda *_: None)
    C.build_corpus(out, sources=changed, lock_path=lock, update_lock=True, log=lambda *_: None)
    C.build_corpus(out, sources=changed, lock_path=lock, log=lambda *_: None)


def test_no_partial_output_when_a_later_step_fails(tmp_path, monkeypatch):
    import pytest
    out = tmp_path / "out"
    C.build_corpus(out, sources=_all_sources(tmp_path), log=lambda *_: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, calls = C._write_bytes, []

    def failing(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(C, "_write_bytes", failing)
    srcs = _all_sources(tmp_path)
    srcs[2].paragraphs.append("Nog een zin die de uitvoer zou veranderen als hij geschreven werd.")
    with pytest.raises(OSError):
        C.build_corpus(out, sources=srcs, log=lambda *_: None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # old corpus intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "teaching"]  # no temp folder left
    new = tmp_path / "new"
    with pytest.raises(OSError):
        calls.clear()
        C.build_corpus(new, sources=srcs, log=lambda *_: None)
    assert not new.exists()


def test_missing_package_message(tmp_path, monkeypatch):
    import pytest
    import subprocess

    def fake_run(cmd, cwd=None):
        raise subprocess.CalledProcessError(100, cmd, stderr="E: Unable to locate package no-such-pkg\n")

    monkeypatch.setattr(C, "_run", fake_run)
    with pytest.raises(C.BuildError) as exc:
        C.find_or_download_deb("no-such-pkg", tmp_path)
    assert "no-such-pkg" in str(exc.value) and "could not be downloaded" in str(exc.value)
    part = C.DebPart("no-such-pkg", "nl", "mo-msgstr", ("*.mo",))
    with pytest.raises(C.BuildError, match="no-such-pkg"):
        C.load_debian_part(part, tmp_path)
    (tmp_path / "debs").mkdir(exist_ok=True)
    (tmp_path / "debs" / "cached-pkg_1.0_all.deb").write_bytes(b"")
    assert C.find_or_download_deb("cached-pkg", tmp_path).name == "cached-pkg_1.0_all.deb"


def test_debian_faq_is_refused(tmp_path):
    import pytest
    with pytest.raises(C.BuildError):
        C.find_or_download_deb("debian-faq-nl", tmp_path)
    assert not any(p.package.startswith("debian-faq") for p in C.DEBIAN_PARTS)
    assert not any(s.package.startswith("debian-faq") for s in C.DEB_SOURCES)
