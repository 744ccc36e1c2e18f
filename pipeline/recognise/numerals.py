"""Our own small parser for the numerals press releases write: Arabic, Chinese and mixed.

    >>> parse_numeral("530多亿")
    Numeral(value=53000000000.0, approx=True)
    >>> parse_numeral("两三")
    Numeral(value=2.0, approx=True)
    >>> parse_numeral("十四五") is None
    True

Why not cn2an: it reads 两三 as 23 and refuses 五六十, 十几, 530多亿 and 1.3万亿. Ranges and
approximate counts (五六十, 两三, 十几, 数千万, 2到4) are read as their lower bound with
``approx=True``. Anything that is not a well-formed numeral gives ``None``: no guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# Characters a numeral may be written with (after the full-width forms are folded to ASCII).
NUMERAL_CHARS = frozenset("0123456789.") | DIGITS.keys() | SMALL_UNITS.keys() | BIG_UNITS.keys()
APPROX_INFIXES = "多余几来"  # 530多亿, 百余, 十几, 10来
APPROX_PREFIXES = "数几"  # 数千万, 几十
RANGE_SEPARATORS = "到至-—－~～"

_FOLD = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_ARABIC_SECTION = re.compile(r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([十百千]?)")
_CN_DIGIT_VALUES = "一二三四五六七八九"
# an approximation infix right after a digit or a unit (530多亿, 百余, 3亿多, 十几)
_APPROX_INFIX = re.compile(rf"(?<=[\d{re.escape(''.join(sorted(NUMERAL_CHARS - {'.'})))}])[{APPROX_INFIXES}]")


@dataclass(frozen=True, slots=True)
class Numeral:
    value: float
    approx: bool = False


@lru_cache(maxsize=1 << 15)  # the same numerals recur in every release; Numeral is frozen
def parse_numeral(raw: str) -> Numeral | None:
    """The value of a numeral string (no unit), or None when it is not one we can read for sure."""
    s = raw.translate(_FOLD).strip()
    if not s:
        return None
    approx = False
    if s[0] in APPROX_PREFIXES:  # 数千万 -> 千万; 几十 -> 十 (lower bound)
        if len(s) < 2 or s[1] not in SMALL_UNITS and s[1] not in BIG_UNITS:
            return None
        s, approx = s[1:], True
    for sep in RANGE_SEPARATORS:
        if sep in s[1:]:
            return _parse_range(s, sep)
    # 530多亿, 百余, 3亿多, 十几: an approximation infix follows a digit or a unit, never leads
    stripped = _APPROX_INFIX.sub("", s)
    if stripped != s:
        if not stripped or any(c in APPROX_INFIXES for c in stripped):
            return None
        s, approx = stripped, True
    s, ranged = _collapse_adjacent_digits(s)
    value = _parse_plain(s)
    if value is None:
        return None
    return Numeral(float(value), approx or ranged)


def _parse_range(s: str, sep: str) -> Numeral | None:
    left, _, right = s.partition(sep)
    low, high = parse_numeral(left), parse_numeral(right)
    if low is None or high is None:
        return None
    # 2到4万: the left end takes the right end's magnitude when it has none of its own
    suffix = re.search(r"[万亿]+$", right)
    if suffix and not re.search(r"[万亿]$", left):
        low = parse_numeral(left + suffix.group())
        if low is None:
            return None
    if low.value > high.value:
        return None
    return Numeral(low.value, True)


def _collapse_adjacent_digits(s: str) -> tuple[str, bool]:
    """两三 -> 两, 五六十 -> 五十, 十五六 -> 十五: two consecutive Chinese digits state a range."""
    for i in range(len(s) - 1):
        a, b = s[i], s[i + 1]
        if a in DIGITS and b in DIGITS and DIGITS[a] >= 1 and DIGITS[b] == DIGITS[a] + 1:
            return s[: i + 1] + s[i + 2:], True
    return s, False


def _parse_plain(s: str) -> Decimal | None:
    """A numeral without approximation: Arabic, Chinese, or Arabic with Chinese magnitudes.

    Decimal arithmetic, so that 1.3万 is exactly 13000 and not 13000.000000000002.
    """
    if _ARABIC.fullmatch(s):
        if len(s) > 1 and s[0] == "0" and s[1].isdigit():
            return None  # 02组: a code or serial, not a quantity
        return Decimal(s.replace(",", ""))
    return _parse_with_big_units(s)


def _parse_with_big_units(s: str) -> Decimal | None:
    # value(A亿B) = value(A) * 1e8 + value(B); A may hold 万 (1.3万亿 = 1.3e12), B must be smaller.
    for unit_char, unit in (("亿", BIG_UNITS["亿"]), ("万", BIG_UNITS["万"])):
        if unit_char not in s:
            continue
        idx = s.rfind(unit_char) if unit_char == "亿" else s.find(unit_char)
        head, tail = s[:idx], s[idx + 1:]
        if unit_char == "万" and "万" in tail:
            return None
        head_value = Decimal(1) if head == "" else _parse_with_big_units(head) if unit_char == "亿" else _parse_section(head)
        if head_value is None or head_value == 0:
            return None
        tail_value = _parse_tail(tail, unit)
        if tail_value is None:
            return None
        return head_value * unit + tail_value
    return _parse_section(s)


def _parse_tail(tail: str, unit: int) -> Decimal | None:
    if tail == "":
        return Decimal(0)
    if tail[0] in SMALL_UNITS or tail[0] in BIG_UNITS:
        return None  # 5万千(瓦): a unit with no digit of its own belongs to what follows
    if tail.startswith(("零", "〇")):
        value = _parse_with_big_units(tail.lstrip("零〇"))
        return value if value is not None and value < unit / 10 else None
    if len(tail) == 1 and tail in DIGITS:  # 一万五 = 15000 (spoken shorthand)
        return Decimal(DIGITS[tail] * unit // 10)
    value = _parse_with_big_units(tail)
    return value if value is not None and value < unit else None


def _parse_section(s: str) -> Decimal | None:
    """A number below 10000: Arabic (with an optional 十/百/千: 3千), or Chinese (三千五百零六)."""
    if not s:
        return None
    m = _ARABIC_SECTION.fullmatch(s)
    if m:
        return Decimal(m.group(1).replace(",", "")) * (SMALL_UNITS[m.group(2)] if m.group(2) else 1)
    if any(c not in DIGITS and c not in SMALL_UNITS for c in s):
        return None
    if len(s) > 1 and all(c in DIGITS for c in s):
        return None  # 二〇二三 is a year written digit by digit, 十四五 a name: not a quantity here
    total, pending, last_unit, zero_seen = 0, None, 10_000, False
    for i, ch in enumerate(s):
        if ch in DIGITS:
            if DIGITS[ch] == 0:
                if pending is not None or i == 0:
                    return None
                zero_seen = True
                continue
            if pending is not None:
                return None
            pending = DIGITS[ch]
        else:
            unit = SMALL_UNITS[ch]
            if unit >= last_unit:
                return None
            if pending is None and i != 0:
                return None  # a unit without its digit in mid-number: 三千百
            total += (1 if pending is None else pending) * unit
            pending, last_unit, zero_seen = None, unit, False
    if pending is not None:
        # 三百五 = 350 (spoken shorthand), but 一百零五 = 105
        total += pending * (last_unit // 10 if last_unit < 10_000 and last_unit > 10 and not zero_seen else 1)
    return Decimal(total)


def parse_fraction(raw: str) -> Numeral | None:
    """百分之十五 -> 15 (a percentage), 三分之一 -> 0.333…, 一半 -> 0.5."""
    s = raw.translate(_FOLD)
    if s == "一半":
        return Numeral(0.5)
    m = re.fullmatch(r"(.+?)分之(.+)", s)
    if not m:
        return None
    denominator, numerator = parse_numeral(m.group(1)), parse_numeral(m.group(2))
    if denominator is None or numerator is None or denominator.value == 0:
        return None
    approx = denominator.approx or numerator.approx
    if m.group(1) == "百":
        return Numeral(numerator.value, approx)
    return Numeral(numerator.value / denominator.value, approx)
