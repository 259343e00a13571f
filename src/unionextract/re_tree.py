"""`re`'s own parser and compiler, for the few places that work on a pattern's syntax tree.

Reading what every match of a pattern needs, spelling out a translated class once, compiling
optional parts as branches: each walks the tree `re`'s parser makes. These are the standard
library's internal modules (`re._parser`, `re._compiler`; `sre_parse`, `sre_compile` before
Python 3.11); every caller falls back to the plain pattern where they differ.
"""

from __future__ import annotations

try:
    from re import _compiler as compiler
    from re import _parser as parser
except ImportError:  # Python 3.10
    import sre_compile as compiler
    import sre_parse as parser

__all__ = ["ATOMIC", "REPEATS", "compiler", "map_nested", "parser"]

# The repeats (`*`, `*?`, `*+` and their counted forms) and the atomic group (Python 3.11+)
REPEATS = (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", parser.MAX_REPEAT))
ATOMIC = getattr(parser, "ATOMIC_GROUP", None)


def map_nested(op, av, fn):
    """The argument `av` of the node `op` of a syntax tree with `fn` applied to each sub-pattern
    it holds (`av` itself where it holds none)."""
    P = parser
    if op is P.SUBPATTERN:
        return (*av[:3], fn(av[3]))
    if op is P.BRANCH:
        return (av[0], [fn(a) for a in av[1]])
    if op in REPEATS:
        return (av[0], av[1], fn(av[2]))
    if op is P.ASSERT or op is P.ASSERT_NOT:
        return (av[0], fn(av[1]))
    if op is ATOMIC:
        return fn(av)
    if op is P.GROUPREF_EXISTS:
        return (av[0], fn(av[1]), None if av[2] is None else fn(av[2]))
    return av
