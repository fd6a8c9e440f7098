"""The router end to end: result shape (contract), triage rules, held-out figures, persistence."""
import json

import numpy as np
import pytest

from knowledge import AREA_IDS
from router.features import analyze
from router.model import ModelError, load_bundle
from training.corpus import CORPUS_DIR, load_split, read_file
from training.evaluate import score_results
from training.registry import Registry

CONTRACT_KEYS = {"decision", "urgent", "areas", "multi_issue", "referrals", "hotlines", "model_version"}


def test_result_has_exactly_the_contract_fields_and_types(router):
    r = router.route("息子が20年部屋から出てこない。私も83で年金だけでは家賃が払えない")
    assert CONTRACT_KEYS <= set(r)
    assert r["decision"] in ("route", "clarify", "out_of_scope")
    assert isinstance(r["urgent"], bool) and isinstance(r["multi_issue"], bool)
    for a in r["areas"]:
        assert set(a) == {"id", "name", "score", "evidence"} and a["id"] in AREA_IDS and 0 <= a["score"] <= 1
    for ref in r["referrals"]:
        assert {"area", "program", "contact"} <= set(ref) and {"name", "phone"} <= set(ref["contact"])
    json.dumps(r, ensure_ascii=False)


def test_8050_case_routes_to_both_problems_and_the_comprehensive_desk(router):
    r = router.route("息子が20年部屋から出てこない。私も83で年金だけでは家賃が払えない")
    ids = [a["id"] for a in r["areas"]]
    assert r["decision"] == "route" and r["multi_issue"]
    assert {"hikikomori", "poverty"} <= set(ids[:3])
    assert r["referrals"][0]["area"] == "comprehensive"


def test_evidence_words_come_from_the_inquiry(router):
    text = "母が認知症で、通帳の管理ができなくなった"
    r = router.route(text)
    norms = {t.norm for t in analyze(text).words}
    for a in r["areas"]:
        assert set(a["evidence"]) <= norms | {w for t in analyze(text).words for w in [t.surface]}


def test_evidence_for_another_language_shows_the_words_the_writer_typed(router):
    """The glossary adds Japanese words to a foreign-language row; evidence names the words
    of the inquiry that stand for them (with the Japanese beside them), never a word that is
    not in the inquiry."""
    text = "My son won't leave his room and plays video games all night"
    own = {t.norm for t in analyze(text).words}
    lowered = text.lower()
    shown = [e for a in router.route(text)["areas"] for e in a["evidence"]]
    assert any("（" in e for e in shown)  # the glossary's words did count, and are shown as such
    for e in shown:
        written = e.split("（")[0]
        assert written in own or written in lowered, e


def test_greetings_and_city_errands_are_out_of_scope(router):
    for text in ("こんにちは", "住民票を取りたい", "燃えるごみの日はいつですか"):
        r = router.route(text)
        assert r["decision"] == "out_of_scope" and r["areas"] == [], text


def test_a_foreign_language_inquiry_goes_to_foreign_residents_and_its_content(router):
    r = router.route("I lost my job at the factory and cannot pay the rent")
    ids = [a["id"] for a in r["areas"]]
    assert "foreign_residents" in ids and "poverty" in ids[:3]
    assert any(ref["area"] == "foreign_residents" for ref in r["referrals"])


def test_japanese_typed_in_romaji_goes_to_its_content_and_foreign_residents(router):
    r = router.route("musuko ga heya kara dete konai, mou 10 nen ni naru. dou sureba ii desu ka")
    assert r["language"] == "ja-latn"
    ids = [a["id"] for a in r["areas"]]
    assert ids[0] == "hikikomori" and "foreign_residents" in ids
    assert any(ref["area"] == "foreign_residents" for ref in r["referrals"])


# Calm messages in scripts the model was never trained on (a nursery application in Thai, a
# kindergarten question in Burmese, a flat in Russian): before, the learned urgency signal called
# each of them a medical emergency, scoring a feature row it had never seen the like of.
UNREADABLE = [
    ("สวัสดีค่ะ ดิฉันเป็นคนไทย แต่งงานกับคนญี่ปุ่น อยากถามเรื่องการสมัครให้ลูกเข้าเนอสเซอรี่ค่ะ", "th"),
    ("ကျွန်မ ကလေးကို မူကြိုကျောင်း ထားချင်ပါတယ်။ ဘယ်လို လျှောက်ရမလဲ။", "my"),
    ("Здравствуйте, мне нужна помощь с квартирой", "und-cyrl"),
]


@pytest.mark.parametrize("text, lang", UNREADABLE)
def test_a_language_the_model_cannot_read_goes_to_foreign_support_with_emergency_numbers_first(router, kb, text, lang):
    r = router.route(text)
    assert r["language"] == lang and r["readable"] is False
    assert r["urgent"] is False and r["urgency"] == []  # nothing was found, so nothing is claimed
    assert r["decision"] == "route" and [a["id"] for a in r["areas"]] == ["foreign_residents"]
    assert r["multi_issue"] is False and r["multi_issue_score"] is None  # no score it cannot mean
    assert [ref["area"] for ref in r["referrals"]] == ["foreign_residents"]
    assert [h["number"] for h in r["hotlines"]] == [kb.hotlines["police"].number, kb.hotlines["ambulance"].number]


def test_crisis_phrases_still_apply_to_a_message_the_model_cannot_read(router):
    r = router.route("ช่วยด้วย ฉันอยู่ที่สะพาน ฉันทนไม่ไหวแล้ว I want to die tonight")
    assert r["readable"] is False and r["urgent"] is True and r["urgency"][0]["kind"] == "suicide"
    assert r["urgency"][0]["source"] == "rule"
    assert {ref["area"] for ref in r["referrals"]} >= {"foreign_residents"}


def test_every_language_of_the_corpus_is_readable(router):
    from training.corpus import load_split

    seen = {}
    for e in load_split("test"):
        seen.setdefault(e.lang, e.text)
    results = {lang: router.route(text) for lang, text in seen.items()}
    assert len(results) >= 8
    assert all(r["readable"] for r in results.values()), [k for k, r in results.items() if not r["readable"]]


def test_contacts_in_results_are_only_verified_numbers(router, kb):
    allowed = {"0299-48-1111"} | {h.number for h in kb.hotlines.values()}
    r = router.route("夫に殴られて、お金もなくて、子どもを連れて逃げたい")
    numbers = {ref["contact"]["phone"] for ref in r["referrals"]} | {h["number"] for h in r["hotlines"] + r["helplines"]}
    assert numbers <= allowed


@pytest.fixture(scope="module")
def routed_test_files(router):
    """Each file of the test split with its results, routed once for the tests below."""
    routed = {}
    for path in sorted((CORPUS_DIR / "test").glob("*.jsonl")):
        examples = read_file(path)
        routed[path.name] = (examples, router.route_many([e.text for e in examples]))
    return routed


def _figures(routed, names, router):
    examples = [e for n in names for e in routed[n][0]]
    results = [r for n in names for r in routed[n][1]]
    return score_results(examples, results, router.thresholds.multi)


@pytest.fixture(scope="module")
def held_out(routed_test_files, router):
    figures = _figures(routed_test_files, sorted(routed_test_files), router)
    assert figures["n"] == len(load_split("test"))
    return figures


def test_held_out_split_meets_the_quality_figures(held_out):
    # The README's figures, with a little room: a regression below them fails here.
    assert held_out["top1"] >= 0.94
    assert held_out["recall_at_3"] >= 0.93
    assert held_out["oos_accuracy"] >= 0.92
    assert held_out["in_scope_called_oos"] <= 0.02
    # The training slices give a second area only for a second problem (as writers who never
    # saw the corpus do); the oldest test slices still carry looser second areas, which the
    # multi-issue rule does not flag: on the whole split precision sits near 0.87, recall 0.78.
    assert held_out["multi_issue"]["precision"] >= 0.84
    assert held_out["multi_issue"]["recall"] >= 0.75


def test_writers_who_never_saw_the_corpus_are_routed_as_well(routed_test_files, router):
    """Thirteen test slices were written by people allowed to read only the writing brief."""
    fresh = sorted(n for n in routed_test_files if "_fresh_independent" in n)
    assert len(fresh) == 13
    figures = _figures(routed_test_files, fresh, router)
    assert figures["n"] >= 2800
    assert figures["top1"] >= 0.96
    assert figures["recall_at_3"] >= 0.97
    assert figures["oos_accuracy"] >= 0.95
    assert figures["in_scope_called_oos"] <= 0.01
    assert figures["multi_issue"]["precision"] >= 0.80
    assert figures["multi_issue"]["recall"] >= 0.85


def test_the_served_model_file_scores_like_the_trained_bundle(router, settings):
    reg = Registry(settings.data_dir)
    _, compiled = reg.load()
    _, bundle = reg.load_bundle()
    a = [analyze(t) for t in ["息子が部屋から出てこない", "Tôi mất việc", "こんにちは", "mou shinitai"]]
    served = np.array([compiled.proba(compiled.row(x)) for x in a])
    assert np.allclose(served, bundle.scores(a), atol=1e-5)
    assert np.allclose(served, [router.model.proba(router.model.row(x)) for x in a], atol=1e-6)
    for key in ("coef", "kind_coef", "kind_intercept"):
        assert np.array_equal(compiled.urgency[key], np.asarray(bundle.urgency[key], dtype=np.float32))


def test_a_tampered_model_file_is_refused(router, settings, tmp_path):
    reg = Registry(settings.data_dir)
    version = reg.in_service()
    src = reg.root / version / "model.skops"
    bad = tmp_path / "model.skops"
    data = bytearray(src.read_bytes())
    data[-100] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256"):
        load_bundle(bad, reg.meta(version)["sha256"])


def test_a_tampered_served_model_file_is_refused(settings, tmp_path):
    from router.compiled import CompiledModel

    reg = Registry(settings.data_dir)
    version = reg.in_service()
    data = bytearray((reg.root / version / "model.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "model.npz"
    bad.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256"):
        CompiledModel.load(bad, reg.meta(version)["compiled_sha256"])


def test_a_served_model_file_is_read_without_pickle_or_scikit_learn(settings):
    """Loading the served model must not run code from the file nor need scikit-learn."""
    import subprocess
    import sys

    code = ("import sys\nfrom training.registry import Registry\n"
            f"v, m = Registry({str(settings.data_dir)!r}).load()\n"
            "from router.analysis import analyze\nm.proba(m.row(analyze('家賃が払えない')))\n"
            "print(sorted(x for x in ('sklearn', 'skops', 'scipy') if x in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_version_metadata_records_data_hash_libraries_and_scores(settings):
    meta = Registry(settings.data_dir).versions()[0]
    assert len(meta["data_sha256"]) == 64 and len(meta["sha256"]) == 64
    assert "scikit-learn" in meta["libraries"] and "sudachipy" in meta["libraries"]
    assert "threshold_figures" in meta and meta["n_examples"] > 2000


def test_the_character_baseline_reads_every_corpus_language_but_not_unknown_scripts(kb):
    """The character n-gram baseline has no word features, so no language markers to tell
    which languages it saw; it reads by characters. Treating it as unable to read English
    sent every English inquiry to 外国人への支援 alone and lowered its figures unfairly."""
    from training.baselines import char_ngram_router
    from training.corpus import load_split

    baseline = char_ngram_router(load_split("train")[::8], kb)
    english = baseline.route("I lost my job and cannot pay the rent this month")
    thai = baseline.route("ฉันไม่มีเงินจ่ายค่าเช่า ช่วยด้วย")
    assert english["readable"] is True and english["language"] == "en"
    assert thai["readable"] is False


@pytest.mark.parametrize("cost, ambiguous_in_scope_called", [(2, False), (1, True)])
def test_out_of_scope_floors_count_an_in_scope_inquiry_called_out_of_scope_as_the_worse_error(kb, monkeypatch, cost, ambiguous_in_scope_called):
    """Out of fold, 15 in-scope and 25 out-of-scope inquiries look alike: an area at 0.55 and
    "no welfare area" at 0.50. Calling all 40 out of scope catches 25 and wrongs 15 residents;
    with an in-scope error counted twice (the default) that is a loss, so they all stay in scope."""
    from router.triage import decide
    from training import train

    monkeypatch.setattr(train, "IN_SCOPE_COST", cost)
    labels = train.LABELS
    none, area = labels.index("_none"), labels.index("poverty")
    n_in, n_amb_in, n_out, n_amb_out = 1000, 15, 200, 25
    S = np.full((n_in + n_out, len(labels)), 0.01)
    Y = np.zeros_like(S, dtype=np.int8)
    Y[:n_in, area] = 1
    S[:n_in, area], S[:n_in, none] = 0.9, 0.05  # clearly in scope
    S[n_in:, area], S[n_in:, none] = 0.2, 0.9  # clearly out of scope
    ambiguous = np.r_[n_in - n_amb_in:n_in, n_in + n_out - n_amb_out:n_in + n_out]
    S[ambiguous, area], S[ambiguous, none] = 0.55, 0.50
    th, _ = train.choose_thresholds(S, Y)
    areas = [lab for lab in labels if lab != "_none"]
    # The decision the router would make with these floors (router/triage.py), row by row.
    called = np.array([decide(kb, dict(zip(areas, np.delete(row, none))), "ja", [], th, float(row[none]))["decision"]
                       == "out_of_scope" for row in S])
    assert called[n_in:n_in + n_out - n_amb_out].all() and not called[:n_in - n_amb_in].any()
    assert called[n_in - n_amb_in:n_in].all() == ambiguous_in_scope_called
    assert called[n_in + n_out - n_amb_out:].all() == ambiguous_in_scope_called
