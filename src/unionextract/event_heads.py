"""The head activity of one clause: which trigger names the event and what type it is.

Chinese clauses put the verb before its object and the head noun last in its phrase, so:
- after a light verb (开展, 召开) the activity is the last activity noun of its object
  (`召开…表彰大会` -> 表彰大会, `开展…等系列活动` -> 活动), the object ending at the next content verb;
- without a light verb a content verb names the activity (`慰问劳模…`, `成立…小组`);
- a phrase of nouns alone (a caption, `在…摸底排查工作中`) is headed by its last noun;
- a general head (活动, 会议) written right after a specific activity takes that activity's type
  (`送清凉活动` is assistance).
A clause holding two activities joined by `并` is cut there first (`成立…并开展…`), except for a verb
pair on one object (`评选并表彰…`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import EventType
from .triggers import TriggerHit, TriggerRole, empty_modifier_pattern, means_pattern

CONJUNCTION = "并"
# Characters around 并 that make it part of a word (合并, 并非), not a conjunction of two activities.
_NOT_CONJ_BEFORE = frozenset("合兼吞归")
_NOT_CONJ_AFTER = frozenset("非列存")
# What may stand between a specific activity and the general head it qualifies (`“金秋助学”活动`).
_QUALIFIER_GAP = frozenset("\"'”’」』》")
# Characters that end the modifier of a general head when its span is widened (`普惠服务活动`).
_MODIFIER_STOP = frozenset("的等和与及之、")
MODIFIER_MAX = 4


@dataclass(frozen=True)
class Head:
    type: EventType
    start: int
    end: int
    key: str  # the lexicon term that decided the type: two mentions with one key may be one activity
    light: bool  # introduced by a light verb: a fresh mention, not a restatement
    segment: tuple[int, int]  # the part of the clause the event owns


def split_segments(view: str, start: int, end: int, hits: list[TriggerHit]) -> list[tuple[int, int]]:
    """Cut `view[start:end]` at each 并 that joins two activities."""
    acts = [h for h in hits if h.is_activity or h.role is TriggerRole.LIGHT]
    cuts = []
    for p in range(start + 1, end - 1):
        if view[p] != CONJUNCTION or view[p - 1] in _NOT_CONJ_BEFORE or view[p + 1] in _NOT_CONJ_AFTER:
            continue
        if any(h.start <= p < h.end for h in hits):
            continue
        left = [h for h in acts if start <= h.start and h.end <= p and (not cuts or h.start >= cuts[-1])]
        right = [h for h in acts if h.start > p and h.end <= end]
        if not any(h.is_activity for h in left) or not right:
            continue
        before, after = left[-1], right[0]
        if (
            before.role is TriggerRole.VERB
            and after.role is TriggerRole.VERB
            and before.end == p
            and after.start == p + 1
            and before.type is after.type
        ):
            continue  # 评选并表彰: one verb pair on one object
        cuts.append(p)
    bounds = [start, *cuts, end]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


def _last_of_run(acts: list[TriggerHit]) -> TriggerHit | None:
    """The last noun of the phrase starting at acts[0], the phrase ending at the next content verb."""
    if not acts:
        return None
    if acts[0].role is TriggerRole.VERB:
        return acts[0]
    last = acts[0]
    for h in acts[1:]:
        if h.role is TriggerRole.VERB:
            break
        last = h
    return last


def _qualifier(view: str, acts: list[TriggerHit], head: TriggerHit) -> TriggerHit | None:
    """The specific activity written directly before a general head, if any."""
    k = acts.index(head)
    if k == 0:
        return None
    prev = acts[k - 1]
    if prev.role is TriggerRole.GENERIC:
        return None
    gap = view[prev.end : head.start]
    return prev if all(ch in _QUALIFIER_GAP for ch in gap) else None


def _widen(view: str, head: TriggerHit, floor: int) -> int:
    """Start of a general head's span widened over its short modifier (`普惠服务活动`)."""
    s = head.start
    while s > floor and head.start - s < MODIFIER_MAX:
        ch = view[s - 1]
        if ch in _MODIFIER_STOP or not ("\u4e00" <= ch <= "\u9fff"):
            break
        s -= 1
    return s


def _in_book_title(view: str, floor: int, pos: int) -> bool:
    """Whether `pos` lies inside 《…》 opened after `floor`."""
    opened = view.rfind("《", floor, pos)
    return opened >= 0 and view.find("》", opened, pos) < 0


def _names_something(view: str, floor: int, head: TriggerHit) -> bool:
    """Whether the text between `floor` and a general head says which activity it is
    (`“安全生产月”系列活动`), not only how many or which (`参加会议`, `各类活动`)."""
    text = empty_modifier_pattern().sub("", view[floor : head.start])
    return any(ch.isalnum() and ch not in _MODIFIER_STOP for ch in text)


def _means_end(view: str, seg: tuple[int, int]) -> int:
    """End of a list of means (`采取…、…等途径`) opening the segment, else the segment start."""
    m = means_pattern().search(view, seg[0], seg[1])
    return m.end() if m else seg[0]


def _bare_generic_is_event(view: str, seg: tuple[int, int], head: TriggerHit) -> bool:
    """A general head with no light verb and no specific qualifier, in body text, names an event
    only as the occasion of something (`在…会议上`, `…活动中`); elsewhere it is talk about
    activities (`利用多种活动`, `…大会后`)."""
    return "在" in view[seg[0] : head.start] and view[head.end : head.end + 1] in ("上", "中")


def choose_head(
    view: str, seg: tuple[int, int], hits: list[TriggerHit], body: bool = True
) -> Head | None:
    """The event of one clause segment, or None when it names no activity."""
    inside = [h for h in hits if _means_end(view, seg) <= h.start and h.end <= seg[1]]
    # Words inside a book title name a work, not an activity, unless the work is the publication.
    acts = [
        h
        for h in inside
        if h.is_activity
        and (h.type is EventType.PUBLICATION or not _in_book_title(view, seg[0], h.start))
        # a content verb after 的 is a noun (`…的评选和服务`), the topic of the clause, not its act
        and not (h.role is TriggerRole.VERB and view[h.start - 1 : h.start] == "的")
    ]
    lights = [h for h in inside if h.role is TriggerRole.LIGHT]
    light = lights[0] if lights else None
    # A content verb before the light verb heads the clause (`慰问参加…行动的会员`).
    if light is not None and any(h.role is TriggerRole.VERB and h.end <= light.start for h in acts):
        light = None
    head = None
    introduced = False
    if light is not None:
        after = [h for h in acts if h.start >= light.end]
        head = _last_of_run(after)
        introduced = head is not None
        if head is None:
            acts = [h for h in acts if h.end <= light.start]
    if head is None and acts:
        verbs = [h for h in acts if h.role is TriggerRole.VERB]
        head = verbs[0] if verbs else _last_of_run(acts)
    if head is None:
        if light is not None and light.type is not None:
            return Head(light.type, light.start, light.end, light.entry.term, True, seg)
        return None
    start, etype, key = head.start, head.type, head.entry.term
    if head.role is TriggerRole.GENERIC:
        qualifier = _qualifier(view, acts, head)
        if qualifier is not None:
            start, etype, key = qualifier.start, qualifier.type, qualifier.entry.term
        else:
            floor = max([seg[0], *(h.end for h in inside if h.end <= head.start)])
            if not _names_something(view, floor, head):
                return None
            if body and not introduced and not _bare_generic_is_event(view, seg, head):
                return None
            start = _widen(view, head, floor)
    assert etype is not None
    return Head(etype, start, head.end, key, introduced, seg)
