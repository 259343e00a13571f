from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionextract.numerals import parse_numeral

CASES = {
    "1,500": 1500, "1，500": 1500, "113 614": 113614, "127.41": Decimal("127.41"), "０．５": Decimal("0.5"),
    "一千二百": 1200, "壹仟贰佰": 1200, "两": 2, "三万五": 35000, "两千六": 2600, "一百二": 120,
    "1.7万": 17000, "3万4000": 34000, "25万6千": 256000, "1,100万": 11000000, "36.57亿": 3657000000,
    "萬": 10000, "负三十二": -32, "百分之九十": Decimal("0.9"), "百分之九十五点五": Decimal("0.955"),
    "千分之三": Decimal("0.003"), "二分之一": Decimal("0.5"), "一半": Decimal("0.5"), "一万零四十": 10040,
    "二零零一": 2001, "一百零五": 105, "四萬萬": 400000000, "3千万亿": 3 * 10**15, "十": 10, "廿": 20,
    "1千零1": 1001, "2千零30万": 20300000, "200亿零四千230": 20000004230, "一百点123": Decimal("100.123"),
    "7 万5 千4 百": 75400, "4.78万亿": 4780000000000, "百二万": 1200000, "零十": 10, "半百": 50,
    "参拾参": 33, "幺八九": 189, "-10000": -10000, "负 1,200,000": -1200000, ".5": Decimal("0.5"),
    "2e5": 200000, "2.7890e-1": Decimal("0.2789"), "2^5": 32, "2^-1": Decimal("0.5"), "3/5": Decimal("0.6"),
    "1 3/5": Decimal("1.6"), "-3/2": Decimal("-1.5"), "3又一千分之23": Decimal("3.023"),
    "负3分之负一百五十七": Decimal(157) / 3,
}


@pytest.mark.parametrize("text,value", CASES.items())
def test_parse(text, value):
    assert parse_numeral(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "十七十八", "一二百", "万一x", None, "点", "两两", "百十一",
                                  "10.1万零100", "五十千", "2^999"])
def test_unreadable_is_none(text):
    assert parse_numeral(text) is None


DIGITS = "零一二三四五六七八九"
UPPER = "零壹贰叁肆伍陆柒捌玖"


def render(n: int, digits: str = DIGITS, units: str = "十百千", liang: bool = False) -> str:
    """A plain Chinese rendering of 0 <= n < 10**12 (written independently of the parser)."""
    if n == 0:
        return digits[0]

    def section(k: int) -> str:
        out, zero = "", False
        for i, unit in ((3, units[2]), (2, units[1]), (1, units[0]), (0, "")):
            d = k // 10**i % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += digits[0]
                zero = False
            ch = "两" if liang and d == 2 and i >= 2 else digits[d]
            out += ch + unit
        return out

    parts, first = [], True
    for mag, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        k = n // mag % 10**4 if mag < 10**8 else n // mag
        if k:
            if not first and k < 1000:
                parts.append(digits[0])
            parts.append(section(k) + name)
            first = False
        elif not first:
            pass
    text = "".join(parts)
    return text.replace(digits[0] * 2, digits[0]).rstrip(digits[0]) if len(text) > 1 else text


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**11))
def test_lower_case_round_trip(n):
    assert parse_numeral(render(n)) == n


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**11))
def test_upper_case_round_trip(n):
    assert parse_numeral(render(n, UPPER, "拾佰仟")) == n


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**11))
def test_liang_round_trip(n):
    assert parse_numeral(render(n, liang=True)) == n


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=9),
       st.sampled_from([("十", 1), ("百", 10), ("千", 100), ("万", 1000)]))
def test_spoken_short_form(a, b, unit):
    name, step = unit
    if name == "十":
        return  # 三十五 is not a short form
    assert parse_numeral(DIGITS[a] + name + DIGITS[b]) == a * step * 10 + b * step


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_arabic_decimals(d):
    assert parse_numeral(str(d)) == d
    assert parse_numeral(f"{d}万") == d * 10000


@settings(max_examples=200)
@given(st.text(max_size=30))
def test_total(s):
    parse_numeral(s)  # never raises
