"""The REST API under ``/api/``: each route hands its parameters to a typed function of :mod:`crosscheck.jobs` and
returns what it gives, as JSON or (``?format=csv``, list endpoints) as CSV.

What this module decides: the routes, their parameters and limits, the CSV flattening (lists joined with "; ",
objects by their name or id, cells that a spreadsheet would run as a formula prefixed with an apostrophe), and the
ingest token (``Authorization: Bearer TOKEN``, compared with :func:`hmac.compare_digest`).
"""

from __future__ import annotations

import csv
import hmac
import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from crosscheck import jobs
from crosscheck.ask import AskResult, BadQuestion, NoClaims
from crosscheck.model import Article, Brief, EventType
from crosscheck.views import (
    ActorDetail,
    ActorSummary,
    ArticleDetail,
    ArticleSummary,
    EventRow,
    IngestResult,
    OutletDetail,
    OutletSummary,
    Page,
    QuoteRow,
    SearchResults,
    StorySummary,
)
from crosscheck.web.app import WebConfig, error_body

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items.")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Unknown id", "content": {"application/json": {"example": error_body(404, "no story 'x'")}}},
    422: {"description": "Invalid parameters", "content": {"application/json": {"example": error_body(422, "limit: ...")}}},
}


class ArticleIn(BaseModel):
    """An article to ingest: the fields of a JSON Lines input record."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None


def _config(request: Request) -> WebConfig:
    return request.app.state.config


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("id") or json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list):
        value = "; ".join(_cell(v) for v in value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(rows: list[BaseModel], name: str) -> Response:
    """A list as CSV: one row per item, one column per field."""
    buf = io.StringIO()
    dumped = [r.model_dump(mode="json") for r in rows]
    fields = list(dumped[0]) if dumped else []
    w = csv.writer(buf)
    w.writerow(fields)
    for d in dumped:
        w.writerow([_cell(d[f]) for f in fields])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _listed(page: Page, fmt: str, name: str) -> Page | Response:
    return csv_response(page.items, name) if fmt == "csv" else page


@router.get("/docs", include_in_schema=False)
def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/api/openapi.json", title="crosscheck API",
                               swagger_js_url="/api/docs-static/swagger-ui-bundle.js",
                               swagger_css_url="/api/docs-static/swagger-ui.css",
                               swagger_favicon_url="/api/docs-static/favicon.png")


@router.get("/stories", response_model=Page[StorySummary], tags=["stories"], responses=ERRORS)
def stories(request: Request, limit: Limit = 20, offset: Offset = 0, format: Format = "json") -> Any:
    """Stories, newest first, with their sources, outlets, date span and counts of agreements and conflicts."""
    return _listed(jobs.list_stories(_config(request).store, limit, offset), format, "stories")


@router.get("/stories/{story_id}", response_model=StorySummary, tags=["stories"], responses=ERRORS)
def story(request: Request, story_id: str) -> Any:
    """One story."""
    return jobs.story_summary(_config(request).store, story_id)


@router.get("/stories/{story_id}/brief", response_model=Brief, tags=["stories"], responses=ERRORS)
def brief(request: Request, story_id: str) -> Any:
    """The story's brief: the same JSON as ``crosscheck brief STORY --json``."""
    return Response(jobs.story_brief_json(_config(request).store, story_id), media_type="application/json")


@router.get("/articles", response_model=Page[ArticleSummary], tags=["articles"], responses=ERRORS)
def articles(request: Request, outlet: str | None = None, limit: Limit = 50, offset: Offset = 0,
             format: Format = "json") -> Any:
    """Stored articles, newest first (one outlet's with ``outlet``)."""
    return _listed(jobs.list_articles(_config(request).store, limit, offset, outlet), format, "articles")


@router.get("/articles/{article_id:path}", response_model=ArticleDetail, tags=["articles"], responses=ERRORS)
def article(request: Request, article_id: str) -> Any:
    """An article with its text and its extraction."""
    return jobs.article_detail(_config(request).store, article_id)


@router.post("/articles", response_model=IngestResult, status_code=201, tags=["articles"],
             responses={401: {"description": "Missing or wrong token"}, 403: {"description": "Ingest is off"},
                        413: {"description": "Body over the size limit"}})
def ingest(request: Request, body: Annotated[ArticleIn | list[ArticleIn], Body()],
           authorization: Annotated[str | None, Header()] = None,
           stories: Annotated[bool, Query(description="Regroup the stories afterwards.")] = False) -> Any:
    """Extract and store JSON articles (one object or a list). Needs ``Authorization: Bearer TOKEN``; off unless
    the server was started with ``--token-file`` or ``CROSSCHECK_TOKEN``."""
    cfg = _config(request)
    if cfg.token is None:
        raise HTTPException(403, "ingest is off: start the server with --token-file FILE or CROSSCHECK_TOKEN set")
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given or not hmac.compare_digest(given.encode("utf-8"), cfg.token.encode("utf-8")):
        raise HTTPException(401, "missing or wrong token (send Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    items = body if isinstance(body, list) else [body]
    arts = [Article(**a.model_dump(exclude_none=True), source="api") for a in items]
    with cfg.write_lock:
        return jobs.ingest_articles(cfg.store, arts, regroup=stories)


@router.get("/actors", response_model=Page[ActorSummary], tags=["actors"], responses=ERRORS)
def actors(request: Request, q: str | None = None,
           kind: Literal["person", "organization", "country", "location", "group"] | None = None,
           country: str | None = None, limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Actors across articles (one per kind and folded name), most written about first."""
    return _listed(jobs.list_actors(_config(request).store, q, kind, country, limit, offset), format, "actors")


@router.get("/actors/{actor_id}", response_model=ActorDetail, tags=["actors"], responses=ERRORS)
def actor(request: Request, actor_id: str, limit: Limit = 50, offset: Offset = 0) -> Any:
    """An actor: roles, country, a page (``limit`` from ``offset``) of its events as actor and of its events as
    recipient in date order and of its quotes, with how many there are of each (``events_as_actor_total``,
    ``events_as_recipient_total``, ``quotes_total``: null when not counted), and its stories. All its events are
    also at ``/api/events?actor=ID``, its quotes at ``/api/quotes?speaker=ID``."""
    return jobs.actor_detail(_config(request).store, actor_id, limit, offset)


@router.get("/events", response_model=Page[EventRow], tags=["events"], responses=ERRORS)
def events(request: Request, actor: Annotated[str | None, Query(description="An actor id, either side.")] = None,
           type: EventType | None = None,
           country: Annotated[str | None, Query(description="ISO 3166 alpha-3 of an actor on either side.")] = None,
           date_from: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
           date_to: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
           limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Events across articles in date order, filtered by actor, PLOVER type, country and date range."""
    page = jobs.list_events(_config(request).store, actor, type, country, date_from, date_to, limit, offset)
    return _listed(page, format, "events")


@router.get("/quotes", response_model=Page[QuoteRow], tags=["quotes"], responses=ERRORS)
def quotes(request: Request, speaker: Annotated[str | None, Query(description="An actor id or part of a name.")] = None,
           limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Quotes across articles, by speaker."""
    return _listed(jobs.list_quotes(_config(request).store, speaker, limit, offset), format, "quotes")


@router.get("/outlets", response_model=Page[OutletSummary], tags=["outlets"], responses=ERRORS)
def outlets(request: Request, limit: Limit = 100, offset: Offset = 0, format: Format = "json") -> Any:
    """Outlets with how many articles each has stored, most first."""
    return _listed(jobs.list_outlets(_config(request).store, limit, offset), format, "outlets")


@router.get("/outlets/{name:path}", response_model=OutletDetail, tags=["outlets"], responses=ERRORS)
def outlet(request: Request, name: str, limit: Limit = 50, offset: Offset = 0) -> Any:
    """An outlet: its sourcing profile across its articles, a page of its articles, its stories."""
    return jobs.outlet_detail(_config(request).store, name, limit, offset)


@router.get("/search", response_model=SearchResults, tags=["search"], responses=ERRORS)
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)], limit: Limit = 20,
           offset: Offset = 0, format: Format = "json") -> Any:
    """Full text over article titles and texts (best first, snippets with the matched words marked), claims and
    quotes. CSV: the article hits."""
    result = jobs.search(_config(request).store, q, limit, offset)
    if format == "csv":
        return csv_response([h.article for h in result.articles.items], "search")
    return result


@router.get("/ask", response_model=AskResult, tags=["ask"], responses=ERRORS)
def ask(request: Request, q: Annotated[str, Query(max_length=20_000, description="The question, in English.")],
        story: Annotated[str | None, Query(description="Only this story's articles.")] = None,
        limit: Annotated[int, Query(ge=1, le=100, description="At most this many answers.")] = 10) -> Any:
    """A question answered with the stored sentences that answer it, in rank order, each with its article, outlet,
    offsets, speaker and group (answers that say the same thing share a group); ``answered`` is false when the
    stored articles do not answer it (the sentences are then only the closest). The same JSON as ``crosscheck ask
    --json``. A question that cannot be asked (empty, over 500 characters, not in English) is a 422."""
    try:
        return jobs.ask(_config(request).store, q, story, limit)
    except BadQuestion as exc:
        raise HTTPException(422, str(exc)) from None
    except NoClaims as exc:
        raise HTTPException(409, str(exc)) from None
