"""The resident chat page: GET / and POST / (works without JavaScript), language switch, memo.

The conversation lives in the page (hidden fields), never on the server: each POST carries the
earlier messages back, and routing reads them all together.
"""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from router.pipeline import InputError, check_text

from .errors import BadInput
from .i18n import COOKIE, MODES, page_context, strings

router = APIRouter()
MAX_TURNS = 8


def _answer_view(kb, result: dict, mode: str) -> dict:
    """What the page shows for one result, in the chosen mode."""
    def desc(item):
        return {"ja": item.description, "easy": item.easy, "en": item.en}[mode]

    referred = {r["area"]: r for r in result["referrals"]}
    areas = []
    for a in result["areas"]:
        area = kb.areas[a["id"]]
        ref = referred.get(a["id"])
        program = kb.programs[ref["program_id"]] if ref else kb.programs[area.programs[0]]
        contacts = []
        for c in kb.area_contacts(a["id"]):
            phone = c.voice_phone
            contacts.append({"name": c.name, "phone": phone.number if phone else None, "verified": c.verified,
                             "schedule": c.schedule})
        areas.append({"id": area.id, "name": area.name, "en": area.en, "description": desc(area), "score": a["score"],
                      "program": program.name, "program_description": desc(program), "contacts": contacts,
                      "referred": ref is not None})
    hotline_kinds = [kb.crisis[u["kind"]] for u in result.get("urgency", [])]
    advice = [{"ja": k.advice, "easy": k.advice_easy, "en": k.advice_en}[mode] for k in hotline_kinds]
    return {"result": result, "areas": areas, "advice": advice}


def _render(request: Request, history: list[str], pick: str | None = None, status: int = 200, error: str | None = None):
    ctx = page_context(request)
    kb = request.app.state.kb
    mode = ctx["mode"]
    turns = []
    r = request.app.state.router.get() if history else None
    for i in range(len(history)):
        result = r.route("\n".join(history[: i + 1]))
        if result["language"] == "ja":
            view = {**_answer_view(kb, result, mode), "mode": mode}
        else:
            # Another language: answer in English and やさしい日本語 both, whatever the page mode.
            first = "easy" if mode == "easy" else "en"
            second = "en" if first == "easy" else "easy"
            view = {**_answer_view(kb, result, first), "mode": first, "also": {**_answer_view(kb, result, second), "mode": second}}
        turns.append({"text": history[i], **view})
    picked = None
    if pick and pick in kb.areas:
        picked = _answer_view(kb, {"areas": [{"id": pick, "score": None}], "referrals": [], "urgency": []}, mode)
    return request.app.state.templates.TemplateResponse(
        request, "resident.html",
        {**ctx, "all_t": strings(), "turns": turns, "history": history, "picked": picked, "error": error,
         "city": kb.contacts["city_welfare"], "max_chars": request.app.state.settings.max_chars},
        status_code=status)


@router.get("/")
def page(request: Request):
    return _render(request, [])


@router.get("/chat")
def chat_redirect():
    return RedirectResponse("/", status_code=303)


@router.post("/")
def post(request: Request, text: str = Form(""), history: list[str] = Form([]), pick: str = Form("")):
    history = [h for h in history if h.strip()][-MAX_TURNS:]
    if pick:
        return _render(request, history, pick=pick)
    limit = request.app.state.settings.max_chars
    try:
        check_text(text, limit)
    except InputError as e:
        t = page_context(request)["t"]
        message = t["error_empty"] if "empty" in str(e) else t["error_too_long"].format(max=limit) if "longer" in str(e) else str(e)
        return _render(request, history, status=422, error=message)
    return _render(request, (history + [text])[-MAX_TURNS:])


@router.get("/lang/{mode}")
def switch_language(mode: str, request: Request):
    if mode not in MODES:
        raise BadInput(f"unknown language mode {mode!r}; use one of {', '.join(MODES)}")
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(COOKIE, mode, max_age=60 * 60 * 24 * 365, httponly=True, samesite="lax")
    return resp


@router.post("/memo")
def memo(request: Request, history: list[str] = Form([]), include_text: str = Form("")):
    """A printable 相談メモ: areas, programs and contacts; the resident's words only if they ask."""
    history = [h for h in history if h.strip()][-MAX_TURNS:]
    if not history:
        raise BadInput("there is nothing to put in a memo yet")
    ctx = page_context(request)
    r = request.app.state.router.get()
    result = r.route("\n".join(history))
    view = _answer_view(request.app.state.kb, result, ctx["mode"])
    return request.app.state.templates.TemplateResponse(
        request, "memo.html", {**ctx, **view, "view": view, "idx": 0, "history": history, "texts": history if include_text else [],
                               "city": request.app.state.kb.contacts["city_welfare"]})
