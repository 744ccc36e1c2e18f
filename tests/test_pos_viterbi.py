"""What segment.py puts in place of parts of jieba's POS tagger gives jieba's own answers.

``_PosViterbi``: jieba's POS HMM in numpy, bit for bit. ``pos_cut``: jieba.posseg's cut loop
over the segmenter's remembered routes, word for word and tag for tag.

The sentences are real ones from /work/shared/raw/xwlb_items.jsonl, chosen for what makes the
HMM hard: characters jieba's state table lacks (赟, 熺: every one of 256 states allowed), long
runs of unknown words (库皮扬斯克, 阿布都加帕尔), and runs where jieba's max over
(probability, state) meets equal probabilities and takes the greater state (索列达尔, 莎姐,
雅万, 凝心聚力创, 园等|文旅: a brute-force check of jieba's pass found ties in each).
"""

from __future__ import annotations

import random
from contextlib import contextmanager

import jieba.posseg
import pytest
from jieba.posseg import POSTokenizer
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from pipeline.segment import _PosViterbi, pos_cut, pos_tagger, segment
from tests.conftest import CORPUS

SENTENCES = [
    "新农人朱赟德，扎根田间近十年，从一名大学毕业生成长为全国乡村振兴青年先锋，见证了我国农业现代化转型发展的巨大变化。",
    "他的目光始终追随着菌草技术发明者林占熺，电视剧《山海情》中农技专家的原型。",
    "央视网消息（新闻联播）：俄罗斯国防部7日称，俄军击退乌军在库皮扬斯克、尼古拉耶夫-克里沃罗格方向的进攻，并在赫尔松打击了乌军有生力量。",
    "乌克兰军方17日称，乌军打击了俄军装备集结点、防空系统等目标，并在巴赫穆特、阿夫杰耶夫卡等地击退俄军进攻。",
    "记住了“亮出党员徽章”、义务帮助游客的新疆牧民阿布都加帕尔；",
    "乌方同一天称，乌军在顿涅茨克地区索列达尔等地击退了俄军的进攻，并对俄军人员和军事装备集结点等实施打击。",
    "同时，梅玫和同事编写了《莎姐讲故事》丛书，设立“莎姐”热线、“莎姐”谈心室等，还深入社区、学校开展法治巡回宣讲500多场，受众10万余人。",
    "雅万高铁第一根接触网导线昨天（10月19日）下午悬挂完成，标志着雅万高铁开始进入电气化专业核心技术施工阶段。",
    "凝心聚力创伟业，万众一心向未来。",
    "与此同时，兴安县还依托“世界灌溉工程遗产”——灵渠、红军长征突破湘江烈士纪念碑园等历史和红色资源，发展了一批文旅项目。",
    "同日，国务院总理李克强同岸田文雄互致贺电。",
    "丁薛祥、孙春兰、张又侠、蔡奇、王东明、张庆黎、何立峰和苗华出席开幕式。",
    "出席座谈会的党外人士还有郑建邦、辜胜阻、刘新成、何维、邵鸿和蒋作君、李钺锋、黄宇光等。",
    "习近平指出，我高度重视中奥关系，愿同范德贝伦总统一道努力，推动中奥友好战略伙伴关系取得新发展，造福两国和两国人民。",
    "蒙古国总统呼日勒苏赫预祝即将召开的中国共产党第二十次全国代表大会取得圆满成功。",
    "加纳总统阿库福-阿多衷心希望加中两国未来进一步巩固双、多边合作，加强人民友谊，共同构建人类命运共同体。",
    "截至10月12日24时，现有确诊病例4397例。",
    # 侯淅珉: no state 珉 allows follows any of 淅's, and jieba takes every state one goes on to
    "陈国强 陈剑飞 陈辐宽 林国耀 杭元祥 郑庆东 房灵敏 赵世勇 胡瑜海 侯凯 侯淅珉 施克辉 姜新军 娄纯泗 秦斌 莫永成 夏红民 高飞（苗族）",
    "廷·巴特尔的父亲廷懋是新中国开国少将，1974年，他插队来到满是荒滩沙地的内蒙古萨如拉图雅嘎查，这个将军的孩子从此扎根在了草原。",
]

# digits, Latin letters, spaces and symbols: the branches of jieba's loop outside Chinese words
MIXED = [
    "今天（10月13日）6时53分，我国在太原卫星发射中心使用长征二号丙运载火箭，成功将5米S-SAR 01星发射升空，卫星顺利进入预定轨道。",
    "2021年全国地级及以上城市PM2.5平均浓度比2015年下降34.8%，平均每个城市增加了23个蓝天。",
    "9月29日，C919大型客机取得型号合格证，标志着我国具备了自主研制世界一流大型客机的能力。",
    "德国联邦统计局29日发布初步数据显示，德国今年9月消费者价格指数（CPI）同比上涨10%，创下1951年以来的最高值。",
    "偏远牧区通了5G信号，每天，牧民们在家用手机就能检查牧场、给牛羊饮水。\r\n  第二行 a+b #1 & x_y",
]

TABLES = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)


@contextmanager
def _jieba_runs(tagger, viterbi):
    """The tagger with ``viterbi`` as jieba.posseg's HMM and without our cache of unknown runs."""
    seen, detail = jieba.posseg.viterbi, tagger._POSTokenizer__cut_detail
    try:
        jieba.posseg.viterbi = viterbi
        tagger._POSTokenizer__cut_detail = POSTokenizer._POSTokenizer__cut_detail.__get__(tagger)
        yield tagger
    finally:
        jieba.posseg.viterbi, tagger._POSTokenizer__cut_detail = seen, detail


def _tags(tagger, text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in tagger.cut(text, HMM=True)]


def _hmm_runs(tagger, sentence: str) -> list[str]:
    """The runs the tagger hands its HMM while cutting ``sentence``."""
    runs: list[str] = []
    with _jieba_runs(tagger, lambda obs, *tables: (runs.append(obs), jieba_viterbi(obs, *tables))[1]):
        _tags(tagger, sentence)
    return runs


@pytest.fixture(scope="module")
def tagger():
    tagger = pos_tagger()
    assert isinstance(jieba.posseg.viterbi, _PosViterbi)  # the tagger runs ours
    return tagger


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_probability_and_route_as_jieba(tagger, sentence: str) -> None:
    runs = _hmm_runs(tagger, sentence)
    assert runs, "the sentence gives the HMM nothing to do"
    ours = _PosViterbi(jieba_viterbi)
    for run in runs:
        assert ours(run, *TABLES) == jieba_viterbi(run, *TABLES), run  # the probability, every state


def test_the_tagger_gives_jiebas_words_and_tags(tagger) -> None:
    text = "".join(SENTENCES)
    with _jieba_runs(tagger, _PosViterbi(jieba_viterbi)):
        ours = _tags(tagger, text)
    with _jieba_runs(tagger, jieba_viterbi):
        own = _tags(tagger, text)
    assert ours == own
    assert ("加帕尔", "nrt") in own  # a word only the HMM joins (阿布都加帕尔 is one run)


def test_random_runs_of_these_characters() -> None:
    """Runs no sentence has (so states meet in other orders), with characters jieba's table lacks."""
    chars = sorted(set("".join(SENTENCES)) - set("，。、；：（）《》“”—-·0123456789"))
    rng = random.Random(14)
    ours = _PosViterbi(jieba_viterbi)
    for _ in range(400):
        run = "".join(rng.choice(chars) for _ in range(rng.randint(1, 9)))
        assert ours(run, *TABLES) == jieba_viterbi(run, *TABLES), run


def test_other_tables_go_to_jieba() -> None:
    calls = []
    ours = _PosViterbi(lambda *args: (calls.append(args), (0.0, []))[1])
    ours("林占熺", {}, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    assert len(calls) == 1


@pytest.mark.parametrize("text", SENTENCES + MIXED + [" ".join(MIXED), ""])
def test_pos_cut_is_jiebas_cut(tagger, text: str) -> None:
    segment(text)  # the routes the segmenter remembers, as in the pipeline
    assert pos_cut(text) == _tags(tagger, text)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:20])
def test_pos_cut_over_whole_releases(tagger, path) -> None:
    text = path.read_text(encoding="utf-8")
    assert pos_cut(text) == _tags(tagger, text)  # blocks the segmenter has not seen: routes computed
