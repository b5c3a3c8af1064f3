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
