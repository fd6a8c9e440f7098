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

_H = r"[-‐‑‒–—―−ｰー－ .]"  # hyphens people type between digit groups (NFKC leaves some)
_ERA = r"(?:昭和|平成|令和|大正|明治|[SHRTM]\.?)"
_COUNTER = r"(?![0-9]*\s?(?:年|月|日|歳|才|代|円|人|時|分|秒|回|階|件|か月|ヶ月|カ月|万|%|点|枚|本|個|cm|kg|号室|世帯|校|年度))"
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"[A-Za-z0-9._%+-]+\s?(?:@|アットマーク|あっとまーく|\bat\b)\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), EMAIL),
    (re.compile(rf"(?<!\d)\d{{4}}{_H}?\d{{4}}{_H}?\d{{4}}(?!\d)"), MYNUMBER),
    (re.compile(rf"(?:生年月日|誕生日|生まれ|dob|birth)[はがの:： ]*(?:(?:19|20)\d{{2}}\s?[年/.\-]\s?\d{{1,2}}\s?[月/.\-]\s?\d{{1,2}}日?|{_ERA}\s?\d{{1,2}}\s?[年.]\s?\d{{1,2}}\s?[月.]\s?\d{{1,2}}日?)", re.I), BIRTHDATE),
    (re.compile(rf"(?:(?:19|20)\d{{2}}\s?[年/.\-]\s?\d{{1,2}}\s?[月/.\-]\s?\d{{1,2}}\s?日?|{_ERA}\s?\d{{1,2}}\s?[年.]\s?\d{{1,2}}\s?[月.]\s?\d{{1,2}}\s?日?)\s?(?:生まれ|生)"), BIRTHDATE),
    (re.compile(r"(?<![\w])[SHRTM]\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.])"), BIRTHDATE),
    (re.compile(r"〒\s?\d{3}" + _H + r"?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-])"), POSTAL),
    (re.compile(rf"\+81{_H}?\d{{1,4}}{_H}?\d{{1,4}}{_H}?\d{{3,4}}|(?<!\d)0\d{{1,4}}{_H}?\(?\d{{1,4}}\)?{_H}?\d{{3,4}}(?!\d)|\(0\d{{1,4}}\)\s?\d{{1,4}}{_H}?\d{{4}}"), PHONE),
    # Town + lot number with a separator (小川1-2-3, 堅倉123番地, 羽鳥2丁目4番5号)...
    (re.compile(r"(?<![一-龥])(?:[一-龥]{2,4}[都道府県])?(?:[一-龥]{1,5}[市町村区郡])?[一-龥ァ-ヶ]{1,6}\s?\d{1,5}\s?(?:丁目\s?\d{0,5}|番地?|号|[-ーの－‐]\s?\d{1,5})(?:\s?(?:\d{1,5}|丁目|番地?|号|[-ーの－‐]\s?\d{1,5}))*"), ADDRESS),
    # ...or a town followed by a bare 3–5 digit lot number (上玉里1122).
    (re.compile(rf"(?<![一-龥])(?:[一-龥]{{2,4}}[都道府県])?(?:[一-龥]{{1,5}}[市町村])?(?!受付|番号|整理|管理|会員|電話|部屋|郵便|令和|平成|昭和|大正)[一-龥]{{2,4}}\s?\d{{3,5}}(?!\d){_COUNTER}"), ADDRESS),
    (re.compile(r"\b[A-Z][a-z]+ \d{1,4}-\d{1,4}(?:-\d{1,4})?\b"), ADDRESS),
    (re.compile(r"[ァ-ヶー]{2,}(?:[・=＝][ァ-ヶー]{2,})+"), NAME),
    (re.compile(r"(?<=[Mm]y name is )[A-Z][a-z]+(?: [A-Z][a-z]+)?|(?<=I am )[A-Z][a-z]+ [A-Z][a-z]+|(?<=I'm )[A-Z][a-z]+ [A-Z][a-z]+"), NAME),
]
# The prefecture and city stay readable in a masked address: they identify no one.
_KEEP_PREFIX = re.compile(r"^(?:茨城県)?(?:[一-龥]{1,4}[市郡])?(?:[一-龥]{1,3}町(?=[一-龥]))?")

_HONORIFICS = ("さん", "様", "さま", "くん", "君", "ちゃん", "氏", "先生")
# Nouns that take an honorific without being anyone's name (お母さん, 大家さん, 民生委員さん).
_ROLE_WORDS = set("""
母 父 お母 お父 かあ とう 息子 娘 奥 旦那 嫁 婿 兄 姉 弟 妹 お兄 お姉 にい ねえ 孫 祖母 祖父 おばあ おじい ばあ じい おば おじ
長男 長女 次男 次女 三男 三女 相談員 保健師 支援員 大家 民生委員 ケアマネ ケアマネージャー ヘルパー 先生 看護師 店員 隣 お隣 近所 ご近所 担当 職員 社長 患者 利用者 家族 相手 皆 みな
皆さん 赤ちゃん 子 お子 坊 お客 客 警察 お巡り 役所 市役所 保健師 医者 お医者 運転手 管理人 後見人 保護司 委員 会長 区長 自治会長
彼 彼女 友達 友だち 友人 同僚 上司 部下 生徒 学生 教頭 校長 主人 ご主人 奥様 業者 配達 宅配 新聞屋 魚屋 八百屋 お坊 神主 誰 どなた
""".split())


def mask(text: str) -> str:
    """Replace names, phone numbers, e-mail, postal codes, addresses, マイナンバー, birth dates."""
    text = unicodedata.normalize("NFKC", text)
    for regex, placeholder in _RULES:
        if placeholder == ADDRESS:
            text = regex.sub(_address, text)
        else:
            text = regex.sub(placeholder, text)
    return _mask_names(text)


def _address(mo: re.Match) -> str:
    found = mo.group()
    keep = _KEEP_PREFIX.match(found).group()
    if not any(c.isdigit() for c in found[len(keep):]):
        return found
    return keep + ADDRESS


def _name_like(t) -> bool:
    """A word that can be someone's name before an honorific (not 息子, 大家, 民生委員)."""
    if t.norm in _ROLE_WORDS or t.surface in _ROLE_WORDS or t.surface.startswith(("お", "ご")):
        return False
    if t.pos_detail.startswith("固有名詞") or t.pos_detail == "外国語":
        return True
    kana = all("ぁ" <= c <= "ん" or "ァ" <= c <= "ヶ" or c == "ー" for c in t.surface)
    return (kana and 2 <= len(t.surface) <= 6) or (len(t.surface) == 1 and "一" <= t.surface <= "龥")


def _mask_names(text: str) -> str:
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    for i, t in enumerate(tokens):
        if "［" in t.surface or "］" in t.surface:
            continue
        nxt_tok = tokens[i + 1] if i + 1 < len(tokens) else None
        nxt = nxt_tok.surface if nxt_tok else ""
        is_person = t.pos == "名詞" and t.pos_detail.startswith("固有名詞/人名")
        if is_person and nxt_tok is not None and nxt_tok.pos == "名詞" and not nxt_tok.pos_detail.startswith("固有名詞/人名") \
                and nxt_tok.begin == t.end:
            is_person = False  # 小川総合支所, 小川地区: a place or a thing named after a family
        glued = (i > 0 and tokens[i - 1].end == t.begin and tokens[i - 1].pos in ("名詞", "接頭辞")
                 and not t.pos_detail.startswith("固有名詞"))
        honored = nxt in _HONORIFICS and t.pos in ("名詞", "代名詞", "接頭辞") and _name_like(t) and not glued
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
