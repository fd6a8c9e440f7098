"""The fast single-inquiry path computes exactly what sklearn computes in batch."""
import numpy as np
import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from router.features import _char_grams, _char_wb_grams, _word_grams, analyze
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


def test_one_inquiry_path_gives_the_batch_scores_on_the_whole_test_split(router):
    analyses = [analyze(e.text) for e in load_split("test")]
    featurizer, classifier = router.bundle.featurizer, router.bundle.classifier
    X = featurizer.transform(analyses)
    batch = classifier.predict_proba(X)
    for i, a in enumerate(analyses):
        row = featurizer.row_one(a)
        assert np.array_equal(row.indices, X[i].indices)
        np.testing.assert_allclose(row.data, X[i].data, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(classifier.proba_row(row.indices, row.data), batch[i], atol=1e-5)


def test_an_inquiry_with_no_known_ngram_is_scored_from_its_language_marker_alone(router):
    featurizer = router.bundle.featurizer
    a = analyze("𓀀𓀁𓀂 𓀃")
    row = featurizer.row_one(a)
    assert [str(featurizer.word_names_[j]) for j in row.indices] == [f"__lang_{a.lang}__"]
    empty = router.bundle.classifier.proba_row(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
    assert empty.shape == (len(router.bundle.labels),) and np.all((empty > 0) & (empty < 1))
