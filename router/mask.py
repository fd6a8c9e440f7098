"""Masking of what identifies a person, before anything is kept (staff notes, feedback).

Pattern rules for numbers (マイナンバー before phone numbers, since both are digit runs) and
Sudachi's 人名 tags plus honorifics for names. Masked text keeps its shape so staff can still
read it: 「［氏名］さんの母（［電話番号］）」.
"""
from __future__ import annotations

import re
import unicodedata

from .tokenize import tokenize

NAME, PHONE, EMAIL, POSTAL, ADDRESS, MYNUMBER, BIRTHDATE = (
    "［氏名］", "［電話番号］", "［メール］", "［郵便番号］", "［住所］", "［マイナンバー］", "［生年月日］")

_H = r"[-‐‑‒–—―−ｰー－ ]"  # hyphens people type between digit groups (NFKC leaves some)
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), EMAIL),
    (re.compile(rf"(?<!\d)\d{{4}}{_H}?\d{{4}}{_H}?\d{{4}}(?!\d)"), MYNUMBER),
    (re.compile(r"(?:生年月日|誕生日|生まれ|dob|birth)[はがの:： ]*"
                r"(?:(?:19|20)\d{2}\s?[年/.\-]\s?\d{1,2}\s?[月/.\-]\s?\d{1,2}日?|(?:昭和|平成|令和|[shr])\s?\d{1,2}\s?[年.]\s?\d{1,2}\s?[月.]\s?\d{1,2}日?)", re.I), BIRTHDATE),
    (re.compile(r"(?:(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|(?:昭和|平成)\s?\d{1,2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日)\s?(?:生まれ|生)"), BIRTHDATE),
    (re.compile(r"〒\s?\d{3}" + _H + r"?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-])"), POSTAL),
    (re.compile(rf"(?:\+81{_H}?|(?<!\d))0\d{{1,4}}{_H}?\(?\d{{1,4}}\)?{_H}?\d{{3,4}}(?!\d)|\(0\d{{1,4}}\)\s?\d{{1,4}}{_H}?\d{{4}}"), PHONE),
    (re.compile(r"(?:[一-龥]{2,3}[都道府県])?[一-龥]{1,5}[市町村区][一-龥ぁ-んァ-ヶ]{0,8}?\d{1,5}(?:丁目|番地?|号|[-ーの－]\d{1,5}){1,4}[号]?"), ADDRESS),
    (re.compile(r"[一-龥]{1,6}(?:\d{1,4}丁目)?\d{1,5}番地?(?:の?\d{1,5})?号?|[一-龥]{2,6}\d{1,5}-\d{1,5}(?:-\d{1,5})?"), ADDRESS),
]

_HONORIFICS = ("さん", "様", "さま", "くん", "君", "ちゃん", "氏", "先生")
# Nouns that take an honorific without being anyone's name (お母さん, 大家さん, 民生委員さん).
_ROLE_WORDS = set("""
母 父 お母 お父 かあ とう 息子 娘 奥 旦那 嫁 婿 兄 姉 弟 妹 お兄 お姉 にい ねえ 孫 祖母 祖父 おばあ おじい ばあ じい おば おじ
大家 民生委員 ケアマネ ケアマネージャー ヘルパー 先生 看護師 店員 隣 お隣 近所 ご近所 担当 職員 社長 患者 利用者 家族 相手 皆 みな
皆さん 赤ちゃん 子 お子 坊 お客 客 警察 お巡り 役所 市役所 保健師 医者 お医者 運転手 管理人 後見人 保護司 委員 会長 区長 自治会長
彼 彼女 友達 友だち 友人 同僚 上司 部下 生徒 学生 教頭 校長 主人 ご主人 奥様 業者 配達 宅配 新聞屋 魚屋 八百屋 お坊 神主 誰 どなた
""".split())


def mask(text: str) -> str:
    """Replace names, phone numbers, e-mail, postal codes, addresses, マイナンバー, birth dates."""
    text = unicodedata.normalize("NFKC", text)
    for regex, placeholder in _RULES:
        text = regex.sub(placeholder, text)
    return _mask_names(text)


def _mask_names(text: str) -> str:
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    for i, t in enumerate(tokens):
        if "［" in t.surface or "］" in t.surface:
            continue
        is_person = t.pos == "名詞" and t.pos_detail.startswith("固有名詞/人名")
        nxt = tokens[i + 1].surface if i + 1 < len(tokens) else ""
        honored = (nxt in _HONORIFICS and t.pos in ("名詞", "代名詞") and t.norm not in _ROLE_WORDS
                   and t.surface not in _ROLE_WORDS and not t.pos_detail.startswith("数詞")
                   and not t.surface.startswith(("お", "ご")))
        if is_person or honored:
            spans.append((t.begin, t.end))
    if not spans:
        return text
    out, last = [], 0
    for b, e in _merge(spans):
        out.append(text[last:b])
        out.append(NAME)
        last = e
    out.append(text[last:])
    return "".join(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for b, e in spans:
        if merged and b <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([b, e])
    return [(b, e) for b, e in merged]
