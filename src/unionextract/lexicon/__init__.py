"""Lexicons: data files in `lexicons/`, validated at load, errors naming file and entry.

Each YAML file has a header (`schema_version`, `description`, `provenance`) and `entries`,
a list validated by the Pydantic model of the module that uses it. Plain lists of
characters or words are `.txt` files, one item a line, `#` starting a comment.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)

LEXICON_SCHEMA_VERSION = 1


class LexiconError(ValueError):
    """A lexicon file that does not follow its schema."""


# libyaml's loader when present (the same safe constructor, several times faster), refusing a
# key given twice in one mapping: YAML would silently keep the last, losing the first.
class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=True) for key, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1}, key=str)
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {repeated[0]!r} given twice", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


class LexiconHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    description: str
    provenance: str
    entries: list


def lexicon_dir() -> Path:
    """Lexicons ship inside the wheel; in a source checkout they sit at the top level."""
    packaged = Path(__file__).resolve().parent.parent / "lexicons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "lexicons"


def _entry_lines(text: str) -> list[int]:
    """The line number of each list item under `entries:` (for error messages).

    Items are the lines that start with `- ` at the indentation of the first item.
    """
    lines, inside, indent = [], False, None
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("entries:"):
            inside = True
            continue
        if not inside or not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            break
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and indent in (None, len(line) - len(stripped)):
            indent = len(line) - len(stripped)
            lines.append(n)
    return lines


@functools.cache
def _load_raw(name: str) -> tuple[dict, tuple[int, ...]]:
    path = lexicon_dir() / name
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not YAML: {exc}") from exc
    try:
        header = LexiconHeader.model_validate(data)
    except ValidationError as exc:
        raise LexiconError(f"{path}: bad header: {exc}") from exc
    if header.schema_version != LEXICON_SCHEMA_VERSION:
        raise LexiconError(
            f"{path}: schema_version {header.schema_version}, expected {LEXICON_SCHEMA_VERSION}"
        )
    return data, tuple(_entry_lines(text))


def load_lexicon(name: str, model: type[M]) -> list[M]:
    """The entries of `lexicons/<name>`, each validated by `model`."""
    data, lines = _load_raw(name)
    out = []
    for k, item in enumerate(data["entries"]):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            where = f"line {lines[k]}" if k < len(lines) else f"entry {k}"
            raise LexiconError(f"{lexicon_dir() / name}:{where}: {exc}") from exc
    return out


@functools.cache
def load_text_list(name: str) -> tuple[str, ...]:
    """A one-item-a-line list; `#` starts a comment."""
    path = lexicon_dir() / name
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            items.append(line)
    return tuple(items)
