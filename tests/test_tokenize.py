import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from router.features import analyze
from router.language import detect_language
from router.normalize import normalize
from router.tokenize import _HAS_LATIN, content_words, tokenize


def norms(text: str) -> list[str]:
    return [t.norm for t in content_words(tokenize(normalize(text)))]


@pytest.mark.parametrize("text, expected", [
    ("息子が部屋から出てこない", ["息子", "部屋", "出る", "来る", "ない"]),
    ("ｶﾈがない", ["かね", "無い"]),  # half-width katakana folds to the same word
    ("こどもとこども", ["子供", "子供"]),  # spelling variants share one normalized form
    ("I want to die", ["i", "want", "to", "die"]),  # Latin words stay words, not katakana readings
])
def test_content_words_use_normalized_forms(text, expected):
    assert norms(text) == expected


@pytest.mark.parametrize("raw, expected", [
    ("ＡＢＣ１２３", "abc123"),
    ("ﾃｽﾄ", "テスト"),
    ("a\u200bb", "ab"),  # zero-width space removed
    ("  多い   空白  ", "多い 空白"),
    ("\u202eabc", "abc"),  # bidi override removed
])
def test_normalize_folds_width_case_and_invisible_characters(raw, expected):
    assert normalize(raw) == expected


def test_normalize_caps_floods_of_combining_marks():
    assert len(normalize("a" + "\u0336" * 500)) <= 4


@pytest.mark.parametrize("text", ["", "🙂🙂🙂", "https://example.com/a?b=c", "。。。", "\n\n", "x" * 10000, "　"])
def test_tokenizer_handles_edge_cases(text):
    a = analyze(text)
    assert isinstance(a.word_doc, str)
    assert all(t.begin <= t.end for t in a.tokens)


def test_token_offsets_point_at_their_surface():
    text = normalize("母が認知症で、お金の管理ができない")
    for t in tokenize(text):
        assert text[t.begin:t.end] == t.surface


@given(st.text(max_size=60))
@hsettings(max_examples=300, deadline=None)
def test_token_offsets_match_sudachis_on_any_text(raw):
    """Offsets are counted along the surfaces; they must be Sudachi's own begin()/end()."""
    from router.tokenize import _tokenizer

    text = normalize(raw)
    ours = [(t.begin, t.end) for t in tokenize(text) if t.pos_detail != "外国語"]
    theirs = [(m.begin(), m.end()) for m in _tokenizer().tokenize(text)
              if m.part_of_speech()[0] != "空白" and not _HAS_LATIN.search(m.surface())]
    assert ours == theirs


@pytest.mark.parametrize("text, lang", [
    ("息子が部屋から出てこない", "ja"),
    ("かねがねえ", "ja"),
    ("My husband took my passport", "en"),
    ("Tôi mất việc rồi, không có tiền trả nhà", "vi"),
    ("Eu perdi meu trabalho e não tenho dinheiro", "pt"),
    ("我失业了，没有钱交房租", "zh"),
    ("Wala akong trabaho at wala nang pera", "tl"),
    ("Saya tidak punya uang untuk sewa rumah", "id"),
    ("मेरो काम छैन", "ne"),
    ("일자리를 잃었어요", "ko"),
    ("สวัสดีค่ะ ดิฉันเป็นคนไทย", "th"),
    ("ကျွန်မ ကလေးကို မူကြိုကျောင်း", "my"),
    ("ខ្ញុំត្រូវការជំនួយ", "km"),
    ("Здравствуйте, мне нужна помощь", "und-cyrl"),
    ("أحتاج مساعدة من فضلك", "und-arab"),
])
def test_language_detection_by_script_and_common_words(text, lang):
    assert detect_language(normalize(text)) == lang


def _scripts_by_ranges(text):
    """The script ranges, written out one character at a time (what the table must encode)."""
    from router.language import _LATIN_RANGES, _OTHER_CODES, _OTHER_SCRIPTS

    c = {"kana": 0, "han": 0, "hangul": 0, "deva": 0, "latin": 0, "und": 0, **{code: 0 for code in _OTHER_CODES}}
    for ch in text:
        o = ord(ch)
        if 0x3040 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9D:
            c["kana"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            c["han"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
            c["hangul"] += 1
        elif 0x0900 <= o <= 0x097F:
            c["deva"] += 1
        elif ch.isalpha() and o < 0x2000:
            other = [code for lo, hi, code in _OTHER_SCRIPTS if lo <= o <= hi]
            if other:
                c[other[0]] += 1
            elif any(lo <= o <= hi for lo, hi in _LATIN_RANGES):
                c["latin"] += 1
            else:
                c["und"] += 1
    return c


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_script_counts_match_the_script_ranges_on_any_text(text):
    from router.language import _script_counts

    assert _script_counts(text) == _scripts_by_ranges(text)


@pytest.mark.parametrize("text, kana", [
    ("tasukete kudasai", "たすけてください"),
    ("kitte ga nai", "きってがない"),
    ("shinbun ga tamatteru", "しんぶんがたまってる"),
    ("i want to die", None),  # English stays English
    ("hello", None),
])
def test_romaji_becomes_kana_and_english_does_not(text, kana):
    from router.romaji import kana_reading

    reading = kana_reading(text)
    assert (reading[0] if reading else None) == kana


@pytest.mark.parametrize("raw, read_as", [
    ("ｶﾈｶﾞﾅｲ ﾔﾁﾝﾊﾗｴﾅｲ", "かねがない やちんはらえない"),
    ("ムスコガ ヘヤカラ デテコナイ", "むすこが へやから でてこない"),
    ("ヘルパーサン コナイ", "ヘルパーサン こない"),  # the loanword stays, the Japanese is folded
])
def test_japanese_written_in_katakana_is_read_as_kana(raw, read_as):
    a = analyze(raw)
    assert a.text == read_as
    assert len(a.text) == len(normalize(raw))  # same offsets as the text as written
    assert {t.surface for t in a.words} & {"かね", "むすこ", "こ"}


@pytest.mark.parametrize("raw", ["デイサービス", "ヤングケアラー", "ケアマネ ヘルパー", "ボランティアセンター",
                                 "グループホーム", "ﾃｽﾄ", "母がデイサービスを嫌がる"])
def test_loanwords_and_ordinary_text_are_read_as_written(raw):
    assert analyze(raw).text == normalize(raw)


def test_japanese_typed_in_romaji_is_read_as_kana():
    a = analyze("okane ga nakute yachin ga haraemasen")
    assert a.lang == "ja-latn"
    assert a.text == "おかね が なくて やちん が はらえません"
    assert "無い" in {t.norm for t in a.words}


def test_no_other_latin_script_language_in_the_corpus_is_taken_for_romaji():
    from router.romaji import romaji_japanese
    from training.corpus import load_split

    others = [e.text for split in ("train", "test") for e in load_split(split) if e.lang not in ("ja",)]
    assert len(others) > 500
    assert [t for t in others if romaji_japanese(normalize(t))] == []

