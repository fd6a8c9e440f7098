"""A learned urgency signal that can add urgency and never remove it.

The phrase rules in ``urgency.py`` catch the wordings they list; three sets written blind by
people who had never seen the list scored 0.60–0.64 recall on first contact. This signal is a
logistic regression over the model's own features, trained on the labelled urgency sets
(``training/corpus/urgency/train``) with the ordinary consultations of the corpus as calm
examples, and a second one that names the kind of danger. It only ever turns a calm result
urgent: when the rules already found danger it is not consulted, and nothing here can turn a
rule's match off.
"""
from __future__ import annotations

import numpy as np

from .urgency import CrisisMatch

_SKIP = {"ない", "たい", "ぬ", "ず", "する", "為る", "居る", "有る", "成る", "言う", "思う", "ある", "いる", "なる"}


def urgency_score(signal: dict, indices: np.ndarray, data: np.ndarray) -> float:
    z = float(data @ signal["coef"][indices]) + signal["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def learned_match(signal: dict | None, indices: np.ndarray, data: np.ndarray, word_names) -> CrisisMatch | None:
    """A match of source "model" when the score reaches the floor chosen in training, else None."""
    if not signal or not len(indices):
        return None
    score = urgency_score(signal, indices, data)
    if score < signal["floor"]:
        return None
    kind_z = signal["kind_coef"][:, indices] @ data + signal["kind_intercept"]
    kind = signal["kinds"][int(np.argmax(kind_z))]
    # The words that pushed the score up, so staff see why (real words of the inquiry).
    contrib = data * signal["coef"][indices]
    words: list[str] = []
    for k in np.argsort(-contrib):
        j = int(indices[k])
        if contrib[k] <= 0 or len(words) >= 3 or j >= len(word_names):
            continue
        for w in str(word_names[j]).split(" "):
            if not w.startswith("__") and w not in _SKIP and w not in words:
                words.append(w)
    return CrisisMatch(kind, " ".join(words[:3]), source="model", score=round(score, 3))
