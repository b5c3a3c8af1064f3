"""Cross-source work: stories, fact alignment, conflicts, source assessment and the brief."""

from crosscheck.align.brief import build_brief
from crosscheck.align.stories import StoryOptions, group_stories

__all__ = ["StoryOptions", "build_brief", "group_stories"]
