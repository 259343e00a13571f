"""The structure of a document: blocks, sentences and clauses, with fast position lookups.

Every span is `[start, end)` in the raw text (the normalised view has the same length), and
starts at its first and ends after its last non-space character. Sentences and clauses of a
block that was broken across a column (`提\\n\\n出了`) keep the line breaks inside their span.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum

from .tables import TableCell


class BlockKind(str, Enum):
    TITLE = "title"  # the headline, with its kicker and subtitle lines
    HEADING = "heading"
    LEAD = "lead"  # the first body paragraph, before any heading
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"  # a numbered or bulleted item that carries body text
    CAPTION = "caption"  # photo captions, bylines and page furniture: not body text
    TABLE_CELL = "table_cell"  # one cell of a statistical table served flattened (`6941 | 6254`)


# Blocks, sentences and clauses are not frozen: hundreds are built per document, and a frozen
# dataclass sets each field the slow way. They hash by their fields all the same; nothing
# changes them once built.
@dataclass(slots=True, unsafe_hash=True)
class Block:
    index: int
    kind: BlockKind
    start: int
    end: int
    level: int  # heading level (1 = top), 0 for every other kind
    scope: tuple[int, ...]  # indices of the heading blocks scoping this block, outermost first
    cell: TableCell | None = None  # for a TABLE_CELL: its row, column, row label and column header
    # For a PARAGRAPH after a list item (before the next item, heading or table): that item's
    # index, the paragraph going on with the item's point. None otherwise.
    item: int | None = None


# Enum members read once: looking one up on its class is slow, and the lookups below run often.
_HEADING, _LIST_ITEM = BlockKind.HEADING, BlockKind.LIST_ITEM


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    index: int
    start: int
    end: int
    block: int


@dataclass(slots=True, unsafe_hash=True)
class Clause:
    index: int
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Structure:
    view: str
    blocks: list[Block]
    sentences: list[Sentence]
    clauses: list[Clause]
    # Which TITLE block is the headline itself (the others are its kicker and subtitle).
    main_title: int | None = None
    _block_starts: list[int] = field(init=False, repr=False, compare=False)
    _sentence_starts: list[int] = field(init=False, repr=False, compare=False)
    _sentence_ends: list[int] = field(init=False, repr=False, compare=False)
    _clause_starts: list[int] = field(init=False, repr=False, compare=False)
    _first_clause: list[int] = field(init=False, repr=False, compare=False)
    # Per block, the index of its first sentence (of the first sentence after it, for a block
    # holding none): the org and period finders ask for the sentences before each sentence.
    _first_sentence: list[int] = field(init=False, repr=False, compare=False)
    # Per block, the headings scoping it and those scoping what follows it (itself too, for a
    # heading): every metric and event asks, several times over.
    _scopes: list[tuple[Block, ...]] = field(init=False, repr=False, compare=False)
    _scopes_after: list[tuple[Block, ...]] = field(init=False, repr=False, compare=False)
    # The same chains as (start, end) spans: the org, period and status finders key their
    # per-chain caches by them, for every sentence and heading they read.
    _scope_spans: list[tuple[tuple[int, int], ...]] = field(init=False, repr=False, compare=False)
    _scope_spans_after: list[tuple[tuple[int, int], ...]] = field(init=False, repr=False, compare=False)
    _lead: Block | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_block_starts", [b.start for b in self.blocks])
        object.__setattr__(self, "_sentence_starts", [s.start for s in self.sentences])
        object.__setattr__(self, "_sentence_ends", [s.end for s in self.sentences])
        object.__setattr__(self, "_clause_starts", [c.start for c in self.clauses])
        # first[i]..first[i+1] are the clauses of sentence i (clauses come in sentence order).
        first = [0] * (len(self.sentences) + 1)
        for c in self.clauses:
            first[c.sentence + 1] += 1
        for i in range(len(self.sentences)):
            first[i + 1] += first[i]
        object.__setattr__(self, "_first_clause", first)
        starts = self._sentence_starts
        object.__setattr__(
            self, "_first_sentence", [bisect_right(starts, b.start - 1) for b in self.blocks]
        )
        chains: dict[tuple[int, ...], tuple[Block, ...]] = {}  # blocks of a section share theirs
        scopes = []
        for b in self.blocks:
            chain = chains.get(b.scope)
            if chain is None:
                chain = chains[b.scope] = tuple(map(self.blocks.__getitem__, b.scope))
            scopes.append(chain)
        after = [
            (*chain, b) if b.kind is _HEADING else chain
            for b, chain in zip(self.blocks, scopes, strict=True)
        ]
        object.__setattr__(self, "_scopes", scopes)
        object.__setattr__(self, "_scopes_after", after)
        # Blocks of a section share one chain object: its spans are made once, found by the
        # chain's identity (hashing blocks by their fields would cost more than the spans).
        spans_of: dict[int, tuple[tuple[int, int], ...]] = {}
        for chain in (*scopes, *after):
            if id(chain) not in spans_of:
                spans_of[id(chain)] = tuple((h.start, h.end) for h in chain)
        object.__setattr__(self, "_scope_spans", [spans_of[id(chain)] for chain in scopes])
        object.__setattr__(self, "_scope_spans_after", [spans_of[id(chain)] for chain in after])
        object.__setattr__(self, "_lead", next((b for b in self.blocks if b.kind is BlockKind.LEAD), None))

    def block_at(self, pos: int) -> Block | None:
        i = bisect_right(self._block_starts, pos) - 1
        if i >= 0 and pos < self.blocks[i].end:
            return self.blocks[i]
        return None

    def sentence_at(self, pos: int) -> Sentence | None:
        # asked for every figure and event by several finders: one bisect and two list reads
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self._sentence_ends[i]:
            return self.sentences[i]
        return None

    def clause_at(self, pos: int) -> Clause | None:
        i = bisect_right(self._clause_starts, pos) - 1
        if i >= 0 and pos < self.clauses[i].end:
            return self.clauses[i]
        return None

    def clause_starts(self) -> list[int]:
        """The clauses' starts, in order (not to be changed): for callers bisecting many positions."""
        return self._clause_starts

    def clauses_of(self, sentence: Sentence) -> list[Clause]:
        return self.clauses[self._first_clause[sentence.index] : self._first_clause[sentence.index + 1]]

    def sentences_of(self, block: Block) -> list[Sentence]:
        lo = self._first_sentence[block.index]
        hi = bisect_right(self._sentence_starts, block.end - 1, lo)
        return self.sentences[lo:hi]

    def earlier_in_block(self, sentence: Sentence) -> list[Sentence]:
        """The sentences of `sentence`'s block that end before it starts, nearest first."""
        # Sentences come in order without overlapping, each inside its block: those of the
        # block before this one are the ones from the block's first up to it.
        lo = self._first_sentence[sentence.block]
        return self.sentences[lo : sentence.index][::-1]

    def headings_of(self, pos: int, include_self: bool = False) -> list[Block]:
        """The heading chain that scopes the text at `pos`, outermost first.

        For a position inside a heading, the headings above it: a quantity in a heading is
        qualified by the heading's own words where it stands, and by the headings above for
        what the heading leaves out (org, period, status). `include_self` adds the heading
        itself at the end (to read the chain of section names, say).
        Between blocks, the chain that scopes what follows the preceding block.
        """
        i, after = self._chain_at(pos, include_self)
        if i < 0:
            return []
        return list((self._scopes_after if after else self._scopes)[i])

    def heading_spans(self, pos: int) -> tuple[tuple[int, int], ...]:
        """`headings_of(pos)` as (start, end) spans, outermost first (not to be changed)."""
        i, after = self._chain_at(pos)
        if i < 0:
            return ()
        return (self._scope_spans_after if after else self._scope_spans)[i]

    def _chain_at(self, pos: int, include_self: bool = False) -> tuple[int, bool]:
        """The block whose chain scopes `pos` (-1 before the first) and whether it is the chain
        of what follows the block: between blocks, or inside a heading with `include_self`."""
        i = bisect_right(self._block_starts, pos) - 1
        return i, i >= 0 and (include_self or pos >= self.blocks[i].end)

    def item_of(self, pos: int) -> Block | None:
        """The list item that the text at `pos` belongs to: the item itself, or the item that a
        paragraph after it goes on with; None elsewhere."""
        block = self.block_at(pos)
        if block is None:
            return None
        if block.kind is _LIST_ITEM:
            return block
        return None if block.item is None else self.blocks[block.item]

    def table_cell_at(self, pos: int) -> TableCell | None:
        """The table cell at `pos` (its row label and column header spans), None outside tables."""
        block = self.block_at(pos)
        return None if block is None else block.cell

    def table_cells(self) -> list[TableCell]:
        return [b.cell for b in self.blocks if b.cell is not None]

    def lead(self) -> Block | None:
        return self._lead

    def title(self) -> Block | None:
        """The headline: the main title line (not its kicker or subtitle)."""
        return None if self.main_title is None else self.blocks[self.main_title]
