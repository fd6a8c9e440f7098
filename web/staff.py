"""Front-desk triage behind a staff login: sign-in, triage with evidence, referral slip, feedback."""
from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup, escape

from knowledge import AREA_IDS
from router.analysis import analyze
from router.mask import mask
from router.pipeline import InputError, check_text

from .accounts import AccountError
from .auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, accounts, check_csrf, new_login_csrf, require, secure
from .db import audit, connect
from .errors import BadInput, NotFound
from .i18n import page_context

router = APIRouter()
NOTES_MAX = 5000


def _page(request: Request, name: str, ctx: dict, status: int = 200):
    return request.app.state.templates.TemplateResponse(request, name, {**page_context(request), **ctx}, status_code=status)


@router.get("/login")
def login_page(request: Request, error: str = ""):
    token = new_login_csrf()
    resp = _page(request, "login.html", {"csrf": token, "error": error})
    resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=secure(request))
    return resp


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form("")):
    if not csrf or csrf != request.cookies.get(LOGIN_CSRF_COOKIE):
        from .auth import Forbidden

        raise Forbidden("フォームの有効期限が切れました。画面を読み込み直してください。(CSRF)")
    address = request.client.host if request.client else "?"
    try:
        token = accounts(request).sign_in(name, password, address)
    except AccountError as e:
        token2 = new_login_csrf()
        resp = _page(request, "login.html", {"csrf": token2, "error": str(e), "name": name}, status=401)
        resp.set_cookie(LOGIN_CSRF_COOKIE, token2, httponly=True, samesite="lax", secure=secure(request))
        return resp
    session = accounts(request).session(token)
    resp = RedirectResponse("/admin/" if session and session.user.role == "admin" else "/staff/", status_code=303)
    resp.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure(request))
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")):
    session = require(request)
    check_csrf(request, session, csrf)
    accounts(request).sign_out(request.cookies[SESSION_COOKIE], session.user.name)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


def highlight(text: str, words: set[str]) -> Markup:
    """The notes, escaped, with every token whose normalized form is evidence in <mark>."""
    a = analyze(text)
    spans = [(t.begin, t.end) for t in a.tokens if t.norm in words or t.surface in words]
    out, last = [], 0
    shown = a.text  # offsets are into the normalized text, so that is what we show
    for b, e in spans:
        if b < last:
            continue
        out.append(escape(shown[last:b]))
        out.append(Markup("<mark>{}</mark>").format(shown[b:e]))
        last = e
    out.append(escape(shown[last:]))
    return Markup("").join(out)


def _triage_view(request: Request, notes: str) -> dict:
    r = request.app.state.router.get().route(notes)
    kb = request.app.state.kb
    # Evidence from the glossary reads "son（息子）": the writer's own words are what to mark.
    evidence = {w for a in r["areas"] for e in a["evidence"] for w in [e, *e.split("（")[0].split(" ")]}
    referred = [ref["area"] for ref in r["referrals"]]
    checklist = []
    for area_id in referred or [a["id"] for a in r["areas"][:1]]:
        area = kb.areas[area_id]
        contacts = [{"name": c.name, "phone": c.voice_phone.number if c.voice_phone else None, "verified": c.verified}
                    for c in kb.area_contacts(area_id)]
        checklist.append({"id": area_id, "name": area.name, "programs": [kb.programs[p].name for p in area.programs],
                          "contacts": contacts})
    return {"result": r, "marked": highlight(notes, evidence), "checklist": checklist,
            "areas_all": [(a, kb.areas[a].name) for a in AREA_IDS], "checked": set(referred or [a["id"] for a in r["areas"][:1]]),
            "notes": notes, "masked": mask(notes)}


@router.get("/staff/")
def staff_home(request: Request):
    session = require(request)
    return _page(request, "staff.html", {"session": session, "view": None, "notes_max": NOTES_MAX})


@router.post("/staff/")
def staff_triage(request: Request, notes: str = Form(""), csrf: str = Form("")):
    session = require(request)
    check_csrf(request, session, csrf)
    try:
        check_text(notes, NOTES_MAX)
    except InputError as e:
        return _page(request, "staff.html", {"session": session, "view": None, "error": str(e), "notes_max": NOTES_MAX}, status=422)
    return _page(request, "staff.html", {"session": session, "view": _triage_view(request, notes), "notes_max": NOTES_MAX})


@router.post("/staff/slip")
def staff_slip(request: Request, notes: str = Form(""), areas: list[str] = Form([]), csrf: str = Form("")):
    session = require(request)
    check_csrf(request, session, csrf)
    kb = request.app.state.kb
    chosen = [a for a in areas if a in kb.areas]
    rows = []
    for a in chosen:
        area = kb.areas[a]
        c = kb.best_contact(a)
        rows.append({"name": area.name, "programs": [kb.programs[p].name for p in area.programs],
                     "contact": c.name, "phone": c.voice_phone.number if c.voice_phone else ""})
    return _page(request, "slip.html", {"session": session, "date": datetime.now().strftime("%Y年%m月%d日"),
                                        "masked": mask(notes)[:NOTES_MAX], "rows": rows, "city": kb.contacts["city_welfare"]})


@router.post("/staff/feedback")
def staff_feedback(request: Request, notes: str = Form(""), areas: list[str] = Form([]), urgent: str = Form(""),
                   csrf: str = Form("")):
    session = require(request)
    check_csrf(request, session, csrf)
    try:
        check_text(notes, NOTES_MAX)
    except InputError as e:
        raise BadInput(str(e)) from None
    unknown = [a for a in areas if a not in AREA_IDS]
    if unknown:
        raise BadInput(f"unknown area(s): {', '.join(unknown)}")
    router_ = request.app.state.router.get()
    predicted = [a["id"] for a in router_.route(notes)["areas"]]
    with connect(request.app.state.settings.data_dir) as con:
        cur = con.execute(
            "INSERT INTO feedback (staff_id, masked_text, labels, urgent, predicted, model_version) VALUES (?, ?, ?, ?, ?, ?)",
            (session.user.id, mask(notes), json.dumps(list(dict.fromkeys(areas))), int(bool(urgent)), json.dumps(predicted),
             router_.version))
        audit(con, session.user.name, "feedback.save", f"feedback #{cur.lastrowid}")
    return RedirectResponse("/staff/cases?saved=1", status_code=303)


@router.get("/staff/cases")
def staff_cases(request: Request, saved: str = ""):
    session = require(request)
    with connect(request.app.state.settings.data_dir) as con:
        rows = con.execute("SELECT id, created, masked_text, labels, urgent, model_version FROM feedback WHERE staff_id = ? "
                           "ORDER BY id DESC LIMIT 50", (session.user.id,)).fetchall()
    kb = request.app.state.kb
    cases = [{"id": r["id"], "created": r["created"], "text": r["masked_text"], "urgent": bool(r["urgent"]),
              "areas": [kb.areas[a].name for a in json.loads(r["labels"]) if a in kb.areas], "model_version": r["model_version"]}
             for r in rows]
    return _page(request, "cases.html", {"session": session, "cases": cases, "saved": bool(saved)})


@router.post("/staff/cases/{case_id}/delete")
def staff_case_delete(request: Request, case_id: int, csrf: str = Form("")):
    session = require(request)
    check_csrf(request, session, csrf)
    with connect(request.app.state.settings.data_dir) as con:
        n = con.execute("DELETE FROM feedback WHERE id = ? AND staff_id = ?", (case_id, session.user.id)).rowcount
        if not n:
            raise NotFound("この記録はありません（または他の職員の記録です）")
        audit(con, session.user.name, "feedback.delete", f"feedback #{case_id}")
    return RedirectResponse("/staff/cases", status_code=303)


@router.get("/staff")
def staff_slash():
    return RedirectResponse("/staff/", status_code=307)




@router.get("/staff/password")
def password_page(request: Request):
    session = require(request)
    return _page(request, "password.html", {"session": session})


@router.post("/staff/password")
def password_change(request: Request, current: str = Form(""), new: str = Form(""), again: str = Form(""),
                    csrf: str = Form("")):
    session = require(request)
    check_csrf(request, session, csrf)
    error = "新しいパスワードが一致しません。" if new != again else None
    if error is None:
        try:
            accounts(request).change_password(session.user, current, new)
        except AccountError as e:
            error = str(e)
    if error:
        return _page(request, "password.html", {"session": session, "error": error}, status=422)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp
