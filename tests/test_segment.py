"""segment.py: jieba through spaCy, offsets into the text, chunking that changes no token."""

from __future__ import annotations

import pytest

from pipeline.segment import _CHUNK_CHARS, segment, segmenter
from tests.conftest import CORPUS


def tokens(doc):
    return [(t.idx, t.text) for t in doc]


@pytest.mark.parametrize(
    "text",
    [
        "重庆市委副书记、市长胡衡华，四川省委副书记、省长黄强分别通报有关情况。",
        "推动成渝地区双城经济圈建设",  # user dictionary keeps the term whole
        "第一行\n\n第二行  有两个空格 \n",
    ],
)
def test_offsets_point_into_the_text(text: str) -> None:
    doc = segment(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text


def test_user_dictionary_keeps_terms_whole() -> None:
    assert "成渝地区双城经济圈" in [t.text for t in segment("推动成渝地区双城经济圈建设")]


@pytest.mark.parametrize(
    "text",
    [
        "两省市联合出台100多个政策文件，" * 400,  # one long line: chunks end after ，
        ("会议指出，要加快建设。 " * 300) + "end",  # spaces at chunk edges
        (CORPUS / "govreport_2026_四川省.txt").read_text(encoding="utf-8"),
    ],
    ids=["long-line", "spaces", "work-report"],
)
def test_chunked_segmentation_gives_the_same_tokens_as_whole(text: str) -> None:
    assert tokens(segment(text)) == tokens(segmenter().make_doc(text))


def test_a_run_with_no_boundary_is_cut_but_stays_grounded() -> None:
    text = "字" * (_CHUNK_CHARS * 3 + 7)
    doc = segment(text)
    assert doc.text == text
    assert sum(len(t.text) for t in doc) == len(text)


# pos_tagger(): jieba.posseg with its word -> tag table from our cache. Each case runs in a fresh
# interpreter (the cache only matters before jieba.posseg is imported) with its own temp folder.
_TAG_TABLE_DIGEST = """
import hashlib, sys
from pipeline.segment import pos_tagger
table = pos_tagger().word_tag_tab
print(len(table), hashlib.sha1(repr(sorted(table.items())).encode()).hexdigest(), table.get("渝川桂黔"))
print([(p.word, p.flag) for p in pos_tagger().cut("贵州省委书记徐麟主持会议")])
"""

_JIEBA_OWN_TABLE = """
import hashlib, jieba.posseg
table = jieba.posseg.dt.word_tag_tab
print(len(table), hashlib.sha1(repr(sorted(table.items())).encode()).hexdigest(), table.get("渝川桂黔"))
"""


def _run(code: str, tmp_path) -> list[str]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def _cache_files(tmp_path) -> list:
    return sorted(tmp_path.glob("pressfacts.posseg.*.cache"))


def test_cached_tag_table_is_jiebas_own(tmp_path) -> None:
    jieba_own = _run(_JIEBA_OWN_TABLE, tmp_path)[0]
    assert not _cache_files(tmp_path)
    first = _run(_TAG_TABLE_DIGEST, tmp_path)  # builds the table as jieba does, writes the cache
    assert len(_cache_files(tmp_path)) == 1
    second = _run(_TAG_TABLE_DIGEST, tmp_path)  # reads the cache
    assert first[0] == second[0] == jieba_own
    assert first[1] == second[1]
    assert "('徐麟', 'nr')" in second[1]


def test_the_cache_is_what_is_read(tmp_path) -> None:
    import marshal

    _run(_TAG_TABLE_DIGEST, tmp_path)
    (cache,) = _cache_files(tmp_path)
    words, tags = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((words + "\n渝川桂黔", tags + "\nns")))  # a word jieba lacks
    assert _run(_TAG_TABLE_DIGEST, tmp_path)[0].endswith(" ns")


_TAGGED_FIRST_BY_POS_CUT = """
from pipeline.segment import pos_cut, pos_tagger, segment
segment("贵州省委书记徐麟主持会议")
pos_cut("贵州省委书记徐麟主持会议")  # the pipeline's first use of the tagger (titles, persons)
print(pos_tagger().word_tag_tab.get("渝川桂黔"))
"""


def test_the_pipelines_tagging_reads_the_cache_too(tmp_path) -> None:
    """pos_cut, the tagger's entry point in the pipeline, once imported jieba.posseg itself before
    asking pos_tagger(): jieba then parsed its dictionary again (0.35 s of every start-up)."""
    import marshal

    _run(_TAG_TABLE_DIGEST, tmp_path)
    (cache,) = _cache_files(tmp_path)
    words, tags = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((words + "\n渝川桂黔", tags + "\nns")))
    assert _run(_TAGGED_FIRST_BY_POS_CUT, tmp_path) == ["ns"]


@pytest.mark.parametrize("content", [b"", b"\x00garbage"])
def test_a_torn_cache_is_rebuilt(tmp_path, content: bytes) -> None:
    jieba_own = _run(_JIEBA_OWN_TABLE, tmp_path)[0]
    _run(_TAG_TABLE_DIGEST, tmp_path)
    (cache,) = _cache_files(tmp_path)
    cache.write_bytes(content)
    assert _run(_TAG_TABLE_DIGEST, tmp_path)[0] == jieba_own
    assert cache.stat().st_size > 1_000_000  # written again


# segmenter(): jieba's word frequencies from our cache (0.16 s instead of jieba's own 0.65 s).
_FREQUENCY_DIGEST = """
import hashlib
import jieba
from pipeline.segment import segmenter
nlp = segmenter()
own = {w: f for w, f in jieba.dt.FREQ.items()}
print(jieba.dt.total, len(own), jieba.dt.FREQ.get("渝川桂黔"))
print([t.text for t in nlp("推动成渝地区双城经济圈建设走深走实")])
"""

_FREQUENCY_TABLE = """
import hashlib, jieba
jieba.setLogLevel(60)
{load}
print(jieba.dt.total, hashlib.sha1(repr(sorted(jieba.dt.FREQ.items())).encode()).hexdigest(), jieba.dt.FREQ.get("渝川桂黔"))
"""
_JIEBA_OWN_FREQUENCIES = _FREQUENCY_TABLE.format(load="jieba.dt.initialize()")
_OUR_FREQUENCIES = _FREQUENCY_TABLE.format(
    load="from pipeline.segment import _load_jieba_dictionary; _load_jieba_dictionary(jieba)")


def _frequency_caches(tmp_path) -> list:
    return sorted(tmp_path.glob("pressfacts.jieba-dict.*.cache"))


def test_cached_frequencies_are_jiebas_own(tmp_path) -> None:
    jieba_own = _run(_JIEBA_OWN_FREQUENCIES, tmp_path)
    assert _run(_OUR_FREQUENCIES, tmp_path) == jieba_own  # jieba loads its dictionary; we cache it
    assert len(_frequency_caches(tmp_path)) == 1
    assert _run(_OUR_FREQUENCIES, tmp_path) == jieba_own  # read from our cache
    # the segmenter adds our user dictionary on top, from the cache as from jieba's own load
    assert "成渝地区双城经济圈" in _run(_FREQUENCY_DIGEST, tmp_path)[1]


def test_the_frequency_cache_is_what_is_read(tmp_path) -> None:
    import array
    import marshal

    _run(_FREQUENCY_DIGEST, tmp_path)
    (cache,) = _frequency_caches(tmp_path)
    words, packed, total = marshal.loads(cache.read_bytes())
    counts = array.array("q")
    counts.frombytes(packed)
    counts.append(7)
    cache.write_bytes(marshal.dumps((words + "\n渝川桂黔", counts.tobytes(), total + 7)))
    assert _run(_FREQUENCY_DIGEST, tmp_path)[0].endswith(" 7")


@pytest.mark.parametrize("content", [b"", b"\x00garbage"])
def test_a_torn_frequency_cache_is_rebuilt(tmp_path, content: bytes) -> None:
    _run(_FREQUENCY_DIGEST, tmp_path)
    (cache,) = _frequency_caches(tmp_path)
    expected = _run(_FREQUENCY_DIGEST, tmp_path)
    cache.write_bytes(content)
    assert _run(_FREQUENCY_DIGEST, tmp_path) == expected
    assert cache.stat().st_size > 1_000_000  # written again


def test_cut_words_are_the_segmenters_words() -> None:
    from pipeline.segment import cut_words

    clause = "预计到2023年底，并网光伏发电装机容量将达到5.6亿千瓦"  # news, 2023-11-01
    assert "".join(cut_words(clause)) == clause
    assert cut_words(clause) == [t.text for t in segment(clause)]
    assert "并网" in cut_words(clause)


_WITHOUT_PKG_RESOURCES = """
import sys
from pipeline.segment import pos_cut, segment
print([t.text for t in segment("推动成渝地区双城经济圈建设走深走实")])
print(pos_cut("贵州省委书记徐麟主持会议"))
print("pkg_resources" in sys.modules)
"""


def test_jieba_loads_its_files_without_pkg_resources(tmp_path) -> None:
    """jieba imports the deprecated pkg_resources (0.11 s) only to open its data files; without it,
    it opens them beside its module. A cold cache (a fresh temp folder) makes it read dict.txt."""
    first, tagged, imported = _run(_WITHOUT_PKG_RESOURCES, tmp_path)
    assert first == str([t.text for t in segment("推动成渝地区双城经济圈建设走深走实")])  # this process's words
    assert "('徐麟', 'nr')" in tagged
    assert imported == "False"
    assert _cache_files(tmp_path)  # built from the files, and cached
