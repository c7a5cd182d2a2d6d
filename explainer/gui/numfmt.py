"""Numbers as the interface language writes them: "3,4 %" and "1.500" in Dutch, "3.4 %" and "1,500" in English.

Every number a person reads goes through here, so that decimals and
thousands follow the language chosen in ``language`` (which also makes its
QLocale the default). Machine-readable output (CSV, JSON, sessions) never
does: it keeps Python's own '.' decimals.
"""

from __future__ import annotations

import math
import numbers
import re
import string

from PySide6.QtCore import QLocale

from explainer.gui import language

_LOCALES: dict[str, QLocale] = {}


def locale() -> QLocale:
    """The QLocale of the current interface language (a copy: callers may change its options)."""
    lang = "nl" if language.current() == "nl" else "en"
    loc = _LOCALES.get(lang)
    if loc is None:
        loc = _LOCALES[lang] = (QLocale(QLocale.Dutch, QLocale.Netherlands) if lang == "nl"
                                else QLocale(QLocale.English, QLocale.UnitedStates))
    return QLocale(loc)


_NL_MARKS = str.maketrans({",": ".", ".": ","})


def marks(text: str) -> str:
    """Python's "1,234.5" with the current language's marks ("1.234,5" in Dutch)."""
    return text.translate(_NL_MARKS) if language.current() == "nl" else text



def fmt(x: float, decimals: int = 2, sign: bool = False, group: bool = False) -> str:
    """``x`` with ``decimals`` decimals: 0.6913 → "0,69" (nl) / "0.69" (en); ``sign`` adds a "+" to positives.

    Thousands are grouped only with ``group`` (a table of small values reads better without).
    Not-a-number and infinities come out as "–" and "∞". (Python's formatting with the locale's
    marks swapped in: the same digits as QLocale, at a fraction of the cost on every key.)
    """
    x = float(x)
    if math.isnan(x):
        return "–"
    if math.isinf(x):
        return "-∞" if x < 0 else ("+∞" if sign else "∞")
    d = max(0, int(decimals))
    text = marks(f"{x:,.{d}f}" if group else f"{x:.{d}f}")
    if text.startswith("-") and all(c in "-0.," for c in text):
        text = text[1:]  # "-0,00" is zero
    if sign and not text.startswith("-"):
        text = "+" + text
    return text


NBSP = "\u00a0"  # a space no line breaks at: "768 MB" never ends one line with "768" and starts the next with "MB"
_UNIT_GAP = re.compile(r"(?<=\d) (?=(?:%|[kMGT]?B|[kMGTPEZ]?FLOPs?|[kMGT]?Wh|[mkM]?J|ms|s|min|bits?|M|k|mld\.)"
                       r"(?![\w]))|(?<=\b[Ss]t[ae]p) (?=\d)")


def keep_units(text: str) -> str:
    """``text`` with the space between a number and its unit ("768 MB", "3,4 %", "1.287 MWh") and after
    "step"/"stap" ("stap 2.500") made one that a wrapping label never breaks at."""
    return _UNIT_GAP.sub(NBSP, text)


def no_orphan(text: str) -> str:
    """``text`` with the last two words of each paragraph joined by a no-break space, so that a wrapping label
    never leaves one short word ("it", "jaar", "tokens") alone on its last line (a last word over 12 letters
    wraps alone: two long words joined could not wrap in a narrow label at all)."""
    def one(paragraph: str) -> str:
        head, space, last = paragraph.rstrip().rpartition(" ")
        return f"{head}{NBSP}{last}" if space and head.strip() and len(last) <= 12 else paragraph

    return "\n".join(one(p) for p in text.split("\n"))


def pct(p: float, decimals: int = 1, sign: bool = False) -> str:
    """A probability (0..1) as a percentage: 0.034 → "3,4 %" (nl) / "3.4 %" (en), with a no-break space."""
    p = float(p)
    if math.isnan(p):
        return "–" + NBSP + "%"
    return f"{fmt(p * 100.0, decimals, sign=sign)}{NBSP}%"


def whole_pct(p: float) -> str:
    """A probability as a whole percentage that never says what it is not: "<1 %" for 0.004 (a first choice
    "at 0 %" puzzles a class), ">99 %" for 0.996, otherwise ``pct(p, 0)``."""
    p = float(p)
    if 0.0 < p < 0.005:
        return "<1" + NBSP + "%"
    if 0.995 <= p < 1.0:
        return ">99" + NBSP + "%"
    if 0.0 <= p <= 1.0:  # digits only, the same in every language: no need to go through pct (the logit lens
        return f"{p * 100.0:.0f}{NBSP}%"  # writes some 130 of these a key)
    return pct(p, 0)


def count(n: int) -> str:
    """A whole number with thousands grouped: 1500 → "1.500" (nl) / "1,500" (en)."""
    return marks(f"{int(n):,}")


def human(n: int, decimals: int = 1) -> str:
    """A large count in short form: 3_400_000 → "3,4 M" (nl) / "3.4 M" (en); below 1000 the whole number."""
    n = int(n)
    for div, unit in ((1e9, "B" if language.current() != "nl" else "mld."), (1e6, "M"), (1e3, "k")):
        if abs(n) >= div:
            return f"{fmt(n / div, decimals)}{NBSP}{unit}"
    return count(n)


def general(x: float, digits: int = 2) -> str:
    """``x`` to ``digits`` significant digits, as Python's ``g`` writes it, with the language's marks:
    0.5 → "0,5" (nl), 6.94 → "6,9", 12345 → "1,2e+04"."""
    x = float(x)
    if not math.isfinite(x):
        return fmt(x)
    text = marks(f"{x:.{max(1, int(digits))}g}")
    return text[1:] if text.startswith("-") and all(c in "-0.," for c in text) else text


def sci(x: float, decimals: int = 2) -> str:
    """Very large or small values in scientific notation with the locale's decimal mark: "1,23e-05"."""
    x = float(x)
    if not math.isfinite(x):
        return fmt(x)
    loc = locale()
    loc.setNumberOptions(QLocale.OmitGroupSeparator)
    return loc.toString(x, "e", int(decimals))


class _LocaleFormatter(string.Formatter):
    """str.format, but fixed-point, percent and grouped fields in the interface language's notation."""

    _SPEC = re.compile(r"(?P<sign>[+]?)(?P<group>[,_]?)(?:\.(?P<decimals>\d+))?(?P<kind>[fFdg%]?)")

    def format_field(self, value, format_spec: str):
        match = self._SPEC.fullmatch(format_spec) if format_spec else None
        if match is None or isinstance(value, (str, bool)) or not isinstance(value, numbers.Real):
            return super().format_field(value, format_spec)
        kind, sign, group = match["kind"], bool(match["sign"]), bool(match["group"])
        decimals = int(match["decimals"]) if match["decimals"] is not None else None
        if kind == "g":
            return marks(format(float(value), format_spec))
        if kind == "%":
            return fmt(float(value) * 100.0, 6 if decimals is None else decimals, sign=sign, group=group) + "%"
        if kind in ("f", "F"):
            return fmt(value, 6 if decimals is None else decimals, sign=sign, group=group)
        if kind == "d" or (decimals is None and group):
            text = count(int(value)) if group else str(int(value))
            return ("+" + text) if sign and int(value) >= 0 else text
        return super().format_field(value, format_spec)


_FORMATTER = _LocaleFormatter()


def fill(template: str, /, *args, **kwargs) -> str:
    """``template.format(...)`` with numbers in the interface language: "{p:.1f} %" → "3,4 %" in Dutch
    (fixed-point, ``d``, ``g`` and percent fields), each number kept on one line with its unit (``keep_units``).

    Lets a translated template keep its Python format specs (``{ms:.1f}``) while the
    decimal mark and thousands separator follow the language.
    """
    return keep_units(_FORMATTER.format(template, *args, **kwargs))


def list_separator() -> str:
    """What separates numbers in a written list: "; " where the comma is the decimal mark, else ", "."""
    return "; " if locale().decimalPoint() == "," else ", "
