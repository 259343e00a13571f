"""Event trigger words: the validated lexicon and one compiled pattern that finds them all.

The lexicon (`lexicons/event_triggers.yaml`) gives each word a role (see `TriggerRole`) and, for
activity words, an event type. Matching runs once per text on the simplified view with a single
alternation, longest term first, so that at any position the longest word wins (`表彰大会` over
`大会`, `慰问金` over `慰问`). Pinyin glosses that some pages put after a character (`慰(wèi)问`)
may sit between the characters of a term.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .lexicon import load_lexicon, load_text_list
from .records import EventType

LEXICON = "event_triggers.yaml"
SUFFIXES = "event_modifier_suffixes.txt"
ANAPHORA = "event_anaphora.txt"
MEANS = "event_means_nouns.txt"
EMPTY_MODIFIERS = "event_empty_modifiers.txt"
PREDICATES = "event_topic_predicates.txt"
TOPIC_MARKERS = "event_topic_markers.txt"
REPORT_VERBS = "event_report_verbs.txt"
NEGATIONS = "event_negations.txt"
# An activity word is often written as `X工作` (调解工作, 集体协商工作): the words that make it a
# modifier or a topic may follow that 工作 as well as the word itself (`集体协商工作要点`).
_WORK = "工作"

# Between two characters of a word there may be a gloss (a parenthesised run of Latin letters with
# tone marks, as written after a character) or a line break where a page broke a column (活\n\n动).
_GLOSS = r"(?:\([a-zA-Z\u00c0-\u024f\u01cd-\u01dc]{1,8}\)|[ \t\r\n\u3000]{1,4})?"
# The same, defined once in a `regex` pattern and called where it may stand: spelt out between
# every two characters of some eighty words, it takes ten times longer to compile.
_GLOSS_CALL = "(?&gloss)?"
_GLOSS_DEFINITION = r"(?(DEFINE)(?P<gloss>\([a-zA-Z\u00c0-\u024f\u01cd-\u01dc]{1,8}\)|[ \t\r\n\u3000]{1,4}))"
# The same, one gloss or one run of gaps; a run longer than the gloss allows separates words.
# Written to open with one character class (the lookbehinds tell which alternative it opened), so
# that the engine skips to the next candidate character instead of trying at every position.
_GLOSS_OR_GAPS = re.compile(
    r"[( \t\r\n\u3000](?:(?<=\()[a-zA-Z\u00c0-\u024f\u01cd-\u01dc]{1,8}\)|(?<!\()[ \t\r\n\u3000]*)"
)
_MAX_GAPS = 4


class TriggerRole(str, Enum):
    LIGHT = "light"  # introduces an activity named by its object (开展, 召开)
    VERB = "verb"  # names the activity and governs an object (慰问, 成立)
    NOUN = "noun"  # activity noun, head of its phrase (培训, 招聘会)
    GENERIC = "generic"  # general head (活动, 会议) yielding to a specific word right before it
    BLOCK = "block"  # a thing, not an activity (慰问金): masks the trigger inside it


class TriggerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1)
    role: TriggerRole
    type: EventType | None = None
    example: str
    note: str | None = None
    # A word whose activity depends on its purpose: when one of `purpose_cues` follows it in its
    # sentence the activity is of `purpose_type` (`走访…，了解…需求` is a survey, not a visit of care).
    purpose_cues: tuple[str, ...] = ()
    purpose_type: EventType | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TriggerEntry:
        if self.term not in self.example:
            raise ValueError(f"example {self.example!r} does not contain the term {self.term!r}")
        typed = self.role in (TriggerRole.VERB, TriggerRole.NOUN, TriggerRole.GENERIC)
        if typed and self.type is None:
            raise ValueError(f"a {self.role.value} trigger needs a type")
        if self.role is TriggerRole.BLOCK and self.type is not None:
            raise ValueError("a block entry has no type")
        if bool(self.purpose_cues) != (self.purpose_type is not None):
            raise ValueError("purpose_cues and purpose_type go together")
        return self


_ACTIVITY_ROLES = (TriggerRole.VERB, TriggerRole.NOUN, TriggerRole.GENERIC)


# Not frozen: hundreds are built per document, and a frozen dataclass sets each field the slow way.
@dataclass(slots=True)
class TriggerHit:
    start: int
    end: int
    entry: TriggerEntry
    # Read off the entry once per lexicon word (`_entry_facts`): every clause and segment around
    # the hit asks.
    role: TriggerRole
    type: EventType | None
    is_activity: bool  # an activity word (verb, noun, general head) told as done
    # Written as the modifier of a thing (调解员, 签约率), as the topic of a statement about it
    # (制度建设不断加强, 组建以来) or pointing back at an activity already told (此次活动): a word of
    # the lexicon, but no new activity here.
    modifier: bool = False
    referring: bool = False
    negated: bool = False  # 尚未建会: said not to have taken place


@functools.cache
def trigger_entries() -> tuple[TriggerEntry, ...]:
    entries = load_lexicon(LEXICON, TriggerEntry)
    seen: dict[str, TriggerEntry] = {}
    for e in entries:
        if e.term in seen:
            raise ValueError(f"{LEXICON}: term {e.term!r} listed twice")
        seen[e.term] = e
    return tuple(entries)


def _alternation(words, gloss: str = _GLOSS) -> str:
    """One pattern matching any of `words` (a gloss or gap allowed between characters), the
    longest word winning at a position.

    The words share their prefixes as a trie (`慰问(?:金|品)?`), which compiles and matches much
    faster than a flat alternation of hundreds of words. It finds what the flat alternation tried
    longest word first finds: no word holds a character that may open a gloss or a gap, so the
    text picks one path through the trie, and a word ending along it yields to a longer one.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(trie, gloss)


def _branches(node: dict, gloss: str) -> str:
    alternatives = []
    for ch, child in node.items():
        if not ch:
            continue
        rest = _branches(child, gloss)
        if not rest:
            alternatives.append(re.escape(ch))
        elif "" in child:  # a word ends here; a longer one going on wins
            alternatives.append(f"{re.escape(ch)}(?:{gloss}(?:{rest}))?")
        else:
            alternatives.append(f"{re.escape(ch)}{gloss}(?:{rest})")
    return "|".join(alternatives)


def _words_pattern(words) -> re.Pattern[str]:
    """`_alternation` without glosses: for text the glosses were taken out of (`_Squeezed`)."""
    return re.compile(_alternation(words, gloss=""))


@functools.cache
def _compiled() -> re.Pattern[str]:
    # One named group per entry would exceed the group limit; one alternation and a lookup of the
    # match text does the same job.
    return _words_pattern(e.term for e in trigger_entries())


@functools.cache
def _context_patterns() -> tuple[regex.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    suffix = regex.compile(f"(?:{_WORK})?(?:{_alternation(_after_words(), _GLOSS_CALL)}){_GLOSS_DEFINITION}")
    anaphora = re.compile(f"(?:{_alternation(load_text_list(ANAPHORA))})$")
    negation = re.compile(f"(?:{_alternation(load_text_list(NEGATIONS))})$")
    return suffix, anaphora, negation


def _after_words() -> list[str]:
    return load_text_list(SUFFIXES) + load_text_list(PREDICATES)


@functools.cache
def _plain_suffix() -> tuple[re.Pattern[str], int]:
    """The suffix pattern with nothing allowed between characters, and how far after a trigger
    a gloss or gap would have to start for the full pattern to match where this one does not.
    Glosses are rare, and this runs many times faster than the pattern calling its gloss."""
    after = _after_words()
    plain = re.compile(f"(?:{_WORK})?(?:{_alternation(after, '')})")
    return plain, len(_WORK) + max(map(len, after))


# What opens a gloss or a gap (see `_GLOSS`).
_GLOSS_OPENERS = re.compile(r"[( \t\r\n\u3000]")


def _is_modifier(view: str, end: int) -> bool:
    """Whether a suffix or predicate of `_context_patterns` follows the trigger ending at `end`."""
    plain, reach = _plain_suffix()
    if plain.match(view, end) is not None:
        return True
    # The full pattern differs only by a gloss or gap between two characters of a word.
    if _GLOSS_OPENERS.search(view, end, end + reach) is None:
        return False
    return _context_patterns()[0].match(view, end) is not None


@functools.cache
def _context_chars() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The characters a context pattern can start (suffix) or end (anaphora, negation) with: most
    triggers have none of them next to them, and a set lookup is cheaper than a failed search.
    A `$` also matches before a final line break, which may therefore end the window as well."""
    after = _after_words()
    anaphora, negation = load_text_list(ANAPHORA), load_text_list(NEGATIONS)
    if not (all(after) and all(anaphora) and all(negation)):
        raise ValueError("an empty word in an event context list")
    return (
        frozenset(w[0] for w in [_WORK, *after]),
        frozenset([*(w[-1] for w in anaphora), "\n"]),
        frozenset([*(w[-1] for w in negation), "\n"]),
    )


@functools.cache
def means_pattern() -> re.Pattern[str]:
    """`等` + a noun of means (等途径, 等形式): what the list before it is the means of."""
    return re.compile(f"等(?:{_alternation(load_text_list(MEANS))})")


@functools.cache
def empty_modifier_pattern() -> re.Pattern[str]:
    """Words that quantify or point without naming an activity (各类, 相关)."""
    return re.compile(_alternation(load_text_list(EMPTY_MODIFIERS)))


@functools.cache
def topic_marker_pattern() -> re.Pattern[str]:
    """Words before an activity word that make it the topic or the instrument of the clause
    (关于建立…制度, 利用…问卷调查): it is talked about or used, not done there."""
    return re.compile(_alternation(load_text_list(TOPIC_MARKERS)))


@functools.cache
def report_verb_pattern() -> re.Pattern[str]:
    """Verbs of telling (通报, 记录): an activity noun in their object is what is told about."""
    return re.compile(_alternation(load_text_list(REPORT_VERBS)))


@functools.cache
def _by_term() -> dict[str, TriggerEntry]:
    return {e.term: e for e in trigger_entries()}


class _Squeezed:
    """The view with every gloss and short run of gaps taken out, as trigger words are matched.

    A pattern allowing a gloss between any two characters of any of hundreds of words is slow to
    compile and to run; the words are matched on this text instead. A match stands for the view's
    text when what was taken out inside it is one gloss or one run of gaps between two
    characters, as the word pattern allows (`活\\n\\n动`, not `活\\n(huo)动`).
    """

    def __init__(self, view: str) -> None:
        parts: list[str] = []
        cuts: list[int] = []  # squeezed offsets that text was taken out before
        shifts: list[int] = []  # characters taken out up to and including each cut
        single: list[bool] = []  # whether one gloss or run of gaps was taken out there
        kept = removed = 0
        last_cut = -1
        for m in _GLOSS_OR_GAPS.finditer(view):
            s, e = m.span()
            if e - s > _MAX_GAPS and view[s] != "(":
                continue
            parts.append(view[kept:s])
            cut = s - removed
            removed += e - s
            if cut == last_cut:  # right after the previous one
                single[-1] = False
                shifts[-1] = removed
            else:
                cuts.append(cut)
                shifts.append(removed)
                single.append(True)
                last_cut = cut
            kept = e
        parts.append(view[kept:])
        self.text = "".join(parts)
        self.cuts, self.shifts, self.single = cuts, shifts, single

    def to_view(self, pos: int) -> int:
        """The view offset of the squeezed character at `pos`."""
        k = bisect_right(self.cuts, pos)
        return pos + (self.shifts[k - 1] if k else 0)

    def whole(self, start: int, end: int) -> bool:
        """Whether at most one gloss or run of gaps was taken out between each two characters."""
        return all(self.single[bisect_left(self.cuts, start + 1) : bisect_left(self.cuts, end)])


def _standing_end(squeezed: _Squeezed, start: int, end: int, table: dict[str, TriggerEntry]) -> int:
    """End of the longest word from `start` up to `end` that stands in the view (no gloss and gap
    together inside it): always a prefix of the longest; `start` when none does."""
    text = squeezed.text
    while end > start and not (text[start:end] in table and squeezed.whole(start, end)):
        end -= 1
    return end


@functools.cache
def _entry_facts() -> dict[str, tuple[TriggerEntry, TriggerRole, EventType | None, bool]]:
    """Per term: its entry, role, type and whether it names an activity when told as done."""
    return {e.term: (e, e.role, e.type, e.role in _ACTIVITY_ROLES) for e in trigger_entries()}


class _Context(NamedTuple):
    """What `scan_triggers` reads around every word, fetched once per text."""

    suffix_first: frozenset[str]  # characters a suffix or predicate starts with
    before: frozenset[str]  # characters an anaphora or a negation ends with
    anaphora_last: frozenset[str]
    negation_last: frozenset[str]
    anaphora: re.Pattern[str]
    negation: re.Pattern[str]


@functools.cache
def _context() -> _Context:
    _, anaphora, negation = _context_patterns()
    suffix_first, anaphora_last, negation_last = _context_chars()
    before = anaphora_last | negation_last
    return _Context(suffix_first, before, anaphora_last, negation_last, anaphora, negation)


def scan_triggers(view: str) -> list[TriggerHit]:
    """Every trigger and block word of `view`, leftmost-longest, non-overlapping, in text order."""
    squeezed = _Squeezed(view)
    text, pattern, table = squeezed.text, _compiled(), _by_term()
    cuts = squeezed.cuts
    # With a cut past the end every word has one after its start, and `taken_before[k]` is what
    # was taken out before the k-th cut: one list read per word instead of two tests.
    bounded = [*cuts, len(text) + 1]
    taken_before = [0, *squeezed.shifts]
    facts = _entry_facts()
    context = _context()
    suffix_first, context_before = context.suffix_first, context.before
    hits: list[TriggerHit] = []
    add = hits.append
    # Words are found in the squeezed text and placed back in the view as they come: one
    # `finditer` run until a word must be cut short (rarely).
    pos: int | None = 0
    while pos is not None:
        resume = None
        for m in pattern.finditer(text, pos):
            start, end = m.span()
            first = bisect_right(cuts, start)  # the first cut after the word's start
            if bounded[first] >= end:  # nothing taken out inside the word (most words)
                term = m.group()
                start += taken_before[first]
                end = start + len(term)
            else:
                # The longest word here stands unless a gloss and a gap lie together inside it:
                # then the longest shorter word that stands, and the search goes on after it.
                end = _standing_end(squeezed, start, end, table)
                if end == start:
                    resume = start + 1
                    break
                term = text[start:end]
                if end < m.end():
                    resume = end
                start, end = squeezed.to_view(start), squeezed.to_view(end - 1) + 1
            if view[start - 1 : start] not in context_before and view[end : end + 1] not in suffix_first:
                # most words: nothing around (the facts passed one by one: no argument tuple is built)
                entry, role, etype, activity = facts[term]
                add(TriggerHit(start, end, entry, role, etype, activity))
            else:
                add(_hit_in_context(view, start, end, facts[term], context))
            if resume is not None:
                break
        pos = resume
    return hits


def _hit_in_context(
    view: str, start: int, end: int, facts: tuple[TriggerEntry, TriggerRole, EventType | None, bool],
    context: _Context,
) -> TriggerHit:
    """The hit of a word with a context character next to it: a modifier, an anaphora or a
    negation may make it no new activity."""
    entry, role, etype, activity = facts
    before = view[start - 1 : start]
    modifier = view[end : end + 1] in context.suffix_first and _is_modifier(view, end)
    referring = before in context.anaphora_last and _ends_at(context.anaphora, view, start, 4)
    negated = before in context.negation_last and _ends_at(context.negation, view, start, 2)
    if modifier or referring or negated:
        return TriggerHit(start, end, entry, role, etype, False, modifier, referring, negated)
    return TriggerHit(start, end, entry, role, etype, activity)


def _ends_at(pattern: re.Pattern[str], view: str, pos: int, reach: int) -> bool:
    """Whether a word of `pattern` (anchored at its end) ends at `pos`, searched from `reach`
    characters before it."""
    return pattern.search(view, max(0, pos - reach), pos) is not None
