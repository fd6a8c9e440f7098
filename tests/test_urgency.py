"""The urgency layer on its own test sets (kept apart from the training corpus)."""
import pytest

from router.features import analyze
from router.urgency import UrgencyRules

from .conftest import read_jsonl


@pytest.fixture(scope="module")
def rules(kb):
    return UrgencyRules(kb)


@pytest.mark.parametrize("name, size", [("urgency_dev.jsonl", 150), ("urgency_holdout.jsonl", 150), ("urgency_blind2.jsonl", 120)])
def test_every_urgent_message_is_caught_and_false_alarms_stay_under_5_percent(rules, name, size):
    rows = read_jsonl(name)
    urgent = [r for r in rows if r["urgent"]]
    calm = [r for r in rows if not r["urgent"]]
    assert len(urgent) >= size and len(calm) >= size
    missed = [r["text"] for r in urgent if not rules.check(analyze(r["text"]))]
    alarms = [r["text"] for r in calm if rules.check(analyze(r["text"]))]
    assert missed == []
    assert len(alarms) / len(calm) <= 0.05, alarms


@pytest.mark.parametrize("text, kind", [
    ("もう終わりにしたい", "suicide"),
    ("友だちが死にたいと言っている", "suicide"),
    ("しにたい", "suicide"),
    ("I want to die", "suicide"),
    ("今夫に殴られて外に逃げてきた", "violence_now"),
    ("隣の子が裸足で外に出されて泣いてる", "child_danger"),
    ("一人暮らしの隣のおばあさんを3日見かけない", "elder_danger"),
    ("父が倒れて意識がない", "medical"),
    ("きょう たべる もの が ない", "basic_needs"),
    ("tasukete, otto ni ima nagurareteru", "violence_now"),  # romaji
    ("mou shinitai", "suicide"),
])
def test_danger_now_is_urgent_with_its_kind(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "昔は死にたいと思ったけど今は元気",
    "死ぬほど笑った",
    "腰が痛くて死にそう",
    "自殺対策の講演会を開きたい",
    "お腹すいて死にそう笑",
    "ドラマで虐待のシーンを見た",
])
def test_idioms_resolved_past_and_awareness_work_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


def test_urgent_result_lists_emergency_numbers_first(router):
    r = router.route("今夫に殴られて外に逃げてきた。子どもも一緒です")
    assert r["urgent"] is True and r["decision"] == "route"
    assert r["hotlines"][0]["number"] == "110"
    assert r["areas"], "an urgent result is never out of scope"


def test_the_classifier_cannot_turn_urgency_off(router):
    # A greeting the model calls out of scope still gets the numbers when it carries danger.
    r = router.route("こんにちは。しにたい")
    assert r["urgent"] is True and r["decision"] != "out_of_scope"
    assert {h["number"] for h in r["hotlines"]} >= {"0570-064-556"}


def test_the_phrase_index_never_hides_a_pattern_that_matches(rules):
    """Every pattern whose regex matches a text must be among the ones the index searches."""
    from training.corpus import load_split

    from router.urgency import text_keys

    texts = [r["text"] for n in ("urgency_dev.jsonl", "urgency_holdout.jsonl", "urgency_blind2.jsonl")
             for r in read_jsonl(n)] + [e.text for e in load_split("train")[:2000]]
    phrase_sets = [p for _, p, _ in rules._kinds] + [rules._defuse, rules._resolved]
    checked = 0
    for text in (analyze(t).text for t in texts):
        keys = text_keys(text)
        for phrases in phrase_sets:
            found = {(mo.re.pattern, mo.start()) for mo in phrases.finditer(text, keys)}
            for regex, _required, _first in phrases.items:
                for mo in regex.finditer(text):
                    checked += 1
                    assert (regex.pattern, mo.start()) in found, (regex.pattern, text)
    assert checked > 500  # the sets do exercise the patterns
