"""Commands that read a finished store: open it read-only, run, close, report."""

from __future__ import annotations

import sys
from collections.abc import Callable

from .store import open_store

# The exit status of a command whose store cannot be used (see the README's table).
STORE_UNUSABLE = 3


def with_readonly_store(db: str, action: Callable[[object], int]) -> int:
    """Run `action(store)` on the store at `db`; a store that cannot be opened is exit status 3."""
    try:
        store = open_store(db, readonly=True)
    except Exception as exc:  # any reason the store cannot be read is reported the same way
        print(f"error: cannot open {db}: {exc}", file=sys.stderr)
        return STORE_UNUSABLE
    try:
        return action(store)
    finally:
        store.close()
