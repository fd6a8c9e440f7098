"""The resident page in real headless Chromium: with and without JavaScript, urgent first,
やさしい日本語 furigana, and an axe-core accessibility check. Screenshots go to test-artifacts/."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from nukumori.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(data_dir, router):
    """The real app under uvicorn on a free loopback port, in a thread; yields its base URL."""
    from web.app import create_app

    port = _free_port()
    s = Settings.from_env(env={}, data_dir=str(data_dir), allowed_hosts="127.0.0.1,localhost")
    srv = uvicorn.Server(uvicorn.Config(create_app(s, router=router), host="127.0.0.1", port=port, log_level="error"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.time() + 10
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(5)


@pytest.fixture(scope="module")
def server(settings, router):
    with serving(settings.data_dir, router) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _ask(page, text: str) -> None:
    page.fill("#text", text)
    page.click("#ask button[type=submit]")


def test_with_javascript_the_answer_arrives_in_place(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(server + "/")
    page.evaluate("window.__sameDocument = true")
    _ask(page, "母が認知症で、介護に疲れてしまいました")
    page.wait_for_selector(".msg.bot.answer")
    assert page.evaluate("window.__sameDocument") is True  # no full reload
    assert "高齢者介護・地域包括ケア" in page.inner_text("#chat")
    assert page.locator(".answer a[href^='tel:']").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "resident-js.png"), full_page=True)


def test_without_javascript_the_form_posts_and_answers(browser, server):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 700})
    page = ctx.new_page()
    page.goto(server + "/")
    _ask(page, "お金がなくて家賃が払えない")
    page.wait_for_selector(".msg.bot.answer")
    assert "生活困窮" in page.inner_text("#chat")
    assert page.locator(".answer a[href^='tel:']").count() >= 1
    # 320 px: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(ARTIFACTS / "resident-nojs.png"), full_page=True)
    ctx.close()


def _answered(browser, server, js: bool, text: str, selector: str):
    """A fresh page (JavaScript on or off) that asked ``text`` and shows ``selector``."""
    ctx = browser.new_context(java_script_enabled=js)
    page = ctx.new_page()
    page.goto(server + "/")
    _ask(page, text)
    page.wait_for_selector(selector)
    return ctx, page


@pytest.mark.parametrize("js", [True, False])
def test_urgent_inquiry_shows_hotlines_first(browser, server, js):
    ctx, page = _answered(browser, server, js, "もう死にたい。生きてる意味がない", ".answer .urgent")
    first_text_is_urgent = page.evaluate("""() => {
        const answer = [...document.querySelectorAll('.answer')].pop();
        const first = [...answer.querySelectorAll('*')].find(e => e.children.length === 0 && e.textContent.trim());
        return !!first.closest('.urgent');
    }""")
    assert first_text_is_urgent
    assert page.locator(".answer .urgent a[href='tel:0570-064-556']").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"resident-urgent-{'js' if js else 'nojs'}.png"), full_page=True)
    ctx.close()


@pytest.mark.parametrize("js", [True, False])
def test_a_language_nukumori_cannot_read_shows_emergency_numbers_first(browser, server, js):
    ctx, page = _answered(browser, server, js, "สวัสดีค่ะ อยากถามเรื่องการสมัครให้ลูกเข้าเนอสเซอรี่ค่ะ", ".answer .precaution")
    assert "We cannot read this language yet" in page.inner_text(".answer")
    assert page.locator(".answer .precaution a[href='tel:110']").count() >= 1
    assert page.locator(".answer .precaution a[href='tel:119']").count() >= 1
    assert page.locator(".answer [role=alert]").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"resident-unreadable-{'js' if js else 'nojs'}.png"), full_page=True)
    ctx.close()


def test_easy_japanese_switch_shows_furigana(browser, server):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(server + "/")
    page.click("a[href='/lang/easy']")
    _ask(page, "母が認知症で介護がつらい")
    page.wait_for_selector(".answer ruby rt")
    assert page.locator(".answer ruby").count() > 0
    page.screenshot(path=str(ARTIFACTS / "resident-easy.png"), full_page=True)
    ctx.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (npm install in tests/browser)")
@pytest.mark.parametrize("lang", ["ja", "easy", "en"])
def test_no_serious_accessibility_violations(browser, server, lang):
    ctx = browser.new_context(bypass_csp=True)  # axe is injected from the test, not served by the app
    page = ctx.new_page()
    page.goto(server + f"/lang/{lang}")
    _ask(page, "もう死にたい。息子が部屋から出てこないし、お金もない")
    page.wait_for_selector(".msg.bot.answer")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})")
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    ctx.close()


def test_staff_signs_in_triages_corrects_and_prints_a_slip(browser, settings, router, tmp_path_factory):
    from web.accounts import Accounts

    data_dir = tmp_path_factory.mktemp("staff-browser")
    Accounts(data_dir).add("sato", "correct horse battery", "staff")
    with serving(data_dir, router) as base:
        ctx = browser.new_context(viewport={"width": 1024, "height": 900})
        page = ctx.new_page()
        page.goto(base + "/staff/")
        assert page.url.endswith("/login")
        page.fill("#name", "sato")
        page.fill("#password", "correct horse battery")
        page.click("form.login button")
        page.wait_for_url(base + "/staff/")
        page.fill("#notes", "来所者：80代女性。長男50代無職、20年自宅から出ない。年金のみで家賃滞納3か月。")
        page.click("form.ask button")
        page.wait_for_selector("table.ranked")
        assert page.locator("mark").count() > 0
        page.check("input[name=areas][value=elderly_care]")
        with ctx.expect_page() as slip_info:
            page.click("button[formaction='/staff/slip']")
        slip = slip_info.value
        slip.wait_for_load_state()
        assert "相談受付票" in slip.inner_text("body") and "高齢者介護" in slip.inner_text("body")
        slip.screenshot(path=str(ARTIFACTS / "staff-slip.png"), full_page=True)
        page.click("form.feedback button[type=submit]:not([formaction])")
        page.wait_for_url(base + "/staff/cases?saved=1")
        assert "保存しました" in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "staff-cases.png"), full_page=True)
        ctx.close()


def test_admin_uploads_retrains_reads_the_report_promotes_and_rolls_back(browser, settings, router, tmp_path_factory, monkeypatch):
    import json as _json
    import shutil as _shutil

    from training import retrain
    from training.corpus import load_split
    from training.registry import Registry
    from web.accounts import Accounts

    data_dir = tmp_path_factory.mktemp("admin-browser")
    (data_dir / "models").mkdir()
    _shutil.copytree(Registry(settings.data_dir).root / router.version, data_dir / "models" / router.version)
    (data_dir / "models" / "registry.json").write_text(_json.dumps({"in_service": router.version, "history": []}))
    Accounts(data_dir).add("boss", "correct horse battery", "admin")
    small = load_split("train")[::5]
    monkeypatch.setattr(retrain, "load_split", lambda split: small if split == "train" else load_split("test")[::3])
    upload = data_dir / "new.csv"
    upload.write_text("text,labels\n息子が部屋から出てこない,hikikomori\n介護保険の申請がわからない,elderly_care\n", encoding="utf-8")
    with serving(data_dir, router) as base:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(base + "/login")
        page.fill("#name", "boss")
        page.fill("#password", "correct horse battery")
        page.click("form.login button")
        page.wait_for_url(base + "/admin/")
        page.set_input_files("#file", str(upload))
        page.click("#upload button")
        page.wait_for_selector("text=imported 2 rows")
        page.click("#training button")
        deadline = time.time() + 120
        while (job := retrain.job(data_dir))["status"] == "running" and time.time() < deadline:
            time.sleep(0.5)
        assert job["status"] == "done", job
        page.reload()  # the job lives in the database: a reload shows where it is
        page.wait_for_selector("a[href^='/admin/models/']:has-text('レポート')", timeout=20_000)
        page.screenshot(path=str(ARTIFACTS / "admin-trained.png"), full_page=True)
        page.click("a[href^='/admin/models/']:has-text('レポート')")
        page.wait_for_selector("table.compare")
        candidate = page.url.rsplit("/", 1)[1]
        page.screenshot(path=str(ARTIFACTS / "admin-report.png"), full_page=True)
        if page.locator("#reason").count():
            page.fill("#reason", "ブラウザ試験")
        page.click("form[action$='/promote'] button")
        page.wait_for_url(base + "/admin/#versions")
        assert Registry(data_dir).in_service() == candidate
        page.click("form[action='/admin/models/rollback'] button")
        page.wait_for_load_state()
        assert Registry(data_dir).in_service() == router.version
