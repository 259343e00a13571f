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

_FULLWIDTH = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH["\u3000"] = " "  # ideographic space
_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")
_NOT_HAN = re.compile("[^\u3400-\u9fff]+")
_HAN = re.compile("[\u3400-\u9fff]")
# t2s only looks at characters from U+3400 on; those of the Basic Multilingual Plane are mapped
# all at once, the few beyond it (CJK extensions B and later) as they are seen.
_T2S_FROM, _BMP_END = 0x3400, 0x10000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _T2S:
    """Traditional -> simplified, one character for one, through OpenCC's t2s data.

    OpenCC converts phrases, which could change a text's length; converting characters one
    by one (separated by line breaks, which no phrase spans) keeps every index in place.
    The characters that t2s changes are found with one pattern of them all: `set(text)`
    would make a string object of every character of the text.
    """

    def __init__(self) -> None:
        self._map: dict[str, str] = {}  # the characters t2s changes, to what
        self._converter = None
        self._seen: set[str] = set()  # characters beyond the BMP looked at so far
        self._changing_char: re.Pattern | None = None  # one of the BMP characters t2s changes
        # the text being processed and its characters that t2s changes: normalise and
        # detect_script ask about the same text one after the other (the next text replaces it)
        self._last: tuple[str, frozenset[str]] | None = None

    def _learn(self, chars: list[str]) -> list[str]:
        """Convert `chars` (from U+3400 on, none learned before) and keep those t2s changes to one
        other character; they are returned."""
        if self._converter is None:
            import opencc

            self._converter = opencc.OpenCC("t2s")
        converted = self._converter.convert("\n".join(chars)).split("\n")
        if len(converted) != len(chars):  # never expected; fall back to identity
            converted = chars
        # nearly every character stays as it is: the few that change are picked out first
        pairs = zip(chars, converted, strict=True)
        changes = {src: dst for src, dst in pairs if src != dst and len(dst) == 1}
        self._map.update(changes)
        return list(changes)

    def _bmp_pattern(self) -> re.Pattern:
        if self._changing_char is None:
            bmp = "".join(map(chr, range(_T2S_FROM, _BMP_END)))
            # every character from U+3400 on but the surrogates (which no text holds)
            changes = self._learn([ch for ch in bmp if not "\ud800" <= ch < "\ue000"])
            self._changing_char = re.compile("[" + re.escape("".join(sorted(changes))) + "]")
        return self._changing_char

    def changing(self, text: str) -> frozenset[str]:
        """The distinct characters of `text` that t2s maps to another character."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        found = set(self._bmp_pattern().findall(text))
        if _ASTRAL.search(text) is not None:
            astral = set(_ASTRAL.findall(text))
            unseen = astral - self._seen
            if unseen:
                self._learn(sorted(unseen))
                self._seen |= unseen
            found |= astral & self._map.keys()
        frozen = frozenset(found)
        self._last = (text, frozen)
        return frozen

    def table(self, text: str) -> dict[int, str]:
        """The translation table of the characters of `text` that t2s changes."""
        return {ord(ch): self._map[ch] for ch in self.changing(text)}


_t2s = _T2S()


def _fullwidth_to_ascii(text: str) -> str:
    """Full-width forms to ASCII: a report uses a handful of distinct ones, each replaced all at
    once (`str.translate` looks every character of a non-ASCII text up one by one)."""
    m = _FULLWIDTH_CHAR.search(text)
    while m is not None:
        text = text.replace(m.group(), _FULLWIDTH[m.group()])
        m = _FULLWIDTH_CHAR.search(text, m.start())
    return text


def normalise(raw: str) -> str:
    """The rules' view of `raw`: same length, full-width to ASCII, traditional to simplified."""
    view = _fullwidth_to_ascii(raw)
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
    changed = sum(raw.count(ch) for ch in _t2s.changing(raw) if "\u3400" <= ch <= "\u9fff")
    if changed == 0:  # most texts: only whether there is any Han character at all matters
        return Script.SIMPLIFIED if _HAN.search(raw) is not None else Script.NONE
    han = len(_NOT_HAN.sub("", raw))
    share = changed / han
    if share >= 0.05:
        return Script.TRADITIONAL
    if share > 0.005:
        return Script.MIXED
    return Script.SIMPLIFIED
