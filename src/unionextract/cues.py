"""Pattern lexicons: YAML entries `{pattern, kind, note}` compiled once, grouped by kind.

The attribution finders (periods, orgs, status, indicator, parents) keep their lexical data in
`lexicons/*.yaml` files of this shape; the pattern is a `regex` expression run on the
normalised view (simplified characters, ASCII digits and punctuation).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

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
def _alternatives(name: str) -> dict[str, list[str]]:
    """The patterns of each kind in the order the alternation tries them (longest first)."""
    groups: dict[str, list[str]] = {}
    for entry in load_lexicon(name, PatternEntry):
        groups.setdefault(entry.kind, []).append(entry.pattern)
    return {kind: sorted(pats, key=len, reverse=True) for kind, pats in groups.items()}


@functools.cache
def cue_patterns(name: str) -> dict[str, regex.Pattern]:
    """One alternation per kind: `{kind: compiled pattern}` (longest alternatives first)."""
    return {
        kind: regex.compile("|".join(f"(?:{p})" for p in pats))
        for kind, pats in _alternatives(name).items()
    }


@functools.cache
def _branches(name: str, kind: str) -> tuple[regex.Pattern, ...]:
    return tuple(regex.compile(p) for p in _alternatives(name).get(kind, ()))


def scan(name: str, kind: str, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
    """The spans `cue(name, kind).finditer(text, pos, endpos)` finds, searched branch by branch.

    One alternation of many patterns defeats the engine's search for a literal to start from,
    so it makes an attempt at every character; each branch alone is found fast. The
    alternation's choice is kept: the leftmost start wins, and at one start the first branch
    in the alternation's order. Only the span and the whole match (`group(0)`) are the
    alternation's: the match objects are the branches', with their own groups.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    branches = _branches(name, kind)
    at = pos
    nxt = [b.search(text, at, end) for b in branches]
    while True:
        best = None
        for m in nxt:
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        if best.end() == best.start():
            # After an empty match the engine's own stepping rules apply: let it go on.
            yield from cue(name, kind).finditer(text, at, end)
            return
        yield best
        at = best.end()
        for k, m in enumerate(nxt):
            if m is not None and m.start() < at:
                nxt[k] = branches[k].search(text, at, end)


@functools.cache
def cue(name: str, kind: str) -> regex.Pattern:
    """The compiled pattern of one kind; a pattern that never matches if the kind is absent.

    Cached: the finders ask for their patterns thousands of times per document."""
    return cue_patterns(name).get(kind) or regex.compile(r"(?!)")
