"""Unit tests of the attribution finders on hand-made documents with headings."""

from __future__ import annotations

import pytest

from unionextract.orgs import org_for
from unionextract.periods import period_for, resolve_period
from unionextract.records import Status
from unionextract.segment import segment
from unionextract.status import status_for
from unionextract.surface import clean
from unionextract.text import normalise

DOC = (
    "上半年，长安区总工会深入推进各项工作，取得新成效。\n\n"
    "■街道工会工作盘点■\n\n"
    "新华街道 现阶段工作成果\n\n"
    "力促和谐劳动关系\n\n"
    "新华街道总工会召开会议。\n\n"
    "共有120家企业签订了协议书。\n\n"
    "目标计划\n\n"
    "- 1.组织开展三类培训。\n"
)
DEPARTMENT = (
    "今年，长安区总工会继续推行目标考核。\n\n"
    "经济工作部：会员的服务者\n\n"
    "【上半年工作成果】\n\n"
    "经济工作部组织岗位练兵5场。\n\n"
    "【下半年重点目标】\n\n"
    "完成3项重点工作\n\n"
    "经济工作部将开展两期培训，已完成1期。\n"
)


@pytest.fixture(scope="module")
def doc():
    view = normalise(DOC)
    return DOC, view, segment(view)


@pytest.fixture(scope="module")
def dept():
    view = normalise(DEPARTMENT)
    return DEPARTMENT, view, segment(view)


def at(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def test_org_from_heading_place_is_the_union_named_in_the_document(doc):
    raw, view, st = doc
    assert org_for(raw, view, st, *at(raw, "120家")) == "新华街道总工会"


def test_org_of_a_department_is_the_main_union(dept):
    raw, view, st = dept
    assert org_for(raw, view, st, *at(raw, "5场")) == "长安区总工会"
    assert org_for(raw, view, st, *at(raw, "两期")) == "长安区总工会"


def test_period_from_heading_and_plan_heading_starts_a_new_frame(doc):
    raw, view, st = doc
    assert period_for(raw, view, st, *at(raw, "120家")) == "现阶段"
    assert period_for(raw, view, st, *at(raw, "三类")) is None


def test_period_from_bracketed_heading(dept):
    raw, view, st = dept
    assert period_for(raw, view, st, *at(raw, "5场")) == "上半年"
    assert period_for(raw, view, st, *at(raw, "3项")) == "下半年"


def test_status_by_plan_heading_and_cue(doc, dept):
    raw, view, st = doc
    assert status_for(raw, view, st, *at(raw, "120家")) is Status.ACTUAL
    assert status_for(raw, view, st, *at(raw, "三类")) is Status.PLANNED
    raw, view, st = dept
    assert status_for(raw, view, st, *at(raw, "5场")) is Status.ACTUAL
    assert status_for(raw, view, st, *at(raw, "3项")) is Status.PLANNED
    assert status_for(raw, view, st, *at(raw, "两期")) is Status.PLANNED
    assert status_for(raw, view, st, *at(raw, "1期")) is Status.ACTUAL


def test_org_is_null_when_the_document_names_none():
    raw = "经济工作部发放慰问金12万元。"
    view = normalise(raw)
    assert org_for(raw, view, segment(view), *at(raw, "12万元")) is None


def test_traditional_text_keeps_raw_characters():
    raw = "截至目前，臺北市總工會發放慰問金20萬元。"
    view = normalise(raw)
    st = segment(view)
    assert org_for(raw, view, st, *at(raw, "20萬元")) == "臺北市總工會"
    assert period_for(raw, view, st, *at(raw, "20萬元")) == "截至目前"


def test_glosses_and_line_breaks_are_dropped_from_phrases():
    raw = "發放慰(wèi)問金\n\n20萬元"
    assert clean(raw, normalise(raw), 0, raw.index("20")) == "發放慰問金"


def test_resolve_period_uses_the_documents_year():
    raw = "2018年，东城区总工会推进改革。\n\n上半年，发放慰问金12万元。\n"
    view = normalise(raw)
    st = segment(view)
    p = resolve_period("上半年", view, st)
    assert (p.start, p.end) == ("2018-01-01", "2018-06-30")
    p = resolve_period("截至11月30日", view, st)
    assert (p.start, p.end) == ("2018-01-01", "2018-11-30")
    assert resolve_period("现阶段", view, st) is None
