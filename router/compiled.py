"""The model as served: plain numpy arrays, loaded without scikit-learn or skops.

Training produces a ``ModelBundle`` of scikit-learn objects (saved with skops, for provenance
and inspection). Serving needs far less: three vocabularies with their idf, one weight matrix,
the Platt parameters, the thresholds and the learned urgency signal. ``CompiledModel`` holds
exactly that, computes the same scores as the bundle (a test checks it on the whole test
split), and is saved as an ``.npz`` of plain arrays read with ``allow_pickle=False``, so
loading a model file can never run code. A worker starts without importing scikit-learn, which
was most of the start-up time.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from .analysis import Analysis, SparseRow, _Glossary, view_doc
from .grams import GramIndex, GramIndexError, Vocabulary
from .model import ModelError, sha256_of
from .multi_issue import input_names

FORMAT = 1
_KINDS = ("word", "char", "reading")


def _text(arr: np.ndarray) -> str:
    return arr.tobytes().decode("utf-8")


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


class CompiledModel:
    def __init__(self, labels: list[str], thresholds: dict, views: list[tuple],
                 glossary: str, coef_t: np.ndarray, intercept: np.ndarray, platt: np.ndarray, urgency: dict | None,
                 multi_rule: dict | None = None, multi_text_coef: np.ndarray | None = None):
        self.labels = list(labels)
        self.thresholds = dict(thresholds)
        self.glossary = glossary
        self._glossary = _Glossary(glossary) if glossary else None
        self.views = []
        offset = 0
        self.terms: dict[str, list[str]] = {}
        # A view is (kind, terms, idf, n-gram range), and from a model file also its index's
        # state (GramIndex.state), which spares computing the index again at every start.
        for kind, terms, idf, ngrams, *state in views:
            self.terms[kind] = terms
            ngrams = tuple(int(n) for n in ngrams)
            try:
                index = GramIndex.restore(kind, ngrams, *state[0]) if state and state[0] else GramIndex(kind, terms, ngrams)
            except GramIndexError as e:
                raise ModelError(f"the {kind} view cannot be served: {e}") from e
            if len(index.term_keys) != len(terms):
                raise ModelError(f"the {kind} view's index does not fit its terms")
            self.views.append((kind, index, np.asarray(idf, dtype=np.float64), offset))
            offset += len(terms)
        self.n_features = offset
        self._view_starts = np.array([off for _, _, _, off in self.views], dtype=np.int64)
        self._vocabulary = Vocabulary([index for _, index, _, _ in self.views])
        self._idf_all = np.concatenate([idf for _, _, idf, _ in self.views]) if self.views else np.zeros(0)
        words = self.terms.get("word", [])
        self.n_word_features = len(words)
        self.word_names = np.array(words, dtype=object)
        self.coef_t = np.ascontiguousarray(coef_t, dtype=np.float32)  # features × labels
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.platt = np.asarray(platt, dtype=np.float64)
        self.urgency = urgency
        self.multi_rule = multi_rule
        self.multi_text_coef = None if multi_text_coef is None else np.asarray(multi_text_coef, dtype=np.float32)
        if multi_rule is not None:
            k = len(multi_rule.get("areas", []))
            if (any(a not in self.labels for a in multi_rule.get("areas", []))
                    or len(multi_rule.get("top", [])) != k or len(multi_rule.get("second", [])) != k
                    or len(multi_rule.get("numeric", [])) != len(input_names(multi_rule))):
                raise ModelError("the multi-issue rule does not fit the model's labels")
            if "text_multi" in input_names(multi_rule) and (
                    self.multi_text_coef is None or self.multi_text_coef.shape != (offset,)
                    or "text_intercept" not in multi_rule):
                raise ModelError("the multi-issue rule reads a text signal the model file does not hold")
        if self.coef_t.shape != (self.n_features, len(self.labels)):
            raise ModelError(f"weights are {self.coef_t.shape}, expected ({self.n_features}, {len(self.labels)})")

    # -- scoring -------------------------------------------------------------------------------
    def tfidf(self, analyses: list[Analysis]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """scikit-learn's TfidfVectorizer rows (sublinear tf, idf, l2 per view) for many
        analyses at once, as (analysis index, column, value), one entry per nonzero."""
        step = Vocabulary.MAX_DOCS
        if len(analyses) > step:
            parts = [self.tfidf(analyses[i:i + step]) for i in range(0, len(analyses), step)]
            return (np.concatenate([who + i * step for i, (who, _, _) in enumerate(parts)]),
                    np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]))
        who, cols, counts = self._vocabulary.counts(
            [[view_doc(kind, a, self._glossary) for a in analyses] for kind, _, _, _ in self.views])
        vals = (1.0 + np.log(counts)) * self._idf_all[cols]
        # Each view of each analysis is normalized alone: its group is analysis × view.
        group = who * len(self.views) + np.searchsorted(self._view_starts, cols, side="right") - 1
        vals /= np.sqrt(np.bincount(group, weights=vals * vals))[group]
        return who, cols, vals

    def rows(self, analyses: list[Analysis]) -> list[SparseRow]:
        """One row per analysis, all cut in one batch (an inquiry and its sentences cost one
        pass of numpy calls, not one each)."""
        who, cols, vals = self.tfidf(analyses)
        order = np.argsort(who * self.n_features + cols)
        cols, vals = cols[order].astype(np.int32), vals[order].astype(np.float32)
        ends = np.cumsum(np.bincount(who, minlength=len(analyses))).tolist()
        return [SparseRow(cols[s:e], vals[s:e]) for s, e in zip([0] + ends[:-1], ends)]

    def row(self, a: Analysis) -> SparseRow:
        return self.rows([a])[0]

    def proba(self, row: SparseRow) -> np.ndarray:
        """Calibrated scores: the weight rows the inquiry touches, one small dense product."""
        z = (row.data @ self.coef_t[row.indices] + self.intercept) * self.platt[:, 0] + self.platt[:, 1]
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def text_multi(self, row: SparseRow) -> float | None:
        """The multi-issue rule's text signal (router/multi_issue.py) for a row; None for a
        model without one."""
        if self.multi_text_coef is None:
            return None
        z = float(row.data @ self.multi_text_coef[row.indices]) + float(self.multi_rule["text_intercept"])
        return 1.0 / (1.0 + np.exp(-max(min(z, 50.0), -50.0)))

    def glossed(self, a: Analysis) -> dict[str, str]:
        """For an inquiry not in Japanese: each Japanese word the glossary added to its row, and
        how to show it as evidence: the words the writer typed, with their Japanese
        ("room（部屋）"). A word the inquiry itself contains is not a glossary word."""
        if a.lang == "ja" or self._glossary is None:
            return {}
        own = {t.norm for t in a.words}
        shown: dict[str, str] = {}
        for term, ja in self._glossary.matches(a.text):
            for w in ja.split(" "):
                if w not in own:
                    shown.setdefault(w, f"{term}（{'・'.join(ja.split(' '))}）")
        return shown

    def weights(self, label_index: int, indices: np.ndarray) -> np.ndarray:
        return self.coef_t[indices, label_index]

    def char_names(self) -> list[str]:
        return self.terms.get("char", [])

    @property
    def char_offset(self) -> int:
        return next((off for kind, _, _, off in self.views if kind == "char"), self.n_features)

    # -- building, saving, loading -------------------------------------------------------------
    @classmethod
    def from_bundle(cls, bundle) -> "CompiledModel":
        """From a trained ModelBundle (scikit-learn objects)."""
        f, clf = bundle.featurizer, bundle.classifier
        views = []
        for kind in _KINDS:
            vec = f.__dict__.get(f"{kind}_vectorizer_")
            if vec is not None:
                terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
                views.append((kind, terms, vec.idf_, vec.ngram_range))
        return cls(bundle.labels, bundle.thresholds, views, getattr(f, "glossary_", "") or "",
                   clf.coef_.T, clf.intercept_, clf.platt_, getattr(bundle, "urgency", None),
                   getattr(bundle, "multi_rule", None), getattr(bundle, "multi_text_coef", None))

    def save(self, path: Path) -> str:
        """Write atomically (temp file, fsync, rename); return the file's SHA-256."""
        meta = {"format": FORMAT, "labels": self.labels, "thresholds": self.thresholds,
                "views": [[kind, [index.lo, index.hi]] for kind, index, _, _ in self.views]}
        arrays = {"coef_t": self.coef_t, "intercept": self.intercept, "platt": self.platt,
                  "glossary": _bytes(self.glossary)}
        for kind, index, idf, _ in self.views:
            arrays[f"{kind}_terms"] = _bytes("\x00".join(self.terms[kind]))
            arrays[f"{kind}_idf"] = idf
            alphabet, keys = index.state()
            arrays[f"{kind}_alphabet"] = (_bytes("\x00".join(alphabet)) if kind == "word"
                                          else np.asarray(alphabet, dtype=np.uint32))
            arrays[f"{kind}_keys"] = keys
        if self.urgency:
            u = self.urgency
            meta["urgency"] = {"intercept": float(u["intercept"]), "floor": float(u["floor"]), "kinds": list(u["kinds"])}
            arrays.update(urgency_coef=np.asarray(u["coef"], dtype=np.float32),
                          urgency_kind_coef=np.asarray(u["kind_coef"], dtype=np.float32),
                          urgency_kind_intercept=np.asarray(u["kind_intercept"], dtype=np.float32))
        if self.multi_rule:
            meta["multi_rule"] = self.multi_rule  # about fifty numbers: plain JSON
        if self.multi_text_coef is not None:
            arrays["multi_text_coef"] = self.multi_text_coef
        arrays["meta"] = _bytes(json.dumps(meta, ensure_ascii=False))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return sha256_of(path)

    @classmethod
    def load(cls, path: Path, expected_sha256: str) -> "CompiledModel":
        path = Path(path)
        if not path.exists():
            raise ModelError(f"model file not found: {path}")
        if sha256_of(path) != expected_sha256:
            raise ModelError(f"model file {path.name} does not match its recorded SHA-256 (tampered or corrupt)")
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(_text(z["meta"]))
                if meta.get("format") != FORMAT:
                    raise ModelError(f"model file {path.name} has format {meta.get('format')}, expected {FORMAT}")
                views = []
                for kind, ngrams in meta["views"]:
                    joined = _text(z[f"{kind}_terms"])
                    state = None
                    if f"{kind}_keys" in z.files:  # files written before it have no index state
                        alphabet = z[f"{kind}_alphabet"]
                        if kind == "word":
                            alphabet = _text(alphabet).split("\x00") if alphabet.size else []
                        state = (alphabet, z[f"{kind}_keys"])
                    views.append((kind, joined.split("\x00") if joined else [], z[f"{kind}_idf"], ngrams, state))
                urgency = None
                if "urgency" in meta:
                    urgency = {**meta["urgency"], "coef": z["urgency_coef"], "kind_coef": z["urgency_kind_coef"],
                               "kind_intercept": z["urgency_kind_intercept"]}
                return cls(meta["labels"], meta["thresholds"], views, _text(z["glossary"]),
                           z["coef_t"], z["intercept"], z["platt"], urgency, meta.get("multi_rule"),
                           z["multi_text_coef"] if "multi_text_coef" in z.files else None)
        except (KeyError, ValueError, OSError) as e:
            raise ModelError(f"model file {path.name} is not a nukumori model: {e}") from e
