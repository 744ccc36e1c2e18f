"""The dilated CNN encoder of the NER model: its window is a convolution step, its gradient is
right, it sees exactly as far as its dilations say, and a document's vectors do not depend on
the documents batched with it."""

import subprocess
import sys

import numpy
import pytest
from thinc.api import expand_window

from pipeline.recognise.model import MODEL_DIR
from pipeline.recognise.ner_encoder import ARCHITECTURE, dilated_maxout_window_encoder, dilated_window

rng = numpy.random.default_rng(0)


def _rows(n: int, width: int = 4) -> numpy.ndarray:
    return rng.standard_normal((n, width)).astype("float32")


def test_dilation_one_is_thincs_expand_window():
    X = _rows(7)
    Y, backprop = dilated_window(1)(X, is_train=True)
    Y_thinc, backprop_thinc = expand_window(1)(X, is_train=True)
    numpy.testing.assert_allclose(Y, Y_thinc)
    dY = _rows(7, 12)
    numpy.testing.assert_allclose(backprop(dY), backprop_thinc(dY), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("n, dilation", [(9, 2), (9, 3), (5, 4), (3, 8), (1, 2)])
def test_dilated_window_rows_and_gradient(n, dilation):
    X = _rows(n)
    Y, backprop = dilated_window(dilation)(X, is_train=True)
    cols = Y.reshape((n, 3, 4))
    for i in range(n):
        before = X[i - dilation] if i - dilation >= 0 else numpy.zeros(4)
        after = X[i + dilation] if i + dilation < n else numpy.zeros(4)
        numpy.testing.assert_allclose(cols[i], numpy.stack([before, X[i], after]))
    # The window is linear, so its backprop must be its adjoint: <f(X), W> == <X, f'(W)>.
    W = _rows(n, 12)
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


def test_shipped_model_uses_the_dilated_encoder_and_loads_in_a_bare_interpreter():
    """`spacy.load` alone (no pipeline import) finds the encoder through the package's entry point."""
    assert ARCHITECTURE in (MODEL_DIR / "config.cfg").read_text(encoding="utf-8")
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "assert 'pipeline.recognise.ner_encoder' in sys.modules; "
            "print([(e.text, e.label_) for e in nlp('联合国教科文组织世界遗产委员会宣布。').ents])")
    out = subprocess.run([sys.executable, "-c", code, str(MODEL_DIR)], cwd="/", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    # Fifteen characters read as one organisation: the five-layer CNN before, which saw eleven,
    # stopped at 联合国教科文组织.
    assert "('联合国教科文组织世界遗产委员会', 'ORG')" in out.stdout
