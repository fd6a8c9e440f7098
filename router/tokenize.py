"""Sudachi tokenization: surface words, their normalized forms and parts of speech.

Split mode B (middle units): mode C keeps long compounds (地域包括支援センター) that a resident
rarely writes the same way twice, mode A cuts words too small to mean anything alone
(生活/保護); B keeps 生活保護 apart from 生活 while still matching the parts people write.
We use the normalized form, so 打ち込む/打込む, 子ども/子供/こども and ｶﾈ/かね fall together.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import NamedTuple

from sudachipy import Dictionary, SplitMode

# Content parts of speech: what the words are about. Particles and most auxiliaries are dropped;
# negation is kept because "出てこない" and "出てくる" mean opposite things here.
_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "感動詞"}
_KEEP_AUX = {"ない", "ぬ", "ず", "たい"}
_LATIN = re.compile(r"[a-zà-ɏḀ-ỿ0-9'’]+")
_HAS_LATIN = re.compile(r"[a-zà-ɏḀ-ỿ]")


class Token(NamedTuple):
    # A NamedTuple, not a frozen dataclass: a 200-character inquiry makes ~130 tokens, and a
    # frozen dataclass pays seven object.__setattr__ calls for each.
    surface: str
    norm: str
    pos: str  # first level of the part of speech (名詞, 動詞, ...)
    pos_detail: str  # second and third levels joined (固有名詞/人名)
    reading: str
    begin: int
    end: int


_local = threading.local()


@lru_cache(maxsize=1)
def _dictionary() -> Dictionary:
    return Dictionary(dict="core")


def _tokenizer():
    # A Sudachi tokenizer is not safe to share between threads; the dictionary is.
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        tok = _local.tokenizer = _dictionary().tokenizer(mode=SplitMode.B)
    return tok


@lru_cache(maxsize=4096)
def _pos(pos_id: int) -> tuple[str, str]:
    pos = _dictionary().pos_of(pos_id)
    return pos[0], f"{pos[1]}/{pos[2]}"


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` (already normalized), with Latin words split on spaces."""
    out: list[Token] = []
    latin = _HAS_LATIN.search(text) is not None
    begin = 0  # the surfaces tile the text, so a running offset is each token's begin()
    for m in _tokenizer().tokenize(text):
        surface = m.surface()
        base, begin = begin, begin + len(surface)
        pos, detail = _pos(m.part_of_speech_id())
        if pos == "空白":
            continue
        if latin and _HAS_LATIN.search(surface):
            # Sudachi reads Latin words as Japanese loanwords (die → ダイ); keep the word itself.
            for w in _LATIN.finditer(surface):
                out.append(Token(w.group(), w.group(), "名詞", "外国語", "", base + w.start(), base + w.end()))
            continue
        out.append(Token(surface, m.normalized_form(), pos, detail, m.reading_form(), base, begin))
    return out


def unknown_and_single_chars(text: str) -> tuple[int, int]:
    """Characters of ``text`` in words Sudachi does not know, and in one-character words: how
    well it reads the text (fewer of both is better)."""
    unknown = single = 0
    for m in _tokenizer().tokenize(text):
        n = len(m.surface().strip())
        if m.is_oov():
            unknown += n
        elif n == 1:
            single += 1
    return unknown, single


def is_content(tok: Token) -> bool:
    if tok.pos in _CONTENT_POS:
        return tok.pos_detail[:2] != "数詞" and not tok.norm.isdigit()
    return tok.pos == "助動詞" and tok.norm in _KEEP_AUX


def content_words(tokens: list[Token]) -> list[Token]:
    """The tokens that carry meaning for routing."""
    return [t for t in tokens if is_content(t)]
