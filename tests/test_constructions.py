"""The constructions table (official_constructions.tsv) and the officials each construction makes.

Real sentences from shared/raw/xwlb_items.jsonl and shared/corpus (not the gold sets), one table
per construction, positive and negative; the officials carry the construction that made them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.errors import PressfactsError
from pipeline.extract.officials import extract_officials
from pipeline.recognise import constructions as constructions_module
from pipeline.recognise.constructions import RULE_IDS, constructions
from pipeline.recognise.merge import merge
from pipeline.recognise.persons import PersonRecognizer
from pipeline.recognise.titles import TitleRecognizer
from pipeline.segment import segment

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def officials(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (titles, constructions), rules only; every span checked against the text."""
    doc = Document(text=text, source_file="t.txt")
    tokens = segment(text)
    found = TitleRecognizer().recognise(doc, tokens) + PersonRecognizer().recognise(doc, tokens)
    out = {}
    for f in extract_officials(doc, tokens, merge(found)):
        for m in [*f.mentions, *f.title_mentions]:
            assert text[m.start:m.end] == m.text
        out[f.name] = (f.titles, f.constructions)
    return out


def test_the_table_lists_every_rule_construction_once() -> None:
    ids = [c.id for c in constructions()]
    assert len(ids) == len(set(ids))
    assert RULE_IDS <= set(ids)
    assert all(c.regex is not None for c in constructions() if c.kind == "regex")


@pytest.mark.parametrize("construction", constructions(), ids=lambda c: c.id)
def test_each_example_makes_officials_by_its_construction(construction) -> None:
    found = officials(construction.example)
    assert any(construction.id in ids for _, ids in found.values()), found


# find_links skips a text that lacks a construction's required characters: they must be in every
# match (real sentences from ../shared/raw, and each construction's own example)
@pytest.mark.parametrize(
    ("construction_id", "required", "text"),
    [("leave_post", "同志不再", "2023年3月，李克强同志不再担任国务院总理职务。"),
     ("presidium", "在主席台", "李克强、栗战书、汪洋、王岐山等在主席台就座。"),
     ("elected", "当选", "何维当选主席。"),
     ("assume_post", "同志", "冯飞同志任海南省委书记。"),
     ("comrade_act", "同志", "李希同志主持会议。"),
     ("attend_with", "等", "王毅等参加会见。"),
     ("dismiss", "免去", "免去王祥喜的应急管理部部长职务。"),
     ("appoint", "为", "任命王毅为外交部部长。")],
)
def test_the_text_every_match_holds(construction_id: str, required: str, text: str) -> None:
    (c,) = [c for c in constructions() if c.id == construction_id]
    assert constructions_module._required_text(c.regex) == required
    assert c.regex.search(text)
    assert not c.regex.search(text.replace(required, required[:-1] + "，"))


@pytest.mark.parametrize("construction", [c for c in constructions() if c.regex is not None], ids=lambda c: c.id)
def test_every_example_holds_its_required_text(construction) -> None:
    required = constructions_module._required_text(construction.regex)
    assert required, "a construction with no required text is matched over every text"
    assert required in construction.example


@pytest.mark.skipif(not (SHARED / "raw" / "xwlb_items.jsonl").exists(), reason="needs ../shared/raw")
def test_each_example_is_real_text() -> None:
    texts = [json.loads(line)["text"] for line in (SHARED / "raw" / "xwlb_items.jsonl").open(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus").glob("*.txt"))]
    blob = "\n".join(texts)
    assert [c.id for c in constructions() if c.example not in blob] == []


# (sentence, {name: (titles, construction that must be among the official's)})
POSITIVE = [
    # appoint: 任命A为X, 决定A为X, 递补A、B、C为X
    ("会议经表决，决定免去唐一军的司法部部长职务，任命贺荣为司法部部长。",
     {"唐一军": (["司法部部长"], "dismiss"), "贺荣": (["司法部部长"], "appoint")}),
    ("二、免去易纲的中国人民银行行长职务； 任命潘功胜为中国人民银行行长。",
     {"易纲": (["中国人民银行行长"], "dismiss"), "潘功胜": (["中国人民银行行长"], "appoint")}),
    # assume_post / leave_post: a party decision's lines
    ("日前，中共中央决定： 袁家军同志不再兼任浙江省委书记、常委、委员职务； 易炼红同志任浙江省委委员、常委、书记，",
     {"袁家军": (["浙江省委书记", "常委", "委员"], "leave_post"), "易炼红": (["浙江省委委员", "常委", "书记"], "assume_post")}),
    # dismiss with a list of posts
    ("会议经表决，免去贺荣的最高人民法院副院长、审判委员会委员、审判员职务；",
     {"贺荣": (["最高人民法院副院长", "审判委员会委员"], "dismiss")}),
    # revoke: every listed name
    ("会议审议通过了关于撤销钱立志政协第十三届全国委员会委员资格的决定",
     {"钱立志": (["政协第十三届全国委员会委员"], "revoke")}),
    # attend_with: the closing line of a meeting
    ("吴政隆等参加会见。", {"吴政隆": ([], "attend_with")}),
    ("王毅、何立峰等出席上述活动。", {"王毅": ([], "attend_with"), "何立峰": ([], "attend_with")}),
    # comrade_act
    ("张春贤同志在参加吉林代表团讨论时说，报告格局宏大", {"张春贤": ([], "comrade_act")}),
    # presidium
    ("习近平、李强、赵乐际、蔡奇、丁薛祥、李希、韩正等在主席台就座。",
     {n: ([], "presidium") for n in ["习近平", "李强", "赵乐际", "蔡奇", "丁薛祥", "李希", "韩正"]}),
    # titles chained with 、 share the body of the first: 秘书长, 院长
    ("中央宣讲团成员、中国科学院党组书记、院长侯建国在中国科学院作宣讲报告。",
     {"侯建国": (["中国科学院党组书记", "院长"], "post_before_name")}),
    ("全国政协副主席兼秘书长王东峰就有关议题作了说明。", {"王东峰": (["全国政协副主席", "秘书长"], "post_before_name")}),
    # foreign and international officials: aides, abbreviated countries, international bodies
    ("据俄罗斯媒体17日报道，俄罗斯总统助理尤里·乌沙科夫近日表示", {"尤里·乌沙科夫": (["俄罗斯总统助理"], "post_before_name")}),
    ("同一天，联合国秘书长发言人迪雅里克表示，", {"迪雅里克": (["联合国秘书长发言人"], "post_before_name")}),
    ("北约秘书长斯托尔滕贝格近日在接受采访时表示", {"斯托尔滕贝格": (["北约秘书长"], "post_before_name")}),
    ("国务院总理李强29日在海南博鳌会见国际货币基金组织总裁格奥尔基耶娃。",
     {"格奥尔基耶娃": (["国际货币基金组织总裁"], "post_before_name")}),
    ("此外，俄罗斯常驻日内瓦代表加季洛夫16日表示", {"加季洛夫": (["俄罗斯常驻日内瓦代表"], "post_before_name")}),
    # deputies
    ("结合自身工作经历，全国人大代表薛其坤、孙东明、姜鹏，也讲述了他们在一线履职的故事。",
     {"薛其坤": (["全国人大代表"], "post_before_name"), "孙东明": (["全国人大代表"], "list_after_post"),
      "姜鹏": (["全国人大代表"], "list_after_post")}),
    # found reading 100 new officials of 3,000 raw items: a post is no part of the name, nor a modal verb
    ("伊拉克武装部队总司令发言人叶海亚·拉苏尔今天（2月8日）发表声明称",
     {"叶海亚·拉苏尔": (["伊拉克武装部队总司令发言人"], "post_before_name")}),
    ("据美国和以色列媒体报道，美国中央司令部司令库里拉会在今天抵达以色列",
     {"库里拉": (["美国中央司令部司令"], "post_before_name")}),
    # a deputy's title, then an affiliation ending in a post, then the name
    ("全国人大代表、阜阳技师学院汽车工程系副主任贾亮回到学院就投入到培训工作中。",
     {"贾亮": (["全国人大代表"], "post_and_affiliation")}),
    # a member speaking at a plenary: the bare post beside the name
    ("王煜委员代表全国工商联发言说，", {"王煜": (["委员"], "member_speaks")}),
    # bodies ending in 室 or 中心, people's organisations, international banks, duty phrases
    ("中央宣讲团成员、中央政策研究室主任江金权在中央政策研究室作宣讲报告。", {"江金权": (["中央政策研究室主任"], "post_before_name")}),
    ("中央宣讲团成员、国务院发展研究中心副主任张来明在甘肃兰州作宣讲报告。",
     {"张来明": (["国务院发展研究中心副主任"], "post_before_name")}),
    ("新开发银行行长罗塞芙、世界银行行长彭安杰、国际货币基金组织总裁格奥尔基耶娃",
     {"罗塞芙": (["新开发银行行长"], "post_before_name"), "彭安杰": (["世界银行行长"], "post_before_name")}),
    ("乌克兰总统办公室顾问波多利亚克当天表示", {"波多利亚克": (["乌克兰总统办公室顾问"], "post_before_name")}),
    # a 和 inside one body's name
    ("海南省旅游和文化广电体育厅二级巡视员刘平久，", {"刘平久": (["海南省旅游和文化广电体育厅二级巡视员"], "post_before_name")}),
    # names that accompany a leader, at the start of a line
    ("马兴瑞、石泰峰一同调研", {"马兴瑞": ([], "accompany_list"), "石泰峰": ([], "accompany_list")}),
    # members of a leading body named with 同志 under the heading of its meeting (issue 15)
    ("这次中央政治局集体学习，由中央政治局同志自学并交流工作体会，马兴瑞、何立峰、张国清、袁家军同志结合分管领域和地方的工作作了发言，"
     "刘国中、陈敏尔同志提交了书面发言，大家进行了交流。",
     {n: ([], "comrade_speech") for n in ["马兴瑞", "何立峰", "张国清", "袁家军", "刘国中", "陈敏尔"]}),
    # a list under the sentence before it that seats the platform; a name with no Han surname
    # (洛桑江村) among the sure names
    ("十四届全国人大常委会委员长、副委员长、秘书长担任大会执行主席，并在主席台前排就座。他们是：赵乐际、李鸿忠、王东明、肖捷、郑建邦、"
     "丁仲礼、郝明金、蔡达峰、何维、武维华、铁凝、彭清华、张庆伟、洛桑江村、雪克来提·扎克尔、刘奇。",
     {"赵乐际": ([], "they_are"), "洛桑江村": ([], "they_are"), "雪克来提·扎克尔": ([], "they_are"), "刘奇": ([], "they_are")}),
    # an appointment list of seven names, one with a rare surname (訚)
    ("任命王晓萍、王爱文、许罗德、李欣然、赵世勇、訚柏、穆红玉为国家监委委员",
     {"訚柏": (["国家监委委员"], "appoint"), "穆红玉": (["国家监委委员"], "appoint")}),
    # a long modifier inside the title
    ("中央宣讲团成员、全国政协副主席、中央改革办分管日常工作的副主任穆虹作宣讲报告。",
     {"穆虹": (["全国政协副主席", "中央改革办分管日常工作的副主任"], "post_before_name")}),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_constructions_make_officials(text: str, expected) -> None:
    found = officials(text)
    for name, (titles, construction) in expected.items():
        assert name in found, (name, found)
        assert found[name][0] == titles
        assert construction in found[name][1]


NEGATIVE = [
    # a name beside a non-post: an expert, a villager, a company's chairman, athletes, a reporter
    "中国工程院院士朱有勇有41年的党龄",
    "社区居民李星夫妻俩都身有残疾，找不到合适的工作",
    "雅培公司董事长罗赋德、安联集团董事会主席贝特",
    "由陈梦、王曼昱、孙颖莎三名队员组成的中国队发挥出色",
    "美国调查记者西摩·赫什15日发文说",
    "汇丰集团行政总裁祈耀年、太古集团行政总裁施铭伦",
    # a construction's shape with no name or no post in it (jieba tags 祝贺 as a name here)
    "国家主席习近平致电阿西夫·扎尔达里，祝贺他当选巴基斯坦总统。",
    "近期欧佩克和非欧佩克产油国决定减少石油生产是为了稳定石油市场",
    "各选举单位坚持以党章为根本遵循",
    "出席全会的有中央委员199人，候补中央委员159人",
    # the head of an association or a forum is no official (会长, 理事长 are no posts of ours)
    "国务院总理李强12月10日上午在人民大会堂会见国际狮子会会长希尔一行。",
    # a centre's or a hospital's head is no official without a public body
    "家发展研究院副院长、北京大学数字金融研究中心主任黄益平作了题为",
    "匈牙利约翰·冯·诺伊曼大学欧亚中心主任霍尔瓦特·列文特指出",
    # 一同 after no name; athletes lighting a torch together (共同)
    "两国元首分别同对方陪同人员一一握手致意，随后一同观看分列式。",
    "行等12位火炬手接力传递，最后由苏炳添、张家朗、李祎共同点燃全运会主火炬。",
    # a spouse is no official
    "李克强总理夫人程虹、国务委员兼国务院秘书长肖捷等陪同人员同机抵达。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_official_without_a_post_or_an_official_act(text: str) -> None:
    found = officials(text)
    assert not {n for n in found if n in text and n not in ("李克强", "肖捷", "李强", "习近平", "阿西夫·扎尔达里")}, found


def _table_file(tmp_path: Path, row: str) -> Path:
    src = (Path(constructions_module.__file__).parents[1] / "resources" / "official_constructions.tsv")
    lines = src.read_text(encoding="utf-8").splitlines()
    (tmp_path / "official_constructions.tsv").write_text("\n".join(lines + [row]) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("row", "message"), [
    ("bad_regex\tregex\t(?P<names>{NAMES}为(\tx\tx", "does not compile"),
    ("no_match\tregex\t任命(?P<names>{NAMES})为{TITLE}\tx\t他说", "does not match its own example"),
    ("unknown_rule\trule\tNAME\tx\tx", "not one the persons recognizer makes"),
    ("post_before_name\trule\tNAME\tx\tx", "listed twice"),
])
def test_a_broken_table_names_file_and_line(tmp_path: Path, monkeypatch, row: str, message: str) -> None:
    folder = _table_file(tmp_path, row)
    monkeypatch.setattr(constructions_module, "resource_path", lambda name: folder / name)
    constructions_module.constructions.cache_clear()
    try:
        with pytest.raises(PressfactsError, match=message) as info:
            constructions_module.constructions()
        assert "official_constructions.tsv:" in info.value.location
    finally:
        constructions_module.constructions.cache_clear()
