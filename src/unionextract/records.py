"""Typed output records.

Field names follow the annotation contract (`doc`, `i`, `start`, `end`, `text`, `kind`,
`value`, `unit`, `approx`, `indicator`, `org`, `period`, `status`, `parent` for metrics;
`type`, `trigger`, `date`, `metrics` for events). Everything else is an addition the
contract allows: ids, the rule that produced a record, the sentence it stands in.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class QuantityKind(str, Enum):
    """What a number-bearing expression is. Only the first three can be metrics.

    Percentage points (`3个百分点`) are `percent` with their unit as written (`个百分点`), and
    never a metric: they state a change of a rate, not a rate.
    """

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"
    ORDINAL = "ordinal"
    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    CODE = "code"


METRIC_KINDS = frozenset({QuantityKind.COUNT, QuantityKind.MONEY, QuantityKind.PERCENT})


class Approx(str, Enum):
    EXACT = "exact"
    OVER = "over"
    ABOUT = "about"
    UNDER = "under"


class Status(str, Enum):
    ACTUAL = "actual"
    PLANNED = "planned"


class EventType(str, Enum):
    MEETING = "meeting"
    CAMPAIGN = "campaign"
    TRAINING = "training"
    ASSISTANCE = "assistance"
    COMMENDATION = "commendation"
    AGREEMENT = "agreement"
    RIGHTS = "rights"
    ORGANIZING = "organizing"
    EXHIBITION = "exhibition"
    JOB_FAIR = "job_fair"
    SURVEY = "survey"
    PUBLICATION = "publication"
    ESTABLISHMENT = "establishment"


class Script(str, Enum):
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    MIXED = "mixed"
    NONE = "none"


class DocumentStatus(str, Enum):
    OK = "ok"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"
    SKIPPED = "skipped"


class Quantity(_Frozen):
    """A number-bearing expression found in text, metric or not (see `is_metric`)."""

    start: int
    end: int
    text: str
    kind: QuantityKind
    value: Decimal | None = None
    unit: str | None = None
    approx: Approx = Approx.EXACT
    low: Decimal | None = None
    high: Decimal | None = None
    is_metric: bool = False
    rule: str


class Period(_Frozen):
    """A period resolved to dates where the document says enough (inclusive ISO dates)."""

    label: str
    start: str | None = None
    end: str | None = None


class Metric(_Frozen):
    doc: str
    i: int
    id: str
    start: int
    end: int
    text: str
    kind: QuantityKind
    value: Decimal
    unit: str | None = None
    approx: Approx = Approx.EXACT
    indicator: str | None = None
    indicators: list[str] = Field(default_factory=list)
    org: str | None = None
    period: str | None = None
    period_resolved: Period | None = None
    status: Status = Status.ACTUAL
    parent: int | None = None
    rule: str
    sentence_start: int
    sentence_end: int
    warnings: list[str] = Field(default_factory=list)


class Event(_Frozen):
    doc: str
    i: int
    id: str
    type: EventType
    trigger: str
    start: int
    end: int
    date: str | None = None
    org: str | None = None
    status: Status = Status.ACTUAL
    metrics: list[int] = Field(default_factory=list)
    rule: str
    sentence_start: int
    sentence_end: int


class Rejection(_Frozen):
    """A number-bearing candidate that is not a metric, and the rule that said so."""

    doc: str
    start: int
    end: int
    text: str
    kind: QuantityKind
    rule: str


class Document(_Frozen):
    id: str
    path: str
    sha256: str
    characters: int
    encoding: str | None = None
    format: str = "txt"
    script: Script = Script.NONE
    status: DocumentStatus = DocumentStatus.OK
    reason: str | None = None
    schema_version: str = SCHEMA_VERSION


class ExtractionResult(_Frozen):
    schema_version: str = SCHEMA_VERSION
    document: Document
    metrics: list[Metric] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    rejections: list[Rejection] = Field(default_factory=list)


_Record = TypeVar("_Record", bound=BaseModel)


def trusted(cls: type[_Record], values: dict) -> _Record:
    """A `cls` record of `values`, which name every field of `cls` in its order, each already of
    the type validation gives it (an enum member, not its value; a list, not a tuple).

    What `cls.model_validate(values)` would make, without validating: for records the pipeline
    makes by the hundred from values of its own (the metrics of a document), validation costs as
    much as all the rest. `cls.model_construct` does the same, field by field, at a greater cost.
    """
    fields = _field_names(cls)
    if fields is None:
        return cls.model_validate(values)
    record = _new_object(cls)
    _set_dict(record, values)
    _set_fields_set(record, set(fields))  # `values` names them all: copied, not hashed anew
    _set_extra(record, None)
    _set_private(record, None)
    return record


# The slots every model keeps its state in, set through their descriptors: `object.__setattr__`
# looks each name up along the class's bases first, for a third of what `trusted` costs.
_new_object = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


@functools.cache
def _field_names(cls: type[BaseModel]) -> frozenset[str] | None:
    """The names of the fields of `cls` when `trusted` may build it, None when it validates."""
    return frozenset(cls.model_fields) if _constructible(cls) else None


def _constructible(cls: type[BaseModel]) -> bool:
    """A plain model: no extra fields, private attributes, post-init hook, root or own `__new__`."""
    return (cls.__new__ is _new_object and cls.model_config.get("extra") != "allow"
            and not cls.__private_attributes__
            and not cls.__pydantic_post_init__ and not cls.__pydantic_root_model__)
