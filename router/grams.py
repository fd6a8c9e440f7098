"""The columns of a batch of documents' n-grams, found with integer keys in numpy.

This is the served featurizer's inner loop. Cutting ~1,500 n-gram strings out of a
200-character inquiry in Python and looking each up in a dict was most of a request's cost;
the sentence-by-sentence urgency pass paid it twice. Here a view's vocabulary (character,
reading or word n-grams) is compiled once into sorted int64 keys: every unit (a character, or
a word) gets a small code, and an n-gram's key packs its units' codes side by side. A batch of
documents becomes one array of codes; the keys of all its windows are a few shifts and ORs,
and their columns one ``searchsorted``. No Python runs per n-gram.

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
    """One view's vocabulary as sorted integer keys.

    ``kind`` is "word" (units are words; an n-gram is words joined by a space), "char" (units
    are characters) or "reading" (characters, cut like scikit-learn's ``char_wb``: each
    white-space separated word padded with one space on each side)."""

    def __init__(self, kind: str, terms: list[str], ngram_range: tuple[int, int]):
        self.kind = kind
        self.lo, self.hi = int(ngram_range[0]), int(ngram_range[1])
        if kind == "reading" and self.lo > 3:
            # char_wb also counts a padded word shorter than the smallest n, whole; a padded
            # word has at least 3 characters, so with lo <= 3 that case never arises.
            raise GramIndexError("reading n-grams must start at 3 or less")
        words = kind == "word"
        units = [t.split(" ") for t in terms] if words else terms
        flat = [u for us in units for u in us] if words else list(_SEP.join(terms))
        alphabet = sorted(set(flat) - {_SEP})
        self.bits = (len(alphabet) + 1).bit_length()
        if self.bits * self.hi > Vocabulary.UNIT_BITS:  # the bits above number views and documents
            raise GramIndexError(f"{len(alphabet)} distinct units do not fit {self.hi}-grams in {Vocabulary.UNIT_BITS} bits")
        self.unknown = (1 << self.bits) - 1  # separator and never-seen unit: in no key
        if words:
            self._code = {u: i for i, u in enumerate(alphabet, start=1)}
            codes = self._word_codes(flat)
        else:
            cps = np.fromiter(map(ord, alphabet), dtype=np.int64, count=len(alphabet))
            # One slot past the largest code point, so np.minimum sends any larger one there.
            self._table = np.full(int(cps.max(initial=0)) + 2, self.unknown, dtype=np.int64)
            self._table[cps] = np.arange(1, len(alphabet) + 1)
            codes = self._char_codes(_SEP.join(terms))
        lengths = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
        starts = np.concatenate([[0], np.cumsum(lengths + (0 if words else 1))[:-1]]).astype(np.int64)
        keys = np.zeros(len(terms), dtype=np.int64)
        for j in range(self.hi):
            m = lengths > j
            keys[m] |= codes[starts[m] + j] << (self.bits * j)
        self.term_keys = keys  # term i is column i of the view
        if len(np.unique(keys)) != len(keys):
            raise GramIndexError("two n-grams of the vocabulary share a key")

    def _word_codes(self, words: list[str]) -> np.ndarray:
        return np.fromiter(map(self._code.get, words, repeat(self.unknown)), dtype=np.int64, count=len(words))

    def _char_codes(self, text: str) -> np.ndarray:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        return self._table[np.minimum(cps, len(self._table) - 1)]

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

    A key is, from the top: the document's number in its batch, the view's number, the
    n-gram's units. Sorted, the windows of one (document, view, n-gram) lie side by side and
    their run length is the count; (document, view) is the group each view's row is
    normalized in."""

    UNIT_BITS = 48
    VIEW_BITS = 2
    MAX_DOCS = 1 << (62 - UNIT_BITS - VIEW_BITS)  # per batch; a larger batch is cut in chunks

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
        self._group_shift = self.UNIT_BITS
        self._lookup_mask = (1 << (self.UNIT_BITS + self.VIEW_BITS)) - 1

    def counts(self, docs_by_view: list[list]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """How often each vocabulary n-gram occurs in each document: (group, column, count),
        where group = document * 4 + view. ``docs_by_view[v]`` are the documents as view v
        reads them, the same number in each view, at most MAX_DOCS."""
        parts = []
        for v, (index, docs) in enumerate(zip(self.indexes, docs_by_view)):
            keys, owner = index.window_keys(docs)
            parts.append(keys | (((owner << self.VIEW_BITS) | v) << self.UNIT_BITS))
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        empty = np.zeros(0, dtype=np.int64)
        if not keys.size or not self.keys.size:
            return empty, empty, empty
        # Sorted, each (document, view, n-gram) is counted by its run length, and searchsorted
        # walks the vocabulary in step (about 3x faster than jumping about it).
        keys.sort()
        first = np.flatnonzero(np.diff(keys, prepend=-1))
        counts = np.diff(first, append=len(keys))
        keys = keys[first]
        group = keys >> self._group_shift
        keys &= self._lookup_mask
        pos = np.searchsorted(self.keys, keys)
        pos[pos == len(self.keys)] = 0
        hit = self.keys[pos] == keys
        return group[hit], self.cols[pos[hit]], counts[hit]
