"""extract/cooperation.py: verb-led tasks in enumerations, with exact spans, domains and parties.

Two layers: the extractor proposes candidates (verb-led clauses a trigger or a list licenses; the
tables POSITIVE and BUGS_CAUGHT check their spans), and coop_tasks decides which are tasks by the
test of gold v1.2 (TASKS and NOT_TASKS: real sentences of each kind).
"""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract.cooperation import all_candidates, clauses, extract_cooperation, sentences
from pipeline.extract.places import PlaceFact
from pipeline.extract.spans import SpanRef


def items_of(text: str, places: list[PlaceFact] | None = None):
    found = extract_cooperation(Document(text, "x.txt"), None, None, places or [])
    for item in found:
        assert text[item.start:item.end] == item.text
    return found


def candidates_of(text: str, places: list[PlaceFact] | None = None) -> list[str]:
    """The clauses the extractor proposes, before it decides which are tasks."""
    with all_candidates() as found:
        extract_cooperation(Document(text, "x.txt"), None, None, places or [])
    for c, start, end, _ in found:
        assert text[start:end] == c.text
    return [c.text for c, _, _, _ in found]


SEED_LIST = ("包括在规划政策协同方面,争取中央层面更大力度支持、加强成渝中部地区发展规划协同衔接,优化完善规划政策体系;"
             "在产业发展方面,推动川渝金融企业战略互投,共同打造智能网联新能源汽车产业集群,共建电子信息制造业产业集群;"
             "在对外开放方面,深化西部陆海新通道建设、做强中欧班列(成渝)品牌。")

POSITIVE = [
    # domain headings (在X方面), comma, semicolon and 、 lists
    (SEED_LIST, ["争取中央层面更大力度支持", "加强成渝中部地区发展规划协同衔接", "优化完善规划政策体系",
                 "推动川渝金融企业战略互投", "共同打造智能网联新能源汽车产业集群", "共建电子信息制造业产业集群",
                 "深化西部陆海新通道建设", "做强中欧班列(成渝)品牌"]),
    # a decision with an enumeration: the lead-in (会议决定，一是) is not part of the item
    ("会议决定，一是新增22项覆盖面广、办理频次高的跨省通办事项。", ["新增22项覆盖面广、办理频次高的跨省通办事项"]),
    # a directive list in a leader's speech
    ("习近平指出，贵州要从自身实际出发，扎实推进以县城为重要载体的城镇化建设，推动兴业、强县、富民一体发展。",
     ["扎实推进以县城为重要载体的城镇化建设", "推动兴业、强县、富民一体发展"]),
    # a plan with its subject: 四川将 / 重庆也 are lead-ins
    ("今年，四川将继续推动成都东进，打造川中丘陵地区产业发展新高地；重庆也加快向西拓展，实施先进制造业发展“渝西跨越计划”。",
     ["继续推动成都东进", "打造川中丘陵地区产业发展新高地", "加快向西拓展", "实施先进制造业发展“渝西跨越计划”"]),
    # an enumerator opening the sentence opens all its clauses (the decision then turns 巩固…成果 down)
    ("第二，强化正风肃纪，巩固拓展深入贯彻中央八项规定精神学习教育成果。",
     ["强化正风肃纪", "巩固拓展深入贯彻中央八项规定精神学习教育成果"]),
    # an obligation (必须) opens a 、 list of tasks
    ("习近平强调，“十五五”时期，必须把因地制宜发展新质生产力摆在更加突出的战略位置，以科技创新为引领、以实体经济为根基，"
     "坚持全面推进传统产业转型升级、积极发展新兴产业、超前布局未来产业并举，加快建设现代化产业体系。",
     ["全面推进传统产业转型升级", "积极发展新兴产业", "超前布局未来产业并举", "加快建设现代化产业体系"]),
    # a sentence that opens with a task and lists MIN_LIST or more is a task list without any trigger word
    ("加快推动中国—东盟自贸区3.0版落地生效，实施自由贸易试验区提升战略；开展更大力度制度型开放试验，高标准建设海南自由贸易港；"
     "持续办好消博会、服贸会、进博会等重大开放合作平台，以更加自信、更加包容的姿态拥抱世界。",
     ["加快推动中国—东盟自贸区3.0版落地生效", "实施自由贸易试验区提升战略", "开展更大力度制度型开放试验", "高标准建设海南自由贸易港",
      "持续办好消博会、服贸会、进博会等重大开放合作平台"]),
    # a date that opens a clause is a lead-in: policies listed by the day they take effect
    ("1月1日起，调整部分商品的进口关税税率和税目，明确对935项商品实施低于最惠国税率的进口暂定税率；"
     "5月1日全面实施对非洲100%税目产品零关税；全面实施新版鼓励外商投资产业目录，引导外资投向先进制造业。",
     ["调整部分商品的进口关税税率和税目", "明确对935项商品实施低于最惠国税率的进口暂定税率", "全面实施对非洲100%税目产品零关税",
      "全面实施新版鼓励外商投资产业目录", "引导外资投向先进制造业"]),
    # 同时，… continues the paragraph's list of tasks into the next sentence
    ("为加快打造内陆开放综合枢纽，重庆将充分发挥通道物流和运营组织中心作用，持续放大西部陆海新通道影响力。"
     "同时，培育临港临空临铁新场景新业态，进一步提升通道在贸易撮合、物流组织、融资结算等方面的水平。",
     ["充分发挥通道物流和运营组织中心作用", "持续放大西部陆海新通道影响力", "培育临港临空临铁新场景新业态",
      "进一步提升通道在贸易撮合、物流组织、融资结算等方面的水平"]),
    # a list a colon opens goes on in the paragraph's bare task sentences
    ("发布会通报了四个方面的优化调整:优化党政联席会议设置,上半年会议聚焦一个重大主题,研究协商需要两省市共同向上争取、"
     "共同协调落实的重大事项;下半年的会议,主要是盘点当年工作、部署次年任务;联席会议轮值周期由半年调整为1年,"
     "从今年下半年开始轮值。增设分管副省市领导专项协调会议,建立省市领导联系毗邻地区合作功能平台机制。",
     ["优化党政联席会议设置", "增设分管副省市领导专项协调会议", "建立省市领导联系毗邻地区合作功能平台机制"]),
    # a directive (要) licenses verbs jieba's dictionary knows (核查, 搜救) beyond coop_verbs.txt
    ("刘国中指出，要坚持人民至上、生命至上，全力以赴搜救失联人员。要精准核查失联人员，确保不落一户、不漏一人。",
     ["全力以赴搜救失联人员", "精准核查失联人员"]),
    # an agreement (一致同意) and a commitment (愿) set out tasks
    ("双方一致同意，进一步深化发展战略对接。", ["进一步深化发展战略对接"]),
    # the partner of a commitment (愿同中方) is a lead-in, not an adverbial frame
    ("新方高度重视发展新中关系，愿同中方密切高层互动，加强各领域务实合作，推动双边关系更上一层楼。",
     ["密切高层互动", "加强各领域务实合作", "推动双边关系更上一层楼"]),
    # a proposed agenda: a body (…会议) as subject, then its items (审议…)
    ("委员长会议建议，常委会第十三次会议审议代表法修正草案、增值税法草案；审议有关任免案等。",
     ["审议代表法修正草案、增值税法草案", "审议有关任免案"]),
    # a paragraph's list goes on in the next sentence of two bare tasks
    ("要落实好两国领导人重要共识，促进中新关系百尺竿头更进一步。推动合作项目转型升级，打造高质量合作标杆。",
     ["落实好两国领导人重要共识", "促进中新关系百尺竿头更进一步", "推动合作项目转型升级", "打造高质量合作标杆"]),
    # a sentence whose only clause is a task carries the list on (继续深化…); a frame (围绕…) is a lead-in
    ("双方一致同意，进一步深化发展战略对接，围绕高质量发展加强各领域合作。"
     "继续深化苏州工业园、天津生态城、重庆互联互通项目、广州知识城、深圳智慧城市等项目合作。",
     ["进一步深化发展战略对接", "加强各领域合作",
      "继续深化苏州工业园、天津生态城、重庆互联互通项目、广州知识城、深圳智慧城市等项目合作"]),
    # a weak verb that takes a verb (研究创设…) leads a task without a modifier
    ("中国人民银行行长潘功胜介绍，今年将加大对重要战略、重点领域和薄弱环节的金融支持，进一步扩大科技创新和技术改造再贷款的规模，"
     "研究创设新的结构性货币政策工具。",
     ["加大对重要战略、重点领域和薄弱环节的金融支持", "进一步扩大科技创新和技术改造再贷款的规模", "研究创设新的结构性货币政策工具"]),
    # a colon list
    ("着重抓好以下几个方面工作：大力提振消费、提高投资效益，全方位扩大国内需求。",
     ["大力提振消费", "提高投资效益", "全方位扩大国内需求"]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_candidates(text, expected) -> None:
    assert candidates_of(text) == expected


def test_domain_is_the_heading_the_item_is_listed_under() -> None:
    got = {i.text: i.domain for i in items_of(SEED_LIST)}
    assert got["优化完善规划政策体系"] == "规划政策协同"
    assert got["推动川渝金融企业战略互投"] == "产业发展"
    assert got["做强中欧班列(成渝)品牌"] == "对外开放"


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("不断筑牢生态安全屏障。今年，四川将加快15个美丽四川先行县建设，持续筑牢长江、黄河上游生态屏障。", "不断筑牢生态安全屏障"),
        # a heading sentence that is itself a task heads the tasks below it (安徽 2026 work report)
        ("实施传统产业焕新行动。深入推进以“智改数转网联绿色”为特征的新型技术改造工程，实施亿元以上技改项目1200项以上。",
         "实施传统产业焕新行动"),
    ],
)
def test_domain_from_a_paragraph_heading(text, domain) -> None:
    found = [i for i in items_of(text) if i.domain is not None or i.start > text.index("。")]
    assert found and all(i.domain == domain for i in found)


def test_a_heading_task_is_an_item_of_the_section_above() -> None:
    text = ("三、2026年重点任务\n（三）加快打造现代化产业体系\n实施传统产业焕新行动。深入推进以“智改数转网联绿色”"
            "为特征的新型技术改造工程，实施亿元以上技改项目1200项以上，新培育智能工厂200家、省级绿色工厂200家以上。")
    got = {i.text: i.domain for i in items_of(text)}
    assert got["实施传统产业焕新行动"] == "加快打造现代化产业体系"
    assert got["实施亿元以上技改项目1200项以上"] == "实施传统产业焕新行动"


def test_a_byline_heads_nothing() -> None:
    from pipeline.document import Mention
    from pipeline.recognise.merge import merge

    # the head of the 北京 2026 work report: its byline was the domain of the items below it
    text = ("2026年北京市政府工作报告\n北京市市长 殷勇\n"
            "充分发挥规划统筹引领作用。完善首都规划体系和实施机制，做好城市总体规划实施第二阶段评估。")
    at = text.index("殷勇")
    mentions = merge([Mention.at(text, at, at + 2, "PER", "persons"),
                      Mention.at(text, text.index("北京市市长"), at - 1, "TITLE", "titles")])
    found = extract_cooperation(Document(text, "x.txt"), None, mentions, [])
    got = {i.text: i.domain for i in found}
    assert got["完善首都规划体系和实施机制"] == "充分发挥规划统筹引领作用"
    assert all(d is None or "殷勇" not in d for d in got.values())


def test_item_across_a_page_break_keeps_raw_offsets() -> None:
    text = ("在生态环境方面,共推绿色发展、持续深化生态共建、共同治理环境污染;在公共服务方面,打造便捷生活行动"
            "\n\n升级版,加快国家医学中心建设。")
    got = [i.text for i in items_of(text)]
    assert "打造便捷生活行动\n\n升级版" in got
    assert "加快国家医学中心建设" in got


def test_work_done_in_recent_years_is_news_not_a_task() -> None:
    text = "作为“东数西算”全国一体化算力网络成渝国家枢纽节点，近年来，成都积极布局前瞻新型基础设施。"
    at = text.index("成都积极")
    chengdu = PlaceFact(name="成都", code="510100", canonical="成都市", level="city", kind="division",
                        mentions=[SpanRef.of(text, at, at + 2)])
    assert items_of(text, [chengdu]) == []
    planned = text.replace("近年来，成都", "今年，成都将")
    assert [i.text for i in items_of(planned, [chengdu])] == ["积极布局前瞻新型基础设施"]


def test_a_model_mention_names_a_bare_subject() -> None:
    from pipeline.document import Mention
    from pipeline.recognise.merge import merge

    text = "甘肃全面推进“三北”工程，打好河西走廊—塔克拉玛干沙漠边缘阻击战、黄河“几字湾”攻坚战，力争造林260万亩以上。"
    without = extract_cooperation(Document(text, "x.txt"), None, merge([]), [])
    with_loc = extract_cooperation(Document(text, "x.txt"), None, merge([Mention.at(text, 0, 2, "LOC", "ner_model")]), [])
    assert [i.text for i in without] == []
    assert [i.text for i in with_loc][:1] == ["全面推进“三北”工程"]


def test_a_list_of_named_bodies_is_a_subject_and_its_predicates_are_tasks() -> None:
    text = "在上游，四川、贵州、云南三省建立流域横向生态补偿机制，共筑长江上游生态屏障。"
    places = [PlaceFact(name=n, code=c, canonical=n, level="province", kind="division",
                        mentions=[SpanRef.of(text, text.index(n), text.index(n) + 2)])
              for n, c in (("四川", "510000"), ("贵州", "520000"), ("云南", "530000"))]
    assert candidates_of(text, places) == ["建立流域横向生态补偿机制", "共筑长江上游生态屏障"]
    [item] = items_of(text, places)  # 共筑…屏障 is an end-state, not a task (gold v1.2)
    assert item.text == "建立流域横向生态补偿机制" and item.parties == ["四川", "贵州", "云南"]
    assert candidates_of(text) == []  # without the places, nothing names a body at work


def test_parties_from_a_collective_subject_in_the_paragraph() -> None:
    text = "发布会通报，两省市研究提出下半年重点合作事项清单。包括在产业发展方面,推动川渝金融企业战略互投。"
    provinces = [PlaceFact(name=n, code=c, canonical=n, level="province", kind="division", mentions=[])
                 for n, c in (("重庆市", "500000"), ("四川省", "510000"))]
    [item] = items_of(text, provinces)
    assert item.text == "推动川渝金融企业战略互投" and item.parties == ["重庆市", "四川省"]


def _division(text: str, name: str, canonical: str, level: str, at: int | None = None) -> PlaceFact:
    at = text.index(name) if at is None else at
    return PlaceFact(name=name, code=None, canonical=canonical, level=level, kind="division",
                     mentions=[SpanRef.of(text, at, at + len(name))])


def test_parties_come_from_the_subject_not_from_an_object() -> None:
    # the body in subject position (今年，江苏将…) is the party; one inside another clause's object is not
    text = "今年，江苏将实施约40项重大科技攻关项目和80项前沿技术研发项目，支持苏州建设国家实验室。"
    places = [_division(text, "江苏", "江苏省", "province"), _division(text, "苏州", "江苏省苏州市", "city")]
    found = items_of(text, places)
    assert found[0].text == "实施约40项重大科技攻关项目和80项前沿技术研发项目"
    assert all(i.parties == ["江苏省"] for i in found)


def test_shuangfang_are_not_two_provinces_between_countries() -> None:
    # 双方 in talks between countries are the countries, not the two provinces the text happens to
    # name (上海 of 上海合作组织, 台湾); these were parties of the China–Russia items (xwlb 2025-01-21)
    text = ("习近平强调，新的一年，我愿同总统先生一道，继续引领中俄关系登高望远。双方要继续深化战略协作，坚定相互支持。"
            "作为上海合作组织轮值主席国，中国愿同俄方和其他成员国一道，推动上海合作组织进入更高质量发展、更加担当有为的新阶段。"
            "俄方坚定支持台湾是中国领土不可分割的一部分，坚决反对任何形式的“台独”。")
    places = [_division(text, "上海", "上海市", "province"), _division(text, "台湾", "台湾省", "province")]
    assert "继续深化战略协作" in candidates_of(text, places)
    found = items_of(text, places)
    assert all(i.parties == [] for i in found)


def test_each_item_says_what_decided_it() -> None:
    [item] = items_of("要健全区际利益补偿机制，形成受益者付费、保护者得到合理补偿的良性局面。")
    assert item.recognizer.startswith("cooperation/coop_task_")


# Gold v1.2: an item's object is a deliverable someone could be asked to show done. Real sentences
# (新闻联播 2022-2023, raw/xwlb_items.jsonl; work reports in corpus/), none from a gold set.
TASKS = [
    # a mechanism to set up, under a directive; the rest of the sentence is goals
    ("2019年，习近平总书记指出，要健全纵向生态补偿机制，加大对森林、草原、湿地和重点生态功能区的转移支付力度。",
     ["健全纵向生态补偿机制"]),
    # a list cut by semicolons: the system and the mechanism are tasks, a level (质效) is not
    ("报告提出要推动完善涉外法律适用规则体系；提升涉外审判质效；健全国际商事纠纷解决机制。",
     ["推动完善涉外法律适用规则体系", "健全国际商事纠纷解决机制"]),
    # 愿同… lead-in: fields of cooperation a party pledges to work on; 欢迎 with a party is a stance
    ("中方欢迎巴基斯坦扩大优质农产品对华出口，愿同巴方拓展数字经济、电子商务、光伏等新能源合作，扎实推进农业、科技、民生等领域合作，"
     "将继续为巴方稳定金融形势提供力所能及的支持。",
     ["拓展数字经济、电子商务、光伏等新能源合作", "扎实推进农业、科技、民生等领域合作"]),
    # 战略协作 and 务实合作 name no field, 人文交流 does (news, 2022-11-02)
    ("中方愿同巴方弘扬“铁杆”友谊，加强战略协作，深化务实合作，密切人文交流，推动构建更加紧密的中巴命运共同体。", ["密切人文交流"]),
    # 人文交流 names a field: unlike 多边协作 or 对话沟通, an item (news, 2023-09-01)
    ("中方愿同贝方密切人文交流，加强教育培训、医疗卫生等领域合作，继续支持共建鲁班工坊。",
     ["密切人文交流", "加强教育培训、医疗卫生等领域合作"]),
    # a named actor's plan narrated: an amount of projects
    ("今年，江苏将实施约40项重大科技攻关项目和80项前沿技术研发项目，向更多全球首创、首试、首发成果发起冲刺。",
     ["实施约40项重大科技攻关项目和80项前沿技术研发项目"]),
    # an inspection campaign among duties (压实…责任) and goals (坚决防范…)
    ("临近年终岁尾，统筹发展和安全各项工作任务较重，各地区和有关部门要始终坚持人民至上、生命至上，压实安全生产责任，"
     "全面排查整治各类风险隐患，坚决防范和遏制重特大事故发生。", ["全面排查整治各类风险隐患"]),
    ("要创新政府数据治理机制，压实企业的数据治理责任，充分发挥社会力量多方参与的协同治理作用。", ["创新政府数据治理机制"]),
    # a colon list of semicolon entries: only the institution is a deliverable, the rest are goals
    ("对于推动高质量发展，报告给出了五个关键着力点：构建高水平社会主义市场经济体制；建设现代化产业体系；全面推进乡村振兴；"
     "促进区域协调发展；推进高水平对外开放。", ["构建高水平社会主义市场经济体制"]),
]

# 打好…攻坚战/保卫战: a campaign to fight, a task under a plan or an enumeration (corpus: 2026 work
# reports of 内蒙古 and 上海)
TASKS += [
    ("三要深入打好污染防治攻坚战。", ["深入打好污染防治攻坚战"]),
    ("加强生态环境保护治理，深入打好蓝天、碧水、净土保卫战，积极稳妥推进和实现碳达峰，持续打造“一江一河一带”绿色生态空间，"
     "推动新一轮公园建设，加快形成绿色生产生活方式。",
     ["深入打好蓝天、碧水、净土保卫战", "持续打造“一江一河一带”绿色生态空间", "推动新一轮公园建设"]),
]

NOT_TASKS = [
    # compliance and guidance: 学习贯彻…精神, 增强“四个意识”
    "要深入学习贯彻党的二十大精神，深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，"
    "谱写新时代中国特色社会主义绚丽华章。",
    "常委会组成人员一致表示，要深入学习贯彻党的二十大精神，把大会作出的新部署新要求落实到人大工作中。",
    # conduct: 压紧压实责任, 防止…
    "巩固拓展脱贫攻坚成果是全面推进乡村振兴的底线任务，要继续压紧压实责任，把脱贫人口和脱贫地区的帮扶政策衔接好、措施落到位，"
    "坚决防止出现整村整乡返贫现象。",
    # stances with nothing named: 加强交往, 增进互信, 深化合作; 各领域交流合作 names no field
    "中方愿同日方一道，致力和平友好共处，维护两国关系政治基础，深化各领域交流合作，妥善管控矛盾分歧，"
    "推动中日关系以邦交正常化50周年为新起点，持续健康稳定前行。",
    "李克强表示，中国愿同各国加强交往，增进互信，深化合作，共同发展。",
    # nouns of working together with no field (多边协作, 对话沟通): a stance, however the partner is
    # written (news, 2023-09-23; 2024-04-03, the partner alone after the 愿 of the clause before)
    "中方愿同尼方加强多边协作，维护两国及发展中国家共同利益，推动构建人类命运共同体。",
    "愿安排耶伦财长、布林肯国务卿近期访华，同中方加强对话沟通，避免误判，推进合作，推动两国关系稳定发展，共同应对全球性挑战。",
    # 叮嘱: a charge to people met on a visit, no deliverable
    "深入社区，总书记和孩子们亲切交流，勉励他们好好学习；他走进校园，关心毕业生就业情况，叮嘱做实做细就业指导。",
    # work done last year, in a report's review chapter (上海 2026 work report)
    "一、2025年工作回顾\n稳增长政策措施加快落地见效。全面落实国家出台的存量政策和增量政策，深入开展宏观政策取向一致性评估工作，"
    "制定实施推动经济持续回升向好系列举措，着力稳就业、稳企业、稳市场、稳预期。优化完善经济运行调度机制，建立健全招商引资和企业服务机制、"
    "区及街镇诉求协调办理机制、稳外贸调度机制，工作的科学性、精准性显著提高。",
]


@pytest.mark.parametrize(("text", "expected"), TASKS)
def test_tasks(text, expected) -> None:
    assert [i.text for i in items_of(text)] == expected


@pytest.mark.parametrize("text", NOT_TASKS)
def test_not_tasks(text) -> None:
    assert candidates_of(text), "the extractor proposes them; the decision turns them down"
    assert [i.text for i in items_of(text)] == []


KNOWN_WRONG_DECISIONS = [
    # a congratulation's pledge (两国将继续拓展和深化互利合作) is taken for a field of cooperation
    "印尼总统佐科代表印度尼西亚共和国政府和人民并以个人名义，向习近平主席及中国政府和人民致以衷心祝贺和美好祝福，"
    "表示两国将继续拓展和深化互利合作。",
]


@pytest.mark.parametrize("text", KNOWN_WRONG_DECISIONS)
@pytest.mark.xfail(strict=True, reason="known false task")
def test_known_wrong_decisions(text) -> None:
    assert items_of(text) == []


NEGATIVE = [
    # 以军 (the Israeli army), which jieba's dictionary tags as a verb, opened a "task" (news,
    # 2026-02-03 and 2023-11-14)
    "以色列国防军2日发表声明称，以军总参谋长扎米尔当天与高级指挥官举行战备演练评估会议。",
    "13日，以军继续在加沙地带展开地面行动。",
    # a campaign fought last year, told with its results (内蒙古 2026 work report, its review)
    "全力打好“三北”工程三大标志性战役，累计完成生态建设1.23亿亩、防沙治沙6688万亩，均居全国首位。",
    # an opinion, not a task
    "会议指出，稳增长稳就业保民生，关键要保市场主体。",
    # past events told as news
    "两省市联合出台100多个政策文件，联手打造国家综合立体交通极，深化了认识、增进了共识。",
    # narration without a directive, plan or enumeration
    "新年伊始，位于重庆大足区的成渝中线高铁建设现场一派繁忙。",
    # an adverbial frame, not a list of tasks
    "在构建现代化基础设施网络、培育现代化产业体系等方面加大协同力度。",
    # verbs with nothing to act on
    "对习近平总书记的重要指示，全党要认真学习领会、全面贯彻落实。",
    # a statement about a task (…的重要突破口是…), not the task
    "大家认为,抓好双城经济圈建设,必须把握好“一体化”和“高质量”两个关键词;推动双城经济圈建设走深走实的重要突破口是成渝中部崛起,"
    "这将为两省市高质量发展创造新动能、拓展新空间。",
    # 把…作为/摆在…: a priority, not a task
    "坚持把双城经济圈建设作为市委“一号工程”和全市工作总抓手总牵引,围绕“两中心两高地”战略定位,部署实施“十项行动”。",
    # an event told as news, after a date lead-in
    "6月26日,推动成渝地区双城经济圈建设重庆四川党政联席会议第七次会议在重庆市璧山区举行,并举行成果发布会。",
    # a standing formula that recurs across releases (coop_slogans.txt), not a task of these bodies
    "央视网消息（新闻联播）：习近平总书记强调，西部大开发是党中央作出的重大战略决策，要一以贯之抓好贯彻落实，"
    "聚焦大保护、大开放、高质量发展，加快构建新发展格局。",
    # ongoing work (正在) licenses only listed verbs: a dictionary verb (调试) in narration is no task
    "这几天，在安徽合肥经开区一家车企的新工厂里，工作人员正在对800多台机械臂进行调试，为即将量产的新能源车做准备。",
    # principles and attitudes (坚持以…为指导, 保持…) under a directive are not tasks
    "会议强调，要坚持以习近平新时代中国特色社会主义思想为指导，坚持稳中求进工作总基调，保持社会和谐稳定。",
    # a welcome and an expectation (欢迎, 期待) are statements, not tasks
    "中方欢迎新方积极响应全球发展倡议，期待双方将共识转化为行动，为地区发展注入强劲动力。",
    # states told with 着 (承载着…) are not tasks, even after a plan's 将-less list
    "“十五五”规划纲要，凝聚着各方面的智慧，承载着全省人民的向往和期盼。",
    # 把…作为…: one 把 governs the 、 list, which is a priority, not two tasks
    "领导干部要把锤炼党性、提高思想觉悟作为终身课题，活到老、学到老、修养到老。",
    # aptitudes and results (勇于担责, 形成…合力) under 要 are not tasks
    "工作牵头部门要勇于担责，相关部门要积极配合，形成抓落实的合力。",
    # a headline or subheading lists no task
    "重庆加快构建内陆开放综合枢纽新版图\n近日，一趟装载沙滩车零配件的陆海新通道班列抵达。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_items(text) -> None:
    assert [i.text for i in items_of(text)] == []


def test_sentences_do_not_end_at_a_page_break_inside_a_long_line() -> None:
    text = "甲" * 60 + "\n\n乙乙。\n短标题\n正文。"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["甲" * 60 + "\n\n乙乙。", "短标题", "正文。"]


def test_clauses_do_not_cut_inside_quotes() -> None:
    text = "落实“学思想、强党性，重实践”部署，推动合作。"
    assert [text[s:e] for s, e in clauses(text, 0, len(text))] == ["落实“学思想、强党性，重实践”部署", "推动合作"]


KNOWN_MISSES = [
    # a heading-like sentence, 新培育 (a verb no list has) with an amount
    ("实施传统产业焕新行动。深入推进以“智改数转网联绿色”为特征的新型技术改造工程，实施亿元以上技改项目1200项以上，"
     "新培育智能工厂200家、省级绿色工厂200家以上。", "新培育智能工厂200家、省级绿色工厂200家以上"),
    # a short bare list (fewer than MIN_LIST tasks) with no trigger and no colon before it
    ("调整联合办公室机制和专项工作组构架,增加两省市有关单位作为联合办公室成员单位,细化设置22个联合专项组。",
     "调整联合办公室机制和专项工作组构架"),
    # a frame (在…的同时) around the task hides it
    ("要在加紧落实规划目标任务的同时，适应形势变化，把握战略重点。", "加紧落实规划目标任务"),
    # a frame verb (围绕) that gold keeps as the item's start
    ("双方一致同意，围绕高质量发展加强各领域合作。", "围绕高质量发展加强各领域合作"),
    # a negated verb (不误) opens the task; the verb list has only positive verbs
    ("要不误农时抢收秋粮，确保丰收入库。", "不误农时抢收秋粮"),
]


@pytest.mark.parametrize(("text", "item"), KNOWN_MISSES)
@pytest.mark.xfail(strict=True, reason="known miss")
def test_known_misses(text, item) -> None:
    assert item in candidates_of(text)


BUGS_CAUGHT = [
    # a 必须 inside a quoted name was read as the modal before the task, which then began inside
    # the quotes (…管招商”机制) and was dropped (corpus: 广东 2026 work report)
    ("构建完善大招商工作格局，落实“管行业必须管招商”机制，统筹市场化招商、协会招商、基金招商、并购招商、以商招商，"
     "强化内外资一体招引，无论内资还是外资都要以更大力度实现更大成果。",
     ["构建完善大招商工作格局", "落实“管行业必须管招商”机制", "统筹市场化招商、协会招商、基金招商、并购招商、以商招商",
      "强化内外资一体招引"]),
    # 愿同中方… opened with 同, read as an adverbial frame, so the commitment's task was lost
    ("愿同中方共同维护多边贸易体系与规则，促进地区稳定与开放。", ["共同维护多边贸易体系与规则", "促进地区稳定与开放"]),
    # the partner alone after the 愿 of the clause before (同中方…, 与各方一道…) was read as an adverbial
    # frame too (news, 2023-10-19 and 2023-12-09)
    ("泰方恪守一个中国原则，愿积极参与共建“一带一路”，同中方深化贸易、投资、铁路、旅游、人文等领域合作，把泰中关系推向更高水平。",
     ["积极参与共建“一带一路”", "深化贸易、投资、铁路、旅游、人文等领域合作", "把泰中关系推向更高水平"]),
    ("要构建开放包容的国际中文教育格局，与各方一道办好孔子学院等中文项目，支持各国培养本土师资、研发本土教材、开展本土化中文教学。",
     ["构建开放包容的国际中文教育格局", "办好孔子学院等中文项目", "支持各国培养本土师资、研发本土教材", "开展本土化中文教学"]),
    # a goal (开创…新局面) under 必须 was read as a task once dictionary verbs were allowed
    ("习近平强调，“四风”问题具有顽固性、反复性，必须以打攻坚战、持久战的决心和恒心，锲而不舍落实中央八项规定精神，"
     "推进作风建设常态化长效化，以优良作风凝心聚力、真抓实干，不断开创事业发展新局面。",
     ["推进作风建设常态化长效化"]),
    # 把…统一到…上来 (an attitude) was an item once dictionary verbs were allowed under 要
    ("会议强调，要把思想和行动统一到党中央关于经济形势的科学判断上来，把党中央决策部署贯彻好，把已明确的政策措施落实好，有效实施宏观调控。",
     ["把党中央决策部署贯彻好", "有效实施宏观调控"]),
    # a 、 before a verb with nothing to act on (传承好) split one task in two
    ("他强调，要把这些中华文化瑰宝保护好、传承好、传播好。", ["把这些中华文化瑰宝保护好、传承好、传播好"]),
    # a text ending without punctuation lost its last task ("" is "in" any string of colons)
    ("会议决定，一是新增22项覆盖面广、办理频次高的跨省通办事项", ["新增22项覆盖面广、办理频次高的跨省通办事项"]),
    # 服务 (a verb) after 、 split "增强大局意识、服务意识" into two items
    ("优化营商环境要一手抓改革，打通制约高质量发展的堵点卡点；一手抓干部教育管理，引导干部增强大局意识、服务意识、诚信意识、廉洁意识。",
     ["打通制约高质量发展的堵点卡点", "引导干部增强大局意识、服务意识、诚信意识、廉洁意识"]),
    # 正 in 正风肃纪 read as "ongoing" (正在): now the enumerator licenses the sentence, and the
    # decision, not the trigger, keeps 巩固…成果 out
    ("第二，强化正风肃纪，巩固拓展深入贯彻中央八项规定精神学习教育成果。",
     ["强化正风肃纪", "巩固拓展深入贯彻中央八项规定精神学习教育成果"]),
    # "第三，" was a clause of its own, so the enumerator licensed nothing
    ("第三，强化标本兼治，用好一体推进不敢腐、不能腐、不想腐的有效方法。", ["强化标本兼治"]),
    # 把握 read as 把 + object
    ("要在加紧落实规划目标任务的同时，适应形势变化，把握战略重点，科学谋划好“十五五”时期经济社会发展。",
     ["科学谋划好“十五五”时期经济社会发展"]),
    # a 、 list ending in 等…措施 is one object, not several tasks
    ("要深入研究优化区域布局、促进区域协调发展和巩固拓展脱贫攻坚成果、推进乡村全面振兴和城乡融合发展、"
     "加快农业农村现代化等方面的有效措施，稳步增加城乡群众收入。",
     ["深入研究优化区域布局、促进区域协调发展和巩固拓展脱贫攻坚成果、推进乡村全面振兴和城乡融合发展、"
      "加快农业农村现代化等方面的有效措施", "稳步增加城乡群众收入"]),
]


@pytest.mark.parametrize(("text", "expected"), BUGS_CAUGHT)
def test_bugs_caught(text, expected) -> None:
    assert candidates_of(text) == expected



def test_rules_and_weights_use_only_features_that_exist() -> None:
    from pipeline.extract import coop_tasks

    vocabulary = coop_tasks.feature_names()
    for need, avoid, _, why in coop_tasks.rules():
        assert need | avoid <= vocabulary, f"coop_task_rules.tsv: {why}: {sorted((need | avoid) - vocabulary)}"
    assert set(coop_tasks.model()["weights"]) <= vocabulary


@pytest.mark.parametrize(("item", "kind"), [
    ("深化整治金融、国企等重点领域腐败", "hold"),  # the last verb of the chain: a campaign
    ("带头学习党的创新理论", "conduct"),  # a conduct verb first decides
    ("配合全国人大常委会制定反跨境腐败法", "issue"),  # after a partner, the task's own verb
    ("坚定不移办好自己的事", "hold"),  # 坚定不移 is a modifier, not the verb 坚定
])
def test_verb_class_of_a_chain(item, kind) -> None:
    from pipeline.extract.coop_tasks import _verb_class

    assert _verb_class(item, "") == kind


def test_logistic_regression_learns_the_sign_of_a_feature() -> None:
    from pipeline.extract.coop_tasks import train

    rows = [(["bias", "head:deliverable"], 1)] * 8 + [(["bias", "head:end_state"], 0)] * 8
    weights = train(rows)
    assert weights["head:deliverable"] > 0 > weights["head:end_state"]


def test_a_work_reports_tasks_are_the_reporting_provinces() -> None:
    # the 北京 2026 work report: no subject names a body, the headline names the one reporting
    text = ("2026年北京市政府工作报告\n北京市市长 殷勇\n"
            "充分发挥规划统筹引领作用。完善首都规划体系和实施机制，做好城市总体规划实施第二阶段评估。")
    beijing = _division(text, "北京市", "北京市", "province")
    got = {i.text: i.parties for i in items_of(text, [beijing])}
    assert got["完善首都规划体系和实施机制"] == ["北京市"]
