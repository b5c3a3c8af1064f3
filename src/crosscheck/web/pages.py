"""The pages: each route hands its parameters to a typed function of :mod:`crosscheck.jobs` and renders a template
of ``web/templates`` with what it gives. Paging is by ``?page=N`` (1-based)."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from crosscheck import jobs
from crosscheck.ask import BadQuestion, NoClaims
from crosscheck.web.app import WebConfig

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)

PageNo = Annotated[int, Query(ge=1, le=100_000)]
STORIES_PER_PAGE = 20
ARTICLES_PER_PAGE = 50
#: events of each side and quotes on an actor's page
ACTOR_ROWS_PER_PAGE = 50


#: the last story pages rendered, by the cached view they show (a page of a 50-source story is a megabyte of HTML;
#: the view, cached by the story's articles, is the page's only input)
_rendered: dict[int, tuple[Any, bytes]] = {}
_rendered_lock = threading.Lock()


def _store(request: Request) -> Any:
    cfg: WebConfig = request.app.state.config
    return cfg.store


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(request.app.state.templates.get_template(name).render(request=request, **context))


@router.get("/")
def index(request: Request, page: PageNo = 1) -> HTMLResponse:
    stories = jobs.list_stories(_store(request), STORIES_PER_PAGE, (page - 1) * STORIES_PER_PAGE)
    return _render(request, "index.html", stories=stories, page=page)


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> HTMLResponse:
    view = jobs.story_view(_store(request), story_id)
    key = id(view)
    with _rendered_lock:
        hit = _rendered.get(key)
    if hit is not None and hit[0] is view:  # the same cached view: the same page
        return HTMLResponse(hit[1])
    response = _render(request, "story.html", view=view)
    with _rendered_lock:
        _rendered[key] = (view, bytes(response.body))
        while len(_rendered) > 16:
            _rendered.pop(next(iter(_rendered)))
    return response


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str) -> HTMLResponse:
    return _render(request, "article.html", view=jobs.article_view(_store(request), article_id))


@router.get("/actors/{actor_id}")
def actor(request: Request, actor_id: str, page: PageNo = 1) -> HTMLResponse:
    store = _store(request)
    detail = jobs.actor_detail(store, actor_id, ACTOR_ROWS_PER_PAGE, (page - 1) * ACTOR_ROWS_PER_PAGE)
    return _render(request, "actor.html", view=detail, histogram=jobs.actor_histogram(store, actor_id), page=page)


@router.get("/outlets")
def outlets(request: Request, page: PageNo = 1) -> HTMLResponse:
    listing = jobs.list_outlets(_store(request), 100, (page - 1) * 100)
    return _render(request, "outlets.html", outlets=listing, page=page)


@router.get("/outlets/{name:path}")
def outlet(request: Request, name: str, page: PageNo = 1) -> HTMLResponse:
    detail = jobs.outlet_detail(_store(request), name, ARTICLES_PER_PAGE, (page - 1) * ARTICLES_PER_PAGE)
    return _render(request, "outlet.html", view=detail, page=page)


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=500)] = "", page: PageNo = 1) -> HTMLResponse:
    results = jobs.search(_store(request), q, 20, (page - 1) * 20) if q.strip() else None
    return _render(request, "search.html", q=q, results=results, page=page)


@router.get("/ask")
def ask(request: Request, q: Annotated[str, Query(max_length=20_000)] = "", story: str | None = None) -> HTMLResponse:
    result, problem = None, None
    if q.strip():
        try:
            result = jobs.ask(_store(request), q, story or None)
        except (BadQuestion, NoClaims) as exc:
            problem = str(exc)
    return _render(request, "ask.html", q=q, story=story or "", result=result, problem=problem)
