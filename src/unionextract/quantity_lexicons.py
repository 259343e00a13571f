"""The lexicons of the quantity grammar, validated at load (see `lexicons/*.yaml`)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .lexicon import load_lexicon
from .records import Approx, QuantityKind


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UnitEntry(_Entry):
    form: str
    kind: QuantityKind
    unit: str | None = None  # None: the form itself, as written
    factor: Decimal = Decimal(1)
    metric: bool = True
    # where the form stands: after the number (元, 人), before it (￥, $) or either way (人民币, 港币)
    position: Literal["after", "before", "both"] = "after"
    not_before: str = ""  # characters that, right after the form, make it part of another word (首 of 首创)

    @property
    def recorded_unit(self) -> str:
        return self.unit if self.unit is not None else self.form


class ApproxMarker(_Entry):
    form: str
    approx: Approx
    position: Literal["before", "inner", "after"]
    vague_only: bool = False  # 上百, 上千: only before a bare magnitude
    # characters that make a one-character marker the end of a word instead (签约, 预约, 最近, 赶超)
    not_after: str = ""


class CountNoun(_Entry):
    form: str


class NotMetricPattern(_Entry):
    name: str
    kind: QuantityKind
    pattern: str
    value: Decimal | None = None  # a fixed value the form states (对折 = 50 %)
    unit: str | None = None
    emit: bool = True  # false: the form only shields its characters (一切, a URL) and is not reported


@functools.cache
def all_units() -> tuple[UnitEntry, ...]:
    return tuple(load_lexicon("quantity_units.yaml", UnitEntry))


@functools.cache
def units() -> dict[str, UnitEntry]:
    """Forms that follow a number."""
    return {e.form: e for e in all_units() if e.position in ("after", "both")}


@functools.cache
def prefix_units() -> dict[str, UnitEntry]:
    """Currency forms that may stand before a number (￥300, 人民币50元, 港币3.14)."""
    return {e.form: e for e in all_units() if e.position in ("before", "both")}


@functools.cache
def approx_markers() -> tuple[ApproxMarker, ...]:
    return tuple(load_lexicon("approx_markers.yaml", ApproxMarker))


@functools.cache
def count_nouns() -> tuple[str, ...]:
    return tuple(e.form for e in load_lexicon("count_nouns.yaml", CountNoun))


@functools.cache
def not_metric_patterns() -> tuple[NotMetricPattern, ...]:
    return tuple(load_lexicon("not_metric_patterns.yaml", NotMetricPattern))
