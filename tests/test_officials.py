"""officials: each named official once, with every title the text gives them (GUIDELINES.md §officials).

Recognizers -> merge -> extract on real release sentences; every span is checked against the text.
"""

from __future__ import annotations

import pytest

from pipeline.document import Document, Mention
from pipeline.extract.officials import OfficialFact, extract_officials
from pipeline.recognise.merge import merge
from pipeline.recognise.persons import PersonRecognizer
from pipeline.recognise.titles import TitleRecognizer
from pipeline.segment import segment

SEED = (
    "重庆市委书记袁家军主持并通报会议主要成果及重庆市下一步打算,四川省委书记王晓晖出席并通报四川省下一步打算。"
    "重庆市委副书记、市长胡衡华,四川省委副书记、省长黄强分别通报有关情况。国家发展改革委秘书长伍浩出席。\n"
    "袁家军说,要深入贯彻落实习近平总书记重要指示要求。\n"
    "发布会上,四川省常委、成都市委书记施小琳通报了2023年上半年成都市推进双核联动情况。\n"
    "重庆市领导陈鸣波、罗蔺、郑向东、江敦涛、商奎,四川省领导田庆盈、胡云、郑备、段毅君,成都市市长王凤朝,"
    "国家发展改革委有关司局负责同志,新闻媒体代表等参加。\n四川日报全媒体记者 张守帅"
)


def officials(text: str, extra: list[Mention] = ()) -> list[OfficialFact]:
    doc = Document(text=text, source_file="t.txt")
    tokens = segment(text)
    found = TitleRecognizer().recognise(doc, tokens) + PersonRecognizer().recognise(doc, tokens) + list(extra)
    facts = extract_officials(doc, tokens, merge(found))
    for f in facts:
        for m in [*f.mentions, *f.title_mentions]:
            assert text[m.start:m.end] == m.text
        assert all(m.text == f.name for m in f.mentions)
    return facts


def table(text: str, extra: list[Mention] = ()) -> dict[str, list[str]]:
    return {f.name: f.titles for f in officials(text, extra)}


def test_reference_release() -> None:
    assert table(SEED) == {
        "袁家军": ["重庆市委书记"], "王晓晖": ["四川省委书记"], "胡衡华": ["重庆市委副书记", "市长"],
        "黄强": ["四川省委副书记", "省长"], "伍浩": ["国家发展改革委秘书长"], "习近平": ["总书记"],
        "施小琳": ["四川省常委", "成都市委书记"],
        "陈鸣波": ["重庆市领导"], "罗蔺": ["重庆市领导"], "郑向东": ["重庆市领导"], "江敦涛": ["重庆市领导"],
        "商奎": ["重庆市领导"], "田庆盈": ["四川省领导"], "胡云": ["四川省领导"], "郑备": ["四川省领导"],
        "段毅君": ["四川省领导"], "王凤朝": ["成都市市长"],
    }


CASES = [
    # foreign posts: Singapore's senior ministers, Qatar's head of state
    ("会见新加坡总统哈莉玛、总理李显龙、副总理黄循财、副总理王瑞杰、国务资政张志贤，并同王瑞杰共同主持会议。",
     {"哈莉玛": ["新加坡总统"], "李显龙": ["总理"], "黄循财": ["副总理"], "王瑞杰": ["副总理"],
      "张志贤": ["国务资政"]}),
    ("国家主席习近平在人民大会堂会见卡塔尔埃米尔塔米姆。新加坡高级部长李显龙出席。",
     {"习近平": ["国家主席"], "塔米姆": ["卡塔尔埃米尔"], "李显龙": ["新加坡高级部长"]}),
    ("中共中央总书记、国家主席、中央军委主席习近平出席全会并发表重要讲话。李强、赵乐际、王沪宁等党和国家领导人出席会议。"
     "全会认真学习习近平总书记重要讲话。",
     {"习近平": ["中共中央总书记", "国家主席", "中央军委主席", "总书记"], "李强": ["党和国家领导人"],
      "赵乐际": ["党和国家领导人"], "王沪宁": ["党和国家领导人"]}),
    # titles stated elsewhere for the same person are added
    ("大会主席团常务主席、执行主席李鸿忠、王东明在主席台执行主席席就座。受全国人大常委会委托，全国人大常委会副委员长李鸿忠作说明。",
     {"李鸿忠": ["大会主席团常务主席", "执行主席", "全国人大常委会副委员长"],
      "王东明": ["大会主席团常务主席", "执行主席"]}),
    ("在以习近平同志为核心的党中央坚强领导下，习近平总书记指出", {"习近平": ["总书记"]}),
    ("3月17日至18日，习近平在贵州省委书记徐麟和省长李炳军陪同下考察。\n何立峰及中央和国家机关有关部门负责同志陪同考察。",
     {"徐麟": ["贵州省委书记"], "李炳军": ["省长"], "何立峰": []}),
]

NEGATIVE = [
    "市长表示，要加快建设。",
    "运动员唐子婷、裁判员刘江分别代表全体参赛运动员和技术官员宣誓。",
    "华西都市报(四川日报全媒体记者 张立东 李森)6月26日",
    "成都某科技公司总经理张伟介绍，公司订单增长。",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_officials(text: str, expected: dict[str, list[str]]) -> None:
    assert table(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_official(text: str) -> None:
    assert table(text) == {}


def test_each_official_once_with_every_mention() -> None:
    (fact,) = [f for f in officials(SEED) if f.name == "袁家军"]
    assert [(m.start, m.end) for m in fact.mentions] == [(6, 9), (SEED.index("袁家军说"), SEED.index("袁家军说") + 3)]
    assert fact.recognizers == ["persons"]


def test_title_mentions_are_normalised_where_the_text_fixes_the_organisation() -> None:
    (fact,) = [f for f in officials(SEED) if f.name == "胡衡华"]
    assert [(t.text, t.organisation, t.normalised) for t in fact.title_mentions] == [
        ("重庆市委副书记", "重庆市委", "重庆市委副书记"), ("市长", None, "重庆市市长")]


def _model_per(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention.at(text, start, start + len(name), "PER", "ner_model", score=0.9)


def test_model_person_counts_before_a_post() -> None:
    text = "期待早日迎来普京总统访华。"
    assert table(text) == {}  # no conjunction before the name for the rules to start it at
    assert table(text, [_model_per(text, "普京")]) == {"普京": ["总统"]}


def test_model_person_counts_after_a_title() -> None:
    text = "会见美国总统特朗普。"
    per = Mention.at(text, 7, 10, "PER", "ner_model", score=0.9)
    assert table(text, [per]) == {"特朗普": ["美国总统"]}


@pytest.mark.parametrize(("text", "name"), [
    ("县长李建设主持会议。", "李建设"),  # jieba: 李|建设, a one-character surname then a verb
    ("市长王建国指出，要抓好落实。", "王建国"),  # one name token
    ("墨玉县委原书记张冠军乱作为。", "张冠军"),  # 张|冠军
    ("日本前首相鸠山由纪夫，意大利前总理达莱马出席。", "鸠山由纪夫"),  # a foreign name, one token
])
def test_model_person_after_a_post_whose_given_name_is_a_word(text: str, name: str) -> None:
    assert name in table(text, [_model_per(text, name)])


def test_model_person_without_official_support_is_not_an_official() -> None:
    text = "村民张大山说，今年收成好。"
    assert table(text, [_model_per(text, "张大山")]) == {}


BUGS_CAUGHT = [
    # a model "name" after a bare post that is a word (总书记殷切嘱托) or after a model TITLE (记者)
    ("牢记总书记殷切嘱托，奋力谱写新篇章。", "殷切"),
    ("牢记总书记殷殷嘱托，奋力谱写新篇章。", "殷殷"),
    # the whole phrase as a "name": two full words, a verb last (xwlb_20250307_08)
    ("全市上下要牢记总书记殷殷嘱托，干字当头、唯实争先。", "殷殷嘱托"),
    ("牢记总书记深情嘱托，奋力谱写新篇章。", "深情嘱托"),
    ("本报记者阮洋报道", "阮洋"),
    # a model span that cuts a word in two
    ("总书记念兹在兹的是人民群众", "念兹"),
]


@pytest.mark.parametrize(("text", "model_name"), BUGS_CAUGHT)
def test_bugs_caught_model_person_needs_support(text: str, model_name: str) -> None:
    extra = [_model_per(text, model_name)]
    if "记者" in text:
        start = text.index("记者")
        extra.append(Mention.at(text, start, start + 2, "TITLE", "ner_model", score=0.9))
    assert table(text, extra) == {}


@pytest.mark.parametrize(("text", "expected"), [
    # a former holder keeps the organisation
    ("斯里兰卡前总统拉贾帕克萨，意大利前总理达莱马，", {"拉贾帕克萨": ["斯里兰卡前总统"], "达莱马": ["意大利前总理"]}),
    # 兼 joins two titles of one person; 财政部长 is 财政部 + 部长
    ("同新加坡副总理兼财政部长黄循财举行会谈。", {"黄循财": ["新加坡副总理", "财政部长"]}),
    # a foreign name after a country's title, though it starts with a Chinese surname
    ("同法国总统马克龙举行会谈。", {"马克龙": ["法国总统"]}),
    ("国务院副总理韩正应邀访问新加坡", {"韩正": ["国务院副总理"]}),
    # a short division name (平和) does not hide the 和 before a title, nor does a name
    ("国家主席习近平和俄罗斯总统普京互致新年贺电。", {"习近平": ["国家主席"], "普京": ["俄罗斯总统"]}),
    # a bare post's "name" must not be a transliteration-looking phrase
    ("表达对总书记的热爱和依依不舍。", {}),
])
def test_bugs_caught(text: str, expected: dict[str, list[str]]) -> None:
    assert table(text) == expected


def _model_title(text: str, title: str) -> Mention:
    start = text.index(title)
    return Mention.at(text, start, start + len(title), "TITLE", "ner_model", score=0.7)


@pytest.mark.parametrize(("text", "title", "name", "expected"), [
    # a post no lexicon lists, continuing a list of officials the rules read
    ("分别会见新加坡总统哈莉玛、总理李显龙、副总理王瑞杰、国会领袖英兰妮，并共同主持会议。", "国会领袖", "英兰妮",
     {"英兰妮": ["国会领袖"]}),
    # the same title and name with no official before them: the rules know 领袖 after a public
    # body (国会) since issue 15, so the name counts by the rules, not by its place in a list
    ("他还会见了国会领袖英兰妮。", "国会领袖", "英兰妮", {"英兰妮": ["国会领袖"]}),
    # a list, but of people the rules did not read as officials
    ("参加活动的有村民张大山、文书李小明。", "文书", "李小明", {}),
])
def test_model_title_and_name_continuing_a_list_of_officials(text: str, title: str, name: str, expected) -> None:
    found = table(text, [_model_title(text, title), _model_per(text, name)])
    assert {k: v for k, v in found.items() if k == name} == expected


# Staff of state-owned enterprises and heads of public associations (GUIDELINES.md §officials: "a
# state-owned body"; issue 15): a post after a state-owned enterprise (state_owned_bodies.txt) or a
# public association (public_associations.txt) is a title; the same post after a private company,
# a club, a chamber, a forum or a religious body is none. Real sentences of shared/raw/xwlb_items.jsonl.
STATE_BODIES = [
    ("严重破坏足球领域政治生态的国家体育总局原党组成员、副局长杜兆才，弃守金融风险防控职责，造成重大金融风险的中国银行原党委书记、董事长刘连舸",
     {"刘连舸": ["中国银行原党委书记", "董事长"]}),
    ("中储粮集团公司广西分公司原副总经理张东升挪用公款、受贿、为亲友非法牟利案；",
     {"张东升": ["中储粮集团公司广西分公司原副总经理"]}),
    ("中国储备粮管理集团有限公司原党组成员、副总经理徐宝义，安徽省淮北市政府原党组成员、副市长胡亮，",
     {"徐宝义": ["中国储备粮管理集团有限公司原党组成员", "副总经理"]}),
    ("文化和旅游部原党组副书记、副部长李金早，中国联合网络通信集团有限公司原党组副书记、总经理、董事李国华，",
     {"李国华": ["中国联合网络通信集团有限公司原党组副书记", "总经理", "董事"]}),
    ("上海期货交易所原党委书记、理事长姜岩，中国五矿集团中冶华天工程技术有限公司原党委书记",
     {"姜岩": ["上海期货交易所原党委书记", "理事长"]}),
    # a verb before the organisation ends it (公开通报|中国航空器材集团)
    ("中央纪委办公厅公开通报中国航空器材集团有限公司原董事长、党委书记任宇，",
     {"任宇": ["中国航空器材集团有限公司原董事长", "党委书记"]}),
    ("国家电力投资集团有限公司董事长、党组书记刘明胜，", {"刘明胜": ["国家电力投资集团有限公司董事长", "党组书记"]}),
    # a state bank's branch; the name ends before 总是
    ("每当银行网点来了老年客户，工商银行新疆乌鲁木齐新民路支行副行长李鹏总是第一个上前热情接待。",
     {"李鹏": ["工商银行新疆乌鲁木齐新民路支行副行长"]}),
    # a foreign state's corporations
    ("另据俄罗斯媒体报道，俄国家航天集团前总裁罗戈津称，", {"罗戈津": ["俄国家航天集团前总裁"]}),
    ("俄罗斯联邦政府副总理诺瓦克，俄罗斯总统能源发展战略和生态安全委员会秘书长、俄罗斯石油公司总裁谢钦出席开幕式。",
     {"诺瓦克": ["俄罗斯联邦政府副总理"], "谢钦": ["俄罗斯总统能源发展战略和生态安全委员会秘书长", "俄罗斯石油公司总裁"]}),
    # public associations: people's organisations and chartered associations
    ("全国人大常委会副委员长、欧美同学会会长丁仲礼作报告。", {"丁仲礼": ["全国人大常委会副委员长", "欧美同学会会长"]}),
    ("大会开幕式由中国红十字会会长陈竺主持。", {"陈竺": ["中国红十字会会长"]}),
    ("开幕式由全国台联会长黄志贤主持。", {"黄志贤": ["全国台联会长"]}),
    ("北京新生命养老助残服务中心主任唐占鑫、宁夏吴忠市红寺堡区残联理事长马广步、电子科技大学教授徐鹏等3名获奖代表分别在会上发言。",
     {"马广步": ["宁夏吴忠市红寺堡区残联理事长"]}),
    # negatives: private companies, a club, a business chamber, a fishing federation, a religious body
    ("当地时间26日下午，国务院总理李强在首尔会见韩国三星集团会长李在镕。", {"李强": ["国务院总理"]}),
    ("座谈会上，华为技术有限公司首席执行官任正非、比亚迪股份有限公司董事长王传福、新希望控股集团有限公司董事长刘永好发言。", {}),
    ("美国商会会长兼首席执行官克拉克表示，随着时间推移，小企业面临高成本和供应链中断的威胁越来越严重", {}),
    ("日本全国渔业协会联合会会长坂本雅信22日向日本经济产业大臣西村康稔递交请愿书", {}),
    ("论坛期间还召开了世界道教联合会成立大会，选举产生了世界道教联合会第一届理事会，中国道教协会会长李光富当选为理事长。", {}),
    ("央视网消息（新闻联播）：3月27日、29日，国家副主席韩正在京分别会见了来华出席中国发展高层论坛2023年年会的汇丰集团行政总裁祈耀年、太古集团行政总裁施铭伦、雅培公司董事长罗赋德。",
     {"韩正": ["国家副主席"]}),
]


@pytest.mark.parametrize(("text", "expected"), STATE_BODIES)
def test_state_owned_enterprises_and_public_associations(text: str, expected: dict[str, list[str]]) -> None:
    found = table(text)
    assert {k: v for k, v in found.items() if k in expected} == expected
    assert set(found) <= set(expected) | {"杜兆才", "胡亮", "李金早", "西村康稔"}, found


def test_the_head_of_a_private_association_abroad_is_no_official(full_pipeline) -> None:
    """The model reads 河野洋平 as a person; his only post heads a private association (the release
    calls its work 民间友好交往), so the pipeline lists no official for him."""
    from pipeline.read import document_from_bytes

    text = "李强会见日本国际贸易促进协会访华团\n\n央视网消息（新闻联播）：国务院总理李强5日在京会见日本国际贸易促进协会会长河野洋平率领的访华团。\n"
    record = full_pipeline.process(document_from_bytes(text.encode("utf-8"), "xwlb.txt", None))
    assert {o.name: o.titles for o in record.officials} == {"李强": ["国务院总理"]}
