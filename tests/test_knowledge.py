import re
import shutil
from pathlib import Path

import pytest

from knowledge import AREA_IDS, KnowledgeError, load_knowledge
from knowledge.loader import DATA_DIR

PLAN_NUMBERS = {"0299-48-1111", "0299-58-4846"}


def test_every_area_of_the_contract_is_in_the_knowledge_base(kb):
    assert list(kb.areas) == list(AREA_IDS)
    tsv = (DATA_DIR / "areas.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split("\t")[0] for line in tsv] == list(AREA_IDS)


def test_every_area_has_plain_easy_and_english_descriptions_programs_and_a_contact(kb):
    for a in kb.areas.values():
        assert a.description and a.easy and a.en
        assert a.programs and all(p in kb.programs for p in a.programs)
        assert kb.best_contact(a.id).voice_phone is not None


def test_only_plan_and_hotline_numbers_are_shown(kb):
    allowed = PLAN_NUMBERS | {h.number for h in kb.hotlines.values()}
    for c in kb.contacts.values():
        for p in c.phones:
            assert p.number in allowed, (c.id, p.number)
    for path in DATA_DIR.glob("*.toml"):
        for n in re.findall(r"0\d{1,4}-\d{1,4}-\d{3,4}", path.read_text(encoding="utf-8")):
            assert n in allowed, (path.name, n)


def test_city_supplied_contacts_are_marked_unverified_and_never_chosen(kb):
    slot = kb.contacts["chiiki_houkatsu"]
    assert slot.verified is False
    assert kb.best_contact("elderly_care").id == "city_welfare"


def test_every_contact_records_its_source(kb):
    assert all(c.source for c in kb.contacts.values())


def test_crisis_kinds_point_at_real_hotlines_in_order_of_severity(kb):
    assert {"suicide", "violence_now", "child_danger", "elder_danger", "medical", "basic_needs"} <= set(kb.crisis)
    assert kb.crisis["medical"].hotlines[0] == "ambulance"
    assert kb.crisis["violence_now"].hotlines[0] == "police"
    assert kb.crisis["child_danger"].hotlines[0] == "child_abuse"


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    p = d / name
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return d


@pytest.mark.parametrize("name, old, new, message", [
    ("areas.toml", 'programs = ["seikatsu_konkyu"]', 'programs = ["no_such_program"]',
     "areas.toml: area (id=poverty): field 'programs': unknown id 'no_such_program'"),
    ("areas.toml", 'id = "poverty"', 'id = "povrety"',
     "areas.toml: area #4 (id=povrety): field 'id': Value error, unknown area id 'povrety' (see areas.tsv)"),
    ("contacts.toml", 'number = "0299-48-1111"', 'number = "0299-48-111x"',
     "contacts.toml: contact #1 (id=city_welfare): field 'phones.0.number': Value error, not a phone number: '0299-48-111x'"),
    ("programs.toml", 'name = "参加支援事業"', 'name = ""',
     "programs.toml: program #4 (id=sanka_shien): field 'name': String should have at least 1 character"),
    ("crisis.toml", 'hotlines = ["ambulance", "emergency_consult"]', 'hotlines = ["ambulanse"]',
     "crisis.toml: kind (id=medical): field 'hotlines': unknown id 'ambulanse'"),
    ("areas.toml", "[[area]]\nid = \"comprehensive\"", "[[area]\nid = \"comprehensive\"", "areas.toml: not valid TOML"),
    ("crisis.toml", 'advice_en = "Call 119 for an ambulance now. If unsure, #7119 gives advice (where available)."\npatterns = [\n', 'advice_en = "Call 119 for an ambulance now. If unsure, #7119 gives advice (where available)."\npatterns = [\n  "(ろれつ|呂律",\n',
     "crisis.toml: kind #1 (id=medical): field 'patterns.0': Value error, bad regex '(ろれつ|呂律': missing ), unterminated subpattern"),
    # re checks a look-behind's width only when it compiles, not when it parses (knowledge/patterns.py)
    ("crisis.toml", 'advice_en = "Call 119 for an ambulance now. If unsure, #7119 gives advice (where available)."\npatterns = [\n', 'advice_en = "Call 119 for an ambulance now. If unsure, #7119 gives advice (where available)."\npatterns = [\n  "(?<!(お|おか))ろれつ",\n',
     "crisis.toml: kind #1 (id=medical): field 'patterns.0': Value error, bad regex '(?<!(お|おか))ろれつ': look-behind requires fixed-width pattern"),
])
def test_a_broken_file_names_file_entry_and_field(tmp_path, name, old, new, message):
    with pytest.raises(KnowledgeError) as e:
        load_knowledge(_broken_copy(tmp_path, name, old, new))
    assert str(e.value).startswith(message)


def test_the_plan_text_is_kept_in_the_repo():
    plan = Path(__file__).parents[1] / "knowledge" / "plan" / "omitama-chiiki-fukushi-keikaku-4-gaiyo.txt"
    assert "第4次" in plan.read_text(encoding="utf-8")


def test_every_crisis_phrase_can_match_normalized_text(kb):
    """Inquiries are matched after NFKC and lower case (router/normalize.py): a phrase whose
    literal text changes under them can never match. Thai ำ (NFKC: ํ + า) hid one so."""
    import unicodedata

    from knowledge.patterns import pattern_index

    m = kb.modifiers
    patterns = [p for k in kb.crisis.values() for p in k.patterns] + [
        p for field in ("defuse", "past", "resolved", "topic", "personal", "fiction", "long_ago", "but", "now_or_still")
        for p in getattr(m, field)]
    unmatchable = [(p, r) for p in patterns for r in (pattern_index(p)[0] or ())
                   if unicodedata.normalize("NFKC", r).lower() != r]
    assert unmatchable == []
