"""The multi-issue rule: a small logistic rule over the area scores (router/multi_issue.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from knowledge import AREA_IDS
from router import multi_issue
from router.compiled import CompiledModel
from router.model import NONE_LABEL, ModelError, Thresholds
from router.triage import decide
from training.train import fit_multi_rule

AREAS = ["poverty", "elderly_care", "mobility"]


def _rule(**overrides):
    rule = {"areas": AREAS, "intercept": -1.0, "numeric": [0.5, 1.0, 0.2, 0.3, -0.4, 2.0, 0.1],
            "top": [0.0, 0.1, -0.2], "second": [0.8, -1.5, 0.0], "cut": 0.5}
    rule.update(overrides)
    return rule


def test_the_probability_is_the_logistic_formula_the_module_documents():
    rule = _rule()
    scores = np.array([0.3, 0.9, 0.6])  # elderly_care on top, mobility second
    p = multi_issue.probability(rule, scores, comprehensive=0.2, none=0.05, lang="en", n_chars=40)
    logit = lambda q: math.log(q / (1 - q))
    nums = [logit(0.9), logit(0.6), logit(0.3), logit(0.2), logit(0.05), 1.0, math.log1p(40)]
    z = -1.0 + sum(w * x for w, x in zip(rule["numeric"], nums)) + 0.1 + 0.0
    assert p == pytest.approx(1 / (1 + math.exp(-z)))
    named = multi_issue.explain(rule)
    assert list(named["numeric"]) == list(multi_issue.NUMERIC_INPUTS[:7])  # a rule without the text signal
    assert named["second_area"]["elderly_care"] == -1.5


def test_scores_of_exactly_zero_or_one_give_a_probability_not_an_error():
    p = multi_issue.probability(_rule(), np.array([1.0, 0.0, 0.0]), 0.0, 1.0, "ja", 0)
    assert 0.0 <= p <= 1.0


def test_training_learns_which_second_areas_are_mostly_context():
    # Out-of-fold scores where a second area at 0.6 is a second problem when it is poverty
    # and context when it is elderly_care: the fitted rule must tell them apart.
    rng = np.random.default_rng(0)
    labels = list(AREA_IDS) + [NONE_LABEL]
    col = {lab: i for i, lab in enumerate(labels)}
    rows, gold = [], []
    for i in range(600):
        s = rng.uniform(0.0, 0.05, len(labels))
        s[col["mobility"]] = rng.uniform(0.8, 1.0)
        second = "poverty" if i % 2 else "elderly_care"
        s[col[second]] = rng.uniform(0.5, 0.7)
        y = np.zeros(len(labels), dtype=np.int8)
        y[col["mobility"]] = 1
        if second == "poverty":
            y[col["poverty"]] = 1
        rows.append(s)
        gold.append(y)
    S, Y = np.array(rows, dtype=np.float32), np.array(gold)
    rule, figures = fit_multi_rule(S, Y, ["ja"] * len(S), [60] * len(S), labels)
    assert figures["oof_precision"] >= 0.95 and figures["oof_recall"] >= 0.95
    k = {a: i for i, a in enumerate(rule["areas"])}
    assert rule["second"][k["poverty"]] > rule["second"][k["elderly_care"]]
    base = np.array(S[0])[[col[a] for a in rule["areas"]]]
    as_poverty = base.copy()
    as_poverty[k["poverty"]], as_poverty[k["elderly_care"]] = 0.6, 0.01
    as_elderly = base.copy()
    as_elderly[k["elderly_care"]], as_elderly[k["poverty"]] = 0.6, 0.01
    p_pov = multi_issue.probability(rule, as_poverty, 0.0, 0.0, "ja", 60)
    p_eld = multi_issue.probability(rule, as_elderly, 0.0, 0.0, "ja", 60)
    assert p_pov >= rule["cut"] > p_eld


SCORES = {a: 0.001 for a in AREA_IDS} | {"mobility": 0.98, "elderly_care": 0.6, "watching": 0.1}
TH = Thresholds(route=0.1, out_of_scope=0.1, none=0.5, none_margin=0.0, gap=0.1, confident=0.7, multi=0.3, show=0.09)


def test_a_single_issue_is_referred_to_its_top_desk_only(kb):
    r = decide(kb, SCORES, "ja", [], TH, 0.0, multi_score=0.1, multi_cut=0.5)
    assert r["decision"] == "route" and not r["multi_issue"]
    assert [x["area"] for x in r["referrals"]] == ["mobility"]
    assert [a["id"] for a in r["areas"]][:2] == ["mobility", "elderly_care"]  # still shown to staff
    assert r["multi_issue_score"] == 0.1


def test_several_issues_go_to_the_comprehensive_desk_first_and_to_at_least_two_desks(kb):
    only_top_above_floor = SCORES | {"elderly_care": 0.2}
    r = decide(kb, only_top_above_floor, "ja", [], TH, 0.0, multi_score=0.9, multi_cut=0.5)
    assert r["multi_issue"]
    assert [x["area"] for x in r["referrals"]] == ["comprehensive", "mobility", "elderly_care"]


def test_a_model_file_without_the_rule_keeps_the_single_floor(kb):
    r = decide(kb, SCORES, "ja", [], TH, 0.0)
    assert r["multi_issue"] and r["multi_issue_score"] is None
    assert [x["area"] for x in r["referrals"]] == ["comprehensive", "mobility", "elderly_care"]


def test_no_multi_issue_score_unless_the_result_routes(kb):
    r = decide(kb, {a: 0.01 for a in AREA_IDS}, "ja", [], TH, 0.9, multi_score=0.8, multi_cut=0.5)
    assert r["decision"] == "out_of_scope" and not r["multi_issue"] and r["multi_issue_score"] is None


@pytest.mark.parametrize("bad", [_rule(areas=["poverty", "not_an_area", "mobility"]), _rule(top=[0.0]),
                                 _rule(numeric=[1.0, 2.0])])
def test_a_rule_that_does_not_fit_the_model_is_refused(bad):
    labels = list(AREA_IDS) + [NONE_LABEL]
    n = len(labels)
    with pytest.raises(ModelError, match="multi-issue rule"):
        CompiledModel(labels, {}, [], "", np.zeros((0, n)), np.zeros(n), np.ones((n, 2)), None, bad)


def test_the_served_model_file_keeps_the_rule(router, settings, tmp_path):
    from training.registry import Registry

    _, compiled = Registry(settings.data_dir).load()
    assert compiled.multi_rule and compiled.multi_rule == router.model.multi_rule
    path = tmp_path / "m.npz"
    sha = compiled.save(path)
    loaded = CompiledModel.load(path, sha)
    assert loaded.multi_rule == compiled.multi_rule
    assert np.array_equal(loaded.multi_text_coef, compiled.multi_text_coef)


def test_the_rule_reads_the_text_signal_as_scikit_learn_computes_it(router, settings):
    # The text signal is a logistic regression over the same TF-IDF row as the areas; the served
    # arrays must give what the trained weights give on the featurizer's own rows.
    from router.analysis import analyze
    from training.registry import Registry

    registry = Registry(settings.data_dir)
    (_, bundle), (_, compiled) = registry.load_bundle(), registry.load()
    assert "text_multi" in multi_issue.input_names(compiled.multi_rule)
    texts = ["息子が部屋から出てこない。年金だけでは家賃が払えない", "車いすの貸し出しはありますか",
             "My husband took my passport and I have no money for food"]
    analyses = [analyze(t) for t in texts]
    X = bundle.featurizer.transform(analyses)
    z = X @ bundle.multi_text_coef + compiled.multi_rule["text_intercept"]
    expected = 1 / (1 + np.exp(-z))
    served = [compiled.text_multi(compiled.row(a)) for a in analyses]
    assert served == pytest.approx(list(expected), abs=1e-5)
    # and it is part of the decision: the rule's probability moves with it
    scores = np.full(len(compiled.multi_rule["areas"]), 0.3)
    low, high = (multi_issue.probability(compiled.multi_rule, scores, 0.1, 0.1, "ja", 60, t) for t in (0.05, 0.95))
    assert (high - low) * compiled.multi_rule["numeric"][-1] > 0


def test_a_rule_from_before_the_text_signal_still_serves():
    # A rollback to a model trained before the signal existed must not fail: its rule has
    # seven inputs and no "inputs" list.
    labels = list(AREA_IDS) + [NONE_LABEL]
    n = len(labels)
    old = {"areas": AREAS, "intercept": -1.0, "numeric": [0.5] * 7, "top": [0.0] * 3, "second": [0.0] * 3, "cut": 0.5}
    m = CompiledModel(labels, {}, [], "", np.zeros((0, n)), np.zeros(n), np.ones((n, 2)), None, old)
    assert m.text_multi(None) is None
    assert 0.0 < multi_issue.probability(old, np.array([0.9, 0.5, 0.1]), 0.1, 0.1, "ja", 60, None) < 1.0


def test_a_rule_that_reads_the_text_signal_needs_its_weights():
    labels = list(AREA_IDS) + [NONE_LABEL]
    n = len(labels)
    rule = _rule(numeric=[0.5] * 8, inputs=list(multi_issue.NUMERIC_INPUTS), text_intercept=0.0)
    with pytest.raises(ModelError, match="text signal"):
        CompiledModel(labels, {}, [], "", np.zeros((0, n)), np.zeros(n), np.ones((n, 2)), None, rule)


def test_context_is_not_a_second_problem_but_a_second_problem_is(router):
    # Background a resident gives (an age, a wheelchair) is shown to staff but not referred.
    for text in ("85歳の父が運転免許を返納したので、病院に通う方法を知りたいです",
                 "車いすを使っています。公民館のトイレが狭くて入れません"):
        r = router.route(text)
        assert r["decision"] == "route" and not r["multi_issue"], text
        assert len(r["referrals"]) == 1, text
    for text in ("母は認知症で施設に入っています。母の年金を兄が勝手に使っていて困っています",
                 "息子が仕事を辞めて家から出なくなった。うちもお金がなくて電気代も払えない"):
        r = router.route(text)
        assert r["multi_issue"] and r["referrals"][0]["area"] == "comprehensive", text
        assert len(r["referrals"]) >= 3, text
