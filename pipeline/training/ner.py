"""Train and evaluate pressfacts' own Chinese NER model (PER, LOC, ORG, TITLE).

One command retrains it from the gold corpora (``*.spans.jsonl``, see the data README)::

    extract train-ner --data ../shared/data/ner --output pipeline/models/ner

which is ``train(Path("../shared/data/ner"), Path("pipeline/models/ner"))``: map every corpus to
one label scheme, hold out a deterministic dev split of each corpus (10 % by hashed id, or the
corpus' own dev file), write DocBins to a work directory, run ``spacy train`` with the committed
``config.cfg``, copy ``model-best`` to the output and record sources, label map, dev scores and
the command in its ``meta.json``.

Missing annotation: a corpus that does not annotate a label must not teach the model that its
spans are not entities. Spans of labels we do not map (CLUENER book/game/…, Resume EDU/PRO/…,
Weibo nominal mentions, Boson product names) are *missing* (token ``ent_iob`` 0), and so are, in
corpora without a title label (MSRA, Boson, Weibo, People's Daily), all characters covered by a
title/position lexicon entry.

This module is for training only; the run-time recognizer (``pipeline.recognise.model``) never
imports it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from pipeline.recognise import ner_encoder, ner_features  # noqa: F401  register the config's layers

LABELS = ("PER", "LOC", "ORG", "TITLE")
CONFIG_PATH = Path(__file__).with_name("config.cfg")
DEFAULT_WORK_DIR = Path("/tmp/ner_work")
DEV_PERCENT = 10
MAX_CHUNK = 500

# Raw corpus label -> our label. Labels mapped to MISSING are unknown to us (the span may or may
# not be one of ours); labels mapped to OUTSIDE are certainly none of ours (dates, times).
MISSING = "-"
OUTSIDE = "O"
LABEL_MAP: dict[str, str] = {
    # MSRA, Resume, People's Daily
    "PER": "PER", "LOC": "LOC", "ORG": "ORG",
    # CLUENER2020
    "name": "PER", "address": "LOC", "government": "ORG", "organization": "ORG",
    "company": "ORG", "position": "TITLE",
    "book": MISSING, "game": MISSING, "movie": MISSING, "scene": MISSING,
    # BosonNLP
    "person_name": "PER", "location": "LOC", "org_name": "ORG", "company_name": "ORG",
    "product_name": MISSING, "time": OUTSIDE,
    # Resume
    "NAME": "PER", "TITLE": "TITLE",
    "EDU": MISSING, "PRO": MISSING, "CONT": MISSING, "RACE": MISSING,
    # Weibo (named mentions only; nominal mentions are missing)
    "PER.NAM": "PER", "LOC.NAM": "LOC", "GPE.NAM": "LOC", "ORG.NAM": "ORG",
    "PER.NOM": MISSING, "LOC.NOM": MISSING, "GPE.NOM": MISSING, "ORG.NOM": MISSING,
    # People's Daily 1998
    "PERSON": "PER", "GPE": "LOC", "DATE": OUTSIDE,
}


@dataclass(frozen=True)
class CorpusSpec:
    """One gold corpus: where its train (and, if it has one, dev) file is, what it annotates."""

    name: str
    train: str  # path relative to the data dir
    dev: str | None = None  # its own dev file; None -> hash-split DEV_PERCENT of train
    has_title: bool = False  # does it annotate titles/positions?
    weight: int = 1  # how many times its train docs are repeated per epoch


CORPORA: tuple[CorpusSpec, ...] = (
    CorpusSpec("msra", "msra/msra_train_bio.txt.spans.jsonl"),
    CorpusSpec("cluener2020", "cluener2020/train.spans.jsonl", has_title=True),
    CorpusSpec("boson", "boson/boson_news_2000.spans.jsonl"),
    CorpusSpec("resume", "resume/train.char.bmes.spans.jsonl", "resume/dev.char.bmes.spans.jsonl",
               has_title=True),
    CorpusSpec("weibo", "weibo/weiboNER_2nd_conll.train.spans.jsonl",
               "weibo/weiboNER_2nd_conll.dev.spans.jsonl"),
    CorpusSpec("peoples_daily", "peoples_daily_1998_sample/people_daily_ner_1000.spans.jsonl"),
)

TITLE_LEXICONS = ("lexicons/positions_cluener2020.tsv", "lexicons/titles_resume_ner.tsv")
OFFICIAL_POSTS = (
    "书记 副书记 总书记 省长 副省长 市长 副市长 县长 副县长 区长 副区长 州长 镇长 乡长 村长 主席 副主席 "
    "总理 副总理 部长 副部长 委员 常委 秘书长 副秘书长 主任 副主任 局长 副局长 厅长 副厅长 处长 科长 "
    "司长 署长 院长 校长 社长 行长 会长 董事长 总经理 经理 总裁 领导 负责人 主席团 代表 议员 议长 "
    "大使 公使 参赞 领事 总统 副总统 首相 国王 女王 王子 总督 外长 国务卿 部长助理 巡视员 调研员 "
    "检察长 庭长 审判长 法官 警官 所长 站长 队长 司令员 政委 参谋长 军长 师长 团长 旅长 将军 上将 中将 "
    "少将 大校 主编 总编辑 记者 教授 研究员 院士 专家 顾问 特使 发言人 协理员 干部 省委书记 市委书记 "
    "县委书记 党组书记 党委书记 国务委员 委员长 副委员长 常务副省长 常务副市长 政协主席 人大常委会主任"
).split()


# --------------------------------------------------------------------------------------------
# reading and splitting


def read_spans(path: Path) -> Iterator[dict]:
    """Rows of a ``*.spans.jsonl`` file: ``{"id", "text", "spans": [[start, end, label], ...]}``."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def is_dev(row_id: str) -> bool:
    """Deterministic hold-out: DEV_PERCENT % of ids by the first bytes of their SHA-1."""
    h = int(hashlib.sha1(row_id.encode("utf-8")).hexdigest()[:8], 16)
    return h % 100 < DEV_PERCENT


def split_corpus(data_dir: Path, spec: CorpusSpec) -> tuple[list[dict], list[dict]]:
    """(train rows, dev rows) of one corpus; dev is never trained on."""
    rows = list(read_spans(data_dir / spec.train))
    if spec.dev is not None:
        return rows, list(read_spans(data_dir / spec.dev))
    train = [r for r in rows if not is_dev(r["id"])]
    dev = [r for r in rows if is_dev(r["id"])]
    return train, dev


_CHUNK_END = re.compile(r"[。！？!?\n]+")


def chunk_spans(text: str, max_len: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """Split a text into (start, end) chunks at sentence ends, each at most ``max_len`` chars
    (a longer sentence is cut hard). Offsets are into ``text``; chunks cover it completely."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _CHUNK_END.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    out: list[tuple[int, int]] = []
    cur_s, cur_e = None, None
    for s, e in bounds:
        while e - s > max_len:  # a very long "sentence": cut hard
            if cur_s is not None:
                out.append((cur_s, cur_e))
                cur_s = cur_e = None
            out.append((s, s + max_len))
            s += max_len
        if cur_s is None:
            cur_s, cur_e = s, e
        elif e - cur_s <= max_len:
            cur_e = e
        else:
            out.append((cur_s, cur_e))
            cur_s, cur_e = s, e
    if cur_s is not None:
        out.append((cur_s, cur_e))
    return out


def sentence_rows(row: dict, max_len: int = 200) -> list[dict]:
    """Cut a long document row into sentence-sized rows, dropping spans that cross a cut
    (the cut is then marked missing by keeping the span as a MISSING span in both halves)."""
    text = row["text"]
    if len(text) <= max_len:
        return [row]
    out = []
    for i, (s, e) in enumerate(chunk_spans(text, max_len)):
        spans = []
        for a, b, lab in row["spans"]:
            if a >= s and b <= e:
                spans.append([a - s, b - s, lab])
            elif a < e and b > s:  # crosses the cut: unknown on this side
                spans.append([max(a, s) - s, min(b, e) - s, MISSING])
        if text[s:e].strip():
            out.append({"id": f"{row['id']}#{i}", "text": text[s:e], "spans": spans})
    return out


# --------------------------------------------------------------------------------------------
# lexicon of titles (to mark missing in corpora without a title label)


def load_title_lexicon(data_dir: Path) -> set[str]:
    words = set(OFFICIAL_POSTS)
    for rel in TITLE_LEXICONS:
        path = data_dir.parent / rel if not (data_dir / rel).exists() else data_dir / rel
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            term = line.split("\t")[0].strip()
            if len(term) >= 2:
                words.add(term)
    return words


def lexicon_matches(text: str, lexicon: set[str], max_len: int = 12) -> list[tuple[int, int]]:
    """Every (start, end) where a lexicon term occurs (overlaps kept)."""
    out = []
    n = len(text)
    for i in range(n):
        for j in range(i + 2, min(n, i + max_len) + 1):
            if text[i:j] in lexicon:
                out.append((i, j))
    return out


# --------------------------------------------------------------------------------------------
# building Docs


def blank_nlp() -> Language:
    """The tokenizer the model uses: spaCy's Chinese tokenizer with one token per character."""
    return spacy.blank("zh")  # segmenter "char" is the default


def make_doc(nlp: Language, row: dict, *, has_title: bool, lexicon: set[str] | None) -> Doc:
    """A reference Doc with our labels set; unknown regions are missing (ent_iob 0)."""
    text = row["text"]
    doc = nlp.make_doc(text)
    n = len(doc)
    ents: list[Span] = []
    missing_tok = [False] * n
    taken = [False] * n
    for start, end, raw in sorted(row["spans"], key=lambda s: (s[0], -s[1])):
        label = LABEL_MAP.get(raw, MISSING)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if label == OUTSIDE:
            continue
        if label == MISSING:
            for t in range(span.start, span.end):
                missing_tok[t] = True
            continue
        if any(taken[span.start:span.end]):  # overlapping gold: keep the first, mark rest missing
            for t in range(span.start, span.end):
                missing_tok[t] = True
            continue
        for t in range(span.start, span.end):
            taken[t] = True
        ents.append(Span(doc, span.start, span.end, label=label))
    if not has_title and lexicon:
        for s, e in lexicon_matches(text, lexicon):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                for t in range(span.start, span.end):
                    missing_tok[t] = True
    # a gold entity wins over "missing"; a missing token inside no entity stays missing
    missing_spans = []
    t = 0
    while t < n:
        if missing_tok[t] and not taken[t]:
            u = t
            while u < n and missing_tok[u] and not taken[u]:
                u += 1
            missing_spans.append(Span(doc, t, u))
            t = u
        else:
            t += 1
    doc.set_ents(ents, missing=missing_spans, default="outside")
    return doc


@dataclass
class Converted:
    train_docs: int = 0
    dev_docs: int = 0
    splits: dict[str, dict[str, int]] = field(default_factory=dict)
    dev_files: dict[str, str] = field(default_factory=dict)


def convert(data_dir: Path, work_dir: Path = DEFAULT_WORK_DIR, *,
            corpora: Iterable[CorpusSpec] = CORPORA, dev_corpora: Iterable[str] = ("msra", "cluener2020"),
            dev_limit: int | None = None) -> Converted:
    """Map every corpus to one scheme and write ``train.spacy``, ``dev.spacy`` (the dev split of
    ``dev_corpora``, used by ``spacy train`` to pick the best model) and ``dev_<corpus>.spans.jsonl``
    (each corpus' raw dev split, for :func:`evaluate`) into ``work_dir``."""
    data_dir = Path(data_dir)
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    nlp = blank_nlp()
    lexicon = load_title_lexicon(data_dir)
    train_bin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dev_bin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    result = Converted()
    corpora = tuple(corpora)
    dev_corpora = set(dev_corpora) & {c.name for c in corpora} or {c.name for c in corpora}
    for spec in corpora:
        train_rows, dev_rows = split_corpus(data_dir, spec)
        result.splits[spec.name] = {"train": len(train_rows), "dev": len(dev_rows)}
        dev_path = work_dir / f"dev_{spec.name}.spans.jsonl"
        with open(dev_path, "w", encoding="utf-8") as f:
            for r in dev_rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        result.dev_files[spec.name] = str(dev_path)
        for _ in range(spec.weight):
            for row in train_rows:
                for sub in sentence_rows(row):
                    train_bin.add(make_doc(nlp, sub, has_title=spec.has_title, lexicon=lexicon))
                    result.train_docs += 1
        if spec.name in dev_corpora:
            rows = dev_rows[:dev_limit] if dev_limit else dev_rows
            for row in rows:
                for sub in sentence_rows(row):
                    dev_bin.add(make_doc(nlp, sub, has_title=spec.has_title, lexicon=lexicon))
                    result.dev_docs += 1
    train_bin.to_disk(work_dir / "train.spacy")
    dev_bin.to_disk(work_dir / "dev.spacy")
    (work_dir / "splits.json").write_text(json.dumps(result.__dict__, indent=1, ensure_ascii=False))
    return result


# --------------------------------------------------------------------------------------------
# training


MODEL_KEEP = ("meta.json", "config.cfg", "tokenizer", "vocab", "tok2vec", "ner")


def train(data_dir: Path, output_dir: Path, *, max_steps: int = 20000, eval_frequency: int = 1000,
          work_dir: Path = DEFAULT_WORK_DIR, config_path: Path = CONFIG_PATH,
          overrides: dict | None = None, skip_convert: bool = False, evaluate_dev: bool = True,
          corpora: Iterable[CorpusSpec] = CORPORA, command: str | None = None,
          raw_path: Path | None = None, resume_from: Path | None = None) -> dict:
    """Retrain the NER model from the gold corpora in ``data_dir`` and write it to ``output_dir``.

    If the config uses static vectors, character vectors are built first
    (:func:`build_char_vectors`, from the train splits plus the raw news in ``raw_path``, default
    ``<data_dir>/../../raw/xwlb_items.jsonl`` when it exists).

    ``resume_from``: continue training from an earlier trained pipeline (both components are
    sourced from it, batches start at full size) instead of starting from random weights.

    Returns the meta dict written into ``output_dir/meta.json``.
    """
    from spacy.cli.train import train as spacy_train

    data_dir, output_dir, work_dir = Path(data_dir), Path(output_dir), Path(work_dir)
    corpora = tuple(corpora)
    if skip_convert and (work_dir / "splits.json").exists():
        splits = json.loads((work_dir / "splits.json").read_text())
    else:
        splits = convert(data_dir, work_dir, corpora=corpora).__dict__
    run_dir = work_dir / "run"
    over = {
        "paths.train": str(work_dir / "train.spacy"),
        "paths.dev": str(work_dir / "dev.spacy"),
        "training.max_steps": max_steps,
        "training.eval_frequency": eval_frequency,
    }
    if resume_from is not None:  # a copy of the config whose components are sourced
        from thinc.api import Config

        cfg = Config().from_disk(config_path, interpolate=False)
        for comp in ("tok2vec", "ner"):
            cfg["components"][comp] = {"source": str(resume_from)}
        config_path = work_dir / "config_resume.cfg"
        cfg.to_disk(config_path)
        over["training.batcher.size.start"] = 2000
        source_meta = json.loads((Path(resume_from) / "meta.json").read_text(encoding="utf-8"))
        if source_meta.get("vectors", {}).get("width"):  # sourced components need their vectors table
            over["paths.vectors"] = str(resume_from)
    over.update(overrides or {})
    if _wants_static_vectors(Path(config_path), over) and "paths.vectors" not in over:
        vec_dir = work_dir / "char_vectors"
        if not (skip_convert and vec_dir.exists()):
            build_char_vectors(data_dir, vec_dir, corpora=corpora, raw_path=raw_path)
        over["paths.vectors"] = str(vec_dir)
    spacy_train(Path(config_path), run_dir, use_gpu=-1, overrides=over)
    best = run_dir / "model-best"
    if not best.exists():
        best = run_dir / "model-last"
    return package(best, output_dir, corpora=corpora, splits=splits, overrides=over,
                   evaluate_dev=evaluate_dev, command=command)


def _wants_static_vectors(config_path: Path, overrides: dict) -> bool:
    key = "components.tok2vec.model.embed.include_static_vectors"
    if key in overrides:
        return bool(overrides[key])
    from thinc.api import Config

    cfg = Config().from_disk(config_path, interpolate=False)
    embed = cfg["components"]["tok2vec"].get("model", {}).get("embed", {})  # sourced: no model block
    return bool(embed.get("include_static_vectors"))


def build_char_vectors(data_dir: Path, out_dir: Path, *, corpora: Iterable[CorpusSpec] = CORPORA,
                       raw_path: Path | None = None, dims: int = 96, max_chars: int = 7000,
                       min_count: int = 3, window: int = 3) -> Path:
    """Character vectors by PPMI + truncated SVD over co-occurrence (window ``window``, weight 1/d)
    in the train splits (never the dev splits) plus raw news text; saved as a spaCy pipeline
    with vectors at ``out_dir`` (the ``paths.vectors`` of the config). Deterministic."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    data_dir, out_dir = Path(data_dir), Path(out_dir)
    texts: list[str] = []
    for spec in corpora:
        train_rows, _ = split_corpus(data_dir, spec)
        texts.extend(r["text"] for r in train_rows)
    if raw_path is None:
        raw_path = data_dir.resolve().parent.parent / "raw" / "xwlb_items.jsonl"
    if raw_path and Path(raw_path).exists():
        texts.extend(r["text"] for r in read_spans(Path(raw_path)))
    big = "\n".join(texts)
    counts = Counter(big)
    vocab = [c for c, n in counts.most_common(max_chars) if n >= min_count and not c.isspace()]
    if len(vocab) < 4 * dims:  # a tiny corpus (tests): keep every character
        vocab = [c for c, n in counts.most_common(max_chars) if not c.isspace()]
    n_vocab = len(vocab)
    index = {c: i for i, c in enumerate(vocab)}
    ids = np.fromiter((index.get(c, -1) for c in big), dtype=np.int64, count=len(big))
    cooc = np.zeros(n_vocab * n_vocab, dtype=np.float64)
    for d in range(1, window + 1):
        a, b = ids[:-d], ids[d:]
        ok = (a >= 0) & (b >= 0)
        a, b = a[ok], b[ok]
        cooc += np.bincount(a * n_vocab + b, minlength=n_vocab * n_vocab) / d
        cooc += np.bincount(b * n_vocab + a, minlength=n_vocab * n_vocab) / d
    m = cooc.reshape(n_vocab, n_vocab)
    total = m.sum()
    p_word = m.sum(1) / total
    p_ctx = m.sum(0) ** 0.75
    p_ctx /= p_ctx.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m / total) - np.log(p_word[:, None]) - np.log(p_ctx[None, :])
    ppmi = np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0.0).astype(np.float32)
    if n_vocab > 2 * dims:
        u, sv, _ = svds(csr_matrix(ppmi), k=dims, random_state=0)
    else:
        u, sv, _ = np.linalg.svd(ppmi)
        u, sv = u[:, :dims], sv[:dims]
    vec = (u * np.sqrt(sv)[None, :]).astype(np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-8
    nlp = blank_nlp()
    from spacy.vectors import Vectors

    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=vec, keys=[nlp.vocab.strings.add(c) for c in vocab])
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    return out_dir


def _model_version(model_dir: Path) -> str | None:
    try:
        return json.loads((Path(model_dir) / "meta.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def next_model_version(previous: str | None) -> str:
    """1.0.0 for a first model (or one replacing spaCy's placeholder 0.0.0); else the minor bumped:
    1.0.0 -> 1.1.0, 1.9.2 -> 1.10.0."""
    parts = (previous or "").split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or parts[0] == "0":
        return "1.0.0"
    return f"{parts[0]}.{int(parts[1]) + 1}.0"


def package(best: Path, output_dir: Path, *, corpora: Iterable[CorpusSpec] = CORPORA, splits: dict,
            overrides: dict,
            evaluate_dev: bool = True, command: str | None = None) -> dict:
    """Copy what ``spacy.load`` needs from a trained run into ``output_dir`` and write its meta.

    The model's version is the one it replaces in ``output_dir``, bumped (:func:`next_model_version`):
    records name it (``extraction.model.version``), so every retrained model has a new one.
    """
    output_dir = Path(output_dir)
    version = next_model_version(_model_version(output_dir))
    if output_dir.exists():
        shutil.rmtree(output_dir)
    output_dir.mkdir(parents=True)
    for name in MODEL_KEEP:
        src = best / name
        if src.is_dir():
            shutil.copytree(src, output_dir / name)
        elif src.exists():
            shutil.copy2(src, output_dir / name)
    meta = json.loads((output_dir / "meta.json").read_text(encoding="utf-8"))
    meta.update({
        "name": "pressfacts_ner",
        "version": version,
        "description": "pressfacts Chinese NER (PER, LOC, ORG, TITLE): char tokens with bigram, dictionary-word (jieba lexicon) and static char-vector features, dilated CNN + transition NER",
        "sources": [f"{s.name}: {s.train}" + (f" (+dev {s.dev})" if s.dev else "") for s in corpora],
        "sources_note": "gold corpora from /work/shared/data/ner (see its README for origin and licence)",
        "label_map": {k: v for k, v in LABEL_MAP.items()},
        "label_map_note": "'-' = missing annotation (not trained as O); 'O' = not an entity. Corpora "
                          "without a title label have title-lexicon matches marked missing.",
        "splits": splits.get("splits", splits),
        "dev_split": f"{DEV_PERCENT}% by sha1(id) (resume, weibo: their own dev files)",
        "training_command": command or "extract train-ner --data ../shared/data/ner --output pipeline/models/ner",
        "training_overrides": {k: str(v) for k, v in overrides.items()},
    })
    if evaluate_dev:
        dev_scores = {}
        for name, path in splits.get("dev_files", {}).items():
            if Path(path).exists():
                dev_scores[name] = evaluate(output_dir, Path(path))
        meta["dev_scores"] = dev_scores
    (output_dir / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return meta


# --------------------------------------------------------------------------------------------
# evaluation


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate(model_path: Path, spans_path: Path, *, batch_size: int = 64,
             labels: Iterable[str] | None = None) -> dict:
    """Exact-span P/R/F1 per label and micro of the model at ``model_path`` on a gold file.

    Gold labels are mapped with :data:`LABEL_MAP` (our own labels pass through). Only labels the
    file annotates are scored (``labels`` overrides); a prediction that overlaps a gold span of a
    label we do not map is ignored, as is one of a label the file does not annotate.
    Returns ``{"PER": {"p","r","f","tp","fp","fn"}, ..., "micro": {...}, "docs": n, "chars": n}``.
    """
    nlp = spacy.load(model_path)
    rows = list(read_spans(Path(spans_path)))
    gold_sets: list[set] = []
    missing: list[list[tuple[int, int]]] = []
    present: set[str] = set()
    for r in rows:
        g, m = set(), []
        for s, e, raw in r["spans"]:
            lab = LABEL_MAP.get(raw, raw if raw in LABELS else MISSING)
            if lab in LABELS:
                g.add((s, e, lab))
                present.add(lab)
            elif lab == MISSING:
                m.append((s, e))
        gold_sets.append(g)
        missing.append(m)
    scored = set(labels) if labels is not None else present
    counts = {lab: Counter() for lab in LABELS}
    texts = [r["text"] for r in rows]
    for i, doc in enumerate(_pipe_chunked(nlp, texts, batch_size)):
        pred = set()
        for s, e, lab in doc:
            if lab not in scored:
                continue
            if any(s < me and e > ms for ms, me in missing[i]):
                continue
            pred.add((s, e, lab))
        gold = {x for x in gold_sets[i] if x[2] in scored}
        for x in pred & gold:
            counts[x[2]]["tp"] += 1
        for x in pred - gold:
            counts[x[2]]["fp"] += 1
        for x in gold - pred:
            counts[x[2]]["fn"] += 1
    out: dict = {}
    total = Counter()
    for lab in LABELS:
        if lab in scored:
            c = counts[lab]
            out[lab] = _prf(c["tp"], c["fp"], c["fn"])
            total.update(c)
    out["micro"] = _prf(total["tp"], total["fp"], total["fn"])
    out["docs"] = len(rows)
    out["chars"] = sum(len(t) for t in texts)
    return out


def _pipe_chunked(nlp: Language, texts: list[str], batch_size: int) -> Iterator[list[tuple[int, int, str]]]:
    """Entities (start, end, label) of each text, long texts run in chunks with offsets mapped back."""
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
    for i, t in enumerate(texts):
        for s, e in chunk_spans(t):
            pieces.append((i, s, t[s:e]))
    results: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for (i, off, _), doc in zip(pieces, nlp.pipe((p[2] for p in pieces), batch_size=batch_size)):
        results[i].extend((off + e.start_char, off + e.end_char, e.label_) for e in doc.ents)
    yield from results


# --------------------------------------------------------------------------------------------
# tokenisation measurement


def jieba_boundary_stats(data_dir: Path, corpora: Iterable[CorpusSpec] = CORPORA,
                         limit: int | None = None) -> dict:
    """How often an entity boundary (start or end) falls inside a jieba token, per corpus.

    Uses spaCy's Chinese tokenizer with the jieba segmenter, i.e. what word tokens would be.
    """
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    out = {}
    for spec in corpora:
        rows = list(read_spans(Path(data_dir) / spec.train))[:limit]
        bounds = inside = ents = ents_bad = 0
        for r in rows:
            doc = nlp.make_doc(r["text"])
            starts = {t.idx for t in doc} | {len(r["text"])}
            ends = {t.idx + len(t.text) for t in doc} | starts
            for s, e, raw in r["spans"]:
                if LABEL_MAP.get(raw, MISSING) not in LABELS:
                    continue
                ents += 1
                bad = 0
                bounds += 2
                if s not in starts:
                    inside += 1
                    bad = 1
                if e not in ends:
                    inside += 1
                    bad = 1
                ents_bad += bad
        out[spec.name] = {"boundaries": bounds, "inside_jieba_token": inside,
                          "pct_boundaries": round(100 * inside / max(bounds, 1), 2),
                          "entities": ents, "pct_entities_misaligned": round(100 * ents_bad / max(ents, 1), 2)}
    return out


if __name__ == "__main__":  # pragma: no cover - convenience for `python -m pipeline.training.ner`
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("train")
    a.add_argument("--data", type=Path, required=True)
    a.add_argument("--output", type=Path, default=Path("pipeline/models/ner"))
    a.add_argument("--max-steps", type=int, default=20000)
    a.add_argument("--eval-frequency", type=int, default=1000)
    a.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    a.add_argument("--skip-convert", action="store_true")
    a.add_argument("--resume-from", type=Path, default=None, help="continue from this trained model")
    a.add_argument("--learn-rate", type=float, default=None)
    a.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="config override, e.g. components.tok2vec.model.encode.depth=4 (repeatable)")
    b = sub.add_parser("eval")
    b.add_argument("spans", type=Path)
    b.add_argument("--model", type=Path, default=Path("pipeline/models/ner"))
    c = sub.add_parser("convert")
    c.add_argument("--data", type=Path, required=True)
    c.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    d = sub.add_parser("jieba-stats")
    d.add_argument("--data", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "train":
        overrides = {"training.optimizer.learn_rate": args.learn_rate} if args.learn_rate else {}
        for item in args.set:
            key, _, value = item.partition("=")
            try:  # numbers, lists, true/false as JSON; anything else is a string
                overrides[key] = json.loads(value)
            except json.JSONDecodeError:
                overrides[key] = value
        meta = train(args.data, args.output, max_steps=args.max_steps, eval_frequency=args.eval_frequency,
                     work_dir=args.work_dir, skip_convert=args.skip_convert, resume_from=args.resume_from,
                     overrides=overrides or None,
                     command="python -m pipeline.training.ner " + " ".join(sys.argv[1:]))
        print(json.dumps(meta.get("dev_scores", {}), indent=1))
    elif args.cmd == "eval":
        print(json.dumps(evaluate(args.model, args.spans), indent=1))
    elif args.cmd == "convert":
        print(json.dumps(convert(args.data, args.work_dir).__dict__, indent=1, ensure_ascii=False))
    else:
        print(json.dumps(jieba_boundary_stats(args.data), indent=1))
