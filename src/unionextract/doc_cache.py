"""Caches keyed by a document's text, which hold one document at a time.

The attribution finders cache what they find per sentence or per document; the metrics and
the events of a document share those results. Decorated with `per_document`, such a cache is
emptied when the next document starts (`forget_previous_document`), so memory stays bounded by
one document however many an archive holds, and no module has to list another's caches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

_CACHES: list = []


def per_document(maxsize: int) -> Callable:
    """`functools.lru_cache(maxsize)`, emptied with every new document."""

    def wrap(fn):
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached

    return wrap


def per_sentence(compute: Callable) -> Callable:
    """`compute(raw, view, structure, sentence)`, remembered for each sentence of the document
    being read: for answers every figure and event of a sentence share."""

    @per_document(maxsize=4)
    def memo(raw: str, view: str) -> dict:
        return {}

    @functools.wraps(compute)
    def cached(raw: str, view: str, structure, sentence):
        table = memo(raw, view)
        key = (sentence.start, sentence.end, sentence.block)
        found = table.get(key, _MISSING)  # one look-up for the sentences asked before
        if found is _MISSING:
            found = table[key] = compute(raw, view, structure, sentence)
        return found

    return cached


_MISSING = object()  # no answer yet (None is one)


def forget_previous_document() -> None:
    for cached in _CACHES:
        cached.cache_clear()
