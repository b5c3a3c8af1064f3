"""What the benchmark scripts share: the bench articles they start from (the same as ``crosscheck bench``)."""

from __future__ import annotations

from crosscheck.benchmark import first_articles

__all__ = ["first_articles"]
