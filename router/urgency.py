"""The urgency rule layer: danger now is decided here, from knowledge/data/crisis.toml.

Nothing the classifier says can turn an urgent match off. A match is dropped only when
- it sits inside an idiom or non-person phrase (``defuse``: 死ぬほど笑った, 金魚が息してない);
- its sentence is fiction or a dream (``fiction``);
- its sentence talks about the subject (``topic``: a leaflet, a lecture) and not about me, now
  (``personal``);
- its sentence is about the past (``past``) and the text says it is over (``resolved``);
- its sentence tells it as years ago and over (``long_ago``: 子どものころ父に殴られていました),
  with no ``but`` after that, and no word of now or still (``now_or_still``) in that sentence
  or the next.
Japanese typed with spaces between the words (いき してない: voice input, older people,
やさしい日本語) is read with those spaces removed, so that a phrase and the words that defuse it
(清水の 舞台から 飛び降りる) are whole; no phrase has such a space (a test checks).
Romaji is matched in kana too, a whole text or a phrase of it ("lola taorete tatenai, help").
A text typed without diacritics ("het gao het tien", "nao respira": phones set to another
language) is also matched against the accented phrases written without them, as whole words
only: in Vietnamese the marks tell words apart, and "cho ngu" (chỗ ngủ, a place to sleep)
must not match "cho nguoi" (cho người, for people). A text with diacritics keeps the phrases
as written.
When in doubt, urgent wins.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace
from operator import add

from knowledge import KnowledgeBase
from knowledge.patterns import compiled, pattern_index

from .analysis import Analysis, analyze, sentence_spans
from .romaji import kana_reading

# Spaces (not line breaks: they end sentences) between two Japanese characters.
_JA = "ぁ-ゖァ-ヺー一-龥々〆、。「」『』！？…・"
JAPANESE_SPACES = re.compile(f"(?<=[{_JA}])[ \t\u3000]+(?=[{_JA}])")


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics → their base letter (ố → o, ã → a, đ → d)."""
    table = {}
    for o in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFKD", chr(o))[0]
        if base != chr(o) and base.isascii() and base.isalpha():
            table[o] = base
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ø"): "o", ord("ł"): "l"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``text`` with its Latin letters stripped of diacritics."""
    return text.translate(_FOLD)


def _with_bare_twins(patterns: list[str]) -> list[str]:
    """The patterns, and each one that has diacritics once more without them, as a whole word."""
    return list(patterns) + [f"(?:{fold(p)})(?![a-z])" for p in patterns if fold(p) != p]


# A past or long-ago marker followed by "since" (去年から, 先月以来, 昔より, 十年前ずっと) starts
# something still going on, and a "now it is over" followed by a negation (もう大丈夫じゃない,
# 今は元気がない, 大丈夫かわからない) says the opposite: neither lets a danger phrase be dropped. Added to every marker, so the
# data file need not repeat it. Likewise a topic word followed by 中 ("during": 授業中,
# 訓練中に倒れた) is where the danger happens, not a lesson about it. A space typed between
# kana words (むかし から) does not hide any of these.
_ONGOING = "(?! ?(から|以来|このかた|より|ずっと))"
_NEGATED = "(?! ?(じゃ|では|か(わか|分か|判)らな|がな|な(い|く)))"
_DURING = "(?! ?(中|の(最中|途中|あと|後)))"
# The past tense after a match that is told as long ago (crisis.toml's long_ago; see
# _told_as_long_ago): grammar, not vocabulary, so it stays with the mechanism.
_PAST_AFTER = re.compile("(た|だ)(?![いくろらけがな])|ました|でした|歴(あり|有|が?ある)|(?<=[a-z])ed\\b|\\b(was|were|had|tried|did|took)\\b")


def _told_as_long_ago(ps: SimpleNamespace, text: str, s: int, e: int, next_end: int, pos: int, end: int) -> bool:
    """Whether the match at ``pos:end`` in the sentence ``s:e`` is told as long ago and over:
    a ``long_ago`` marker before it (or inside it: 子どものころ父に殴ら) with no ``but`` and no
    past tense between (十年前に別れた夫に殺すと言われた: the years ago are another verb's),
    the past tense after it, and no ``now_or_still`` in its sentence or the next, which ends at
    ``next_end`` (三年前に殴られた。その夫が今日出所する). The past tense alone says nothing:
    夫に殴られた is most often just now."""
    if not (ps.long_ago and ps.now_or_still):
        return False
    ago = None
    for ago in ps.long_ago.finditer(text, s, end):  # the last marker before the match's end
        pass
    if ago is None or ps.now_or_still.search(text, s, next_end):
        return False
    if (ps.but and ps.but.search(text, ago.end(), pos)) or _PAST_AFTER.search(text, ago.end(), pos):
        return False
    cut = ps.but.search(text, pos, e) if ps.but else None
    return bool(_PAST_AFTER.search(text, pos, cut.start() if cut else e))


class _Alternation:
    """Patterns joined into one regex, compiled the first time a match needs it: these are read
    only around a danger phrase that matched, and compiling all fourteen (both sets) was a
    tenth of a worker's start-up."""

    __slots__ = ("pattern",)

    def __init__(self, patterns: list[str]):
        self.pattern = "|".join(f"(?:{p})" for p in patterns)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return compiled(self.pattern).search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return compiled(self.pattern).finditer(text, pos, endpos)


def _alternation(patterns: list[str]) -> _Alternation | None:
    return _Alternation(patterns) if patterns else None


class _Phrases:
    """Patterns compiled one by one and indexed by what a text must hold for them to match.

    Each pattern is filed under the first two characters of each of its required literals;
    a text looks up its own characters and character pairs and searches only the patterns
    filed there (then checks the full literal with ``in``). One big alternation, or one test
    per pattern in Python, cost a few hundred microseconds per inquiry; this costs a few tens.
    """

    def __init__(self, patterns: list[str]):
        self.items: list[tuple[str, tuple[str, ...] | None, frozenset | None]] = []
        self.by_key: dict[str, list[int]] = {}
        self.always: list[int] = []
        for i, p in enumerate(patterns):
            required, first = pattern_index(p)
            self.items.append((p, required, first))
            if required:
                for r in required:
                    self.by_key.setdefault(r[:2], []).append(i)
            else:
                self.always.append(i)
        self.keys = frozenset(self.by_key)

    def finditer(self, text: str, keys: set[str]):
        """Matches in ``text``; ``keys`` is ``text_keys(text)``."""
        candidates = set(self.always)
        for k in self.keys.intersection(keys):
            candidates.update(self.by_key[k])
        for i in sorted(candidates):
            pattern, required, first = self.items[i]
            if required is not None and not any(r in text for r in required):
                continue
            if first is not None and first.isdisjoint(keys):
                continue
            # Compiled the first time a text could match it (knowledge/patterns.py says why).
            yield from compiled(pattern).finditer(text)


def text_keys(text: str) -> set[str]:
    """The characters and character pairs of a text: what ``_Phrases`` looks patterns up by."""
    keys = set(map(add, text, text[1:]))
    keys.update(text)
    return keys


@dataclass(frozen=True)
class CrisisMatch:
    kind: str
    phrase: str  # the words that matched, as written (normalized)
    source: str = "rule"  # "rule": a crisis phrase; "model": the learned signal (urgency_signal.py)
    score: float | None = None  # the learned signal's score, for source "model"


class UrgencyRules:
    """Compiled crisis phrases; build once, call :meth:`check` per inquiry."""

    def __init__(self, kb: KnowledgeBase):
        # Two compiled sets: the phrases as written, and the same with bare twins for texts
        # typed without diacritics (see the module's docstring).
        self._as_written = self._compile(kb, list)
        self._bare = self._compile(kb, _with_bare_twins)
        self._order = [kind for kind, _, _ in self._as_written.kinds]  # most severe first

    @staticmethod
    def _compile(kb: KnowledgeBase, expand) -> SimpleNamespace:
        m = kb.modifiers
        kinds = sorted(kb.crisis.values(), key=lambda k: k.severity)
        return SimpleNamespace(
            defuse=_Phrases(expand(m.defuse)), past=_alternation([p + _ONGOING for p in expand(m.past)]),
            resolved=_Phrases([p + _NEGATED for p in expand(m.resolved)]), topic=_alternation([p + _DURING for p in expand(m.topic)]),
            personal=_alternation(expand(m.personal)), fiction=_alternation(expand(m.fiction)),
            long_ago=_alternation([p + _ONGOING for p in expand(m.long_ago)]), but=_alternation(expand(m.but)),
            now_or_still=_alternation(expand(m.now_or_still)),
            kinds=[(k.id, _Phrases(expand(k.patterns)), [f" {lem} " for lem in k.lemmas]) for k in kinds])

    def check(self, a: Analysis) -> list[CrisisMatch]:
        """Every crisis kind found in the inquiry, most severe first (empty: not urgent)."""
        joined = JAPANESE_SPACES.sub("", a.text)
        if joined != a.text:
            # Read without the spaces, and only so: matched as typed too, "清水の 舞台から 飛び降りる
            # つもりで" was urgent, the idiom that defuses 飛び降り cut in three.
            a = analyze(joined)
        ps = self._bare if fold(a.text) == a.text else self._as_written
        found = self._scan(a.text, a, ps)
        # The same phrases, also over romaji turned into kana ("tasukete" is たすけて); only what
        # is found in that kana counts, the rest was read as written (with its modifiers).
        reading = kana_reading(a.text)
        if reading and reading[0] != a.text:
            have = {m.kind for m in found}
            found += [m for m in self._scan(reading[0], None, ps, within=reading[1]) if m.kind not in have]
        found.sort(key=lambda m: self._order.index(m.kind))
        return found

    def _scan(self, raw: str, a: Analysis | None, ps: SimpleNamespace,
              within: list[tuple[int, int]] | None = None) -> list[CrisisMatch]:
        """The crisis kinds found in ``raw``; with ``within``, only phrases that overlap one of
        those spans."""
        keys = text_keys(raw)
        text = raw
        for mo in ps.defuse.finditer(raw, keys):
            # Every span a defusing phrase covers is blanked, so no crisis phrase matches in it.
            text = text[:mo.start()] + "＿" * (mo.end() - mo.start()) + text[mo.end():]
        if text is not raw:
            keys = text_keys(text)
        # "Over now" counts only when said after the danger ("昔は…けど今は元気").
        resolved_at = [mo.start() for mo in ps.resolved.finditer(text, keys)]
        sentences = sentence_spans(text)
        lemma_doc, lemma_tokens = _lemma_doc(a, text) if a is not None else ("", [])
        found: list[CrisisMatch] = []
        for kind, phrases, lemmas in ps.kinds:
            hits = [(mo.start(), mo.group()) for mo in phrases.finditer(text, keys)]
            for lem in lemmas:
                i = lemma_doc.find(lem)
                while i != -1:
                    hits.append((lemma_tokens[lemma_doc.count(" ", 0, i + 1) - 1].begin, lem.strip()))
                    i = lemma_doc.find(lem, i + 1)
            if within is not None:
                hits = [(pos, p) for pos, p in hits if any(s < pos + len(p) and pos < e for s, e in within)]
            for pos, phrase in sorted(hits):
                if self._dropped(ps, text, sentences, any(r > pos for r in resolved_at), pos, pos + len(phrase)):
                    continue
                found.append(CrisisMatch(kind, phrase))
                break
        return found

    @staticmethod
    def _dropped(ps: SimpleNamespace, text: str, sentences: list[tuple[int, int]], resolved_later: bool, pos: int,
                 end: int) -> bool:
        s, e = _sentence_at(sentences, pos)
        if ps.fiction and ps.fiction.search(text, s, e):
            return True
        if ps.topic and ps.topic.search(text, s, e) and not (ps.personal and ps.personal.search(text, s, e)):
            return True
        if resolved_later and bool(ps.past and ps.past.search(text, s, e)):
            return True
        next_end = next((e2 for s2, e2 in sentences if s2 == e), e)
        return _told_as_long_ago(ps, text, s, e, next_end, pos, end)


def _sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return (0, 0)


def _lemma_doc(a: Analysis, defused: str) -> tuple[str, list]:
    """' 死ぬ たい ...' over all tokens not inside a defused span, and those tokens: the token
    of a match at offset i is ``tokens[doc.count(" ", 0, i + 1) - 1]``."""
    tokens = a.tokens if "＿" not in defused else [t for t in a.tokens if "＿" not in defused[t.begin:t.end]]
    return " " + " ".join([t.norm.replace(" ", "_") for t in tokens]) + " ", tokens
