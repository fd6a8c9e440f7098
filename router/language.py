"""Which language an inquiry is written in, from its scripts and common words.

A script count settles Japanese, Korean, Nepali and Chinese; Latin-script languages are told
apart by the small words every sentence has. This is measured against a library detector in
benchmarks/language_detection.py: on short inquiries it is as accurate and far cheaper.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[a-zà-ɏḀ-ỿ']+")

# Short, frequent words; a word may vote for several languages.
_STOPWORDS = {
    "en": "i my me the is are and to a of in we have can not you he she it do does please help what how where was am our his her with for".split(),
    "vi": "tôi toi của cua và va là la có co không khong được duoc con em anh chị chi vợ chồng chong người nguoi ở o cho với voi bị bi mất mat việc viec làm lam tiền tien giúp giup".split(),
    "pt": "eu meu minha não nao que de para com está esta uma um por favor ajuda filho filha marido trabalho dinheiro tenho estou sou muito quero preciso como onde".split(),
    "es": "yo mi mis es estoy por para qué que muy tengo necesito ayuda hijo hija esposo trabajo dinero dónde donde cómo como".split(),
    "tl": "ang ng mga ako ko sa na po hindi siya kami namin ako'y ay may wala kasi pero yung anak asawa trabaho pera tulong paano saan".split(),
    "id": "saya tidak yang dan ini itu ada untuk dengan bisa anak suami istri kerja uang tolong bagaimana dimana di ke sudah belum mau".split(),
    "ne": "ma mero mera chha cha chhu garna garnu ko lai hajur malai sahayog kaam paisa chhora chhori shrimati".split(),
}
_VOTES: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words:
        _VOTES.setdefault(_w, []).append(_lang)

# Letters only Vietnamese uses (â, ê, ô are left out: Portuguese has them too).
_VI_LETTERS = set("ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
# Function words nearly every Chinese sentence has and Japanese kanji-only notes do not.
_ZH_MARKERS = set("的了我你他她们這这是吗嗎没沒么麼说說个個给給还還很都和在有")
_PT_LETTERS = set("ãõç")
_ES_LETTERS = set("ñ¿¡")


# Scripts of languages the router has no words for: each is its own language code, so such an
# inquiry is not taken for English. Thai, Burmese and Khmer are spoken by many technical interns
# in Ibaraki; a script shared by several languages gets "und" (undetermined) and the script.
_OTHER_SCRIPTS = (
    (0x0E00, 0x0E7F, "th"), (0x0E80, 0x0EFF, "lo"), (0x1000, 0x109F, "my"), (0x1780, 0x17FF, "km"),
    (0x0D80, 0x0DFF, "si"), (0x0980, 0x09FF, "bn"), (0x0B80, 0x0BFF, "ta"), (0x0600, 0x06FF, "und-arab"),
    (0x0750, 0x077F, "und-arab"), (0x0400, 0x04FF, "und-cyrl"), (0x0370, 0x03FF, "el"), (0x0590, 0x05FF, "he"),
    (0x1800, 0x18AF, "mn"), (0x0F00, 0x0FFF, "bo"), (0x10A0, 0x10FF, "ka"), (0x0530, 0x058F, "hy"),
)
# Latin letters, including Vietnamese (Latin Extended Additional) and IPA.
_LATIN_RANGES = ((0x0041, 0x024F), (0x0250, 0x02AF), (0x1E00, 0x1EFF))
# One letter per script in the translate table; the other scripts get letters from "A" on.
_MAIN_SCRIPTS = {"k": "kana", "h": "han", "g": "hangul", "d": "deva", "l": "latin"}
_OTHER_CODES = sorted({code for _, _, code in _OTHER_SCRIPTS})
_LETTER_OF_CODE = {code: chr(ord("A") + i) for i, code in enumerate(_OTHER_CODES)}
_SCRIPT_NAMES = {**_MAIN_SCRIPTS, **{letter: code for code, letter in _LETTER_OF_CODE.items()}}
_UNKNOWN_SCRIPT = "und"  # a letter below U+2000 in none of the scripts above
# Every code detect_language gives for a script the router has no words for.
OTHER_SCRIPT_CODES = frozenset(_OTHER_CODES + [_UNKNOWN_SCRIPT])


def _script_table() -> str:
    """A str.translate table (a 64 KB string indexed by code point) that turns every character
    into the letter of its script (``_SCRIPT_NAMES``), a space for anything else. Characters
    above U+FFFF are left as they are, which is no script letter either."""
    table = [" "] * 0x10000
    for o in range(0x2000):
        if chr(o).isalpha():
            table[o] = "?"
    for lo, hi in _LATIN_RANGES:
        table[lo:hi + 1] = ["l" if chr(o).isalpha() else " " for o in range(lo, hi + 1)]
    for lo, hi, code in _OTHER_SCRIPTS:
        table[lo:hi + 1] = [_LETTER_OF_CODE[code] if table[o] != " " else " " for o in range(lo, hi + 1)]
    for lo, hi, script in ((0x3040, 0x30FF, "k"), (0xFF66, 0xFF9D, "k"), (0x4E00, 0x9FFF, "h"), (0x3400, 0x4DBF, "h"),
                           (0xAC00, 0xD7AF, "g"), (0x1100, 0x11FF, "g"), (0x0900, 0x097F, "d")):
        table[lo:hi + 1] = [script] * (hi - lo + 1)
    return "".join(table)


_SCRIPT_OF = _script_table()


def _script_counts(text: str) -> dict[str, int]:
    """Letters of each script in ``text``: kana, han, hangul, deva, latin, the codes of
    ``_OTHER_SCRIPTS`` and "und" for any other letter."""
    return _count_letters(text.translate(_SCRIPT_OF))


def _count_letters(s: str) -> dict[str, int]:
    counts = {name: s.count(letter) for letter, name in _SCRIPT_NAMES.items()}
    counts[_UNKNOWN_SCRIPT] = s.count("?")
    return counts


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of ``text`` (normalized, lower case); 'ja' if unsure.
    A script the router has no words for gives its own code (th, my, km, ... or und-arab)."""
    # One translate and a count per script in C: a loop over the characters in Python cost
    # 1.5 ms on a 5,000-character inquiry, and it runs on the message and on each sentence.
    s = text.translate(_SCRIPT_OF)
    kana = s.count("k")
    if kana and kana >= 0.1 * (kana + s.count("h") + s.count("l")):
        return "ja"  # most inquiries: three counts, not one per script
    c = _count_letters(s)
    letters = sum(c.values())
    if letters == 0:
        return "ja"
    if c["kana"] and c["kana"] >= 0.1 * (c["kana"] + c["han"] + c["latin"]):
        return "ja"
    if c["hangul"] > letters * 0.3:
        return "ko"
    if c["deva"] > letters * 0.3:
        return "ne"
    other = max(_OTHER_CODES + [_UNKNOWN_SCRIPT], key=c.__getitem__)
    if c[other] > letters * 0.3:
        return other
    if c["han"] > c["latin"]:
        # Han with no kana: Chinese if it has Chinese function words; else a terse Japanese
        # note (介護保険 申請), which staff and residents write often.
        return "zh" if sum(ch in _ZH_MARKERS for ch in text) >= 1 and c["han"] >= 3 else "ja"
    if c["latin"] < 2:
        return "ja"
    return _latin_language(text)


def _latin_language(text: str) -> str:
    letters = set(text)
    score = {lang: 0.0 for lang in _STOPWORDS}
    if letters & _VI_LETTERS:
        score["vi"] += 3 + len(letters & _VI_LETTERS)
    if letters & _PT_LETTERS:
        score["pt"] += 2
    if letters & _ES_LETTERS:
        score["es"] += 2
    for w in _WORD.findall(text):
        for lang in _VOTES.get(w, ()):
            score[lang] += 1.0 / len(_VOTES[w])
    best = max(score, key=score.get)
    if score[best] == 0:
        # Latin letters but no known word: romaji Japanese, a name, a URL, noise.
        return "en" if len(text) > 20 else "ja"
    return best
