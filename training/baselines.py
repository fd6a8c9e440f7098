"""The two baselines the router must beat, returning results in the contract's shape.

- keywords: count the knowledge base's own words (area names, descriptions, program names)
  in the inquiry; what a search box on the city site would do.
- char n-grams: the same classifier and thresholds on character 2–4-grams alone, no Sudachi.
"""
from __future__ import annotations

from knowledge import KnowledgeBase

from router.analysis import analyze
from router.pipeline import Router

from .corpus import Example
from .train import train_bundle

_STOP = {"する", "ある", "いる", "なる", "こと", "もの", "ため", "など", "ない", "できる", "人", "方", "場"}


class KeywordBaseline:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.keywords: dict[str, set[str]] = {}
        for a in kb.areas.values():
            text = " ".join([a.name, a.description] + [kb.programs[p].name + " " + kb.programs[p].description for p in a.programs])
            self.keywords[a.id] = {t.norm for t in analyze(text).words if len(t.norm) > 1 and t.norm not in _STOP}

    def route(self, text: str) -> dict:
        words = {t.norm for t in analyze(text).words}
        hits = {a: len(words & kw) for a, kw in self.keywords.items()}
        ranked = sorted((a for a in hits if hits[a]), key=lambda a: -hits[a])
        if not ranked:
            return {"decision": "out_of_scope", "areas": [], "multi_issue": False}
        areas = [{"id": a, "score": hits[a] / (hits[a] + 2)} for a in ranked]
        return {"decision": "route", "areas": areas, "multi_issue": len(ranked) >= 2 and hits[ranked[1]] >= 2}


def char_ngram_router(train: list[Example], kb: KnowledgeBase) -> Router:
    bundle, _ = train_bundle(train, progress=lambda m: None, use_words=False, use_chars=True, use_reading=False)
    return Router(kb=kb, model=bundle, version="baseline-char-ngrams")
