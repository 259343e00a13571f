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


def _bundled_texts() -> list[str]:
    from pathlib import Path

    from examples_format import load_examples

    root = Path(__file__).resolve().parents[1] / "corpora"
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    for path in sorted((root / "examples").glob("*.txt")):
        texts.extend(ex.text for ex in load_examples(path))
    return texts


def test_org_anchors_lose_no_mention():
    """Searching only the Han runs that hold a kind's anchor finds what a full search finds."""
    from unionextract.cues import cue
    from unionextract.orgs import find_kind

    texts = _bundled_texts() + ["（集团工会）、市总工会\n西城区总工会组织", "公司工会主席；ABC有限公司工会"]
    for kind in ("union", "company", "name", "generic"):
        for text in texts:
            view = normalise(text)
            full = [m.span() for m in cue("orgs.yaml", kind).finditer(view)]
            assert [m.span() for m in find_kind(view, kind)] == full, (kind, text[:40])


def test_scan_skipping_branches_finds_what_the_alternation_finds():
    """A branch left out for lacking its needed strings would have found nothing; `may_match`
    is False only where the kind's pattern finds nothing."""
    from unionextract.cues import cue, may_match, scan

    texts = _bundled_texts() + ["2016年春节期间，各级工会组织走访", "自去年以来1-3月份"]
    kinds = {"periods.yaml": ("core",), "orgs.yaml": ("generic", "union", "company", "name")}
    for name, names in kinds.items():
        for kind in names:
            for text in texts:
                view = normalise(text)
                full = [m.span() for m in cue(name, kind).finditer(view)]
                assert [m.span() for m in scan(name, kind, view)] == full, (kind, text[:40])
                for a in range(0, len(view), 7):  # short windows, as the finders search
                    window = view[a : a + 12]
                    if not may_match(name, kind, window):
                        assert cue(name, kind).search(window) is None, (kind, window)


def test_needed_characters_lose_no_phrase():
    """Every time phrase found in a cleaned span holds one of the characters the period search
    asks of the raw span first; a span without one is skipped, so none may be lost that way."""
    from unionextract.cues import cue, needed_characters
    from unionextract.surface import surface

    needed = needed_characters("periods.yaml", "core")
    assert needed is not None
    texts = _bundled_texts() + ["2016 年(nián)春节期(qī)间", "自去年以来1-3月份", "近日，区总工会"]
    found = 0
    for text in texts:
        view = normalise(text)
        cleaned = surface(text, view, 0, len(view)).view
        for m in cue("periods.yaml", "core").finditer(cleaned):
            found += 1
            assert needed.search(m.group()), m.group()
    assert found > 50
    assert needed.search("各级工会组织职工开展活动") is None


def test_surface_matches_character_by_character_cleaning():
    """The run-based surface keeps exactly the characters that are neither gloss nor space."""
    from unionextract.surface import _GLOSS, surface

    texts = _bundled_texts() + ["慰(wèi)問金\r\n 发放\x1c5万元　（ABC）", "  ", ""]
    for text in texts:
        view = normalise(text)
        dropped = {k for m in _GLOSS.finditer(view) for k in range(*m.span())}
        keep = tuple(k for k in range(len(view)) if k not in dropped and not view[k].isspace())
        s = surface(text, view, 0, len(view))
        assert tuple(s.index) == keep
        assert s.view == "".join(view[k] for k in keep)
        assert s.raw_text(0, len(keep)) == "".join(text[k] for k in keep)
        assert [s.pos(k) for k in range(len(view) + 1)] == [
            next((i for i, x in enumerate(keep) if x >= k), len(keep)) for k in range(len(view) + 1)
        ]


@pytest.mark.parametrize(
    "lexicon", ["orgs.yaml", "periods.yaml", "status_cues.yaml", "indicator_words.yaml", "parent_cues.yaml"]
)
def test_branch_scan_finds_what_the_alternation_finds(lexicon):
    """`scan` keeps the alternation's leftmost-first choice, on whole texts and on windows."""
    from unionextract.cues import cue, cue_patterns, scan

    texts = [normalise(t) for t in _bundled_texts()]
    for kind in cue_patterns(lexicon):
        pattern = cue(lexicon, kind)
        for view in texts:
            windows = [(0, None), (len(view) // 3, 2 * len(view) // 3 + 1)]
            for pos, endpos in windows:
                args = (pos,) if endpos is None else (pos, endpos)
                want = [(m.span(), m.group(0)) for m in pattern.finditer(view, *args)]
                got = [(m.span(), m.group(0)) for m in scan(lexicon, kind, view, pos, endpos)]
                assert got == want, (lexicon, kind, view[:40])


def test_first_cue_start_settles_what_the_search_would():
    """A figure's span from its sentence's start that ends where the sentence's first string a
    cue needs starts, or before, holds no cue: the alternation of every cue finds none."""
    from unionextract.status import _any_cue, _sentence_statuses

    for text in _bundled_texts():
        view = normalise(text)
        structure = segment(view)
        for sentence in structure.sentences:
            first, _ = _sentence_statuses(view, structure, sentence)
            assert first >= sentence.start
            for end in range(sentence.start, first + 1):
                assert _any_cue().search(view, sentence.start, end) is None, (sentence, end)


def test_anchored_runs_are_the_han_runs_holding_the_anchor():
    """Each Han run that holds a kind's anchor, widened from the anchor's hits, in text order."""
    import regex

    from unionextract.cues import cue
    from unionextract.orgs import _ANCHORS, _anchored_runs

    texts = _bundled_texts() + ["工会", "（集团工会）、市总工会\n西城区总工会组织", "公司工会；ABC有限公司"]
    for kind in ("union", "company"):
        anchor = cue(_ANCHORS, kind)
        for text in texts:
            view = normalise(text)
            runs = [m.span() for m in regex.finditer(r"\p{Han}+", view) if anchor.search(view, *m.span())]
            assert list(_anchored_runs.__wrapped__(view, kind)) == runs, (kind, text[:40])
