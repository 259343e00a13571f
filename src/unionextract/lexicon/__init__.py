"""Lexicons: data files in `lexicons/`, validated at load, errors naming file and entry.

Each YAML file has a header (`schema_version`, `description`, `provenance`) and `entries`,
a list validated by the Pydantic model of the module that uses it. Plain lists of
characters or words are `.txt` files, one item a line, `#` starting a comment.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)

LEXICON_SCHEMA_VERSION = 1


class LexiconError(ValueError):
    """A lexicon file that does not follow its schema."""


@functools.cache
def _strict_loader():
    """libyaml's loader when present (the same safe constructor, several times faster), refusing
    a key given twice in one mapping: YAML would silently keep the last, losing the first.

    Built on first use: `yaml` is only imported when a lexicon is not in the parsed cache."""
    import yaml

    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            if any(key.tag == _MERGE for key, _ in node.value):
                self._refuse_repeated(node)  # merged keys may be overridden: check written ones
                return super().construct_mapping(node, deep=deep)
            mapping = super().construct_mapping(node, deep=deep)
            if len(mapping) != len(node.value):  # fewer keys than pairs: one was given twice
                self._refuse_repeated(node)
            return mapping

        def _refuse_repeated(self, node) -> None:
            keys = [self.construct_object(key, deep=True) for key, _ in node.value]
            repeated = sorted({k for k in keys if keys.count(k) > 1}, key=str)
            if repeated:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {repeated[0]!r} given twice", node.start_mark
                )

    return StrictLoader


_MERGE = "tag:yaml.org,2002:merge"


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


def user_cache_dir() -> Path:
    """Where tables derived from data files are kept between processes."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "unionextract"


_PARSED_FORMAT = 1  # bump when what `_parse` returns changes


def _parsed_cache(name: str, text: str) -> Path:
    key = f"{name}|{_PARSED_FORMAT}|{sys.implementation.cache_tag}|{marshal.version}|{text}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return user_cache_dir() / f"lexicon-{Path(name).stem}-{digest}.marshal"


def _parse(path: Path, text: str):
    """The YAML document, from a cache keyed by the file's content when it is there.

    Parsing the YAML is most of a lexicon's load time; the parsed data (plain dicts, lists,
    strings and numbers) reads back from `marshal` in a fraction of it. A file whose data
    `marshal` cannot hold (dates, say) is simply parsed every time.
    """
    cache = _parsed_cache(path.name, text)
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, TypeError, EOFError):
        pass
    import yaml

    try:
        data = yaml.load(text, Loader=_strict_loader())
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not YAML: {exc}") from exc
    try:
        blob = marshal.dumps(data)
        # Written under a private name and renamed, so a concurrent reader never sees half.
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, cache)
    except (OSError, ValueError):
        pass  # not storable, or an unwritable cache directory: parsed again next time
    return data


@functools.cache
def _load_raw(name: str) -> tuple[dict, str]:
    """The validated document of `lexicons/<name>` and the file's text (for error lines)."""
    path = lexicon_dir() / name
    text = path.read_text(encoding="utf-8")
    data = _parse(path, text)
    try:
        header = LexiconHeader.model_validate(data)
    except ValidationError as exc:
        raise LexiconError(f"{path}: bad header: {exc}") from exc
    if header.schema_version != LEXICON_SCHEMA_VERSION:
        raise LexiconError(
            f"{path}: schema_version {header.schema_version}, expected {LEXICON_SCHEMA_VERSION}"
        )
    return data, text


def load_lexicon(name: str, model: type[M]) -> list[M]:
    """The entries of `lexicons/<name>`, each validated by `model`."""
    data, text = _load_raw(name)
    out = []
    for k, item in enumerate(data["entries"]):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            lines = _entry_lines(text)  # only needed to say where the bad entry is
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
