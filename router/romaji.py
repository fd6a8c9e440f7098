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
_ANY_WORD = re.compile(r"[^\W\d_][\w'-]*")  # a word in any script


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


def kana_reading(text: str) -> tuple[str, list[tuple[int, int]] | None] | None:
    """The text with romaji in hiragana, and where in it that kana is (None: all of it); None
    if no part of the text looks like romaji. What the crisis phrases, written in kana, are
    also searched in.

    The whole text, spaces between kana removed, when 80% of its words read as romaji
    ("shinitai" alone too). Otherwise each run of two or more romaji-shaped words in a row, or
    one of six letters or more, the rest left as written: people switch language mid-sentence
    ("lola taorete tatenai, 87 years old, im alone with her pls help")."""
    words = _WORD.findall(text)
    if not words:
        return None
    kana = _in_kana(text, words, {})
    if kana is not None:
        return _KANA_SPACES.sub("", kana), None
    kana, spans = _runs_in_kana(text)
    return (kana, spans) if spans else None


# A romaji word alone, among words of another language, is converted from this length on
# ("ojiisan ga inai, ninchishou, it's dark"): short ones are too often English ("take", "note").
LONE_WORD = 6


def _runs_in_kana(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each run of two or more romaji words (separated by spaces only), or one
    long one, in kana, and where those runs are in the result."""
    out, spans, end, size, run = [], [], 0, 0, []  # run: (start, end, kana) of romaji words in a row

    def close():
        nonlocal end, size
        if len(run) >= 2 or (run and run[0][1] - run[0][0] >= LONE_WORD):
            kana = "".join(k for _, _, k in run)
            out.append(text[end:run[0][0]] + kana)
            size += run[0][0] - end
            spans.append((size, size + len(kana)))
            size += len(kana)
            end = run[-1][1]
        run.clear()

    for mo in _ANY_WORD.finditer(text):
        # A word with a letter outside a-z (voluntária, prevenção) is not romaji, and none of it is.
        kana = _word(mo.group()) if _WORD.fullmatch(mo.group()) else None
        if kana is None or (run and text[run[-1][1]:mo.start()].strip()):
            close()
        if kana is not None:
            run.append((mo.start(), mo.end(), kana))
    close()
    return "".join(out) + text[end:], spans


_KANA_SPACES = re.compile(r"(?<=[ぁ-ゖっ])\s+(?=[ぁ-ゖっ])")


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
