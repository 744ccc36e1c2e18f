"""Imported once by the server that ``--workers N`` forks its workers from (``batch.PoolExecutor``).

It builds and warms one pipeline with the default options, so every worker starts with jieba's
dictionaries, the POS tagger's table, the resource tables and the NER model already in memory
(shared copy-on-write) instead of loading them itself: a worker's start-up goes from most of a
second of CPU to almost nothing, which is what two workers lose to one (``bench/bench_batch.py``).
Each worker still builds its own Pipeline for the run's options; what the options do not change
(the cached dictionaries, tables and the loaded model) it finds here.
"""

from __future__ import annotations

from pipeline.batch import build_pipeline
from pipeline.options import Options

try:
    WARM_PIPELINE = build_pipeline(Options())
except Exception:  # noqa: BLE001  a worker that cannot build its pipeline says why (batch._init_pool_worker)
    WARM_PIPELINE = None
