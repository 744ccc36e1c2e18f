"""The NER model's context encoder: spaCy's CNN with dilated windows.

spaCy's ``MaxoutWindowEncoder`` lets each layer read one token on either side, so five layers
see eleven characters. Organisation names in Chinese news are often longer
(中国关心下一代工作委员会, 联合国教科文组织世界遗产委员会), and a transition-based NER decides
the label at the first character: it must see the 委员会 from 中 to know that 中国 is not a place
of its own. Dilated convolutions (Yu & Koltun 2016; for NER, Strubell et al. 2017, "Fast and
Accurate Entity Recognition with Iterated Dilated Convolutions") widen the view at the same
cost: a layer with dilation ``d`` reads the tokens ``d`` away instead of the adjacent ones, so
dilations (1, 2, 4, 8, 1) see 33 characters for the price of 11. The layer sizes are those of
``MaxoutWindowEncoder.v2`` with ``window_size = 1``.

spaCy's encoder flattens a batch into one array with padding rows between the documents, as
many as its reach; a reach of 16 would put 32 rows of padding around a 50-character sentence.
This one works on the ragged batch instead (no padding: a window that would cross a document's
edge reads zeros), which also makes each document's vectors independent of its batch.

``pressfacts.DilatedMaxoutWindowEncoder.v2`` is registered on import and, for a bare
``spacy.load("pipeline/models/ner")``, through the ``spacy_architectures`` entry point in
``pyproject.toml``.
"""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

import numpy
from spacy.util import registry
from thinc.api import Maxout, Model, chain, list2ragged, ragged2list, residual, with_array
from thinc.types import Floats2d, Ragged

ARCHITECTURE = "pressfacts.DilatedMaxoutWindowEncoder.v2"


def dilated_window(dilation: int) -> Model[Ragged, Ragged]:
    """Each row concatenated with the rows ``dilation`` before and after it in its own
    document (zeros past the document's ends): ``expand_window(1)`` per document when
    ``dilation`` is 1."""
    if dilation < 1:
        raise ValueError(f"{ARCHITECTURE}: dilation must be at least 1, not {dilation}")
    return Model("dilated_window", _dilated_window_forward, attrs={"dilation": dilation})


def _document_edges(lengths: numpy.ndarray, d: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Masks of the rows with no row ``d`` before them, and none ``d`` after them, in their
    own document."""
    starts = numpy.cumsum(lengths) - lengths
    position = numpy.arange(int(lengths.sum())) - numpy.repeat(starts, lengths)
    remaining = numpy.repeat(lengths, lengths) - position  # this row and those after it
    return position < d, remaining <= d


def _dilated_window_forward(model: Model, Xr: Ragged, is_train: bool) -> Tuple[Ragged, Callable]:
    d = model.attrs["dilation"]
    X, lengths = Xr.data, Xr.lengths
    n, width = X.shape
    no_before, no_after = _document_edges(model.ops.to_numpy(lengths), d)
    # Uninitialised, then every cell written: zeroing the whole array first cost a third of
    # the window's time.
    cols = model.ops.xp.empty((n, 3, width), dtype=X.dtype)
    cols[:, 1] = X
    if n > d:
        cols[d:, 0] = X[:-d]
        cols[:-d, 2] = X[d:]
    cols[no_before, 0] = 0
    cols[no_after, 2] = 0

    def backprop(dYr: Ragged) -> Ragged:
        dcols = dYr.data.reshape((n, 3, width))
        dX = dcols[:, 1].copy()
        if n > d:
            dX[:-d] += dcols[d:, 0] * ~no_before[d:, None]
            dX[d:] += dcols[:-d, 2] * ~no_after[:-d, None]
        return Ragged(dX, lengths)

    return Ragged(cols.reshape((n, 3 * width)), lengths), backprop


@registry.architectures(ARCHITECTURE)
def dilated_maxout_window_encoder(width: int, dilations: Sequence[int],
                                  maxout_pieces: int) -> Model[List[Floats2d], List[Floats2d]]:
    """``len(dilations)`` residual layers of dilated window -> Maxout (layer-normalised), as
    spaCy's ``MaxoutWindowEncoder.v2``, over the batch as one ragged array."""
    if not dilations:
        raise ValueError(f"{ARCHITECTURE}: dilations must name at least one layer")
    layers = [residual(chain(dilated_window(d),
                             with_array(Maxout(nO=width, nI=width * 3, nP=maxout_pieces,
                                               dropout=0.0, normalize=True))))
              for d in dilations]
    model = chain(list2ragged(), *layers, ragged2list())
    model.set_dim("nO", width)
    return model
