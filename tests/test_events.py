"""The trigger lexicon and the event stage's contracts (spans, one event per clause, linking)."""

import pytest
from pydantic import ValidationError

from unionextract.events import find_events
from unionextract.pipeline import extract_text
from unionextract.records import Event, EventType
from unionextract.segment import segment
from unionextract.text import normalise
from unionextract.triggers import TriggerEntry, TriggerRole, scan_triggers, trigger_entries


def test_lexicon_covers_every_event_type():
    typed = {e.type for e in trigger_entries() if e.role in (TriggerRole.VERB, TriggerRole.NOUN)}
    assert typed == set(EventType)


@pytest.mark.parametrize("entry", trigger_entries(), ids=lambda e: e.term)
def test_each_term_is_found_in_its_example(entry):
    hits = [h for h in scan_triggers(normalise(entry.example)) if h.entry.term == entry.term]
    assert hits, f"{entry.term!r} is shadowed by a longer word in {entry.example!r}"


def test_entry_validation():
    with pytest.raises(ValidationError):
        TriggerEntry(term="培训", role="noun", example="开展培训")  # a noun needs a type
    with pytest.raises(ValidationError):
        TriggerEntry(term="培训", role="noun", type="training", example="开展讲座")  # example lacks term
    with pytest.raises(ValidationError):
        TriggerEntry(term="慰问金", role="block", type="assistance", example="发放慰问金")


def test_longest_word_wins_and_blocks_mask():
    hits = scan_triggers("召开表彰大会，发放慰问金")
    assert [(h.entry.term, h.role) for h in hits] == [
        ("召开", TriggerRole.LIGHT),
        ("表彰大会", TriggerRole.NOUN),
        ("慰问金", TriggerRole.BLOCK),
    ]


def test_gloss_and_column_break_inside_a_word():
    view = normalise("前来慰(wèi)問職工，开展文体活\n\n动。")
    terms = [(h.entry.term, view[h.start : h.end]) for h in scan_triggers(view) if h.is_activity]
    assert ("慰问", "慰(wèi)问") in terms
    assert ("活动", "活\n\n动") in terms


def test_spans_index_the_raw_text():
    raw = "一、工作回顾\n\n區總工會慰問環衛工人１２０人，舉辦職工書畫展。\n"
    result = extract_text(raw)
    assert [e.type for e in result.events] == [EventType.ASSISTANCE, EventType.EXHIBITION]
    for e in result.events:
        assert raw[e.start : e.end] == e.trigger
    assert result.events[0].metrics == [0]


def test_find_events_without_metrics_returns_records():
    raw = "镇工会召开职工代表大会。"
    view = normalise(raw)
    drafts = find_events(raw, view, segment(view), [])
    assert len(drafts) == 1 and isinstance(drafts[0], Event)
    assert drafts[0].type is EventType.MEETING and drafts[0].rule == "trigger:大会"


def test_heading_restating_the_body_is_not_an_event():
    raw = "参观劳模事迹巡回展\n\n区总工会举办劳模事迹回顾展，展出劳模事迹一百余件。\n"
    events = extract_text(raw).events
    assert [(e.type, e.trigger) for e in events] == [(EventType.EXHIBITION, "回顾展")]


def test_heading_that_is_the_only_mention_is_an_event():
    raw = "职工技能大赛现场\n\n区总工会慰问一线职工。\n"
    types = [e.type for e in extract_text(raw).events]
    assert EventType.CAMPAIGN in types and EventType.ASSISTANCE in types


def test_heading_naming_a_field_of_work_is_not_an_event():
    raw = "推进建会建家工作\n\n街道工会今年新建会企业十五家。\n"
    events = extract_text(raw).events
    assert [(e.type, e.trigger) for e in events] == [(EventType.ORGANIZING, "新建会")]


def test_purpose_cues_need_a_purpose_type():
    with pytest.raises(ValidationError):
        TriggerEntry(term="走访", role="verb", type="assistance", example="走访企业", purpose_cues=("了解",))


def test_programme_parts_get_the_figures_of_their_clauses():
    raw = "开展送温暖活动，走访慰问困难职工80户。"
    events = extract_text(raw).events
    assert len(events) == 1 and events[0].metrics == [0]
