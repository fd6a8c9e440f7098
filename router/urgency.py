"""The urgency rule layer: danger now is decided here, from knowledge/data/crisis.toml.

Nothing the classifier says can turn an urgent match off. A match is dropped only when it sits
in an idiom or awareness phrase (``defuse``), or in a sentence about the past while the text
also says it is over (``past`` + ``resolved``). When in doubt, urgent wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import KnowledgeBase

from .features import Analysis

_SENTENCE_END = re.compile(r"[。．！？!?\n]+|(?<=[a-z])\.\s")


@dataclass(frozen=True)
class CrisisMatch:
    kind: str
    phrase: str  # the words that matched, as written (normalized)


class UrgencyRules:
    """Compiled crisis phrases; build once, call :meth:`check` per inquiry."""

    def __init__(self, kb: KnowledgeBase):
        m = kb.modifiers
        self._defuse = re.compile("|".join(f"(?:{p})" for p in m.defuse))
        self._past = re.compile("|".join(f"(?:{p})" for p in m.past))
        self._resolved = re.compile("|".join(f"(?:{p})" for p in m.resolved))
        kinds = sorted(kb.crisis.values(), key=lambda k: k.severity)
        self._kinds = [(k.id, re.compile("|".join(f"(?:{p})" for p in k.patterns)) if k.patterns else None,
                        [f" {lem} " for lem in k.lemmas]) for k in kinds]

    def check(self, a: Analysis) -> list[CrisisMatch]:
        """Every crisis kind found in the inquiry, most severe first (empty: not urgent)."""
        text = self._defuse.sub(lambda mo: "＿" * len(mo.group()), a.text)
        resolved_now = bool(self._resolved.search(text))
        sentences = _sentences(text)
        lemma_doc, lemma_pos = _lemma_doc(a, text)
        found: list[CrisisMatch] = []
        for kind, regex, lemmas in self._kinds:
            hits = [(mo.start(), mo.group()) for mo in regex.finditer(text)] if regex else []
            for lem in lemmas:
                i = lemma_doc.find(lem)
                while i != -1:
                    hits.append((lemma_pos[i], lem.strip()))
                    i = lemma_doc.find(lem, i + 1)
            for pos, phrase in hits:
                if resolved_now and self._in_past_sentence(text, sentences, pos):
                    continue
                found.append(CrisisMatch(kind, phrase))
                break
        return found

    def _in_past_sentence(self, text: str, sentences: list[tuple[int, int]], pos: int) -> bool:
        for start, end in sentences:
            if start <= pos < end:
                return bool(self._past.search(text, start, end))
        return False


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for mo in _SENTENCE_END.finditer(text):
        spans.append((start, mo.end()))
        start = mo.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _lemma_doc(a: Analysis, defused: str) -> tuple[str, dict[int, int]]:
    """' 死ぬ たい ...' over all tokens not inside a defused span, with each lemma's text offset."""
    parts = [" "]
    pos: dict[int, int] = {}
    offset = 1
    for t in a.tokens:
        if "＿" in defused[t.begin:t.end]:
            continue
        pos[offset - 1] = t.begin
        parts.append(t.norm + " ")
        offset += len(t.norm) + 1
    return "".join(parts), pos
