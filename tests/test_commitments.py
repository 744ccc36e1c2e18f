"""Commitments: tables of real sentences per construction, positive and negative.

Sentences come from the 2026 provincial work reports of /work/shared/corpus that are NOT among the
twelve of the commitments gold set (北京, 重庆, 河北, 宁夏, 新疆, 江西, 贵州, 吉林, 河南, 江苏) and from
新闻联播 items of /work/shared/raw/xwlb_items.jsonl; each is copied whole or cut at a clause end.
Each row: (sentence, publication date, [(text, indicator, value, unit, direction, bound, horizon), ...]).
"""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.errors import PressfactsError
from pipeline.extract import commitments as commitments_module

REPORT_DATE = "2026-02-03"


def found(pipeline, text: str, pub_date: str | None = REPORT_DATE) -> list[tuple]:
    record = pipeline.process(Document(text=text, source_file="t.txt", pub_date=pub_date))
    for c in record.commitments:
        assert text[c.start:c.end] == c.text  # every span is grounded
        assert record.numbers[c.number_index].start >= c.start and record.numbers[c.number_index].end <= c.end
    return [(c.text, c.indicator, c.value, c.unit, c.direction, c.bound, c.horizon) for c in record.commitments]


LEVEL_GROWTH_BOUNDS = [
    # growth (up), level (null), 左右 / 以内 / 控制在…以内 / 控制在…左右, a unit with a slash; 今年 -> 2026 (北京)
    ("今年经济社会发展主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长4%左右，城镇调查失业率控制在5%以内，"
     "居民消费价格涨幅2%左右，居民收入增长和经济增长同步，细颗粒物年均浓度控制在29微克/立方米左右、争取更优水平，"
     "能源、水资源、碳排放等指标达到国家要求。", "2026-02-02", [
         ("地区生产总值增长5%左右", "地区生产总值", 5, "%", "up", "about", "2026"),
         ("一般公共预算收入增长4%左右", "一般公共预算收入", 4, "%", "up", "about", "2026"),
         ("城镇调查失业率控制在5%以内", "城镇调查失业率", 5, "%", None, "at_most", "2026"),
         ("居民消费价格涨幅2%左右", "居民消费价格涨幅", 2, "%", None, "about", "2026"),
         ("细颗粒物年均浓度控制在29微克/立方米左右", "细颗粒物年均浓度", 29, "微克/立方米", None, "about", "2026"),
     ]),
    # 以上 (at_least), exact, decline (重庆); the frame's year is the report's when no 今年 is written (河北)
    ("主要预期目标是：地区生产总值增长5%以上，一般公共预算收入增长2%左右，规上工业增加值增长5.5%左右。", "2026-02-02", [
        ("地区生产总值增长5%以上", "地区生产总值", 5, "%", "up", "at_least", "2026"),
        ("一般公共预算收入增长2%左右", "一般公共预算收入", 2, "%", "up", "about", "2026"),
        ("规上工业增加值增长5.5%左右", "规上工业增加值", 5.5, "%", "up", "about", "2026"),
    ]),
    ("今年经济社会发展主要预期目标是：城镇新增就业65万人以上，一般公共预算收入增长3%，居民收入增长与经济增长同步，"
     "单位地区生产总值二氧化碳排放下降3.8%。", REPORT_DATE, [
         ("城镇新增就业65万人以上", "城镇新增就业", 650000, "人", None, "at_least", "2026"),
         ("一般公共预算收入增长3%", "一般公共预算收入", 3, "%", "up", "exact", "2026"),
         ("单位地区生产总值二氧化碳排放下降3.8%", "单位地区生产总值二氧化碳排放", 3.8, "%", "down", "exact", "2026"),
     ]),
    # a level reached (达), an abbreviation as indicator, a decline with 左右 (贵州, 吉林)
    ("主要预期目标是：居民消费价格涨幅2%左右；常住人口城镇化率达59%左右。", REPORT_DATE, [
        ("居民消费价格涨幅2%左右", "居民消费价格涨幅", 2, "%", None, "about", "2026"),
        ("常住人口城镇化率达59%左右", "常住人口城镇化率", 59, "%", None, "about", "2026"),
    ]),
    ("今年经济社会发展主要预期目标是：农村低保标准提高6%，提高居民基础养老金，在全国实现位次前移。CPI涨幅2%左右，"
     "单位GDP二氧化碳排放下降3%左右。", "2026-02-01", [
         ("农村低保标准提高6%", "农村低保标准", 6, "%", "up", "exact", "2026"),
         ("CPI涨幅2%左右", "CPI涨幅", 2, "%", None, "about", "2026"),
         ("单位GDP二氧化碳排放下降3%左右", "单位GDP二氧化碳排放", 3, "%", "down", "about", "2026"),
     ]),
    # 按增长5%安排: what follows a share is not what it counts (江苏)
    ("今年经济社会发展主要预期目标是：地区生产总值按增长5%安排，在实际工作中努力争取更好结果；一般公共预算收入增长2%；"
     "全社会研发投入强度3.42%左右；粮食产量保持稳定。", "2026-02-09", [
         ("地区生产总值按增长5%", "地区生产总值", 5, "%", "up", "exact", "2026"),
         ("一般公共预算收入增长2%", "一般公共预算收入", 2, "%", "up", "exact", "2026"),
         ("全社会研发投入强度3.42%左右", "全社会研发投入强度", 3.42, "%", None, "about", "2026"),
     ]),
]

RANGES_AND_LISTS = [
    # a range gives two commitments: the lower at_least, the upper at_most (新疆; 江西 with a hyphen)
    ("今年经济社会发展主要预期目标是：地区生产总值增长5.5%—6%，在实际工作中努力争取更好结果。", "2026-02-12", [
        ("地区生产总值增长5.5%", "地区生产总值", 5.5, "%", "up", "at_least", "2026"),
        ("地区生产总值增长5.5%—6%", "地区生产总值", 6, "%", "up", "at_most", "2026"),
    ]),
    ("经济社会发展主要预期目标是：地区生产总值增长5%-5.5%，规模以上工业增加值增长7.3%以上，城镇、农村居民人均可支配收入"
     "分别增长4.5%、5.5%左右，居民消费价格涨幅2%左右。", "2026-02-05", [
         ("地区生产总值增长5%", "地区生产总值", 5, "%", "up", "at_least", "2026"),
         ("地区生产总值增长5%-5.5%", "地区生产总值", 5.5, "%", "up", "at_most", "2026"),
         ("规模以上工业增加值增长7.3%以上", "规模以上工业增加值", 7.3, "%", "up", "at_least", "2026"),
         # 分别: one per number, the indicator shared, the bound written once at the end applies to each
         ("城镇、农村居民人均可支配收入分别增长4.5%", "城镇、农村居民人均可支配收入", 4.5, "%", "up", "about", "2026"),
         ("城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右", "城镇、农村居民人均可支配收入", 5.5, "%", "up", "about",
          "2026"),
         ("居民消费价格涨幅2%左右", "居民消费价格涨幅", 2, "%", None, "about", "2026"),
     ]),
    # 分别 with a bound on each number; the frame runs on past a full stop in its paragraph (宁夏)
    ("经济主要预期目标是：地区生产总值增长5%左右，力争取得更好结果。一产、二产、三产增加值分别增长5%左右、5%以上、5%左右。",
     "2026-02-09", [
         ("地区生产总值增长5%左右", "地区生产总值", 5, "%", "up", "about", "2026"),
         ("一产、二产、三产增加值分别增长5%左右", "一产、二产、三产增加值", 5, "%", "up", "about", "2026"),
         ("一产、二产、三产增加值分别增长5%左右、5%以上", "一产、二产、三产增加值", 5, "%", "up", "at_least", "2026"),
         ("一产、二产、三产增加值分别增长5%左右、5%以上、5%左右", "一产、二产、三产增加值", 5, "%", "up", "about", "2026"),
     ]),
    # 新疆: 、 between two targets, each with its own indicator
    ("今年经济社会发展主要预期目标是：城镇居民人均可支配收入增长7%左右、农村居民人均可支配收入增长8%左右，"
     "城镇新增就业47万人以上、城镇调查失业率控制在5.5%以内。", "2026-02-12", [
         ("城镇居民人均可支配收入增长7%左右", "城镇居民人均可支配收入", 7, "%", "up", "about", "2026"),
         ("农村居民人均可支配收入增长8%左右", "农村居民人均可支配收入", 8, "%", "up", "about", "2026"),
         ("城镇新增就业47万人以上", "城镇新增就业", 470000, "人", None, "at_least", "2026"),
         ("城镇调查失业率控制在5.5%以内", "城镇调查失业率", 5.5, "%", None, "at_most", "2026"),
     ]),
    # news: a comparison base is not the indicator; 分别超过90%、75%: the leading bound applies to each (2024-03-13)
    ("预计到2027年，我国工业领域设备投资规模较2023年增长25%以上，规模以上工业企业数字化研发设计工具普及率、"
     "关键工序数控化率分别超过90%、75%，工业大省大市和重点园区规上工业企业数字化改造全覆盖。", "2024-03-13", [
         ("我国工业领域设备投资规模较2023年增长25%以上", "我国工业领域设备投资规模", 25, "%", "up", "at_least", "2027"),
         ("规模以上工业企业数字化研发设计工具普及率、关键工序数控化率分别超过90%",
          "规模以上工业企业数字化研发设计工具普及率、关键工序数控化率", 90, "%", None, "at_least", "2027"),
         ("规模以上工业企业数字化研发设计工具普及率、关键工序数控化率分别超过90%、75%",
          "规模以上工业企业数字化研发设计工具普及率、关键工序数控化率", 75, "%", None, "at_least", "2027"),
     ]),
]

HORIZONS_AND_NEWS = [
    # 达到2020年的6倍: the 到 of 达到 and a base year, not a horizon (news, 2025-09-25; the horizon,
    # 到2035年, is in the sentence before)
    ("非化石能源消费占能源消费总量的比重达到30%以上，风电和太阳能发电总装机容量达到2020年的6倍以上、力争达到36亿千瓦，"
     "森林蓄积量达到240亿立方米以上，新能源汽车成为新销售车辆的主流。", "2025-09-25",
     [("森林蓄积量达到240亿立方米以上", "森林蓄积量", 2.4e10, "立方米", None, "at_least", None)]),
    # a day first (2026年1月1日起) says when, not what; 上调至 and 恢复至 state the level (news,
    # 2026-01-02 and 2026-01-03)
    ("2025年10月起，美国政府开始对相关产品征收25%的关税，并原计划于2026年1月1日起将税率上调至30%至50%不等。", "2026-01-02", [
        ("税率上调至30%", "税率", 30, "%", None, "at_least", None),
        ("税率上调至30%至50%", "税率", 50, "%", None, "at_most", None)]),
    ("《长江江豚拯救行动计划（2026—2035年）》1月1日起实施，通过重要栖息生境修复等10大行动，力争到2030年，长江江豚自然种群数量"
     "恢复至1700头以上；到2035年，长江江豚自然种群数量增长至2000头以上。", "2026-01-03", [
         ("长江江豚自然种群数量恢复至1700头以上", "长江江豚自然种群数量", 1700, "头", None, "at_least", "2030"),
         ("长江江豚自然种群数量增长至2000头以上", "长江江豚自然种群数量", 2000, "头", None, "at_least", "2035")]),
    # a sentence opening with 今年 sets out every part after its semicolons (news, 2024-03-19)
    ("今年，北京以更大力度打好蓝天保卫战，持续优化能源结构，力争绿电占比达到25%；在保障和改善民生方面，将为失能失智老年人提供更多"
     "照护支持，面向3岁以下幼儿新增普惠托位1万个；建设筹集保障性租赁住房7万套；加快推进灾后恢复重建。", "2024-03-19", [
         ("绿电占比达到25%", "绿电占比", 25, "%", None, "exact", "2024"),
         ("面向3岁以下幼儿新增普惠托位1万个", "面向3岁以下幼儿新增普惠托位", 10000, "个", None, "exact", "2024"),
         ("建设筹集保障性租赁住房7万套", "建设筹集保障性租赁住房", 70000, "套", None, "exact", "2024")]),
    # 2022年以来 says since when, not for when: no horizon (news, 2024-03-23)
    ("其中，2022年以来新建设的大型引调水工程和灌区将新增供水能力190.7亿立方米，相当于目前南水北调中线供水能力的2倍。", "2024-03-23",
     [("供水能力190.7亿立方米", "供水能力", 1.907e10, "立方米", None, "exact", None)]),
    # 每千人口: the base of a rate is part of the indicator, not where it starts (news, 2023-08-19)
    ("到2025年，我国每千人口医师数将达到3.2人。", "2023-08-19",
     [("我国每千人口医师数将达到3.2人", "我国每千人口医师数", 3.2, "人", None, "exact", "2025")]),
    # 到2030年 (重庆); a count whose noun follows (4万亿元新台阶) is not stated of an indicator before it
    ("力争到2030年，全市地区生产总值迈上4万亿元新台阶，人均地区生产总值达到14万元，全社会研发经费投入强度达到3.25%。",
     REPORT_DATE, [
         ("人均地区生产总值达到14万元", "人均地区生产总值", 140000, "元", None, "exact", "2030"),
         ("全社会研发经费投入强度达到3.25%", "全社会研发经费投入强度", 3.25, "%", None, "exact", "2030"),
     ]),
    # “十五五”末 -> 2030 (news, 2025-11)
    ("“十五五”时期，山东实施重点产业科技创新行动，布局重大科技项目，力争到“十五五”末，取得标志性重大创新成果300项左右；",
     "2025-11-20", [("取得标志性重大创新成果300项左右", "取得标志性重大创新成果", 300, "项", None, "about", "2030")]),
    # 今年, 计划完成: a plan; 今年 in a release of 2023 is 2023
    ("今年，计划完成营造林和草原修复120万亩，保护修复湿地20万亩，治理水土流失面积930平方公里。", "2023-03-12", [
        ("完成营造林和草原修复120万亩", "完成营造林和草原修复", 1_200_000, "亩", None, "exact", "2023"),
        ("保护修复湿地20万亩", "保护修复湿地", 200_000, "亩", None, "exact", "2023"),
        ("治理水土流失面积930平方公里", "治理水土流失面积", 930, "平方公里", None, "exact", "2023"),
    ]),
    # a plan, then what is already achieved (目前已…) of it: only the plan
    ("而在重庆，今年计划新开工改造老旧小区1227个，目前已开工改造937个，开工率超75%。", "2025-05-10", [
        ("新开工改造老旧小区1227个", "新开工改造老旧小区", 1227, "个", None, "exact", "2025")]),
    # 确保 with 保持在…以上; the indicator starts after the year it is for
    ("确保2024年粮食产量保持在1.3万亿斤以上。", "2024-01-05", [
        ("粮食产量保持在1.3万亿斤以上", "粮食产量", 1.3e12, "斤", None, "at_least", "2024")]),
    # 力争…降到…左右: a level to reach, no direction
    ("随着物流基础设施不断完善，新技术、新模式加快应用，到2027年，社会物流总费用与国内生产总值的比率力争降到13.5%左右。",
     "2024-11-28", [("社会物流总费用与国内生产总值的比率力争降到13.5%左右", "社会物流总费用与国内生产总值的比率", 13.5, "%",
                     None, "about", "2027")]),
    # 并 begins the word 并网 here: no lead-in to skip (news, 2023-11-01)
    ("预计到2023年底，并网光伏发电装机容量将达到5.6亿千瓦。", "2023-11-01",
     [("并网光伏发电装机容量将达到5.6亿千瓦", "并网光伏发电装机容量", 5.6e8, "千瓦", None, "exact", "2023")]),
    # the cue's verb (将新建) and the one it is joined to (和改造提升) both belong to the indicator (news, 2024-04-15)
    ("湖南今年将新建和改造提升高标准农田300万亩以上。", "2024-04-15",
     [("新建和改造提升高标准农田300万亩以上", "新建和改造提升高标准农田", 3e6, "亩", None, "at_least", "2024")]),
]

FUTURE_AND_JOINT = [
    # a future 到20xx年 is a plan's year and its cue (news, 2023-02-02, 2023-08-19)
    ("按照规划，到2025年，全国湿地保有量总体稳定，湿地保护率达到55%。", "2023-02-02", [
        ("湿地保护率达到55%", "湿地保护率", 55, "%", None, "exact", "2025")]),
    # …相比2020年下降20%: the base of the comparison is not measured (news, 2024-02-09)
    ("到2030年，雄安新区细颗粒物平均浓度相比2020年下降20%，白洋淀水质稳定保持在Ⅲ类，启动区建成区域绿色交通出行比例达到90%。",
     "2024-02-09", [
         ("雄安新区细颗粒物平均浓度相比2020年下降20%", "雄安新区细颗粒物平均浓度", 20, "%", "down", "exact", "2030"),
         ("启动区建成区域绿色交通出行比例达到90%", "启动区建成区域绿色交通出行比例", 90, "%", None, "exact", "2030")]),
    # 到“十五五”末 and 未来5年 in a release of 2026 look forward to 2030 (news, 2026-04-28, cut at a clause end)
    ("“十五五”时期，天津将加快共建现代化首都都市圈、北京（京津冀）国际科技创新中心；建设现代化产业体系，到“十五五”末，"
     "制造业增加值占地区生产总值比重保持在20%以上，累计培育专精特新中小企业达3500家；重点攻关突破100项关键核心和前沿引领技术；"
     "扩大高水平对外开放，未来5年集装箱班轮航线数力争达到155条、外贸航线数100条；", "2026-04-28", [
         ("制造业增加值占地区生产总值比重保持在20%以上", "制造业增加值占地区生产总值比重", 20, "%", None, "at_least",
          "2030"),
         ("累计培育专精特新中小企业达3500家", "累计培育专精特新中小企业", 3500, "家", None, "exact", "2030"),
         ("集装箱班轮航线数力争达到155条", "集装箱班轮航线数", 155, "条", None, "exact", "2030"),
         ("外贸航线数100条", "外贸航线数", 100, "条", None, "exact", "2030")]),
    # 未来五年 … 从现在的2.65%提高到3.25%: the target, for 2030 (news, 2026-06-01, cut at a clause end)
    ("未来五年，重庆将提速建设市域科创走廊体系，把全社会研发投入强度从现在的2.65%提高到3.25%；", "2026-06-01", [
        ("全社会研发投入强度从现在的2.65%提高到3.25%", "全社会研发投入强度", 3.25, "%", None, "exact", "2030")]),
    # a quoted name may open the indicator (浙江, “十五五” plan)
    ("力争到2030年“415X”集群营收突破13万亿元。", "2026-01-22", [
        ("“415X”集群营收突破13万亿元", "“415X”集群营收", 13e12, "元", None, "at_least", "2030")]),
    # 从…提高到…: the target, not the starting value (广东, 2026 民生实事)
    ("确保农村低保标准占城镇低保标准的最低比例从77%提高到80%以上。", "2026-01-27", [
        ("农村低保标准占城镇低保标准的最低比例从77%提高到80%以上", "农村低保标准占城镇低保标准的最低比例", 80, "%",
         None, "at_least", None)]),
    # linkers of two words (宁夏 稳定保持在; 吉林 降低至) under 确保 / 力争
    ("持续提高农业质量效益，加强耕地保护和质量提升，增强抗灾能力，确保粮食总产量稳定保持在76亿斤以上。", "2026-02-09", [
        ("粮食总产量稳定保持在76亿斤以上", "粮食总产量", 7.6e9, "斤", None, "at_least", None)]),
]

NEGATIVE = [
    # results: a year already past, with no target cue (重庆, 河北)
    ("推动经济顶压前行、向新向好，全市地区生产总值达到33757.93亿元、增长5.3%，奋力谱写中国式现代化重庆篇章。", REPORT_DATE),
    ("全省生产总值增长5.6%，一般公共预算收入增长2%，规上工业增加值增长7.9%。", "2026-02-02"),
    # results after a result cue inside a frame-less sentence (河南: 一年来…)
    ("一年来，全省上下牢记嘱托、感恩奋进，顶压前行、真抓实干，生产总值增长5.6%，规上工业增加值增长8.4%。", REPORT_DATE),
    # numbers without an indicator before them, inside a targets paragraph (江苏: 十个方面工作)
    ("今年经济社会发展主要预期目标是：居民收入增长与经济增长同步；粮食产量保持稳定。重点做好十个方面工作。", "2026-02-09"),
    # a count of the words after it (吉林, news)
    ("吉林省统筹专项资金，出台方案，在全省的汽车、医药、装备等行业推进数字化改造，力争三年内重点支持300个以上“智改数转”示范项目。",
     "2023-06-01"),
    # 稳预期 and 行动计划 are no targets (重庆, the review of 2025)
    ("全力稳预期，制定实施经济向上向好“30条”、稳住经济增长“20条”等增量政策，全市招商引资签约项目数与合同额分别增长22.1%、15.1%。",
     REPORT_DATE),
    ("启动城市更新三年行动计划，打造都市风貌展示区3个、区县特色风貌名片10个，新建口袋公园100个。", REPORT_DATE),
    # ordinals and dates are not numbers at all
    ("力争在第三季度完成第二批项目。", REPORT_DATE),
    # 到2025年 in a release of 2026 is done, not planned (news, 2026-04-16)
    ("沿着总书记指引的方向，京津冀协同发展步履坚实，经济总量持续扩大，京津冀地区生产总值由2020年的8.96万亿元增加到2025年"
     "的近12万亿元，连续跨越3个万亿元台阶。", "2026-04-16"),
    # 已按计划完成: done as planned, and what it found (news, 2023-12-06)
    ("近日，根据国务院2023年度省级政府安全生产和消防工作考核巡查统一安排部署，已按计划完成31个省（区、市）和新疆生产建设兵团的"
     "现场考核巡查工作，发现问题隐患5732项，其中重大事故隐患208项。", "2023-12-06"),
    # 预计到 before no year is no plan: attendance expected at a fair (news, 2023-10-21)
    ("本届博览会展览面积达10万平方米，展览展示内容涵盖日用消费品、体育及户外休闲用品、玩具等，预计到会采购商超12万人次，"
     "其中外商超1万人次。", "2023-10-21"),
    # the cue of one story does not reach the next past ； when the sentence opens with neither a cue
    # nor a time: an expected capacity, a level reached (news, 2023-07-01 and 2024-02-17)
    ("湖北加大培育绿色工厂力度，力争到2027年再培育150家国家级绿色工厂；在内蒙古库布其，一个装机容量13吉瓦的"
     "新能源基地正在加紧建设，基地建成后，每年可发清洁电能257.4亿千瓦时。", "2023-07-01"),
    ("铁路12306系统春运高峰期每秒接受125万次点击，1秒可卖出1500多张车票；而全国日均超过4亿件的快递量背后是传感器和人工智能技术的融合，"
     "确保每一个包裹精准送达目的地；地图导航软件平均每秒从北斗卫星调用347万次定位信息，最高定位精度达到1米以内，陪伴着每一次自驾出行。",
     "2024-02-17"),
    # numerals inside names (云南 两轴三带六区) and a quoted count (贵州 “三个80%”) under a target cue
    ("力争构建“两轴三带六区”旅居发展空间布局，深化高质量发展和宜居城镇建设试点。", REPORT_DATE),
]

KNOWN_MISSES = [
    # the target word follows the number (…实现1.3万亿斤以上目标): no cue before it (news, 2022-09-27)
    pytest.param("从秋粮情况看，全年粮食产量能够实现1.3万亿斤以上目标。", "2022-09-27",
                 [("粮食产量能够实现1.3万亿斤以上", "粮食产量", 1.3e12, "斤", None, "at_least", "2022")],
                 marks=pytest.mark.xfail(strict=True, reason="a target named after its number")),
]


def _rows(expected):
    return [(t, i, pytest.approx(v), u, d, b, h) for t, i, v, u, d, b, h in expected]


@pytest.mark.parametrize(("text", "pub_date", "expected"),
                         LEVEL_GROWTH_BOUNDS + RANGES_AND_LISTS + HORIZONS_AND_NEWS + FUTURE_AND_JOINT,
                         ids=lambda x: x[:14] if isinstance(x, str) else None)
def test_commitments(rules_pipeline, text, pub_date, expected) -> None:
    assert found(rules_pipeline, text, pub_date) == _rows(expected)


@pytest.mark.parametrize(("text", "pub_date"), NEGATIVE, ids=[n[0][:14] for n in NEGATIVE])
def test_no_commitment(rules_pipeline, text, pub_date) -> None:
    assert found(rules_pipeline, text, pub_date) == []


@pytest.mark.parametrize(("text", "pub_date", "expected"), KNOWN_MISSES)
def test_known_misses(rules_pipeline, text, pub_date, expected) -> None:
    assert found(rules_pipeline, text, pub_date) == _rows(expected)


def test_horizon_without_a_date_is_unknown(rules_pipeline) -> None:
    """今年 with no publication date and no report line fixes no year."""
    text = "今年经济社会发展主要预期目标是：地区生产总值增长5%左右。"
    assert [c[-1] for c in found(rules_pipeline, text, None)] == [None]


def test_a_work_report_commits_its_province(rules_pipeline) -> None:
    """The party of a work report is its province, named in its 在…人民代表大会 line; the year is that line's."""
    text = ("政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n各位代表：\n"
            "三、2026年工作安排\n2026年是“十五五”第一年，开好局起好步十分重要。今年经济社会发展的\n主要预期目标\n"
            "是：地区生产总值增长4.5%—5%，在实际工作中全力争取更好结果；地方一般公共预算收入增长3%左右；"
            "居民收入增长与经济增长同步。")
    record = rules_pipeline.process(Document(text=text, source_file="t.txt"))
    assert [(c.value, c.bound, c.horizon, c.parties) for c in record.commitments] == [
        (4.5, "at_least", "2026", ["广东省"]), (5.0, "at_most", "2026", ["广东省"]), (3.0, "about", "2026", ["广东省"])]


def test_a_province_named_in_the_sentence_commits(rules_pipeline) -> None:
    text = "浙江力争到2027年建成数字农业工厂1000家、未来农场100家、和美乡村示范村1000个。"
    record = rules_pipeline.process(Document(text=text, source_file="t.txt", pub_date="2023-05-01"))
    assert [(c.indicator, c.value, c.horizon, c.parties) for c in record.commitments] == [
        ("建成数字农业工厂", 1000, "2027", ["浙江省"]), ("未来农场", 100, "2027", ["浙江省"]),
        ("和美乡村示范村", 1000, "2027", ["浙江省"])]


@pytest.mark.parametrize(("loader", "name", "bad_row", "message"), [
    (commitments_module.cues, "commitment_cues.tsv", "力争\tpledge\t", "role"),
    (commitments_module.predicates, "commitment_predicates.tsv", "达到\tlinker\tup\t", "direction"),
    (commitments_module.horizons, "commitment_horizons.tsv", "到(20\\d\\d年\tgroup", "regular expression"),
    (commitments_module.bound_markers, "commitment_bounds.tsv", "左右\tafter\tabout", "position"),
])
def test_a_bad_resource_row_names_its_file_and_line(tmp_path, monkeypatch, loader, name, bad_row, message) -> None:
    original = commitments_module.resource_path(name).read_text(encoding="utf-8")
    (tmp_path / name).write_text(original + bad_row + "\n", encoding="utf-8")
    monkeypatch.setattr(commitments_module, "resource_path", lambda n: tmp_path / n)
    loader.cache_clear()
    try:
        with pytest.raises(PressfactsError) as err:
            loader()
        assert f"{name}:{len(original.splitlines()) + 1}" in str(err.value.location) and message in err.value.message
    finally:
        loader.cache_clear()


def test_the_resources_load() -> None:
    pattern, rows = commitments_module.cues()
    assert rows["主要预期目标"].role == "frame" and rows["过去一年"].role == "result"
    assert pattern.search("比去年").group() == "比去年"  # a comparison, not a result cue
    assert commitments_module.predicates()[0]["下降"].direction == "down"


# A work report (河南, 2026) cut to its headings and one or two real sentences under each: the review
# holds results (争取…资金 is money obtained), a plan section makes its numbers targets for the year its
# heading names, even with no cue in the sentence; the report's province is the party, not a city named.
HENAN = ("2026年河南省政府工作报告\n——2026年1月26日在河南省第十四届人民代表大会第四次会议上\n各位代表：\n"
         "一、“十四五”时期和2025年工作回顾\n"
         "争取国家政策性资金超千亿元，发行地方政府专项债券资金1327亿元支持项目建设，民间投资保持较快增长，社会融资规模持续扩大。\n"
         "二、“十五五”时期主要目标任务\n"
         "一体推进教育科技人才发展，推动科技创新和产业创新深度融合，构建具有河南特色优势的现代化产业体系，"
         "全社会研发经费投入年均增长10%以上，战略性新兴产业增加值占规上工业比重30%，制造业比重稳定合理增长。\n"
         "三、2026年重点工作安排\n"
         "完善国家技术转移郑州中心体系，争创国家科技成果转移转化示范区，力争技术合同成交额3000亿元。"
         "实施百亿斤粮食产能提升工程，推进66个粮食产能提升重点县和豫东平原200万亩整区域工程化建设高标准农田项目，"
         "新建改造高标准农田400万亩以上。\n2.实现城镇新增就业18万人以上，发布就业岗位50万个以上。\n")


def test_the_sections_of_a_work_report(rules_pipeline) -> None:
    record = rules_pipeline.process(Document(text=HENAN, source_file="t.txt"))
    got = [(c.text, c.direction, c.bound, c.horizon, c.parties) for c in record.commitments]
    assert got == [
        ("全社会研发经费投入年均增长10%以上", "up", "at_least", "2030", ["河南省"]),
        ("战略性新兴产业增加值占规上工业比重30%", None, "exact", "2030", ["河南省"]),
        ("技术合同成交额3000亿元", None, "exact", "2026", ["河南省"]),
        ("新建改造高标准农田400万亩以上", None, "at_least", "2026", ["河南省"]),
        ("城镇新增就业18万人以上", None, "at_least", "2026", ["河南省"]),  # the item's number 2. is no part of it
        ("发布就业岗位50万个以上", None, "at_least", "2026", ["河南省"]),
    ]


def test_a_heading_of_review_and_plan_leaves_it_to_the_cues(rules_pipeline) -> None:
    """北京: 二、“十四五”时期发展成就和“十五五”时期主要目标任务 holds both; the 29 indicators of the plan
    (…主要指标，包括：) are targets for 2030, the five years' results are not."""
    text = ("政府工作报告\n——2026年1月25日在北京市第十六届人民代表大会第四次会议上\n"
            "二、“十四五”时期发展成就和“十五五”时期主要目标任务\n"
            "过去五年，我们坚定疏解非首都功能，城乡建设用地规模减量约50平方公里，地区生产总值年均增长5.2%，经济总量连续迈上"
            "4万亿、5万亿两个台阶，蹚出一条减量背景下超大城市转型发展的新路子，实现“十四五”圆满收官。\n"
            "围绕上述目标，《纲要草案》从创新、协调、绿色、开放、共享、安全6个维度设置了29项主要指标，包括：地区生产总值年均"
            "增速4.5%-5%、努力争取更好结果，全社会研发投入占比6%以上，彩化率达24.2%，等等。\n")
    record = rules_pipeline.process(Document(text=text, source_file="t.txt"))
    assert [(c.text, c.value, c.bound, c.horizon) for c in record.commitments] == [
        ("地区生产总值年均增速4.5%", 4.5, "at_least", "2030"), ("地区生产总值年均增速4.5%-5%", 5.0, "at_most", "2030"),
        ("全社会研发投入占比6%以上", 6.0, "at_least", "2030"), ("彩化率达24.2%", 24.2, "exact", "2030")]


# Commitments made jointly: 两地 / 两省市 / 川渝 name their parties (新闻联播 items, 2022-11 to 2023-03; the
# reference release corpus/000_534489a36b57a320.txt). A 新闻联播 item strings several stories together:
# 两地 are the divisions named last before it (内蒙古、广东), not the item's most named (港澳 of the story before).
JOINT = [
    ("首届深港澳青少年创意设计大赛启动\n今天（2月11日），首届深港澳青少年创意设计大赛在深圳启动。本届大赛以“交流交融、"
     "创想未来”为主题，征集作品包括科技新发明、创意新媒体、设计新视角、科普新世界等四个类别，鼓励深港澳三地青少年通过创意与"
     "设计，描绘未来的大湾区。\n内蒙古 广东两地联合启动“百万人互游”文旅计划\n日前，内蒙古、广东两地文旅部门启动"
     "“百万人互游”文旅招商会。两地计划互送游客100万人次以上，同时还将在项目合作、数字文旅和直通航线等方面展开深层次合作。",
     "2023-02-11", [("互送游客100万人次以上", "at_least", ["内蒙古自治区", "广东省"])]),
    # the volunteers counted after their number: no indicator before it (2023-03-03)
    ("今年，川渝两地将有超过10万名青年志愿者参与环保宣传、文明劝导等志愿服务活动，联动两地超过50个县市区，将开展上万场巡河护河"
     "行动。", "2023-03-03", []),
    # what the pair has done (2022-11-12; the reference release, 2023-06-27)
    ("川渝两地发改委日前发布，今年前10个月，成渝地区双城经济圈完成投资1889.5亿元，涉及现代产业、公共服务、文化旅游等重点领域，"
     "年度投资完成率103%，提前完成全年投资计划。", "2022-11-12", []),
    ("渝西八区(江津、合川、永川、大足、璧山、铜梁、潼南、荣昌)与四川的自贡、泸州、遂宁、内江、宜宾、广安、达州、资阳等八市处于"
     "成渝中部支撑地带,交通条件优越,产业基础扎实,以两省市14.6%的面积承载了30.6%的人口,创造了27%的GDP,是双城经济圈互动协作的"
     "主战场。", "2023-06-27", []),
]


@pytest.mark.parametrize(("text", "pub_date", "expected"), JOINT, ids=[j[0][:10] for j in JOINT])
def test_the_parties_of_a_joint_commitment(rules_pipeline, text, pub_date, expected) -> None:
    record = rules_pipeline.process(Document(text=text, source_file="t.txt", pub_date=pub_date))
    assert [(c.text, c.bound, c.parties) for c in record.commitments] == expected


def test_a_rate_base_between_the_verb_and_the_number(rules_pipeline) -> None:
    """超|每千人|6.6批次: the indicator and the bound are read before the rate's base (广东 2026 work
    report, a plan section: the sentence alone has no cue, so its head is read directly)."""
    text = "加大校园食堂、连锁餐饮、超市等重点场所食品抽检力度，食品抽检量超每千人6.6批次，其中开展“你点我检”食品抽检超5万批次。"
    record = rules_pipeline.process(Document(text=text, source_file="t.txt", pub_date=REPORT_DATE))
    numbers = record.numbers
    index = next(i for i, n in enumerate(numbers) if n.text == "6.6批次")
    assert numbers[index - 1].text == "千人" and text[numbers[index - 1].start - 1] == "每"
    head = commitments_module._read_head(text, numbers[index], numbers[index - 2].end if index > 1 else 0)
    assert text[head.start:head.end] == "食品抽检量" and head.linker_bound == "at_least"
