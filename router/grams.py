"""The columns of a batch of documents' n-grams, found with integer keys in numpy.

This is the served featurizer's inner loop. Cutting ~1,500 n-gram strings out of a
200-character inquiry in Python and looking each up in a dict was most of a request's cost;
the sentence-by-sentence urgency pass paid it twice. Here each view's vocabulary (character,
reading or word n-grams) is compiled once into int64 keys (``GramIndex``): every unit (a
character, or a word) gets a small code, and an n-gram's key packs its units' codes side by
side. A batch of documents becomes one array of codes per view; the keys of all its windows
are a few shifts and ORs, and all views are counted with one sort and looked up with one
``searchsorted`` (``Vocabulary``). No Python runs per n-gram.

Documents, and the padded words of a ``char_wb`` view, are separated by a code that no
vocabulary entry contains, so no window can match across two of them. A unit the vocabulary
never saw gets that same code. Codes start at 1, so an n-gram's key never equals a shorter
one's. tests/test_features.py checks the columns against scikit-learn's own analyzers.
"""
from __future__ import annotations

from itertools import repeat

import numpy as np

_SEP = "\x00"  # normalize() removes NUL from every inquiry, so it can only be a separator


class GramIndexError(ValueError):
    """A vocabulary this index cannot represent (too many units for its n-gram length)."""


class GramIndex:
    """One view's vocabulary as integer keys, one per term, and the codes that make them.

    ``kind`` is "word" (units are words; an n-gram is words joined by a space), "char" (units
    are characters) or "reading" (characters, cut like scikit-learn's ``char_wb``: each
    white-space separated word padded with one space on each side)."""

    def __init__(self, kind: str, terms: list[str], ngram_range: tuple[int, int]):
        self._set_range(kind, ngram_range)
        words = kind == "word"
        if words:
            flat = " ".join(terms).split(" ")  # one list, not one per term: less garbage at load
            lengths = np.fromiter(map(str.count, terms, repeat(" ")), dtype=np.int64, count=len(terms)) + 1
            alphabet = sorted(set(flat))
        else:
            lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
            joined = self._code_points(_SEP.join(terms))
            alphabet = np.unique(joined[joined != 0])
        self._set_alphabet(alphabet)
        codes = self._word_codes(flat) if words else self._table[joined]
        starts = np.concatenate([[0], np.cumsum(lengths + (0 if words else 1))[:-1]]).astype(np.int64)
        keys = np.zeros(len(terms), dtype=np.int64)
        for j in range(self.hi):
            m = lengths > j
            keys[m] |= codes[starts[m] + j] << (self.bits * j)
        self.term_keys = keys  # term i is column i of the view (Vocabulary checks they differ)

    @classmethod
    def restore(cls, kind: str, ngram_range: tuple[int, int], alphabet, term_keys: np.ndarray) -> "GramIndex":
        """The index as ``state()`` gave it, without recomputing the keys from the terms (that
        was a tenth of a worker's start-up). A model file holds both, under its SHA-256."""
        index = cls.__new__(cls)
        index._set_range(kind, ngram_range)
        index._set_alphabet(alphabet)
        index.term_keys = np.asarray(term_keys, dtype=np.int64)
        return index

    def state(self) -> tuple[list[str] | np.ndarray, np.ndarray]:
        """What ``restore`` needs besides kind and n-gram range: the units in code order (words,
        or code points) and each term's key."""
        return self.alphabet, self.term_keys

    def _set_range(self, kind: str, ngram_range: tuple[int, int]) -> None:
        self.kind = kind
        self.lo, self.hi = int(ngram_range[0]), int(ngram_range[1])
        if kind == "reading" and self.lo > 3:
            # char_wb also counts a padded word shorter than the smallest n, whole; a padded
            # word has at least 3 characters, so with lo <= 3 that case never arises.
            raise GramIndexError("reading n-grams must start at 3 or less")

    def _set_alphabet(self, alphabet) -> None:
        """Codes 1, 2, ... for the units in ``alphabet`` (sorted words, or sorted code points)."""
        self.alphabet = alphabet
        self.bits = (len(alphabet) + 1).bit_length()
        if self.bits * self.hi > Vocabulary.UNIT_BITS:  # the bits above number views and documents
            raise GramIndexError(f"{len(alphabet)} distinct units do not fit {self.hi}-grams in {Vocabulary.UNIT_BITS} bits")
        self.unknown = (1 << self.bits) - 1  # separator and never-seen unit: in no key
        if self.kind == "word":
            self._code = {u: i for i, u in enumerate(alphabet, start=1)}
        else:
            alphabet = np.asarray(alphabet, dtype=np.int64)
            # One slot past the largest code point, so np.minimum sends any larger one there.
            self._table = np.full(int(alphabet.max(initial=0)) + 2, self.unknown, dtype=np.int64)
            self._table[alphabet] = np.arange(1, len(alphabet) + 1)

    def _word_codes(self, words: list[str]) -> np.ndarray:
        return np.fromiter(map(self._code.get, words, repeat(self.unknown)), dtype=np.int64, count=len(words))

    @staticmethod
    def _code_points(text: str) -> np.ndarray:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)

    def _char_codes(self, text: str) -> np.ndarray:
        return self._table[np.minimum(self._code_points(text), len(self._table) - 1)]

    def window_keys(self, docs: list) -> tuple[np.ndarray, np.ndarray]:
        """The key of every n-gram window of every document, and which document it is in.
        ``docs`` are strings for "char", readings for "reading" and word lists for "word"
        (analysis.view_doc)."""
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if self.kind == "word":
            codes = self._word_codes([w for d in docs for w in (*d, _SEP)])
        else:
            if self.kind == "reading":
                docs = [_SEP.join(f" {w} " for w in d.split()) for d in docs]
            codes = self._char_codes(_SEP.join(docs) + _SEP)
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), [len(d) + 1 for d in docs])
        n_codes = len(codes)
        key_parts, owner_parts = [], []
        key = codes
        for n in range(1, min(self.hi, n_codes) + 1):
            if n > 1:
                key = key[:n_codes - n + 1] | (codes[n - 1:] << (self.bits * (n - 1)))
            if n >= self.lo:
                key_parts.append(key)
                owner_parts.append(owner[:n_codes - n + 1])
        if not key_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(key_parts), np.concatenate(owner_parts)


class Vocabulary:
    """All views' n-grams in one sorted key array, so a batch of documents is counted and
    looked up with one sort and one search however many views there are (numpy's fixed cost
    per call, paid once instead of three times, was half of a short inquiry's time).

    A window's key is, from the top: the view's number, the n-gram's units, the document's
    number in its batch. Sorted, the windows of one (view, n-gram, document) lie side by side,
    so their run length is the count; and the n-grams come in vocabulary order whatever the
    document, so each distinct one is searched for once, in step with the vocabulary."""

    UNIT_BITS = 48
    VIEW_BITS = 2
    DOC_BITS = 62 - UNIT_BITS - VIEW_BITS
    MAX_DOCS = 1 << DOC_BITS  # per batch; a larger batch is cut in chunks

    def __init__(self, indexes: list[GramIndex]):
        if len(indexes) > 1 << self.VIEW_BITS:
            raise GramIndexError(f"at most {1 << self.VIEW_BITS} views")
        self.indexes = indexes
        keys, cols, offset = [], [], 0
        for v, index in enumerate(indexes):
            keys.append(index.term_keys | (v << self.UNIT_BITS))
            cols.append(np.arange(len(index.term_keys), dtype=np.int64) + offset)
            offset += len(index.term_keys)
        self.n_features = offset
        keys_all = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        order = np.argsort(keys_all, kind="stable")
        self.keys = keys_all[order]
        self.cols = np.concatenate(cols)[order] if cols else np.zeros(0, dtype=np.int64)
        if np.any(self.keys[1:] == self.keys[:-1]):
            raise GramIndexError("two n-grams of the vocabulary share a key")

    def counts(self, docs_by_view: list[list]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """How often each vocabulary n-gram occurs in each document: (document, column, count).
        ``docs_by_view[v]`` are the documents as view v reads them, the same number in each
        view, at most MAX_DOCS."""
        parts = []
        for v, (index, docs) in enumerate(zip(self.indexes, docs_by_view)):
            keys, owner = index.window_keys(docs)
            parts.append((((keys | (v << self.UNIT_BITS)) << self.DOC_BITS) | owner))
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        empty = np.zeros(0, dtype=np.int64)
        if not keys.size or not self.keys.size:
            return empty, empty, empty
        keys.sort()
        first = _run_starts(keys)
        counts = _run_lengths(first, len(keys))
        keys = keys[first]
        doc = keys & (self.MAX_DOCS - 1)
        grams = keys >> self.DOC_BITS
        distinct = _run_starts(grams)
        pos = np.searchsorted(self.keys, grams[distinct])
        pos[pos == len(self.keys)] = 0
        pos = np.repeat(pos, _run_lengths(distinct, len(grams)))
        hit = self.keys[pos] == grams
        return doc[hit], self.cols[pos[hit]], counts[hit]


# np.diff with prepend/append builds its arrays through several Python-level calls; these two
# are the same arithmetic in two numpy calls each (this runs on every request).
def _run_starts(sorted_keys: np.ndarray) -> np.ndarray:
    new = np.empty(len(sorted_keys), dtype=bool)
    new[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new[1:])
    return np.flatnonzero(new)


def _run_lengths(starts: np.ndarray, total: int) -> np.ndarray:
    lengths = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=lengths[:-1])
    lengths[-1:] = total - starts[-1:]
    return lengths
