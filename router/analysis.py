"""One inquiry, read: normalized text, tokens, content words, reading, language; and what each
view of the model reads of it. No scikit-learn here, so a serving process never imports it
(that import alone was most of the start-up time).

Words are Sudachi normalized forms of content words (plus a language marker such as
``__lang_vi__``, so that the model learns "written in Vietnamese" as a feature of its own);
characters catch what the dictionary does not know: dialect, typos, kana-only spelling and
languages Sudachi was not made for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .language import detect_language
from .normalize import normalize
from .romaji import romaji_japanese
from .tokenize import Token, content_words, tokenize, unknown_and_single_chars

ROMAJI_JAPANESE = "ja-latn"  # Japanese typed in romaji (BCP 47; lower case like every feature)


class SparseRow(NamedTuple):
    """One inquiry's feature row: sorted column indices and their TF-IDF values (computed by
    the compiled model, router/compiled.py)."""

    indices: np.ndarray
    data: np.ndarray


@dataclass(frozen=True, slots=True)
class Analysis:
    """One inquiry, read: what every later step needs, computed once."""

    text: str  # normalized
    lang: str
    tokens: tuple[Token, ...]
    words: tuple[Token, ...]  # content words
    reading: str = ""  # the whole text in hiragana, so 認知症 and にんちしょう look alike

    @property
    def word_doc(self) -> str:
        return " ".join([t.norm.replace(" ", "_") for t in self.words] + [f"__lang_{self.lang}__"])


LANG_MARKER = re.compile(r"__lang_(.+)__")  # the word feature Analysis.word_doc adds for the language


def _hiragana(katakana: str) -> str:
    return katakana.translate(_KATA_TO_HIRA)


_KATA_TO_HIRA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}


def reading_of(tokens) -> str:
    return _hiragana("".join([" " if t.pos in ("補助記号", "空白") or not t.reading else t.reading for t in tokens]))


# A sentence ends at 。！？ or a line break (not inside 「」), or at ". " after a Latin letter.
_SENTENCE_END = re.compile(r"[。．！？!?\n]+(?![」』])|(?<=[a-z])\.\s")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for mo in _SENTENCE_END.finditer(text):
        spans.append((start, mo.end()))
        start = mo.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_analyses(a: Analysis) -> list[Analysis]:
    """Each sentence of a multi-sentence inquiry as an Analysis of its own, cut from the tokens
    already made (no second Sudachi pass); [] when there is one sentence."""
    spans = sentence_spans(a.text)
    if len(spans) < 2:
        return []
    out = []
    tokens_of: list[list[Token]] = [[] for _ in spans]
    k = 0
    for t in a.tokens:  # tokens and spans are both in text order: one pass
        while k < len(spans) - 1 and t.begin >= spans[k][1]:
            k += 1
        tokens_of[k].append(t)
    content = set(map(id, a.words))  # the same Token objects: no second is_content pass
    for (s, e), tokens in zip(spans, tokens_of):
        tokens = tuple(tokens)
        if tokens and romaji_japanese(a.text[s:e]):
            out.append(analyze(a.text[s:e]))  # a romaji sentence in a Japanese message: read as kana
        elif tokens:
            # Each sentence gets its own language: a Nepali sentence inside a Japanese message
            # should read as Nepali (its glossary words, its language marker).
            out.append(Analysis(text=a.text[s:e], lang=detect_language(a.text[s:e]), tokens=tokens,
                                words=tuple(t for t in tokens if id(t) in content), reading=reading_of(tokens)))
    return out


_KATAKANA = re.compile(r"[ァ-ヺ]")
_HIRAGANA = re.compile(r"[ぁ-ゖ]")
_KANJI = re.compile(r"[㐀-䶿一-鿿]")
# A run of katakana with no long-vowel mark or small vowel: ﾔﾁﾝ, ﾃﾞﾝｷﾄﾏｯﾀ are Japanese words;
# ヘルパー, ヤングケアラー, ファミリー are loanwords and stay as they are written.
_KATAKANA_RUN = re.compile(r"[ァ-ヺー]+")
_LOANWORD_MARK = re.compile(r"[ーァィゥェォヮヵヶ]")


def _fold_native_runs(text: str) -> str:
    return _KATAKANA_RUN.sub(lambda m: m.group() if _LOANWORD_MARK.search(m.group()) else _hiragana(m.group()), text)


def _katakana_writing(text: str) -> str | None:
    """Japanese written in katakana throughout, as on old phones (ｶﾈｶﾞﾅｲ ﾔﾁﾝﾊﾗｴﾅｲ), returned
    with its Japanese words in hiragana; None for any other text. Sudachi reads such text as
    unknown words but reads the hiragana well, and the corpus has kana-only inquiries. A fold
    is kept only when Sudachi then knows more of the text without cutting it into
    one-character words (デイサービス in hiragana falls apart)."""
    if _HIRAGANA.search(text):  # ordinary Japanese: out at the first hiragana
        return None
    katakana = len(_KATAKANA.findall(text))
    # A few kanji among the katakana (ツマ ガ シンデ 一年 モウ イキテル イミ ナイ) still make
    # katakana writing; kanji with katakana loanwords (来所 ケアマネ 同行) do not.
    if katakana < 4 or len(_KANJI.findall(text)) * 3 > katakana:
        return None
    folded = _fold_native_runs(text)
    if folded == text:
        return None
    unknown, _ = unknown_and_single_chars(text)
    folded_unknown, folded_single = unknown_and_single_chars(folded)
    if folded_unknown < unknown and folded_single * 2 <= katakana:
        return folded
    return None


def analyze(raw: str) -> Analysis:
    text = normalize(raw)
    # Katakana writing is read as the hiragana it stands for: the words, the crisis phrases and
    # the character n-grams then meet the kana-only inquiries (same length, same offsets).
    text = _katakana_writing(text) or text
    # Japanese typed in romaji is read as kana too; its language stays apart ("ja-latn"): the
    # writer most likely cannot use Japanese script, so 外国人への支援 is among the desks and
    # the answer comes in English and やさしい日本語.
    kana = romaji_japanese(text)
    lang = ROMAJI_JAPANESE if kana else detect_language(text)
    text = kana or text
    tokens = tuple(tokenize(text))
    return Analysis(text=text, lang=lang, tokens=tokens, words=tuple(content_words(list(tokens))),
                    reading=reading_of(tokens))


def glossary_table() -> str:
    """knowledge/data/glossary.tsv as 'term\\tJapanese words' lines, Japanese in normalized forms."""
    from knowledge import load_glossary

    lines = []
    for term, _lang, ja in load_glossary():
        norms = " ".join(t.norm for t in content_words(tokenize(normalize(ja)))) or normalize(ja)
        lines.append(f"{normalize(term)}\t{norms}")
    return "\n".join(sorted(set(lines)))


class _Glossary:
    """Finds glossary terms in non-Japanese text and returns their Japanese words.

    Terms in scripts that separate words with spaces (Latin, and Devanagari, which the letter
    class below takes in) are matched as whole word sequences (up to four words) by dictionary
    lookup; Chinese and Korean terms by substring. No giant regex: building one
    from two thousand terms took over a second on the first foreign inquiry of each worker.
    """

    def __init__(self, table: str):
        self.words_of: dict[str, str] = {}
        self.substrings: list[tuple[str, str]] = []
        for line in table.splitlines():
            term, _, ja = line.partition("\t")
            if not (term and ja):
                continue
            if _LATIN_WORD.fullmatch(term.replace(" ", "")) or " " in term and _HAS_LATIN.search(term):
                self.words_of.setdefault(" ".join(_LATIN_WORD.findall(term)), ja)
            else:
                self.substrings.append((term, ja))
        self.max_words = max((k.count(" ") + 1 for k in self.words_of), default=0)
        # Substring terms by their first character: a message is checked only against the terms
        # that can start at one of its characters (a Vietnamese message against none of the
        # 1,700 Chinese and Korean terms; a Chinese one against a few dozen).
        self._starting_with: dict[str, list[int]] = {}
        for i, (term, _) in enumerate(self.substrings):
            self._starting_with.setdefault(term[0], []).append(i)

    def words(self, text: str) -> list[str]:
        return [w for _, ja in self.matches(text) for w in ja.split(" ")]

    def matches(self, text: str) -> list[tuple[str, str]]:
        """(term as found in the text, its Japanese words) for every glossary term in ``text``."""
        out: list[tuple[str, str]] = []
        tokens = _LATIN_WORD.findall(text)
        for i in range(len(tokens)):
            for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                term = " ".join(tokens[i:i + n])
                ja = self.words_of.get(term)
                if ja:
                    out.append((term, ja))
                    break
            else:
                ja = self._nepali_stem(tokens[i])
                if ja:
                    out.append((tokens[i], ja))
        found = [i for ch in self._starting_with.keys() & set(text) for i in self._starting_with[ch]
                 if self.substrings[i][0] in text]
        out.extend(self.substrings[i] for i in sorted(found))  # table order, as the model was trained
        return out

    def _nepali_stem(self, token: str) -> str | None:
        """Nepali writes its case endings onto the word (आमालाई "to mother", छोराको "son's"):
        a Devanagari word that is not a term itself is looked up without its ending."""
        if not ("\u0900" <= token[0] <= "\u097f"):
            return None
        for suffix in _NEPALI_ENDINGS:
            if token.endswith(suffix) and len(token) > len(suffix) + 1:
                return self.words_of.get(token[:-len(suffix)])
        return None


_LATIN_WORD = re.compile(r"[a-zà-ỹ0-9'’-]+")
# Nepali case endings and the plural, longest first (हरूलाई before लाई).
_NEPALI_ENDINGS = tuple(sorted(["लाई", "को", "का", "की", "मा", "ले", "बाट", "सँग", "संग", "हरू", "हरु", "हरूलाई",
                                "हरुलाई", "हरूको", "हरुको", "हरूमा", "हरुमा", "तिर", "भन्दा"], key=len, reverse=True))
_HAS_LATIN = re.compile(r"[a-zà-ỹ]")


_WHITE = re.compile(r"\s\s+")  # what scikit-learn's char analyzer squeezes to one space


def word_doc(a: Analysis, glossary: _Glossary | None) -> str:
    """The word view's document: content words, the language marker and, for an inquiry not in
    Japanese, the Japanese words of the glossary terms it contains."""
    if a.lang == "ja" or glossary is None:
        return a.word_doc
    extra = glossary.words(a.text)
    return a.word_doc + (" " + " ".join(extra) if extra else "")


def view_doc(kind: str, a: Analysis, glossary: _Glossary | None):
    """What each view of the model reads (router/grams.py cuts its n-grams): the word list, the
    text with white space squeezed, or the hiragana reading."""
    if kind == "word":
        return word_doc(a, glossary).split()
    if kind == "char":
        return _WHITE.sub(" ", a.text)
    return a.reading
