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
  mostly as a problem of its own),
- how much the words read like several problems (``text_multi``): one more logistic
  regression over the same TF-IDF row as the areas, trained on which inquiries have two or
  more areas. The area scores alone cannot tell a second problem from the same words said as
  context; this signal reads the whole wording (a family described member by member, 上に,
  それに…). Measured by 5-fold cross-validation on the train split, it raised the rule's
  precision and recall from 0.841 / 0.839 to 0.849 / 0.852.

``z = intercept + Σ weight × input``, ``p = 1 / (1 + e^-z)``; multi-issue when p ≥ ``cut``.
The weights are fitted in training on out-of-fold scores (training/train.py), and the cut is
the one where precision and recall of multi-issue are both highest on those.
"""
from __future__ import annotations

import math

import numpy as np

NUMERIC_INPUTS = ("top_score", "second_score", "third_score", "comprehensive_score", "none_score",
                  "not_japanese", "log_length", "text_multi")
COMPREHENSIVE = "comprehensive"
# A rule trained before the text signal existed reads the first seven; its model files keep
# working (a rollback must not fail).
FIRST_INPUTS = NUMERIC_INPUTS[:7]


def names_for(text_signal: bool) -> tuple[str, ...]:
    """The numeric inputs of a rule fitted with or without the text signal."""
    return NUMERIC_INPUTS if text_signal else FIRST_INPUTS


def input_names(rule: dict) -> tuple[str, ...]:
    """The numeric inputs ``rule`` was trained on, in the order of its weights."""
    return tuple(rule.get("inputs", FIRST_INPUTS))


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def rule_areas(labels: list[str], none_label: str) -> list[str]:
    """The areas whose ranks the rule reads: every area except 包括的相談支援 (which is the
    referral a multi-issue inquiry gets, scored as an input of its own)."""
    return [lab for lab in labels if lab not in (COMPREHENSIVE, none_label)]


def inputs(area_scores: np.ndarray, comprehensive: float, none: float, lang: str, n_chars: int,
           text_multi: float | None = None, names: tuple[str, ...] = NUMERIC_INPUTS) -> tuple[list[float], int, int]:
    """The numeric inputs ``names``, and the positions of the top and second area in
    ``area_scores``. ``text_multi`` is the text signal's probability (needed only when
    ``names`` has it)."""
    order = np.argsort(-area_scores, kind="stable")[:3]
    top3 = [float(area_scores[i]) for i in order] + [0.0] * (3 - len(order))
    nums = [_logit(top3[0]), _logit(top3[1]), _logit(top3[2]), _logit(comprehensive), _logit(none),
            1.0 if lang != "ja" else 0.0, math.log1p(n_chars)]
    if len(names) > len(FIRST_INPUTS):
        if text_multi is None:
            raise ValueError("this rule reads the text signal, and none was given")
        nums.append(_logit(text_multi))
    return nums, int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])


def design_matrix(S: np.ndarray, comprehensive: np.ndarray, none: np.ndarray, langs: list[str],
                  n_chars: list[int], text_multi: np.ndarray | None = None) -> np.ndarray:
    """Inputs of many inquiries as rows: the numeric inputs, then top area and second area as
    one-hot columns (S: inquiries × rule areas). Without ``text_multi``, the first seven
    inputs only."""
    names = names_for(text_multi is not None)
    k = S.shape[1]
    rows = []
    for i, (s, c, n, lang, length) in enumerate(zip(S, comprehensive, none, langs, n_chars)):
        nums, top, second = inputs(s, c, n, lang, length, None if text_multi is None else float(text_multi[i]), names)
        onehot = np.zeros(2 * k)
        onehot[top] = 1.0
        onehot[k + second] = 1.0
        rows.append(np.concatenate([nums, onehot]))
    return np.array(rows).reshape(len(rows), len(names) + 2 * k)


def probability(rule: dict, area_scores: np.ndarray, comprehensive: float, none: float, lang: str,
                n_chars: int, text_multi: float | None = None) -> float:
    """p(several problems) for one inquiry; ``area_scores`` in the order of ``rule["areas"]``."""
    nums, top, second = inputs(area_scores, comprehensive, none, lang, n_chars, text_multi, input_names(rule))
    z = rule["intercept"] + float(np.dot(rule["numeric"], nums)) + rule["top"][top] + rule["second"][second]
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def explain(rule: dict) -> dict:
    """The rule's weights by name, for the model card and the evaluation report."""
    return {"cut": rule["cut"], "intercept": round(rule["intercept"], 3),
            "numeric": {n: round(w, 3) for n, w in zip(input_names(rule), rule["numeric"])},
            "top_area": {a: round(w, 3) for a, w in zip(rule["areas"], rule["top"])},
            "second_area": {a: round(w, 3) for a, w in zip(rule["areas"], rule["second"])}}
