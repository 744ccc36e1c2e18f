"""The dilated CNN encoder of the NER model: its window is a convolution step that stops at each
document's edges, its gradient is right, it sees exactly as far as its dilations say, and a
document's vectors do not depend on the documents batched with it."""

import numpy
import pytest
from thinc.api import expand_window
from thinc.types import Ragged

from pipeline.recognise.ner_encoder import dilated_maxout_window_encoder, dilated_window

rng = numpy.random.default_rng(0)


def _rows(n: int, width: int = 4) -> numpy.ndarray:
    return rng.standard_normal((n, width)).astype("float32")


def _window(dilation: int, docs: list[numpy.ndarray]):
    lengths = numpy.array([len(doc) for doc in docs], dtype="int32")
    Y, backprop = dilated_window(dilation)(Ragged(numpy.concatenate(docs), lengths), is_train=True)
    return Y.data, lambda dY: backprop(Ragged(dY, lengths)).data


def test_dilation_one_is_thincs_expand_window_on_each_document():
    docs = [_rows(7), _rows(1), _rows(4)]
    Y, backprop = _window(1, docs)
    dY = _rows(12, 12)
    dX, row = backprop(dY), 0
    for doc in docs:
        Y_thinc, backprop_thinc = expand_window(1)(doc, is_train=True)
        rows = slice(row, row + len(doc))
        numpy.testing.assert_allclose(Y[rows], Y_thinc)
        numpy.testing.assert_allclose(dX[rows], backprop_thinc(dY[rows]), rtol=1e-5, atol=1e-6)
        row += len(doc)


@pytest.mark.parametrize("lengths, dilation", [([9], 2), ([9], 3), ([5], 4), ([3], 8), ([1], 2),
                                               ([4, 5], 2), ([2, 9, 1], 3), ([6, 6], 8)])
def test_dilated_window_rows_stay_in_their_document(lengths, dilation):
    docs = [_rows(n) for n in lengths]
    Y, backprop = _window(dilation, docs)
    cols = Y.reshape((-1, 3, 4))
    row = 0
    for doc in docs:
        for i in range(len(doc)):
            before = doc[i - dilation] if i - dilation >= 0 else numpy.zeros(4)
            after = doc[i + dilation] if i + dilation < len(doc) else numpy.zeros(4)
            numpy.testing.assert_allclose(cols[row + i], numpy.stack([before, doc[i], after]))
        row += len(doc)
    # The window is linear, so its backprop must be its adjoint: <f(X), W> == <X, f'(W)>.
    X, W = numpy.concatenate(docs), _rows(sum(lengths), 12)
    assert numpy.isclose((Y * W).sum(), (X * backprop(W)).sum(), rtol=1e-5)


def test_dilation_must_be_positive():
    with pytest.raises(ValueError, match="dilation"):
        dilated_window(0)
    with pytest.raises(ValueError, match="dilations"):
        dilated_maxout_window_encoder(width=8, dilations=[], maxout_pieces=2)


def _encoder(dilations):
    model = dilated_maxout_window_encoder(width=8, dilations=dilations, maxout_pieces=2)
    model.initialize(X=[_rows(30, 8)])
    return model


@pytest.mark.parametrize("dilations", [[1, 2, 4, 2, 1], [1, 3], [2]])
def test_encoder_sees_exactly_the_sum_of_its_dilations(dilations):
    model = _encoder(dilations)
    reach = sum(dilations)
    X = _rows(40, 8)
    centre = 20
    base = model.predict([X])[0]
    for distance in (reach, reach + 1):
        changed = X.copy()
        changed[centre + distance] += 10.0
        moved = not numpy.allclose(model.predict([changed])[0][centre], base[centre])
        assert moved == (distance <= reach), (dilations, distance)


def test_a_documents_vectors_do_not_depend_on_its_batch():
    model = _encoder([1, 2, 4, 2, 1])
    doc, neighbour = _rows(12, 8), _rows(5, 8)
    alone = model.predict([doc])[0]
    for batch, position in (([neighbour, doc], 1), ([doc, neighbour], 0), ([neighbour, doc, neighbour], 1)):
        numpy.testing.assert_allclose(model.predict(batch)[position], alone, rtol=1e-5, atol=1e-6)
