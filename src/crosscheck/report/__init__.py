"""Renderings of the records: Markdown briefs and readable extractions."""
