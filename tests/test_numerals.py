"""The Chinese numeral parser: a table of what press releases write, and what we refuse to guess."""

from __future__ import annotations

import pytest

from pipeline.recognise.numerals import Numeral, parse_fraction, parse_numeral

PARSED = [
    # (numeral as written, value, approx)
    ("27", 27, False),
    ("12000", 12000, False),
    ("1,200", 1200, False),
    ("１２３", 123, False),  # full-width digits
    ("14.6", 14.6, False),
    ("二十七", 27, False),
    ("两", 2, False),
    ("十", 10, False),
    ("十二", 12, False),
    ("百", 100, False),  # 百余项
    ("千", 1000, False),  # 千列
    ("万", 10000, False),  # 万亩
    ("一百零五", 105, False),
    ("三百五", 350, False),  # spoken shorthand for 三百五十
    ("一万五", 15000, False),
    ("三亿五千万", 350_000_000, False),
    ("一万零五百", 10500, False),
    ("1.3万", 13000, False),
    ("1.3万亿", 1_300_000_000_000, False),  # 万亿 multiplies: 1.3 * 10^12
    ("26.9万亿", 26_900_000_000_000, False),
    ("3千万", 30_000_000, False),
    ("百万", 1_000_000, False),
    ("530多亿", 53_000_000_000, True),
    ("5300多万", 53_000_000, True),
    ("3亿多", 300_000_000, True),
    ("20多万", 200_000, True),
    ("百余", 100, True),
    ("10来", 10, True),
    ("十几", 10, True),
    ("几十", 10, True),
    ("数千万", 10_000_000, True),
    ("1万多亿", 1_000_000_000_000, True),
    # ranges: the lower bound, approximate
    ("两三", 2, True),
    ("一两", 1, True),
    ("五六十", 50, True),
    ("十五六", 15, True),
    ("三四百万", 3_000_000, True),
    ("2到4", 2, True),
    ("2-4万", 20000, True),  # the left end takes the right end's magnitude
]


@pytest.mark.parametrize(("raw", "value", "approx"), PARSED, ids=[p[0] for p in PARSED])
def test_parses(raw: str, value: float, approx: bool) -> None:
    assert parse_numeral(raw) == Numeral(float(value), approx)


REFUSED = [
    "",
    "二〇二三",  # a year written digit by digit
    "三千百",  # a unit without its digit in mid-number
    "5万千",  # 5万千瓦: 千 belongs to the unit
    "百万千",
    "零",
    "一二三",
    "一万零五千",  # after 零 the rest must be smaller than the skipped place
    "4到2",  # a range running backwards
    "多",
    "几",  # 几个: no magnitude to be vague about
    "02",  # a serial (云海二号02组)
]


@pytest.mark.parametrize("raw", REFUSED)
def test_refuses_instead_of_guessing(raw: str) -> None:
    assert parse_numeral(raw) is None


def test_decimal_arithmetic_keeps_values_exact() -> None:
    assert parse_numeral("1.3万").value == 13000.0  # float arithmetic gives 13000.000000000002
    assert parse_numeral("4.28万亿").value == 4_280_000_000_000.0


FRACTIONS = [
    ("百分之十五", 15.0),
    ("百分之五十", 50.0),
    ("三分之一", 1 / 3),
    ("四分之三", 0.75),
    ("一半", 0.5),
]


@pytest.mark.parametrize(("raw", "value"), FRACTIONS)
def test_fractions(raw: str, value: float) -> None:
    assert parse_fraction(raw).value == pytest.approx(value)


# Why not cn2an (installed for others): it is wrong or refuses on what releases write.
CN2AN_DISAGREES = [
    ("两三", 2.0),  # cn2an: 23
    ("五六十", 50.0),  # cn2an: error
    ("530多亿", 53_000_000_000.0),  # cn2an: error on 多
    ("1.3万亿", 1_300_000_000_000.0),  # cn2an: error
]


@pytest.mark.parametrize(("raw", "value"), CN2AN_DISAGREES)
def test_cn2an_is_wrong_where_we_are_right(raw: str, value: float) -> None:
    cn2an = pytest.importorskip("cn2an")
    try:
        theirs = cn2an.cn2an(raw, "smart")
    except Exception:  # noqa: BLE001 - cn2an raises bare ValueError subclasses
        theirs = None
    assert theirs != value
    assert parse_numeral(raw).value == value
