"""The web application: one FastAPI app serving the pages (``/``) and the REST API (``/api/``) over one store.

What this module decides: how the app is put together and what every response carries.

- **One JSON error shape** for every API error: ``{"error": {"status": 404, "code": "not_found", "message": ...}}``
  (unknown ids, unknown routes, bad parameters, a refused token, a body over the limit, a crash: never a stack
  trace). Pages answer the same errors with an HTML page.
- **Headers**: pages send a strict Content-Security-Policy (scripts, styles and images from this server only; no
  inline script, no plugins, no framing), ``nosniff`` and ``no-referrer``. ``/api/docs`` runs Swagger UI, whose
  page bootstraps with an inline script: it alone gets ``'unsafe-inline'`` for scripts, and it shows no article data.
- **Request bodies** over ``max_body`` bytes are refused with 413 before they are read whole.
- **Writes**: ``POST /api/articles`` is the only write; it is off unless a token is configured, the token is
  compared in constant time, and ingests run one at a time (one writer).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosscheck import __version__, views
from crosscheck.model import EVENT_TYPES
from crosscheck.store import Store
from crosscheck.views import NotFound, cooperative

log = logging.getLogger("crosscheck.web")

DEFAULT_MAX_BODY = 5 * 1024 * 1024
TOKEN_ENV = "CROSSCHECK_TOKEN"

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error"}


@dataclass
class WebConfig:
    """What a running app needs: the store, the ingest token (None: ingest is off), the body size limit."""

    store: Store
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    write_lock: threading.Lock = field(default_factory=threading.Lock)


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    return {"error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}}


def _is_api(scope: Scope) -> bool:
    path = scope.get("path", "")
    return path == "/api" or path.startswith("/api/")


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413: at once when Content-Length says so, else as soon as
    the streamed body passes the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = json.dumps(error_body(413, f"request body over the limit of {self.limit} bytes")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """A streamed body passed the limit (an HTTPException, so FastAPI's body parsing lets it through as 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit} bytes")


class SecurityHeaders:
    """Adds the security headers to every response; the Content-Security-Policy to every page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path", "").startswith("/api/docs")

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY"),
                            (b"content-security-policy", (DOCS_CSP if docs else PAGE_CSP).encode())]
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, with_headers)


def templates() -> Environment:
    """The Jinja2 environment of the pages: templates from the package, everything escaped unless marked safe."""
    from crosscheck.web import charts, filters

    env = Environment(loader=PackageLoader("crosscheck.web", "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(filters.FILTERS)
    env.tests["cooperative"] = cooperative
    env.tests["event_type"] = lambda value: value in EVENT_TYPES
    env.globals.update(coverage_svg=charts.coverage_svg, graph_svg=charts.graph_svg, version=__version__)
    return env


def create_app(store: Store, token: str | None = None, max_body: int = DEFAULT_MAX_BODY, warm: bool = False) -> FastAPI:
    """The app over ``store``. ``token``: the secret ``POST /api/articles`` asks for (None turns ingest off);
    ``warm``: build the cross-article index and every story's counts in a background thread from the start
    (:func:`crosscheck.views.warm`), so that the first readers do not wait for them."""
    from crosscheck.web import api, pages

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        if warm:
            threading.Thread(target=_warm, args=(store, stop), name="crosscheck-warm", daemon=True).start()
        yield
        stop.set()

    app = FastAPI(title="crosscheck", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/api/openapi.json",
                  description="What sources agree on, what only one reports, and where they contradict: the stored "
                              "articles, stories, briefs, actors, events, quotes and outlets of a crosscheck store.")
    app.state.config = WebConfig(store=store, token=token or None, max_body=max_body)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=str(resources.files("crosscheck.web").joinpath("static"))), name="static")
    docs_static = resources.files("fastapi_offline").joinpath("static")
    app.mount("/api/docs-static", StaticFiles(directory=str(docs_static)), name="docs-static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
        return _error(request, 422, problems or "invalid request")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _error(request, 500, "internal error: the server log has the details")

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=max_body)
    return app


def _warm(store: Store, stop: threading.Event) -> None:
    started = time.perf_counter()
    try:
        n = views.warm(store, stop)
    except Exception:  # a failed warm-up costs speed, not service
        log.exception("warming the caches failed")
        return
    log.info("caches warm: index built, %d stories briefed in %.1f s", n, time.perf_counter() - started)


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request.scope):
        return JSONResponse(error_body(status, message), status_code=status, headers=headers)
    html = request.app.state.templates.get_template("error.html").render(status=status, message=message,
                                                                          code=CODES.get(status, "error"))
    return HTMLResponse(html, status_code=status, headers=headers)
