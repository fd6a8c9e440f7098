"""The fast single-inquiry path computes exactly what sklearn computes in batch."""
import numpy as np
import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from router.analysis import _char_grams, _char_wb_grams, _word_grams, analyze
from training.corpus import load_split

_TEXT = st.text(alphabet=st.sampled_from(list("ab cdあい う\n\tの漢字")), max_size=40)


@given(_TEXT)
@hsettings(max_examples=300, deadline=None)
def test_our_ngrams_are_sklearns_ngrams(text):
    char = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), lowercase=False).build_analyzer()
    char_wb = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=False).build_analyzer()
    words = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), lowercase=False).build_analyzer()
    assert _char_wb_grams(text, (2, 4)) == char_wb(text)
    assert _word_grams(text.split(), (1, 2)) == words(text)
    # sklearn squeezes runs of white space before cutting characters; so does the caller.
    import re
    assert _char_grams(re.sub(r"\s\s+", " ", text), (2, 4)) == char(text)


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


def test_an_inquiry_with_no_known_ngram_is_scored_from_its_language_marker_alone(router):
    model = router.model
    a = analyze("𓀀𓀁𓀂 𓀃")
    row = model.row(a)
    assert [str(model.word_names[j]) for j in row.indices] == [f"__lang_{a.lang}__"]
    empty = model.proba(type(row)(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)))
    assert empty.shape == (len(model.labels),) and np.all((empty > 0) & (empty < 1))


def test_scores_of_many_sentences_at_once_equal_scoring_each_row(router):
    from router.analysis import sentence_analyses

    model = router.model
    coef, intercept = model.urgency["coef"], model.urgency["intercept"]
    checked = 0
    for e in load_split("test")[:300]:
        sentences = sentence_analyses(analyze(e.text))
        if not sentences:
            continue
        one_by_one = []
        for s in sentences:
            row = model.row(s)
            one_by_one.append(1.0 / (1.0 + np.exp(-(float(row.data @ coef[row.indices]) + intercept))))
        np.testing.assert_allclose(model.linear_scores(sentences, coef, intercept), one_by_one, atol=1e-6)
        checked += len(sentences)
    assert checked > 300
