"""The corpus itself: size, coverage, honesty of the split."""
from collections import Counter

from knowledge import AREA_IDS
from training.corpus import load_split
from training.split import near_duplicate_pairs


def _all():
    return load_split("train") + load_split("test")


def test_every_area_has_150_examples_and_out_of_scope_300():
    counts = Counter(lab for e in _all() for lab in e.labels)
    assert {a: counts[a] for a in AREA_IDS if counts[a] < 150} == {}
    assert sum(1 for e in _all() if not e.labels) >= 300


def test_a_quarter_of_in_scope_examples_have_several_areas():
    in_scope = [e for e in _all() if e.labels]
    assert sum(len(e.labels) >= 2 for e in in_scope) / len(in_scope) >= 0.25


def test_registers_and_languages_are_covered():
    ex = _all()
    assert {"plain", "kana", "dialect", "typo", "memo", "easy_ja", "third_person", "short", "long", "foreign"} <= {e.register for e in ex}
    assert {"ja", "en", "vi", "pt", "zh", "tl", "id", "ne"} <= {e.lang for e in ex}


def test_no_near_duplicates_across_train_and_test():
    train, test = load_split("train"), load_split("test")
    pairs = near_duplicate_pairs([e.text for e in test], [e.text for e in train], threshold=0.8)
    assert [(test[i].text, train[j].text) for i, j, _ in pairs] == []


def test_no_text_appears_twice_in_the_corpus():
    texts = [e.text.strip() for e in _all()]
    assert len(texts) == len(set(texts))
