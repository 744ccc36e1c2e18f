"""extract/cooperation.py: verb-led tasks in enumerations, with exact spans, domains and parties."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract.cooperation import clauses, extract_cooperation, sentences
from pipeline.extract.places import PlaceFact
from pipeline.extract.spans import SpanRef


def items_of(text: str, places: list[PlaceFact] | None = None):
    found = extract_cooperation(Document(text, "x.txt"), None, None, places or [])
    for item in found:
        assert text[item.start:item.end] == item.text
    return found


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
    # an enumerator on its own clause opens the next one only
    ("第二，强化正风肃纪，巩固拓展深入贯彻中央八项规定精神学习教育成果。", ["强化正风肃纪"]),
    # an obligation (必须) opens a 、 list of tasks
    ("习近平强调，“十五五”时期，必须把因地制宜发展新质生产力摆在更加突出的战略位置，以科技创新为引领、以实体经济为根基，"
     "坚持全面推进传统产业转型升级、积极发展新兴产业、超前布局未来产业并举，加快建设现代化产业体系。",
     ["全面推进传统产业转型升级", "积极发展新兴产业", "超前布局未来产业并举"]),
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
    # a sentence whose only clause is a task carries the list on (继续深化…); a frame (围绕…) is no task
    ("双方一致同意，进一步深化发展战略对接，围绕高质量发展加强各领域合作。"
     "继续深化苏州工业园、天津生态城、重庆互联互通项目、广州知识城、深圳智慧城市等项目合作。",
     ["进一步深化发展战略对接", "继续深化苏州工业园、天津生态城、重庆互联互通项目、广州知识城、深圳智慧城市等项目合作"]),
    # a weak verb that takes a verb (研究创设…) leads a task without a modifier
    ("中国人民银行行长潘功胜介绍，今年将加大对重要战略、重点领域和薄弱环节的金融支持，进一步扩大科技创新和技术改造再贷款的规模，"
     "研究创设新的结构性货币政策工具。",
     ["加大对重要战略、重点领域和薄弱环节的金融支持", "进一步扩大科技创新和技术改造再贷款的规模", "研究创设新的结构性货币政策工具"]),
    # a colon list
    ("着重抓好以下几个方面工作：大力提振消费、提高投资效益，全方位扩大国内需求。",
     ["大力提振消费", "提高投资效益", "全方位扩大国内需求"]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_items(text, expected) -> None:
    assert [i.text for i in items_of(text)] == expected


def test_domain_is_the_heading_the_item_is_listed_under() -> None:
    got = {i.text: i.domain for i in items_of(SEED_LIST)}
    assert got["优化完善规划政策体系"] == "规划政策协同"
    assert got["推动川渝金融企业战略互投"] == "产业发展"
    assert got["做强中欧班列(成渝)品牌"] == "对外开放"


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("不断筑牢生态安全屏障。今年，四川将加快15个美丽四川先行县建设，持续筑牢长江、黄河上游生态屏障。", "不断筑牢生态安全屏障"),
        ("三、2026年主要任务\n（九）着力推动政府治理提效\n深入开展中央八项规定精神学习教育，要严格落实过紧日子要求。", "着力推动政府治理提效"),
        ("各位代表！\n今年，要严格落实过紧日子要求。", None),  # a salutation heads nothing
    ],
)
def test_domain_from_a_paragraph_heading(text, domain) -> None:
    found = items_of(text)
    assert found and all(i.domain == domain for i in found)


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
    assert [i.text for i in items_of(text, places)] == ["建立流域横向生态补偿机制", "共筑长江上游生态屏障"]
    assert items_of(text) == []  # without the places, nothing names a body at work


def test_parties_from_a_collective_subject_in_the_paragraph() -> None:
    text = "发布会通报，两省市研究提出下半年重点合作事项清单。包括在产业发展方面,推动川渝金融企业战略互投。"
    provinces = [PlaceFact(name=n, code=c, canonical=n, level="province", kind="division", mentions=[])
                 for n, c in (("重庆市", "500000"), ("四川省", "510000"))]
    [item] = items_of(text, provinces)
    assert item.text == "推动川渝金融企业战略互投" and item.parties == ["重庆市", "四川省"]


def test_parties_come_from_divisions_named_before_the_item() -> None:
    text = "今年，四川将继续推动成都东进，打造川中丘陵地区产业发展新高地。"
    sichuan = PlaceFact(name="四川", code="510000", canonical="四川省", level="province", kind="division",
                        mentions=[SpanRef.of(text, 3, 5)])
    [first, second] = items_of(text, [sichuan])
    assert first.parties == ["四川省"] and first.action == "推动"


NEGATIVE = [
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
    assert item in [i.text for i in items_of(text)]


BUGS_CAUGHT = [
    # 愿同中方… opened with 同, read as an adverbial frame, so the commitment's task was lost
    ("愿同中方共同维护多边贸易体系与规则，促进地区稳定与开放。", ["共同维护多边贸易体系与规则", "促进地区稳定与开放"]),
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
    # 正 in 正风肃纪 read as "ongoing" (正在) and licensed the whole sentence
    ("第二，强化正风肃纪，巩固拓展深入贯彻中央八项规定精神学习教育成果。", ["强化正风肃纪"]),
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
    assert [i.text for i in items_of(text)] == expected

