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
