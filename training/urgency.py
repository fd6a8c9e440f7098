"""Training the learned urgency signal (router/urgency_signal.py) and measuring urgency.

Data: ``corpus/urgency/train/*.jsonl`` (labelled urgent / calm with the kind of danger) plus
the ordinary consultations of the training corpus that the phrase rules do not flag, as calm
examples. ``corpus/urgency/test/`` is never read here: it measures the rules and the signal
on wording neither has seen.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from router.urgency_signal import SENTENCE_MIN_CHARS

from .corpus import CORPUS_DIR

URGENCY_DIR = CORPUS_DIR / "urgency"
# The floor is the lowest score at which, out of fold, false alarms stay within these rates:
# on calm messages written to look dangerous (idioms, the past, news), and on ordinary
# consultations. A false alarm puts emergency numbers first; a miss can cost a life.
MAX_CALM_ALARMS = 0.05  # the bound the rule layer is held to as well
MAX_CORPUS_FLAGGED = 0.02
_GRID = np.round(np.arange(0.2, 0.91, 0.01), 2)  # the lowest floor within the bounds, to the hundredth


def load_urgency(split: str, directory: Path = URGENCY_DIR) -> list[dict]:
    rows = []
    for p in sorted((directory / split).glob("*.jsonl")):
        rows += [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return rows


def _fit(X, y, w):
    clf = LogisticRegression(C=3.0, solver="liblinear", dual=True, class_weight="balanced", max_iter=2000)
    clf.fit(X, y, sample_weight=w)
    return clf


def _sentence_rows(featurizer, analyses):
    """Rows for the sentences of every message that serving reads sentence by sentence, and
    which message each is of."""
    from router.analysis import sentence_analyses

    subs, owner = [], []
    for i, a in enumerate(analyses):
        if len(a.text) < SENTENCE_MIN_CHARS:
            continue
        for sentence in sentence_analyses(a):
            subs.append(sentence)
            owner.append(i)
    return (featurizer.transform(subs) if subs else None), np.array(owner, dtype=np.int64)


def fit_urgency_signal(featurizer, rules, corpus_analyses, corpus_X, directory: Path = URGENCY_DIR) -> tuple[dict | None, dict]:
    """The signal as plain arrays for the model bundle, and the figures behind its floor.

    Served, a message scores the higher of its whole text and its best sentence
    (router/urgency_signal.py); the out-of-fold scores that choose the floor are computed the
    same way, so the false-alarm bounds hold for what is served."""
    from router.analysis import analyze

    rows = load_urgency("train", directory)
    if not rows:
        return None, {"skipped": "no urgency training data"}
    analyses = [analyze(r["text"]) for r in rows]
    calm_idx = [i for i, a in enumerate(corpus_analyses) if not rules.check(a)]
    Xc = corpus_X[np.array(calm_idx, dtype=np.int64)]
    X = sp.vstack([featurizer.transform(analyses), Xc], format="csr")
    S, owner = _sentence_rows(featurizer, analyses + [corpus_analyses[i] for i in calm_idx])
    n_u = len(rows)
    y = np.array([int(bool(r["urgent"])) for r in rows] + [0] * Xc.shape[0])
    # The urgency sets are few and hard; they count three times an ordinary consultation.
    w = np.array([3.0] * n_u + [1.0] * Xc.shape[0])
    is_calm_set = np.array([not r["urgent"] for r in rows] + [False] * Xc.shape[0])
    is_corpus = np.arange(len(y)) >= n_u

    oof = np.zeros(len(y))
    for tr, te in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(np.zeros(len(y)), y * 2 + is_corpus):
        clf = _fit(X[tr], y[tr], w[tr])
        oof[te] = clf.predict_proba(X[te])[:, 1]
        if S is not None:
            in_te = np.isin(owner, te)
            if in_te.any():
                np.maximum.at(oof, owner[in_te], clf.predict_proba(S[np.flatnonzero(in_te)])[:, 1])
    urgent = y == 1
    floor, figures = None, {}
    for t in _GRID:
        calm_alarms = float((oof[is_calm_set] >= t).mean())
        corpus_flagged = float((oof[is_corpus] >= t).mean())
        if calm_alarms <= MAX_CALM_ALARMS and corpus_flagged <= MAX_CORPUS_FLAGGED:
            floor = float(t)
            figures = {"floor": floor, "oof_recall": round(float((oof[urgent] >= t).mean()), 3),
                       "oof_calm_alarms": round(calm_alarms, 3), "oof_corpus_flagged": round(corpus_flagged, 3)}
            break
    if floor is None:
        return None, {"skipped": "no floor keeps false alarms within bounds"}

    clf = _fit(X, y, w)
    kinds_of = np.array([r["kind"] for r in rows if r["urgent"]])
    Xu = X[:n_u][np.array([bool(r["urgent"]) for r in rows])]
    # The kind: one-vs-rest, one small dual liblinear fit per kind (lbfgs multinomial took 4 s).
    kinds = sorted(set(kinds_of))
    fits = [LogisticRegression(C=10.0, solver="liblinear", dual=True, max_iter=2000).fit(Xu, kinds_of == k) for k in kinds]
    signal = {"coef": clf.coef_.ravel().astype(np.float32), "intercept": float(clf.intercept_[0]), "floor": floor,
              "kinds": [str(k) for k in kinds], "kind_coef": np.vstack([f.coef_ for f in fits]).astype(np.float32),
              "kind_intercept": np.array([f.intercept_[0] for f in fits], dtype=np.float32)}
    figures.update({"n_urgent": int(urgent[:n_u].sum()), "n_calm": int(n_u - urgent[:n_u].sum()),
                    "n_corpus_calm": int(Xc.shape[0])})
    return signal, figures
