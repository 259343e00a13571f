"""The quantity scan searches the grammar in two halves, skipping text that holds no quantity;
it must find, from every position, exactly what the one alternation of the grammar finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from examples_format import load_examples
from unionextract import quantities
from unionextract.re_tree import compiler as re_compiler
from unionextract.re_tree import parser as re_parser
from unionextract.text import normalise

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _example_text() -> str:
    files = sorted((ROOT / "corpora" / "examples").glob("*.txt"))
    return "\n".join(ex.text for p in files for ex in load_examples(p))


TEXTS = {p.name: p for p in SEEDS[:2]}


@pytest.fixture(scope="module", params=[False, True], ids=["any_text", "bmp_only"])
def halves(request):
    excl_source, main_source = quantities._grammar_sources()
    one = regex.compile(f"{excl_source}|{main_source}")
    return one, quantities._search_parts(request.param)


def _split_search(pos: int, not_metric, grammar):
    found, excl_at = quantities._next_match(pos, not_metric, grammar)
    if found is None:
        return None, None
    return found.span(), ("main" if excl_at is None else f"x{excl_at}")


@pytest.mark.parametrize("name", [*TEXTS, "examples"])
def test_split_search_is_the_one_alternation(name, halves):
    one, parts = halves
    view = normalise(_example_text() if name == "examples" else _read(TEXTS[name]))
    not_metric = quantities._NotMetricSearch(parts.not_metric, view)  # asked from positions that grow
    grammar = quantities._GrammarSearch(parts, view)
    for pos in range(0, len(view) + 1):
        m = one.search(view, pos)
        expected = (m.span(), "main" if m.group("main") is not None else m.lastgroup) if m else (None, None)
        assert _split_search(pos, not_metric, grammar) == expected, f"from {pos}: {view[pos:pos + 20]!r}"


def test_first_character_alternation_keeps_the_order():
    # 人民币 before 人: the longer form first, within one branch
    alt = regex.compile(f"(?:{quantities._alt(['人', '人民币', '美元', '元'])})")
    assert alt.match("人民币").group() == "人民币"
    assert alt.match("人次").group() == "人"
    assert alt.match("美元").group() == "美元"
    assert alt.match("元").group() == "元"


def test_text_beyond_the_bmp_takes_the_full_grammar():
    # 𑛐 (U+116D0) is a digit to `regex` but not to `re` before Unicode 16: only the full classes
    # read it, and only text within the BMP takes the patterns without them
    view = "会员\U000116d0\U000116d1人"
    assert quantities.within_bmp("工会3万人") and not quantities.within_bmp(view)
    assert quantities._search_parts(False).main.search(view).span() == (2, 5)
    assert quantities._search_parts(True).main.search(view) is None


@pytest.mark.parametrize("bmp_only", [False, True], ids=["any_text", "bmp_only"])
def test_grammar_compiles_as_its_translated_text(bmp_only):
    # built from the tree of the pattern as written, with the classes' members put in and the
    # classes optimised once each: the same program as compiling the translated text
    from unionextract.numerals import _for_re

    source = quantities._grammar_sources()[1]
    parsed = re_parser.parse(_for_re(source, bmp_only))
    expected = re_compiler.compile(quantities._optional_as_branch(parsed))
    assert quantities._compile_grammar(source, bmp_only) == expected


@pytest.mark.parametrize("source", [r"\d+|x", r"[^\s\d,]", r"(a)?(?(1)\d|\s)", r"[\d-x]", r"(?<=\d)\s*[\d.]"])
def test_translated_tree_is_the_translated_text_parsed(source):
    from unionextract.numerals import _for_re, parse_for_re

    for bmp_only in (False, True):
        translated = _for_re(source, bmp_only)
        assert str(parse_for_re(source, bmp_only)) == str(re_parser.parse(translated))


def test_patterns_searched_as_one_find_what_each_finds():
    """The not-a-metric patterns the engine cannot skip ahead in are searched as one alternation:
    from every position, the leftmost of their own matches, the earlier pattern on a tie; a leading
    `(?m)` stays with its own pattern."""
    patterns = tuple(regex.compile(source) for source in (
        r"(?<!\d)\d{2}(?!\d)", r"(?m)(?<=^[ \t]*)\d[.、]", r"\d{1,2}[:：]\d{2}", r"[xX]{2,}(?=[^a-z]|$)"))
    assert all(quantities._unskippable(patterns))
    view = "12:30 开始\n1、议程 xx\n 3. 总结 45\n2、xx"
    search = quantities._NotMetricSearch(patterns, view)
    for pos in range(len(view) + 1):
        own = [(m.start(), i, m.span()) for i, p in enumerate(patterns) if (m := p.search(view, pos))]
        found = search.leftmost(pos)
        assert (found and (found[0], found[1], found[2].span())) == min(own, default=None), pos
