"""Romaji (Hepburn, as people type it on phones abroad) to hiragana, so the urgency phrases
written in kana also catch "tasukete", "shinitai", "ugokanai"."""
from __future__ import annotations

import re

_TABLE = {
    "kya": "きゃ", "kyu": "きゅ", "kyo": "きょ", "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "chi": "ち", "cha": "ちゃ",
    "chu": "ちゅ", "cho": "ちょ", "tsu": "つ", "shi": "し", "nya": "にゃ", "nyu": "にゅ", "nyo": "にょ", "hya": "ひゃ",
    "hyu": "ひゅ", "hyo": "ひょ", "mya": "みゃ", "myu": "みゅ", "myo": "みょ", "rya": "りゃ", "ryu": "りゅ", "ryo": "りょ",
    "gya": "ぎゃ", "gyu": "ぎゅ", "gyo": "ぎょ", "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "ji": "じ", "bya": "びゃ",
    "byu": "びゅ", "byo": "びょ", "pya": "ぴゃ", "pyu": "ぴゅ", "pyo": "ぴょ", "fu": "ふ",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ", "sa": "さ", "su": "す", "se": "せ", "so": "そ",
    "ta": "た", "te": "て", "to": "と", "na": "な", "ni": "に", "nu": "ぬ", "ne": "ね", "no": "の", "ha": "は",
    "hi": "ひ", "he": "へ", "ho": "ほ", "ma": "ま", "mi": "み", "mu": "む", "me": "め", "mo": "も", "ya": "や",
    "yu": "ゆ", "yo": "よ", "ra": "ら", "ri": "り", "ru": "る", "re": "れ", "ro": "ろ", "wa": "わ", "wo": "を",
    "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご", "za": "ざ", "zu": "ず", "ze": "ぜ", "zo": "ぞ",
    "da": "だ", "de": "で", "do": "ど", "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ", "pa": "ぱ",
    "pi": "ぴ", "pu": "ぷ", "pe": "ぺ", "po": "ぽ", "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
}
_WORD = re.compile(r"[a-z'-]+")


def _word(w: str) -> str | None:
    out, i = [], 0
    w = w.replace("-", "").replace("'", "")
    while i < len(w):
        if i + 1 < len(w) and w[i] == w[i + 1] and w[i] not in "aeioun":
            out.append("っ")  # doubled consonant: kitte → きって
            i += 1
            continue
        for n in (3, 2, 1):
            kana = _TABLE.get(w[i:i + n])
            if kana:
                out.append(kana)
                i += n
                break
        else:
            if w[i] == "n":
                out.append("ん")
                i += 1
            else:
                return None  # not romaji (an English word, a name)
    return "".join(out)


def _in_kana(text: str, words: list[str], particles: dict[str, str]) -> str | None:
    """``text`` with its romaji words in hiragana, or None when fewer than 80% of ``words``
    read as romaji (an English sentence, names)."""
    converted = {w: particles.get(w) or _word(w) for w in set(words)}
    if sum(1 for w in words if converted[w]) < 0.8 * len(words):
        return None
    return _WORD.sub(lambda m: converted[m.group()] or m.group(), text)


def to_kana(text: str) -> str | None:
    """The text with romaji words in hiragana and no spaces, or None if it does not look like
    romaji (what the crisis phrases, written in kana, are also searched in)."""
    words = _WORD.findall(text)
    kana = _in_kana(text, words, {}) if len(words) >= 2 else None
    return kana.replace(" ", "") if kana is not None else None


# Particles and endings nearly every romaji sentence has. No line of the corpus in another
# Latin-script language (English, Vietnamese without accents, Portuguese, Spanish, Tagalog,
# Indonesian, romanized Nepali) has two of them and 80% romaji-shaped words.
_JAPANESE_MARKERS = frozenset(
    "ga wo ni de wa kara made desu masu masen mashita deshita kudasai nai kedo node tte dake shite "
    "imasu arimasu shimasu tai nakute dekinai shitai".split())
_OTHER_SCRIPT = re.compile(r"[ぁ-ゖァ-ヺ㐀-䶿一-鿿가-힣ऀ-ॿ]")
_PARTICLE = {"wa": "は", "e": "へ"}  # written as pronounced, spelled は and へ


def romaji_japanese(text: str) -> str | None:
    """Japanese typed in romaji ("musuko ga heya kara dete konai"), in hiragana with its spaces
    kept, so that it is read like any kana inquiry; None for any other text."""
    if _OTHER_SCRIPT.search(text):
        return None
    words = _WORD.findall(text)
    if len(words) < 2 or len({w for w in words if w in _JAPANESE_MARKERS}) < 2:
        return None
    return _in_kana(text, words, _PARTICLE)
