"""Pattern lexicons: YAML entries `{pattern, kind, note}` compiled once, grouped by kind.

The attribution finders (periods, orgs, status, indicator, parents) keep their lexical data in
`lexicons/*.yaml` files of this shape; the pattern is a `regex` expression run on the
normalised view (simplified characters, ASCII digits and punctuation).
"""

from __future__ import annotations

import functools

import regex
from pydantic import BaseModel, ConfigDict, field_validator

from .lexicon import load_lexicon


class PatternEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pattern: str
    kind: str
    note: str | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value


@functools.cache
def cue_patterns(name: str) -> dict[str, regex.Pattern]:
    """One alternation per kind: `{kind: compiled pattern}` (longest alternatives first)."""
    groups: dict[str, list[str]] = {}
    for entry in load_lexicon(name, PatternEntry):
        groups.setdefault(entry.kind, []).append(entry.pattern)
    return {
        kind: regex.compile("|".join(f"(?:{p})" for p in sorted(pats, key=len, reverse=True)))
        for kind, pats in groups.items()
    }


@functools.cache
def cue(name: str, kind: str) -> regex.Pattern:
    """The compiled pattern of one kind; a pattern that never matches if the kind is absent.

    Cached: the finders ask for their patterns thousands of times per document."""
    return cue_patterns(name).get(kind) or regex.compile(r"(?!)")
