"""Quantity recognition: every number-bearing expression of a text, metric or not.

`regex` patterns over the normalised view (same length as the raw text, so match positions are
raw offsets), scanned left to right. At each position the named not-a-metric patterns of
`lexicons/not_metric_patterns.yaml` are tried first, then the quantity grammar

    [第] [before-marker] [currency] [sign] number [”] [余|多] [个][万|亿] [个半] [unit] [角/分] [after-marker]

where `number` is Arabic runs and Chinese numeral characters in any mixture (`3万4000`, `1千零1`),
with spaces next to Chinese characters (`7 万5 千`), a decimal part (`四百点五`), `k/w/M` suffixes,
exponents and powers; or `百分之N` / `千分之N` / `万分之N`; a fraction (`五分之一`, `3/5`,
`三百五又三分之一`); a vague amount; a half (`一半`, `半百`); or a range `low 到|至|-|~ high`
(`两到三万元`: low and high, no single value, never a metric). Units, markers, currencies and counted
nouns come from `lexicons/`. When the longest match does not read as one number (`百分之七十百分位`,
`20一`), the longest shorter match that does is taken; a Chinese numeral that does not read at all
(`十七十八`) is reported as nothing.

Vague amounts: forms that state an order of magnitude with an approximation (`百余次`, `逾千人`,
`近万个`, `上百人`) have a value (100 over, 1000 over, 10000 about, 100 over) and are metrics. Forms
that state no value at all (`数十`, `几万`, `数万人`, `十几个`, `三五百`) are NOT metrics: they carry
`value=None` and the bounds they imply in `low`/`high` (`数万` -> 10000..100000), rule
`vague_no_value`. `余`/`多` after a number also give bounds (`3000多` -> 3000..4000).

Numeral characters that are parts of words are not reported: a lone numeral next to a Han character
that can join it into a word (`一看`, `四川`, `十足`; see `lexicons/numeral_neighbours.txt`), a lone
upper-case numeral (`队伍`, `陆地`), a magnitude alone (`万`, `千人`).
"""

from __future__ import annotations

import functools
import heapq
import re
from decimal import Decimal
from typing import NamedTuple

import regex

from .doc_cache import per_document
from .lexicon import load_text_list
from .numerals import _for_re, compile_for_re, numeral_chars, parse_for_re, parse_numeral, within_bmp
from .quantity_lexicons import (
    ApproxMarker,
    UnitEntry,
    approx_markers,
    count_nouns,
    not_metric_patterns,
    prefix_units,
    units,
)
from .re_tree import ATOMIC, REPEATS, map_nested
from .re_tree import compiler as _re_compiler
from .re_tree import parser as _re_parser
from .records import Approx, Quantity, QuantityKind
from .text import normalise

__all__ = ["find_quantities", "scan_quantities"]

_SP = r"[ \t]"
_ARABIC = (
    r"(?>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\d.])"
    r"|\d+(?:\.\d+)?|(?<![\d.])\.\d+)"
    r"(?:[eE][+-]?\d{1,3}(?![A-Za-z\d])|\^[+-]*\d{1,2}(?!\d))?"  # 2e5, 2^-1
)
# k/w/M after Arabic digits: thousand, 万, million (15k, 30w, 1.2M); lower-case m stays metres
_SUFFIX = r"(?:(?<=\d)[ \t]?[kKwWM](?![A-Za-z]))"
_SUFFIX_VALUE = {"k": Decimal(1000), "w": Decimal(10000), "m": Decimal(1000000)}
_NEG = r"(?:(?<![0-9A-Za-z.\-~])-[ \t]?(?=[\d.])|负[ \t]?|零下[ \t]?)"
_NEG_FIRST = "-负零"  # what `_NEG` starts with
_RANGE_SEP = r"(?:到|至|~|-{1,2}|—{1,2}|–)"
_LABEL_MAX = 10  # longest quoted label, in characters; longer quotes are clauses
_QUOTES_OPEN = "“\"‘《「"
_QUOTES_CLOSE = "”\"’》」"
_LAST_OPEN_QUOTE = re.compile(f".*[{re.escape(_QUOTES_OPEN)}]", re.DOTALL)  # .end() - 1: the last one
_CLOSE_QUOTE = re.compile(f"[{re.escape(_QUOTES_CLOSE)}]")
_OPEN_QUOTE = re.compile(f"[{re.escape(_QUOTES_OPEN)}]")


def _by_first(alternatives: list[tuple[str, str]]) -> str:
    """An alternation of (literal form, pattern after it), tried in the order given, written as one
    branch per first character: the engine then tries the forms of one branch, not all of them.

    The same alternation: forms that begin differently never match at the same place, and within a
    branch the order is kept (a one-character form, the shortest, comes last as the empty rest).
    """
    branches: dict[str, list[str]] = {}
    for form, after in alternatives:
        branches.setdefault(form[0], []).append(regex.escape(form[1:]) + after)
    return "|".join(regex.escape(first) + (f"(?:{'|'.join(rests)})" if rests != [""] else "")
                    for first, rests in branches.items())


def _guard(forms) -> str:
    """A lookahead for the first characters of `forms`: before an optional alternation of them it
    rejects, in one test, the many places where none of them starts."""
    return f"(?=[{regex.escape(''.join(sorted({f[0] for f in forms})))}])"


def _alt(forms) -> str:
    return _by_first([(f, "") for f in sorted(set(forms), key=len, reverse=True)])


def _unit_alt(entries) -> str:
    """Unit forms, longest first, each kept from running into a word it starts (首 of 首创)."""
    forms = sorted(entries, key=lambda e: len(e.form), reverse=True)
    return _by_first([(e.form, f"(?![{regex.escape(e.not_before)}])" if e.not_before else "") for e in forms])


@functools.cache
def _chars() -> dict[str, str]:
    """Character classes of the numeral lexicon, by role."""
    chars = numeral_chars()
    by = lambda *roles: "".join(sorted(c for c, e in chars.items() if e.role in roles))  # noqa: E731
    return {"cn": by("digit", "tens", "unit", "magnitude"), "digit": by("digit"), "point": by("point"),
            "scale": by("unit", "magnitude"), "mag": by("magnitude"),
            "financial": "".join(sorted(c for c, e in chars.items() if e.financial))}


def _number() -> str:
    """Arabic runs and Chinese numeral characters in any mixture (3万4000, 1千零1, 一百点123), with
    single spaces or tabs allowed next to a Chinese character (7 万5 千, 三千 八百), and a decimal
    part after 点 (四百 点 五, 零点77, 三点五万)."""
    c = _chars()
    cn, digit, point, mag = c["cn"], c["digit"], c["point"], c["mag"]
    token = rf"(?:{_ARABIC}|[{cn}])"
    join = rf"(?:(?<=[{cn}]){_SP}{{1,4}}(?=[\d{cn}])|{_SP}{{1,4}}(?=[{cn}])|)"
    decimals = (rf"(?:{_SP}{{0,2}}[{point}]{_SP}{{0,2}}(?:\d+|[{digit}](?:{_SP}?[{digit}])*)"
                rf"(?:{_SP}{{0,2}}[{mag}])*)")
    return rf"(?:{token}(?:{join}{token})*{decimals}?)"


def _vague() -> str:
    return (
        r"(?:(?:数|几|若干)[十百千万亿]+"
        r"|(?:[一二两三四五六七八九]?十|[百千万])几[十百千万亿]*"
        r"|几[十百千万亿]*"
        r"|[一二两三四五六七八九][两二三四五六七八九][十百千万亿]+)"
    )


@functools.cache
def _grammar_sources() -> tuple[str, str]:
    """The sources of the not-a-metric alternation (`x0`, `x1`...) and of the grammar (`main`)."""
    excl = not_metric_patterns()
    unit_alt = _unit_alt(units().values())
    prefix_alt = _alt(prefix_units())
    foreign_alt = _alt(f for f, e in units().items() if e.kind == QuantityKind.MONEY and not e.metric)
    before = "|".join(
        (f"(?<![{regex.escape(m.not_after)}])" if m.not_after else "") + regex.escape(m.form)
        for m in sorted((m for m in approx_markers() if m.position == "before"), key=lambda m: -len(m.form))
    )
    inner = _alt(m.form for m in approx_markers() if m.position == "inner")
    after = _alt(m.form for m in approx_markers() if m.position == "after")
    c = _chars()
    number = _number()
    signed = rf"(?:{_NEG}?{number}{_SUFFIX}?)"
    pct_word = rf"[百千万亿佰仟](?:{_SP}{{0,2}}[百千万亿佰仟])*{_SP}{{0,2}}分{_SP}{{0,2}}之"
    frac = rf"(?:{number}{_SP}{{0,2}}又{_SP}{{0,2}})?{signed}{_SP}{{0,2}}分{_SP}{{0,2}}之{_SP}{{0,2}}{signed}"
    arabic_frac = r"(?<![\d/])(?:\d+[ \t])?\d+(?:\.\d+)?/\d+(?![\d/])"
    half = rf"(?<![上下前后大多过])(?:[一1]半|半[百千万]|半(?=个|{_SP}{{0,2}}(?:{unit_alt})))"
    small = r"[0-9]{1,2}|[一二两三四五六七八九" + c["financial"].replace("拾", "").replace("佰", "").replace(
        "仟", "") + "]"
    # Gates: a lookahead for the character that a fraction (分) or a range (its separator) needs
    # after its first number, over a run of characters that can come before it (a superset: the
    # gate only fails where the alternative cannot match). Without them the engine reads the
    # number of every quantity again and again, backtracking through its shorter prefixes.
    signed_chars = rf"\d{regex.escape(c['cn'] + c['point'])} \t,，.eE+\-^kKwWM负零下"
    unit_chars = regex.escape("".join(sorted(set("".join(units())))))
    frac_gate = rf"(?=[{signed_chars}又]*分)"
    range_gate = rf"(?=[{signed_chars}{unit_chars}(（含)）]*{_RANGE_SEP})"
    afrac_gate = r"(?=[\d \t.]*/)"  # the digits and spaces before the slash of `arabic_frac`
    # what the quantity proper (after the ordinal, marker, currency and sign) starts with: a digit,
    # a numeral character, a decimal point, a sign, or the first character of a vague amount or a half
    core_guard = rf"(?=[\d{regex.escape(c['cn'])}.{_NEG_FIRST}数几若半])"
    before_forms = [m.form for m in approx_markers() if m.position == "before"]
    parts = [f"(?P<x{i}>{p.pattern})" for i, p in enumerate(excl)]
    main = (
        r"(?P<ordinal>第\s?)?"
        rf"(?:{_guard(before_forms)}(?P<pre>{before}))?"
        rf"(?:{_guard(prefix_units())}(?P<cur>{prefix_alt}){_SP}{{0,2}}(?=[-\d.{c['cn']}半负数几]))?"
        rf"(?:(?=[{_NEG_FIRST}])(?P<neg>{_NEG}))?"
        r"(?P<q1>(?<=[“\"]))?"
        rf"{core_guard}(?:(?P<pct>{pct_word}){_SP}{{0,2}}(?P<pnum>{signed})"
        rf"|{frac_gate}(?P<frac>{frac})"
        rf"|{afrac_gate}(?P<afrac>{arabic_frac})"
        rf"|(?P<vague>{_vague()})"
        rf"|(?P<half>{half})"
        rf"|(?:{range_gate}(?P<rlo>{signed})(?:{_SP}{{0,2}}(?P<rlounit>{unit_alt}))?{_SP}{{0,2}}(?:[(（]含[)）])?"
        rf"{_SP}{{0,2}}(?P<rsep>{_RANGE_SEP}){_SP}{{0,2}})?"
        rf"(?P<num>\d+\r?\n\d+(?=[ \t]?(?:{unit_alt}))|{number})(?P<sfx>{_SUFFIX})?)"
        r"(?P<q2>[”\"])?"
        rf"(?:{_SP}{{0,2}}(?P<inner>{inner}))?"
        rf"(?:{_SP}{{0,2}}(?P<mag>个?[万亿]+))?"
        r"(?P<halfx>个半)?"
        rf"(?:{_SP}{{0,4}}(?P<unit>个?{_SP}{{0,4}}百{_SP}{{0,2}}分{_SP}{{0,2}}点|{unit_alt}))?"
        rf"(?:(?<=元)(?P<cur2>{foreign_alt}))?"
        # every form of `sub` follows one of 元块圆蚊角毛成 (its lookbehinds): tested once first
        rf"(?P<sub>(?<=[元块圆蚊角毛成])(?:(?<=[元块圆蚊])(?:零?(?:{small}){_SP}?[角毛](?:零?(?:{small})分?)?|零?(?:{small})分|零(?:{small})"
        rf"|(?<=[块蚊])[一二两三四五六七八九](?![0-9{c['cn']}]))"
        rf"|(?<=[角毛])(?:{small})分?|(?<=美元)又?(?:{small})美分|(?<=日元)(?:{small})(?:日本)?[銭钱]"
        rf"|(?<=成){_SP}?(?:半|[一二三四五六七八九1-9](?![0-9{c['cn']}]))))?"
        rf"(?P<post>{after})?"
    )
    return "|".join(parts), f"(?P<main>{main})"


class _Parts(NamedTuple):
    """The compiled halves of the grammar and what lets the scan skip text (see `_search_parts`)."""

    not_metric: tuple[regex.Pattern, ...]  # each not-a-metric pattern on its own, in lexicon order
    main: re.Pattern  # the quantity grammar (on `re`, see `_for_re`)
    anchor: re.Pattern
    lead: int
    lead_chars: frozenset[str]  # every character a match can hold before its first anchor


@functools.cache
def _search_parts(bmp_only: bool = False) -> _Parts:
    """The two halves of the grammar, and what lets the scan skip text that holds no quantity.

    The scan means one alternation, not-a-metric patterns first; searching it as one pattern costs
    the `regex` engine a full attempt at every character of the text. So the not-a-metric patterns
    are searched each on its own (the engine skips ahead to a literal or a first character of one
    pattern, not of an alternation of all; the leftmost match, the earlier pattern on a tie, is the
    alternation's), and the quantity grammar (led by a lookahead for a character that can start it,
    `first`) no further back than `lead` characters before the next character that every grammar
    match holds (`anchor`: a digit, a numeral character, 几, 半). The leftmost of the two (the
    not-a-metric match on a tie) is what the one alternation would find.

    `bmp_only`: the grammar and the anchor for text without characters beyond the Basic
    Multilingual Plane (nearly every text), where `re` tests a digit at once (see `_regex_class`).
    """
    main_source = _grammar_sources()[1]
    c = _chars()
    before = [m.form for m in approx_markers() if m.position == "before"]
    first = set("第-负零.半数几若") | set(c["cn"]) | {f[0] for f in before} | {f[0] for f in prefix_units()}
    first_class = rf"[\d{''.join(regex.escape(ch) for ch in sorted(first))}]"
    anchor = compile_for_re(rf"[\d{regex.escape(c['cn'])}几半]", bmp_only)
    # 第 and a space, the longest marker, the longest currency and two spaces, 零下 and a space,
    # then at most two characters (若干, 半, a decimal point) before the anchor
    lead = 2 + max(map(len, before), default=0) + max(map(len, prefix_units()), default=0) + 2 + 3 + 2
    # the characters of those: 第, spaces, markers, currencies, signs (-, 负, 零下), a decimal point,
    # 数 and 若干 before a magnitude
    below = "".join(map(chr, range(0x3001)))  # every space is below 　 (U+3000)
    spaces = {ch for ch in below if ch.isspace()}.union(regex.findall(r"\s", below))
    lead_chars = frozenset("第-负零下.数若干").union(spaces, *before, *prefix_units())
    return _Parts(
        not_metric=tuple(_not_metric_pattern(e.pattern) for e in not_metric_patterns()),
        # the lookahead lets the engine pass over a character that starts no quantity at once
        main=_checked_main(_compile_grammar(f"(?={first_class}){main_source}", bmp_only)),
        anchor=anchor,
        lead=lead,
        lead_chars=lead_chars,
    )


def _compile_grammar(source: str, bmp_only: bool):
    """`compile_for_re(source, bmp_only)`, from the syntax tree of the translated pattern
    (`parse_for_re`), each optional part that is not a single character or class (`(?P<unit>...)?`,
    `(?:...)?`) compiled as a branch with an empty alternative, `(?:...|)`: the same matches,
    tried in the same order (the part first, then nothing), but `re` runs `(...)?` through its
    general repeat, which sets up a repeat context at each try, several times what a branch costs;
    the grammar has some forty such parts, tried at every quantity. Its classes come optimised
    (see `_optimised_classes`)."""
    try:
        tree = parse_for_re(source, bmp_only)
        if tree is None:
            return compile_for_re(source, bmp_only)
        return _re_compiler.compile(_optimised_classes(_optional_as_branch(tree), {}))
    except (re.error, AttributeError, TypeError, ValueError):  # and where `re`'s internals differ
        return compile_for_re(source, bmp_only)


def _optional_as_branch(items):
    """`items` (a syntax tree of `re`'s parser) with every greedy `{0,1}` of a part that is not
    a single character or class written as a branch of the part and nothing."""
    P = _re_parser
    out = []
    for op, av in items.data:
        if op is P.MAX_REPEAT and av[0] == 0 and av[1] == 1 and not _re_compiler._simple(av[2]):
            nothing = P.SubPattern(items.state, [])
            out.append((P.BRANCH, (None, [_optional_as_branch(av[2]), nothing])))
            continue
        out.append((op, map_nested(op, av, _optional_as_branch)))
    return P.SubPattern(items.state, out)


def _optimised_classes(items, done: dict):
    """`items` (a syntax tree of `re`'s parser, without ignoring case) with each class in the form
    the compiler makes of it (a table of the plane), each distinct class made once (`done`): the
    grammar holds some 500 classes but 60 distinct ones, and the compiler makes the table of each
    class it meets anew, at some 0.1 ms for one of `\\d`'s ranges; given the table, it keeps it."""
    P = _re_parser
    out = []
    for op, av in items.data:
        if op is P.IN:
            key = tuple(av)
            if key not in done:
                done[key] = _re_compiler._optimize_charset(av)[0]
            av = done[key]
        else:
            av = map_nested(op, av, lambda sub: _optimised_classes(sub, done))
        out.append((op, av))
    return P.SubPattern(items.state, out)


def _not_metric_pattern(source: str) -> re.Pattern | regex.Pattern:
    """A not-a-metric pattern on `re` where it is `re` syntax as written (literals and small
    classes: 一心一意, ①): `re` finds those several times faster. One that needs translating
    (`\\d` becomes a class of some sixty ranges there) stays on `regex`, which is faster on it."""
    if _for_re(source) == source:
        try:
            return re.compile(source)
        except re.error:
            pass
    return regex.compile(source)


def _checked_main(main: re.Pattern) -> re.Pattern:
    """The grammar, once its groups are known to be the fields of `_Read`, in that order."""
    names = sorted(main.groupindex, key=main.groupindex.get)
    if main.groups != len(_Read._fields) or names != list(_Read._fields):
        raise ValueError("the quantity grammar's groups are not those of _Read")
    return main


class _NotMetricSearch:
    """The leftmost not-a-metric match from a position that only moves forward: the next match of
    every pattern, kept in a heap by (start, pattern index); a pattern is searched again only when
    the scan has moved past its match.

    Most patterns match nothing in a document (web addresses, phone numbers, page counters), and a
    search that finds nothing reads the whole text: a pattern none of whose needed strings
    (`_needed_strings`) the view holds is not searched at all (`str.__contains__` is many times
    faster). The patterns the engine cannot skip ahead in (`_unskippable`) are searched as one
    alternation (`_joined`): one read of the text instead of one each."""

    def __init__(self, patterns: tuple[regex.Pattern, ...], view: str) -> None:
        self._view = view
        present = [i for i, needed in enumerate(_needed_strings(patterns))
                   if not needed or any(_holds(view, s) for s in needed)]
        unskippable = _unskippable(patterns)
        joined = tuple(i for i in present if unskippable[i])
        searches = [(patterns[i], (i,)) for i in present if not unskippable[i]]
        if joined:
            searches.append((_joined(tuple(patterns[i] for i in joined)), joined))
        # a heap entry's pattern index finds the search that made it
        self._search_of = {i: search for search in searches for i in search[1]}
        self._heap = [found for search in searches if (found := self._next(search, 0)) is not None]
        heapq.heapify(self._heap)

    def _next(self, search: tuple[regex.Pattern, tuple[int, ...]], pos: int):
        """(start, pattern index, match) of the next match of `search` (a pattern and the indices
        of the patterns it joins, in order) from `pos`, or None."""
        pattern, members = search
        m = pattern.search(self._view, pos)
        if m is None:
            return None
        # a joined pattern wraps each of its members, which hold no groups, in one group
        return m.start(), members[0] if m.lastindex is None else members[m.lastindex - 1], m

    def leftmost(self, pos: int) -> tuple[int, int, regex.Match] | None:
        """(start, pattern index, match) of the leftmost match at or after `pos`, or None."""
        heap = self._heap
        while heap and heap[0][0] < pos:
            found = self._next(self._search_of[heapq.heappop(heap)[1]], pos)
            if found is not None:
                heapq.heappush(heap, found)
        return heap[0] if heap else None


_LEADING_FLAGS = regex.compile(r"\(\?([imsx]+)\)")


@functools.cache
def _unskippable(patterns: tuple[regex.Pattern, ...]) -> tuple[bool, ...]:
    """For each pattern, whether it is one of those the `regex` engine cannot skip ahead in, so
    that a search tries it at every character from its start to the match (or the end): every match
    holds no literal character at a fixed place (`届` of `session_number`) for the engine to look
    for first; it begins with a lookbehind, `\\d` or a branch (`list_marker`, `phone_number`,
    `category_threshold`). Only a `regex` pattern without groups of its own and with no inline flag
    but at its start is told so: `_joined` can join those."""
    return tuple(
        isinstance(p, regex.Pattern) and not p.groups and _LEADING_FLAGS.search(p.pattern, 1) is None
        and regex.compile(p.pattern).flags == p.flags  # no flag given apart from its text
        and not _holds_fixed_literal(p.pattern)
        for p in patterns
    )


def _holds_fixed_literal(source: str) -> bool:
    try:
        tree = _P.parse(_PROPERTY.sub(r"\\w", source))
    except re.error:
        return True  # not `re` syntax: left on its own
    return _sequence_holds_literal(tree)


def _sequence_holds_literal(items) -> bool:
    """Whether the syntax tree `items` holds a literal character outside branches, lookarounds
    and optional parts."""
    for op, av in items:
        if op is _P.LITERAL:
            return True
        if op is _P.SUBPATTERN and _sequence_holds_literal(av[3]):
            return True
        if op in REPEATS and av[0] >= 1 and _sequence_holds_literal(av[2]):
            return True
    return False


@functools.cache
def _joined(patterns: tuple[regex.Pattern, ...]) -> regex.Pattern:
    """`patterns` as one alternation, each in a group of its own (its index among `patterns` is the
    match's `lastindex`), an inline flag at the start of one scoped to it (`(?m:...)`: a global flag
    is only `re` syntax at the start of the whole pattern): its leftmost match, the earlier pattern
    on a tie, is the leftmost of their own matches. One pattern alone is itself."""
    if len(patterns) == 1:
        return patterns[0]
    return regex.compile("|".join(f"({_flags_scoped(p.pattern)})" for p in patterns))


def _flags_scoped(source: str) -> str:
    """`source` with the inline flags at its start (`(?m)`) scoped to it (`(?m:...)`)."""
    lead = _LEADING_FLAGS.match(source)
    return source if lead is None else f"(?{lead.group(1)}:{source[lead.end():]})"


def _holds(view: str, string: str) -> bool:
    """`string in view`, its characters looked for first: most needed strings are missing because
    one of their characters is, and `in` finds one character several times faster (as `memchr`
    does) than a string of Chinese characters."""
    return all(map(view.__contains__, string)) and (len(string) == 1 or string in view)


# What a pattern's every match needs in the text: a string it holds, ("all", needs) or
# ("any", needs); None where nothing is known.
_Need = str | tuple[str, tuple] | None
_P = _re_parser
# A need is tested with `in`, a few microseconds each: past this many strings, testing a need
# costs about what searching the pattern does
_NEED_MAX = 16
_PROPERTY = regex.compile(r"\\[pP]\{[^}]*\}")  # \p{Han}: read as \w, a class of unknown members
# `regex` syntax that `re` reads otherwise (nested sets, fuzzy counts, named characters, branch
# reset, recursion, version flags): no need is derived from a pattern using it
_REGEX_ONLY = regex.compile(r"\[\[|\{(?!\d*,?\d*\})|\\[NmMXGKLVh]|\(\?[|(&R]|\(\?P>|\(\?[a-zA-Z]*[VrfwbeEi]")


@functools.cache
def _needed_strings(patterns: tuple[regex.Pattern, ...]) -> tuple[tuple[str, ...], ...]:
    """For each pattern, strings one of which its every match needs the text to hold (none: no
    such strings are known)."""
    return tuple(_one_of(_literal_need(p.pattern)) for p in patterns)


def _one_of(need: _Need) -> tuple[str, ...]:
    """Strings one of which `need` asks for: of all its needs, the one that asks the longest
    strings (the rarest, most likely missing), of a branch the strings any alternative asks for."""
    if need is None:
        return ()
    if need.__class__ is str:
        return (need,)
    kind, parts = need
    options = [_one_of(part) for part in parts]
    if kind == "all":
        return max(options, key=lambda strings: (min(map(len, strings), default=0), -len(strings)))
    if () in options:
        return ()
    return tuple(dict.fromkeys(string for strings in options for string in strings))


def _literal_need(source: str) -> _Need:
    """What every match of the `regex` pattern `source` needs the text to hold, read off its syntax
    tree (`re`'s parser, with `\\p{..}` read as a class of unknown members): a run of literal
    characters, one character of a small class, one of the needs of a branch, all of a sequence.
    Lookarounds count (what they look at is in the text too); optional parts do not."""
    source = _PROPERTY.sub(r"\\w", source)
    if _REGEX_ONLY.search(source):
        return None
    try:
        tree = _P.parse(source)
    except re.error:
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    need = _sequence_need(tree)
    return need if _strings_in(need) <= _NEED_MAX else None


def _strings_in(need: _Need) -> int:
    if need is None or need.__class__ is str:
        return 1
    return sum(map(_strings_in, need[1]))


def _sequence_need(items) -> _Need:
    needs: list = []
    run: list[str] = []  # literal characters in a row: one string the text holds
    for op, av in items:
        if op is _P.LITERAL:
            run.append(chr(av))
            continue
        if run:
            needs.append("".join(run))
            run = []
        need = _item_need(op, av)
        if need is not None:
            needs.append(need)
    if run:
        needs.append("".join(run))
    if not needs:
        return None
    return needs[0] if len(needs) == 1 else ("all", tuple(needs))


def _item_need(op, av) -> _Need:
    if op is _P.IN:
        return _class_need(av)
    if op is _P.BRANCH:
        alternatives = [_sequence_need(a) for a in av[1]]
        return None if None in alternatives else ("any", tuple(alternatives))
    if op is _P.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        return None if add_flags & re.IGNORECASE else _sequence_need(items)
    if op in REPEATS:
        low, _high, items = av
        return _sequence_need(items) if low >= 1 else None
    if op is ATOMIC:
        return _sequence_need(av)
    if op is _P.ASSERT:  # a lookahead or lookbehind: the text holds what it looks at
        return _sequence_need(av[1])
    return None


def _class_need(members) -> _Need:
    chars: list[str] = []
    for op, av in members:
        if op is _P.LITERAL:
            chars.append(chr(av))
        elif op is _P.RANGE and av[1] - av[0] < _NEED_MAX:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        else:
            return None  # a negated class, a category (\\d, \\w), a wide range
    if not chars or len(chars) > _NEED_MAX:
        return None
    return chars[0] if len(chars) == 1 else ("any", tuple(chars))


class _Read(NamedTuple):
    """The groups of a grammar match, read once (`Match.groups()`, one call): the reading rules ask
    for some 30 groups per match, and `Match.group(name)` of the `regex` module costs several times
    an attribute of a tuple. The fields are the grammar's groups, in their order."""

    main: str
    ordinal: str | None
    pre: str | None
    cur: str | None
    neg: str | None
    q1: str | None
    pct: str | None
    pnum: str | None
    frac: str | None
    afrac: str | None
    vague: str | None
    half: str | None
    rlo: str | None
    rlounit: str | None
    rsep: str | None
    num: str | None
    sfx: str | None
    q2: str | None
    inner: str | None
    mag: str | None
    halfx: str | None
    unit: str | None
    cur2: str | None
    sub: str | None
    post: str | None


_new_read = tuple.__new__


def _read_groups(match) -> _Read:
    """`_Read._make(match.groups())` without its count of the fields: `_checked_main` made sure
    the grammar has them all."""
    return _new_read(_Read, match.groups())


class FoundQuantity:
    """A quantity as the scan finds it and the pipeline passes it on: the fields of `Quantity`, by
    the same names and with the same values, in a plain object. Some 400 are made for a few pages
    of text and most never leave the pipeline (a non-metric becomes a `Rejection`, a metric a
    `Metric`), so they are not validated one by one: `as_quantity` gives the record."""

    __slots__ = ("start", "end", "text", "kind", "value", "unit", "approx", "low", "high", "is_metric",
                 "rule")

    def __init__(self, start: int, end: int, text: str, kind: QuantityKind, value: Decimal | None = None,
                 unit: str | None = None, approx: Approx = Approx.EXACT, low: Decimal | None = None,
                 high: Decimal | None = None, is_metric: bool = False, *, rule: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.value = value
        self.unit = unit
        self.approx = approx
        self.low = low
        self.high = high
        self.is_metric = is_metric
        self.rule = rule

    def fields(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}

    def model_copy(self, *, update: dict | None = None) -> FoundQuantity:
        """A copy with some fields changed, as `Quantity.model_copy` (a table cell made a metric)."""
        return FoundQuantity(**{**self.fields(), **(update or {})})

    def as_quantity(self) -> Quantity:
        return Quantity(**self.fields())

    def __repr__(self) -> str:
        return f"FoundQuantity({', '.join(f'{k}={v!r}' for k, v in self.fields().items())})"


def find_quantities(text: str) -> list[Quantity]:
    """Every number-bearing expression of `text`, in text order, non-overlapping."""
    return scan_quantities(text, normalise(text))


def scan_quantities(raw: str, view: str) -> list[Quantity]:
    """As `find_quantities`, on a view already normalised (`text.normalise(raw)`)."""
    return [found.as_quantity() for found in scan(raw, view)]


class _Skip:
    """A match that is read and understood, but is no quantity (一看, 万, 队伍): report nothing."""


_SKIP = _Skip()


def scan(raw: str, view: str) -> list[FoundQuantity]:
    """`scan_quantities` as the pipeline takes it: `FoundQuantity` objects, unvalidated
    (`as_quantity()` makes each a `Quantity`)."""
    parts = _search_parts(within_bmp(view))
    not_metric = _NotMetricSearch(parts.not_metric, view)
    grammar = _GrammarSearch(parts, view)
    out: list[FoundQuantity] = []
    pos = 0
    while pos <= len(view):
        found, excl_at = _next_match(pos, not_metric, grammar)
        if found is None:
            break
        start, stop = found.span()
        if stop == start:
            pos = stop + 1
            continue
        if excl_at is not None:
            result = _not_metric(excl_at, found, raw)
        else:
            g = _read_groups(found)
            result = _quantity(found, g, raw, view)
            if result is None and _pure_numeral(g):
                result = _SKIP  # 十七十八, 百十一: numerals running together without one reading: no amount
            if result is None:
                result, stop = _shorter_reading(raw, view, start, stop, parts)
        if result.__class__ is FoundQuantity and result.end > result.start:
            out.append(result)
        pos = max(stop, start + 1)
    return out


def _next_match(pos: int, not_metric: _NotMetricSearch, grammar: _GrammarSearch):
    """The leftmost match of the one alternation from `pos` (the not-a-metric pattern on a tie) and
    the index of its not-a-metric pattern (None for the grammar)."""
    excl = not_metric.leftmost(pos)
    found = grammar.leftmost(pos, None if excl is None else excl[0])
    if excl is not None and (found is None or excl[0] <= found.start()):
        return excl[2], excl[1]
    return found, None


def _shorter_reading(raw: str, view: str, start: int, stop: int, parts: _Parts):
    """The longest reading failed (3万4, 百分之七十百分位, 20一): the longest shorter match that reads,
    and where it stops (None and `stop` when none does)."""
    for end in range(stop - 1, start, -1):
        # the alternation's order at one position: a not-a-metric pattern first, then the grammar
        shorter = _not_metric_alternation().match(view, start, end)
        if shorter is not None:
            if shorter.end() > shorter.start():
                index = next(i for i in range(len(parts.not_metric)) if shorter.group(f"x{i}") is not None)
                return _not_metric(index, shorter, raw), shorter.end()
            continue
        shorter = parts.main.match(view, start, end)
        if shorter is not None and shorter.end() > shorter.start():
            result = _quantity(shorter, _read_groups(shorter), raw, view)
            if result is not None:
                return result, shorter.end()
    return None, stop


@functools.cache
def _not_metric_alternation() -> regex.Pattern:
    """The not-a-metric patterns as one alternation (groups x0, x1, ...), for a match at one
    position: compiled when a reading first fails, which few documents have."""
    return regex.compile(_grammar_sources()[0])


def _not_metric(index: int, found, raw: str) -> FoundQuantity | _Skip:
    """A match of the not-a-metric pattern `index`: reported as its entry says, or shielded."""
    entry = not_metric_patterns()[index]
    if not entry.emit:
        return _SKIP
    s, e = found.span()
    return FoundQuantity(s, e, raw[s:e], entry.kind, rule=entry.name, value=entry.value,
                    unit=entry.unit)


class _GrammarSearch:
    """The leftmost grammar match from a position that only moves forward.

    A match found from an earlier position is found again from any position up to its start (no
    match begins between), so it is kept: after a not-a-metric match or a skipped reading the scan
    moves on to a position before it. So is the first place a match can begin (`_first_possible_
    start`, from the next anchor). And where a not-a-metric match starts no later than that place,
    it wins without the grammar searched (一心一意, ①, 三八)."""

    __slots__ = ("_parts", "_view", "_from", "_found", "_start_from", "_start")

    def __init__(self, parts: _Parts, view: str) -> None:
        self._parts = parts
        self._view = view
        self._from = self._start_from = len(view) + 1  # searched from nowhere yet
        self._found = None
        self._start: int | None = None

    def leftmost(self, pos: int, before: int | None = None):
        """The leftmost grammar match from `pos`; None when there is none, or none that can start
        before `before` (then the grammar is not searched)."""
        found = self._found
        if self._from <= pos and (found is None or found.start() >= pos):
            return found
        start = self._start
        if not (self._start_from <= pos and (start is None or start >= pos)):
            start = self._start = _first_possible_start(self._view, pos, self._parts)
            self._start_from = pos
        if start is None or (before is not None and before <= start):
            return None
        found = self._found = self._parts.main.search(self._view, start)
        self._from = pos
        return found


def _first_possible_start(view: str, pos: int, parts: _Parts) -> int | None:
    """Where a grammar match from `pos` can begin (`parts.main.search(view, pos)` finds what a
    search from there finds, see `_search_parts`), None where none can; the grammar's own
    lookahead for a first character passes over the others at once."""
    a = parts.anchor.search(view, pos)
    if a is None:
        return None  # every match holds an anchor character
    # A match before the anchor holds only characters that can lead one (第, 约, 人民币, 负...),
    # at most `lead` of them: most anchors follow a character that can lead none (人数, 达到).
    start = a.start()
    floor = max(pos, start - parts.lead)
    lead_chars = parts.lead_chars
    while start > floor and view[start - 1] in lead_chars:
        start -= 1
    return start


def _pure_numeral(g: _Read) -> bool:
    """A Chinese numeral that does not read (no Arabic digit in it): alone, or before its unit."""
    if g.main is None or g.num is None or _DIGIT.search(g.num):
        return False
    if g.main == (g.neg or "") + g.num:
        return True
    return parse_numeral(g.num) is None and not g.rsep  # 十七十八个: no one reading


@functools.cache
def _markers() -> dict[tuple[str, str], ApproxMarker]:
    """The approximation markers by (position, form); the first entry of a pair wins."""
    found: dict[tuple[str, str], ApproxMarker] = {}
    for marker in approx_markers():
        found.setdefault((marker.position, marker.form), marker)
    return found


# Enum members and rule tables fetched once: an attribute of an `Enum` class costs a descriptor call
_NUMBER, _COUNT = QuantityKind.NUMBER, QuantityKind.COUNT
_MONEY, _PERCENT = QuantityKind.MONEY, QuantityKind.PERCENT
_DATE, _TIME, _DURATION = QuantityKind.DATE, QuantityKind.TIME, QuantityKind.DURATION
_ORDINAL, _CODE = QuantityKind.ORDINAL, QuantityKind.CODE
_EXACT = Approx.EXACT
_METRIC_RULE = {_COUNT: "count", _MONEY: "money", _PERCENT: "percent"}
_NON_METRIC_RULE = {_DATE: "date", _TIME: "clock_time", _DURATION: "duration", _MONEY: "foreign_currency"}


def _approx(g: _Read) -> Approx:
    if not (g.pre or g.inner or g.post):
        return _EXACT  # most quantities carry no marker
    for position, form in (("before", g.pre), ("inner", g.inner), ("after", g.post)):
        if form:
            marker = _markers().get((position, form))
            if marker is not None:
                return marker.approx
    return _EXACT


def _quantity(m, g: _Read, raw: str, view: str) -> FoundQuantity | _Skip | None:
    """The quantity of a grammar match; None when its numeral does not read (a shorter match is tried)."""
    unit_form = _unspaced(g.unit) if g.unit else None
    entry = units().get(unit_form) if unit_form else None
    cur = prefix_units().get(g.cur) if g.cur else None
    if cur is not None and entry is not None and entry.kind != _MONEY:
        return None  # 人民币 before a count: not one quantity
    pre = g.pre
    start = m.start("main")
    if cur is not None and entry is not None and start == m.start("cur") and not _is_sign(g.cur):
        # 人民币50元: the unit after the number names the money; the span starts at the number
        start = m.end("cur")
        while view[start] in " \t":
            start += 1
    end = m.start("post") if g.post else m.end()
    if g.q2 and end == m.end("q2"):
        end = m.start("q2")  # a closing quote with nothing of the quantity after it
    at = (m, raw, start, end)  # where a quantity read off the match stands (`_found`)

    approx = _approx(g) if g.pre or g.inner or g.post else _EXACT  # most quantities carry no marker
    sign = "-" if g.neg else ""
    if g.ordinal:
        value = _value_of(g.num or "")
        return _found(at, entry, _ORDINAL, "ordinal", value=value)
    if g.pct:
        den = parse_numeral(_PCT_WORD_DROP.sub("", g.pct))
        if _TWO_DIGIT_RATES.fullmatch(_WS.sub("", g.pnum)):
            return _SKIP  # 百分之二三十: two neighbouring digits give a span of rates, not one
        v = _value_of(sign + g.pnum)
        if v is None or not den:
            return None
        return _found(at, entry, _PERCENT, "percent_words", value=v * 100 / den, unit="%", is_metric=True,
                    approx=approx)
    if g.frac or g.afrac:
        v = parse_numeral(sign + (g.frac or g.afrac))
        return None if v is None else _found(at, entry, _NUMBER, "fraction", value=v)
    mag = g.mag or ""
    if g.vague:
        low, high = _vague_bounds(g.vague + mag)
        scale = entry.factor if entry else Decimal(1)
        money = cur if cur is not None and entry is None else entry
        kind = money.kind if money else _NUMBER
        return _found(at, entry, kind, "vague_no_value", unit=money.recorded_unit if money else None,
                      approx=approx, low=None if low is None else low * scale,
                      high=None if high is None else high * scale)
    num_text = g.num or g.half or ""
    # a first character tested before the pattern: most numbers start with a digit
    bare_scale = num_text[:1] in _BARE_SCALE_CHARS and _BARE_SCALE.fullmatch(num_text) is not None
    if pre and _vague_only(pre) and not bare_scale:
        return None  # 上 is only a marker before a bare magnitude (上百, 上千)
    if bare_scale and not pre and not g.inner:
        return _SKIP  # 万, 百人, 千人: a magnitude alone names an order, not an amount
    value = _value_of(sign + num_text + (g.sfx or "") + mag)
    if value is None:
        return None
    if g.halfx:
        value += Decimal("0.5")
    if _lone_financial(num_text) and not g.neg and (
        _word_at(view, m.start("num") - 1)
        or (entry is None and _han_at(view, m.end("num")))  # 参与, 陆续: any Han character after
        or (entry is not None and entry.kind not in (_MONEY, _NUMBER))
    ):
        return _SKIP  # 队伍, 陆地, 拾起: an upper-case numeral alone is a word, not a number
    label = _quoted_label(m, g, view)
    if label:
        return _found(at, entry, _NUMBER, "quoted_label", value=value)
    plain_num = g.num and not g.cur and not g.sfx
    if plain_num and _next_to_letters(view, m.start("num"), end):
        return _found(at, entry, _CODE, "code")
    if entry is not None and entry.form == "分" and _all_financial(num_text):
        entry = _FEN  # 壹分: an upper-case numeral before 分 writes money
    if entry is not None and entry.form in ("角", "毛") and not g.sub and _han_at(view, end):
        return _SKIP  # 五角大楼, 五角星: 角 is money only where the amount ends
    if g.rsep:
        return _range(g, at, entry, cur, approx)
    if entry is None and cur is None:
        if g.half:
            return _found(at, entry, _NUMBER, "half", value=value, approx=approx)
        return _unitless(m, g, view, at, value, approx, mag, start, end)
    if entry is not None and entry.form in ("折", "成"):
        value = _tenths(num_text, whole=entry.form == "成")
        if value is None:
            return None
        if g.sub:
            tail = g.sub.strip()
            value += Decimal(5) if tail == "半" else (parse_numeral(tail) or Decimal(0))
    elif entry is not None:
        value = value * entry.factor
        jiao = entry.form in ("角", "毛")
        if g.sub and (entry.factor == 1 or jiao):
            value += _sub_units(g.sub, after_jiao=jiao)
        elif g.sub and entry.factor != 1:
            return None  # 3541.07万元2.3: digits after 万元 are not its 角/分
    money = entry
    if cur is not None and (entry is None or entry.kind == _MONEY):
        money = cur  # the currency named before the number decides (港币两千元 is Hong Kong money)
    if g.cur2:
        money = units()[g.cur2]  # 三万元欧元
    kind = money.kind
    if kind in (_DATE, _DURATION) and money.form == "年":
        is_year = _YEAR.fullmatch(num_text) is not None
        kind = _DATE if is_year else _DURATION
    low, high = _over_bounds(num_text, value) if g.inner else (None, None)
    if kind == _COUNT and money.form == "个" and _DIGIT.match(view, end) is not None:
        # 两个100%: counts a label
        return _found(at, entry, kind, "label_count", value=value, unit=money.recorded_unit)
    if g.half and kind == _COUNT:
        return _found(at, entry, kind, "half", value=value, unit=money.recorded_unit, approx=approx)
    if not money.metric:
        if kind is _PERCENT:
            rule = "percentage_point" if "百分点" in money.form else "discount"
        else:
            rule = _NON_METRIC_RULE.get(kind, "non_metric_unit")
        return _found(at, entry, kind, rule, value=value, unit=money.recorded_unit, approx=approx, low=low,
                      high=high)
    if g.post in ("以上", "以下") and _category_follows(view, m.end("post")):
        return _found(at, entry, kind, "category_threshold", value=value, unit=money.recorded_unit,
                      approx=approx)
    if kind == _COUNT and num_text == "一" and not mag and not pre:
        return _found(at, entry, kind, "determiner_one", value=value, unit=money.recorded_unit)
    return _found(at, entry, kind, _METRIC_RULE[kind], value=value, unit=money.recorded_unit, is_metric=True,
                approx=approx, low=low, high=high)


_FEN = UnitEntry(form="分", kind=QuantityKind.MONEY, unit="元", factor=Decimal("0.01"))


def _found(at: tuple, entry: UnitEntry | None, kind: QuantityKind, rule: str, value=None, unit=None,
           is_metric=False, approx=_EXACT, low=None, high=None) -> FoundQuantity:
    """The quantity `raw[start:end]` of the grammar match `m` (`at`: `(m, raw, start, end)`), whose
    unit is `entry` as the reading rules have it when they decide (`_FEN` for 壹分). A module
    function given its place, not a closure over it: one made for every match would cost a
    function, its cells and its defaults each time."""
    # A measure word is recorded as written (traditional 場 stays 場); a unit the lexicon
    # records otherwise (块 -> 元, % forms) keeps the lexicon's name.
    m, raw, start, end = at
    if entry is not None and entry.unit is None and unit == entry.form:
        unit = _unspaced(raw[m.start("unit") : m.end("unit")]) or unit
    return FoundQuantity(start, end, raw[start:end], kind, value, unit, approx, low, high, is_metric,
                         rule=rule)


def _is_sign(form: str) -> bool:
    return not _HAN.search(form)


_HAN = regex.compile(r"\p{Han}")
_SPACE = compile_for_re(r"\s+")
# the small patterns of the reading rules, compiled once (a module-level `regex.sub(pattern, ...)`
# looks its pattern up in the module's cache on every call), on `re` where they translate
_WS = compile_for_re(r"\s")
_DIGIT = compile_for_re(r"\d")
_PCT_WORD_DROP = compile_for_re(r"[\s分之]")
_TWO_DIGIT_RATES = compile_for_re(r"[一二两三四五六七八九]{2}[十百千]*")
_TWO_DIGIT_SPAN = compile_for_re(r"([一二两三四五六七八九])([两二三四五六七八九])([十百千万亿]+)")
_YEAR = compile_for_re(r"\d{4}|[零〇一二三四五六七八九]{4}")
_SCALED = compile_for_re(r"[万亿kKwWM]")
_END_SCALE = compile_for_re(r"(?:[万亿]+|[kKwWM])$")
_END_UNIT = compile_for_re(r"(?<=^[^十百千拾佰仟]+)[十百千拾佰仟]$")
_END_MAGNITUDE = compile_for_re(r"[万亿]$")
_SEN = compile_for_re(r"(?:日本)?[銭钱]$")
_JIAO_FEN = compile_for_re(r"零?([^角毛零]+)[角毛](?:零?([^分]+)分?)?")
_BARE_SCALE_CHARS = frozenset("百千万亿兆佰仟")
_BARE_SCALE = compile_for_re(f"[{''.join(sorted(_BARE_SCALE_CHARS))}]+")


def _unspaced(text: str) -> str:
    """`text` without whitespace: a word or a number that is alphanumeric throughout (as most units
    and numerals are) holds none, and is not run through the pattern."""
    return text if text.isalnum() else _SPACE.sub("", text)


def _han_at(view: str, pos: int) -> bool:
    return 0 <= pos < len(view) and _HAN.match(view, pos) is not None


@functools.cache
def _free_neighbours() -> frozenset[str]:
    return frozenset(load_text_list("numeral_neighbours.txt"))


def _word_at(view: str, pos: int) -> bool:
    """A Han character at `pos` that can make a word with a numeral next to it (看 of 一看, 川 of 四川)."""
    return _han_at(view, pos) and view[pos] not in _free_neighbours()


@per_document(maxsize=4096)
def _value_of(text: str) -> Decimal | None:
    """A signed numeral with its k/w/M suffix and 个亿 (两个亿) read off; remembered for the
    document, which writes the same numbers (years, 1万元) again and again."""
    s = _unspaced(text.replace("零下", "-"))
    s = s.replace("个", "")
    if len(s) > 1 and s[-1] in "kKwWM" and s[-2].isdigit():
        v = parse_numeral(s[:-1])
        return None if v is None else v * _SUFFIX_VALUE[s[-1].lower()]
    return parse_numeral(s)  # as it reads (times one it would be the same, to its exponent)


def _tenths(num_text: str, whole: bool) -> Decimal | None:
    """折 and 成 count tenths: 九折 = 90 %, 七五折 / 75折 = 75 %, 八点五折 = 85 %, 三成 = 30 %, 半成 = 5 %;
    ten tenths is a whole (十成 = 100 %) but not a discount (十折)."""
    s = _SPACE.sub("", num_text)
    if s == "半":
        return Decimal(5)
    if whole and parse_numeral(s) == 10:
        return Decimal(100)
    chars = numeral_chars()
    if any(ch in chars and chars[ch].role == "point" for ch in s) or "." in s:
        v = parse_numeral(s)
        return None if v is None or v >= 10 else v * 10
    digits = [ch if ch.isdigit() else (str(int(chars[ch].value)) if ch in chars and chars[ch].role == "digit"
                                         else None) for ch in s]
    if not digits or None in digits or len(digits) > 2 or (len(digits) == 1 and digits[0] == "0"):
        return None
    return Decimal("".join(digits)) * (10 if len(digits) == 1 else 1)


def _lone_financial(num_text: str) -> bool:
    return num_text.strip() in _financial_chars()


@functools.cache
def _financial_chars() -> frozenset[str]:
    """The upper-case numeral characters, as a set: only one character is a member."""
    return frozenset(_chars()["financial"])


def _all_financial(num_text: str) -> bool:
    fin = _chars()["financial"]
    return bool(num_text) and all(ch in fin or ch in "零〇" for ch in num_text) and num_text[0] in fin


def _range(g: _Read, at, entry, cur, approx):
    """`两到三万港元`, `1万-5万元`, `10~15k`: low and high, no single value (not a metric)."""
    high_text = g.num + (g.sfx or "") + (g.mag or "")
    high = _value_of(high_text)
    lo_text = g.rlo
    low = _value_of(lo_text)
    if high is None or low is None:
        return None
    lo_unit = units().get(g.rlounit) if g.rlounit else None
    ls = _WS.sub("", lo_text)
    if lo_unit is not None:
        low = low * lo_unit.factor
    elif not _SCALED.search(ls):
        # 两到三万, 八到九百亿, 一千到两千万, 10~15k, 两~3百: the low end borrows the scale of the high end
        hs = _WS.sub("", high_text)
        scale = _END_SCALE.search(hs)
        if scale is None and len(ls) == 1:
            scale = _END_UNIT.search(hs)
        if scale is not None:
            lead = _value_of(hs[: scale.start()])
            factor = _value_of("1" + scale.group()) if scale.group()[0] not in "十百千拾佰仟" else \
                parse_numeral("一" + scale.group())
            if lead is not None and factor and low < lead:
                low = low * factor
    if low > high:
        return None  # 2.5亿年~6500万年: not a range from low to high
    money = cur if cur is not None and (entry is None or entry.kind == _MONEY) else entry
    factor = entry.factor if entry is not None and entry.form not in ("折", "成") else Decimal(1)
    kind = money.kind if money is not None else _NUMBER
    return _found(at, entry, kind, "range", unit=money.recorded_unit if money is not None else None,
                  approx=approx, low=low * factor, high=high * factor)


def _over_bounds(num_text: str, value: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """`3000多` is 3000..4000, `1.7万余` 17000..18000: 余/多 fill the place of the last written digit."""
    base = _value_of(num_text)
    if not base:
        return None, None
    step = Decimal(1).scaleb(base.normalize().as_tuple().exponent)
    scale = value / base
    return value, (base + step) * scale


def _unitless(m, g: _Read, view, at, value, approx, mag, start, end):
    """A number with no unit (`_found` given no entry): a count when a counted noun follows, else a
    bare number."""
    num_text = g.num
    after = m.end()
    follows = view[after : after + 6]
    has_magnitude = bool(mag) or _END_MAGNITUDE.search(num_text) is not None
    if g.post in ("以上", "以下") and _category_follows(view, m.end("post")):
        return _found(at, None, _COUNT, "category_threshold", value=value, approx=approx)
    if follows.startswith(count_nouns()):
        return _found(at, None, _COUNT, "count_noun", value=value, is_metric=True, approx=approx)
    if has_magnitude and follows[:1] and _HAN.match(follows[:1]):
        return _found(at, None, _COUNT, "count_magnitude_noun", value=value, is_metric=True, approx=approx)
    plain = _unspaced(num_text)
    digits = _chars()["digit"]
    word_part = (len(plain) == 1 and plain in _chars()["cn"]) or (
        len(plain) == 2 and all(ch in digits for ch in plain))
    if word_part and not (g.neg or g.pre or g.inner or g.sfx) and (
        _word_at(view, start - 1) or _word_at(view, end)
    ):
        return _SKIP  # 一看, 四川, 十足, 两岸: a numeral character inside a word
    return _found(at, None, _NUMBER, "bare_number", value=value, approx=approx)


def _vague_only(form: str) -> bool:
    """A marker before the number (`pre`) that stands only before a bare magnitude (上百)."""
    marker = _markers().get(("before", form))
    return marker is not None and marker.vague_only


def _vague_bounds(s: str) -> tuple[Decimal | None, Decimal | None]:
    """Bounds a vague numeral implies: 数万 -> 10000..100000, 十几 -> 10..20, 三五百 -> 300..500."""
    m = _TWO_DIGIT_SPAN.fullmatch(s)
    if m:
        scale = parse_numeral("一" + m.group(3)) or Decimal(1)
        return parse_numeral(m.group(1)) * scale, parse_numeral(m.group(2)) * scale
    head, sep, tail = s.partition("几") if "几" in s else (s.partition("数") if s.startswith("数") else
                                                          s.partition("若干"))
    scale = parse_numeral("一" + tail) if tail else Decimal(1)
    scale = scale or Decimal(1)
    if head:  # 十几, 二十几万, 百几
        base = parse_numeral(head)
        if base is None:
            return None, None
        step = Decimal(10) if head.endswith("十") else base / 10 if base >= 100 else Decimal(10)
        return base * scale, (base + step) * scale
    return scale, scale * 10


def _sub_units(sub: str, after_jiao: bool = False) -> Decimal:
    """角/毛 and 分 after 元/块 (五元三毛, 123元1角1分, 一块五, 三块零四 = 3.04) or 分 after 角 (两毛五)."""
    sub = _WS.sub("", sub)
    if sub.endswith("美分"):  # 两美元又三美分
        return (parse_numeral(sub.lstrip("又")[:-2]) or Decimal(0)) / 100
    if sub.endswith(("銭", "钱")):  # 10日元5日本銭: sen, a hundredth of a yen
        return (parse_numeral(_SEN.sub("", sub)) or Decimal(0)) / 100
    if after_jiao:
        return (parse_numeral(sub.rstrip("分")) or Decimal(0)) / 100
    m = _JIAO_FEN.fullmatch(sub)
    if m:
        total = (parse_numeral(m.group(1)) or Decimal(0)) / 10
        if m.group(2):
            total += (parse_numeral(m.group(2)) or Decimal(0)) / 100
        return total
    if sub.endswith("分") or sub.startswith("零"):
        return (parse_numeral(sub.strip("零分")) or Decimal(0)) / 100
    return (parse_numeral(sub) or Decimal(0)) / 10


def _quoted_label(m, g: _Read, view: str) -> bool:
    """A number inside short quotes with other characters: “七五”普法, “四个意识”, “五元看大片”.

    Not a label: a quantity that is all the quote holds (“41%”), a quote that ends right before the
    quantity's unit (“1059”人), or a long quoted clause (a quoted contract term holds real amounts).
    """
    s = m.start("num") if g.num else m.start()
    if g.q1 is not None and g.q2:
        return g.unit is None  # “1059”人 keeps its unit; “三八” is a label
    if _OPEN_QUOTE.search(view, max(0, s - _LABEL_MAX), s) is None:
        return False  # most quantities: no quote opens just before (found without slicing the text)
    left = view[max(0, s - _LABEL_MAX) : s]
    last_open = _LAST_OPEN_QUOTE.match(left)
    if last_open is None:
        return False
    opened = last_open.end() - 1
    if any(c in left[opened + 1 :] for c in _QUOTES_CLOSE + "\n"):
        return False
    e = m.end()
    right = view[e : e + _LABEL_MAX]
    first_close = _CLOSE_QUOTE.search(right)
    if first_close is None:
        return False
    close = first_close.start()
    if any(c in right[:close] for c in _QUOTES_OPEN + "\n。；;"):
        return False
    inside_before = len(left) - opened - 1
    if inside_before == 0 and close == 0:
        return False  # the quote holds the quantity alone
    return inside_before + (e - s) + close <= _LABEL_MAX


def _next_to_letters(view: str, start: int, end: int) -> bool:
    before = view[start - 1 : start]
    after = view[end : end + 1]
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _category_follows(view: str, pos: int) -> bool:
    """`百人以上企业`: a threshold naming a category when a counted noun follows 以上/以下."""
    follows = view[pos : pos + 8].lstrip("的")
    return follows.startswith(count_nouns())
