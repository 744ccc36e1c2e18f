"""extract/source.py: outlet and reporters from the header and bylines; the dateline date."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract.source import dateline_date, extract_source, headline
from pipeline.recognise.dates import find_dates
from pipeline.recognise.merge import merge


def source_of(text: str):
    return extract_source(Document(text, "x.txt"), None, merge(find_dates(text)))


@pytest.mark.parametrize(
    ("text", "outlet", "reporters"),
    [
        ("唱好双城记 共建经济圈\n\n华西都市报(四川日报全媒体记者 张立东 李森)6月26日,联席会议举行。\n\n四川日报全媒体记者 张守帅",
         "华西都市报", ["张立东", "李森", "张守帅"]),
        ("李克强主持召开国务院常务会议\n\n央视网消息（新闻联播）：国务院总理李克强26日主持召开国务院常务会议。",
         "央视网消息（新闻联播）", []),
        ("2026年甘肃省政府工作报告\n来源：甘肃日报\n时间：2026-02-10\n任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿\n各位代表：",
         "甘肃日报", ["盛学卿"]),
        ("2026年四川省人民政府工作报告\n2026年02月10日 07时41分\n来源:\n四川日报\n【字体：", "四川日报", []),
        ("新华社北京6月26日电 国务院总理李强26日主持召开国务院常务会议。", "新华社", []),
    ],
)
def test_outlet_and_reporters(text, outlet, reporters) -> None:
    src = source_of(text)
    assert src.outlet == outlet
    assert text[src.outlet_span.start:src.outlet_span.end] == outlet
    assert src.reporters == reporters
    for span in src.reporter_spans:
        assert text[span.start:span.end] == span.text


@pytest.mark.parametrize(
    "text",
    [
        "记者看到，企业车间里机器轰鸣。",  # running text, not a byline
        "记者从国铁集团获悉，全国铁路今天启动运输。",
        "政府工作报告。 贵州日报天眼新闻记者 李森 摄\n政府工作报告",  # a photo credit
        "省长卢东亮在省十四届人大五次会议上作政府工作报告。本报记者阮洋摄\n各位代表：",
    ],
)
def test_no_reporters(text) -> None:
    assert source_of(text).reporters == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026年甘肃省政府工作报告\n来源：甘肃日报\n时间：2026-02-10\n", "2026-02-10"),
        ("2026年四川省人民政府工作报告\n2026年02月10日 07时41分\n来源:\n四川日报\n", "2026-02-10"),
        ("新华社北京2023年6月26日电 国务院常务会议召开。", "2023-06-26"),
        # a full date inside a sentence is the event, not the dateline
        ("中央纪委五次全会公报\n中国共产党第二十届中央纪律检查委员会第五次全体会议，于2026年1月12日至14日在北京举行。", None),
        ("政府工作报告\n——2026年1月27日在海南省第七届人民代表大会第五次会议上\n", None),
        ("华西都市报(四川日报全媒体记者 张立东 李森)6月26日,联席会议举行。", None),  # no year
    ],
)
def test_dateline_date(text, iso) -> None:
    assert dateline_date(Document(text, "x.txt"), merge(find_dates(text))) == iso


def test_headline_still_reads_the_first_line() -> None:
    assert headline(Document("\n\n唱好双城记 共建经济圈\n\n正文。", "x.txt")) == "唱好双城记 共建经济圈"


BUGS_CAUGHT = [
    # "记者 韩卿立 摄" gave 摄 as a second reporter
    "内蒙古自治区政府工作报告。本报记者 韩卿立 摄\n各位代表：",
    # "记者 戴冰摄" gave 戴冰摄 as a reporter
    "北京市政府工作报告。本报记者 戴冰摄\n各位代表：",
]


@pytest.mark.parametrize("text", BUGS_CAUGHT)
def test_bugs_caught(text) -> None:
    assert source_of(text).reporters == []
