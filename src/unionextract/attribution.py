"""Attribution of metrics: indicator, org, period, status, parent (placeholder interface)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import Period, Quantity, Status


@dataclass(frozen=True)
class Attribution:
    indicator: str | None = None
    indicators: tuple[str, ...] = ()
    org: str | None = None
    period: str | None = None
    period_resolved: Period | None = None
    status: Status = Status.ACTUAL
    parent: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def attribute(raw: str, view: str, structure, metrics: list[Quantity]) -> list[Attribution]:
    return [Attribution() for _ in metrics]
