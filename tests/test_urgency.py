"""The urgency layer on its own test sets (kept apart from the training corpus)."""
from pathlib import Path

import pytest

from router.features import analyze
from router.urgency import UrgencyRules

from training.urgency import URGENCY_DIR, load_urgency

DATA = Path(__file__).parent / "data"


def read_jsonl(name: str) -> list[dict]:
    import json

    return [json.loads(x) for x in (URGENCY_DIR / name).read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def rules(kb):
    return UrgencyRules(kb)


@pytest.mark.parametrize("name, size", [("train/dev.jsonl", 150), ("train/holdout.jsonl", 150), ("train/blind2.jsonl", 120),
                                        ("train/blind3.jsonl", 120)])
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
    ("ｼﾆﾀｲ ﾏｼﾞﾃﾞ ｲﾏ ﾍﾞﾗﾝﾀﾞ", "suicide"),  # half-width katakana, as on old phones
    ("ﾃﾞﾝｷﾄﾏｯﾀ ｻﾑｲ ｺﾞﾊﾝﾅｲ", "basic_needs"),
    # A fear about now ("if she is lying inside") is not a hypothetical about later.
    ("隣のおばあさんを一週間見ない。もし中で倒れていたらと思うと心配", "medical"),
    # Young people's words for an overdose of cough medicine; a child who swallowed pills.
    ("メジコン20錠のんだ、ふわふわする", "medical"),
    ("my sister swallowed a handful of grandpa's tablets", "medical"),
    # Summer: someone carried off by a river, a snake bite.
    ("子どもが川に流されてる！", "medical"),
    ("畑でマムシにかまれた、足がぱんぱん", "medical"),
    # Machines a life depends on, and a second seizure without waking.
    ("停電で母の酸素濃縮器が止まった", "medical"),
    ("けいれんが止まったと思ったら2回目がきた、意識が戻ってない", "medical"),
    # Other languages: a fall told in Korean, being locked in (Spanish), a farewell (Indonesian).
    ("할아버지가 부엌에서 넘어지셔서 못 일어나세요", "elder_danger"),
    ("mi esposo me encerró en el baño", "violence_now"),
    ("maaf aku pergi duluan ya semuanya", "suicide"),
    # Tonight with no roof, and a threat with fuel in hand.
    ("今夜は駅のベンチで寝るしかない、外は氷点下", "basic_needs"),
    ("夫が灯油をまいて、一緒に死ぬと言っている", "violence_now"),
    # A keepsake handed over, and bleeding in pregnancy (Japanese, Portuguese).
    ("友達がこれ形見だと思ってって言って自転車をくれた", "suicide"),
    ("妊娠30週、急に血がどんどん出てきた", "medical"),
    ("estou grávida e está saindo muito sangue", "medical"),
    # "Since last month" is still going on, a negated "it is over" is not over, and the markers
    # that drop a match stay narrow (a memo's 課題, 連絡がとれていない, 払ったら).
    ("先月から息子に殴られている。もう大丈夫かわからない", "violence_now"),
    ("去年から夫に殴られていて、今年は毎日です", "violence_now"),
    ("先週から何も食べてない。今は元気がない", "basic_needs"),
    ("課題：母が同居の息子に殴られている。本人は帰宅拒否", "elder_danger"),
    ("先週から一人暮らしの父と連絡がとれていない。電気もついてない", "elder_danger"),
    ("先月から何も食べていない。家賃を払ったらお金がなくなった", "basic_needs"),
    ("今夜寝る場所はない。外は寒い", "basic_needs"),  # not "no worry about a place to sleep"
    ("何も食べてないのは子どもたちです。三日目", "basic_needs"),  # not a fast before a check-up
    # Winter and work (blind38, blind39): a winter not to be lived through, days without
    # kerosene, a room near freezing, a bridge in kana, Nepali and Burmese.
    ("もうこの冬は越さないことにしました", "suicide"),
    ("とうゆがきれて4日、へやがさむい", "basic_needs"),
    ("訪問したら室温1度、本人は布団の中", "basic_needs"),
    ("いま せんろの うえに いる", "suicide"),
    ("साथीले भन्यो म मर्छु", "suicide"),
    ("အဖေ လဲကျပြီး မထနိုင်ဘူး", "elder_danger"),
    ("သူ သတိမရဘူး", "medical"),
    # Mental health and housing (blind40, blind41): a goodbye before morning, life insurance
    # to pay the debts, a son beating an old man (Vietnamese typed without marks), gas and no
    # answer (Chinese), a cry for help under a fallen shelf, a chase with a weapon.
    ("明日の朝には私はもういません。ごめんね", "suicide"),
    ("俺の保険金で住宅ローン払ってくれ", "suicide"),
    ("thang con say ruou lai danh ong cu", "elder_danger"),
    ("楼上的老奶奶家燃气味很重，没人开门", "elder_danger"),
    ("nghe thấy bà hàng xóm kêu cứu", "elder_danger"),
    ("男がバットを持って子どもたちを追いかけている", "violence_now"),
    # Coded messages and symptoms without their names (blind42, blind43).
    ("いま踏切のそば。もうつかれた", "suicide"),
    ("夫が帰ってきた。クローゼットに隠れてる", "violence_now"),
    ("五日、水だけで過ごしてます", "basic_needs"),
    ("父を揺すっても起きない", "medical"),
    ("祖母が台所で転んで、腰が痛くて立てないと言っています", "elder_danger"),
    ("きのうから ばあちゃん でんわ でねえ", "elder_danger"),
    ("授業中にけいれんが始まって10分止まりません", "medical"),
    ("My dad has crushing pain in his chest and his left arm is numb", "medical"),
    ("孩子吃了花生以后喘不过气", "medical"),
    ("息子の唇の色が悪い、ぜーぜーしてる", "medical"),
    ("糖尿病の母が冷や汗をかいて、呼んでも返事がぼんやり", "medical"),
    # Carers and learner Japanese (blind44, blind45).
    ("主介護者の妻が今朝倒れて入院、本人は一人で寝たきり", "elder_danger"),
    ("本日中の保護が必要と判断", "elder_danger"),
    ("二日前から何も口にしていないそうです", "basic_needs"),
    ("となりの赤ちゃんの泣き声が弱くなってきた", "child_danger"),
    ("工場 で ゆび が ちぎれた", "medical"),
    ("アパート 火事 です、まだ 人 いる", "medical"),
    ("3日 ごはん ない、おかね ない", "basic_needs"),
    ("श्रीमानले मलाई कुटिरहेका छन्", "violence_now"),
    # The markers added for those sets stay narrow (read again at the end of the session):
    # a wish is not "it is over", "until yesterday" is not a recovery, a game or a joke
    # drops only its own words, and a lecturer is a person, not a lecture.
    ("前は頑張れたけど、今は死んで楽になりたい", "suicide"),
    ("昨日まで調子よかったのに、今朝父が倒れて意識がない", "medical"),
    ("鬼ごっこのあと、息子が川に流された", "medical"),
    ("冗談ではなく本当に殺すと言われて怖い", "violence_now"),
    ("赤ちゃんが寝ているとき息が止まってるようで顔色が悪い", "medical"),
    ("I'm thinking about killing myself over the debt", "suicide"),
    ("講師の先生が倒れて意識がない", "medical"),
    ("むかし から なぐられてる。いまは はなれたい", "violence_now"),
    # Disasters and children in their own words (blind46, blind47).
    ("避難所にて、入所者の女性（80代）が所在不明。外は冠水", "elder_danger"),
    ("集会所で男性が暴行中、止められない", "violence_now"),
    ("急に口角下垂と構音障害、発症は10分前", "medical"),
    ("停電、父の人工呼吸器のバッテリーが残り20分", "medical"),
    ("浸水して二階にいます。食料が尽きて三日目", "basic_needs"),
    ("2歳の子がいない、避難所の外は川", "child_danger"),
    ("きのうから ママに ごはん もらって ない", "child_danger"),
    ("しゃしん おくらないと みんなに ばらまくって いわれた", "violence_now"),
    ("物置に閉じこめられた、くらい", "violence_now"),
    ("夫に本当に殺される、笑えない", "violence_now"),  # 笑えない is no laugh
    ("昨日殴られた。もうやめてって言ったのに", "violence_now"),  # a plea, not "stopped"
    ("先週たたかれた。いまは安全なところに逃げたい", "violence_now"),  # a wish, not safety
    # Gender and relationships, disability in its own words (blind48, blind49).
    ("今夜の宿泊先がありません。寮を出されました", "basic_needs"),
    ("まごが あたまがら 血ぃ 出でる", "medical"),
    ("駅で男たちに囲まれて財布を取られそう", "violence_now"),
    ("こなかったら いえに いくって いわれた", "violence_now"),
    ("ぼくは いらない 人 だから", "suicide"),
    ("きのうとおとといは みずだけ", "basic_needs"),
    ("先月殴られた。出血が1週間止まっていない", "violence_now"),  # not "stopped for a week"
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
    "もし夜中に親が倒れたら、どこに電話すればいいですか",  # a hypothetical about later
    "熱中症にならないか心配で、エアコンの補助があるか知りたい",  # a worry, not heatstroke now
    "台風で電柱が倒れて道が通れません",  # a thing fell, not a person
    "転校するのでクラスのみんなに今までありがとうって言いたい",  # a farewell at school
    "死にたい…じゃなくて、眠たいだけ",  # corrected at once
    "夫が夜中に倒れたらと思うと心配で、緊急通報の機械がほしい",  # a fear about later
    "ケース記録：自傷歴あり、現在は安定。通所継続。",  # history in a case note
    "けいれんあったけど止まった、いつものやつ。あしたは行けます",  # the usual seizure, over
    "夫は毎日怒鳴るけど、殴られたことはないです",  # control, said to be without violence
    "テストの点が悪すぎてお母さんに殺される笑",  # an idiom with a laugh
    "夏休みに子どもだけで留守番させていいのは何年生から？",  # a question about rules
    "息できないくらい笑った、うちの子の寝顔",  # an idiom
    "おじいちゃん、先月だんごをのどに詰まらせかけたので小さく切っています",  # a near miss, over
    "もちを詰まらせる事故を防ぐ講習会はありますか",  # prevention
    "娘は正月も帰ってこないらしい。さびしいね",  # a holiday visit, not a missing child
    "I'm killing myself at work this month, can I get help with childcare hours?",  # an idiom
    "寒くてこたつから出られない笑",  # an idiom
    "前に熱中症で倒れたことがありました。今は元気です。対策を知りたい",  # past and over
    "一昨年は消えたいと思っていたけど、今はだいぶ楽になりました",  # past and over
    "작년에는 죽고 싶었지만 지금은 괜찮아요",  # past and over, Korean
    "Last summer my father collapsed in the heat. He's fine now.",  # past and over, English
    "弟はゲーム中に「殺すぞ」とか叫ぶので困っています",  # words shouted in a game
    "いつか一人で倒れたらと母が不安がっています",  # a fear about some day
    "隣の焼肉のにおいがベランダから入ってくる",  # something coming in from the veranda
    "かくれんぼで弟が押し入れに隠れたまま寝てた",  # a game
    "父に殴られて育ったので、自分の子育てが不安です",  # an upbringing, long past
    "車中泊で旅行したいのですが、道の駅は大丈夫ですか",  # a holiday
    "同僚に冗談で殺すぞと言われるのがつらい",  # a joke at work, a harassment question
    "猫が2日えさを食べないので動物病院を探しています",  # a pet
    "夫が寝ているとき息が止まってる気がする。無呼吸の検査を受けたい",  # sleep apnoea
    "先月父が脳梗塞で倒れましたが、今はリハビリに通っています",  # past, recovering now
    "にほんごを べんきょう できる ところ ありますか",  # うで inside べんきょうできる is not an arm
    "応募できるようで、締め切りを知りたい",  # nor inside ようで
    "私が倒れたら、障害のある息子はどうなるのか心配です",  # a fear about later
    "祖父は『もう死にたい』が口癖です",  # a habit of speech
    "デイに行くくらいなら死んだ方がましと父が言う",  # a refusal, said as an idiom
    "じさつ よぼう の こうざ に でたい",  # prevention work, in kana
    "むかし おっと に たたかれた。いま は りこん して しあわせ",  # past and over, in kana
    "地震で倒れた本棚を片付ける人を探しています",  # a thing fell
    "部活の先輩に殺されるｗ",  # an idiom with a laugh
    "ひなんくんれん、本当の火事だったらこわい",  # a drill, a hypothetical fire
    "おばあちゃん、ごはん食べられるようになったって",  # recovering
    "小さいころ父にたたかれてたけど、いまは祖母の家で安全です",  # past and over
    "兄に頭たたかれたけど、もういたくない",  # a sibling quarrel, over
    "彼がスマホを見てくる。殴られたりはしてないけど不安",  # control, said to be without violence
    "前回は自傷がありましたが、3か月止まっています",  # past, stopped for months
    "試合でぼこぼこにされた、くやしい",  # a lost match
    "発作を起こしましたが1分ほどで止まりました",  # over in a minute
])
def test_idioms_resolved_past_and_awareness_work_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("3 ngay roi chi uong nuoc, het gao het tien", "basic_needs"),  # phrase written "hết gạo"
    ("ban em nam bat tinh, goi sao day", "medical"),  # "bất tỉnh"
    ("minha mae caiu e nao respira", "medical"),  # "não respira"
])
def test_phrases_with_diacritics_find_text_typed_without_them(rules, text, kind):
    assert kind in {m.kind for m in rules.check(analyze(text))}


@pytest.mark.parametrize("text", [
    "co ho tro tien nha cho nguoi nuoc ngoai khong a",  # cho người (for people), not chỗ ngủ
    "cong ty cho nghi viec tu tuan truoc, tien thue nha thang nay chua tra",  # từ tuần, not tự tử
])
def test_a_bare_phrase_matches_whole_words_only(rules, text):
    assert rules.check(analyze(text)) == []


def test_a_text_with_diacritics_is_matched_as_written(rules):
    # Written with its marks, "cho người" can never be taken for "chỗ ngủ".
    assert rules.check(analyze("Có hỗ trợ tiền nhà cho người nước ngoài không ạ")) == []
    assert {m.kind for m in rules.check(analyze("Nhà em hết gạo rồi, con đói"))} >= {"basic_needs"}


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

    from knowledge.patterns import compiled
    from router.urgency import text_keys

    # Every fourth urgency line and 1,000 consultations: each regex runs over every text, so
    # the whole corpus (22,000 texts, 3,400 patterns) took over two minutes of the CI budget.
    texts = [r["text"] for r in (load_urgency("train") + load_urgency("test"))[::4]] + [e.text for e in load_split("train")[:1000]]
    phrase_sets = [p for ps in (rules._as_written, rules._bare)
                   for p in [k[1] for k in ps.kinds] + [ps.defuse, ps.resolved]]
    checked = 0
    for text in (analyze(t).text for t in texts):
        keys = text_keys(text)
        for phrases in phrase_sets:
            found = {(mo.re.pattern, mo.start()) for mo in phrases.finditer(text, keys)}
            for pattern, _required, _first in phrases.items:
                for mo in compiled(pattern).finditer(text):
                    checked += 1
                    assert (pattern, mo.start()) in found, (pattern, text)
    assert checked > 500  # the sets do exercise the patterns


def _urgent_by_source(router, rows):
    results = router.route_many([r["text"] for r in rows])  # batched: thousands of rows
    by_rule = [bool(router.rules.check(analyze(r["text"]))) for r in rows]
    return results, by_rule


def test_learned_signal_catches_held_out_danger_the_phrases_miss(router):
    """The test set (blind4) was written by someone who saw neither the phrases nor the other
    sets; the phrases were never fixed on it and the signal never trains on it. On it the
    phrases alone catch about 0.64 of the urgent lines, the signal alone about 0.8."""
    rows = load_urgency("test")
    urgent = [r for r in rows if r["urgent"]]
    calm = [r for r in rows if not r["urgent"]]
    assert len(urgent) >= 120 and len(calm) >= 120
    results, by_rule = _urgent_by_source(router, urgent)
    added = [r for r, ok in zip(results, by_rule) if r["urgent"] and not ok]
    assert all(x["urgency"][0]["source"] == "model" and x["hotlines"] for x in added)
    assert sum(x["urgent"] for x in results) / len(urgent) >= 0.85
    assert len(added) >= 0.15 * len(urgent)
    calm_results, calm_rule = _urgent_by_source(router, calm)
    extra_alarms = sum(x["urgent"] and not ok for x, ok in zip(calm_results, calm_rule))
    assert extra_alarms / len(calm) <= 0.04


def test_learned_signal_rarely_raises_ordinary_consultations(router):
    """Training sets the signal's floor so that, out of fold, at most 2% of the training
    corpus's consultations are flagged (training/urgency.py). On the held-out split the rate
    must stay within two standard errors of that bound (n = 2,813: ±0.53 points); some of what
    it flags there is real danger the corpus does not label (a neighbour unseen for four days)."""
    from training.corpus import load_split
    from training.urgency import MAX_CORPUS_FLAGGED

    results = router.route_many([e.text for e in load_split("test")])
    by_model = [x for x in results if x["urgent"] and x["urgency"][0]["source"] == "model"]
    tolerance = 2 * (MAX_CORPUS_FLAGGED * (1 - MAX_CORPUS_FLAGGED) / len(results)) ** 0.5
    assert len(by_model) / len(results) <= MAX_CORPUS_FLAGGED + tolerance


def test_learned_signal_never_removes_a_rule_match(router):
    rows = [r for r in load_urgency("train") if r["urgent"]]
    results, by_rule = _urgent_by_source(router, rows)
    assert all(x["urgent"] for x, ok in zip(results, by_rule) if ok)
    assert all(x["urgency"][0]["source"] == "rule" for x, ok in zip(results, by_rule) if ok)


def test_a_danger_sentence_is_not_diluted_by_a_long_message_around_it(router):
    """Held-out urgent sentences the learned signal catches alone, put in the middle of long
    ordinary consultations, must still be caught; scoring only the whole text loses some."""
    from router.urgency_signal import urgency_score
    from training.corpus import load_split

    model = router.model
    # Each danger sentence exactly as it will stand in the message (ending in 。), caught alone.
    sentences = [r["text"].rstrip("。") + "。" for r in load_urgency("test") if r["urgent"] and "。" not in r["text"].rstrip("。")]
    alone = [t for t in sentences if not router.rules.check(analyze(t)) and router.route(t)["urgent"]][:15]
    hosts = [e.text for e in load_split("test") if e.labels and len(e.text) > 120 and e.text.count("。") >= 3
             and not router.route(e.text)["urgent"]][:15]
    assert len(alone) >= 8 and len(hosts) >= 8
    caught = diluted = 0
    for danger, host in zip(alone, hosts):
        cut = host.index("。") + 1
        text = host[:cut] + danger + host[cut:]
        caught += router.route(text)["urgent"]
        a = analyze(text)
        diluted += urgency_score(model.urgency, *model.row(a)) < model.urgency["floor"]
    pairs = min(len(alone), len(hosts))
    assert caught == pairs
    assert diluted >= 1  # the whole-text score alone would have missed these


def test_everyday_short_messages_with_time_words_are_rarely_urgent(router):
    """「今日は晴れ」 and 「いま起きた」 are not emergencies. The learned signal leaned on time words
    (今日, いま, さっき), which urgent messages use often: 7 of these 24 were flagged before the
    calm everyday set joined its training. The 24 are not in any training set."""
    lines = [t.strip() for t in (DATA / "calm_everyday_probe.txt").read_text(encoding="utf-8").splitlines() if t.strip()]
    flagged = [t for t in lines if router.route(t)["urgent"]]
    assert len(lines) == 24 and len(flagged) <= 3, flagged


@pytest.mark.parametrize("text, kind", [
    ("水道 止まって 三日 飲む 水 ない", "basic_needs"),
    ("むすめが かれしに くるまで つれて いかれて 帰して もらえない", "violence_now"),
])
def test_japanese_typed_with_spaces_between_words_is_read_whole(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "清水の 舞台から 飛び降りる つもりで 家を 買いました",  # the idiom, cut by spaces
    "ばあちゃん 玄関で 転んだ けど すぐ 自分で 起きた",
])
def test_the_words_that_defuse_a_phrase_count_when_typed_with_spaces(rules, text):
    assert rules.check(analyze(text)) == []


def test_no_crisis_phrase_has_a_space_between_japanese_characters(kb):
    # The rules read Japanese with such spaces removed (JAPANESE_SPACES): a phrase that needed
    # one could never match.
    from router.urgency import JAPANESE_SPACES

    m = kb.modifiers
    phrases = [p for k in kb.crisis.values() for p in k.patterns]
    phrases += m.defuse + m.past + m.resolved + m.topic + m.personal + m.fiction + m.long_ago + m.but + m.now_or_still
    assert [p for p in phrases if JAPANESE_SPACES.search(p)] == []


def test_no_crisis_phrase_needs_a_character_that_normalization_removes(kb):
    # The rules read normalized text (full-width ｗ is w, ㅋ is ᄏ, ℃ is °c): a phrase whose
    # character normalization changes, without its normalized form beside it, never matched
    # (「先生に殺される」とか言ってるｗ was urgent). A broken quantifier ({{0,30}}) is caught too.
    from router.normalize import normalize

    m = kb.modifiers
    phrases = [p for k in kb.crisis.values() for p in k.patterns]
    phrases += m.defuse + m.past + m.resolved + m.topic + m.personal + m.fiction + m.long_ago + m.but + m.now_or_still
    dead = [(p, c) for p in phrases for c in set(p)
            if normalize(c).strip() and normalize(c) != c and not all(x in p for x in normalize(c))]
    assert dead == []
    assert [p for p in phrases if "{{" in p] == []


@pytest.mark.parametrize("text, kind", [
    ("shinitai", "suicide"),  # one word alone
    ("lolo ko taorete ugokanai, please come", "medical"),  # romaji inside Tagalog and English
    ("ojiisan ga inai, ninchishou, it's dark outside", "elder_danger"),
])
def test_romaji_is_read_as_kana_alone_or_inside_another_language(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    # Only what is found in the kana counts: turning "ao", "puasa ramadan" into kana must not
    # hide the words that defuse the rest.
    "Quero ser voluntária no programa de prevenção ao suicídio",
    "Saya sedang puasa Ramadan, jadi tidak makan siang",
    "I want to join the ninchisho supporter course",
])
def test_romaji_read_as_kana_does_not_undo_the_rest_of_the_text(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text", [
    # A word that names a condition or a thing, alone, is not danger now (each was urgent).
    "ははが にんちしょう です。デイサービスを つかいたい",
    "にんちしょうサポーターの こうざに でたい",
    "相談できる人が居ない",
    "3日前から咳が出る",
    "歩道がでこぼこで歩きにくい",
    "My father had a stroke last year and uses a wheelchair now",
    "Can you help me fill in this form?",
    "電車に乗れなくなった",
    "ケアマネさんを替えてもらえますか",
    "子どものパジャマを買いたい",
    "ガス停止の通知が届いた、払い方を知りたい",
    "前月の電気停止は支払いで解消済み",
    "母が認知症と診断されてから通帳の管理ができなくなりました",
    "成年後見人がいないと口座が使えないと言われた、父は認知症",
    "妻を自死で亡くしました。自死遺族の会について知りたい",
])
def test_a_condition_or_thing_named_alone_is_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    # Staff shorthand, dialect and first-contact misses of blind50–56, in new words.
    ("独居 80代 転倒 起き上がれず", "elder_danger"),
    ("ケアマネ訪問 本人の手首に紐の痕 長男が縛ったと", "elder_danger"),
    ("認知症の父が昼に出たまま戻らない", "elder_danger"),
    ("ばあちゃん いない!にんちしょう", "elder_danger"),
    ("obaachan inai. ninchishou. soto samui", "elder_danger"),
    ("母がパジャマのまま外に出て行った", "elder_danger"),
    ("이웃 할아버지가 쓰러져 있어요", "elder_danger"),
    ("電気・ガス停止中 乳児あり 今夜 暖房なし", "basic_needs"),
    ("米も現金も尽きた", "basic_needs"),
    ("帰る所なし、今夜どうすれば", "basic_needs"),
    ("粉ミルクが切れた、お金ない", "basic_needs"),
    ("草刈り機で指が飛んだ", "medical"),
    ("じいちゃん 息してねえ", "medical"),
    ("餅つまらせて顔が紫", "medical"),
    ("アナフィラキシーかも 顔が腫れて息が苦しい", "medical"),
    ("学童 本人「家にごはんない」", "child_danger"),
    ("娘が彼氏の家から帰してもらえない", "violence_now"),
    ("DV進行中", "violence_now"),
    ("友達が命を絶った。私も後を追いたい", "suicide"),  # a death told, then the wish to follow
])
def test_danger_in_shorthand_and_dialect_is_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text, kind", [
    # Night, sports, formal letters and chat follow-ups (blind57–60), in new words.
    ("父が散歩に出て まだ見つからない", "elder_danger"),
    ("家の中がガスくさい、子どもだけ", "medical"),
    ("元彼が玄関のガラスを割った", "violence_now"),
    ("Ya no hemos comido desde ayer", "basic_needs"),
    ("妻が急に割れるような頭痛で吐いた", "medical"),
    ("一歳の子に何か所も骨折がある、親の説明がおかしい", "child_danger"),
    ("もう消えてしまいたい", "suicide"),
    ("お部屋を汚してしまったら申し訳ありません、今までありがとう", "suicide"),
    ("老公刚才打了我", "violence_now"),
    ("畑の農薬を持って出ていった、飲むって", "medical"),
])
def test_danger_at_night_in_letters_and_follow_ups_is_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "飼っている猫が行方不明になりました",  # a pet
    "さっきの「死にたい」は打ち間違いです",  # a correction
    "まだ追い出されてはいません、家賃の相談です",
    "遺書ってほどじゃないけどエンディングノートを書いた",
    "死にたくなるくらい筋肉痛",
    "去年の冬に母が風呂で倒れた話をケアマネにした",  # a story told
    "夫とけんかしたけど叩かれたりはしてません",
    "既往：過量服薬（3年前）、現在は通院継続で安定",  # history in a case note
    "農薬の空き容器の捨て方を知りたい",
    "ラマダン中なので昼は食べていません",
    "屋上庭園のある公園はどこですか",
    "台風で街路樹が倒れています",
    "事業が事実上息をしていない",
    "去年、息子が自殺未遂をしましたが、命に別状はなく、今は元気です",
    "元夫から殺してやるとメールが来たのは去年です。保護命令を取りました",
    "車中泊の旅行が趣味です",
    "霞ヶ浦に飛び込みたいくらい暑い",
])
def test_corrections_stories_history_and_idioms_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    # Read again before the stop: each of this version's new markers, drawn wider, dropped one
    # of these (a word between them, a negation after, a place named in the same clause).
    ("死にたい気持ちは消えない", "suicide"),
    ("線路に飛び込みたいくらいつらい", "suicide"),
    ("隣から「殺されるー」って悲鳴が聞こえる", "violence_now"),
    ("犬の散歩中に子どもが迷子になった", "child_danger"),
    ("倒木の下敷きになって父が倒れている", "medical"),
    ("ハウスの中で父が倒れている", "medical"),
    ("昨日死にたいと言っていた。病院につながっていない", "suicide"),
    ("昨日倒れた。意識が回復していない", "medical"),
    ("公演中に観客が倒れた", "medical"),
    ("I think it might be a stroke, her face is drooping", "medical"),
    # The second reading, after blind61–68's markers.
    ("もう自殺したほうが楽", "suicide"),
    ("夫が自殺したほうがいいと言い出した", "suicide"),  # not a death told, as 夫が自死、 is
    ("昨日夫に殴られた。先月引っ越したばかりで知り合いもいない", "violence_now"),
    ("今は治っていない、昨日倒れてから意識がない", "medical"),
    ("応急処置してるけど息をしない", "medical"),
    ("母が倒れてるときどうすればいい？", "medical"),
    ("「いしょを かいた」と いって わらって いました", "suicide"),
    ("三日ご飯食べてない、ご飯食べたい", "basic_needs"),
    ("きのう おっとに なぐられた。いまは あんぜんな ところに にげたい", "violence_now"),
])
def test_this_versions_markers_do_not_drop_real_danger(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text, kind", [
    # Older people typing for themselves, households with several problems, programmes asked
    # for now, and other languages alone (blind61–64), in new words.
    ("オカネ ナイ 三日 ナニモ タベテナイ", "basic_needs"),  # katakana writing with a kanji in it
    ("ayaw na niyang mabuhay daw, pabigat lang siya", "suicide"),
    ("家里的煤油用完了，今晚很冷", "basic_needs"),
    ("彼氏の部屋から出してもらえない", "violence_now"),
    ("sinusundan ako ngayon ng lalaki", "violence_now"),
    ("夫が帰ってくる前に子どもを連れて逃げたい", "violence_now"),
    ("いま駅からずっとつけられています", "violence_now"),
    ("今日追い出されて、寝る所もお金もない", "basic_needs"),
    ("Tôi đã ba ngày không ăn gì", "basic_needs"),
    ("anh ta nói nếu em báo công an thì giết em", "violence_now"),
    ("ma aile railway line ko chheu ma chhu", "suicide"),
    ("社长把我关在宿舍不让出去", "violence_now"),
    ("minha mãe tomou todos os remédios", "suicide"),
])
def test_danger_from_older_writers_households_and_other_languages_is_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "電気ストーブがあるので寒くはないです",
    "孫は昨日熱を出したけど、今朝はごはんも食べた",
    "兄が三年前に自殺しました。遺族の会はありますか",  # bereavement
    "締め切りに殺されそう",
    "死ぬときは家で死にたいと母が言う",  # where to die, some day
    "救急車を呼ぶかどうか迷う時の目安を知りたい",
    "こんな給料じゃ生きていけないよ",  # money, said as a complaint
    "希死念慮は本人否定、次回訪問は来月",
    "のどに物が詰まったときの応急手当を習いたい",
    "Năm ngoái tôi bị chồng cũ đánh, giờ đã chuyển nhà và ổn rồi",
    "Vi no jornal que aumentaram os suicídios entre jovens",
    "来所 ケアマネ 同行 本人 デイ 拒否",  # kanji and loanwords: not katakana writing
])
def test_what_older_writers_and_households_say_calmly_is_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    # やさしい日本語, other dialects, understatement and details (blind65–68), in new words.
    ("むすこ が いません。ずっと さがして います", "child_danger"),
    ("こども が でんち を のみこんだ", "child_danger"),
    ("おばあちゃん が あたま を うって、へんじ が ない", "medical"),
    ("かわ に こども が おちた", "child_danger"),
    ("きょう ねる ところ が ありません", "basic_needs"),
    ("おっと が たたきます。こわい", "violence_now"),
    ("とうゆ が ありません。さむい", "basic_needs"),
    ("おとん こけて たたれへん", "elder_danger"),
    ("二日なんも食ってねえ", "basic_needs"),
    ("手ぇ切って血ぃ止まらへん", "medical"),
    # Each was caught at the start of this version only by a word alone (N日前から, パジャマ).
    ("父が三日前から布団から出られんと言ってる", "elder_danger"),
    ("訪問時 本人 台所に横たわり 体温34.6℃", "elder_danger"),
    ("パジャマ姿のおじいさんが家がどこかわからないと言っている", "elder_danger"),
    # A farewell said with a smile is still a farewell (a laughing marker drawn wider dropped it).
    ("「遺書は机の上に置いてきた」と笑って出ていった", "suicide"),
])
def test_danger_in_easy_japanese_and_other_dialects_is_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "じさつ を とめる こうざ に でたい",
    "こども が でんち を のみこまない ように したい",
    "けいれん の びょうき が あります。てちょう は もらえますか",
    "まえ の おっと に たたかれて いました。いま は あんぜん です",
    "おむつ を かえる ところ が ありません",  # かえる is 替える here
])
def test_calm_easy_japanese_is_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    # Danger that has just happened, told in the past tense (blind69), in new words.
    ("彼氏に殺されるかと思った、まだ隣の部屋にいる", "violence_now"),
    ("元夫に殺されるかと思いました", "violence_now"),
    ("きのうの晩、とうとう実行しかけた", "suicide"),
    ("首にロープの跡が残ってる", "suicide"),
    ("水道が昨日止められた、赤ちゃんのミルク作れない", "basic_needs"),
    ("El exmarido llamó y dijo que regresará esta noche", "violence_now"),
    ("हिजो मेरो श्रीमानले मलाई कुट्यो", "violence_now"),
    ("父が倒れて入院した。障害のある妹は一人ではご飯も食べられない", "elder_danger"),
    # The real danger at the end of a long history (blind70), which the rules had caught
    # only through a word of the past.
    ("おなかの よこから ちが たくさん でて います", "medical"),
    ("朝から胸の真ん中が締めつけられるように痛い", "medical"),
    ("ニトロをなめたけど、二十分たっても治まらない", "medical"),
    ("利用者の姿がなく、近所を探したが見つからず", "elder_danger"),
    ("今夜こそ全部終わらせる", "suicide"),
    ("兄と同じやり方で楽になろうと思う", "suicide"),
    # Chat style (blind71).
    ("estou no parapeito da janela agora", "suicide"),
    ("ヘルパーが\nおじいちゃんの腕をつねってるのを見た", "elder_danger"),
    ("夫に殺される help me now", "violence_now"),  # the w of "now" is not a laugh
    # The danger now, after a long history (blind72).
    ("いま こうえんの トイレに かくれて います。そとで ちちが よんで います", "violence_now"),
    ("いま おおきい はしの まんなかに います", "suicide"),
    ("室温3度しかない、灯油もない", "basic_needs"),
    # What this version's markers and phrases must not drop or miss (read again before the stop).
    ("整理していたら、父が薬を大量に飲んでいるのを見つけた", "medical"),
    ("昨日殴られた。今はスタッフが来るのを待ってる", "violence_now"),
    ("胸が締めつけられるような感覚がある", "medical"),
    ("職員がおばあちゃんの頭をたたいた", "elder_danger"),
    # A realistic week and foreign workers (blind73–74).
    ("仕送りが止まってパンの耳でしのいでたけど、それもなくなった", "basic_needs"),
    ("うちの前に来た人、三日なんも食ってねえって", "basic_needs"),
    ("사흘째 아무것도 못 먹었어요", "basic_needs"),
    ("hoje a comida acabou e as crianças estão com fome", "basic_needs"),
    ("từ hôm qua em chưa ăn gì", "basic_needs"),
    ("my dad fell in the bathroom and can't move", "elder_danger"),
    ("kasama ko nakuryente, hindi gumagalaw", "medical"),
    ("anak saya minum pemutih", "medical"),
    ("bạn em bị máy cắt đứt ngón tay", "medical"),
    ("Tonight I will end my own life", "suicide"),
    ("もし倒れたらじゃなくて、もう倒れてる", "medical"),
    # "Not a joke" is not a joke: every marker that ends in 冗談 checks for it.
    ("『殺すぞ』と冗談じゃなく言われた", "violence_now"),
    ("夫に殺すって冗談じゃなく言われた", "violence_now"),
    ("殺してやるって冗談抜きで言われた", "violence_now"),
    ("希死念慮についてはないとは言えない", "suicide"),
    ("一時間前に夫に殴られた", "violence_now"),
    ("お金がなくて消えたい", "suicide"),  # not a salary that 消えます
    ("お金もなくなって消えてしまいたい", "suicide"),
    ("「死にたい」って冗談みたいに言うけど本気だと思う", "suicide"),
    ("夫が包丁を持つ手を振り上げた", "violence_now"),
    ("Last week my ex hit me. He came back tonight", "violence_now"),
    # Nine other languages alone, and people who are not there (blind75–76).
    ("tem um homem me seguindo desde o mercado", "violence_now"),
    ("minha irmã disse que vai acabar com tudo hoje", "suicide"),
    ("faz três dias que só tomo água", "basic_needs"),
    ("朋友吃了一整瓶安眠药", "medical"),
    ("家里的暖气和电都被停了", "basic_needs"),
    ("친구가 유서 같은 걸 보냈어요", "suicide"),
    ("가스가 끊겼어요, 아기가 추워해요", "basic_needs"),
    ("dia bilang mau bunuh saya", "violence_now"),
    ("ang tatay ko nagsusuka ng dugo", "medical"),
    ("बिजुली काटियो, बच्चा सानो छ", "basic_needs"),
    ("भाइले लेख्यो: अब म बाँच्दिन", "suicide"),
    ("母が一週間前っから電話さ出ねぇ", "elder_danger"),
    ("返事が意味不明な言葉になって、そのまま来なくなった", "medical"),
    # What these markers must not drop.
    ("昨日殴られた。今は連絡を止めたい", "violence_now"),  # a wish, not a state
    ("昨日薬を大量に飲んだ。今は何もしていない", "medical"),
    ("兄が「さよなら、ありがとう」と投稿して連絡がつかない", "suicide"),
])
def test_danger_just_past_or_at_the_end_of_a_long_story_is_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "上司に殺されるかと思った、締め切りが三つ重なって",  # the idiom, no partner
    "二年前に薬を大量に飲んだことがあります。今は治療を続けています。家族会を知りたい",
    "小学生のとき叩かれた。今でも時々夢に見る。相談できるところは",
    "母の遺品を片付けていたら薬が大量に出てきた。どう捨てればいい",
    "去年、父が倒れて救急車で運ばれた。その後元気になって畑に出ている",
    "Two years ago my partner hit me. We're safe now and I need help with school forms.",
    "去年の冬に子どもが溺れかけたけど、今は水泳を習っています",
    "पहिले श्रीमानले मलाई कुट्थे, अहिले म सुरक्षित छु",
    "父は仕事を失ってから酒に溺れるようになった",
    "友だちが『テストで先生に殺される』って言っててｗ",  # ｗ is read as w: it never matched
    "先週救急車を呼んだけど、結局大丈夫だった。お礼はどこに",
    "父が2ヶ月前に倒れたけど、いまは安定していて来月退院です",
    "いま車の中に隠れてます笑 近所の話好きな人が玄関前にいるので",
    "室温20度で快適です",  # 20 was read as 0 degrees
    "胸が締め付けられる思いです",
    "母と同じ場所で働きたい",
    "ヘルパーが肩をたたいてくれた",
    "家の鍵を探したけど見つかりません",
    "Mi esposo volverá del trabajo a las seis",
    "包丁を持つ手が震えるくらい緊張した料理教室",
    "もし母が家で倒れても気づけるように、見守りサービスを",
    "うちの猫が昨日から帰ってきません",
    "毎月の返済で給料がほとんど消えます",
    "você quer me matar do coração?",
    "Em không bị đánh, nhưng buồn",
    "昨夜、祖母が行方不明になりましたが、今朝無事発見されました",
    "when I was sixteen I overdosed and spent a week in hospital.",
    "中1の時に首を吊ろうとしたことがあります。カウンセラーと話したいです",
    "上司に『殺されるかと思う』くらい怒鳴られていました",
    "一時は家族で車中泊をしたこともございます",
    "希死念慮については本人否定",
    "『包丁で指を切りそう』なんて冗談を言っています",
    "兄が殺すぞ〜って冗談言ってた笑",
    "o cara tá me seguindo no insta",
    "유서 작성 방법을 알고 싶어요",  # a will
    "eu só tomo água, não bebo álcool",
    "吃了很多中药",
    "役所からの返事が意味不明で困る",
    "妹がSNSに「さよなら2024、ありがとう」と投稿していた。年末の振り返りだった",
    "母から遺書を書いたと聞いたが、公証役場で作った遺言書のことだった",
    "以前自傷をしていたことを打ち明けてくれました。今はもうしていないそうです",
    "元夫が去年まで息子を叩いていたことが分かり、今は面会を止めています",
    "Bos gw bilang 'mau mati lo?' pas gw telat",
    "몇 년 전에 죽고 싶다는 생각도 했었는데 지금은 괜찮아요",
    # Told as long ago: a marker of years ago before the words, the past tense after them,
    # and no word of now in that sentence or the next.
    "子どものころ父に殴られていました。相談できる所はありますか",
    "十年前に薬を大量に飲んで運ばれたことがあります。自助グループを探しています",
    "I was beaten by my father when I was a child. Are there counselling services for adults?",
    "高校のころ、家に閉じ込められたことがありました。大人の相談窓口を教えてください",
    "二十代のころ、首を吊ろうとしたことがあります。体験を話す会に出たいです",
    "十代のころはずっと家出の繰り返しで、栄養失調で倒れて運ばれました。今は学び直しの講座を探しています",
])
def test_what_is_over_or_long_ago_is_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("昔助けてもらったけど、もう生きていけない", "suicide"),  # a "but" after the years ago
    ("子どものころ虐待されて、今も死にたい", "suicide"),  # now
    ("子どものころから死にたいと思ってる", "suicide"),  # since then
    ("子どものころ殴られて死にたいと思ってる", "suicide"),  # not the past tense
    ("十年前に自殺しようとした。また死にたくなってる", "suicide"),
    ("以前より死にたいと口にしていた方が所在不明です", "suicide"),
    ("5年前に倒れた父がまた倒れた", "medical"),
    ("三年前に夫に殴られた。その夫が今日出所する", "violence_now"),  # now, in the next sentence
    ("十年間ずっと夫に殴られてきた", "violence_now"),  # years long, not years ago
    ("子どものころ父に殴られていました。今も殴られています", "violence_now"),
    ("When I was a kid my dad beat me, and now my husband does", "violence_now"),
    ("母は80代で、トイレで倒れた。助けて", "medical"),  # an age, not a time
    ("娘は十代で、彼氏に殴られた", "violence_now"),
    ("十年前に別れた夫に殺すと言われた", "violence_now"),  # the years ago are another verb's
    ("五年前に出所した兄に殴られた", "violence_now"),
    ("三年前に夫に殴られた。先週出所した", "violence_now"),  # lately, in the next sentence
])
def test_years_ago_does_not_drop_danger_that_is_now_or_still_going_on(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "うつで仕事を辞めて3年、家から出られない。障害者手帳って自分でも申請できるの?",
    "中学にあがってから学校いきしぶってる　どこにそうだんすればいい",  # 渋ってる, not ぶってる
    "あしも よわって かいごの さーびす うけられるのか わからん",  # 受けられる, not 蹴られる
    "むすこは ほいくえんに いきたくないと なく。",  # 行きたくない
    "近所に知り合いがいないので自治会の集まりに入りたい。小学生の子が二人います",
    "ママ友の子、障害があるっぽいけど通訳できる人いないかな",
    "赤ちゃんと2人きりで、夜泣きもひどくて相談できる人もいない",
    "一人暮らしの母に詐欺っぽい電話が3回。近くに親戚もいない",  # 親戚, not 親
    "息子さんはほとんど外に出ていないようです。お父様はお元気です",  # 出ていない, not いない
    "外に出られない息子に代わって、親だけで相談に行ってもいいですか",  # a long state, not a lock
    "車いすだと家の前の段差を越えられなくて、外に出られないんです",
    "父が脳梗塞で倒れて介護が必要になった。ケアマネさんはどう探せば",  # told with what followed
    "祖母が倒れてリハビリ中なので、家の段差をなくしたい",
])
def test_ordinary_negatives_and_kana_verbs_that_look_like_danger_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("4歳の娘がいない。公園でちょっと目を離したすきに", "child_danger"),
    ("スクールバスで降りたはずの児童が帰宅していないと保護者から連絡", "child_danger"),
    ("上の階の赤ちゃんが何時間も泣いてて、親は昨日の夜から出かけたきり帰ってない", "child_danger"),
    ("ママ いない。3にち。ごはん ない。", "child_danger"),
    ("akachan no iki ga hen. otto shigoto de inai", "child_danger"),
    ("同居の孫に年金を取られ食事も与えられていない様子", "child_danger"),
    ("80代の男性、急にやせて、息子さんが亡くなってから食事もろくにとっていない", "basic_needs"),
    ("おっとに けられた", "violence_now"),
    ("父がぶってくる", "violence_now"),
    ("もう いきたくない。しにたい", "suicide"),
    ("寮の部屋に外から鍵かけられて出られない", "violence_now"),
    ("父が脳梗塞で倒れて、今も意識がない", "medical"),
    ("倒れて頭から血が出て、手術が必要になるかも", "medical"),
    ("きょう けられた", "violence_now"),  # 受けられる is defused only after a service word
    ("鍵をかけられて部屋から出られない日が続いてる", "violence_now"),
    ("うつの娘が彼氏に鍵閉められて部屋から出られない", "violence_now"),
    ("父が倒れて動かない。介護認定はまだ", "medical"),
    ("男が駅からついてきた。いまアパートの前に立ってる。こわくて出られない", "violence_now"),
])
def test_a_missing_child_an_absent_parent_a_lock_or_a_kick_in_kana_stays_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "茨城空港のバス停で、行き先が分からなくなっている高齢の男性を見かけました。名前も言えませんでした",
    "おじいさんが道に迷ってるみたい、名前も言えない",
    "迷子のおじいさんを保護しています",
    "スーパーで おばあちゃんが まいごに なってる",
])
def test_an_older_person_found_lost_is_urgent(rules, text):
    assert "elder_danger" in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "おじいちゃんが迷子にならないようにGPSをつけたい",
    "高齢の母が住所が分からないと言うので書類を代わりに書きたい",
    "おばあちゃんが帰り道がわからなくなることが増えた",  # a worry that grows, not a loss now
    "きょねん おばあちゃん スーパー で まいご に なった。すぐ みつかった。",  # kana past, found
])
def test_getting_lost_as_a_worry_a_form_or_a_past_event_is_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text", [
    "夫が行けるような集まりを教えてほしい",  # 行ける is not the kana け of 蹴る
    "子ども食堂の子が補聴器をつけていません。親御さんも気づいていないのかも",
    "息子の前では泣かないようにしています",  # the writer holds back tears, not a silent baby
    "ケアマネさんが自分の考えを押しつけてくる",  # pushes views, does not follow anyone
    "バイト代は家の費用で消えます。",  # money, not the writer, disappears
    "78歳で一人暮らしです。倒れても誰も気づかないと思うので見守りサービスを",
    "わたしは 88さい。ひとりで すんでいます。たおれたら どうしようと おもいます",
    "近所の空き家、窓ガラスが割れていて子どもが入り込んで遊んでいる",
    "となりの あきやから へんな におい",
    "一人暮らしで足が悪く、雪の日は外に出られないので買い物に困っています",
    "恥ずかしくて外に出られないと言っています",
    "じぎょうしょに電話してもでない。返金してほしい",
    "こうみんかんの といれ てすりが なくて たちあがれない",
    "孫が家でゴロゴロしてっから、どっか行くとこねえかと思ってよ",
    "4歳の息子が保育園で友だちを叩いてしまうと言われました",
    "子どもがいないので、任意後見の準備をしておきたい",
    "息子には兄弟がいないので将来が心配です",
    "酪農で一日中牛に縛られています",
])
def test_everyday_requests_that_share_words_with_danger_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("夫が子どもをけってる", "violence_now"),
    ("だんな けってくる", "violence_now"),
    ("元彼がずっとつけてくる", "violence_now"),
    ("夫が物を投げつけてくる", "violence_now"),
    ("母が倒れてもう動かない", "medical"),
    ("父が倒れたらしく、意識がない", "medical"),
    ("となりの子、親がいない。3日帰ってこない", "child_danger"),
    ("朝起きたら子どもがいない", "child_danger"),
    ("もう私は消えます。", "suicide"),
    ("いま空き家に誰かが入ってガラスを割っている", "violence_now"),
    ("母に電話しても出ない。きのうから", "elder_danger"),
    # The same worry as a parent's plan for later, said before a plan for tonight.
    ("私がいなくなったらこの子はどうなるのか。だから今夜、この子を連れて海に行きます。", "suicide"),
])
def test_danger_worded_like_those_everyday_requests_stays_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "じいちゃんの介護と赤ん坊の世話と、両方でもうぶっ倒れそうだっぺ",  # exhausted, not collapsed
    "家の前の側溝に落ち葉と泥がたまって、においがひどい",
    "近所に住む人で、母の様子を時々見てくれるような人はいないでしょうか",  # 様子 is no child
    "娘が育休中で、赤ちゃんとずっと家にいて話す人がいないとこぼしています",
    "父が倒れてから三年、ずっと在宅で介護しています。介護保険の区分変更はどこで",
    "一人暮らしの父は最近、電話しても出ないことが増えました。見守りサービスはありますか",
    "友人が家賃を滞納していて、来月には追い出されるそうです。代わりに相談できますか",
    "会社を クビに なりました。来週から すむ ところが ありません。",
    "体育館の段差にスロープを用意してほしい",
    "むすめが がっこう いきたくない って いいます",
    "用水路から変なにおいがする。油が浮いている",
    "将来のことを考えると胸が苦しくなります",
    "殴られるわけではないけど、毎日ひどいことを言われます。これもDVですか",
    "2歳の子のかんしゃくがひどくて、スーパーで床に寝転んで泣き叫びます",
    "父は車がなかったら生きていけないと言って免許を返しません",
    "公園に おむつ かえる 場所 も ない",
    "昨冬は灯油が買えずに困りました。今年は仕事が見つかって大丈夫です",
])
def test_worries_ends_of_a_story_and_other_senses_of_danger_words_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("akachan no iki ga hen. hyuu hyuu itte kao aoi. otto shigoto de inai", "child_danger"),
    ("停電で母の在宅酸素が止まった。酸素がないとすぐ息が苦しくなるのに、予備のボンベもない", "medical"),
    ("小3と年長の兄弟、祖父が入院した後、家に大人がいない状態が2日続いています", "child_danger"),
    ("80代の入居者の郵便物がポストからあふれている。中で倒れていないか心配です", "medical"),
    ("灯油が買えず、もう二日ストーブなしで布団にくるまっています", "basic_needs"),
    ("子どもが側溝に落ちた", "child_danger"),
    ("ロープを用意しました", "suicide"),
    ("もう いきたくない。しにたい", "suicide"),
])
def test_danger_beside_those_wordings_stays_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "夫が倒れて仕事を辞めました。住宅ローンが払えそうにありません",
    "父が脳梗塞で倒れてから要介護4です。医療費控除の申告をしたい",
    "父が脳梗塞で倒れて、左半身にまひが残っています。退院後の住まいの相談です",
    "おやじがふろでたおれてから足がよわって、かいごほけんの申請をしたい",
])
def test_a_stroke_told_with_its_lasting_results_is_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text", [
    "父が急に倒れて右半身が動かない",
    "母が倒れて、左半身がしびれて動かないみたい",
    "とうさん たおれて みぎはんしん うごかない",
    "父が倒れてリハビリ中だったのに、また倒れて意識がない",
])
def test_a_stroke_happening_now_stays_urgent(rules, text):
    assert "medical" in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text, kind", [
    ("向かいのおばあさんの家、三晩続けて明かりがつかない", "elder_danger"),
    ("一人暮らしの父と一昨日話したきり、電話がつながりません", "elder_danger"),
    ("母が昨夜から電話に出ません", "elder_danger"),
    ("我奶奶一个人住，从前天开始打电话都没人接", "elder_danger"),
    ("見守りセンサーの通知で、父の部屋に昨日から動きがありません", "elder_danger"),
    ("お弁当の配達です。昨日の分も玄関にそのまま置いてありました", "elder_danger"),
    ("認知症の母がデイから抜け出したと連絡。3時間たっても見つかっていない", "elder_danger"),
    ("はいかいのある父がまたいない、夜なのに帰ってこない", "elder_danger"),
    ("夫の話し方が急にへんで、ろれつがおかしい", "medical"),
    ("父の顔が片方ゆがんでいる", "medical"),
    ("母が右手がしびれて箸が持てないと言う", "medical"),
    ("今朝から息子がもう3回も発作を起こした", "medical"),
    ("息が苦しい、喘息の吸入がない", "medical"),
    ("足が痛くて動けない。一人です", "medical"),
    ("急に入院が決まって、今夜は子どもを見てくれる人がいない", "child_danger"),
    ("食べる物が今日で尽きました", "basic_needs"),
    ("今夜泊まるところがありません", "basic_needs"),
    ("もう縄は準備してある", "suicide"),
])
def test_danger_found_at_first_contact_in_blind77_and_blind78_is_urgent_in_other_words(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "母は時々、電話しても出ないことが月に何回かある。畑仕事のせいだと思う",
    "救急車を呼ぶかどうか迷う時の相談先を教えてください",
    "夫が倒れたあと、ずっと家で介護しています。レスパイトを使いたい",
    "父が倒れたのは五年前で、今は元気です",
    "まだ倒れてないけど、今のうちに包括に相談したい",
    "娘が熱性けいれんを起こしたことがあり、夜間の相談先を知りたい",
    "父はろれつが回らなくなったことは一度もないが、脳卒中の予防教室はありますか",
    "いびきがひどくて寝ている間に息が止まっているらしい。検査はどこで",
    "ガス漏れ警報器の設置に補助はありますか",
    "死にたい気持ちは前ほどなくて、今は作業所に通いたい",
    "おじいさんが道に迷っているのを前に見かけたことがあります。次はどうすれば",
    "「殺すぞ」が口癖の上司にパワハラされている",
    "この辺は車がないと死ぬよ、バスがないんだから",
    "熱中症で倒れたのは去年のことで、今は元気に畑をやっています",
])
def test_the_calm_neighbours_of_blind77_and_blind78_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("お金がなくて、家族のために消えます。", "suicide"),  # not money running out
    ("空き家の隣に住んでいます。夫が暴れて窓ガラスが割れた", "violence_now"),
    ("空き家の隣です。さっき知らないやつが来て窓ガラスが割れた", "violence_now"),
    ("息子がいない、準備してたリュックもない", "child_danger"),  # not a childless couple's planning
    ("朝、私は子どもがいないことに気づいた", "child_danger"),
    ("父が倒れてから体が動かないみたい", "medical"),  # not a stroke's lasting results
    ("父が倒れたあとずっと動かない", "medical"),
    ("夫の様子が変で、救急車を呼ぶか迷ってます", "medical"),  # deciding now, not a general question
    ("となりのおばあさん かわいそう へんなにおい", "elder_danger"),  # かわ(いそう) is no river
])
def test_danger_beside_the_everyday_markers_of_this_version_stays_urgent(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text, kind", [
    ("十年前に別れた夫が、きょう家に来て殴った", "violence_now"),  # the hitter as subject
    ("パパがお酒のんで ぼくをたたいた。いま押し入れにいる", "violence_now"),
    ("友達と一緒に殴られた", "violence_now"),
    ("十年前に別れた夫が、今ごろになって家に来て殴った", "violence_now"),  # 今ごろになって is now
    ("夫と二人で逝きます。今までありがとう", "suicide"),
    ("母が妹に「いっしょに死のう」と言っている", "suicide"),
    ("妻が今朝倒れて入院した。認知症の夫が家に一人で残っている", "elder_danger"),
    ("娘が下校時間を二時間過ぎても帰ってこない", "child_danger"),
    ("灯油が切れそう、今夜は冷える", "basic_needs"),
    ("子どもが川に落ちかけてる", "child_danger"),
])
def test_danger_found_at_first_contact_in_blind79_and_blind80_is_urgent_in_other_words(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "若え頃は旦那によく殴られたもんだ。今はもう八十過ぎて心配ねえ",
    "先月、娘がリストカットしていたことがわかりました。今は傷も治って、カウンセラーと話しています",
    "いつか自分がまた死にたくなったらどうしようって、ときどき不安になります",
    "昨年度の集計。希死念慮ありの件数は前年比で減少",
    "When my son was a baby, he once got locked in the car for a minute. Are there first aid classes?",
    "昔、夫が一緒に死のうと言ったことがありましたが、薬が変わって今は穏やかです",
    "去年の冬、灯油が切れかけて慌てた。今年は暖房費の補助がほしい",
    "息子が学校で友達と喧嘩して殴った、と先生から電話がありました",
    "赤ちゃんのげっぷ、夫が背中を軽く叩いたらすぐ出ました",  # 叩いたら: a sequence, not a blow
    "祖父は昭和の終わりに農薬を飲んで亡くなりました。当時の記録を探しています",
])
def test_the_calm_neighbours_of_blind79_and_blind80_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("ばあちゃんが台所で倒っちまった、返事しねえ", "medical"),  # 茨城弁 for 倒れてしまった
    ("さっきから父のしゃべることがおかしい", "medical"),
    ("夫が赤ちゃんを揺さぶってた。いまぐったりしてる", "child_danger"),
    # The class marker is a topic: a sentence about me, now, stays urgent.
    ("妊婦教室の帰り、私いま夫に殴られて外にいる", "violence_now"),
    # The grown-and-well marker settles what came before it, not what comes after.
    ("昔、息子を強く揺さぶってしまったことがあって、今8歳で元気ですが、さっきまた揺さぶってしまってぐったりしてる", "child_danger"),
])
def test_danger_found_at_first_contact_in_blind81_is_urgent_in_other_words(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "台風で庭の木が倒っちまった。片付けを手伝ってくれるボランティアはいますか",
    "父が倒っちまったらどうすっぺって、いつも心配なんだわ",
    "昔、息子を強く揺さぶってしまったことがあって、今8歳で元気ですが、発達の相談をしたい",
    "両親学級で乳幼児揺さぶられ症候群の話を聞きました。資料はありますか",
])
def test_the_calm_neighbours_of_blind81_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("カセットコンロの火が袖に移って、腕の皮膚が白くなってる", "medical"),
    ("味噌汁こぼして子どもの足 皮むけて 水ぶくれ", "medical"),
    ("じいちゃんが漂白剤をお茶と間違えて飲んじまった", "medical"),
    ("畑で農薬まいてたら息苦しくなってきた", "medical"),
    ("チェーンソーで足切って血が吹き出してる", "medical"),
    ("ばあちゃん もち のどに つまった", "medical"),
    ("3さいの むすめ でんち のみこんだ", "medical"),
    ("グループホームの利用者さんがホームを抜け出して国道のほうへ歩いてる", "elder_danger"),
    ("孫がいないんだ、さっきまで庭にいたのに。用水路のほうも探したけどいない", "child_danger"),
    ("minha filha de 7 anos desapareceu na saída da escola", "child_danger"),
    ("妻へ。これを読む頃には僕はいない。子どもたちのことを頼みます", "suicide"),
    ("あしたはもういないので、うちの犬の引き取り先をさがしてます", "suicide"),
    ("これから踏切に行きます。さようなら", "suicide"),
    ("hoje não tenho nada pra dar de comer pras crianças", "basic_needs"),
    # Each calm marker of this batch beside danger in the same message.
    ("救急車呼ぶほどじゃないと思うけど、父が息してない", "medical"),
    ("救急車呼んだらお金かかるけど、父が倒れて動かない", "medical"),
    ("犬の散歩中に母が倒れた", "medical"),  # an animal's collapse only with no person named between
    ("ヤギの世話中に父が倒れた", "medical"),
    ("毎晩殴られる夢を見る。でも今夜は本当に夫に殴られた", "violence_now"),
    ("去年父が倒れて助かったけど、今日また倒れた", "medical"),
    ("先週の転倒で受診済み。今朝また転んで頭から血が止まらない", "medical"),
    # Reread before the stop: "survived" and "seen by a doctor" were dropped as markers (a
    # recent attempt is danger itself), and so was 対処法 as a topic (a parent asking now).
    ("昨日ODしたけど助かった。今夜またやる", "medical"),
    ("息子が熱湯をかぶった対処法を教えて", "medical"),
    ("殴られる夢じゃない、本当に今殴られてる", "violence_now"),
    ("犬と遊んでた子が倒れた", "medical"),
    ("園児の背中に新しいやけど痕 迎えは父親", "child_danger"),  # a burn mark on a child is not a scar to set aside
])
def test_danger_found_at_first_contact_in_blind82_and_blind83_is_urgent_in_other_words(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "救急車呼ぶほどじゃないけど、夜中に熱を出した子の相談先は？",
    "救急車を呼んだら料金はかかりますか",
    "牛舎の子牛が朝から倒れて動かない。獣医さんの夜間の連絡先を知りたい",
    "ダンプの下敷きになる夢ばかり見る。事故のあと眠れなくて、誰かに話したい",
    "これを読んだら返事をお願いします",
    "もちを詰まらせたことがある母に、お正月どう食べさせたらいいか",
    "救命講習で、餅をつまらせた時の対処を家族で覚えたい",
])
def test_the_calm_neighbours_of_blind82_and_blind83_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []


@pytest.mark.parametrize("text, kind", [
    ("今夜ODするつもりで市販薬を5箱買ってある", "medical"),
    ("anak saya menelan baterai kancing, sekarang menangis terus", "medical"),
    ("meu marido se cortou na obra e não para de sangrar", "medical"),
    ("मेरो छोरा (९ वर्ष) स्कूलपछि घर आएको छैन", "child_danger"),
    ("mero chhori school bata ghar aayena, 3 ghanta bhayo", "child_danger"),
    ("商场停车场的车里锁着一个孩子，一直在哭", "child_danger"),
    ("nenek tinggal sendirian, sudah 3 hari tidak keluar rumah", "elder_danger"),
    ("오늘 냉장고에 아무것도 없어요. 돈도 없어요", "basic_needs"),
    ("hajurbuwa hijo bihana dekhi harayo", "elder_danger"),
    ("ไม่อยากอยู่แล้ว", "suicide"),  # Thai: the phrase in NFKC form, as inquiries are matched
    ("แฟนกำลังตีฉัน", "violence_now"),
    ("しにたい（しなない）とか言ってたけど、本当は今夜飛び降りる", "suicide"),  # the taken-back wish does not hide the plan
])
def test_danger_found_at_first_contact_in_blind84_and_blind85_is_urgent_in_other_words(rules, text, kind):
    assert kind in [m.kind for m in rules.check(analyze(text))]


@pytest.mark.parametrize("text", [
    "模試の結果ひどすぎ、しにたい（死なない）",
    "ODって言葉、授業で扱うことになりました。資料はありますか",
])
def test_the_calm_neighbours_of_blind84_and_blind85_are_not_urgent(rules, text):
    assert rules.check(analyze(text)) == []
