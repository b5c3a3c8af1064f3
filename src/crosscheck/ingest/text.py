"""Plain-text articles: the whole file is the article's text, its name (without extension) the article's id."""

from __future__ import annotations

from collections.abc import Iterator

from crosscheck import errors
from crosscheck.errors import InputProblem
from crosscheck.model import Article


def read_text(text: str, source: str, article_id: str) -> Iterator[Article | InputProblem]:
    if not text.strip():
        yield InputProblem(source, errors.EMPTY)
        return
    yield Article(id=article_id, text=text, language=None, source=source)
