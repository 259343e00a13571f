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
from dataclasses import dataclass
from enum import Enum

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


@dataclass(frozen=True)
class TriggerHit:
    start: int
    end: int
    entry: TriggerEntry
    # Written as the modifier of a thing (调解员, 签约率), as the topic of a statement about it
    # (制度建设不断加强, 组建以来) or pointing back at an activity already told (此次活动): a word of
    # the lexicon, but no new activity here.
    modifier: bool = False
    referring: bool = False
    negated: bool = False  # 尚未建会: said not to have taken place

    @property
    def role(self) -> TriggerRole:
        return self.entry.role

    @property
    def type(self) -> EventType | None:
        return self.entry.type

    @property
    def is_activity(self) -> bool:
        if self.modifier or self.referring or self.negated:
            return False
        return self.entry.role in (TriggerRole.VERB, TriggerRole.NOUN, TriggerRole.GENERIC)


@functools.cache
def trigger_entries() -> tuple[TriggerEntry, ...]:
    entries = load_lexicon(LEXICON, TriggerEntry)
    seen: dict[str, TriggerEntry] = {}
    for e in entries:
        if e.term in seen:
            raise ValueError(f"{LEXICON}: term {e.term!r} listed twice")
        seen[e.term] = e
    return tuple(entries)


def _term_pattern(term: str) -> str:
    return _GLOSS.join(re.escape(ch) for ch in term)


@functools.cache
def _compiled() -> re.Pattern[str]:
    entries = sorted(trigger_entries(), key=lambda e: -len(e.term))
    # One named group per entry would exceed the group limit; one alternation and a lookup of the
    # gloss-free match text does the same job.
    return re.compile("|".join(_term_pattern(e.term) for e in entries))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(_term_pattern(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _context_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    after = load_text_list(SUFFIXES) + load_text_list(PREDICATES)
    suffix = re.compile(f"(?:{_WORK})?(?:{_alternation(after)})")
    anaphora = re.compile(f"(?:{_alternation(load_text_list(ANAPHORA))})$")
    negation = re.compile(f"(?:{_alternation(load_text_list(NEGATIONS))})$")
    return suffix, anaphora, negation


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


def entry_for(term: str) -> TriggerEntry | None:
    """The lexicon entry of a term."""
    return _by_term().get(term)


_STRIP_GLOSS = re.compile(r"\([a-zA-Z\u00c0-\u024f\u01cd-\u01dc]{1,8}\)")
_STRIP_GAP = re.compile(r"[ \t\r\n\u3000]")


def scan_triggers(view: str) -> list[TriggerHit]:
    """Every trigger and block word of `view`, leftmost-longest, non-overlapping, in text order."""
    pattern = _compiled()
    suffix, anaphora, negation = _context_patterns()
    table = _by_term()
    hits = []
    for m in pattern.finditer(view):
        # a match without gloss or gap is its term as written (no term holds a space or a bracket)
        entry = table.get(m.group()) or table[_STRIP_GLOSS.sub("", _STRIP_GAP.sub("", m.group()))]
        modifier = suffix.match(view, m.end()) is not None
        referring = anaphora.search(view, max(0, m.start() - 4), m.start()) is not None
        negated = negation.search(view, max(0, m.start() - 2), m.start()) is not None
        hits.append(TriggerHit(m.start(), m.end(), entry, modifier, referring, negated))
    return hits
