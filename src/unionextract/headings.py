"""The shape of one line: numbering markers, section titles, bylines, title-like short lines.

Everything lexical comes from `lexicons/headings.yaml`; this module only compiles it and
answers questions about one stripped line of the normalised view. Whether a line really is a
heading also depends on its neighbours; `blocks.py` decides that.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .cues import search_for_any, strings_needed
from .lexicon import load_lexicon
from .words import tag_words

Role = Literal[
    "marker",
    "bullet",
    "enumeration",
    "section",
    "number_line",
    "subtitle",
    "byline",
    "chrome",
    "navigation",
    "dateline",
    "series",
    "clause_word",
    "dangling_end",
]


class HeadingCue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    name: str
    pattern: str | None = None
    words: list[str] = []
    rank: int | None = None
    anywhere: bool = False
    examples: list[str] = []
    counter_examples: list[str] = []

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            re.compile(value)
        return value

    @model_validator(mode="after")
    def _complete(self) -> HeadingCue:
        if self.role in ("clause_word", "dangling_end"):
            if not self.words:
                raise ValueError(f"{self.role} needs words")
        elif self.pattern is None:
            raise ValueError(f"{self.role} needs a pattern")
        if (self.role == "marker") != (self.rank is not None):
            raise ValueError("rank is given for markers and only for them")
        return self


# Openers and closers of quotations and brackets, in the view (full-width forms are ASCII).
PAIRS = {
    "“": "”", "‘": "’", "《": "》", "(": ")", "「": "」",
    "『": "』", "【": "】", "〔": "〕", "[": "]", "〈": "〉",
}
CLOSERS = frozenset(PAIRS.values()) | {'"', "'"}
# Marks that end a sentence, and marks that end a block (a block may also stop at a colon that
# introduces what follows, which is laid out as a block of its own).
SENTENCE_FINAL = frozenset("。!?;…")
BLOCK_FINAL = SENTENCE_FINAL | {":"}
# Punctuation a title never carries outside quotes and brackets.
CLAUSE_PUNCT = frozenset("。!?;,")
_CLAUSE_PUNCT = re.compile("[" + re.escape("".join(sorted(CLAUSE_PUNCT))) + "]")
_OPENER = re.compile("[" + re.escape("".join(PAIRS)) + "]")
_OPENER_OR_CLOSER = re.compile("[" + re.escape("".join(PAIRS) + "".join(PAIRS.values())) + "]")
_SPACE = re.compile(r"\s")  # the characters `str.isspace` accepts

# A heading or title is one short line; longer unpunctuated lines are text that lost its
# punctuation (tables, navigation), not titles. The longest titles of the seed pages are
# about 40 characters.
MAX_HEADING_CHARS = 40
# The label before a colon in a `label:title` heading (经济生活部:会员的服务者) is short.
MAX_LABEL_CHARS = 12
# A numbered line ending in 。 is a heading only when short ((一)加强组织建设。); a longer one is
# a list item that states its point in a sentence.
MAX_FINAL_HEADING_CHARS = 20
# Bylines and page furniture are short lines; a long line that starts like one is body text.
MAX_BYLINE_CHARS = 40
MAX_CHROME_CHARS = 60
# A subtitle (—— 记…) is a heading's length and a little more.
MAX_SUBTITLE_CHARS = MAX_HEADING_CHARS + 10
# The last word of a line is found in its last few characters (the longest words are short).
_DANGLING_WINDOW = 6


@dataclass(frozen=True)
class Marker:
    """A numbering at the start of a line: its kind, its nesting rank, where the text after it starts."""

    name: str
    rank: int
    end: int  # offset in the line just after the marker and the spaces behind it


@dataclass(frozen=True)
class Cues:
    markers: tuple[tuple[str, int, re.Pattern], ...]
    bullet: re.Pattern
    enumeration: re.Pattern
    sections: tuple[tuple[str, re.Pattern], ...]
    number_line: re.Pattern
    subtitle: re.Pattern
    byline: tuple[re.Pattern, re.Pattern]  # (matched at the start, searched anywhere)
    chrome: tuple[re.Pattern, re.Pattern]
    navigation: tuple[re.Pattern, re.Pattern]
    dateline: re.Pattern
    series: re.Pattern
    clause_words: tuple[str, ...]
    dangling_ends: frozenset[str]


def _either(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@functools.cache
def cues() -> Cues:
    entries = load_lexicon("headings.yaml", HeadingCue)
    by_role: dict[str, list[HeadingCue]] = {}
    for e in entries:
        by_role.setdefault(e.role, []).append(e)

    def one(role: str) -> re.Pattern:
        return _either([e.pattern for e in by_role.get(role, [])] or ["(?!)"])

    def two(role: str) -> tuple[re.Pattern, re.Pattern]:
        es = by_role.get(role, [])
        return (
            _either([e.pattern for e in es if not e.anywhere] or ["(?!)"]),
            _either([e.pattern for e in es if e.anywhere] or ["(?!)"]),
        )

    return Cues(
        markers=tuple(sorted(((e.name, e.rank, re.compile(e.pattern)) for e in by_role["marker"]),
                             key=lambda m: m[1])),
        bullet=one("bullet"),
        enumeration=one("enumeration"),
        sections=tuple((e.name, re.compile(e.pattern)) for e in by_role.get("section", [])),
        number_line=one("number_line"),
        subtitle=one("subtitle"),
        byline=two("byline"),
        chrome=two("chrome"),
        navigation=two("navigation"),
        dateline=one("dateline"),
        series=re.compile(f"(?:{one('series').pattern})$"),
        clause_words=tuple(w for e in by_role.get("clause_word", []) for w in e.words),
        dangling_ends=frozenset(w for e in by_role.get("dangling_end", []) for w in e.words),
    )


def _one_match(patterns: list[re.Pattern]) -> Callable[[str], bool]:
    """Whether any of `patterns` matches at the start of a line, in as few patterns as possible:
    most lines open with none of them, and one failed match is cheaper than a dozen. A pattern
    with groups leads the alternation, where its group numbers stay as they are (a back
    reference counts the groups before it); any further one stays apart."""
    grouped = [p.pattern for p in patterns if p.groups]
    plain = [p.pattern for p in patterns if not p.groups]
    first = _either(grouped[:1] + plain).match
    rest = tuple(re.compile(p).match for p in grouped[1:])
    if not rest:
        return lambda line: first(line) is not None
    return lambda line: first(line) is not None or any(match(line) for match in rest)


def _numberings(c: Cues) -> list[re.Pattern]:
    return [
        *(pattern for _, _, pattern in c.markers), c.bullet, c.enumeration,
        *(pattern for _, pattern in c.sections), c.number_line,
    ]


@functools.cache
def _opens_specially() -> Callable[[str], bool]:
    """Every pattern that `blocks` tries at the start of a line."""
    c = cues()
    return _one_match([*_numberings(c), c.subtitle, c.byline[0], c.chrome[0], c.navigation[0], c.dateline])


@functools.cache
def _opens_numbered() -> Callable[[str], bool]:
    """The patterns tried at the start of a line that does not depend on the line's length: a
    numbering, bullet, enumeration, section mark or number (subtitles, bylines and page
    furniture are short lines)."""
    return _one_match(_numberings(cues()))


def opens_plainly(line: str) -> bool:
    """Whether no numbering, bullet, section mark, subtitle dash or page furniture opens the line
    (then only `furniture_inside` and `title_style` can say anything about it)."""
    return not _opens_specially()(line)


def opens_numbered(line: str) -> bool:
    """Whether a numbering, bullet, enumeration, section mark or number opens the line: for a
    line longer than any subtitle, byline or piece of page furniture, the only shapes that its
    start can give it."""
    return _opens_numbered()(line)


def furniture_inside(line: str) -> bool:
    """For a line that `opens_plainly`: whether it is a byline or page furniture all the same, by
    what it holds further on (`is_byline` or `is_chrome`)."""
    needles = _furniture_needles()
    if needles is not None and needles.search(line) is None:  # most lines: one search says no
        return False
    byline, chrome, navigation = _anywhere_checks()
    n = len(line)
    return (n <= MAX_BYLINE_CHARS and byline(line)) or (
        n <= MAX_CHROME_CHARS and (chrome(line) or navigation(line))
    )


@functools.cache
def _anywhere_checks() -> tuple[Callable[[str], bool], ...]:
    return tuple(_found_anywhere(role) for role in ("byline", "chrome", "navigation"))


@functools.cache
def _furniture_needles() -> re.Pattern | None:
    """One pattern finding any of the strings that every `anywhere` match of a byline, page
    furniture or navigation holds (see `_found_anywhere`), None when one of them has no such
    strings: a line holding none is none of these, found in one search instead of three checks."""
    roles = ("byline", "chrome", "navigation")
    return search_for_any([strings_needed(getattr(cues(), role)[1].pattern) for role in roles])


@functools.cache
def _found_anywhere(role: str) -> Callable[[str], bool]:
    """Whether the role's `anywhere` patterns find something in a line. Each of their matches
    holds one of a few strings (a `:`, a `>`, `文章`): a line with none of them needs no search,
    and most lines have none."""
    search = getattr(cues(), role)[1].search
    needles = strings_needed(getattr(cues(), role)[1].pattern)
    if needles is None:
        return lambda line: search(line) is not None

    def found(line: str) -> bool:
        for needle in needles:  # noqa: SIM110 - a plain loop over a few short strings runs faster than `any`
            if needle in line:
                return search(line) is not None
        return False

    return found


# --- questions about one stripped line ------------------------------------------------

def bullet_end(line: str) -> int:
    """Length of a leading list bullet (`- `, `●`), 0 when none."""
    m = cues().bullet.match(line)
    return m.end() if m else 0


def marker(line: str, pos: int = 0) -> Marker | None:
    """The numbering marker starting at `pos`, if any."""
    for name, rank, pattern in cues().markers:
        m = pattern.match(line, pos)
        if m:
            end = m.end()
            while end < len(line) and line[end].isspace():
                end += 1
            return Marker(name, rank, end)
    return None


def enumeration(line: str, pos: int = 0) -> bool:
    return cues().enumeration.match(line, pos) is not None


def section(line: str) -> tuple[str, int] | None:
    """A bracketed or boxed section title at the start: its kind and where it ends."""
    for name, pattern in cues().sections:
        m = pattern.match(line)
        if m:
            return name, m.end()
    return None


def is_number_line(line: str) -> bool:
    return cues().number_line.match(line) is not None


def is_subtitle(line: str) -> bool:
    return cues().subtitle.match(line) is not None and len(line) <= MAX_SUBTITLE_CHARS


def _any(role: str, line: str) -> bool:
    return getattr(cues(), role)[0].match(line) is not None or _found_anywhere(role)(line)


def is_byline(line: str) -> bool:
    return len(line) <= MAX_BYLINE_CHARS and _any("byline", line)


def is_chrome(line: str) -> bool:
    """Page furniture: navigation, datelines, share and comment widgets, copyright lines."""
    return len(line) <= MAX_CHROME_CHARS and (
        _any("chrome", line) or _any("navigation", line) or is_dateline(line)
    )


def is_navigation(line: str) -> bool:
    """A breadcrumb or `you are here` line: the site's header ends at it."""
    return len(line) <= MAX_CHROME_CHARS and _any("navigation", line)


def is_dateline(line: str) -> bool:
    """A line opening with a publication date and time (`2020-01-06 13:37 发布`)."""
    return len(line) <= MAX_CHROME_CHARS and cues().dateline.match(line) is not None


def has_series_mark(line: str) -> bool:
    return cues().series.search(line) is not None


def outside_brackets(text: str) -> str:
    """The characters of `text` that are not inside a matched quotation or bracket."""
    if _OPENER.search(text) is None:  # most lines: nothing is inside
        return text
    # Only the quotation marks and brackets are read, one by one; the runs of text between them
    # that lie outside every pair are kept as slices (openers and the closers that match them
    # are dropped, a closer that closes nothing is text).
    out, stack = [], []
    kept = 0  # where the current run outside every pair started
    for m in _OPENER_OR_CLOSER.finditer(text):
        ch = m.group()
        if stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                kept = m.end()
        elif ch in PAIRS:
            if not stack:
                out.append(text[kept : m.start()])
            stack.append(PAIRS[ch])
    if stack:  # unbalanced: judge the text as it stands
        return text
    out.append(text[kept:])
    return "".join(out)


def _has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (read no further than that)."""
    for ch in text:
        if ch.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0


@functools.cache
def _clause_word_pattern() -> re.Pattern | None:
    words = cues().clause_words
    return re.compile("|".join(re.escape(w) for w in words)) if words else None


def _has_clause_word(text: str) -> bool:
    pattern = _clause_word_pattern()
    return pattern is not None and pattern.search(text) is not None


def dangles(text: str) -> bool:
    """Whether the text stops on a function word waiting for more (…的领导和), judged on the last
    word so that a word ending in such a character (成就, 方向, 参与) still ends a title."""
    c = cues()
    if not text or text[-1] not in c.dangling_ends:
        return False
    words = tag_words(text[-_DANGLING_WINDOW:])
    return not words or len(words[-1].text) == 1


def title_style(text: str, allow_final: bool = False, allow_comma: bool = False) -> str | None:
    """How a short unpunctuated line reads as a title: `colon`, `spaced` or `plain`; None if not one.

    A title has no clause punctuation outside quotes and brackets, at most one `label:` part,
    and does not stop on a word that waits for more (把…, …的). `allow_final` lets a numbered
    heading end with one 。 or colon when short (一、基本情况。); `allow_comma` accepts commas
    inside the line (关于民生实事,职工怎么看) when the layout alone says the line stands apart.
    """
    if allow_final and text and text[-1] in "。:" and len(text) <= MAX_FINAL_HEADING_CHARS:
        text = text[:-1].rstrip()
    if not text or len(text) > MAX_HEADING_CHARS or not _has_letters(text, 2):
        return None
    bare = outside_brackets(text)
    if allow_comma and not text.endswith(","):
        bare = bare.replace(",", "")
    if _CLAUSE_PUNCT.search(bare):
        return None
    if dangles(text) or _has_clause_word(bare):
        return None
    colons = bare.count(":")
    if colons > 1 or bare.endswith(":"):
        return None
    if colons == 1:
        label = bare.split(":", 1)[0]
        return "colon" if 0 < len(label.strip()) <= MAX_LABEL_CHARS else None
    inner = bare.strip()
    if _SPACE.search(inner):
        return "spaced"
    return "plain"


def ends_block(text: str) -> bool:
    """Whether a piece of text ends where a block may end (a final mark, maybe behind closers)."""
    i = len(text) - 1
    while i >= 0 and (text[i] in CLOSERS or text[i].isspace()):
        i -= 1
    return i >= 0 and text[i] in BLOCK_FINAL
