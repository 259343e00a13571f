"""The scan's plain records are `Quantity` records in all but validation, and the literal text a
not-a-metric pattern needs is really needed by its every match."""

from __future__ import annotations

import pytest

from examples_format import seed_and_example_texts
from unionextract import quantities
from unionextract.quantity_lexicons import not_metric_patterns
from unionextract.records import Quantity
from unionextract.text import normalise

TEXTS = seed_and_example_texts()


def test_every_found_quantity_validates_as_the_same_quantity():
    fields = list(Quantity.model_fields)
    assert list(quantities.FoundQuantity.__slots__) == fields
    count = 0
    for text in TEXTS:
        for found in quantities.scan(text, normalise(text)):
            q = Quantity.model_validate(found.fields())
            for name in fields:
                mine, theirs = getattr(found, name), getattr(q, name)
                assert type(mine) is type(theirs) and mine == theirs, (text, name, mine, theirs)
            assert found.as_quantity() == q
            count += 1
    assert count > 1000


def test_a_copy_changes_only_what_it_is_told():
    (found,) = quantities.scan("共3个", "共3个")
    copy = found.model_copy(update={"rule": "table_cell", "is_metric": True})
    assert (copy.rule, copy.is_metric, copy.value, copy.text) == ("table_cell", True, found.value, found.text)
    assert found.rule != "table_cell"


@pytest.mark.parametrize(
    ("source", "need"),
    [
        ("一心一意|千方百计", ("any", ("一心一意", "千方百计"))),
        (r"\d+次(?=全体|代表)", ("all", ("次", ("any", ("全体", "代表"))))),
        (r"(?:https?://|www\.)[!-~]+", ("any", (("all", ("http", "://")), "www."))),
        (r"(?<=打)(?:对折|半折)|(?<![\p{Han}\d])半折",
         ("any", (("all", ("打", ("any", ("对折", "半折")))), "半折"))),
        (r"[xX]{2,}", ("any", ("x", "X"))),
        (r"a?b*", None),  # nothing is needed
        (r"[^a]b", "b"),  # a negated class needs nothing known
        (r"(?i)abc", None),  # case-insensitive: the text may hold ABC
        (r"a{e<=1}", None),  # fuzzy: `re` would read the braces as literal text
        (r"[[:digit:]]x", None),  # a POSIX class
    ],
)
def test_literal_need(source, need):
    assert quantities._literal_need(source) == need


def test_one_of_the_needed_strings():
    need = quantities._literal_need(r"(?:阅读|浏览)\d+|\d+次(?:查看|阅读)|此处隐藏\d+个字")
    assert quantities._one_of(need) == ("阅读", "浏览", "查看", "此处隐藏")
    assert quantities._one_of(quantities._literal_need(r"\d+|x")) == ()


def test_a_pattern_matches_only_where_it_finds_a_needed_string():
    parts = quantities._search_parts()
    needed = quantities._needed_strings(parts.not_metric)
    assert sum(bool(strings) for strings in needed) >= len(needed) // 2
    for text in TEXTS:
        view = normalise(text)
        for entry, pattern, strings in zip(not_metric_patterns(), parts.not_metric, needed, strict=True):
            if strings and not any(s in view for s in strings):
                assert pattern.search(view) is None, (entry.name, text)
