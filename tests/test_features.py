"""The fast single-inquiry path computes exactly what sklearn computes in batch."""
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from router.analysis import analyze
from router.grams import GramIndex, Vocabulary
from training.corpus import load_split

_TEXT = st.text(alphabet=st.sampled_from(list("ab cdあい う\n\tの漢字𓀀")), max_size=40)
_ANALYZERS = {"char": dict(analyzer="char", ngram_range=(2, 4)), "reading": dict(analyzer="char_wb", ngram_range=(2, 4)),
              "word": dict(token_pattern=r"\S+", ngram_range=(1, 2))}


@given(st.lists(_TEXT, min_size=1, max_size=3), _TEXT, st.sampled_from(sorted(_ANALYZERS)))
@hsettings(max_examples=400, deadline=None)
def test_integer_keyed_ngrams_are_sklearns_ngrams(docs, other, kind):
    """Every n-gram scikit-learn cuts, counted per document, and nothing across documents; a
    vocabulary missing some n-grams (every third dropped) and units it never saw included."""
    analyzer = TfidfVectorizer(lowercase=False, **_ANALYZERS[kind]).build_analyzer()
    vocab = sorted({g for d in [*docs, other] for g in analyzer(d)})[::3] + ["zz", "zz zz"][:1 + (kind == "word")]
    index = GramIndex(kind, vocab, _ANALYZERS[kind]["ngram_range"])
    import re
    served = [re.sub(r"\s\s+", " ", d) if kind == "char" else d.split() if kind == "word" else d for d in docs]
    # The index as computed from the terms, and as a model file restores it from its state.
    for served_index in (index, GramIndex.restore(kind, (index.lo, index.hi), *index.state())):
        owner, cols, counts = Vocabulary([served_index]).counts([served])
        for i, d in enumerate(docs):
            mine = owner == i
            got = Counter({vocab[c]: int(k) for c, k in zip(cols[mine], counts[mine])})
            assert got == Counter(g for g in analyzer(d) if g in set(vocab))


@pytest.fixture(scope="module")
def bundle(router, settings):
    from training.registry import Registry

    return Registry(settings.data_dir).load_bundle(router.version)[1]


def test_served_rows_and_scores_are_sklearns_on_the_whole_test_split(router, bundle):
    analyses = [analyze(e.text) for e in load_split("test")]
    X = bundle.featurizer.transform(analyses)
    batch = bundle.classifier.predict_proba(X)
    model = router.model
    for i, a in enumerate(analyses):
        row = model.row(a)
        assert np.array_equal(row.indices, X[i].indices)
        np.testing.assert_allclose(row.data, X[i].data, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(model.proba(row), batch[i], atol=1e-5)


def test_a_model_file_without_the_index_state_loads_and_cuts_the_same_rows(router, tmp_path):
    """Model files written before the index state was saved compute the index at load."""
    from router.compiled import CompiledModel
    from router.model import sha256_of

    path = tmp_path / "model.npz"
    router.model.save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if not k.endswith(("_alphabet", "_keys"))}
    assert len(arrays) < len(z.files)  # the state was there, and is gone
    old = tmp_path / "old.npz"
    np.savez(old, **arrays)
    loaded = CompiledModel.load(old, sha256_of(old))
    analyses = [analyze(e.text) for e in load_split("test")[:300]]
    for mine, theirs in zip(loaded.rows(analyses), router.model.rows(analyses)):
        assert np.array_equal(mine.indices, theirs.indices) and np.array_equal(mine.data, theirs.data)


def test_an_inquiry_with_no_known_ngram_is_scored_from_its_language_marker_alone(router):
    model = router.model
    a = analyze("𓀀𓀁𓀂 𓀃")
    row = model.row(a)
    assert [str(model.word_names[j]) for j in row.indices] == [f"__lang_{a.lang}__"]
    empty = model.proba(type(row)(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)))
    assert empty.shape == (len(model.labels),) and np.all((empty > 0) & (empty < 1))


def test_rows_cut_in_one_batch_equal_rows_cut_one_by_one(router):
    """The pipeline cuts a message and its sentences in one batch; nothing leaks between them."""
    from router.analysis import sentence_analyses

    model = router.model
    checked = 0
    for e in load_split("test")[:300]:
        a = analyze(e.text)
        batch = [a, *sentence_analyses(a)]
        for got, one in zip(model.rows(batch), [model.row(x) for x in batch], strict=True):
            assert np.array_equal(got.indices, one.indices)
            np.testing.assert_allclose(got.data, one.data, rtol=1e-6)
        checked += len(batch)
    assert checked > 600
    assert model.rows([]) == []


def test_a_batch_larger_than_one_key_space_is_cut_in_chunks_with_the_same_rows(router):
    from router.grams import Vocabulary

    model = router.model
    analyses = [analyze("母の年金が足りない"), analyze("こんにちは")] * (Vocabulary.MAX_DOCS // 2 + 3)
    rows = model.rows(analyses)
    assert len(rows) == len(analyses) > Vocabulary.MAX_DOCS
    for k in (0, 1, Vocabulary.MAX_DOCS - 1, Vocabulary.MAX_DOCS, len(analyses) - 1):
        one = model.row(analyses[k])
        assert np.array_equal(rows[k].indices, one.indices) and np.allclose(rows[k].data, one.data)


def test_a_view_the_integer_keys_cannot_represent_is_refused_at_load_with_a_reason():
    from router.compiled import CompiledModel
    from router.model import ModelError

    views = [("reading", ["  あいう ", "かきくけ"], np.ones(2), (4, 5))]
    with pytest.raises(ModelError, match="reading view cannot be served"):
        CompiledModel(["a", "_none"], {}, views, "", np.zeros((2, 2)), np.zeros(2), np.ones((2, 2)), None)
