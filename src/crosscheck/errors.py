"""Every message crosscheck shows a user about bad input, in one place. Each names the input and says what to do."""

from __future__ import annotations

from dataclasses import dataclass


class CrosscheckError(Exception):
    """An error the user can act on; its message is one line."""


@dataclass(frozen=True)
class InputProblem:
    """An input (a file, a line of a file, a URL) that was skipped, and why."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"skipped {self.source}: {self.message}"


EMPTY = "the file is empty"
BINARY = "this is a binary file, not text, HTML or JSON Lines"
TOO_LARGE = "the input is {size:,} bytes, over the {limit:,}-byte limit (raise it with --max-bytes)"
UNDECODABLE = "the text is in no encoding crosscheck can read (save it as UTF-8)"
NOT_FOUND = "no such file or folder"
BAD_JSON = "not valid JSON ({detail})"
NOT_OBJECT = "a JSON Lines record must be a JSON object, got {kind}"
NO_TEXT = "the record has no \"text\" (a non-empty string is required)"
BAD_FIELD = "the field {field!r} must be a string or null"
NO_BODY = "no article text found in the page"
UNREADABLE = "cannot read it ({detail})"
DUPLICATE_ID = "the id {id!r} is already stored with other content (rename the input or remove the stored article)"
TRUNCATED = "the compressed file is truncated or corrupt after {done} records ({detail}); the records before it were read"
NOT_TEXT_RECORD = "the line is {size:,} bytes, over the {limit:,}-byte limit (raise it with --max-bytes)"
BAD_SCHEME = "only http and https URLs can be fetched"
PRIVATE_ADDRESS = "{host} resolves to the non-public address {address} (pass --allow-private to fetch it)"
NO_HOST = "cannot resolve the host {host} ({detail})"
HTTP_STATUS = "the server answered HTTP {status}"
FETCH_FAILED = "cannot fetch it ({detail})"
TOO_MANY_REDIRECTS = "more than {limit} redirects"
ROBOTS = "robots.txt of {host} does not allow crosscheck to fetch this page"
NOT_HTML = "the server sent {content_type}, not an HTML page or a feed"
BAD_FEED = "not a valid RSS, Atom or OPML document ({detail})"
EMPTY_FEED = "the feed has no entries"
XML_ENTITIES = "the document declares XML entities, which crosscheck refuses (entity-expansion attacks)"
ENTRY_NO_LINK = "the feed entry has no link"
BAD_WARC = "not a readable WARC file ({detail})"
OVER_LIMIT = "the input is over the {limit:,}-byte limit (raise it with --max-bytes)"
NESTED_OPML = "an OPML list inside an OPML list is not followed"
TOO_DEEP = "the JSON is nested more than {limit} levels deep (an article record needs two or three)"
NOT_REGULAR = "this is a {kind}, not a regular file (crosscheck reads files, folders and URLs)"
UNREADABLE_FOLDER = "cannot read the folder ({detail}); the files in it were not read"
NO_HTML_RESPONSES = "the archive holds no HTML page (no HTTP 200 response with an HTML content type)"
TEXT_TOO_LONG = ("the text is {size:,} characters, over the {limit:,} crosscheck parses in one article (split it "
                 "into several articles)")


class StoreLockedError(CrosscheckError):
    """Another process held the store's lock (a migration or a write) for longer than this one would wait."""

    def __init__(self, store: str, waited: float, doing: str) -> None:
        super().__init__(STORE_LOCKED.format(store=store, waited=waited, doing=doing))
        self.store = store
        self.waited = waited


STORE_LOCKED = ("the store {store} is locked by another process: waited {waited:g} s to {doing} (try again when it has "
                "finished, or wait longer with CROSSCHECK_LOCK_TIMEOUT=SECONDS)")
