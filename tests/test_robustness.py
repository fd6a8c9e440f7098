"""Bad input never crashes anything: naughty strings everywhere, and properties of every result."""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings as hsettings
from hypothesis import strategies as st

from router.mask import mask

NAUGHTY = [
    "", " ", "\u3000", "\n\n\n", "\x00", "a\x00b", "\x1b[31mred", "🙂" * 50, "👨‍👩‍👧‍👦", "\u202eabc\u202c",
    "ש\u05b8ל\u05d5\u05b9ם עולם", "مرحبا بالعالم", "Z̷̡̧̛̛̙̝̹͓̜̰̪a̵l̵g̸o̶" * 20, "e" + "\u0301" * 5000, "<script>alert(1)</script>",
    "'; DROP TABLE users; --", "{{7*7}}", "${jndi:ldap://x}", "%s%s%s%n", "\ud83d" if False else "\ufffd", "ＡＢＣ１２３",
    "ｶﾀｶﾅ", "あ" * 5000, "https://example.com/?q=" + "a" * 300, "=1+1", "NaN", "null", "[]", "{}", "\t\t\t",
    "死にたい" * 1000, "0" * 4000, "\u200b" * 100, "🏳️‍🌈" * 30,
]


@pytest.mark.parametrize("text", NAUGHTY, ids=range(len(NAUGHTY)))
def test_naughty_strings_get_a_result_or_a_clear_4xx_everywhere(client, text):
    r = client.post("/api/v1/route", json={"text": text})
    assert r.status_code in (200, 413, 422), r.text
    if r.status_code == 200:
        body = r.json()
        assert body["decision"] in ("route", "clarify", "out_of_scope")
    else:
        assert "error" in r.json()
    page = client.post("/", data={"text": text})
    assert page.status_code in (200, 413, 422)
    mask(text)


def test_a_one_megabyte_line_is_refused_with_413(client):
    r = client.post("/api/v1/route", content=b'{"text": "' + b"a" * 1_000_000 + b'"}', headers={"content-type": "application/json"})
    assert r.status_code == 413 and "maximum" in r.json()["error"]
    assert client.post("/", data={"text": "a" * 1_000_000}).status_code == 413


def test_wrong_content_types_and_methods_are_clear(client):
    assert client.post("/api/v1/route", content=b"text=hello", headers={"content-type": "text/plain"}).status_code == 422
    assert client.get("/api/v1/route").status_code == 405
    assert client.post("/api/v1/route", json=["text"]).status_code == 422
    assert client.post("/api/v1/route", json={"text": ["a"]}).status_code == 422


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=400))
def test_every_result_keeps_the_contract(router, text):
    if not text.strip():
        return
    r = router.route(text)
    json.dumps(r, ensure_ascii=False)
    assert r["decision"] in ("route", "clarify", "out_of_scope")
    assert (r["areas"] == []) == (r["decision"] == "out_of_scope")
    assert all(0.0 <= a["score"] <= 1.0 for a in r["areas"])
    assert [a["score"] for a in r["areas"]] == sorted((a["score"] for a in r["areas"]), reverse=True) or r["urgent"] or r["language"] != "ja"
    if r["urgent"]:
        assert r["hotlines"] and r["decision"] != "out_of_scope"


@hsettings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.from_regex(r"[0-9０-９]{4}[ \-－]?[0-9０-９]{4}[ \-－]?[0-9０-９]{4}", fullmatch=True))
def test_a_twelve_digit_number_never_survives_masking_whatever_surrounds_it(text, number):
    out = mask(f"{text} マイナンバーは{number}です")
    assert "［マイナンバー］" in out
    assert not re.search(r"\d{4}\D?\d{4}\D?\d{4}", out.split("マイナンバーは")[-1])
