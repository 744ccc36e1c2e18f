"""recognise/dates.py: stated dates with their parts, and resolution against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.recognise.dates import cn_number, find_dates, resolve

# (sentence, the date's text, year, month, day, end-day or None)
POSITIVE = [
    ("国务院总理李克强26日主持召开国务院常务会议", "26日", None, None, 26, None),
    ("中共中央政治局于12月26日至27日召开民主生活会", "12月26日至27日", None, 12, 26, 27),
    ("于2026年1月12日至14日在北京举行", "2026年1月12日至14日", 2026, 1, 12, 14),
    ("（2026年1月14日中国共产党第二十届中央纪律检查委员会第五次全体会议通过）", "2026年1月14日", 2026, 1, 14, None),
    ("华西都市报(四川日报全媒体记者 张立东 李森)6月26日,推动成渝地区", "6月26日", None, 6, 26, None),
    ("——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上", "二〇二六年一月二十七日", 2026, 1, 27, None),
    ("全国铁路预计发送旅客，从9月27日—10月8日，", "9月27日—10月8日", None, 9, 27, 8),
    ("时间：2026-02-03", "2026-02-03", 2026, 2, 3, None),
    ("第十四届全国人民代表大会第三次会议5日上午在北京人民大会堂开幕", "5日", None, None, 5, None),
]


@pytest.mark.parametrize(("text", "span", "year", "month", "day", "end_day"), POSITIVE)
def test_dates_are_found_with_their_parts(text, span, year, month, day, end_day) -> None:
    found = [m for m in find_dates(text) if m.attrs["granularity"] == "day"]
    assert len(found) == 1
    m = found[0]
    assert text[m.start:m.end] == span
    assert (m.attrs["year"], m.attrs["month"], m.attrs["day"]) == (year, month, day)
    assert (m.attrs["end"] or {}).get("day") == end_day


# Day-like strings that are not days.
NEGATIVE = [
    "开放则兴，封闭则衰。今天的中国，以高水平对外开放为高质量发展",  # 今天的 = nowadays
    "这是第5日的比赛",  # an ordinal day
    "全年共完成112日的任务",  # not 12日
    "持续了三十日",  # Chinese numerals without a month: a span of days, not a date
    "重庆市2023年上半年推动成渝地区双城经济圈建设情况",  # a year, not a day
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_day_is_found(text) -> None:
    assert [m.text for m in find_dates(text) if m.attrs["granularity"] == "day"] == []


def test_year_alone_is_a_year_mention() -> None:
    text = "重庆市2023年上半年推动成渝地区双城经济圈建设情况"
    [m] = find_dates(text)
    assert (text[m.start:m.end], m.attrs["granularity"], m.attrs["year"]) == ("2023年", "year", 2023)


def test_part_of_day_and_local_time_are_noted_outside_the_span() -> None:
    text = "当地时间11月15日下午，国家主席习近平在巴厘岛会见阿根廷总统"
    [m] = find_dates(text)
    assert text[m.start:m.end] == "11月15日"
    assert m.attrs["part_of_day"] == "下午" and m.attrs["local_time"] is True


@pytest.mark.parametrize(
    ("text", "pub", "expected"),
    [
        ("李克强26日主持召开", "2022-09-27", "2022-09-26"),
        ("今天（6月10日），在屈原故里", "2024-06-10", "2024-06-10"),
        ("昨天召开会议", "2024-03-01", "2024-02-29"),
        ("12月30日召开", "2025-01-02", "2024-12-30"),  # a month-day after the publication date: last year
        ("28日召开", "2025-03-02", "2025-02-28"),  # a day after the publication day: last month
        ("30日召开", "2025-03-02", None),  # ... and there is no 30 February
    ],
)
def test_resolve_against_publication_date(text, pub, expected) -> None:
    m = find_dates(text)[0]
    got = resolve(m.attrs, date.fromisoformat(pub))
    assert (got.isoformat() if got else None) == expected


def test_month_day_without_publication_date_takes_the_default_year() -> None:
    [m] = find_dates("6月26日,推动")
    assert resolve(m.attrs, None, 2023) == date(2023, 6, 26)
    assert resolve(m.attrs, None, None) is None


@pytest.mark.parametrize(("s", "n"), [("26", 26), ("二十六", 26), ("十", 10), ("十二", 12), ("三十一", 31), ("一二", None)])
def test_cn_number(s, n) -> None:
    assert cn_number(s) == n
