"""The spaCy component: metrics and events as span groups carrying their records."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SEEDS
from system_programs import need_module

SENTENCE = "累计为337名在档困难职工发放慰问金127.41万元。"


@pytest.fixture(scope="module")
def nlp():
    spacy = need_module("spacy")
    import unionextract.spacy_component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("unionextract")
    return nlp


def test_found_by_entry_point_without_an_import():
    need_module("spacy")
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('zh'); nlp.add_pipe('unionextract')\n"
        "assert 'unionextract.spacy_component' in sys.modules\n"
        "print(nlp.pipe_names)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "unionextract" in done.stdout


def test_blank_zh_segments_by_character(nlp):
    # no segmenter model is needed: every character is a token, so spans align exactly
    assert nlp.config["nlp"]["tokenizer"]["segmenter"] == "char"


def test_metrics_are_spans_with_their_records(nlp):
    from unionextract import extract_text

    doc = nlp(SENTENCE)
    spans = list(doc.spans["unionextract_metrics"])
    expected = extract_text(SENTENCE, doc="<doc>").metrics
    assert [s._.unionextract for s in spans] == expected
    assert [(s.text, s.label_) for s in spans] == [(m.text, m.kind.value) for m in expected]
    assert [(s.start_char, s.end_char) for s in spans] == [(m.start, m.end) for m in expected]
    assert doc._.unionextract.metrics == expected


def test_the_seeds_equal_the_library(nlp, seed_results):
    for path in SEEDS[:2]:
        raw, result = seed_results[path.name]
        doc = nlp.make_doc(raw)
        doc.user_data["unionextract_doc"] = path.name
        doc = nlp.get_pipe("unionextract")(doc)
        assert [s._.unionextract for s in doc.spans["unionextract_metrics"]] == result.metrics
        assert [s._.unionextract for s in doc.spans["unionextract_events"]] == result.events
        assert [s.label_ for s in doc.spans["unionextract_events"]] == [e.type.value for e in result.events]
        assert all(raw[s.start_char:s.end_char] == s._.unionextract.trigger
                   for s in doc.spans["unionextract_events"])
    assert any(result.events for _, result in seed_results.values())


def test_coarse_tokens_expand_and_the_record_keeps_the_exact_span(nlp):
    from spacy.tokens import Doc

    words = ["累计为33", "7名在档", "困难职工", "发放慰问金127.41万元。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    assert doc.text == SENTENCE
    doc = nlp.get_pipe("unionextract")(doc)
    first = doc.spans["unionextract_metrics"][0]
    assert first.text == "累计为337名在档"  # the tokens that cover the metric
    assert first._.unionextract.text == "337名"
    assert SENTENCE[first._.unionextract.start:first._.unionextract.end] == "337名"


def test_displacy_renders_the_spans(nlp):
    from unionextract.spacy_component import render

    doc = nlp(SENTENCE)
    html = render(doc)
    assert "money" in html and "count" in html
    events = render(nlp("本月召开职工代表大会。"), spans_key="unionextract_events")
    assert "meeting" in events


def test_text_without_metrics_has_empty_groups(nlp):
    doc = nlp("第七届职代会")
    assert list(doc.spans["unionextract_metrics"]) == []
