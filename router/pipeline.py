"""One inquiry end to end: text → analysis → scores + urgency → triage → result (contract JSON)."""
from __future__ import annotations

from dataclasses import dataclass

from knowledge import KnowledgeBase

from .explain import evidence
from .features import Analysis, analyze
from .model import NONE_LABEL, ModelBundle, Thresholds
from .triage import decide
from .urgency import UrgencyRules
from .urgency_signal import learned_match

MAX_CHARS = 5000


class InputError(ValueError):
    """The text cannot be routed as given; the message says why, in plain words."""


def check_text(text: object, max_chars: int = MAX_CHARS) -> str:
    if not isinstance(text, str):
        raise InputError("text must be a string")
    if not text.strip():
        raise InputError("text is empty")
    if len(text) > max_chars:
        raise InputError(f"text is longer than the maximum of {max_chars} characters")
    return text


@dataclass
class Router:
    """A loaded model and knowledge base; ``route`` is safe to call from many threads."""

    kb: KnowledgeBase
    bundle: ModelBundle
    version: str

    def __post_init__(self):
        self.rules = UrgencyRules(self.kb)
        self.thresholds = Thresholds(**self.bundle.thresholds)
        self._areas = [(i, lab) for i, lab in enumerate(self.bundle.labels) if lab != NONE_LABEL]
        self._none = self.bundle.labels.index(NONE_LABEL) if NONE_LABEL in self.bundle.labels else None

    def route(self, text: str) -> dict:
        check_text(text)
        return self.route_analysis(analyze(text))

    def route_many(self, texts: list[str]) -> list[dict]:
        return self.route_analyses([analyze(check_text(t)) for t in texts])[0]

    def route_analyses(self, analyses: list[Analysis]):
        """Results for many inquiries and their raw score matrix, featurized in one pass."""
        X = self.bundle.featurizer.transform(analyses)
        P = self.bundle.classifier.predict_proba(X)
        return [self._result(a, X[i], P[i]) for i, a in enumerate(analyses)], P

    def route_analysis(self, a: Analysis) -> dict:
        row = self.bundle.featurizer.row_one(a)
        return self._result(a, row, self.bundle.classifier.proba_row(row.indices, row.data))

    def _result(self, a: Analysis, row, probs) -> dict:
        scores = {lab: float(probs[i]) for i, lab in self._areas}
        top = sorted(scores, key=scores.get, reverse=True)[:4]
        ev = {lab: evidence(self.bundle, row, self.bundle.labels.index(lab)) for lab in top}
        matches = self.rules.check(a)
        if not matches:
            learned = learned_match(getattr(self.bundle, "urgency", None), row.indices, row.data,
                                    self.bundle.featurizer.word_names_)
            matches = [learned] if learned else []
        none_score = float(probs[self._none]) if self._none is not None else 0.0
        result = decide(self.kb, scores, ev, a.lang, matches, self.thresholds, none_score)
        for area in result["areas"]:
            if area["id"] not in ev:
                area["evidence"] = evidence(self.bundle, row, self.bundle.labels.index(area["id"]))
        result["model_version"] = self.version
        return result
