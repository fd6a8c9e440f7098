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


def _script_counts(text: str) -> dict[str, int]:
    c = {"kana": 0, "han": 0, "hangul": 0, "deva": 0, "latin": 0}
    for ch in text:
        o = ord(ch)
        if 0x3040 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9D:
            c["kana"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            c["han"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
            c["hangul"] += 1
        elif 0x0900 <= o <= 0x097F:
            c["deva"] += 1
        elif ch.isalpha() and o < 0x2000:
            c["latin"] += 1
    return c


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of ``text`` (normalized, lower case); 'ja' if unsure."""
    c = _script_counts(text)
    letters = sum(c.values())
    if letters == 0:
        return "ja"
    if c["kana"] and c["kana"] >= 0.1 * (c["kana"] + c["han"] + c["latin"]):
        return "ja"
    if c["hangul"] > letters * 0.3:
        return "ko"
    if c["deva"] > letters * 0.3:
        return "ne"
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
