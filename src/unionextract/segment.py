"""Document structure: blocks (title, heading, lead, paragraph, list item, caption, table cell)
with the headings that scope them, sentences and clauses, all as raw-text spans. Table cells
know their row label and column header (`Structure.table_cell_at`).

    >>> from unionextract.text import normalise
    >>> s = segment(normalise("一、工作回顾\\n\\n全年新建工会12家，发展会员300人。"))
    >>> [(b.kind.value, b.level) for b in s.blocks]
    [('heading', 1), ('paragraph', 0)]
    >>> [s.view[c.start:c.end] for c in s.clauses]
    ['一、工作回顾', '全年新建工会12家,', '发展会员300人。']

`segment` takes the normalised view (`text.normalise(raw)`), which has the raw text's length,
so every offset is a raw offset.
"""

from __future__ import annotations

from .blocks import build_blocks
from .sentences import split_block
from .structure import Block, BlockKind, Clause, Sentence, Structure
from .tables import TableCell

__all__ = ["Block", "BlockKind", "Clause", "Sentence", "Structure", "TableCell", "segment"]


def segment(view: str) -> Structure:
    blocks, main_title = build_blocks(view)
    sentences: list[Sentence] = []
    clauses: list[Clause] = []
    add_sentence, add_clause = sentences.append, clauses.append
    index = k = 0  # the next sentence's and the next clause's index
    for b in blocks:
        block = b.index
        for s_start, s_end, parts in split_block(view, b.start, b.end):
            add_sentence(Sentence(index, s_start, s_end, block))
            for c_start, c_end in parts:
                add_clause(Clause(k, c_start, c_end, index))
                k += 1
            index += 1
    return Structure(view, blocks, sentences, clauses, main_title=main_title)
