"""crosscheck: news articles in, one verifiable cross-source record out."""

__version__ = "0.1.0"
