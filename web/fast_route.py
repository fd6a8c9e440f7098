"""``POST /api/v1/route`` for a well-formed request, answered without FastAPI's machinery.

Under load a worker spends about a third of a request's time outside routing: FastAPI's
router, the dependency solver, pydantic's validation of the body and the response object.
The usual request (a JSON object with a valid ``text``) needs none of it. This middleware
sits inside the security and host checks, reads the body, and answers that case itself,
with the same bytes the endpoint in web/api.py would send. Anything else (not JSON, no text,
wrong type, empty, too long, a NUL) goes on to FastAPI with its body replayed, so every
error keeps the one message web/api.py and web/app.py give it (tests/test_api.py checks
both paths give the same answers).
"""
from __future__ import annotations

import json
import logging

from .api import route_text, valid_text
from .errors import UNEXPECTED, BadInput

log = logging.getLogger("nukumori.web")

PATH = "/api/v1/route"
_JSON = b"application/json"


def _encode(content) -> bytes:
    # As starlette's JSONResponse.render, so both paths send the same bytes.
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


class FastRoute:
    def __init__(self, app, state):
        self.app = app
        self.state = state  # the FastAPI app's state: settings, router, batcher

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        content_type = next((v for k, v in scope["headers"] if k == b"content-type"), b"")
        if not content_type.startswith(_JSON):
            return await self.app(scope, receive, send)
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        text = None
        try:
            data = json.loads(body)
            if isinstance(data, dict) and isinstance(data.get("text"), str):
                text = valid_text(data["text"], self.state.settings.max_chars)
        except (ValueError, BadInput):  # not JSON, not UTF-8, or a text the endpoint refuses
            text = None
        if text is None:
            return await self.app(scope, _replay(body, receive), send)
        try:
            status, payload = 200, _encode(await route_text(self.state, text))
        except Exception as e:
            # As web/app.py's handler: the kind of error only, never the text or a traceback.
            log.error("unexpected %s on POST %s", type(e).__name__, PATH)
            status, payload = 500, _encode({"error": UNEXPECTED})
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-length", str(len(payload)).encode()), (b"content-type", _JSON)]})
        await send({"type": "http.response.body", "body": payload})


def _replay(body: bytes, receive):
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replayed
