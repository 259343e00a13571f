from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check what is found, never how fast: an example that happens to compile a
# pattern on first use (the grammar for text beyond plane 0) must not fail on a clock.
settings.register_profile("unionextract", deadline=None)
settings.load_profile("unionextract")

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SEEDS = sorted((CORPORA / "seeds").glob("*.txt"))
SHARED = ROOT.parent / "shared"


def read_raw(path: Path) -> str:
    """A document's raw text as the contract defines it."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def seed_results():
    from unionextract import extract_text

    return {p.name: (read_raw(p), extract_text(read_raw(p), doc=p.name)) for p in SEEDS}
