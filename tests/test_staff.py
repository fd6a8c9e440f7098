"""Staff sign-in, sessions, CSRF, triage page, slip, feedback with masking, audit log."""
import re

import pytest

from web.accounts import Accounts
from web.db import connect

from .conftest import make_client

PASSWORD = "correct horse battery"


@pytest.fixture()
def staff_env(settings, router, tmp_path):
    acc = Accounts(tmp_path)
    acc.add("sato", PASSWORD, "staff")
    acc.add("boss", PASSWORD, "admin")
    client = make_client(settings, router, data_dir=str(tmp_path))
    return client, tmp_path


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, name="sato", password=PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"name": name, "password": password, "csrf": _csrf(page.text)}, follow_redirects=False)


def test_staff_and_admin_pages_redirect_to_sign_in(staff_env):
    client, _ = staff_env
    for path in ("/staff/", "/admin/", "/staff/cases"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login"


def test_wrong_password_is_refused_with_a_plain_message(staff_env):
    client, _ = staff_env
    r = sign_in(client, password="wrong password!")
    assert r.status_code == 401 and "アカウント名かパスワードが違います" in r.text


def test_ten_failures_lock_the_account_for_15_minutes(staff_env):
    client, _ = staff_env
    for _ in range(10):
        sign_in(client, password="wrong password!")
    r = sign_in(client)  # even the right password is refused while locked
    assert r.status_code == 401 and "15分間ロック" in r.text


def test_sign_in_sets_a_safe_cookie_and_opens_the_triage_page(staff_env):
    client, _ = staff_env
    r = sign_in(client)
    assert r.status_code == 303 and r.headers["location"] == "/staff/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/staff/").status_code == 200


def test_a_post_without_csrf_token_is_403(staff_env):
    client, _ = staff_env
    sign_in(client)
    assert client.post("/staff/", data={"notes": "お金がない"}).status_code == 403
    assert client.post("/login", data={"name": "sato", "password": PASSWORD}).status_code == 403


def test_logout_revokes_the_old_cookie(staff_env):
    client, _ = staff_env
    sign_in(client)
    old = client.cookies.get("nukumori_session")
    page = client.get("/staff/")
    client.post("/logout", data={"csrf": _csrf(page.text)})
    client.cookies.set("nukumori_session", old)
    r = client.get("/staff/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_staff_gets_403_on_admin(staff_env):
    client, _ = staff_env
    sign_in(client)
    assert client.get("/admin/").status_code == 403


def test_multi_issue_case_shows_ranked_areas_evidence_and_the_comprehensive_referral(staff_env):
    client, _ = staff_env
    sign_in(client)
    page = client.get("/staff/")
    notes = "来所者：80代女性。長男50代無職、20年自宅から出ない。年金のみで家賃滞納3か月。"
    r = client.post("/staff/", data={"notes": notes, "csrf": _csrf(page.text)})
    assert r.status_code == 200
    assert "<meter" in r.text and "<mark>" in r.text
    assert "重層的支援" in r.text and "包括的相談支援・多機関協働" in r.text
    assert 'value="hikikomori" checked' in r.text and 'value="poverty" checked' in r.text
    assert "複数の課題がある見込み" in r.text and "複合課題として扱う" in r.text


def test_notes_in_another_language_mark_the_words_that_counted(staff_env):
    """Evidence for English notes reads "son（息子）"; the notes mark "son" itself."""
    client, _ = staff_env
    sign_in(client)
    page = client.get("/staff/")
    r = client.post("/staff/", data={"notes": "My son stays in his room all day and plays video games",
                                     "csrf": _csrf(page.text)})
    assert r.status_code == 200
    assert "（息子）" in r.text and "<mark>son</mark>" in r.text


def test_feedback_is_saved_masked_listed_and_deletable_with_audit_rows(staff_env):
    client, data_dir = staff_env
    sign_in(client)
    csrf = _csrf(client.get("/staff/").text)
    notes = "田中花子さん（090-1234-5678）、小美玉市小川1-2-3。母の介護がつらい"
    r = client.post("/staff/feedback", data={"notes": notes, "areas": ["elderly_care", "comprehensive"], "csrf": csrf})
    assert r.status_code == 200 and "保存しました" in r.text
    with connect(data_dir) as con:
        row = con.execute("SELECT * FROM feedback").fetchone()
    assert "田中" not in row["masked_text"] and "090-1234-5678" not in row["masked_text"] and "1-2-3" not in row["masked_text"]
    assert "［氏名］" in row["masked_text"] and row["model_version"]
    assert "介護がつらい" in r.text and "田中" not in r.text
    client.post(f"/staff/cases/{row['id']}/delete", data={"csrf": csrf})
    with connect(data_dir) as con:
        assert con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0
        actions = [a["action"] for a in con.execute("SELECT action FROM audit ORDER BY id")]
    assert {"signin", "feedback.save", "feedback.delete"} <= set(actions)


def test_slip_is_printable_with_masked_notes_and_contacts(staff_env):
    client, _ = staff_env
    sign_in(client)
    csrf = _csrf(client.get("/staff/").text)
    r = client.post("/staff/slip", data={"notes": "鈴木一郎さん 家賃が払えない", "areas": ["poverty"], "csrf": csrf})
    assert r.status_code == 200 and "相談受付票" in r.text and "生活困窮者への支援" in r.text
    assert "鈴木" not in r.text and "0299-48-1111" in r.text


def test_admin_sees_the_audit_log(staff_env):
    client, _ = staff_env
    sign_in(client, "sato", "wrong password!")
    r = sign_in(client, "boss")
    assert r.headers["location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200 and "signin.failed" in page.text and "signin" in page.text


def test_password_change_revokes_sessions_and_the_new_one_works(staff_env):
    client, _ = staff_env
    sign_in(client)
    old = client.cookies.get("nukumori_session")
    csrf = _csrf(client.get("/staff/password").text)
    r = client.post("/staff/password", data={"current": PASSWORD, "new": "another long password",
                                             "again": "another long password", "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    client.cookies.set("nukumori_session", old)
    assert client.get("/staff/", follow_redirects=False).status_code == 303
    assert sign_in(client, password="another long password").status_code == 303


def test_danger_found_only_by_the_learned_signal_is_shown_as_such_with_the_numbers(staff_env, router):
    from router.features import analyze
    from training.urgency import load_urgency

    text = next(r["text"] for r in load_urgency("test") if r["urgent"] and not router.rules.check(analyze(r["text"]))
                and router.route(r["text"])["urgent"])
    client, _ = staff_env
    sign_in(client)
    page = client.get("/staff/")
    r = client.post("/staff/", data={"notes": text, "csrf": _csrf(page.text)})
    assert r.status_code == 200 and 'class="urgent"' in r.text
    assert "学習した判定が危険の可能性を示しました" in r.text
    assert f'href="tel:{router.route(text)["hotlines"][0]["number"]}"' in r.text


def test_staff_see_which_language_to_find_an_interpreter_for(staff_env):
    client, _ = staff_env
    sign_in(client)
    csrf = _csrf(client.get("/staff/").text)
    r = client.post("/staff/", data={"notes": "Tôi mất việc rồi, không có tiền trả tiền nhà", "csrf": csrf})
    assert "言語：ベトナム語" in r.text
    r = client.post("/staff/", data={"notes": "สวัสดีค่ะ อยากถามเรื่องการสมัครให้ลูกเข้าเนอสเซอรี่ค่ะ", "csrf": csrf})
    assert "タイ語はモデルが読めません" in r.text and "外国人への支援" in r.text
