"""The glossary (knowledge/data/glossary.tsv): how a model trained mostly on Japanese reads the
content of a message in another language."""
import re

import pytest

from knowledge import load_glossary
from router.analysis import _Glossary, analyze, glossary_table, word_doc
from router.normalize import normalize
from router.tokenize import content_words, tokenize

_LATIN = re.compile(r"[a-zà-ỹ]", re.IGNORECASE)


@pytest.fixture(scope="module")
def rows():
    return load_glossary()


@pytest.fixture(scope="module")
def glossary():
    return _Glossary(glossary_table())


def test_every_glossary_concept_gives_japanese_words_the_model_knows_how_to_read(rows):
    """A concept whose Japanese Sudachi reads as no content word would add nothing."""
    empty = [ja for ja in sorted({ja for _, _, ja in rows}) if not content_words(tokenize(normalize(ja)))]
    assert empty == []


# One character that means one thing wherever it stands (money, debt, tax, alcohol, deaf).
REVIEWED_SINGLE_CHARACTERS = {"钱", "錢", "돈", "빚", "税", "稅", "酒", "聋", "聾"}


def test_terms_matched_inside_words_are_one_character_only_when_reviewed(rows):
    """Chinese and Korean terms are found as substrings: most single characters would match
    half the messages of that language."""
    short = {t for t, _, _ in rows if not _LATIN.search(t) and len(t.replace(" ", "")) < 2}
    assert short <= REVIEWED_SINGLE_CHARACTERS


def test_latin_terms_are_whole_words_and_case_does_not_matter(glossary):
    assert "息子" in glossary.words(normalize("My SON stays home"))
    # "son" inside "person" or "sonar" is not a son.
    assert "息子" not in glossary.words(normalize("a person with a sonar"))


@pytest.mark.parametrize("text, expected", [
    ("My son won't leave his room playing games all night", {"息子", "部屋", "ゲーム"}),
    ("Meu marido grita comigo e pegou meu cartão do banco", {"怒鳴る", "銀行"}),
    ("Bố em sống một mình, không ai kiểm tra", {"父"}),
    ("我爸一个人住，没人照看", {"父"}),
    ("Ang nanay ko ay may dementia at hindi na makaligo mag-isa", {"母", "認知症"}),
])
def test_a_foreign_message_about_a_family_problem_carries_its_japanese_words(text, expected, glossary):
    """The words a Japanese inquiry about the same problem would have reach the model."""
    doc = set(word_doc(analyze(text), glossary).split())
    assert expected <= doc


def test_a_nepali_word_is_found_with_its_case_ending(glossary):
    """आमालाई is "to mother", छोराको "son's": the ending is written onto the word."""
    assert "आमालाई" not in glossary.words_of and "छोराको" not in glossary.words_of
    assert {"母", "息子"} <= set(glossary.words("मेरो आमालाई डिमेन्सिया छ, छोराको स्कूल पनि"))
    # An ending alone is not a word: "को" is "of", not a stem.
    assert glossary.words("को") == []


def test_a_japanese_message_is_read_as_written(glossary):
    a = analyze("息子が部屋から出てきません")
    assert word_doc(a, glossary) == a.word_doc


def test_the_indexed_lookup_finds_what_checking_every_term_finds(glossary):
    """Substring terms are looked up by their first character; the words and their order must
    be those of checking every term in table order (the order the model was trained with)."""
    import random

    rng = random.Random(7)
    terms = [t for t, _ in glossary.substrings if not _LATIN.search(t)]
    for _ in range(300):
        text = "、".join(rng.sample(terms, 3)) + rng.choice(["", "我爸", "돈이 없어요", "。"])
        naive = [w for t, ja in glossary.substrings if t in text for w in ja.split(" ")]
        assert glossary.words(text) == naive
