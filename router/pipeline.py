"""One inquiry end to end: text → analysis → scores + urgency → triage → result (contract JSON)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from knowledge import KnowledgeBase

from .analysis import LANG_MARKER, Analysis, analyze
from .language import OTHER_SCRIPT_CODES
from .compiled import CompiledModel
from . import multi_issue
from .explain import evidence
from .model import NONE_LABEL, Thresholds
from .triage import decide
from .urgency import UrgencyRules
from .urgency_signal import learned_match, sentences_to_read

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
    model: CompiledModel  # a freshly trained ModelBundle is compiled on the way in
    version: str
    # The crisis phrases compiled from ``kb``; built here when not given. A model swap passes
    # the serving router's own: the phrases did not change, and compiling them costs ~0.3 s.
    rules: UrgencyRules | None = None

    def __post_init__(self):
        if not isinstance(self.model, CompiledModel):
            self.model = CompiledModel.from_bundle(self.model)
        if self.rules is None:
            self.rules = UrgencyRules(self.kb)
        self.thresholds = Thresholds(**self.model.thresholds)
        self._areas = [(i, lab) for i, lab in enumerate(self.model.labels) if lab != NONE_LABEL]
        self._none = self.model.labels.index(NONE_LABEL) if NONE_LABEL in self.model.labels else None
        self._index = {lab: i for i, lab in enumerate(self.model.labels)}
        rule = self.model.multi_rule
        self._multi_cols = [self._index[a] for a in rule["areas"]] if rule else None
        # The languages the model was trained on: their markers ("__lang_vi__") are word features.
        self._known_langs = {m.group(1) for m in map(LANG_MARKER.fullmatch, map(str, self.model.word_names)) if m}

    def route(self, text: str) -> dict:
        check_text(text)
        return self.route_analysis(analyze(text))

    def route_many(self, texts: list[str]) -> list[dict]:
        return self.route_analyses([analyze(check_text(t)) for t in texts])[0]

    def route_analysis(self, a: Analysis) -> dict:
        return self.route_analyses([a])[0][0]

    def route_analyses(self, analyses: list[Analysis]):
        """Results for many inquiries and their score matrix (inquiries × labels).

        Every inquiry and every sentence the urgency signal may read are cut in one batch (one
        pass of numpy calls however many there are): the sentences are wasted work only when
        the phrase rules already found danger."""
        groups = [[a, *sentences_to_read(self.model, a)] for a in analyses]
        rows = self.model.rows([x for g in groups for x in g])
        results, P, k = [], np.zeros((len(analyses), len(self.model.labels)), dtype=np.float32), 0
        for i, (a, g) in enumerate(zip(analyses, groups)):
            row, sentence_rows = rows[k], rows[k + 1:k + len(g)]
            k += len(g)
            P[i] = self.model.proba(row)
            results.append(self._result(a, row, P[i], sentence_rows))
        return results, P

    def readable(self, a: Analysis) -> bool:
        """Whether the model can read the inquiry: Japanese, or a language it was trained on.
        Not "any word it knows": in a Thai message, "help" alone made a row the model had never
        seen the like of, and it scored 生活困窮 0.81."""
        if a.lang == "ja" or a.lang in self._known_langs:
            return True
        # A model with no word features at all (the character n-gram baseline) has no language
        # markers to go by: it reads by characters, any script except those no corpus line has.
        return self.model.n_word_features == 0 and a.lang not in OTHER_SCRIPT_CODES

    def _result(self, a: Analysis, row, probs, sentence_rows: list | None = None) -> dict:
        scores = {lab: float(probs[i]) for i, lab in self._areas}
        readable = self.readable(a)
        matches = self.rules.check(a)
        if not matches and readable:  # the signal on a row it cannot read would only extrapolate
            learned = learned_match(self.model, a, row, sentence_rows)
            matches = [learned] if learned else []
        none_score = float(probs[self._none]) if self._none is not None else 0.0
        multi_score, cut = None, 0.5
        if self._multi_cols is not None:
            rule = self.model.multi_rule
            multi_score = multi_issue.probability(rule, probs[self._multi_cols], scores.get("comprehensive", 0.0),
                                                  none_score, a.lang, len(a.text), self.model.text_multi(row))
            cut = rule["cut"]
        result = decide(self.kb, scores, a.lang, matches, self.thresholds, none_score, multi_score, cut, readable)
        shown = result["areas"]  # evidence only for the areas the result shows
        glossed = self.model.glossed(a) if shown else None  # {} for Japanese
        for area, words in zip(shown, evidence(self.model, row, [self._index[a["id"]] for a in shown], glossed=glossed)):
            area["evidence"] = words
        result["model_version"] = self.version
        return result
