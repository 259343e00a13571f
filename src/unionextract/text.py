"""Reading a file's text exactly, and the equal-length normalised view that rules run on.

The raw text is what the contract defines: the decoded characters of the file with line
endings untouched (`newline=""`). Every offset of every record indexes it. Rules run on a
normalised copy of the *same length* (full-width forms to ASCII, traditional characters to
simplified ones, one character for one), so a rule written once in simplified Chinese works
on 繁體 text and its match positions are already raw offsets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .records import Script


class UnreadableInput(ValueError):
    """A file that is not text in an encoding we read (binary, or undecodable)."""


@dataclass(frozen=True)
class RawText:
    text: str
    encoding: str


# Byte-order marks decide the encoding outright. A UTF-8 BOM is kept as U+FEFF in the
# text, because the contract reads files as plain "utf-8", which keeps it.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
# The legacy Chinese encodings we try, in order of how often reports come in them. Windows
# Big5 (cp950) comes before Big5-HKSCS, which reads cp950's circled numbers (①) as kana.
_LEGACY = ("gb18030", "cp950", "big5hkscs")


def decode(data: bytes) -> RawText:
    """Decode the bytes of a text file; raise `UnreadableInput` with the reason otherwise."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return RawText(data.decode(codec), name)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"{name} byte-order mark but undecodable: {exc}") from exc
    if b"\x00" in data[:65536]:
        raise UnreadableInput("binary file: NUL bytes and no UTF-16/32 byte-order mark")
    try:
        text = data.decode("utf-8")
        return RawText(text, "utf-8-sig" if text.startswith("\ufeff") else "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in _LEGACY:
        try:
            candidates.append((codec, data.decode(codec)))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise UnreadableInput("undecodable: not UTF-8, UTF-16/32 with BOM, GB18030 or Big5")
    if len(candidates) == 1:
        codec, text = candidates[0]
        return RawText(text, codec)
    # Both legacy codecs accept the bytes: the right one yields common Chinese characters.
    codec, text = max(candidates, key=lambda c: _common_char_share(c[1]))
    return RawText(text, codec)


def read_text(path) -> RawText:
    with open(path, "rb") as fh:
        data = fh.read()
    if not data:
        raise UnreadableInput("empty file")
    return decode(data)


def _common_char_share(text: str) -> float:
    common = _common_chars()
    cjk = [ch for ch in normalise(text) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in common for ch in cjk) / len(cjk)


@functools.cache
def _common_chars() -> frozenset[str]:
    # The characters that jieba's dictionary uses most are a ready-made list of common
    # Chinese characters, simplified and traditional alike (through the t2s map).
    from .lexicon import load_text_list

    return frozenset("".join(load_text_list("common_chars.txt")))


# --- the normalised view -------------------------------------------------------------

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
# Runs of full-width forms: only they are translated (str.translate looks every character of a
# non-ASCII text up one by one, several times slower than finding the runs)
_FULLWIDTH_RUN = re.compile("[\uff01-\uff5e\u3000]+")
_NOT_HAN = re.compile("[^\u3400-\u9fff]+")


class _T2S:
    """Traditional -> simplified, one character for one, through OpenCC's t2s data.

    OpenCC converts phrases, which could change a text's length; converting characters one
    by one (separated by line breaks, which no phrase spans) keeps every index in place.
    The map fills lazily with the characters actually seen.
    """

    def __init__(self) -> None:
        self._map: dict[str, str] = {}
        self._converter = None
        # Every character looked at so far, and those of them that t2s changes: a text's
        # changing characters are then two set operations away, at C speed.
        self._seen: set[str] = set()
        self._changes: set[str] = set()
        # the text being processed and its characters that t2s changes: normalise and
        # detect_script ask about the same text one after the other (the next text replaces it)
        self._last: tuple[str, frozenset[str]] | None = None

    def _learn(self, chars: set[str]) -> None:
        new = {ch for ch in chars if ch >= "\u3400" and ch not in self._map}
        if new:
            if self._converter is None:
                import opencc

                self._converter = opencc.OpenCC("t2s")
            ordered = sorted(new)
            converted = self._converter.convert("\n".join(ordered)).split("\n")
            if len(converted) != len(ordered):  # never expected; fall back to identity
                converted = ordered
            for src, dst in zip(ordered, converted, strict=True):
                self._map[src] = dst if len(dst) == 1 else src
                if self._map[src] != src:
                    self._changes.add(src)

    def changing(self, text: str) -> frozenset[str]:
        """The distinct characters of `text` that t2s maps to another character."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        distinct = set(text)  # C speed: a report has a few thousand distinct characters at most
        unseen = distinct - self._seen
        if unseen:
            self._learn(unseen)
            self._seen |= unseen
        found = frozenset(distinct & self._changes)
        self._last = (text, found)
        return found

    def table(self, text: str) -> dict[int, str]:
        """The translation table of the characters of `text` that t2s changes."""
        return {ord(ch): self._map[ch] for ch in self.changing(text)}


_t2s = _T2S()


def _fullwidth_run(m: re.Match) -> str:
    return m.group().translate(_FULLWIDTH)


def normalise(raw: str) -> str:
    """The rules' view of `raw`: same length, full-width to ASCII, traditional to simplified."""
    view = _FULLWIDTH_RUN.sub(_fullwidth_run, raw)
    # the t2s table of raw's characters: full-width forms are ASCII in `view` by now, and the
    # full-width map leaves every other character as it is
    table = _t2s.table(raw)
    if table:
        view = view.translate(table)
    assert len(view) == len(raw)
    return view


def detect_script(raw: str, view: str | None = None) -> Script:
    """Simplified, traditional or mixed, by the share of characters that t2s changes."""
    view = normalise(raw) if view is None else view
    # Counted per distinct character: the full-width map leaves U+3400..U+9FFF alone, so a Han
    # character of `raw` differs in `view` exactly where t2s changes it.
    if len(view) != len(raw):
        raise ValueError("view and raw text differ in length")
    han = len(_NOT_HAN.sub("", raw))
    changed = sum(raw.count(ch) for ch in _t2s.changing(raw) if "\u3400" <= ch <= "\u9fff")
    if han == 0:
        return Script.NONE
    share = changed / han
    if share >= 0.05:
        return Script.TRADITIONAL
    if share > 0.005:
        return Script.MIXED
    return Script.SIMPLIFIED
