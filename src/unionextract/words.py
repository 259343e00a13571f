"""The one place the word segmenter is used: a private jieba tokenizer with a domain dictionary.

The global jieba state is never touched: other code in the same process may use jieba with its
own dictionary. The segmenter only ever sees a short window of text next to a quantity, and
never decides a quantity's boundaries (it would cut `123,244.2` or `率达`).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from .lexicon import load_text_list


@dataclass(frozen=True)
class Word:
    text: str
    tag: str
    start: int  # offset into the string given to `tag_words`

    @property
    def is_verb(self) -> bool:
        return self.tag.startswith("v") and self.tag != "vn"


@functools.cache
def _domain_tags() -> dict[str, str]:
    tags = {}
    for line in load_text_list("domain_words.txt"):
        word, _, tag = line.partition(" ")
        tags[word.strip()] = tag.strip()
    return tags


@functools.cache
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    for word, tag in _domain_tags().items():
        tokenizer.add_word(word, freq=None, tag=tag or None)
    return tagger


def tag_words(text: str) -> list[Word]:
    """Words of `text` with part-of-speech tags and offsets into `text`."""
    out, pos = [], 0
    domain = _domain_tags()
    for pair in _tagger().cut(text):
        # The segmenter tags a word it met inside an unknown run by its own model; the domain
        # dictionary's tag wins.
        out.append(Word(pair.word, domain.get(pair.word) or pair.flag, pos))
        pos += len(pair.word)
    return out
