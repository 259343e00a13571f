"""A span's text as a reader sees it: without line breaks, spaces and pinyin glosses.

Indicator, org and period are written without the glosses (`慰(wèi)問金` -> `慰問金`) and the
line breaks that some pages carry, in the raw characters (traditional stays traditional).
`Surface` keeps the raw index of every kept character, so a match on the cleaned view maps
back to raw characters.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

import regex

from .doc_cache import per_document

# A pinyin gloss: a parenthesised lower-case syllable (tone marks allowed) right after a Han
# character. Parentheses holding Chinese or capitals are content, not glosses.
_GLOSS = regex.compile(r"(?<=\p{Han})[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[)）]")
# `\s` and the separators U+001C..U+001F: exactly the characters `str.isspace` accepts.
_SPACE = regex.compile(r"[\s\x1c-\x1f]+")


class Surface(NamedTuple):  # a tuple: built for every sentence and heading, cheaply
    raw: str
    view: str  # cleaned normalised text
    index: Sequence[int]  # raw offset of each character of `view`

    def raw_text(self, i: int, j: int) -> str:
        if i >= j:
            return ""
        a, b = self.index[i], self.index[j - 1]
        if b - a == j - 1 - i:  # nothing dropped in between: one slice
            return self.raw[a : b + 1]
        return "".join(self.raw[k] for k in self.index[i:j])

    def pos(self, raw_offset: int) -> int:
        """The cleaned index of the first kept character at or after `raw_offset`."""
        return bisect_left(self.index, raw_offset)


# Every finder asks for the surface of the same sentences and headings, once per metric and
# event; built once per span (cleared with the other per-document caches).
@per_document(maxsize=8192)
def surface(raw: str, view: str, start: int, end: int) -> Surface:
    text = view[start:end]
    # A gloss opens with a parenthesis: most sentences hold none, and need no search for one.
    glossed = "(" in text or "（" in text
    dropped = [m.span() for m in _GLOSS.finditer(view, start, end)] if glossed else []
    if _has_space(text):
        dropped += [m.span() for m in _SPACE.finditer(view, start, end)]
    if not dropped:  # most spans: the offsets are a range, with no integer built for each
        return Surface(raw, text, range(start, end))
    dropped.sort()
    keep: list[int] = []
    pieces: list[str] = []  # the kept stretches, joined once
    at = start
    for a, b in dropped:
        if a > at:
            keep.extend(range(at, a))
            pieces.append(view[at:a])
        at = max(at, b)
    keep.extend(range(at, end))
    pieces.append(view[at:end])
    return Surface(raw, "".join(pieces), tuple(keep))


def _has_space(text: str) -> bool:
    """Whether `text` holds a character that `_SPACE` matches."""
    # `str.split` cuts at exactly those characters (`str.isspace`), in one pass in C: far
    # cheaper than the search that finds them, which most spans (they hold none) need not run.
    parts = text.split()
    return len(parts) != 1 or len(parts[0]) != len(text)


def clean(raw: str, view: str, start: int, end: int) -> str:
    """The raw characters of [start, end) without glosses and whitespace."""
    s = surface(raw, view, start, end)
    return s.raw_text(0, len(s.view))
