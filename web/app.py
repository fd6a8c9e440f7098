"""The web app: one object built from settings (create_app), assembled from web/*.py areas."""
from __future__ import annotations

import gc
import logging
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from knowledge import default_knowledge
from nukumori.settings import Settings
from router.pipeline import Router

from .auth import SignInRequired
from .batching import RouteBatcher
from .errors import UNEXPECTED, WebError
from .fast_route import FastRoute
from .keepalive import KeepAliveCap
from .security import SecurityMiddleware

HERE = Path(__file__).parent
log = logging.getLogger("nukumori.web")


def _settle() -> None:
    """Tell the garbage collector that what is loaded now stays: the app, the knowledge base and
    the model are some 130,000 objects, and a full collection walked them all, a pause of about
    50 ms that the requests in flight waited out (it was most of the slowest 1% under load).
    Frozen objects are still freed when nothing refers to them (an old model, once swapped).
    A served worker starts with the collector off (web/worker.py): it goes back on here."""
    gc.collect()
    gc.freeze()
    gc.enable()


class RouterHolder:
    """The router in service; loaded on first use, and swapped without a restart when the
    registry names another version (checked at most once a second, in every worker)."""

    CHECK_SECONDS = 1.0

    def __init__(self, settings: Settings, router: Router | None = None):
        self.settings = settings
        self._router = router
        self._lock = threading.Lock()
        self._checked = 0.0
        self._mtime = None

    def _registry_file(self) -> Path:
        return Path(self.settings.data_dir) / "models" / "registry.json"

    def refresh(self) -> None:
        """Swap to the version in service if it changed (the lifespan task calls this)."""
        if self._router is not None:
            self._maybe_swap()

    def due(self) -> bool:
        """True when the next ``get`` may load a model (first use, or the once-a-second check):
        then the caller should not be on the event loop."""
        return self._router is None or time.monotonic() - self._checked >= self.CHECK_SECONDS

    def get(self) -> Router:
        if self._router is None:
            with self._lock:
                if self._router is None:
                    from nukumori.service import load_router

                    self._router = load_router(self.settings)
                    self._mtime = self._stat()
        elif time.monotonic() - self._checked >= self.CHECK_SECONDS:
            self._maybe_swap()
        return self._router

    def _stat(self):
        try:
            return self._registry_file().stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def _maybe_swap(self) -> None:
        if not self._lock.acquire(blocking=False):
            return  # another request is already checking or loading; use the current model
        try:
            self._checked = time.monotonic()
            mtime = self._stat()
            if mtime == self._mtime:
                return
            from training.registry import Registry

            registry = Registry(self.settings.data_dir)
            version = registry.in_service()
            if version and version != self._router.version:
                _, model = registry.load(version)
                # One assignment: requests in flight keep the router object they already hold.
                self._router = Router(kb=self._router.kb, model=model, version=version, rules=self._router.rules)
                _settle()
                log.warning("model %s in service", version)
            self._mtime = mtime
        finally:
            self._lock.release()

    @property
    def loaded(self) -> bool:
        return self._router is not None


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "text/html")


def create_app(settings: Settings | None = None, router: Router | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    @asynccontextmanager
    async def lifespan(app):
        # Routing is CPU-bound and each thread keeps its own Sudachi tokenizer (tens of MB):
        # a few threads per worker serve as fast as anyio's default 40, in a fraction of the memory.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # Load the model before the first request, not during it.
        holder = app.state.router
        await anyio.to_thread.run_sync(holder.get)
        _settle()

        async def watch_registry():
            # Checks for a new version in service off the request path, so that a request is
            # never the one that waits for a model to load.
            while True:
                await anyio.sleep(holder.CHECK_SECONDS / 2)
                await anyio.to_thread.run_sync(holder.refresh)

        async with anyio.create_task_group() as tg:
            tg.start_soon(watch_registry)
            yield
            tg.cancel_scope.cancel()

    app = FastAPI(title="nukumori", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.router = RouterHolder(settings, router)
    app.state.batcher = RouteBatcher()
    app.state.kb = default_knowledge()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    from .i18n import language_name, ruby

    templates.env.filters["ruby"] = ruby
    templates.env.filters["language_name"] = language_name
    app.state.templates = templates

    from . import admin, api, resident, staff

    app.include_router(api.router)
    app.include_router(resident.router)
    app.include_router(staff.router)
    app.include_router(admin.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def error_response(request: Request, status: int, message: str):
        if _wants_html(request):
            from .i18n import page_context

            ctx = page_context(request)
            # Pages speak the reader's language; the JSON API keeps its stable English messages.
            shown = ctx["t"].get(f"error_{status}", message) if status in (404, 405, 413, 500) else message
            return templates.TemplateResponse(request, "error.html", {**ctx, "status": status, "message": shown},
                                              status_code=status)
        return JSONResponse({"error": message}, status_code=status)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError):
        if isinstance(exc, SignInRequired):
            return RedirectResponse("/login", status_code=303)
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        err = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        msg = err.get("msg", "invalid")
        if err.get("type") == "json_invalid":
            message = "the body is not valid JSON; send {\"text\": \"...\"} as UTF-8"
        elif err.get("type") == "missing":
            message = f"{where} is required"
        else:
            message = f"{where}: {msg}"
        return error_response(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and request.url.path.startswith("/api/"):
            # FastAPI's "error parsing the body": say what to send instead.
            return error_response(request, 422, "the body is not valid JSON; send {\"text\": \"...\"} as UTF-8")
        messages = {404: "this page does not exist", 405: "this method is not allowed here"}
        return error_response(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # Never the traceback or the inquiry: only what kind of error, and where.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_response(request, 500, UNEXPECTED)

    app.add_middleware(FastRoute, state=app.state)  # innermost: after the host and size checks
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts) or ["*"])
    app.add_middleware(SecurityMiddleware, max_body=settings.max_body_bytes, upload_paths=("/admin/upload",))
    app.add_middleware(KeepAliveCap, max_requests=settings.keepalive_requests)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn (each worker process builds its own app)."""
    return create_app(Settings.from_env())
