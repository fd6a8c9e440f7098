"""A learned urgency signal that can add urgency and never remove it.

The phrase rules in ``urgency.py`` catch the wordings they list; every set written blind by
people who had never seen the list scored 0.53–0.64 recall on first contact. This signal is a
logistic regression over the model's own features, trained on the labelled urgency sets
(``training/corpus/urgency/train``) with the ordinary consultations of the corpus as calm
examples, and a second one that names the kind of danger. It only ever turns a calm result
urgent: when the rules already found danger it is not consulted, and nothing here can turn a
rule's match off. It scores the whole inquiry and, when that is not enough, each sentence.
"""
from __future__ import annotations

import numpy as np

from .analysis import Analysis, sentence_analyses
from .explain import NOT_EVIDENCE
from .urgency import CrisisMatch

# Sentences are read one by one only in messages at least this long: a short message has
# little to dilute its danger. No gate on the whole message's score: one danger sentence put
# into a long ordinary consultation scored as low as 0.007 as a whole (a test checks this).
SENTENCE_MIN_CHARS = 60


def urgency_score(signal: dict, indices: np.ndarray, data: np.ndarray) -> float:
    z = float(data @ signal["coef"][indices]) + signal["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def sentences_to_read(model, a: Analysis) -> list[Analysis]:
    """The sentences the signal reads one by one: those of a message of SENTENCE_MIN_CHARS or
    more, when the model has a signal at all. The pipeline cuts their rows in the same batch as
    the whole message's."""
    if not model.urgency or len(a.text) < SENTENCE_MIN_CHARS:
        return []
    return sentence_analyses(a)


def learned_match(model, a: Analysis, row, sentence_rows: list | None = None) -> CrisisMatch | None:
    """A match of source "model" when the score reaches the floor chosen in training, else None.

    The score is the whole inquiry's or, when that falls short of the floor, its best
    sentence's: in a long message about paperwork, the one sentence that says 「今夜 橋の上に
    いる」 would otherwise be diluted by everything around it. ``sentence_rows`` are the rows of ``sentences_to_read(model, a)``,
    cut here when not given."""
    signal = model.urgency
    if not signal:
        return None
    best, score = row, urgency_score(signal, row.indices, row.data)
    if score < signal["floor"]:  # the whole message is the best evidence when it is enough
        if sentence_rows is None:
            sentence_rows = model.rows(sentences_to_read(model, a))
        for sentence in sentence_rows:
            s = urgency_score(signal, sentence.indices, sentence.data)
            if s > score:
                best, score = sentence, s
    if score < signal["floor"]:
        return None
    indices, data = best.indices, best.data
    kind_z = signal["kind_coef"][:, indices] @ data + signal["kind_intercept"]
    kind = signal["kinds"][int(np.argmax(kind_z))]
    # The words that pushed the score up, so staff see why (real words of the inquiry).
    contrib = data * signal["coef"][indices]
    words: list[str] = []
    for k in np.argsort(-contrib):
        j = int(indices[k])
        if contrib[k] <= 0 or len(words) >= 3:
            break
        if j >= len(model.word_names):
            continue  # a character or reading n-gram: not shown
        for w in str(model.word_names[j]).split(" "):
            if not w.startswith("__") and w not in NOT_EVIDENCE and w not in words:
                words.append(w)
    return CrisisMatch(kind, " ".join(words[:3]), source="model", score=round(float(score), 3))
