"""A spaCy pipeline component: metrics and events as span groups.

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("unionextract")
    doc = nlp("累计为337名在档困难职工发放慰问金127.41万元。")
    [(s.text, s.label_, s._.unionextract.value) for s in doc.spans["unionextract_metrics"]]

The factory is registered when this module is imported, and found by spaCy through the
`spacy_factories` entry point, so `add_pipe("unionextract")` works without an import.
Extraction runs on `doc.text` with the library's own rules: the tokenizer never decides
a span. Spans are aligned to tokens with `alignment_mode="expand"` (with the char segmenter
of `spacy.blank("zh")` every character is a token, so they are exact); the record, with the
exact offsets, is `span._.unionextract`, and the whole result is `doc._.unionextract`.
Records are Python objects: `Doc.to_bytes` keeps the spans, not them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .records import ExtractionResult

METRICS_KEY = "unionextract_metrics"
EVENTS_KEY = "unionextract_events"
EXTENSION = "unionextract"

if not Span.has_extension(EXTENSION):
    Span.set_extension(EXTENSION, default=None)
if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


class UnionExtractComponent:
    """Adds the document's metrics and events to `doc.spans`, each span carrying its record."""

    def __init__(self, nlp: Language, name: str, doc_id: str) -> None:
        from .pipeline import extract_text

        self.name = name
        self.doc_id = doc_id
        self._extract = extract_text

    def __call__(self, doc: Doc) -> Doc:
        # a document's own name, when the caller gave one, names its records
        doc_id = doc.user_data.get("unionextract_doc", self.doc_id)
        result: ExtractionResult = self._extract(doc.text, doc=doc_id)
        doc._.set(EXTENSION, result)
        doc.spans[METRICS_KEY] = self._spans(doc, result.metrics, lambda m: m.kind.value)
        doc.spans[EVENTS_KEY] = self._spans(doc, result.events, lambda e: e.type.value)
        return doc

    @staticmethod
    def _spans(doc: Doc, records, label_of) -> list[Span]:
        spans = []
        for record in records:
            # span_id keeps two records on the same characters apart in the extension store
            span = doc.char_span(record.start, record.end, label=label_of(record),
                                 alignment_mode="expand", span_id=record.id)
            if span is None:  # only whitespace-only spans fail to align: no record is that
                continue
            span._.set(EXTENSION, record)
            spans.append(span)
        return spans


@Language.factory(
    "unionextract",
    default_config={"doc_id": "<doc>"},
    assigns=["doc.spans", f"doc._.{EXTENSION}", f"span._.{EXTENSION}"],
)
def make_component(nlp: Language, name: str, doc_id: str) -> UnionExtractComponent:
    return UnionExtractComponent(nlp, name, doc_id)


def render(doc: Doc, spans_key: str = METRICS_KEY, **options) -> str:
    """The document's metrics (or events) highlighted by displaCy, as HTML markup."""
    from spacy import displacy

    return displacy.render(doc, style="span", options={"spans_key": spans_key, **options}, page=False)


__all__ = ["EVENTS_KEY", "METRICS_KEY", "UnionExtractComponent", "make_component", "render"]
