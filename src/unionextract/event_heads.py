"""The head activity of one clause: which trigger names the event and what type it is.

Chinese clauses put the verb before its object and the head noun last in its phrase, so:
- after a light verb (开展, 召开) the activity is the last activity noun of its object
  (`召开…表彰大会` -> 表彰大会, `开展…等系列活动` -> 活动), the object ending at the next content verb;
- without a light verb a content verb names the activity (`慰问劳模…`, `成立…小组`);
- a phrase of nouns alone (a caption, `在…摸底排查工作中`) is headed by its last noun;
- a general head (活动, 会议) written right after a specific activity takes that activity's type
  (`送清凉活动` is assistance).
A clause holding two activities joined by `并` is cut there first (`成立…并开展…`), except for a verb
pair on one object (`评选并表彰…`). Two activities joined by `暨` are one, named by the first
(`成立大会暨业务培训`).
An activity that is only talked about is no event: the topic of a document or the instrument of the
clause (`关于建立…`, `利用…问卷调查`), the subject matter of a verb of telling (`通报…法律服务工作`),
or a field of duties closed by `等` and a noun that is no activity (`瞄准…调解和法律援助等工作`)
when no light verb introduces it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .records import EventType
from .triggers import (
    TriggerHit,
    TriggerRole,
    empty_modifier_pattern,
    means_pattern,
    report_verb_pattern,
    topic_marker_pattern,
)

CONJUNCTION = "并"
# Characters around 并 that make it part of a word (合并, 并非), not a conjunction of two activities.
_NOT_CONJ_BEFORE = frozenset("合兼吞归")
_NOT_CONJ_AFTER = frozenset("非列存")
# What may stand between a specific activity and the general head it qualifies (`“金秋助学”活动`).
_QUALIFIER_GAP = "\"'”’」』》"
# Characters that end the modifier of a general head when its span is widened (`普惠服务活动`).
_MODIFIER_STOP = frozenset("的等和与及之、")
MODIFIER_MAX = 4
# A letter or digit (`str.isalnum`, which `[^\W_]` matches) that is not one of those: one search
# instead of a test per character.
_NAMING_CHAR = re.compile(r"[^\W_" + re.escape("".join(sorted(_MODIFIER_STOP))) + "]")
# `X暨Y`: one activity (a founding meeting together with a training) named by the first.
JOINT = "暨"
# Between an activity noun and the 等 closing its list there may be more list members or words
# of the same phrase, but no clause punctuation.
_LIST_STOP = frozenset("，。；：！？,;:!?")
LIST_CLOSER = "等"
_LIST_STOP_RE = re.compile("[" + re.escape("".join(sorted(_LIST_STOP))) + "]")
_CLOSER_OR_STOP = re.compile("[" + re.escape("".join(sorted(_LIST_STOP | {LIST_CLOSER}))) + "]")
# `通过…调查等方法`: what comes after 通过 is what was done to reach the end the clause names.
MEANS_TAKEN = "通过"
# `X促Y` (重帮扶促民生, 文体活动促…发展): a slogan saying what the activity serves, not that it
# took place.
SLOGAN_LINK = "促"
# `对X进行V`: X, where an activity word may sit (`对劳模评选的届期时间…进行整理`), is what the
# light verb's action is done to.
PATIENT_MARK = "对"
# Characters that make 对 part of a word (针对, 面对, 对接), not the preposition.
_NOT_PATIENT_BEFORE = frozenset("针面绝相应核")
_NOT_PATIENT_AFTER = frozenset("接象话口比照策")
# `在X方面`: X, where an activity word may sit (`在签订劳动合同方面`), is the respect in which
# something is said.
RESPECT_OPEN, RESPECT_CLOSE = "在", "方面"
# A heading that names a field of work (`推进建会建家工作`) titles a section, not an activity.
WORK = "工作"
FIELD_TAIL_MAX = 4
_GAPS = frozenset(" \t\r\n\u3000")
# What may follow a light verb that closes its clause: an aspect particle, punctuation, white space.
NOMINAL = "的"
_CLOSING_TAIL = "了完毕。；，！？,;!? \t\r\n\u3000"


# Enum members read once: looking one up on its class is slow, and the clause loops ask often.
_LIGHT, _VERB, _GENERIC = TriggerRole.LIGHT, TriggerRole.VERB, TriggerRole.GENERIC
_PUBLICATION = EventType.PUBLICATION


# Not frozen: one is built per clause segment, and a frozen dataclass sets each field the slow way.
# Nothing changes a head once built (`dataclasses.replace` makes a new one).
@dataclass(slots=True)
class Head:
    type: EventType
    start: int
    end: int
    key: str  # the lexicon term that decided the type: two mentions with one key may be one activity
    light: bool  # introduced by a light verb: a fresh mention, not a restatement
    segment: tuple[int, int]  # the part of the clause the event owns
    # Headed by a general word (活动, 行动) or written as `X工作`: a programme under which the
    # clauses after it may tell what was done.
    general: bool = False
    # End of the light verb closing the clause when the activity is its fronted object
    # (`大赛将于十月举行`): whether it took place is told up to there.
    told_end: int | None = None


def split_segments(view: str, start: int, end: int, hits: list[TriggerHit]) -> list[tuple[int, int]]:
    """Cut `view[start:end]` at each 并 that joins two activities."""
    if view.find(CONJUNCTION, start + 1, end - 1) < 0:  # most clauses: nothing to cut
        return [(start, end)]
    acts = [h for h in hits if h.is_activity or h.role is _LIGHT]
    cuts = []
    for p in _occurrences(view, CONJUNCTION, start + 1, end - 1):
        if view[p - 1] in _NOT_CONJ_BEFORE or view[p + 1] in _NOT_CONJ_AFTER:
            continue
        if any(h.start <= p < h.end for h in hits):
            continue
        left = [h for h in acts if start <= h.start and h.end <= p and (not cuts or h.start >= cuts[-1])]
        right = [h for h in acts if h.start > p and h.end <= end]
        if not any(h.is_activity for h in left) or not right:
            continue
        before, after = left[-1], right[0]
        if (
            before.role is _VERB
            and after.role is _VERB
            and _adjacent(view, before.end, p)
            and _adjacent(view, p + 1, after.start)
            and before.type is after.type
        ):
            continue  # 评选并表彰: one verb pair on one object
        cuts.append(p)
    bounds = [start, *cuts, end]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


def _occurrences(view: str, ch: str, lo: int, hi: int) -> Iterator[int]:
    """The positions of `ch` in `view[lo:hi]`."""
    p = view.find(ch, lo, hi)
    while p >= 0:
        yield p
        p = view.find(ch, p + 1, hi)


def _adjacent(view: str, a: int, b: int) -> bool:
    """Whether only white space (a page's line break) lies between `a` and `b`."""
    return a <= b and all(ch in _GAPS for ch in view[a:b])


def _last_of_run(view: str, acts: list[TriggerHit]) -> TriggerHit | None:
    """The last noun of the phrase starting at acts[0], the phrase ending at the next content verb
    or at a `暨` (the activity before it names the joint event)."""
    if not acts:
        return None
    if acts[0].role is _VERB:
        return acts[0]
    last = acts[0]
    for h in acts[1:]:
        if h.role is _VERB or JOINT in view[last.end : h.start]:
            break
        last = h
    return last


def _qualifier(view: str, acts: list[TriggerHit], head: TriggerHit) -> TriggerHit | None:
    """The specific activity written directly before a general head, if any."""
    prev = None  # the activity before the head (found by identity, not compared field by field)
    for h in acts:
        if h is head:
            break
        prev = h
    if prev is None or prev.role is _GENERIC:
        return None
    gap = view[prev.end : head.start]
    return None if gap.strip(_QUALIFIER_GAP) else prev  # nothing but quotes and closers between


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
    return _NAMING_CHAR.search(text) is not None


def _means_end(view: str, seg: tuple[int, int]) -> int:
    """End of a list of means (`采取…、…等途径`) opening the segment, else the segment start."""
    m = means_pattern().search(view, seg[0], seg[1])
    return m.end() if m else seg[0]


def _bare_generic_is_event(view: str, seg: tuple[int, int], head: TriggerHit) -> bool:
    """A general head with no light verb and no specific qualifier, in body text, names an event
    only as the occasion of something (`在…会议上`, `…活动中`); elsewhere it is talk about
    activities (`利用多种活动`, `…大会后`)."""
    return view.find("在", seg[0], head.start) >= 0 and view[head.end : head.end + 1] in ("上", "中")


def _closing_light(
    view: str, seg: tuple[int, int], head: TriggerHit, lights: list[TriggerHit]
) -> TriggerHit | None:
    """The light verb after the head that closes the segment, the activity being its fronted
    object (`…技能大赛将于十月举行`, `…职代会于3月顺利召开`), if any. After 的 the light verb is a
    noun (`通过…活动的开展`): the activity is talked about, not said to take place."""
    for light in lights:
        nominal = view[light.start - 1 : light.start] == NOMINAL
        if light.start >= head.end and not nominal and not view[light.end : seg[1]].strip(_CLOSING_TAIL):
            return light
    return None


def _spoken_of(view: str, seg: tuple[int, int], head: TriggerHit, lights: list[TriggerHit]) -> bool:
    """Whether a topic marker or, for an activity noun, a verb of telling stands before the head
    with no light verb after it (`关于建立…制度`, `通报…法律服务工作`; not `利用…开展培训`)."""
    last_light = seg[0]
    for h in lights:
        if last_light < h.end <= head.start:
            last_light = h.end
    if last_light >= head.start:  # nothing between: no word to look for
        return False
    if topic_marker_pattern().search(view, last_light, head.start):
        return True
    # a verb heads its own clause whatever tells of it: only an activity noun is looked at
    return head.role is not _VERB and report_verb_pattern().search(view, last_light, head.start) is not None


def _field_of_duties(view: str, seg: tuple[int, int], head: TriggerHit, hits: list[TriggerHit]) -> bool:
    """Whether the head noun is listed before a `等` whose phrase is headed by no activity word
    (`…调解和法律援助等工作`, `制度建设等方面`, `集体协商…等多个数据库`), unless 通过 says
    these were done (`通过委托第三方机构调查等方法`)."""
    if view.find(MEANS_TAKEN, seg[0], head.start) >= 0:
        return False
    m = _CLOSER_OR_STOP.search(view, head.end, seg[1])
    if m is None or m.group() != LIST_CLOSER:
        return False
    p = m.start()
    if any(head.end <= h.start < p and h.is_activity for h in hits):
        return False
    m = _LIST_STOP_RE.search(view, p + 1, seg[1])
    stop = m.start() if m else max(p + 1, seg[1])
    return not any(p < h.start and h.end <= stop and h.is_activity for h in hits)


def _patient_before(view: str, lo: int, hi: int) -> bool:
    """Whether the preposition 对 opens a phrase between `lo` and `hi`."""
    return any(
        view[p - 1 : p] not in _NOT_PATIENT_BEFORE and view[p + 1 : p + 2] not in _NOT_PATIENT_AFTER
        for p in _occurrences(view, PATIENT_MARK, lo, hi)
    )


def _in_respect(view: str, seg: tuple[int, int], head: TriggerHit) -> bool:
    """Whether the head sits in `在…方面` (`在签订劳动合同方面，…`)."""
    if view.find(RESPECT_OPEN, seg[0], head.start) < 0:
        return False
    m = _LIST_STOP_RE.search(view, head.end, seg[1])
    p = m.start() if m else max(head.end, seg[1])
    return RESPECT_CLOSE in view[head.end : p]


def _field_heading(view: str, seg: tuple[int, int], head: TriggerHit) -> bool:
    """A heading naming a field of work: its activity noun is followed only by a few characters
    ending in 工作 (`推进建会建家工作`)."""
    tail = view[head.end : seg[1]].rstrip()
    return tail.endswith(WORK) and len(tail) <= FIELD_TAIL_MAX


def choose_head(
    view: str, seg: tuple[int, int], hits: list[TriggerHit], body: bool = True
) -> Head | None:
    """The event of one clause segment, or None when it names no activity."""
    seg_start, seg_end = seg
    # `等` opens every list of means and closes every field of duties, `《` opens every book
    # title: most segments hold neither.
    listed = view.find(LIST_CLOSER, seg_start, seg_end) >= 0
    lo = _means_end(view, seg) if listed else seg_start
    titled = view.find("《", seg_start, seg_end) >= 0
    # Hits come in text order and do not overlap: their ends too are in order.
    if not hits or (lo <= hits[0].start and hits[-1].end <= seg_end):
        inside = hits  # the segment holds every hit of its clause (most do)
    else:
        inside = [h for h in hits if lo <= h.start and h.end <= seg_end]
    acts = []
    lights = []
    for h in inside:
        if h.role is _LIGHT:  # a light verb names no activity itself
            lights.append(h)
        # Words inside a book title name a work, not an activity, unless the work is the
        # publication; a content verb after 的 is a noun (`…的评选和服务`), the topic of
        # the clause, not its act.
        elif (
            h.is_activity
            and (not titled or h.type is _PUBLICATION or not _in_book_title(view, seg_start, h.start))
            and not (h.role is _VERB and view[h.start - 1 : h.start] == "的")
        ):
            acts.append(h)
    light = lights[0] if lights else None
    if light is not None and acts:
        # `对…评选…进行整理`: every activity word sits in the patient of a light verb that
        # introduces none.
        if acts[-1].end <= light.start and _patient_before(view, seg_start, acts[0].start):
            return None
        # A content verb before the light verb heads the clause (`慰问参加…行动的会员`).
        for h in acts:
            if h.end > light.start:
                break
            if h.role is _VERB:
                light = None
                break
    head = None
    introduced = False
    if light is not None:
        after = [h for h in acts if h.start >= light.end]
        head = _last_of_run(view, after)
        introduced = head is not None
        if head is None:
            acts = [h for h in acts if h.end <= light.start]
    if head is None and acts:
        verbs = [h for h in acts if h.role is _VERB]
        head = verbs[0] if verbs else _last_of_run(view, acts)
    if head is None:
        if light is not None and light.type is not None:
            return Head(light.type, light.start, light.end, light.entry.term, True, seg)
        return None
    if not introduced:
        if _spoken_of(view, seg, head, lights) or _in_respect(view, seg, head):
            return None
        if head.role is not _VERB:
            if view.startswith(SLOGAN_LINK, head.end):
                return None
            if listed and _field_of_duties(view, seg, head, inside):
                return None
            if not body and _field_heading(view, seg, head):
                return None
    start, etype, key = head.start, head.type, head.entry.term
    closing = _closing_light(view, seg, head, lights) if lights and not introduced else None
    general = head.role is _GENERIC or view.startswith(WORK, head.end)
    if head.role is _GENERIC:
        qualifier = _qualifier(view, acts, head)
        if qualifier is not None:
            start, etype, key = qualifier.start, qualifier.type, qualifier.entry.term
        else:
            floor = seg[0]  # the end of the last hit before the head, if later
            for h in inside:
                if h.end > head.start:
                    break  # hits come in text order
                floor = max(floor, h.end)
            if not _names_something(view, floor, head):
                return None
            if (
                body
                and not introduced
                and not _bare_generic_is_event(view, seg, head)
                and closing is None
            ):
                return None
            start = _widen(view, head, floor)
    assert etype is not None
    told_end = closing.end if closing is not None else None
    return Head(etype, start, head.end, key, introduced, seg, general, told_end)
