"""Events: typed union activities found at clause level (placeholder interface)."""

from __future__ import annotations

from dataclasses import dataclass

from .records import EventType, Metric, Status


@dataclass(frozen=True)
class EventDraft:
    type: EventType
    trigger: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    rule: str
    date: str | None = None
    org: str | None = None
    status: Status = Status.ACTUAL
    metrics: tuple[int, ...] = ()


def find_events(raw: str, view: str, structure, metrics: list[Metric]) -> list[EventDraft]:
    return []
