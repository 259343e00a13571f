"""The one place text is cut into words: jieba's dictionary and route, on short windows only.

The segmenter only ever sees a short window of text next to a quantity, and never decides a
quantity's boundaries (it would cut `123,244.2` or `率达`). The cut is jieba's (the most
probable route through the graph of dictionary words, without its hidden Markov model) and the
tags are those of jieba's dictionary, with the domain dictionary on top.

The route is walked by jieba-rs (through `rjieba`), jieba's algorithm compiled: the windows are
cut hundreds of times per document, and in Python the walk spent most of its time fetching the
dictionary's entries from memory. `jieba.posseg` is not used either: importing it loads its
Markov tables and reads the full 350k-word dictionary twice (seconds, before the first word).

So jieba's `dict.txt` is read once into a compact lexicon (every word of frequency >=
`_MIN_FREQ` and at most `_MAX_WORD` characters that starts with a Han character, every single
character), the domain dictionary is applied, and the lexicon is cached in the user's cache
directory: later processes load it from there and hand it to jieba-rs in a fraction of a
second. The global jieba state is never touched.

What the cut keeps of jieba's own rules, and how it differs:
- a word's log probability is `log(freq) - log(total)` with `total` the whole dictionary's;
  a character the dictionary lacks scores as frequency 1;
- words start at Han characters only; a run of ASCII letters and digits is one word, points
  inside it included (`15.2`, `m.1566.cn`), and every other character is a word of its own;
- where two routes score exactly alike, the one with the longer first word wins (jieba's rule).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.machinery
import importlib.util
import marshal
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from .doc_cache import per_document
from .lexicon import load_text_list, user_cache_dir

if TYPE_CHECKING:
    import rjieba

_MIN_FREQ = 20  # rarer words fall back to their parts: the windows are plain report prose
_FORMAT = 7  # bump when the cached lexicon's layout changes
_MAX_WORD = 12  # longest word kept; longer dictionary entries are idioms and names
# A word that carries the frequency of the dictionary's dropped words, so that the segmenter's
# total is the whole dictionary's. Made of characters jieba-rs never looks up in its dictionary
# (outside its blocks of Han characters, letters and digits), it is never found in a text.
_REST_OF_DICTIONARY = "\x00\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")


class Word(NamedTuple):  # a tuple: built for every word of every window, cheaply
    text: str
    tag: str
    start: int  # offset into the string given to `tag_words`
    is_verb: bool  # a verb's tag (`v`, `vd`, …), not a verbal noun's (`vn`); read very often


_new_word = tuple.__new__  # `Word(...)` without the Python-level constructor, in the hot loop


@dataclass
class _Lexicon:
    """The words the cut may take: each with its frequency and tag, and the total frequency of
    jieba's whole dictionary (the words left out included)."""

    words: list[str]
    freqs: list[int]
    tags: list[str]
    total: int

    def segmenter(self) -> rjieba.Jieba:
        """jieba-rs holding these words, its total brought to `total`."""
        jb = _jieba_rs().Jieba.empty()
        for word, freq, tag in zip(self.words, self.freqs, self.tags, strict=True):
            jb.add_word(word, freq, tag)
        jb.add_word(_REST_OF_DICTIONARY, _rest(self.total, sum(self.freqs)), "x")
        return jb


@functools.cache
def _jieba_rs() -> ModuleType:
    """rjieba's compiled module, loaded without the `rjieba` package around it: importing the
    package builds a segmenter with jieba-rs's own dictionary, never used here, at a cost of
    about 0.2 s and 20 MB in every process. The module is registered under its own name, so a
    later `import rjieba` finds it there instead of initialising it again."""
    loaded = sys.modules.get("rjieba.rjieba")
    if loaded is not None:
        return loaded
    package = importlib.util.find_spec("rjieba")  # locates the package without importing it
    if package is None or not package.submodule_search_locations:
        raise RuntimeError("the word segmenter needs jieba-rs: pip install rjieba")
    spec = importlib.machinery.PathFinder.find_spec("rjieba.rjieba", package.submodule_search_locations)
    if spec is None or spec.loader is None:
        import rjieba  # an unusual layout: the package's own import finds its module

        return rjieba
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[spec.name] = module
    return module


def _rest(total: int, kept: int) -> int:
    if kept > total:
        raise ValueError(f"the cut's words weigh {kept}, more than the dictionary's total {total}")
    return total - kept


def _jieba_dict() -> Path:
    spec = importlib.util.find_spec("jieba")  # locates the package without importing it
    if spec is None or spec.origin is None:
        raise RuntimeError("the word segmenter needs jieba's dictionary: pip install jieba")
    return Path(spec.origin).with_name("dict.txt")


def _read_dict(path: Path) -> tuple[dict[str, int], dict[str, str], int]:
    """The words of jieba's dictionary the cut may take (with their tags), and its total."""
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
            if (n >= _MIN_FREQ or len(word) == 1) and len(word) <= _MAX_WORD and n > 0 and is_han(word[0]):
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


def _build(source: Path) -> _Lexicon:
    """The lexicon from jieba's dictionary and the domain dictionary (a second or so)."""
    freq, tags, total = _read_dict(source)
    # A character that starts a word but is none in the dictionary may still be a word of its
    # own, at frequency 1, as any character the dictionary lacks.
    for word in list(freq):
        if word[0] not in freq:
            freq[word[0]] = 1
    lexicon = _lexicon_of(freq, tags, total)
    segmenter = lexicon.segmenter()
    for word, tag in _domain_tags().items():
        # As jieba's `add_word` without a frequency: just enough for the word to stay whole,
        # judged by the dictionary as it stands, the domain words before this one included.
        p = 1.0
        for w in segmenter.cut(word, False):
            p *= freq.get(w, 1) / total
        freq[word] = max(int(p * total) + 1, freq.get(word, 1))
        if tag:
            tags[word] = tag
        segmenter.add_word(word, freq[word], tags.get(word, "x"))
        segmenter.add_word(_REST_OF_DICTIONARY, _rest(total, sum(freq.values())), "x")
    return _lexicon_of(freq, tags, total)


def _lexicon_of(freq: dict[str, int], tags: dict[str, str], total: int) -> _Lexicon:
    # A word the dictionary does not tag is `x`, as jieba-rs tags a word it does not know.
    words = list(freq)
    return _Lexicon(words, [freq[w] for w in words], [sys.intern(tags.get(w, "x")) for w in words], total)


def _write_cache(cache: Path, lexicon: _Lexicon) -> None:
    # marshal reads the lists back in a fraction of the time that parsing the dictionary takes.
    data = marshal.dumps((lexicon.words, lexicon.freqs, lexicon.tags, lexicon.total))
    try:
        # Written under a private name and renamed, so a concurrent reader never sees half.
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cache)
    except OSError:
        pass  # an unwritable cache directory only costs the next process the same build


def _read_cache(cache: Path) -> _Lexicon | None:
    try:
        words, freqs, tags, total = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, TypeError, EOFError):
        return None
    return _Lexicon(words, freqs, tags, total)


@functools.cache
def _domain_tags() -> dict[str, str]:
    tags = {}
    for line in load_text_list("domain_words.txt"):
        word, _, tag = line.partition(" ")
        tags[word.strip()] = tag.strip()
    return tags


def _lexicon() -> _Lexicon:
    """The lexicon, from the cache file written by the first process that built it."""
    source = _jieba_dict()
    cache = _cache_path(source, load_text_list("domain_words.txt"))
    lexicon = _read_cache(cache)
    if lexicon is None:
        lexicon = _build(source)
        _write_cache(cache, lexicon)
    return lexicon


@functools.cache
def _segmenter() -> rjieba.Jieba:
    return _lexicon().segmenter()


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _untagged(word: str) -> str:
    """The tag of a word the dictionaries do not tag."""
    if word[0].isascii() and word[0].isdigit():
        return "m"
    if word[0].isascii() and word[0].isalpha():
        return "eng"
    return "x"


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# A letter, a digit, `\r` (jieba-rs gives `\r\n` as one word) or a lone surrogate (which the cut
# does not see as it is): a text without any is cut into words that need no further work.
_NEEDS_READING = re.compile("[0-9A-Za-z\r\ud800-\udfff]").search


# Windows of one sentence come back for each of its figures and finders.
@per_document(maxsize=4096)
def tag_words(text: str) -> tuple[Word, ...]:
    """Words of `text` with part-of-speech tags and offsets into `text`."""
    if _NEEDS_READING(text) is not None:
        return _read_words(text)
    # Most windows: every word jieba-rs gives is a dictionary word starting with a Han character
    # or one other character, tagged `x` as `_untagged` tags it, so its words are taken as given.
    out: list[Word] = []
    k = 0
    for w, tag in _cut(text):
        out.append(_new_word(Word, (w, tag, k, tag[0] == "v" and tag != "vn")))
        k += len(w)
    return tuple(out)


def _read_words(text: str) -> tuple[Word, ...]:
    """`tag_words` for a text with letters, digits or characters jieba-rs joins or cannot see."""
    out: list[Word] = []
    k = 0
    run = -1  # where the run of ASCII letters and digits that the last word ends started
    for w, tag in _cut(text):
        j = k + len(w)
        if "\u4e00" <= w[0] <= "\u9fff":
            out.append(_new_word(Word, (w, tag, k, tag[0] == "v" and tag != "vn")))
            run = -1
        elif run >= 0 and (w[0] == "." or _is_ascii_alnum(w[0])):
            # jieba-rs ends a run of letters and digits at a point: `15.2` is one number.
            w = text[run:j]
            out[-1] = _new_word(Word, (w, _untagged(w), run, False))
        elif _is_ascii_alnum(w[0]):
            out.append(_new_word(Word, (w, _untagged(w), k, False)))
            run = k
        else:
            # Any other character is a word of its own (jieba-rs keeps `\r\n` together).
            out.extend(_new_word(Word, (ch, _untagged(ch), i, False)) for i, ch in enumerate(text[k:j], k))
            run = -1
        k = j
    return tuple(out)


def _cut(text: str) -> list[tuple[str, str]]:
    try:
        return _segmenter().tag(text, False)
    except UnicodeEncodeError:
        # A lone surrogate (an undecodable byte kept by a reader) cannot cross into jieba-rs: it
        # stands in as U+FFFD, one character as well and a word of its own either way (the
        # words it ends up in are read from `text` itself).
        return _segmenter().tag(_SURROGATE.sub("\ufffd", text), False)
