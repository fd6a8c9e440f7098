"""Is this inquiry about several problems at once? A small logistic rule over the area scores.

A single floor ("two areas at or above 0.26") flagged too much: a second area often scores high
only because the text mentions its words as context (an age, a child present, a disability as
a fact), and some areas are far more often a side note than others. On inquiries by writers
who never saw the corpus, that floor had a precision of 0.73 at a recall of 0.96.

The rule here reads what a front-desk worker would weigh, all of it visible in the model file:

- how sure the model is of the top three areas (their scores, as log-odds),
- the 包括的相談支援 score and the "no welfare area" score,
- whether the inquiry is in Japanese (a foreign resident's question about a child allowance is
  two desks: 外国人への支援 and 子育て支援),
- its length (a long story states more problems),
- which area is on top and which is second (elderly_care is second mostly as context, poverty
  mostly as a problem of its own).

``z = intercept + Σ weight × input``, ``p = 1 / (1 + e^-z)``; multi-issue when p ≥ ``cut``.
The weights are fitted in training on out-of-fold scores (training/train.py), and the cut is
the one where precision and recall of multi-issue are both highest on those.
"""
from __future__ import annotations

import math

import numpy as np

NUMERIC_INPUTS = ("top_score", "second_score", "third_score", "comprehensive_score", "none_score",
                  "not_japanese", "log_length")
COMPREHENSIVE = "comprehensive"


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def rule_areas(labels: list[str], none_label: str) -> list[str]:
    """The areas whose ranks the rule reads: every area except 包括的相談支援 (which is the
    referral a multi-issue inquiry gets, scored as an input of its own)."""
    return [lab for lab in labels if lab not in (COMPREHENSIVE, none_label)]


def inputs(area_scores: np.ndarray, comprehensive: float, none: float, lang: str, n_chars: int
           ) -> tuple[list[float], int, int]:
    """The numeric inputs, and the positions of the top and second area in ``area_scores``."""
    order = np.argsort(-area_scores, kind="stable")[:3]
    top3 = [float(area_scores[i]) for i in order] + [0.0] * (3 - len(order))
    nums = [_logit(top3[0]), _logit(top3[1]), _logit(top3[2]), _logit(comprehensive), _logit(none),
            1.0 if lang != "ja" else 0.0, math.log1p(n_chars)]
    return nums, int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])


def design_matrix(S: np.ndarray, comprehensive: np.ndarray, none: np.ndarray, langs: list[str],
                  n_chars: list[int]) -> np.ndarray:
    """Inputs of many inquiries as rows: the numeric inputs, then top area and second area as
    one-hot columns (S: inquiries × rule areas)."""
    k = S.shape[1]
    rows = []
    for s, c, n, lang, length in zip(S, comprehensive, none, langs, n_chars):
        nums, top, second = inputs(s, c, n, lang, length)
        onehot = np.zeros(2 * k)
        onehot[top] = 1.0
        onehot[k + second] = 1.0
        rows.append(np.concatenate([nums, onehot]))
    return np.array(rows).reshape(len(rows), len(NUMERIC_INPUTS) + 2 * k)


def probability(rule: dict, area_scores: np.ndarray, comprehensive: float, none: float, lang: str,
                n_chars: int) -> float:
    """p(several problems) for one inquiry; ``area_scores`` in the order of ``rule["areas"]``."""
    nums, top, second = inputs(area_scores, comprehensive, none, lang, n_chars)
    z = rule["intercept"] + float(np.dot(rule["numeric"], nums)) + rule["top"][top] + rule["second"][second]
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def explain(rule: dict) -> dict:
    """The rule's weights by name, for the model card and the evaluation report."""
    return {"cut": rule["cut"], "intercept": round(rule["intercept"], 3),
            "numeric": {n: round(w, 3) for n, w in zip(NUMERIC_INPUTS, rule["numeric"])},
            "top_area": {a: round(w, 3) for a, w in zip(rule["areas"], rule["top"])},
            "second_area": {a: round(w, 3) for a, w in zip(rule["areas"], rule["second"])}}
