from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from unionextract import find_quantities
from unionextract.records import Approx, QuantityKind


def only(text):
    qs = [q for q in find_quantities(text) if q.is_metric]
    assert len(qs) == 1, qs
    return qs[0]


def test_digits_split_by_line_break():
    q = only("入会29\n498人")
    assert (q.text, q.value, q.unit) == ("29\n498人", Decimal(29498), "人")


def test_crlf_offsets_are_raw():
    text = "第一段\r\n发放127.41万元"
    q = only(text)
    assert text[q.start : q.end] == "127.41万元" and q.value == Decimal(1274100)


def test_traditional_fullwidth():
    q = only("慰問職工８４５人")
    assert q.value == 845 and q.unit == "人"


def test_vague_bounds():
    (q,) = find_quantities("数万人")
    assert q.value is None and not q.is_metric and (q.low, q.high) == (Decimal(10000), Decimal(100000))


def test_leading_marker_decides():
    assert only("约6000余人").approx == Approx.ABOUT


def test_percentage_point_is_a_percent_but_never_a_metric():
    (q,) = find_quantities("提高3个百分点")
    assert (q.kind, q.value, q.rule) == (QuantityKind.PERCENT, 3, "percentage_point") and not q.is_metric


def test_text_order_non_overlapping():
    qs = find_quantities("2017年发放500元、慰问300人，占93%")
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    assert all(a.end <= b.start for a, b in zip(qs, qs[1:], strict=False))


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_never_raises_and_spans_valid(text):
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


@settings(max_examples=200)
@given(st.text(alphabet="0123456789一二两三十百千万亿余多约近%元人名“”\n .,第年", max_size=40))
def test_spans_valid_on_numeral_soup(text):
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


def test_range_has_bounds_and_no_value():
    (q,) = find_quantities("两到三万港元")
    assert (q.value, q.low, q.high, q.unit, q.is_metric) == (None, 20000, 30000, "港元", False)


def test_over_marker_bounds_follow_the_last_digit():
    q = only("捐款3000多元")
    assert (q.value, q.low, q.high, q.approx) == (3000, 3000, 4000, Approx.OVER)


def test_currency_before_the_number():
    q = only("捐赠人民币50万元")
    assert (q.text, q.value, q.unit) == ("50万元", 500000, "元")
    (f,) = find_quantities("港币两千九百六十元")
    assert (f.value, f.unit, f.is_metric) == (2960, "港元", False)


def test_a_numeral_inside_a_word_is_not_reported():
    assert find_quantities("职工一看就懂，四川队伍") == []


def test_a_numeral_between_function_words_is_a_number():
    (q,) = find_quantities("答案是五")
    assert q.value == 5 and not q.is_metric


NUMERAL_SOUP = "0123456789 一二两十百千万亿点负-~到至分之又半个元角毛块成折%kKwMe^/.,人民币$￥第余多约"


@settings(max_examples=200)
@given(st.text(alphabet=NUMERAL_SOUP, max_size=40))
def test_spans_valid_on_extended_numeral_soup(text):
    qs = find_quantities(text)
    for q in qs:
        assert text[q.start : q.end] == q.text
    assert all(a.end <= b.start for a, b in zip(qs, qs[1:], strict=False))
