"""Lines -> blocks: kinds, column breaks joined, heading levels and the headings that scope each block.

Steps, each a small pass over the non-blank lines ("pieces") of the view:

0. cells of a table served flattened (`tables.py`) are pieces of their own (role `cell`);
1. each piece gets a role from its own shape (`headings.py`): a numbered heading or list item,
   a section title (【…】, ■…■), a number alone, a subtitle, a byline or page furniture, a
   title-like short line, or body text; then from its neighbours (`_neighbours`): a title-like
   line after unfinished text goes on with it, a short comma line before an indented paragraph
   is a title;
2. a number alone (or a bare numbering) and the short title after it form one heading, with a
   short label line before the number when there is one (`亮点` / `1` / `提高政治站位…`);
   a numbered line takes the part (heading or list item) of the sibling before it;
3. short lines next to a figure gap are photo captions (see `FIGURE_GAP`);
4. the headline is found (see `_find_title`), with its kicker line and subtitle; title-like
   lines of the site's header (above a breadcrumb), right above the headline, repeating it, or
   after the last text of the page are furniture (captions);
5. body pieces that do not end a sentence are joined with the body piece after them, across
   blank lines: a column break (`提\\n\\n出了`) leaves one block, not two;
6. heading levels nest by marker rank (第一部分 > 一、 > (一) > 1. > (1) > ①); unnumbered
   heading styles (【…】, ■…■, `label:title`, spaced titles, plain titles, `亮点 1`) nest in the
   order a document first uses them, the way reStructuredText ranks its underline styles;
   a style seen again closes the deeper headings and opens a sibling. A numbered heading
   after a plain topic title that already had its text is not nested under that title.
   Paragraphs after a list item record it (`Block.item`): they go on with its point.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import headings as H
from .structure import Block, BlockKind
from .tables import TableCell, find_tables

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


class Piece(NamedTuple):  # a light record: a few hundred are made and remade per document
    start: int
    end: int
    text: str
    gap_before: int  # blank lines before it (all of them for the first piece)
    gap_after: int
    role: str = "body"
    style: tuple[str, ...] = ()
    rank: int | None = None
    cell: TableCell | None = None
    indent: int = 0  # spaces before the text on its line (a web page's paragraph indent)


# --- 1. pieces and their own shape ---------------------------------------------------

# A piece made from all its fields at once, without the keyword handling of `Piece(...)`.
_new_piece = tuple.__new__

_WORD = re.compile(r"[^\W_]")
_PUNCT_ONLY = H.SENTENCE_FINAL | H.CLOSERS | {",", "、"}


def _lines(view: str) -> list[Piece]:
    """Non-blank lines, stripped, with the blank lines around them counted."""
    found: list[tuple] = []  # Piece fields but the blank lines after (filled in below)
    blank = 0
    pos = 0
    for line in view.split("\n"):
        text = line.strip()
        if text:
            if text[0] == "\ufeff":  # a byte-order mark kept at the start of the text
                text = text[1:].lstrip()
                at = line.index(text)
            else:  # where the spaces stripped end
                at = 0 if text[0] == line[0] else line.index(text)
            if text and (_WORD.search(text) or all(ch in _PUNCT_ONLY for ch in text)):
                s = pos + at
                found.append((s, s + len(text), text, blank, s - pos))
                blank = 0
            else:  # symbols only (table rules `|`, stray `×`)
                blank += 1
        else:
            blank += 1
        pos += len(line) + 1
    if not found:
        return []
    # the blank lines after a piece are those before the next one (or all the rest)
    afters = [f[3] for f in found[1:]]
    afters.append(blank)
    return [
        _new_piece(Piece, (s, e, text, before, after, "body", (), None, None, indent))
        for (s, e, text, before, indent), after in zip(found, afters, strict=True)
    ]


_SEGMENT = re.compile(r"[^|]+")


def _with_cells(view: str, pieces: list[Piece], cells: list[TableCell]) -> list[Piece]:
    """Lines that hold table cells become one piece per cell (role `cell`); text that shares
    such a line but is no cell of the table stays a body piece of its own."""
    if not cells:
        return pieces
    by_start = {c.start: c for c in cells}
    starts = sorted(by_start)
    out: list[Piece] = []
    k = 0
    for p in pieces:
        while k < len(starts) and starts[k] < p.start:
            k += 1
        if k == len(starts) or starts[k] >= p.end:
            out.append(p)
            continue
        for m in _SEGMENT.finditer(view, p.start, p.end):
            text = m.group().strip()
            if not text:
                continue
            s = m.start() + m.group().index(text)
            cell = by_start.get(s)
            gap = p.gap_before if s == p.start else 0
            if cell is not None:
                out.append(Piece(s, s + len(text), text, gap, 0, role="cell", cell=cell, indent=p.indent))
            elif _WORD.search(text):
                out.append(Piece(s, s + len(text), text, gap, 0, indent=p.indent))
    return out


def _as(p: Piece, role: str, style: tuple[str, ...] = (), rank: int | None = None) -> Piece:
    """A body piece (no style, no rank yet) with the role its shape gives it: `_replace`, less
    its generic work, for the hundreds of lines of a document (built from its fields at once,
    without the keyword handling of `Piece(...)`)."""
    fields = (p.start, p.end, p.text, p.gap_before, p.gap_after, role, style, rank, p.cell, p.indent)
    return _new_piece(Piece, fields)


# Past this length a line is neither page furniture, a byline or a subtitle, nor a title
# (`headings.title_style`): running text, unless a numbering or a section mark opens it.
_PLAIN_MAX = max(H.MAX_BYLINE_CHARS, H.MAX_CHROME_CHARS, H.MAX_HEADING_CHARS, H.MAX_SUBTITLE_CHARS)


def _shape(p: Piece) -> Piece:
    if p.role != "body":
        return p
    t = p.text
    if not _WORD.search(t):
        return _as(p, "punct")
    if len(t) > _PLAIN_MAX:
        # running text, unless numbered: the furniture patterns need not be tried on it
        if not H.opens_numbered(t):
            return p
    elif H.opens_plainly(t):  # most lines: the checks below that look at the start all fail
        if H.furniture_inside(t):
            return _as(p, "caption")
        style = H.title_style(t)
        return p if style is None else _as(p, "headlike", style=("title", style))
    if H.is_subtitle(t):
        return _as(p, "subtitle")
    if H.is_byline(t) or H.is_chrome(t):
        return _as(p, "caption")
    sec = H.section(t)
    if sec is not None:
        name, end = sec
        rest = t[end:].strip()
        if not rest or H.title_style(rest):
            return _as(p, "heading", style=("section", name))
        return _as(p, "body")
    b = H.bullet_end(t)
    m = H.marker(t, b)
    if m is not None and b:  # a bulleted line is an item of a list, whatever follows
        return _as(p, "list", style=("marker", m.name), rank=m.rank)
    if m is not None:
        rest = t[m.end :]
        if not rest:
            return _as(p, "bare_marker", style=("marker", m.name), rank=m.rank)
        if H.title_style(rest, allow_final=True):
            return _as(p, "heading", style=("marker", m.name), rank=m.rank)
        return _as(p, "list", style=("marker", m.name), rank=m.rank)
    if b or H.enumeration(t, b):
        return _as(p, "list")
    if H.is_number_line(t):
        return _as(p, "number")
    style = H.title_style(t)
    if style is not None:
        return _as(p, "headlike", style=("title", style))
    return p


# --- 1b. what the neighbours say about a short line --------------------------------------

def _unfinished(p: Piece | None) -> bool:
    """Running text that has not ended (a list item may be a bare link or title: no evidence)."""
    return p is not None and p.role == "body" and not H.ends_block(p.text)


def _neighbours(pieces: list[Piece]) -> list[Piece]:
    """A title-like line inside running text is a broken clause; a short line with a comma
    that a new indented paragraph follows stands apart, as a title.

    - after body text that has not ended (`…在区委的领导和` / `支持下…`), the line goes on with it
      (a one-character stub after a title, `心。`, is no such evidence: broken columns of laid-out
      pages drop such stubs anywhere);
    - between finished text and a paragraph indented deeper than itself, a short comma line
      that reads as a title otherwise (`关于民生实事,职工怎么看`) is one.
    """
    out: list[Piece] = []
    for i, p in enumerate(pieces):
        prev = out[-1] if out else None
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        indented_next = nxt is not None and nxt.role == "body" and nxt.indent > p.indent
        if p.role == "headlike" and not (nxt is not None and nxt.indent > p.indent):
            if _unfinished(prev) and p.gap_before < FIGURE_GAP and p.indent <= prev.indent:
                p = p._replace(role="body", style=())
        elif p.role == "body" and indented_next and not _unfinished(prev) and not H.ends_block(p.text):
            style = H.title_style(p.text, allow_comma=True)
            if style is not None and not any(ch in H.SENTENCE_FINAL for ch in p.text):
                p = p._replace(role="headlike", style=("title", style))
        out.append(p)
    return out


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
            p = p._replace(role="body")
        elif p.role == "bare_marker":
            p = p._replace(role="list")
        out.append(p)
        i += 1
    return out


def _siblings(pieces: list[Piece]) -> list[Piece]:
    """A numbered line takes the part of the sibling before it: after `八、` as a list item
    carrying a sentence, `九、其他各项工作。` is the next item, not a heading. Siblings are lines
    with the same numbering since the last line of an outer rank or the last unnumbered title."""
    out: list[Piece] = []
    last: dict[str, tuple[str, int]] = {}  # numbering name -> (role of its last line, rank)
    for p in pieces:
        if p.rank is not None and p.style[:1] == ("marker",):
            name = p.style[1]
            if p.role == "heading" and last.get(name, ("",))[0] == "list":
                p = p._replace(role="list")
            for other in [n for n, (_, r) in last.items() if r > p.rank]:
                del last[other]  # a line of an outer rank starts the inner numberings afresh
            last[name] = (p.role, p.rank)
        elif p.role in ("heading", "headlike", "title"):
            last.clear()  # a new section numbers afresh
        out.append(p)
    return out


# --- 3. captions ------------------------------------------------------------------------

def _captions(pieces: list[Piece]) -> list[Piece]:
    last = len(pieces) - 1
    out = []
    for i, p in enumerate(pieces):
        if p.role == "headlike" and len(p.text) <= MAX_CAPTION_CHARS and (
            (i > 0 and p.gap_before >= FIGURE_GAP) or (i < last and p.gap_after >= FIGURE_GAP)
        ):
            p = p._replace(role="caption")
        out.append(p)
    return out


# --- 3b. page furniture ------------------------------------------------------------------

_CONTENT = ("body", "list", "cell")


def _site_header(pieces: list[Piece]) -> list[Piece]:
    """Title-like lines above the last breadcrumb or `you are here` line that comes before any
    text are the site's own header (its name, its menu), not the article's."""
    nav = None
    for i, p in enumerate(pieces):
        if p.role in _CONTENT:
            break
        if p.role == "caption" and H.is_navigation(p.text):
            nav = i
    if nav is None:
        return pieces
    return [_furniture(p) if i < nav else p for i, p in enumerate(pieces)]


def _trailing(pieces: list[Piece]) -> list[Piece]:
    """Title-like lines after the last text of the page (site links, a sign-off) scope
    nothing: they are furniture, not headings."""
    last = max((i for i, p in enumerate(pieces) if p.role in _CONTENT), default=None)
    if last is None:
        return pieces
    return [_furniture(p) if i > last else p for i, p in enumerate(pieces)]


def _furniture(p: Piece) -> Piece:
    return p._replace(role="caption") if p.role == "headlike" else p


# --- 4. the headline ----------------------------------------------------------------------

def _find_title(pieces: list[Piece]) -> int | None:
    """The headline: a title-like line that a subtitle, byline or dateline follows, or that carries a
    serial part mark ((上), (下)); failing those, the first title-like line when nothing but
    captions and page furniture come before it."""
    for i, p in enumerate(pieces):
        if p.role != "headlike":
            continue
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if nxt is not None and nxt.gap_before < FIGURE_GAP and (
            nxt.role == "subtitle"
            or (nxt.role == "caption" and (H.is_byline(nxt.text) or H.is_dateline(nxt.text)))
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
        pieces[t] = pieces[t]._replace(role="title")
        prev = pieces[t - 1] if t > 0 else None
        if prev is not None and prev.role == "headlike" and pieces[t].gap_before < FIGURE_GAP - 1 \
                and len(prev.text) >= MIN_KICKER_CHARS:
            pieces[t - 1] = prev._replace(role="title")  # the kicker (引题) above the headline
        nxt = pieces[t + 1] if t + 1 < len(pieces) else None
        if nxt is not None and nxt.role == "subtitle":
            pieces[t + 1] = nxt._replace(role="title")
        # Title-like lines right above the headline (and its kicker) are the page's menu and
        # section labels; lines repeating the headline are the page printing it again.
        k = t - 1
        while k >= 0 and pieces[k].role in ("title", "headlike", "caption", "punct"):
            if pieces[k].role == "headlike":
                pieces[k] = pieces[k]._replace(role="caption")
            k -= 1
        headline = pieces[t].text
        for i in range(t + 1, len(pieces)):
            if pieces[i].role in ("headlike", "heading") and pieces[i].text == headline:
                pieces[i] = pieces[i]._replace(role="caption")
    for i, p in enumerate(pieces):  # a dash line away from the headline reads as any other line
        if p.role == "subtitle":
            style = H.title_style(p.text.lstrip("—-─ "))
            pieces[i] = (
                p._replace(role="headlike", style=("title", style)) if style else p._replace(role="body")
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
    "cell": BlockKind.TABLE_CELL,
}


# Unnumbered title styles that name a topic (a plain or spaced line), as opposed to a
# container (a department `label:title`, a bracketed or boxed section).
_TOPIC_STYLES = ("plain", "spaced")
_CONTENT_KINDS = (BlockKind.LEAD, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL)
# Enum members read once: looking one up on its class is slow, and every block asks.
_TITLE, _HEADING, _LEAD, _PARAGRAPH = BlockKind.TITLE, BlockKind.HEADING, BlockKind.LEAD, BlockKind.PARAGRAPH
_LIST_ITEM, _TABLE_CELL = BlockKind.LIST_ITEM, BlockKind.TABLE_CELL


def build_blocks(view: str) -> tuple[list[Block], int | None]:
    """The blocks of the view, and the index of the headline block (None if no headline)."""
    pieces = [_shape(p) for p in _with_cells(view, _lines(view), find_tables(view))]
    pieces = _captions(_siblings(_merge_numbered(_neighbours(pieces))))
    pieces, title_piece = _mark_title(_site_header(pieces))
    pieces = _trailing(pieces)
    groups = _join(pieces)
    title_obj = pieces[title_piece] if title_piece is not None else None

    blocks: list[Block] = []
    stack: list[tuple[tuple[str, ...], int | None, int]] = []  # (style, rank, block index)
    used: set[int] = set()  # headings that some body text, table or list item came under
    item: int | None = None  # the list item that the paragraphs after it go on with
    main_title = None
    seen_heading = False
    lead_done = False
    # The indices of the open headings, outermost first: read off the stack again only after a
    # heading or title changed it (most blocks are body text under the same headings).
    open_scope: tuple[int, ...] | None = ()
    for g in groups:
        head = g[0]
        kind = _KINDS[head.role]
        index = len(blocks)
        level = 0
        if kind is _TITLE:
            stack.clear()  # a headline opens a new article
            open_scope = ()
            if head is title_obj:
                main_title = index
        if open_scope is None:
            open_scope = tuple(i for _, _, i in stack)
        scope = open_scope
        if kind is _HEADING:
            open_scope = None
            seen_heading = True
            _close(stack, head.style, head.rank)
            if head.rank is not None:
                # A numbered heading after a plain title that already had its text opens a
                # section of the numbered outline beside that topic, not inside it.
                while stack and stack[-1][0][:1] == ("title",) and stack[-1][0][1] in _TOPIC_STYLES \
                        and stack[-1][2] in used:
                    stack.pop()
            scope = tuple(i for _, _, i in stack)
            level = len(stack) + 1
            stack.append((head.style, head.rank, index))
        elif kind is _PARAGRAPH and not lead_done and not seen_heading:
            text = view[head.start : g[-1].end]
            if len(text) >= MIN_LEAD_CHARS and any(ch in H.CLAUSE_PUNCT for ch in text):
                kind, lead_done = _LEAD, True
        if kind in _CONTENT_KINDS:
            used.update(scope)
        if kind is _TABLE_CELL:
            lead_done = True  # the lead opens the text; a note under a table is no lead
        if kind in (_HEADING, _TITLE, _TABLE_CELL, _LIST_ITEM):
            item = index if kind is _LIST_ITEM else None
        continued = item if kind is _PARAGRAPH and item != index else None
        blocks.append(Block(index, kind, head.start, g[-1].end, level, scope, head.cell, continued))
    return blocks, main_title


def _close(stack: list, style: tuple[str, ...], rank: int | None) -> None:
    """Close the open headings that a new heading of this style ends (itself and deeper)."""
    for k, (s, r, _) in enumerate(stack):
        if (rank is not None and r is not None and r >= rank) or (rank is None and s == style):
            del stack[k:]
            return
