"""Interface language (日本語 / やさしい日本語 / English), its strings, and furigana."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from router.tokenize import tokenize

MODES = ("ja", "easy", "en")
COOKIE = "nukumori_lang"
_KANJI = re.compile(r"[一-龥々〆ヵヶ]")


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    data = tomllib.loads((Path(__file__).parent / "strings.toml").read_text(encoding="utf-8"))
    for mode in MODES:
        missing = set(data["ja"]) - set(data[mode])
        if missing:
            raise ValueError(f"web/strings.toml: [{mode}] lacks {sorted(missing)}")
    return data


def mode_of(request) -> str:
    mode = request.cookies.get(COOKIE, "ja")
    return mode if mode in MODES else "ja"


def page_context(request) -> dict:
    mode = mode_of(request)
    return {"mode": mode, "t": strings()[mode], "html_lang": "en" if mode == "en" else "ja"}


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


@lru_cache(maxsize=4096)
def ruby_segments(text: str) -> tuple[tuple[str, str | None], ...]:
    """(base, reading) pairs; reading only where the base has kanji. Offsets index ``text``."""
    out: list[tuple[str, str | None]] = []
    last = 0
    for tok in tokenize(text):
        if tok.begin > last:
            out.append((text[last:tok.begin], None))
        base = text[tok.begin:tok.end]
        reading = _hiragana(tok.reading) if _KANJI.search(base) and tok.reading else None
        out.append((base, reading if reading and reading != base else None))
        last = tok.end
    if last < len(text):
        out.append((text[last:], None))
    return tuple(out)


def ruby(text: str) -> Markup:
    """Text with <ruby> furigana over kanji words, every part escaped."""
    parts = []
    for base, reading in ruby_segments(str(text)):
        if reading:
            parts.append(Markup("<ruby>{}<rt>{}</rt></ruby>").format(base, reading))
        else:
            parts.append(escape(base))
    return Markup("").join(parts)


# Japanese names of the language codes router/language.py gives, for the staff page: which
# interpreter to ask for. A code not listed is shown as it is.
LANGUAGE_NAMES = {
    "ja": "日本語", "ja-latn": "ローマ字の日本語", "en": "英語", "vi": "ベトナム語", "pt": "ポルトガル語",
    "es": "スペイン語", "zh": "中国語", "tl": "タガログ語", "id": "インドネシア語", "ne": "ネパール語",
    "ko": "韓国語", "th": "タイ語", "my": "ミャンマー語", "km": "クメール語", "lo": "ラオ語",
    "si": "シンハラ語", "bn": "ベンガル語", "ta": "タミル語", "el": "ギリシャ語", "he": "ヘブライ語",
    "mn": "モンゴル語", "bo": "チベット語", "ka": "ジョージア語", "hy": "アルメニア語",
    "und-arab": "アラビア文字の言語", "und-cyrl": "キリル文字の言語", "und": "判別できない文字の言語",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
