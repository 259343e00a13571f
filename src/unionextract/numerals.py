"""Numeral text -> exact `Decimal`; total: `parse_numeral` returns None instead of raising.

Reads Arabic digits (with `,` `，` or space thousands separators, full-width forms, decimals),
Chinese numerals in lower and financial upper case (`一千二百`, `壹仟贰佰`), `两 俩 〇 零`, the spoken
short forms where a trailing digit continues the last unit (`三万五` = 35000, `一百二` = 120), mixtures
(`1.7万`, `3万4000`, `25万6千`, `1,100万`, `1千零1`, `一百点123`), stacked magnitudes (`万亿`), negatives
(`负`, `-`), fractions in words and digits (`二分之一`, `千分之三`, `百分之九十` = 0.9, `一半`, `半百`, `3/5`,
`1 3/5`, `三百五又三分之一`), scientific notation (`2e5`, `-1.2E-3`) and powers (`2^5`, `2^-1`).
Percent *points* are the business of
`quantities`; here `百分之九十` is the number it denotes.
"""

from __future__ import annotations

import array
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict

from .doc_cache import per_document
from .lexicon import load_lexicon
from .re_tree import map_nested
from .re_tree import parser as re_parser

__all__ = ["parse_numeral", "numeral_chars", "NumeralChar", "compile_for_re", "within_bmp"]


class NumeralChar(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    char: str
    role: Literal["digit", "tens", "unit", "magnitude", "point", "minus"]
    value: Decimal
    financial: bool = False  # upper-case cheque form (壹 拾 佰)


@functools.cache
def numeral_chars() -> dict[str, NumeralChar]:
    return {e.char: e for e in load_lexicon("numeral_chars.yaml", NumeralChar)}


@functools.cache
def _regex_class(escape: str, bmp_only: bool = False) -> str:
    """The members of the `regex` module's class `escape` (`\\d`, `\\s`) for a `re` class.

    `re` reads `\\d` and `\\s` by Python's own, older Unicode tables (no digits of scripts added
    since; the separators U+001C..U+001F as spaces): `re`'s class plus what it lacks where it holds
    no more than `regex`'s, else every member spelled out. Planes 0 and 1 hold every digit and
    space character of Unicode. With `bmp_only`, the class is for text without characters beyond
    the Basic Multilingual Plane: every member within it spelled out, which `re` turns into one
    table of the plane (a class holding `\\d` or a member beyond the plane is tested member by
    member).
    """
    every = _every_character()[: 0x10000 if bmp_only else 0x20000]
    wanted = {i for m in regex.finditer(escape + "+", every) for i in range(*m.span())}
    if bmp_only:
        lacking = sorted(wanted)
        keep_escape = False
    else:
        has = {i for m in re.finditer(escape + "+", every) for i in range(*m.span())}
        keep_escape = has <= wanted
        lacking = sorted(wanted - has) if keep_escape else sorted(wanted)
    runs: list[list[int]] = []
    for i in lacking:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return (escape if keep_escape else "") + "".join(
        f"\\U{lo:08x}" + (f"-\\U{hi:08x}" if hi > lo else "") for lo, hi in runs)


@functools.cache
def _every_character() -> str:
    """Every character of planes 0 and 1, in order (surrogates too): made once for the four
    classes `_regex_class` reads off it."""
    return array.array("I", range(0x20000)).tobytes().decode("utf-32-le", "surrogatepass")


def _for_re(source: str, bmp_only: bool = False) -> str | None:
    """`source` (a `regex` pattern) as a `re` pattern that matches the same, or None when it uses what
    this does not translate (\\p{..}, \\w, \\b, inline flags...).

    The quantity grammar and the small patterns of the numeral and quantity rules run on `re`: its
    engine takes about half the steps of `regex` on the grammar, and a call costs a third. Only
    `\\d` and `\\s` need translating (see `_regex_class`); a `re` pattern must still be checked to
    compile (`re` has no variable-width lookbehind). With `bmp_only`, the pattern is for text
    without characters beyond the Basic Multilingual Plane (see `_regex_class`).
    """
    out: list[str] = []
    i, n, in_class = 0, len(source), False
    while i < n:
        ch = source[i]
        if ch == "\\":
            escaped = source[i + 1]
            if escaped in "ds":
                members = _regex_class("\\" + escaped, bmp_only)
                out.append(members if in_class else f"[{members}]")
            elif escaped.isalnum() and escaped not in "tnrux":
                return None
            else:
                out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            # a `]` right after `[` or `[^` is a member, not the end of the class
            j = i + 1 + (source[i + 1 : i + 2] == "^")
            j += source[j : j + 1] == "]"
            out.append(source[i:j])
            i, in_class = j, True
            continue
        elif source.startswith("(?", i) and source[i + 2 : i + 3] in tuple("aiLmsux-"):
            return None  # an inline flag
        out.append(ch)
        i += 1
    return "".join(out)


def compile_for_re(source: str, bmp_only: bool = False):
    """`source` compiled by `re` where it translates (see `_for_re`), else by `regex`."""
    translated = _for_re(source, bmp_only)
    if translated is not None:
        try:
            return re.compile(translated)
        except re.error:
            pass
    return regex.compile(source)


def parse_for_re(source: str, bmp_only: bool = False):
    """The syntax tree (of `re`'s parser) of `_for_re(source, bmp_only)`, or None where that is None.

    `source` is parsed as written and each `\\d` and `\\s` then given the members of its class
    (see `_regex_class`): the same tree as the translated text's, but parsing that text reads the
    members again at every use, some sixty ranges of `\\d`, which is most of what compiling the
    quantity grammar costs. Where `source` does not parse as written (`[\\d-x]`, which the
    translation turns into a range), the translated text is parsed.
    """
    translated = _for_re(source, bmp_only)
    if translated is None:
        return None
    try:
        tree = re_parser.parse(source)
    except re.error:
        return re_parser.parse(translated)
    return _with_members(tree, _category_members(bmp_only))


@functools.cache
def _category_members(bmp_only: bool) -> dict:
    """The parsed members of the classes `\\d` and `\\s` stand for in a translated pattern, by the
    category `re`'s parser reads each as."""
    P = re_parser
    return {category: P.parse(f"[{_regex_class(escape, bmp_only)}]")[0][1]
            for category, escape in ((P.CATEGORY_DIGIT, "\\d"), (P.CATEGORY_SPACE, "\\s"))}


def _with_members(items, members: dict):
    """`items` (a syntax tree of `re`'s parser) with each category of `members` in a class
    replaced by its members, duplicates dropped as the parser drops them."""
    P = re_parser
    out = []
    for op, av in items.data:  # the list itself: a `SubPattern` yields its items one call each
        if op is P.IN:
            if any(kind is P.CATEGORY and what in members for kind, what in av):
                spelled: list = []
                for kind, what in av:
                    if kind is P.CATEGORY and what in members:
                        spelled.extend(members[what])
                    else:
                        spelled.append((kind, what))
                av = list(dict.fromkeys(spelled))
        else:
            av = map_nested(op, av, lambda sub: _with_members(sub, members))
        out.append((op, av))
    return P.SubPattern(items.state, out)


def within_bmp(text: str) -> bool:
    """No character of `text` lies beyond the Basic Multilingual Plane (each is one UTF-16 unit):
    patterns compiled with `bmp_only` read such text as the others do."""
    return len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


_ARABIC = compile_for_re(r"\d+(?:\.\d+)?|\.\d+")
_SCIENTIFIC = compile_for_re(r"(\d+(?:\.\d*)?|\.\d+)[eE]([+-]?\d{1,3})")
_POWER = compile_for_re(r"(\d+(?:\.\d+)?)\^([+-]*)(\d{1,2})")
_MIXED = compile_for_re(r"\s*[-−]?\s*\d+\s+\d+/\d+\s*")
_MIXED_DIGITS = compile_for_re(r"(\d+)(\d+/\d+)")  # `1 3/5` once spaces are dropped: whole part and fraction
# separators that may sit inside a written number and carry no value
_DROP = compile_for_re(r"(?<=\d)[,，](?=\d{3})|\s+|[“”\"'‘’]")
_PLAIN_ASCII = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# an Arabic number before one magnitude (1.7万, 300亿), short enough to multiply without rounding
_ASCII_MAGNITUDE = re.compile(r"([0-9]{1,15}(?:\.[0-9]{1,10})?)(.)")
_ONE = Decimal(1)  # the sign `_parse` multiplies by (which rounds to the context's precision)
_FRACTION = compile_for_re(r"^(.+?)分之(.+)$")
_HALF = {"半": Decimal("0.5"), "一半": Decimal("0.5")}
_SIGNS = "-−"


def parse_numeral(s: str) -> Decimal | None:
    """The value of a numeral string, or None when it is not one we can read exactly."""
    if not isinstance(s, str):
        return None
    if len(s) == 1:
        alone = _characters_alone()
        if s in alone:
            return alone[s]
    return _parse_cached(s)


@functools.cache
def _characters_alone() -> dict[str, Decimal | None]:
    """The value of each numeral character or digit standing alone (一, 参, 伍, 万, 4), read once by
    the rules of `_read`: the scan asks for the lone characters of every document."""
    return {ch: _read(ch) for ch in [*numeral_chars(), *"0123456789"]}


@per_document(maxsize=8192)
def _parse_cached(s: str) -> Decimal | None:
    """Cached for a document: a report writes the same numerals (years, 1万元) again and again, and
    the value (an immutable Decimal) depends on the string alone."""
    return _read(s)


def _read(s: str) -> Decimal | None:
    try:
        if _PLAIN_ASCII.fullmatch(s):
            # most numerals are plain Arabic ones (2017, 36.5): what `_parse` makes of them, at once;
            # a whole number of up to 28 digits is already as `_tidy` leaves it
            if len(s) <= 28 and "." not in s:
                return Decimal(s)
            return _tidy(_ONE * Decimal(s))
        m = _ASCII_MAGNITUDE.fullmatch(s)
        if m is not None and m.group(2) in _magnitudes():
            # the next most common (1.7万, 300亿): the number times the magnitude, as `_parse` reads it
            return _tidy(Decimal(m.group(1)) * _magnitudes()[m.group(2)])
        value = _parse(s)
        return None if value is None else _tidy(value)
    except (InvalidOperation, ValueError, ArithmeticError, KeyError, IndexError, TypeError):
        return None


@functools.cache
def _magnitudes() -> dict[str, Decimal]:
    """The magnitude characters (万, 亿) that NFKC leaves as they are, with their values."""
    return {ch: e.value for ch, e in numeral_chars().items()
            if e.role == "magnitude" and unicodedata.normalize("NFKC", ch) == ch}


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros (`17000.0` -> `17000`, `0.50` -> `0.5`) without exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _parse(s: str) -> Decimal | None:
    s = unicodedata.normalize("NFKC", s)
    mixed = _MIXED.fullmatch(s) is not None  # 1 3/5: a whole part before a fraction
    s = _DROP.sub("", s)
    if not s:
        return None
    if s in _HALF:
        return _HALF[s]
    sign, s = _sign_off(s)
    if s.startswith("+"):
        s = s[1:]
    if not s:
        return None
    m = _SCIENTIFIC.fullmatch(s)
    if m:
        return sign * Decimal(m.group(1)) * Decimal(10) ** int(m.group(2))
    m = _POWER.fullmatch(s)
    if m:
        exponent = int(m.group(3)) * (-1 if m.group(2).count("-") % 2 else 1)
        with localcontext() as ctx:
            ctx.prec = 28
            return sign * Decimal(m.group(1)) ** exponent
    if mixed:
        whole, frac = _MIXED_DIGITS.fullmatch(s).groups()
        part = _parse(frac)
        return None if part is None else sign * (Decimal(whole) + part)
    if "又" in s:  # mixed fraction: 三百五十又三分之一
        whole, _, frac = s.partition("又")
        a, b = _parse(whole), _parse(frac)
        return None if a is None or b is None or "分之" not in frac else sign * (a + b)
    m = _FRACTION.match(s)
    if m:
        den, num = _signed(m.group(1)), _signed(m.group(2))
        if den is None or num is None or den == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 28
            return sign * num / den
    if "/" in s:
        a, _, b = s.partition("/")
        den, num = _plain(b), _plain(a)
        if den is None or num is None or den == 0:
            return None
        return sign * num / den
    value = _plain(s)
    return None if value is None else sign * value


def _sign_off(s: str) -> tuple[Decimal, str]:
    """The sign of the leading minus signs (`-`, `−`, 负; two cancel) and the rest of `s`."""
    chars = numeral_chars()
    sign = Decimal(1)
    while s and (s[0] in _SIGNS or (s[0] in chars and chars[s[0]].role == "minus")):
        sign, s = -sign, s[1:]
    return sign, s


def _signed(s: str) -> Decimal | None:
    """A fraction's term may carry its own sign: 负3分之负157."""
    sign, s = _sign_off(s)
    value = _plain(s)
    return None if value is None else sign * value


def _plain(s: str) -> Decimal | None:
    """A number without sign or fraction: Arabic, Chinese or mixed, maybe with a decimal point."""
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return Decimal(s)
    if len(s) > 1 and s[0] == "半":  # 半百 = 50
        rest = _plain("一" + s[1:])
        return None if rest is None else rest / 2
    chars = numeral_chars()
    # split a Chinese decimal point: 九十五点五, 三点五万
    points = [i for i, ch in enumerate(s) if ch in chars and chars[ch].role == "point"]
    if len(points) > 1:
        return None
    if points:
        i = points[0]
        left, right = s[:i], s[i + 1 :]
        j = len(right)
        while j and right[j - 1] in chars and chars[right[j - 1]].role == "magnitude":
            j -= 1
        digits, mags = right[:j], right[j:]
        whole = _integer(left)
        if whole is None or not digits:
            return None
        frac = []
        for ch in digits:
            if ch.isdigit():
                frac.append(ch)
            elif ch in chars and chars[ch].role == "digit":
                frac.append(str(int(chars[ch].value)))
            else:
                return None
        value = Decimal(f"{whole}.{''.join(frac)}")
        for ch in mags:
            value *= chars[ch].value
        return value
    return _integer(s)


def _tokens(s: str):
    """(role, value) tokens: Arabic runs become one digit token."""
    chars = numeral_chars()
    pos = 0
    while pos < len(s):
        m = _ARABIC.match(s, pos)
        if m:
            yield "arabic", Decimal(m.group())
            pos = m.end()
            continue
        entry = chars.get(s[pos])
        if entry is None or entry.role in ("point", "minus"):
            raise ValueError(s)
        yield entry.role, entry.value
        pos += 1


def _integer(s: str) -> Decimal | None:
    if not s:
        return None
    toks = list(_tokens(s))
    if not toks:
        return None
    roles = [r for r, _ in toks]
    # digits only (二零零一, 一一): read digit by digit, as written; 两 never stands in such a string
    if all(r == "digit" for r in roles):
        if len(toks) > 1 and any(ch in "两俩兩倆" for ch in s):
            return None
        return Decimal("".join(str(int(v)) for _, v in toks))
    if roles[0] == "unit" and toks[0][1] >= 100 and "unit" in roles[1:]:
        return None  # 百十一: a bare 百/千 opens only a numeral of magnitudes (百万) or a short form (百二)
    if roles[0] == "digit" and toks[0][1] == 0 and len(toks) > 1 and roles[1] == "unit":
        toks, roles = toks[1:], roles[1:]  # 零十: a leading zero carries nothing
    for k, (role, value) in enumerate(toks[:-1]):
        if role == "arabic" and value != value.to_integral_value() and roles[k + 1] != "magnitude":
            return None  # 10.1 inside a longer numeral must scale a magnitude (10.1万)
        if role == "arabic" and value != value.to_integral_value() and set(roles[k + 1 :]) != {"magnitude"}:
            return None  # 10.1万零100: a decimal closes the numeral, but for its magnitudes (4.78万亿)
    if len(toks) == 1 and roles[0] == "arabic":
        return toks[0][1]
    total = Decimal(0)  # sections already closed by a magnitude
    section = Decimal(0)  # below the current magnitude
    num: Decimal | None = None
    last_unit: Decimal | None = None  # last 十百千 inside the section
    last_mag: Decimal | None = None  # the largest magnitude closed so far
    prev_role = None
    after_zero = False
    for k, (role, value) in enumerate(toks):
        if role in ("digit", "arabic"):
            if num is not None and not (prev_role == "digit" and num == 0):
                return None  # two digits in a row inside a unit numeral: 一二百 is a range, not a number
            if role == "digit" and value == 0:
                after_zero = True
                num = None if section or total else Decimal(0)
                prev_role = "digit"
                continue
            num = value
        elif role == "tens":
            if num is not None:
                return None
            section += value
            last_unit = Decimal(10)
        elif role == "unit":
            if last_unit is not None and value >= last_unit and prev_role != "magnitude":
                return None  # 十七十八: units must fall inside a section
            section += (num if num is not None else Decimal(1)) * value
            last_unit = value
            num = None
            after_zero = False
        elif role == "magnitude":
            bare = num is None and section == 0 and total == 0  # 万 alone, 萬億 (not 0万)
            if num is not None and prev_role == "digit" and not after_zero and last_unit is not None \
                    and last_unit >= 100 and k > 1 and toks[k - 2][0] == "unit":
                num = num * last_unit / 10  # 百二万, 三千五万: the short form before a magnitude
            section += num if num is not None else Decimal(0)
            num = None
            if section == 0:
                if bare:
                    section = Decimal(1)
                elif total == 0:
                    last_mag = value
                    prev_role = role
                    continue
                elif prev_role == "magnitude" or (last_mag is not None and value > last_mag):
                    total *= value  # 万万, 千万亿: a magnitude stacking on what came before
                    last_mag = (last_mag or Decimal(1)) * value if prev_role == "magnitude" else value
                    prev_role = role
                    continue
            if last_mag is None or value > last_mag:
                total = (total + section) * value
                last_mag = value
            else:
                total += section * value
            section = Decimal(0)
            last_unit = None
            after_zero = False
        prev_role = role
    if num is not None:
        # spoken short form: 三万五, 两千六, 一百二 (a lone Chinese digit right after a unit)
        short = len(toks) >= 2 and toks[-2][0] in ("unit", "magnitude")
        if prev_role == "digit" and not after_zero and short:
            step = last_unit if toks[-2][0] == "unit" else last_mag
            if step is not None and step >= 10:
                return total + section + num * step / 10
        section += num
    return total + section
