"""Shared fixtures: the shared data folder beside the checkout, parsed documents, a store per test."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crosscheck.extract.context import DocContext
from crosscheck.knowledge import load
from crosscheck.model import Article
from crosscheck.nlp import pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CROSSCHECK_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds" / "seeds.jsonl"


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
