"""The JSON API: /api/v1/route, /api/v1/areas, /healthz."""
from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from router.pipeline import InputError, check_text

from .errors import BadInput, NotReady
from .i18n import ruby_segments

router = APIRouter()


class RouteRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str


# Up to this many characters an inquiry is routed on the event loop itself (about 1–3 ms),
# together with the others that arrived at the same moment (web/batching.py);
# a longer one goes to a worker thread so that it does not hold up the requests behind it, and
# so does any request that may have to load a new model version first.
INLINE_CHARS = 1000


def valid_text(text: object, max_chars: int) -> str:
    """The inquiry's text as the API accepts it; BadInput says what is wrong."""
    try:
        text = check_text(text, max_chars)
    except InputError as e:
        raise BadInput(str(e)) from None
    if "\x00" in text:
        raise BadInput("text contains a NUL character")
    return text


async def route_text(state, text: str) -> dict:
    """The result for a valid text, from the app's ``state`` (its router and batcher)."""
    holder = state.router
    if len(text) <= INLINE_CHARS and not holder.due():
        return await state.batcher.route(holder.get(), text)
    return await anyio.to_thread.run_sync(lambda: holder.get().route(text))


@router.post("/api/v1/route")
async def route(body: RouteRequest, request: Request) -> JSONResponse:
    # Most requests are answered by web/fast_route.py before they reach this; it hands over
    # every request it does not take, so this stays the reference (and the OpenAPI schema).
    text = valid_text(body.text, request.app.state.settings.max_chars)
    result = await route_text(request.app.state, text)
    # The result holds only JSON types: returned as is, without FastAPI's encoder pass and the
    # second thread hop it makes for a synchronous endpoint's response.
    return JSONResponse(result)


@router.get("/api/v1/areas")
def areas(request: Request) -> dict:
    kb = request.app.state.kb
    return {
        "areas": [
            {"id": a.id, "name": a.name, "name_ruby": ruby_segments(a.name), "plan_ref": a.plan_ref,
             "description": a.description, "easy": a.easy, "en": a.en,
             "programs": [kb.programs[p].model_dump() for p in a.programs],
             "contacts": [kb.contacts[c].model_dump() for c in a.contacts],
             "hotlines": [kb.hotlines[h].model_dump() for h in a.hotlines]}
            for a in kb.areas.values()
        ],
        "hotlines": [h.model_dump() for h in kb.hotlines.values()],
    }


@router.get("/healthz")
def healthz(request: Request):
    holder = request.app.state.router
    try:
        r = holder.get()
    except Exception:
        raise NotReady("the model is not loaded") from None
    return JSONResponse({"status": "ok", "model_version": r.version})
