"""Pattern lexicons: YAML entries `{pattern, kind, note}` compiled once, grouped by kind.

The attribution finders (periods, orgs, status, indicator, parents) keep their lexical data in
`lexicons/*.yaml` files of this shape; the pattern is a `regex` expression run on the
normalised view (simplified characters, ASCII digits and punctuation).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import regex
from pydantic import BaseModel, ConfigDict, field_validator

from .lexicon import load_lexicon

try:  # the parser of `re`, to read which characters a pattern can match
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_parse as _sre_parse


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
    return {kind: _alternation(pats) for kind, pats in _alternatives(name).items()}


# Inline flags for the whole pattern (`(?i)`, `(?V1)`): inside `(?:...)` they would hold for the
# group only, so such a pattern keeps its wrapper.
_GLOBAL_FLAGS = re.compile(r"\(\?[a-zA-Z0-9^-]*\)")


def _alternation(patterns: list[str]) -> regex.Pattern:
    if len(patterns) == 1 and not _GLOBAL_FLAGS.search(patterns[0]):
        # Most kinds have one pattern: `(?:p)` matches as `p` does, and `p` alone was compiled
        # when its entry was validated, so the engine's cache of compiled patterns has it.
        return regex.compile(patterns[0])
    return regex.compile("|".join(f"(?:{p})" for p in patterns))


@functools.cache
def _branches(name: str, kind: str) -> tuple[regex.Pattern, ...]:
    return tuple(regex.compile(p) for p in _alternatives(name).get(kind, ()))


# A branch and what it needs: strings of which the span must hold one, for each part of the
# branch (`[市区县]…工会` needs a place ending and `工会`); all are tested before a search.
_Step = tuple[regex.Pattern, tuple[tuple[str, ...], ...]]


@functools.cache
def _search_plan(name: str, kind: str) -> tuple[_Step, ...]:
    """Each branch with the needs of its parts, the most telling first.

    Checking every part and not just one matters: all branches of `union` need `工会`, so a run
    holding it is searched by each, though most branches need a place ending, an industry or
    `公司` as well, which most runs lack."""
    return tuple(
        (branch, _every_need(pattern))
        for branch, pattern in zip(_branches(name, kind), _alternatives(name).get(kind, ()), strict=True)
    )


# A need of more strings than this is tested by one search of their alternation with `re`: a
# call that costs about what a few `in` tests do, where a test per string of a long list (the
# festivals, the industries) costs more than the branch's own search.
_FEW = 4

# A step as `matches_in` runs it: the branch, its needs of a few strings (tested with `in`),
# then one pattern for each need of many.
_Run = tuple[regex.Pattern, tuple[tuple[str, ...], ...], tuple[re.Pattern, ...]]


@functools.cache
def _search_steps(name: str, kind: str) -> tuple[_Run, ...]:
    """`_search_plan` with each need of many strings made one pattern. The needs are ordered
    fewest strings first, so the patterns come last, as the needs did."""
    return tuple(
        (
            branch,
            tuple(need for need in needs if len(need) <= _FEW),
            tuple(re.compile("|".join(map(re.escape, need))) for need in needs if len(need) > _FEW),
        )
        for branch, needs in _search_plan(name, kind)
    )


def _every_need(pattern: str) -> tuple[tuple[str, ...], ...]:
    """For each part of the pattern's top-level sequence that needs strings, the fewest of them."""
    items = _parsed(pattern)
    if items is None:
        return ()
    needs = set(_needs_of_sequence(items))
    ordered = sorted(needs, key=lambda need: (len(need), -min(map(len, need)), sorted(need)))
    return tuple(_fewest(need) for need in ordered)


@functools.cache
def _kind_needs(name: str, kind: str) -> tuple[str, ...] | None:
    """Strings one of which every match of the kind holds (None: unknown): for each branch,
    the most telling of its needs."""
    firsts = [needs[0] if needs else None for _, needs in _search_plan(name, kind)]
    if not firsts or any(need is None for need in firsts):
        return None
    return _fewest({s for need in firsts for s in need})


@functools.cache
def needed_characters(name: str, kind: str) -> re.Pattern | None:
    """A class of characters one of which every match of the kind holds, even where the text
    searched is a cleaned copy of the span (glosses and spaces taken out): the first character
    of each needed string. None when the kind's needs are unknown.

    For finders that search a cleaned copy: a span without one of these characters needs
    neither the copy nor the search."""
    need = _kind_needs(name, kind)
    if need is None:
        return None
    return re.compile("[" + "".join(sorted({re.escape(s[0]) for s in need})) + "]")


@functools.cache
def needed_strings(name: str, *kinds: str) -> re.Pattern | None:
    """One search for the strings one of which every match of any of `kinds` holds (None when
    the strings of one are unknown, or no kind is given): a text it finds nothing in holds no
    match. For a finder that has made the text it searches (`needed_characters` asks less of
    the span it is made from), or that tests several kinds at once: one call, where testing
    each branch's needs costs a test per string."""
    return search_for_any([_kind_needs(name, kind) for kind in kinds])


def search_for_any(needs: list[tuple[str, ...] | None]) -> re.Pattern | None:
    """One search for any string of any of `needs` (each the strings one of which every match of
    some pattern holds); None when there is none, or one of them is unknown (None)."""
    if not needs or any(need is None for need in needs):
        return None
    return re.compile("|".join(re.escape(s) for need in needs for s in need))


def first_at(pattern: re.Pattern | regex.Pattern | None, text: str, start: int, end: int) -> int:
    """Where the first match of `pattern` in `text[start:end]` starts: `end` if there is none,
    -1 if `pattern` is None (nothing known: every position may hold one). For a finder that
    settles all the figures of a span from one search instead of a search for each."""
    if pattern is None:
        return -1
    hit = pattern.search(text, start, end)
    return hit.start() if hit else end


def _fewest(needles) -> tuple[str, ...]:
    """The needles without those that hold another (`各级工会` holds `各`): the shorter is enough."""
    return tuple(sorted(n for n in needles if not any(m != n and m in n for m in needles)))


def kind_needs(name: str, kind: str) -> tuple[str, ...] | None:
    """Strings one of which every match of the kind holds; None when unknown. For a finder
    that tests several kinds on the same text: `may_match` without a call per kind."""
    return _kind_needs(name, kind)


def may_match(name: str, kind: str, text: str) -> bool:
    """False when no match of the kind can lie in `text`, as every pattern of the kind needs a
    string that `text` lacks: a test far cheaper than a search."""
    need = _kind_needs(name, kind)
    return need is None or holds_any(text, need)


def holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether `text` holds one of `needles`."""
    # A plain loop: called for every span scanned, it runs faster than `any` over a generator.
    for needle in needles:  # noqa: SIM110 - a few short strings, each found by the fast substring search
        if needle in text:
            return True
    return False


def scan(name: str, kind: str, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
    """The spans `cue(name, kind).finditer(text, pos, endpos)` finds, searched branch by branch.

    One alternation of many patterns defeats the engine's search for a literal to start from,
    so it makes an attempt at every character; each branch alone is found fast. The
    alternation's choice is kept: the leftmost start wins, and at one start the first branch
    in the alternation's order. Only the span and the whole match (`group(0)`) are the
    alternation's: the match objects are the branches', with their own groups.
    A branch that needs a character the span lacks is not searched at all: most spans (a
    sentence, a run of Han characters) hold none of most branches' characters.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    return iter(matches_in(name, kind, text, pos, end))


def matches_in(name: str, kind: str, text: str, pos: int, end: int) -> list[regex.Match]:
    """What `scan` yields over `text[pos:end]` (`end` within the text), as a list: a plain
    call, for the finders that scan many short spans (runs of Han characters) one by one."""
    span = text[pos:end] if pos or end < len(text) else text
    plan = _search_steps(name, kind)
    nxt = None  # the next match of each branch; None while no branch found any
    for k, (branch, needs, gates) in enumerate(plan):
        # Loops inlined (no call per need): asked for every branch of every run scanned.
        for need in needs:
            for needle in need:
                if needle in span:
                    break
            else:
                break  # the span holds none of this need's strings: the branch cannot match
        else:
            for gate in gates:
                if gate.search(span) is None:
                    break  # nor of this long need's
            else:
                found = branch.search(text, pos, end)
                if found is not None:
                    if nxt is None:
                        nxt = [None] * len(plan)
                    nxt[k] = found
    if nxt is None:
        return []  # most spans: no branch can match, or none does
    out = []
    at = pos
    while True:
        best = None
        for m in nxt:
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return out
        if best.end() == best.start():
            # After an empty match the engine's own stepping rules apply: let it go on.
            out.extend(cue(name, kind).finditer(text, at, end))
            return out
        out.append(best)
        at = best.end()
        for k, m in enumerate(nxt):
            if m is not None and m.start() < at:
                nxt[k] = plan[k][0].search(text, at, end)


@functools.cache
def cue(name: str, kind: str) -> regex.Pattern:
    """The compiled pattern of one kind; a pattern that never matches if the kind is absent.

    Cached: the finders ask for their patterns thousands of times per document."""
    return cue_patterns(name).get(kind) or regex.compile(r"(?!)")


def strip_end(name: str, kind: str, text: str) -> str:
    """`cue(name, kind).sub("", text)` for a kind whose every pattern ends with `$`.

    Such a match consists of the characters the patterns name, so it lies in the text's last
    run of those characters: the search starts there (lookbehinds still see the text before),
    instead of trying the whole alternation at every character of the text.
    """
    pattern = cue(name, kind)
    chars = _end_anchored_chars(name, kind)
    if chars is None:
        return pattern.sub("", text)
    pos = len(text)
    while pos and text[pos - 1] in chars:
        pos -= 1
    if pos == len(text):  # at most an empty match at the end: nothing to remove
        return text
    return pattern.sub("", text, pos=pos)


@functools.cache
def _end_anchored_chars(name: str, kind: str) -> frozenset[str] | None:
    """The characters a match of the kind can consume (with `\\n`, which `$` may stand
    before), if every pattern of the kind ends with `$`; else None."""
    items = _parsed(cue(name, kind).pattern)
    if items is None or not _ends_at_end(items):
        return None
    chars = _consumed(items)
    return None if chars is None else frozenset(chars | {"\n"})


def _consumed(items: list) -> set[str] | None:
    """Every character the parsed items can consume; None if not a list of characters."""
    chars: set[str] = set()
    for op, arg in items:
        kind = str(op)
        if kind == "LITERAL":
            chars.add(chr(arg))
            continue
        if kind in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # anchors and lookarounds consume nothing
        if kind == "IN":
            parts = [_class_chars(*item) for item in arg]
        elif kind == "SUBPATTERN":
            parts = [_consumed(list(arg[-1]))]
        elif kind == "BRANCH":
            parts = [_consumed(list(alt)) for alt in arg[1]]
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            parts = [_consumed(list(arg[2]))]
        else:
            return None  # any character, a negated class, a category, a back reference
        if any(part is None for part in parts):
            return None
        chars.update(*parts)
    return chars


# Escapes of `regex` that the parser of `re` lacks, read as a class of unknown characters:
# the analysis below then claims nothing about what they match.
_REGEX_ONLY_ESCAPE = re.compile(r"\\[pP]\{[^}]*\}")
# A POSIX class (`[[:alpha:]]`) of `regex` reads to `re` as a class and a literal `]`.
_POSIX_CLASS = re.compile(r"\[:\^?[A-Za-z]+:\]")


def _parsed(pattern: str) -> list | None:
    """The pattern's top-level sequence as the parser of `re` reads it; None where that
    reading could claim more than `regex` matches (other syntax, ignored case, `$` before
    any line end)."""
    if _POSIX_CLASS.search(pattern):
        return None
    try:
        parsed = _sre_parse.parse(_REGEX_ONLY_ESCAPE.sub(r"\\w", pattern))
    except Exception:  # other syntax of `regex` only: no claim
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    return list(parsed)


def strings_needed(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` holds, in sorted order; None when its
    syntax does not tell. A text holding none of them needs no search."""
    items = _parsed(pattern)
    need = _required_in(items) if items is not None else None
    return None if need is None else tuple(sorted(need))


def _required_in(items: list) -> frozenset[str] | None:
    """Of a sequence: the most telling need of its items (fewest strings, then longest), a run
    of literal characters counting as one string."""
    needs = _needs_of_sequence(items)
    return min(needs, key=lambda need: (len(need), -min(map(len, need))), default=None)


def _needs_of_sequence(items: list) -> list[frozenset[str]]:
    """What each item of a sequence needs (strings of which a match holds one), a run of
    literal characters counting as one string."""
    needs: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        kind = str(op)
        if kind == "LITERAL":
            run += chr(arg)
            continue
        if run:
            needs.append(frozenset((run,)))
            run = ""
        need = _required_of(kind, arg)
        if need is not None:
            needs.append(need)
    if run:
        needs.append(frozenset((run,)))
    return needs


def _required_of(kind: str, arg) -> frozenset[str] | None:
    if kind == "IN":
        chars = [_class_chars(*item) for item in arg]
        if any(c is None for c in chars):
            return None  # a negated class, a category: no claim
        return frozenset().union(*chars)
    if kind == "SUBPATTERN":
        return None if arg[1] & re.IGNORECASE else _required_in(list(arg[-1]))
    if kind == "ATOMIC_GROUP":
        return _required_in(list(arg))
    if kind == "BRANCH":
        alts = [_required_in(list(alt)) for alt in arg[1]]
        return None if any(a is None for a in alts) else frozenset().union(*alts)
    if kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _required_in(list(arg[2])) if arg[0] >= 1 else None
    return None  # anchors and lookarounds consume nothing; any character matches anything


def _class_chars(op, arg) -> set[str] | None:
    if str(op) == "LITERAL":
        return {chr(arg)}
    if str(op) == "RANGE" and arg[1] - arg[0] < 256:
        return {chr(c) for c in range(arg[0], arg[1] + 1)}
    return None


def _ends_at_end(items: list) -> bool:
    if not items:
        return False
    op, arg = items[-1]
    kind = str(op)
    if kind == "AT":
        return str(arg) in ("AT_END", "AT_END_STRING")
    if kind == "SUBPATTERN":
        return _ends_at_end(list(arg[-1]))
    if kind == "BRANCH":
        return all(_ends_at_end(list(alt)) for alt in arg[1])
    return False
