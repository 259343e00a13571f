"""The one place text is cut into words: jieba's dictionary and route, on short windows only.

The segmenter only ever sees a short window of text next to a quantity, and never decides a
quantity's boundaries (it would cut `123,244.2` or `率达`). The cut is jieba's (the most
probable route through the graph of dictionary words, without its hidden Markov model) and the
tags are those of jieba's dictionary, with the domain dictionary on top.

Why not `jieba.posseg` itself: importing it loads its Markov tables and reads the full
350k-word dictionary twice (seconds, before the first word), while the windows here only need
the words that occur often enough to matter. So jieba's `dict.txt` is read once into a compact
table (every word of frequency >= `_MIN_FREQ`, every single character), indexed for the cut
and cached (with the domain dictionary applied) in the user's cache directory: later
processes load it from there in a few hundredths of a second.
The global jieba state is never touched.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import math
import os
import sys
import tempfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .doc_cache import per_document
from .lexicon import load_text_list, user_cache_dir

_MIN_FREQ = 20  # rarer words fall back to their parts: the windows are plain report prose
_FORMAT = 6  # bump when the cached table's layout changes
_MAX_WORD = 12  # longest word tried; longer dictionary entries are idioms and names
_HAN_FIRST, _HAN_LAST = 0x4E00, 0x9FFF  # the Han characters the cut looks up (`is_han`)
_HAN_COUNT = _HAN_LAST + 1 - _HAN_FIRST


class Word(NamedTuple):  # a tuple: built for every word of every window, cheaply
    text: str
    tag: str
    start: int  # offset into the string given to `tag_words`
    is_verb: bool  # a verb's tag (`v`, `vd`, …), not a verbal noun's (`vn`); read very often


_new_word = tuple.__new__  # `Word(...)` without the Python-level constructor, in the hot loop


@dataclass
class _Table:
    """The cut's view of the dictionary, in log probability.

    `logp` holds every word of up to `_MAX_WORD` characters and, at minus infinity, every
    prefix of 2 or more characters of such a word: a lookup that finds nothing ends the scan,
    as no longer word starts the same way. Single characters and longer keys never collide,
    so one mapping serves both.

    The cut looks up every character of a window, and `logp` is large: most of a lookup's
    time is spent fetching its entry from memory. So two compact indexes over `logp` answer
    the commonest questions without it: `single[ord(ch) - _HAN_FIRST]` is a Han character
    `ch`'s log probability as a word (`unknown` if the dictionary lacks it), and `pairs` maps
    each key of two characters starting with a Han character to the pair's log probability and
    the characters that follow the pair in a longer key. A pair not in it starts no word (half
    of the pairs of report prose), and most pairs that do start no longer one: only a longer
    key is looked up in `logp`. `pairs` is one flat mapping, not one per first character: a
    lookup then reads fewer objects from memory (the tables are cold between windows).
    """

    logp: dict[str, float]
    tags: dict[str, str]
    logtotal: float
    single: array = None  # type: ignore[assignment]  # built from `logp` when not given
    pairs: dict[str, tuple[float, str]] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.single is None or self.pairs is None:
            self.single = array("d", [-self.logtotal]) * _HAN_COUNT
            self.pairs = {}
            for word, p in self.logp.items():
                self.indexed(word, p)

    def indexed(self, word: str, p: float) -> None:
        """Bring the indexes up to date with `logp[word] = p` (for a new word or prefix)."""
        at = ord(word[0]) - _HAN_FIRST
        if not 0 <= at < _HAN_COUNT:
            return  # the cut looks up Han characters only
        if len(word) == 1:
            self.single[at] = p
            return
        pair = word[:2]
        # A longer key may come before its pair (a word before its prefixes): the pair's
        # entry then starts at minus infinity, as a prefix's, until the pair itself comes.
        pair_p, longer = self.pairs.get(pair, (-math.inf, ""))
        if len(word) == 2:
            pair_p = p
        elif word[2] not in longer:
            longer += word[2]
        self.pairs[pair] = (pair_p, longer)


@dataclass
class _Builder:
    """The table under construction from word frequencies (only while the cache is built)."""

    freq: dict[str, int]
    tags: dict[str, str]
    total: int
    logp: dict[str, float] = field(default_factory=dict)
    as_table: _Table = field(init=False)  # the table so far, for cutting the domain words

    def __post_init__(self) -> None:
        self.as_table = _Table(self.logp, self.tags, math.log(self.total))

    def index(self, word: str) -> None:
        """Make `word` (with its frequency in `freq`) visible to the cut."""
        logtotal = self.as_table.logtotal
        if len(word) == 1:
            self._set(word, math.log(self.freq[word] or 1) - logtotal)
        elif len(word) <= _MAX_WORD:
            f = self.freq[word]
            self._set(word, math.log(f) - logtotal if f else -math.inf)
            for k in range(2, len(word)):
                if word[:k] not in self.logp:
                    self._set(word[:k], -math.inf)

    def _set(self, word: str, p: float) -> None:
        self.logp[word] = p
        self.as_table.indexed(word, p)


def _jieba_dict() -> Path:
    spec = importlib.util.find_spec("jieba")  # locates the package without importing it
    if spec is None or spec.origin is None:
        raise RuntimeError("the word segmenter needs jieba's dictionary: pip install jieba")
    return Path(spec.origin).with_name("dict.txt")


def _read_dict(path: Path) -> tuple[dict[str, int], dict[str, str], int]:
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            n = int(parts[1])
            total += n
            word = parts[0]
            if (n >= _MIN_FREQ or len(word) == 1) and len(word) <= _MAX_WORD:
                freq[word] = n
                if len(parts) > 2:
                    tags[word] = parts[2]
    return freq, tags, total


def _cache_path(source: Path, domain: tuple[str, ...]) -> Path:
    st = source.stat()
    key = "|".join(map(str, (
        source.resolve(), st.st_size, st.st_mtime_ns, _MIN_FREQ, _MAX_WORD, _FORMAT,
        sys.implementation.cache_tag, marshal.version, *domain,
    )))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return user_cache_dir() / f"words-{digest}.marshal"


def _build(source: Path) -> _Table:
    """The table from jieba's dictionary and the domain dictionary (a second or so)."""
    freq, tags, total = _read_dict(source)
    builder = _Builder(freq, tags, total)
    for word in freq:
        builder.index(word)
    for word, tag in _domain_tags().items():
        # As jieba's `add_word` without a frequency: just enough for the word to stay whole.
        p = 1.0
        for w in _cut(builder.as_table, word):
            p *= freq.get(w, 1) / total
        freq[word] = max(int(p * total) + 1, freq.get(word, 1))
        builder.index(word)
        if tag:
            tags[word] = tag
    return builder.as_table


def _write_cache(cache: Path, table: _Table) -> None:
    # The table as built, index included, in marshal's format: read back in a fraction of the
    # time that parsing JSON and indexing again took. Tags and pairs are keyed by the very
    # strings that key `logp` and tag names are interned, so marshal stores each string once
    # and the loader reuses it (already hashed) for all three mappings; the cut's lookup of a
    # pair then brings into the cache the string that tagging the word reads next.
    # Equal values are written as one object too: frequencies repeat (55k pairs have 4k
    # distinct probabilities and 13k distinct entries), so the cut reads its entries and
    # probabilities from fewer objects, more of them already in the processor's cache.
    keys = {word: word for word in table.logp}
    first_of: dict = {}

    def shared(value):  # the first value written that equals `value`
        return first_of.setdefault(value, value)

    logp = {word: shared(p) for word, p in table.logp.items()}
    tags = {keys.get(word, word): sys.intern(tag) for word, tag in table.tags.items()}
    pairs = {
        keys.get(pair, pair): shared((shared(p), shared(longer))) for pair, (p, longer) in table.pairs.items()
    }
    data = marshal.dumps((logp, tags, table.logtotal, table.single.tobytes(), pairs))
    try:
        # Written under a private name and renamed, so a concurrent reader never sees half.
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cache)
    except OSError:
        pass  # an unwritable cache directory only costs the next process the same build


def _read_cache(cache: Path) -> _Table | None:
    try:
        logp, tags, logtotal, single, pairs = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, TypeError, EOFError):
        return None
    return _Table(logp, tags, logtotal, array("d", single), pairs)


@functools.cache
def _domain_tags() -> dict[str, str]:
    tags = {}
    for line in load_text_list("domain_words.txt"):
        word, _, tag = line.partition(" ")
        tags[word.strip()] = tag.strip()
    return tags


@functools.cache
def _table() -> _Table:
    """The indexed table, from the cache file written by the first process that built it."""
    source = _jieba_dict()
    cache = _cache_path(source, load_text_list("domain_words.txt"))
    table = _read_cache(cache)
    if table is None:
        table = _build(source)
        _write_cache(cache, table)
    return table


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _cut(table: _Table, text: str) -> list[str]:
    """jieba's route without the Markov model; runs of digits or letters stay one word."""
    ends = _route(table, text)
    out, k, n = [], 0, len(text)
    while k < n:
        j = ends[k]
        out.append(text[k:j])
        k = j
    return out


def _route(table: _Table, text: str) -> list[int]:
    """Where the word starting at each offset ends, on the most probable route from there."""
    n = len(text)
    logp_get, single, pair_get = table.logp.get, table.single, table.pairs.get
    unknown = -table.logtotal
    # The best route from each offset to the end: its log probability and where its first
    # word ends. Filled from the end, as each offset's route builds on those after it.
    score = [0.0] * (n + 1)
    ends = [0] * (n + 1)
    # Read from the end: the two characters after `ch` and the scores of the two offsets
    # after it, in locals (the commonest words are of one or two characters).
    after = third = ""
    after_score = third_score = 0.0
    k = n
    for ch in reversed(text):
        k -= 1
        at = ord(ch) - _HAN_FIRST
        if 0 <= at < _HAN_COUNT:
            best, best_end = single[at] + after_score, k + 1
            pair = pair_get(text[k : k + 2])
            if pair is not None:
                p, longer = pair
                if p + third_score > best:
                    best, best_end = p + third_score, k + 2
                if third and third in longer:
                    j = k + 3
                    while j <= n:
                        p = logp_get(text[k:j])
                        if p is None:
                            break
                        if p + score[j] > best:
                            best, best_end = p + score[j], j
                        j += 1
        else:
            j = k + 1
            if ch.isascii() and ch.isalnum():
                while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "."):
                    j += 1
            best, best_end = score[j] + unknown, j
        score[k] = best
        ends[k] = best_end
        third, after = after, ch
        third_score, after_score = after_score, best
    return ends


def _untagged(word: str) -> str:
    """The tag of a word the dictionaries do not tag."""
    if word[0].isascii() and word[0].isdigit():
        return "m"
    if word[0].isascii() and word[0].isalpha():
        return "eng"
    return "x"


# Windows of one sentence come back for each of its figures and finders.
@per_document(maxsize=4096)
def tag_words(text: str) -> tuple[Word, ...]:
    """Words of `text` with part-of-speech tags and offsets into `text`."""
    table = _table()
    tags = table.tags
    ends = _route(table, text)  # walked here, without a list of the words' strings first
    out, k, n = [], 0, len(text)
    while k < n:
        j = ends[k]
        w = text[k:j]
        tag = tags.get(w) or _untagged(w)
        out.append(_new_word(Word, (w, tag, k, tag[0] == "v" and tag != "vn")))
        k = j
    return tuple(out)
