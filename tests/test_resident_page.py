"""The resident page without JavaScript: plain HTML forms, parsed."""
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags, self.text, self._stack = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def test_the_page_greets_warns_about_personal_data_and_has_a_labelled_text_box(client):
    r = client.get("/")
    p = Page(r.text)
    assert r.status_code == 200
    assert p.find("textarea", name="text", id="text") and p.find("label", **{"for": "text"})
    assert any("名前・住所・電話番号は書かないでください" in t for t in p.text)
    assert p.find("form", method="post", action="/")


def test_an_answer_names_the_area_and_a_tel_link(client):
    r = client.post("/", data={"text": "母が認知症で介護がつらい"})
    p = Page(r.text)
    assert r.status_code == 200
    assert "高齢者介護・地域包括ケア" in r.text
    assert any(a.get("href", "").startswith("tel:") for a in p.find("a"))


def test_urgent_answer_puts_hotlines_before_anything_else(client):
    html = client.post("/", data={"text": "もう死にたい。子どもの保育園のことも相談したい"}).text
    answer = html[html.index('class="msg bot answer"'):]
    assert answer.index("tel:0570-064-556") < answer.index('class="areas"')
    assert answer.index('class="urgent"') < answer.index("<p>")


def test_the_conversation_is_carried_in_the_page_and_read_together(client):
    first = client.post("/", data={"text": "息子が20年部屋から出てこない"})
    assert 'name="history" value="息子が20年部屋から出てこない"' in first.text
    second = client.post("/", data={"history": "息子が20年部屋から出てこない", "text": "年金だけでは家賃が払えない"})
    assert "生活困窮" in second.text and "ひきこもり・社会的孤立" in second.text


def test_echoed_text_is_escaped(client):
    html = client.post("/", data={"text": "<script>alert(1)</script>お金がない"}).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_out_of_scope_gives_the_city_number(client):
    html = client.post("/", data={"text": "こんにちは"}).text
    assert "tel:0299-48-1111" in html


def test_easy_japanese_mode_is_remembered_and_shows_furigana(client):
    r = client.get("/lang/easy", follow_redirects=False)
    assert r.status_code == 303 and "nukumori_lang=easy" in r.headers["set-cookie"]
    html = client.post("/", data={"text": "母が認知症で介護がつらい"}).text
    assert "<ruby>" in html and "<rt>" in html


def test_english_mode_answers_in_english(client):
    client.get("/lang/en")
    html = client.post("/", data={"text": "お金がなくて家賃が払えない"}).text
    assert 'lang="en"' in html and "These services can help" in html


def test_empty_text_shows_a_plain_error_not_a_crash(client):
    r = client.post("/", data={"text": ""})
    assert r.status_code == 422 and "何も書かれていません" in r.text
    client.get("/lang/en")
    r = client.post("/", data={"text": "a" * 5001})
    assert r.status_code == 422 and "under 5000 characters" in r.text
    assert "このページはありません" not in client.get("/nope", headers={"accept": "text/html"}).text
    assert "This page does not exist." in client.get("/nope", headers={"accept": "text/html"}).text


def test_memo_holds_areas_and_not_the_text_unless_asked(client):
    r = client.post("/memo", data={"history": "母が認知症で介護がつらい。田中花子"})
    assert r.status_code == 200 and "高齢者介護" in r.text and "田中花子" not in r.text
    r = client.post("/memo", data={"history": "母が認知症で介護がつらい", "include_text": "1"})
    assert "母が認知症で介護がつらい" in r.text


def test_an_inquiry_in_another_language_is_answered_in_english_and_easy_japanese(client):
    html = client.post("/", data={"text": "I lost my job and cannot pay the rent"}).text
    answer = html[html.index('class="msg bot answer"'):]
    assert "These services can help" in answer and "ここに そうだん できます" in answer


def test_a_language_nukumori_cannot_read_gets_emergency_numbers_first_and_foreign_support(client):
    html = client.post("/", data={"text": "สวัสดีค่ะ อยากถามเรื่องการสมัครให้ลูกเข้าเนอสเซอรี่ค่ะ"}).text
    answer = html[html.index('class="msg bot answer"'):]
    assert "We cannot read this language yet" in answer and "この ことばは まだ よめません" in answer
    assert answer.index('href="tel:110"') < answer.index('class="areas"')
    assert 'href="tel:119"' in answer and "外国人への支援" in answer
    assert 'role="alert"' not in answer  # a precaution, not an alarm
