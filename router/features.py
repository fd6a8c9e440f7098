"""The trainable featurizer: TF-IDF over three views of an inquiry (scikit-learn).

Words are Sudachi normalized forms of content words (plus a language marker such as
``__lang_vi__``, so that the model learns "written in Vietnamese" as a feature of its own);
characters catch what the dictionary does not know: dialect, typos, kana-only spelling and
languages Sudachi was not made for; the hiragana reading makes 認知症 and にんちしょう alike.
Serving does not use this class: it uses the compiled model (compiled.py), which computes the
same rows with numpy alone.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from .analysis import Analysis, _Glossary, analyze, glossary_table, word_doc  # noqa: F401


class Featurizer(TransformerMixin, BaseEstimator):
    """TF-IDF over word uni/bigrams and, optionally, character n-grams; X is a list of Analysis."""

    def __init__(self, word_ngrams=(1, 2), char_ngrams=(2, 4), use_words=True, use_chars=True,
                 min_df=2, max_char_features=60000, use_reading=True, reading_ngrams=(2, 4), use_glossary=True):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.use_words = use_words
        self.use_chars = use_chars
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.use_reading = use_reading
        self.reading_ngrams = reading_ngrams
        self.use_glossary = use_glossary

    def fit(self, X, y=None):
        self._fit(list(X))
        return self

    def fit_transform(self, X, y=None):
        """Fit and return the training matrix in one pass over the documents."""
        parts = self._fit(list(X))
        return sp.hstack(parts, format="csr") if len(parts) > 1 else parts[0].tocsr()

    def _fit(self, docs):
        if not (self.use_words or self.use_chars):
            raise ValueError("Featurizer needs words, characters or both")
        self.__dict__.pop("_glossary", None)  # a cached lookup of the previous fit's glossary
        # The glossary is copied into the model, so a model reads text the way it was trained
        # even after the city edits glossary.tsv.
        self.glossary_ = glossary_table() if self.use_glossary else ""
        # token_pattern on pre-joined words keeps the vectorizer free of Python callables, so
        # skops can save it without trusting any of our functions.
        self.word_vectorizer_ = None
        self.char_vectorizer_ = None
        parts = []
        if self.use_words:
            self.word_vectorizer_ = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=tuple(self.word_ngrams),
                                                    min_df=1, sublinear_tf=True, dtype=np.float32)
            parts.append(self.word_vectorizer_.fit_transform([self._word_doc(a) for a in docs]))
        if self.use_chars:
            self.char_vectorizer_ = TfidfVectorizer(analyzer="char", lowercase=False, ngram_range=tuple(self.char_ngrams),
                                                    min_df=self.min_df, max_features=self.max_char_features,
                                                    sublinear_tf=True, dtype=np.float32)
            parts.append(self.char_vectorizer_.fit_transform([a.text for a in docs]))
        for v in (self.word_vectorizer_, self.char_vectorizer_):
            # stop_words_ keeps every pruned n-gram: tens of MB nobody needs at prediction time.
            if v is not None and hasattr(v, "stop_words_"):
                del v.stop_words_
        self.reading_vectorizer_ = None
        if self.use_reading:
            self.reading_vectorizer_ = TfidfVectorizer(analyzer="char_wb", lowercase=False, ngram_range=tuple(self.reading_ngrams),
                                                       min_df=self.min_df, max_features=self.max_char_features,
                                                       sublinear_tf=True, dtype=np.float32)
            parts.append(self.reading_vectorizer_.fit_transform([a.reading for a in docs]))
            if hasattr(self.reading_vectorizer_, "stop_words_"):
                del self.reading_vectorizer_.stop_words_
        n_words = len(self.word_vectorizer_.vocabulary_) if self.word_vectorizer_ else 0
        self.n_word_features_ = n_words
        self.word_names_ = self.word_vectorizer_.get_feature_names_out() if self.word_vectorizer_ else np.array([], dtype=object)
        return parts

    def _glossary_lookup(self) -> _Glossary | None:
        if not getattr(self, "glossary_", ""):
            return None
        g = self.__dict__.get("_glossary")
        if g is None:
            g = self.__dict__["_glossary"] = _Glossary(self.glossary_)
        return g

    def _word_doc(self, a: Analysis) -> str:
        return word_doc(a, self._glossary_lookup())

    # A fitted vectorizer's vocabulary is a dict of ~100k strings, which skops writes node by
    # node (tens of seconds, tens of MB). We save each vocabulary as one NUL-joined string plus
    # the idf array, and rebuild the vectorizers on load: same transform, 1/10 the file.
    _VEC_PARAMS = {"word": dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float32),
                   "char": dict(analyzer="char", lowercase=False, sublinear_tf=True, dtype=np.float32),
                   "reading": dict(analyzer="char_wb", lowercase=False, sublinear_tf=True, dtype=np.float32)}

    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if k not in ("word_vectorizer_", "char_vectorizer_", "reading_vectorizer_", "word_names_", "_char_names", "_glossary")}
        for kind in ("word", "char", "reading"):
            vec = self.__dict__.get(f"{kind}_vectorizer_")
            if vec is not None:
                terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
                state[f"{kind}_terms_"] = "\x00".join(terms)
                state[f"{kind}_idf_"] = vec.idf_.astype(np.float64)
                state[f"{kind}_ngrams_"] = list(vec.ngram_range)
        return state

    def __setstate__(self, state):
        state = dict(state)
        for kind in ("word", "char", "reading"):
            terms = state.pop(f"{kind}_terms_", None)
            idf = state.pop(f"{kind}_idf_", None)
            ngrams = state.pop(f"{kind}_ngrams_", None)
            vec = None
            if terms is not None:
                vocab = {t: i for i, t in enumerate(terms.split("\x00"))}
                vec = TfidfVectorizer(vocabulary=vocab, ngram_range=tuple(ngrams), **self._VEC_PARAMS[kind])
                vec.idf_ = idf
            state[f"{kind}_vectorizer_"] = vec
        self.__dict__.update(state)
        wv = self.word_vectorizer_
        self.word_names_ = np.array(sorted(wv.vocabulary, key=wv.vocabulary.get), dtype=object) if wv is not None else np.array([], dtype=object)

    def transform(self, X):
        docs = list(X)
        parts = []
        if self.word_vectorizer_ is not None:
            parts.append(self.word_vectorizer_.transform([self._word_doc(a) for a in docs]))
        if self.char_vectorizer_ is not None:
            parts.append(self.char_vectorizer_.transform([a.text for a in docs]))
        if getattr(self, "reading_vectorizer_", None) is not None:
            parts.append(self.reading_vectorizer_.transform([a.reading for a in docs]))
        return sp.hstack(parts, format="csr") if len(parts) > 1 else parts[0].tocsr()
