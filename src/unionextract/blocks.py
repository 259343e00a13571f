"""Lines -> blocks: kinds, column breaks joined, heading levels and the headings that scope each block.

Steps, each a small pass over the non-blank lines ("pieces") of the view:

1. each piece gets a role from its own shape (`headings.py`): a numbered heading or list item,
   a section title (【…】, ■…■), a number alone, a subtitle, a byline, a title-like short line,
   or body text;
2. a number alone (or a bare numbering) and the short title after it form one heading, with a
   short label line before the number when there is one (`亮点` / `1` / `提高政治站位…`);
3. short lines next to a figure gap are photo captions (see `FIGURE_GAP`);
4. the headline is found (see `_find_title`), with its kicker line and subtitle;
5. body pieces that do not end a sentence are joined with the body piece after them, across
   blank lines: a column break (`提\\n\\n出了`) leaves one block, not two;
6. heading levels nest by marker rank (第一部分 > 一、 > (一) > 1. > (1) > ①); unnumbered
   heading styles (【…】, ■…■, `label:title`, spaced titles, plain titles, `亮点 1`) nest in the
   order a document first uses them, the way reStructuredText ranks its underline styles;
   a style seen again closes the deeper headings and opens a sibling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import headings as H
from .structure import Block, BlockKind

# Text converted from a laid-out page leaves a figure as a run of blank lines: in the seed
# pages three or more, where paragraphs are one blank line apart. A short line right before
# or after such a gap is the photo's caption (参观劳模事迹巡回展), not a heading.
FIGURE_GAP = 3
MAX_CAPTION_CHARS = 30
# A label before a number line (亮点 / 1 / title) is a word or two.
MAX_LABEL_CHARS = 6
# A kicker (引题) is a phrase, not a one-word page label (栏目).
MIN_KICKER_CHARS = 6
# The lead is a real paragraph, not a stray fragment of a broken column.
MIN_LEAD_CHARS = 10


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    gap_before: int  # blank lines before it (all of them for the first piece)
    gap_after: int
    role: str = "body"
    style: tuple[str, ...] = ()
    rank: int | None = None


# --- 1. pieces and their own shape ---------------------------------------------------

_WORD = re.compile(r"[^\W_]")
_PUNCT_ONLY = H.SENTENCE_FINAL | H.CLOSERS | {",", "、"}


def _lines(view: str) -> list[Piece]:
    """Non-blank lines, stripped, with the blank lines around them counted."""
    found: list[tuple[int, int, str, int]] = []  # start, end, text, blank lines before
    blank = 0
    pos = 0
    for line in view.split("\n"):
        text = line.strip()
        if text.startswith("\ufeff"):  # a byte-order mark kept at the start of the text
            text = text[1:].lstrip()
        if text and (_WORD.search(text) or all(ch in _PUNCT_ONLY for ch in text)):
            s = pos + line.index(text)
            found.append((s, s + len(text), text, blank))
            blank = 0
        else:  # blank, or symbols only (table rules `|`, stray `×`)
            blank += 1
        pos += len(line) + 1
    pieces = []
    for k, (s, e, text, before) in enumerate(found):
        after = found[k + 1][3] if k + 1 < len(found) else blank
        pieces.append(Piece(s, e, text, before, after))
    return pieces


def _shape(p: Piece) -> Piece:
    t = p.text
    if not _WORD.search(t):
        return replace(p, role="punct")
    if H.is_subtitle(t):
        return replace(p, role="subtitle")
    if H.is_byline(t) or H.is_chrome(t):
        return replace(p, role="caption")
    sec = H.section(t)
    if sec is not None:
        name, end = sec
        rest = t[end:].strip()
        if not rest or H.title_style(rest):
            return replace(p, role="heading", style=("section", name))
        return replace(p, role="body")
    b = H.bullet_end(t)
    m = H.marker(t, b)
    if m is not None and b:  # a bulleted line is an item of a list, whatever follows
        return replace(p, role="list")
    if m is not None:
        rest = t[m.end :]
        if not rest:
            return replace(p, role="bare_marker", style=("marker", m.name), rank=m.rank)
        if H.title_style(rest, allow_final=True):
            return replace(p, role="heading", style=("marker", m.name), rank=m.rank)
        return replace(p, role="list")
    if b or H.enumeration(t, b):
        return replace(p, role="list")
    if H.is_number_line(t):
        return replace(p, role="number")
    style = H.title_style(t)
    if style is not None:
        return replace(p, role="headlike", style=("title", style))
    return p


# --- 2. number + title headings -------------------------------------------------------

def _merge_numbered(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if p.role in ("number", "bare_marker") and nxt is not None and nxt.role == "headlike" \
                and nxt.gap_before < FIGURE_GAP:
            first = p
            style, rank = p.style, p.rank
            if p.role == "number":
                style, rank = ("numbered",), None
                label = out[-1] if out else None
                if label is not None and label.role == "headlike" and p.gap_before < FIGURE_GAP \
                        and len(label.text) <= MAX_LABEL_CHARS and not any(c.isdigit() for c in label.text):
                    first = out.pop()
                    style = ("numbered", first.text)
            out.append(Piece(first.start, nxt.end, "", first.gap_before, nxt.gap_after,
                             role="heading", style=style, rank=rank))
            i += 2
            continue
        if p.role == "number":
            p = replace(p, role="body")
        elif p.role == "bare_marker":
            p = replace(p, role="list")
        out.append(p)
        i += 1
    return out


# --- 3. captions ------------------------------------------------------------------------

def _captions(pieces: list[Piece]) -> list[Piece]:
    last = len(pieces) - 1
    out = []
    for i, p in enumerate(pieces):
        if p.role == "headlike" and len(p.text) <= MAX_CAPTION_CHARS and (
            (i > 0 and p.gap_before >= FIGURE_GAP) or (i < last and p.gap_after >= FIGURE_GAP)
        ):
            p = replace(p, role="caption")
        out.append(p)
    return out


# --- 4. the headline ----------------------------------------------------------------------

def _find_title(pieces: list[Piece]) -> int | None:
    """The headline: a title-like line that a subtitle or byline follows, or that carries a
    serial part mark ((上), (下)); failing those, the first title-like line when nothing but
    captions and page furniture come before it."""
    for i, p in enumerate(pieces):
        if p.role != "headlike":
            continue
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if nxt is not None and nxt.gap_before < FIGURE_GAP and (
            nxt.role == "subtitle" or (nxt.role == "caption" and H.is_byline(nxt.text))
        ):
            return i
        if H.has_series_mark(p.text):
            return i
    for i, p in enumerate(pieces):  # page furniture and captions may stand above the headline
        if p.role == "headlike":
            return i
        if p.role not in ("caption", "punct"):
            break
    return None


def _mark_title(pieces: list[Piece]) -> tuple[list[Piece], int | None]:
    pieces = list(pieces)
    t = _find_title(pieces)
    if t is not None:
        pieces[t] = replace(pieces[t], role="title")
        prev = pieces[t - 1] if t > 0 else None
        if prev is not None and prev.role == "headlike" and pieces[t].gap_before < FIGURE_GAP - 1 \
                and len(prev.text) >= MIN_KICKER_CHARS:
            pieces[t - 1] = replace(prev, role="title")  # the kicker (引题) above the headline
        nxt = pieces[t + 1] if t + 1 < len(pieces) else None
        if nxt is not None and nxt.role == "subtitle":
            pieces[t + 1] = replace(nxt, role="title")
    for i, p in enumerate(pieces):  # a dash line away from the headline reads as any other line
        if p.role == "subtitle":
            style = H.title_style(p.text.lstrip("—-─ "))
            pieces[i] = (
                replace(p, role="headlike", style=("title", style)) if style else replace(p, role="body")
            )
    return pieces, t


# --- 5. joining column breaks ----------------------------------------------------------------

_BODY = ("body", "list")


def _join(pieces: list[Piece]) -> list[list[Piece]]:
    groups: list[list[Piece]] = []
    for p in pieces:
        if groups:
            g = groups[-1]
            head, tail = g[0], g[-1]
            if head.role in _BODY and tail.role != "punct" and not H.ends_block(tail.text) \
                    and p.role in ("body", "punct") and p.gap_before < FIGURE_GAP:
                g.append(p)
                continue
        groups.append([p])
    return groups


# --- 6. kinds, levels, scope -----------------------------------------------------------------

_KINDS = {
    "title": BlockKind.TITLE,
    "heading": BlockKind.HEADING,
    "headlike": BlockKind.HEADING,
    "caption": BlockKind.CAPTION,
    "list": BlockKind.LIST_ITEM,
    "body": BlockKind.PARAGRAPH,
    "punct": BlockKind.PARAGRAPH,
}


def build_blocks(view: str) -> tuple[list[Block], int | None]:
    """The blocks of the view, and the index of the headline block (None if no headline)."""
    pieces = [_shape(p) for p in _lines(view)]
    pieces = _captions(_merge_numbered(pieces))
    pieces, title_piece = _mark_title(pieces)
    groups = _join(pieces)
    title_obj = pieces[title_piece] if title_piece is not None else None

    blocks: list[Block] = []
    stack: list[tuple[tuple[str, ...], int | None, int]] = []  # (style, rank, block index)
    main_title = None
    seen_heading = False
    lead_done = False
    for g in groups:
        head = g[0]
        kind = _KINDS[head.role]
        index = len(blocks)
        level = 0
        if kind is BlockKind.TITLE:
            stack.clear()  # a headline opens a new article
            if head is title_obj:
                main_title = index
        scope = tuple(i for _, _, i in stack)
        if kind is BlockKind.HEADING:
            seen_heading = True
            _close(stack, head.style, head.rank)
            scope = tuple(i for _, _, i in stack)
            level = len(stack) + 1
            stack.append((head.style, head.rank, index))
        elif kind is BlockKind.PARAGRAPH and not lead_done and not seen_heading:
            text = view[head.start : g[-1].end]
            if len(text) >= MIN_LEAD_CHARS and any(ch in H.CLAUSE_PUNCT for ch in text):
                kind, lead_done = BlockKind.LEAD, True
        blocks.append(Block(index, kind, head.start, g[-1].end, level, scope))
    return blocks, main_title


def _close(stack: list, style: tuple[str, ...], rank: int | None) -> None:
    """Close the open headings that a new heading of this style ends (itself and deeper)."""
    for k, (s, r, _) in enumerate(stack):
        if (rank is not None and r is not None and r >= rank) or (rank is None and s == style):
            del stack[k:]
            return
