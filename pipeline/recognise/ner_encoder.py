"""The NER model's context encoder: spaCy's CNN with dilated windows.

spaCy's ``MaxoutWindowEncoder`` lets each layer read one token on either side, so five layers
see eleven characters. Organisation names in Chinese news are often longer
(中国关心下一代工作委员会, 联合国教科文组织世界遗产委员会), and a transition-based NER decides
the label at the first character: it must see the 委员会 from 中 to know that 中国 is not a place
of its own. Dilated convolutions
(Yu & Koltun 2016; for NER, Strubell et al. 2017, "Fast and Accurate Entity Recognition with
Iterated Dilated Convolutions") widen the view at the same cost: a layer with dilation ``d``
reads the tokens ``d`` away instead of the adjacent ones, so dilations (1, 2, 4, 8, 1) see
33 characters for the price of 11. The layer sizes are those of ``MaxoutWindowEncoder.v2`` with
``window_size = 1``; only the padding between documents grows with the reach.

``pressfacts.DilatedMaxoutWindowEncoder.v1`` is registered on import and, for a bare
``spacy.load("pipeline/models/ner")``, through the ``spacy_architectures`` entry point in
``pyproject.toml``.
"""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

from spacy.util import registry
from thinc.api import Maxout, Model, chain, residual, with_array
from thinc.types import Floats2d

ARCHITECTURE = "pressfacts.DilatedMaxoutWindowEncoder.v1"


def dilated_window(dilation: int) -> Model[Floats2d, Floats2d]:
    """Each row concatenated with the rows ``dilation`` before and after it (zeros past the
    ends): ``expand_window(1)`` when ``dilation`` is 1."""
    if dilation < 1:
        raise ValueError(f"{ARCHITECTURE}: dilation must be at least 1, not {dilation}")
    return Model("dilated_window", _dilated_window_forward, attrs={"dilation": dilation})


def _dilated_window_forward(model: Model, X: Floats2d, is_train: bool) -> Tuple[Floats2d, Callable]:
    d = model.attrs["dilation"]
    n, width = X.shape
    # Uninitialised, then every cell written once: zeroing the whole array first cost a third
    # of the layer's time.
    cols = model.ops.xp.empty((n, 3, width), dtype=X.dtype)
    cols[:, 1] = X
    edge = min(d, n)
    cols[:edge, 0] = 0
    cols[n - edge:, 2] = 0
    if n > d:
        cols[d:, 0] = X[:-d]
        cols[:-d, 2] = X[d:]

    def backprop(dY: Floats2d) -> Floats2d:
        dcols = dY.reshape((n, 3, width))
        dX = dcols[:, 1].copy()
        if n > d:
            dX[:-d] += dcols[d:, 0]
            dX[d:] += dcols[:-d, 2]
        return dX

    return cols.reshape((n, 3 * width)), backprop


@registry.architectures(ARCHITECTURE)
def dilated_maxout_window_encoder(width: int, dilations: Sequence[int],
                                  maxout_pieces: int) -> Model[List[Floats2d], List[Floats2d]]:
    """``len(dilations)`` residual layers of dilated window -> Maxout (layer-normalised), as
    spaCy's ``MaxoutWindowEncoder.v2``. The docs are flattened into one array with
    ``sum(dilations)`` rows of padding between them, the encoder's reach: no document's vectors
    depend on its neighbours in a batch."""
    if not dilations:
        raise ValueError(f"{ARCHITECTURE}: dilations must name at least one layer")
    layers = [residual(chain(dilated_window(d),
                             Maxout(nO=width, nI=width * 3, nP=maxout_pieces, dropout=0.0, normalize=True)))
              for d in dilations]
    model = chain(*layers) if len(layers) > 1 else layers[0]
    model.set_dim("nO", width)
    return with_array(model, pad=sum(dilations))
