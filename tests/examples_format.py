"""Parser for the example corpus format shared by every rule family.

One example per line (UTF-8)::

    + 累计为{337名|kind=count value=337 unit=名}在档困难职工
    - 第七届职代会
    + 召开{两期|kind=count value=2}培训  @xfail: reason

``+`` lines are positives: the input sentence is the line with every ``{SPAN|k=v ...}`` mark replaced by
its SPAN, and each mark says what must be found at that span (only the keys given are checked; ``-`` as a
value means null). ``-`` lines are negatives: nothing of the family may be found. A trailing
``  @xfail: reason`` marks a known gap. ``#`` lines are comments, blank lines are ignored.
Inside a line, ``\\n`` stands for a line break, ``\\r`` for a carriage return, ``\\t`` for a tab and
``\\\\`` for a backslash (one example stays one line even when its text breaks); offsets count the
characters they stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

_XFAIL = "@xfail:"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    text: str
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    path: str
    line: int
    text: str
    marks: list[Mark]
    negative: bool
    xfail: str | None = None

    @property
    def id(self) -> str:
        return f"{Path(self.path).name}:{self.line}"


class ExampleFormatError(ValueError):
    pass


def _parse_attrs(body: str, where: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for token in body.split():
        key, sep, value = token.partition("=")
        if not sep or not key:
            raise ExampleFormatError(f"{where}: bad attribute {token!r} (want key=value)")
        attrs[key] = value
    return attrs


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1 : i + 2] in _ESCAPES:
            out.append(_ESCAPES[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def parse_line(body: str, where: str) -> tuple[str, list[Mark]]:
    """Strip ``{SPAN|attrs}`` marks from ``body``; return the plain text and the marks (plain offsets)."""
    out: list[str] = []
    marks: list[Mark] = []
    pos = 0
    length = 0
    while pos < len(body):
        ch = body[pos]
        if ch == "{":
            close = body.find("}", pos)
            bar = body.find("|", pos, close if close >= 0 else len(body))
            if close < 0 or bar < 0:
                raise ExampleFormatError(f"{where}: unterminated mark at column {pos + 1}")
            span = _unescape(body[pos + 1 : bar])
            if not span or "{" in span:
                raise ExampleFormatError(f"{where}: empty or nested mark at column {pos + 1}")
            attrs = _parse_attrs(body[bar + 1 : close], where)
            marks.append(Mark(length, length + len(span), span, attrs))
            out.append(span)
            length += len(span)
            pos = close + 1
        elif ch == "}":
            raise ExampleFormatError(f"{where}: stray '}}' at column {pos + 1}")
        elif ch == "\\" and body[pos + 1 : pos + 2] in _ESCAPES:
            out.append(_ESCAPES[body[pos + 1]])
            length += 1
            pos += 2
        else:
            out.append(ch)
            length += 1
            pos += 1
    return "".join(out), marks


def load_examples(path: str | Path) -> list[Example]:
    path = Path(path)
    examples: list[Example] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path.name}:{lineno}"
            xfail = None
            idx = line.find(_XFAIL)
            if idx >= 0:
                xfail = line[idx + len(_XFAIL) :].strip() or "known gap"
                line = line[:idx].rstrip()
            if line.startswith("+ "):
                negative = False
            elif line.startswith("- "):
                negative = True
            else:
                raise ExampleFormatError(f"{where}: line must start with '+ ', '- ' or '#'")
            text, marks = parse_line(line[2:], where)
            if negative and marks:
                raise ExampleFormatError(f"{where}: a negative example carries no marks")
            if not negative and not marks:
                raise ExampleFormatError(f"{where}: a positive example needs at least one mark")
            examples.append(Example(str(path), lineno, text, marks, negative, xfail))
    return examples


def seed_and_example_texts() -> list[str]:
    """The text of every seed report and of every example line of `corpora/examples`."""
    root = Path(__file__).resolve().parents[1] / "corpora"
    seeds = [p.read_bytes().decode("utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    examples = [ex.text for p in sorted((root / "examples").glob("*.txt")) for ex in load_examples(p)]
    return seeds + examples


def attr_value(value: str) -> str | None:
    """``-`` in a mark means null."""
    return None if value == "-" else value
