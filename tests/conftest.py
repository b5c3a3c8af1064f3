"""Shared fixtures: the shared data folder beside the checkout, parsed documents, a store per test."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crosscheck.extract.context import DocContext
from crosscheck.knowledge import load
from crosscheck.model import Article
from crosscheck.nlp import pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CROSSCHECK_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds" / "seeds.jsonl"
#: the PostgreSQL database `.ci/run` starts for the tests (tests that need it skip without it)
PG_URL = os.environ.get("CROSSCHECK_TEST_PG_URL")


def fresh_pg() -> str:
    """The test PostgreSQL database, emptied (its public schema dropped and made again); skips the test when no
    server was started."""
    if not PG_URL:
        pytest.skip("CROSSCHECK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    from sqlalchemy import create_engine, text

    eng = create_engine(PG_URL)
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    return PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def either_store(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201 - a generator fixture
    """A new store on a real SQLite file, and again on the real PostgreSQL server."""
    from crosscheck.store import Store

    s = Store(f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite" else fresh_pg())
    yield s
    s.close()


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SEEDS.exists(), reason=f"shared data not found at {SHARED}")


@pytest.fixture(scope="session")
def seeds() -> list[Article]:
    if not SEEDS.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    return [Article(**json.loads(line)) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_ctx(text: str, published: str | None = "2025-10-22", article_id: str = "t") -> DocContext:
    article = Article(id=article_id, text=text, published=published)
    return DocContext.build(pipeline()(text), article, load())


@pytest.fixture
def ctx_of():
    return make_ctx


# ---------------------------------------------------------------- a real web server on 127.0.0.1

@dataclass
class Route:
    body: bytes | Callable[[], Iterator[bytes]] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None


@dataclass
class Site:
    """Pages, feeds and archives served by a real HTTP server on 127.0.0.1; counts what was asked for."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    request_headers: list[dict[str, str]] = field(default_factory=list)

    def add(self, path: str, body: bytes | str | Callable[[], Iterator[bytes]] = b"", content_type: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict[str, str] | None = None, delay: float = 0.0, etag: str | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        hdrs = {"Content-Type": content_type} if content_type else {}
        hdrs.update(headers or {})
        self.routes[path] = Route(data, status, hdrs, delay, etag)
        return self.url(path)

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = self.path.split("?", 1)[0]
            site.hits[path] += 1
            site.request_headers.append({k.lower(): v for k, v in self.headers.items()})
            route = site.routes.get(path)
            if route is None:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._send(304, {"ETag": route.etag}, b"")
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
            if callable(route.body):
                self.send_response(route.status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for chunk in route.body():
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return
            self._send(route.status, headers, route.body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up on purpose (size limit, timeout) is not an error here


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = _Server(("127.0.0.1", 0), _handler(s))
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


def news_page(title: str, paragraphs: list[str], published: str = "2026-03-11", site_name: str = "The Example Times",
              canonical: str | None = None, charset_meta: bool = True) -> str:
    """A small news page we write for tests: navigation, an article, a script that must never run."""
    canon = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    meta = '<meta charset="utf-8">' if charset_meta else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head>{meta}<title>{title} | {site_name}</title>{canon}"
            f'<meta property="og:site_name" content="{site_name}">'
            f'<meta property="article:published_time" content="{published}T09:00:00Z">'
            f'<meta name="author" content="Ana Reporter"></head>'
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}"
            f"<script>alert('x')</script></article><footer>Contact us</footer></body></html>")
