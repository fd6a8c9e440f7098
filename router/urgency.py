"""The urgency rule layer: danger now is decided here, from knowledge/data/crisis.toml.

Nothing the classifier says can turn an urgent match off. A match is dropped only when
- it sits inside an idiom or non-person phrase (``defuse``: 死ぬほど笑った, 金魚が息してない);
- its sentence is fiction or a dream (``fiction``);
- its sentence talks about the subject (``topic``: a leaflet, a lecture) and not about me, now
  (``personal``);
- its sentence is about the past (``past``) and the text says it is over (``resolved``).
Kana written with spaces between words (いき してない) is matched with the spaces removed too.
When in doubt, urgent wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+: the regex parser lives in re._parser
    from re import _parser as sre_parse
    from re import _constants as sre_c
except ImportError:  # pragma: no cover
    import sre_constants as sre_c
    import sre_parse

from knowledge import KnowledgeBase

from .features import Analysis
from .romaji import to_kana

_SENTENCE_END = re.compile(r"[。．！？!?\n]+(?![」』])|(?<=[a-z])\.\s")
_KANA_SPACES = re.compile(r"(?<=[ぁ-んァ-ンー])\s+(?=[ぁ-んァ-ンー一-龥])|(?<=[一-龥])\s+(?=[ぁ-んァ-ンー])")


def _alternation(patterns: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _first_chars(parsed) -> set[str] | None:
    """The characters a match must start with, or None when that is not known."""
    items = list(parsed)
    for i, (op, av) in enumerate(items):
        if op is sre_c.LITERAL:
            return {chr(av)}
        if op is sre_c.IN:
            chars: set[str] = set()
            for kind, v in av:
                if kind is sre_c.LITERAL:
                    chars.add(chr(v))
                elif kind is sre_c.RANGE and v[1] - v[0] < 200:
                    chars.update(chr(c) for c in range(v[0], v[1] + 1))
                else:
                    return None
            return chars
        if op is sre_c.SUBPATTERN:
            return _first_chars(av[-1]) if not _can_be_empty(av[-1]) else _union(_first_chars(av[-1]), _first_chars(items[i + 1:]))
        if op is sre_c.BRANCH:
            sets = [_first_chars(b) for b in av[1]]
            return None if any(x is None for x in sets) or any(_can_be_empty(b) for b in av[1]) else set().union(*sets)
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, _hi, sub = av
            first = _first_chars(sub)
            return first if lo > 0 else _union(first, _first_chars(items[i + 1:]))
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # anchors and lookarounds consume nothing
        return None
    return None


def _can_be_empty(parsed) -> bool:
    lo, _hi = parsed.getwidth() if hasattr(parsed, "getwidth") else (1, 1)
    return lo == 0


def _union(a, b):
    return None if a is None or b is None else a | b


class _Phrases:
    """One kind's patterns, each compiled alone with the characters it must start with, so a
    text is only searched for phrases whose first character it contains."""

    def __init__(self, patterns: list[str]):
        self.items = []
        for p in patterns:
            try:
                first = _first_chars(sre_parse.parse(p))
            except Exception:  # an exotic construct: always search it
                first = None
            self.items.append((re.compile(p), frozenset(first) if first is not None else None))

    def finditer(self, text: str, chars: set[str]):
        for regex, first in self.items:
            if first is None or not first.isdisjoint(chars):
                yield from regex.finditer(text)


@dataclass(frozen=True)
class CrisisMatch:
    kind: str
    phrase: str  # the words that matched, as written (normalized)


class UrgencyRules:
    """Compiled crisis phrases; build once, call :meth:`check` per inquiry."""

    def __init__(self, kb: KnowledgeBase):
        m = kb.modifiers
        self._defuse = _alternation(m.defuse)
        self._past = _alternation(m.past)
        self._resolved = _alternation(m.resolved)
        self._topic = _alternation(m.topic)
        self._personal = _alternation(m.personal)
        self._fiction = _alternation(m.fiction)
        kinds = sorted(kb.crisis.values(), key=lambda k: k.severity)
        self._kinds = [(k.id, _Phrases(k.patterns), [f" {lem} " for lem in k.lemmas]) for k in kinds]

    def check(self, a: Analysis) -> list[CrisisMatch]:
        """Every crisis kind found in the inquiry, most severe first (empty: not urgent)."""
        found = self._scan(a.text, a)
        # The same phrases, also over kana typed with spaces between words, and over romaji
        # turned into kana ("tasukete" is たすけて).
        variants = [_KANA_SPACES.sub("", a.text), to_kana(a.text)]
        for variant in variants:
            if variant and variant != a.text:
                have = {m.kind for m in found}
                found += [m for m in self._scan(variant, None) if m.kind not in have]
        order = [k for k, _, _ in self._kinds]
        found.sort(key=lambda m: order.index(m.kind))
        return found

    def _scan(self, raw: str, a: Analysis | None) -> list[CrisisMatch]:
        text = self._defuse.sub(lambda mo: "＿" * len(mo.group()), raw) if self._defuse else raw
        # "Over now" counts only when said after the danger ("昔は…けど今は元気").
        resolved_at = [mo.start() for mo in self._resolved.finditer(text)] if self._resolved else []
        sentences = _sentences(text)
        lemma_doc, lemma_pos = _lemma_doc(a, text) if a is not None else ("", {})
        found: list[CrisisMatch] = []
        chars = set(text)
        for kind, phrases, lemmas in self._kinds:
            hits = [(mo.start(), mo.group()) for mo in phrases.finditer(text, chars)]
            for lem in lemmas:
                i = lemma_doc.find(lem)
                while i != -1:
                    hits.append((lemma_pos[i], lem.strip()))
                    i = lemma_doc.find(lem, i + 1)
            for pos, phrase in sorted(hits):
                if self._dropped(text, _sentence_at(sentences, pos), any(r > pos for r in resolved_at)):
                    continue
                found.append(CrisisMatch(kind, phrase))
                break
        return found

    def _dropped(self, text: str, span: tuple[int, int], resolved_later: bool) -> bool:
        s, e = span
        if self._fiction and self._fiction.search(text, s, e):
            return True
        if self._topic and self._topic.search(text, s, e) and not (self._personal and self._personal.search(text, s, e)):
            return True
        return resolved_later and bool(self._past and self._past.search(text, s, e))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for mo in _SENTENCE_END.finditer(text):
        spans.append((start, mo.end()))
        start = mo.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return (0, 0)


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
