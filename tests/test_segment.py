"""Document structure: blocks, heading scope, column breaks, sentences and clauses."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import CORPORA, SEEDS, read_raw
from unionextract import headings as H
from unionextract.lexicon import load_lexicon
from unionextract.segment import BlockKind, Structure, segment
from unionextract.text import normalise

EXAMPLES = CORPORA / "examples" / "structure.yaml"


def structure_of(raw: str) -> Structure:
    return segment(normalise(raw))


def text(raw: str, span) -> str:
    return raw[span.start : span.end]


# --- invariants on every seed, LF and CRLF ----------------------------------------------

def _variants():
    return list(_gen_variants())


def _gen_variants():
    for p in SEEDS:
        raw = read_raw(p)
        yield pytest.param(raw, id=f"{p.name}:lf")
        yield pytest.param(raw.replace("\r\n", "\n").replace("\n", "\r\n"), id=f"{p.name}:crlf")


@pytest.mark.parametrize("raw", _variants())
def test_spans_are_stripped_ordered_and_nested(raw):
    s = structure_of(raw)
    assert s.blocks and s.sentences and s.clauses
    for items in (s.blocks, s.sentences, s.clauses):
        for k, item in enumerate(items):
            assert item.index == k
            assert 0 <= item.start < item.end <= len(raw)
            assert not raw[item.start].isspace() and not raw[item.end - 1].isspace()
            if k:
                assert items[k - 1].end <= item.start
    for sent in s.sentences:
        b = s.blocks[sent.block]
        assert b.start <= sent.start and sent.end <= b.end
    for c in s.clauses:
        sent = s.sentences[c.sentence]
        assert sent.start <= c.start and c.end <= sent.end


@pytest.mark.parametrize("raw", _variants())
def test_sentences_cover_blocks_and_clauses_cover_sentences(raw):
    s = structure_of(raw)
    for b in s.blocks:
        covered = {i for sent in s.sentences_of(b) for i in range(sent.start, sent.end)}
        missing = [i for i in range(b.start, b.end) if not raw[i].isspace() and i not in covered]
        assert not missing, (b, raw[b.start : b.end])
    for sent in s.sentences:
        covered = {i for c in s.clauses_of(sent) for i in range(c.start, c.end)}
        assert all(raw[i].isspace() or i in covered for i in range(sent.start, sent.end))


@pytest.mark.parametrize("raw", _variants())
def test_earlier_in_block_is_the_block_s_sentences_before_nearest_first(raw):
    s = structure_of(raw)
    for sent in s.sentences:
        block = s.blocks[sent.block]
        before = [x for x in s.sentences if x.block == block.index and x.end <= sent.start]
        assert s.earlier_in_block(sent) == before[::-1]
        assert s.sentences_of(block) == [x for x in s.sentences if x.block == block.index]


@pytest.mark.parametrize("raw", _variants())
def test_heading_spans_are_the_spans_of_headings_of(raw):
    s = structure_of(raw)
    for pos in range(-1, len(raw) + 1):
        assert s.heading_spans(pos) == tuple((h.start, h.end) for h in s.headings_of(pos))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_crlf_gives_the_same_structure_shifted(path):
    lf = read_raw(path).replace("\r\n", "\n")
    crlf = lf.replace("\n", "\r\n")
    shift = [0] * (len(lf) + 1)  # LF offset -> CRLF offset
    for i, ch in enumerate(lf):
        shift[i + 1] = shift[i] + 1 + (ch == "\n")
    a, b = structure_of(lf), structure_of(crlf)
    sizes = (len(a.blocks), len(a.sentences), len(a.clauses))
    assert sizes == (len(b.blocks), len(b.sentences), len(b.clauses))
    for x, y in zip(a.blocks, b.blocks, strict=True):
        assert (x.kind, x.level, x.scope) == (y.kind, y.level, y.scope)
    for xs, ys in ((a.blocks, b.blocks), (a.sentences, b.sentences), (a.clauses, b.clauses)):
        for x, y in zip(xs, ys, strict=True):
            assert (shift[x.start], shift[x.end] - (lf[x.end - 1] == "\n")) == (y.start, y.end)
    assert a.main_title == b.main_title


# --- what the seeds must yield -----------------------------------------------------------

def seed(prefix: str) -> tuple[str, Structure]:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    raw = read_raw(path)
    return raw, structure_of(raw)


def blocks_with(raw: str, s: Structure, t: str):
    return [b for b in s.blocks if text(raw, b) == t]


def chain(raw: str, s: Structure, pos: int) -> list[str]:
    return [text(raw, h) for h in s.headings_of(pos)]


@pytest.mark.parametrize(
    "prefix,piece",
    [
        ("002", "提\n\n出了"),
        ("002", "累\n\n计建制率"),
        ("002", "政治性\n\n摆在首位"),
        ("002", "百人以上\n\n非公企业"),
        ("001", "精心部\n\n署"),
        ("001", "评选并\n\n表彰"),
        ("001", "积极引导\n\n各企业"),
        ("000", "困难职工\n\n家庭进行"),
        ("000", "市、区\n\n“和谐劳动关系单位”"),
        ("004", "领导和支持\n\n下，认真"),
        ("004", "党建引\n\n领"),
        ("004", "召开二届\n\n委员会"),
        ("004", "确保劳\n\n动者"),
        ("004", "带来\n\n的实惠"),
    ],
)
def test_column_breaks_are_one_sentence(prefix, piece):
    raw, s = seed(prefix)
    pos = raw.find(piece)
    assert pos >= 0, piece
    sent = s.sentence_at(pos)
    assert sent is not None and sent.end >= pos + len(piece), (piece, sent and text(raw, sent))
    assert s.block_at(pos).end >= pos + len(piece)


@pytest.mark.parametrize(
    "prefix,end,start",
    [
        ("000", "稳步发展。", "今年，西城区总工会将继续"),
        ("001", "记录工会改革之路。", "调机构 强基层"),
        ("003", "劳动模范才有了强大的生命力……", "为做好此次展览"),
        ("004", "半年工作报告。", "东城区总工会二届委员会委员"),
    ],
)
def test_finished_paragraphs_are_not_joined(prefix, end, start):
    raw, s = seed(prefix)
    a = s.block_at(raw.find(end))
    b = s.block_at(raw.find(start))
    assert a is not None and b is not None and a.index + 1 == b.index
    assert text(raw, a).endswith(end)


def test_seed_000_department_sections_and_bracket_titles():
    raw, s = seed("000")
    found = blocks_with(raw, s, "【上半年工作成果】")
    assert len(found) == 2
    for b, dept in zip(found, ("经济生活部：会员的服务者", "权益保障部：权益的维护者"), strict=True):
        assert b.kind is BlockKind.HEADING and b.level == 2
        assert [text(raw, s.blocks[i]) for i in b.scope] == [dept]
    pos = raw.find("累计为337名")
    assert chain(raw, s, pos) == ["经济生活部：会员的服务者", "【上半年工作成果】"]
    assert s.block_at(pos).kind is BlockKind.LIST_ITEM
    pos = raw.find("将瞄准3项具体工作")
    assert chain(raw, s, pos) == ["权益保障部：权益的维护者", "【下半年重点目标】", "完成3项重点工作"]
    assert [b.kind for b in blocks_with(raw, s, "参观劳模事迹巡回展")] == [BlockKind.CAPTION]
    assert text(raw, s.title()) == "工会开门办会 业务部门迎接大考(上)"
    assert text(raw, s.lead()).startswith("工会工作的开放性")


def test_seed_001_district_sections_scope_their_plans():
    raw, s = seed("001")
    plans = blocks_with(raw, s, "目标计划")
    assert len(plans) == 4 and all(b.kind is BlockKind.HEADING and b.level == 3 for b in plans)
    pos = raw.find("1.组织单身青年联谊活动")
    assert chain(raw, s, pos) == ["■街道工会工作盘点■", "月坛街道 现阶段工作成果", "目标计划"]
    assert s.block_at(pos).kind is BlockKind.LIST_ITEM
    pos = raw.find("发展会员42人")
    assert chain(raw, s, pos) == ["■街道工会工作盘点■", "牛街街道 现阶段工作成果", "推进建会建家工作"]
    box = blocks_with(raw, s, "■加强考核促改革■")[0]
    assert (box.kind, box.level, box.scope) == (BlockKind.HEADING, 1, ())
    assert [b.kind for b in blocks_with(raw, s, "参观德胜街道工会服务站")] == [BlockKind.CAPTION]


def test_seed_002_numbered_highlights():
    raw, s = seed("002")
    pos = raw.find("亮点\n\n1\n\n提高政治站位")
    b = s.block_at(pos)
    assert b.kind is BlockKind.HEADING and b.level == 2 and b.start == pos
    assert text(raw, b) == "亮点\n\n1\n\n提高政治站位 思想引领作用突出"
    assert [text(raw, s.blocks[i]) for i in b.scope] == ["【回望2017】全年工作亮点频现 开创工会工作新局面"]
    highlights = [h for h in s.blocks if h.kind is BlockKind.HEADING and text(raw, h).startswith("亮点")]
    assert len(highlights) == 7 and {h.level for h in highlights} == {2}
    assert text(raw, s.title()) == "以新思想引领新时代工会改革创新"
    assert [b.kind for b in blocks_with(raw, s, "□郭祥倩 刘祖凤")] == [BlockKind.CAPTION]


def test_seed_003_nested_unnumbered_titles():
    raw, s = seed("003")
    pos = raw.find("在全区范围内开展健行走活动")
    assert chain(raw, s, pos) == [
        "【2016年历程回顾】",
        "回顾2016之活动亮点",
        "工会启动 激情健步行活动",
        "意义解读：文体活动促职工队伍健康发展",
    ]
    pos = raw.find("救助371名困难职工")
    assert chain(raw, s, pos) == ["【2016年历程回顾】", "数说2016之工作业绩", "发放困难职工补助 “180.55”万元"]
    for caption in ("“光荣与梦想”劳模事迹回顾展现场", "开展职工健步行活动", "职工技能大赛现场"):
        assert [b.kind for b in blocks_with(raw, s, caption)] == [BlockKind.CAPTION]
    assert text(raw, s.title()) == "推进自身改革创新 助力区域整体发展"


def test_seed_004_headline_byline_lead_and_sections():
    raw, s = seed("004")
    assert text(raw, s.title()) == "推进工会工作改革 助力新东城发展"
    assert [b.kind for b in blocks_with(raw, s, "□本报记者 张瞳")] == [BlockKind.CAPTION]
    assert text(raw, s.lead()).startswith("2018年是全面贯彻党的十九大精神的开局之年")
    pos = raw.find("共受理劳动争议案件899件")
    assert chain(raw, s, pos) == ["上半年工作回顾", "强化维权职能 有效促进劳动关系和谐稳定"]
    heading = blocks_with(raw, s, "深化改革措施 推动工会工作落地")
    assert [(b.kind, b.level) for b in heading] == [(BlockKind.HEADING, 2)]


# --- the example corpus --------------------------------------------------------------------

def _cases():
    return list(_gen_cases())


def _gen_cases():
    for case in yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")):
        yield pytest.param(case, id=f"structure.yaml:{case['name']}")


@pytest.mark.parametrize("case", _cases())
def test_structure_examples(case):
    raw = case["doc"].replace("\n", "\r\n") if case.get("crlf") else case["doc"]
    s = structure_of(raw)
    if "blocks" in case:
        got = [(b.kind.value, b.level, text(raw, b)) for b in s.blocks]
        want = [tuple(e[:3]) for e in case["blocks"]]
        assert got == want
        for b, e in zip(s.blocks, case["blocks"], strict=True):
            if len(e) > 3:
                assert [text(raw, s.blocks[i]) for i in b.scope] == e[3], e[2]
    if "sentences" in case:
        assert [text(raw, x) for x in s.sentences] == case["sentences"]
    if "clauses" in case:
        assert [text(raw, x) for x in s.clauses] == case["clauses"]
    if "cells" in case:
        def span(sp):
            return None if sp is None else raw[sp[0] : sp[1]]

        got = [[raw[c.start : c.end], span(c.row_label), span(c.column_header)] for c in s.table_cells()]
        assert got == case["cells"]
        for c in s.table_cells():
            assert s.table_cell_at(c.start) == c and s.block_at(c.start).kind is BlockKind.TABLE_CELL
    if "title" in case:
        assert (text(raw, s.title()) if s.title() else None) == case["title"]
    if "lead" in case:
        assert (text(raw, s.lead()) if s.lead() else None) == case["lead"]


# --- the lexicon's own examples --------------------------------------------------------------

def _cue_examples():
    return list(_gen_cue_examples())


def _gen_cue_examples():
    for cue in load_lexicon("headings.yaml", H.HeadingCue):
        for ex in cue.examples:
            yield pytest.param(cue, ex, True, id=f"{cue.name}:+{ex}")
        for ex in cue.counter_examples:
            yield pytest.param(cue, ex, False, id=f"{cue.name}:-{ex}")


@pytest.mark.parametrize("cue,example,positive", _cue_examples())
def test_heading_cue_examples(cue, example, positive):
    view = normalise(example)
    if cue.role in ("clause_word", "dangling_end"):
        # Such a line is not a title; without the cue word, the counter-example is one.
        assert (H.title_style(view) is None) == positive
        return
    pattern = re.compile(cue.pattern)
    if cue.role == "series":
        hit = re.search(f"(?:{cue.pattern})$", view)
    elif cue.anywhere:
        hit = pattern.search(view)
    else:
        hit = pattern.match(view)
    if cue.role == "number_line" and hit:
        hit = hit if hit.end() == len(view) else None
    assert bool(hit) == positive


def test_marker_ranks_follow_the_official_hierarchy():
    ranks = {name: H.marker(normalise(ex)).rank for name, ex in [
        ("part", "第一部分 回顾"), ("cn", "一、回顾"), ("paren_cn", "（一）组织"),
        ("arabic", "1.建会"), ("paren_arabic", "（1）新建"), ("circled", "①企业"),
    ]}
    assert list(ranks.values()) == sorted(ranks.values()) and len(set(ranks.values())) == 6


# --- lookups ----------------------------------------------------------------------------------

def test_lookups_at_boundaries_and_between_blocks():
    raw = "一、回顾\n\n全年新建工会12家，发展会员300人。今年继续。\n\n|\n\n二、计划"
    s = structure_of(raw)
    p = raw.find("全年")
    assert s.block_at(p).kind is BlockKind.PARAGRAPH
    assert s.block_at(p - 1) is None  # the blank line between
    assert [text(raw, h) for h in s.headings_of(p - 1)] == ["一、回顾"]
    assert [text(raw, h) for h in s.headings_of(raw.find("|"))] == ["一、回顾"]
    sent = s.sentence_at(p)
    assert text(raw, sent) == "全年新建工会12家，发展会员300人。"
    assert [text(raw, c) for c in s.clauses_of(sent)] == ["全年新建工会12家，", "发展会员300人。"]
    assert text(raw, s.clause_at(raw.find("发展"))) == "发展会员300人。"
    assert s.sentence_at(raw.find("今年")).index == sent.index + 1
    assert s.clause_at(len(raw)) is None and s.block_at(len(raw) + 5) is None
    last = s.blocks[-1]
    assert text(raw, last) == "二、计划" and last.level == 1 and last.scope == ()


def test_empty_and_blank_documents():
    for raw in ("", "\n\n  \r\n", "\ufeff"):
        s = structure_of(raw)
        assert (s.blocks, s.sentences, s.clauses, s.title(), s.lead()) == ([], [], [], None, None)


def test_a_long_document_is_segmented_whole():
    # Speed is measured by benchmarks/, never asserted here; this checks that a document of ten
    # seeds back to back segments into ten times the seed blocks.
    raw = "".join(read_raw(p) for p in SEEDS)
    one = segment(normalise(raw))
    ten = segment(normalise(raw * 10))
    assert len(ten.blocks) == 10 * len(one.blocks)
    assert len(ten.sentences) == 10 * len(one.sentences)


def test_paragraphs_after_a_list_item_go_on_with_it():
    raw = (
        "【上半年工作】\n\n①举办培训班3期，培训干部120人。\n\n截至6月，累计培训300人次。"
        "\n\n②表彰先进集体5个。\n\n二、下半年\n\n继续培训。"
    )
    s = structure_of(raw)
    first = s.block_at(raw.find("①"))
    assert s.item_of(raw.find("截至6月")) == first
    assert s.item_of(raw.find("①举办")) == first
    assert text(raw, s.item_of(raw.find("②"))).startswith("②")
    assert s.item_of(raw.find("继续培训")) is None  # a heading ends the item
    assert s.item_of(raw.find("【")) is None


def test_headings_of_a_heading_can_include_it():
    raw = "一、回顾\n\n（一）新建工会12家\n\n发展会员300人。"
    s = structure_of(raw)
    pos = raw.find("新建")
    assert [text(raw, h) for h in s.headings_of(pos)] == ["一、回顾"]
    assert [text(raw, h) for h in s.headings_of(pos, include_self=True)] == ["一、回顾", "（一）新建工会12家"]
    para = raw.find("发展")
    assert s.headings_of(para, include_self=True) == s.headings_of(para)


def test_no_table_cell_outside_tables():
    raw = "职工人数\n|\n5230\n|\n4871\n|\n会员人数\n|\n5000\n|\n4700\n\n全年新建工会12家。"
    s = structure_of(raw)
    assert s.table_cell_at(raw.find("全年")) is None
    cell = s.table_cell_at(raw.find("4700"))
    assert cell is not None and cell.is_value and raw[slice(*cell.row_label)] == "会员人数"
    assert cell.column_header is None  # no header row: the column is unnamed
    assert not s.table_cell_at(raw.find("会员人数")).is_value


def test_table_finding_is_linear_on_a_long_row():
    # One line of many cells: each cell is looked at once (a quadratic scan would crawl here).
    raw = "指标 | " + " | ".join(f"{2000 + k}年" for k in range(3)) + "\n" + "\n".join(
        f"项目{k} | {k} | {k + 1} | {k + 2}" for k in range(3000)
    )
    s = structure_of(raw)
    assert len(s.table_cells()) == 4 + 4 * 3000


def _outside_brackets_by_character(text: str) -> str:
    """`headings.outside_brackets` read one character at a time, as it was first written."""
    out, stack = [], []
    for ch in text:
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in H.PAIRS:
            stack.append(H.PAIRS[ch])
        elif not stack:
            out.append(ch)
    return text if stack else "".join(out)


@pytest.mark.parametrize(
    "text",
    [
        "关于“送温暖”活动", "《劳动法》(修订)宣传", "“未闭合《书名", "多余的)闭合“引(号”",
        "「甲『乙』丙」丁】", "无括号", "(a[b)c]d",
    ],
)
def test_outside_brackets_keeps_what_no_pair_encloses(text):
    assert H.outside_brackets(text) == _outside_brackets_by_character(text)


@pytest.mark.parametrize(
    "line", ["作者:张三", "首页 > 新闻 > 工会", "欢迎评论本文章", "您对本文章是否满意", "全年新建工会12家"]
)
def test_furniture_inside_as_each_check_says(line):
    byline, chrome, navigation = H._anywhere_checks()
    expected = (len(line) <= H.MAX_BYLINE_CHARS and byline(line)) or (
        len(line) <= H.MAX_CHROME_CHARS and (chrome(line) or navigation(line))
    )
    assert H.furniture_inside(line) == bool(expected)
