"""Stage after write: review pages. Records JSONL (+ its errors file) -> static HTML that shows every
fact beside its evidence in the text as read (``extract review``).

``facts.py`` turns a record into highlightable spans and cuts the text at their boundaries;
``render.py`` finds the source texts, checks they are the ones extracted from (doc_id) and
renders the Jinja2 templates in ``templates/`` with ``static/`` copied beside the pages.
"""

from pipeline.review.render import ReviewSummary, build_review

__all__ = ["ReviewSummary", "build_review"]
