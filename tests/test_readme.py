"""The README's quickstart runs, and prints what its comments say it prints."""

from __future__ import annotations

import contextlib
import io
import re

from conftest import ROOT


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_quickstart_prints_what_it_promises():
    block = next(b for b in _python_blocks() if "import unionextract" in b)
    lines = block.splitlines()
    promised = [line[2:] for line in lines if line.startswith("# ") and "unionextract." not in line]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == promised
