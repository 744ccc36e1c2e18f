"""titles: organisation + post as the text joins them (GUIDELINES.md §officials), exact spans.

Sentences are real release sentences (the reference release, corpus/ and xinwen lianbo items),
some shortened.
"""

from __future__ import annotations

import pytest

from pipeline.recognise.titles import TitleRecognizer, division_names, find_titles


def titles(text: str) -> list[tuple[str, str | None]]:
    out = []
    for m in find_titles(text):
        assert text[m.start:m.end] == m.text
        assert m.label == "TITLE" and m.recognizer == "titles"
        out.append((m.text, m.attrs["organisation"]))
    return out


CASES = [
    ("重庆市委副书记、市长胡衡华,四川省委副书记、省长黄强分别通报有关情况。",
     [("重庆市委副书记", "重庆市委"), ("市长", None), ("四川省委副书记", "四川省委"), ("省长", None)]),
    ("四川省常委、成都市委书记施小琳通报了2023年上半年成都市推进双核联动情况。",
     [("四川省常委", "四川省"), ("成都市委书记", "成都市委")]),
    ("国家发展改革委秘书长伍浩出席。", [("国家发展改革委秘书长", "国家发展改革委")]),
    ("中共中央总书记、国家主席、中央军委主席习近平出席全会",
     [("中共中央总书记", "中共中央"), ("国家主席", "国家"), ("中央军委主席", "中央军委")]),
    ("习近平在贵州省委书记徐麟和省长李炳军陪同下", [("贵州省委书记", "贵州省委"), ("省长", None)]),
    ("同国际大学生体育联合会代理主席艾德等步入主席台", [("国际大学生体育联合会代理主席", "国际大学生体育联合会")]),
    ("中共中央政治局常委、中央党的建设工作领导小组组长蔡奇主持会议",
     [("中共中央政治局常委", "中共中央政治局"), ("中央党的建设工作领导小组组长", "中央党的建设工作领导小组")]),
    ("全国人大常委会副委员长李鸿忠作关于代表法修正草案的说明", [("全国人大常委会副委员长", "全国人大常委会")]),
    ("时任浙江省委书记习近平同志在浙江安吉余村调研", [("浙江省委书记", "浙江省委")]),
    ("文化和旅游部部长孙业礼介绍", [("文化和旅游部部长", "文化和旅游部")]),
    ("国家发展和改革委员会主任郑栅洁", [("国家发展和改革委员会主任", "国家发展和改革委员会")]),
    ("出席开幕式的国际贵宾有：印度尼西亚总统佐科和夫人伊莉亚娜、布隆迪总统恩达伊施米耶",
     [("印度尼西亚总统", "印度尼西亚"), ("布隆迪总统", "布隆迪")]),
    ("重庆市领导陈鸣波、罗蔺", [("重庆市领导", "重庆市")]),
    ("李强、赵乐际、王沪宁等党和国家领导人出席会议。", [("党和国家领导人", "党和国家")]),
    ("香港特别行政区行政长官李家超列席会议", [("香港特别行政区行政长官", "香港特别行政区")]),
    ("大会主席团常务主席、执行主席赵乐际主持大会。", [("大会主席团常务主席", "大会主席团"), ("执行主席", None)]),
    ("习近平总书记指出", [("总书记", None)]),
    ("成都市市长王凤朝", [("成都市市长", "成都市")]),
]

# Posts inside longer words, company and village posts, posts needing an organisation: no title.
NEGATIVE = [
    "全体代表在主席台前就座。",
    "李鸿忠、王东明在主席台执行主席席就座。",
    "推动成渝地区双城经济圈建设工作领导小组办公室",
    "集团公司办公室主任张伟介绍",
    "村党支部书记王大山带领村民",
    "主任介绍了有关情况",
    "领导干部要带头",
]

BUGS_CAUGHT = [
    # a name jieba tags as a person's hid the country: 布隆迪总统 became a bare 总统
    ("、布隆迪总统恩达伊施米耶、圭亚那总统阿里", [("布隆迪总统", "布隆迪"), ("圭亚那总统", "圭亚那")]),
    # the verb of an appointment is not part of the title
    ("全会决定递补中央委员会候补委员王宁、王伟中为中央委员会委员。",
     [("中央委员会候补委员", "中央委员会"), ("中央委员会委员", "中央委员会")]),
    # 应 (at the invitation of) starts the title after it
    ("应越共中央总书记苏林邀请", [("越共中央总书记", "越共中央")]),
    # a verb before a country ends the phrase; a verb before a body word does not (预算工委)
    ("大会堂举行仪式，欢迎葡萄牙总理蒙特内格罗", [("葡萄牙总理", "葡萄牙")]),
    ("常委会预算工委主任史耀斌作的关于国有资产管理情况的报告", [("常委会预算工委主任", "常委会预算工委")]),
    ("格陵兰岛自治政府总理尼尔森当天表示", [("格陵兰岛自治政府总理", "格陵兰岛自治政府")]),
    # 经 (as in 经济) starts no title; 届 stays inside one
    ("全国人大财政经济委员会主任委员钟山", [("全国人大财政经济委员会主任委员", "全国人大财政经济委员会")]),
    ("全国政协十四届一次会议主席团常务主席胡春华", [("全国政协十四届一次会议主席团常务主席", "全国政协十四届一次会议主席团")]),
    # 主席国 is no post
    ("俄方将积极支持中方主席国工作", []),
    # the 和 inside a ministry's name does not cut it
    ("中央党史和文献研究院院长曲青山", [("中央党史和文献研究院院长", "中央党史和文献研究院")]),
    # a former holder: 原/前 stay in the title, not in its organisation
    ("江西省委原书记张三接受审查", [("江西省委原书记", "江西省委")]),
    ("南非前总统莫特兰蒂", [("南非前总统", "南非")]),
    # the tagger's "name" 墨玉 is the start of the county 墨玉县, not a person before the title
    ("新疆维吾尔自治区墨玉县委原书记张冠军乱作为", [("新疆维吾尔自治区墨玉县委原书记", "新疆维吾尔自治区墨玉县委")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_titles(text: str, expected) -> None:
    assert titles(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_title(text: str) -> None:
    assert titles(text) == []


@pytest.mark.parametrize(("text", "expected"), BUGS_CAUGHT)
def test_bugs_caught(text: str, expected) -> None:
    assert titles(text) == expected


@pytest.mark.xfail(strict=True, reason="an organisation with a conjunction not in official_bodies.txt is cut at 和")
def test_unknown_body_with_conjunction() -> None:
    assert titles("中国科学技术协会和科学普及部部长张三") == [("中国科学技术协会和科学普及部部长", "中国科学技术协会和科学普及部")]


@pytest.mark.parametrize(("short", "present"), [("四川", True), ("黔东南", True), ("三都", True), ("重", False)])
def test_division_short_names(short: str, present: bool) -> None:
    assert (short in division_names()) is present


def test_recognizer_reads_the_document() -> None:
    from pipeline.document import Document
    from pipeline.segment import segment

    text = "国务院总理李克强26日主持召开国务院常务会议"
    found = TitleRecognizer().recognise(Document(text=text, source_file="t.txt"), segment(text))
    assert [(m.start, m.end, m.text) for m in found] == [(0, 5, "国务院总理")]
