"""A span's text as a reader sees it: without line breaks, spaces and pinyin glosses.

Indicator, org and period are written without the glosses (`慰(wèi)問金` -> `慰問金`) and the
line breaks that some pages carry, in the raw characters (traditional stays traditional).
`Surface` keeps the raw index of every kept character, so a match on the cleaned view maps
back to raw characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# A pinyin gloss: a parenthesised lower-case syllable (tone marks allowed) right after a Han
# character. Parentheses holding Chinese or capitals are content, not glosses.
_GLOSS = regex.compile(r"(?<=\p{Han})[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[)）]")


@dataclass(frozen=True)
class Surface:
    raw: str
    view: str  # cleaned normalised text
    index: tuple[int, ...]  # raw offset of each character of `view`

    def raw_text(self, i: int, j: int) -> str:
        return "".join(self.raw[k] for k in self.index[i:j])

    def pos(self, raw_offset: int) -> int:
        """The cleaned index of the first kept character at or after `raw_offset`."""
        lo, hi = 0, len(self.index)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.index[mid] < raw_offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


def surface(raw: str, view: str, start: int, end: int) -> Surface:
    dropped = set()
    for m in _GLOSS.finditer(view, start, end):
        dropped.update(range(m.start(), m.end()))
    keep = tuple(k for k in range(start, end) if k not in dropped and not view[k].isspace())
    return Surface(raw, "".join(view[k] for k in keep), keep)


def clean(raw: str, view: str, start: int, end: int) -> str:
    """The raw characters of [start, end) without glosses and whitespace."""
    s = surface(raw, view, start, end)
    return s.raw_text(0, len(s.view))
