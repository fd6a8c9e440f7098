"""From normalized text to the two views the classifier reads: words and characters.

Words are Sudachi normalized forms of content words (plus a language marker such as
``__lang_vi__``, so that the model learns "written in Vietnamese" as a feature of its own);
characters catch what the dictionary does not know: dialect, typos, kana-only spelling and
languages Sudachi was not made for.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from .language import detect_language
from .normalize import normalize
from .tokenize import Token, content_words, tokenize


class SparseRow(NamedTuple):
    """One inquiry's feature row: sorted column indices and their TF-IDF values."""

    indices: np.ndarray
    data: np.ndarray


@dataclass(frozen=True, slots=True)
class Analysis:
    """One inquiry, read: what every later step needs, computed once."""

    text: str  # normalized
    lang: str
    tokens: tuple[Token, ...]
    words: tuple[Token, ...]  # content words
    reading: str = ""  # the whole text in hiragana, so 認知症 and にんちしょう look alike

    @property
    def word_doc(self) -> str:
        return " ".join([t.norm.replace(" ", "_") for t in self.words] + [f"__lang_{self.lang}__"])


def _hiragana(katakana: str) -> str:
    return katakana.translate(_KATA_TO_HIRA)


_KATA_TO_HIRA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}


def reading_of(tokens) -> str:
    parts = []
    for t in tokens:
        if t.pos in ("補助記号", "空白") or not t.reading:
            parts.append(" ")
        else:
            parts.append(_hiragana(t.reading))
    return "".join(parts)


def analyze(raw: str) -> Analysis:
    text = normalize(raw)
    tokens = tuple(tokenize(text))
    return Analysis(text=text, lang=detect_language(text), tokens=tokens, words=tuple(content_words(list(tokens))),
                    reading=reading_of(tokens))


def glossary_table() -> str:
    """knowledge/data/glossary.tsv as 'term\\tJapanese words' lines, Japanese in normalized forms."""
    from knowledge import load_glossary

    lines = []
    for term, _lang, ja in load_glossary():
        norms = " ".join(t.norm for t in content_words(tokenize(normalize(ja)))) or normalize(ja)
        lines.append(f"{normalize(term)}\t{norms}")
    return "\n".join(sorted(set(lines)))


class _Glossary:
    """Finds glossary terms in non-Japanese text and returns their Japanese words.

    Latin-script terms are matched as whole word sequences (up to four words) by dictionary
    lookup; other scripts (Chinese, Nepali, Korean) by substring. No giant regex: building one
    from two thousand terms took over a second on the first foreign inquiry of each worker.
    """

    def __init__(self, table: str):
        self.words_of: dict[str, str] = {}
        self.substrings: list[tuple[str, str]] = []
        for line in table.splitlines():
            term, _, ja = line.partition("\t")
            if not (term and ja):
                continue
            if _LATIN_WORD.fullmatch(term.replace(" ", "")) or " " in term and _HAS_LATIN.search(term):
                self.words_of.setdefault(" ".join(_LATIN_WORD.findall(term)), ja)
            else:
                self.substrings.append((term, ja))
        self.max_words = max((k.count(" ") + 1 for k in self.words_of), default=0)

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        tokens = _LATIN_WORD.findall(text)
        for i in range(len(tokens)):
            for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                ja = self.words_of.get(" ".join(tokens[i:i + n]))
                if ja:
                    out.extend(ja.split(" "))
                    break
        for term, ja in self.substrings:
            if term in text:
                out.extend(ja.split(" "))
        return out


_LATIN_WORD = re.compile(r"[a-zà-ỹ0-9'’-]+")
_HAS_LATIN = re.compile(r"[a-zà-ỹ]")


_WHITE = re.compile(r"\s\s+")


def _word_grams(tokens: list[str], ngram_range) -> list[str]:
    lo, hi = ngram_range
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def _char_grams(text: str, ngram_range) -> list[str]:
    lo, hi = ngram_range
    return [text[i:i + n] for n in range(lo, min(hi + 1, len(text) + 1)) for i in range(len(text) - n + 1)]


def _char_wb_grams(text: str, ngram_range) -> list[str]:
    """sklearn's ``char_wb`` n-grams: each word padded with spaces; a word shorter than n is
    counted once, whole."""
    lo, hi = ngram_range
    out: list[str] = []
    for w in text.split():
        w = f" {w} "
        size = len(w)
        for n in range(lo, hi + 1):
            if size <= n:
                out.append(w)
                break
            out += [w[i:i + n] for i in range(size - n + 1)]
    return out


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
        for cache in ("_views_cache", "_glossary", "_char_names"):
            self.__dict__.pop(cache, None)
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

    def _word_doc(self, a: Analysis) -> str:
        if a.lang == "ja" or not getattr(self, "glossary_", ""):
            return a.word_doc
        g = self.__dict__.get("_glossary")
        if g is None:
            g = self.__dict__["_glossary"] = _Glossary(self.glossary_)
        extra = g.words(a.text)
        return a.word_doc + (" " + " ".join(extra) if extra else "")

    def row_one(self, a: Analysis) -> SparseRow:
        """The same row as ``transform([a])``, without sklearn's per-call overhead (about 1 ms
        per vectorizer). N-grams are looked up with ``map(dict.get)`` and counted, weighted and
        normalized in numpy, so no Python code runs per n-gram beyond slicing the string."""
        idx_parts, val_parts = [], []
        for kind, vocab, idf, ngrams, offset in self._views():
            if kind == "word":
                grams = _word_grams(self._word_doc(a).split(), ngrams)
            elif kind == "char":
                grams = _char_grams(_WHITE.sub(" ", a.text), ngrams)
            else:
                grams = _char_wb_grams(a.reading, ngrams)
            ids = np.fromiter(map(vocab.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
            ids = ids[ids >= 0]
            if not ids.size:
                continue
            cols, counts = np.unique(ids, return_counts=True)
            vals = (1.0 + np.log(counts)) * idf[cols]  # sublinear tf × idf, as TfidfVectorizer
            vals /= math.sqrt(float(vals @ vals))
            idx_parts.append(cols + offset)
            val_parts.append(vals)
        if not idx_parts:
            return SparseRow(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        return SparseRow(np.concatenate(idx_parts).astype(np.int32), np.concatenate(val_parts).astype(np.float32))

    def _views(self):
        views = self.__dict__.get("_views_cache")
        if views is None:
            views, offset = [], 0
            for kind in ("word", "char", "reading"):
                vec = self.__dict__.get(f"{kind}_vectorizer_")
                if vec is None:
                    continue
                vocab = vec.vocabulary_
                views.append((kind, vocab, np.asarray(vec.idf_, dtype=np.float64), vec.ngram_range, offset))
                offset += len(vocab)
            self.__dict__["_views_cache"] = views
        return views

    @property
    def n_features_(self) -> int:
        return sum(len(v[1]) for v in self._views())

    def transform_one(self, a: Analysis):
        """``row_one`` as a 1-row CSR matrix."""
        row = self.row_one(a)
        return sp.csr_matrix((row.data, row.indices, np.array([0, len(row.indices)], dtype=np.int32)),
                             shape=(1, self.n_features_))

    def char_names(self):
        """Character n-gram feature names, built once (evidence needs them per request)."""
        names = self.__dict__.get("_char_names")
        if names is None:
            vec = self.char_vectorizer_
            names = self.__dict__["_char_names"] = (np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get), dtype=object)
                                                     if vec is not None else np.array([], dtype=object))
        return names

    # A fitted vectorizer's vocabulary is a dict of ~100k strings, which skops writes node by
    # node (tens of seconds, tens of MB). We save each vocabulary as one NUL-joined string plus
    # the idf array, and rebuild the vectorizers on load: same transform, 1/10 the file.
    _VEC_PARAMS = {"word": dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float32),
                   "char": dict(analyzer="char", lowercase=False, sublinear_tf=True, dtype=np.float32),
                   "reading": dict(analyzer="char_wb", lowercase=False, sublinear_tf=True, dtype=np.float32)}

    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if k not in ("word_vectorizer_", "char_vectorizer_", "reading_vectorizer_", "word_names_", "_char_names", "_glossary", "_views_cache")}
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
