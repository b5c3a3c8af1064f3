"""The fetcher against a real HTTP server on 127.0.0.1: statuses, retries, timeouts, redirects, limits, robots."""

import time

import pytest

from crosscheck.ingest.fetch import ROBOTS_TOKEN, USER_AGENT, Fetcher, FetchError, FetchOptions, _retry_after
from crosscheck.ingest.guard import RefusedURL

FAST = FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01, timeout=2.0)


def test_a_page_is_fetched_with_our_user_agent(site):
    url = site.add("/a.html", "<html><body>hello</body></html>")
    with Fetcher(FAST) as f:
        got = f.get(url)
    assert got.status == 200 and got.body.startswith(b"<html>") and got.charset == "utf-8"
    assert got.content_type == "text/html"
    assert site.request_headers[-1]["user-agent"] == USER_AGENT and ROBOTS_TOKEN in USER_AGENT


def test_404_is_not_retried_and_500_is_retried_then_reported(site):
    site.add("/boom", "oops", status=500)
    with Fetcher(FAST) as f:
        with pytest.raises(FetchError, match="HTTP 404"):
            f.get(site.url("/missing"))
        with pytest.raises(FetchError, match="HTTP 500"):
            f.get(site.url("/boom"))
    assert site.hits["/missing"] == 1
    assert site.hits["/boom"] == FAST.retries + 1


def test_a_server_that_does_not_answer_in_time_times_out(site):
    site.add("/slow", "late", delay=1.5)
    opts = FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01, timeout=0.3, retries=1)
    started = time.monotonic()
    with Fetcher(opts) as f, pytest.raises(FetchError, match="timed out after 0.3 s"):
        f.get(site.url("/slow"))
    assert time.monotonic() - started < 5


def test_redirects_are_followed_and_limited(site):
    site.add("/old", "", status=301, headers={"Location": "/new"})
    site.add("/new", "<html>moved here</html>")
    site.add("/loop", "", status=302, headers={"Location": "/loop"})
    with Fetcher(FAST) as f:
        got = f.get(site.url("/old"))
        assert got.final_url.endswith("/new") and b"moved" in got.body
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(site.url("/loop"))


def test_a_redirect_to_loopback_is_refused_without_allow_private(site):
    port = site.base.rsplit(":", 1)[1]
    site.add("/jump", "", status=302, headers={"Location": f"http://127.0.0.1:{port}/secret"})
    site.add("/secret", "<html>internal admin page</html>")
    # the first hop is let through by name only; the redirect target is a loopback address
    opts = FetchOptions(allowed=frozenset({f"localhost:{port}"}), min_interval=0.0, robots=False)
    with Fetcher(opts) as f, pytest.raises(RefusedURL, match="non-public address 127.0.0.1"):
        f.get(f"http://localhost:{port}/jump")
    assert site.hits["/secret"] == 0


def test_loopback_is_refused_by_default(site):
    url = site.add("/a.html", "<html>x</html>")
    with Fetcher(FetchOptions()) as f, pytest.raises(RefusedURL, match="--allow-private"):
        f.get(url)
    assert site.hits["/a.html"] == 0


def test_a_50_mb_page_is_refused_before_or_while_reading(site):
    site.add("/big-declared", b"x" * (50 * 1024 * 1024))

    def stream():
        for _ in range(50):
            yield b"y" * (1024 * 1024)
    site.add("/big-streamed", stream)
    with Fetcher(FAST, max_bytes=10 * 1024 * 1024) as f:
        with pytest.raises(FetchError, match="52,428,800 bytes, over the 10,485,760-byte limit"):
            f.get(site.url("/big-declared"))
        with pytest.raises(FetchError, match="over the 10,485,760-byte limit"):
            f.get(site.url("/big-streamed"))


def test_robots_txt_is_honoured(site):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add("/private/a.html", "<html>no</html>")
    site.add("/public/a.html", "<html>yes</html>")
    opts = FetchOptions(allow_private=True, min_interval=0.0)
    with Fetcher(opts) as f:
        assert f.get(site.url("/public/a.html")).status == 200
        with pytest.raises(FetchError, match="robots.txt"):
            f.get(site.url("/private/a.html"))
    assert site.hits["/private/a.html"] == 0 and site.hits["/robots.txt"] == 1


def test_robots_txt_missing_allows_and_unreachable_forbids(site):
    site.add("/a.html", "<html>ok</html>")
    with Fetcher(FetchOptions(allow_private=True, min_interval=0.0)) as f:
        assert f.get(site.url("/a.html")).status == 200  # /robots.txt is a 404
    site.add("/robots.txt", "down", status=503)
    with Fetcher(FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01)) as f, pytest.raises(FetchError, match="robots.txt"):
        f.get(site.url("/a.html"))


def test_requests_to_one_host_are_spaced(site):
    site.add("/a", "<html>a</html>")
    waits: list[float] = []
    with Fetcher(FetchOptions(allow_private=True, min_interval=5.0, robots=False), sleep=waits.append) as f:
        f.get(site.url("/a"))
        f.get(site.url("/a"))
    assert len(waits) == 1 and 4.0 < waits[0] <= 5.0


def test_conditional_request_gets_304(site):
    site.add("/feed.xml", "<rss/>", content_type="application/rss+xml", etag='"v1"')
    with Fetcher(FAST) as f:
        first = f.get(site.url("/feed.xml"))
        again = f.get(site.url("/feed.xml"), headers={"If-None-Match": first.headers["etag"]})
    assert first.status == 200 and again.status == 304


def test_retry_after_is_read_and_capped():
    assert _retry_after("3") == 3.0
    assert _retry_after("100000") == 30.0
    assert _retry_after(None) == 0.0 and _retry_after("soon") == 0.0
