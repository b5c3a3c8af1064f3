"""``crosscheck serve``: server-rendered pages and a REST API over a store (FastAPI, uvicorn, Jinja2).

The pages and the API call the typed functions of :mod:`crosscheck.jobs` (the read-side ones live in
:mod:`crosscheck.views`); this package holds routes, templates, static files and SVG drawing, no queries.
"""

from __future__ import annotations

import os
from pathlib import Path

from crosscheck.errors import CrosscheckError
from crosscheck.store import Store
from crosscheck.web.app import DEFAULT_MAX_BODY, TOKEN_ENV, create_app

__all__ = ["DEFAULT_MAX_BODY", "TOKEN_ENV", "create_app", "read_token", "serve"]


def read_token(token_file: Path | None) -> str | None:
    """The ingest token: the first line of ``token_file``, else the ``CROSSCHECK_TOKEN`` environment variable,
    else None (ingest off). An empty token is refused rather than taken for "no token"."""
    if token_file is not None:
        try:
            lines = token_file.read_text(encoding="utf-8").strip().splitlines()
        except OSError as exc:
            raise CrosscheckError(f"cannot read the token file {token_file}: {exc.strerror}") from None
        token = lines[0].strip() if lines else ""
        if not token:
            raise CrosscheckError(f"the token file {token_file} is empty")
        return token
    env = os.environ.get(TOKEN_ENV)
    if env is not None and not env.strip():
        raise CrosscheckError(f"{TOKEN_ENV} is set but empty")
    return env.strip() if env else None


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_body: int = DEFAULT_MAX_BODY) -> None:
    """Runs the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(store, token=token, max_body=max_body, warm=True), host=host, port=port, log_level="info",
                proxy_headers=False, server_header=False)
