"""Fetching web pages and feeds politely and safely, with httpx.

Every request goes through :class:`Fetcher`: a clear User-Agent, connect/read timeouts and an overall deadline, a
size limit checked before and while reading, redirects followed by hand (at most ``max_redirects``) so that the
address guard (:mod:`crosscheck.ingest.guard`) sees every hop, a minimum interval between two requests to the same
host, retries with exponential backoff on timeouts, connection errors, 429 and 5xx (``Retry-After`` honoured up to
a cap), robots.txt honoured (RFC 9309: a 4xx robots.txt allows everything, an unreachable one nothing), and
conditional requests (ETag / Last-Modified) for feeds polled again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from crosscheck import __version__, errors
from crosscheck.ingest import guard
from crosscheck.ingest.decode import charset_of

USER_AGENT = f"crosscheck/{__version__} (news cross-checking tool; +https://pypi.org/project/crosscheck/)"
ROBOTS_TOKEN = "crosscheck"
REDIRECTS = (301, 302, 303, 307, 308)
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class FetchOptions:
    """How crosscheck fetches URLs (one object, passed down)."""

    timeout: float = 15.0
    deadline: float = 60.0
    max_redirects: int = 5
    min_interval: float = 1.0
    retries: int = 2
    backoff: float = 0.5
    user_agent: str = USER_AGENT
    robots: bool = True
    allow_private: bool = False
    allowed: frozenset[str] = field(default_factory=frozenset)


class FetchError(Exception):
    """A URL that could not be fetched; the message is one line."""


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        return charset_of(self.headers.get("content-type", ""))


class Fetcher:
    """One HTTP client for a run: rate limits and robots.txt are remembered per host."""

    def __init__(self, options: FetchOptions = FetchOptions(), max_bytes: int = 10 * 1024 * 1024,
                 sleep: Callable[[float], None] = time.sleep, resolver: guard.Resolver = guard.resolve) -> None:
        self.options = options
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._resolver = resolver
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._client = httpx.Client(headers={"User-Agent": options.user_agent}, follow_redirects=False,
                                    timeout=httpx.Timeout(options.timeout), trust_env=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, headers: dict[str, str] | None = None, check_robots: bool = True,
            raise_for_status: bool = True) -> Fetched:
        """The response to GET ``url`` after redirects. Raises :class:`FetchError` or :class:`guard.RefusedURL`."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            guard.check(current, self.options.allow_private, self.options.allowed, self._resolver)
            if check_robots and self.options.robots and not self._robots_allow(current):
                raise FetchError(errors.ROBOTS.format(host=urlsplit(current).netloc))
            resp = self._request(current, url, headers or {})
            location = resp.headers.get("location")
            if resp.status in REDIRECTS and location:
                current = urljoin(current, location)
                continue
            if raise_for_status and resp.status >= 400:
                raise FetchError(errors.HTTP_STATUS.format(status=resp.status))
            return resp
        raise FetchError(errors.TOO_MANY_REDIRECTS.format(limit=self.options.max_redirects))

    # ---------------------------------------------------------------- internals

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.options.min_interval - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = time.monotonic()

    def _request(self, url: str, original: str, headers: dict[str, str]) -> Fetched:
        host = urlsplit(url).netloc
        detail = "no attempt"
        for attempt in range(self.options.retries + 1):
            self._wait_turn(host)
            delay = self.options.backoff * (2 ** attempt)
            try:
                with self._client.stream("GET", url, headers=headers) as r:
                    if r.status_code in RETRY_STATUSES and attempt < self.options.retries:
                        delay = max(delay, _retry_after(r.headers.get("retry-after")))
                        detail = errors.HTTP_STATUS.format(status=r.status_code)
                        self._sleep(delay)
                        continue
                    body = self._read(r) if r.status_code not in REDIRECTS else b""
                    return Fetched(original, str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()}, body)
            except httpx.TimeoutException:
                detail = f"timed out after {self.options.timeout:g} s"
            except httpx.TransportError as exc:
                detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if attempt < self.options.retries:
                self._sleep(delay)
        raise FetchError(errors.FETCH_FAILED.format(detail=detail))

    def _read(self, r: httpx.Response) -> bytes:
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(errors.TOO_LARGE.format(size=int(declared), limit=self.max_bytes))
        started = time.monotonic()
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(errors.OVER_LIMIT.format(limit=self.max_bytes))
            if time.monotonic() - started > self.options.deadline:
                raise FetchError(errors.FETCH_FAILED.format(detail=f"still downloading after {self.options.deadline:g} s"))
            chunks.append(chunk)
        return b"".join(chunks)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(ROBOTS_TOKEN, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """None: everything allowed. A parser that disallows all when robots.txt is unreachable (RFC 9309)."""
        rules = RobotFileParser()
        try:
            resp = self.get(f"{origin}/robots.txt", check_robots=False, raise_for_status=False)
        except (FetchError, guard.RefusedURL):
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        if 400 <= resp.status < 500:
            return None
        if resp.status >= 500:
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        rules.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        return rules


def _retry_after(value: str | None) -> float:
    if not value:
        return 0.0
    if value.strip().isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))
